/* SPDX-License-Identifier: MIT */
/* Unit tests for suppress.c: the comment goes where each language accepts it, and the
 * analyzer then really skips the finding (and only that rule). */
#include "autoconfig.h"

#include "analysis/analysis.h"
#include "suppress.h"
#include "unit.h"

static char *
insert_ok(const char *text, LangId lang, unsigned line, const char *rule)
{
	AurError *err = NULL;
	size_t n = 0;
	char *out = suppress_insert(text, strlen(text), lang, line, rule, &n, &err);
	if (out == NULL)
		fail_msg("%s", err->message);
	assert_int_equal(n, strlen(out));
	return out;
}

static AurError *
insert_fails(const char *text, LangId lang, unsigned line, const char *rule)
{
	AurError *err = NULL;
	assert_null(suppress_insert(text, strlen(text), lang, line, rule, NULL, &err));
	assert_non_null(err);
	return err;
}

/* How many findings of rule the analyzer reports in text. */
static unsigned
count(const char *name, const char *text, LangId lang, const char *rule)
{
	AnalysisOptions o = { 0 };
	AurError *err = NULL;
	AnalysisFile *f = analysis_file_buffer(name, text, strlen(text), lang, &o, &err);
	assert_non_null(f);
	unsigned n = 0;
	for (guint i = 0; i < f->findings->len; i++)
		if (strcmp(((AnalysisFinding *)f->findings->pdata[i])->rule, rule) == 0)
			n++;
	analysis_file_free(f);
	return n;
}

static void
test_comments(void **state)
{
	(void)state;
	g_autofree char *c = suppress_comment(LANG_C, "c-gets");
	assert_string_equal(c, "/* aurelis: ignore[c-gets] */");
	g_autofree char *js = suppress_comment(LANG_TS, "js-eval");
	assert_string_equal(js, "// aurelis: ignore[js-eval]");
	g_autofree char *py = suppress_comment(LANG_PYTHON, "py-eval");
	assert_string_equal(py, "# aurelis: ignore[py-eval]");
	assert_null(suppress_comment(LANG_NONE, "x"));
	assert_null(suppress_comment(LANG_C, "bad id]*/ system(\"rm\");"));
	assert_null(suppress_comment(LANG_C, ""));
}

static void
test_c_line_above(void **state)
{
	(void)state;
	const char *src = "#include <stdio.h>\n\nint\nmain(void)\n{\n\tchar b[8];\n\tgets(b);\n\treturn 0;\n}\n";
	assert_int_equal(count("x.c", src, LANG_C, "c-gets"), 1);
	g_autofree char *out = insert_ok(src, LANG_C, 7, "c-gets");
	assert_str_contains(out, "\tchar b[8];\n\t/* aurelis: ignore[c-gets] */\n\tgets(b);\n");
	assert_int_equal(count("x.c", out, LANG_C, "c-gets"), 0);
	/* A second rule joins the same comment. */
	g_autofree char *two = insert_ok(out, LANG_C, 8, "c-other");
	assert_str_contains(two, "/* aurelis: ignore[c-gets,c-other] */\n\tgets(b);");
	assert_int_equal(count("x.c", two, LANG_C, "c-gets"), 0);
	/* The same rule again changes nothing. */
	g_autofree char *same = insert_ok(out, LANG_C, 8, "c-gets");
	assert_string_equal(same, out);
}

static void
test_python_and_shell(void **state)
{
	(void)state;
	const char *py = "def f(x):\n    if x:\n        return eval(x)\n    return None\n";
	assert_int_equal(count("a.py", py, LANG_PYTHON, "py-eval"), 1);
	g_autofree char *p = insert_ok(py, LANG_PYTHON, 3, "py-eval");
	assert_str_contains(p, "    if x:\n        # aurelis: ignore[py-eval]\n        return eval(x)\n");
	assert_int_equal(count("a.py", p, LANG_PYTHON, "py-eval"), 0);
	/* The #! line cannot take a comment (it would become an argument). */
	AurError *e = insert_fails("#!/bin/sh\necho hi\n", LANG_SHELL, 1, "sh-rule");
	assert_str_contains(e->message, "#!");
	aur_error_free(e);
	/* Shell: the line above, indented. */
	const char *sh = "for f in *; do\n\trm $f\ndone\n";
	g_autofree char *s = insert_ok(sh, LANG_SHELL, 2, "sh-x");
	assert_string_equal(s, "for f in *; do\n\t# aurelis: ignore[sh-x]\n\trm $f\ndone\n");
}

static void
test_crlf_and_last_line(void **state)
{
	(void)state;
	const char *src = "a = 1\r\nb = eval(s)";
	g_autofree char *out = insert_ok(src, LANG_PYTHON, 2, "py-eval");
	assert_string_equal(out, "a = 1\r\n# aurelis: ignore[py-eval]\r\nb = eval(s)");
	assert_int_equal(count("c.py", out, LANG_PYTHON, "py-eval"), 0);
}

static void
test_continued_lines(void **state)
{
	(void)state;
	/* A C macro continued onto the finding's line: a block comment at its end, before
	 * its own backslash. */
	const char *c = "#define RUN(x) \\\n\tsystem(x); \\\n\tputs(x)\n";
	g_autofree char *out = insert_ok(c, LANG_C, 2, "c-command-injection");
	assert_string_equal(out, "#define RUN(x) \\\n\tsystem(x); /* aurelis: ignore[c-command-injection] */ \\\n\tputs(x)\n");
	/* The last line of the macro has no backslash: the comment ends it. */
	g_autofree char *out2 = insert_ok(c, LANG_C, 3, "c-x");
	assert_string_equal(out2, "#define RUN(x) \\\n\tsystem(x); \\\n\tputs(x) /* aurelis: ignore[c-x] */\n");
	/* A shell command continued over two lines that goes on after the finding's line. */
	const char *sh = "tar czf out.tgz \\\n  $files \\\n  --verbose\n";
	AurError *e = insert_fails(sh, LANG_SHELL, 2, "sh-x");
	assert_str_contains(e->message, "backslash");
	assert_non_null(e->hint);
	aur_error_free(e);
}

static void
test_refusals(void **state)
{
	(void)state;
	/* Inside a multi-line string, a comment would become part of the string. */
	const char *py = "s = \"\"\"\nhello\neval(x)\n\"\"\"\n";
	AurError *e = insert_fails(py, LANG_PYTHON, 3, "py-eval");
	assert_int_equal(e->category, AUR_ERR_INPUT);
	assert_str_contains(e->message, "multi-line");
	aur_error_free(e);
	/* Inside a block comment. */
	e = insert_fails("/*\n gets(b);\n*/\n", LANG_C, 2, "c-gets");
	aur_error_free(e);
	/* Lines that do not exist. */
	e = insert_fails("a\nb\n", LANG_C, 3, "c-gets");
	assert_str_contains(e->message, "no line 3");
	aur_error_free(e);
	e = insert_fails("a\nb\n", LANG_C, 0, "c-gets");
	aur_error_free(e);
	e = insert_fails("", LANG_C, 2, "c-gets");
	aur_error_free(e);
	/* Unknown language, hostile rule ids. */
	e = insert_fails("x\n", LANG_NONE, 1, "r");
	aur_error_free(e);
	e = insert_fails("x\n", LANG_C, 1, "r */ evil(); /*");
	aur_error_free(e);
	e = insert_fails("x\n", LANG_C, 1, NULL);
	aur_error_free(e);
}

static void
test_hostile_text(void **state)
{
	(void)state;
	/* Invalid UTF-8 and NUL-free binary noise: the bytes around the insertion are kept. */
	const char src[] = "\xff\xfe\n\tgets(b); \xc3\n";
	g_autofree char *out = insert_ok(src, LANG_C, 2, "c-gets");
	assert_string_equal(out, "\xff\xfe\n\t/* aurelis: ignore[c-gets] */\n\tgets(b); \xc3\n");
	/* A huge file, the finding on its last line. */
	GString *big = g_string_new(NULL);
	for (int i = 0; i < 100000; i++)
		g_string_append(big, "x = 1\n");
	g_string_append(big, "y = eval(z)\n");
	size_t n;
	AurError *err = NULL;
	char *o = suppress_insert(big->str, big->len, LANG_PYTHON, 100001, "py-eval", &n, &err);
	assert_non_null(o);
	assert_int_equal(n, big->len + strlen("# aurelis: ignore[py-eval]\n"));
	assert_true(g_str_has_suffix(o, "x = 1\n# aurelis: ignore[py-eval]\ny = eval(z)\n"));
	g_free(o);
	g_string_free(big, TRUE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_c_line_above),
		cmocka_unit_test(test_python_and_shell),
		cmocka_unit_test(test_crlf_and_last_line),
		cmocka_unit_test(test_continued_lines),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_hostile_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
