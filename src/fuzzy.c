/* SPDX-License-Identifier: MIT */
/* Fuzzy matching: the best alignment of each pattern term in a text, by dynamic programming. */
#include "autoconfig.h"

#include <limits.h>
#include <string.h>

#include "fuzzy.h"

/*
 * For a term t[0..m) and a text s[0..n), best[i][j] is the best score of an alignment of
 * t[0..i] whose last character matches s[j].  It comes either from best[i-1][j-1] (a run:
 * RUN is added) or from the best best[i-1][k] with k < j-1, less the gap's cost (GAP_OPEN
 * plus GAP_EXTEND per character beyond the first).  A character in a run scores at least
 * the word bonus of the run's first character, so "code" in "x code" beats the word starts
 * of "c-o-d-e".  The best gap candidate is carried along the row, so a term costs O(m * n) time and two rows of memory; the back pointers needed
 * for highlighting are kept only when positions are asked for.
 */

#define NEG (INT_MIN / 4)
#define MATCH 16
#define RUN 6         /* at least this for a character that continues a run */
#define BONUS_WORD 10   /* after a separator, or the start of the text */
#define BONUS_CAMEL 8   /* an upper-case letter after a lower-case one */
#define GAP_OPEN 8
#define GAP_EXTEND 1
#define LEAD_MAX 15     /* text before the first match costs one a character, up to this */

typedef struct {
	gunichar folded[FUZZY_MAX_TEXT]; /* lower case */
	gunichar exact[FUZZY_MAX_TEXT];
	guint32 off[FUZZY_MAX_TEXT];     /* byte offset of each character */
	guint8 bonus[FUZZY_MAX_TEXT];
	int n;
} Text;

/* A bad byte: never equal to a pattern character (patterns are decoded the same way, but
 * their bad bytes are dropped). */
#define BAD_CHAR ((gunichar)-1)

static bool
is_separator(gunichar c)
{
	return c == ' ' || c == '-' || c == '_' || c == '/' || c == '.' || c == ':' || c == '\t' ||
	       c == ',' || c == '(' || c == '[' || c == '\\';
}

static void
text_decode(Text *t, const char *s)
{
	t->n = 0;
	gunichar before = ' ';
	size_t len = strlen(s);
	for (size_t i = 0; i < len && t->n < FUZZY_MAX_TEXT;) {
		gunichar c = g_utf8_get_char_validated(s + i, (gssize)(len - i));
		size_t step = 1;
		if (c < (gunichar)-2)
			step = (size_t)(g_utf8_next_char(s + i) - (s + i));
		else
			c = BAD_CHAR;
		int k = t->n++;
		t->off[k] = (guint32)i;
		t->exact[k] = c;
		t->folded[k] = c == BAD_CHAR ? c : g_unichar_tolower(c);
		guint8 b = 0;
		if (is_separator(before))
			b = BONUS_WORD;
		else if (c != BAD_CHAR && before != BAD_CHAR && g_unichar_isupper(c) &&
			 g_unichar_islower(before))
			b = BONUS_CAMEL;
		t->bonus[k] = b;
		before = c;
		i += step;
	}
}

typedef struct {
	gunichar c[FUZZY_MAX_TERM];
	int m;
	bool exact; /* smart case: the term has an upper-case letter */
} Term;

/* false when the term is too long to match anything. */
static bool
term_decode(Term *t, const char *s, size_t len)
{
	t->m = 0;
	t->exact = false;
	for (size_t i = 0; i < len;) {
		gunichar c = g_utf8_get_char_validated(s + i, (gssize)(len - i));
		if (c >= (gunichar)-2) {
			i++;
			continue;
		}
		i += (size_t)(g_utf8_next_char(s + i) - (s + i));
		if (t->m == FUZZY_MAX_TERM)
			return false;
		t->exact = t->exact || g_unichar_isupper(c);
		t->c[t->m++] = c;
	}
	if (!t->exact)
		for (int i = 0; i < t->m; i++)
			t->c[i] = g_unichar_tolower(t->c[i]);
	return true;
}

/* The best score of term in text, or NEG.  from (m * n entries, may be NULL) gets the back
 * pointers; *end the text index of the last character of the best alignment. */
static int
align(const Term *term, const Text *text, gint16 *from, int *end)
{
	int n = text->n, m = term->m;
	if (m == 0 || n < m)
		return NEG;
	const gunichar *s = term->exact ? text->exact : text->folded;
	/* Most texts do not match at all: a greedy scan says so in O(n). */
	int found = 0;
	for (int j = 0; j < n && found < m; j++)
		found += s[j] == term->c[found];
	if (found < m)
		return NEG;
	int *prev = g_new(int, n), *cur = g_new(int, n);
	/* The word bonus of the first character of the run each cell ends. */
	guint8 *prev_b = g_new0(guint8, n), *cur_b = g_new0(guint8, n);
	for (int i = 0; i < m; i++) {
		int gap = NEG, gap_k = -1;
		for (int j = 0; j < n; j++) {
			/* Candidates k <= j - 2: each gap grows by one; k = j - 2 joins. */
			if (i > 0 && j >= 2) {
				int joined = prev[j - 2] > NEG ? prev[j - 2] - GAP_OPEN : NEG;
				int grown = gap > NEG ? gap - GAP_EXTEND : NEG;
				if (joined >= grown && joined > NEG) {
					gap = joined;
					gap_k = j - 2;
				} else {
					gap = grown;
				}
			}
			cur[j] = NEG;
			if (s[j] != term->c[i] || j < i)
				continue;
			int b = text->bonus[j];
			int here = MATCH + b;
			int k = -1;
			cur_b[j] = (guint8)b;
			if (i == 0) {
				here += b - MIN(j, LEAD_MAX);
			} else {
				int run_bonus = MAX(MAX(b, RUN), j >= 1 ? prev_b[j - 1] : 0);
				int run = j >= 1 && prev[j - 1] > NEG ? prev[j - 1] + MATCH + run_bonus : NEG;
				int jump = gap > NEG ? gap + here : NEG;
				if (run == NEG && jump == NEG)
					continue;
				if (run >= jump) {
					here = run;
					k = j - 1;
					cur_b[j] = (guint8)MAX(b, prev_b[j - 1]);
				} else {
					here = jump;
					k = gap_k;
				}
			}
			cur[j] = here;
			if (from != NULL)
				from[i * n + j] = (gint16)k;
		}
		int *t = prev;
		prev = cur;
		cur = t;
		guint8 *tb = prev_b;
		prev_b = cur_b;
		cur_b = tb;
	}
	int best = NEG;
	for (int j = 0; j < n; j++) {
		if (prev[j] > best) {
			best = prev[j];
			*end = j;
		}
	}
	g_free(prev);
	g_free(cur);
	g_free(prev_b);
	g_free(cur_b);
	return best;
}

static void
add_positions(const Term *term, const Text *text, GArray *positions)
{
	int n = text->n, m = term->m, j = 0;
	gint16 *from = g_new(gint16, (gsize)m * (gsize)n);
	if (align(term, text, from, &j) > NEG) {
		for (int i = m - 1; i >= 0 && j >= 0; i--) {
			guint32 off = text->off[j];
			g_array_append_val(positions, off);
			j = from[i * n + j];
		}
	}
	g_free(from);
}

static gint
cmp_u32(gconstpointer a, gconstpointer b)
{
	guint32 x = *(const guint32 *)a, y = *(const guint32 *)b;
	return x < y ? -1 : x > y;
}

static void
sort_unique(GArray *a)
{
	g_array_sort(a, cmp_u32);
	guint w = 0;
	for (guint r = 0; r < a->len; r++)
		if (w == 0 || g_array_index(a, guint32, w - 1) != g_array_index(a, guint32, r))
			g_array_index(a, guint32, w++) = g_array_index(a, guint32, r);
	g_array_set_size(a, w);
}

bool
fuzzy_match(const char *pattern, const char *text, int *score, GArray *positions)
{
	if (score != NULL)
		*score = 0;
	if (positions != NULL)
		g_array_set_size(positions, 0);
	pattern = pattern ? pattern : "";
	Text *t = NULL;
	int total = 0;
	bool ok = true;
	for (const char *p = pattern; *p && ok;) {
		size_t skip = strspn(p, " "), len = strcspn(p + skip, " ");
		const char *word = p + skip;
		p = word + len;
		if (len == 0)
			continue;
		Term term;
		if (t == NULL) {
			t = g_new(Text, 1);
			text_decode(t, text ? text : "");
		}
		int end = 0;
		int s = term_decode(&term, word, len) ? align(&term, t, NULL, &end) : NEG;
		if (s == NEG && term.m == 0)
			continue; /* only bad bytes: nothing to look for */
		ok = s > NEG;
		total += ok ? s : 0;
		if (ok && positions != NULL)
			add_positions(&term, t, positions);
	}
	g_free(t);
	if (!ok) {
		if (positions != NULL)
			g_array_set_size(positions, 0);
		return false;
	}
	if (positions != NULL)
		sort_unique(positions);
	if (score != NULL)
		*score = total;
	return true;
}

static gint
cmp_ranked(gconstpointer pa, gconstpointer pb)
{
	const FuzzyRanked *a = pa, *b = pb;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

void
fuzzy_ranked_take(GArray *ranked, bool sort, GArray *out)
{
	if (sort)
		g_array_sort(ranked, cmp_ranked);
	for (guint i = 0; i < ranked->len; i++)
		g_array_append_val(out, g_array_index(ranked, FuzzyRanked, i).index);
}

GArray *
fuzzy_rank(const char *pattern, const char *const *texts, guint n)
{
	g_autoptr(GArray) ranked = g_array_new(FALSE, FALSE, sizeof(FuzzyRanked));
	bool empty = pattern == NULL || pattern[strspn(pattern, " ")] == '\0';
	for (guint i = 0; i < n; i++) {
		FuzzyRanked r = { i, 0, texts[i] ? strlen(texts[i]) : 0 };
		if (empty || fuzzy_match(pattern, texts[i], &r.score, NULL))
			g_array_append_val(ranked, r);
	}
	GArray *out = g_array_sized_new(FALSE, FALSE, sizeof(guint), ranked->len);
	fuzzy_ranked_take(ranked, !empty, out);
	return out;
}
