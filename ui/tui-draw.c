/* SPDX-License-Identifier: MIT */
/* Drawing text on curses windows, measured in terminal columns. */
#include "autoconfig.h"

#include <string.h>

#include "textwidth.h"
#include "tui-app.h"

/*
 * Text reaching these functions is valid UTF-8 without control characters other than tabs
 * (messages are sanitised as they arrive).  Widths come from textwidth_char(), the same
 * measure the layout used, so a line never overflows the columns it was laid out for: a
 * wide character that would straddle the edge is left out instead.
 */

int
tui_text_cols(const char *s, size_t len)
{
	int col = 0;
	for (const char *p = s, *end = s + len; p < end; p = g_utf8_next_char(p))
		col = textwidth_advance(col, g_utf8_get_char(p));
	return col;
}

/* Draw a run of characters with a known total width in one call. */
static void
put_run(WINDOW *w, const char *s, size_t len)
{
	if (len > 0)
		waddnstr(w, s, (int)len);
}

int
tui_draw_text(WINDOW *w, int y, int x, int maxcols, const char *s, size_t len)
{
	if (maxcols <= 0)
		return 0;
	wmove(w, y, x);
	int col = 0;
	const char *run = s, *p = s, *end = s + len;
	while (p < end) {
		gunichar c = g_utf8_get_char(p);
		const char *next = g_utf8_next_char(p);
		if (c == '\t') {
			put_run(w, run, (size_t)(p - run));
			int to = MIN(textwidth_advance(col, c), maxcols);
			for (; col < to; col++)
				waddch(w, ' ');
			run = next;
		} else {
			int cw = textwidth_char(c);
			if (col + cw > maxcols)
				break;
			col += cw;
		}
		if (col >= maxcols) {
			p = next;
			break;
		}
		p = next;
	}
	put_run(w, run, (size_t)(MIN(p, end) - run));
	return col;
}

void
tui_draw_clear_eol(WINDOW *w, int y, int x)
{
	int maxx = getmaxx(w);
	if (x >= maxx)
		return;
	wmove(w, y, x);
	/* Spaces in the current attributes (wclrtoeol would use the background). */
	for (int i = x; i < maxx; i++)
		waddch(w, ' ');
}

void
tui_draw_border(TuiPane *p)
{
	if (!p->border_left)
		return;
	tui_style(p->win, ELEM_PANE_BORDER);
	for (int y = 0; y < p->h; y++)
		mvwaddstr(p->win, y, 0, "\xe2\x94\x82"); /* │ */
}

void
tui_draw_title(TuiPane *p, const char *title, const char *extra)
{
	WINDOW *w = p->win;
	bool focus = p->app->focus == p->id;
	int x0 = p->border_left ? 1 : 0;
	int width = p->w - x0;
	tui_style(w, focus ? ELEM_PANE_BORDER_FOCUS : ELEM_PANE_BORDER);
	wmove(w, 0, x0);
	for (int i = 0; i < width; i++)
		waddstr(w, "\xe2\x94\x80"); /* ─ */
	if (width < 6)
		return;
	/* The title matters more: the extra text goes when both do not fit. */
	int tcols = tui_text_cols(title, strlen(title));
	int ecols = extra ? tui_text_cols(extra, strlen(extra)) : 0;
	if (tcols + ecols + 9 > width)
		ecols = 0;
	tui_style(w, focus ? ELEM_PANE_BORDER_FOCUS : ELEM_PANE_TITLE);
	mvwaddstr(w, 0, x0 + 1, " ");
	int used = tui_draw_text(w, 0, x0 + 2, width - 4 - (ecols ? ecols + 3 : 0), title,
				 strlen(title));
	waddstr(w, " ");
	(void)used;
	if (ecols > 0) {
		tui_style(w, ELEM_DIM);
		mvwaddstr(w, 0, x0 + width - ecols - 3, " ");
		tui_draw_text(w, 0, x0 + width - ecols - 2, ecols, extra, strlen(extra));
		waddstr(w, " ");
	}
}

void
tui_draw_frame(WINDOW *win, int h, int w)
{
	for (int x = 1; x < w - 1; x++) {
		mvwaddstr(win, 0, x, "\xe2\x94\x80");
		mvwaddstr(win, h - 1, x, "\xe2\x94\x80");
	}
	for (int y = 1; y < h - 1; y++) {
		mvwaddstr(win, y, 0, "\xe2\x94\x82");
		mvwaddstr(win, y, w - 1, "\xe2\x94\x82");
	}
	mvwaddstr(win, 0, 0, "\xe2\x94\x8c");
	mvwaddstr(win, 0, w - 1, "\xe2\x94\x90");
	mvwaddstr(win, h - 1, 0, "\xe2\x94\x94");
	/* The bottom-right cell last: curses would scroll a full window past it. */
	mvwins_nwstr(win, h - 1, w - 1, L"\u2518", 1);
}
