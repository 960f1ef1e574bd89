/* SPDX-License-Identifier: MIT */
/* Chat requests on the worker pool: the client's callbacks become job events. */
#include "autoconfig.h"

#include <string.h>

#include "chatjob.h"
#include "client.h"
#include "log.h"
#include "util.h"

/*
 * Each job makes its own ClientCtx (a connection pool belongs to one thread) and cancel
 * token; the job's cancel hook triggers that token, which wakes the transfer or the wait
 * it is in.  The client calls every callback on the worker, so the callbacks only post
 * events.  The outcome (RESULT) goes out before DONE so that the interface can record the
 * turn, partial text included, before it learns the job is over.
 */

struct ChatJobShared {
	const AurConfig *cfg;
	GMutex lock;           /* token, token_err */
	AuthToken *token;
	bool looked;
};

typedef struct {
	ChatJobShared *sh;
	ChatRequest *request;
	char *task, *model, *command;
	unsigned cache;
} ChatCall;

/* What the callbacks collect for the outcome. */
typedef struct {
	Job *job;
	GString *text;
	char *fallback_from;
} Run;

ChatJobShared *
chatjob_shared_new(const AurConfig *cfg)
{
	ChatJobShared *sh = g_new0(ChatJobShared, 1);
	sh->cfg = cfg;
	g_mutex_init(&sh->lock);
	return sh;
}

void
chatjob_shared_free(ChatJobShared *sh)
{
	if (sh == NULL)
		return;
	auth_token_free(sh->token);
	g_mutex_clear(&sh->lock);
	g_free(sh);
}

/* The token, looked up once (a failure is looked up again next time: the user may have
 * exported one meanwhile).  Borrowed from sh. */
static AuthToken *
shared_token(ChatJobShared *sh, AurError **err)
{
	g_mutex_lock(&sh->lock);
	if (sh->token == NULL)
		sh->token = auth_token_get(sh->cfg, err);
	AuthToken *t = sh->token;
	g_mutex_unlock(&sh->lock);
	return t;
}

void
chatjob_outcome_free(void *p)
{
	ChatJobOutcome *o = p;
	if (o == NULL)
		return;
	g_free(o->model);
	g_free(o->fallback_from);
	g_free(o->text);
	g_free(o->finish_reason);
	g_free(o);
}

static void
call_free(void *p)
{
	ChatCall *c = p;
	models_request_free(c->request);
	g_free(c->task);
	g_free(c->model);
	g_free(c->command);
	g_free(c);
}

/* ---- callbacks (worker thread) ---------------------------------------------------------- */

static void
on_delta(const char *text, size_t len, void *ud)
{
	Run *r = ud;
	g_string_append_len(r->text, text, (gssize)len);
	job_emit_delta(r->job, text, len);
}

static void
on_usage(const ChatUsage *u, void *ud)
{
	Run *r = ud;
	job_emit_usage(r->job, u->prompt_tokens, u->completion_tokens);
}

static void
on_retry_wait(int64_t seconds_left, const char *reason, void *ud)
{
	Run *r = ud;
	job_emit_retry_wait(r->job, (int)MIN(seconds_left, (int64_t)G_MAXINT), reason);
}

static void
on_fallback(const char *from, const char *to, const char *why, void *ud)
{
	Run *r = ud;
	if (r->fallback_from == NULL)
		r->fallback_from = g_strdup(from);
	/* With no model left there is nothing to switch to; the error says the rest. */
	if (to != NULL)
		job_emit_fallback(r->job, from, to, why);
}

static void
cancel_hook(void *data)
{
	cancel_trigger(data);
}

/* ---- the job ----------------------------------------------------------------------------- */

static void
fill_limits(ChatJobOutcome *o, ClientCtx *client)
{
	o->requests_left = -1;
	if (o->model == NULL)
		return;
	ModelLimits lim;
	client_model_limits(client, o->model, &lim);
	if (!lim.available)
		return;
	UsageCounts used;
	retry_usage_counts(o->model, util_now_ms(), &used);
	o->per_day = lim.per_day;
	o->requests_left = (int)MAX((int64_t)0, (int64_t)lim.per_day - used.today);
}

static ChatJobOutcome *
outcome(const ClientResult *res, Run *run, bool ok, ClientCtx *client)
{
	ChatJobOutcome *o = g_new0(ChatJobOutcome, 1);
	o->model = g_strdup(res->model);
	o->fallback_from = ok && res->fallbacks > 0 ? g_steal_pointer(&run->fallback_from) : NULL;
	o->text = g_strndup(run->text->str, run->text->len);
	o->finish_reason = g_strdup(res->finish_reason);
	o->cached = res->cached;
	o->cut = res->cut;
	o->incomplete = res->incomplete;
	o->cancelled = res->cancelled;
	o->failed = !ok;
	o->tokens_in = res->usage.present ? res->usage.prompt_tokens : -1;
	o->tokens_out = res->usage.present ? res->usage.completion_tokens : -1;
	o->ttft_ms = res->ttft_us < 0 ? -1 : res->ttft_us / 1000;
	o->total_ms = res->total_us / 1000;
	fill_limits(o, client);
	return o;
}

static void
run_request(Job *job, ChatCall *c, ClientCtx *client)
{
	g_autoptr(AurCancel) cancel = cancel_new();
	job_set_cancel_hook(job, cancel_hook, cancel);
	Run run = { .job = job, .text = g_string_new(NULL) };
	ClientCallbacks cb = { .on_delta = on_delta, .on_usage = on_usage, .on_retry_wait = on_retry_wait,
			       .on_fallback = on_fallback, .ud = &run };
	ClientRequest cr = { .task = c->task, .request = c->request, .model = c->model,
			     .max_retries = -1, .cache = c->cache, .command = c->command };
	ClientResult res;
	AurError *err = NULL;
	bool ok = client_chat(client, &cr, &cb, cancel, &res, &err);
	/* Once unhooked, the token is never touched again and may go with this frame. */
	job_set_cancel_hook(job, NULL, NULL);
	if (res.cancelled || job_cancelled(job)) {
		res.cancelled = true;
		aur_error_free(err);
		err = NULL;
		aur_error_set(&err, AUR_ERR_CANCELLED, "The partial answer was kept.", "cancelled");
	} else if (ok && g_strcmp0(res.finish_reason, "content_filter") == 0) {
		aur_error_set(&err, AUR_ERR_MODEL, "Rephrase the question; the service's content filter "
						   "stopped the answer.",
			      "%s stopped: the content filter blocked the answer", res.model);
	} else if (ok && res.incomplete && res.finish_reason == NULL) {
		aur_error_set(&err, AUR_ERR_NETWORK, "The partial answer was kept; ask again for the rest.",
			      "the answer from %s is incomplete: the stream ended before its end marker",
			      res.model);
	}
	job_emit_result(job, outcome(&res, &run, ok, client), chatjob_outcome_free);
	job_mark(job, (res.cached ? JOB_FLAG_CACHED : 0) | (res.cut ? JOB_FLAG_CUT : 0));
	if (err != NULL)
		job_fail(job, err);
	client_result_clear(&res);
	g_string_free(run.text, TRUE);
	g_free(run.fallback_from);
}

/* Nothing was sent (no token, a bad endpoint): the outcome is still reported. */
static void
fail_early(Job *job, AurError *err)
{
	ChatJobOutcome *o = g_new0(ChatJobOutcome, 1);
	o->text = g_strdup("");
	o->failed = true;
	o->tokens_in = o->tokens_out = o->ttft_ms = -1;
	o->requests_left = -1;
	job_emit_result(job, o, chatjob_outcome_free);
	job_fail(job, err);
}

static void
chat_job(Job *job, void *data)
{
	ChatCall *c = data;
	g_autofree char *cid = log_new_cid();
	log_set_cid(cid); /* the worker's log and metrics lines belong to this request */
	AurError *err = NULL;
	AuthToken *token = shared_token(c->sh, &err);
	ClientCtx *client = token ? client_new(c->sh->cfg, token, &err) : NULL;
	if (client != NULL)
		run_request(job, c, client);
	else
		fail_early(job, err);
	client_free(client);
	log_set_cid(NULL);
}

unsigned
chatjob_submit(Jobs *jobs, ChatJobShared *sh, const ChatJobRequest *req)
{
	ChatCall *c = g_new0(ChatCall, 1);
	c->sh = sh;
	c->request = req->request;
	c->task = g_strdup(req->task ? req->task : "chat");
	c->model = g_strdup(req->model);
	c->command = g_strdup(req->command);
	c->cache = req->cache;
	return jobs_submit(jobs, "chat", chat_job, c, call_free);
}
