/* SPDX-License-Identifier: MIT */
/* Display width of UTF-8 text on a terminal, and making untrusted text safe to print. */
#ifndef AURELIS_TEXTWIDTH_H
#define AURELIS_TEXTWIDTH_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

#define TEXTWIDTH_TABSTOP 8
#define TEXTWIDTH_REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */

/* Columns one character takes: 0 for combining marks and other zero-width characters, 2 for
 * East Asian wide characters and emoji, otherwise 1.  Control characters count 0 (the
 * sanitizer replaces them before anything is measured). */
int textwidth_char(gunichar c);

/* Columns of valid UTF-8 text that starts at column 0 (tabs advance to the next tab stop).
 * len -1 means NUL-terminated. */
int textwidth_str(const char *s, gssize len);

/* The column reached after printing c at column col (tabs included). */
int textwidth_advance(int col, gunichar c);

/* True for characters that must never reach a terminal as they are: C0 and C1 controls
 * (except tab when tabs are allowed), DEL, and the bidirectional embedding, override and
 * isolate controls that can make code read differently from what it is. */
bool textwidth_is_unsafe(gunichar c, bool allow_tab);

/* Valid UTF-8 copy of s in which invalid bytes and unsafe characters are replaced by U+FFFD;
 * with keep_tabs false tabs become spaces.  Caller frees. */
char *textwidth_sanitize(const char *s, gssize len, bool keep_tabs);

/* Rows a line takes on a terminal cols wide, wrapping as terminals do: a wide character that
 * does not fit in the last column moves to the next row.  At least 1. */
int textwidth_rows(const char *s, gssize len, int cols);

/* Length of the longest prefix of s[0..len) that does not stop inside a UTF-8 sequence (a
 * chunk boundary may fall in the middle of a character). */
size_t textwidth_complete_prefix(const char *s, size_t len);

#endif
