/* SPDX-License-Identifier: MIT */
/* Unit tests for histfile.c: escaping, damaged files, appending and trimming. */
#include "autoconfig.h"

#include <sys/stat.h>

#include "histfile.h"
#include "unit.h"

static void
test_escape_round_trip(void **state)
{
	(void)state;
	static const char *const entries[] = {
		"plain", "two\nlines", "back\\slash", "literal \\n is not a newline", "ends\\",
		"\\\\\n\\", "\n\n", "caf\xc3\xa9 \xe2\x9c\x93", NULL,
	};
	for (int i = 0; entries[i] != NULL; i++) {
		g_autofree char *e = histfile_escape(entries[i]);
		assert_null(strchr(e, '\n'));
		g_autofree char *back = histfile_unescape(e, strlen(e));
		assert_string_equal(back, entries[i]);
	}
	g_autofree char *crlf = histfile_escape("a\r\nb");
	assert_string_equal(crlf, "a\\nb");
	/* Other escapes and a lone trailing backslash are kept as written. */
	g_autofree char *t = histfile_unescape("a\\tb\\", 5);
	assert_string_equal(t, "a\\tb\\");
	/* NUL bytes inside a line are dropped, not allowed to cut it. */
	g_autofree char *nul = histfile_unescape("a\0b", 3);
	assert_string_equal(nul, "ab");
}

static void
test_load_damaged(void **state)
{
	(void)state;
	char *dir = unit_tmpdir();
	g_autofree char *path = g_build_filename(dir, "history", NULL);
	/* Empty lines, invalid UTF-8 and a missing final newline. */
	static const char data[] = "first\n\n\xff\xfe broken\nmulti\\nline\nlast without newline";
	assert_true(g_file_set_contents(path, data, sizeof data - 1, NULL));
	g_autoptr(GPtrArray) h = histfile_load(path);
	assert_int_equal(h->len, 3);
	assert_string_equal(h->pdata[0], "first");
	assert_string_equal(h->pdata[1], "multi\nline");
	assert_string_equal(h->pdata[2], "last without newline");
	g_autoptr(GPtrArray) none = histfile_load("/nonexistent/history");
	assert_int_equal(none->len, 0);
	g_autoptr(GPtrArray) null = histfile_load(NULL);
	assert_int_equal(null->len, 0);
	unit_rmdir(dir);
}

static void
test_append_and_trim(void **state)
{
	(void)state;
	char *dir = unit_tmpdir();
	g_autofree char *path = g_build_filename(dir, "history", NULL);
	AurError *err = NULL;
	for (int i = 0; i < 10; i++) {
		g_autofree char *e = g_strdup_printf("entry %d\nsecond line", i);
		assert_true(histfile_append(path, e, &err));
	}
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	g_autoptr(GPtrArray) all = histfile_load(path);
	assert_int_equal(all->len, 10);
	assert_string_equal(all->pdata[9], "entry 9\nsecond line");
	assert_true(histfile_save(path, all, 3, &err));
	g_autoptr(GPtrArray) kept = histfile_load(path);
	assert_int_equal(kept->len, 3);
	assert_string_equal(kept->pdata[0], "entry 7\nsecond line");
	assert_true(histfile_save(path, kept, 0, &err));
	g_autoptr(GPtrArray) empty = histfile_load(path);
	assert_int_equal(empty->len, 0);
	/* A directory in the way is an error with a hint, not a crash. */
	assert_false(histfile_append(dir, "x", &err));
	assert_int_equal(err->category, AUR_ERR_IO);
	assert_non_null(err->hint);
	aur_error_free(err);
	unit_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_round_trip),
		cmocka_unit_test(test_load_damaged),
		cmocka_unit_test(test_append_and_trim),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
