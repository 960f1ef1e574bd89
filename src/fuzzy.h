/* SPDX-License-Identifier: MIT */
/* Fuzzy matching and ranking for pickers: a pattern's characters in order, scored so that
 * runs, word starts and early matches come first. */
#ifndef AURELIS_FUZZY_H
#define AURELIS_FUZZY_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

/*
 * A pattern is one or more terms separated by spaces; every term must match (in any order
 * relative to the others), each term's characters in order.  Matching ignores case unless
 * the term has an upper-case letter (smart case).  Each term is aligned where it scores
 * best (dynamic programming over the text), not merely where it first fits.
 *
 * Scores: every matched character counts; a character that continues a run, starts a word
 * (after a space, '-', '_', '/', '.', ':', or a lower-to-upper case change) or starts the
 * text counts more; gaps between matched characters cost a little, as does text before the
 * first match.  Only the first FUZZY_MAX_TEXT characters of a text can match, and a term
 * longer than FUZZY_MAX_TERM characters matches nothing, so hostile input costs at most
 * FUZZY_MAX_TERM * FUZZY_MAX_TEXT steps per term.  Invalid UTF-8 counts one character per
 * bad byte and never matches a pattern character.
 */

#define FUZZY_MAX_TEXT 1024
#define FUZZY_MAX_TERM 64

/* Does pattern match text?  *score (may be NULL) gets the score (higher is better; 0 for an
 * empty pattern).  positions (may be NULL) gets the byte offsets in text of the matched
 * characters (guint32, ascending, no duplicates). */
bool fuzzy_match(const char *pattern, const char *text, int *score, GArray *positions);

/* Rank texts[0..n) against pattern: the indexes of those that match, best first (higher
 * score, then shorter text, then earlier in texts).  An empty pattern keeps them all in
 * their order.  Caller frees (GArray of guint). */
GArray *fuzzy_rank(const char *pattern, const char *const *texts, guint n);

/* For callers that score candidates themselves (a picker weighing two texts per item):
 * a GArray of FuzzyRanked, then fuzzy_ranked_take() to append the indexes to out (GArray of
 * guint), best first when sort is true (higher score, then shorter, then lower index), else
 * in the order they were added. */
typedef struct {
	guint index;
	int score;
	size_t len;
} FuzzyRanked;

void fuzzy_ranked_take(GArray *ranked, bool sort, GArray *out);

#endif
