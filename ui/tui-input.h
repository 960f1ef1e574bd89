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
/* Ask for a line of text in the input line (its prompt becomes prompt): a file name with
 * files (Tab completes paths) or any text.  The user's draft is kept and comes back after.
 * fn gets the answer, or NULL when the question was cancelled (Esc, C-c, C-d, the focus
 * moving away, another question).  data is freed with free_data after fn ran. */
typedef void (*TuiTextFn)(TuiApp *app, const char *answer, void *data);
void tui_input_ask(TuiApp *app, const char *prompt, const char *initial, bool files,
		   TuiTextFn fn, void *data, GDestroyNotify free_data);
bool tui_input_asking(TuiApp *app);
void tui_input_ask_cancel(TuiApp *app);
/* Replace the input line's text (the palette puts "/theme " there). */
void tui_input_set_text(TuiApp *app, const char *text);
/* Run $VISUAL or $EDITOR on path with the screen handed over, and take it back. */
bool tui_input_run_editor(TuiApp *app, const char *path, AurError **err);
/* Write the history file (at exit). */
void tui_input_save_history(TuiApp *app);

#endif
