/* SPDX-License-Identifier: MIT */
/* Persistent response cache: request keys, checksummed entries, TTL and LRU eviction. */
#include "autoconfig.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "fsutil.h"
#include "log.h"
#include "paths.h"
#include "util.h"

/*
 * Layout: DIR/ab/abcdef...(64 hex).entry, one file per answer, sharded by the first two
 * hex digits so no directory grows past a few hundred names.
 *
 * A hit must stay well under a millisecond with a thousand entries present, so it touches
 * nothing but its own file: open, read, verify the checksum, and move the file's
 * modification time to now with futimens().  That mtime *is* the entry's "last used" time;
 * rewriting the entry (or a shared index, which would also need a lock) on every hit would
 * cost far more.  Eviction therefore sorts by mtime.
 *
 * Writers never lock: an entry is written to a temporary file in its shard directory and
 * renamed over the final name, so readers see either the old or the new file, never a
 * partial one.  Eviction, prune and clear take an flock() on DIR/.lock so that two
 * processes do not evict on the same stale picture.  There is no fsync: a torn file after
 * a power cut fails its checksum and is dropped like any other corrupt entry.
 *
 * Every entry is verified before use (format, version, payload length, SHA-256 of the
 * payload, the key inside matching the file name), so a corrupt, truncated, foreign or
 * misplaced file is dropped, never replayed.
 */

#define KEY_FORMAT_VERSION 1
#define ENTRY_FORMAT "aurelis-cache"
#define ENTRY_VERSION 1
#define ENTRY_SUFFIX ".entry"
#define TEMP_PREFIX ".tmp-"
#define MAX_HEADER 512
#define MIN_READ_CAP (16 << 20)
#define FUTURE_SLACK_MS (5 * 60 * 1000)  /* clocks disagree a little; more is suspect */
#define STALE_TEMP_MS (60 * 60 * 1000)

struct Cache {
	char *dir;
	int64_t ttl_s;
	int64_t max_entries;
	int64_t max_bytes;
	GHashTable *task_ttl; /* char *task -> int64_t * seconds */
	CacheClock clock;
	void *clock_data;
};

/* ---- policy ------------------------------------------------------------------------------ */

unsigned
cache_policy(const AurConfig *cfg, bool no_cache, bool refresh)
{
	if (no_cache || (cfg != NULL && !config_get_bool(cfg, "cache.enabled")))
		return 0;
	return refresh ? CACHE_POLICY_WRITE : CACHE_POLICY_READ | CACHE_POLICY_WRITE;
}

/* ---- canonical JSON ------------------------------------------------------------------------ */

/* cJSON's printer keeps keys in insertion order and accepts a 15-digit number form that is
 * only approximately equal, so the canonical form has its own small printer: sorted keys,
 * integers as integers, other numbers in the shortest form that reads back exactly. */
static void canon_value(GString *out, const cJSON *v);

static void
canon_string(GString *out, const char *s)
{
	g_string_append_c(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': g_string_append(out, "\\\""); break;
		case '\\': g_string_append(out, "\\\\"); break;
		case '\n': g_string_append(out, "\\n"); break;
		case '\r': g_string_append(out, "\\r"); break;
		case '\t': g_string_append(out, "\\t"); break;
		case '\b': g_string_append(out, "\\b"); break;
		case '\f': g_string_append(out, "\\f"); break;
		default:
			if (*p < 0x20)
				g_string_append_printf(out, "\\u%04x", *p);
			else
				g_string_append_c(out, (char)*p);
		}
	}
	g_string_append_c(out, '"');
}

static void
canon_number(GString *out, double d)
{
	if (!isfinite(d)) {
		g_string_append(out, "null");
		return;
	}
	if (d == floor(d) && fabs(d) < 9007199254740992.0) { /* 2^53: exact as an integer */
		g_string_append_printf(out, "%" G_GINT64_FORMAT, (gint64)d);
		return;
	}
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	for (int prec = 15; prec <= 17; prec++) {
		char fmt[8];
		g_snprintf(fmt, sizeof fmt, "%%.%dg", prec);
		g_ascii_formatd(buf, sizeof buf, fmt, d);
		if (g_ascii_strtod(buf, NULL) == d)
			break;
	}
	g_string_append(out, buf);
}

static gint
cmp_member(gconstpointer a, gconstpointer b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	return strcmp(x->string ? x->string : "", y->string ? y->string : "");
}

static void
canon_object(GString *out, const cJSON *obj)
{
	g_autoptr(GPtrArray) members = g_ptr_array_new();
	for (const cJSON *m = obj->child; m != NULL; m = m->next)
		g_ptr_array_add(members, (gpointer)m);
	g_ptr_array_sort(members, cmp_member); /* stable: duplicate keys keep their order */
	g_string_append_c(out, '{');
	for (guint i = 0; i < members->len; i++) {
		const cJSON *m = members->pdata[i];
		if (i > 0)
			g_string_append_c(out, ',');
		canon_string(out, m->string ? m->string : "");
		g_string_append_c(out, ':');
		canon_value(out, m);
	}
	g_string_append_c(out, '}');
}

static void
canon_value(GString *out, const cJSON *v)
{
	if (cJSON_IsObject(v)) {
		canon_object(out, v);
	} else if (cJSON_IsArray(v)) {
		g_string_append_c(out, '[');
		for (const cJSON *m = v->child; m != NULL; m = m->next) {
			if (m != v->child)
				g_string_append_c(out, ',');
			canon_value(out, m);
		}
		g_string_append_c(out, ']');
	} else if (cJSON_IsString(v)) {
		canon_string(out, v->valuestring);
	} else if (cJSON_IsNumber(v)) {
		canon_number(out, v->valuedouble);
	} else if (cJSON_IsTrue(v)) {
		g_string_append(out, "true");
	} else if (cJSON_IsFalse(v)) {
		g_string_append(out, "false");
	} else {
		g_string_append(out, "null");
	}
}

/* Transport-only fields: the same question streamed or not has the same answer. */
static bool
transport_field(const char *name)
{
	return g_strcmp0(name, "stream") == 0 || g_strcmp0(name, "stream_options") == 0;
}

char *
cache_canonical(const CacheRequest *req)
{
	const cJSON *body = req->body;
	if (!cJSON_IsObject(body) ||
	    !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(body, "model")) ||
	    !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(body, "messages")))
		return NULL;
	g_autofree char *endpoint = g_strdup(req->endpoint ? req->endpoint : "");
	for (size_t n = strlen(endpoint); n > 0 && endpoint[n - 1] == '/'; n--)
		endpoint[n - 1] = '\0';
	/* The envelope's keys are written in sorted order by hand. */
	GString *out = g_string_sized_new(1024);
	g_string_append(out, "{\"endpoint\":");
	canon_string(out, endpoint);
	g_string_append(out, ",\"org\":");
	canon_string(out, req->org ? req->org : "");
	g_string_append(out, ",\"request\":");
	cJSON *copy = cJSON_Duplicate(body, true);
	for (const cJSON *m = copy->child; m != NULL;) {
		const cJSON *next = m->next;
		if (transport_field(m->string))
			cJSON_Delete(cJSON_DetachItemViaPointer(copy, (cJSON *)m));
		m = next;
	}
	canon_object(out, copy);
	cJSON_Delete(copy);
	g_string_append_printf(out, ",\"v\":%d}", KEY_FORMAT_VERSION);
	return g_string_free(out, FALSE);
}

char *
cache_key(const CacheRequest *req)
{
	g_autofree char *canon = cache_canonical(req);
	if (canon == NULL)
		return NULL;
	return g_compute_checksum_for_string(G_CHECKSUM_SHA256, canon, -1);
}

static bool
is_lower_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!g_ascii_isxdigit(s[i]) || g_ascii_isupper(s[i]))
			return false;
	return true;
}

bool
cache_key_valid(const char *s)
{
	return s != NULL && strlen(s) == CACHE_KEY_LEN && is_lower_hex(s, CACHE_KEY_LEN);
}

/* ---- entry encoding ------------------------------------------------------------------------ */

void
cache_entry_free(CacheEntry *e)
{
	if (e == NULL)
		return;
	g_free(e->key);
	g_free(e->model);
	g_free(e->task);
	g_free(e->answer);
	g_free(e->finish_reason);
	g_free(e);
}

char *
cache_entry_encode(const CacheEntry *e, size_t *len)
{
	cJSON *p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "key", e->key);
	cJSON_AddNumberToObject(p, "created", (double)e->created_ms);
	cJSON_AddStringToObject(p, "model", e->model);
	if (e->task != NULL)
		cJSON_AddStringToObject(p, "task", e->task);
	if (e->finish_reason != NULL)
		cJSON_AddStringToObject(p, "finish_reason", e->finish_reason);
	cJSON *u = cJSON_AddObjectToObject(p, "usage");
	const struct { const char *name; int64_t v; } usage[] = {
		{ "prompt_tokens", e->prompt_tokens },
		{ "completion_tokens", e->completion_tokens },
		{ "total_tokens", e->total_tokens },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(usage); i++)
		if (usage[i].v >= 0)
			cJSON_AddNumberToObject(u, usage[i].name, (double)usage[i].v);
	cJSON_AddStringToObject(p, "answer", e->answer);
	char *payload = cJSON_PrintUnformatted(p);
	cJSON_Delete(p);
	size_t plen = strlen(payload);
	g_autofree char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
							   (const guchar *)payload, plen);
	GString *out = g_string_sized_new(plen + 160);
	g_string_append_printf(out, "{\"format\":\"%s\",\"version\":%d,\"payload_bytes\":%zu,"
			       "\"checksum\":\"sha256:%s\"}\n", ENTRY_FORMAT, ENTRY_VERSION, plen, sum);
	g_string_append_len(out, payload, (gssize)plen);
	cJSON_free(payload);
	*len = out->len;
	return g_string_free(out, FALSE);
}

static bool
decode_fail(AurError **err, const char *what)
{
	aur_error_set(err, AUR_ERR_INPUT, "Run `aurelis cache prune` to remove damaged entries.",
		      "damaged cache entry: %s", what);
	return false;
}

/* An integral JSON number in [0, max]. */
static bool
json_count(const cJSON *v, double max, int64_t *out)
{
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < 0 ||
	    v->valuedouble > max || v->valuedouble != floor(v->valuedouble))
		return false;
	*out = (int64_t)v->valuedouble;
	return true;
}

/* The header line: format, version, payload length and checksum. */
static bool
decode_header(const char *buf, size_t len, size_t *payload_off, char **checksum, AurError **err)
{
	const char *nl = memchr(buf, '\n', MIN(len, (size_t)MAX_HEADER));
	if (nl == NULL)
		return decode_fail(err, "no header line");
	cJSON *h = cJSON_ParseWithLength(buf, (size_t)(nl - buf));
	const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(h, "format");
	const cJSON *sum = cJSON_GetObjectItemCaseSensitive(h, "checksum");
	int64_t version = 0, plen = 0;
	bool ok = false;
	if (!cJSON_IsObject(h) || !cJSON_IsString(fmt) || strcmp(fmt->valuestring, ENTRY_FORMAT) != 0)
		decode_fail(err, "not an aurelis cache entry");
	else if (!json_count(cJSON_GetObjectItemCaseSensitive(h, "version"), 1e6, &version) ||
		 version != ENTRY_VERSION)
		decode_fail(err, "another format version");
	else if (!json_count(cJSON_GetObjectItemCaseSensitive(h, "payload_bytes"), 1e15, &plen) ||
		 (size_t)plen != len - (size_t)(nl + 1 - buf))
		decode_fail(err, "truncated or padded");
	else if (!cJSON_IsString(sum) || !g_str_has_prefix(sum->valuestring, "sha256:") ||
		 !cache_key_valid(sum->valuestring + 7))
		decode_fail(err, "no checksum");
	else
		ok = true;
	if (ok) {
		*payload_off = (size_t)(nl + 1 - buf);
		*checksum = g_strdup(sum->valuestring + 7);
	}
	cJSON_Delete(h);
	return ok;
}

static char *
opt_string(const cJSON *obj, const char *name, bool *bad)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	if (v == NULL || cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsString(v) || !g_utf8_validate(v->valuestring, -1, NULL)) {
		*bad = true;
		return NULL;
	}
	return g_strdup(v->valuestring);
}

static int64_t
usage_field(const cJSON *usage, const char *name, bool *bad)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(usage, name);
	int64_t n;
	if (v == NULL)
		return -1;
	if (!json_count(v, 1e15, &n)) {
		*bad = true;
		return -1;
	}
	return n;
}

static CacheEntry *
decode_payload(const cJSON *p, AurError **err)
{
	g_autoptr(CacheEntry) e = g_new0(CacheEntry, 1);
	bool bad = false;
	e->key = opt_string(p, "key", &bad);
	e->model = opt_string(p, "model", &bad);
	e->task = opt_string(p, "task", &bad);
	e->answer = opt_string(p, "answer", &bad);
	e->finish_reason = opt_string(p, "finish_reason", &bad);
	const cJSON *usage = cJSON_GetObjectItemCaseSensitive(p, "usage");
	if (usage != NULL && !cJSON_IsObject(usage))
		bad = true;
	e->prompt_tokens = usage_field(usage, "prompt_tokens", &bad);
	e->completion_tokens = usage_field(usage, "completion_tokens", &bad);
	e->total_tokens = usage_field(usage, "total_tokens", &bad);
	if (bad || !cache_key_valid(e->key) || e->model == NULL || *e->model == '\0' ||
	    e->answer == NULL || *e->answer == '\0' ||
	    !json_count(cJSON_GetObjectItemCaseSensitive(p, "created"), 1e15, &e->created_ms)) {
		decode_fail(err, "missing or mistyped fields");
		return NULL;
	}
	return g_steal_pointer(&e);
}

CacheEntry *
cache_entry_decode(const char *buf, size_t len, AurError **err)
{
	size_t off;
	g_autofree char *want = NULL;
	if (buf == NULL || !decode_header(buf, len, &off, &want, err))
		return NULL;
	g_autofree char *got = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
							   (const guchar *)buf + off, len - off);
	if (strcmp(got, want) != 0) {
		decode_fail(err, "checksum mismatch");
		return NULL;
	}
	cJSON *p = cJSON_ParseWithLength(buf + off, len - off);
	if (!cJSON_IsObject(p)) {
		cJSON_Delete(p);
		decode_fail(err, "payload is not a JSON object");
		return NULL;
	}
	CacheEntry *e = decode_payload(p, err);
	cJSON_Delete(p);
	return e;
}

/* ---- the cache object ----------------------------------------------------------------------- */

Cache *
cache_new(const CacheOptions *o)
{
	Cache *c = g_new0(Cache, 1);
	if (o->dir != NULL && *o->dir != '\0') {
		c->dir = g_strdup(o->dir);
	} else {
		g_autofree char *base = paths_dir(PATHS_CACHE);
		c->dir = g_build_filename(base, "responses", NULL);
	}
	c->ttl_s = o->ttl_s;
	c->max_entries = o->max_entries;
	c->max_bytes = o->max_bytes;
	c->task_ttl = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return c;
}

Cache *
cache_new_from_config(const AurConfig *cfg)
{
	g_autofree char *dir = config_get_path(cfg, "cache.dir");
	CacheOptions o = {
		.dir = dir,
		.ttl_s = config_get_int(cfg, "cache.ttl"),
		.max_entries = config_get_int(cfg, "cache.max_entries"),
		.max_bytes = config_get_int(cfg, "cache.max_bytes"),
	};
	Cache *c = cache_new(&o);
	static const char prefix[] = "cache.ttl_by_task.";
	g_autoptr(GPtrArray) keys = config_keys_with_prefix(cfg, prefix);
	for (guint i = 0; i < keys->len; i++) {
		const char *key = keys->pdata[i];
		cache_set_task_ttl(c, key + strlen(prefix), config_get_int(cfg, key));
	}
	return c;
}

void
cache_free(Cache *c)
{
	if (c == NULL)
		return;
	g_free(c->dir);
	g_hash_table_destroy(c->task_ttl);
	g_free(c);
}

void
cache_set_task_ttl(Cache *c, const char *task, int64_t ttl_s)
{
	int64_t *v = g_new(int64_t, 1);
	*v = ttl_s;
	g_hash_table_replace(c->task_ttl, g_strdup(task), v);
}

int64_t
cache_ttl_for(const Cache *c, const char *task)
{
	const int64_t *v = task ? g_hash_table_lookup(c->task_ttl, task) : NULL;
	return v ? *v : c->ttl_s;
}

void
cache_set_clock(Cache *c, CacheClock clock, void *data)
{
	c->clock = clock;
	c->clock_data = data;
}

const char *
cache_dir(const Cache *c)
{
	return c->dir;
}

static int64_t
now_ms(const Cache *c)
{
	return c->clock ? c->clock(c->clock_data) : util_now_ms();
}

char *
cache_entry_path(const Cache *c, const char *key)
{
	char shard[3] = { key[0], key[0] ? key[1] : '\0', '\0' };
	g_autofree char *name = g_strconcat(key, ENTRY_SUFFIX, NULL);
	return g_build_filename(c->dir, shard, name, NULL);
}

const char *
cache_status_name(CacheStatus st)
{
	static const char *const names[] = { "miss", "hit", "expired", "corrupt" };
	return st <= CACHE_CORRUPT ? names[st] : "?";
}

static bool
is_expired(const Cache *c, const CacheEntry *e, const char *task, int64_t now)
{
	if (e->created_ms > now + FUTURE_SLACK_MS)
		return true;
	return now - e->created_ms >= cache_ttl_for(c, task) * 1000;
}

static int64_t
mtime_ms(const struct stat *st)
{
	return (int64_t)st->st_mtim.tv_sec * 1000 + st->st_mtim.tv_nsec / 1000000;
}

static void
set_times(int fd, int64_t ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000 };
	struct timespec times[2] = { ts, ts };
	(void)futimens(fd, times);
}

/* ---- reading one entry ------------------------------------------------------------------- */

static size_t
read_cap(const Cache *c)
{
	return c->max_bytes > MIN_READ_CAP ? (size_t)c->max_bytes : MIN_READ_CAP;
}

/* Read an open file of st->st_size bytes (it cannot grow: entries are never rewritten in
 * place).  NULL on error or when it is larger than cap. */
static char *
read_fd(int fd, const struct stat *st, size_t cap, size_t *len)
{
	if (st->st_size < 0 || (size_t)st->st_size > cap)
		return NULL;
	size_t want = (size_t)st->st_size, got = 0;
	char *buf = g_malloc(want + 1);
	while (got < want) {
		ssize_t n = read(fd, buf + got, want - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	*len = got; /* a short read shows up as a length mismatch in the header check */
	return buf;
}

/* Remove an entry found damaged, unless the path meanwhile holds another file (a writer
 * renamed a fresh entry over it). */
static void
drop_entry(const char *path, const struct stat *seen, const char *key, const char *why)
{
	struct stat now;
	if (lstat(path, &now) == 0 &&
	    (seen == NULL || (now.st_dev == seen->st_dev && now.st_ino == seen->st_ino))) {
		if (S_ISDIR(now.st_mode))
			(void)rmdir(path); /* only when empty: never delete what we did not write */
		else
			(void)unlink(path);
	}
	cJSON *f = cJSON_CreateObject();
	cJSON_AddStringToObject(f, "key", key);
	cJSON_AddStringToObject(f, "reason", why);
	log_event(LOG_WARN, "cache_drop", f);
}

typedef enum { READ_OK, READ_MISSING, READ_BAD } ReadOutcome;

/* Open and decode the entry at path.  On READ_OK *fd_out (if not NULL) stays open for the
 * caller to touch and close.  On READ_BAD *why says what was wrong and *st what was seen. */
static ReadOutcome
read_entry(const Cache *c, const char *path, const char *key, CacheEntry **out, int *fd_out,
	   struct stat *st, const char **why)
{
	/* O_NOFOLLOW: a planted symbolic link is never followed; O_NONBLOCK: nor is a FIFO
	 * waited on. */
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		*why = "a symbolic link";
		/* Anything else (missing, unreadable) is simply a miss. */
		return errno == ELOOP && lstat(path, st) == 0 ? READ_BAD : READ_MISSING;
	}
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		*why = "not a regular file";
		return READ_BAD;
	}
	size_t len = 0;
	g_autofree char *buf = read_fd(fd, st, read_cap(c), &len);
	AurError *e = NULL;
	CacheEntry *entry = buf ? cache_entry_decode(buf, len, &e) : NULL;
	aur_error_free(e);
	if (entry == NULL || strcmp(entry->key, key) != 0) {
		cache_entry_free(entry);
		close(fd);
		*why = buf == NULL ? "unreadable or too large" : "failed verification";
		return READ_BAD;
	}
	entry->size = st->st_size;
	entry->last_used_ms = mtime_ms(st);
	*out = entry;
	if (fd_out != NULL)
		*fd_out = fd;
	else
		close(fd);
	return READ_OK;
}

CacheEntry *
cache_lookup(Cache *c, const char *key, const char *task, CacheStatus *status)
{
	CacheStatus dummy;
	status = status ? status : &dummy;
	*status = CACHE_MISS;
	if (!cache_key_valid(key))
		return NULL;
	g_autofree char *path = cache_entry_path(c, key);
	CacheEntry *e = NULL;
	int fd = -1;
	struct stat st;
	const char *why = NULL;
	ReadOutcome r = read_entry(c, path, key, &e, &fd, &st, &why);
	if (r == READ_MISSING)
		return NULL;
	if (r == READ_BAD) {
		drop_entry(path, &st, key, why);
		*status = CACHE_CORRUPT;
		return NULL;
	}
	int64_t now = now_ms(c);
	if (is_expired(c, e, task, now)) {
		close(fd);
		drop_entry(path, &st, key, "expired");
		cache_entry_free(e);
		*status = CACHE_EXPIRED;
		return NULL;
	}
	set_times(fd, now);
	close(fd);
	e->last_used_ms = now;
	*status = CACHE_HIT;
	return e;
}

CacheEntry *
cache_peek(Cache *c, const char *key, AurError **err)
{
	g_autofree char *path = cache_entry_path(c, key);
	CacheEntry *e = NULL;
	struct stat st;
	const char *why = NULL;
	switch (read_entry(c, path, key, &e, NULL, &st, &why)) {
	case READ_MISSING:
		aur_error_set(err, AUR_ERR_NOT_FOUND, "`aurelis cache list` shows the cached answers.",
			      "no cached answer with key %s", key);
		return NULL;
	case READ_BAD:
		aur_error_set(err, AUR_ERR_INPUT, "`aurelis cache prune` removes damaged entries.",
			      "cached answer %s is damaged: %s", key, why);
		return NULL;
	case READ_OK:
		break;
	}
	e->expired = is_expired(c, e, e->task, now_ms(c));
	return e;
}

/* ---- storing --------------------------------------------------------------------------- */

static bool
refuse(AurError **err, const char *why)
{
	aur_error_set(err, AUR_ERR_INPUT, "Only complete answers are cached.", "not cached: %s", why);
	return false;
}

static bool
check_answer(const char *key, const CacheAnswer *a, CacheCompletion how,
	     AurError **err)
{
	static const char *const why[] = {
		[CACHE_ANSWER_CUT] = "the answer ended before the stream was complete",
		[CACHE_ANSWER_CANCELLED] = "the answer was cancelled",
		[CACHE_ANSWER_FAILED] = "the request failed",
	};
	if (how != CACHE_ANSWER_COMPLETE)
		return refuse(err, how <= CACHE_ANSWER_FAILED ? why[how] : "unknown completion");
	if (!cache_key_valid(key))
		return refuse(err, "malformed key");
	if (a->answer == NULL || *a->answer == '\0')
		return refuse(err, "the answer is empty");
	if (!g_utf8_validate(a->answer, -1, NULL))
		return refuse(err, "the answer is not valid UTF-8");
	if (a->model == NULL || *a->model == '\0' || !g_utf8_validate(a->model, -1, NULL))
		return refuse(err, "no model");
	if ((a->task && !g_utf8_validate(a->task, -1, NULL)) ||
	    (a->finish_reason && !g_utf8_validate(a->finish_reason, -1, NULL)))
		return refuse(err, "malformed metadata");
	return true;
}

static bool
io_fail(AurError **err, const char *what, const char *path, int e)
{
	aur_error_set(err, AUR_ERR_IO, "Check the permissions of the cache directory (cache.dir).",
		      "cannot %s %s: %s", what, path, g_strerror(e));
	return false;
}

/* Write data to a temporary file next to path and rename it into place. */
static bool
write_entry_file(const char *path, const char *data, size_t len, int64_t mtime,
		 AurError **err)
{
	g_autofree char *shard = g_path_get_dirname(path);
	if (g_mkdir_with_parents(shard, 0700) != 0)
		return io_fail(err, "create", shard, errno);
	g_autofree char *tmp = g_build_filename(shard, TEMP_PREFIX "XXXXXX", NULL);
	int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0)
		return io_fail(err, "create a file in", shard, errno);
	bool ok = fs_write_all(fd, data, len);
	int e = errno;
	set_times(fd, mtime);
	ok = close(fd) == 0 && ok;
	if (ok && rename(tmp, path) != 0) {
		e = errno;
		ok = false;
	}
	if (!ok) {
		unlink(tmp);
		return io_fail(err, "write", path, e);
	}
	return true;
}

static void evict(Cache *c);

bool
cache_store(Cache *c, const char *key, const CacheAnswer *a, CacheCompletion how,
	    AurError **err)
{
	if (!check_answer(key, a, how, err))
		return false;
	int64_t now = now_ms(c);
	CacheEntry e = {
		.key = (char *)key, .model = (char *)a->model, .task = (char *)a->task,
		.answer = (char *)a->answer, .finish_reason = (char *)a->finish_reason,
		.prompt_tokens = a->prompt_tokens, .completion_tokens = a->completion_tokens,
		.total_tokens = a->total_tokens, .created_ms = now,
	};
	size_t len;
	g_autofree char *data = cache_entry_encode(&e, &len);
	if (c->max_bytes > 0 && (int64_t)len > c->max_bytes)
		return refuse(err, "the answer is larger than cache.max_bytes");
	g_autofree char *path = cache_entry_path(c, key);
	if (!write_entry_file(path, data, len, now, err))
		return false;
	evict(c);
	return true;
}

/* ---- scanning, locking, eviction ----------------------------------------------------------- */

typedef struct {
	char *path;
	char key[CACHE_KEY_LEN + 1];
	int64_t size;
	int64_t mtime_ms;
	bool regular;
} FileInfo;

static void
file_info_free(gpointer p)
{
	FileInfo *f = p;
	if (f == NULL)
		return; /* moved to another array */
	g_free(f->path);
	g_free(f);
}

static bool
is_shard_name(const char *n)
{
	return strlen(n) == 2 && is_lower_hex(n, 2);
}

/* Is name "<64 hex>.entry" in the shard named shard? */
static bool
is_entry_name(const char *name, const char *shard)
{
	return strlen(name) == CACHE_KEY_LEN + strlen(ENTRY_SUFFIX) &&
	       is_lower_hex(name, CACHE_KEY_LEN) && strcmp(name + CACHE_KEY_LEN, ENTRY_SUFFIX) == 0 &&
	       name[0] == shard[0] && name[1] == shard[1];
}

static void
scan_shard(const char *dir, const char *shard, const char *prefix, GPtrArray *entries,
	   GPtrArray *temps)
{
	g_autofree char *sdir = g_build_filename(dir, shard, NULL);
	DIR *d = opendir(sdir);
	if (d == NULL)
		return;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		bool entry = is_entry_name(de->d_name, shard);
		bool temp = temps != NULL && g_str_has_prefix(de->d_name, TEMP_PREFIX);
		if ((!entry && !temp) || (entry && prefix && !g_str_has_prefix(de->d_name, prefix)))
			continue;
		struct stat st;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue; /* removed meanwhile */
		FileInfo *f = g_new0(FileInfo, 1);
		f->path = g_build_filename(sdir, de->d_name, NULL);
		if (entry)
			memcpy(f->key, de->d_name, CACHE_KEY_LEN);
		f->size = st.st_size;
		f->mtime_ms = mtime_ms(&st);
		f->regular = S_ISREG(st.st_mode);
		g_ptr_array_add(entry ? entries : temps, f);
	}
	closedir(d);
}

/* Every entry file (and, if temps is not NULL, temporary file) under the cache directory.
 * prefix (may be NULL) keeps only keys starting with it.  A missing directory is empty. */
static bool
scan(const Cache *c, const char *prefix, GPtrArray *entries, GPtrArray *temps, AurError **err)
{
	DIR *d = opendir(c->dir);
	if (d == NULL) {
		if (errno == ENOENT)
			return true;
		return io_fail(err, "read", c->dir, errno);
	}
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (!is_shard_name(de->d_name))
			continue;
		if (prefix != NULL && strncmp(prefix, de->d_name, 2) != 0)
			continue;
		scan_shard(c->dir, de->d_name, prefix, entries, temps);
	}
	closedir(d);
	return true;
}

/* An exclusive lock on DIR/.lock; -1 when the directory does not exist (nothing to do). */
static int
lock_dir(const Cache *c)
{
	g_autofree char *path = g_build_filename(c->dir, ".lock", NULL);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -1;
	while (flock(fd, LOCK_EX) != 0 && errno == EINTR)
		;
	return fd;
}

static void
unlock_dir(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the lock */
}

static gint
cmp_oldest_first(gconstpointer a, gconstpointer b)
{
	const FileInfo *x = *(const FileInfo *const *)a, *y = *(const FileInfo *const *)b;
	if (x->mtime_ms != y->mtime_ms)
		return x->mtime_ms < y->mtime_ms ? -1 : 1;
	return strcmp(x->key, y->key);
}

static void
remove_file(const FileInfo *f)
{
	if (f->regular)
		(void)unlink(f->path);
	else
		(void)rmdir(f->path);
}

/* Remove the least recently used entries until both limits hold; returns how many. */
static int64_t
evict_locked(const Cache *c, GPtrArray *entries, int64_t *kept_bytes)
{
	g_ptr_array_sort(entries, cmp_oldest_first);
	int64_t count = entries->len, bytes = 0, evicted = 0;
	for (guint i = 0; i < entries->len; i++)
		bytes += ((FileInfo *)entries->pdata[i])->size;
	for (guint i = 0; i < entries->len; i++) {
		bool over = (c->max_entries > 0 && count > c->max_entries) ||
			    (c->max_bytes > 0 && bytes > c->max_bytes);
		if (!over)
			break;
		const FileInfo *f = entries->pdata[i];
		remove_file(f);
		count--;
		bytes -= f->size;
		evicted++;
	}
	if (kept_bytes != NULL)
		*kept_bytes = bytes;
	return evicted;
}

static void
evict(Cache *c)
{
	int lock = lock_dir(c);
	g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func(file_info_free);
	if (scan(c, NULL, entries, NULL, NULL)) {
		int64_t n = evict_locked(c, entries, NULL);
		if (n > 0) {
			cJSON *f = cJSON_CreateObject();
			cJSON_AddNumberToObject(f, "evicted", (double)n);
			log_event(LOG_DEBUG, "cache_evict", f);
		}
	}
	unlock_dir(lock);
}

/* ---- management ---------------------------------------------------------------------------- */

static gint
cmp_newest_first(gconstpointer a, gconstpointer b)
{
	const CacheEntry *x = *(const CacheEntry *const *)a, *y = *(const CacheEntry *const *)b;
	if (x->last_used_ms != y->last_used_ms)
		return x->last_used_ms > y->last_used_ms ? -1 : 1;
	return strcmp(x->key, y->key);
}

static void
summary_add(CacheSummary *s, const CacheEntry *e)
{
	s->entries++;
	s->bytes += e->size;
	s->expired += e->expired;
	if (s->oldest_used_ms == 0 || e->last_used_ms < s->oldest_used_ms)
		s->oldest_used_ms = e->last_used_ms;
	s->newest_used_ms = MAX(s->newest_used_ms, e->last_used_ms);
}

GPtrArray *
cache_list(Cache *c, CacheSummary *sum, AurError **err)
{
	CacheSummary local = { 0 };
	g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(file_info_free);
	g_autoptr(GPtrArray) temps = g_ptr_array_new_with_free_func(file_info_free);
	if (!scan(c, NULL, files, temps, err))
		return NULL;
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)cache_entry_free);
	int64_t now = now_ms(c);
	for (guint i = 0; i < files->len; i++) {
		const FileInfo *f = files->pdata[i];
		CacheEntry *e = NULL;
		struct stat st;
		const char *why;
		ReadOutcome r = read_entry(c, f->path, f->key, &e, NULL, &st, &why);
		if (r == READ_BAD) {
			local.corrupt++;
			local.corrupt_bytes += f->size;
		}
		if (r != READ_OK)
			continue;
		e->expired = is_expired(c, e, e->task, now);
		summary_add(&local, e);
		g_ptr_array_add(out, e);
	}
	local.temp = temps->len;
	g_ptr_array_sort(out, cmp_newest_first);
	if (sum != NULL)
		*sum = local;
	return out;
}

char *
cache_resolve_prefix(Cache *c, const char *prefix, AurError **err)
{
	g_autofree char *p = g_ascii_strdown(prefix, -1);
	size_t n = strlen(p);
	if (n < 4 || n > CACHE_KEY_LEN || !is_lower_hex(p, n)) {
		aur_error_set(err, AUR_ERR_USAGE, "Give at least the first 4 hex digits of a key from `aurelis cache list`.",
			      "'%s' is not a cache key or key prefix", prefix);
		return NULL;
	}
	g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(file_info_free);
	if (!scan(c, p, files, NULL, err))
		return NULL;
	if (files->len == 1)
		return g_strdup(((FileInfo *)files->pdata[0])->key);
	if (files->len == 0) {
		aur_error_set(err, AUR_ERR_NOT_FOUND, "`aurelis cache list` shows the cached answers.",
			      "no cached answer with a key starting with %s", p);
		return NULL;
	}
	GString *hint = g_string_new("Give more digits; candidates:");
	for (guint i = 0; i < files->len && i < 5; i++)
		g_string_append_printf(hint, " %.16s", ((FileInfo *)files->pdata[i])->key);
	if (files->len > 5)
		g_string_append(hint, " ...");
	aur_error_set(err, AUR_ERR_USAGE, hint->str, "%u cached answers have keys starting with %s",
		      files->len, p);
	g_string_free(hint, TRUE);
	return NULL;
}

bool
cache_clear(Cache *c, int64_t *removed, AurError **err)
{
	int lock = lock_dir(c);
	g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(file_info_free);
	g_autoptr(GPtrArray) temps = g_ptr_array_new_with_free_func(file_info_free);
	bool ok = scan(c, NULL, files, temps, err);
	int64_t n = 0;
	for (guint i = 0; ok && i < files->len; i++, n++)
		remove_file(files->pdata[i]);
	for (guint i = 0; ok && i < temps->len; i++)
		remove_file(temps->pdata[i]);
	unlock_dir(lock);
	if (removed != NULL)
		*removed = n;
	return ok;
}

bool
cache_prune(Cache *c, CachePruneResult *r, AurError **err)
{
	CachePruneResult local = { 0 };
	int lock = lock_dir(c);
	g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(file_info_free);
	g_autoptr(GPtrArray) temps = g_ptr_array_new_with_free_func(file_info_free);
	bool ok = scan(c, NULL, files, temps, err);
	g_autoptr(GPtrArray) live = g_ptr_array_new_with_free_func(file_info_free);
	int64_t now = now_ms(c);
	for (guint i = 0; ok && i < files->len; i++) {
		FileInfo *f = files->pdata[i];
		CacheEntry *e = NULL;
		struct stat st;
		const char *why;
		ReadOutcome res = read_entry(c, f->path, f->key, &e, NULL, &st, &why);
		if (res == READ_MISSING)
			continue;
		if (res == READ_BAD || is_expired(c, e, e->task, now)) {
			remove_file(f);
			*(res == READ_BAD ? &local.corrupt : &local.expired) += 1;
		} else {
			g_ptr_array_add(live, g_steal_pointer(&files->pdata[i]));
		}
		cache_entry_free(e);
	}
	for (guint i = 0; ok && i < temps->len; i++) {
		FileInfo *f = temps->pdata[i];
		if (now - f->mtime_ms > STALE_TEMP_MS) {
			remove_file(f);
			local.temp++;
		}
	}
	if (ok) {
		local.evicted = evict_locked(c, live, &local.kept_bytes);
		local.kept = (int64_t)live->len - local.evicted;
	}
	unlock_dir(lock);
	if (r != NULL)
		*r = local;
	return ok;
}
