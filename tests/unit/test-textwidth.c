/* SPDX-License-Identifier: MIT */
/* Unit tests for display widths, sanitising and chunk boundaries inside characters. */
#include "autoconfig.h"

#include "unit.h"

#include "textwidth.h"

static void
test_char_widths(void **state)
{
	assert_int_equal(textwidth_char('a'), 1);
	assert_int_equal(textwidth_char(0x65e5), 2);  /* 日 */
	assert_int_equal(textwidth_char(0xff21), 2);  /* fullwidth A */
	assert_int_equal(textwidth_char(0x1f600), 2); /* 😀 */
	assert_int_equal(textwidth_char(0x0301), 0);  /* combining acute */
	assert_int_equal(textwidth_char(0x200b), 0);  /* zero-width space */
	assert_int_equal(textwidth_char(0x200d), 0);  /* zero-width joiner */
	assert_int_equal(textwidth_char(0x2500), 1);  /* box drawing: ambiguous, narrow */
	assert_int_equal(textwidth_char(0x1b), 0);
	assert_int_equal(textwidth_char(0x9b), 0);
}

static void
test_string_widths(void **state)
{
	assert_int_equal(textwidth_str("", -1), 0);
	assert_int_equal(textwidth_str("hello", -1), 5);
	assert_int_equal(textwidth_str("日本語", -1), 6);
	assert_int_equal(textwidth_str("e\xcc\x81t\xc3\xa9", -1), 3); /* decomposed é, é */
	assert_int_equal(textwidth_str("a😀b", -1), 4);
	assert_int_equal(textwidth_str("\tx", -1), 9);
	assert_int_equal(textwidth_str("abc\tx", -1), 9);
	assert_int_equal(textwidth_str("abcdefgh\tx", -1), 17);
	assert_int_equal(textwidth_str("日本語", 3), 2); /* len counts bytes */
}

static void
test_sanitize(void **state)
{
	g_autofree char *a = textwidth_sanitize("ok\033[31mred\x07", -1, false);
	assert_string_equal(a, "ok\xef\xbf\xbd[31mred\xef\xbf\xbd");
	g_autofree char *b = textwidth_sanitize("bad \xff\xfe utf8 \xe6\x97", -1, false);
	assert_true(g_utf8_validate(b, -1, NULL));
	assert_str_contains(b, "bad \xef\xbf\xbd");
	assert_str_contains(b, " utf8 \xef\xbf\xbd");
	g_autofree char *c = textwidth_sanitize("a\tb", -1, false);
	assert_string_equal(c, "a b");
	g_autofree char *d = textwidth_sanitize("a\tb", -1, true);
	assert_string_equal(d, "a\tb");
	/* Trojan Source: an override hides what code does. */
	g_autofree char *e = textwidth_sanitize("if (x\xe2\x80\xae) {", -1, true);
	assert_string_equal(e, "if (x\xef\xbf\xbd) {");
	g_autofree char *f = textwidth_sanitize("\xc2\x9b" "2J", -1, false); /* C1 CSI */
	assert_string_equal(f, "\xef\xbf\xbd" "2J");
	/* A NUL inside the given length is not the end of the text. */
	g_autofree char *g = textwidth_sanitize("a\0b", 3, false);
	assert_string_equal(g, "a\xef\xbf\xbd" "b");
	/* Ordinary non-ASCII text is untouched. */
	g_autofree char *h = textwidth_sanitize("naïve 日本 😀 e\xcc\x81", -1, false);
	assert_string_equal(h, "naïve 日本 😀 e\xcc\x81");
}

static void
test_rows(void **state)
{
	assert_int_equal(textwidth_rows("", -1, 10), 1);
	assert_int_equal(textwidth_rows("0123456789", -1, 10), 1);
	assert_int_equal(textwidth_rows("0123456789a", -1, 10), 2);
	/* A wide character that does not fit in the last column starts the next row. */
	assert_int_equal(textwidth_rows("012345678日", -1, 10), 2);
	assert_int_equal(textwidth_rows("01234567日", -1, 10), 1);
	assert_int_equal(textwidth_rows("日日日日日日", -1, 5), 3);
	/* Tabs stop at the last column and never wrap. */
	assert_int_equal(textwidth_rows("012345678\t\t", -1, 10), 1);
	assert_int_equal(textwidth_rows("abc", -1, 0), 3);
}

static void
test_complete_prefix(void **state)
{
	const char *s = "a日😀é";
	size_t n = strlen(s);
	/* Every cut point: the prefix kept never ends inside a character. */
	for (size_t cut = 0; cut <= n; cut++) {
		size_t k = textwidth_complete_prefix(s, cut);
		assert_true(k <= cut);
		assert_true(g_utf8_validate(s, (gssize)k, NULL));
		assert_true(cut - k < 4);
	}
	assert_int_equal(textwidth_complete_prefix(s, 2), 1);
	assert_int_equal(textwidth_complete_prefix(s, 4), 4);
	assert_int_equal(textwidth_complete_prefix(s, 6), 4);
	assert_int_equal(textwidth_complete_prefix(s, 8), 8);
	/* Invalid bytes are not held back forever. */
	assert_int_equal(textwidth_complete_prefix("\xff\xff", 2), 2);
	assert_int_equal(textwidth_complete_prefix("\x80\x80\x80\x80", 4), 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_char_widths),
		cmocka_unit_test(test_string_widths),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_complete_prefix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
