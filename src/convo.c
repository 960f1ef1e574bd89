/* SPDX-License-Identifier: MIT */
/* The conversation engine shared by the line shell and the full-screen interface. */
#include "autoconfig.h"

#include <string.h>

#include <cjson/cJSON.h>

#include "auth.h"
#include "client.h"
#include "cache.h"
#include "convo.h"
#include "edit.h"
#include "log.h"
#include "prompts.h"
#include "retry.h"
#include "router.h"
#include "session-history.h"
#include "util.h"

/*
 * The request in flight is an Inflight on the UI thread and a ChatJob on a worker.  They
 * share nothing: the job owns its client, request and cancel token, and reports through
 * job events only, so the session is touched on the UI thread alone.
 */

/* Tokens are estimated from bytes (4 per token), which undercounts code and non-ASCII
 * text; keep this share of the limit free so the estimate can be off without a 413. */
#define BUDGET_MARGIN_PCT 10
/* Turns /compact leaves as they are. */
#define COMPACT_KEEP 2

typedef enum { INFLIGHT_TURN, INFLIGHT_COMPACT } InflightKind;

/* What the worker reports when client_chat() returns. */
typedef struct {
	char *model;
	char *finish_reason;
	ChatUsage usage;
	bool incomplete, cut, cancelled, cached;
	int retries;
	int64_t ttft_us, total_us;
} ChatOutcome;

typedef struct {
	InflightKind kind;
	unsigned job_id;
	char *task;
	char *prompt;
	char *need_file;
	guint retry_of;
	char *model_asked;   /* the first choice (NULL: the route's head) */
	char *model_now;     /* the model answering, updated by fallbacks */
	char *fallback_from;
	GString *text;
	int64_t started_ms, start_us, first_us;
	int64_t sent_tokens;
	bool trimmable;      /* history or files went with it: a 413 can be retried smaller */
	bool trimmed;
	guint compact_upto;
	ChatOutcome *outcome;
} Inflight;

typedef struct {
	ClientCtx *client;
	AuthToken *token;    /* borrowed from the Convo, which outlives every job */
	ChatRequest *request;
	char *task;
	char *model;
	char *command;
	unsigned cache;
	AurCancel *cancel;
} ChatJob;

struct Convo {
	const AurConfig *cfg;
	Jobs *jobs;
	Face *face;
	Session *session;
	bool no_wait;
	char *model_override;
	char *theme;
	unsigned cache;
	char *command;
	AuthToken *token;
	ClientCtx *ui_client;   /* catalogue fetches on the UI thread */
	Catalog *cached;        /* the catalogue from disk, for limits (never fetched for them) */
	bool cached_loaded;
	AurCancel *wait_cancel;
	Inflight *inflight;
	char *failed_prompt, *failed_task;
	guint failed_retry_of;
	char *route_head;
	char *edit_target;
	ConvoStats stats;
};

/* The prompts live with every other system prompt in prompts.c; generate, explain and fix
 * share the one-shot commands', so both faces ask for what their parsers read. */
const char *
convo_system_prompt(const char *task)
{
	return prompts_system(prompts_for_task(task));
}

/* ---- life cycle ------------------------------------------------------------------------ */

static void
outcome_free(gpointer p)
{
	ChatOutcome *o = p;
	if (o == NULL)
		return;
	g_free(o->model);
	g_free(o->finish_reason);
	g_free(o);
}

static void
inflight_free(Inflight *in)
{
	if (in == NULL)
		return;
	g_free(in->task);
	g_free(in->prompt);
	g_free(in->need_file);
	g_free(in->model_asked);
	g_free(in->model_now);
	g_free(in->fallback_from);
	g_string_free(in->text, TRUE);
	outcome_free(in->outcome);
	g_free(in);
}

Convo *
convo_new(const ConvoOptions *o, Session *session)
{
	Convo *cv = g_new0(Convo, 1);
	cv->cfg = o->cfg;
	cv->jobs = o->jobs;
	cv->face = o->face;
	cv->session = session;
	cv->model_override = g_strdup(o->model && *o->model ? o->model : NULL);
	cv->theme = g_strdup(o->theme ? o->theme : config_get_string(o->cfg, "ui.theme"));
	cv->cache = o->cache;
	cv->no_wait = o->no_wait;
	cv->command = g_strdup(o->command);
	g_autoptr(GPtrArray) chain = router_chain(o->cfg, "chat", NULL);
	cv->route_head = g_strdup(chain->pdata[0]);
	return cv;
}

static void
forget_failed(Convo *cv)
{
	g_clear_pointer(&cv->failed_prompt, g_free);
	g_clear_pointer(&cv->failed_task, g_free);
	cv->failed_retry_of = 0;
}

void
convo_free(Convo *cv)
{
	if (cv == NULL)
		return;
	/* The pool is gone by now (see convo.h), and with it the request in flight. */
	inflight_free(cv->inflight);
	session_free(cv->session);
	client_free(cv->ui_client);
	auth_token_free(cv->token);
	catalog_free(cv->cached);
	forget_failed(cv);
	g_free(cv->model_override);
	g_free(cv->theme);
	g_free(cv->command);
	g_free(cv->route_head);
	g_free(cv->edit_target);
	g_free(cv);
}

Session *convo_session(const Convo *cv) { return cv->session; }
Face *convo_face(const Convo *cv) { return cv->face; }
const AurConfig *convo_config(const Convo *cv) { return cv->cfg; }
const char *convo_theme(const Convo *cv) { return cv->theme; }
bool convo_busy(const Convo *cv) { return cv->inflight != NULL; }
const ConvoStats *convo_stats(const Convo *cv) { return &cv->stats; }
void convo_set_wait_cancel(Convo *cv, AurCancel *cancel) { cv->wait_cancel = cancel; }

const char *convo_edit_target(const Convo *cv) { return cv->edit_target; }

void
convo_set_edit_target(Convo *cv, const char *path)
{
	g_free(cv->edit_target);
	cv->edit_target = g_strdup(path);
}

void
convo_set_theme(Convo *cv, const char *name)
{
	g_free(cv->theme);
	cv->theme = g_strdup(name);
	cv->face->ops->changed(cv->face, FACE_CHANGED_THEME);
}

static bool
refuse_busy(const Convo *cv, AurError **err)
{
	if (cv->inflight == NULL)
		return false;
	aur_error_set(err, AUR_ERR_USAGE, "Wait for it to finish, or press Ctrl-C to stop it.",
		      "%s is still running", cv->inflight->kind == INFLIGHT_COMPACT
		      ? "a summary" : "an answer");
	return true;
}

bool
convo_set_session(Convo *cv, Session *s, AurError **err)
{
	if (refuse_busy(cv, err))
		return false;
	session_free(cv->session);
	cv->session = s;
	forget_failed(cv);
	g_clear_pointer(&cv->edit_target, g_free);
	cv->face->ops->changed(cv->face, FACE_CHANGED_SESSION | FACE_CHANGED_MODEL |
			       FACE_CHANGED_METER);
	return true;
}

/* ---- models, the catalogue and budgets ---------------------------------------------------- */

const char *
convo_model(Convo *cv)
{
	if (cv->model_override != NULL)
		return cv->model_override;
	if (session_model(cv->session) != NULL)
		return session_model(cv->session);
	return cv->route_head;
}

const char *
convo_model_origin(Convo *cv)
{
	if (cv->model_override != NULL)
		return "--model";
	if (session_model(cv->session) != NULL)
		return "session";
	return "models.routes.chat";
}

/* The model a request for task goes to first: the user's choice, else the task's route. */
static char *
first_model(Convo *cv, const char *task)
{
	if (cv->model_override != NULL)
		return g_strdup(cv->model_override);
	if (session_model(cv->session) != NULL)
		return g_strdup(session_model(cv->session));
	g_autoptr(GPtrArray) chain = router_chain(cv->cfg, task, NULL);
	return g_strdup(chain->pdata[0]);
}

/* The user's choice only (what ClientRequest.model takes), or NULL for the route. */
static const char *
chosen_model(Convo *cv)
{
	return cv->model_override ? cv->model_override : session_model(cv->session);
}

static char *
catalog_url(const Convo *cv)
{
	return models_catalog_url(config_get_string(cv->cfg, "endpoint"),
				  config_get_string(cv->cfg, "catalog_url"));
}

/* The catalogue as last fetched by anyone, whatever its age: limits never wait on the
 * network. */
const Catalog *
convo_cached_catalog(Convo *cv)
{
	/* Without one, look again next time: something else (the model picker's background
	 * fetch, another aurelis) may have stored it since. */
	if (!cv->cached_loaded || cv->cached == NULL) {
		g_autofree char *url = catalog_url(cv);
		cv->cached = catalog_load_cached(url, -1);
		cv->cached_loaded = true;
	}
	return cv->cached;
}

const Catalog *
convo_catalog(Convo *cv, bool refresh, AurError **err)
{
	if (cv->no_wait) {
		const Catalog *cat = convo_cached_catalog(cv);
		if (cat == NULL)
			aur_error_set(err, AUR_ERR_NOT_FOUND, "Open the model picker (M-m), which fetches "
				      "it in the background, or run `aurelis models`.",
				      "the model catalogue has not been fetched yet");
		return cat;
	}
	if (cv->ui_client == NULL) {
		/* The catalogue needs no token; one is used when it is already at hand. */
		cv->ui_client = client_new(cv->cfg, cv->token, err);
		if (cv->ui_client == NULL)
			return NULL;
	}
	const Catalog *cat = client_catalog(cv->ui_client, refresh, cv->wait_cancel, err);
	if (cat != NULL) {
		/* Limits from now on come from this copy (it was cached on disk too). */
		catalog_free(cv->cached);
		g_autofree char *url = catalog_url(cv);
		cv->cached = catalog_load_cached(url, -1);
		cv->cached_loaded = true;
	}
	return cat;
}

void
convo_budget(Convo *cv, const char *model, ConvoBudget *out)
{
	memset(out, 0, sizeof *out);
	const Catalog *cat = convo_cached_catalog(cv);
	const CatalogModel *cm = cat ? catalog_find(cat, model) : NULL;
	out->limit = retry_input_cap(cv->cfg, model, cm, &out->source);
	out->budget = out->limit - out->limit * BUDGET_MARGIN_PCT / 100;
}

void
convo_budget_clear(ConvoBudget *b)
{
	g_clear_pointer(&b->source, g_free);
}

char *
convo_meter_text(Convo *cv)
{
	ConvoBudget b;
	convo_budget(cv, convo_model(cv), &b);
	int64_t used = session_history_meter(cv->session, convo_system_prompt("chat"), b.budget);
	char *text = session_history_meter_text(used, b.limit);
	convo_budget_clear(&b);
	return text;
}

int
convo_requests_left(Convo *cv)
{
	const char *model = convo_model(cv);
	const Catalog *cat = convo_cached_catalog(cv);
	const CatalogModel *cm = cat ? catalog_find(cat, model) : NULL;
	return retry_requests_left(cv->cfg, model, cm ? cm->rate_limit_tier : NULL, util_now_ms());
}

bool
convo_set_model(Convo *cv, const char *id, AurError **err)
{
	if (refuse_busy(cv, err))
		return false;
	g_autoptr(AurError) why = NULL;
	const Catalog *cat = convo_catalog(cv, false, &why);
	g_autofree char *canonical = g_strdup(id);
	if (cat != NULL) {
		const CatalogModel *m = catalog_find(cat, id);
		if (m == NULL) {
			const char *near = catalog_suggest(cat, id);
			g_autofree char *hint = near ? g_strdup_printf("Did you mean %s?", near)
						     : g_strdup("/models lists the models you can use.");
			aur_error_set(err, AUR_ERR_MODEL, hint, "%s is not in the model catalogue", id);
			return false;
		}
		if (!catalog_is_chat_model(m)) {
			aur_error_set(err, AUR_ERR_MODEL, "/models lists the chat models.",
				      "%s does not take and give text, so it cannot chat", m->id);
			return false;
		}
		g_free(canonical);
		canonical = g_strdup(m->id);
	} else if (why != NULL && why->category == AUR_ERR_CANCELLED) {
		aur_error_set(err, AUR_ERR_CANCELLED, "The model was not changed.", "cancelled");
		return false;
	} else {
		face_status(cv->face, FACE_WARNING, "%s is not checked: the catalogue could not be "
			    "read (%s)", id, why ? why->message : "unknown error");
	}
	if (!session_set_model(cv->session, canonical, err))
		return false;
	g_clear_pointer(&cv->model_override, g_free);
	cv->face->ops->changed(cv->face, FACE_CHANGED_MODEL | FACE_CHANGED_METER);
	return true;
}

/* ---- the worker side ---------------------------------------------------------------------- */

static void
job_on_delta(const char *text, size_t len, void *ud)
{
	job_emit_delta(ud, text, len);
}

static void
job_on_usage(const ChatUsage *u, void *ud)
{
	job_emit_usage(ud, u->prompt_tokens, u->completion_tokens);
}

static void
job_on_retry_wait(int64_t left, const char *reason, void *ud)
{
	job_emit_retry_wait(ud, (int)MIN(left, G_MAXINT), reason);
}

static void
job_on_fallback(const char *from, const char *to, const char *why, void *ud)
{
	job_emit_fallback(ud, from, to, why);
}

static void
job_cancel_hook(void *data)
{
	cancel_trigger(data);
}

static void
chat_job_free(gpointer p)
{
	ChatJob *j = p;
	client_free(j->client);
	models_request_free(j->request);
	cancel_free(j->cancel);
	g_free(j->task);
	g_free(j->model);
	g_free(j->command);
	g_free(j);
}

static void
chat_job_run(Job *job, void *data)
{
	ChatJob *j = data;
	job_set_cancel_hook(job, job_cancel_hook, j->cancel);
	ClientCallbacks cb = { .on_delta = job_on_delta, .on_usage = job_on_usage,
			       .on_retry_wait = job_on_retry_wait, .on_fallback = job_on_fallback,
			       .ud = job };
	ClientRequest req = { .task = j->task, .request = j->request, .model = j->model,
			      .max_retries = -1, .cache = j->cache, .command = j->command };
	ClientResult res;
	AurError *err = NULL;
	bool ok = client_chat(j->client, &req, &cb, j->cancel, &res, &err);
	job_set_cancel_hook(job, NULL, NULL);
	ChatOutcome *o = g_new0(ChatOutcome, 1);
	o->model = g_strdup(res.model);
	o->finish_reason = g_strdup(res.finish_reason);
	o->usage = res.usage;
	o->incomplete = res.incomplete;
	o->cut = res.cut;
	o->cancelled = res.cancelled;
	o->cached = res.cached;
	o->retries = res.retries;
	o->ttft_us = res.ttft_us;
	o->total_us = res.total_us;
	job_emit_result(job, o, outcome_free);
	job_mark(job, (res.cached ? JOB_FLAG_CACHED : 0) | (res.cut ? JOB_FLAG_CUT : 0));
	if (!ok || res.cancelled) {
		if (err == NULL)
			aur_error_set(&err, AUR_ERR_CANCELLED, "The partial answer was kept.", "cancelled");
		job_fail(job, err);
	} else {
		aur_error_free(err);
	}
	client_result_clear(&res);
}

/* ---- starting requests ---------------------------------------------------------------------- */

static bool
ensure_token(Convo *cv, AurError **err)
{
	if (cv->token != NULL)
		return true;
	cv->token = auth_token_get(cv->cfg, err);
	return cv->token != NULL;
}

static ChatRequest *
request_from_history(const SessionHistory *h)
{
	ChatRequest *req = models_request_new();
	req->stream = true;
	for (guint i = 0; i < h->messages->len; i++) {
		const SessionMessage *m = h->messages->pdata[i];
		models_request_add(req, session_role_name(m->role), m->content);
	}
	return req;
}

static bool
in_list(const GPtrArray *paths, const char *path)
{
	for (guint i = 0; i < paths->len; i++)
		if (g_str_has_prefix(paths->pdata[i], path))
			return true;
	return false;
}

/* The file the request needs must be going with it. */
static bool
check_needed_file(const Inflight *in, const SessionHistory *h, int64_t budget, AurError **err)
{
	if (in->need_file == NULL)
		return true;
	if (in_list(h->files_missing, in->need_file)) {
		aur_error_set(err, AUR_ERR_INPUT, "Check the path; /drop removes it from the context.",
			      "%s cannot be read", in->need_file);
		return false;
	}
	if (in_list(h->files_omitted, in->need_file)) {
		aur_error_set(err, AUR_ERR_INPUT, "Ask about a part of it (paste the lines), /drop "
			      "other files, or pick a model that takes more input (/model).",
			      "%s does not fit in %s's input of about %" G_GINT64_FORMAT " tokens",
			      in->need_file, in->model_now, budget);
		return false;
	}
	return true;
}

static void
log_request(const Inflight *in, const SessionHistory *h)
{
	cJSON *f = cJSON_CreateObject();
	cJSON_AddStringToObject(f, "task", in->task);
	cJSON_AddStringToObject(f, "model", in->model_now);
	cJSON_AddNumberToObject(f, "tokens_est", (double)h->tokens);
	cJSON_AddNumberToObject(f, "budget", (double)h->budget);
	cJSON_AddNumberToObject(f, "turns_sent", h->turns_sent);
	cJSON_AddNumberToObject(f, "turns_dropped", h->dropped);
	log_add_content(f, "prompt", in->prompt);
	log_event(LOG_INFO, "shell_request", f);
}

static bool
submit(Convo *cv, Inflight *in, const SessionHistory *h, AurError **err)
{
	ChatJob *j = g_new0(ChatJob, 1);
	j->client = client_new(cv->cfg, cv->token, err);
	if (j->client == NULL) {
		g_free(j);
		return false;
	}
	j->request = request_from_history(h);
	j->task = g_strdup(in->task);
	j->model = g_strdup(in->model_asked);
	j->command = g_strdup(cv->command);
	/* A summary is new text every time, and /retry wants a new answer rather than the one
	 * it retries replayed: neither reads the cache (a retry's answer is still stored). */
	j->cache = in->kind != INFLIGHT_TURN ? 0
		 : in->retry_of != 0	 ? cv->cache & ~(unsigned)CACHE_POLICY_READ
					 : cv->cache;
	j->cancel = cancel_new();
	in->sent_tokens = h->tokens;
	/* More than the system prompt and the prompt went: a 413 can be tried with less. */
	in->trimmable = in->kind == INFLIGHT_TURN && h->messages->len > 2;
	in->started_ms = util_now_ms();
	in->start_us = util_mono_us();
	in->first_us = -1;
	g_string_truncate(in->text, 0);
	log_request(in, h);
	cv->stats.requests++;
	in->job_id = jobs_submit(cv->jobs, in->kind == INFLIGHT_TURN ? "chat" : "summarize",
				 chat_job_run, j, chat_job_free);
	return true;
}

static Inflight *
inflight_new(InflightKind kind, const char *task, const char *prompt)
{
	Inflight *in = g_new0(Inflight, 1);
	in->kind = kind;
	in->task = g_strdup(task);
	in->prompt = g_strdup(prompt);
	in->text = g_string_new(NULL);
	return in;
}

/* Choose the history for in within budget (0: the model's) and send it. */
static bool
send_turn(Convo *cv, Inflight *in, int64_t budget, AurError **err)
{
	ConvoBudget b;
	convo_budget(cv, in->model_now, &b);
	if (budget <= 0)
		budget = b.budget;
	convo_budget_clear(&b);
	g_autoptr(SessionHistory) h = session_history_select_skip(cv->session,
		convo_system_prompt(in->task), in->prompt, budget, in->retry_of, err);
	if (h == NULL || !check_needed_file(in, h, budget, err))
		return false;
	g_autofree char *what = session_history_describe(h);
	if (what != NULL)
		face_status(cv->face, h->dropped > 0 || h->files_omitted->len > 0 ? FACE_WARNING
			    : FACE_INFO, "%s%s", what, h->dropped > 0 ? " (/compact summarises "
			    "old turns instead)" : "");
	return submit(cv, in, h, err);
}

bool
convo_ask(Convo *cv, const ConvoAsk *ask, AurError **err)
{
	if (refuse_busy(cv, err))
		return false;
	if (ask->prompt == NULL || *ask->prompt == '\0') {
		aur_error_set(err, AUR_ERR_USAGE, "Type a question, or /help for the commands.",
			      "nothing to send");
		return false;
	}
	if (!ensure_token(cv, err))
		return false;
	const char *task = ask->task && router_is_task(ask->task) ? ask->task : "chat";
	Inflight *in = inflight_new(INFLIGHT_TURN, task, ask->prompt);
	in->need_file = g_strdup(ask->need_file);
	in->retry_of = ask->retry_of;
	in->model_asked = g_strdup(chosen_model(cv));
	in->model_now = first_model(cv, task);
	if (!send_turn(cv, in, 0, err)) {
		inflight_free(in);
		return false;
	}
	cv->inflight = in;
	forget_failed(cv);
	cv->face->ops->answer_begin(cv->face, in->model_now);
	cv->face->ops->changed(cv->face, FACE_CHANGED_BUSY);
	return true;
}

bool
convo_retry(Convo *cv, AurError **err)
{
	if (refuse_busy(cv, err))
		return false;
	if (cv->failed_prompt != NULL) {
		g_autofree char *prompt = g_strdup(cv->failed_prompt);
		g_autofree char *task = g_strdup(cv->failed_task);
		ConvoAsk a = { .task = task, .prompt = prompt, .retry_of = cv->failed_retry_of };
		return convo_ask(cv, &a, err);
	}
	const SessionTurn *t = session_last_turn(cv->session);
	if (t == NULL || t->n <= session_cleared_after(cv->session)) {
		aur_error_set(err, AUR_ERR_USAGE, "Ask something first.", "there is nothing to retry");
		return false;
	}
	g_autofree char *prompt = g_strdup(t->user);
	ConvoAsk a = { .task = "chat", .prompt = prompt, .retry_of = t->n };
	return convo_ask(cv, &a, err);
}

bool
convo_cancel(Convo *cv)
{
	if (cv->inflight == NULL)
		return false;
	return jobs_cancel(cv->jobs, cv->inflight->job_id);
}

/* ---- compaction ---------------------------------------------------------------------------- */

/* Turns worth summarising, oldest first: answered, not retried, after the clear. */
static GPtrArray *
compactable_turns(Session *s)
{
	GPtrArray *out = g_ptr_array_new();
	guint floor = session_cleared_after(s);
	for (guint i = 0; i < session_n_turns(s); i++) {
		const SessionTurn *t = session_turn(s, i);
		if (t->n > floor && t->answer && *t->answer && !(t->flags & SESSION_TURN_RETRIED))
			g_ptr_array_add(out, (gpointer)t);
	}
	return out;
}

/* The transcript to summarise: the summary so far, then turns from the newest back while
 * they fit; *first gets the oldest turn number included. */
static char *
compact_transcript(Session *s, const GPtrArray *turns, guint upto_idx, int64_t budget,
		   guint *first)
{
	const SessionSummary *sum = session_summary(s);
	int64_t used = session_history_estimate(convo_system_prompt("summarize")) + 64;
	GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
	*first = 0;
	for (guint i = upto_idx + 1; i-- > 0;) {
		const SessionTurn *t = turns->pdata[i];
		if (sum != NULL && t->n <= sum->upto)
			break;
		char *part = g_strdup_printf("## Turn %u\n\n**User:**\n%s\n\n**Assistant:**\n%s\n\n",
					     t->n, t->user, t->answer);
		int64_t cost = session_history_estimate(part);
		if (used + cost > budget) {
			g_free(part);
			break;
		}
		used += cost;
		g_ptr_array_add(parts, part);
		*first = t->n;
	}
	GString *out = g_string_new(NULL);
	if (sum != NULL && session_history_estimate(sum->text) + used <= budget)
		g_string_append_printf(out, "## Summary of turns 1-%u\n\n%s\n\n", sum->upto, sum->text);
	for (guint i = parts->len; i-- > 0;)
		g_string_append(out, parts->pdata[i]);
	g_ptr_array_unref(parts);
	return g_string_free(out, FALSE);
}

bool
convo_compact(Convo *cv, AurError **err)
{
	if (refuse_busy(cv, err))
		return false;
	g_autoptr(GPtrArray) turns = compactable_turns(cv->session);
	const SessionSummary *sum = session_summary(cv->session);
	guint fresh = 0;
	for (guint i = 0; i < turns->len; i++)
		if (sum == NULL || ((const SessionTurn *)turns->pdata[i])->n > sum->upto)
			fresh++;
	if (fresh <= COMPACT_KEEP) {
		aur_error_set(err, AUR_ERR_USAGE, "The newest turns are always kept as they are.",
			      "nothing to compact: %u turn%s since the last summary", fresh,
			      fresh == 1 ? "" : "s");
		return false;
	}
	if (!ensure_token(cv, err))
		return false;
	guint upto_idx = turns->len - 1 - COMPACT_KEEP;
	Inflight *in = inflight_new(INFLIGHT_COMPACT, "summarize", NULL);
	in->model_now = first_model(cv, "summarize");
	in->compact_upto = ((const SessionTurn *)turns->pdata[upto_idx])->n;
	ConvoBudget b;
	convo_budget(cv, in->model_now, &b);
	guint first = 0;
	g_autofree char *transcript = compact_transcript(cv->session, turns, upto_idx, b.budget,
							 &first);
	convo_budget_clear(&b);
	in->prompt = g_strdup(transcript);
	/* A fresh history: only the instructions and the transcript. */
	g_autoptr(SessionHistory) h = g_new0(SessionHistory, 1);
	h->messages = g_ptr_array_new();
	h->files_reread = g_ptr_array_new();
	h->files_missing = g_ptr_array_new();
	h->files_omitted = g_ptr_array_new();
	SessionMessage sys = { SESSION_ROLE_SYSTEM, (char *)convo_system_prompt("summarize"), 0 };
	SessionMessage user = { SESSION_ROLE_USER, transcript, 0 };
	g_ptr_array_add(h->messages, &sys);
	g_ptr_array_add(h->messages, &user);
	h->tokens = session_history_estimate(sys.content) + session_history_estimate(transcript);
	if (!submit(cv, in, h, err)) {
		inflight_free(in);
		return false;
	}
	cv->inflight = in;
	guint from = sum != NULL ? sum->upto + 1 : 1;
	if (first > from)
		face_status(cv->face, FACE_WARNING, "turns %u-%u do not fit in one request and are "
			    "left out of the summary", from, first - 1);
	face_status(cv->face, FACE_INFO, "summarising turns 1-%u with %s", in->compact_upto,
		    in->model_now);
	cv->face->ops->changed(cv->face, FACE_CHANGED_BUSY);
	return true;
}

/* ---- events ---------------------------------------------------------------------------------- */

static void
on_delta(Convo *cv, Inflight *in, const JobEvent *ev)
{
	if (in->first_us < 0)
		in->first_us = util_mono_us();
	g_string_append_len(in->text, ev->text->str, (gssize)ev->text->len);
	if (in->kind == INFLIGHT_TURN)
		cv->face->ops->answer_delta(cv->face, ev->text->str, ev->text->len);
}

static void
on_fallback(Convo *cv, Inflight *in, const JobEvent *ev)
{
	if (in->fallback_from == NULL)
		in->fallback_from = g_strdup(ev->from);
	if (ev->to != NULL && *ev->to != '\0') {
		g_free(in->model_now);
		in->model_now = g_strdup(ev->to);
		face_status(cv->face, FACE_WARNING, "%s did not answer (%s); trying %s", ev->from,
			    ev->text->str, ev->to);
	} else {
		face_status(cv->face, FACE_WARNING, "%s did not answer (%s)", ev->from, ev->text->str);
	}
}

/* After a 413, once: the same request with half the history that went. */
static bool
resend_smaller(Convo *cv, Inflight *in, const AurError *why)
{
	if (why == NULL || why->category != AUR_ERR_INPUT || !in->trimmable || in->trimmed ||
	    in->text->len > 0 || strstr(why->message, "too large") == NULL)
		return false;
	in->trimmed = true;
	g_autoptr(AurError) e = NULL;
	g_free(in->model_now);
	in->model_now = in->model_asked ? g_strdup(in->model_asked) : first_model(cv, in->task);
	/* Keep the system prompt and the question; halve what came with them. */
	int64_t fixed = session_history_estimate(convo_system_prompt(in->task)) +
			session_history_estimate(in->prompt) + 2 * SESSION_MESSAGE_OVERHEAD;
	int64_t budget = fixed + MAX(in->sent_tokens - fixed, 0) / 2;
	face_status(cv->face, FACE_WARNING, "the service refused %" G_GINT64_FORMAT " tokens as "
		    "too large; sending again with less history", in->sent_tokens);
	if (!send_turn(cv, in, budget, &e))
		return false;
	cv->stats.trimmed++;
	return true;
}

static unsigned
turn_flags(const Inflight *in, const JobEvent *done)
{
	const ChatOutcome *o = in->outcome;
	unsigned flags = 0;
	if (done->status == JOB_CANCELLED)
		flags |= SESSION_TURN_CANCELLED;
	if (o != NULL && (o->cut || (o->incomplete && done->status != JOB_CANCELLED)))
		flags |= SESSION_TURN_CUT;
	if (in->fallback_from != NULL)
		flags |= SESSION_TURN_FALLBACK;
	if (o != NULL && o->cached)
		flags |= SESSION_TURN_CACHED;
	return flags;
}

static void
fill_turn(const Inflight *in, const JobEvent *done, SessionTurn *t)
{
	const ChatOutcome *o = in->outcome;
	memset(t, 0, sizeof *t);
	t->user = in->prompt;
	t->answer = in->text->str;
	t->model = o && o->model ? o->model : in->model_now;
	t->flags = turn_flags(in, done);
	t->fallback_from = (t->flags & SESSION_TURN_FALLBACK) ? in->fallback_from : NULL;
	t->retry_of = in->retry_of;
	t->tokens_in = o && o->usage.present ? o->usage.prompt_tokens : -1;
	t->tokens_out = o && o->usage.present ? o->usage.completion_tokens : -1;
	if (o != NULL && o->ttft_us >= 0)
		t->ttft_ms = o->ttft_us / 1000;
	else
		t->ttft_ms = in->first_us >= 0 ? (in->first_us - in->start_us) / 1000 : -1;
	t->latency_ms = o != NULL && o->total_us > 0 ? o->total_us / 1000
						     : (util_mono_us() - in->start_us) / 1000;
	t->started_ms = in->started_ms;
	t->finished_ms = util_now_ms();
}

/* Save an unsaved session before its first turn, when session.autosave says so. */
static void
autosave(Convo *cv)
{
	if (session_is_saved(cv->session) || !config_get_bool(cv->cfg, "session.autosave"))
		return;
	g_autoptr(AurError) e = NULL;
	if (session_save(cv->session, &e)) {
		face_status(cv->face, FACE_INFO, "saved as session %s (/save NAME renames it)",
			    session_name(cv->session));
		cv->face->ops->changed(cv->face, FACE_CHANGED_SESSION);
	} else {
		face_status(cv->face, FACE_WARNING, "the session is kept in memory only: %s",
			    e->message);
	}
}

static void
warn_about_answer(Convo *cv, const SessionTurn *t, const Inflight *in)
{
	const ChatOutcome *o = in->outcome;
	if (o != NULL && g_strcmp0(o->finish_reason, "content_filter") == 0)
		face_status(cv->face, FACE_WARNING, "the service's content filter stopped the answer; "
			    "rephrase the question");
	else if (o != NULL && o->cut)
		face_status(cv->face, FACE_WARNING, "the answer was cut: %s stopped at its output "
			    "limit", t->model);
	else if (t->flags & SESSION_TURN_CUT)
		face_status(cv->face, FACE_WARNING, "the answer from %s is incomplete: the stream "
			    "ended early (/retry asks again)", t->model);
}

static void
log_turn(const Inflight *in, const JobEvent *done, const SessionTurn *t)
{
	static const char *const status[] = { "ok", "cancelled", "failed" };
	cJSON *f = cJSON_CreateObject();
	cJSON_AddStringToObject(f, "status", status[done->status]);
	cJSON_AddStringToObject(f, "task", in->task);
	cJSON_AddStringToObject(f, "model", t ? t->model : in->model_now);
	if (t != NULL) {
		cJSON_AddNumberToObject(f, "turn", t->n);
		cJSON_AddNumberToObject(f, "tokens_in", (double)t->tokens_in);
		cJSON_AddNumberToObject(f, "tokens_out", (double)t->tokens_out);
		cJSON_AddNumberToObject(f, "ttft_ms", (double)t->ttft_ms);
		cJSON_AddNumberToObject(f, "latency_ms", (double)t->latency_ms);
		cJSON_AddNumberToObject(f, "flags", t->flags);
	}
	if (done->error != NULL)
		cJSON_AddStringToObject(f, "error", done->error->message);
	log_add_content(f, "answer", in->text->str);
	log_event(done->status == JOB_FAILED ? LOG_WARN : LOG_INFO, "shell_turn", f);
}

static void
finish_turn(Convo *cv, Inflight *in, const JobEvent *done)
{
	FaceAnswer fa = { .model = in->model_now, .tokens_in = -1, .tokens_out = -1,
			  .ttft_ms = -1, .latency_ms = -1, .error = done->error };
	if (done->status == JOB_FAILED) {
		cv->stats.failed++;
		cv->failed_prompt = g_strdup(in->prompt);
		cv->failed_task = g_strdup(in->task);
		cv->failed_retry_of = in->retry_of;
		log_turn(in, done, NULL);
		cv->face->ops->answer_end(cv->face, &fa);
		return;
	}
	SessionTurn t;
	fill_turn(in, done, &t);
	autosave(cv);
	g_autoptr(AurError) e = NULL;
	bool saved = session_add_turn(cv->session, &t, &e);
	const SessionTurn *rec = saved ? session_last_turn(cv->session) : NULL;
	log_turn(in, done, rec ? rec : &t);
	if (t.flags & SESSION_TURN_CANCELLED)
		cv->stats.cancelled++;
	else
		cv->stats.answered++;
	cv->stats.tokens_in += MAX(t.tokens_in, 0);
	cv->stats.tokens_out += MAX(t.tokens_out, 0);
	fa.model = t.model;
	fa.fallback_from = t.fallback_from;
	fa.flags = t.flags;
	fa.tokens_in = t.tokens_in;
	fa.tokens_out = t.tokens_out;
	fa.ttft_ms = t.ttft_ms;
	fa.latency_ms = t.latency_ms;
	fa.turn = rec ? rec->n : 0;
	fa.error = NULL;
	cv->face->ops->answer_end(cv->face, &fa);
	if (!saved) {
		aur_error_prefix(e, "the answer was not recorded");
		face_error(cv->face, e);
	}
	warn_about_answer(cv, &t, in);
}

static void
finish_compact(Convo *cv, Inflight *in, const JobEvent *done)
{
	if (done->status != JOB_OK) {
		if (done->error != NULL)
			face_error(cv->face, done->error);
		return;
	}
	const char *model = in->outcome && in->outcome->model ? in->outcome->model : in->model_now;
	g_autoptr(AurError) e = NULL;
	if (!session_add_summary(cv->session, in->compact_upto, in->text->str, model, &e)) {
		face_error(cv->face, e);
		return;
	}
	face_status(cv->face, FACE_SUCCESS, "turns 1-%u are now sent as a summary of about %"
		    G_GINT64_FORMAT " tokens", in->compact_upto,
		    session_history_estimate(in->text->str));
}

static void
on_done(Convo *cv, Inflight *in, const JobEvent *ev)
{
	cv->face->ops->countdown(cv->face, 0, NULL);
	if (in->kind == INFLIGHT_TURN && ev->status == JOB_FAILED &&
	    resend_smaller(cv, in, ev->error))
		return;
	cv->inflight = NULL;
	if (in->kind == INFLIGHT_TURN)
		finish_turn(cv, in, ev);
	else
		finish_compact(cv, in, ev);
	inflight_free(in);
	cv->face->ops->changed(cv->face, FACE_CHANGED_BUSY | FACE_CHANGED_METER);
}

bool
convo_handle_event(Convo *cv, JobEvent *ev)
{
	Inflight *in = cv->inflight;
	if (in == NULL || ev->job_id != in->job_id)
		return false;
	switch (ev->kind) {
	case JOB_EV_DELTA:
		on_delta(cv, in, ev);
		break;
	case JOB_EV_USAGE:
		break; /* the outcome carries the final counts */
	case JOB_EV_RETRY_WAIT:
		cv->face->ops->countdown(cv->face, ev->seconds, ev->text ? ev->text->str : "");
		break;
	case JOB_EV_FALLBACK:
		on_fallback(cv, in, ev);
		break;
	case JOB_EV_RESULT:
		outcome_free(in->outcome);
		in->outcome = ev->payload;
		ev->payload = NULL; /* taken */
		break;
	case JOB_EV_DONE:
		on_done(cv, in, ev);
		break;
	}
	return true;
}
