/* SPDX-License-Identifier: MIT */
/* Unit tests for cache.c: keys, hits and TTL, eviction order, refusals, damaged entries. */
#include "autoconfig.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "cache.h"

/* ---- helpers ------------------------------------------------------------------------------ */

static char *
key_of(const char *endpoint, const char *org, const char *body_json)
{
	cJSON *body = cJSON_Parse(body_json);
	assert_non_null(body);
	CacheRequest r = { endpoint, org, body };
	char *k = cache_key(&r);
	cJSON_Delete(body);
	return k;
}

#define EP "https://models.github.ai/inference"
#define BODY "{\"model\":\"openai/gpt-4.1\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"}," \
	"{\"role\":\"user\",\"content\":\"Explain C pointers\"}],\"temperature\":0.2,\"top_p\":0.9," \
	"\"max_tokens\":500,\"response_format\":{\"type\":\"json_object\"}}"

typedef struct {
	char *dir;
	Cache *cache;
	int64_t now;
} Fixture;

static int64_t
fake_clock(void *data)
{
	return *(int64_t *)data;
}

static Fixture *
fixture_new(int64_t max_entries, int64_t max_bytes)
{
	Fixture *f = g_new0(Fixture, 1);
	f->dir = unit_tmpdir();
	g_autofree char *cdir = g_build_filename(f->dir, "responses", NULL);
	CacheOptions o = { cdir, 3600, max_entries, max_bytes };
	f->cache = cache_new(&o);
	f->now = 1795752000000LL;
	cache_set_clock(f->cache, fake_clock, &f->now);
	return f;
}

static void
fixture_free(Fixture *f)
{
	cache_free(f->cache);
	unit_rmdir(f->dir);
	g_free(f);
}

/* A valid key made from a small number, so tests can make keys with shared prefixes. */
static char *
key_n(const char *prefix, unsigned n)
{
	char *k = g_strdup_printf("%s%0*x", prefix, (int)(CACHE_KEY_LEN - strlen(prefix)), n);
	assert_true(cache_key_valid(k));
	return k;
}

static void
store_ok(Fixture *f, const char *key, const char *task, const char *answer)
{
	CacheAnswer a = { "openai/gpt-4.1", task, answer, "stop", 12, 34, 46 };
	g_autoptr(AurError) e = NULL;
	bool ok = cache_store(f->cache, key, &a, CACHE_ANSWER_COMPLETE, &e);
	if (!ok)
		fail_msg("store failed: %s", e ? e->message : "?");
}

static CacheStatus
lookup_status(Fixture *f, const char *key, const char *task)
{
	CacheStatus st;
	CacheEntry *e = cache_lookup(f->cache, key, task, &st);
	assert_true((e != NULL) == (st == CACHE_HIT));
	cache_entry_free(e);
	return st;
}

static bool
exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* ---- keys ------------------------------------------------------------------------------- */

static void
test_key_same_request(void **state)
{
	g_autofree char *a = key_of(EP, NULL, BODY);
	assert_non_null(a);
	assert_true(cache_key_valid(a));
	/* Keys in another order, whitespace, the stream flags, equal numbers written otherwise,
	 * an empty org and a trailing slash on the endpoint change nothing. */
	g_autofree char *b = key_of(EP "/", "",
		"{ \"response_format\" : {\"type\":\"json_object\"}, \"max_tokens\": 500.0,\n"
		"  \"top_p\": 9e-1, \"stream\": true, \"stream_options\": {\"include_usage\": true},\n"
		"  \"messages\": [{\"content\":\"Be brief.\",\"role\":\"system\"},"
		"{\"content\":\"Explain C pointers\",\"role\":\"user\"}],"
		"  \"temperature\": 0.20, \"model\": \"openai/gpt-4.1\" }");
	assert_string_equal(a, b);
}

static void
test_key_semantic_changes(void **state)
{
	g_autofree char *base = key_of(EP, NULL, BODY);
	const struct { const char *ep, *org, *from, *to; } changes[] = {
		{ "https://other.example/inference", NULL, NULL, NULL },
		{ EP, "my-org", NULL, NULL },
		{ EP, NULL, "openai/gpt-4.1", "openai/gpt-4.1-mini" },
		{ EP, NULL, "\"role\":\"system\"", "\"role\":\"developer\"" },
		{ EP, NULL, "Explain C pointers", "Explain C pointers." },
		{ EP, NULL, "Explain C pointers", "explain C pointers" },
		{ EP, NULL, "0.2", "0.3" },
		{ EP, NULL, "0.2", "0.20000000000000004" },
		{ EP, NULL, "0.9", "1" },
		{ EP, NULL, "500", "501" },
		{ EP, NULL, "json_object", "text" },
		{ EP, NULL, ",\"top_p\":0.9", "" },
		{ EP, NULL, "\"max_tokens\":500", "\"max_tokens\":500,\"seed\":7" },
		{ EP, NULL, "\"max_tokens\":500", "\"max_tokens\":500,\"stop\":[\"END\"]" },
		{ EP, NULL, "{\"role\":\"system\",\"content\":\"Be brief.\"},", "" },
		{ EP, NULL, "\"content\":\"Be brief.\"}", "\"content\":\"Be brief.\",\"name\":\"x\"}" },
	};
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_hash_table_add(seen, g_strdup(base));
	for (size_t i = 0; i < G_N_ELEMENTS(changes); i++) {
		GString *b = g_string_new(BODY);
		if (changes[i].from != NULL)
			assert_true(g_string_replace(b, changes[i].from, changes[i].to, 1) == 1);
		char *k = key_of(changes[i].ep, changes[i].org, b->str);
		g_string_free(b, TRUE);
		assert_non_null(k);
		if (g_hash_table_contains(seen, k))
			fail_msg("change %zu did not change the key", i);
		g_hash_table_add(seen, k);
	}
	/* Message order matters. */
	g_autofree char *swapped = key_of(EP, NULL,
		"{\"model\":\"openai/gpt-4.1\",\"messages\":[{\"role\":\"user\",\"content\":\"Explain C pointers\"},"
		"{\"role\":\"system\",\"content\":\"Be brief.\"}],\"temperature\":0.2,\"top_p\":0.9,"
		"\"max_tokens\":500,\"response_format\":{\"type\":\"json_object\"}}");
	assert_false(g_hash_table_contains(seen, swapped));
	g_hash_table_destroy(seen);
}

static void
test_key_ignores_token(void **state)
{
	/* The token is not an input at all; prove the environment cannot leak into the key. */
	setenv("AURELIS_TOKEN", "ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1);
	setenv("GITHUB_TOKEN", "ghp_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", 1);
	g_autofree char *a = key_of(EP, NULL, BODY);
	setenv("AURELIS_TOKEN", "ghp_cccccccccccccccccccccccccccccccccccc", 1);
	unsetenv("GITHUB_TOKEN");
	g_autofree char *b = key_of(EP, NULL, BODY);
	unsetenv("AURELIS_TOKEN");
	assert_string_equal(a, b);
	cJSON *body = cJSON_Parse(BODY);
	CacheRequest r = { EP, NULL, body };
	g_autofree char *canon = cache_canonical(&r);
	cJSON_Delete(body);
	assert_str_lacks(canon, "ghp_");
}

static void
test_key_canonical_text(void **state)
{
	cJSON *body = cJSON_Parse("{\"stream\":true,\"model\":\"m/x\",\"z\":[1,2.5,-0,1e21,\"\\u0001\\\"\\n\"],"
				  "\"messages\":[{\"role\":\"user\",\"content\":\"h\\u00e9\"}],\"a\":{\"b\":null,\"a\":false}}");
	CacheRequest r = { "http://127.0.0.1:8080/inference//", "org", body };
	g_autofree char *canon = cache_canonical(&r);
	cJSON_Delete(body);
	assert_string_equal(canon,
		"{\"endpoint\":\"http://127.0.0.1:8080/inference\",\"org\":\"org\",\"request\":"
		"{\"a\":{\"a\":false,\"b\":null},\"messages\":[{\"content\":\"h\xc3\xa9\",\"role\":\"user\"}],"
		"\"model\":\"m/x\",\"z\":[1,2.5,0,1e+21,\"\\u0001\\\"\\n\"]},\"v\":1}");
}

static void
test_key_rejects_non_requests(void **state)
{
	static const char *const bad[] = {
		"[]", "\"text\"", "{}", "{\"model\":\"m\"}", "{\"messages\":[]}",
		"{\"model\":7,\"messages\":[]}", "{\"model\":\"m\",\"messages\":{}}",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autofree char *k = key_of(EP, NULL, bad[i]);
		assert_null(k);
	}
	assert_false(cache_key_valid(NULL));
	assert_false(cache_key_valid("abc"));
	g_autofree char *upper = g_strnfill(CACHE_KEY_LEN, 'A');
	assert_false(cache_key_valid(upper));
	g_autofree char *slash = g_strnfill(CACHE_KEY_LEN, 'a');
	slash[10] = '/';
	assert_false(cache_key_valid(slash));
}

/* ---- policy -------------------------------------------------------------------------------- */

static void
test_policy(void **state)
{
	AurConfig *cfg = config_new();
	assert_int_equal(cache_policy(cfg, false, false), CACHE_POLICY_READ | CACHE_POLICY_WRITE);
	assert_int_equal(cache_policy(cfg, true, false), 0);
	assert_int_equal(cache_policy(cfg, true, true), 0);
	assert_int_equal(cache_policy(cfg, false, true), CACHE_POLICY_WRITE);
	AurError *e = NULL;
	assert_true(config_set_text(cfg, "cache.enabled", "false", CFG_LAYER_USER, "test", &e));
	assert_int_equal(cache_policy(cfg, false, false), 0);
	assert_int_equal(cache_policy(cfg, false, true), 0);
	config_free(cfg);
	assert_int_equal(cache_policy(NULL, false, false), CACHE_POLICY_READ | CACHE_POLICY_WRITE);
}

static void
test_config_ttl_by_task(void **state)
{
	AurConfig *cfg = config_new();
	AurError *e = NULL;
	assert_true(config_set_text(cfg, "cache.ttl", "10m", CFG_LAYER_USER, "test", &e));
	assert_true(config_set_text(cfg, "cache.ttl_by_task.explain", "2h", CFG_LAYER_USER, "test", &e));
	assert_false(config_set_text(cfg, "cache.ttl_by_task.nonsense", "2h", CFG_LAYER_USER, "test", &e));
	aur_error_free(e);
	Cache *c = cache_new_from_config(cfg);
	assert_int_equal(cache_ttl_for(c, NULL), 600);
	assert_int_equal(cache_ttl_for(c, "chat"), 600);
	assert_int_equal(cache_ttl_for(c, "explain"), 7200);
	assert_str_contains(cache_dir(c), "aurelis/responses");
	cache_free(c);
	config_free(cfg);
}

/* ---- hits, misses, TTL --------------------------------------------------------------------- */

static void
test_hit_miss_ttl(void **state)
{
	Fixture *f = fixture_new(0, 0);
	g_autofree char *k = key_of(EP, NULL, BODY);
	assert_int_equal(lookup_status(f, k, NULL), CACHE_MISS);
	store_ok(f, k, "chat", "Pointers hold addresses.");
	int64_t t0 = f->now;
	f->now = t0 + 1000;
	CacheStatus st;
	g_autoptr(CacheEntry) e = cache_lookup(f->cache, k, "chat", &st);
	assert_int_equal(st, CACHE_HIT);
	assert_string_equal(e->answer, "Pointers hold addresses.");
	assert_string_equal(e->model, "openai/gpt-4.1");
	assert_string_equal(e->task, "chat");
	assert_string_equal(e->finish_reason, "stop");
	assert_int_equal(e->prompt_tokens, 12);
	assert_int_equal(e->completion_tokens, 34);
	assert_int_equal(e->total_tokens, 46);
	assert_int_equal(e->created_ms, t0);
	assert_int_equal(e->last_used_ms, t0 + 1000);
	/* The hit moved the file's mtime: that is the entry's last use. */
	g_autofree char *path = cache_entry_path(f->cache, k);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal((int64_t)sb.st_mtim.tv_sec * 1000 + sb.st_mtim.tv_nsec / 1000000, t0 + 1000);
	assert_int_equal(sb.st_mode & 0777, 0600);

	f->now = t0 + 3599 * 1000;
	assert_int_equal(lookup_status(f, k, "chat"), CACHE_HIT);
	f->now = t0 + 3600 * 1000;
	assert_int_equal(lookup_status(f, k, "chat"), CACHE_EXPIRED);
	assert_false(exists(path));
	assert_int_equal(lookup_status(f, k, "chat"), CACHE_MISS);
	fixture_free(f);
}

static void
test_ttl_by_task(void **state)
{
	Fixture *f = fixture_new(0, 0);
	cache_set_task_ttl(f->cache, "explain", 7200);
	cache_set_task_ttl(f->cache, "fix", 0);
	g_autofree char *k = key_n("", 1);
	store_ok(f, k, "explain", "answer");
	int64_t t0 = f->now;
	f->now = t0 + 5000 * 1000;
	/* The TTL of the task asking decides. */
	assert_int_equal(lookup_status(f, k, "explain"), CACHE_HIT);
	assert_int_equal(lookup_status(f, k, "fix"), CACHE_EXPIRED);
	store_ok(f, k, "explain", "answer");
	f->now += 7199 * 1000;
	assert_int_equal(lookup_status(f, k, "explain"), CACHE_HIT);
	f->now += 1000;
	assert_int_equal(lookup_status(f, k, "explain"), CACHE_EXPIRED);
	/* An entry dated well in the future (a wrong clock) is not trusted. */
	f->now = t0;
	store_ok(f, k, "chat", "answer");
	f->now = t0 - 3600 * 1000;
	assert_int_equal(lookup_status(f, k, "chat"), CACHE_EXPIRED);
	fixture_free(f);
}

static void
test_store_replaces(void **state)
{
	Fixture *f = fixture_new(0, 0);
	g_autofree char *k = key_n("", 2);
	store_ok(f, k, NULL, "first");
	store_ok(f, k, NULL, "second");
	g_autoptr(CacheEntry) e = cache_lookup(f->cache, k, NULL, NULL);
	assert_non_null(e);
	assert_string_equal(e->answer, "second");
	assert_null(e->task);
	CacheSummary s;
	g_autoptr(GPtrArray) all = cache_list(f->cache, &s, NULL);
	assert_int_equal(all->len, 1);
	assert_int_equal(s.temp, 0);
	fixture_free(f);
}

/* ---- eviction ---------------------------------------------------------------------------- */

static void
test_evict_by_entries(void **state)
{
	Fixture *f = fixture_new(3, 0);
	char *k[5];
	for (unsigned i = 0; i < 5; i++)
		k[i] = key_n("", 0x100 + i); /* same shard: order must come from last use */
	for (unsigned i = 0; i < 3; i++) {
		f->now += 1000;
		store_ok(f, k[i], NULL, "x");
	}
	f->now += 1000;
	assert_int_equal(lookup_status(f, k[0], NULL), CACHE_HIT); /* k0 used last now */
	f->now += 1000;
	store_ok(f, k[3], NULL, "x"); /* evicts k1, the least recently used */
	assert_int_equal(lookup_status(f, k[1], NULL), CACHE_MISS);
	f->now += 1000;
	store_ok(f, k[4], NULL, "x"); /* evicts k2 */
	assert_int_equal(lookup_status(f, k[2], NULL), CACHE_MISS);
	assert_int_equal(lookup_status(f, k[0], NULL), CACHE_HIT);
	assert_int_equal(lookup_status(f, k[3], NULL), CACHE_HIT);
	assert_int_equal(lookup_status(f, k[4], NULL), CACHE_HIT);
	for (unsigned i = 0; i < 5; i++)
		g_free(k[i]);
	fixture_free(f);
}

static void
test_evict_by_bytes(void **state)
{
	Fixture *f = fixture_new(0, 0);
	/* Measure one entry, then allow room for three. */
	g_autofree char *probe = key_n("ff", 1);
	g_autofree char *answer = g_strnfill(1000, 'a');
	store_ok(f, probe, NULL, answer);
	g_autoptr(CacheEntry) pe = cache_peek(f->cache, probe, NULL);
	int64_t one = pe->size;
	assert_true(one > 1000);
	cache_free(f->cache);
	g_autofree char *cdir = g_build_filename(f->dir, "responses2", NULL);
	CacheOptions o = { cdir, 3600, 0, 3 * one + one / 2 };
	f->cache = cache_new(&o);
	cache_set_clock(f->cache, fake_clock, &f->now);
	char *k[5];
	for (unsigned i = 0; i < 5; i++)
		k[i] = key_n(i % 2 ? "0a" : "b0", i); /* different shards */
	for (unsigned i = 0; i < 3; i++) {
		f->now += 1000;
		store_ok(f, k[i], NULL, answer);
	}
	f->now += 1000;
	assert_int_equal(lookup_status(f, k[1], NULL), CACHE_HIT);
	f->now += 1000;
	store_ok(f, k[3], NULL, answer); /* evicts k0 */
	assert_int_equal(lookup_status(f, k[0], NULL), CACHE_MISS);
	f->now += 1000;
	g_autofree char *big = g_strnfill(2 * 1000 + 200, 'b');
	store_ok(f, k[4], NULL, big); /* needs two slots: evicts k2 then k1 */
	assert_int_equal(lookup_status(f, k[2], NULL), CACHE_MISS);
	assert_int_equal(lookup_status(f, k[1], NULL), CACHE_MISS);
	assert_int_equal(lookup_status(f, k[3], NULL), CACHE_HIT);
	assert_int_equal(lookup_status(f, k[4], NULL), CACHE_HIT);
	CacheSummary s;
	g_autoptr(GPtrArray) all = cache_list(f->cache, &s, NULL);
	assert_int_equal(all->len, s.entries);
	assert_true(s.bytes <= 3 * one + one / 2);
	/* An answer larger than the whole cache is refused, not stored and evicted. */
	g_autofree char *huge = g_strnfill(4 * one, 'c');
	CacheAnswer a = { "m", NULL, huge, "stop", -1, -1, -1 };
	g_autoptr(AurError) e = NULL;
	assert_false(cache_store(f->cache, k[0], &a, CACHE_ANSWER_COMPLETE, &e));
	assert_str_contains(e->message, "larger than cache.max_bytes");
	assert_int_equal(lookup_status(f, k[3], NULL), CACHE_HIT);
	for (unsigned i = 0; i < 5; i++)
		g_free(k[i]);
	fixture_free(f);
}

/* ---- refusals ---------------------------------------------------------------------------- */

static void
test_refusals(void **state)
{
	Fixture *f = fixture_new(0, 0);
	g_autofree char *k = key_n("", 3);
	const struct { CacheCompletion how; const char *answer; const char *model; const char *why; } cases[] = {
		{ CACHE_ANSWER_CUT, "partial", "m", "before the stream was complete" },
		{ CACHE_ANSWER_CANCELLED, "partial", "m", "cancelled" },
		{ CACHE_ANSWER_FAILED, "", "m", "failed" },
		{ CACHE_ANSWER_COMPLETE, "", "m", "empty" },
		{ CACHE_ANSWER_COMPLETE, NULL, "m", "empty" },
		{ CACHE_ANSWER_COMPLETE, "bad \xff\xfe utf-8", "m", "UTF-8" },
		{ CACHE_ANSWER_COMPLETE, "ok", NULL, "no model" },
		{ CACHE_ANSWER_COMPLETE, "ok", "", "no model" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		CacheAnswer a = { cases[i].model, NULL, cases[i].answer, NULL, -1, -1, -1 };
		g_autoptr(AurError) e = NULL;
		assert_false(cache_store(f->cache, k, &a, cases[i].how, &e));
		assert_non_null(e);
		assert_int_equal(e->category, AUR_ERR_INPUT);
		assert_str_contains(e->message, cases[i].why);
		assert_non_null(e->hint);
	}
	CacheAnswer good = { "m", NULL, "fine", NULL, -1, -1, -1 };
	g_autoptr(AurError) e = NULL;
	assert_false(cache_store(f->cache, "../../etc/passwd", &good, CACHE_ANSWER_COMPLETE, &e));
	/* Nothing reached the disk. */
	g_autofree char *cdir = g_build_filename(f->dir, "responses", NULL);
	assert_false(exists(cdir));
	fixture_free(f);
}

/* ---- damaged entries ------------------------------------------------------------------- */

static char *
read_file(const char *path, size_t *len)
{
	char *s = NULL;
	gsize n = 0;
	assert_true(g_file_get_contents(path, &s, &n, NULL));
	*len = n;
	return s;
}

static void
write_file(const char *path, const char *data, size_t len)
{
	assert_true(g_file_set_contents(path, data, (gssize)len, NULL));
}

/* Every single-byte change anywhere in an entry is detected; never a different answer. */
static void
test_corrupt_flip_every_byte(void **state)
{
	Fixture *f = fixture_new(0, 0);
	g_autofree char *k = key_n("", 4);
	store_ok(f, k, "chat", "The answer is 42.\n```c\nint x;\n```\n");
	g_autofree char *path = cache_entry_path(f->cache, k);
	size_t len;
	g_autofree char *orig = read_file(path, &len);
	static const unsigned char masks[] = { 0x01, 0x20, 0x80, 0xff };
	for (size_t m = 0; m < G_N_ELEMENTS(masks); m++) {
		for (size_t i = 0; i < len; i++) {
			g_autofree char *bad = g_memdup2(orig, len);
			bad[i] = (char)(bad[i] ^ masks[m]);
			write_file(path, bad, len);
			CacheStatus st;
			CacheEntry *e = cache_lookup(f->cache, k, "chat", &st);
			if (e != NULL)
				fail_msg("byte %zu ^ 0x%02x was not detected (answer '%s')", i, masks[m], e->answer);
			assert_int_equal(st, CACHE_CORRUPT);
			assert_false(exists(path)); /* dropped */
		}
	}
	fixture_free(f);
}

static void
test_corrupt_truncate_every_offset(void **state)
{
	Fixture *f = fixture_new(0, 0);
	g_autofree char *k = key_n("", 5);
	store_ok(f, k, NULL, "short answer");
	g_autofree char *path = cache_entry_path(f->cache, k);
	size_t len;
	g_autofree char *orig = read_file(path, &len);
	for (size_t n = 0; n < len; n++) {
		write_file(path, orig, n);
		assert_int_equal(lookup_status(f, k, NULL), CACHE_CORRUPT);
		assert_false(exists(path));
	}
	/* Padding after the payload is caught too. */
	g_autofree char *padded = g_strconcat(orig, "\n", NULL);
	write_file(path, padded, len + 1);
	assert_int_equal(lookup_status(f, k, NULL), CACHE_CORRUPT);
	write_file(path, orig, len);
	assert_int_equal(lookup_status(f, k, NULL), CACHE_HIT);
	fixture_free(f);
}

/* An entry with a valid checksum that is still not acceptable. */
static void
write_reencoded(const char *path, const char *header_fmt, const char *payload)
{
	g_autofree char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, payload, -1);
	g_autofree char *head = g_strdup_printf(header_fmt, strlen(payload), sum);
	g_autofree char *all = g_strconcat(head, payload, NULL);
	write_file(path, all, strlen(all));
}

static void
test_corrupt_wrong_version_and_foreign(void **state)
{
	Fixture *f = fixture_new(0, 0);
	g_autofree char *k = key_n("", 6);
	g_autofree char *other = key_n("", 7);
	g_autofree char *path = cache_entry_path(f->cache, k);
	store_ok(f, k, NULL, "x"); /* creates the shard directory */
	g_autofree char *good = g_strdup_printf("{\"key\":\"%s\",\"created\":%" G_GINT64_FORMAT ",\"model\":\"m\",\"answer\":\"hi\"}",
						k, f->now);
	const char *v1 = "{\"format\":\"aurelis-cache\",\"version\":1,\"payload_bytes\":%zu,\"checksum\":\"sha256:%s\"}\n";
	write_reencoded(path, v1, good);
	assert_int_equal(lookup_status(f, k, NULL), CACHE_HIT); /* the hand-made entry is valid */

	write_reencoded(path, "{\"format\":\"aurelis-cache\",\"version\":2,\"payload_bytes\":%zu,\"checksum\":\"sha256:%s\"}\n", good);
	assert_int_equal(lookup_status(f, k, NULL), CACHE_CORRUPT);
	write_reencoded(path, "{\"format\":\"other-cache\",\"version\":1,\"payload_bytes\":%zu,\"checksum\":\"sha256:%s\"}\n", good);
	assert_int_equal(lookup_status(f, k, NULL), CACHE_CORRUPT);
	/* Another key's entry in this key's place. */
	g_autofree char *misplaced = g_strdup_printf("{\"key\":\"%s\",\"created\":%" G_GINT64_FORMAT ",\"model\":\"m\",\"answer\":\"hi\"}",
						     other, f->now);
	write_reencoded(path, v1, misplaced);
	assert_int_equal(lookup_status(f, k, NULL), CACHE_CORRUPT);
	/* Checksummed payloads with missing or mistyped fields. */
	const char *payloads[] = {
		"{\"key\":\"%s\",\"created\":1,\"model\":\"m\"}",
		"{\"key\":\"%s\",\"created\":1,\"model\":\"m\",\"answer\":\"\"}",
		"{\"key\":\"%s\",\"created\":-1,\"model\":\"m\",\"answer\":\"a\"}",
		"{\"key\":\"%s\",\"created\":1.5,\"model\":\"m\",\"answer\":\"a\"}",
		"{\"key\":\"%s\",\"created\":1,\"model\":7,\"answer\":\"a\"}",
		"{\"key\":\"%s\",\"created\":1,\"model\":\"m\",\"answer\":[\"a\"]}",
		"{\"key\":\"%s\",\"created\":1,\"model\":\"m\",\"answer\":\"a\",\"usage\":[]}",
		"{\"key\":\"%s\",\"created\":1,\"model\":\"m\",\"answer\":\"a\",\"usage\":{\"prompt_tokens\":\"9\"}}",
		"{\"key\":\"%s\",\"created\":1,\"model\":\"m\",\"answer\":\"a\",\"task\":{}}",
		"[\"%s\"]",
		"\"%s\"",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(payloads); i++) {
		g_autofree char *p = g_strdup_printf(payloads[i], k);
		write_reencoded(path, v1, p);
		CacheStatus st;
		CacheEntry *e = cache_lookup(f->cache, k, NULL, &st);
		if (e != NULL)
			fail_msg("payload %zu accepted", i);
		assert_int_equal(st, CACHE_CORRUPT);
	}
	/* Foreign files: plain JSON, text, binary, empty. */
	const char *foreign[] = { "{\"hello\":\"world\"}\n{}", "hello\nworld", "\x00\x01\x02\n\x03", "" };
	const size_t foreign_len[] = { strlen(foreign[0]), strlen(foreign[1]), 5, 0 };
	for (size_t i = 0; i < G_N_ELEMENTS(foreign); i++) {
		write_file(path, foreign[i], foreign_len[i]);
		assert_int_equal(lookup_status(f, k, NULL), CACHE_CORRUPT);
		assert_false(exists(path));
	}
	fixture_free(f);
}

static void
test_corrupt_not_a_file(void **state)
{
	Fixture *f = fixture_new(0, 0);
	g_autofree char *k = key_n("", 8);
	g_autofree char *path = cache_entry_path(f->cache, k);
	store_ok(f, k, NULL, "x");
	assert_int_equal(unlink(path), 0);
	/* An empty directory where the entry should be: dropped. */
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(lookup_status(f, k, NULL), CACHE_CORRUPT);
	assert_false(exists(path));
	store_ok(f, k, NULL, "after the directory");
	assert_int_equal(lookup_status(f, k, NULL), CACHE_HIT);
	/* A directory with something in it is left alone (never deleted recursively) and a
	 * store onto it fails cleanly. */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkdir(path, 0700), 0);
	g_autofree char *inner = g_build_filename(path, "keep", NULL);
	unit_write(inner, "mine");
	assert_int_equal(lookup_status(f, k, NULL), CACHE_CORRUPT);
	assert_true(exists(inner));
	CacheAnswer a = { "m", NULL, "x", NULL, -1, -1, -1 };
	g_autoptr(AurError) e = NULL;
	assert_false(cache_store(f->cache, k, &a, CACHE_ANSWER_COMPLETE, &e));
	assert_int_equal(e->category, AUR_ERR_IO);
	assert_true(exists(inner));
	assert_int_equal(unlink(inner), 0);
	assert_int_equal(rmdir(path), 0);
	/* A symbolic link is never followed: dropped, and its target is untouched. */
	g_autofree char *target = g_build_filename(f->dir, "target", NULL);
	unit_write(target, "secret");
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(lookup_status(f, k, NULL), CACHE_CORRUPT);
	assert_false(exists(path));
	g_autofree char *t = unit_read(target);
	assert_string_equal(t, "secret");
	/* A FIFO does not block the lookup. */
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(lookup_status(f, k, NULL), CACHE_CORRUPT);
	/* A file where the shard directory should be: a miss, and a store fails cleanly. */
	g_autofree char *k2 = key_n("77", 1);
	g_autofree char *shard = g_build_filename(f->dir, "responses", "77", NULL);
	unit_write(shard, "not a directory");
	assert_int_equal(lookup_status(f, k2, NULL), CACHE_MISS);
	g_autoptr(AurError) e2 = NULL;
	assert_false(cache_store(f->cache, k2, &a, CACHE_ANSWER_COMPLETE, &e2));
	assert_int_equal(e2->category, AUR_ERR_IO);
	/* Malformed keys are never looked up. */
	assert_int_equal(lookup_status(f, "../../x", NULL), CACHE_MISS);
	fixture_free(f);
}

static void
test_decode_round_trip(void **state)
{
	CacheEntry e = { .key = g_strnfill(64, 'e'), .model = (char *)"openai/gpt-4.1", .task = NULL,
			 .answer = (char *)"quote \" backslash \\ newline \n tab \t unicode \xe2\x9c\x93",
			 .finish_reason = (char *)"length", .prompt_tokens = 0, .completion_tokens = -1,
			 .total_tokens = 99, .created_ms = 1 };
	size_t len;
	g_autofree char *buf = cache_entry_encode(&e, &len);
	g_autoptr(AurError) err = NULL;
	g_autoptr(CacheEntry) d = cache_entry_decode(buf, len, &err);
	assert_non_null(d);
	assert_string_equal(d->answer, e.answer);
	assert_string_equal(d->finish_reason, "length");
	assert_null(d->task);
	assert_int_equal(d->prompt_tokens, 0);
	assert_int_equal(d->completion_tokens, -1);
	assert_int_equal(d->total_tokens, 99);
	assert_null(cache_entry_decode(NULL, 0, NULL));
	/* A header line that never ends, and one that claims an absurd payload. */
	g_autofree char *longhead = g_strnfill(4096, '{');
	assert_null(cache_entry_decode(longhead, 4096, NULL));
	const char *absurd = "{\"format\":\"aurelis-cache\",\"version\":1,\"payload_bytes\":1e300,\"checksum\":\"sha256:00\"}\n{}";
	assert_null(cache_entry_decode(absurd, strlen(absurd), NULL));
	g_free(e.key);
}

/* ---- management ---------------------------------------------------------------------------- */

static void
test_list_resolve_peek(void **state)
{
	Fixture *f = fixture_new(0, 0);
	g_autofree char *a = key_n("abcd", 1);
	g_autofree char *b = key_n("abcd", 2);
	g_autofree char *c = key_n("1234", 3);
	store_ok(f, a, "chat", "A");
	f->now += 1000;
	store_ok(f, b, "fix", "B");
	f->now += 1000;
	store_ok(f, c, NULL, "C");
	f->now += 1000;
	assert_int_equal(lookup_status(f, a, "chat"), CACHE_HIT);
	CacheSummary s;
	g_autoptr(GPtrArray) all = cache_list(f->cache, &s, NULL);
	assert_int_equal(all->len, 3);
	assert_string_equal(((CacheEntry *)all->pdata[0])->key, a); /* most recently used */
	assert_string_equal(((CacheEntry *)all->pdata[1])->key, c);
	assert_string_equal(((CacheEntry *)all->pdata[2])->key, b);
	assert_int_equal(s.entries, 3);
	assert_int_equal(s.expired, 0);
	assert_int_equal(s.newest_used_ms, f->now);

	g_autoptr(AurError) e = NULL;
	g_autofree char *r1 = cache_resolve_prefix(f->cache, "1234", &e);
	assert_string_equal(r1, c);
	g_autofree char *r2 = cache_resolve_prefix(f->cache, "ABCD", &e); /* ambiguous */
	assert_null(r2);
	assert_int_equal(e->category, AUR_ERR_USAGE);
	assert_str_contains(e->hint, "abcd");
	g_clear_pointer(&e, aur_error_free);
	g_autofree char *long_prefix = g_strdup(b); /* the whole key is a prefix too */
	g_autofree char *r3 = cache_resolve_prefix(f->cache, long_prefix, &e);
	assert_string_equal(r3, b);
	assert_null(cache_resolve_prefix(f->cache, "ffff", &e));
	assert_int_equal(e->category, AUR_ERR_NOT_FOUND);
	g_clear_pointer(&e, aur_error_free);
	assert_null(cache_resolve_prefix(f->cache, "abc", &e));
	assert_int_equal(e->category, AUR_ERR_USAGE);
	g_clear_pointer(&e, aur_error_free);
	assert_null(cache_resolve_prefix(f->cache, "../..", &e));
	g_clear_pointer(&e, aur_error_free);

	/* Peeking does not count as use and shows expired entries as such. */
	int64_t before = f->now;
	f->now += 3600 * 1000;
	g_autoptr(CacheEntry) p = cache_peek(f->cache, b, &e);
	assert_non_null(p);
	assert_true(p->expired);
	assert_int_equal(p->last_used_ms, before - 2000);
	fixture_free(f);
}

static void
set_mtime(const char *path, int64_t ms)
{
	struct timespec ts[2] = { { (time_t)(ms / 1000), 0 }, { (time_t)(ms / 1000), 0 } };
	assert_int_equal(utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW), 0);
}

static void
test_prune_and_clear(void **state)
{
	Fixture *f = fixture_new(2, 0);
	cache_set_task_ttl(f->cache, "fix", 60);
	g_autofree char *old = key_n("01", 1);
	g_autofree char *bad = key_n("02", 2);
	store_ok(f, old, "fix", "old");
	store_ok(f, bad, NULL, "bad");
	g_autofree char *bad_path = cache_entry_path(f->cache, bad);
	unit_write(bad_path, "garbage");
	set_mtime(bad_path, f->now);
	/* A temporary file left by a crashed writer, and one being written right now. */
	g_autofree char *stale = g_build_filename(f->dir, "responses", "01", ".tmp-AAAAAA", NULL);
	g_autofree char *fresh = g_build_filename(f->dir, "responses", "01", ".tmp-BBBBBB", NULL);
	unit_write(stale, "x");
	unit_write(fresh, "x");
	set_mtime(stale, f->now - 7200 * 1000);
	f->now += 120 * 1000; /* "old" (task fix, TTL 60 s) has expired */
	set_mtime(fresh, f->now);
	CacheSummary s;
	g_autoptr(GPtrArray) before = cache_list(f->cache, &s, NULL);
	assert_int_equal(before->len, s.entries);
	assert_int_equal(s.entries, 1);
	assert_int_equal(s.expired, 1);
	assert_int_equal(s.corrupt, 1);
	assert_int_equal(s.temp, 2);
	CachePruneResult r;
	assert_true(cache_prune(f->cache, &r, NULL));
	assert_int_equal(r.expired, 1);
	assert_int_equal(r.corrupt, 1);
	assert_int_equal(r.temp, 1);
	assert_int_equal(r.evicted, 0);
	assert_int_equal(r.kept, 0);
	assert_true(exists(fresh));
	assert_false(exists(stale));
	assert_false(exists(bad_path));

	/* Entries written under a larger limit are cut down to this one's by prune. */
	g_autofree char *cdir = g_build_filename(f->dir, "responses", NULL);
	CacheOptions wide_o = { cdir, 3600, 0, 0 };
	g_autoptr(Cache) wide = cache_new(&wide_o);
	cache_set_clock(wide, fake_clock, &f->now);
	char *k[3];
	for (unsigned i = 0; i < 3; i++) {
		k[i] = key_n("0f", i);
		f->now += 1000;
		CacheAnswer a = { "m", NULL, "answer", NULL, -1, -1, -1 };
		assert_true(cache_store(wide, k[i], &a, CACHE_ANSWER_COMPLETE, NULL));
	}
	assert_true(cache_prune(f->cache, &r, NULL));
	assert_int_equal(r.evicted, 1);
	assert_int_equal(r.kept, 2);
	assert_true(r.kept_bytes > 0);
	assert_int_equal(lookup_status(f, k[0], NULL), CACHE_MISS);
	assert_int_equal(lookup_status(f, k[1], NULL), CACHE_HIT);
	assert_int_equal(lookup_status(f, k[2], NULL), CACHE_HIT);

	int64_t removed = 0;
	assert_true(cache_clear(f->cache, &removed, NULL));
	assert_int_equal(removed, 2);
	g_autoptr(GPtrArray) after = cache_list(f->cache, &s, NULL);
	assert_int_equal(after->len, 0);
	assert_int_equal(s.temp, 0);
	assert_false(exists(fresh));
	for (unsigned i = 0; i < 3; i++)
		g_free(k[i]);
	/* Clearing or pruning a cache that was never written is fine. */
	g_autofree char *nowhere = g_build_filename(f->dir, "never", NULL);
	CacheOptions o = { nowhere, 60, 0, 0 };
	g_autoptr(Cache) empty = cache_new(&o);
	assert_true(cache_clear(empty, &removed, NULL));
	assert_int_equal(removed, 0);
	assert_true(cache_prune(empty, &r, NULL));
	g_autoptr(GPtrArray) none = cache_list(empty, NULL, NULL);
	assert_int_equal(none->len, 0);
	fixture_free(f);
}

/* ---- several processes at once -------------------------------------------------------------- */

#define WORKERS 8
#define ROUNDS 300
#define SHARED_KEYS 8

/* One worker: store and look up the same few keys as the others, with eviction and prune
 * running underneath.  Exits 0; 2 when a hit returned an answer for another key, 3 when it
 * never hit, 4 when a lookup found a damaged entry (writes are atomic, so none may be seen). */
static void G_GNUC_NORETURN
hammer(const char *dir, unsigned id)
{
	CacheOptions o = { dir, 3600, 5, 0 };
	Cache *c = cache_new(&o);
	char *keys[SHARED_KEYS];
	for (unsigned i = 0; i < SHARED_KEYS; i++)
		keys[i] = key_n("", 0x5000 + i);
	unsigned hits = 0;
	for (unsigned i = 0; i < ROUNDS; i++) {
		unsigned k = (id * 3 + i * 7) % SHARED_KEYS;
		if (i % 3 == 0) {
			g_autofree char *pad = g_strnfill((i * 131 + id * 17) % 6000, 'z');
			g_autofree char *answer = g_strdup_printf("answer %u from %u %s", k, id, pad);
			CacheAnswer a = { "m", "chat", answer, "stop", 1, 2, 3 };
			(void)cache_store(c, keys[k], &a, CACHE_ANSWER_COMPLETE, NULL);
		} else if (i % 97 == 0) {
			(void)cache_prune(c, NULL, NULL);
		} else {
			CacheStatus st;
			CacheEntry *e = cache_lookup(c, keys[k], "chat", &st);
			if (st == CACHE_CORRUPT)
				_exit(4); /* a reader saw a half-written or damaged file */
			if (e != NULL) {
				g_autofree char *want = g_strdup_printf("answer %u from ", k);
				if (!g_str_has_prefix(e->answer, want))
					_exit(2);
				hits++;
			}
			cache_entry_free(e);
		}
	}
	_exit(hits > 0 ? 0 : 3);
}

static void
test_concurrent_processes(void **state)
{
	g_autofree char *base = unit_tmpdir();
	g_autofree char *dir = g_build_filename(base, "responses", NULL);
	pid_t pids[WORKERS];
	for (unsigned i = 0; i < WORKERS; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0)
			hammer(dir, i);
	}
	for (unsigned i = 0; i < WORKERS; i++) {
		int status;
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		if (WEXITSTATUS(status) != 0)
			fail_msg("worker %u exited %d (2: wrong answer, 3: no hits, 4: damaged entry seen)", i,
				 WEXITSTATUS(status));
	}
	/* Every entry left verifies (checksum, key), none is damaged, no temporary file is left
	 * and the entry limit holds. */
	CacheOptions o = { dir, 3600, 5, 0 };
	g_autoptr(Cache) c = cache_new(&o);
	CacheSummary s;
	g_autoptr(GPtrArray) all = cache_list(c, &s, NULL);
	assert_int_equal(s.corrupt, 0);
	assert_int_equal(s.temp, 0);
	assert_true(s.entries > 0 && s.entries <= 5);
	for (guint i = 0; i < all->len; i++) {
		const CacheEntry *e = all->pdata[i];
		g_autofree char *path = cache_entry_path(c, e->key);
		size_t len;
		g_autofree char *raw = read_file(path, &len);
		g_autoptr(CacheEntry) d = cache_entry_decode(raw, len, NULL);
		assert_non_null(d);
		assert_string_equal(d->key, e->key);
	}
	unit_rmdir(g_steal_pointer(&base));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_same_request),
		cmocka_unit_test(test_key_semantic_changes),
		cmocka_unit_test(test_key_ignores_token),
		cmocka_unit_test(test_key_canonical_text),
		cmocka_unit_test(test_key_rejects_non_requests),
		cmocka_unit_test(test_policy),
		cmocka_unit_test(test_config_ttl_by_task),
		cmocka_unit_test(test_hit_miss_ttl),
		cmocka_unit_test(test_ttl_by_task),
		cmocka_unit_test(test_store_replaces),
		cmocka_unit_test(test_evict_by_entries),
		cmocka_unit_test(test_evict_by_bytes),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_corrupt_flip_every_byte),
		cmocka_unit_test(test_corrupt_truncate_every_offset),
		cmocka_unit_test(test_corrupt_wrong_version_and_foreign),
		cmocka_unit_test(test_corrupt_not_a_file),
		cmocka_unit_test(test_decode_round_trip),
		cmocka_unit_test(test_list_resolve_peek),
		cmocka_unit_test(test_prune_and_clear),
		cmocka_unit_test(test_concurrent_processes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
