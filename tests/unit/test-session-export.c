/* SPDX-License-Identifier: MIT */
/* Unit tests for session-export.c: the JSON object and Markdown that keeps code verbatim. */
#include "autoconfig.h"

#include <cmark-gfm.h>

#include "session-export.h"
#include "unit.h"

static const char *const code_answer =
	"Here is the fix:\n\n```python\ndef f(x):\n    return x * 2  # `ticks` and ~~~\n```\n\n"
	"Done.";

static Session *
sample(void)
{
	Session *s = session_new("export-me", "/p/proj", "openai/gpt-4.1");
	SessionTurn t1 = {
		.user = (char *)"fix f", .answer = (char *)code_answer,
		.model = (char *)"openai/gpt-4.1", .tokens_in = 12, .tokens_out = 40,
		.ttft_ms = 200, .latency_ms = 1500, .flags = SESSION_TURN_CACHED,
		.started_ms = 1795752000000LL, .finished_ms = 1795752001500LL,
	};
	assert_true(session_add_turn(s, &t1, NULL));
	/* An answer that was cut off inside a code block. */
	SessionTurn t2 = { .user = (char *)"more", .answer = (char *)"```c\nint x =",
			   .flags = SESSION_TURN_CANCELLED, .tokens_in = -1, .tokens_out = -1,
			   .ttft_ms = -1, .latency_ms = -1, .finished_ms = 1795752009000LL };
	assert_true(session_add_turn(s, &t2, NULL));
	SessionTurn t3 = { .user = (char *)"# not a heading of ours", .answer = (char *)"ok",
			   .tokens_in = -1, .tokens_out = -1, .ttft_ms = -1, .latency_ms = -1 };
	assert_true(session_add_turn(s, &t3, NULL));
	assert_true(session_add_summary(s, 2, "Fixed f.", "sum/m", NULL));
	return s;
}

static void
test_json_object(void **state)
{
	(void)state;
	g_autoptr(Session) s = sample();
	cJSON *o = session_export_json(s);
	assert_string_equal(cJSON_GetObjectItem(o, "format")->valuestring, "aurelis-session");
	assert_int_equal(cJSON_GetObjectItem(o, "version")->valueint, 1);
	assert_string_equal(cJSON_GetObjectItem(o, "name")->valuestring, "export-me");
	assert_string_equal(cJSON_GetObjectItem(o, "project")->valuestring, "/p/proj");
	assert_true(cJSON_IsString(cJSON_GetObjectItem(o, "created")));
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(o, "files")));
	cJSON *turns = cJSON_GetObjectItem(o, "turns");
	assert_int_equal(cJSON_GetArraySize(turns), 3);
	cJSON *t1 = cJSON_GetArrayItem(turns, 0), *t2 = cJSON_GetArrayItem(turns, 1);
	assert_string_equal(cJSON_GetObjectItem(t1, "answer")->valuestring, code_answer);
	assert_int_equal(cJSON_GetObjectItem(t1, "tokens_out")->valueint, 40);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(t1, "cached")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(t1, "cancelled")));
	assert_string_equal(cJSON_GetObjectItem(t1, "started")->valuestring,
			    "2026-11-27T04:00:00.000Z");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(t2, "tokens_in")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(t2, "model")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(t2, "cancelled")));
	cJSON *sums = cJSON_GetObjectItem(o, "summaries");
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(sums, 0), "upto")->valueint, 2);
	cJSON_Delete(o);
	/* session_export() prints the same object, parseable, ending in a newline. */
	g_autofree char *text = session_export(s, SESSION_EXPORT_JSON);
	assert_true(g_str_has_suffix(text, "}\n"));
	cJSON *back = cJSON_Parse(text);
	assert_non_null(back);
	cJSON_Delete(back);
}

static void
test_close_fences(void **state)
{
	(void)state;
	static const struct { const char *in, *out; } cases[] = {
		{ "plain", "plain" },
		{ "```\ncode", "```\ncode\n```" },
		{ "```\ncode\n", "```\ncode\n```" },
		{ "```\na\n```\n", "```\na\n```\n" },
		{ "~~~~\n```\nstill inside\n", "~~~~\n```\nstill inside\n~~~~" },
		{ "````\n```\n", "````\n```\n````" },      /* a shorter fence does not close */
		{ "``` a`b\nnot a fence", "``` a`b\nnot a fence" },
		{ "    ```\nindented code, not a fence", "    ```\nindented code, not a fence" },
		{ "   ```\nthree spaces is a fence", "   ```\nthree spaces is a fence\n```" },
		{ "```\n```  \n", "```\n```  \n" },        /* closing fence with trailing blanks */
		{ "```\n``` x\n", "```\n``` x\n```" },     /* text after a fence: not closing */
		{ "", "" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *got = session_export_close_fences(cases[i].in);
		if (strcmp(got, cases[i].out) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, got, cases[i].out);
	}
}

static int
count_nodes(cmark_node *root, cmark_node_type type, int level)
{
	int n = 0;
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(node) == type &&
		    (level == 0 || cmark_node_get_heading_level(node) == level))
			n++;
	}
	cmark_iter_free(it);
	return n;
}

static void
test_markdown(void **state)
{
	(void)state;
	g_autoptr(Session) s = sample();
	g_autofree char *md = session_export_markdown(s);
	assert_true(g_str_has_prefix(md, "# export-me\n"));
	assert_str_contains(md, code_answer); /* verbatim */
	assert_str_contains(md, "## Turn 1\n");
	assert_str_contains(md, "cached");
	assert_str_contains(md, "cancelled");
	assert_str_contains(md, "## Summary of turns 1-2\n\nFixed f.\n");
	/* The open block of turn 2 is closed before turn 3's heading. */
	assert_str_contains(md, "```c\nint x =\n```\n\n## Summary");
	/* Parsed as Markdown: three turn headings survive, and exactly two code blocks. */
	cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
	assert_int_equal(count_nodes(doc, CMARK_NODE_HEADING, 2), 4); /* 3 turns + summary */
	assert_int_equal(count_nodes(doc, CMARK_NODE_CODE_BLOCK, 0), 2);
	cmark_iter *it = cmark_iter_new(doc);
	bool found = false;
	while (cmark_iter_next(it) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK &&
		    g_strcmp0(cmark_node_get_fence_info(n), "python") == 0) {
			assert_string_equal(cmark_node_get_literal(n),
					    "def f(x):\n    return x * 2  # `ticks` and ~~~\n");
			found = true;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	assert_true(found);
	g_autofree char *via = session_export(s, SESSION_EXPORT_MARKDOWN);
	assert_string_equal(via, md);
}

static void
test_format_names(void **state)
{
	(void)state;
	SessionExportFormat f;
	assert_true(session_export_format_parse("md", &f));
	assert_int_equal(f, SESSION_EXPORT_MARKDOWN);
	assert_true(session_export_format_parse("markdown", &f));
	assert_true(session_export_format_parse("json", &f));
	assert_int_equal(f, SESSION_EXPORT_JSON);
	assert_false(session_export_format_parse("html", &f));
	assert_false(session_export_format_parse(NULL, &f));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_object),
		cmocka_unit_test(test_close_fences),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_format_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
