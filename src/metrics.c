/* SPDX-License-Identifier: MIT */
/* Request and command metrics: one JSON line per event in a rotated file in the state dir. */
#include "autoconfig.h"

#include <math.h>
#include <string.h>
#include <sys/resource.h>

#include <glib.h>

#include "log.h"
#include "metrics.h"
#include "paths.h"
#include "rotfile.h"
#include "util.h"

/*
 * Like the log: each line is built in memory and handed to rotfile (one write() under
 * flock(), rotation under the same lock, a file rotated by another process followed), so
 * lines from threads and processes never interleave and none is lost.
 */

#define FILE_NAME "metrics.jsonl"

static struct {
	GMutex lock;
	bool disabled;
	RotFile file;
	GHashTable *slash;  /* char *name -> count (GPOINTER_TO_UINT) */
} M = { .file = ROTFILE_INIT(FILE_NAME) };

void
metrics_configure(const AurConfig *cfg)
{
	g_mutex_lock(&M.lock);
	M.disabled = cfg != NULL && !config_get_bool(cfg, "metrics.enabled");
	g_mutex_unlock(&M.lock);
}

void
metrics_set_file(const char *path, int64_t max_bytes, int keep)
{
	g_mutex_lock(&M.lock);
	rotfile_set(&M.file, path, max_bytes, keep);
	M.disabled = false;
	g_mutex_unlock(&M.lock);
}

char *
metrics_path(void)
{
	g_mutex_lock(&M.lock);
	g_autofree char *dir = M.file.path ? NULL : paths_dir(PATHS_STATE);
	char *p = M.file.path ? g_strdup(M.file.path) : g_build_filename(dir, FILE_NAME, NULL);
	g_mutex_unlock(&M.lock);
	return p;
}

void
metrics_shutdown(void)
{
	g_mutex_lock(&M.lock);
	rotfile_close(&M.file);
	g_mutex_unlock(&M.lock);
}

const char *
metrics_cache_name(MetricsCacheUse use)
{
	static const char *const names[] = { "off", "miss", "hit", "bypass" };
	return use <= METRICS_CACHE_BYPASS ? names[use] : "off";
}

/* ---- building lines ---------------------------------------------------------------------- */

static void
add_string(cJSON *o, const char *name, const char *v)
{
	if (v != NULL && *v != '\0')
		cJSON_AddStringToObject(o, name, v);
}

/* Milliseconds to the microsecond, so lines stay short. */
static void
add_ms(cJSON *o, const char *name, double v)
{
	if (v >= 0 && isfinite(v))
		cJSON_AddNumberToObject(o, name, round(v * 1000.0) / 1000.0);
}

static void
add_count(cJSON *o, const char *name, int64_t v)
{
	if (v >= 0)
		cJSON_AddNumberToObject(o, name, (double)v);
}

static void
add_head(cJSON *o, const char *type, int64_t ts_ms, const char *cid)
{
	cJSON_AddStringToObject(o, "type", type);
	cJSON_AddNumberToObject(o, "ts", (double)(ts_ms > 0 ? ts_ms : util_now_ms()));
	add_string(o, "cid", cid ? cid : log_cid());
}

cJSON *
metrics_record_json(const MetricsRecord *r)
{
	cJSON *o = cJSON_CreateObject();
	add_head(o, "request", r->ts_ms, r->cid);
	add_string(o, "command", r->command);
	add_string(o, "task", r->task);
	add_string(o, "model", r->model);
	add_count(o, "attempt", r->attempt);
	add_count(o, "status", r->http_status);
	cJSON_AddStringToObject(o, "error", aur_error_category_name(r->error));
	add_ms(o, "latency_ms", r->latency_ms);
	add_ms(o, "ttft_ms", r->ttft_ms);
	add_count(o, "tokens_in", r->tokens_in);
	add_count(o, "tokens_out", r->tokens_out);
	if (r->cache != METRICS_CACHE_NONE)
		cJSON_AddStringToObject(o, "cache", metrics_cache_name(r->cache));
	add_string(o, "fallback_from", r->fallback_from);
	add_string(o, "fallback_to", r->fallback_to);
	add_ms(o, "rate_wait_ms", r->rate_wait_ms);
	return o;
}

/* ---- writing --------------------------------------------------------------------------- */

static bool
append_json(cJSON *o)
{
	char *raw = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (raw == NULL)
		return false;
	/* Model ids and command names are not secrets, but nothing token-shaped may land here. */
	char *redacted = log_redact(raw);
	cJSON_free(raw);
	char *text = g_strconcat(redacted, "\n", NULL);
	g_free(redacted);
	g_mutex_lock(&M.lock);
	bool ok = !M.disabled && rotfile_append(&M.file, text, strlen(text));
	g_mutex_unlock(&M.lock);
	g_free(text);
	return ok;
}

bool
metrics_record(const MetricsRecord *r)
{
	return append_json(metrics_record_json(r));
}

void
metrics_count_slash(const char *name)
{
	if (name == NULL || *name == '\0')
		return;
	g_mutex_lock(&M.lock);
	if (M.slash == NULL)
		M.slash = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	guint n = GPOINTER_TO_UINT(g_hash_table_lookup(M.slash, name));
	g_hash_table_replace(M.slash, g_strdup(name), GUINT_TO_POINTER(n + 1));
	g_mutex_unlock(&M.lock);
}

/* The slash counts as a JSON object, emptied for the next command record. */
static cJSON *
take_slash_counts(void)
{
	cJSON *o = cJSON_CreateObject();
	g_mutex_lock(&M.lock);
	if (M.slash != NULL) {
		GHashTableIter it;
		gpointer k, v;
		g_hash_table_iter_init(&it, M.slash);
		while (g_hash_table_iter_next(&it, &k, &v))
			cJSON_AddNumberToObject(o, k, GPOINTER_TO_UINT(v));
		g_hash_table_remove_all(M.slash);
	}
	g_mutex_unlock(&M.lock);
	return o;
}

bool
metrics_record_command(const char *command, int status, double ms)
{
	cJSON *o = cJSON_CreateObject();
	add_head(o, "command", 0, NULL);
	add_string(o, "command", command);
	cJSON_AddNumberToObject(o, "status", status);
	add_ms(o, "ms", ms);
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		cJSON_AddNumberToObject(o, "peak_rss_kib", (double)ru.ru_maxrss); /* KiB on Linux */
	cJSON *slash = take_slash_counts();
	if (slash->child != NULL)
		cJSON_AddItemToObject(o, "slash", slash);
	else
		cJSON_Delete(slash);
	return append_json(o);
}
