/* SPDX-License-Identifier: MIT */
/* Rendered lines on a plain terminal or a pipe: SGR colours from the theme, or plain text. */
#include "autoconfig.h"

#include <string.h>

#include "render-ansi.h"
#include "textwidth.h"

/*
 * The live region is the preview of the block being written, drawn below everything
 * committed.  To update it the cursor goes back up over the rows the old preview took (never
 * further: committed lines above are left alone and may already be in the scrollback),
 * erases those rows and draws again, starting at the first line that changed.  Lines that
 * are already right stay: a block committed exactly as its preview showed it is not drawn
 * again, and a last line that only grew gets just its new text, written after the old.  A
 * preview taller than the screen shows its last rows under a "more lines" marker, because
 * rows that scrolled away cannot be reached again.
 */

typedef struct {
	FILE *out;
	RenderAnsiOptions a;
	GPtrArray *shown;    /* char *: the preview lines on screen, as written */
	GArray *shown_rows;  /* int: rows each takes */
	int shown_total;
	int shown_cols;      /* columns of the last preview line */
	GString *buf;
} AnsiSink;

static bool
style_equal(const ThemeStyle *x, const ThemeStyle *y)
{
	return x->attrs == y->attrs && x->fg.kind == y->fg.kind && x->fg.index == y->fg.index &&
	       x->fg.rgb == y->fg.rgb && x->bg.kind == y->bg.kind && x->bg.index == y->bg.index &&
	       x->bg.rgb == y->bg.rgb;
}

static bool
style_visible(const ThemeStyle *s, ThemeDepth depth)
{
	return s->attrs != 0 || theme_color_index(s->fg, depth) >= 0 ||
	       theme_color_index(s->bg, depth) >= 0;
}

/* Spaces show only a background and underline, reverse or strike: between two styles that
 * agree on those they need no change of style (code has a space between most tokens). */
static bool
same_for_spaces(const ThemeStyle *x, const ThemeStyle *y, const GString *piece,
		ThemeDepth depth)
{
	const guint8 shown = THEME_UNDERLINE | THEME_REVERSE | THEME_STRIKE;
	for (const char *p = piece->str; *p; p++)
		if (*p != ' ' && *p != '\t')
			return false;
	return (x->attrs & shown) == (y->attrs & shown) &&
	       theme_color_index(x->bg, depth) == theme_color_index(y->bg, depth);
}

/* The part of a span's text in columns [from, to), given the column it starts at; zero-width
 * characters go with the character before them. */
static void
span_cut(GString *piece, const char *text, int col, int from, int to)
{
	bool in = false;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		int next = textwidth_advance(col, c);
		if (next > col || c == '\t')
			in = col >= from && col < to;
		if (in)
			g_string_append_len(piece, p, g_utf8_next_char(p) - p);
		col = next;
	}
}

/* Columns [from, to) of a line, styled; a style change is written where a span starts or,
 * for the first span, where the range starts, so any range is correct on its own. */
static void
ansi_range(GString *out, const RenderLine *line, const RenderAnsiOptions *a, int from, int to)
{
	ThemeStyle cur = { 0 };
	bool styled = false;
	int col = 0;
	g_autoptr(GString) piece = g_string_new(NULL);
	for (guint i = 0; i < line->spans->len && col < to; i++) {
		const RenderSpan *s = &g_array_index(line->spans, RenderSpan, i);
		g_string_truncate(piece, 0);
		span_cut(piece, s->text, col, from, to);
		col += s->cols;
		if (piece->len == 0)
			continue;
		if (a->theme != NULL) {
			guint8 stack[RENDER_STACK + 1];
			memcpy(stack, s->elems, RENDER_STACK);
			stack[RENDER_STACK] = a->base;
			ThemeStyle st = theme_resolve(a->theme, stack, G_N_ELEMENTS(stack));
			if (!style_equal(&st, &cur) && !same_for_spaces(&st, &cur, piece, a->depth)) {
				if (style_visible(&st, a->depth))
					theme_sgr_append(out, &st, a->depth);
				else if (styled)
					g_string_append(out, "\033[0m");
				styled = style_visible(&st, a->depth);
				cur = st;
			}
		}
		g_string_append_len(out, piece->str, (gssize)piece->len);
	}
	if (styled)
		g_string_append(out, "\033[0m");
}

void
render_ansi_line(GString *out, const RenderLine *line, const RenderAnsiOptions *a)
{
	ansi_range(out, line, a, 0, G_MAXINT);
}

/* ---- the sink ---------------------------------------------------------------------- */

static void
sink_free(void *data)
{
	AnsiSink *s = data;
	g_ptr_array_unref(s->shown);
	g_array_unref(s->shown_rows);
	g_string_free(s->buf, TRUE);
	g_free(s);
}

static void
write_line(AnsiSink *s, const RenderLine *l)
{
	render_ansi_line(s->buf, l, &s->a);
	g_string_append_c(s->buf, '\n');
}

static void
add_line(AnsiSink *s, const RenderLine *l, GPtrArray *lines, GArray *rows)
{
	GString *str = g_string_new(NULL);
	render_ansi_line(str, l, &s->a);
	g_ptr_array_add(lines, g_string_free(str, FALSE));
	int r = render_line_rows(l, s->a.cols);
	g_array_append_val(rows, r);
}

/* Append the part of the preview that fits in the live region: its last lines, under a
 * marker saying how many are not shown.  False when not even the last line fits. */
static bool
window(AnsiSink *s, GPtrArray *preview, GPtrArray *lines, GArray *rows)
{
	int limit = s->a.rows - 1, total = 0;
	guint first = preview->len;
	while (first > 0) {
		int r = render_line_rows(preview->pdata[first - 1], s->a.cols);
		/* Keep a row for the marker unless everything fits. */
		int room = first - 1 > 0 ? limit - 1 : limit;
		if (total + r > room)
			break;
		total += r;
		first--;
	}
	if (first > 0) {
		RenderLine *m = render_line_new();
		guint8 e[RENDER_STACK] = { ELEM_DIM, ELEM__COUNT, ELEM__COUNT };
		g_autofree char *t = g_strdup_printf("\xe2\x8b\xae %u more lines", first);
		render_line_append(m, s->a.cols >= textwidth_str(t, -1) ? t : "\xe2\x8b\xae", -1, e);
		add_line(s, m, lines, rows);
		render_line_free(m);
	}
	for (guint i = first; i < preview->len; i++)
		add_line(s, preview->pdata[i], lines, rows);
	return first < preview->len;
}

/* Go up n rows and blank them, ending on the first.  Erase-line row by row rather than
 * erase-below: some terminals move the whole screen into the scrollback when it is erased
 * from the top-left corner, which would duplicate the preview there. */
static void
erase_rows(GString *out, int n)
{
	if (n <= 0)
		return;
	g_string_append_printf(out, "\r\033[%dA", n);
	for (int i = 0; i < n; i++)
		g_string_append(out, i + 1 < n ? "\033[K\033[B" : "\033[K");
	if (n > 1)
		g_string_append_printf(out, "\033[%dA", n - 1);
}

/* Only the last line changed, and it only grew: write what it gained after what is on the
 * screen (a line of prose growing word by word costs the words, not the line). */
static bool
extend_last(AnsiSink *s, const RenderLine *line, int rows)
{
	guint last = s->shown->len - 1;
	int old_cols = s->shown_cols;
	if (rows != 1 || g_array_index(s->shown_rows, int, last) != 1 || old_cols >= s->a.cols ||
	    line->cols <= old_cols)
		return false;
	g_autoptr(GString) prefix = g_string_new(NULL);
	ansi_range(prefix, line, &s->a, 0, old_cols);
	if (strcmp(prefix->str, s->shown->pdata[last]) != 0)
		return false;
	g_string_append(s->buf, "\033[A");
	if (old_cols > 0)
		g_string_append_printf(s->buf, "\033[%dC", old_cols);
	ansi_range(s->buf, line, &s->a, old_cols, G_MAXINT);
	g_string_append_c(s->buf, '\n');
	s->shown_cols = line->cols;
	return true;
}

/* The live region should now show the committed lines and then the preview.  Rows already
 * showing the right line stay: a paragraph that grows rewrites only its last line, and a
 * block committed exactly as its last preview showed it costs nothing. */
static void
live_update(AnsiSink *s, GPtrArray *commit, GPtrArray *preview)
{
	if (commit->len == 0 && preview == NULL)
		return;
	g_autoptr(GPtrArray) want = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GArray) rows = g_array_new(FALSE, FALSE, sizeof(int));
	for (guint i = 0; i < commit->len; i++)
		add_line(s, commit->pdata[i], want, rows);
	guint ncommit = want->len;
	bool last_shown = preview != NULL && window(s, preview, want, rows);
	guint keep = 0;
	while (keep < s->shown->len && keep < want->len &&
	       strcmp(s->shown->pdata[keep], want->pdata[keep]) == 0)
		keep++;
	if (ncommit == 0 && keep == s->shown->len && keep == want->len)
		return; /* nothing changed */
	int kept_rows = 0;
	for (guint i = 0; i < keep; i++)
		kept_rows += g_array_index(s->shown_rows, int, i);
	if (ncommit == 0 && last_shown && keep + 1 == s->shown->len && keep + 1 == want->len &&
	    extend_last(s, preview->pdata[preview->len - 1], g_array_index(rows, int, keep))) {
		g_free(s->shown->pdata[keep]);
		s->shown->pdata[keep] = g_strdup(want->pdata[keep]);
		return;
	}
	erase_rows(s->buf, s->shown_total - kept_rows);
	for (guint i = keep; i < want->len; i++) {
		g_string_append(s->buf, want->pdata[i]);
		g_string_append_c(s->buf, '\n');
	}
	/* Committed lines leave the live region; the preview is what may change. */
	g_ptr_array_set_size(s->shown, 0);
	g_array_set_size(s->shown_rows, 0);
	s->shown_total = 0;
	for (guint i = ncommit; i < want->len; i++) {
		g_ptr_array_add(s->shown, g_strdup(want->pdata[i]));
		g_array_append_val(s->shown_rows, g_array_index(rows, int, i));
		s->shown_total += g_array_index(rows, int, i);
	}
	s->shown_cols = last_shown ? ((RenderLine *)preview->pdata[preview->len - 1])->cols
				   : G_MAXINT;
}

static void
sink_update(void *data, GPtrArray *commit, GPtrArray *preview)
{
	AnsiSink *s = data;
	g_string_truncate(s->buf, 0);
	if (s->a.live) {
		live_update(s, commit, preview);
	} else {
		for (guint i = 0; i < commit->len; i++)
			write_line(s, commit->pdata[i]);
	}
	if (s->buf->len > 0) {
		fwrite(s->buf->str, 1, s->buf->len, s->out);
		fflush(s->out);
	}
}

RenderStream *
render_ansi_stream_new(FILE *out, const RenderOptions *o, const RenderAnsiOptions *a,
		       int frame_ms)
{
	static const RenderSink sink = { sink_update, sink_free };
	AnsiSink *s = g_new0(AnsiSink, 1);
	s->out = out;
	s->a = *a;
	s->a.cols = MAX(s->a.cols, 1);
	/* Without two rows there is no room to redraw anything. */
	s->a.live = a->live && a->rows >= 2;
	s->shown = g_ptr_array_new_with_free_func(g_free);
	s->shown_rows = g_array_new(FALSE, FALSE, sizeof(int));
	s->buf = g_string_new(NULL);
	return render_stream_new(o, &sink, s, s->a.live, frame_ms);
}

char *
render_ansi_markdown(const char *md, size_t len, const RenderOptions *o,
		     const RenderAnsiOptions *a)
{
	g_autoptr(GPtrArray) lines = render_lines_new();
	render_markdown(md, len, o, lines);
	GString *out = g_string_new(NULL);
	for (guint i = 0; i < lines->len; i++) {
		render_ansi_line(out, lines->pdata[i], a);
		g_string_append_c(out, '\n');
	}
	return g_string_free(out, FALSE);
}
