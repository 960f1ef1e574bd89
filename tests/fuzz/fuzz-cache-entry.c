/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the cache entry decoder, on raw files and on checksummed payloads. */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whatever decodes must encode and decode again to the same entry. */
static void
check_round_trip(const CacheEntry *e)
{
	size_t len;
	char *again = cache_entry_encode(e, &len);
	CacheEntry *d = cache_entry_decode(again, len, NULL);
	if (d == NULL || strcmp(d->key, e->key) != 0 || strcmp(d->answer, e->answer) != 0 ||
	    strcmp(d->model, e->model) != 0 || d->created_ms != e->created_ms ||
	    d->prompt_tokens != e->prompt_tokens || g_strcmp0(d->task, e->task) != 0)
		abort();
	cache_entry_free(d);
	g_free(again);
}

static void
decode(const char *buf, size_t len)
{
	AurError *err = NULL;
	CacheEntry *e = cache_entry_decode(buf, len, &err);
	if ((e == NULL) == (err == NULL))
		abort(); /* exactly one of an entry or an error */
	if (e != NULL) {
		if (!cache_key_valid(e->key) || e->answer[0] == '\0' ||
		    !g_utf8_validate(e->answer, -1, NULL))
			abort();
		check_round_trip(e);
	}
	aur_error_free(err);
	cache_entry_free(e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* As a whole file: the checksum rejects nearly everything, which is the point. */
	decode((const char *)data, size);
	/* As a payload behind a valid header, so the payload parser is reached too. */
	char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, size);
	char *head = g_strdup_printf("{\"format\":\"aurelis-cache\",\"version\":1,\"payload_bytes\":%zu,"
				     "\"checksum\":\"sha256:%s\"}\n", size, sum);
	size_t hlen = strlen(head);
	char *buf = g_malloc(hlen + size);
	memcpy(buf, head, hlen);
	memcpy(buf + hlen, data, size);
	decode(buf, hlen + size);
	g_free(buf);
	g_free(head);
	g_free(sum);
	return 0;
}
