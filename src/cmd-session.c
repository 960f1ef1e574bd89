/* SPDX-License-Identifier: MIT */
/* `aurelis session`: list, show, export, delete and rename saved conversations. */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cmds.h"
#include "fsutil.h"
#include "session-export.h"
#include "session-index.h"
#include "session.h"
#include "term.h"
#include "util.h"

static const AurOption session_options[] = {
	{ "format", 0, OPT_VALUE, "FORMAT", "export: md (the default) or json", COMPLETE_CHOICES, "md|json" },
	{ "output", 'o', OPT_VALUE, "FILE", "export: write to FILE (atomically) instead of stdout", COMPLETE_FILE, NULL },
	{ "yes", 'y', OPT_FLAG, NULL, "delete: do not ask for confirmation", COMPLETE_NONE, NULL },
	{ "here", 0, OPT_FLAG, NULL, "list: only sessions of this project directory", COMPLETE_NONE, NULL },
	{ NULL, 0, 0, NULL, NULL, 0, NULL },
};

static const AurSubcommand session_subcommands[] = {
	{ "list", "sessions, most recently active first ([--here] [--json])" },
	{ "show", "print a session's turns: session show NAME" },
	{ "export", "session export NAME [--format md|json] [-o FILE]" },
	{ "delete", "session delete NAME [--yes]" },
	{ "rename", "session rename OLD NEW" },
	{ NULL, NULL },
};

/* ---- output helpers ---------------------------------------------------------------------- */

/* Text from a session file may hold anything; escape sequences must not reach the terminal.
 * C0 controls (but newline and tab) and DEL become ^X, C1 controls (U+0080-U+009F, bytes
 * C2 80-C2 9F in the valid UTF-8 the loader guarantees) become '?'.  Runs of harmless
 * bytes are copied whole: `session show` of a long session is mostly this loop. */
static void
put_safe(GString *out, const char *text)
{
	const unsigned char *p = (const unsigned char *)text, *run = p;
	for (; *p; p++) {
		bool c0 = (*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f;
		bool c1 = *p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f;
		if (!c0 && !c1)
			continue;
		g_string_append_len(out, (const char *)run, p - run);
		if (c0) {
			g_string_append_c(out, '^');
			g_string_append_c(out, (char)(*p ^ 0x40));
		} else {
			g_string_append_c(out, '?');
			p++;
		}
		run = p + 1;
	}
	g_string_append_len(out, (const char *)run, p - run);
}

static char *
safe(const char *text)
{
	GString *out = g_string_new(NULL);
	put_safe(out, text ? text : "");
	return g_string_free(out, FALSE);
}

static void
print_json(cJSON *obj)
{
	char *s = cJSON_Print(obj);
	puts(s);
	cJSON_free(s);
	cJSON_Delete(obj);
}

static int
report(AurError *e)
{
	int rc = aur_error_report(e);
	aur_error_free(e);
	return rc;
}

static void
print_warnings(const GPtrArray *w)
{
	for (guint i = 0; i < w->len; i++) {
		g_autofree char *msg = safe(w->pdata[i]);
		term_message(TERM_MSG_WARNING, "%s", msg);
	}
}

static char *
ago(int64_t ms)
{
	int64_t secs = (util_now_ms() - ms) / 1000;
	if (ms <= 0)
		return g_strdup("-");
	if (secs < 60)
		return g_strdup("just now");
	if (secs < 3600)
		return g_strdup_printf("%" G_GINT64_FORMAT "m ago", secs / 60);
	if (secs < 86400)
		return g_strdup_printf("%" G_GINT64_FORMAT "h ago", secs / 3600);
	if (secs < 7 * 86400)
		return g_strdup_printf("%" G_GINT64_FORMAT "d ago", secs / 86400);
	g_autofree char *t = util_rfc3339_ms(ms);
	t[10] = '\0';
	return g_strdup(t);
}

static char *
home_short(const char *path)
{
	const char *home = g_get_home_dir();
	size_t n = home ? strlen(home) : 0;
	g_autofree char *shown = n > 1 && strncmp(path, home, n) == 0 && (path[n] == '/' || !path[n])
		? g_strconcat("~", path + n, NULL) : g_strdup(path);
	return safe(shown);
}

static bool
want_args(AurContext *ctx, const AurArgs *args, unsigned n, const char *what, AurError **err)
{
	if (args_npos(args) == n + 1)
		return true;
	cli_usage_error(err, ctx->command, "session %s takes %s", args_pos(args, 0), what);
	return false;
}

/* ---- list -------------------------------------------------------------------------------- */

static cJSON *
info_json(const SessionInfo *x)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", x->id);
	cJSON_AddStringToObject(o, "name", x->name);
	cJSON_AddStringToObject(o, "project", x->project);
	if (x->model)
		cJSON_AddStringToObject(o, "model", x->model);
	else
		cJSON_AddNullToObject(o, "model");
	cJSON_AddNumberToObject(o, "turns", x->turns);
	g_autofree char *created = util_rfc3339_ms(MAX(x->created_ms, 0));
	g_autofree char *last = util_rfc3339_ms(MAX(x->last_ms, 0));
	cJSON_AddStringToObject(o, "created", created);
	cJSON_AddStringToObject(o, "last_activity", last);
	return o;
}

static void
print_table(GPtrArray *rows)
{
	size_t wname = 4, wmodel = 5;
	for (guint i = 0; i < rows->len; i++) {
		const SessionInfo *x = rows->pdata[i];
		wname = MAX(wname, strlen(x->name));
		wmodel = MAX(wmodel, x->model ? strlen(x->model) : 1);
	}
	wmodel = MIN(wmodel, 32);
	const char *b = term_sgr(stdout, TERM_BOLD), *off = term_sgr(stdout, TERM_RESET);
	printf("%s%-*s  %-12s  %5s  %-13s  %-*s  %s%s\n", b, (int)wname, "NAME", "ID", "TURNS",
	       "LAST ACTIVITY", (int)wmodel, "MODEL", "PROJECT", off);
	for (guint i = 0; i < rows->len; i++) {
		const SessionInfo *x = rows->pdata[i];
		g_autofree char *when = ago(x->last_ms);
		g_autofree char *model = safe(x->model ? x->model : "-");
		g_autofree char *project = home_short(x->project);
		g_autofree char *name = safe(x->name), *id = safe(x->id);
		printf("%-*s  %-12s  %5u  %-13s  %-*s  %s\n", (int)wname, name, id, x->turns,
		       when, (int)wmodel, model, project);
	}
}

static int
session_list(AurContext *ctx, const AurArgs *args)
{
	AurError *e = NULL;
	if (args_npos(args) > 1) {
		cli_usage_error(&e, ctx->command, "session list takes no arguments");
		return report(e);
	}
	g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) all = session_index_list(problems, &e);
	if (all == NULL)
		return report(e);
	print_warnings(problems);
	if (args_flag(args, "here")) {
		g_autofree char *project = session_project_dir();
		for (guint i = all->len; i-- > 0;)
			if (strcmp(((SessionInfo *)all->pdata[i])->project, project) != 0)
				g_ptr_array_remove_index(all, i);
	}
	if (ctx->json) {
		cJSON *arr = cJSON_CreateArray();
		for (guint i = 0; i < all->len; i++)
			cJSON_AddItemToArray(arr, info_json(all->pdata[i]));
		print_json(arr);
	} else if (all->len == 0) {
		term_message(TERM_MSG_INFO, "no sessions yet; `aurelis shell` starts one");
	} else {
		print_table(all);
	}
	return 0;
}

/* ---- show -------------------------------------------------------------------------------- */

static void
show_header(GString *out, const Session *s)
{
	const char *b = term_sgr(stdout, TERM_BOLD), *off = term_sgr(stdout, TERM_RESET);
	g_autofree char *name = safe(session_name(s));
	g_autofree char *project = home_short(session_project(s));
	g_autofree char *model = safe(session_model(s) ? session_model(s) : "-");
	g_autofree char *created = util_rfc3339_ms(session_created_ms(s));
	g_string_append_printf(out, "%sSession %s%s (%s)\nproject  %s\nmodel    %s\ncreated  %s\n",
			       b, name, off, session_id(s), project, model, created);
	for (guint i = 0; i < session_n_files(s); i++) {
		const SessionFile *f = session_file(s, i);
		g_autofree char *path = home_short(f->path);
		g_string_append_printf(out, "%s%s%s", i ? ", " : "files    ", path,
				       f->pinned ? " (pinned)" : "");
	}
	if (session_n_files(s) > 0)
		g_string_append_c(out, '\n');
	const SessionSummary *sum = session_summary(s);
	if (sum != NULL)
		g_string_append_printf(out, "summary  turns 1-%u are sent as a summary\n", sum->upto);
	if (session_cleared_after(s) > 0)
		g_string_append_printf(out, "cleared  turns 1-%u are no longer sent\n",
				       session_cleared_after(s));
}

static void
show_turn(GString *out, const SessionTurn *t)
{
	const char *dim = term_sgr(stdout, TERM_DIM), *cyan = term_sgr(stdout, TERM_CYAN);
	const char *off = term_sgr(stdout, TERM_RESET);
	g_autofree char *when = util_rfc3339_ms(t->finished_ms);
	g_string_append_printf(out, "\n%s── turn %u · %s", dim, t->n, when);
	if (t->model != NULL) {
		g_string_append(out, " · ");
		put_safe(out, t->model);
	}
	if (t->latency_ms >= 0)
		g_string_append_printf(out, " · %.1f s", (double)t->latency_ms / 1000.0);
	if (t->tokens_in >= 0 && t->tokens_out >= 0)
		g_string_append_printf(out, " · %" G_GINT64_FORMAT "→%" G_GINT64_FORMAT " tokens",
				       t->tokens_in, t->tokens_out);
	static const struct { unsigned flag; const char *label; } badges[] = {
		{ SESSION_TURN_CACHED, "cached" }, { SESSION_TURN_FALLBACK, "fallback" },
		{ SESSION_TURN_CANCELLED, "cancelled" }, { SESSION_TURN_CUT, "cut" },
		{ SESSION_TURN_RETRIED, "retried" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(badges); i++)
		if (t->flags & badges[i].flag)
			g_string_append_printf(out, " [%s]", badges[i].label);
	g_string_append_printf(out, "%s\n%s> %s", off, cyan, off);
	put_safe(out, t->user);
	g_string_append(out, "\n\n");
	put_safe(out, t->answer);
	g_string_append_c(out, '\n');
}

static int
session_show(AurContext *ctx, const AurArgs *args)
{
	AurError *e = NULL;
	if (!want_args(ctx, args, 1, "one NAME", &e))
		return report(e);
	g_autoptr(Session) s = session_open(args_pos(args, 1), &e);
	if (s == NULL)
		return report(e);
	print_warnings(session_warnings(s));
	if (ctx->json) {
		print_json(session_export_json(s));
		return 0;
	}
	GString *out = g_string_sized_new(1 << 16);
	show_header(out, s);
	for (guint i = 0; i < session_n_turns(s); i++)
		show_turn(out, session_turn(s, i));
	fwrite(out->str, 1, out->len, stdout);
	g_string_free(out, TRUE);
	return 0;
}

/* ---- export ------------------------------------------------------------------------------ */

static mode_t
file_mode(void)
{
	mode_t mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

static int
session_export_cmd(AurContext *ctx, const AurArgs *args)
{
	AurError *e = NULL;
	if (!want_args(ctx, args, 1, "one NAME", &e))
		return report(e);
	const char *fmt_name = args_value(args, "format");
	SessionExportFormat fmt = ctx->json ? SESSION_EXPORT_JSON : SESSION_EXPORT_MARKDOWN;
	if (fmt_name != NULL && !session_export_format_parse(fmt_name, &fmt)) {
		aur_error_set(&e, AUR_ERR_USAGE, "Use --format md or --format json.",
			      "unknown export format '%s'", fmt_name);
		return report(e);
	}
	g_autoptr(Session) s = session_open(args_pos(args, 1), &e);
	if (s == NULL)
		return report(e);
	print_warnings(session_warnings(s));
	g_autofree char *text = session_export(s, fmt);
	const char *out = args_value(args, "output");
	if (out == NULL || strcmp(out, "-") == 0) {
		fputs(text, stdout);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (!fs_write_atomic(out, text, strlen(text), file_mode(), &e))
		return report(e);
	term_message(TERM_MSG_INFO, "wrote %s (%u turns)", out, session_n_turns(s));
	return 0;
}

/* ---- delete and rename ------------------------------------------------------------------- */

/* Ask on the terminal; anything but y/yes is a no. */
static bool
confirm(const SessionInfo *x)
{
	fprintf(stderr, "Delete session '%s' (%s, %u turns)? [y/N] ", x->name, x->id, x->turns);
	fflush(stderr);
	char line[64];
	if (fgets(line, sizeof line, stdin) == NULL)
		return false;
	g_strstrip(line);
	return g_ascii_strcasecmp(line, "y") == 0 || g_ascii_strcasecmp(line, "yes") == 0;
}

static int
session_delete(AurContext *ctx, const AurArgs *args)
{
	AurError *e = NULL;
	if (!want_args(ctx, args, 1, "one NAME", &e))
		return report(e);
	g_autoptr(SessionInfo) x = session_index_resolve(args_pos(args, 1), &e);
	if (x == NULL)
		return report(e);
	if (!args_flag(args, "yes")) {
		if (!term_isatty(STDIN_FILENO) || !term_isatty(STDERR_FILENO)) {
			aur_error_set(&e, AUR_ERR_USAGE, "Pass --yes to delete without being asked.",
				      "not deleting session '%s' without confirmation", x->name);
			return report(e);
		}
		if (!confirm(x)) {
			term_message(TERM_MSG_INFO, "nothing deleted");
			return 1;
		}
	}
	if (!session_index_delete(x, &e))
		return report(e);
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "deleted", x->id);
		cJSON_AddStringToObject(o, "name", x->name);
		print_json(o);
	} else {
		term_message(TERM_MSG_INFO, "deleted session %s (%s, %u turns)", x->name, x->id,
			     x->turns);
	}
	return 0;
}

static int
session_rename_cmd(AurContext *ctx, const AurArgs *args)
{
	AurError *e = NULL;
	if (!want_args(ctx, args, 2, "OLD and NEW names", &e))
		return report(e);
	const char *to = args_pos(args, 2);
	if (!session_name_valid(to, &e))
		return report(e);
	g_autoptr(Session) s = session_open(args_pos(args, 1), &e);
	if (s == NULL)
		return report(e);
	g_autofree char *from = g_strdup(session_name(s));
	if (!session_rename(s, to, &e))
		return report(e);
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", session_id(s));
		cJSON_AddStringToObject(o, "name", to);
		cJSON_AddStringToObject(o, "previous", from);
		print_json(o);
	} else {
		term_message(TERM_MSG_INFO, "renamed %s to %s (%s)", from, to, session_id(s));
	}
	return 0;
}

static int
run_session(AurContext *ctx, AurArgs *args)
{
	static const struct {
		const char *name;
		int (*fn)(AurContext *, const AurArgs *);
	} subs[] = {
		{ "list", session_list }, { "show", session_show }, { "export", session_export_cmd },
		{ "delete", session_delete }, { "rename", session_rename_cmd },
	};
	const char *sub = args_npos(args) > 0 ? args_pos(args, 0) : "list";
	for (size_t i = 0; i < G_N_ELEMENTS(subs); i++)
		if (strcmp(sub, subs[i].name) == 0)
			return subs[i].fn(ctx, args);
	static const struct { const char *alias, *name; } aliases[] = {
		{ "ls", "list" }, { "rm", "delete" }, { "mv", "rename" },
	};
	const char *guess = NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(aliases); i++)
		if (strcmp(sub, aliases[i].alias) == 0)
			guess = aliases[i].name;
	return cli_unknown_subcommand(&cmd_session, sub, guess);
}

const AurCommand cmd_session = {
	.name = "session",
	.summary = "list, show, export, delete and rename saved conversations",
	.usage = "[list|show|export|delete|rename] [NAME] [OPTIONS]",
	.description = "Conversations of the interactive shell are saved as they happen under "
		       "$XDG_DATA_HOME/aurelis/sessions/, one JSON event per line.  A session is "
		       "named by its name, its id, or the first characters of its id.",
	.options = session_options,
	.subcommands = session_subcommands,
	.positional = COMPLETE_SESSION,
	.run = run_session,
};
