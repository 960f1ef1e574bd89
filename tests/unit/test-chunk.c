/* SPDX-License-Identifier: MIT */
/* Unit tests for chunk.c: token estimates, the per-request budget, and cutting code and
 * diffs into parts at the right places. */
#include "autoconfig.h"

#include "chunk.h"
#include "unit.h"

/* n C functions of about `lines` lines each, with a comment above each. */
static char *
c_source(int n, int lines)
{
	GString *s = g_string_new("#include <stdio.h>\n\nstatic int counter;\n\n");
	for (int i = 0; i < n; i++) {
		g_string_append_printf(s, "/* Function %d does things. */\nint\nfunc_%d(int a)\n{\n", i, i);
		for (int k = 0; k < lines; k++)
			g_string_append_printf(s, "\tcounter += a * %d + %d;\n", i, k);
		g_string_append(s, "\treturn counter;\n}\n\n");
	}
	return g_string_free(s, FALSE);
}

static const char *
line_at(const char *text, uint32_t line)
{
	const char *p = text;
	for (uint32_t l = 1; l < line; l++)
		p = strchr(p, '\n') + 1;
	return p;
}

/* Every part fits, parts cover the text exactly once and in order, overlaps precede. */
static void
check_cover(const char *text, const GArray *parts, int64_t max, uint32_t base)
{
	size_t len = strlen(text);
	size_t at = 0;
	uint32_t line = base;
	assert_true(parts->len > 0);
	for (guint i = 0; i < parts->len; i++) {
		const ChunkPart *p = &g_array_index(parts, ChunkPart, i);
		assert_int_equal(p->offset, at);
		assert_int_equal(p->first_line, line);
		assert_true(p->ctx_first <= p->first_line);
		assert_true(p->ctx_offset <= p->offset);
		if (i == 0)
			assert_int_equal(p->ctx_first, p->first_line);
		int64_t t = chunk_tokens(text + p->ctx_offset, p->offset + p->len - p->ctx_offset);
		if (t > max + (int64_t)(p->last_line - p->ctx_first + 1)) /* per-line rounding */
			fail_msg("part %u takes %" G_GINT64_FORMAT " tokens, over %" G_GINT64_FORMAT, i, t, max);
		at += p->len;
		line = p->last_line + 1;
	}
	assert_int_equal(at, len);
}

static void
test_tokens(void **state)
{
	(void)state;
	assert_int_equal(chunk_tokens("", 0), 0);
	assert_int_equal(chunk_tokens("abc", 3), 1);
	assert_int_equal(chunk_tokens("abcd", 4), 2);
	/* never below the service's own count (characters / 4) */
	const char *cjk = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"; /* three characters, nine bytes */
	assert_true(chunk_tokens(cjk, strlen(cjk)) >= 3);
	assert_true(chunk_request_tokens("system", "user") > chunk_tokens("systemuser", 10));
	assert_int_equal(chunk_request_tokens(NULL, NULL), 3);
}

static void
test_small_text_is_one_part(void **state)
{
	(void)state;
	const char *text = "int main(void)\n{\n\treturn 0;\n}\n";
	AurError *err = NULL;
	GArray *parts = chunk_split(text, strlen(text), LANG_C, 1, 1000, 6, 0, &err);
	assert_non_null(parts);
	assert_int_equal(parts->len, 1);
	const ChunkPart *p = &g_array_index(parts, ChunkPart, 0);
	assert_int_equal(p->first_line, 1);
	assert_int_equal(p->last_line, 4);
	assert_null(p->cut_function);
	chunk_parts_free(parts);
}

/* Cuts fall before a function's comment, never inside a function that fits a part. */
static void
test_cuts_between_functions(void **state)
{
	(void)state;
	g_autofree char *text = c_source(40, 10);
	AurError *err = NULL;
	GArray *parts = chunk_split(text, strlen(text), LANG_C, 1, 600, 3, 0, &err);
	assert_non_null(parts);
	assert_true(parts->len >= 4);
	check_cover(text, parts, 600, 1);
	for (guint i = 1; i < parts->len; i++) {
		const ChunkPart *p = &g_array_index(parts, ChunkPart, i);
		assert_null(p->cut_function);
		const char *first = line_at(text, p->first_line);
		if (strncmp(first, "/* Function", 11) != 0)
			fail_msg("part %u starts with '%.20s', not a function's comment", i, first);
		/* the overlap is the end of the previous part */
		assert_true(p->ctx_first < p->first_line);
		assert_true(p->first_line - p->ctx_first <= 3);
	}
	chunk_parts_free(parts);
}

/* Parts are packed: not one function per part when several fit. */
static void
test_parts_are_full(void **state)
{
	(void)state;
	g_autofree char *text = c_source(60, 4);
	int64_t total = chunk_tokens(text, strlen(text));
	AurError *err = NULL;
	GArray *parts = chunk_split(text, strlen(text), LANG_C, 1, total / 3, 0, 0, &err);
	assert_non_null(parts);
	assert_true(parts->len >= 3 && parts->len <= 5);
	check_cover(text, parts, total / 3, 1);
	chunk_parts_free(parts);
}

/* A function larger than a part is cut inside, at a blank line when there is one, and
 * the part that starts inside says so. */
static void
test_function_larger_than_budget(void **state)
{
	(void)state;
	GString *s = g_string_new("def small():\n    return 1\n\n\ndef huge(x):\n");
	for (int i = 0; i < 300; i++)
		g_string_append_printf(s, "    x = x + %d\n%s", i, i % 50 == 49 ? "\n" : "");
	g_string_append(s, "    return x\n");
	AurError *err = NULL;
	GArray *parts = chunk_split(s->str, s->len, LANG_PYTHON, 1, 800, 4, 0, &err);
	assert_non_null(parts);
	assert_true(parts->len >= 3);
	check_cover(s->str, parts, 800, 1);
	bool cut_named = false;
	for (guint i = 1; i < parts->len; i++) {
		const ChunkPart *p = &g_array_index(parts, ChunkPart, i);
		if (p->cut_function != NULL) {
			assert_string_equal(p->cut_function, "huge");
			cut_named = true;
			/* at a blank line: the previous part's last line is blank */
			const char *prev = line_at(s->str, p->first_line - 1);
			assert_true(prev[0] == '\n' || strncmp(prev, "def huge", 8) == 0);
		}
	}
	assert_true(cut_named);
	chunk_parts_free(parts);
	g_string_free(s, TRUE);
}

/* Bytes added to every line (line numbers) count against the budget. */
static void
test_line_extra_counts(void **state)
{
	(void)state;
	g_autofree char *text = c_source(40, 10);
	AurError *err = NULL;
	GArray *plain = chunk_split(text, strlen(text), LANG_C, 1, 600, 0, 0, &err);
	GArray *numbered = chunk_split(text, strlen(text), LANG_C, 1, 600, 0, 7, &err);
	assert_non_null(plain);
	assert_non_null(numbered);
	assert_true(numbered->len > plain->len);
	for (guint i = 0; i < numbered->len; i++) {
		const ChunkPart *p = &g_array_index(numbered, ChunkPart, i);
		size_t bytes = p->len + 7 * (p->last_line - p->first_line + 1);
		assert_true((int64_t)(bytes / 3) <= 600 + (int64_t)(p->last_line - p->first_line + 1));
	}
	chunk_parts_free(plain);
	chunk_parts_free(numbered);
}

static void
test_line_numbers_follow_base(void **state)
{
	(void)state;
	g_autofree char *text = c_source(10, 10);
	AurError *err = NULL;
	GArray *parts = chunk_split(text, strlen(text), LANG_C, 500, 300, 2, 0, &err);
	assert_non_null(parts);
	check_cover(text, parts, 300, 500);
	g_autofree char *desc = chunk_parts_describe(parts);
	assert_true(g_str_has_prefix(desc, "lines 500-"));
	assert_str_contains(desc, " and ");
	chunk_parts_free(parts);
}

static void
test_long_line_is_an_error(void **state)
{
	(void)state;
	GString *s = g_string_new("x = 1\n");
	g_string_append(s, "y = '");
	for (int i = 0; i < 5000; i++)
		g_string_append_c(s, 'a');
	g_string_append(s, "'\nz = 2\n");
	AurError *err = NULL;
	GArray *parts = chunk_split(s->str, s->len, LANG_PYTHON, 1, 500, 3, 0, &err);
	assert_null(parts);
	assert_non_null(err);
	assert_int_equal(err->category, AUR_ERR_INPUT);
	assert_str_contains(err->message, "line 2");
	assert_non_null(err->hint);
	aur_error_free(err);
	g_string_free(s, TRUE);
}

/* A line that only fits without the overlap still gets a part of its own. */
static void
test_overlap_yields_to_long_line(void **state)
{
	(void)state;
	GString *s = g_string_new(NULL);
	for (int i = 0; i < 20; i++)
		g_string_append_printf(s, "short line %d\n", i);
	for (int i = 0; i < 290; i++)
		g_string_append_c(s, 'b');
	g_string_append_c(s, '\n');
	AurError *err = NULL;
	GArray *parts = chunk_split(s->str, s->len, LANG_NONE, 1, 100, 10, 0, &err);
	assert_non_null(parts);
	check_cover(s->str, parts, 100, 1);
	chunk_parts_free(parts);
	g_string_free(s, TRUE);
}

/* Hostile input: NUL bytes, no newline, CRLF, unknown language, empty text. */
static void
test_hostile_text(void **state)
{
	(void)state;
	static const char weird[] = "a\0b\r\nc\rd\n\n\n}}}{{{\n/* unterminated";
	AurError *err = NULL;
	GArray *parts = chunk_split(weird, sizeof weird - 1, LANG_C, 1, 5, 2, 0, &err);
	assert_non_null(parts);
	size_t covered = 0;
	for (guint i = 0; i < parts->len; i++)
		covered += g_array_index(parts, ChunkPart, i).len;
	assert_int_equal(covered, sizeof weird - 1);
	chunk_parts_free(parts);
	parts = chunk_split("", 0, LANG_PYTHON, 1, 100, 3, 0, &err);
	assert_non_null(parts);
	assert_int_equal(parts->len, 0);
	chunk_parts_free(parts);
	for (LangId l = LANG_NONE; l < LANG__COUNT; l++) {
		g_autofree char *text = c_source(20, 3);
		parts = chunk_split(text, strlen(text), l, 1, 200, 3, 0, &err);
		assert_non_null(parts);
		check_cover(text, parts, 200, 1);
		chunk_parts_free(parts);
	}
}

static void
test_diff_cuts_at_files_then_hunks(void **state)
{
	(void)state;
	GString *s = g_string_new(NULL);
	for (int f = 0; f < 6; f++) {
		g_string_append_printf(s, "diff --git a/f%d.c b/f%d.c\n--- a/f%d.c\n+++ b/f%d.c\n", f, f, f, f);
		for (int h = 0; h < 3; h++) {
			g_string_append_printf(s, "@@ -%d,4 +%d,5 @@\n", h * 10 + 1, h * 10 + 1);
			for (int k = 0; k < 6; k++)
				g_string_append_printf(s, "%cline %d of hunk %d\n", k % 3 ? ' ' : '+', k, h);
		}
	}
	AurError *err = NULL;
	int64_t total = chunk_tokens(s->str, s->len);
	GArray *parts = chunk_split_diff(s->str, s->len, total / 3, 0, &err);
	assert_non_null(parts);
	assert_true(parts->len >= 3);
	check_cover(s->str, parts, total / 3, 1);
	for (guint i = 1; i < parts->len; i++) {
		const ChunkPart *p = &g_array_index(parts, ChunkPart, i);
		assert_int_equal(p->ctx_first, p->first_line);
		assert_true(g_str_has_prefix(s->str + p->offset, "diff --git "));
	}
	chunk_parts_free(parts);
	/* a file larger than a part: cut at a hunk */
	parts = chunk_split_diff(s->str, s->len, 120, 0, &err);
	assert_non_null(parts);
	check_cover(s->str, parts, 120, 1);
	for (guint i = 1; i < parts->len; i++) {
		const char *start = s->str + g_array_index(parts, ChunkPart, i).offset;
		assert_true(g_str_has_prefix(start, "diff --git ") || g_str_has_prefix(start, "@@ "));
	}
	chunk_parts_free(parts);
	g_string_free(s, TRUE);
}

/* ---- budget -------------------------------------------------------------------------------- */

static const char catalog_json[] =
	"[{\"id\":\"openai/gpt-4.1\",\"rate_limit_tier\":\"high\","
	"  \"limits\":{\"max_input_tokens\":1048576,\"max_output_tokens\":32768}},"
	" {\"id\":\"openai/gpt-4.1-mini\",\"rate_limit_tier\":\"low\","
	"  \"limits\":{\"max_input_tokens\":1048576}},"
	" {\"id\":\"tiny/model\",\"rate_limit_tier\":\"low\",\"limits\":{\"max_input_tokens\":3000}},"
	" {\"id\":\"deepseek/deepseek-r1\",\"rate_limit_tier\":\"custom\",\"limits\":{\"max_input_tokens\":128000}}]";

static void
set(AurConfig *cfg, const char *key, const char *value)
{
	g_autoptr(AurError) e = NULL;
	if (!config_set_text(cfg, key, value, CFG_LAYER_USER, "test", &e))
		fail_msg("%s: %s", key, e->message);
}

static void
test_budget(void **state)
{
	(void)state;
	AurError *err = NULL;
	Catalog *cat = catalog_parse(catalog_json, strlen(catalog_json), &err);
	assert_non_null(cat);
	AurConfig *cfg = config_new();
	ChunkBudget b;
	/* the free plan's per-request cap, not the million-token context */
	set(cfg, "models.routes.explain", "openai/gpt-4.1, openai/gpt-4.1-mini");
	chunk_budget(cfg, cat, "explain", NULL, &b);
	assert_int_equal(b.tokens, 8000);
	assert_str_contains(b.source, "free");
	chunk_budget_clear(&b);
	/* the smallest cap of the chain wins, with the model named */
	set(cfg, "models.routes.explain", "openai/gpt-4.1, tiny/model");
	chunk_budget(cfg, cat, "explain", NULL, &b);
	assert_int_equal(b.tokens, 3000);
	assert_string_equal(b.model, "tiny/model");
	assert_str_contains(b.source, "catalogue");
	chunk_budget_clear(&b);
	/* DeepSeek-R1's tier caps input at 4000; --model puts it in the chain */
	chunk_budget(cfg, cat, "chat", "deepseek/deepseek-r1", &b);
	assert_int_equal(b.tokens, 4000);
	chunk_budget_clear(&b);
	/* Enterprise lifts the high tier to 16000 */
	set(cfg, "models.plan", "enterprise");
	set(cfg, "models.routes.review", "openai/gpt-4.1");
	chunk_budget(cfg, cat, "review", NULL, &b);
	assert_int_equal(b.tokens, 16000);
	chunk_budget_clear(&b);
	/* without a catalogue, tiers come from the ids; unknown models get the usual cap */
	set(cfg, "models.routes.review", "someone/unknown");
	chunk_budget(cfg, NULL, "review", NULL, &b);
	assert_int_equal(b.tokens, 8000);
	assert_string_equal(b.model, "someone/unknown");
	chunk_budget_clear(&b);
	/* the configuration has the last word */
	set(cfg, "models.limits.someone/unknown.input_tokens", "123456");
	chunk_budget(cfg, cat, "review", NULL, &b);
	assert_int_equal(b.tokens, 123456);
	assert_string_equal(b.source, "models.limits.someone/unknown.input_tokens");
	chunk_budget_clear(&b);
	config_free(cfg);
	catalog_free(cat);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_small_text_is_one_part),
		cmocka_unit_test(test_cuts_between_functions),
		cmocka_unit_test(test_parts_are_full),
		cmocka_unit_test(test_function_larger_than_budget),
		cmocka_unit_test(test_line_extra_counts),
		cmocka_unit_test(test_line_numbers_follow_base),
		cmocka_unit_test(test_long_line_is_an_error),
		cmocka_unit_test(test_overlap_yields_to_long_line),
		cmocka_unit_test(test_hostile_text),
		cmocka_unit_test(test_diff_cuts_at_files_then_hunks),
		cmocka_unit_test(test_budget),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
