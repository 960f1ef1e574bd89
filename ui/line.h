/* SPDX-License-Identifier: MIT */
/* The line-mode shell: readline on a terminal, plain lines for scripts (no readline types
 * here, so the core can start it). */
#ifndef AURELIS_LINE_H
#define AURELIS_LINE_H

#include <stdbool.h>

#include "config.h"
#include "session.h"

typedef struct {
	const AurConfig *cfg;
	Session *session;   /* taken */
	const char *model;  /* --model; may be NULL */
	bool show_recent;   /* a resumed session: show its last turns first */
	const char *note;   /* a first status line ("new session x"); may be NULL */
	bool no_cache;      /* --no-cache */
} LineOptions;

/* Run until /quit, Ctrl-D or the end of standard input.  Interactive (readline, rendered
 * answers) when standard input and output are terminals; otherwise lines and commands are
 * read from standard input, answers are printed as they arrive, and the shell leaves at
 * the end of input.  Returns the exit status: in plain mode that of the last failure (130
 * after Ctrl-C), else 0 (128 + the signal after SIGTERM or SIGHUP). */
int line_run(const LineOptions *o);

/* Why the full-screen interface cannot run here ("TERM is dumb"), or NULL when it can:
 * not a terminal, TERM unset or dumb, or smaller than cols x rows. */
const char *line_why_not_full_screen(int min_cols, int min_rows);

#endif
