/* SPDX-License-Identifier: MIT */
/* Aggregating the metrics file for `aurelis stats`: per model, per command, three formats. */
#ifndef AURELIS_STATS_H
#define AURELIS_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>
#include <glib.h>

#include "config.h"
#include "error.h"
#include "tiers.h"

typedef struct {
	char *model;
	int64_t requests;       /* every attempt, cache hits included */
	int64_t errors;         /* attempts that ended in an error */
	int64_t by_category[AUR_ERR__COUNT];
	int64_t cache_hits;
	int64_t cache_misses;
	int64_t fallbacks_from; /* this model gave up and another one took over */
	int64_t fallbacks_to;   /* this model took over from another */
	int64_t tokens_in;      /* sent and billed: cache hits do not count */
	int64_t tokens_out;
	double rate_wait_ms;
	GArray *latency_ms;     /* double; successful requests that went out; sorted */
	GArray *ttft_ms;        /* double; sorted */
	int64_t today;          /* requests the service counted today (UTC), whatever --since */
	const char *tier;       /* from stats_apply_limits(); NULL until then */
	bool tier_assumed;      /* no catalogue tier and an id not recognised: low assumed */
	bool limit_overridden;  /* daily_limit from models.limits.<model>.per_day */
	int daily_limit;        /* 0 when unknown or when the plan has no access */
} StatsModel;

typedef struct {
	char *name;
	int64_t runs;
	int64_t failures;       /* runs with a non-zero exit status */
	int64_t peak_rss_kib;   /* the highest of its runs */
	double total_ms;
} StatsCommand;

typedef struct Stats Stats;

/* Aggregate lines with ts >= since_ms (0: all); "today" is the UTC day holding now_ms. */
Stats *stats_new(int64_t since_ms, int64_t now_ms);
void stats_free(Stats *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Stats, stats_free)

/* Add one line (without its newline).  A line that is not a metrics record (malformed,
 * truncated, wrong types) is counted as skipped, never fatal. */
void stats_add_line(Stats *s, const char *line, size_t len);
/* Lines as the writer makes them are read by a fast path that gives up on anything
 * unusual, which then goes to cJSON.  Off, every line goes to cJSON: tests and the fuzzer
 * check that the results are the same. */
void stats_set_fast_path(Stats *s, bool on);
/* Add every line of a file; a missing file adds nothing.  False with err when it exists but
 * cannot be read. */
bool stats_add_file(Stats *s, const char *path, AurError **err);
/* The file and its rotated predecessors path.1 .. path.keep, oldest first. */
bool stats_add_rotated(Stats *s, const char *path, int keep, AurError **err);

/* Daily limits for each model, exactly as the client's limiter and `aurelis models` see
 * them (retry_limits(): models.plan and models.limits.<model>.per_day): catalog maps model
 * id -> rate_limit_tier (may be NULL); cfg may be NULL. */
void stats_apply_limits(Stats *s, GHashTable *catalog, const AurConfig *cfg);

int64_t stats_lines(const Stats *s);    /* lines read */
int64_t stats_skipped(const Stats *s);  /* lines that were not records */
/* Borrowed, sorted by name.  Free the arrays, not their contents. */
GPtrArray *stats_models(const Stats *s);
GPtrArray *stats_commands(const Stats *s);
GPtrArray *stats_slash_commands(const Stats *s);

/* Nearest-rank percentile (p in (0, 100]) of sorted doubles: the smallest value with at
 * least p% of the values at or below it.  NAN when empty. */
double stats_percentile(const GArray *sorted, double p);

/* --since: a duration back from now ("90m", "24h", "7d", "2w"), "today" (UTC midnight), or
 * a date or time ("2026-11-20", "2026-11-20T10:00:00Z"; UTC unless an offset is given). */
bool stats_parse_since(const char *text, int64_t now_ms, int64_t *since_ms, AurError **err);

/* Output.  Caller frees. */
char *stats_format_text(const Stats *s, TiersPlan plan);
cJSON *stats_format_json(const Stats *s, TiersPlan plan);
/* Prometheus text exposition format 0.0.4 (for a node-exporter textfile collector). */
char *stats_format_prometheus(const Stats *s);

#endif
