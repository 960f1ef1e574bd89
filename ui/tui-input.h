/* SPDX-License-Identifier: MIT */
/* The input line: GNU readline driven from the main loop inside curses, with history,
 * completion of slash commands, multi-line input, paste and $EDITOR. */
#ifndef AURELIS_TUI_INPUT_H
#define AURELIS_TUI_INPUT_H

#include "tui-app.h"

extern const TuiPaneOps tui_input_ops;
/* Set readline up and read the history file. */
void tui_input_init(TuiPane *p);
/* Give a key that no binding took to readline. */
void tui_input_feed(TuiApp *app, KeyCode key);
/* Insert pasted text as it is (newlines included). */
void tui_input_paste(TuiApp *app, const char *text, size_t len);
/* Rows the input needs at width columns. */
int tui_input_rows(TuiApp *app, int width);
bool tui_input_is_empty(TuiApp *app);
void tui_input_clear(TuiApp *app);
/* Put the terminal cursor where readline's point is (after the input window is drawn). */
void tui_input_place_cursor(TuiApp *app);
/* Write the history file (at exit). */
void tui_input_save_history(TuiApp *app);

#endif
