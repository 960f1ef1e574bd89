/* SPDX-License-Identifier: MIT */
/* `aurelis stats`: requests, errors, latency, tokens, cache use and quota per model. */
#include "autoconfig.h"

#include <stdio.h>

#include <cjson/cJSON.h>

#include "cmds.h"
#include "metrics.h"
#include "stats.h"
#include "tiers.h"
#include "util.h"

#define ROTATED_FILES 3

static const AurOption stats_options[] = {
	{ "since", 0, OPT_VALUE, "DURATION", "only what happened in the last DURATION (90m, 24h, 7d, 2w), "
	  "since \"today\" or since a date (2026-11-20)", COMPLETE_NONE, NULL },
	{ "prometheus", 0, OPT_FLAG, NULL, "print the Prometheus text format (node-exporter textfile "
	  "collector)", COMPLETE_NONE, NULL },
	{ NULL, 0, 0, NULL, NULL, 0, NULL },
};

static TiersPlan
configured_plan(const AurConfig *cfg)
{
	TiersPlan plan = TIERS_PLAN_FREE;
	(void)tiers_plan_from_name(config_get_string(cfg, "models.plan"), &plan);
	return plan;
}

/* Daily limits need each model's tier: from the cached catalogue when there is one. */
static void
apply_limits(Stats *s, const AurConfig *cfg)
{
	g_autofree char *path = tiers_catalog_path();
	AurError *e = NULL;
	GHashTable *catalog = tiers_load_catalog(path, &e);
	aur_error_free(e);
	stats_apply_limits(s, catalog, cfg);
	if (catalog != NULL)
		g_hash_table_destroy(catalog);
}

static int
run_stats(AurContext *ctx, AurArgs *args)
{
	g_autoptr(AurError) e = NULL;
	if (args_npos(args) > 0) {
		cli_usage_error(&e, ctx->command, "stats takes no arguments");
		return aur_error_report(e);
	}
	bool prometheus = args_flag(args, "prometheus");
	if (prometheus && ctx->json) {
		cli_usage_error(&e, ctx->command, "--json and --prometheus cannot be used together");
		return aur_error_report(e);
	}
	int64_t now = util_now_ms(), since = 0;
	const char *since_text = args_value(args, "since");
	if (since_text != NULL && !stats_parse_since(since_text, now, &since, &e))
		return aur_error_report(e);
	g_autoptr(Stats) s = stats_new(since, now);
	g_autofree char *path = metrics_path();
	if (!stats_add_rotated(s, path, ROTATED_FILES, &e))
		return aur_error_report(e);
	apply_limits(s, ctx->cfg);
	if (prometheus) {
		g_autofree char *text = stats_format_prometheus(s);
		fputs(text, stdout);
	} else if (ctx->json) {
		cJSON *o = stats_format_json(s, configured_plan(ctx->cfg));
		char *text = cJSON_Print(o);
		puts(text);
		cJSON_free(text);
		cJSON_Delete(o);
	} else {
		g_autofree char *text = stats_format_text(s, configured_plan(ctx->cfg));
		fputs(text, stdout);
	}
	return 0;
}

const AurCommand cmd_stats = {
	.name = "stats",
	.summary = "requests, errors, latency, tokens and cache use per model",
	.usage = "[--since DURATION] [--json|--prometheus]",
	.description = "Reads the metrics file (and its rotated copies) in the state directory: per "
		       "model the requests, errors by category, p50/p95/p99 latency and time to first "
		       "token, tokens, cache hit ratio, fallbacks and requests used today against the "
		       "daily limit of the model's tier; per command how often it ran and its peak "
		       "memory.  Lines that are not metrics records are skipped and counted.",
	.options = stats_options,
	.run = run_stats,
};
