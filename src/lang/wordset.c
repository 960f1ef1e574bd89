/* SPDX-License-Identifier: MIT */
/* Open-addressing hash set of words keyed by (pointer, length). */
#include "autoconfig.h"

#include <string.h>
#include <glib.h>

#include "wordset.h"

/*
 * GHashTable would need a NUL-terminated key (a copy per identifier looked up) and an
 * indirect call per probe; a lexer asks this for every identifier it sees, so the table is
 * a plain power-of-two array kept at most a quarter full, probed linearly.  Most
 * identifiers are not in the set: a bit per (first byte, length) of the words turns most
 * of them away before any hashing.
 */

typedef struct WordSlot {
	const char *word;
	uint32_t len;
	uint32_t hash;
	int value;
} Slot;

static inline uint32_t
length_bit(size_t n)
{
	return 1u << (n < 31 ? n : 31);
}

/* Mixes the first and last eight bytes and the length: identifiers are short, so two
 * loads replace a byte-by-byte loop; collisions are settled by memcmp anyway. */
static inline uint32_t
hash_bytes(const char *s, size_t n)
{
	uint64_t a = 0, b = 0;
	if (n >= 8) {
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
	} else if (n >= 4) {
		uint32_t x, y;
		memcpy(&x, s, 4);
		memcpy(&y, s + n - 4, 4);
		a = x;
		b = y;
	} else if (n > 0) {
		a = (uint8_t)s[0] | (uint64_t)(uint8_t)s[n / 2] << 8 | (uint64_t)(uint8_t)s[n - 1] << 16;
	}
	uint64_t h = a * 0x9E3779B97F4A7C15ull ^ (b + n) * 0xC2B2AE3D27D4EB4Full;
	h ^= h >> 29;
	return (uint32_t)(h >> 32) ^ (uint32_t)h;
}

static void
grow(WordSet *ws)
{
	size_t old_n = ws->mask + 1;
	Slot *old = ws->slots;
	size_t n = old_n * 2;
	ws->slots = g_new0(Slot, n);
	ws->mask = n - 1;
	for (size_t i = 0; i < old_n; i++) {
		if (old[i].word == NULL)
			continue;
		size_t j = old[i].hash & ws->mask;
		while (ws->slots[j].word != NULL)
			j = (j + 1) & ws->mask;
		ws->slots[j] = old[i];
	}
	g_free(old);
}

void
wordset_add(WordSet *ws, const char *word, int value)
{
	size_t len = strlen(word);
	uint32_t h = hash_bytes(word, len);
	if (len > 0)
		ws->lengths[(unsigned char)word[0]] |= length_bit(len);
	size_t j = h & ws->mask;
	while (ws->slots[j].word != NULL) {
		if (ws->slots[j].len == len && memcmp(ws->slots[j].word, word, len) == 0) {
			ws->slots[j].value = value;
			return;
		}
		j = (j + 1) & ws->mask;
	}
	ws->slots[j] = (Slot){ word, (uint32_t)len, h, value };
	if (++ws->count * 4 > ws->mask + 1)
		grow(ws);
}

WordSet *
wordset_new(const char *const *words)
{
	WordSet *ws = g_new0(WordSet, 1);
	ws->mask = 63;
	ws->slots = g_new0(Slot, 64);
	for (int i = 0; words != NULL && words[i] != NULL; i++)
		wordset_add(ws, words[i], i + 1);
	return ws;
}

void
wordset_free(WordSet *ws)
{
	if (ws == NULL)
		return;
	g_free(ws->slots);
	g_free(ws);
}

int
wordset_probe(const WordSet *ws, const char *s, size_t len)
{
	uint32_t h = hash_bytes(s, len);
	size_t j = h & ws->mask;
	for (;;) {
		const Slot *sl = &ws->slots[j];
		if (sl->word == NULL)
			return 0;
		if (sl->hash == h && sl->len == len && memcmp(sl->word, s, len) == 0)
			return sl->value;
		j = (j + 1) & ws->mask;
	}
}
