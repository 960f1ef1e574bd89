/* SPDX-License-Identifier: MIT */
/* Display width of UTF-8 text on a terminal, and making untrusted text safe to print. */
#include "autoconfig.h"

#include <string.h>

#include "textwidth.h"

/*
 * Widths follow GLib's Unicode tables (g_unichar_iswide, g_unichar_iszerowidth), which is
 * what terminals built on wcwidth() agree with for CJK and emoji.  Ambiguous-width
 * characters (box drawing, Greek in CJK fonts) count as narrow, as in a UTF-8 locale
 * outside East Asia.
 */

int
textwidth_char(gunichar c)
{
	if (c < 0x20 || (c >= 0x7f && c < 0xa0))
		return 0;
	if (g_unichar_iszerowidth(c))
		return 0;
	return g_unichar_iswide(c) ? 2 : 1;
}

int
textwidth_advance(int col, gunichar c)
{
	if (c == '\t')
		return (col / TEXTWIDTH_TABSTOP + 1) * TEXTWIDTH_TABSTOP;
	return col + textwidth_char(c);
}

int
textwidth_str(const char *s, gssize len)
{
	const char *end = len < 0 ? s + strlen(s) : s + len;
	int col = 0;
	for (const char *p = s; p < end; p = g_utf8_next_char(p))
		col = textwidth_advance(col, g_utf8_get_char(p));
	return col;
}

bool
textwidth_is_unsafe(gunichar c, bool allow_tab)
{
	if (c == '\t')
		return !allow_tab;
	if (c < 0x20 || (c >= 0x7f && c < 0xa0))
		return true;
	/* LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI ("Trojan Source"). */
	return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

char *
textwidth_sanitize(const char *s, gssize len, bool keep_tabs)
{
	if (len < 0)
		len = (gssize)strlen(s);
	g_autofree char *valid = g_utf8_make_valid(s, len);
	GString *out = g_string_sized_new((gsize)len + 8);
	for (const char *p = valid; *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c == '\t' && !keep_tabs)
			g_string_append_c(out, ' ');
		else if (textwidth_is_unsafe(c, keep_tabs))
			g_string_append(out, TEXTWIDTH_REPLACEMENT);
		else
			g_string_append_len(out, p, g_utf8_next_char(p) - p);
	}
	return g_string_free(out, FALSE);
}

int
textwidth_rows(const char *s, gssize len, int cols)
{
	if (cols < 1)
		cols = 1;
	const char *end = len < 0 ? s + strlen(s) : s + len;
	int rows = 1, col = 0;
	for (const char *p = s; p < end; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c == '\t') {
			/* A tab never wraps: it stops at the last column. */
			col = MIN(textwidth_advance(MIN(col, cols - 1), c), cols - 1);
			continue;
		}
		int w = textwidth_char(c);
		if (w > 0 && col + w > cols) {
			rows++;
			col = 0;
		}
		col += w;
	}
	return rows;
}

size_t
textwidth_complete_prefix(const char *s, size_t len)
{
	/* Find the lead byte of the last sequence among the final four bytes. */
	size_t i = len;
	for (size_t back = 0; back < 4 && i > 0; back++) {
		i--;
		unsigned char b = (unsigned char)s[i];
		if ((b & 0xc0) == 0x80)
			continue;
		size_t need = b < 0x80 ? 1 : (b & 0xe0) == 0xc0 ? 2 : (b & 0xf0) == 0xe0 ? 3
			    : (b & 0xf8) == 0xf0 ? 4 : 1;
		return len - i < need ? i : len;
	}
	return len;
}
