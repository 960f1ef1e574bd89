/* SPDX-License-Identifier: MIT */
/* Unit tests for stats.c and tiers.c: aggregation, percentiles, --since, the three formats. */
#include "autoconfig.h"

#include <math.h>
#include <regex.h>

#include "unit.h"
#include "stats.h"
#include "retry.h"
#include "tiers.h"

#define NOW 1795752000000LL /* 2026-11-27T04:00:00Z */
#define DAY (86400 * 1000LL)
#define TODAY0 (NOW - NOW % DAY)

static void
add(Stats *s, const char *line)
{
	stats_add_line(s, line, strlen(line));
}

static void
addf(Stats *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
addf(Stats *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *line = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	add(s, line);
}

static const StatsModel *
find_model(GPtrArray *models, const char *name)
{
	for (guint i = 0; i < models->len; i++)
		if (strcmp(((StatsModel *)models->pdata[i])->model, name) == 0)
			return models->pdata[i];
	fail_msg("model %s not found", name);
	return NULL;
}

static GArray *
sorted(const double *v, size_t n)
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(double));
	g_array_append_vals(a, v, (guint)n);
	return a;
}

/* model id -> tier, as tiers_load_catalog() returns it. */
static GHashTable *
catalog_with(const char *model, const char *tier)
{
	GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	g_hash_table_insert(t, g_strdup(model), g_strdup(tier));
	return t;
}

/* ---- percentiles ------------------------------------------------------------------------------ */

static void
test_percentiles(void **state)
{
	/* Nearest rank: the value at rank ceil(p/100 * n). */
	const double five[] = { 15, 20, 35, 40, 50 };
	g_autoptr(GArray) a = sorted(five, 5);
	assert_true(stats_percentile(a, 5) == 15);
	assert_true(stats_percentile(a, 30) == 20);
	assert_true(stats_percentile(a, 40) == 20);
	assert_true(stats_percentile(a, 50) == 35);
	assert_true(stats_percentile(a, 95) == 50);
	assert_true(stats_percentile(a, 100) == 50);
	double hundred[100];
	for (int i = 0; i < 100; i++)
		hundred[i] = i + 1;
	g_autoptr(GArray) h = sorted(hundred, 100);
	assert_true(stats_percentile(h, 50) == 50);
	assert_true(stats_percentile(h, 95) == 95);
	assert_true(stats_percentile(h, 99) == 99);
	assert_true(stats_percentile(h, 99.5) == 100);
	const double one[] = { 7.25 };
	g_autoptr(GArray) o = sorted(one, 1);
	assert_true(stats_percentile(o, 50) == 7.25);
	assert_true(stats_percentile(o, 99) == 7.25);
	g_autoptr(GArray) empty = sorted(one, 0);
	assert_true(isnan(stats_percentile(empty, 50)));
	assert_true(isnan(stats_percentile(NULL, 50)));
	assert_true(isnan(stats_percentile(a, 0)));
	assert_true(isnan(stats_percentile(a, 101)));
}

/* ---- aggregation against hand-computed values ------------------------------------------- */

static Stats *
sample_stats(int64_t since)
{
	Stats *s = stats_new(since, NOW);
	const char *m = "openai/gpt-4.1";
	/* Five successful network requests to m, latencies 100..500, ttft 10..50. */
	for (int i = 1; i <= 5; i++)
		addf(s, "{\"type\":\"request\",\"ts\":%lld,\"cid\":\"c%d\",\"command\":\"ask\",\"task\":\"chat\","
			"\"model\":\"%s\",\"attempt\":1,\"status\":200,\"error\":\"ok\",\"latency_ms\":%d,"
			"\"ttft_ms\":%d,\"tokens_in\":%d,\"tokens_out\":%d,\"cache\":\"miss\"}",
		     TODAY0 + i * 1000LL, i, m, i * 100, i * 10, i * 1000, i * 10);
	/* A 429 that waited and fell back, and a network error. */
	addf(s, "{\"type\":\"request\",\"ts\":%lld,\"model\":\"%s\",\"status\":429,\"error\":\"rate_limit\","
		"\"latency_ms\":50,\"rate_wait_ms\":1500,\"cache\":\"miss\",\"fallback_to\":\"openai/gpt-4.1-mini\"}",
	     TODAY0 + 6000, m);
	addf(s, "{\"type\":\"request\",\"ts\":%lld,\"model\":\"%s\",\"status\":0,\"error\":\"network\","
		"\"latency_ms\":9000,\"cache\":\"miss\"}", TODAY0 + 7000, m);
	/* Two cache hits: no tokens, no latency sample, not counted for today's quota. */
	for (int i = 0; i < 2; i++)
		addf(s, "{\"type\":\"request\",\"ts\":%lld,\"model\":\"%s\",\"status\":200,\"error\":\"ok\","
			"\"latency_ms\":0.2,\"tokens_in\":999,\"tokens_out\":999,\"cache\":\"hit\"}",
		     TODAY0 + 8000, m);
	/* Yesterday: counts in the totals (unless --since cuts it) but not for today. */
	addf(s, "{\"type\":\"request\",\"ts\":%lld,\"model\":\"%s\",\"status\":200,\"error\":\"ok\","
		"\"latency_ms\":600,\"ttft_ms\":60,\"tokens_in\":1,\"tokens_out\":1,\"cache\":\"miss\"}",
	     TODAY0 - 3600 * 1000LL, m);
	/* The fallback model took over once. */
	addf(s, "{\"type\":\"request\",\"ts\":%lld,\"model\":\"openai/gpt-4.1-mini\",\"status\":200,"
		"\"error\":\"ok\",\"latency_ms\":250,\"cache\":\"off\",\"fallback_from\":\"%s\"}",
	     TODAY0 + 6500, m);
	/* Commands and slash commands. */
	addf(s, "{\"type\":\"command\",\"ts\":%lld,\"command\":\"ask\",\"status\":0,\"ms\":900,"
		"\"peak_rss_kib\":8000}", TODAY0 + 1);
	addf(s, "{\"type\":\"command\",\"ts\":%lld,\"command\":\"ask\",\"status\":9,\"ms\":100,"
		"\"peak_rss_kib\":9500}", TODAY0 + 2);
	addf(s, "{\"type\":\"command\",\"ts\":%lld,\"command\":\"shell\",\"status\":0,\"ms\":60000,"
		"\"peak_rss_kib\":12000,\"slash\":{\"model\":3,\"clear\":1}}", TODAY0 + 3);
	addf(s, "{\"type\":\"command\",\"ts\":%lld,\"command\":\"shell\",\"status\":0,\"ms\":1000,"
		"\"peak_rss_kib\":11000,\"slash\":{\"model\":2}}", TODAY0 - DAY);
	return s;
}

static void
test_aggregation(void **state)
{
	g_autoptr(Stats) s = sample_stats(0);
	assert_int_equal(stats_lines(s), 15);
	assert_int_equal(stats_skipped(s), 0);
	g_autoptr(GPtrArray) models = stats_models(s);
	assert_int_equal(models->len, 2);
	const StatsModel *m = find_model(models, "openai/gpt-4.1");
	assert_int_equal(m->requests, 10);
	assert_int_equal(m->errors, 2);
	assert_int_equal(m->by_category[AUR_ERR_RATE_LIMIT], 1);
	assert_int_equal(m->by_category[AUR_ERR_NETWORK], 1);
	assert_int_equal(m->cache_hits, 2);
	assert_int_equal(m->cache_misses, 8);
	assert_int_equal(m->fallbacks_from, 1);
	assert_int_equal(m->fallbacks_to, 0);
	assert_int_equal(m->tokens_in, 15000 + 1);  /* 1000+..+5000, yesterday's 1, no hits */
	assert_int_equal(m->tokens_out, 150 + 1);
	assert_true(m->rate_wait_ms == 1500);
	/* Latency of successful network requests: 100 200 300 400 500 600. */
	assert_int_equal(m->latency_ms->len, 6);
	assert_true(stats_percentile(m->latency_ms, 50) == 300);
	assert_true(stats_percentile(m->latency_ms, 95) == 600);
	assert_true(stats_percentile(m->latency_ms, 99) == 600);
	assert_true(stats_percentile(m->ttft_ms, 50) == 30);
	/* Today: the five successes only (not the 429, the failed connection or the hits). */
	assert_int_equal(m->today, 5);
	const StatsModel *mini = find_model(models, "openai/gpt-4.1-mini");
	assert_int_equal(mini->requests, 1);
	assert_int_equal(mini->fallbacks_to, 1);
	assert_int_equal(mini->cache_hits + mini->cache_misses, 0);
	assert_int_equal(mini->today, 1);

	g_autoptr(GPtrArray) cmds = stats_commands(s);
	assert_int_equal(cmds->len, 2);
	const StatsCommand *ask = cmds->pdata[0];
	assert_string_equal(ask->name, "ask");
	assert_int_equal(ask->runs, 2);
	assert_int_equal(ask->failures, 1);
	assert_int_equal(ask->peak_rss_kib, 9500);
	assert_true(ask->total_ms == 1000);
	const StatsCommand *shell = cmds->pdata[1];
	assert_int_equal(shell->runs, 2);
	assert_int_equal(shell->peak_rss_kib, 12000);
	g_autoptr(GPtrArray) slash = stats_slash_commands(s);
	assert_int_equal(slash->len, 2);
	assert_string_equal(((StatsCommand *)slash->pdata[0])->name, "clear");
	assert_int_equal(((StatsCommand *)slash->pdata[0])->runs, 1);
	assert_int_equal(((StatsCommand *)slash->pdata[1])->runs, 5);
}

static void
test_since_filters_but_today_does_not(void **state)
{
	g_autoptr(Stats) s = sample_stats(TODAY0);
	g_autoptr(GPtrArray) models = stats_models(s);
	const StatsModel *m = find_model(models, "openai/gpt-4.1");
	assert_int_equal(m->requests, 9);       /* yesterday's request is out */
	assert_int_equal(m->latency_ms->len, 5);
	assert_true(stats_percentile(m->latency_ms, 95) == 500);
	assert_int_equal(m->tokens_in, 15000);
	assert_int_equal(m->today, 5);
	g_autoptr(GPtrArray) slash = stats_slash_commands(s);
	assert_int_equal(((StatsCommand *)slash->pdata[1])->runs, 3);
	g_autoptr(GPtrArray) cmds = stats_commands(s);
	assert_int_equal(((StatsCommand *)cmds->pdata[1])->runs, 1);

	/* Only lines before --since that were today still count for today's quota. */
	g_autoptr(Stats) late = stats_new(NOW, NOW);
	addf(late, "{\"type\":\"request\",\"ts\":%lld,\"model\":\"x/y\",\"status\":200,\"error\":\"ok\"}", TODAY0 + 5);
	g_autoptr(GPtrArray) lm = stats_models(late);
	assert_int_equal(lm->len, 1);
	assert_int_equal(((StatsModel *)lm->pdata[0])->requests, 0);
	assert_int_equal(((StatsModel *)lm->pdata[0])->today, 1);
}

static void
test_malformed_lines(void **state)
{
	g_autoptr(Stats) s = stats_new(0, NOW);
	static const char *const bad[] = {
		"",
		"{",
		"{\"type\":\"request\",\"ts\":1,\"model\":\"m\"",          /* truncated */
		"[1,2,3]",
		"\"request\"",
		"null",
		"{\"ts\":1,\"model\":\"m\"}",                           /* no type */
		"{\"type\":\"request\",\"model\":\"m\"}",               /* no ts */
		"{\"type\":\"request\",\"ts\":\"yesterday\",\"model\":\"m\"}",
		"{\"type\":\"request\",\"ts\":-5,\"model\":\"m\"}",
		"{\"type\":\"request\",\"ts\":1,\"model\":\"\"}",
		"{\"type\":\"request\",\"ts\":1}",
		"{\"type\":\"request\",\"ts\":1,\"model\":7}",
		"{\"type\":\"request\",\"ts\":1,\"model\":\"m\",\"latency_ms\":\"fast\"}",
		"{\"type\":\"request\",\"ts\":1,\"model\":\"m\",\"tokens_in\":-3}",
		"{\"type\":\"request\",\"ts\":1,\"model\":\"m\",\"cache\":true}",
		"{\"type\":\"mystery\",\"ts\":1}",
		"{\"type\":\"command\",\"ts\":1}",
		"{\"type\":\"command\",\"ts\":1,\"command\":\"ask\",\"slash\":[\"x\"]}",
		"\xff\xfe\x00garbage",
		"{\"type\":\"request\",\"ts\":1e999,\"model\":\"m\"}",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++)
		add(s, bad[i]);
	/* Lines in between that are fine still count, including unknown extra fields. */
	add(s, "{\"type\":\"request\",\"ts\":1,\"model\":\"m\",\"future_field\":{\"x\":[1]}}");
	add(s, "{\"type\":\"command\",\"ts\":1,\"command\":\"ask\",\"slash\":{\"ok\":1,\"bad\":\"x\",\"neg\":-1}}");
	assert_int_equal(stats_lines(s), G_N_ELEMENTS(bad) + 2);
	assert_int_equal(stats_skipped(s), G_N_ELEMENTS(bad));
	g_autoptr(GPtrArray) models = stats_models(s);
	assert_int_equal(models->len, 1);
	assert_int_equal(((StatsModel *)models->pdata[0])->requests, 1);
	g_autoptr(GPtrArray) slash = stats_slash_commands(s);
	assert_int_equal(slash->len, 1);
	/* An unknown error category is still an error. */
	add(s, "{\"type\":\"request\",\"ts\":1,\"model\":\"m\",\"error\":\"brand_new\"}");
	g_autoptr(GPtrArray) m2 = stats_models(s);
	assert_int_equal(((StatsModel *)m2->pdata[0])->errors, 1);
}

static void
test_files_and_rotation(void **state)
{
	g_autofree char *dir = unit_tmpdir();
	g_autofree char *path = g_build_filename(dir, "metrics.jsonl", NULL);
	const char *rec = "{\"type\":\"request\",\"ts\":1,\"model\":\"m\",\"error\":\"ok\",\"latency_ms\":%d,\"cache\":\"miss\"}\n";
	for (int i = 3; i >= 0; i--) {
		g_autofree char *p = i ? g_strdup_printf("%s.%d", path, i) : g_strdup(path);
		g_autofree char *text = g_strdup_printf(rec, 100 * (4 - i));
		unit_write(p, text);
	}
	/* The live file may end in the middle of a line another process is writing. */
	g_autofree char *live = g_strdup_printf(rec, 400);
	g_autofree char *with_tail = g_strconcat(live, "{\"type\":\"requ", NULL);
	unit_write(path, with_tail);
	g_autoptr(Stats) s = stats_new(0, NOW);
	assert_true(stats_add_rotated(s, path, 3, NULL));
	assert_int_equal(stats_lines(s), 5);
	assert_int_equal(stats_skipped(s), 1);
	g_autoptr(GPtrArray) models = stats_models(s);
	const StatsModel *m = models->pdata[0];
	assert_int_equal(m->requests, 4);
	assert_true(stats_percentile(m->latency_ms, 100) == 400);
	/* Missing files are simply empty; an unreadable one is an error. */
	g_autofree char *none = g_build_filename(dir, "none.jsonl", NULL);
	assert_true(stats_add_rotated(s, none, 3, NULL));
	g_autoptr(AurError) e = NULL;
	assert_false(stats_add_file(s, dir, &e)); /* a directory */
	assert_non_null(e);
	unit_rmdir(g_steal_pointer(&dir));
}

/* ---- --since --------------------------------------------------------------------------------- */

static void
test_parse_since(void **state)
{
	int64_t since;
	const struct { const char *text; int64_t want; } good[] = {
		{ "90m", NOW - 90 * 60 * 1000LL },
		{ "24h", NOW - DAY },
		{ "7d", NOW - 7 * DAY },
		{ "2w", NOW - 14 * DAY },
		{ "45", NOW - 45 * 1000LL },
		{ "today", TODAY0 },
		{ "TODAY", TODAY0 },
		{ "2026-11-20", 1795132800000LL },
		{ "2026-11-20T10:00:00Z", 1795168800000LL },
		{ "2026-11-20T12:00:00+02:00", 1795168800000LL },
		{ "2026-11-20T10:00:00.250Z", 1795168800250LL },
		{ "100000d", 0 }, /* before 1970: everything */
	};
	for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
		g_autoptr(AurError) e = NULL;
		if (!stats_parse_since(good[i].text, NOW, &since, &e))
			fail_msg("'%s' refused: %s", good[i].text, e->message);
		if (since != good[i].want)
			fail_msg("'%s' gave %" G_GINT64_FORMAT ", want %" G_GINT64_FORMAT, good[i].text,
				 since, good[i].want);
	}
	static const char *const bad[] = {
		"", "soon", "-5m", "5x", "1e400", "w", "2w2", "-1w", "2026-13-40", "2026-11-20T25:00Z",
		"yesterday", "7 days", "99999999999999999999w",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(AurError) e = NULL;
		if (stats_parse_since(bad[i], NOW, &since, &e))
			fail_msg("'%s' accepted", bad[i]);
		assert_int_equal(e->category, AUR_ERR_USAGE);
		assert_non_null(e->hint);
	}
	g_autoptr(AurError) e = NULL;
	assert_false(stats_parse_since(NULL, NOW, &since, &e));
}

/* ---- tiers ------------------------------------------------------------------------------------ */

static void
test_tiers(void **state)
{
	TiersPlan plan;
	assert_true(tiers_plan_from_name("Enterprise", &plan));
	assert_int_equal(plan, TIERS_PLAN_ENTERPRISE);
	assert_false(tiers_plan_from_name("gold", &plan));
	assert_false(tiers_plan_from_name(NULL, &plan));
	assert_string_equal(tiers_plan_name(TIERS_PLAN_PRO), "pro");

	TierLimits l;
	assert_true(tiers_limits_for_model("openai/gpt-4.1", "high", TIERS_PLAN_FREE, &l));
	assert_int_equal(l.per_day, 50);
	assert_int_equal(l.per_minute, 10);
	assert_int_equal(l.concurrent, 2);
	assert_true(tiers_limits_for_model("openai/gpt-4.1", "high", TIERS_PLAN_ENTERPRISE, &l));
	assert_int_equal(l.per_day, 150);
	assert_int_equal(l.tokens_in, 16000);
	assert_true(tiers_limits_for_model("openai/gpt-4.1-mini", "Low", TIERS_PLAN_BUSINESS, &l));
	assert_int_equal(l.per_day, 300);
	assert_true(tiers_limits_for_model("openai/text-embedding-3-small", "embeddings", TIERS_PLAN_FREE, &l));
	assert_int_equal(l.tokens_in, 64000);
	/* Models with a tier of their own are found by name, whatever the catalogue says. */
	assert_string_equal(tiers_tier_for_model("openai/o3-mini", "custom"), "mini-reasoning");
	assert_string_equal(tiers_tier_for_model("OpenAI/GPT-5", NULL), "o1-o3-gpt-5");
	assert_string_equal(tiers_tier_for_model("deepseek-r1-0528", NULL), "deepseek-r1");
	assert_string_equal(tiers_tier_for_model("xai/grok-3-mini", "custom"), "grok-3-mini");
	assert_true(tiers_limits_for_model("openai/o3", NULL, TIERS_PLAN_FREE, &l));
	assert_false(l.available);
	assert_int_equal(l.per_day, 0);
	assert_true(tiers_limits_for_model("openai/o3", NULL, TIERS_PLAN_PRO, &l));
	assert_true(l.available);
	assert_int_equal(l.per_day, 8);
	assert_true(tiers_limits_for_model("xai/grok-3", NULL, TIERS_PLAN_ENTERPRISE, &l));
	assert_int_equal(l.tokens_out, 16000);
	assert_true(tiers_limits_for_model("microsoft/mai-ds-r1", NULL, TIERS_PLAN_FREE, &l));
	assert_int_equal(l.per_day, 8);
	/* Unknown tier: no guess. */
	assert_null(tiers_tier_for_model("openai/gpt-4.1", NULL));
	assert_null(tiers_tier_for_model("openai/gpt-4.1", "custom"));
	assert_false(tiers_limits_for_model("x/y", "platinum", TIERS_PLAN_FREE, &l));
	assert_false(tiers_limits(NULL, TIERS_PLAN_FREE, &l));
}

static void
test_catalog_loading(void **state)
{
	g_autofree char *dir = unit_tmpdir();
	g_autofree char *path = g_build_filename(dir, "catalog.json", NULL);
	unit_write(path, "[{\"id\":\"openai/gpt-4.1\",\"rate_limit_tier\":\"high\",\"limits\":{}},"
			 "{\"id\":\"openai/gpt-4.1-mini\",\"rate_limit_tier\":\"low\"},"
			 "{\"id\":7,\"rate_limit_tier\":\"low\"},{\"id\":\"x\"},\"junk\",null]");
	g_autoptr(AurError) e = NULL;
	GHashTable *t = tiers_load_catalog(path, &e);
	assert_non_null(t);
	assert_int_equal(g_hash_table_size(t), 2);
	assert_string_equal(g_hash_table_lookup(t, "openai/gpt-4.1"), "high");
	g_hash_table_destroy(t);
	unit_write(path, "{\"models\":[{\"id\":\"a/b\",\"rate_limit_tier\":\"low\"}]}");
	t = tiers_load_catalog(path, &e);
	assert_non_null(t);
	assert_string_equal(g_hash_table_lookup(t, "a/b"), "low");
	g_hash_table_destroy(t);
	static const char *const bad[] = { "", "{", "{\"models\":{}}", "\"text\"", "42" };
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		unit_write(path, bad[i]);
		g_autoptr(AurError) be = NULL;
		assert_null(tiers_load_catalog(path, &be));
		assert_non_null(be);
	}
	g_autofree char *missing = g_build_filename(dir, "none.json", NULL);
	g_autoptr(AurError) me = NULL;
	assert_null(tiers_load_catalog(missing, &me));
	assert_int_equal(me->category, AUR_ERR_NOT_FOUND);
	unit_rmdir(g_steal_pointer(&dir));
}

static void
test_limits_applied(void **state)
{
	g_autoptr(Stats) s = sample_stats(0);
	GHashTable *catalog = catalog_with("openai/gpt-4.1", "high");
	stats_apply_limits(s, catalog, NULL);
	g_autoptr(GPtrArray) models = stats_models(s);
	const StatsModel *m = find_model(models, "openai/gpt-4.1");
	assert_string_equal(m->tier, "high");
	assert_false(m->tier_assumed);
	assert_int_equal(m->daily_limit, 50);
	/* Not in the catalogue: the low tier is assumed, as the client's limiter assumes it. */
	const StatsModel *mini = find_model(models, "openai/gpt-4.1-mini");
	assert_string_equal(mini->tier, "low");
	assert_true(mini->tier_assumed);
	assert_int_equal(mini->daily_limit, 150);
	AurConfig *cfg = config_new();
	assert_true(config_set_text(cfg, "models.plan", "business", CFG_LAYER_USER, "t", NULL));
	stats_apply_limits(s, catalog, cfg);
	assert_int_equal(m->daily_limit, 100);
	/* The same override `aurelis models` honours. */
	assert_true(config_set_text(cfg, "models.limits.openai/gpt-4.1.per_day", "42", CFG_LAYER_USER, "t", NULL));
	stats_apply_limits(s, catalog, cfg);
	assert_int_equal(m->daily_limit, 42);
	assert_true(m->limit_overridden);
	ModelLimits lim;
	retry_limits(cfg, "openai/gpt-4.1", "high", &lim);
	assert_int_equal(lim.per_day, m->daily_limit);
	config_free(cfg);
	g_hash_table_destroy(catalog);
}

/* ---- formats ---------------------------------------------------------------------------------- */

static void
test_text_and_json(void **state)
{
	g_autoptr(Stats) s = sample_stats(0);
	GHashTable *catalog = catalog_with("openai/gpt-4.1", "high");
	stats_apply_limits(s, catalog, NULL);
	g_hash_table_destroy(catalog);
	g_autofree char *text = stats_format_text(s, TIERS_PLAN_FREE);
	assert_str_contains(text, "openai/gpt-4.1\n");
	assert_str_contains(text, "10, 2 failed (network 1, rate_limit 1)");
	assert_str_contains(text, "2 hits, 8 misses (20.0% hit ratio)");
	assert_str_contains(text, "p50 300 ms");
	assert_str_contains(text, "5 of 50 requests per day (high tier, Copilot free)");
	assert_str_contains(text, "1 of 150 requests per day (low tier assumed: no catalogue tier, Copilot free)");
	assert_str_contains(text, "peak memory 9.3 MiB");
	assert_str_contains(text, "Slash commands");

	cJSON *o = stats_format_json(s, TIERS_PLAN_FREE);
	const cJSON *models = cJSON_GetObjectItemCaseSensitive(o, "models");
	assert_int_equal(cJSON_GetArraySize(models), 2);
	const cJSON *m = cJSON_GetArrayItem(models, 0);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(m, "model")->valuestring, "openai/gpt-4.1");
	assert_true(cJSON_GetObjectItemCaseSensitive(m, "cache_hit_ratio")->valuedouble == 0.2);
	const cJSON *lat = cJSON_GetObjectItemCaseSensitive(m, "latency_ms");
	assert_true(cJSON_GetObjectItemCaseSensitive(lat, "p50")->valuedouble == 300);
	assert_true(cJSON_GetObjectItemCaseSensitive(lat, "p99")->valuedouble == 600);
	assert_true(cJSON_GetObjectItemCaseSensitive(lat, "count")->valuedouble == 6);
	const cJSON *today = cJSON_GetObjectItemCaseSensitive(m, "today");
	assert_true(cJSON_GetObjectItemCaseSensitive(today, "limit")->valuedouble == 50);
	const cJSON *cats = cJSON_GetObjectItemCaseSensitive(m, "errors_by_category");
	assert_true(cJSON_GetObjectItemCaseSensitive(cats, "rate_limit")->valuedouble == 1);
	const cJSON *mini = cJSON_GetArrayItem(models, 1);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(mini, "cache_hit_ratio")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(mini, "ttft_ms"), "p50")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "commands")), 2);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "slash_commands")), 2);
	cJSON_Delete(o);

	g_autoptr(Stats) empty = stats_new(NOW - DAY, NOW);
	g_autofree char *etext = stats_format_text(empty, TIERS_PLAN_FREE);
	assert_str_contains(etext, "No requests recorded.");
	assert_str_contains(etext, "Since 2026-11-26T04:00:00.000Z");
}

/* A small parser for the text exposition format: every line is a HELP or TYPE comment or a
 * sample of a family whose TYPE came first; names and labels are well formed; summaries
 * carry quantile samples plus _sum and _count. */
typedef struct {
	regex_t help, type, sample, label;
} PromParser;

static void
prom_check(const char *text, GHashTable *families, int *samples)
{
	PromParser p;
	assert_int_equal(regcomp(&p.help, "^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) [^\n]+$", REG_EXTENDED), 0);
	assert_int_equal(regcomp(&p.type, "^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|summary|histogram|untyped)$", REG_EXTENDED), 0);
	assert_int_equal(regcomp(&p.sample, "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? ([^ ]+)$", REG_EXTENDED), 0);
	assert_int_equal(regcomp(&p.label, "^[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\[\\\\\"n])*\"(,|$)", REG_EXTENDED), 0);
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	assert_true(g_str_has_suffix(text, "\n"));
	char *current = NULL;
	for (size_t i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++) {
		const char *l = lines[i];
		regmatch_t m[5];
		if (regexec(&p.help, l, 2, m, 0) == 0)
			continue;
		if (regexec(&p.type, l, 3, m, 0) == 0) {
			g_free(current);
			current = g_strndup(l + m[1].rm_so, (gsize)(m[1].rm_eo - m[1].rm_so));
			if (g_hash_table_contains(families, current))
				fail_msg("family %s declared twice", current);
			g_hash_table_insert(families, g_strdup(current), g_strndup(l + m[2].rm_so, (gsize)(m[2].rm_eo - m[2].rm_so)));
			continue;
		}
		if (regexec(&p.sample, l, 5, m, 0) != 0)
			fail_msg("line %zu is not a sample: %s", i + 1, l);
		g_autofree char *name = g_strndup(l + m[1].rm_so, (gsize)(m[1].rm_eo - m[1].rm_so));
		const char *type = current ? g_hash_table_lookup(families, current) : NULL;
		bool belongs = current && (strcmp(name, current) == 0 ||
					   (g_strcmp0(type, "summary") == 0 &&
					    (g_str_has_prefix(name, current) &&
					     (strcmp(name + strlen(current), "_sum") == 0 ||
					      strcmp(name + strlen(current), "_count") == 0))));
		if (!belongs)
			fail_msg("sample %s outside its family (current %s)", name, current ? current : "-");
		if (m[3].rm_so >= 0) {
			const char *lab = l + m[3].rm_so;
			const char *end = l + m[3].rm_eo;
			while (lab < end) {
				regmatch_t lm[2];
				g_autofree char *rest = g_strndup(lab, (gsize)(end - lab));
				if (regexec(&p.label, rest, 2, lm, 0) != 0)
					fail_msg("bad labels in: %s", l);
				lab += lm[0].rm_eo;
			}
		}
		g_autofree char *val = g_strndup(l + m[4].rm_so, (gsize)(m[4].rm_eo - m[4].rm_so));
		char *endp;
		double v = g_ascii_strtod(val, &endp);
		if (*endp != '\0' && strcmp(val, "NaN") != 0)
			fail_msg("bad value in: %s", l);
		(void)v;
		(*samples)++;
	}
	g_free(current);
	regfree(&p.help);
	regfree(&p.type);
	regfree(&p.sample);
	regfree(&p.label);
}

static void
test_prometheus_shape(void **state)
{
	g_autoptr(Stats) s = sample_stats(0);
	/* A hostile model name must not break the format. */
	add(s, "{\"type\":\"request\",\"ts\":1,\"model\":\"evil\\\"model\\\\with\\nnewline\",\"error\":\"ok\"}");
	add(s, "not a record");
	GHashTable *catalog = catalog_with("openai/gpt-4.1", "high");
	stats_apply_limits(s, catalog, NULL);
	g_hash_table_destroy(catalog);
	g_autofree char *text = stats_format_prometheus(s);
	g_autoptr(GHashTable) fams = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	int samples = 0;
	prom_check(text, fams, &samples);
	assert_true(samples > 40);
	assert_string_equal(g_hash_table_lookup(fams, "aurelis_requests_total"), "counter");
	assert_string_equal(g_hash_table_lookup(fams, "aurelis_request_latency_seconds"), "summary");
	assert_string_equal(g_hash_table_lookup(fams, "aurelis_command_peak_memory_bytes"), "gauge");
	assert_str_contains(text, "aurelis_requests_total{model=\"openai/gpt-4.1\"} 10\n");
	assert_str_contains(text, "aurelis_request_errors_total{model=\"openai/gpt-4.1\",category=\"rate_limit\"} 1\n");
	assert_str_contains(text, "aurelis_request_latency_seconds{model=\"openai/gpt-4.1\",quantile=\"0.5\"} 0.3\n");
	assert_str_contains(text, "aurelis_request_latency_seconds_count{model=\"openai/gpt-4.1\"} 6\n");
	assert_str_contains(text, "aurelis_request_latency_seconds_sum{model=\"openai/gpt-4.1\"} 2.1\n");
	assert_str_contains(text, "aurelis_daily_request_limit{model=\"openai/gpt-4.1\"} 50\n");
	assert_str_contains(text, "aurelis_command_peak_memory_bytes{command=\"ask\"} 9728000\n");
	assert_str_contains(text, "aurelis_slash_command_runs_total{command=\"model\"} 5\n");
	assert_str_contains(text, "model=\"evil\\\"model\\\\with\\nnewline\"");
	assert_str_contains(text, "aurelis_metrics_skipped_lines 1\n");
	/* With nothing recorded the output is still valid. */
	g_autoptr(Stats) empty = stats_new(0, NOW);
	g_autofree char *etext = stats_format_prometheus(empty);
	g_autoptr(GHashTable) efams = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	samples = 0;
	prom_check(etext, efams, &samples);
	assert_int_equal(samples, 1);
}

/* The fast path and cJSON must agree on every line, including the ones the fast path gives
 * up on. */
static void
test_fast_path_agrees(void **state)
{
	static const char *const lines[] = {
		"{\"type\":\"request\",\"ts\":1795751000000,\"model\":\"a/b\",\"status\":200,\"error\":\"ok\",\"latency_ms\":812.345,\"ttft_ms\":0.1,\"tokens_in\":120,\"cache\":\"miss\"}",
		"{\"type\":\"request\",\"ts\":1795751000000,\"model\":\"a/b\",\"latency_ms\":123456789.012345}",
		"{\"type\":\"request\",\"ts\":1795751000000,\"model\":\"a/b\",\"latency_ms\":1234567890123456}",
		"{\"type\":\"request\",\"ts\":1795751000000,\"model\":\"a/b\",\"latency_ms\":0.30000000000000004}",
		"{\"type\":\"request\",\"ts\":1795751000000,\"model\":\"a\\\"b\",\"error\":\"ok\"}",
		"{\"type\":\"request\",\"ts\":1795751000000,\"model\":\"caf\\u00e9\"}",
		"{\"type\":\"request\",\"ts\":1795751000000,\"model\":\"caf\xc3\xa9\"}",
		"{ \"type\": \"request\", \"ts\": 1795751000000, \"model\": \"spaced\" }",
		"{\"type\":\"request\",\"ts\":1.795751e12,\"model\":\"exp\"}",
		"{\"type\":\"request\",\"ts\":-1,\"model\":\"neg\"}",
		"{\"type\":\"request\",\"ts\":00017,\"model\":\"zeros\"}",
		"{\"type\":\"request\",\"ts\":1.,\"model\":\"dot\"}",
		"{\"type\":\"request\",\"ts\":.5,\"model\":\"dot\"}",
		"{\"type\":\"request\",\"ts\":1,\"model\":\"dup\",\"model\":\"second\"}",
		"{\"type\":\"request\",\"ts\":1,\"model\":\"trail\"} junk",
		"{\"type\":\"request\",\"ts\":1,\"model\":\"trail\"}}",
		"{\"type\":\"request\",\"ts\":1,\"model\":\"nested\",\"extra\":{\"a\":[1,{}]}}",
		"{\"type\":\"request\",\"ts\":1,\"model\":\"lit\",\"extra\":true,\"x\":null}",
		"{\"type\":\"request\",\"ts\":1,\"model\":true}",
		"{\"type\":\"request\",\"ts\":\"1\",\"model\":\"m\"}",
		"{\"type\":\"request\",\"ts\":1,\"model\":\"bad\",\"latency_ms\":\"x\"} not even json",
		"{\"type\":\"request\",\"ts\":1,\"model\":\"ctl\x01\"}",
		"{\"type\":\"request\",\"ts\":1,\"model\":\"open",
		"{\"type\":\"request\",\"ts\":1,",
		"{\"type\":\"command\",\"ts\":1,\"command\":\"shell\",\"peak_rss_kib\":100,\"slash\":{\"model\":2}}",
		"{\"type\":\"command\",\"ts\":1,\"command\":\"shell\",\"slash\":3}",
		"{\"type\":\"command\",\"ts\":1,\"command\":\"ask\",\"status\":9,\"ms\":12.5}",
		"{}", "{\"\":1}", "[]", "", "{", "}", "{\"type\"}", "{\"type\":}", "{\"type\":\"request\",}",
	};
	g_autoptr(Stats) fast = stats_new(0, NOW);
	g_autoptr(Stats) slow = stats_new(0, NOW);
	stats_set_fast_path(slow, false);
	for (size_t i = 0; i < G_N_ELEMENTS(lines); i++) {
		add(fast, lines[i]);
		add(slow, lines[i]);
		cJSON *a = stats_format_json(fast, TIERS_PLAN_FREE);
		cJSON *b = stats_format_json(slow, TIERS_PLAN_FREE);
		char *ta = cJSON_PrintUnformatted(a), *tb = cJSON_PrintUnformatted(b);
		if (strcmp(ta, tb) != 0)
			fail_msg("the paths disagree after line %zu: %s\nfast: %s\nslow: %s", i, lines[i], ta, tb);
		cJSON_free(ta);
		cJSON_free(tb);
		cJSON_Delete(a);
		cJSON_Delete(b);
	}
	g_autofree char *pa = stats_format_prometheus(fast);
	g_autofree char *pb = stats_format_prometheus(slow);
	assert_string_equal(pa, pb);
	assert_true(stats_skipped(fast) > 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_percentiles),
		cmocka_unit_test(test_aggregation),
		cmocka_unit_test(test_since_filters_but_today_does_not),
		cmocka_unit_test(test_malformed_lines),
		cmocka_unit_test(test_fast_path_agrees),
		cmocka_unit_test(test_files_and_rotation),
		cmocka_unit_test(test_parse_since),
		cmocka_unit_test(test_tiers),
		cmocka_unit_test(test_catalog_loading),
		cmocka_unit_test(test_limits_applied),
		cmocka_unit_test(test_text_and_json),
		cmocka_unit_test(test_prometheus_shape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
