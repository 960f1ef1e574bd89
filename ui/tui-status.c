/* SPDX-License-Identifier: MIT */
/* The status bar. */
#include "autoconfig.h"

#include <string.h>

#include "tui-ask.h"
#include "tui-status.h"

#define SPIN_US 100000
static const char *const spinner[] = {
	"\xe2\xa0\x8b", "\xe2\xa0\x99", "\xe2\xa0\xb9", "\xe2\xa0\xb8", "\xe2\xa0\xbc",
	"\xe2\xa0\xb4", "\xe2\xa0\xa6", "\xe2\xa0\xa7", "\xe2\xa0\x87", "\xe2\xa0\x8f",
};

static char *
short_count(int64_t n)
{
	if (n < 1000)
		return g_strdup_printf("%" G_GINT64_FORMAT, n);
	if (n < 1000000)
		return g_strdup_printf("%.1fk", (double)n / 1000.0);
	return g_strdup_printf("%.1fM", (double)n / 1e6);
}

/* Draw a segment; returns the new column, or -1 when it did not fit. */
static int
segment(WINDOW *w, int x, int limit, ThemeElem e, const char *text)
{
	int cols = tui_text_cols(text, strlen(text));
	if (x + cols + 3 > limit)
		return -1;
	tui_style(w, ELEM_STATUS_BAR);
	if (x > 1)
		mvwaddstr(w, 0, x, " \xe2\x94\x82 "), x += 3; /* │ */
	guint8 st[2] = { (guint8)e, ELEM_STATUS_BAR };
	tui_style_stack(w, st, 2);
	return x + tui_draw_text(w, 0, x, limit - x, text, strlen(text));
}

/* The same for text that matters more than what follows it (a countdown, a notice): cut
 * with an ellipsis rather than dropped when the bar is too narrow. */
static int
segment_clipped(WINDOW *w, int x, int limit, ThemeElem e, const char *text)
{
	int fit = segment(w, x, limit, e, text);
	int room = limit - x - (x > 1 ? 3 : 0) - 1;
	if (fit >= 0 || room < 16)
		return fit;
	tui_style(w, ELEM_STATUS_BAR);
	if (x > 1)
		mvwaddstr(w, 0, x, " \xe2\x94\x82 "), x += 3;
	guint8 st[2] = { (guint8)e, ELEM_STATUS_BAR };
	tui_style_stack(w, st, 2);
	x += tui_draw_text(w, 0, x, room, text, strlen(text));
	mvwaddstr(w, 0, x, "\xe2\x80\xa6"); /* … */
	return x + 1;
}

static void
status_draw(TuiPane *p)
{
	TuiApp *app = p->app;
	WINDOW *w = p->win;
	if (app->ask != NULL) {
		tui_ask_draw(app, w, p->w);
		return;
	}
	int64_t now = g_get_monotonic_time();
	tui_style(w, ELEM_STATUS_BAR);
	tui_draw_clear_eol(w, 0, 0);
	static const char help[] = "F1 help";
	int limit = p->w - (int)strlen(help) - 2;
	int x = 1;
	unsigned active = jobs_active(app->jobs);
	/* Most important first: later segments are dropped when the bar is full. */
	if (app->retry_until_us > now) {
		int s = (int)((app->retry_until_us - now + 999999) / 1000000);
		g_autofree char *t = g_strdup_printf("rate limited: retry in %ds%s%s", s,
						     app->retry_reason ? " \xc2\xb7 " : "",
						     app->retry_reason ? app->retry_reason : "");
		x = MAX(segment_clipped(w, x, limit, ELEM_STATUS_ALERT, t), x);
	}
	if (app->notice != NULL && app->notice_until_us > now)
		x = MAX(segment_clipped(w, x, limit, app->notice_error ? ELEM_STATUS_ALERT : ELEM_INFO,
					app->notice), x);
	if (active > 0) {
		bool anim = config_get_bool(app->ctx->cfg, "ui.animations");
		g_autofree char *t = g_strdup_printf("%s %u running", anim ? spinner[app->spinner % 10]
								      : "\xe2\x97\x8f", active);
		x = MAX(segment(w, x, limit, ELEM_SPINNER, t), x);
	}
	Session *session = convo_session(app->cv);
	x = MAX(segment(w, x, limit, ELEM_STATUS_ACCENT, convo_model(app->cv)), x);
	/* Next to the model: it says where the last answer came from. */
	if (app->last_cached)
		x = MAX(segment(w, x, limit, ELEM_BADGE_CACHED, "cached"), x);
	const char *name = session_name(session);
	g_autofree char *sess = g_strdup_printf("session %s", name ? name : "new");
	x = MAX(segment(w, x, limit, ELEM_STATUS_BAR, sess), x);
	guint nfiles = session_n_files(session);
	if (nfiles > 0) {
		g_autofree char *t = g_strdup_printf("%u context file%s", nfiles, nfiles == 1 ? "" : "s");
		x = MAX(segment(w, x, limit, ELEM_STATUS_BAR, t), x);
	}
	if (app->tokens_in > 0 || app->tokens_out > 0) {
		g_autofree char *in = short_count(app->tokens_in), *out = short_count(app->tokens_out);
		g_autofree char *t = g_strdup_printf("tokens %s in, %s out", in, out);
		x = MAX(segment(w, x, limit, ELEM_STATUS_ACCENT, t), x);
	}
	if (app->meter != NULL) {
		g_autofree char *t = g_strdup_printf("context %s", app->meter);
		x = MAX(segment(w, x, limit, ELEM_STATUS_BAR, t), x);
	}
	if (app->requests_left >= 0) {
		g_autofree char *t = g_strdup_printf("%d requests left today", app->requests_left);
		x = MAX(segment(w, x, limit, ELEM_STATUS_BAR, t), x);
	}
	tui_style(w, ELEM_DIM);
	guint8 st[2] = { ELEM_DIM, ELEM_STATUS_BAR };
	tui_style_stack(w, st, 2);
	mvwaddstr(w, 0, p->w - (int)strlen(help) - 1, help);
}

int64_t
tui_status_next_tick(TuiApp *app, int64_t now)
{
	int64_t next = -1;
	if (jobs_active(app->jobs) > 0 && config_get_bool(app->ctx->cfg, "ui.animations"))
		next = SPIN_US;
	if (app->retry_until_us > now) {
		int64_t left = (app->retry_until_us - now) % 1000000;
		next = next < 0 ? MAX(left, 1000) : MIN(next, MAX(left, 1000));
	}
	if (app->notice != NULL && app->notice_until_us > now) {
		int64_t left = app->notice_until_us - now;
		next = next < 0 ? left : MIN(next, left);
	}
	return next;
}

const TuiPaneOps tui_status_ops = {
	.title = "Status",
	.context = KEYCTX_GLOBAL,
	.draw = status_draw,
};
