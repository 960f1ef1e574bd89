/* SPDX-License-Identifier: MIT */
/* A small terminal model for tests: interprets what the renderer writes to a terminal. */
#ifndef AURELIS_TEST_SCREEN_H
#define AURELIS_TEST_SCREEN_H

#include <glib.h>
#include <string.h>

#include "textwidth.h"

/*
 * Enough of an xterm to check live rendering: printable text with wide and combining
 * characters, auto-wrap with the pending-wrap column, tabs, CR, LF (with the tty's usual
 * CR before it), scrolling into a history, and the only sequences the renderer may use:
 * SGR, cursor up, down and forward, and erase-line.  Anything else is recorded as an error, and so is
 * an attempt to move above the top of the screen (the rows there are gone).
 */

typedef struct {
	int cols, rows;
	char ***cells;      /* rows x cols; NULL empty, "" right half of a wide character */
	GPtrArray *history; /* char *: rows scrolled off the top */
	int cx, cy;         /* cx == cols: the wrap is pending */
	int lr, lc;         /* the cell the last character went to, for combining marks */
	int max_up;
	GString *errors;
} Screen;

static inline Screen *
screen_new(int cols, int rows)
{
	Screen *s = g_new0(Screen, 1);
	s->cols = cols;
	s->rows = rows;
	s->cells = g_new0(char **, rows);
	for (int r = 0; r < rows; r++)
		s->cells[r] = g_new0(char *, cols);
	s->history = g_ptr_array_new_with_free_func(g_free);
	s->errors = g_string_new(NULL);
	s->lr = -1;
	return s;
}

static inline char *
screen_row_text(Screen *s, char **row)
{
	GString *t = g_string_new(NULL);
	for (int c = 0; c < s->cols; c++) {
		if (row[c] == NULL)
			g_string_append_c(t, ' ');
		else
			g_string_append(t, row[c]);
	}
	while (t->len > 0 && t->str[t->len - 1] == ' ')
		g_string_truncate(t, t->len - 1);
	return g_string_free(t, FALSE);
}

static inline void
screen_clear_row(Screen *s, char **row, int from)
{
	for (int c = from; c < s->cols; c++)
		g_clear_pointer(&row[c], g_free);
}

static inline void
screen_free(Screen *s)
{
	for (int r = 0; r < s->rows; r++) {
		screen_clear_row(s, s->cells[r], 0);
		g_free(s->cells[r]);
	}
	g_free(s->cells);
	g_ptr_array_unref(s->history);
	g_string_free(s->errors, TRUE);
	g_free(s);
}

static inline void
screen_linefeed(Screen *s)
{
	s->cx = 0;
	if (s->cy < s->rows - 1) {
		s->cy++;
		return;
	}
	g_ptr_array_add(s->history, screen_row_text(s, s->cells[0]));
	char **top = s->cells[0];
	screen_clear_row(s, top, 0);
	memmove(s->cells, s->cells + 1, sizeof(char **) * (size_t)(s->rows - 1));
	s->cells[s->rows - 1] = top;
	if (s->lr >= 0)
		s->lr--;
}

static inline void
screen_put(Screen *s, const char *ch, int len, gunichar c)
{
	int w = textwidth_char(c);
	if (w == 0) {
		/* Combining marks and joiners join the character before them. */
		if (s->lr >= 0 && s->cells[s->lr][s->lc] != NULL) {
			char *joined = g_strdup_printf("%s%.*s", s->cells[s->lr][s->lc], len, ch);
			g_free(s->cells[s->lr][s->lc]);
			s->cells[s->lr][s->lc] = joined;
		}
		return;
	}
	if (s->cx + w > s->cols)
		screen_linefeed(s);
	if (w > s->cols) /* a wide character on a one-column screen */
		w = s->cols;
	g_free(s->cells[s->cy][s->cx]);
	s->cells[s->cy][s->cx] = g_strndup(ch, (gsize)len);
	if (w == 2) {
		g_free(s->cells[s->cy][s->cx + 1]);
		s->cells[s->cy][s->cx + 1] = g_strdup("");
	}
	s->lr = s->cy;
	s->lc = s->cx;
	s->cx += w;
}

static inline int
screen_csi(Screen *s, const char *p, const char *end)
{
	const char *q = p;
	int n = 0;
	bool have = false;
	/* Only cursor movement needs its (single) parameter; SGR lists are skipped. */
	while (q < end && (g_ascii_isdigit(*q) || *q == ';')) {
		if (*q == ';')
			n = 0;
		else if (n < 100000)
			n = n * 10 + (*q - '0');
		have = have || g_ascii_isdigit(*q);
		q++;
	}
	if (q >= end) {
		g_string_append(s->errors, "truncated CSI; ");
		return (int)(end - p);
	}
	char f = *q;
	if (!have)
		n = f == 'm' || f == 'K' ? 0 : 1;
	if (f == 'A') {
		s->max_up = MAX(s->max_up, n);
		if (s->cy - n < 0)
			g_string_append_printf(s->errors, "cursor up %d from row %d; ", n, s->cy);
		s->cy = MAX(s->cy - n, 0);
		s->cx = MIN(s->cx, s->cols - 1);
	} else if (f == 'B') {
		s->cy = MIN(s->cy + n, s->rows - 1);
		s->cx = MIN(s->cx, s->cols - 1);
	} else if (f == 'C') {
		s->cx = MIN(s->cx + n, s->cols - 1);
	} else if (f == 'K' && n == 0) {
		screen_clear_row(s, s->cells[s->cy], MIN(s->cx, s->cols));
	} else if (f != 'm') {
		g_string_append_printf(s->errors, "unexpected sequence CSI %.*s; ", (int)(q - p + 1), p);
	}
	return (int)(q - p + 1);
}

static inline void
screen_feed(Screen *s, const char *data, size_t len)
{
	const char *end = data + len;
	for (const char *p = data; p < end;) {
		unsigned char b = (unsigned char)*p;
		if (b == 0x1b) {
			if (p + 1 < end && p[1] == '[') {
				p += 2 + screen_csi(s, p + 2, end);
			} else {
				g_string_append(s->errors, "ESC not followed by [; ");
				p++;
			}
		} else if (b == '\r') {
			s->cx = 0;
			p++;
		} else if (b == '\n') {
			screen_linefeed(s);
			p++;
		} else if (b == '\t') {
			s->cx = MIN(textwidth_advance(MIN(s->cx, s->cols - 1), '\t'), s->cols - 1);
			p++;
		} else if (b < 0x20 || b == 0x7f) {
			g_string_append_printf(s->errors, "control byte 0x%02x; ", b);
			p++;
		} else {
			const char *next = g_utf8_find_next_char(p, end);
			if (next == NULL)
				next = end;
			gunichar c = g_utf8_get_char_validated(p, next - p);
			if (c == (gunichar)-1 || c == (gunichar)-2) {
				g_string_append(s->errors, "invalid UTF-8; ");
				c = 0xfffd;
			} else if ((c >= 0x80 && c < 0xa0)) {
				g_string_append(s->errors, "C1 control; ");
			}
			screen_put(s, p, (int)(next - p), c);
			p = next;
		}
	}
}

/* History and screen, one line per row, trailing blanks and empty rows dropped.  Caller
 * frees. */
static inline char *
screen_text(Screen *s)
{
	GString *t = g_string_new(NULL);
	for (guint i = 0; i < s->history->len; i++) {
		g_string_append(t, s->history->pdata[i]);
		g_string_append_c(t, '\n');
	}
	for (int r = 0; r < s->rows; r++) {
		char *row = screen_row_text(s, s->cells[r]);
		g_string_append(t, row);
		g_string_append_c(t, '\n');
		g_free(row);
	}
	while (t->len > 0 && t->str[t->len - 1] == '\n')
		g_string_truncate(t, t->len - 1);
	if (t->len > 0)
		g_string_append_c(t, '\n');
	return g_string_free(t, FALSE);
}

#endif
