/* SPDX-License-Identifier: MIT */
/* Unit tests for tui-wrap.c: wrapping by columns (wide characters, long words, spaces) and
 * sanitising message text for display. */
#include "autoconfig.h"

#include "../../ui/tui-wrap.h"
#include "textwidth.h"
#include "unit.h"

typedef struct {
	const char *text;
	GString *out;
	int max_cols;
} Rows;

static void
collect(size_t off, size_t len, int cols, void *data)
{
	Rows *r = data;
	g_string_append_len(r->out, r->text + off, (gssize)len);
	g_string_append_c(r->out, '|');
	/* The width reported is the width of the row. */
	assert_int_equal(cols, textwidth_str(r->text + off, (gssize)len));
	r->max_cols = MAX(r->max_cols, cols);
}

static char *
wrap(const char *text, int width, int *rows, int *max_cols)
{
	Rows r = { text, g_string_new(NULL), 0 };
	int n = tui_wrap(text, strlen(text), width, collect, &r);
	if (rows != NULL)
		*rows = n;
	if (max_cols != NULL)
		*max_cols = r.max_cols;
	return g_string_free(r.out, FALSE);
}

static void
expect(const char *text, int width, const char *want)
{
	int rows, max;
	g_autofree char *got = wrap(text, width, &rows, &max);
	assert_string_equal(got, want);
	assert_true(max <= width || width < 2);
}

static void
test_words(void **state)
{
	expect("", 10, "|");
	expect("hello", 10, "hello|");
	expect("hello world", 11, "hello world|");
	expect("hello world", 10, "hello|world|");
	expect("hello world", 5, "hello|world|");
	expect("a  b", 2, "a|b|");
	expect("one two three four", 9, "one two|three|four|");
	expect("   indented text", 20, "   indented text|");
	expect("trailing   ", 20, "trailing   |");
	expect("x y", 1, "x|y|");
}

static void
test_long_words(void **state)
{
	expect("abcdefghij", 4, "abcd|efgh|ij|");
	expect("see https://example.com/a/very/long/path", 12,
	       "see|https://exam|ple.com/a/ve|ry/long/path|");
	/* Width 0 or less still makes progress, one character a row. */
	int rows;
	g_autofree char *s = wrap("abc", 0, &rows, NULL);
	assert_string_equal(s, "a|b|c|");
	assert_int_equal(rows, 3);
}

static void
test_wide(void **state)
{
	/* 中 and 文 take two columns each: three fit in 6, never split. */
	expect("\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87", 6,
	       "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad|\xe6\x96\x87|");
	/* A wide character that does not fit in the last column moves down. */
	expect("ab\xe4\xb8\xad", 3, "ab|\xe4\xb8\xad|");
	/* Emoji and combining marks. */
	expect("\xf0\x9f\x8e\x89 x", 4, "\xf0\x9f\x8e\x89 x|");
	expect("\xf0\x9f\x8e\x89 x", 3, "\xf0\x9f\x8e\x89|x|");
	expect("e\xcc\x81" "e\xcc\x81", 2, "e\xcc\x81" "e\xcc\x81|");
	/* A wide character in a one-column row still gets a row of its own. */
	expect("\xe4\xb8\xad\xe4\xb8\xad", 1, "\xe4\xb8\xad|\xe4\xb8\xad|");
}

static void
test_tabs(void **state)
{
	int max;
	g_autofree char *s = wrap("a\tb", 20, NULL, &max);
	assert_string_equal(s, "a\tb|");
	assert_int_equal(max, 9);
}

static void
sanitized(const char *in, size_t len, const char *want)
{
	g_autoptr(GString) out = g_string_new(NULL);
	tui_wrap_sanitize(out, in, len);
	assert_string_equal(out->str, want);
	assert_true(g_utf8_validate(out->str, (gssize)out->len, NULL));
}

static void
test_sanitize(void **state)
{
	sanitized("plain", 5, "plain");
	sanitized("a\r\nb\r\n", 6, "a\nb\n");
	sanitized("tab\there", 8, "tab\there");
	/* Invalid UTF-8 and control characters become U+FFFD; escape sequences are defused. */
	sanitized("\xff", 1, "\xef\xbf\xbd");
	sanitized("\x1b[31mred", 8, "\xef\xbf\xbd[31mred");
	sanitized("nul\0byte", 8, "nul\xef\xbf\xbd" "byte");
	sanitized("\xc2\x9b" "csi", 5, "\xef\xbf\xbd" "csi");
	/* Bidirectional overrides cannot make text read differently from what it is. */
	sanitized("a\xe2\x80\xae" "b", 5, "a\xef\xbf\xbd" "b");
	sanitized("\n\n", 2, "\n\n");
	/* A huge line of garbage stays bounded and valid. */
	g_autofree char *junk = g_malloc(100000);
	for (int i = 0; i < 100000; i++)
		junk[i] = (char)(i * 37 + 11);
	g_autoptr(GString) out = g_string_new(NULL);
	tui_wrap_sanitize(out, junk, 100000);
	assert_true(g_utf8_validate(out->str, (gssize)out->len, NULL));
	for (gsize i = 0; i < out->len; i++)
		assert_true(out->str[i] == '\n' || out->str[i] == '\t' || (unsigned char)out->str[i] >= 0x20);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_long_words),
		cmocka_unit_test(test_wide),
		cmocka_unit_test(test_tabs),
		cmocka_unit_test(test_sanitize),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
