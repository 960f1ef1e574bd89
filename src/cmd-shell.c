/* SPDX-License-Identifier: MIT */
/* `aurelis shell` (and `aurelis` alone on a terminal): the full-screen interface, or the
 * line-mode shell where the full screen cannot run or --line asks for it. */
#include "autoconfig.h"

#include <string.h>
#include <unistd.h>

#include "../ui/line.h"
#include "../ui/tui.h"
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
run_line(AurContext *ctx, AurArgs *args, ShellStart *st)
{
	LineOptions o = { .cfg = ctx->cfg, .session = st->session, .model = app_model_override(args),
			  .show_recent = st->resumed, .note = st->note, .no_cache = ctx->no_cache };
	st->session = NULL; /* line_run takes it */
	return line_run(&o);
}

/* The full-screen interface; falls back to line mode if the terminal cannot host it. */
static int
run_tui(AurContext *ctx, AurArgs *args, ShellStart *st)
{
	g_autoptr(AurError) e = NULL;
	if (!tui_supported(&e)) {
		/* The terminal cannot host it: carry on in line mode.  Say why on a terminal (too
		 * small, TERM dumb); in a pipe the user is scripting and line mode is the point. */
		if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
			char *note = g_strdup_printf("line mode: %s%s%s", e ? e->message : "no full screen here",
						     st->note ? "; " : "", st->note ? st->note : "");
			g_free(st->note);
			st->note = note;
		}
		return run_line(ctx, args, st);
	}
	/* The interface's conversation takes the session; AURELIS_TUI_DEMO is read there. */
	TuiOptions opts = { .session = g_steal_pointer(&st->session),
			    .model = app_model_override(args), .note = st->note };
	int rc = tui_run(ctx, &opts, &e);
	if (rc == TUI_UNSUPPORTED || e != NULL)
		return aur_error_report(e);
	return rc;
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
	/* Line mode when asked for; otherwise the full screen, which hands over to line mode
	 * when this terminal cannot host it (not a terminal, TERM dumb or unknown, smaller
	 * than 40x10). */
	int rc = st.line ? run_line(ctx, args, &st) : run_tui(ctx, args, &st);
	g_free(st.note);
	session_free(st.session);
	return rc;
}

const AurCommand cmd_shell = {
	.name = "shell",
	.summary = "the interactive interface: full screen on a terminal, else a line shell",
	.usage = "[--line] [--session NAME | --continue] [--model ID]",
	.description = "On a capable terminal, the full-screen interface: the conversation, a code "
		       "preview, analysis results, an input line and a status bar (F1 lists the keys; "
		       "see KEY BINDINGS in aurelis(1)).  With --line, or where the full screen "
		       "cannot run (TERM=dumb, smaller than 40x10, not a terminal), a readline prompt "
		       "showing the model and the token meter; answers stream in rendered while the "
		       "prompt stays usable.  Lines starting with / are commands (/help lists them); "
		       "others go to the model with the conversation so far, within the model's input "
		       "limit.  Every answer is saved in the session as it completes.  With standard "
		       "input not a terminal, lines and commands are read from it, answers are "
		       "printed as they arrive, and the shell leaves at the end of input.  `aurelis` "
		       "with no command opens the full screen when standard input and output are a "
		       "terminal.",
	.options = shell_options,
	.positional = COMPLETE_NONE,
	.network = true,
	.run = run_shell,
};
