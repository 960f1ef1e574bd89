/* SPDX-License-Identifier: MIT */
/* Terminal descriptions looked up in terminfo without taking over a terminal. */
#include "autoconfig.h"

#include <stddef.h>
#include <unistd.h>

#define AURELIS_WANT_TERMINFO 1 /* setupterm(), tigetnum() */
#include "provide-curses.h"

#include "ui-term.h"

int
ui_term_colors(const char *term)
{
	if (term == NULL || *term == '\0')
		return -1;
	int errret = 0;
	/* errret non-NULL: report instead of printing and exiting.  The fd is only asked for a
	 * size; nothing is written to it. */
	TERMINAL *saved = cur_term;
	if (setupterm(term, STDERR_FILENO, &errret) != OK || errret != 1) {
		set_curterm(saved);
		return -1;
	}
	int n = tigetnum("colors");
	TERMINAL *mine = cur_term;
	set_curterm(saved);
	del_curterm(mine);
	return n < 0 ? 0 : n;
}
