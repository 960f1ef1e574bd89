/* SPDX-License-Identifier: MIT */
/* Persistent response cache: request keys, checksummed entries, TTL and LRU eviction. */
#ifndef AURELIS_CACHE_H
#define AURELIS_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>
#include <glib.h>

#include "config.h"
#include "error.h"

/* ---- policy ------------------------------------------------------------------------------ */

typedef enum {
	CACHE_POLICY_READ = 1u << 0,  /* look the request up and replay a hit */
	CACHE_POLICY_WRITE = 1u << 1, /* store a complete answer */
} CachePolicy;

/* What a command may do with the cache: nothing when cache.enabled is false or --no-cache
 * was given; only WRITE with --refresh; otherwise READ | WRITE. */
unsigned cache_policy(const AurConfig *cfg, bool no_cache, bool refresh);

/* ---- keys -------------------------------------------------------------------------------- */

/* What identifies a request.  The key is the SHA-256 of a canonical JSON text (object keys
 * sorted, no whitespace, cJSON's shortest exact number form) of:
 *   {"endpoint": endpoint without trailing slashes, "org": org or "",
 *    "request": body without "stream" and "stream_options", "v": key-format version}
 * body is the chat request as first built for the model that is asked (before any
 * retry rewrites it): "model", "messages" (every field of every message, in order) and
 * the sampling parameters ("temperature", "top_p", "max_tokens", "response_format", "seed",
 * "stop", ...).  The token is never part of it: it travels in a header, not the body. */
typedef struct {
	const char *endpoint;
	const char *org;    /* NULL or "" when requests are not attributed to an organisation */
	const cJSON *body;
} CacheRequest;

#define CACHE_KEY_LEN 64 /* hex digits */

/* The canonical text the key is computed over; NULL when body is not an object with a
 * string "model" and an array "messages" (such a request is not cached).  Caller frees. */
char *cache_canonical(const CacheRequest *req);
/* 64 lower-case hex digits, or NULL as above.  Caller frees. */
char *cache_key(const CacheRequest *req);
/* True when s is a well-formed key. */
bool cache_key_valid(const char *s);

/* ---- entries ----------------------------------------------------------------------------- */

/* One cached answer.  Strings are owned by the entry; free with cache_entry_free(). */
typedef struct {
	char *key;
	char *model;            /* the model that answered */
	char *task;             /* may be NULL; picks the TTL (cache.ttl_by_task.<task>) */
	char *answer;           /* the whole text, valid UTF-8, never empty */
	char *finish_reason;    /* "stop", "length", ...; may be NULL */
	int64_t prompt_tokens;  /* usage; -1 when unknown */
	int64_t completion_tokens;
	int64_t total_tokens;
	int64_t created_ms;     /* when it was stored (ms since the epoch) */
	int64_t last_used_ms;   /* the file's modification time (see cache.c) */
	int64_t size;           /* bytes on disk */
	bool expired;           /* under the configured TTL for its task, at the cache's clock */
} CacheEntry;

void cache_entry_free(CacheEntry *e);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CacheEntry, cache_entry_free)

/* The on-disk form: one header line
 *   {"format":"aurelis-cache","version":1,"payload_bytes":N,"checksum":"sha256:HEX"}
 * then exactly N bytes of payload, a JSON object with key, created, model, task,
 * finish_reason, usage and answer.  The checksum covers the payload.  Caller frees. */
char *cache_entry_encode(const CacheEntry *e, size_t *len);
/* Decode and verify an entry; anything malformed, truncated, foreign, of another version or
 * failing its checksum gives NULL with err (category AUR_ERR_INPUT).  size and last_used_ms
 * are left 0.  Caller frees. */
CacheEntry *cache_entry_decode(const char *buf, size_t len, AurError **err);

/* ---- the cache --------------------------------------------------------------------------- */

typedef struct Cache Cache;

typedef struct {
	const char *dir;      /* NULL or "": $XDG_CACHE_HOME/aurelis/responses */
	int64_t ttl_s;        /* answers older than this are not replayed; 0 replays nothing */
	int64_t max_entries;  /* <= 0: no limit */
	int64_t max_bytes;    /* <= 0: no limit */
} CacheOptions;

/* Current time in ms since the epoch; tests inject their own. */
typedef int64_t (*CacheClock)(void *data);

/* Nothing touches the disk until an entry is stored.  Free with cache_free(). */
Cache *cache_new(const CacheOptions *opts);
/* From cache.dir, cache.ttl, cache.ttl_by_task.<task>, cache.max_entries, cache.max_bytes. */
Cache *cache_new_from_config(const AurConfig *cfg);
void cache_free(Cache *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Cache, cache_free)

void cache_set_task_ttl(Cache *c, const char *task, int64_t ttl_s);
int64_t cache_ttl_for(const Cache *c, const char *task);
void cache_set_clock(Cache *c, CacheClock clock, void *data);
const char *cache_dir(const Cache *c);
/* Path of an entry's file.  Caller frees. */
char *cache_entry_path(const Cache *c, const char *key);

typedef enum {
	CACHE_MISS,     /* no entry */
	CACHE_HIT,
	CACHE_EXPIRED,  /* an entry older than the TTL: removed */
	CACHE_CORRUPT,  /* an entry that failed to decode or verify: removed */
} CacheStatus;

const char *cache_status_name(CacheStatus st);

/* Look key up for a request of task (NULL for none).  On a hit the entry's last use is
 * moved to now (one futimens, no rewrite) and the entry is returned; otherwise NULL.
 * status (may be NULL) says why.  Never fails: a cache that cannot be read is a miss.
 * Caller frees. */
CacheEntry *cache_lookup(Cache *c, const char *key, const char *task, CacheStatus *status);

/* How an answer ended; only complete answers are stored. */
typedef enum {
	CACHE_ANSWER_COMPLETE,   /* the stream reached [DONE] (or a whole non-stream body) */
	CACHE_ANSWER_CUT,        /* the stream ended before [DONE] */
	CACHE_ANSWER_CANCELLED,  /* the user interrupted it */
	CACHE_ANSWER_FAILED,     /* an error ended it */
} CacheCompletion;

typedef struct {
	const char *model;
	const char *task;          /* may be NULL */
	const char *answer;
	const char *finish_reason; /* may be NULL */
	int64_t prompt_tokens;     /* -1 when unknown */
	int64_t completion_tokens;
	int64_t total_tokens;
} CacheAnswer;

/* Store a complete answer under key, atomically (temp file + rename), then evict the least
 * recently used entries beyond the limits.  Refuses (false, AUR_ERR_INPUT) anything but a
 * complete, non-empty UTF-8 answer, and an entry larger than max_bytes; false with
 * AUR_ERR_IO when the directory cannot be written. */
bool cache_store(Cache *c, const char *key, const CacheAnswer *a, CacheCompletion how,
		 AurError **err);

/* ---- management (aurelis cache) ------------------------------------------------------ */

typedef struct {
	int64_t entries;         /* readable entries */
	int64_t bytes;           /* their size on disk */
	int64_t expired;         /* of which expired */
	int64_t corrupt;         /* unreadable entry files (and their bytes below) */
	int64_t corrupt_bytes;
	int64_t temp;            /* leftover temporary files */
	int64_t oldest_used_ms;  /* 0 when empty */
	int64_t newest_used_ms;
} CacheSummary;

/* Every readable entry, most recently used first (CacheEntry *; the array frees them).
 * sum (may be NULL) is filled.  Reads, never changes anything.  An empty or missing cache
 * gives an empty array; NULL with err only when the directory cannot be read. */
GPtrArray *cache_list(Cache *c, CacheSummary *sum, AurError **err);

/* The full key of the one entry whose key starts with prefix (at least 4 hex digits).
 * AUR_ERR_NOT_FOUND when none, AUR_ERR_USAGE when several or a bad prefix.  Caller frees. */
char *cache_resolve_prefix(Cache *c, const char *prefix, AurError **err);

/* Read one entry without counting it as used; expired entries are returned too (with
 * expired set).  AUR_ERR_NOT_FOUND or AUR_ERR_INPUT (corrupt) otherwise.  Caller frees. */
CacheEntry *cache_peek(Cache *c, const char *key, AurError **err);

/* Remove every entry and temporary file; *removed (may be NULL) gets the count. */
bool cache_clear(Cache *c, int64_t *removed, AurError **err);

typedef struct {
	int64_t expired;    /* entries past their TTL */
	int64_t corrupt;    /* unreadable entries */
	int64_t temp;       /* temporary files left by an interrupted write, over an hour old */
	int64_t evicted;    /* least recently used entries beyond the limits */
	int64_t kept;
	int64_t kept_bytes;
} CachePruneResult;

/* Remove expired, corrupt and stale temporary files, then enforce the limits. */
bool cache_prune(Cache *c, CachePruneResult *r, AurError **err);

#endif
