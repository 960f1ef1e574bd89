/* SPDX-License-Identifier: MIT */
/* `aurelis models`: the catalogue with limits, routes and today's usage. */
#include "autoconfig.h"

#include <string.h>

#include <cjson/cJSON.h>

#include "client.h"
#include "cmds.h"
#include "retry.h"
#include "router.h"
#include "term.h"
#include "util.h"

static const AurOption models_options[] = {
	{ "refresh", 0, OPT_FLAG, NULL, "fetch the catalogue again instead of using the cached copy", COMPLETE_NONE, NULL },
	{ NULL, 0, 0, NULL, NULL, 0, NULL },
};

typedef struct {
	const CatalogModel *m;
	char *tasks;
	ModelLimits lim;
	UsageCounts used;
	CircuitState circuit;
} Row;

static void
row_clear(Row *r)
{
	g_free(r->tasks);
}

static cJSON *
strv_json(GStrv v)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; v && v[i]; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
	return a;
}

static void
add_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

static cJSON *
row_json(const Row *r)
{
	const CatalogModel *m = r->m;
	cJSON *o = cJSON_CreateObject();
	add_str(o, "id", m->id);
	add_str(o, "name", m->name);
	add_str(o, "publisher", m->publisher);
	add_str(o, "registry", m->registry);
	add_str(o, "summary", m->summary);
	add_str(o, "html_url", m->html_url);
	add_str(o, "version", m->version);
	add_str(o, "rate_limit_tier", m->rate_limit_tier);
	cJSON_AddItemToObject(o, "capabilities", strv_json(m->capabilities));
	cJSON *lim = cJSON_AddObjectToObject(o, "limits");
	cJSON_AddNumberToObject(lim, "max_input_tokens", (double)m->max_input_tokens);
	cJSON_AddNumberToObject(lim, "max_output_tokens", (double)m->max_output_tokens);
	cJSON_AddItemToObject(o, "supported_input_modalities", strv_json(m->input_modalities));
	cJSON_AddItemToObject(o, "supported_output_modalities", strv_json(m->output_modalities));
	cJSON_AddItemToObject(o, "tags", strv_json(m->tags));
	g_auto(GStrv) tasks = g_strsplit(r->tasks, ", ", -1);
	cJSON_AddItemToObject(o, "tasks", strv_json(*r->tasks ? tasks : NULL));
	cJSON *u = cJSON_AddObjectToObject(o, "usage");
	cJSON_AddNumberToObject(u, "today", (double)r->used.today);
	cJSON_AddNumberToObject(u, "per_day", r->lim.per_day);
	cJSON_AddNumberToObject(u, "last_minute", (double)r->used.last_minute);
	cJSON_AddNumberToObject(u, "rpm", r->lim.rpm);
	cJSON_AddNumberToObject(u, "concurrency", r->lim.concurrency);
	cJSON_AddStringToObject(u, "limits_from", r->lim.overridden ? "config" : r->lim.tier);
	cJSON *c = cJSON_AddObjectToObject(o, "circuit");
	cJSON_AddStringToObject(c, "state", r->circuit.opened_at ? "open" : "closed");
	cJSON_AddNumberToObject(c, "failures", r->circuit.failures);
	return o;
}

static void
print_table(GArray *rows)
{
	const char *b = term_sgr(stdout, TERM_BOLD), *d = term_sgr(stdout, TERM_DIM);
	const char *z = term_sgr(stdout, TERM_RESET);
	int w = 2;
	for (guint i = 0; i < rows->len; i++)
		w = MAX(w, (int)strlen(g_array_index(rows, Row, i).m->id));
	printf("%s%-*s  %-12s %-10s %8s %7s  %-24s %-10s %s%s\n", d, w, "ID", "PUBLISHER", "TIER", "IN", "OUT",
	       "CAPABILITIES", "TODAY", "TASKS", z);
	for (guint i = 0; i < rows->len; i++) {
		const Row *r = &g_array_index(rows, Row, i);
		g_autofree char *caps = g_strjoinv(",", r->m->capabilities);
		g_autofree char *today = g_strdup_printf("%" G_GINT64_FORMAT "/%d", r->used.today, r->lim.per_day);
		printf("%s%-*s%s  %-12.12s %-10.10s %8" G_GINT64_FORMAT " %7" G_GINT64_FORMAT "  %-24s %-10s %s%s\n",
		       *r->tasks ? b : "", w, r->m->id, *r->tasks ? z : "",
		       r->m->publisher ? r->m->publisher : "-", r->m->rate_limit_tier ? r->m->rate_limit_tier : "-",
		       r->m->max_input_tokens, r->m->max_output_tokens, *caps ? caps : "-", today,
		       *r->tasks ? r->tasks : "-", r->circuit.opened_at ? "  (circuit open)" : "");
	}
}

static void
warn_unknown_routes(const AurConfig *cfg, const Catalog *cat)
{
	g_autoptr(GPtrArray) all = router_all_models(cfg);
	g_autoptr(GPtrArray) w = router_check_chain(all, cat);
	for (guint i = 0; i < w->len; i++)
		term_message(TERM_MSG_WARNING, "a route uses %s", (const char *)w->pdata[i]);
}

static int
run_models(AurContext *ctx, AurArgs *args)
{
	g_autoptr(AurError) err = NULL;
	/* The catalogue may be public: go on without a token and let the service decide. */
	g_autoptr(AuthToken) token = auth_token_get(ctx->cfg, NULL);
	g_autoptr(ClientCtx) client = client_new(ctx->cfg, token, &err);
	if (client == NULL)
		return aur_error_report(err);
	const Catalog *cat = client_catalog(client, args_flag(args, "refresh"), NULL, &err);
	if (cat == NULL) {
		if (token == NULL && err->category == AUR_ERR_AUTH)
			aur_error_prefix(err, "no token was found, and");
		return aur_error_report(err);
	}
	int64_t now = util_now_ms();
	GArray *rows = g_array_new(FALSE, TRUE, sizeof(Row));
	g_array_set_clear_func(rows, (GDestroyNotify)row_clear);
	for (guint i = 0; i < cat->models->len; i++) {
		Row r = { .m = cat->models->pdata[i] };
		r.tasks = router_tasks_for_model(ctx->cfg, r.m->id);
		retry_limits(ctx->cfg, r.m->id, r.m->rate_limit_tier, &r.lim);
		retry_usage_counts(r.m->id, now, &r.used);
		retry_circuit_get(r.m->id, &r.circuit);
		g_array_append_val(rows, r);
	}
	if (ctx->json) {
		cJSON *arr = cJSON_CreateArray();
		for (guint i = 0; i < rows->len; i++)
			cJSON_AddItemToArray(arr, row_json(&g_array_index(rows, Row, i)));
		char *s = cJSON_Print(arr);
		puts(s);
		cJSON_free(s);
		cJSON_Delete(arr);
	} else {
		print_table(rows);
	}
	warn_unknown_routes(ctx->cfg, cat);
	g_autofree char *age = util_format_duration(MAX((int64_t)0, now / 1000 - cat->fetched_at));
	term_message(TERM_MSG_INFO, "%u models; catalogue %s%s%s", cat->models->len,
		     cat->from_cache ? "cached " : "fetched just now",
		     cat->from_cache ? age : "", cat->from_cache ? " ago (--refresh fetches it again)" : "");
	g_array_unref(rows);
	return 0;
}

const AurCommand cmd_models = {
	.name = "models",
	.summary = "list the models: limits, capabilities, routes and today's requests",
	.usage = "[--refresh] [--json]",
	.description = "The catalogue is cached for 24 hours.  TODAY counts the requests aurelis "
		       "sent to each model today (UTC) against its daily limit; TASKS lists the "
		       "tasks whose route uses the model.",
	.options = models_options,
	.network = true,
	.run = run_models,
};
