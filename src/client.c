/* SPDX-License-Identifier: MIT */
/* One chat request end to end: chain, circuit, limiter, attempts, retries and fallback. */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cache.h"
#include "client.h"
#include "http.h"
#include "lazycurl.h"
#include "log.h"
#include "metrics.h"
#include "retry.h"
#include "router.h"
#include "tiers.h"
#include "util.h"

/*
 * The shape of a request: for each model of the chain, ask the circuit breaker, then loop
 * over attempts.  Each attempt takes a per-minute budget and a concurrency slot, sends the
 * request and classifies what came back into one of a few outcomes (below); the model loop
 * turns outcomes into retries with backoff, rate-limit waits, a move to the next model, or
 * the end.  Once any answer text has reached the caller, nothing is retried or sent to
 * another model: that would print the beginning of the answer twice.
 *
 * Around that sits the response cache (looked up before anything else, written after a
 * complete answer) and the metrics: each attempt's line is held back until the next
 * attempt or the end, because only then is it known whether the model gave up for another
 * one (fallback_to).
 */

typedef enum {
	ATT_OK,    /* answered */
	ATT_RETRY, /* transient (connection, 408, 5xx, empty incomplete stream): back off */
	ATT_RATE,  /* 429: wait_s says how long */
	ATT_AGAIN, /* try again at once, not counted (max_completion_tokens, fresh gh token) */
	ATT_NEXT,  /* this model cannot answer (unknown model): next one */
	ATT_FATAL, /* stop everything */
} Outcome;

struct ClientCtx {
	const AurConfig *cfg;
	AuthToken *token;
	HttpOptions http_opts;
	HttpClient *http;      /* made on first use: loading libcurl costs more than a cache hit */
	Cache *cache;          /* made on first use */
	GHashTable *disk_tiers; /* model id -> rate_limit_tier from the cached catalogue file */
	bool disk_tiers_read;
	char *chat_url;
	char *catalog_url;
	Catalog *catalog;
	bool catalog_fetched;
	bool catalog_failed;   /* the quiet fetch for limits and hints failed: not again */
	int max_retries;
	int64_t backoff_base_ms, backoff_max_ms, max_retry_wait_s;
	int cb_failures;
	int64_t cb_open_ms;
	GRand *rand;
};

/* The metrics line of the last attempt, written once its successor (or the end) shows
 * whether the model gave up for another.  Strings point into the chain or the request. */
typedef struct {
	bool held;
	MetricsRecord r;
} HeldMetric;

/* Everything one attempt shares with the transfer callbacks. */
typedef struct {
	ClientCtx *c;
	const ClientCallbacks *cb;
	ClientResult *res;
	int64_t start_us;   /* of the whole client_chat call */
	ChatStream *stream;
	bool streaming;
	AurError *stream_err;
	/* metrics */
	const char *task, *command;
	MetricsCacheUse cache_use;  /* for the request's first attempt */
	int attempts;               /* made so far, all models */
	const char *fallback_from;  /* the model the current one replaced */
	int64_t attempt_first_us;   /* first text of the current attempt (monotonic); 0: none */
	HeldMetric held;
	/* the answer for the cache */
	GString *keep;              /* NULL when it is not to be stored */
	size_t keep_max;
} Attempt;

static GMutex refetch_lock;

/* ---- set-up ------------------------------------------------------------------------------ */

ClientCtx *
client_new(const AurConfig *cfg, AuthToken *token, AurError **err)
{
	const char *endpoint = config_get_string(cfg, "endpoint");
	g_autofree char *chat = models_chat_url(endpoint, config_get_string(cfg, "org"));
	g_autofree char *catalog = models_catalog_url(endpoint, config_get_string(cfg, "catalog_url"));
	if (!http_check_url(chat, err) || !http_check_url(catalog, err))
		return NULL;
	ClientCtx *c = g_new0(ClientCtx, 1);
	c->cfg = cfg;
	c->token = token;
	c->chat_url = g_steal_pointer(&chat);
	c->catalog_url = g_steal_pointer(&catalog);
	http_options_from_config(cfg, &c->http_opts);
	c->max_retries = (int)config_get_int(cfg, "request.max_retries");
	c->backoff_base_ms = config_get_int(cfg, "request.backoff_base_ms");
	c->backoff_max_ms = config_get_int(cfg, "request.backoff_max_ms");
	c->max_retry_wait_s = config_get_int(cfg, "request.max_retry_wait");
	c->cb_failures = (int)config_get_int(cfg, "circuit_breaker.failures");
	c->cb_open_ms = config_get_int(cfg, "circuit_breaker.open_seconds") * 1000;
	c->rand = g_rand_new();
	return c;
}

void
client_free(ClientCtx *c)
{
	if (c == NULL)
		return;
	http_client_free(c->http);
	http_options_clear(&c->http_opts);
	cache_free(c->cache);
	if (c->disk_tiers != NULL)
		g_hash_table_destroy(c->disk_tiers);
	catalog_free(c->catalog);
	g_free(c->chat_url);
	g_free(c->catalog_url);
	g_rand_free(c->rand);
	g_free(c);
}

/* The connection pool, loading libcurl first when no command did. */
static HttpClient *
client_http(ClientCtx *c, AurError **err)
{
	if (c->http == NULL && lazycurl_load(err))
		c->http = http_client_new(&c->http_opts);
	return c->http;
}

const char *client_chat_url(const ClientCtx *c) { return c->chat_url; }
const char *client_catalog_url(const ClientCtx *c) { return c->catalog_url; }

void
client_result_clear(ClientResult *r)
{
	if (r == NULL)
		return;
	g_free(r->model);
	if (r->text != NULL)
		g_string_free(r->text, TRUE);
	g_free(r->finish_reason);
	if (r->notes != NULL)
		g_ptr_array_unref(r->notes);
	memset(r, 0, sizeof *r);
}

const Catalog *
client_catalog(ClientCtx *c, bool refresh, AurCancel *cancel, AurError **err)
{
	if (c->catalog != NULL && !(refresh && !c->catalog_fetched))
		return c->catalog;
	if (client_http(c, err) == NULL)
		return NULL;
	Catalog *cat = catalog_get(c->http, c->catalog_url, c->token ? c->token->token : NULL, refresh,
				   cancel, err);
	if (cat == NULL)
		return NULL;
	catalog_free(c->catalog);
	c->catalog = cat;
	c->catalog_fetched = !cat->from_cache;
	return cat;
}

/* The catalogue for limits and hints, without ever failing the request over it. */
static const Catalog *
quiet_catalog(ClientCtx *c, AurCancel *cancel)
{
	if (c->catalog != NULL || c->catalog_failed)
		return c->catalog;
	g_autoptr(AurError) e = NULL;
	const Catalog *cat = client_catalog(c, false, cancel, &e);
	if (cat == NULL && e != NULL && e->category != AUR_ERR_CANCELLED)
		log_msg(LOG_WARN, "catalog", "%s", e->message);
	/* Once is enough: on a dead network each model would wait out its own timeout. */
	c->catalog_failed = cat == NULL && (e == NULL || e->category != AUR_ERR_CANCELLED);
	return cat;
}

/* ---- waiting ------------------------------------------------------------------------------ */

/* Sleep ms with a countdown through on_retry_wait; false when cancelled. */
static bool
wait_visibly(const ClientCallbacks *cb, AurCancel *cancel, int64_t ms, const char *reason)
{
	int64_t end = util_mono_us() + ms * 1000;
	for (;;) {
		int64_t left_ms = (end - util_mono_us()) / 1000;
		if (left_ms <= 0)
			break;
		if (cb && cb->on_retry_wait)
			cb->on_retry_wait((left_ms + 999) / 1000, reason, cb->ud);
		/* Wake on each whole second left so the countdown ticks evenly. */
		int64_t step = left_ms % 1000 ? left_ms % 1000 : 1000;
		if (!cancel_sleep_ms(cancel, step))
			return false;
	}
	if (cb && cb->on_retry_wait)
		cb->on_retry_wait(0, reason, cb->ud);
	return !cancel_is_set(cancel);
}

/* ---- one attempt -------------------------------------------------------------------------- */

static void
deliver(Attempt *a, const char *text, size_t len)
{
	ClientResult *r = a->res;
	if (len == 0)
		return;
	int64_t now = util_mono_us();
	if (r->text_bytes == 0)
		r->ttft_us = now - a->start_us;
	if (a->attempt_first_us == 0)
		a->attempt_first_us = now;
	r->text_bytes += len;
	if (r->text != NULL)
		g_string_append_len(r->text, text, (gssize)len);
	if (a->keep != NULL && a->keep->len + len > a->keep_max) {
		/* Larger than the whole cache may hold: it could never be stored. */
		g_string_free(a->keep, TRUE);
		a->keep = NULL;
	}
	if (a->keep != NULL)
		g_string_append_len(a->keep, text, (gssize)len);
	if (a->cb && a->cb->on_delta)
		a->cb->on_delta(text, len, a->cb->ud);
}

static void
stream_delta(const char *text, size_t len, void *ud)
{
	deliver(ud, text, len);
}

static bool
sink_headers(const HttpResponse *resp, void *ud)
{
	Attempt *a = ud;
	a->streaming = resp->status == 200 && resp->content_type != NULL &&
		       g_str_has_prefix(resp->content_type, "text/event-stream");
	return a->streaming;
}

static bool
sink_data(const char *buf, size_t len, void *ud)
{
	Attempt *a = ud;
	return models_stream_feed(a->stream, buf, len, &a->stream_err);
}

static char *
request_body(const ClientRequest *req, const char *model, bool mct, size_t *len)
{
	g_autoptr(ChatRequest) r = models_request_copy(req->request);
	g_free(r->model);
	r->model = g_strdup(model);
	r->use_max_completion_tokens = mct;
	return models_request_body(r, len);
}

static void
log_attempt(const char *model, int n, const HttpResponse *resp, const char *outcome, int64_t t0)
{
	cJSON *f = cJSON_CreateObject();
	cJSON_AddStringToObject(f, "model", model);
	cJSON_AddNumberToObject(f, "attempt", n);
	cJSON_AddNumberToObject(f, "status", (double)resp->status);
	cJSON_AddStringToObject(f, "outcome", outcome);
	cJSON_AddNumberToObject(f, "ms", (double)(util_mono_us() - t0) / 1000.0);
	log_event(LOG_INFO, "attempt", f);
}

/* A completed stream (HTTP 200, SSE). */
static Outcome
finish_stream(Attempt *a, AurError **err)
{
	ClientResult *r = a->res;
	models_stream_finish(a->stream);
	const char *fr = models_stream_finish_reason(a->stream);
	g_free(r->finish_reason);
	r->finish_reason = g_strdup(fr);
	r->usage = *models_stream_usage(a->stream);
	if (!models_stream_saw_done(a->stream)) {
		if (r->text_bytes == 0 && fr == NULL) {
			aur_error_set(err, AUR_ERR_NETWORK, "The service may be overloaded; try again.",
				      "the stream ended before any answer text");
			return ATT_RETRY;
		}
		r->incomplete = true;
	}
	return ATT_OK;
}

/* A 200 with a whole JSON answer (stream: false, or a service that ignored stream). */
static Outcome
finish_json(Attempt *a, const HttpResponse *resp, AurError **err)
{
	ChatCompletion comp;
	if (resp->body_truncated) {
		aur_error_set(err, AUR_ERR_MODEL, "Ask for a shorter answer, or stream it.",
			      "the answer is larger than 64 MiB");
		return ATT_FATAL;
	}
	if (!models_parse_completion(resp->body->str, resp->body->len, &comp, err))
		return ATT_RETRY;
	deliver(a, comp.content, strlen(comp.content));
	ClientResult *r = a->res;
	g_free(r->finish_reason);
	r->finish_reason = g_steal_pointer(&comp.finish_reason);
	r->usage = comp.usage;
	models_completion_clear(&comp);
	return ATT_OK;
}

/* The transfer itself failed (no complete HTTP answer). */
static Outcome
transport_outcome(Attempt *a, const HttpResponse *resp, AurError *terr, AurError **err)
{
	bool has_text = a->res->text_bytes > 0;
	switch (resp->fail) {
	case HTTP_FAIL_ABORTED: /* the stream parser stopped: error event or malformed */
		*err = g_steal_pointer(&a->stream_err);
		aur_error_free(terr);
		return has_text ? ATT_FATAL : ATT_RETRY;
	case HTTP_FAIL_CONNECT:
	case HTTP_FAIL_TIMEOUT: /* connecting timed out: a connection error like a refusal */
		*err = terr;
		return ATT_RETRY;
	case HTTP_FAIL_CUT:
		if (has_text) {
			a->res->incomplete = true;
			aur_error_free(terr);
			if (a->stream != NULL)
				a->res->usage = *models_stream_usage(a->stream);
			return ATT_OK;
		}
		*err = terr;
		return ATT_RETRY;
	case HTTP_FAIL_STALL:
		/* A stream that went quiet before any text is an incomplete stream that produced
		 * nothing: worth another try.  After text, what arrived is kept and we stop. */
		*err = terr;
		return has_text ? ATT_FATAL : ATT_RETRY;
	case HTTP_FAIL_CANCELLED:
		a->res->cancelled = true;
		*err = terr;
		return ATT_FATAL;
	default: /* DNS, TLS, proxy, URL: the same for every model */
		*err = terr;
		return ATT_FATAL;
	}
}

/* The catalogue id closest to a rejected one, or NULL.  Points into the catalogue. */
static const char *
suggestion(ClientCtx *c, const char *model, AurCancel *cancel)
{
	const char *near = catalog_suggest(quiet_catalog(c, cancel), model);
	return near != NULL && g_ascii_strcasecmp(near, model) != 0 ? near : NULL;
}

/* 413: name the limit (from the message) and what we sent. */
static void
too_large(const ApiError *api, const char *model, size_t body_len, AurError **err)
{
	const char *msg = api->message ? api->message : "request body too large";
	const char *max = msg ? strstr(msg, "Max size: ") : NULL;
	long long limit = 0;
	if (max != NULL)
		sscanf(max, "Max size: %lld", &limit);
	g_autofree char *size = util_format_size((int64_t)body_len);
	g_autofree char *lim = limit > 0 ? g_strdup_printf("the limit is %lld tokens", limit)
					 : g_strdup("the service's limit");
	aur_error_set(err, AUR_ERR_INPUT,
		      "Send less: fewer or smaller files (-f) or a shorter prompt; the free tier caps "
		      "input at 8000 tokens per request whatever the model's context window.",
		      "the request is too large for %s: %s; sent %s (about %zu tokens): %s", model, lim,
		      size, body_len / 4, msg);
}

typedef struct {
	const ClientRequest *req;
	const char *model;
	bool mct;          /* send max_completion_tokens */
	int64_t wait_s;    /* ATT_RATE: seconds asked for */
	char *rate_type;   /* ATT_RATE: x-ratelimit-type */
	AurCancel *cancel;
	int64_t rate_wait_us; /* waited on rate limits since the last attempt */
} AttemptIn;

/* A complete HTTP answer with a status other than 200 (or a 200 we must judge). */
static Outcome
status_outcome(Attempt *a, AttemptIn *in, const HttpResponse *resp, size_t body_len, AurError **err)
{
	ApiError api;
	models_parse_error(resp->body->str, resp->body->len, &api);
	Outcome o = ATT_FATAL;
	long st = resp->status;
	if (st == 401 && a->c->token != NULL) {
		g_mutex_lock(&refetch_lock);
		bool fresh = auth_token_refetch(a->c->token);
		g_mutex_unlock(&refetch_lock);
		if (fresh) {
			o = ATT_AGAIN;
			goto out;
		}
	}
	if (models_error_wants_max_completion_tokens(st, &api) && !in->mct) {
		in->mct = true;
		models_quirk_remember_max_completion_tokens(in->model);
		o = ATT_AGAIN;
		goto out;
	}
	if (g_strcmp0(api.code, "unknown_model") == 0) {
		models_status_error(st, &api, in->model, err);
		const char *near = suggestion(a->c, in->model, in->cancel);
		if (near != NULL) {
			g_free((*err)->hint);
			(*err)->hint = g_strdup_printf("Did you mean %s? `aurelis models` lists the ids.", near);
			char *m = g_strdup_printf("%s (did you mean %s?)", (*err)->message, near);
			g_free((*err)->message);
			(*err)->message = m;
		}
		o = ATT_NEXT;
	} else if (st == 413) {
		too_large(&api, in->model, body_len, err);
	} else if (st == 429) {
		in->wait_s = retry_wait_seconds(resp->retry_after, resp->ratelimit_remaining, api.message,
						g_get_real_time() / G_USEC_PER_SEC);
		g_free(in->rate_type);
		in->rate_type = g_strdup(resp->ratelimit_type);
		models_status_error(st, &api, in->model, err);
		o = ATT_RATE;
	} else {
		models_status_error(st, &api, in->model, err);
		o = st == 408 || st >= 500 ? ATT_RETRY : ATT_FATAL;
	}
out:
	models_api_error_clear(&api);
	return o;
}

/* ---- metrics ------------------------------------------------------------------------------- */

static void
metric_flush(Attempt *a)
{
	if (!a->held.held)
		return;
	metrics_record(&a->held.r);
	a->held.held = false;
}

static AurErrorCategory
outcome_category(Outcome o, const AurError *e, long status)
{
	if (o == ATT_OK)
		return AUR_ERR_OK;
	if (e != NULL)
		return e->category;
	/* Answers retried at once (a refreshed token, max_completion_tokens) carry no error. */
	return status == 401 || status == 403 ? AUR_ERR_AUTH : AUR_ERR_MODEL;
}

/* Hold this attempt's line, writing the previous one. */
static void
metric_hold(Attempt *a, AttemptIn *in, int n, const HttpResponse *resp, Outcome o,
	    const AurError *e, int64_t t0)
{
	metric_flush(a);
	MetricsRecord r = METRICS_RECORD_INIT;
	r.command = a->command;
	r.task = a->task;
	r.model = in->model;
	r.attempt = n;
	r.http_status = (int)resp->status;
	r.error = outcome_category(o, e, resp->status);
	r.latency_ms = (double)(util_mono_us() - t0) / 1000.0;
	r.ttft_ms = a->attempt_first_us ? (double)(a->attempt_first_us - t0) / 1000.0 : -1;
	if (o == ATT_OK && a->res->usage.present) {
		r.tokens_in = a->res->usage.prompt_tokens;
		r.tokens_out = a->res->usage.completion_tokens;
	}
	r.cache = a->attempts == 0 ? a->cache_use : METRICS_CACHE_NONE;
	r.fallback_from = n == 1 ? a->fallback_from : NULL;
	r.rate_wait_ms = (double)in->rate_wait_us / 1000.0;
	in->rate_wait_us = 0;
	a->attempts++;
	a->held.r = r;
	a->held.held = true;
}

static Outcome
attempt(ClientCtx *c, Attempt *a, AttemptIn *in, int n, AurError **err)
{
	size_t len;
	g_autofree char *body = request_body(in->req, in->model, in->mct, &len);
	bool stream = in->req->request->stream;
	HttpRequest hr = { .method = "POST", .url = c->chat_url, .token = c->token ? c->token->token : NULL,
			   .body = body, .body_len = len,
			   .accept = stream ? "text/event-stream" : "application/json" };
	a->stream = models_stream_new(stream_delta, a);
	a->streaming = false;
	a->attempt_first_us = 0;
	HttpSink sink = { sink_headers, sink_data, a };
	HttpResponse resp = { 0 };
	AurError *terr = NULL;
	int64_t t0 = util_mono_us();
	Outcome o;
	if (!http_perform(c->http, &hr, &sink, in->cancel, &resp, &terr))
		o = transport_outcome(a, &resp, terr, err);
	else if (resp.status == 200 && a->streaming)
		o = finish_stream(a, err);
	else if (resp.status == 200)
		o = finish_json(a, &resp, err);
	else
		o = status_outcome(a, in, &resp, len, err);
	static const char *const names[] = { "ok", "retry", "rate_limited", "again", "next", "fatal" };
	log_attempt(in->model, n, &resp, names[o], t0);
	metric_hold(a, in, n, &resp, o, *err, t0);
	http_response_clear(&resp);
	models_stream_free(g_steal_pointer(&a->stream));
	aur_error_free(g_steal_pointer(&a->stream_err));
	return o;
}

/* ---- one model ---------------------------------------------------------------------------- */

typedef enum { MODEL_OK, MODEL_NEXT, MODEL_FATAL } ModelEnd;

static bool
circuit_counts(Outcome o, const AurError *e)
{
	return o == ATT_RETRY || (o == ATT_FATAL && e != NULL && e->category == AUR_ERR_TIMEOUT);
}

/* Admit one request: the circuit (first attempt only) and the per-minute budget, waiting
 * visibly when that wait is short enough. */
static ModelEnd
take_budget(ClientCtx *c, const ClientCallbacks *cb, AttemptIn *in, const ModelLimits *lim,
	    bool first, bool *circuit_known, AurError **err)
{
	for (;;) {
		RetryAdmission ad;
		int64_t now = g_get_real_time() / 1000;
		if (first) {
			retry_admit(in->model, lim->rpm, c->cb_failures, c->cb_open_ms, now, &ad);
			*circuit_known = ad.circuit_known;
		} else {
			memset(&ad, 0, sizeof ad);
			ad.rate_wait_ms = retry_rate_take(in->model, lim->rpm, now);
		}
		if (ad.circuit == CIRCUIT_OPEN) {
			g_autofree char *d = util_format_duration((ad.circuit_wait_ms + 999) / 1000);
			aur_error_set(err, AUR_ERR_NETWORK,
				      "The model failed repeatedly; it is skipped for circuit_breaker.open_seconds.",
				      "circuit open after %d failures in a row (next try in %s)", c->cb_failures, d);
			return MODEL_NEXT;
		}
		int64_t wait = ad.rate_wait_ms;
		if (wait == 0)
			return MODEL_OK;
		if (wait > c->max_retry_wait_s * 1000) {
			g_autofree char *d = util_format_duration((wait + 999) / 1000);
			aur_error_set(err, AUR_ERR_RATE_LIMIT,
				      "Wait, or raise models.limits.<model>.rpm if your plan allows more.",
				      "the client-side limit of %d requests a minute for %s is used up for %s",
				      lim->rpm, in->model, d);
			return MODEL_NEXT;
		}
		g_autofree char *why = g_strdup_printf("%s: client-side limit of %d requests a minute",
						       in->model, lim->rpm);
		int64_t w0 = util_mono_us();
		bool waited = wait_visibly(cb, in->cancel, wait, why);
		in->rate_wait_us += util_mono_us() - w0;
		if (!waited) {
			aur_error_set(err, AUR_ERR_CANCELLED, "Nothing was sent.", "cancelled");
			return MODEL_FATAL;
		}
	}
}

/* Wait for a free concurrency slot (other processes may hold them). */
static RetrySlot *
take_slot(const ClientCallbacks *cb, AttemptIn *in, const ModelLimits *lim, AurError **err)
{
	bool told = false;
	int64_t w0 = util_mono_us();
	for (;;) {
		RetrySlot *s = retry_slot_try(in->model, lim->concurrency);
		if (s != NULL) {
			in->rate_wait_us += told ? util_mono_us() - w0 : 0;
			if (told && cb && cb->on_retry_wait)
				cb->on_retry_wait(0, "waiting for a free slot", cb->ud);
			return s;
		}
		if (!told && cb && cb->on_retry_wait) {
			g_autofree char *why = g_strdup_printf("%s: %d requests already in flight", in->model,
							       lim->concurrency);
			cb->on_retry_wait(1, why, cb->ud);
		}
		told = true;
		if (!cancel_sleep_ms(in->cancel, 50)) {
			aur_error_set(err, AUR_ERR_CANCELLED, "Nothing was sent.", "cancelled");
			return NULL;
		}
	}
}

static void
rate_limit_error(AttemptIn *in, AurError **err)
{
	g_autofree char *d = in->wait_s >= 0 ? util_format_duration(in->wait_s) : g_strdup("an unknown time");
	aur_error_free(*err);
	*err = NULL;
	aur_error_set(err, AUR_ERR_RATE_LIMIT,
		      "Wait and try again, pick another model with --model, or raise request.max_retry_wait "
		      "to sit out longer waits.",
		      "%s is rate limited (%s) for %s", in->model, in->rate_type ? in->rate_type : "limit type not given",
		      d);
}

/* Backoff before retry number n (from 1), with the reason shown. */
static bool
back_off(ClientCtx *c, const ClientCallbacks *cb, AttemptIn *in, int n, int max, const AurError *why)
{
	int64_t ms = retry_backoff_ms(n - 1, c->backoff_base_ms, c->backoff_max_ms, g_rand_double(c->rand));
	g_autofree char *reason = g_strdup_printf("%s: %s; retry %d of %d", in->model,
						  why ? why->message : "failed", n, max);
	log_msg(LOG_INFO, "retry", "%s (after %" G_GINT64_FORMAT " ms)", reason, ms);
	return wait_visibly(cb, in->cancel, ms, reason);
}

/* Did the failures so far (ours and other processes') open the circuit? */
static bool
circuit_now_open(ClientCtx *c, const char *model)
{
	CircuitState s;
	retry_circuit_get(model, &s);
	return s.failures >= c->cb_failures && s.opened_at != 0;
}

static ModelEnd
try_model(ClientCtx *c, Attempt *a, AttemptIn *in, int max_retries, AurError **err)
{
	/* The tier sets the limits; the small index beside the cached catalogue gives it
	 * without parsing the whole catalogue on every request. */
	ModelLimits lim;
	g_autofree char *tier = NULL;
	if (c->catalog != NULL || !catalog_cached_tier(c->catalog_url, in->model, &tier)) {
		const CatalogModel *cm = catalog_find(quiet_catalog(c, in->cancel), in->model);
		tier = cm && cm->rate_limit_tier ? g_strdup(cm->rate_limit_tier) : NULL;
	}
	retry_limits(c->cfg, in->model, tier, &lim);
	in->mct = models_quirk_max_completion_tokens(in->model);
	int retries = 0, rate_waits = 0, again = 0, n = 0;
	bool circuit_known = true;
	for (;;) {
		ModelEnd b = take_budget(c, a->cb, in, &lim, n == 0, &circuit_known, err);
		if (b != MODEL_OK)
			return b;
		RetrySlot *slot = take_slot(a->cb, in, &lim, err);
		if (slot == NULL)
			return MODEL_FATAL;
		AurError *e = NULL;
		Outcome o = attempt(c, a, in, ++n, &e);
		retry_slot_release(slot);
		/* A success only needs writing when there was a failure to forget. */
		if ((o == ATT_OK && circuit_known) || circuit_counts(o, e)) {
			retry_circuit_report(in->model, o == ATT_OK, c->cb_failures);
			circuit_known = o != ATT_OK;
		}
		switch (o) {
		case ATT_OK:
			return MODEL_OK;
		case ATT_AGAIN:
			aur_error_free(e);
			if (++again > 2) /* never loop on a confused server */
				return MODEL_NEXT;
			continue;
		case ATT_NEXT:
			*err = e;
			return MODEL_NEXT;
		case ATT_FATAL:
			*err = e;
			return MODEL_FATAL;
		case ATT_RATE:
			if (in->wait_s < 0)
				in->wait_s = 60; /* the service said nothing: its usual minute */
			if (in->wait_s > c->max_retry_wait_s || rate_waits++ > max_retries) {
				*err = e;
				rate_limit_error(in, err);
				return MODEL_NEXT;
			} else {
				g_autofree char *why = g_strdup_printf("%s: rate limited by the service (%s)", in->model,
								       in->rate_type ? in->rate_type : "429");
				aur_error_free(e);
				int64_t w0 = util_mono_us();
				bool waited = wait_visibly(a->cb, in->cancel, in->wait_s * 1000, why);
				in->rate_wait_us += util_mono_us() - w0;
				if (!waited) {
					a->res->cancelled = true;
					aur_error_set(err, AUR_ERR_CANCELLED, "Nothing was received.", "cancelled");
					return MODEL_FATAL;
				}
				a->res->retries++;
			}
			continue;
		case ATT_RETRY:
			if (retries >= max_retries) {
				g_autofree char *m = g_strdup_printf("%s (after %d %s)", e->message, retries,
								     retries == 1 ? "retry" : "retries");
				g_free(e->message);
				e->message = g_steal_pointer(&m);
				*err = e;
				return MODEL_NEXT;
			}
			if (circuit_now_open(c, in->model)) {
				g_autofree char *m = g_strdup_printf("%s (the circuit opened after %d failures in a row)",
								     e->message, c->cb_failures);
				g_free(e->message);
				e->message = g_steal_pointer(&m);
				*err = e;
				return MODEL_NEXT;
			}
			retries++;
			a->res->retries++;
			bool go_on = back_off(c, a->cb, in, retries, max_retries, e);
			aur_error_free(e);
			if (!go_on) {
				a->res->cancelled = true;
				aur_error_set(err, AUR_ERR_CANCELLED, "Nothing was received.", "cancelled");
				return MODEL_FATAL;
			}
			continue;
		}
	}
}

/* ---- the chain ------------------------------------------------------------------------------ */

static void
note(ClientResult *r, const ClientCallbacks *cb, const char *from, const char *to, const char *why)
{
	g_ptr_array_add(r->notes, g_strdup_printf("%s: %s", from, why));
	r->fallbacks++;
	log_msg(LOG_WARN, "fallback", "%s: %s; next: %s", from, why, to ? to : "none");
	if (cb && cb->on_fallback)
		cb->on_fallback(from, to, why, cb->ud);
}

static void
finish(ClientResult *r, const ClientCallbacks *cb, int64_t start)
{
	r->total_us = util_mono_us() - start;
	if (r->finish_reason != NULL && strcmp(r->finish_reason, "length") == 0)
		r->cut = true;
	if (cb && cb->on_done)
		cb->on_done(r, cb->ud);
}

/* Apply models.params.<task>.* to a copy of the caller's request. */
static ChatRequest *
with_task_params(const AurConfig *cfg, const char *task, const ChatRequest *in)
{
	ChatRequest *r = models_request_copy(in);
	const char *names[] = { "temperature", "top_p", "max_tokens" };
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autofree char *key = g_strdup_printf("models.params.%s.%s", task, names[i]);
		const ConfigValue *v = config_lookup(cfg, key);
		if (v == NULL)
			continue;
		if (i == 0 && !r->has_temperature) {
			r->has_temperature = true;
			r->temperature = v->dbl;
		} else if (i == 1 && !r->has_top_p) {
			r->has_top_p = true;
			r->top_p = v->dbl;
		} else if (i == 2 && r->max_tokens == 0) {
			r->max_tokens = v->num;
		}
	}
	return r;
}

/* ---- the response cache ------------------------------------------------------------------ */

static Cache *
client_cache(ClientCtx *c)
{
	if (c->cache == NULL)
		c->cache = cache_new_from_config(c->cfg);
	return c->cache;
}

/* The key of the request as first built for the chain's head: what it asks, not how it was
 * sent (max_completion_tokens is a transport detail learnt later).  NULL when the body
 * cannot be keyed. */
static char *
request_key(ClientCtx *c, const ClientRequest *r, const char *head)
{
	size_t len;
	g_autofree char *body = request_body(r, head, false, &len);
	cJSON *json = cJSON_ParseWithLength(body, len);
	CacheRequest cr = { config_get_string(c->cfg, "endpoint"), config_get_string(c->cfg, "org"), json };
	char *key = json ? cache_key(&cr) : NULL;
	cJSON_Delete(json);
	return key;
}

static MetricsCacheUse
cache_use(const ClientCtx *c, unsigned policy, const char *key)
{
	if (policy & CACHE_POLICY_READ)
		return key ? METRICS_CACHE_MISS : METRICS_CACHE_OFF;
	if (!config_get_bool(c->cfg, "cache.enabled") || (policy != 0 && key == NULL))
		return METRICS_CACHE_OFF;
	return METRICS_CACHE_BYPASS; /* --no-cache, --refresh, or a caller that keeps out */
}

/* Answer from a cache entry: the same callbacks, in the same order, as a live answer. */
static void
replay(Attempt *a, const CacheEntry *e, const char *task)
{
	ClientResult *res = a->res;
	int64_t t0 = util_mono_us();
	res->cached = true;
	res->model = g_strdup(e->model);
	res->finish_reason = g_strdup(e->finish_reason);
	if (e->prompt_tokens >= 0 && e->completion_tokens >= 0) {
		res->usage.present = true;
		res->usage.prompt_tokens = e->prompt_tokens;
		res->usage.completion_tokens = e->completion_tokens;
		res->usage.total_tokens = e->total_tokens >= 0 ? e->total_tokens
							       : e->prompt_tokens + e->completion_tokens;
	}
	deliver(a, e->answer, strlen(e->answer));
	MetricsRecord r = METRICS_RECORD_INIT;
	r.command = a->command;
	r.task = task;
	r.model = e->model;
	r.http_status = 200;
	r.latency_ms = (double)(util_mono_us() - t0) / 1000.0;
	r.tokens_in = e->prompt_tokens;
	r.tokens_out = e->completion_tokens;
	r.cache = METRICS_CACHE_HIT;
	metrics_record(&r);
	log_msg(LOG_INFO, "cache_hit", "%s answered from the cache (%s)", e->model, e->key);
}

/* Store a finished answer when it is whole; the cache itself refuses anything else too. */
static void
store(ClientCtx *c, const Attempt *a, const char *key, const char *task)
{
	const ClientResult *r = a->res;
	CacheCompletion how = CACHE_ANSWER_COMPLETE;
	if (r->cancelled)
		how = CACHE_ANSWER_CANCELLED;
	else if (r->incomplete)
		how = CACHE_ANSWER_CUT;
	else if (g_strcmp0(r->finish_reason, "content_filter") == 0)
		how = CACHE_ANSWER_FAILED;
	CacheAnswer ans = {
		.model = r->model, .task = task, .answer = a->keep->str, .finish_reason = r->finish_reason,
		.prompt_tokens = r->usage.present ? r->usage.prompt_tokens : -1,
		.completion_tokens = r->usage.present ? r->usage.completion_tokens : -1,
		.total_tokens = r->usage.present ? r->usage.total_tokens : -1,
	};
	g_autoptr(AurError) e = NULL;
	if (!cache_store(client_cache(c), key, &ans, how, &e))
		log_msg(e->category == AUR_ERR_IO ? LOG_WARN : LOG_DEBUG, "cache_store", "%s", e->message);
}

/* ---- the request ------------------------------------------------------------------------------ */

void
client_model_limits(ClientCtx *c, const char *model, ModelLimits *out)
{
	const CatalogModel *cm = catalog_find(c->catalog, model);
	const char *tier = cm ? cm->rate_limit_tier : NULL;
	if (cm == NULL && !c->disk_tiers_read) {
		g_autofree char *path = tiers_catalog_path();
		AurError *e = NULL;
		c->disk_tiers = tiers_load_catalog(path, &e);
		aur_error_free(e);
		c->disk_tiers_read = true;
	}
	if (cm == NULL && c->disk_tiers != NULL)
		tier = g_hash_table_lookup(c->disk_tiers, model);
	retry_limits(c->cfg, model, tier, out);
}

/* The chain, model by model, until one answers. */
static bool
run_chain(ClientCtx *c, Attempt *a, const ClientRequest *r, GPtrArray *chain, guint n,
	  AurCancel *cancel, AurError **last)
{
	for (guint i = 0; i < n; i++) {
		const char *model = chain->pdata[i];
		const char *next = i + 1 < n ? chain->pdata[i + 1] : NULL;
		AttemptIn in = { .req = r, .model = model, .wait_s = -1, .cancel = cancel };
		AurError *e = NULL;
		ModelEnd end = try_model(c, a, &in, r->max_retries, &e);
		g_free(in.rate_type);
		if (end == MODEL_OK) {
			a->res->model = g_strdup(model);
			aur_error_free(*last);
			*last = NULL;
			return true;
		}
		aur_error_free(*last);
		*last = e;
		if (end == MODEL_FATAL)
			return false;
		if (a->held.held && a->held.r.model == model)
			a->held.r.fallback_to = next;
		a->fallback_from = model;
		note(a->res, a->cb, model, next, e ? e->message : "failed");
	}
	return false;
}

bool
client_chat(ClientCtx *c, const ClientRequest *req, const ClientCallbacks *cb, AurCancel *cancel,
	    ClientResult *res, AurError **err)
{
	int64_t start = util_mono_us();
	memset(res, 0, sizeof *res);
	res->notes = g_ptr_array_new_with_free_func(g_free);
	res->ttft_us = -1;
	if (req->keep_text)
		res->text = g_string_new(NULL);
	const char *task = req->task && router_is_task(req->task) ? req->task : "chat";
	g_autoptr(GPtrArray) chain = router_chain(c->cfg, task, req->model);
	g_autoptr(ChatRequest) creq = with_task_params(c->cfg, task, req->request);
	ClientRequest r = *req;
	r.request = creq;
	r.max_retries = req->max_retries >= 0 ? req->max_retries : c->max_retries;
	guint n = req->single_model ? 1 : chain->len;
	Attempt a = { .c = c, .cb = cb, .res = res, .start_us = start, .task = task,
		      .command = req->command };
	g_autofree char *key = req->cache && chain->len > 0 ? request_key(c, &r, chain->pdata[0]) : NULL;
	a.cache_use = cache_use(c, req->cache, key);
	if (key != NULL && (req->cache & CACHE_POLICY_READ)) {
		g_autoptr(CacheEntry) hit = cache_lookup(client_cache(c), key, task, NULL);
		if (hit != NULL) {
			replay(&a, hit, task);
			if (res->usage.present && cb && cb->on_usage)
				cb->on_usage(&res->usage, cb->ud);
			finish(res, cb, start);
			return true;
		}
	}
	if (key != NULL && (req->cache & CACHE_POLICY_WRITE)) {
		a.keep = g_string_new(NULL);
		a.keep_max = (size_t)MAX(config_get_int(c->cfg, "cache.max_bytes"), 0);
	}
	AurError *last = NULL;
	bool ok = client_http(c, &last) != NULL && run_chain(c, &a, &r, chain, n, cancel, &last);
	metric_flush(&a);
	if (!ok && last != NULL && last->category == AUR_ERR_CANCELLED)
		res->cancelled = true;
	if (ok && a.keep != NULL)
		store(c, &a, key, task);
	if (a.keep != NULL)
		g_string_free(a.keep, TRUE);
	if (res->usage.present && cb && cb->on_usage)
		cb->on_usage(&res->usage, cb->ud);
	finish(res, cb, start);
	if (!ok) {
		if (last == NULL)
			aur_error_set(&last, AUR_ERR_MODEL, "Check models.routes.", "no model could answer");
		if (err != NULL && *err == NULL)
			*err = last;
		else
			aur_error_free(last);
	}
	return ok;
}
