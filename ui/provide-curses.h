/* SPDX-License-Identifier: MIT */
/* The one place that includes curses: wide-character ncurses with its extensions. */
#ifndef AURELIS_PROVIDE_CURSES_H
#define AURELIS_PROVIDE_CURSES_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <ncursesw/curses.h>
/* terminfo's term.h defines a macro for every capability name (lines, columns, ...), so
 * only a file that asks for it gets it. */
#ifdef AURELIS_WANT_TERMINFO
#include <ncursesw/term.h>
#endif

#endif
