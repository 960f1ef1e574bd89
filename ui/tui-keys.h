/* SPDX-License-Identifier: MIT */
/* Keys from curses, translated into the KeyCode of src/keymap.h. */
#ifndef AURELIS_TUI_KEYS_H
#define AURELIS_TUI_KEYS_H

#include <stdbool.h>

#include "keymap.h"

typedef enum {
	TUI_IN_KEY,
	TUI_IN_PASTE_BEGIN,
	TUI_IN_PASTE_END,
	TUI_IN_RESIZE,
	TUI_IN_MOUSE,
} TuiInputKind;

typedef struct {
	TuiInputKind kind;
	KeyCode key;
	int mouse_y, mouse_x;
	int wheel;        /* -1 up, +1 down, 0 a click (button 1 pressed) */
} TuiInput;

/* Learn the terminal's codes for modified arrows and the like; after the screen is open. */
void tui_keys_init(void);
/* The next input waiting on the terminal, without blocking; false when there is none.
 * Esc followed at once by another key is read as Meta (M-x). */
bool tui_keys_read(TuiInput *in);
/* The bytes readline expects for key, or NULL when it is not a byte sequence (Up, F1). */
const char *tui_keys_bytes(KeyCode key, char buf[8]);

#endif
