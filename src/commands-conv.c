/* SPDX-License-Identifier: MIT */
/* Slash commands about the conversation: model, context files, sessions, tokens, stats. */
#include "autoconfig.h"

#include <errno.h>
#include <string.h>

#include "commands-handlers.h"
#include "fsutil.h"
#include "retry.h"
#include "router.h"
#include "session-export.h"
#include "session-history.h"
#include "session-index.h"
#include "theme.h"
#include "util.h"

static Face *
face_of(Convo *cv)
{
	return convo_face(cv);
}

/* A path as the user would type it: relative to the working directory when inside it. */
static const char *
shown_path(const char *path, const char *cwd)
{
	size_t n = strlen(cwd);
	if (strncmp(path, cwd, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

/* ---- model ----------------------------------------------------------------------------------- */

SlashStatus
commands_conv_model(Convo *cv, const SlashCall *call)
{
	g_autoptr(AurError) e = NULL;
	if (call->argc == 1 && !convo_set_model(cv, call->argv[0], &e))
		return commands_failed(cv, e);
	const char *model = convo_model(cv);
	ConvoBudget b;
	convo_budget(cv, model, &b);
	if (call->argc == 1) {
		face_status(face_of(cv), FACE_SUCCESS, "model %s (input limit %" G_GINT64_FORMAT
			    " tokens)", model, b.limit);
	} else {
		g_autoptr(GPtrArray) chain = router_chain(convo_config(cv), "chat", NULL);
		g_ptr_array_add(chain, NULL);
		g_autofree char *route = g_strjoinv(", ", (char **)chain->pdata);
		face_printf(face_of(cv), "model: %s (from %s)\ninput limit: %" G_GINT64_FORMAT
			    " tokens (%s)\nchat route: %s", model, convo_model_origin(cv), b.limit,
			    b.source, route);
	}
	convo_budget_clear(&b);
	return SLASH_OK;
}

SlashStatus
commands_conv_models(Convo *cv, const SlashCall *call)
{
	(void)call;
	g_autoptr(AurError) e = NULL;
	const Catalog *cat = convo_catalog(cv, false, &e);
	if (cat == NULL)
		return commands_failed(cv, e);
	const char *current = convo_model(cv);
	GString *out = g_string_new(NULL);
	int width = 0;
	for (guint i = 0; i < cat->models->len; i++)
		width = MAX(width, (int)strlen(((CatalogModel *)cat->models->pdata[i])->id));
	for (guint i = 0; i < cat->models->len; i++) {
		const CatalogModel *m = cat->models->pdata[i];
		if (!catalog_is_chat_model(m))
			continue;
		ConvoBudget b;
		convo_budget(cv, m->id, &b);
		g_string_append_printf(out, "%s %-*s  %-10s %6" G_GINT64_FORMAT " tokens in\n",
				       g_ascii_strcasecmp(m->id, current) == 0 ? "*" : " ", width,
				       m->id, m->rate_limit_tier ? m->rate_limit_tier : "-", b.limit);
		convo_budget_clear(&b);
	}
	g_string_append(out, "(* the current model; /model ID switches)");
	face_of(cv)->ops->print(face_of(cv), out->str);
	g_string_free(out, TRUE);
	return SLASH_OK;
}

/* ---- context files ------------------------------------------------------------------------- */

static const SessionFile *
find_file(Session *s, const char *abs)
{
	for (guint i = 0; i < session_n_files(s); i++)
		if (strcmp(session_file(s, i)->path, abs) == 0)
			return session_file(s, i);
	return NULL;
}

SlashStatus
commands_conv_add(Convo *cv, const SlashCall *call)
{
	Session *s = convo_session(cv);
	ConvoBudget b;
	convo_budget(cv, convo_model(cv), &b);
	SlashStatus st = SLASH_OK;
	for (int i = 0; i < call->argc; i++) {
		g_autoptr(AurError) e = NULL;
		if (g_file_test(call->argv[i], G_FILE_TEST_IS_DIR)) {
			aur_error_set(&e, AUR_ERR_INPUT, "Add the files in it one by one (Tab completes "
				      "names).", "%s is a directory", call->argv[i]);
			st = commands_failed(cv, e);
			continue;
		}
		if (!session_add_file(s, call->argv[i], call->pin, &e)) {
			st = commands_failed(cv, e);
			continue;
		}
		g_autofree char *abs = g_canonicalize_filename(call->argv[i], NULL);
		const SessionFile *f = find_file(s, abs);
		int64_t tokens = f && f->content ? session_history_estimate(f->content) : 0;
		face_status(face_of(cv), tokens > b.budget ? FACE_WARNING : FACE_INFO,
			    "added %s (about %" G_GINT64_FORMAT " tokens%s)%s", call->argv[i], tokens,
			    call->pin ? ", pinned" : "", tokens > b.budget
			    ? ": larger than the model's input, so it cannot be sent" : "");
	}
	convo_budget_clear(&b);
	face_of(cv)->ops->changed(face_of(cv), FACE_CHANGED_METER);
	return st;
}

SlashStatus
commands_conv_drop(Convo *cv, const SlashCall *call)
{
	SlashStatus st = SLASH_OK;
	for (int i = 0; i < call->argc; i++) {
		g_autoptr(AurError) e = NULL;
		if (session_drop_file(convo_session(cv), call->argv[i], &e))
			face_status(face_of(cv), FACE_INFO, "dropped %s", call->argv[i]);
		else
			st = commands_failed(cv, e);
	}
	face_of(cv)->ops->changed(face_of(cv), FACE_CHANGED_METER);
	return st;
}

/* "changed", "missing" or "" for a context file compared with the disk. */
static const char *
file_state(const SessionFile *f)
{
	size_t len;
	g_autofree char *data = fs_read_file(f->path, SESSION_MAX_FILE, &len, NULL);
	if (data == NULL)
		return "missing";
	g_autofree char *sha = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data,
							   len);
	return strcmp(sha, f->sha256) == 0 ? "" : "changed on disk, read again with the next question";
}

SlashStatus
commands_conv_files(Convo *cv, const SlashCall *call)
{
	(void)call;
	Session *s = convo_session(cv);
	if (session_n_files(s) == 0) {
		face_status(face_of(cv), FACE_INFO, "no context files (/add FILE adds one)");
		return SLASH_OK;
	}
	g_autofree char *cwd = g_get_current_dir();
	GString *out = g_string_new(NULL);
	for (guint i = 0; i < session_n_files(s); i++) {
		const SessionFile *f = session_file(s, i);
		const char *state = file_state(f);
		int64_t tokens = f->content ? session_history_estimate(f->content) : -1;
		g_string_append_printf(out, "%s%s  ", i ? "\n" : "", shown_path(f->path, cwd));
		if (tokens >= 0)
			g_string_append_printf(out, "%" G_GINT64_FORMAT " tokens", tokens);
		else
			g_string_append(out, "not read yet");
		g_string_append_printf(out, "%s%s%s", f->pinned ? ", pinned" : "", *state ? ", " : "",
				       state);
	}
	face_of(cv)->ops->print(face_of(cv), out->str);
	g_string_free(out, TRUE);
	return SLASH_OK;
}

/* ---- the conversation ---------------------------------------------------------------------- */

SlashStatus
commands_conv_clear(Convo *cv, const SlashCall *call)
{
	(void)call;
	Session *s = convo_session(cv);
	g_autoptr(AurError) e = NULL;
	guint turns = session_n_turns(s) ? session_last_turn(s)->n - session_cleared_after(s) : 0;
	if (!session_clear(s, &e))
		return commands_failed(cv, e);
	g_autoptr(GPtrArray) drop = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < session_n_files(s); i++)
		if (!session_file(s, i)->pinned)
			g_ptr_array_add(drop, g_strdup(session_file(s, i)->path));
	for (guint i = 0; i < drop->len; i++)
		if (!session_drop_file(s, drop->pdata[i], &e))
			return commands_failed(cv, e);
	face_status(face_of(cv), FACE_INFO, "forgot %u turn%s and %u file%s; they stay in the "
		    "session file", turns, turns == 1 ? "" : "s", drop->len, drop->len == 1 ? "" : "s");
	face_of(cv)->ops->changed(face_of(cv), FACE_CHANGED_METER);
	return SLASH_OK;
}

SlashStatus
commands_conv_new(Convo *cv, const SlashCall *call)
{
	(void)call;
	Session *old = convo_session(cv);
	Session *s = session_new(NULL, session_project(old), session_model(old));
	g_autoptr(AurError) e = NULL;
	for (guint i = 0; i < session_n_files(old); i++) {
		const SessionFile *f = session_file(old, i);
		if (f->pinned && !session_add_file(s, f->path, true, &e)) {
			face_status(face_of(cv), FACE_WARNING, "%s stays behind: %s", f->path, e->message);
			g_clear_pointer(&e, aur_error_free);
		}
	}
	if (!convo_set_session(cv, s, &e)) {
		session_free(s);
		return commands_failed(cv, e);
	}
	face_status(face_of(cv), FACE_INFO, "new session%s", session_n_files(s)
		    ? " with the pinned files" : "");
	return SLASH_OK;
}

SlashStatus
commands_conv_save(Convo *cv, const SlashCall *call)
{
	Session *s = convo_session(cv);
	const char *name = call->argc ? call->argv[0] : NULL;
	g_autoptr(AurError) e = NULL;
	if (session_is_saved(s)) {
		if (name == NULL) {
			face_status(face_of(cv), FACE_INFO, "saved as %s (%s); every change is written "
				    "as it happens", session_name(s), session_path(s));
			return SLASH_OK;
		}
		if (!session_rename(s, name, &e))
			return commands_failed(cv, e);
	} else {
		/* Check first: a failed save must not leave the new name behind. */
		if (name != NULL && (!session_name_valid(name, &e) ||
				     !session_index_name_free(name, session_id(s), &e) ||
				     !session_rename(s, name, &e)))
			return commands_failed(cv, e);
		if (!session_save(s, &e))
			return commands_failed(cv, e);
	}
	face_status(face_of(cv), FACE_SUCCESS, "saved as %s: aurelis shell --session %s resumes it",
		    session_name(s), session_name(s));
	face_of(cv)->ops->changed(face_of(cv), FACE_CHANGED_SESSION);
	return SLASH_OK;
}

void
commands_conv_show_recent(Convo *cv, guint max_turns)
{
	Session *s = convo_session(cv);
	guint n = session_n_turns(s);
	if (n == 0)
		return;
	guint first = n > max_turns ? n - max_turns : 0;
	Face *f = face_of(cv);
	if (first > 0)
		face_status(f, FACE_INFO, "%u earlier turn%s not shown (aurelis session show %s)",
			    first, first == 1 ? "" : "s", session_name(s) ? session_name(s) : "");
	for (guint i = first; i < n; i++) {
		const SessionTurn *t = session_turn(s, i);
		face_printf(f, "\xe2\x80\xba %s", t->user);
		FaceAnswer a = { .model = t->model, .fallback_from = t->fallback_from,
				 .flags = t->flags, .tokens_in = t->tokens_in,
				 .tokens_out = t->tokens_out, .ttft_ms = t->ttft_ms,
				 .latency_ms = t->latency_ms, .turn = t->n };
		f->ops->answer_begin(f, t->model);
		f->ops->answer_delta(f, t->answer, strlen(t->answer));
		f->ops->answer_end(f, &a);
	}
	if (session_cleared_after(s) > 0)
		face_status(f, FACE_INFO, "turns up to %u were cleared and are not sent",
			    session_cleared_after(s));
}

SlashStatus
commands_conv_load(Convo *cv, const SlashCall *call)
{
	g_autoptr(AurError) e = NULL;
	if (convo_busy(cv)) {
		aur_error_set(&e, AUR_ERR_USAGE, "Wait for the answer, or press Ctrl-C to stop it.",
			      "an answer is still arriving");
		return commands_failed(cv, e);
	}
	Session *s = session_open(call->argv[0], &e);
	if (s == NULL)
		return commands_failed(cv, e);
	if (!convo_set_session(cv, s, &e)) {
		session_free(s);
		return commands_failed(cv, e);
	}
	const GPtrArray *warn = session_warnings(s);
	for (guint i = 0; i < warn->len; i++)
		face_status(face_of(cv), FACE_WARNING, "%s", (const char *)warn->pdata[i]);
	face_status(face_of(cv), FACE_INFO, "session %s: %u turn%s", session_name(s),
		    session_n_turns(s), session_n_turns(s) == 1 ? "" : "s");
	commands_conv_show_recent(cv, 3);
	return SLASH_OK;
}

static char *
ago(int64_t ms)
{
	int64_t s = MAX(0, (util_now_ms() - ms) / 1000);
	if (s < 60)
		return g_strdup("just now");
	g_autofree char *d = util_format_duration(s);
	return g_strdup_printf("%s ago", d);
}

SlashStatus
commands_conv_sessions(Convo *cv, const SlashCall *call)
{
	(void)call;
	g_autoptr(AurError) e = NULL;
	g_autoptr(GPtrArray) list = session_index_list(NULL, &e);
	if (list == NULL)
		return commands_failed(cv, e);
	if (list->len == 0) {
		face_status(face_of(cv), FACE_INFO, "no saved sessions yet (/save NAME saves this one)");
		return SLASH_OK;
	}
	const char *current = session_id(convo_session(cv));
	GString *out = g_string_new(NULL);
	for (guint i = 0; i < list->len; i++) {
		const SessionInfo *si = list->pdata[i];
		g_autofree char *when = ago(si->last_ms);
		g_string_append_printf(out, "%s%s %-24s %5u turn%s  %-14s %s", i ? "\n" : "",
				       strcmp(si->id, current) == 0 ? "*" : " ", si->name, si->turns,
				       si->turns == 1 ? " " : "s", when, si->project);
	}
	face_of(cv)->ops->print(face_of(cv), out->str);
	g_string_free(out, TRUE);
	return SLASH_OK;
}

/* ---- export ------------------------------------------------------------------------------- */

static bool
write_export(Convo *cv, const char *path, const char *text, bool yes, AurError **err)
{
	if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
		aur_error_set(err, AUR_ERR_INPUT, "Give a file name.", "%s is a directory", path);
		return false;
	}
	if (g_file_test(path, G_FILE_TEST_EXISTS) && !yes) {
		g_autofree char *q = g_strdup_printf("Replace %s?", path);
		FaceConfirm c = face_of(cv)->ops->confirm(face_of(cv), q);
		if (c != FACE_CONFIRM_YES) {
			aur_error_set(err, c == FACE_CONFIRM_ERROR ? AUR_ERR_USAGE : AUR_ERR_CANCELLED,
				      "Add --yes to replace it, or give another name.",
				      "%s exists and was left alone", path);
			return false;
		}
	}
	return fs_write_atomic(path, text, strlen(text), 0600, err);
}

SlashStatus
commands_conv_export(Convo *cv, const SlashCall *call)
{
	SessionExportFormat fmt = SESSION_EXPORT_MARKDOWN;
	const char *path = NULL;
	int i = 0;
	if (call->argc > 0 && session_export_format_parse(call->argv[0], &fmt))
		i = 1;
	else if (call->argc > 0 && g_str_has_suffix(call->argv[0], ".json"))
		fmt = SESSION_EXPORT_JSON;
	if (i < call->argc)
		path = call->argv[i++];
	g_autoptr(AurError) e = NULL;
	if (i < call->argc) {
		aur_error_set(&e, AUR_ERR_USAGE, "Usage: /export [md|json] [FILE]",
			      "/export: '%s' is not a format (md or json)", call->argv[0]);
		return commands_failed(cv, e);
	}
	g_autofree char *text = session_export(convo_session(cv), fmt);
	if (path == NULL) {
		face_of(cv)->ops->print(face_of(cv), text);
		return SLASH_OK;
	}
	if (!write_export(cv, path, text, call->yes, &e))
		return commands_failed(cv, e);
	face_status(face_of(cv), FACE_SUCCESS, "wrote %s (%s, %u turns)", path,
		    fmt == SESSION_EXPORT_JSON ? "JSON" : "markdown", session_n_turns(convo_session(cv)));
	return SLASH_OK;
}

/* ---- requests ----------------------------------------------------------------------------- */

SlashStatus
commands_conv_retry(Convo *cv, const SlashCall *call)
{
	(void)call;
	g_autoptr(AurError) e = NULL;
	return convo_retry(cv, &e) ? SLASH_OK : commands_failed(cv, e);
}

SlashStatus
commands_conv_compact(Convo *cv, const SlashCall *call)
{
	(void)call;
	g_autoptr(AurError) e = NULL;
	return convo_compact(cv, &e) ? SLASH_OK : commands_failed(cv, e);
}

/* ---- tokens and stats --------------------------------------------------------------------- */

typedef struct {
	int64_t system, files, summary, turns;
	guint n_files;
} Breakdown;

static void
break_down(const SessionHistory *h, Breakdown *b)
{
	memset(b, 0, sizeof *b);
	for (guint i = 0; i < h->messages->len; i++) {
		const SessionMessage *m = h->messages->pdata[i];
		if (m->role != SESSION_ROLE_SYSTEM) {
			b->turns += m->tokens;
		} else if (i == 0 && !g_str_has_prefix(m->content, "File ") &&
			   !g_str_has_prefix(m->content, "Summary of ")) {
			b->system += m->tokens;
		} else if (g_str_has_prefix(m->content, "Summary of ")) {
			b->summary += m->tokens;
		} else {
			b->files += m->tokens;
			b->n_files++;
		}
	}
}

SlashStatus
commands_conv_tokens(Convo *cv, const SlashCall *call)
{
	(void)call;
	const char *model = convo_model(cv);
	ConvoBudget bud;
	convo_budget(cv, model, &bud);
	g_autoptr(AurError) e = NULL;
	g_autoptr(SessionHistory) h = session_history_select(convo_session(cv),
		convo_system_prompt("chat"), NULL, bud.budget, &e);
	if (h == NULL) {
		convo_budget_clear(&bud);
		return commands_failed(cv, e);
	}
	Breakdown b;
	break_down(h, &b);
	g_autofree char *meter = session_history_meter_text(h->tokens, bud.limit);
	GString *out = g_string_new(NULL);
	g_string_append_printf(out, "tokens: %s for %s (limit from %s; history fills at most %"
			       G_GINT64_FORMAT ")\n", meter, model, bud.source, bud.budget);
	g_string_append_printf(out, "  system prompt  %6" G_GINT64_FORMAT "\n", b.system);
	g_string_append_printf(out, "  files (%u)      %6" G_GINT64_FORMAT "\n", b.n_files, b.files);
	if (h->summary_upto > 0)
		g_string_append_printf(out, "  summary 1-%-4u %6" G_GINT64_FORMAT "\n",
				       h->summary_upto, b.summary);
	g_string_append_printf(out, "  turns (%u)      %6" G_GINT64_FORMAT, h->turns_sent, b.turns);
	if (h->turns_sent > 0)
		g_string_append_printf(out, "  (from turn %u)", h->first_turn);
	g_autofree char *what = session_history_describe(h);
	if (what != NULL)
		g_string_append_printf(out, "\n%s", what);
	face_of(cv)->ops->print(face_of(cv), out->str);
	g_string_free(out, TRUE);
	convo_budget_clear(&bud);
	return SLASH_OK;
}

typedef struct {
	guint turns, cancelled, fallback, cut, timed;
	int64_t in, out, latency, ttft;
	guint ttft_n;
	GHashTable *models; /* char * -> count */
} Totals;

static void
add_turn(Totals *t, const SessionTurn *turn)
{
	t->turns++;
	t->cancelled += (turn->flags & SESSION_TURN_CANCELLED) != 0;
	t->fallback += (turn->flags & SESSION_TURN_FALLBACK) != 0;
	t->cut += (turn->flags & SESSION_TURN_CUT) != 0;
	t->in += MAX(turn->tokens_in, 0);
	t->out += MAX(turn->tokens_out, 0);
	if (turn->latency_ms >= 0) {
		t->latency += turn->latency_ms;
		t->timed++;
	}
	if (turn->ttft_ms >= 0) {
		t->ttft += turn->ttft_ms;
		t->ttft_n++;
	}
	const char *m = turn->model ? turn->model : "(unknown)";
	guint n = GPOINTER_TO_UINT(g_hash_table_lookup(t->models, m));
	g_hash_table_insert(t->models, (gpointer)m, GUINT_TO_POINTER(n + 1));
}

SlashStatus
commands_conv_stats(Convo *cv, const SlashCall *call)
{
	(void)call;
	Session *s = convo_session(cv);
	Totals t = { .models = g_hash_table_new(g_str_hash, g_str_equal) };
	for (guint i = 0; i < session_n_turns(s); i++)
		add_turn(&t, session_turn(s, i));
	GString *out = g_string_new(NULL);
	g_string_append_printf(out, "session %s: %u turn%s, %" G_GINT64_FORMAT " tokens in, %"
			       G_GINT64_FORMAT " out\n", session_name(s) ? session_name(s) : "(unsaved)",
			       t.turns, t.turns == 1 ? "" : "s", t.in, t.out);
	if (t.timed > 0)
		g_string_append_printf(out, "average answer %.1f s, first token after %.2f s\n",
				       (double)t.latency / t.timed / 1000.0,
				       t.ttft_n ? (double)t.ttft / t.ttft_n / 1000.0 : 0.0);
	g_string_append_printf(out, "cancelled %u, from a fallback model %u, cut short %u\n",
			       t.cancelled, t.fallback, t.cut);
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, t.models);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_string_append_printf(out, "  %s: %u\n", (const char *)k, GPOINTER_TO_UINT(v));
	const ConvoStats *r = convo_stats(cv);
	g_string_append_printf(out, "this run: %u request%s, %u answered, %u cancelled, %u failed, "
			       "%u resent smaller", r->requests, r->requests == 1 ? "" : "s",
			       r->answered, r->cancelled, r->failed, r->trimmed);
	face_of(cv)->ops->print(face_of(cv), out->str);
	g_string_free(out, TRUE);
	g_hash_table_unref(t.models);
	return SLASH_OK;
}

/* ---- theme -------------------------------------------------------------------------------- */

SlashStatus
commands_conv_theme(Convo *cv, const SlashCall *call)
{
	g_autoptr(GPtrArray) names = theme_list();
	if (call->argc == 0) {
		GString *out = g_string_new("themes:");
		for (guint i = 0; i < names->len; i++)
			g_string_append_printf(out, " %s%s", (const char *)names->pdata[i],
					       g_strcmp0(names->pdata[i], convo_theme(cv)) == 0 ? "*" : "");
		face_of(cv)->ops->print(face_of(cv), out->str);
		g_string_free(out, TRUE);
		return SLASH_OK;
	}
	g_autofree char *file = theme_find(call->argv[0]);
	if (file == NULL) {
		g_ptr_array_add(names, NULL);
		const char *near = util_did_you_mean(call->argv[0], (const char *const *)names->pdata);
		g_autofree char *hint = near ? g_strdup_printf("Did you mean %s?", near)
					     : g_strdup("/theme lists the themes.");
		g_autoptr(AurError) e = NULL;
		aur_error_set(&e, AUR_ERR_NOT_FOUND, hint, "no theme named %s", call->argv[0]);
		return commands_failed(cv, e);
	}
	convo_set_theme(cv, call->argv[0]);
	face_status(face_of(cv), FACE_SUCCESS, "theme %s (set ui.theme to keep it)", call->argv[0]);
	return SLASH_OK;
}
