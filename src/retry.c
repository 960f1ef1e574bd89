/* SPDX-License-Identifier: MIT */
/* Backoff, rate-limit waits, circuit breaker and client-side limiter. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "catalog.h"
#include "log.h"
#include "paths.h"
#include "retry.h"
#include "statefile.h"
#include "tiers.h"

/*
 * Shared state lives in models-state.json (under flock, see statefile.c):
 *   "circuits": { id: {"failures": n, "opened_at": ms, "probe_at": ms} }
 *   "usage":    { id: {"minute": [[second, n], ...], "day": "YYYY-MM-DD", "today": n} }
 * The minute list counts the last minute's requests per second (oldest first), so it
 * never holds more than 60 pairs whatever the limit: the file stays small and cheap to
 * rewrite on every request.  Concurrency uses one lock file per slot instead: a lock
 * vanishes with its process, so a crash can never leak a slot.
 */

#define STATE_FILE "models-state.json"

/* ---- backoff and waits ------------------------------------------------------------------- */

int64_t
retry_backoff_ms(int attempt, int64_t base_ms, int64_t max_ms, double r01)
{
	int64_t cap = base_ms;
	for (int i = 0; i < attempt && cap < max_ms; i++)
		cap *= 2;
	cap = MIN(cap, max_ms);
	if (r01 < 0)
		r01 = 0;
	if (r01 >= 1)
		r01 = 0.999999;
	return (int64_t)(r01 * (double)(cap + 1));
}

static bool
parse_seconds(const char *s, int64_t *out)
{
	if (s == NULL)
		return false;
	char *end;
	errno = 0;
	double v = g_ascii_strtod(s, &end);
	while (*end == ' ')
		end++;
	if (errno != 0 || end == s || *end != '\0' || v < 0 || v > 1e9 || isnan(v))
		return false;
	*out = (int64_t)ceil(v);
	return true;
}

/* "Wed, 21 Oct 2015 07:28:00 GMT" without strptime, whose names follow the locale. */
static bool
parse_http_date(const char *s, int64_t now, int64_t *out)
{
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	char mon[4] = "";
	int d, y, h, mi, sec;
	if (s == NULL || sscanf(s, "%*3s, %d %3s %d %d:%d:%d", &d, mon, &y, &h, &mi, &sec) != 6)
		return false;
	for (int m = 0; m < 12; m++) {
		if (g_ascii_strcasecmp(mon, months[m]) != 0)
			continue;
		GDateTime *t = g_date_time_new_utc(y, m + 1, d, h, mi, sec);
		if (t == NULL)
			return false;
		*out = MAX((int64_t)0, g_date_time_to_unix(t) - now);
		g_date_time_unref(t);
		return true;
	}
	return false;
}

int64_t
retry_wait_seconds(const char *retry_after, const char *timeremaining, const char *message,
		   int64_t now)
{
	int64_t best = -1, v;
	if (parse_seconds(retry_after, &v) || parse_http_date(retry_after, now, &v))
		best = MAX(best, v);
	if (parse_seconds(timeremaining, &v))
		best = MAX(best, v);
	if (best < 0 && message != NULL) {
		const char *p = strstr(message, "wait ");
		long long n;
		if (p != NULL && sscanf(p, "wait %lld second", &n) == 1 && n >= 0)
			best = n;
	}
	return best;
}

/* ---- circuit breaker --------------------------------------------------------------------- */

CircuitDecision
retry_circuit_decide(const CircuitState *s, int threshold, int64_t open_ms, int64_t now_ms,
		     int64_t *wait_ms)
{
	*wait_ms = 0;
	if (s->failures < threshold || s->opened_at == 0)
		return CIRCUIT_CLOSED;
	int64_t until = s->opened_at + open_ms;
	if (now_ms < until) {
		*wait_ms = until - now_ms;
		return CIRCUIT_OPEN;
	}
	if (s->probe_at != 0 && now_ms - s->probe_at < open_ms) {
		*wait_ms = s->probe_at + open_ms - now_ms;
		return CIRCUIT_OPEN; /* another request is probing */
	}
	return CIRCUIT_PROBE;
}

void
retry_circuit_update(CircuitState *s, bool success, int threshold, int64_t now_ms)
{
	if (success) {
		memset(s, 0, sizeof *s);
		return;
	}
	s->failures++;
	s->probe_at = 0;
	if (s->failures >= threshold)
		s->opened_at = now_ms;
}

static void
circuit_from_json(const cJSON *o, CircuitState *s)
{
	memset(s, 0, sizeof *s);
	const cJSON *v;
	if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(o, "failures")))
		s->failures = v->valueint;
	if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(o, "opened_at")))
		s->opened_at = (int64_t)v->valuedouble;
	if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(o, "probe_at")))
		s->probe_at = (int64_t)v->valuedouble;
}

static void
circuit_to_json(cJSON *circuits, const char *model, const CircuitState *s)
{
	cJSON_DeleteItemFromObjectCaseSensitive(circuits, model);
	if (s->failures == 0 && s->opened_at == 0)
		return;
	cJSON *o = cJSON_AddObjectToObject(circuits, model);
	cJSON_AddNumberToObject(o, "failures", s->failures);
	cJSON_AddNumberToObject(o, "opened_at", (double)s->opened_at);
	cJSON_AddNumberToObject(o, "probe_at", (double)s->probe_at);
}

typedef struct {
	const char *model;
	int threshold;
	int64_t open_ms;
	int64_t now;
	bool success;
	CircuitDecision decision;
	int64_t wait_ms;
} CircuitOp;

static bool
circuit_acquire_fn(cJSON *root, void *ud)
{
	CircuitOp *op = ud;
	cJSON *circuits = statefile_object(root, "circuits");
	CircuitState s;
	circuit_from_json(cJSON_GetObjectItemCaseSensitive(circuits, op->model), &s);
	op->decision = retry_circuit_decide(&s, op->threshold, op->open_ms, op->now, &op->wait_ms);
	if (op->decision != CIRCUIT_PROBE)
		return false;
	s.probe_at = op->now;
	circuit_to_json(circuits, op->model, &s);
	return true;
}

CircuitDecision
retry_circuit_acquire(const char *model, int threshold, int64_t open_ms, int64_t *wait_ms)
{
	CircuitOp op = { model, threshold, open_ms, g_get_real_time() / 1000, false, CIRCUIT_CLOSED, 0 };
	/* Fast path: no state file entry means closed, without taking the write lock. */
	cJSON *root = statefile_read(STATE_FILE);
	bool known = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "circuits"),
						      model) != NULL;
	cJSON_Delete(root);
	if (known) {
		g_autoptr(AurError) e = NULL;
		if (!statefile_update(STATE_FILE, circuit_acquire_fn, &op, &e))
			log_msg(LOG_WARN, "circuit", "%s", e->message);
	}
	*wait_ms = op.wait_ms;
	return op.decision;
}

static bool
circuit_report_fn(cJSON *root, void *ud)
{
	CircuitOp *op = ud;
	cJSON *circuits = statefile_object(root, "circuits");
	const cJSON *old = cJSON_GetObjectItemCaseSensitive(circuits, op->model);
	if (op->success && old == NULL)
		return false;
	CircuitState s;
	circuit_from_json(old, &s);
	retry_circuit_update(&s, op->success, op->threshold, op->now);
	circuit_to_json(circuits, op->model, &s);
	return true;
}

void
retry_circuit_report(const char *model, bool success, int threshold)
{
	if (success) {
		/* Most requests succeed on a closed circuit: nothing to write then. */
		CircuitState s;
		retry_circuit_get(model, &s);
		if (s.failures == 0 && s.opened_at == 0)
			return;
	}
	CircuitOp op = { model, threshold, 0, g_get_real_time() / 1000, success, CIRCUIT_CLOSED, 0 };
	g_autoptr(AurError) e = NULL;
	if (!statefile_update(STATE_FILE, circuit_report_fn, &op, &e))
		log_msg(LOG_WARN, "circuit", "%s", e->message);
}

void
retry_circuit_get(const char *model, CircuitState *out)
{
	cJSON *root = statefile_read(STATE_FILE);
	circuit_from_json(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "circuits"),
							   model), out);
	cJSON_Delete(root);
}

/* ---- limits ------------------------------------------------------------------------------- */

static int
override(const AurConfig *cfg, const char *model, const char *what, int current, bool *set)
{
	if (cfg == NULL)
		return current;
	g_autofree char *key = g_strdup_printf("models.limits.%s.%s", model, what);
	const ConfigValue *v = config_lookup(cfg, key);
	if (v == NULL)
		return current;
	*set = true;
	return (int)v->num;
}

void
retry_limits(const AurConfig *cfg, const char *model, const char *tier, ModelLimits *out)
{
	memset(out, 0, sizeof *out);
	TiersPlan plan = TIERS_PLAN_FREE;
	if (cfg != NULL)
		(void)tiers_plan_from_name(config_get_string(cfg, "models.plan"), &plan);
	TierLimits tl;
	if (!tiers_limits_for_model(model, tier, plan, &tl)) {
		/* The commonest tier, and the one most models without a tier of their own use. */
		(void)tiers_limits("low", plan, &tl);
		out->guessed = true;
	}
	out->tier = tl.tier;
	out->plan = tiers_plan_name(plan);
	out->rpm = MAX(tl.per_minute, 1);
	out->per_day = tl.per_day;
	out->concurrency = MAX(tl.concurrent, 1);
	out->input_tokens = tl.tokens_in > 0 ? tl.tokens_in : 4000;
	out->rpm = override(cfg, model, "rpm", out->rpm, &out->overridden);
	out->per_day = override(cfg, model, "per_day", out->per_day, &out->overridden);
	out->concurrency = override(cfg, model, "concurrency", out->concurrency, &out->overridden);
	out->input_tokens = override(cfg, model, "input_tokens", out->input_tokens, &out->overridden);
	out->available = out->per_day > 0;
}

int64_t
retry_input_cap(const AurConfig *cfg, const char *model, const CatalogModel *cm, char **source)
{
	ModelLimits lim;
	retry_limits(cfg, model, cm ? cm->rate_limit_tier : NULL, &lim);
	g_autofree char *key = g_strdup_printf("models.limits.%s.input_tokens", model);
	if (cfg != NULL && config_lookup(cfg, key) != NULL) {
		*source = g_steal_pointer(&key);
		return lim.input_tokens;
	}
	int64_t catalogue = cm != NULL && cm->max_input_tokens > 0 ? cm->max_input_tokens : 0;
	if (catalogue > 0 && (!lim.available || catalogue < lim.input_tokens)) {
		*source = g_strdup("the catalogue's max_input_tokens");
		return catalogue;
	}
	*source = g_strdup_printf("the %s plan's cap for the %s tier", lim.plan, lim.tier);
	return lim.input_tokens;
}

/* ---- counters ----------------------------------------------------------------------------- */

static void
utc_day(int64_t now_ms, char buf[11])
{
	GDateTime *t = g_date_time_new_from_unix_utc(now_ms / 1000);
	g_autofree char *s = g_date_time_format(t, "%Y-%m-%d");
	g_strlcpy(buf, s, 11);
	g_date_time_unref(t);
}

/* Drop seconds older than a minute, from the future (a clock change) or malformed. */
static void
prune_minute(cJSON *minute, int64_t now_ms)
{
	int64_t now_s = now_ms / 1000;
	for (int i = cJSON_GetArraySize(minute) - 1; i >= 0; i--) {
		const cJSON *b = cJSON_GetArrayItem(minute, i);
		const cJSON *sec = cJSON_GetArrayItem(b, 0), *n = cJSON_GetArrayItem(b, 1);
		if (!cJSON_IsArray(b) || !cJSON_IsNumber(sec) || !cJSON_IsNumber(n) ||
		    sec->valuedouble <= (double)(now_s - 60) || sec->valuedouble > (double)(now_s + 60))
			cJSON_DeleteItemFromArray(minute, i);
	}
}

static int64_t
minute_total(const cJSON *minute)
{
	int64_t total = 0;
	const cJSON *b;
	cJSON_ArrayForEach(b, minute)
		total += (int64_t)cJSON_GetArrayItem(b, 1)->valuedouble;
	return total;
}

static cJSON *
usage_entry(cJSON *root, const char *model, int64_t now_ms)
{
	cJSON *e = statefile_object(statefile_object(root, "usage"), model);
	cJSON *minute = cJSON_GetObjectItemCaseSensitive(e, "minute");
	if (!cJSON_IsArray(minute)) {
		cJSON_DeleteItemFromObjectCaseSensitive(e, "minute");
		minute = cJSON_AddArrayToObject(e, "minute");
	}
	prune_minute(minute, now_ms);
	char day[11];
	utc_day(now_ms, day);
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(e, "day");
	if (!cJSON_IsString(d) || strcmp(d->valuestring, day) != 0) {
		cJSON_DeleteItemFromObjectCaseSensitive(e, "day");
		cJSON_DeleteItemFromObjectCaseSensitive(e, "today");
		cJSON_AddStringToObject(e, "day", day);
		cJSON_AddNumberToObject(e, "today", 0);
	}
	return e;
}

typedef struct {
	const char *model;
	int rpm;
	int threshold;
	int64_t open_ms;
	int64_t now;
	bool check_circuit;
	RetryAdmission *out;
} AdmitOp;

/* Count a request, or say how long until the per-minute budget allows one. */
static int64_t
take(cJSON *root, const AdmitOp *op)
{
	cJSON *e = usage_entry(root, op->model, op->now);
	cJSON *minute = cJSON_GetObjectItemCaseSensitive(e, "minute");
	int64_t total = minute_total(minute);
	int64_t now_s = op->now / 1000;
	if (op->rpm > 0 && total >= op->rpm) {
		/* Wait until enough of the oldest seconds leave the window. */
		const cJSON *b;
		cJSON_ArrayForEach(b, minute) {
			total -= (int64_t)cJSON_GetArrayItem(b, 1)->valuedouble;
			if (total < op->rpm)
				break;
		}
		int64_t leaves = ((int64_t)cJSON_GetArrayItem(b, 0)->valuedouble + 60) * 1000;
		return MAX((int64_t)1, leaves - op->now);
	}
	cJSON *last = cJSON_GetArrayItem(minute, cJSON_GetArraySize(minute) - 1);
	if (last != NULL && (int64_t)cJSON_GetArrayItem(last, 0)->valuedouble == now_s) {
		cJSON *n = cJSON_GetArrayItem(last, 1);
		cJSON_SetNumberValue(n, n->valuedouble + 1);
	} else {
		cJSON *pair = cJSON_CreateArray();
		cJSON_AddItemToArray(pair, cJSON_CreateNumber((double)now_s));
		cJSON_AddItemToArray(pair, cJSON_CreateNumber(1));
		cJSON_AddItemToArray(minute, pair);
	}
	cJSON *today = cJSON_GetObjectItemCaseSensitive(e, "today");
	cJSON_SetNumberValue(today, today->valuedouble + 1);
	return 0;
}

static bool
admit_fn(cJSON *root, void *ud)
{
	AdmitOp *op = ud;
	RetryAdmission *out = op->out;
	memset(out, 0, sizeof *out);
	CircuitState s;
	cJSON *circuits = statefile_object(root, "circuits");
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(circuits, op->model);
	circuit_from_json(c, &s);
	out->circuit_known = c != NULL;
	if (op->check_circuit) {
		out->circuit = retry_circuit_decide(&s, op->threshold, op->open_ms, op->now,
						    &out->circuit_wait_ms);
		if (out->circuit == CIRCUIT_OPEN)
			return false;
	}
	out->rate_wait_ms = take(root, op);
	/* The probe is only claimed by a request that actually goes out. */
	if (out->circuit == CIRCUIT_PROBE && out->rate_wait_ms == 0) {
		s.probe_at = op->now;
		circuit_to_json(circuits, op->model, &s);
	}
	return true; /* pruning alone may have changed the file */
}

void
retry_admit(const char *model, int rpm, int threshold, int64_t open_ms, int64_t now_ms,
	    RetryAdmission *out)
{
	AdmitOp op = { model, rpm, threshold, open_ms, now_ms, true, out };
	g_autoptr(AurError) e = NULL;
	if (!statefile_update(STATE_FILE, admit_fn, &op, &e)) {
		/* Counting is a courtesy to the service; never block a request on it. */
		log_msg(LOG_WARN, "limiter", "%s", e->message);
		memset(out, 0, sizeof *out);
	}
}

int64_t
retry_rate_take(const char *model, int rpm, int64_t now_ms)
{
	RetryAdmission out;
	AdmitOp op = { model, rpm, 0, 0, now_ms, false, &out };
	g_autoptr(AurError) e = NULL;
	if (!statefile_update(STATE_FILE, admit_fn, &op, &e)) {
		log_msg(LOG_WARN, "limiter", "%s", e->message);
		return 0;
	}
	return out.rate_wait_ms;
}

void
retry_usage_counts(const char *model, int64_t now_ms, UsageCounts *out)
{
	cJSON *root = statefile_read(STATE_FILE);
	cJSON *e = usage_entry(root, model, now_ms);
	out->last_minute = minute_total(cJSON_GetObjectItemCaseSensitive(e, "minute"));
	out->today = (int64_t)cJSON_GetObjectItemCaseSensitive(e, "today")->valuedouble;
	cJSON_Delete(root);
}

/* ---- concurrency slots -------------------------------------------------------------------- */

struct RetrySlot {
	int fd;
};

RetrySlot *
retry_slot_try(const char *model, int concurrency)
{
	g_autoptr(AurError) e = NULL;
	g_autofree char *state = paths_ensure(PATHS_STATE, &e);
	if (state == NULL) {
		RetrySlot *s = g_new0(RetrySlot, 1); /* cannot coordinate: do not block */
		s->fd = -1;
		return s;
	}
	g_autofree char *dir = g_build_filename(state, "slots", NULL);
	g_mkdir_with_parents(dir, 0700);
	g_autofree char *hash = g_compute_checksum_for_string(G_CHECKSUM_SHA256, model, -1);
	for (int k = 0; k < MAX(concurrency, 1); k++) {
		g_autofree char *path = g_strdup_printf("%s/%.16s.%d", dir, hash, k);
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0) {
			RetrySlot *s = g_new0(RetrySlot, 1);
			s->fd = -1;
			return s;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			RetrySlot *s = g_new0(RetrySlot, 1);
			s->fd = fd;
			return s;
		}
		close(fd);
	}
	return NULL;
}

void
retry_slot_release(RetrySlot *s)
{
	if (s == NULL)
		return;
	if (s->fd >= 0)
		close(s->fd);
	g_free(s);
}

int
retry_requests_left(const AurConfig *cfg, const char *model, const char *tier, int64_t now_ms)
{
	ModelLimits lim;
	retry_limits(cfg, model, tier, &lim);
	if (!lim.available)
		return -1;
	UsageCounts used;
	retry_usage_counts(model, now_ms, &used);
	return (int)MAX((int64_t)0, (int64_t)lim.per_day - used.today);
}
