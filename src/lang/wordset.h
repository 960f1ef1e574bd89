/* SPDX-License-Identifier: MIT */
/* Fixed sets of words (keywords, rule triggers) looked up by (pointer, length) without
 * copying: the lexers and rule matchers call this once per identifier. */
#ifndef AURELIS_WORDSET_H
#define AURELIS_WORDSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct WordSet WordSet;

/* A set built from a NULL-terminated list; each word's value is its index + 1.  Words are
 * not copied: they must outlive the set (string literals do).  Free with wordset_free(). */
WordSet *wordset_new(const char *const *words);
void wordset_free(WordSet *ws);
/* Add one word with a value (> 0); a later add of the same word replaces the value. */
void wordset_add(WordSet *ws, const char *word, int value);
/* The value of s[0..len), or 0 when it is not in the set. */
int wordset_lookup(const WordSet *ws, const char *s, size_t len);

#endif
