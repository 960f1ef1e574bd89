/* SPDX-License-Identifier: MIT */
/* Request and command metrics: one JSON line per event in a rotated file in the state dir. */
#ifndef AURELIS_METRICS_H
#define AURELIS_METRICS_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "config.h"
#include "error.h"

/*
 * The file is $XDG_STATE_HOME/aurelis/metrics.jsonl, rotated at 10 MiB with three old
 * files kept (metrics.jsonl.1 is the newest of those).  Two kinds of line:
 *
 *   {"type":"request","ts":MS,"cid":..,"command":..,"task":..,"model":..,"attempt":N,
 *    "status":HTTP,"error":"ok"|category,"latency_ms":..,"ttft_ms":..,"tokens_in":..,
 *    "tokens_out":..,"cache":"hit"|"miss"|"bypass"|"off","fallback_from":..,
 *    "fallback_to":..,"rate_wait_ms":..}
 *   {"type":"command","ts":MS,"cid":..,"command":..,"status":EXIT,"ms":..,
 *    "peak_rss_kib":N,"slash":{"name":count,...}}
 *
 * Fields that are unknown are left out.  ts is milliseconds since the epoch.
 */

typedef enum {
	METRICS_CACHE_OFF,     /* the cache was not consulted (disabled) */
	METRICS_CACHE_MISS,
	METRICS_CACHE_HIT,     /* answered from the cache: no request went out */
	METRICS_CACHE_BYPASS,  /* --no-cache or --refresh */
	METRICS_CACHE_NONE,    /* a later attempt of the same request: the field is left out,
				* so that hit ratios count requests, not attempts */
} MetricsCacheUse;

/* One attempt against one model.  Strings may be NULL; numbers below 0 mean unknown. */
typedef struct {
	int64_t ts_ms;               /* 0: now */
	const char *cid;             /* NULL: the thread's correlation id (log_cid()) */
	const char *command;         /* "ask", or the slash command in the shells */
	const char *task;
	const char *model;
	int attempt;                 /* 1 for the first try of this model */
	int http_status;             /* 0 when no response arrived */
	AurErrorCategory error;      /* AUR_ERR_OK on success */
	double latency_ms;           /* request sent to last byte (0 for a cache hit) */
	double ttft_ms;              /* to the first content delta */
	int64_t tokens_in;
	int64_t tokens_out;
	MetricsCacheUse cache;
	const char *fallback_from;   /* set on the attempt that replaced another model */
	const char *fallback_to;     /* set on the attempt that gave up for another model */
	double rate_wait_ms;         /* time spent waiting on rate limits before this attempt */
} MetricsRecord;

/* An empty record: every number unknown, no strings. */
#define METRICS_RECORD_INIT { .attempt = 1, .latency_ms = -1, .ttft_ms = -1, \
	.tokens_in = -1, .tokens_out = -1, .rate_wait_ms = -1 }

/* metrics.enabled and the default file; until called, metrics are on, in the default file. */
void metrics_configure(const AurConfig *cfg);
/* Tests: write to path (NULL: the default), rotate past max_bytes (0: 10 MiB) keeping keep
 * old files (0: 3). */
void metrics_set_file(const char *path, int64_t max_bytes, int keep);
/* The file in use (default $XDG_STATE_HOME/aurelis/metrics.jsonl).  Caller frees. */
char *metrics_path(void);
/* Close the file (the next record reopens it). */
void metrics_shutdown(void);

const char *metrics_cache_name(MetricsCacheUse use);

/* The JSON object of a record (also used by tests).  Caller frees with cJSON_Delete. */
cJSON *metrics_record_json(const MetricsRecord *r);
/* Append one record: one write() under flock(), safe from several threads and processes.
 * False when metrics are off or the file cannot be written (never fatal to a request). */
bool metrics_record(const MetricsRecord *r);

/* Count one run of a slash command in this process; written with the command record. */
void metrics_count_slash(const char *name);
/* Append the "command" record: the command's exit status and wall time, the process's peak
 * resident memory (getrusage) and the slash commands counted so far. */
bool metrics_record_command(const char *command, int status, double ms);

#endif
