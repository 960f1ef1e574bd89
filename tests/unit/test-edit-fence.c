/* SPDX-License-Identifier: MIT */
/* Unit tests for edit-fence.c: code blocks in answers, info strings, picking a block. */
#include "autoconfig.h"

#include "unit.h"
#include "edit-fence.h"

static GPtrArray *
extract(const char *answer)
{
	return edit_fence_extract(answer, strlen(answer));
}

static const EditFence *
nth(GPtrArray *fences, guint i)
{
	assert_true(i < fences->len);
	return fences->pdata[i];
}

static void
test_several_blocks(void **state)
{
	g_autoptr(GPtrArray) f = extract(
		"Here you go:\n"
		"\n"
		"```python\n"
		"def f():\n"
		"    return 1\n"
		"```\n"
		"\n"
		"and a test:\n"
		"\n"
		"~~~~ js title=\"a b.test.js\"\n"
		"test('x', () => {});\n"
		"~~~~\n"
		"\n"
		"```\n"
		"plain\n"
		"```\n");
	assert_int_equal(f->len, 3);
	assert_string_equal(nth(f, 0)->lang, "python");
	assert_string_equal(nth(f, 0)->lang_raw, "python");
	assert_string_equal(nth(f, 0)->text, "def f():\n    return 1\n");
	assert_int_equal(nth(f, 0)->start_line, 3);
	assert_int_equal(nth(f, 0)->end_line, 6);
	assert_int_equal(nth(f, 0)->fence_len, 3);
	assert_int_equal(nth(f, 0)->fence_char, '`');
	assert_true(nth(f, 0)->complete);
	assert_string_equal(nth(f, 1)->lang, "javascript");
	assert_string_equal(nth(f, 1)->lang_raw, "js");
	assert_string_equal(nth(f, 1)->path, "a b.test.js");
	assert_string_equal(g_hash_table_lookup(nth(f, 1)->attrs, "title"), "a b.test.js");
	assert_int_equal(nth(f, 1)->fence_len, 4);
	assert_int_equal(nth(f, 1)->fence_char, '~');
	assert_int_equal(nth(f, 1)->start_line, 10);
	assert_int_equal(nth(f, 1)->end_line, 12);
	assert_null(nth(f, 2)->lang);
	assert_string_equal(nth(f, 2)->info, "");
	assert_string_equal(nth(f, 2)->text, "plain\n");
}

static void
test_no_block(void **state)
{
	g_autoptr(GPtrArray) f = extract("Just prose, `inline code`, and\n\n    indented code\n");
	assert_int_equal(f->len, 0);
	g_autoptr(GPtrArray) empty = edit_fence_extract("", 0);
	assert_int_equal(empty->len, 0);
	g_autoptr(GPtrArray) null = edit_fence_extract(NULL, 0);
	assert_int_equal(null->len, 0);
	AurError *err = NULL;
	assert_null(edit_fence_pick(f, NULL, &err));
	assert_non_null(err);
	assert_int_equal(err->category, AUR_ERR_MODEL);
	assert_str_contains(err->message, "no code block");
	assert_non_null(err->hint);
	aur_error_free(err);
}

static void
test_unterminated(void **state)
{
	g_autoptr(GPtrArray) f = extract("text\n```c\nint main(void)\n{\n\n");
	assert_int_equal(f->len, 1);
	assert_false(nth(f, 0)->complete);
	assert_string_equal(nth(f, 0)->text, "int main(void)\n{\n\n");
	AurError *err = NULL;
	assert_null(edit_fence_pick(f, "c", &err));
	assert_non_null(err);
	assert_str_contains(err->message, "cut off");
	assert_str_contains(err->message, "line 2");
	aur_error_free(err);

	/* Cut right after the opening fence, and without a final newline. */
	g_autoptr(GPtrArray) g = extract("x\n```c");
	assert_int_equal(g->len, 1);
	assert_false(nth(g, 0)->complete);
	assert_string_equal(nth(g, 0)->text, "");
	g_autoptr(GPtrArray) h = extract("```c\nint x;");
	assert_false(nth(h, 0)->complete);
	assert_string_equal(nth(h, 0)->text, "int x;\n");

	/* A closed empty block and a closing fence with trailing spaces are complete. */
	g_autoptr(GPtrArray) k = extract("```\n```\n```c\nx\n```   \n");
	assert_int_equal(k->len, 2);
	assert_true(nth(k, 0)->complete);
	assert_true(nth(k, 1)->complete);
	/* A fence that never closes inside a list ends with the list: not a cut stream. */
	g_autoptr(GPtrArray) m = extract("> ```c\n> x\n\nafter\n");
	assert_true(nth(m, 0)->complete);
}

static void
test_nested_fences(void **state)
{
	g_autoptr(GPtrArray) f = extract("````markdown\nUse:\n```c\nint x;\n```\n````\n");
	assert_int_equal(f->len, 1);
	assert_string_equal(nth(f, 0)->lang, "markdown");
	assert_string_equal(nth(f, 0)->text, "Use:\n```c\nint x;\n```\n");
	assert_true(nth(f, 0)->complete);
	/* A shorter closing fence does not close a longer one. */
	g_autoptr(GPtrArray) g = extract("`````\na\n```\nb\n````\n");
	assert_int_equal(g->len, 1);
	assert_false(nth(g, 0)->complete);
	assert_string_equal(nth(g, 0)->text, "a\n```\nb\n````\n");
	/* Tilde blocks may hold backtick fences and the other way round. */
	g_autoptr(GPtrArray) h = extract("~~~\n```\n~~~\n");
	assert_int_equal(h->len, 1);
	assert_string_equal(nth(h, 0)->text, "```\n");
}

static void
test_indented_and_containers(void **state)
{
	g_autoptr(GPtrArray) f = extract("   ```c\n   x\n  y\n    z\n   ```\n");
	assert_int_equal(f->len, 1);
	assert_string_equal(nth(f, 0)->text, "x\ny\n z\n");
	g_autoptr(GPtrArray) g = extract("1. step\n\n   ```sh\n   make\n   ```\n> ```py\n> print(1)\n> ```\n");
	assert_int_equal(g->len, 2);
	assert_string_equal(nth(g, 0)->lang, "shell");
	assert_string_equal(nth(g, 0)->text, "make\n");
	assert_string_equal(nth(g, 1)->lang, "python");
	assert_string_equal(nth(g, 1)->text, "print(1)\n");
	/* Four spaces make indented code, not a fence. */
	g_autoptr(GPtrArray) h = extract("    ```c\n    x\n    ```\n");
	assert_int_equal(h->len, 0);
}

static void
test_crlf(void **state)
{
	g_autoptr(GPtrArray) f = extract("Here:\r\n```c\r\nint x;\r\nint y;\r\n```\r\nend\r\n");
	assert_int_equal(f->len, 1);
	assert_string_equal(nth(f, 0)->text, "int x;\nint y;\n");
	assert_int_equal(nth(f, 0)->start_line, 2);
	assert_int_equal(nth(f, 0)->end_line, 5);
	assert_true(nth(f, 0)->complete);
}

static void
test_info_strings(void **state)
{
	struct { const char *info, *lang, *path; } cases[] = {
		{ "python", "python", NULL },
		{ "  c  ", "c", NULL },
		{ "js:src/app.js", "js", "src/app.js" },
		{ "src/main.c", "c", "src/main.c" },
		{ "python file=tests/test_x.py", "python", "tests/test_x.py" },
		{ "ts filename='a b.ts' highlight=1", "ts", "a b.ts" },
		{ "{.python .numberLines file=\"x.py\"}", "python", "x.py" },
		{ "{#id .rust}", "rust", NULL },
		{ "c main.c", "c", "main.c" },
		{ "c++", "c++", NULL },
		{ "", NULL, NULL },
		{ "=", "=", NULL },
		{ "\"unterminated", "unterminated", NULL },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *lang, *path;
		GHashTable *attrs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
		edit_fence_parse_info(cases[i].info, &lang, &path, attrs);
		if (cases[i].lang == NULL)
			assert_null(lang);
		else
			assert_string_equal(lang, cases[i].lang);
		if (cases[i].path == NULL)
			assert_null(path);
		else
			assert_string_equal(path, cases[i].path);
		g_free(lang);
		g_free(path);
		g_hash_table_unref(attrs);
	}
	char *lang, *path;
	edit_fence_parse_info(NULL, &lang, &path, NULL);
	assert_null(lang);
	assert_null(path);
}

static void
test_languages(void **state)
{
	assert_string_equal(edit_fence_lang_canonical("PY"), "python");
	assert_string_equal(edit_fence_lang_canonical("python"), "python");
	assert_string_equal(edit_fence_lang_canonical("c++"), "cpp");
	assert_string_equal(edit_fence_lang_canonical("bash"), "shell");
	assert_string_equal(edit_fence_lang_canonical("tsx"), "typescript");
	assert_null(edit_fence_lang_canonical("klingon"));
	assert_null(edit_fence_lang_canonical(""));
	assert_null(edit_fence_lang_canonical(NULL));
	assert_string_equal(edit_fence_lang_from_path("a/b/x.tsx"), "typescript");
	assert_string_equal(edit_fence_lang_from_path("x.H"), "c");
	assert_string_equal(edit_fence_lang_from_path("dir.d/Makefile"), "make");
	assert_null(edit_fence_lang_from_path("README"));
	assert_null(edit_fence_lang_from_path(".bashrc"));
	assert_null(edit_fence_lang_from_path("x.unknown"));
}

static void
test_pick(void **state)
{
	g_autoptr(GPtrArray) f = extract(
		"```sh\nmake test\n```\n"
		"```c\nint a;\n```\n"
		"```c\nint longer_one;\n```\n"
		"```\nuntagged and the longest of all of them\n```\n"
		"```py\nx = 1\n```\n");
	AurError *err = NULL;
	const EditFence *p = edit_fence_pick(f, NULL, &err);
	assert_null(err);
	assert_string_equal(p->text, "untagged and the longest of all of them\n");
	p = edit_fence_pick(f, "C", &err);
	assert_string_equal(p->text, "int longer_one;\n");
	p = edit_fence_pick(f, "python", &err);
	assert_string_equal(p->text, "x = 1\n");
	p = edit_fence_pick(f, "bash", &err);
	assert_string_equal(p->text, "make test\n");
	/* No block in that language: the untagged one. */
	p = edit_fence_pick(f, "rust", &err);
	assert_string_equal(p->text, "untagged and the longest of all of them\n");
	assert_null(err);

	/* Ties go to the first block. */
	g_autoptr(GPtrArray) t = extract("```c\naaa\n```\n```c\nbbb\n```\n");
	assert_string_equal(edit_fence_pick(t, "c", NULL)->text, "aaa\n");

	/* Only other languages: an error naming what there is. */
	g_autoptr(GPtrArray) g = extract("```sh\nls\n```\n```py\nx\n```\n");
	assert_null(edit_fence_pick(g, "go", &err));
	assert_non_null(err);
	assert_str_contains(err->message, "no go code block");
	assert_str_contains(err->hint, "shell, python");
	aur_error_free(err);
	err = NULL;
	assert_null(edit_fence_pick(g, "klingon", &err));
	assert_str_contains(err->message, "klingon");
	aur_error_free(err);
}

static void
test_hostile(void **state)
{
	/* NUL bytes, invalid UTF-8, a huge fence, deep nesting, lone CRs. */
	const char bin[] = "```c\nx\0y\xff\xfe\n```\n";
	g_autoptr(GPtrArray) f = edit_fence_extract(bin, sizeof bin - 1);
	assert_int_equal(f->len, 1);
	assert_true(nth(f, 0)->complete);
	g_autoptr(GString) big = g_string_new(NULL);
	for (int i = 0; i < 200; i++)
		g_string_append(big, "> - ");
	g_string_append(big, "```c\nx\n");
	g_autoptr(GPtrArray) g = edit_fence_extract(big->str, big->len);
	assert_true(g->len <= 1);
	g_autoptr(GString) fence = g_string_new(NULL);
	for (int i = 0; i < 100000; i++)
		g_string_append_c(fence, '`');
	g_string_append(fence, "c\ncode\n");
	g_autoptr(GPtrArray) h = edit_fence_extract(fence->str, fence->len);
	assert_int_equal(h->len, 1);
	assert_false(nth(h, 0)->complete);
	g_autoptr(GPtrArray) k = extract("a\r```c\rint x;\r```\r");
	assert_int_equal(k->len, 1);
	assert_string_equal(nth(k, 0)->text, "int x;\n");
	assert_true(nth(k, 0)->complete);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_several_blocks),
		cmocka_unit_test(test_no_block),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_nested_fences),
		cmocka_unit_test(test_indented_and_containers),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_info_strings),
		cmocka_unit_test(test_languages),
		cmocka_unit_test(test_pick),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
