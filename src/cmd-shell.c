/* SPDX-License-Identifier: MIT */
/* `aurelis shell`: the interactive shell, resuming a session or starting one. */
#include "autoconfig.h"

#include <string.h>

#include "../ui/line.h"
#include "app.h"
#include "cmds.h"
#include "session.h"

static const AurOption shell_options[] = {
	{ "line", 0, OPT_FLAG, NULL, "the readline line-mode shell, even where the full screen "
	  "would run", COMPLETE_NONE, NULL },
	{ "session", 's', OPT_VALUE, "NAME", "resume the session NAME (started when there is "
	  "none)", COMPLETE_SESSION, NULL },
	{ "continue", 'c', OPT_FLAG, NULL, "resume the last session of this project",
	  COMPLETE_NONE, NULL },
	{ NULL, 0, 0, NULL, NULL, 0, NULL },
};

/* What the shell starts with. */
typedef struct {
	Session *session;
	bool resumed;
	char *note;
	bool line;      /* line mode was asked for */
} ShellStart;

/* --session NAME: the saved session, or a new one of that name. */
static Session *
open_named(const char *name, ShellStart *st, AurError **err)
{
	g_autoptr(AurError) e = NULL;
	Session *s = session_open(name, &e);
	if (s != NULL) {
		st->resumed = true;
		return s;
	}
	if (e->category != AUR_ERR_NOT_FOUND || !session_name_valid(name, NULL)) {
		*err = g_steal_pointer(&e);
		return NULL;
	}
	s = session_new(name, NULL, NULL);
	if (!session_save(s, err)) {
		session_free(s);
		return NULL;
	}
	/* A near name may be what was meant: say so, the new session is harmless. */
	st->note = g_strdup_printf("new session %s%s%s", name, e->hint ? "; " : "",
				   e->hint && strstr(e->hint, "Did you mean") ? e->hint : "");
	return s;
}

static Session *
open_last(ShellStart *st, AurError **err)
{
	g_autoptr(AurError) e = NULL;
	Session *s = session_open_last(NULL, &e);
	if (s != NULL) {
		st->resumed = true;
		return s;
	}
	if (e->category != AUR_ERR_NOT_FOUND) {
		*err = g_steal_pointer(&e);
		return NULL;
	}
	st->note = g_strdup("no earlier session in this project: starting a new one");
	return session_new(NULL, NULL, NULL);
}

/* The option handling of `shell`, kept in one function so that it can move. */
static bool
shell_start(const AurArgs *args, ShellStart *st, AurError **err)
{
	memset(st, 0, sizeof *st);
	const char *name = args_value(args, "session");
	bool cont = args_flag(args, "continue");
	st->line = args_flag(args, "line");
	if (name != NULL && cont) {
		cli_usage_error(err, &cmd_shell, "--session and --continue cannot be combined");
		return false;
	}
	if (args_npos(args) > 0) {
		cli_usage_error(err, &cmd_shell, "shell takes no arguments; type questions at its "
				"prompt or pipe them in");
		return false;
	}
	if (name != NULL)
		st->session = open_named(name, st, err);
	else if (cont)
		st->session = open_last(st, err);
	else
		st->session = session_new(NULL, NULL, NULL);
	return st->session != NULL;
}

static int
run_shell(AurContext *ctx, AurArgs *args)
{
	g_autoptr(AurError) e = NULL;
	if (ctx->json) {
		aur_error_set(&e, AUR_ERR_USAGE, "`aurelis session export NAME --format json` gives a "
			      "session as JSON.", "shell has no --json output");
		return aur_error_report(e);
	}
	ShellStart st;
	if (!shell_start(args, &st, &e))
		return aur_error_report(e);
	/* The full-screen interface is not part of this build: line mode runs everywhere,
	 * which is also what a dumb, small or non-terminal needs
	 * (line_why_not_full_screen(80, 24) tells those apart). */
	LineOptions o = { .cfg = ctx->cfg, .session = st.session, .model = app_model_override(args),
			  .show_recent = st.resumed, .note = st.note };
	int rc = line_run(&o);
	g_free(st.note);
	return rc;
}

const AurCommand cmd_shell = {
	.name = "shell",
	.summary = "the interactive shell: a conversation with slash commands and sessions",
	.usage = "[--line] [--session NAME | --continue] [--model ID]",
	.description = "On a terminal, a readline prompt showing the model and the token meter; "
		       "answers stream in rendered while the prompt stays usable.  Lines starting "
		       "with / are commands (/help lists them); others go to the model with the "
		       "conversation so far, within the model's input limit.  Every answer is "
		       "saved in the session as it completes.  With standard input not a terminal, "
		       "lines and commands are read from it, answers are printed as they arrive, "
		       "and the shell leaves at the end of input.",
	.options = shell_options,
	.positional = COMPLETE_NONE,
	.network = true,
	.run = run_shell,
};
