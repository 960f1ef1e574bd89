/* SPDX-License-Identifier: MIT */
/* Answers and diffs of the AI code commands on a terminal or a pipe. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../ui/render-ansi.h"
#include "../ui/render-highlight.h"
#include "aiout.h"
#include "term.h"

#define FRAME_MS 16

struct AiOut {
	RenderOptions ro;
	RenderAnsiOptions ra;
	Theme *theme;
	bool tty;
	RenderStream *rs;
};

AiOut *
aiout_new(const AurConfig *cfg, bool plain)
{
	AiOut *o = g_new0(AiOut, 1);
	const char *term = getenv("TERM");
	o->tty = term_isatty(STDOUT_FILENO);
	int cols, rows;
	term_stdout_size(&cols, &rows);
	bool color = o->tty && !plain && term_color_stdout();
	o->ra.depth = color ? theme_depth_from_env(term, getenv("COLORTERM")) : THEME_DEPTH_NONE;
	o->ra.base = ELEM_ASSISTANT_MSG;
	o->ra.live = color && term != NULL && strcmp(term, "dumb") != 0;
	o->ra.cols = cols;
	o->ra.rows = rows;
	o->ro.width = cols;
	o->ro.ascii = !g_get_charset(NULL);
	if (color) {
		g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
		o->theme = theme_open(config_get_string(cfg, "ui.theme"), warnings);
		for (guint i = 0; i < warnings->len; i++)
			term_message(TERM_MSG_WARNING, "%s", (const char *)warnings->pdata[i]);
	}
	o->ra.theme = o->theme;
	o->ro.highlight = o->theme != NULL ? render_highlight_code : NULL;
	o->ro.markers = o->theme == NULL;
	return o;
}

void
aiout_free(AiOut *o)
{
	if (o == NULL)
		return;
	if (o->rs != NULL)
		aiout_end(o);
	theme_free(o->theme);
	g_free(o);
}

bool
aiout_tty(const AiOut *o)
{
	return o->tty;
}

void
aiout_begin(AiOut *o)
{
	if (o->rs != NULL)
		aiout_end(o);
	o->rs = render_ansi_stream_new(stdout, &o->ro, &o->ra, FRAME_MS);
}

void
aiout_feed(AiOut *o, const char *text, size_t len)
{
	if (o->rs == NULL)
		aiout_begin(o);
	render_stream_feed(o->rs, text, len);
	fflush(stdout);
}

void
aiout_end(AiOut *o)
{
	if (o->rs == NULL)
		return;
	render_stream_finish(o->rs);
	render_stream_free(o->rs);
	o->rs = NULL;
	fflush(stdout);
}

bool
aiout_broken(const AiOut *o)
{
	(void)o;
	return ferror(stdout) != 0;
}

void
aiout_markdown(AiOut *o, const char *md, size_t len)
{
	aiout_begin(o);
	aiout_feed(o, md, len);
	aiout_end(o);
}

/* A fence longer than any run of backticks in text, so the text cannot close it. */
static char *
fence_for(const char *text)
{
	size_t best = 2, run = 0;
	for (const char *p = text; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		best = MAX(best, run);
	}
	return g_strnfill(best + 1, '`');
}

void
aiout_diff(AiOut *o, const char *diff)
{
	if (o->theme == NULL) {
		fputs(diff, stdout);
		fflush(stdout);
		return;
	}
	g_autofree char *fence = fence_for(diff);
	g_autofree char *md = g_strdup_printf("%sdiff\n%s%s%s\n", fence, diff,
					      *diff && diff[strlen(diff) - 1] != '\n' ? "\n" : "", fence);
	aiout_markdown(o, md, strlen(md));
}
