/* SPDX-License-Identifier: MIT */
/* Request and command metrics: one JSON line per event in a rotated file in the state dir. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "log.h"
#include "metrics.h"
#include "paths.h"
#include "util.h"

/*
 * Like the log: each line is built in memory and written with a single write() on an
 * O_APPEND descriptor while holding flock(), so lines from threads and processes never
 * interleave, and rotation (checked under the same lock) never loses one.  A process whose
 * file was rotated by another notices the changed inode and reopens.
 */

#define DEFAULT_MAX_BYTES (10 * 1024 * 1024)
#define DEFAULT_KEEP 3

static struct {
	GMutex lock;
	bool disabled;
	char *path;         /* NULL: the default in the state dir */
	int64_t max_bytes;
	int keep;
	int fd;
	bool failed;        /* could not open: stop trying for this run */
	GHashTable *slash;  /* char *name -> count (GPOINTER_TO_UINT) */
} M = { .fd = -1, .max_bytes = DEFAULT_MAX_BYTES, .keep = DEFAULT_KEEP };

static void
close_locked(void)
{
	if (M.fd >= 0)
		close(M.fd);
	M.fd = -1;
	M.failed = false;
}

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
	close_locked();
	g_free(M.path);
	M.path = g_strdup(path);
	M.max_bytes = max_bytes > 0 ? max_bytes : DEFAULT_MAX_BYTES;
	M.keep = keep > 0 ? keep : DEFAULT_KEEP;
	M.disabled = false;
	g_mutex_unlock(&M.lock);
}

static char *
default_path(void)
{
	g_autofree char *dir = paths_dir(PATHS_STATE);
	return g_build_filename(dir, "metrics.jsonl", NULL);
}

char *
metrics_path(void)
{
	g_mutex_lock(&M.lock);
	char *p = M.path ? g_strdup(M.path) : default_path();
	g_mutex_unlock(&M.lock);
	return p;
}

void
metrics_shutdown(void)
{
	g_mutex_lock(&M.lock);
	close_locked();
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

/* Read-write as well as append: write_locked() peeks at the last byte. */
static int
open_append(const char *path)
{
	return open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
}

static bool
open_locked(void)
{
	if (M.fd >= 0)
		return true;
	if (M.failed)
		return false;
	if (M.path == NULL)
		M.path = default_path();
	g_autofree char *dir = g_path_get_dirname(M.path);
	g_mkdir_with_parents(dir, 0700);
	M.fd = open_append(M.path);
	M.failed = M.fd < 0;
	return M.fd >= 0;
}

static void
rotate_locked(void)
{
	for (int i = M.keep - 1; i >= 1; i--) {
		g_autofree char *from = g_strdup_printf("%s.%d", M.path, i);
		g_autofree char *to = g_strdup_printf("%s.%d", M.path, i + 1);
		(void)rename(from, to);
	}
	g_autofree char *first = g_strdup_printf("%s.1", M.path);
	(void)rename(M.path, first);
	close(M.fd);
	M.fd = open_append(M.path);
}

static bool
lock_fd(int fd)
{
	while (flock(fd, LOCK_EX) != 0)
		if (errno != EINTR)
			return false;
	return true;
}

/* Lock the file that is live under M.path.  Another process may rotate it while we wait
 * for the lock, so after every wait check that the locked inode is still the one at the
 * path, and follow the name if not.  (Skipping that check lets a late holder of a rotated
 * file rotate again alongside the real owner, and two interleaved rename chains overwrite
 * a file.) */
static bool
lock_live_locked(void)
{
	for (int tries = 0; tries < 100; tries++) {
		if (M.fd < 0 || !lock_fd(M.fd))
			return false;
		struct stat fst, pst;
		if (fstat(M.fd, &fst) == 0 && stat(M.path, &pst) == 0 && pst.st_ino == fst.st_ino &&
		    pst.st_dev == fst.st_dev)
			return true;
		close(M.fd); /* releases the lock on the rotated file */
		M.fd = open_append(M.path);
	}
	return false;
}

/* line is preceded in memory by a '\n' (see append_json). */
static bool
write_locked(const char *line, size_t len)
{
	if (!open_locked() || !lock_live_locked())
		return false;
	/* Rotate before a line that would pass the limit, so the live file has the newest. */
	struct stat fst;
	if (fstat(M.fd, &fst) == 0 && fst.st_size > 0 && fst.st_size + (off_t)len > M.max_bytes) {
		rotate_locked(); /* closing the old descriptor released its lock */
		if (!lock_live_locked())
			return false;
	}
	/* A writer that died mid-line leaves no newline; start on a fresh line so its
	 * fragment does not swallow this record. */
	char last = '\n';
	if (fstat(M.fd, &fst) == 0 && fst.st_size > 0)
		(void)!pread(M.fd, &last, 1, fst.st_size - 1);
	bool ok = last == '\n' ? write(M.fd, line, len) == (ssize_t)len
				: write(M.fd, line - 1, len + 1) == (ssize_t)len + 1;
	flock(M.fd, LOCK_UN);
	return ok;
}

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
	/* "\n" + line + "\n": write_locked() may need the leading newline. */
	char *text = g_strconcat("\n", redacted, "\n", NULL);
	g_free(redacted);
	g_mutex_lock(&M.lock);
	bool ok = !M.disabled && write_locked(text + 1, strlen(text + 1));
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
