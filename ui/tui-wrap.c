/* SPDX-License-Identifier: MIT */
/* Word wrapping by terminal columns and display sanitising of message text. */
#include "autoconfig.h"

#include <string.h>

#include <glib.h>

#include "textwidth.h"
#include "tui-wrap.h"

static bool
is_space(gunichar c)
{
	return c == ' ' || c == '\t';
}

/* Where the row starting at start ends: *brk_out is the break (== *end_out for a hard
 * break or the end of the text), *cols_out its width. */
static void
fill_row(const char *s, size_t len, size_t start, int width, size_t *brk_out, int *cols_out)
{
	int col = 0, brk_cols = 0;
	size_t p = start, brk = start;
	bool prev_space = false;
	while (p < len) {
		gunichar c = g_utf8_get_char(s + p);
		int next_col = textwidth_advance(col, c);
		if (next_col > width && col > 0) {
			if (is_space(c) && !prev_space) {
				brk = p;
				brk_cols = col;
			}
			if (brk > start) {
				*brk_out = brk;
				*cols_out = brk_cols;
			} else {
				*brk_out = p; /* a word longer than the row */
				*cols_out = col;
			}
			return;
		}
		if (is_space(c) && !prev_space) {
			brk = p;
			brk_cols = col;
		}
		prev_space = is_space(c);
		col = next_col;
		p = (size_t)(g_utf8_next_char(s + p) - s);
	}
	*brk_out = len;
	*cols_out = col;
}

int
tui_wrap(const char *s, size_t len, int width, TuiWrapFn fn, void *data)
{
	if (width < 1)
		width = 1;
	int rows = 0;
	size_t start = 0;
	do {
		size_t brk;
		int cols;
		fill_row(s, len, start, width, &brk, &cols);
		fn(start, brk - start, cols, data);
		rows++;
		start = brk;
		/* Spaces at a break belong to neither row. */
		while (start < len && is_space((gunichar)s[start]))
			start++;
	} while (start < len);
	return rows;
}

void
tui_wrap_sanitize(void *out, const char *s, size_t len)
{
	GString *o = out;
	const char *end = s + len, *p = s;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		/* Tabs are kept; carriage returns of CRLF text vanish. */
		g_autoptr(GString) piece = g_string_sized_new((gsize)(stop - p));
		for (const char *c = p; c < stop; c++)
			if (*c != '\r')
				g_string_append_c(piece, *c);
		g_autofree char *clean = textwidth_sanitize(piece->str, (gssize)piece->len, TRUE);
		g_string_append(o, clean);
		if (nl == NULL)
			break;
		g_string_append_c(o, '\n');
		p = nl + 1;
	}
}
