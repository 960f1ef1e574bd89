/* SPDX-License-Identifier: MIT */
/* Rendered lines on a plain terminal or a pipe: SGR colours from the theme, or plain text. */
#include "autoconfig.h"

#include <string.h>

#include "render-ansi.h"

/*
 * The live region is the preview of the block being written, drawn below everything
 * committed.  To update it the cursor goes back up over the rows the old preview took (never
 * further: committed lines above are left alone and may already be in the scrollback),
 * erases those rows and draws again, starting at the first line that changed, so a growing
 * paragraph costs one line per update.  A preview taller than the screen shows its last
 * rows under a "more lines" marker, because rows that scrolled away cannot be reached again.
 */

typedef struct {
	FILE *out;
	RenderAnsiOptions a;
	GPtrArray *shown;    /* char *: the preview lines on screen, as written */
	GArray *shown_rows;  /* int: rows each takes */
	int shown_total;
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

void
render_ansi_line(GString *out, const RenderLine *line, const RenderAnsiOptions *a)
{
	ThemeStyle cur = { 0 };
	bool styled = false;
	for (guint i = 0; i < line->spans->len; i++) {
		const RenderSpan *s = &g_array_index(line->spans, RenderSpan, i);
		if (a->theme != NULL) {
			guint8 stack[RENDER_STACK + 1];
			memcpy(stack, s->elems, RENDER_STACK);
			stack[RENDER_STACK] = a->base;
			ThemeStyle st = theme_resolve(a->theme, stack, G_N_ELEMENTS(stack));
			if (!style_equal(&st, &cur)) {
				if (style_visible(&st, a->depth))
					theme_sgr_append(out, &st, a->depth);
				else if (styled)
					g_string_append(out, "\033[0m");
				styled = style_visible(&st, a->depth);
				cur = st;
			}
		}
		g_string_append(out, s->text);
	}
	if (styled)
		g_string_append(out, "\033[0m");
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

/* The part of the preview that fits in the live region: its last lines, under a marker
 * saying how many are not shown. */
static GPtrArray *
window(AnsiSink *s, GPtrArray *preview, GArray *rows)
{
	GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
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
		g_autofree char *t = g_strdup_printf("%s %u more lines", "\xe2\x8b\xae", first);
		render_line_append(m, t, -1, e);
		GString *str = g_string_new(NULL);
		render_ansi_line(str, m, &s->a);
		g_ptr_array_add(lines, g_string_free(str, FALSE));
		int one = render_line_rows(m, s->a.cols);
		g_array_append_val(rows, one);
		render_line_free(m);
	}
	for (guint i = first; i < preview->len; i++) {
		GString *str = g_string_new(NULL);
		render_ansi_line(str, preview->pdata[i], &s->a);
		g_ptr_array_add(lines, g_string_free(str, FALSE));
		int r = render_line_rows(preview->pdata[i], s->a.cols);
		g_array_append_val(rows, r);
	}
	return lines;
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

static void
live_update(AnsiSink *s, GPtrArray *commit, GPtrArray *preview)
{
	g_autoptr(GArray) rows = g_array_new(FALSE, FALSE, sizeof(int));
	g_autoptr(GPtrArray) next = preview ? window(s, preview, rows) : NULL;
	/* Lines of the old preview that stay as they are. */
	guint keep = 0;
	if (commit->len == 0 && next != NULL)
		while (keep < s->shown->len && keep < next->len &&
		       strcmp(s->shown->pdata[keep], next->pdata[keep]) == 0)
			keep++;
	if (commit->len == 0 && next == NULL)
		return;
	if (commit->len == 0 && next != NULL && keep == s->shown->len && keep == next->len)
		return;
	int kept_rows = 0;
	for (guint i = 0; i < keep; i++)
		kept_rows += g_array_index(s->shown_rows, int, i);
	erase_rows(s->buf, s->shown_total - kept_rows);
	for (guint i = 0; i < commit->len; i++)
		write_line(s, commit->pdata[i]);
	if (next == NULL) {
		/* Committed lines replaced the old preview, which is gone: nothing shown now. */
		g_ptr_array_set_size(s->shown, 0);
		g_array_set_size(s->shown_rows, 0);
		s->shown_total = 0;
		return;
	}
	g_ptr_array_set_size(s->shown, keep);
	g_array_set_size(s->shown_rows, keep);
	s->shown_total = kept_rows;
	for (guint i = keep; i < next->len; i++) {
		g_string_append(s->buf, next->pdata[i]);
		g_string_append_c(s->buf, '\n');
		g_ptr_array_add(s->shown, g_strdup(next->pdata[i]));
		g_array_append_val(s->shown_rows, g_array_index(rows, int, i));
		s->shown_total += g_array_index(rows, int, i);
	}
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
