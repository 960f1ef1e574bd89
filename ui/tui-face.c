/* SPDX-License-Identifier: MIT */
/* The full-screen interface as a Face: what the conversation and the slash commands say
 * goes to the conversation pane and the status bar. */
#include "autoconfig.h"

#include <string.h>

#include "clipboard.h"
#include "commands.h"
#include "findings.h"
#include "tui-app.h"
#include "tui-ask.h"
#include "tui-code.h"
#include "tui-conv.h"
#include "tui-findings.h"
#include "tui-palette.h"
#include "tui-pickers.h"
#include "tui-screen.h"

/*
 * Command output is a notice in the conversation (markdown shows as an answer would, so
 * /diff and /help get their code blocks and headings); one-line statuses go to the status
 * bar, warnings to the conversation as well because a notice fades; errors go to both,
 * with their hint in the conversation.  The answer the conversation streams is one
 * assistant message, labelled at its end with the model and flags the turn was recorded
 * with.
 */

static TuiApp *
app_of(Face *f)
{
	return f->data;
}

static void
face_print(Face *f, const char *text)
{
	g_autofree char *t = g_strchomp(g_strdup(text));
	tui_conv_add(app_of(f), TUI_MSG_NOTICE, t, NULL);
}

static void
face_markdown(Face *f, const char *md)
{
	TuiApp *app = app_of(f);
	TuiMsg *m = tui_conv_add(app, TUI_MSG_ASSISTANT, NULL, "aurelis");
	tui_conv_append(app, m, md, strlen(md));
	tui_conv_finish(app, m, 0);
}

static void
face_status_line(Face *f, FaceStatusKind kind, const char *text)
{
	TuiApp *app = app_of(f);
	if (kind == FACE_WARNING) {
		g_autofree char *t = g_strdup_printf("warning: %s", text);
		tui_conv_add(app, TUI_MSG_NOTICE, t, NULL);
	}
	tui_notice(app, kind == FACE_WARNING, "%s", text);
}

static void
face_show_error(Face *f, const AurError *err)
{
	TuiApp *app = app_of(f);
	g_autofree char *text = g_strdup_printf("%s%s%s", err->message, err->hint ? "\nhint: " : "",
						err->hint ? err->hint : "");
	tui_conv_add(app, TUI_MSG_ERROR, text, NULL);
	tui_notice(app, true, "%s", err->message);
}

static void
face_countdown(Face *f, int64_t left, const char *reason)
{
	TuiApp *app = app_of(f);
	app->retry_until_us = left > 0 ? g_get_monotonic_time() + left * G_USEC_PER_SEC : 0;
	g_free(app->retry_reason);
	app->retry_reason = reason && *reason ? g_strdup(reason) : NULL;
	tui_dirty(app, PANE_STATUS, TUI_REPAINT);
}

static FaceConfirm
face_confirm(Face *f, const char *question)
{
	static const TuiChoice yes_no[] = { { 'y', "yes" }, { 'n', "no" } };
	int c = tui_ask_modal(app_of(f), question, yes_no, 2, 1);
	return c == 0 ? FACE_CONFIRM_YES : FACE_CONFIRM_NO;
}

/* The same choice as the code preview's copy: OSC 52 when it can arrive, else a program. */
static bool
face_clipboard(Face *f, const char *text, size_t len, AurError **err)
{
	TuiApp *app = app_of(f);
	ClipboardEnv env;
	clipboard_env_detect(&env, config_get_string(app->ctx->cfg, "ui.clipboard"));
	ClipboardPlan plan;
	bool ok = clipboard_plan(&env, text, len, &plan, err);
	clipboard_env_clear(&env);
	if (!ok)
		return false;
	if (plan.method == CLIPBOARD_OSC52)
		tui_screen_raw(plan.sequence); /* between frames: nothing else is buffered */
	else
		ok = clipboard_run((const char *const *)plan.argv, text, len, err);
	if (ok && plan.note != NULL)
		tui_notice(app, false, "%s", plan.note);
	clipboard_plan_clear(&plan);
	return ok;
}

static void
face_answer_begin(Face *f, const char *model)
{
	TuiApp *app = app_of(f);
	app->answer = tui_conv_add(app, TUI_MSG_ASSISTANT, NULL, model);
	/* Turns of a session shown again (/load) are not in flight. */
	if (convo_busy(app->cv)) {
		tui_msg_add_flags(app, app->answer, TUI_MSG_STREAMING);
		tui_code_follow_latest(app);
		app->last_cached = false;
	}
}

static void
face_answer_delta(Face *f, const char *text, size_t len)
{
	TuiApp *app = app_of(f);
	if (app->answer == NULL)
		return;
	tui_conv_append(app, app->answer, text, len);
	if (convo_busy(app->cv)) {
		app->delta_bytes += len;
		app->last_delta_us = g_get_monotonic_time();
	}
}

static unsigned
msg_flags(unsigned turn_flags)
{
	return ((turn_flags & SESSION_TURN_CACHED) ? TUI_MSG_CACHED : 0) |
	       ((turn_flags & SESSION_TURN_CANCELLED) ? TUI_MSG_CANCELLED : 0) |
	       ((turn_flags & SESSION_TURN_FALLBACK) ? TUI_MSG_FALLBACK : 0) |
	       ((turn_flags & SESSION_TURN_CUT) ? TUI_MSG_CUT : 0);
}

static void
face_answer_end(Face *f, const FaceAnswer *a)
{
	TuiApp *app = app_of(f);
	TuiMsg *m = app->answer;
	app->answer = NULL;
	if (m == NULL)
		return;
	bool live = (tui_msg_flags(m) & TUI_MSG_STREAMING) != 0;
	if (a->model != NULL)
		tui_msg_set_model(app, m, a->model, a->fallback_from);
	if (a->tokens_in >= 0 && a->tokens_out >= 0) {
		tui_msg_set_usage(app, m, a->tokens_in, a->tokens_out);
		if (live) {
			app->tokens_in += a->tokens_in;
			app->tokens_out += a->tokens_out;
		}
	}
	tui_conv_finish(app, m, msg_flags(a->flags) | (a->error ? TUI_MSG_FAILED : 0));
	if (!live)
		return;
	app->last_cached = (a->flags & SESSION_TURN_CACHED) != 0;
	app->retry_until_us = 0;
	app->done_frame_pending = true;
	if (a->error != NULL)
		face_show_error(f, a->error);
	if (a->flags & SESSION_TURN_FALLBACK)
		tui_notice(app, true, "fell back from %s to %s", a->fallback_from ? a->fallback_from : "?",
			   a->model ? a->model : "?");
}

void
tui_face_refresh(TuiApp *app)
{
	g_free(app->meter);
	app->meter = convo_meter_text(app->cv);
	app->requests_left = convo_requests_left(app->cv);
	tui_dirty(app, PANE_STATUS, TUI_REPAINT);
}

static void
face_changed(Face *f, unsigned what)
{
	TuiApp *app = app_of(f);
	Session *s = convo_session(app->cv);
	if ((what & FACE_CHANGED_SESSION) && g_strcmp0(app->shown_session, session_id(s)) != 0) {
		/* Another session (/new, /load, a picker): what follows is about it. */
		tui_conv_clear(app);
		g_free(app->shown_session);
		app->shown_session = g_strdup(session_id(s));
		app->shown_cleared = session_cleared_after(s);
	} else if (app->shown_cleared != session_cleared_after(s) && !convo_busy(app->cv)) {
		/* /clear: the pane shows what later requests carry, as after a restart. */
		tui_face_show_session(app);
	}
	if ((what & FACE_CHANGED_THEME) && g_strcmp0(app->theme_name, convo_theme(app->cv)) != 0) {
		g_autofree char *why = NULL;
		if (!tui_theme_switch(app, convo_theme(app->cv), &why))
			tui_notice(app, true, "%s", why);
	}
	if (what & (FACE_CHANGED_MODEL | FACE_CHANGED_SESSION | FACE_CHANGED_METER))
		tui_face_refresh(app);
	tui_dirty(app, PANE_STATUS, TUI_REPAINT);
}

void
tui_face_show_session(TuiApp *app)
{
	Session *s = convo_session(app->cv);
	tui_conv_clear(app);
	g_free(app->shown_session);
	app->shown_session = g_strdup(session_id(s));
	guint cleared = session_cleared_after(s);
	app->shown_cleared = cleared;
	if (cleared > 0) {
		g_autofree char *t = g_strdup_printf("%u earlier turn%s were cleared and are not sent "
						     "again.", cleared, cleared == 1 ? "" : "s");
		tui_conv_add(app, TUI_MSG_NOTICE, t, NULL);
	}
	for (guint i = 0; i < session_n_turns(s); i++) {
		const SessionTurn *t = session_turn(s, i);
		if (t->n <= cleared)
			continue;
		tui_conv_add(app, TUI_MSG_USER, t->user ? t->user : "", NULL);
		TuiMsg *a = tui_conv_add(app, TUI_MSG_ASSISTANT, t->answer ? t->answer : "", t->model);
		if (t->fallback_from != NULL)
			tui_msg_set_model(app, a, t->model, t->fallback_from);
		if (t->tokens_in >= 0 && t->tokens_out >= 0)
			tui_msg_set_usage(app, a, t->tokens_in, t->tokens_out);
		tui_conv_finish(app, a, msg_flags(t->flags));
	}
	const GPtrArray *warn = session_warnings(s);
	for (guint i = 0; i < warn->len; i++)
		face_status_line(&app->face, FACE_WARNING, warn->pdata[i]);
}

/* ---- the full screen's own commands ------------------------------------------------------- */

static void
start_findings(TuiApp *app, const char *path, bool analyze)
{
	FindingsRequest *r = findings_request_new(path, analyze);
	unsigned id = jobs_submit(app->jobs, "analysis", findings_job, r, findings_request_free);
	tui_track_job(app, TUI_JOB_ANALYSIS, id, NULL);
	g_autofree char *what = g_strdup_printf("%s %s", analyze ? "analysing" : "loading", path);
	tui_findings_busy(app, what);
}

static bool
open_file(TuiApp *app, const char *path)
{
	g_autoptr(AurError) e = NULL;
	if (!tui_code_show_file(app, path, NULL, 0, &e)) {
		face_show_error(&app->face, e);
		return false;
	}
	tui_focus(app, PANE_CODE);
	return true;
}

static bool
face_command(Face *f, const SlashCall *call)
{
	TuiApp *app = app_of(f);
	const char *name = call->cmd->name;
	const char *arg = call->argc > 0 ? call->argv[0] : NULL;
	if (strcmp(name, "open") == 0)
		return open_file(app, arg);
	if (strcmp(name, "findings") == 0 || strcmp(name, "analyze") == 0) {
		bool analyze = name[0] == 'a';
		start_findings(app, arg ? arg : ".", analyze);
		return true;
	}
	if (strcmp(name, "cancel") == 0) {
		if (!tui_cancel_focused(app))
			tui_notice(app, false, "nothing to cancel");
		return true;
	}
	if (strcmp(name, "palette") == 0)
		tui_palette_open(app);
	else if (strcmp(name, "model") == 0)
		tui_pickers_model(app);
	else if (strcmp(name, "sessions") == 0)
		tui_pickers_session(app);
	else if (strcmp(name, "files") == 0)
		tui_pickers_file(app);
	else if (strcmp(name, "theme") == 0)
		tui_pickers_theme(app);
	else
		return face_fail(f, AUR_ERR_USAGE, "/help lists the commands.",
				 "/%s has no full-screen form", name);
	return true;
}

static const FaceOps tui_face_ops = {
	.print = face_print,
	.markdown = face_markdown,
	.status = face_status_line,
	.error = face_show_error,
	.countdown = face_countdown,
	.confirm = face_confirm,
	.clipboard = face_clipboard,
	.answer_begin = face_answer_begin,
	.answer_delta = face_answer_delta,
	.answer_end = face_answer_end,
	.changed = face_changed,
	.command = face_command,
};

void
tui_face_init(TuiApp *app)
{
	app->face = (Face){ &tui_face_ops, app };
}
