/* SPDX-License-Identifier: MIT */
/* Slash commands of the full-screen interface and their completion. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "theme.h"
#include "tui-cmds.h"
#include "tui-code.h"
#include "tui-conv.h"
#include "tui-findings.h"
#include "tui-help.h"
#include "tui-palette.h"
#include "tui-pickers.h"
#include "util.h"

static void
cmd_help(TuiApp *app, const char *arg)
{
	tui_help_open(app);
}

static void
cmd_quit(TuiApp *app, const char *arg)
{
	tui_quit(app);
}

static void
cmd_clear(TuiApp *app, const char *arg)
{
	tui_conv_clear(app);
	tui_notice(app, false, "conversation cleared");
}

static void
cmd_cancel(TuiApp *app, const char *arg)
{
	if (!tui_cancel_focused(app))
		tui_notice(app, false, "nothing to cancel");
}

static void
cmd_theme(TuiApp *app, const char *arg)
{
	if (*arg == '\0') {
		tui_pickers_theme(app);
		return;
	}
	g_autofree char *why = NULL;
	if (tui_theme_switch(app, arg, &why))
		tui_notice(app, false, "theme %s", arg);
	else
		tui_notice(app, true, "%s", why);
}

static void
cmd_open(TuiApp *app, const char *arg)
{
	if (*arg == '\0') {
		tui_notice(app, true, "/open needs a file name");
		return;
	}
	g_autoptr(AurError) e = NULL;
	if (tui_code_show_file(app, arg, NULL, 0, &e))
		tui_focus(app, PANE_CODE);
	else
		tui_notice(app, true, "%s", e->message);
}

static void
start_findings(TuiApp *app, const char *path, bool analyze)
{
	FindingsRequest *r = findings_request_new(path, analyze);
	unsigned id = jobs_submit(app->jobs, "analysis", findings_job, r, findings_request_free);
	tui_track_job(app, TUI_JOB_ANALYSIS, id, NULL);
	g_autofree char *what = g_strdup_printf("%s %s", analyze ? "analysing" : "loading", path);
	tui_findings_busy(app, what);
}

static void
cmd_findings(TuiApp *app, const char *arg)
{
	if (*arg == '\0') {
		tui_notice(app, true, "/findings needs the JSON file that `aurelis analyze "
				      "--format json` wrote");
		return;
	}
	start_findings(app, arg, false);
}

static void
cmd_analyze(TuiApp *app, const char *arg)
{
	start_findings(app, *arg ? arg : ".", true);
}

static void
cmd_model(TuiApp *app, const char *arg)
{
	if (*arg == '\0') {
		tui_pickers_model(app);
		return;
	}
	g_free(app->model);
	app->model = g_strdup(arg);
	tui_dirty(app, PANE_STATUS, TUI_REPAINT);
	tui_notice(app, false, "next answers come from %s", arg);
}

static void
cmd_sessions(TuiApp *app, const char *arg)
{
	tui_pickers_session(app);
}

static void
cmd_files(TuiApp *app, const char *arg)
{
	tui_pickers_file(app);
}

static void
cmd_palette(TuiApp *app, const char *arg)
{
	tui_palette_open(app);
}

/* /add FILE and /drop FILE: the session's context files without the picker. */
static void
context_file(TuiApp *app, const char *arg, bool add)
{
	if (*arg == '\0') {
		tui_notice(app, true, "%s needs a file name (or M-o for the picker)", add ? "/add" : "/drop");
		return;
	}
	Session *s = tui_session(app);
	g_autoptr(AurError) e = NULL;
	if (add ? session_add_file(s, arg, false, &e) : session_drop_file(s, arg, &e))
		tui_notice(app, false, "%s %s the context (%u file%s)", arg, add ? "joined" : "left",
			   session_n_files(s), session_n_files(s) == 1 ? "" : "s");
	else
		tui_notice(app, true, "%s", e->message);
	tui_dirty(app, PANE_STATUS, TUI_REPAINT);
}

static void
cmd_add(TuiApp *app, const char *arg)
{
	context_file(app, arg, true);
}

static void
cmd_drop(TuiApp *app, const char *arg)
{
	context_file(app, arg, false);
}

static const TuiCommand commands[] = {
	{ "/help", "", "show keys and commands", TUI_ARG_NONE, cmd_help },
	{ "/quit", "", "leave aurelis", TUI_ARG_NONE, cmd_quit },
	{ "/exit", "", "leave aurelis", TUI_ARG_NONE, cmd_quit },
	{ "/clear", "", "start the conversation afresh", TUI_ARG_NONE, cmd_clear },
	{ "/cancel", "", "cancel the focused job", TUI_ARG_NONE, cmd_cancel },
	{ "/theme", "[NAME]", "switch the colour theme, or pick one", TUI_ARG_THEME, cmd_theme },
	{ "/open", "FILE", "show a file in the code preview", TUI_ARG_FILE, cmd_open },
	{ "/analyze", "[PATH]", "analyse code and list the findings", TUI_ARG_FILE, cmd_analyze },
	{ "/findings", "FILE", "list findings saved by analyze --format json", TUI_ARG_FILE,
	  cmd_findings },
	{ "/model", "[ID]", "the model for the next answers, or pick one", TUI_ARG_TEXT, cmd_model },
	{ "/sessions", "", "resume, rename or delete a saved session", TUI_ARG_NONE, cmd_sessions },
	{ "/files", "", "add or drop context files", TUI_ARG_NONE, cmd_files },
	{ "/add", "FILE", "add a context file", TUI_ARG_FILE, cmd_add },
	{ "/drop", "FILE", "drop a context file", TUI_ARG_FILE, cmd_drop },
	{ "/palette", "", "every action and command, to run one", TUI_ARG_NONE, cmd_palette },
	{ NULL, NULL, NULL, TUI_ARG_NONE, NULL },
};

const TuiCommand *
tui_cmds_table(void)
{
	return commands;
}

static const TuiCommand *
find(const char *name)
{
	for (const TuiCommand *c = commands; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void
unknown(TuiApp *app, const char *name)
{
	const char *names[G_N_ELEMENTS(commands)];
	size_t n = 0;
	for (const TuiCommand *c = commands; c->name != NULL; c++)
		names[n++] = c->name;
	names[n] = NULL;
	const char *near = util_did_you_mean(name, names);
	if (near != NULL)
		tui_notice(app, true, "unknown command %s; did you mean %s?", name, near);
	else
		tui_notice(app, true, "unknown command %s; /help lists them", name);
}

void
tui_cmds_submit(TuiApp *app, const char *line)
{
	/* "//text" sends a prompt that starts with a slash. */
	if (line[0] != '/' || line[1] == '/') {
		tui_send_prompt(app, line[0] == '/' ? line + 1 : line);
		return;
	}
	const char *sp = line + strcspn(line, " \t\n");
	g_autofree char *name = g_strndup(line, (gsize)(sp - line));
	g_autofree char *arg = g_strstrip(g_strdup(sp));
	const TuiCommand *c = find(name);
	if (c == NULL) {
		unknown(app, name);
		return;
	}
	c->run(app, arg);
}

/* ---- completion ---------------------------------------------------------------------------- */

char *
tui_cmds_complete_name(const char *text, int state)
{
	static const TuiCommand *next;
	if (state == 0)
		next = commands;
	for (; next->name != NULL; next++) {
		if (g_str_has_prefix(next->name, text)) {
			const char *name = next->name;
			next++;
			return strdup(name);
		}
	}
	return NULL;
}

static const TuiCommand *
command_of_line(const char *line)
{
	const char *sp = line + strcspn(line, " \t");
	g_autofree char *name = g_strndup(line, (gsize)(sp - line));
	return find(name);
}

bool
tui_cmds_arg_is_file(const char *line)
{
	const TuiCommand *c = command_of_line(line);
	return c != NULL && c->arg == TUI_ARG_FILE;
}

char *
tui_cmds_complete_arg(const char *line, const char *text, int state)
{
	static GPtrArray *names;
	static guint next;
	if (state == 0) {
		if (names != NULL)
			g_ptr_array_unref(names);
		const TuiCommand *c = command_of_line(line);
		names = c != NULL && c->arg == TUI_ARG_THEME ? theme_list() : NULL;
		next = 0;
	}
	for (; names != NULL && next < names->len; next++) {
		const char *n = names->pdata[next];
		if (g_str_has_prefix(n, text)) {
			next++;
			return strdup(n);
		}
	}
	return NULL;
}
