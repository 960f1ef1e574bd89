/* SPDX-License-Identifier: MIT */
/* `aurelis shell` (and `aurelis` alone on a terminal): the interactive interface. */
#include "autoconfig.h"

#include "../ui/tui.h"
#include "app.h"
#include "cache.h"
#include "chatsess.h"
#include "cmds.h"
#include "demo.h"

static const AurOption shell_options[] = {
	{ "line", 0, OPT_FLAG, NULL, "use the line-mode shell instead of the full screen",
	  COMPLETE_NONE, NULL },
	{ "session", 's', OPT_VALUE, "NAME", "resume the session NAME (started when there is "
	  "none)", COMPLETE_SESSION, NULL },
	{ "continue", 'c', OPT_FLAG, NULL, "resume the last session of this project",
	  COMPLETE_NONE, NULL },
	{ NULL, 0, OPT_FLAG, NULL, NULL, COMPLETE_NONE, NULL },
};

/* AURELIS_TUI_DEMO streams a local file instead of asking a model (tests, trying it out). */
static unsigned
start_demo(Jobs *jobs, const TuiChatRequest *req, void *data, AurError **err)
{
	return demo_submit(jobs, data, req->prompt, req->model);
}

/* ---- the model: chatsess.c does the work; these adapt it to the interface's hooks ------- */

static unsigned
start_chat(Jobs *jobs, const TuiChatRequest *req, void *data, AurError **err)
{
	/* The session, not the screen, holds the history the request carries. */
	return chatsess_ask(data, jobs, req->prompt, err);
}

static char *
chat_result(unsigned job_id, void *payload, GDestroyNotify free_payload, void *data)
{
	(void)free_payload; /* always chatjob_outcome_free: chatsess_finish takes it */
	return chatsess_finish(data, job_id, payload);
}

static void
chat_status(void *data, TuiChatStatus *out)
{
	ChatSessStatus st;
	chatsess_status(data, &st);
	out->session = g_steal_pointer(&st.session);
	out->context_tokens = st.context_tokens;
	out->context_limit = st.context_limit;
	out->requests_left = st.requests_left;
}

/* --session NAME: that session, or a new one by that name; --continue: the project's last
 * one.  NULL without err: a new, unnamed session. */
static Session *
open_session(const AurArgs *args, AurError **err)
{
	const char *name = args_value(args, "session");
	if (name != NULL && args_flag(args, "continue")) {
		cli_usage_error(err, &cmd_shell, "--session and --continue cannot be combined");
		return NULL;
	}
	if (args_flag(args, "continue")) {
		g_autoptr(AurError) e = NULL;
		Session *s = session_open_last(NULL, &e);
		if (s == NULL && e->category != AUR_ERR_NOT_FOUND)
			*err = g_steal_pointer(&e);
		return s; /* none yet in this project: a new one */
	}
	if (name == NULL)
		return NULL;
	g_autoptr(AurError) e = NULL;
	Session *s = session_open(name, &e);
	if (s != NULL || e->category != AUR_ERR_NOT_FOUND || !session_name_valid(name, NULL)) {
		if (s == NULL)
			*err = g_steal_pointer(&e);
		return s;
	}
	return session_create(name, NULL, NULL, err);
}

/* The turns of a resumed session, for the conversation pane.  Strings belong to s. */
static GArray *
shown_turns(Session *s)
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(TuiTurn));
	for (guint i = 0; s != NULL && i < session_n_turns(s); i++) {
		const SessionTurn *t = session_turn(s, i);
		TuiTurn u = { "user", t->user }, m = { "assistant", t->answer };
		g_array_append_val(a, u);
		g_array_append_val(a, m);
	}
	return a;
}

static int
run_tui(AurContext *ctx, AurArgs *args, Session *session, DemoChat *demo)
{
	g_autoptr(AurError) e = NULL;
	ChatSessOptions co = { .cfg = ctx->cfg, .model = app_model_override(args), .command = "shell",
			       .cache = cache_policy(ctx->cfg, ctx->no_cache, false) };
	g_autoptr(ChatSess) cs = chatsess_new(&co, session);
	g_autoptr(GArray) turns = shown_turns(chatsess_session(cs));
	TuiOptions opts = {
		.start_chat = demo ? start_demo : start_chat,
		.start_chat_data = demo ? (void *)demo : (void *)cs,
		.chat_result = demo ? NULL : chat_result,
		.chat_status = demo ? NULL : chat_status,
		.model = chatsess_model(cs),
		.history = (const TuiTurn *)(void *)turns->data,
		.nhistory = turns->len,
	};
	/* tui_run() stops every job before it returns: nothing uses cs afterwards. */
	int rc = tui_run(ctx, &opts, &e);
	if (rc == TUI_UNSUPPORTED) {
		/* The line-mode shell will take over here; until then say why and stop. */
		return aur_error_report(e);
	}
	if (e != NULL)
		return aur_error_report(e);
	return rc;
}

static int
run_shell(AurContext *ctx, AurArgs *args)
{
	g_autoptr(AurError) e = NULL;
	if (args_flag(args, "line")) {
		aur_error_set(&e, AUR_ERR_USAGE, "Run `aurelis shell` without --line in a terminal of "
						 "at least 40x10 for the full-screen interface.",
			      "the line-mode shell is not available in this build yet");
		return aur_error_report(e);
	}
	g_autoptr(DemoChat) demo = demo_from_env(&e);
	if (demo == NULL && e != NULL)
		return aur_error_report(e);
	Session *session = open_session(args, &e);
	if (session == NULL && e != NULL)
		return aur_error_report(e);
	return run_tui(ctx, args, session, demo);
}

const AurCommand cmd_shell = {
	.name = "shell",
	.summary = "the interactive full-screen interface (the default on a terminal)",
	.usage = "[--line] [--session NAME | --continue] [OPTIONS]",
	.description = "Opens the full-screen interface: the conversation, a code preview, analysis "
		       "results, an input line and a status bar.  Each prompt goes to the chat "
		       "route's model with the session's history that fits its input, and each "
		       "answer is appended to the session (a new one unless --session or "
		       "--continue).  F1 lists the keys; see KEY BINDINGS in aurelis(1).  `aurelis` "
		       "with no command does the same when standard input and output are a terminal.",
	.options = shell_options,
	.run = run_shell,
};
