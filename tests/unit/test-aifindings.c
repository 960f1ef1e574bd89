/* SPDX-License-Identifier: MIT */
/* Unit tests for aifindings.c (the AI findings validator, hostile JSON first), the merge of
 * outside findings into analysis results, and the prompts' format sections. */
#include "autoconfig.h"

#include "edit.h"
#include "aifindings.h"
#include "prompts.h"
#include "unit.h"

static const AiFindingsLimits lines_1_50 = { .first_line = 1, .last_line = 50 };

static AiFindingsParsed *
parse(const char *json, const AiFindingsLimits *lim)
{
	AurError *err = NULL;
	AiFindingsParsed *p = aifindings_parse(json, strlen(json), lim ? lim : &lines_1_50, &err);
	if (p == NULL) {
		assert_non_null(err);
		assert_int_equal(err->category, AUR_ERR_MODEL);
		assert_non_null(err->hint);
		aur_error_free(err);
	}
	return p;
}

static const AiFindingsItem *
item(const AiFindingsParsed *p, guint i)
{
	assert_true(i < p->items->len);
	return p->items->pdata[i];
}

static void
test_valid_answer(void **state)
{
	(void)state;
	AiFindingsParsed *p = parse(
		"{\"findings\":[{\"rule\":\"SQL Injection!\",\"severity\":\"error\",\"category\":\"security\","
		"\"cwe\":89,\"line\":12,\"end_line\":14,\"column\":5,\"message\":\"query built from input\","
		"\"hint\":\"use parameters\"},"
		"{\"severity\":\"info\",\"category\":\"style\",\"line\":3,\"message\":\"long name\"}]}", NULL);
	assert_non_null(p);
	assert_int_equal(p->seen, 2);
	assert_int_equal(p->items->len, 2);
	assert_int_equal(p->rejected->len, 0);
	const AiFindingsItem *a = item(p, 0);
	assert_string_equal(a->rule, "sql-injection");
	assert_int_equal(a->severity, ANALYSIS_SEV_ERROR);
	assert_int_equal(a->category, ANALYSIS_CAT_SECURITY);
	assert_int_equal(a->cwe, 89);
	assert_int_equal(a->line, 12);
	assert_int_equal(a->end_line, 14);
	assert_int_equal(a->column, 5);
	assert_string_equal(a->hint, "use parameters");
	const AiFindingsItem *b = item(p, 1);
	assert_string_equal(b->rule, "style"); /* no rule: the category names it */
	assert_int_equal(b->end_line, 3);
	assert_null(b->hint);
	assert_null(b->file);
	aifindings_parsed_free(p);
}

/* Models wrap JSON in fences and prose, use synonyms and strings for numbers. */
static void
test_lenient_where_harmless(void **state)
{
	(void)state;
	AiFindingsParsed *p = parse(
		"Sure! Here are the findings:\n```json\n[{\"severity\":\"HIGH\",\"category\":\"Bug\","
		"\"line\":\"7\",\"cwe\":\"CWE-476\",\"message\":\"  null\\n\\tdereference  \"}]\n```\nHope it helps.",
		NULL);
	assert_non_null(p);
	assert_int_equal(p->items->len, 1);
	const AiFindingsItem *a = item(p, 0);
	assert_int_equal(a->severity, ANALYSIS_SEV_ERROR);
	assert_int_equal(a->category, ANALYSIS_CAT_CORRECTNESS);
	assert_int_equal(a->line, 7);
	assert_int_equal(a->cwe, 476);
	assert_string_equal(a->message, "null dereference");
	aifindings_parsed_free(p);
	p = parse("{\"findings\":[]}", NULL);
	assert_non_null(p);
	assert_int_equal(p->seen, 0);
	aifindings_parsed_free(p);
}

static void
test_not_json_at_all(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "no json here", "{", "[", "{\"findings\":", "{\"findings\": {\"a\":1}}",
		"{\"other\":[]}", "\"findings\"", "null", "42", "{\"findings\":[{\"line\":1}",
		"{\"findings\":\"[]\"}",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		AiFindingsParsed *p = parse(bad[i], NULL);
		if (p != NULL)
			fail_msg("accepted '%s'", bad[i]);
	}
}

/* Every entry that does not fit is left out, with a reason naming it. */
static void
test_entries_checked_one_by_one(void **state)
{
	(void)state;
	AiFindingsParsed *p = parse("{\"findings\":["
		"42,"
		"{\"severity\":\"fatal\",\"category\":\"security\",\"line\":1,\"message\":\"x\"},"
		"{\"severity\":\"error\",\"category\":\"astrology\",\"line\":1,\"message\":\"x\"},"
		"{\"severity\":\"error\",\"category\":\"security\",\"line\":1},"
		"{\"severity\":\"error\",\"category\":\"security\",\"line\":1,\"message\":\" \\n\\t \"},"
		"{\"severity\":\"error\",\"category\":\"security\",\"line\":0,\"message\":\"x\"},"
		"{\"severity\":\"error\",\"category\":\"security\",\"line\":-3,\"message\":\"x\"},"
		"{\"severity\":\"error\",\"category\":\"security\",\"line\":2.5,\"message\":\"x\"},"
		"{\"severity\":\"error\",\"category\":\"security\",\"line\":51,\"message\":\"x\"},"
		"{\"severity\":\"error\",\"category\":\"security\",\"line\":1e300,\"message\":\"x\"},"
		"{\"severity\":\"error\",\"category\":\"security\",\"line\":\"12abc\",\"message\":\"x\"},"
		"{\"severity\":7,\"category\":\"security\",\"line\":1,\"message\":\"x\"},"
		"{\"severity\":\"error\",\"category\":[\"security\"],\"line\":1,\"message\":\"x\"},"
		"{\"severity\":\"error\",\"category\":\"security\",\"line\":1,\"message\":{\"t\":1}},"
		"{\"severity\":\"warning\",\"category\":\"performance\",\"line\":50,\"message\":\"kept\"}"
		"]}", NULL);
	assert_non_null(p);
	assert_int_equal(p->seen, 15);
	assert_int_equal(p->items->len, 1);
	assert_string_equal(item(p, 0)->message, "kept");
	assert_int_equal(p->rejected->len, 14);
	assert_str_contains(p->rejected->pdata[0], "finding 1: ");
	assert_str_contains(p->rejected->pdata[1], "severity");
	assert_str_contains(p->rejected->pdata[2], "category");
	assert_str_contains(p->rejected->pdata[3], "message");
	assert_str_contains(p->rejected->pdata[8], "not one of the lines sent");
	aifindings_parsed_free(p);
}

/* Members that are wrong but not essential are dropped, not the finding. */
static void
test_optional_members(void **state)
{
	(void)state;
	AiFindingsParsed *p = parse("[{\"severity\":\"warning\",\"category\":\"correctness\",\"line\":10,"
				  "\"end_line\":9000,\"column\":99999,\"cwe\":\"CWE-abc\",\"hint\":42,"
				  "\"rule\":\"\\u0000\\u0007--\",\"message\":\"m\"}]", NULL);
	assert_non_null(p);
	const AiFindingsItem *a = item(p, 0);
	assert_int_equal(a->end_line, 10);
	assert_int_equal(a->column, 0);
	assert_int_equal(a->cwe, 0);
	assert_null(a->hint);
	assert_string_equal(a->rule, "correctness");
	aifindings_parsed_free(p);
}

static void
test_text_is_cleaned(void **state)
{
	(void)state;
	GString *long_msg = g_string_new(NULL);
	for (int i = 0; i < 2000; i++)
		g_string_append(long_msg, "ab");
	g_autofree char *json = g_strdup_printf(
		"[{\"severity\":\"info\",\"category\":\"style\",\"line\":1,\"message\":\"%s\","
		"\"hint\":\"a\\u001b[31mred\\u0000b \\u00e9\"},"
		"{\"severity\":\"info\",\"category\":\"style\",\"line\":1,\"message\":\"bad \xff\xfe utf8\"}]",
		long_msg->str);
	AiFindingsParsed *p = parse(json, NULL);
	assert_non_null(p);
	assert_int_equal(p->items->len, 2);
	const AiFindingsItem *a = item(p, 0);
	assert_true(g_utf8_validate(a->message, -1, NULL));
	assert_int_equal(g_utf8_strlen(a->message, -1), 500);
	assert_true(g_str_has_suffix(a->message, "\xe2\x80\xa6"));
	for (const char *c = a->hint; *c; c++)
		assert_true((unsigned char)*c >= 0x20);
	assert_str_lacks(a->hint, "\x1b");
	assert_true(g_utf8_validate(item(p, 1)->message, -1, NULL));
	aifindings_parsed_free(p);
	g_string_free(long_msg, TRUE);
}

static void
test_too_many_and_too_large(void **state)
{
	(void)state;
	GString *s = g_string_new("{\"findings\":[");
	for (int i = 0; i < 250; i++)
		g_string_append_printf(s, "%s{\"severity\":\"info\",\"category\":\"style\",\"line\":%d,"
				       "\"message\":\"n%d\"}", i ? "," : "", i % 50 + 1, i);
	g_string_append(s, "]}");
	AiFindingsParsed *p = parse(s->str, NULL);
	assert_non_null(p);
	assert_int_equal(p->items->len, FINDINGS_MAX);
	assert_int_equal(p->seen, 250);
	assert_true(p->rejected->len <= 20);
	assert_str_contains(p->rejected->pdata[0], "more than");
	aifindings_parsed_free(p);
	/* over a MiB is refused whole */
	g_string_truncate(s, 0);
	g_string_append(s, "{\"findings\":[], \"pad\":\"");
	for (int i = 0; i < (1 << 20); i++)
		g_string_append_c(s, 'x');
	g_string_append(s, "\"}");
	assert_null(parse(s->str, NULL));
	g_string_free(s, TRUE);
}

static void
test_deep_nesting(void **state)
{
	(void)state;
	GString *s = g_string_new("{\"findings\":[");
	for (int i = 0; i < 5000; i++)
		g_string_append_c(s, '[');
	for (int i = 0; i < 5000; i++)
		g_string_append_c(s, ']');
	g_string_append(s, "]}");
	AiFindingsParsed *p = parse(s->str, NULL);
	aifindings_parsed_free(p); /* refused or all rejected; never a crash */
	g_string_free(s, TRUE);
}

static bool
only_even(const char *file, uint32_t line, void *data)
{
	(void)data;
	return file != NULL && line % 2 == 0;
}

static void
test_files(void **state)
{
	(void)state;
	const char *const files[] = { "src/db.py", "README.md", NULL };
	AiFindingsLimits lim = { .files = files, .line_ok = only_even };
	AiFindingsParsed *p = parse("{\"findings\":["
		"{\"file\":\"b/src/db.py\",\"severity\":\"error\",\"category\":\"security\",\"line\":4,\"message\":\"a\"},"
		"{\"file\":\"./README.md\",\"severity\":\"info\",\"category\":\"style\",\"line\":2,\"message\":\"b\"},"
		"{\"severity\":\"error\",\"category\":\"security\",\"line\":4,\"message\":\"no file\"},"
		"{\"file\":\"/etc/passwd\",\"severity\":\"error\",\"category\":\"security\",\"line\":4,\"message\":\"c\"},"
		"{\"file\":\"src/db.py\",\"severity\":\"error\",\"category\":\"security\",\"line\":3,\"message\":\"odd\"},"
		"{\"file\":7,\"severity\":\"error\",\"category\":\"security\",\"line\":4,\"message\":\"d\"}"
		"]}", &lim);
	assert_non_null(p);
	assert_int_equal(p->items->len, 2);
	assert_string_equal(item(p, 0)->file, "src/db.py");
	assert_string_equal(item(p, 1)->file, "README.md");
	assert_int_equal(p->rejected->len, 4);
	aifindings_parsed_free(p);
}

/* ---- merging into analysis results ----------------------------------------------------- */

static void
test_merge_dedupes(void **state)
{
	(void)state;
	AnalysisResults *r = analysis_results_new("/tmp");
	AnalysisFile *f = analysis_results_file(r, "a.c");
	assert_ptr_equal(analysis_results_file(r, "a.c"), f);
	assert_int_equal(f->lang, LANG_C);
	const char *text = "int a;\n\tgets(buf);\nint c;\n";
	AnalysisExtraFinding x = { .rule = "c-gets", .severity = ANALYSIS_SEV_ERROR,
				   .category = ANALYSIS_CAT_SECURITY, .cwe = 242,
				   .message = "gets", .line = 2 };
	assert_true(analysis_results_add(r, f, &x, "static", text, strlen(text)));
	/* the same place in other words: a repeat (same category, a line away) */
	AnalysisExtraFinding y = { .rule = "buffer-overflow", .severity = ANALYSIS_SEV_ERROR,
				   .category = ANALYSIS_CAT_SECURITY, .message = "overflow", .line = 3 };
	assert_false(analysis_results_add(r, f, &y, "ai", text, strlen(text)));
	/* same CWE, other category: still a repeat */
	y.category = ANALYSIS_CAT_CORRECTNESS;
	y.cwe = 242;
	assert_false(analysis_results_add(r, f, &y, "ai", text, strlen(text)));
	/* another kind of problem on the same line is new */
	y.cwe = 0;
	y.line = 2;
	assert_true(analysis_results_add(r, f, &y, "ai", text, strlen(text)));
	/* far away is new */
	y.category = ANALYSIS_CAT_SECURITY;
	y.line = 30;
	y.hint = "a hint";
	assert_true(analysis_results_add(r, f, &y, "ai", text, strlen(text)));
	analysis_results_retally(r);
	assert_int_equal(r->findings, 3);
	assert_int_equal(r->by_category[ANALYSIS_CAT_SECURITY], 2);
	/* by line, then column, then rule: buffer-overflow before c-gets on line 2 */
	const AnalysisFinding *n = f->findings->pdata[0];
	assert_string_equal(n->rule, "buffer-overflow");
	assert_string_equal(n->source, "ai");
	assert_string_equal(((AnalysisFinding *)f->findings->pdata[1])->source, "static");
	assert_string_equal(n->excerpt, "\tgets(buf);");
	assert_int_equal(n->column, 2); /* at the code, past the tab */
	const AnalysisFinding *far = f->findings->pdata[2];
	assert_null(far->excerpt);
	assert_string_equal(far->hint, "a hint");
	g_autofree char *sarif = analysis_report_sarif(r);
	assert_str_contains(sarif, "\"ai/buffer-overflow\"");
	g_autofree char *json = analysis_report_json(r, false);
	assert_str_contains(json, "\"source\":\t\"ai\"");
	analysis_results_free(r);
}

/* ---- prompts ----------------------------------------------------------------------------- */

static void
test_prompts_state_their_format(void **state)
{
	(void)state;
	for (int i = 0; i < PROMPT__COUNT; i++) {
		const char *s = prompts_system((PromptId)i);
		assert_non_null(s);
		assert_true(strlen(s) > 200);
		if (prompts_format((PromptId)i) != PROMPT_FMT_CHAT)
			assert_str_contains(s, "Output format");
		switch (prompts_format((PromptId)i)) {
		case PROMPT_FMT_EDITS:
			assert_str_contains(s, edit_format_instructions());
			break;
		case PROMPT_FMT_FINDINGS:
			assert_str_contains(s, aifindings_schema(false));
			assert_str_lacks(s, "\"file\"");
			break;
		case PROMPT_FMT_FINDINGS_FILES:
			assert_str_contains(s, aifindings_schema(true));
			break;
		case PROMPT_FMT_CODE:
			assert_str_contains(s, "exactly one fenced code block");
			break;
		case PROMPT_FMT_REVIEW:
			assert_str_contains(s, "## Findings");
			break;
		case PROMPT_FMT_MARKDOWN:
		case PROMPT_FMT_NOTES:
		case PROMPT_FMT_SUMMARY:
			assert_str_contains(s, "Markdown");
			break;
		case PROMPT_FMT_CHAT:
			assert_str_contains(s, "fenced blocks with a language");
			break;
		}
	}
	assert_string_equal(prompts_task(PROMPT_FIX), "fix");
	assert_string_equal(prompts_task(PROMPT_EXPLAIN_REDUCE), "explain");
	assert_string_equal(prompts_task(PROMPT_ANALYZE), "analyze");
	assert_string_equal(prompts_task(PROMPT_DOCSTRING), "docs");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_answer),
		cmocka_unit_test(test_lenient_where_harmless),
		cmocka_unit_test(test_not_json_at_all),
		cmocka_unit_test(test_entries_checked_one_by_one),
		cmocka_unit_test(test_optional_members),
		cmocka_unit_test(test_text_is_cleaned),
		cmocka_unit_test(test_too_many_and_too_large),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_merge_dedupes),
		cmocka_unit_test(test_prompts_state_their_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
