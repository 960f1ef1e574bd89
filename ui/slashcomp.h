/* SPDX-License-Identifier: MIT */
/* Readline completion of a line from the slash-command table, for both interactive faces. */
#ifndef AURELIS_SLASHCOMP_H
#define AURELIS_SLASHCOMP_H

#include "convo.h"

/* For rl_attempted_completion_function: the matches for the word text (at start..end of
 * rl_line_buffer) from commands_complete(); a lone directory is completed into, not past.
 * The candidates live until the next call or slashcomp_clear(). */
char **slashcomp_attempt(Convo *cv, const char *text, int start, int end);
void slashcomp_clear(void);

#endif
