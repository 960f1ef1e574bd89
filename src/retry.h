/* SPDX-License-Identifier: MIT */
/* Resilience: backoff with full jitter, rate-limit waits, a per-model circuit breaker, and
 * a client-side limiter with request counters shared by every aurelis process. */
#ifndef AURELIS_RETRY_H
#define AURELIS_RETRY_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog.h"
#include "config.h"

/* ---- backoff and waits ------------------------------------------------------------------- */

/* Full jitter: a uniform draw (r01 in [0,1)) from [0, min(max_ms, base_ms * 2^attempt)],
 * attempt counting from 0. */
int64_t retry_backoff_ms(int attempt, int64_t base_ms, int64_t max_ms, double r01);

/* Seconds a 429 asks us to wait: the larger of retry-after (seconds or an HTTP date) and
 * x-ratelimit-timeremaining; failing both, "wait N seconds" in the message; -1 when
 * nothing says.  now is epoch seconds. */
int64_t retry_wait_seconds(const char *retry_after, const char *timeremaining,
			   const char *message, int64_t now);

/* ---- circuit breaker ---------------------------------------------------------------------- */

typedef struct {
	int failures;        /* consecutive */
	int64_t opened_at;   /* epoch ms; 0 when closed */
	int64_t probe_at;    /* epoch ms of the probe in flight; 0 when none */
} CircuitState;

typedef enum {
	CIRCUIT_CLOSED, /* go ahead */
	CIRCUIT_OPEN,   /* skip the model (*wait_ms until a probe is allowed) */
	CIRCUIT_PROBE,  /* open period over: this request is the one probe */
} CircuitDecision;

/* Pure decision: threshold failures open the circuit for open_ms; afterwards one probe at
 * a time (a probe older than open_ms is presumed lost and another is allowed). */
CircuitDecision retry_circuit_decide(const CircuitState *s, int threshold, int64_t open_ms,
				     int64_t now_ms, int64_t *wait_ms);
/* Pure update after an attempt: success closes; a failure counts, and at threshold (or
 * after a failed probe) opens again from now_ms. */
void retry_circuit_update(CircuitState *s, bool success, int threshold, int64_t now_ms);

/* The same, persisted in the state directory so one-shot commands share it.  acquire
 * records the probe when it grants one. */
CircuitDecision retry_circuit_acquire(const char *model, int threshold, int64_t open_ms,
				      int64_t *wait_ms);
void retry_circuit_report(const char *model, bool success, int threshold);
/* Current state (for `models`); zeroed when unknown. */
void retry_circuit_get(const char *model, CircuitState *out);

/* ---- limits and counters ------------------------------------------------------------------ */

typedef struct {
	int rpm;          /* requests per minute */
	int per_day;      /* 0 when the plan gives no access to the model's tier */
	int concurrency;
	int input_tokens; /* most input tokens one request may carry */
	const char *tier; /* the tier these came from ("low", "high", "o1-o3-gpt-5", ...) */
	const char *plan; /* models.plan: "free", "pro", "business" or "enterprise" */
	bool guessed;     /* neither the catalogue nor the id names a tier: low was assumed */
	bool available;   /* per_day > 0: the plan (or an override) gives access */
	bool overridden;  /* at least one came from models.limits.<id>.* */
} ModelLimits;

/* Limits for model: its tier's column for models.plan in the one tier table (src/tiers.c;
 * the tier from the catalogue's rate_limit_tier, or recognised from the id, else low), then
 * models.limits.<id>.{rpm,per_day,concurrency,input_tokens}.  A tier the plan has no access to keeps a
 * budget of one request (the service gives its own refusal) and per_day 0.  cfg may be
 * NULL (the free plan, no overrides).  The client's limiter, `models` and `stats` all use
 * this, so they agree. */
void retry_limits(const AurConfig *cfg, const char *model, const char *tier, ModelLimits *out);

/* The most input tokens one request to model may carry, and where that figure comes from
 * (*source, caller frees): models.limits.<model>.input_tokens when set; otherwise the plan's
 * per-request cap for the model's tier, or the catalogue's max_input_tokens (cm, may be
 * NULL) when that is lower.  A tier the plan has no access to contributes no cap.  Always
 * positive.  The shell's history budget and the code commands' chunking both use this. */
int64_t retry_input_cap(const AurConfig *cfg, const char *model, const CatalogModel *cm,
			char **source);

/* Take a request from the per-minute budget: returns 0 and counts the request (minute
 * window and today), or the milliseconds until the budget allows one (nothing counted). */
int64_t retry_rate_take(const char *model, int rpm, int64_t now_ms);

/* Both checks before a request, under one lock and one read of the state file: the circuit
 * (an open one counts nothing) and then the per-minute budget. */
typedef struct {
	CircuitDecision circuit;
	int64_t circuit_wait_ms;  /* CIRCUIT_OPEN: until a probe is allowed */
	bool circuit_known;       /* the model has circuit state worth reporting a success to */
	int64_t rate_wait_ms;     /* 0: admitted and counted */
} RetryAdmission;

void retry_admit(const char *model, int rpm, int threshold, int64_t open_ms, int64_t now_ms,
		 RetryAdmission *out);

typedef struct {
	int64_t last_minute;
	int64_t today; /* UTC day */
} UsageCounts;

void retry_usage_counts(const char *model, int64_t now_ms, UsageCounts *out);
/* Requests the model has left today under its limits (tier as in retry_limits), counted
 * from the shared counters; -1 when the plan gives no access to it at all. */
int retry_requests_left(const AurConfig *cfg, const char *model, const char *tier, int64_t now_ms);

/* A concurrency slot: a lock on one of `concurrency` slot files for the model, held until
 * released (or the process dies).  NULL when all are taken. */
typedef struct RetrySlot RetrySlot;
RetrySlot *retry_slot_try(const char *model, int concurrency);
void retry_slot_release(RetrySlot *s);

#endif
