/* SPDX-License-Identifier: MIT */
/* Questions in the status bar with one-key answers ("Replace notes.txt? y yes · n no"): the
 * interface's own confirmations, since curses owns the terminal and /dev/tty prompts
 * cannot be used. */
#ifndef AURELIS_TUI_ASK_H
#define AURELIS_TUI_ASK_H

#include "tui-app.h"

typedef struct {
	char key;           /* the answer's key (a printable ASCII character) */
	const char *label;
} TuiChoice;

/* Called once with the index of the choice, or -1 when the question was cancelled (Esc,
 * C-c, C-g, another question, leaving). */
typedef void (*TuiAnswerFn)(TuiApp *app, int choice, void *data);

/* Ask question with n choices; Enter answers dflt (-1: Enter does nothing).  data is freed
 * with free_data after fn ran.  A question already open is cancelled first. */
void tui_ask(TuiApp *app, const char *question, const TuiChoice *choices, int n, int dflt,
	     TuiAnswerFn fn, void *data, GDestroyNotify free_data);
/* A key while a question is open; true when it was taken (every key is, but C-q, which
 * cancels the question and leaves). */
bool tui_ask_key(TuiApp *app, KeyCode key);
/* Draw the question over the status bar window w (width columns). */
void tui_ask_draw(TuiApp *app, WINDOW *w, int width);
/* Is a question open that answers to fn? */
bool tui_ask_is(TuiApp *app, TuiAnswerFn fn);
/* Cancel the open question (fn gets -1). */
void tui_ask_cancel(TuiApp *app);
/* At exit: drop the question without calling back. */
void tui_ask_free(TuiApp *app);

/* tui.c: ask and wait for the answer (a modal key loop: the screen is redrawn, job events
 * wait in their queue).  Returns the choice, or -1 when it was cancelled or cannot be
 * asked (a replay, the terminal went away). */
int tui_ask_modal(TuiApp *app, const char *question, const TuiChoice *choices, int n,
		  int dflt);

#endif
