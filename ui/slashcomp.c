/* SPDX-License-Identifier: MIT */
/* Readline completion from the slash-command table. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "provide-readline.h"
#include "slashcomp.h"

/* Readline asks for the matches one at a time; they are computed once per attempt. */
static GPtrArray *cands;
static guint next;

static char *
generate(const char *text, int state)
{
	(void)text; /* commands_complete already matched it */
	if (state == 0)
		next = 0;
	if (cands == NULL || next >= cands->len)
		return NULL;
	return strdup(cands->pdata[next++]);
}

char **
slashcomp_attempt(Convo *cv, const char *text, int start, int end)
{
	slashcomp_clear();
	g_autofree char *upto = g_strndup(rl_line_buffer, (gsize)end);
	cands = commands_complete(cv, upto, (size_t)start);
	if (cands->len == 1 && g_str_has_suffix(cands->pdata[0], "/"))
		rl_completion_append_character = '\0';
	return rl_completion_matches(text, generate);
}

void
slashcomp_clear(void)
{
	g_clear_pointer(&cands, g_ptr_array_unref);
}
