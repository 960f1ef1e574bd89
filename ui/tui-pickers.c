/* SPDX-License-Identifier: MIT */
/* The model, session, context-file and theme pickers. */
#include "autoconfig.h"

#include <string.h>

#include "auth.h"
#include "client.h"
#include "config.h"
#include "retry.h"
#include "router.h"
#include "commands.h"
#include "session-index.h"
#include "theme.h"
#include "tui-ask.h"
#include "tui-conv.h"
#include "tui-input.h"
#include "tui-picker.h"
#include "tui-pickers.h"
#include "util.h"

#define BULLET "\xe2\x97\x8f" /* ● */
#define MAX_FILES 20000

/* ---- models --------------------------------------------------------------------------------- */

/* One catalogue entry with what the picker shows about it, made on the worker. */
typedef struct {
	char *id;
	char *detail;
} ModelRow;

static void
model_row_free(void *p)
{
	ModelRow *r = p;
	g_free(r->id);
	g_free(r->detail);
	g_free(r);
}

static char *
tokens_text(int64_t n)
{
	if (n >= 1000000)
		return g_strdup_printf("%.1fM", (double)n / 1e6);
	return n >= 1000 ? g_strdup_printf("%" G_GINT64_FORMAT "k", n / 1000)
			 : g_strdup_printf("%" G_GINT64_FORMAT, n);
}

/* "high · 10/min · 50/day · 47 left today · 8k in, 4k out · chat, explain" */
static char *
model_detail(const AurConfig *cfg, const char *id, const char *tier, int64_t in, int64_t out,
	     int64_t now_ms)
{
	ModelLimits lim;
	retry_limits(cfg, id, tier, &lim);
	int left = retry_requests_left(cfg, id, tier, now_ms);
	g_autofree char *tasks = router_tasks_for_model(cfg, id);
	GString *s = g_string_new(tier && *tier ? tier : lim.tier);
	if (left < 0)
		g_string_append(s, " \xc2\xb7 not available on this plan (models.plan)");
	else
		g_string_append_printf(s, " \xc2\xb7 %d/min \xc2\xb7 %d/day \xc2\xb7 %d left today", lim.rpm,
				       lim.per_day, left);
	if (in > 0) {
		g_autofree char *a = tokens_text(in), *b = tokens_text(out);
		g_string_append_printf(s, " \xc2\xb7 %s in, %s out", a, b);
	}
	g_string_append_printf(s, " \xc2\xb7 %s", *tasks ? tasks : "no route");
	return g_string_free(s, FALSE);
}

typedef struct {
	const AurConfig *cfg;
} CatalogCall;

/* Worker: the catalogue (cached for a day, else fetched), as rows. */
static void
catalog_job(Job *job, void *data)
{
	CatalogCall *c = data;
	AurError *err = NULL;
	g_autoptr(AuthToken) token = auth_token_get(c->cfg, NULL); /* it may be public */
	g_autoptr(ClientCtx) client = client_new(c->cfg, token, &err);
	const Catalog *cat = client ? client_catalog(client, false, NULL, &err) : NULL;
	if (cat == NULL) {
		job_fail(job, err);
		return;
	}
	GPtrArray *rows = g_ptr_array_new_with_free_func(model_row_free);
	int64_t now = util_now_ms();
	for (guint i = 0; i < cat->models->len; i++) {
		const CatalogModel *m = cat->models->pdata[i];
		if (!catalog_is_chat_model(m))
			continue;
		ModelRow *r = g_new0(ModelRow, 1);
		r->id = g_strdup(m->id);
		r->detail = model_detail(c->cfg, m->id, m->rate_limit_tier, m->max_input_tokens,
					 m->max_output_tokens, now);
		g_ptr_array_add(rows, r);
	}
	job_emit_result(job, rows, (GDestroyNotify)g_ptr_array_unref);
}

static bool
model_chosen(TuiApp *app, TuiPicker *pk, void *item)
{
	/* The same as /model ID: checked, recorded in the session, sent with the next turn. */
	const char *id = item;
	g_autoptr(AurError) e = NULL;
	if (!convo_set_model(app->cv, id, &e)) {
		tui_notice(app, true, "%s%s%s", e->message, e->hint ? " \xe2\x80\x94 " : "",
			   e->hint ? e->hint : "");
		return false;
	}
	tui_notice(app, false, "next answers come from %s", convo_model(app->cv));
	return true;
}

static const TuiPickerOps model_ops = {
	.title = "Models",
	.hints = "Enter uses it for the next answers \xc2\xb7 Esc closes",
	.chosen = model_chosen,
	.free_item = g_free,
};

static void
add_model(TuiApp *app, TuiPicker *pk, const char *id, const char *detail)
{
	bool current = g_strcmp0(convo_model(app->cv), id) == 0;
	tui_picker_add(pk, id, detail, current ? BULLET : NULL, g_strdup(id));
}

static void
catalog_result(TuiApp *app, TuiJob *j, JobEvent *ev)
{
	if (!tui_picker_is_open(app, &model_ops))
		return;
	GPtrArray *rows = ev->payload;
	TuiPicker *pk = app->picker;
	tui_picker_clear(pk);
	for (guint i = 0; i < rows->len; i++) {
		const ModelRow *r = rows->pdata[i];
		add_model(app, pk, r->id, r->detail);
	}
	tui_picker_status(pk, NULL);
	tui_picker_update(pk);
	tui_picker_highlight(pk, convo_model(app->cv));
}

static void
catalog_done(TuiApp *app, TuiJob *j, JobEvent *ev)
{
	if (ev->status == JOB_OK || !tui_picker_is_open(app, &model_ops))
		return;
	g_autofree char *why = g_strdup_printf("the catalogue is not available (%s); these are "
					       "the models the routes name",
					       ev->error ? ev->error->message : "cancelled");
	tui_picker_status(app->picker, why);
}

static const TuiJobHooks catalog_hooks = { catalog_result, catalog_done };

void
tui_pickers_model(TuiApp *app)
{
	TuiPicker *pk = tui_picker_open(app, &model_ops, NULL, NULL);
	/* The routed models at once; the catalogue replaces them when it arrives. */
	g_autoptr(GPtrArray) routed = router_all_models(app->ctx->cfg);
	int64_t now = util_now_ms();
	for (guint i = 0; i < routed->len; i++) {
		g_autofree char *d = model_detail(app->ctx->cfg, routed->pdata[i], NULL, 0, 0, now);
		add_model(app, pk, routed->pdata[i], d);
	}
	tui_picker_update(pk);
	tui_picker_highlight(pk, convo_model(app->cv));
	if (!tui_network(app))
		return;
	tui_picker_status(pk, "loading the catalogue\xe2\x80\xa6");
	CatalogCall *c = g_new0(CatalogCall, 1);
	c->cfg = app->ctx->cfg;
	unsigned id = jobs_submit(app->jobs, "catalog", catalog_job, c, g_free);
	tui_track_job_full(app, TUI_JOB_TASK, id, NULL, &catalog_hooks, NULL, NULL);
}

/* ---- sessions ------------------------------------------------------------------------------- */

static void fill_sessions(TuiApp *app, TuiPicker *pk, const char *highlight);

/* Make s the conversation's session: its turns (since the last /clear) fill the pane and
 * the next request carries them. */
static bool
resume(TuiApp *app, Session *s)
{
	g_autoptr(AurError) e = NULL;
	if (!convo_set_session(app->cv, s, &e)) {
		tui_notice(app, true, "%s%s%s", e->message, e->hint ? " \xe2\x80\x94 " : "",
			   e->hint ? e->hint : "");
		session_free(s);
		return false;
	}
	tui_face_show_session(app);
	guint shown = session_n_turns(s) - MIN(session_n_turns(s), session_cleared_after(s));
	tui_notice(app, false, "resumed %s (%u turn%s)", session_name(s) ? session_name(s) : session_id(s),
		   shown, shown == 1 ? "" : "s");
	return true;
}

static bool
session_chosen(TuiApp *app, TuiPicker *pk, void *item)
{
	const SessionInfo *info = item;
	g_autoptr(AurError) e = NULL;
	Session *s = session_open(info->id, &e);
	if (s == NULL) {
		tui_notice(app, true, "%s", e->message);
		return false;
	}
	return resume(app, s);
}

static bool
is_current(TuiApp *app, const SessionInfo *info)
{
	return g_strcmp0(session_id(tui_session(app)), info->id) == 0;
}

static void
on_delete(TuiApp *app, int choice, void *data)
{
	SessionInfo *info = data;
	if (choice != 0) {
		tui_notice(app, false, "%s is kept", info->name);
		return;
	}
	g_autoptr(AurError) e = NULL;
	bool current = is_current(app, info);
	if (!session_index_delete(info, &e)) {
		tui_notice(app, true, "%s", e->message);
		return;
	}
	/* The conversation goes on in a new session, as after /new. */
	if (current && !convo_set_session(app->cv, session_new(NULL, NULL, NULL), &e))
		tui_notice(app, true, "%s", e->message);
	tui_notice(app, false, "deleted session %s", info->name);
	tui_pickers_session(app);
}

typedef struct {
	char *id;
	char *old;
} Rename;

static void
rename_free(void *p)
{
	Rename *r = p;
	g_free(r->id);
	g_free(r->old);
	g_free(r);
}

static void
on_rename(TuiApp *app, const char *answer, void *data)
{
	Rename *r = data;
	if (answer == NULL || *answer == '\0' || strcmp(answer, r->old) == 0) {
		tui_pickers_session(app);
		return;
	}
	g_autoptr(AurError) e = NULL;
	bool mine = strcmp(session_id(tui_session(app)), r->id) == 0;
	g_autoptr(Session) other = mine ? NULL : session_open(r->id, &e);
	Session *s = mine ? tui_session(app) : other;
	if (s != NULL && session_rename(s, answer, &e)) {
		tui_notice(app, false, "renamed %s to %s", r->old, answer);
		if (mine)
			tui_dirty(app, PANE_STATUS, TUI_REPAINT);
	} else {
		tui_notice(app, true, "%s%s%s", e->message, e->hint ? " \xe2\x80\x94 " : "",
			   e->hint ? e->hint : "");
	}
	tui_pickers_session(app);
	if (app->picker != NULL)
		tui_picker_highlight(app->picker, s != NULL ? session_name(s) : r->old);
}

static bool
session_action(TuiApp *app, TuiPicker *pk, KeyAction a, void *item)
{
	SessionInfo *info = item;
	if (info == NULL || (a != KEYACT_DELETE && a != KEYACT_RENAME))
		return false;
	if (a == KEYACT_DELETE) {
		static const TuiChoice yes_no[] = { { 'y', "delete it" }, { 'n', "no" } };
		g_autofree char *q = g_strdup_printf("Delete session %s (%u turn%s)? This cannot be "
						     "undone.", info->name, info->turns,
						     info->turns == 1 ? "" : "s");
		tui_ask(app, q, yes_no, 2, 1, on_delete, session_info_copy(info),
			(GDestroyNotify)session_info_free);
		return true;
	}
	Rename *r = g_new0(Rename, 1);
	r->id = g_strdup(info->id);
	r->old = g_strdup(info->name);
	/* The question needs the input line, which the picker would keep from it. */
	tui_picker_close(app, false);
	g_autofree char *prompt = g_strdup_printf("Rename %s to: ", r->old);
	tui_input_ask(app, prompt, r->old, false, on_rename, r, rename_free);
	return true;
}

static const TuiPickerOps session_ops = {
	.title = "Sessions",
	.hints = "Enter resumes \xc2\xb7 C-r renames \xc2\xb7 C-d deletes \xc2\xb7 Esc closes",
	.chosen = session_chosen,
	.action = session_action,
	.free_item = (GDestroyNotify)session_info_free,
};

static char *
session_detail(const SessionInfo *info, int64_t now)
{
	int64_t secs = MAX(now - info->last_ms, (int64_t)0) / 1000;
	g_autofree char *span = util_format_duration(secs);
	g_autofree char *ago = secs < 60 ? g_strdup("just now") : g_strdup_printf("%s ago", span);
	g_autofree char *project = info->project && *info->project
				   ? g_path_get_basename(info->project) : g_strdup("-");
	return g_strdup_printf("%u turn%s \xc2\xb7 %s \xc2\xb7 %s \xc2\xb7 %s", info->turns,
			       info->turns == 1 ? "" : "s", info->model ? info->model : "no model",
			       ago, project);
}

static void
fill_sessions(TuiApp *app, TuiPicker *pk, const char *highlight)
{
	g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(AurError) e = NULL;
	g_autoptr(GPtrArray) list = session_index_list(problems, &e);
	tui_picker_clear(pk);
	if (list == NULL) {
		tui_picker_status(pk, e->message);
		return;
	}
	int64_t now = util_now_ms();
	for (guint i = 0; i < list->len; i++) {
		const SessionInfo *info = list->pdata[i];
		g_autofree char *d = session_detail(info, now);
		tui_picker_add(pk, info->name, d, is_current(app, info) ? BULLET : NULL,
			       session_info_copy(info));
	}
	if (problems->len > 0) {
		g_autofree char *t = g_strdup_printf("%u session file%s could not be read", problems->len,
						     problems->len == 1 ? "" : "s");
		tui_picker_status(pk, t);
	}
	tui_picker_update(pk);
	tui_picker_highlight(pk, highlight);
}

void
tui_pickers_session(TuiApp *app)
{
	TuiPicker *pk = tui_picker_open(app, &session_ops, NULL, NULL);
	fill_sessions(app, pk, session_name(tui_session(app)));
}

/* ---- context files ------------------------------------------------------------------------ */

/* The project's files: what git tracks, else a walk of the working directory. */
static void
walk(const char *dir, const char *rel, int depth, GPtrArray *out)
{
	static const char *const skip[] = { "node_modules", "build", "dist", "target", "vendor",
					    "__pycache__", NULL };
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *name;
	while (d != NULL && out->len < MAX_FILES && (name = g_dir_read_name(d)) != NULL) {
		if (name[0] == '.' || g_strv_contains(skip, name))
			continue;
		g_autofree char *full = g_build_filename(dir, name, NULL);
		g_autofree char *r = *rel ? g_build_filename(rel, name, NULL) : g_strdup(name);
		if (g_file_test(full, G_FILE_TEST_IS_SYMLINK))
			continue;
		if (g_file_test(full, G_FILE_TEST_IS_DIR)) {
			if (depth < 8)
				walk(full, r, depth + 1, out);
		} else if (g_file_test(full, G_FILE_TEST_IS_REGULAR)) {
			g_ptr_array_add(out, g_steal_pointer(&r));
		}
	}
}

static gint
by_name(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static GPtrArray *
project_files(void)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	const char *argv[] = { "git", "ls-files", "--cached", "--others", "--exclude-standard", NULL };
	g_autofree char *text = NULL;
	int status = 0;
	if (g_spawn_sync(NULL, (char **)argv, NULL,
			 G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL | G_SPAWN_STDIN_FROM_DEV_NULL,
			 NULL, NULL, &text, NULL, &status, NULL) &&
	    g_spawn_check_wait_status(status, NULL) && text != NULL) {
		g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
		for (size_t i = 0; lines[i] != NULL && out->len < MAX_FILES; i++)
			if (*lines[i] != '\0')
				g_ptr_array_add(out, g_strdup(lines[i]));
		return out;
	}
	g_autofree char *cwd = g_get_current_dir();
	walk(cwd, "", 0, out);
	g_ptr_array_sort(out, by_name);
	return out;
}

/* A path as the picker shows it: relative to the working directory when inside it. */
static char *
shown_path(const char *path)
{
	g_autofree char *cwd = g_get_current_dir();
	size_t n = strlen(cwd);
	if (g_str_has_prefix(path, cwd) && path[n] == '/')
		return g_strdup(path + n + 1);
	return g_strdup(path);
}

static void fill_files(TuiApp *app, TuiPicker *pk, const char *highlight);

/* Toggle a file in the session's context, with the code /add and /drop run. */
static void
toggle(TuiApp *app, TuiPicker *pk, const char *item, bool drop_only)
{
	/* The item goes when the list is made again below. */
	g_autofree char *path = g_strdup(item);
	Session *s = tui_session(app);
	g_autofree char *full = g_canonicalize_filename(path, NULL);
	bool in = false;
	for (guint i = 0; i < session_n_files(s); i++)
		in = in || strcmp(session_file(s, i)->path, full) == 0;
	if (!in && drop_only) {
		tui_notice(app, false, "%s is not a context file", path);
		return;
	}
	g_autofree char *quoted = g_shell_quote(path);
	g_autofree char *line = g_strdup_printf("/%s -- %s", in ? "drop" : "add", quoted);
	guint before = session_n_files(s);
	if (commands_run_line(app->cv, line) == SLASH_OK && session_n_files(s) != before)
		tui_notice(app, false, "%s %s the context (%u file%s)", path, in ? "left" : "joined",
			   session_n_files(s), session_n_files(s) == 1 ? "" : "s");
	tui_dirty(app, PANE_STATUS, TUI_REPAINT);
	fill_files(app, pk, path);
}

static bool
file_chosen(TuiApp *app, TuiPicker *pk, void *item)
{
	toggle(app, pk, item, false);
	return false; /* stays open for more */
}

static bool
file_action(TuiApp *app, TuiPicker *pk, KeyAction a, void *item)
{
	if (a != KEYACT_DELETE || item == NULL)
		return false;
	toggle(app, pk, item, true);
	return true;
}

static const TuiPickerOps file_ops = {
	.title = "Context files",
	.hints = "Enter adds or drops \xc2\xb7 C-d drops \xc2\xb7 Esc closes",
	.chosen = file_chosen,
	.action = file_action,
	.free_item = g_free,
};

static void
fill_files(TuiApp *app, TuiPicker *pk, const char *highlight)
{
	tui_picker_clear(pk);
	g_autoptr(GHashTable) in = g_hash_table_new(g_str_hash, g_str_equal);
	Session *s = tui_session(app);
	for (guint i = 0; i < session_n_files(s); i++) {
		const SessionFile *f = session_file(s, i);
		g_autofree char *shown = shown_path(f->path);
		tui_picker_add(pk, shown, f->pinned ? "in the context, pinned" : "in the context",
			       BULLET, g_strdup(f->path));
		g_hash_table_add(in, f->path);
	}
	g_autoptr(GPtrArray) files = project_files();
	g_autofree char *cwd = g_get_current_dir();
	for (guint i = 0; i < files->len; i++) {
		g_autofree char *full = g_build_filename(cwd, files->pdata[i], NULL);
		if (!g_hash_table_contains(in, full))
			tui_picker_add(pk, files->pdata[i], NULL, NULL, g_strdup(files->pdata[i]));
	}
	tui_picker_update(pk);
	tui_picker_highlight(pk, highlight);
}

void
tui_pickers_file(TuiApp *app)
{
	TuiPicker *pk = tui_picker_open(app, &file_ops, NULL, NULL);
	fill_files(app, pk, NULL);
}

/* ---- themes ------------------------------------------------------------------------------- */

static void
theme_moved(TuiApp *app, TuiPicker *pk, void *item)
{
	if (item == NULL || g_strcmp0(app->theme_name, item) == 0)
		return;
	g_autofree char *why = NULL;
	if (!tui_theme_switch(app, item, &why))
		tui_notice(app, true, "%s", why);
}

static bool
theme_chosen(TuiApp *app, TuiPicker *pk, void *item)
{
	theme_moved(app, pk, item);
	tui_notice(app, false, "theme %s (ui.theme: %s keeps it)", app->theme_name,
		   app->theme_name);
	return true;
}

/* Esc puts the theme that was in use back. */
static void
theme_closed(TuiApp *app, TuiPicker *pk, bool chosen)
{
	const char *before = tui_picker_data(pk);
	if (chosen || g_strcmp0(app->theme_name, before) == 0)
		return;
	g_autofree char *why = NULL;
	if (tui_theme_switch(app, before, &why))
		tui_notice(app, false, "theme %s again", before);
}

static const TuiPickerOps theme_ops = {
	.title = "Themes",
	.hints = "moving previews \xc2\xb7 Enter keeps it \xc2\xb7 Esc restores",
	.chosen = theme_chosen,
	.moved = theme_moved,
	.closed = theme_closed,
	.free_item = g_free,
};

void
tui_pickers_theme(TuiApp *app)
{
	if (tui_theme_depth() == 0) {
		tui_notice(app, true, "colours are off (NO_COLOR, --no-color or a terminal without "
				      "colours), so the monochrome theme stays");
		return;
	}
	TuiPicker *pk = tui_picker_open(app, &theme_ops, g_strdup(app->theme_name), g_free);
	g_autoptr(GPtrArray) names = theme_list();
	for (guint i = 0; i < names->len; i++) {
		const char *name = names->pdata[i];
		g_autoptr(Theme) t = theme_load(name, NULL, NULL);
		g_autofree char *d = t ? g_strdup_printf("%s%s", theme_is_light(t) ? "light \xc2\xb7 " : "",
							 theme_description(t) ? theme_description(t) : "")
				       : g_strdup("cannot be loaded");
		tui_picker_add(pk, name, d, g_strcmp0(name, app->theme_name) == 0 ? BULLET : NULL,
			       g_strdup(name));
	}
	tui_picker_update(pk);
	tui_picker_highlight(pk, app->theme_name);
}
