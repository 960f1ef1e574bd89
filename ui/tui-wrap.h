/* SPDX-License-Identifier: MIT */
/* Word wrapping by terminal columns, for text the interface lays out itself (no curses). */
#ifndef AURELIS_TUI_WRAP_H
#define AURELIS_TUI_WRAP_H

#include <stddef.h>

/* Called for each row: bytes [off, off + len) of the text, taking cols columns. */
typedef void (*TuiWrapFn)(size_t off, size_t len, int cols, void *data);

/* Wrap one line of valid UTF-8 (no newlines) to width columns: break after spaces where
 * possible, inside a word when it is longer than a row, never inside a character.  Spaces
 * at a break are dropped.  An empty line gives one empty row.  Returns the rows made. */
int tui_wrap(const char *s, size_t len, int width, TuiWrapFn fn, void *data);

/* Sanitise a piece of a message for display: valid UTF-8 (invalid bytes become U+FFFD),
 * newlines and tabs kept, carriage returns dropped, other control characters replaced.
 * Appends to out (a GString *). */
void tui_wrap_sanitize(void *out, const char *s, size_t len);

#endif
