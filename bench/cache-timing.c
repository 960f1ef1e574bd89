/* SPDX-License-Identifier: MIT */
/* Benchmark driver: a cache hit (key, lookup, replay) with N entries present, in-process. */
#include "autoconfig.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cache.h"
#include "util.h"

/*
 * Usage: cache-timing DIR ENTRIES RUNS
 * Fills DIR with ENTRIES answers (about 2 KB each, requests of about 3 KB), then times RUNS
 * hits on random entries: computing the key from the request body, the lookup (open, read,
 * checksum, parse, futimens) and writing the answer to /dev/null.  Prints one JSON object
 * with medians and tails in microseconds, and one key for end-to-end tests.
 */

static cJSON *
request(unsigned i)
{
	cJSON *b = cJSON_CreateObject();
	cJSON_AddStringToObject(b, "model", "openai/gpt-4.1-mini");
	cJSON *msgs = cJSON_AddArrayToObject(b, "messages");
	cJSON *sys = cJSON_CreateObject();
	cJSON_AddStringToObject(sys, "role", "system");
	g_autofree char *sys_text = g_strnfill(1500, 's');
	cJSON_AddStringToObject(sys, "content", sys_text);
	cJSON_AddItemToArray(msgs, sys);
	cJSON *user = cJSON_CreateObject();
	cJSON_AddStringToObject(user, "role", "user");
	g_autofree char *ctx = g_strnfill(1500, 'c');
	g_autofree char *user_text = g_strdup_printf("Question %u about this code:\n%s", i, ctx);
	cJSON_AddStringToObject(user, "content", user_text);
	cJSON_AddItemToArray(msgs, user);
	cJSON_AddNumberToObject(b, "temperature", 0.2);
	cJSON_AddBoolToObject(b, "stream", true);
	return b;
}

static char *
key_for(unsigned i)
{
	cJSON *b = request(i);
	CacheRequest r = { "https://models.github.ai/inference", NULL, b };
	char *k = cache_key(&r);
	cJSON_Delete(b);
	return k;
}

static gint
cmp_i64(gconstpointer a, gconstpointer b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static int64_t
pct(GArray *a, double p)
{
	g_array_sort(a, cmp_i64);
	guint i = (guint)(p / 100.0 * (a->len - 1) + 0.5);
	return g_array_index(a, int64_t, MIN(i, a->len - 1));
}

int
main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s DIR ENTRIES RUNS\n", argv[0]);
		return 2;
	}
	unsigned n = (unsigned)atoi(argv[2]), runs = (unsigned)atoi(argv[3]);
	CacheOptions o = { argv[1], 3600, n, 0 };
	Cache *c = cache_new(&o);
	g_autofree char *answer = NULL;
	GString *a = g_string_new("Here is how it works:\n\n```c\n");
	while (a->len < 2000)
		g_string_append(a, "int value = compute(input, sizeof input); /* why */\n");
	g_string_append(a, "```\n");
	answer = g_string_free(a, FALSE);
	GArray *store_us = g_array_new(FALSE, FALSE, sizeof(int64_t));
	for (unsigned i = 0; i < n; i++) {
		g_autofree char *k = key_for(i);
		CacheAnswer ans = { "openai/gpt-4.1-mini", "chat", answer, "stop", 800, 500, 1300 };
		int64_t t0 = util_mono_us();
		if (!cache_store(c, k, &ans, CACHE_ANSWER_COMPLETE, NULL)) {
			fprintf(stderr, "store failed\n");
			return 1;
		}
		g_array_append_val(store_us, (int64_t){ util_mono_us() - t0 });
	}
	int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	GArray *hit_us = g_array_new(FALSE, FALSE, sizeof(int64_t));
	GArray *key_us = g_array_new(FALSE, FALSE, sizeof(int64_t));
	unsigned misses = 0;
	for (unsigned r = 0; r < runs; r++) {
		cJSON *body = request(g_random_int_range(0, (gint32)n)); /* built by the caller anyway */
		CacheRequest req = { "https://models.github.ai/inference", NULL, body };
		int64_t t0 = util_mono_us();
		char *k = cache_key(&req);
		int64_t t1 = util_mono_us();
		CacheEntry *e = cache_lookup(c, k, "chat", NULL);
		if (e != NULL)
			(void)!write(devnull, e->answer, strlen(e->answer));
		else
			misses++;
		int64_t t2 = util_mono_us();
		cache_entry_free(e);
		g_free(k);
		cJSON_Delete(body);
		g_array_append_val(hit_us, (int64_t){ t2 - t0 });
		g_array_append_val(key_us, (int64_t){ t1 - t0 });
	}
	g_autofree char *sample = key_for(0);
	printf("{\"entries\":%u,\"runs\":%u,\"misses\":%u,\"median_us\":%" G_GINT64_FORMAT
	       ",\"p90_us\":%" G_GINT64_FORMAT ",\"p99_us\":%" G_GINT64_FORMAT
	       ",\"key_median_us\":%" G_GINT64_FORMAT ",\"store_median_us\":%" G_GINT64_FORMAT
	       ",\"store_p90_us\":%" G_GINT64_FORMAT ",\"sample_key\":\"%s\"}\n",
	       n, runs, misses, pct(hit_us, 50), pct(hit_us, 90), pct(hit_us, 99), pct(key_us, 50),
	       pct(store_us, 50), pct(store_us, 90), sample);
	close(devnull);
	cache_free(c);
	g_array_unref(hit_us);
	g_array_unref(key_us);
	g_array_unref(store_us);
	return misses == 0 ? 0 : 1;
}
