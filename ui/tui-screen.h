/* SPDX-License-Identifier: MIT */
/* The terminal under the full-screen interface: curses set-up and restore, signals through a
 * self-pipe and the crash handler. */
#ifndef AURELIS_TUI_SCREEN_H
#define AURELIS_TUI_SCREEN_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

typedef struct {
	bool alt_screen;     /* false: draw on the normal screen, keeping the scrollback */
	bool mouse;
	bool color;          /* false: attributes only */
	bool replay;         /* draw into /dev/null at replay_rows x replay_cols; no tty needed */
	int replay_rows, replay_cols;
} TuiScreenOptions;

/* Can a terminal be used at all?  false with err (AUR_ERR_USAGE) saying why. */
bool tui_screen_check(bool replay, AurError **err);
bool tui_screen_open(const TuiScreenOptions *o, AurError **err);
/* Restore the terminal; safe to call twice and when open failed. */
void tui_screen_close(void);

/* Readable when a signal (SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGCONT) arrived. */
int tui_screen_signal_fd(void);
/* The next signal that arrived, or 0. */
int tui_screen_next_signal(void);

/* Apply the terminal's current size (after SIGWINCH); returns true when it changed. */
bool tui_screen_resize(int *rows, int *cols);
/* Set a size explicitly (replay files). */
void tui_screen_set_size(int rows, int cols);

/* Leave curses for a child program that uses the terminal ($EDITOR), and come back. */
void tui_screen_suspend(void);
void tui_screen_resume(void);

/* Write straight to the terminal (escape sequences curses does not know). */
void tui_screen_raw(const char *seq);

#endif
