/* SPDX-License-Identifier: MIT */
/* `aurelis health`: a one-token request to every routed model, in parallel, as a table. */
#include "autoconfig.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "client.h"
#include "cmds.h"
#include "router.h"
#include "term.h"
#include "util.h"

/*
 * Each model is checked on a worker thread with its own ClientCtx (and so its own
 * connection pool), exactly as the interactive faces run requests: the threads share only
 * the configuration and the token, read-only.  No retries and no fallback, so a failure is
 * reported as what it is.
 */

typedef struct {
	const char *model;
	bool ok;
	int64_t ms;
	AurError *err;
} Check;

typedef struct {
	const AurConfig *cfg;
	AuthToken *token;
	AurCancel *cancel;
} Shared;

static AurCancel *sig_cancel;

static void
on_sigint(int sig)
{
	cancel_trigger(sig_cancel);
}

static void
check_one(gpointer data, gpointer ud)
{
	Check *c = data;
	Shared *sh = ud;
	g_autoptr(ClientCtx) client = client_new(sh->cfg, sh->token, &c->err);
	if (client == NULL)
		return;
	g_autoptr(ChatRequest) req = models_request_new();
	models_request_add(req, "user", "Reply with the single word OK.");
	req->max_tokens = 1;
	req->stream = false;
	ClientRequest cr = { .task = "chat", .request = req, .model = c->model, .single_model = true,
			     .max_retries = 0 };
	ClientResult res;
	int64_t t0 = util_mono_us();
	c->ok = client_chat(client, &cr, NULL, sh->cancel, &res, &c->err);
	c->ms = (util_mono_us() - t0) / 1000;
	client_result_clear(&res);
}

static void
print_row(const Check *c, int w, const char *tasks)
{
	const char *col = c->ok ? term_sgr(stdout, TERM_GREEN) : term_sgr(stdout, TERM_RED);
	const char *z = term_sgr(stdout, TERM_RESET);
	const char *what = c->ok ? "ok" : aur_error_category_name(c->err->category);
	printf("%-*s  %s%-10s%s %7" G_GINT64_FORMAT " ms  %s\n", w, c->model, col, what, z, c->ms,
	       *tasks ? tasks : "-");
}

static cJSON *
check_json(const Check *c, const char *tasks)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "model", c->model);
	cJSON_AddBoolToObject(o, "ok", c->ok);
	cJSON_AddNumberToObject(o, "ms", (double)c->ms);
	cJSON_AddStringToObject(o, "tasks", tasks);
	if (!c->ok) {
		cJSON_AddStringToObject(o, "category", aur_error_category_name(c->err->category));
		cJSON_AddStringToObject(o, "message", c->err->message);
	}
	return o;
}

/* 0 when some model of the chat chain answered; else the head's failure status. */
static int
verdict(const AurConfig *cfg, GArray *checks, AurError **err)
{
	g_autoptr(GPtrArray) chain = router_chain(cfg, "chat", NULL);
	const Check *head = NULL;
	for (guint i = 0; i < chain->len; i++)
		for (guint j = 0; j < checks->len; j++) {
			const Check *c = &g_array_index(checks, Check, j);
			if (g_ascii_strcasecmp(c->model, chain->pdata[i]) != 0)
				continue;
			if (c->ok)
				return 0;
			if (head == NULL)
				head = c;
		}
	if (head == NULL || head->err == NULL)
		return 1;
	aur_error_set(err, head->err->category, head->err->hint,
		      "no model of the default (chat) chain answered; %s: %s", head->model, head->err->message);
	return aur_error_exit_code(head->err->category);
}

static void
report(AurContext *ctx, GArray *checks, AurError **err)
{
	int w = 5;
	for (guint i = 0; i < checks->len; i++)
		w = MAX(w, (int)strlen(g_array_index(checks, Check, i).model));
	cJSON *arr = ctx->json ? cJSON_CreateArray() : NULL;
	if (!ctx->json)
		printf("%s%-*s  %-10s %10s  %s%s\n", term_sgr(stdout, TERM_DIM), w, "MODEL", "STATUS",
		       "LATENCY", "TASKS", term_sgr(stdout, TERM_RESET));
	for (guint i = 0; i < checks->len; i++) {
		const Check *c = &g_array_index(checks, Check, i);
		g_autofree char *tasks = router_tasks_for_model(ctx->cfg, c->model);
		if (arr)
			cJSON_AddItemToArray(arr, check_json(c, tasks));
		else
			print_row(c, w, tasks);
	}
	/* Why each failure failed, after the table where long messages do not break it. */
	for (guint i = 0; !arr && i < checks->len; i++) {
		const Check *c = &g_array_index(checks, Check, i);
		if (!c->ok)
			printf("%s: %s\n", c->model, c->err->message);
	}
	if (arr) {
		char *s = cJSON_Print(arr);
		puts(s);
		cJSON_free(s);
		cJSON_Delete(arr);
	}
	verdict(ctx->cfg, checks, err);
}

static int
run_health(AurContext *ctx, AurArgs *args)
{
	g_autoptr(AurError) err = NULL;
	g_autoptr(AuthToken) token = auth_token_get(ctx->cfg, &err);
	if (token == NULL)
		return aur_error_report(err);
	g_autoptr(ClientCtx) probe = client_new(ctx->cfg, token, &err); /* checks the URLs once */
	if (probe == NULL)
		return aur_error_report(err);
	g_autoptr(GPtrArray) models = router_all_models(ctx->cfg);
	GArray *checks = g_array_sized_new(FALSE, TRUE, sizeof(Check), models->len);
	for (guint i = 0; i < models->len; i++) {
		Check c = { .model = models->pdata[i] };
		g_array_append_val(checks, c);
	}
	g_autoptr(AurCancel) cancel = cancel_new();
	sig_cancel = cancel;
	struct sigaction sa = { 0 }, old;
	sa.sa_handler = on_sigint;
	sigaction(SIGINT, &sa, &old);
	Shared sh = { ctx->cfg, token, cancel };
	int threads = (int)MAX((int64_t)1, config_get_int(ctx->cfg, "request.concurrency"));
	GThreadPool *pool = g_thread_pool_new(check_one, &sh, threads, FALSE, NULL);
	for (guint i = 0; i < checks->len; i++)
		g_thread_pool_push(pool, &g_array_index(checks, Check, i), NULL);
	g_thread_pool_free(pool, FALSE, TRUE);
	sigaction(SIGINT, &old, NULL);
	if (cancel_is_set(cancel))
		aur_error_set(&err, AUR_ERR_CANCELLED, "Run it again to check every model.", "cancelled");
	else
		report(ctx, checks, &err);
	for (guint i = 0; i < checks->len; i++)
		aur_error_free(g_array_index(checks, Check, i).err);
	g_array_unref(checks);
	return err ? aur_error_report(err) : 0;
}

const AurCommand cmd_health = {
	.name = "health",
	.summary = "check every routed model with a one-token request",
	.usage = "[--json]",
	.description = "Sends a one-token request to each model named in the routes, in parallel "
		       "(request.concurrency at a time), without retries or fallback, and prints "
		       "a latency table.  Exits non-zero when no model of the default (chat) chain "
		       "answers.",
	.network = true,
	.run = run_health,
};
