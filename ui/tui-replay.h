/* SPDX-License-Identifier: MIT */
/* Replay mode: keys from a file instead of the terminal, and the screen written to a file,
 * for exact snapshot tests (AURELIS_TUI_REPLAY=keys.txt AURELIS_TUI_DUMP=screen.txt). */
#ifndef AURELIS_TUI_REPLAY_H
#define AURELIS_TUI_REPLAY_H

#include "tui-app.h"

/*
 * The keys file has one step per line ('#' starts a comment):
 *   key KEYS        keys in the ui.keys syntax ("C-x C-e", "Enter", "M-z")
 *   type TEXT       the characters of TEXT, one key each
 *   paste TEXT      TEXT as a bracketed paste; \n in it is a newline
 *   wait            until no job runs (at most 10 s)
 *   sleep MS
 *   resize COLSxROWS
 *   click ROW COL   a mouse click on the screen cell (0-based), as ui.mouse delivers it
 *   wheel up|down ROW COL
 *   dump [LABEL]    append the screen to the dump file
 * At the end the screen is dumped once more (label "end") and the interface quits.
 */
typedef struct TuiReplay TuiReplay;

/* NULL with err when the file cannot be read or has a bad line (file:line in the message). */
TuiReplay *tui_replay_open(const char *keys_path, const char *dump_path, AurError **err);
void tui_replay_free(TuiReplay *r);
/* Run the steps that are due.  Returns the milliseconds until it wants to run again (0 for
 * at once, -1 when the file is done). */
int tui_replay_run(TuiReplay *r, TuiApp *app);
/* Size for the screen: AURELIS_TUI_SIZE=COLSxROWS, default 80x24. */
void tui_replay_size(int *rows, int *cols);
/* Append the current screen to path (or the replay's dump file) under a label. */
bool tui_replay_dump_screen(const char *path, const char *label, AurError **err);

#endif
