/* SPDX-License-Identifier: MIT */
/* libFuzzer target: markdown layout, and streaming it in chunks that must not matter. */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../ui/render-ansi.h"
#include "../../ui/render-highlight.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
collect(void *out, GPtrArray *commit, GPtrArray *preview)
{
	for (guint i = 0; i < commit->len; i++) {
		char *t = render_line_text(commit->pdata[i]);
		g_string_append(out, t);
		g_string_append_c(out, '\n');
		g_free(t);
	}
}

static void
check_lines(GPtrArray *lines)
{
	for (guint i = 0; i < lines->len; i++) {
		RenderLine *l = lines->pdata[i];
		char *t = render_line_text(l);
		if (!g_utf8_validate(t, -1, NULL))
			abort();
		for (const char *p = t; *p; p = g_utf8_next_char(p)) {
			gunichar c = g_utf8_get_char(p);
			if (c == '\t' && (l->flags & RENDER_LINE_CODE))
				continue;
			if (c < 0x20 || (c >= 0x7f && c < 0xa0))
				abort(); /* a control character would reach the terminal */
		}
		g_free(t);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	RenderOptions o = { .width = 1 + data[0] % 120, .markers = data[1] & 1,
			    .ascii = (data[1] & 2) != 0,
			    .highlight = (data[1] & 4) ? render_highlight_code : NULL };
	const char *md = (const char *)data + 2;
	size_t len = size - 2;

	GPtrArray *lines = render_lines_new();
	render_markdown(md, len, &o, lines);
	check_lines(lines);
	GString *whole = g_string_new(NULL);
	for (guint i = 0; i < lines->len; i++) {
		char *t = render_line_text(lines->pdata[i]);
		g_string_append(whole, t);
		g_string_append_c(whole, '\n');
		g_free(t);
	}
	g_ptr_array_unref(lines);

	/* Streamed in chunks chosen by the input itself: the same lines, committed once. */
	static const RenderSink sink = { collect, NULL };
	GString *streamed = g_string_new(NULL);
	RenderStream *rs = render_stream_new(&o, &sink, streamed, false, 0);
	size_t step = 1 + (data[1] >> 3) % 13;
	for (size_t off = 0; off < len; off += step)
		render_stream_feed(rs, md + off, MIN(step, len - off));
	render_stream_finish(rs);
	render_stream_free(rs);
	if (strcmp(whole->str, streamed->str) != 0)
		abort();
	g_string_free(whole, TRUE);
	g_string_free(streamed, TRUE);

	/* The live terminal back end, with its redraw bookkeeping. */
	FILE *devnull = fopen("/dev/null", "w");
	if (devnull != NULL) {
		RenderAnsiOptions a = { .live = true, .cols = o.width, .rows = 2 + data[0] % 7 };
		rs = render_ansi_stream_new(devnull, &o, &a, 0);
		for (size_t off = 0; off < len; off += step * 16)
			render_stream_feed(rs, md + off, MIN(step * 16, len - off));
		render_stream_finish(rs);
		render_stream_free(rs);
		fclose(devnull);
	}
	return 0;
}
