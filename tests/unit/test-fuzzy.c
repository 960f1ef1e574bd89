/* SPDX-License-Identifier: MIT */
/* Unit tests for fuzzy.c: what matches, how matches rank, highlighted positions, and
 * hostile input (invalid UTF-8, huge texts and patterns). */
#include "autoconfig.h"

#include "fuzzy.h"
#include "unit.h"

static bool
matches(const char *pattern, const char *text)
{
	return fuzzy_match(pattern, text, NULL, NULL);
}

static int
score_of(const char *pattern, const char *text)
{
	int s = -1;
	assert_true(fuzzy_match(pattern, text, &s, NULL));
	return s;
}

/* The texts' order after ranking, as "a|b|c". */
static char *
ranked(const char *pattern, const char *const *texts)
{
	guint n = 0;
	while (texts[n] != NULL)
		n++;
	g_autoptr(GArray) order = fuzzy_rank(pattern, texts, n);
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < order->len; i++)
		g_string_append_printf(s, "%s%s", i ? "|" : "", texts[g_array_index(order, guint, i)]);
	return g_string_free(s, FALSE);
}

/* The matched characters of text, others as '.'. */
static char *
marked(const char *pattern, const char *text)
{
	g_autoptr(GArray) pos = g_array_new(FALSE, FALSE, sizeof(guint32));
	assert_true(fuzzy_match(pattern, text, NULL, pos));
	char *m = g_strdup(text);
	for (char *p = m; *p; p++)
		*p = '.';
	for (guint i = 0; i < pos->len; i++)
		m[g_array_index(pos, guint32, i)] = text[g_array_index(pos, guint32, i)];
	return m;
}

static void
test_subsequence(void **state)
{
	(void)state;
	assert_true(matches("fcs", "focus-code-stuff"));
	assert_true(matches("", "anything"));
	assert_true(matches("   ", "anything"));
	assert_true(matches("", ""));
	assert_false(matches("x", ""));
	assert_false(matches("sf", "focus"));        /* order matters */
	assert_false(matches("focuss", "focus"));    /* every character is needed */
	assert_true(matches("ZOOM", "ZOOM"));
	assert_true(matches("gpt 4.1", "openai/gpt-4.1-mini")); /* terms in any order */
	assert_true(matches("mini gpt", "openai/gpt-4.1-mini"));
	assert_false(matches("mini claude", "openai/gpt-4.1-mini")); /* every term */
}

static void
test_smart_case(void **state)
{
	(void)state;
	assert_true(matches("zoom", "Zoom the pane"));
	assert_true(matches("Zoom", "Zoom the pane"));
	assert_false(matches("ZOom", "zoom the pane")); /* upper case asks for exact case */
	assert_true(matches("émile", "ÉMILE"));         /* folding beyond ASCII */
}

static void
test_ranking_prefers_runs_and_word_starts(void **state)
{
	(void)state;
	/* A run beats scattered letters. */
	assert_true(score_of("zoom", "zoom") > score_of("zoom", "z-o-o-m"));
	/* A word start beats the middle of a word. */
	assert_true(score_of("code", "focus-code") > score_of("code", "barcodes"));
	/* Early beats late. */
	assert_true(score_of("a", "abc") > score_of("a", "xxxxxxa"));
	/* camelCase humps count as word starts. */
	assert_true(score_of("fb", "fooBar") > score_of("fb", "foobar"));
	const char *actions[] = { "layout-reset", "zoom", "focus-code", "code-next", "code-prev",
				  "copy", "history-prev", NULL };
	g_autofree char *r1 = ranked("zoom", actions);
	assert_string_equal(r1, "zoom");
	g_autofree char *r2 = ranked("code", actions);
	/* Both code-* actions start with it and are shorter than focus-code. */
	assert_true(g_str_has_prefix(r2, "code-next|code-prev|focus-code"));
	g_autofree char *r3 = ranked("cp", actions);
	/* c and p starting words come before c...p inside one */
	assert_true(g_str_has_prefix(r3, "code-prev"));
	assert_str_contains(r3, "copy");
	assert_str_lacks(r3, "zoom");
	g_autofree char *all = ranked("", actions);
	assert_string_equal(all, "layout-reset|zoom|focus-code|code-next|code-prev|copy|history-prev");
}

static void
test_rank_ties_are_stable(void **state)
{
	(void)state;
	const char *same[] = { "abc", "abd", "abe", NULL };
	g_autofree char *r = ranked("ab", same);
	assert_string_equal(r, "abc|abd|abe");
	const char *lens[] = { "model-picker-long", "model-picker", NULL };
	g_autofree char *r2 = ranked("model-picker", lens);
	assert_string_equal(r2, "model-picker|model-picker-long");
}

static void
test_positions(void **state)
{
	(void)state;
	g_autofree char *a = marked("abc", "a-b-c");
	assert_string_equal(a, "a.b.c");
	/* The best alignment, not the first: the run "code" at the end. */
	g_autofree char *b = marked("code", "c-o-d-e code");
	assert_string_equal(b, "........code");
	g_autofree char *c = marked("gpt mini", "openai/gpt-4.1-mini");
	assert_string_equal(c, ".......gpt.....mini");
	/* Positions are byte offsets of whole characters. */
	g_autoptr(GArray) pos = g_array_new(FALSE, FALSE, sizeof(guint32));
	assert_true(fuzzy_match("ü", "grün", NULL, pos));
	assert_int_equal(pos->len, 1);
	assert_int_equal(g_array_index(pos, guint32, 0), 2);
	/* A failed match leaves no positions behind. */
	g_array_set_size(pos, 3);
	assert_false(fuzzy_match("zz", "grün", NULL, pos));
	assert_int_equal(pos->len, 0);
}

static void
test_hostile_input(void **state)
{
	(void)state;
	/* Invalid UTF-8 in the text: bad bytes never match, the rest still does. */
	assert_true(matches("ab", "a\xff\xfe" "b"));
	assert_true(matches("\xff", "\xff"));      /* a pattern of bad bytes looks for nothing */
	assert_true(fuzzy_match("\xff", "x", NULL, NULL));
	g_autoptr(GArray) pos = g_array_new(FALSE, FALSE, sizeof(guint32));
	assert_true(fuzzy_match("b", "\xc3(b", NULL, pos));
	assert_int_equal(g_array_index(pos, guint32, 0), 2);
	/* A huge text: only the first FUZZY_MAX_TEXT characters can match, quickly. */
	size_t big = 1 << 20;
	char *text = g_malloc(big + 1);
	memset(text, 'a', big);
	text[big] = '\0';
	memcpy(text + big - 3, "xyz", 3);
	gint64 t0 = g_get_monotonic_time();
	assert_false(matches("xyz", text));
	assert_true(matches("aaa", text));
	char *pat = g_strnfill(FUZZY_MAX_TERM, 'a');
	assert_true(matches(pat, text));
	g_free(pat);
	pat = g_strnfill(FUZZY_MAX_TERM + 1, 'a');
	assert_false(matches(pat, text));          /* a term too long matches nothing */
	g_free(pat);
	/* Many terms, each within the limit. */
	GString *many = g_string_new(NULL);
	for (int i = 0; i < 200; i++)
		g_string_append(many, "aaaa ");
	assert_true(matches(many->str, text));
	g_string_free(many, TRUE);
	assert_true(g_get_monotonic_time() - t0 < 5 * G_USEC_PER_SEC);
	g_free(text);
	/* NULL is the empty string. */
	assert_true(fuzzy_match(NULL, "x", NULL, NULL));
	assert_false(fuzzy_match("x", NULL, NULL, NULL));
	const char *with_null[] = { NULL, "x", NULL };
	g_autoptr(GArray) r = fuzzy_rank("x", with_null, 2);
	assert_int_equal(r->len, 1);
	assert_int_equal(g_array_index(r, guint, 0), 1);
}

/* Scores made by the caller: best score, then shorter, then lower index; appended after
 * what out already holds; unsorted keeps the order added. */
static void
test_ranked_take(void **state)
{
	static const FuzzyRanked in[] = { { 0, 5, 9 }, { 1, 7, 9 }, { 2, 5, 3 }, { 3, 7, 9 },
					  { 4, -2, 1 } };
	g_autoptr(GArray) r = g_array_new(FALSE, FALSE, sizeof(FuzzyRanked));
	g_array_append_vals(r, in, G_N_ELEMENTS(in));
	g_autoptr(GArray) out = g_array_new(FALSE, FALSE, sizeof(guint));
	guint first = 99;
	g_array_append_val(out, first);
	fuzzy_ranked_take(r, true, out);
	static const guint want[] = { 99, 1, 3, 2, 0, 4 };
	assert_int_equal(out->len, G_N_ELEMENTS(want));
	for (guint i = 0; i < out->len; i++)
		assert_int_equal(g_array_index(out, guint, i), want[i]);
	g_array_set_size(r, 0);
	g_array_append_vals(r, in, G_N_ELEMENTS(in));
	g_array_set_size(out, 0);
	fuzzy_ranked_take(r, false, out);
	for (guint i = 0; i < out->len; i++)
		assert_int_equal(g_array_index(out, guint, i), i);
	g_array_set_size(r, 0);
	fuzzy_ranked_take(r, true, out); /* nothing to add */
	assert_int_equal(out->len, G_N_ELEMENTS(in));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subsequence),
		cmocka_unit_test(test_smart_case),
		cmocka_unit_test(test_ranking_prefers_runs_and_word_starts),
		cmocka_unit_test(test_rank_ties_are_stable),
		cmocka_unit_test(test_ranked_take),
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_hostile_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
