/* SPDX-License-Identifier: MIT */
/* One-shot model requests: token, client, Ctrl-C, waits and fallbacks, footer, exit status. */
#include "autoconfig.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "oneshot.h"
#include "term.h"

/*
 * Ctrl-C triggers the cancel token from the signal handler (an atomic store and a write to
 * a pipe), so transfers stop at once on every thread while what was printed stays; a
 * second Ctrl-C exits immediately.  Only one Oneshot is alive at a time, so the handler's
 * state is static.
 */

struct Oneshot {
	const AurConfig *cfg;
	AuthToken *token;
	ClientCtx *client;
	AurCancel *cancel;
	bool threaded;
	bool signals;
	struct sigaction old_int, old_term;
};

static AurCancel *sig_cancel;
static volatile sig_atomic_t sig_count;
static GMutex wait_lock;

static void
on_sigint(int sig)
{
	(void)sig;
	if (sig_count++ > 0)
		_exit(130);
	cancel_trigger(sig_cancel);
}

Oneshot *
oneshot_new(const AurConfig *cfg, AurError **err)
{
	AuthToken *token = auth_token_get(cfg, err);
	if (token == NULL)
		return NULL;
	ClientCtx *client = client_new(cfg, token, err);
	if (client == NULL) {
		auth_token_free(token);
		return NULL;
	}
	Oneshot *o = g_new0(Oneshot, 1);
	o->cfg = cfg;
	o->token = token;
	o->client = client;
	o->cancel = cancel_new();
	sig_cancel = o->cancel;
	sig_count = 0;
	struct sigaction sa = { 0 };
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &o->old_int);
	sigaction(SIGTERM, &sa, &o->old_term);
	signal(SIGPIPE, SIG_IGN);
	o->signals = true;
	return o;
}

void
oneshot_restore_signals(Oneshot *o)
{
	if (o == NULL || !o->signals)
		return;
	sigaction(SIGINT, &o->old_int, NULL);
	sigaction(SIGTERM, &o->old_term, NULL);
	o->signals = false;
}

void
oneshot_free(Oneshot *o)
{
	if (o == NULL)
		return;
	oneshot_restore_signals(o);
	sig_cancel = NULL;
	client_free(o->client);
	auth_token_free(o->token);
	cancel_free(o->cancel);
	g_free(o);
}

ClientCtx *
oneshot_client(Oneshot *o)
{
	return o->client;
}

AurCancel *
oneshot_cancel(Oneshot *o)
{
	return o->cancel;
}

ClientCtx *
oneshot_client_new(Oneshot *o, AurError **err)
{
	return client_new(o->cfg, o->token, err);
}

void
oneshot_set_threaded(Oneshot *o, bool threaded)
{
	o->threaded = threaded;
}

/* ---- callbacks ---------------------------------------------------------------------------- */

typedef struct {
	Oneshot *o;
	OneshotDeltaFn on_delta;
	void *ud;
	bool tty_err;       /* a countdown line may be updated in place */
	bool waiting_line;  /* one is on stderr now */
	int64_t last_plain; /* seconds left when a plain wait line was last printed */
} Run;

static void
clear_wait_line(Run *k)
{
	if (k->waiting_line) {
		fputs("\r\033[K", stderr);
		k->waiting_line = false;
	}
}

static void
on_delta(const char *text, size_t len, void *ud)
{
	Run *k = ud;
	clear_wait_line(k);
	if (k->on_delta != NULL)
		k->on_delta(text, len, k->ud);
}

static void
plain_wait(Run *k, int64_t left, const char *reason)
{
	if (left == 0) {
		k->last_plain = 0;
		return;
	}
	if (k->last_plain == 0 || left % 10 == 0 || left <= 3) {
		if (left != k->last_plain) {
			g_mutex_lock(&wait_lock);
			fprintf(stderr, "aurelis: %s; retrying in %" G_GINT64_FORMAT " s\n", reason, left);
			g_mutex_unlock(&wait_lock);
		}
		k->last_plain = left;
	}
}

/* One line updated in place on a terminal; otherwise a plain line when the wait starts,
 * every ten seconds, and for each of the last three. */
static void
on_retry_wait(int64_t left, const char *reason, void *ud)
{
	Run *k = ud;
	if (term_quiet())
		return;
	if (!k->tty_err) {
		plain_wait(k, left, reason);
		return;
	}
	if (left == 0) {
		clear_wait_line(k);
		return;
	}
	fprintf(stderr, "\r\033[K%saurelis: %s; retrying in %" G_GINT64_FORMAT " s%s",
		term_sgr(stderr, TERM_DIM), reason, left, term_sgr(stderr, TERM_RESET));
	fflush(stderr);
	k->waiting_line = true;
}

static void
on_fallback(const char *from, const char *to, const char *why, void *ud)
{
	Run *k = ud;
	clear_wait_line(k);
	if (to != NULL)
		term_message(TERM_MSG_WARNING, "%s did not answer (%s); trying %s", from, why, to);
	else
		term_message(TERM_MSG_WARNING, "%s did not answer (%s)", from, why);
}

/* ---- the outcome -------------------------------------------------------------------------- */

/* What the finished request means for the exit status (0 when all is well). */
static int
judge(const ClientResult *r, bool ok, AurError **err)
{
	if (r->cancelled || (!ok && *err && (*err)->category == AUR_ERR_CANCELLED)) {
		aur_error_free(*err);
		*err = NULL;
		aur_error_set(err, AUR_ERR_CANCELLED,
			      r->text_bytes ? "The partial answer above was kept." : "Nothing had arrived yet.",
			      "cancelled");
		return 130;
	}
	if (!ok)
		return aur_error_exit_code((*err)->category);
	if (g_strcmp0(r->finish_reason, "content_filter") == 0) {
		aur_error_set(err, AUR_ERR_MODEL, "Rephrase the question; the service's content filter stopped the answer.",
			      "%s stopped: the content filter blocked the answer%s", r->model,
			      r->text_bytes ? " (the part before it was kept)" : "");
		return 7;
	}
	if (r->incomplete && r->finish_reason == NULL) {
		aur_error_set(err, AUR_ERR_NETWORK, "The partial answer was kept; ask again for the rest.",
			      "the answer from %s is incomplete: the stream ended before its end marker", r->model);
		return 4;
	}
	return 0;
}

/* The answer's text joins the log only with log.include_content (the request's side logs
 * the question); the caller keeps the text for it (ClientRequest.keep_text). */
static void
log_answer(const ClientResult *res)
{
	if (!log_include_content() || res->text == NULL)
		return;
	cJSON *f = cJSON_CreateObject();
	if (res->model != NULL)
		cJSON_AddStringToObject(f, "model", res->model);
	cJSON_AddNumberToObject(f, "answer_bytes", (double)res->text->len);
	log_add_content(f, "answer", res->text->str);
	log_event(LOG_INFO, "answer", f);
}

int
oneshot_run(Oneshot *o, ClientCtx *client, const ClientRequest *req, OneshotDeltaFn on_delta_fn,
	    void *ud, ClientResult *res, AurError **err)
{
	Run k = { .o = o, .on_delta = on_delta_fn, .ud = ud,
		  .tty_err = !o->threaded && term_isatty(STDERR_FILENO) };
	ClientCallbacks cb = { .on_delta = on_delta, .on_retry_wait = on_retry_wait,
			       .on_fallback = on_fallback, .ud = &k };
	bool ok = client_chat(client ? client : o->client, req, &cb, o->cancel, res, err);
	clear_wait_line(&k);
	log_answer(res);
	return judge(res, ok, err);
}

void
oneshot_warn(const ClientResult *r, int rc)
{
	if (r->cut)
		term_message(TERM_MSG_WARNING, "the answer was cut: %s stopped at its output limit "
			     "(finish_reason length)", r->model);
	if (r->incomplete && rc == 0)
		term_message(TERM_MSG_WARNING, "the stream from %s ended without its end marker", r->model);
}

char *
oneshot_format_us(int64_t us)
{
	if (us < 0)
		return g_strdup("-");
	if (us < 1000000)
		return g_strdup_printf("%" G_GINT64_FORMAT " ms", us / 1000);
	return g_strdup_printf("%.2f s", (double)us / 1e6);
}

void
oneshot_footer(const ClientResult *r)
{
	if (term_quiet())
		return;
	g_autoptr(GString) s = g_string_new(r->model ? r->model : "no model");
	if (r->cached)
		g_string_append(s, ", cached");
	if (r->usage.present)
		g_string_append_printf(s, ", %" G_GINT64_FORMAT " in / %" G_GINT64_FORMAT " out tokens",
				       r->usage.prompt_tokens, r->usage.completion_tokens);
	else
		g_string_append(s, ", token counts not reported");
	g_autofree char *ttft = oneshot_format_us(r->ttft_us);
	g_autofree char *total = oneshot_format_us(r->total_us);
	g_string_append_printf(s, ", first token %s, total %s", ttft, total);
	if (r->retries > 0)
		g_string_append_printf(s, ", %d %s", r->retries, r->retries == 1 ? "retry" : "retries");
	for (guint i = 0; i < r->notes->len; i++)
		g_string_append_printf(s, "; not answered by %s", (const char *)r->notes->pdata[i]);
	fprintf(stderr, "%saurelis: %s%s\n", term_sgr(stderr, TERM_DIM), s->str, term_sgr(stderr, TERM_RESET));
}

void
oneshot_result_json(cJSON *o, const ClientResult *r, const AurError *err)
{
	if (r->model)
		cJSON_AddStringToObject(o, "model", r->model);
	else
		cJSON_AddNullToObject(o, "model");
	if (r->finish_reason)
		cJSON_AddStringToObject(o, "finish_reason", r->finish_reason);
	else
		cJSON_AddNullToObject(o, "finish_reason");
	if (r->usage.present) {
		cJSON *u = cJSON_AddObjectToObject(o, "usage");
		cJSON_AddNumberToObject(u, "prompt_tokens", (double)r->usage.prompt_tokens);
		cJSON_AddNumberToObject(u, "completion_tokens", (double)r->usage.completion_tokens);
		cJSON_AddNumberToObject(u, "total_tokens", (double)r->usage.total_tokens);
	} else {
		cJSON_AddNullToObject(o, "usage");
	}
	cJSON_AddBoolToObject(o, "incomplete", r->incomplete);
	cJSON_AddBoolToObject(o, "cached", r->cached);
	cJSON_AddBoolToObject(o, "cut", r->cut);
	cJSON_AddBoolToObject(o, "cancelled", r->cancelled);
	cJSON_AddNumberToObject(o, "retries", r->retries);
	cJSON *fb = cJSON_AddArrayToObject(o, "fallbacks");
	for (guint i = 0; r->notes && i < r->notes->len; i++)
		cJSON_AddItemToArray(fb, cJSON_CreateString(r->notes->pdata[i]));
	cJSON_AddNumberToObject(o, "ttft_ms", r->ttft_us < 0 ? -1 : (double)r->ttft_us / 1000.0);
	cJSON_AddNumberToObject(o, "total_ms", (double)r->total_us / 1000.0);
	if (err != NULL) {
		cJSON *e = cJSON_AddObjectToObject(o, "error");
		cJSON_AddStringToObject(e, "category", aur_error_category_name(err->category));
		cJSON_AddStringToObject(e, "message", err->message);
		if (err->hint)
			cJSON_AddStringToObject(e, "hint", err->hint);
		cJSON_AddNumberToObject(e, "exit_status", aur_error_exit_code(err->category));
	}
}
