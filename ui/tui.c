/* SPDX-License-Identifier: MIT */
/* The full-screen interface: set-up, the one poll() loop, key dispatch, job events, frames. */
#include "autoconfig.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cache.h"
#include "commands.h"
#include "config.h"
#include "demo.h"
#include "findings.h"
#include "lazycurl.h"
#include "log.h"
#include "tui-app.h"
#include "tui-ask.h"
#include "tui-code.h"
#include "tui-conv.h"
#include "tui-edit.h"
#include "tui-findings.h"
#include "tui-help.h"
#include "tui-input.h"
#include "tui-keys.h"
#include "tui-palette.h"
#include "tui-picker.h"
#include "tui-pickers.h"
#include "tui-replay.h"
#include "tui-screen.h"
#include "tui-status.h"

/*
 * One thread owns curses and readline.  Each pass of the loop:
 *   1. poll() stdin, the jobs' wake fd, the signal pipe and the next timer;
 *   2. take signals (a resize only sets a flag, so a burst of them collapses);
 *   3. drain job events (handlers mark panes dirty, nothing draws);
 *   4. apply a pending resize;
 *   5. read and dispatch every key that is waiting;
 *   6. draw the dirty panes with wnoutrefresh() and send one doupdate().
 * Frames caused by streamed text are capped at FRAME_US apart; a key is drawn at once, so
 * typing stays immediate while an answer streams.  Idle, the loop sleeps in poll() with no
 * timeout at all.
 */

#define FRAME_US (G_USEC_PER_SEC / 30)
#define NOTICE_US (5 * G_USEC_PER_SEC)

static const TuiPaneOps *const pane_ops[PANE__COUNT] = {
	[PANE_CONVERSATION] = &tui_conv_ops,
	[PANE_CODE] = &tui_code_ops,
	[PANE_ANALYSIS] = &tui_findings_ops,
	[PANE_INPUT] = &tui_input_ops,
	[PANE_STATUS] = &tui_status_ops,
};

typedef struct {
	bool resize_pending;
	TuiReplay *replay;
	int64_t next_spin_us;
} LoopState;

static LoopState loop;

/* ---- marking and notices ------------------------------------------------------------------- */

void
tui_dirty(TuiApp *app, TuiPaneId id, unsigned flags)
{
	app->panes[id].dirty |= flags;
	app->frame_due = true;
}

void
tui_dirty_all(TuiApp *app, unsigned flags)
{
	for (int i = 0; i < PANE__COUNT; i++)
		tui_dirty(app, (TuiPaneId)i, flags);
}

void
tui_notice(TuiApp *app, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_free(app->notice);
	app->notice = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	app->notice_error = error;
	app->notice_until_us = g_get_monotonic_time() + NOTICE_US;
	tui_dirty(app, PANE_STATUS, TUI_REPAINT);
}

void
tui_quit(TuiApp *app)
{
	app->quit = true;
}

/* ---- layout ---------------------------------------------------------------------------------- */

static TuiPaneId
shown_pane(const TuiApp *app)
{
	return app->focus < PANE_INPUT ? app->focus : app->last_pane;
}

static void
place(TuiPane *p, const TuiRect *r)
{
	bool same = p->win != NULL && r->visible && p->y == r->y && p->x == r->x && p->h == r->h &&
		    p->w == r->w && p->border_left == r->border_left;
	if (same)
		return;
	if (p->win != NULL)
		delwin(p->win);
	p->win = NULL;
	p->y = r->y;
	p->x = r->x;
	p->h = r->h;
	p->w = r->w;
	p->border_left = r->border_left;
	if (!r->visible)
		return;
	p->win = newwin(r->h, r->w, r->y, r->x);
	if (p->win == NULL)
		return;
	/* Let curses scroll the terminal when a full-width pane scrolls. */
	idlok(p->win, p->id == PANE_CONVERSATION);
	if (p->ops->layout != NULL)
		p->ops->layout(p);
	p->dirty |= TUI_REPAINT;
	p->app->frame_due = true;
}

void
tui_relayout(TuiApp *app)
{
	TuiRect r[PANE__COUNT];
	int input_rows = tui_input_rows(app, app->cols);
	app->too_small = !tui_layout_compute(&app->layout, app->rows, app->cols, input_rows,
					     shown_pane(app), r);
	for (int i = 0; i < PANE__COUNT; i++) {
		TuiRect none = { 0 };
		place(&app->panes[i], app->too_small ? &none : &r[i]);
	}
	/* stdscr lies under the panes; refreshing it once keeps it from repainting later. */
	wnoutrefresh(stdscr);
	app->frame_due = true;
}

static void
apply_resize(TuiApp *app)
{
	loop.resize_pending = false;
	if (!tui_screen_resize(&app->rows, &app->cols))
		return;
	/* Everything is sent again once: no half-drawn rows survive a size change. */
	clearok(curscr, TRUE);
	tui_relayout(app);
	tui_dirty_all(app, TUI_REPAINT);
}

void
tui_resize_to(TuiApp *app, int rows, int cols)
{
	tui_screen_set_size(rows, cols);
	loop.resize_pending = true;
	apply_resize(app);
}

/* ---- focus and the global actions ------------------------------------------------------------ */

void
tui_focus(TuiApp *app, TuiPaneId id)
{
	if (id >= PANE_STATUS || id == app->focus)
		return;
	/* A question in the input line is answered there or not at all. */
	if (id != PANE_INPUT && tui_input_asking(app)) {
		tui_input_ask_cancel(app);
		if (app->focus == id)
			return;
	}
	TuiPaneId before = app->focus;
	app->focus = id;
	if (id < PANE_INPUT) {
		app->last_pane = id;
		if (app->layout.zoom >= 0)
			app->layout.zoom = id; /* zoom follows the focus */
	}
	tui_dirty(app, before, TUI_REPAINT);
	tui_dirty(app, id, TUI_REPAINT);
	/* Zoomed, or on a small screen, the focused pane is the one shown. */
	if (app->layout.zoom >= 0 || app->rows < TUI_STACK_ROWS || app->cols < TUI_STACK_COLS)
		tui_relayout(app);
}

static void
focus_step(TuiApp *app, int delta)
{
	static const TuiPaneId order[] = { PANE_CONVERSATION, PANE_CODE, PANE_ANALYSIS, PANE_INPUT };
	int at = 0;
	for (int i = 0; i < 4; i++)
		if (order[i] == app->focus)
			at = i;
	tui_focus(app, order[(at + delta + 4) % 4]);
}

static TuiPaneId
target_pane(const TuiApp *app)
{
	return app->focus < PANE_INPUT ? app->focus : app->last_pane;
}

static void
act_quit(TuiApp *app) { tui_quit(app); }
static void
act_help(TuiApp *app) { tui_help_open(app); }
static void
act_next(TuiApp *app) { focus_step(app, 1); }
static void
act_prev(TuiApp *app) { focus_step(app, -1); }
static void
act_conv(TuiApp *app) { tui_focus(app, PANE_CONVERSATION); }
static void
act_code(TuiApp *app) { tui_focus(app, PANE_CODE); }
static void
act_analysis(TuiApp *app) { tui_focus(app, PANE_ANALYSIS); }
static void
act_input(TuiApp *app) { tui_focus(app, PANE_INPUT); }

static void
act_cancel(TuiApp *app)
{
	if (tui_cancel_focused(app))
		return;
	if (!tui_input_is_empty(app))
		tui_input_clear(app);
	else
		tui_notice(app, false, "nothing to cancel \xc2\xb7 C-q quits");
}

static void
act_cancel_job(TuiApp *app)
{
	if (!tui_cancel_focused(app))
		tui_notice(app, false, "nothing to cancel \xc2\xb7 C-q quits");
}

static void
act_zoom(TuiApp *app)
{
	app->layout.zoom = app->layout.zoom >= 0 ? -1 : (int)target_pane(app);
	tui_relayout(app);
}

static void
resize_pane(TuiApp *app, int delta)
{
	if (app->layout.zoom >= 0) {
		tui_notice(app, false, "a zoomed pane has the whole screen (M-z restores)");
		return;
	}
	if (tui_layout_grow(&app->layout, target_pane(app), delta))
		tui_relayout(app);
}

static void
act_grow(TuiApp *app) { resize_pane(app, 5); }
static void
act_shrink(TuiApp *app) { resize_pane(app, -5); }

static void
act_layout_reset(TuiApp *app)
{
	tui_layout_defaults(&app->layout);
	tui_relayout(app);
}

static void
act_redraw(TuiApp *app)
{
	clearok(curscr, TRUE);
	tui_dirty_all(app, TUI_REPAINT);
}

static void
act_code_prev(TuiApp *app)
{
	if (!tui_code_step(app, -1))
		tui_notice(app, false, "no earlier code block");
}

static void
act_code_next(TuiApp *app)
{
	if (!tui_code_step(app, 1))
		tui_notice(app, false, "no later code block");
}

static void
act_palette(TuiApp *app) { tui_palette_open(app); }
static void
act_pick_model(TuiApp *app) { tui_pickers_model(app); }
static void
act_pick_session(TuiApp *app) { tui_pickers_session(app); }
static void
act_pick_file(TuiApp *app) { tui_pickers_file(app); }
static void
act_pick_theme(TuiApp *app) { tui_pickers_theme(app); }

static void
act_conv_page_up(TuiApp *app) { tui_conv_scroll(app, -1); }
static void
act_conv_page_down(TuiApp *app) { tui_conv_scroll(app, 1); }

/* What an action does when the focused pane does not handle it itself. */
static void (*const global_actions[KEYACT__COUNT])(TuiApp *app) = {
	[KEYACT_QUIT] = act_quit,
	[KEYACT_HELP] = act_help,
	[KEYACT_CANCEL] = act_cancel,
	[KEYACT_CANCEL_JOB] = act_cancel_job,
	[KEYACT_FOCUS_NEXT] = act_next,
	[KEYACT_COMPLETE] = act_next,
	[KEYACT_FOCUS_PREV] = act_prev,
	[KEYACT_FOCUS_CONVERSATION] = act_conv,
	[KEYACT_FOCUS_CODE] = act_code,
	[KEYACT_FOCUS_ANALYSIS] = act_analysis,
	[KEYACT_FOCUS_INPUT] = act_input,
	[KEYACT_ZOOM] = act_zoom,
	[KEYACT_GROW] = act_grow,
	[KEYACT_SHRINK] = act_shrink,
	[KEYACT_LAYOUT_RESET] = act_layout_reset,
	[KEYACT_REDRAW] = act_redraw,
	[KEYACT_CODE_PREV] = act_code_prev,
	[KEYACT_CODE_NEXT] = act_code_next,
	[KEYACT_PAGE_UP] = act_conv_page_up,
	[KEYACT_PAGE_DOWN] = act_conv_page_down,
	[KEYACT_PALETTE] = act_palette,
	[KEYACT_PICK_MODEL] = act_pick_model,
	[KEYACT_PICK_SESSION] = act_pick_session,
	[KEYACT_PICK_FILE] = act_pick_file,
	[KEYACT_PICK_THEME] = act_pick_theme,
};

static void
run_action(TuiApp *app, KeyAction a)
{
	TuiPane *p = &app->panes[app->focus];
	if (p->ops->on_action != NULL && p->ops->on_action(p, a))
		return;
	if (global_actions[a] != NULL)
		global_actions[a](app);
}

void
tui_run_action(TuiApp *app, KeyAction a)
{
	static const TuiPaneId order[] = { PANE_CONVERSATION, PANE_CODE, PANE_ANALYSIS, PANE_INPUT };
	if (a == KEYACT_NONE || a >= KEYACT__COUNT)
		return;
	unsigned mask = keymap_action_contexts(a);
	KeyContext here = app->panes[app->focus].ops->context;
	bool global = (mask & KC_(GLOBAL)) && global_actions[a] != NULL;
	if (!(mask & (1u << here)) && !global) {
		/* Where the action lives: the code preview for copy, the analysis pane for fix. */
		for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
			if (mask & (1u << app->panes[order[i]].ops->context)) {
				tui_focus(app, order[i]);
				break;
			}
		}
	}
	run_action(app, a);
}

bool
tui_network(TuiApp *app)
{
	g_autoptr(AurError) e = NULL;
	if (lazycurl_load(&e))
		return true;
	tui_notice(app, true, "%s â %s", e->message, e->hint ? e->hint : "");
	return false;
}

Session *
tui_session(TuiApp *app)
{
	return convo_session(app->cv);
}

/* ---- keys ------------------------------------------------------------------------------------ */

static void
paste_key(TuiApp *app, KeyCode key)
{
	KeyCode c = key & KEY_CODE_MASK;
	if (key == KEY_ENTER_CODE || key == '\n')
		g_string_append_c(app->paste, '\n');
	else if (key == KEY_TAB_CODE)
		g_string_append_c(app->paste, '\t');
	else if (keymap_key_is_text(key))
		g_string_append_unichar(app->paste, c);
}

void
tui_paste(TuiApp *app, const char *text)
{
	if (app->help_open)
		tui_help_close(app);
	tui_focus(app, PANE_INPUT);
	tui_input_paste(app, text, strlen(text));
}

void
tui_dispatch_key(TuiApp *app, KeyCode key)
{
	if (app->pasting) {
		paste_key(app, key);
		return;
	}
	if (app->help_open) {
		KeySeq one = { 1, { key } };
		KeyAction a = keymap_lookup(app->keymap, KEYCTX_PICKER, &one, NULL);
		if (!tui_help_action(app, a) && (a == KEYACT_QUIT || a == KEYACT_REDRAW))
			global_actions[a](app);
		app->frame_due = true;
		return;
	}
	/* A question waits for its answer; a picker takes every key while it is open. */
	if (app->ask != NULL && tui_ask_key(app, key)) {
		app->frame_due = true;
		return;
	}
	if (app->picker != NULL) {
		KeyAction a = tui_picker_key(app, key);
		if (a == KEYACT_QUIT || a == KEYACT_REDRAW)
			global_actions[a](app);
		app->frame_due = true;
		return;
	}
	KeyContext ctx = app->panes[app->focus].ops->context;
	if (app->pending.len >= KEYSEQ_MAX)
		app->pending.len = 0;
	app->pending.keys[app->pending.len++] = key;
	bool prefix = false;
	KeyAction a = keymap_lookup(app->keymap, ctx, &app->pending, &prefix);
	if (prefix) {
		g_autofree char *so_far = keymap_format_keys(&app->pending);
		tui_notice(app, false, "%s \xe2\x80\xa6", so_far);
		return;
	}
	KeySeq seq = app->pending;
	app->pending.len = 0;
	if (a != KEYACT_NONE) {
		run_action(app, a);
		return;
	}
	if (app->focus == PANE_INPUT) {
		for (unsigned i = 0; i < seq.len; i++)
			tui_input_feed(app, seq.keys[i]);
	} else if (seq.len == 1 && keymap_key_is_text(key)) {
		/* Typing in a pane starts typing in the input line. */
		tui_focus(app, PANE_INPUT);
		tui_input_feed(app, key);
	}
}

static TuiPaneId
pane_at(TuiApp *app, int y, int x)
{
	for (int i = 0; i < PANE__COUNT; i++) {
		const TuiPane *p = &app->panes[i];
		if (p->win != NULL && y >= p->y && y < p->y + p->h && x >= p->x && x < p->x + p->w)
			return (TuiPaneId)i;
	}
	return PANE__COUNT;
}

void
tui_mouse(TuiApp *app, int y, int x, int wheel)
{
	app->frame_due = true;
	if (app->help_open) {
		if (wheel != 0)
			for (int i = 0; i < 3; i++)
				tui_help_action(app, wheel < 0 ? KEYACT_LINE_UP : KEYACT_LINE_DOWN);
		return;
	}
	if (app->picker != NULL) {
		tui_picker_mouse(app, y, x, wheel);
		return;
	}
	TuiPaneId id = pane_at(app, y, x);
	if (id >= PANE_STATUS || app->ask != NULL)
		return;
	TuiPane *p = &app->panes[id];
	if (wheel == 0) {
		tui_focus(app, id);
		if (p->ops->on_click != NULL && p->win != NULL)
			p->ops->on_click(p, y - p->y, x - p->x);
		return;
	}
	for (int i = 0; i < 3 && p->ops->on_action != NULL; i++)
		p->ops->on_action(p, wheel < 0 ? KEYACT_LINE_UP : KEYACT_LINE_DOWN);
}

/* Read every waiting input; true when a key arrived (the next frame is drawn at once). */
static bool
read_input(TuiApp *app)
{
	TuiInput in;
	bool any = false;
	while (tui_keys_read(&in)) {
		any = true;
		switch (in.kind) {
		case TUI_IN_KEY: tui_dispatch_key(app, in.key); break;
		case TUI_IN_RESIZE: loop.resize_pending = true; break;
		case TUI_IN_MOUSE: tui_mouse(app, in.mouse_y, in.mouse_x, in.wheel); break;
		case TUI_IN_PASTE_BEGIN:
			app->pasting = true;
			g_string_truncate(app->paste, 0);
			break;
		case TUI_IN_PASTE_END:
			app->pasting = false;
			tui_paste(app, app->paste->str);
			break;
		}
	}
	return any;
}

/* ---- jobs -------------------------------------------------------------------------------------- */

static void
job_free(gpointer p)
{
	TuiJob *j = p;
	if (j->free_data != NULL)
		j->free_data(j->data);
	g_free(j);
}

TuiJob *
tui_track_job_full(TuiApp *app, TuiJobKind kind, unsigned id, TuiMsg *msg,
		   const TuiJobHooks *hooks, void *data, GDestroyNotify free_data)
{
	TuiJob *j = g_new0(TuiJob, 1);
	j->kind = kind;
	j->id = id;
	j->msg = msg;
	j->hooks = hooks;
	j->data = data;
	j->free_data = free_data;
	g_hash_table_insert(app->running, GUINT_TO_POINTER(id), j);
	tui_dirty(app, PANE_STATUS, TUI_REPAINT);
	return j;
}

void
tui_track_job(TuiApp *app, TuiJobKind kind, unsigned id, TuiMsg *msg)
{
	tui_track_job_full(app, kind, id, msg, NULL, NULL, NULL);
}

bool
tui_cancel_focused(TuiApp *app)
{
	/* The conversation's answer, unless the analysis pane has the focus and a job. */
	bool want_analysis = app->focus == PANE_ANALYSIS;
	if (!want_analysis && convo_cancel(app->cv)) {
		tui_notice(app, false, "cancelling \xe2\x80\xa6");
		return true;
	}
	TuiJob *best = NULL;
	GHashTableIter it;
	gpointer v;
	g_hash_table_iter_init(&it, app->running);
	while (g_hash_table_iter_next(&it, NULL, &v)) {
		TuiJob *j = v;
		if (j->kind == TUI_JOB_TASK)
			continue; /* short and not the user's focus */
		bool better = best == NULL || (want_analysis ? j->kind == TUI_JOB_ANALYSIS &&
							      best->kind != TUI_JOB_ANALYSIS
							: j->kind == TUI_JOB_CHAT &&
							      (best->kind != TUI_JOB_CHAT ||
							       j->id > best->id));
		if (better)
			best = j;
	}
	if (best == NULL || !jobs_cancel(app->jobs, best->id)) {
		if (!want_analysis || !convo_cancel(app->cv))
			return false;
	}
	tui_notice(app, false, "cancelling \xe2\x80\xa6");
	return true;
}

/* AURELIS_TUI_DEMO: the local demo answer streams in; nothing is recorded. */
static void
demo_prompt(TuiApp *app, const char *prompt)
{
	tui_conv_add(app, TUI_MSG_USER, prompt, NULL);
	const char *model = convo_model(app->cv);
	unsigned id = demo_submit(app->jobs, app->demo, prompt, model);
	TuiMsg *a = tui_conv_add(app, TUI_MSG_ASSISTANT, NULL, model);
	tui_msg_add_flags(app, a, TUI_MSG_STREAMING);
	tui_track_job(app, TUI_JOB_CHAT, id, a);
	tui_code_follow_latest(app);
	app->last_cached = false;
}

void
tui_submit(TuiApp *app, const char *line)
{
	/* Each line is one user action: its own correlation id in the log. */
	g_autofree char *cid = log_new_cid();
	log_set_cid(cid);
	bool command = commands_is_command(line);
	/* "//text" sends a prompt that starts with a slash. */
	const char *prompt = line[0] == '/' && line[1] == '/' ? line + 1 : line;
	if (!command && app->demo != NULL) {
		demo_prompt(app, prompt);
		return;
	}
	/* One answer at a time: a prompt typed meanwhile waits for it (commands run now). */
	if (!command && (convo_busy(app->cv) || !g_queue_is_empty(&app->waiting))) {
		g_queue_push_tail(&app->waiting, g_strdup(line));
		guint n = g_queue_get_length(&app->waiting);
		tui_notice(app, false, "sent when the answer is complete (%u waiting)", n);
		return;
	}
	if (!command)
		tui_conv_add(app, TUI_MSG_USER, prompt, NULL);
	if (commands_run_line(app->cv, line) == SLASH_QUIT)
		tui_quit(app);
	tui_dirty(app, PANE_STATUS, TUI_REPAINT);
}

/* The next prompt that waited, once the conversation is free. */
static void
send_waiting(TuiApp *app)
{
	if (convo_busy(app->cv) || app->quit || g_queue_is_empty(&app->waiting))
		return;
	g_autofree char *line = g_queue_pop_head(&app->waiting);
	g_autofree char *cid = log_new_cid();
	log_set_cid(cid);
	tui_conv_add(app, TUI_MSG_USER, line[0] == '/' ? line + 1 : line, NULL);
	(void)commands_run_line(app->cv, line);
}

static void
chat_done(TuiApp *app, TuiJob *j, const JobEvent *ev)
{
	unsigned flags = 0;
	if (ev->status == JOB_CANCELLED)
		flags |= TUI_MSG_CANCELLED;
	if (ev->status == JOB_FAILED)
		flags |= TUI_MSG_FAILED;
	if (ev->flags & JOB_FLAG_CACHED)
		flags |= TUI_MSG_CACHED;
	if (ev->flags & JOB_FLAG_CUT)
		flags |= TUI_MSG_CUT;
	tui_conv_finish(app, j->msg, flags);
	app->last_cached = (ev->flags & JOB_FLAG_CACHED) != 0;
	app->retry_until_us = 0;
	if (ev->status == JOB_FAILED && ev->error != NULL) {
		g_autofree char *text = g_strdup_printf("%s%s%s", ev->error->message,
							ev->error->hint ? "\nhint: " : "",
							ev->error->hint ? ev->error->hint : "");
		tui_conv_add(app, TUI_MSG_ERROR, text, NULL);
	}
	app->done_frame_pending = true;
}

static void
analysis_result(TuiApp *app, const JobEvent *ev)
{
	FindingsResult *res = ev->payload;
	guint n = res->findings->len;
	tui_findings_set(app, g_steal_pointer(&res->findings), res->source, res->base_dir);
	if (res->skipped > 0)
		tui_notice(app, true, "%u findings, %u entries skipped (malformed)", n, res->skipped);
	else
		tui_notice(app, false, "%u finding%s from %s", n, n == 1 ? "" : "s", res->source);
}

static void
analysis_done(TuiApp *app, const JobEvent *ev)
{
	if (ev->status == JOB_OK)
		return;
	tui_findings_busy(app, NULL);
	if (ev->status == JOB_FAILED && ev->error != NULL)
		tui_notice(app, true, "%s", ev->error->message);
	else
		tui_notice(app, false, "analysis cancelled");
}

static void
handle_event(TuiApp *app, JobEvent *ev)
{
	TuiJob *j = g_hash_table_lookup(app->running, GUINT_TO_POINTER(ev->job_id));
	if (j == NULL)
		return;
	int64_t now = g_get_monotonic_time();
	switch (ev->kind) {
	case JOB_EV_DELTA:
		if (j->msg != NULL)
			tui_conv_append(app, j->msg, ev->text->str, ev->text->len);
		app->delta_bytes += ev->text->len;
		app->last_delta_us = now;
		break;
	case JOB_EV_USAGE:
		if (j->msg != NULL)
			tui_msg_set_usage(app, j->msg, ev->tokens_in, ev->tokens_out);
		app->tokens_in += ev->tokens_in;
		app->tokens_out += ev->tokens_out;
		tui_dirty(app, PANE_STATUS, TUI_REPAINT);
		break;
	case JOB_EV_RETRY_WAIT:
		app->retry_until_us = now + (int64_t)ev->seconds * G_USEC_PER_SEC;
		g_free(app->retry_reason);
		app->retry_reason = ev->text->len ? g_strdup(ev->text->str) : NULL;
		tui_dirty(app, PANE_STATUS, TUI_REPAINT);
		break;
	case JOB_EV_FALLBACK:
		if (j->msg != NULL) {
			tui_msg_set_model(app, j->msg, ev->to, ev->from);
			tui_msg_add_flags(app, j->msg, TUI_MSG_FALLBACK);
		}
		app->retry_until_us = 0;
		tui_notice(app, true, "fell back from %s to %s: %s", ev->from, ev->to, ev->text->str);
		break;
	case JOB_EV_RESULT:
		if (j->hooks != NULL && j->hooks->result != NULL)
			j->hooks->result(app, j, ev);
		else if (j->kind == TUI_JOB_ANALYSIS)
			analysis_result(app, ev);
		break;
	case JOB_EV_DONE:
		if (j->kind == TUI_JOB_CHAT) {
			chat_done(app, j, ev);
		} else if (j->kind == TUI_JOB_ANALYSIS && (j->hooks == NULL || j->hooks->done == NULL)) {
			analysis_done(app, ev);
		}
		if (j->hooks != NULL && j->hooks->done != NULL)
			j->hooks->done(app, j, ev);
		g_hash_table_remove(app->running, GUINT_TO_POINTER(ev->job_id));
		tui_dirty(app, PANE_STATUS, TUI_REPAINT);
		break;
	}
}

static void
drain_events(TuiApp *app)
{
	JobEvent *ev;
	while ((ev = jobs_next_event(app->jobs)) != NULL) {
		/* The conversation's request first; the rest are the interface's own jobs. */
		if (!convo_handle_event(app->cv, ev))
			handle_event(app, ev);
		jobs_event_free(ev);
	}
	send_waiting(app);
}

/* ---- signals --------------------------------------------------------------------------------- */

static void
take_signals(TuiApp *app)
{
	int sig;
	while ((sig = tui_screen_next_signal()) != 0) {
		if (sig == SIGWINCH) {
			loop.resize_pending = true;
		} else if (sig == SIGINT) {
			/* Ctrl-C arrives as a key in raw mode; a SIGINT comes from elsewhere. */
			if (!tui_cancel_focused(app)) {
				app->exit_status = 130;
				tui_quit(app);
			}
		} else if (sig == SIGTERM || sig == SIGHUP) {
			app->exit_status = 128 + sig;
			tui_quit(app);
		} else if (sig == SIGCONT) {
			reset_prog_mode();
			act_redraw(app);
			loop.resize_pending = true;
		}
	}
}

/* ---- modal questions ---------------------------------------------------------------------- */

static void
modal_answer(TuiApp *app, int choice, void *data)
{
	*(int *)data = choice;
}

int
tui_ask_modal(TuiApp *app, const char *question, const TuiChoice *choices, int n, int dflt)
{
	/* A replay feeds keys from its file between passes of the loop, not here. */
	if (loop.replay != NULL || app->quit)
		return -1;
	int answer = -2;
	tui_ask(app, question, choices, n, dflt, modal_answer, &answer, NULL);
	while (answer == -2 && app->ask != NULL) {
		if (loop.resize_pending)
			apply_resize(app);
		tui_render_now(app);
		struct pollfd fds[2] = {
			{ STDIN_FILENO, POLLIN, 0 },
			{ tui_screen_signal_fd(), POLLIN, 0 },
		};
		if (poll(fds, 2, -1) < 0 && errno != EINTR)
			break;
		int sig;
		while ((sig = tui_screen_next_signal()) != 0) {
			if (sig == SIGWINCH || sig == SIGCONT)
				loop.resize_pending = true;
			else if (sig == SIGTERM || sig == SIGHUP) {
				app->exit_status = 128 + sig;
				tui_quit(app);
			}
		}
		if (app->quit || (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)))
			break;
		TuiInput in;
		while (answer == -2 && app->ask != NULL && tui_keys_read(&in)) {
			if (in.kind == TUI_IN_RESIZE)
				loop.resize_pending = true;
			else if (in.kind == TUI_IN_KEY && !tui_ask_key(app, in.key))
				tui_quit(app); /* C-q: no, and leave */
		}
	}
	if (answer == -2)
		tui_ask_cancel(app);
	tui_dirty(app, PANE_STATUS, TUI_REPAINT);
	return answer < 0 ? -1 : answer;
}

/* ---- frames ------------------------------------------------------------------------------------ */

static bool
any_dirty(const TuiApp *app)
{
	for (int i = 0; i < PANE__COUNT; i++)
		if (app->panes[i].dirty && app->panes[i].win != NULL)
			return true;
	return app->frame_due;
}

static void
draw_too_small(TuiApp *app)
{
	werase(stdscr);
	g_autofree char *msg = g_strdup_printf("The terminal is too small (%dx%d); aurelis needs "
					       "%dx%d.", app->cols, app->rows, TUI_MIN_COLS,
					       TUI_MIN_ROWS);
	mvwaddnstr(stdscr, 0, 0, msg, app->cols * app->rows);
	wnoutrefresh(stdscr);
}

void
tui_render_now(TuiApp *app)
{
	int want = tui_input_rows(app, app->cols);
	if (!app->too_small && app->panes[PANE_INPUT].h != CLAMP(want, 1, MAX(app->rows / 3, 1)))
		tui_relayout(app);
	if (app->too_small) {
		draw_too_small(app);
	} else {
		for (int i = 0; i < PANE__COUNT; i++) {
			TuiPane *p = &app->panes[i];
			if (p->win == NULL || p->dirty == 0)
				continue;
			p->ops->draw(p);
			p->dirty = 0;
			wnoutrefresh(p->win);
		}
		if (app->picker != NULL)
			tui_picker_draw(app);
		if (app->help_open)
			tui_help_draw(app);
	}
	bool cursor = app->focus == PANE_INPUT && !app->help_open && app->picker == NULL &&
		      app->ask == NULL && !app->too_small && app->panes[PANE_INPUT].win != NULL;
	curs_set(cursor ? 1 : 0);
	if (cursor) {
		tui_input_place_cursor(app);
		wnoutrefresh(app->panes[PANE_INPUT].win);
	}
	doupdate();
	app->frame_due = false;
	app->frames++;
	app->last_frame_us = g_get_monotonic_time();
	if (app->done_frame_pending) {
		app->done_frame_pending = false;
		app->last_done_frame_us = app->last_frame_us;
	}
}

/* Milliseconds poll() may sleep. */
static int
poll_timeout(TuiApp *app, int64_t now, int replay_ms)
{
	int64_t next = -1;
	if (any_dirty(app))
		next = MAX(app->last_frame_us + FRAME_US - now, 0);
	int64_t tick = tui_status_next_tick(app, now);
	if (tick >= 0)
		next = next < 0 ? tick : MIN(next, tick);
	int ms = next < 0 ? -1 : (int)((next + 999) / 1000);
	if (replay_ms >= 0)
		ms = ms < 0 ? replay_ms : MIN(ms, replay_ms);
	return ms;
}

static void
tick(TuiApp *app, int64_t now)
{
	if (jobs_active(app->jobs) > 0 && now >= loop.next_spin_us) {
		app->spinner++;
		loop.next_spin_us = now + G_USEC_PER_SEC / 10;
		if (config_get_bool(app->ctx->cfg, "ui.animations"))
			tui_dirty(app, PANE_STATUS, TUI_REPAINT);
	}
	if (app->retry_until_us > 0 || (app->notice != NULL && app->notice_until_us <= now)) {
		if (app->notice != NULL && app->notice_until_us <= now)
			g_clear_pointer(&app->notice, g_free);
		if (app->retry_until_us > 0 && app->retry_until_us <= now)
			app->retry_until_us = 0;
		tui_dirty(app, PANE_STATUS, TUI_REPAINT);
	}
}

static void
run_loop(TuiApp *app)
{
	int replay_ms = loop.replay ? 0 : -1;
	while (!app->quit) {
		int64_t now = g_get_monotonic_time();
		struct pollfd fds[3] = {
			{ loop.replay ? -1 : STDIN_FILENO, POLLIN, 0 },
			{ jobs_wake_fd(app->jobs), POLLIN, 0 },
			{ tui_screen_signal_fd(), POLLIN, 0 },
		};
		if (poll(fds, 3, poll_timeout(app, now, replay_ms)) < 0 && errno != EINTR)
			break;
		now = g_get_monotonic_time();
		take_signals(app);
		drain_events(app);
		if (loop.resize_pending)
			apply_resize(app);
		bool keyed = false;
		if (fds[0].revents & POLLIN)
			keyed = read_input(app);
		else if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			tui_quit(app); /* the terminal went away */
		if (loop.resize_pending)
			apply_resize(app);
		tick(app, now);
		if (loop.replay != NULL)
			replay_ms = tui_replay_run(loop.replay, app);
		if (any_dirty(app) && (keyed || now - app->last_frame_us >= FRAME_US))
			tui_render_now(app);
	}
}

/* ---- set-up and tear-down ---------------------------------------------------------------- */

/* Leaving with an answer in flight: stop it and let the conversation record its partial
 * text, as the line shell does, for at most a few seconds. */
static void
finish_conversation(TuiApp *app)
{
	if (!convo_cancel(app->cv))
		return;
	int64_t end = g_get_monotonic_time() + 3 * G_USEC_PER_SEC;
	while (convo_busy(app->cv) && g_get_monotonic_time() < end) {
		struct pollfd p = { jobs_wake_fd(app->jobs), POLLIN, 0 };
		(void)poll(&p, 1, 100);
		JobEvent *ev;
		while ((ev = jobs_next_event(app->jobs)) != NULL) {
			if (!convo_handle_event(app->cv, ev))
				handle_event(app, ev);
			jobs_event_free(ev);
		}
	}
}


static void
init_panes(TuiApp *app)
{
	for (int i = 0; i < PANE__COUNT; i++) {
		app->panes[i].ops = pane_ops[i];
		app->panes[i].app = app;
		app->panes[i].id = (TuiPaneId)i;
	}
	tui_conv_init(&app->panes[PANE_CONVERSATION]);
	tui_code_init(&app->panes[PANE_CODE]);
	tui_findings_init(&app->panes[PANE_ANALYSIS]);
	tui_input_init(&app->panes[PANE_INPUT]);
}

static void
free_panes(TuiApp *app)
{
	for (int i = 0; i < PANE__COUNT; i++) {
		TuiPane *p = &app->panes[i];
		if (p->ops->free != NULL)
			p->ops->free(p);
		if (p->win != NULL)
			delwin(p->win);
		p->win = NULL;
	}
}

/* Key and theme problems from the configuration, shown where the user will see them. */
static void
show_warnings(TuiApp *app, GPtrArray *warnings)
{
	for (guint i = 0; i < warnings->len; i++) {
		g_autofree char *text = g_strdup_printf("warning: %s", (char *)warnings->pdata[i]);
		tui_conv_add(app, TUI_MSG_NOTICE, text, NULL);
		log_msg(LOG_WARN, "tui_warning", "%s", (char *)warnings->pdata[i]);
	}
	if (warnings->len > 0)
		tui_notice(app, true, "%u warning%s about keys or the theme: see the conversation",
			   warnings->len, warnings->len == 1 ? "" : "s");
}

static void
write_stats(TuiApp *app)
{
	const char *path = g_getenv("AURELIS_TUI_STATS");
	if (path == NULL || *path == '\0')
		return;
	g_autofree char *text = g_strdup_printf(
		"{\"frames\": %" G_GUINT64_FORMAT
		", \"delta_bytes\": %" G_GUINT64_FORMAT ", \"last_emit_us\": %" G_GINT64_FORMAT
		", \"last_delta_us\": %" G_GINT64_FORMAT ", \"done_frame_us\": %" G_GINT64_FORMAT "}\n",
		app->frames, app->delta_bytes, demo_last_emit_us(),
		app->last_delta_us, app->last_done_frame_us);
	(void)g_file_set_contents(path, text, -1, NULL);
}

static void
app_free(TuiApp *app)
{
	tui_layout_save(&app->layout, NULL);
	tui_input_save_history(app);
	jobs_free(app->jobs); /* first: a request still running uses the conversation's token */
	convo_free(app->cv);
	demo_free(app->demo);
	if (app->help_open)
		tui_help_close(app);
	tui_picker_free(app);
	tui_ask_free(app);
	tui_edit_free(app);
	free_panes(app);
	keymap_free(app->keymap);
	tui_theme_free(app);
	g_hash_table_destroy(app->running);
	g_string_free(app->paste, TRUE);
	g_free(app->notice);
	g_free(app->retry_reason);
	g_free(app->meter);
	g_free(app->shown_session);
	g_queue_clear_full(&app->waiting, g_free);
}

/* The conversation, on the interface's worker pool, continuing the session it was given. */
static void
start_convo(TuiApp *app, AurContext *ctx, const TuiOptions *opts, Session *session)
{
	tui_face_init(app);
	ConvoOptions co = { .cfg = ctx->cfg, .jobs = app->jobs, .face = &app->face,
			    .model = opts->model, .theme = app->theme_name,
			    .cache = cache_policy(ctx->cfg, ctx->no_cache, false), .command = "shell",
			    /* The screen never waits on the network: the model picker fetches the
			     * catalogue in the background. */
			    .no_wait = true };
	app->cv = convo_new(&co, session);
	tui_face_show_session(app);
	if (opts->note != NULL)
		tui_conv_add(app, TUI_MSG_NOTICE, opts->note, NULL);
	tui_face_refresh(app);
}

/* Takes session and demo, whether it succeeds or not. */
static bool
app_init(TuiApp *app, AurContext *ctx, const TuiOptions *opts, Session *session, DemoChat *demo,
	 AurError **err)
{
	app->ctx = ctx;
	app->opts = opts;
	app->demo = demo;
	app->jobs = jobs_new((int)config_get_int(ctx->cfg, "request.concurrency"), err);
	if (app->jobs == NULL) {
		session_free(session);
		g_clear_pointer(&app->demo, demo_free);
		return false;
	}
	app->running = g_hash_table_new_full(NULL, NULL, NULL, job_free);
	app->paste = g_string_new(NULL);
	app->focus = PANE_INPUT;
	app->last_pane = PANE_CONVERSATION;
	app->requests_left = -1;
	g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
	app->keymap = keymap_new_default();
	keymap_apply_config(app->keymap, ctx->cfg, warnings);
	tui_theme_init(app, config_get_string(ctx->cfg, "ui.theme"), warnings);
	tui_layout_load(&app->layout);
	init_panes(app);
	tui_keys_init();
	start_convo(app, ctx, opts, session);
	show_warnings(app, warnings);
	return true;
}

/* Refuse a terminal too small to be useful before taking it over. */
static bool
big_enough(AurError **err)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    (ws.ws_row < TUI_MIN_ROWS || ws.ws_col < TUI_MIN_COLS)) {
		aur_error_set(err, AUR_ERR_USAGE, "Enlarge the window, or use the one-shot commands.",
			      "the terminal is %dx%d; the full-screen interface needs %dx%d",
			      ws.ws_col, ws.ws_row, TUI_MIN_COLS, TUI_MIN_ROWS);
		return false;
	}
	return true;
}

bool
tui_supported(AurError **err)
{
	bool replay = g_getenv("AURELIS_TUI_REPLAY") != NULL;
	return tui_screen_check(replay, err) && (replay || big_enough(err));
}

static bool
open_screen(AurContext *ctx, AurError **err)
{
	TuiScreenOptions so = {
		.alt_screen = config_get_bool(ctx->cfg, "ui.alt_screen"),
		.mouse = config_get_bool(ctx->cfg, "ui.mouse"),
		.color = !ctx->no_color && g_getenv("NO_COLOR") == NULL,
		.replay = loop.replay != NULL,
	};
	if (so.replay)
		tui_replay_size(&so.replay_rows, &so.replay_cols);
	else if (!tui_screen_check(false, err))
		return false;
	if (!so.replay && !big_enough(err))
		return false;
	return tui_screen_open(&so, err);
}

int
tui_run(AurContext *ctx, const TuiOptions *opts, AurError **err)
{
	const char *replay = g_getenv("AURELIS_TUI_REPLAY");
	g_autoptr(Session) session = opts->session;
	memset(&loop, 0, sizeof loop);
	g_autoptr(DemoChat) demo = demo_from_env(err);
	if (demo == NULL && *err != NULL)
		return aur_error_exit_code((*err)->category);
	if (replay != NULL && *replay != '\0') {
		loop.replay = tui_replay_open(replay, g_getenv("AURELIS_TUI_DUMP"), err);
		if (loop.replay == NULL)
			return aur_error_exit_code(AUR_ERR_INPUT);
	}
	if (!open_screen(ctx, err)) {
		tui_replay_free(loop.replay);
		return TUI_UNSUPPORTED;
	}
	/* The log file stays; its mirror on stderr would scribble over the screen. */
	log_set_stderr(false);
	log_msg(LOG_INFO, "tui_start", "%dx%d", COLS, LINES);
	TuiApp app = { 0 };
	int status = 0;
	if (app_init(&app, ctx, opts, g_steal_pointer(&session), g_steal_pointer(&demo), err)) {
		app.rows = LINES;
		app.cols = COLS;
		tui_relayout(&app);
		tui_dirty_all(&app, TUI_REPAINT);
		tui_render_now(&app);
		run_loop(&app);
		finish_conversation(&app);
		status = app.exit_status;
		write_stats(&app);
		app_free(&app);
	} else {
		status = aur_error_exit_code((*err)->category);
	}
	tui_screen_close();
	tui_replay_free(loop.replay);
	log_set_stderr(ctx->verbose > 0);
	log_msg(LOG_INFO, "tui_stop", "status %d", status);
	return status;
}
