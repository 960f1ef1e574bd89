/* SPDX-License-Identifier: MIT */
/* The full-screen interface as the core sees it: run it, and hand it the jobs it starts.
 * No curses or readline types here. */
#ifndef AURELIS_TUI_H
#define AURELIS_TUI_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "cli.h"
#include "error.h"
#include "session.h"

typedef struct {
	/* The session the conversation continues (taken, even when tui_run() fails): its
	 * turns are shown at start and every answer is recorded in it. */
	Session *session;
	const char *model;  /* --model: the first choice until /model or a picker; may be NULL */
	const char *note;   /* shown in the conversation first ("new session x"); may be NULL */
} TuiOptions;

/* The interface could not start; the caller may fall back to line mode. */
#define TUI_UNSUPPORTED (-1)

/* Run the full-screen interface until the user leaves.  Returns an exit status, or
 * TUI_UNSUPPORTED with err when this terminal cannot host it (not a terminal, TERM unknown
 * or dumb, smaller than 40x10). */
int tui_run(AurContext *ctx, const TuiOptions *opts, AurError **err);

/* Would tui_run() start here?  false with err saying why not. */
bool tui_supported(AurError **err);

#endif
