/* SPDX-License-Identifier: MIT */
/* Fixed sets of words (keywords, rule triggers) looked up by (pointer, length) without
 * copying: the lexers and rule matchers call this once per identifier. */
#ifndef AURELIS_WORDSET_H
#define AURELIS_WORDSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct WordSet WordSet;

/* Only the filter is public, so lookups of words that cannot be in the set (most of those
 * a lexer sees) cost no call. */
struct WordSet {
	uint32_t lengths[256];  /* by first byte: bit min(length, 31) for each word */
	struct WordSlot *slots;
	size_t mask;
	size_t count;
};

/* A set built from a NULL-terminated list; each word's value is its index + 1.  Words are
 * not copied: they must outlive the set (string literals do).  Free with wordset_free(). */
WordSet *wordset_new(const char *const *words);
void wordset_free(WordSet *ws);
/* Add one word with a value (> 0); a later add of the same word replaces the value. */
void wordset_add(WordSet *ws, const char *word, int value);
/* The hash probe behind wordset_lookup(). */
int wordset_probe(const WordSet *ws, const char *s, size_t len);

/* The value of s[0..len), or 0 when it is not in the set. */
static inline int
wordset_lookup(const WordSet *ws, const char *s, size_t len)
{
	if (len > 0 && !(ws->lengths[(unsigned char)s[0]] & (1u << (len < 31 ? len : 31))))
		return 0;
	return wordset_probe(ws, s, len);
}

#endif
