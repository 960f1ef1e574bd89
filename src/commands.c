/* SPDX-License-Identifier: MIT */
/* The slash-command table and everything generated from it: parsing, dispatch, help, the
 * man page section and completion. */
#include "autoconfig.h"

#include <string.h>

#include "commands-handlers.h"
#include "paths.h"
#include "router.h"
#include "session-index.h"
#include "theme.h"
#include "util.h"

static SlashStatus run_help(Convo *cv, const SlashCall *call);
static SlashStatus run_quit(Convo *cv, const SlashCall *call);
static SlashStatus run_full_screen(Convo *cv, const SlashCall *call);

#define ANY (-1)

/* Help texts are plain sentences: they go into markdown (/help) and roff (the man page)
 * as they are, so they avoid markup characters. */
static const SlashCommand table[] = {
	{ "help", "?", "[COMMAND]", 0, 1, SLASH_ARG_COMMAND, SLASH_ARG_NONE, NULL, NULL,
	  "list the commands, or explain one",
	  "Without a name, lists every command with a line about it; with one, shows its "
	  "arguments and what it does.", run_help, SLASH_ANY_FACE },
	{ "model", NULL, "[ID]", 0, 1, SLASH_ARG_MODEL, SLASH_ARG_NONE, NULL, NULL,
	  "show the model, or switch to another",
	  "Without an id, shows the model the next question goes to and why. With one, checks it "
	  "against the model catalogue (suggesting the nearest id for a typo), makes it the "
	  "first choice for every request and records it in the session. Fallbacks from the "
	  "route still apply when it fails. In the full-screen interface, /model alone opens the "
	  "model picker.", commands_conv_model, SLASH_FULL_SCREEN_BARE },
	{ "models", NULL, "", 0, 0, SLASH_ARG_NONE, SLASH_ARG_NONE, NULL, NULL,
	  "list the chat models of the catalogue",
	  "Lists the catalogue's chat models with their tier and input limit; the current one "
	  "is marked.", commands_conv_models, SLASH_ANY_FACE },
	{ "add", NULL, "[--pin] FILE...", 1, ANY, SLASH_ARG_FILE, SLASH_ARG_FILE, NULL, "--pin",
	  "add files to the context of every request",
	  "Each file is read now and sent with every later question, before the conversation; "
	  "a file that changes on disk is read again. Pinned files go first and stay through "
	  "/clear and /new.", commands_conv_add, SLASH_ANY_FACE },
	{ "drop", NULL, "FILE...", 1, ANY, SLASH_ARG_CONTEXT_FILE, SLASH_ARG_CONTEXT_FILE, NULL,
	  NULL, "remove files from the context", "Stops sending the files with requests.",
	  commands_conv_drop, SLASH_ANY_FACE },
	{ "files", NULL, "", 0, 0, SLASH_ARG_NONE, SLASH_ARG_NONE, NULL, NULL,
	  "list the context files",
	  "Shows each context file with its size in tokens, whether it is pinned, and whether "
	  "it changed or vanished since it was read. In the full-screen interface, /files opens "
	  "the file picker, which adds and drops them.", commands_conv_files,
	  SLASH_FULL_SCREEN_BARE },
	{ "clear", NULL, "", 0, 0, SLASH_ARG_NONE, SLASH_ARG_NONE, NULL, NULL,
	  "forget the conversation so far",
	  "Later requests carry neither the earlier turns nor the unpinned files; the turns stay "
	  "in the session file.", commands_conv_clear, SLASH_ANY_FACE },
	{ "new", NULL, "", 0, 0, SLASH_ARG_NONE, SLASH_ARG_NONE, NULL, NULL,
	  "start a new session",
	  "Starts a new, empty session in this project; pinned files come along.",
	  commands_conv_new, SLASH_ANY_FACE },
	{ "save", NULL, "[NAME]", 0, 1, SLASH_ARG_NONE, SLASH_ARG_NONE, NULL, NULL,
	  "save the session, or rename it",
	  "Writes the session to its file under the sessions directory, named NAME (or a name "
	  "made from the project) so that aurelis shell --session NAME resumes it. A saved "
	  "session is renamed.", commands_conv_save, SLASH_ANY_FACE },
	{ "load", NULL, "NAME", 1, 1, SLASH_ARG_SESSION, SLASH_ARG_NONE, NULL, NULL,
	  "switch to a saved session",
	  "Opens a saved session by name or id and shows its last turns; later questions carry "
	  "its history.", commands_conv_load, SLASH_ANY_FACE },
	{ "sessions", NULL, "", 0, 0, SLASH_ARG_NONE, SLASH_ARG_NONE, NULL, NULL,
	  "list the saved sessions",
	  "Lists saved sessions, the most recently used first, with their turns and project; "
	  "the current one is marked. In the full-screen interface, /sessions opens the session "
	  "picker, which resumes, renames and deletes them.", commands_conv_sessions,
	  SLASH_FULL_SCREEN_BARE },
	{ "export", NULL, "[md|json] [FILE]", 0, 2, SLASH_ARG_CHOICES, SLASH_ARG_FILE, "md|json",
	  "--yes", "export the session as markdown or JSON",
	  "Prints the session, or writes it to FILE (asking before replacing a file unless "
	  "--yes is given). The formats are those of aurelis session export.",
	  commands_conv_export, SLASH_ANY_FACE },
	{ "analyze", NULL, "[PATH]", 0, 1, SLASH_ARG_FILE, SLASH_ARG_NONE, NULL, NULL,
	  "run the static analysis",
	  "Analyses a file or directory (the working directory by default) offline, as aurelis "
	  "analyze does, and lists the findings. /fix sends a file's findings with it. The "
	  "full-screen interface lists them in its analysis pane.", commands_code_analyze,
	  SLASH_FULL_SCREEN_PANE },
	{ "findings", NULL, "FILE", 1, 1, SLASH_ARG_FILE, SLASH_ARG_NONE, NULL, NULL,
	  "list findings saved by aurelis analyze",
	  "Loads the JSON report that aurelis analyze --format json wrote into the analysis "
	  "pane, to step through, fix or explain its findings. Full-screen interface only.",
	  run_full_screen, SLASH_FULL_SCREEN },
	{ "open", NULL, "FILE", 1, 1, SLASH_ARG_FILE, SLASH_ARG_NONE, NULL, NULL,
	  "show a file in the code preview",
	  "Shows FILE in the code preview pane, highlighted, with line numbers. Full-screen "
	  "interface only.", run_full_screen, SLASH_FULL_SCREEN },
	{ "generate", NULL, "DESCRIPTION", 1, ANY, SLASH_ARG_TEXT, SLASH_ARG_TEXT, NULL, NULL,
	  "ask for new code",
	  "Asks the generate route for code that does what DESCRIPTION says, with the context "
	  "files as examples to follow. /copy puts the code on the clipboard.",
	  commands_code_generate, SLASH_ANY_FACE },
	{ "explain", NULL, "FILE", 1, 1, SLASH_ARG_FILE, SLASH_ARG_NONE, NULL, NULL,
	  "explain a file",
	  "Adds FILE to the context and asks the explain route what it does and how.",
	  commands_code_explain, SLASH_ANY_FACE },
	{ "fix", NULL, "FILE [PROBLEM]", 1, ANY, SLASH_ARG_FILE, SLASH_ARG_TEXT, NULL, NULL,
	  "ask for a fix to a file",
	  "Adds FILE to the context and asks the fix route for edits as SEARCH/REPLACE blocks, "
	  "about PROBLEM when given and about the findings of the static analysis. Nothing is "
	  "written: /diff shows the change and /apply writes it.", commands_code_fix, SLASH_ANY_FACE },
	{ "diff", NULL, "[FILE]", 0, 1, SLASH_ARG_CONTEXT_FILE, SLASH_ARG_NONE, NULL, NULL,
	  "show the edits of the last answer as a diff",
	  "Applies the SEARCH/REPLACE blocks of the last answer in memory and shows the unified "
	  "diff. FILE is the file to edit: by default the file of the last /fix, or the one "
	  "the blocks name when it is in the context.", commands_code_diff, SLASH_ANY_FACE },
	{ "apply", NULL, "[FILE] [--yes]", 0, 1, SLASH_ARG_CONTEXT_FILE, SLASH_ARG_NONE, NULL,
	  "--yes", "write the edits of the last answer",
	  "Shows the diff, asks (unless --yes), keeps a backup of the file and writes the new "
	  "text atomically. Nothing is written unless every block applies.",
	  commands_code_apply, SLASH_ANY_FACE },
	{ "copy", NULL, "[N]", 0, 1, SLASH_ARG_NONE, SLASH_ARG_NONE, NULL, NULL,
	  "copy the last code block to the clipboard",
	  "Copies the last code block of the last answer, or its block number N, through the "
	  "terminal (OSC 52, which works over ssh). Inside tmux this needs set-clipboard on or "
	  "allow-passthrough on.", commands_code_copy, SLASH_ANY_FACE },
	{ "retry", NULL, "", 0, 0, SLASH_ARG_NONE, SLASH_ARG_NONE, NULL, NULL,
	  "ask the last question again",
	  "Sends the last prompt again: the one that failed, or else the last turn's, whose "
	  "answer the new one replaces in later requests.", commands_conv_retry, SLASH_ANY_FACE },
	{ "compact", NULL, "", 0, 0, SLASH_ARG_NONE, SLASH_ARG_NONE, NULL, NULL,
	  "summarise older turns to save tokens",
	  "Asks the summarize route for a summary of all but the last two turns and records "
	  "it; requests then send the summary instead of those turns.", commands_conv_compact, SLASH_ANY_FACE },
	{ "tokens", NULL, "", 0, 0, SLASH_ARG_NONE, SLASH_ARG_NONE, NULL, NULL,
	  "show the token meter",
	  "Shows what the next request carries (system prompt, files, summary, turns) against "
	  "the model's input limit, and what is left out.", commands_conv_tokens, SLASH_ANY_FACE },
	{ "stats", NULL, "", 0, 0, SLASH_ARG_NONE, SLASH_ARG_NONE, NULL, NULL,
	  "show statistics of this session",
	  "Shows turns, tokens, latencies, cancelled and fallback answers and the models used.",
	  commands_conv_stats, SLASH_ANY_FACE },
	{ "theme", NULL, "[NAME]", 0, 1, SLASH_ARG_THEME, SLASH_ARG_NONE, NULL, NULL,
	  "show or switch the colour theme",
	  "Without a name, lists the themes; with one, uses it for what follows (set ui.theme "
	  "to keep it). In the full-screen interface, /theme alone opens the theme picker, "
	  "which previews each theme.", commands_conv_theme, SLASH_FULL_SCREEN_BARE },
	{ "palette", NULL, "", 0, 0, SLASH_ARG_NONE, SLASH_ARG_NONE, NULL, NULL,
	  "list every action and command, to run one",
	  "Opens the command palette: every key action and slash command, filtered as you "
	  "type. Full-screen interface only.", run_full_screen, SLASH_FULL_SCREEN },
	{ "cancel", NULL, "", 0, 0, SLASH_ARG_NONE, SLASH_ARG_NONE, NULL, NULL,
	  "stop the job of the focused pane",
	  "Stops the answer or the analysis the focused pane shows, as Ctrl-C does there; a "
	  "cancelled answer keeps its partial text. Full-screen interface only.",
	  run_full_screen, SLASH_FULL_SCREEN },
	{ "quit", "exit q", "", 0, 0, SLASH_ARG_NONE, SLASH_ARG_NONE, NULL, NULL,
	  "leave the shell",
	  "Stops an answer in flight (keeping its partial text) and leaves; Ctrl-D does the "
	  "same.", run_quit, SLASH_ANY_FACE },
	{ NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, SLASH_ANY_FACE },
};

const SlashCommand *
commands_table(void)
{
	return table;
}

static bool
has_alias(const SlashCommand *c, const char *name)
{
	if (c->aliases == NULL)
		return false;
	g_auto(GStrv) list = g_strsplit(c->aliases, " ", -1);
	return g_strv_contains((const char *const *)list, name);
}

const SlashCommand *
commands_find(const char *name)
{
	for (const SlashCommand *c = table; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0 || has_alias(c, name))
			return c;
	return NULL;
}

SlashStatus
commands_failed(Convo *cv, const AurError *err)
{
	face_error(convo_face(cv), err);
	return SLASH_FAILED;
}

/* ---- parsing ------------------------------------------------------------------------------ */

bool
commands_is_command(const char *line)
{
	if (line == NULL || line[0] != '/' || line[1] == '/')
		return false;
	size_t word = strcspn(line + 1, " \t\n");
	return memchr(line + 1, '/', word) == NULL;
}

void
commands_call_free(SlashCall *call)
{
	if (call == NULL)
		return;
	g_strfreev(call->argv);
	g_free((char *)call->rest);
	g_free(call);
}

static void
unknown_command(const char *name, AurError **err)
{
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	for (const SlashCommand *c = table; c->name != NULL; c++)
		g_ptr_array_add(names, g_strdup(c->name));
	g_ptr_array_add(names, NULL);
	const char *near = *name ? util_did_you_mean(name, (const char *const *)names->pdata) : NULL;
	g_autofree char *hint = near ? g_strdup_printf("Did you mean /%s?  (/help lists the "
						       "commands)", near)
				     : g_strdup("/help lists the commands; start a line with // to "
						"send it to the model as it is.");
	if (*name == '\0')
		aur_error_set(err, AUR_ERR_USAGE, hint, "a command name is missing after /");
	else
		aur_error_set(err, AUR_ERR_USAGE, hint, "unknown command /%s", name);
}

static void
usage_error(AurError **err, const SlashCommand *c, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void
usage_error(AurError **err, const SlashCommand *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_autofree char *hint = g_strdup_printf("Usage: /%s%s%s  (/help %s explains it)", c->name,
						*c->args ? " " : "", c->args, c->name);
	aur_error_set(err, AUR_ERR_USAGE, hint, "/%s: %s", c->name, msg);
}

/* The first word of text, unquoted; *end gets where the rest starts. */
static char *
first_word(const char *text, const char **end, GError **gerr)
{
	const char *p = text;
	char quote = 0;
	for (; *p && (quote || !g_ascii_isspace(*p)); p++) {
		if (quote == 0 && (*p == '\'' || *p == '"'))
			quote = *p;
		else if (quote != 0 && *p == quote)
			quote = 0;
		else if (quote != '\'' && *p == '\\' && p[1] != '\0')
			p++;
	}
	g_autofree char *raw = g_strndup(text, (gsize)(p - text));
	while (g_ascii_isspace(*p))
		p++;
	*end = p;
	return g_shell_unquote(raw, gerr);
}

/* Split the arguments into words (shell quoting), the last word possibly raw text. */
static GPtrArray *
split_words(const SlashCommand *c, const char *rest, GError **gerr)
{
	GPtrArray *words = g_ptr_array_new_with_free_func(g_free);
	if (c->first == SLASH_ARG_TEXT) {
		if (*rest)
			g_ptr_array_add(words, g_strdup(rest));
		return words;
	}
	const char *p = rest;
	while (*p) {
		if (c->rest == SLASH_ARG_TEXT && words->len == 1) {
			g_ptr_array_add(words, g_strdup(p));
			break;
		}
		const char *next;
		char *w = first_word(p, &next, gerr);
		if (w == NULL) {
			g_ptr_array_unref(words);
			return NULL;
		}
		g_ptr_array_add(words, w);
		p = next;
	}
	return words;
}

/* Take the flags the command accepts out of words. */
static bool
take_flags(const SlashCommand *c, GPtrArray *words, SlashCall *call, AurError **err)
{
	for (guint i = 0; i < words->len;) {
		const char *w = words->pdata[i];
		bool textual = (i == 0 && c->first == SLASH_ARG_TEXT) ||
			       (i > 0 && c->rest == SLASH_ARG_TEXT);
		if (textual || w[0] != '-' || w[1] == '\0') {
			i++;
			continue;
		}
		if (strcmp(w, "--") == 0) {
			g_ptr_array_remove_index(words, i);
			break;
		}
		bool takes_yes = c->flags != NULL && strstr(c->flags, "--yes") != NULL;
		bool takes_pin = c->flags != NULL && strstr(c->flags, "--pin") != NULL;
		if (takes_yes && (strcmp(w, "--yes") == 0 || strcmp(w, "-y") == 0)) {
			call->yes = true;
		} else if (takes_pin && strcmp(w, "--pin") == 0) {
			call->pin = true;
		} else {
			usage_error(err, c, "unknown option %s", w);
			return false;
		}
		g_ptr_array_remove_index(words, i);
	}
	return true;
}

SlashCall *
commands_parse(const char *line, AurError **err)
{
	const char *p = line;
	if (*p == '/')
		p++;
	size_t n = strcspn(p, " \t\n");
	g_autofree char *name = g_strndup(p, n);
	const SlashCommand *c = commands_find(name);
	if (c == NULL) {
		unknown_command(name, err);
		return NULL;
	}
	p += n;
	while (g_ascii_isspace(*p))
		p++;
	g_autoptr(SlashCall) call = g_new0(SlashCall, 1);
	call->cmd = c;
	call->rest = g_strchomp(g_strdup(p));
	g_autoptr(GError) gerr = NULL;
	g_autoptr(GPtrArray) words = split_words(c, call->rest, &gerr);
	if (words == NULL) {
		usage_error(err, c, "%s", gerr->message);
		return NULL;
	}
	if (!take_flags(c, words, call, err))
		return NULL;
	int argc = (int)words->len;
	if (argc < c->min_args || (c->max_args >= 0 && argc > c->max_args)) {
		usage_error(err, c, argc < c->min_args ? "missing argument" : "too many arguments");
		return NULL;
	}
	g_ptr_array_add(words, NULL);
	call->argc = argc;
	call->argv = (char **)g_ptr_array_steal(words, NULL);
	return g_steal_pointer(&call);
}

/* ---- dispatch ------------------------------------------------------------------------------ */

static SlashStatus
send_prompt(Convo *cv, const char *line)
{
	/* "//text" is how a prompt that starts with a slash is typed. */
	const char *text = line[0] == '/' && line[1] == '/' ? line + 1 : line;
	g_autoptr(AurError) e = NULL;
	ConvoAsk a = { .task = "chat", .prompt = text };
	if (!convo_ask(cv, &a, &e))
		return commands_failed(cv, e);
	return SLASH_OK;
}

/* Does the face run this form of the command itself? */
static bool
face_form(const Face *f, const SlashCall *call)
{
	if (f->ops->command == NULL)
		return false;
	switch (call->cmd->face) {
	case SLASH_FULL_SCREEN:
	case SLASH_FULL_SCREEN_PANE:
		return true;
	case SLASH_FULL_SCREEN_BARE:
		return call->argc == 0;
	case SLASH_ANY_FACE:
	default:
		return false;
	}
}

SlashStatus
commands_run_line(Convo *cv, const char *line)
{
	if (!commands_is_command(line))
		return send_prompt(cv, line);
	g_autoptr(AurError) e = NULL;
	g_autoptr(SlashCall) call = commands_parse(line, &e);
	if (call == NULL)
		return commands_failed(cv, e);
	Face *f = convo_face(cv);
	if (face_form(f, call))
		return f->ops->command(f, call) ? SLASH_OK : SLASH_FAILED;
	return call->cmd->run(cv, call);
}

/* A command of the full screen typed where there is none: say what does the job here. */
static SlashStatus
run_full_screen(Convo *cv, const SlashCall *call)
{
	static const struct {
		const char *name, *instead;
	} instead[] = {
		{ "open", "use /explain FILE, or aurelis shell without --line" },
		{ "findings", "use /analyze PATH, or aurelis shell without --line" },
		{ "palette", "/help lists the commands; aurelis shell without --line has the palette" },
		{ "cancel", "Ctrl-C stops an answer here" },
	};
	const char *hint = "run aurelis shell without --line on a terminal that can host it";
	for (size_t i = 0; i < G_N_ELEMENTS(instead); i++)
		if (strcmp(instead[i].name, call->cmd->name) == 0)
			hint = instead[i].instead;
	g_autoptr(AurError) e = NULL;
	g_autofree char *h = g_strdup_printf("%c%s.", g_ascii_toupper(hint[0]), hint + 1);
	aur_error_set(&e, AUR_ERR_USAGE, h, "/%s needs the full-screen interface", call->cmd->name);
	return commands_failed(cv, e);
}

void
commands_show_recent(Convo *cv, guint max_turns)
{
	commands_conv_show_recent(cv, max_turns);
}

static SlashStatus
run_quit(Convo *cv, const SlashCall *call)
{
	(void)call;
	convo_cancel(cv);
	return SLASH_QUIT;
}

/* ---- help ------------------------------------------------------------------------------------ */

static void
append_usage(GString *out, const SlashCommand *c)
{
	g_string_append_printf(out, "/%s%s%s", c->name, *c->args ? " " : "", c->args);
}

static SlashStatus
run_help(Convo *cv, const SlashCall *call)
{
	g_autofree char *md = commands_help(call->argc ? call->argv[0] : NULL);
	if (md == NULL) {
		const char *name = call->argv[0][0] == '/' ? call->argv[0] + 1 : call->argv[0];
		g_autoptr(AurError) e = NULL;
		unknown_command(name, &e);
		return commands_failed(cv, e);
	}
	convo_face(cv)->ops->markdown(convo_face(cv), md);
	return SLASH_OK;
}

static char *
help_one(const SlashCommand *c)
{
	GString *out = g_string_new("`");
	append_usage(out, c);
	g_string_append_printf(out, "`: %s.\n\n%s\n", c->summary, c->help);
	if (c->aliases != NULL) {
		g_auto(GStrv) list = g_strsplit(c->aliases, " ", -1);
		g_string_append(out, "\nAlso:");
		for (int i = 0; list[i] != NULL; i++)
			g_string_append_printf(out, " `/%s`", list[i]);
		g_string_append_c(out, '\n');
	}
	return g_string_free(out, FALSE);
}

char *
commands_help(const char *name)
{
	if (name != NULL) {
		const SlashCommand *c = commands_find(name[0] == '/' ? name + 1 : name);
		return c ? help_one(c) : NULL;
	}
	GString *out = g_string_new("Commands (`/help COMMAND` for details):\n\n");
	for (const SlashCommand *c = table; c->name != NULL; c++) {
		g_string_append(out, "- `");
		append_usage(out, c);
		g_string_append_printf(out, "`: %s%s\n", c->summary,
				       c->face == SLASH_FULL_SCREEN ? " (full screen only)" : "");
	}
	g_string_append(out, "\nAny other line is sent to the model; start it with `//` to send a "
			     "line that begins with a slash. Alt-Enter starts a new line, and a line "
			     "of `\"\"\"` opens and closes a block of several lines. Ctrl-C stops an "
			     "answer or clears the line; Ctrl-D leaves.\n");
	return g_string_free(out, FALSE);
}

/* Text safe in roff: backslashes and hyphens escaped, no control line. */
static void
append_roff(GString *out, const char *text)
{
	if (*text == '.' || *text == '\'')
		g_string_append(out, "\\&");
	for (const char *p = text; *p; p++) {
		if (*p == '\\')
			g_string_append(out, "\\e");
		else if (*p == '-')
			g_string_append(out, "\\-");
		else
			g_string_append_c(out, *p);
	}
}

char *
commands_man_section(void)
{
	GString *out = g_string_new(COMMANDS_MAN_BEGIN "\n.SH SLASH COMMANDS\n");
	g_string_append(out,
		"In\n.BR \"aurelis shell\" ,\n"
		"a line that starts with\n.B /\nis a command; any other line is sent to the model "
		"with the conversation so far.\nStart a line with\n.B //\nto send a line that "
		"begins with a slash.\nBoth the line shell and the full-screen interface take "
		"these commands, and\n.B /help\nlists them.\n");
	for (const SlashCommand *c = table; c->name != NULL; c++) {
		g_string_append(out, ".TP\n");
		if (*c->args) {
			g_string_append(out, ".BI \"/");
			append_roff(out, c->name);
			g_string_append(out, " \" \"");
			append_roff(out, c->args);
			g_string_append(out, "\"\n");
		} else {
			g_string_append(out, ".B /");
			append_roff(out, c->name);
			g_string_append_c(out, '\n');
		}
		GString *text = g_string_new(NULL);
		g_string_append_printf(text, "%c%s. %s", g_ascii_toupper(c->summary[0]),
				       c->summary + 1, c->help);
		append_roff(out, text->str);
		g_string_free(text, TRUE);
		g_string_append_c(out, '\n');
		if (c->aliases != NULL) {
			g_auto(GStrv) list = g_strsplit(c->aliases, " ", -1);
			g_string_append(out, "Also\n");
			for (int i = 0; list[i] != NULL; i++)
				g_string_append_printf(out, ".BR /%s %s\n", list[i],
						       list[i + 1] ? "," : ".");
		}
	}
	g_string_append(out, COMMANDS_MAN_END "\n");
	return g_string_free(out, FALSE);
}

/* ---- completion ------------------------------------------------------------------------------ */

/* Listing a huge directory for one Tab is not worth the wait. */
#define MAX_CANDIDATES 2000

static void
add_if_prefix(GPtrArray *out, const char *cand, const char *prefix)
{
	if (g_str_has_prefix(cand, prefix) && out->len < MAX_CANDIDATES &&
	    !g_ptr_array_find_with_equal_func(out, cand, g_str_equal, NULL))
		g_ptr_array_add(out, g_strdup(cand));
}

static int
compare_strings(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

GPtrArray *
commands_complete_path(const char *partial)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	const char *slash = strrchr(partial, '/');
	g_autofree char *shown_dir = slash ? g_strndup(partial, (gsize)(slash - partial + 1))
					   : g_strdup("");
	const char *base = slash ? slash + 1 : partial;
	g_autofree char *dir = *shown_dir ? paths_expand_home(shown_dir) : g_strdup(".");
	GDir *d = g_dir_open(dir, 0, NULL);
	if (d == NULL)
		return out;
	const char *name;
	while ((name = g_dir_read_name(d)) != NULL && out->len < MAX_CANDIDATES) {
		if (!g_str_has_prefix(name, base) || (name[0] == '.' && base[0] != '.'))
			continue;
		g_autofree char *full = g_build_filename(dir, name, NULL);
		bool is_dir = g_file_test(full, G_FILE_TEST_IS_DIR);
		g_ptr_array_add(out, g_strconcat(shown_dir, name, is_dir ? "/" : "", NULL));
	}
	g_dir_close(d);
	g_ptr_array_sort(out, compare_strings);
	return out;
}

/* Context files as the user would type them: relative to the working directory when
 * inside it. */
static void
complete_context_files(Convo *cv, const char *word, GPtrArray *out)
{
	if (cv == NULL)
		return;
	g_autofree char *cwd = g_get_current_dir();
	Session *s = convo_session(cv);
	for (guint i = 0; i < session_n_files(s); i++) {
		const char *path = session_file(s, i)->path;
		size_t n = strlen(cwd);
		if (strncmp(path, cwd, n) == 0 && path[n] == '/')
			add_if_prefix(out, path + n + 1, word);
		add_if_prefix(out, path, word);
	}
}

static void
complete_models(Convo *cv, const char *word, GPtrArray *out)
{
	if (cv == NULL)
		return;
	const Catalog *cat = convo_cached_catalog(cv);
	for (guint i = 0; cat != NULL && i < cat->models->len; i++) {
		const CatalogModel *m = cat->models->pdata[i];
		if (catalog_is_chat_model(m))
			add_if_prefix(out, m->id, word);
	}
	/* The routes' models, in case the catalogue was never fetched. */
	g_autoptr(GPtrArray) routed = router_all_models(convo_config(cv));
	for (guint i = 0; i < routed->len; i++)
		add_if_prefix(out, routed->pdata[i], word);
}

static void
complete_sessions(const char *word, GPtrArray *out)
{
	g_autoptr(GPtrArray) list = session_index_list(NULL, NULL);
	for (guint i = 0; list != NULL && i < list->len; i++)
		add_if_prefix(out, ((SessionInfo *)list->pdata[i])->name, word);
}

static void
complete_kind(Convo *cv, const SlashCommand *c, SlashArg kind, const char *word, GPtrArray *out)
{
	switch (kind) {
	case SLASH_ARG_FILE: {
		g_autoptr(GPtrArray) paths = commands_complete_path(word);
		for (guint i = 0; i < paths->len; i++)
			g_ptr_array_add(out, g_strdup(paths->pdata[i]));
		break;
	}
	case SLASH_ARG_CONTEXT_FILE:
		complete_context_files(cv, word, out);
		break;
	case SLASH_ARG_MODEL:
		complete_models(cv, word, out);
		break;
	case SLASH_ARG_SESSION:
		complete_sessions(word, out);
		break;
	case SLASH_ARG_THEME: {
		g_autoptr(GPtrArray) names = theme_list();
		for (guint i = 0; i < names->len; i++)
			add_if_prefix(out, names->pdata[i], word);
		break;
	}
	case SLASH_ARG_COMMAND:
		for (const SlashCommand *t = table; t->name != NULL; t++)
			add_if_prefix(out, t->name, word);
		break;
	case SLASH_ARG_CHOICES: {
		g_auto(GStrv) choices = g_strsplit(c->choices ? c->choices : "", "|", -1);
		for (int i = 0; choices[i] != NULL; i++)
			add_if_prefix(out, choices[i], word);
		break;
	}
	case SLASH_ARG_NONE:
	case SLASH_ARG_TEXT:
	default:
		break;
	}
}

/* Words before byte start of line (after the command name): which argument is typed. */
static int
argument_index(const char *line, size_t start)
{
	int words = 0;
	bool in_word = false;
	for (size_t i = 0; i < start; i++) {
		bool space = g_ascii_isspace(line[i]);
		if (!space && !in_word)
			words++;
		in_word = !space;
	}
	return words - 1; /* the command name is the first word */
}

GPtrArray *
commands_complete(Convo *cv, const char *line, size_t start)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	size_t len = strlen(line);
	start = MIN(start, len);
	const char *word = line + start;
	size_t lead = strspn(line, " \t");
	if (lead == start) {
		if (word[0] == '/')
			for (const SlashCommand *c = table; c->name != NULL; c++) {
				g_autofree char *full = g_strconcat("/", c->name, NULL);
				add_if_prefix(out, full, word);
			}
		return out;
	}
	if (!commands_is_command(line + lead))
		return out;
	size_t n = strcspn(line + lead + 1, " \t");
	g_autofree char *name = g_strndup(line + lead + 1, n);
	const SlashCommand *c = commands_find(name);
	if (c == NULL)
		return out;
	if (word[0] == '-' && c->flags != NULL) {
		g_auto(GStrv) flags = g_strsplit(c->flags, " ", -1);
		for (int i = 0; flags[i] != NULL; i++)
			add_if_prefix(out, flags[i], word);
		return out;
	}
	int idx = argument_index(line, start);
	complete_kind(cv, c, idx <= 0 ? c->first : c->rest, word, out);
	return out;
}
