/* SPDX-License-Identifier: MIT */
/* Unit tests for assist.c: what the fix and explain requests send (instructions, code,
 * the finding), excerpts of big files, and hostile text. */
#include "autoconfig.h"

#include <cjson/cJSON.h>

#include "assist.h"
#include "edit.h"
#include "unit.h"

static const char *
message(const ChatRequest *r, guint i, const char *role)
{
	assert_true(i < r->messages->len);
	const ChatMessage *m = r->messages->pdata[i];
	assert_string_equal(m->role, role);
	return m->content;
}

static const AssistFinding gets_finding = {
	.rule = "c-gets", .severity = "error", .file = "src/main.c", .line = 3, .column = 2,
	.message = "gets() reads a line with no bound on its length",
};

static void
test_fix_request(void **state)
{
	(void)state;
	const char *code = "int\nmain(void)\n{\tchar b[8]; gets(b); }\n";
	g_autoptr(ChatRequest) r = assist_fix_request(&gets_finding, "src/main.c", code, strlen(code));
	assert_int_equal(r->messages->len, 2);
	assert_true(r->stream);
	/* The edit pipeline's own instructions, verbatim, so its parser reads the answer. */
	assert_str_contains(message(r, 0, "system"), edit_format_instructions());
	const char *u = message(r, 1, "user");
	assert_str_contains(u, "File: src/main.c\n```c\n");
	assert_str_contains(u, code);
	assert_str_lacks(u, "an excerpt");
	assert_str_contains(u, "[c-gets] (error) gets() reads a line");
	assert_str_contains(u, "line 3, column 2");
	/* The rule table's hint is added for our own rules. */
	assert_str_contains(u, "fgets(buf, sizeof buf, stdin)");
	assert_str_contains(u, "Name the file as src/main.c");
	/* The body is valid JSON. */
	g_autofree char *body = models_request_body(r, NULL);
	cJSON *j = cJSON_Parse(body);
	assert_non_null(j);
	cJSON_Delete(j);
}

static void
test_fix_big_file_excerpt(void **state)
{
	(void)state;
	GString *big = g_string_new(NULL);
	for (int i = 1; i <= 5000; i++)
		g_string_append_printf(big, "line %d of a big file, padded out to a good length\n", i);
	AssistFinding f = gets_finding;
	f.line = 2500;
	g_autoptr(ChatRequest) r = assist_fix_request(&f, "big.c", big->str, big->len);
	const char *u = message(r, 1, "user");
	assert_str_contains(u, "an excerpt");
	assert_str_contains(u, "line 2500 of a big file");
	assert_str_contains(u, "line 2350 of a big file");
	assert_str_contains(u, "line 2650 of a big file");
	assert_str_lacks(u, "line 2349 of");
	assert_str_lacks(u, "line 2651 of");
	assert_true(strlen(u) < big->len / 10);
	g_string_free(big, TRUE);
}

static void
test_explain_request(void **state)
{
	(void)state;
	GString *code = g_string_new(NULL);
	for (int i = 1; i <= 40; i++)
		g_string_append_printf(code, "code %d\n", i);
	AssistFinding f = gets_finding;
	f.line = 20;
	f.hint = "a hint of its own";
	g_autoptr(ChatRequest) r = assist_explain_request(&f, code->str, code->len);
	assert_str_contains(message(r, 0, "system"), "Explain");
	const char *u = message(r, 1, "user");
	assert_str_contains(u, "[c-gets]");
	assert_str_contains(u, "a hint of its own");
	assert_str_lacks(u, "fgets(buf");
	assert_str_contains(u, ">>   20  code 20\n");
	assert_str_contains(u, "     8  code 8\n");
	assert_str_contains(u, "    32  code 32\n");
	assert_str_lacks(u, "code 7\n");
	assert_str_lacks(u, "code 33\n");
	g_string_free(code, TRUE);
	/* Without the code (the file is gone), the finding alone. */
	g_autoptr(ChatRequest) r2 = assist_explain_request(&f, NULL, 0);
	assert_str_lacks(message(r2, 1, "user"), "```");
}

static void
test_hostile(void **state)
{
	(void)state;
	/* Invalid UTF-8 and a finding past the end of the file. */
	const char bad[] = "ok\n\xff\xfe bad bytes\n\xc3";
	AssistFinding f = { .rule = "x", .line = 99, .message = "m" };
	g_autoptr(ChatRequest) r = assist_explain_request(&f, bad, sizeof bad - 1);
	const char *u = message(r, 1, "user");
	assert_true(g_utf8_validate(u, -1, NULL));
	assert_str_contains(u, "bad bytes");
	g_autoptr(ChatRequest) r2 = assist_fix_request(&f, "weird.bin", bad, sizeof bad - 1);
	assert_true(g_utf8_validate(message(r2, 1, "user"), -1, NULL));
	g_autofree char *body = models_request_body(r2, NULL);
	cJSON *j = cJSON_Parse(body);
	assert_non_null(j);
	cJSON_Delete(j);
	/* Empty fields. */
	AssistFinding empty = { 0 };
	g_autoptr(ChatRequest) r3 = assist_fix_request(&empty, "a", "", 0);
	assert_str_contains(message(r3, 1, "user"), "[?]");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fix_request),
		cmocka_unit_test(test_fix_big_file_excerpt),
		cmocka_unit_test(test_explain_request),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
