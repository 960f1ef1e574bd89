/* SPDX-License-Identifier: MIT */
/* Unit tests for util.c: suggestions, durations, sizes, time formatting, line counts. */
#include "autoconfig.h"

#include "unit.h"
#include "util.h"

static void
test_edit_distance(void **state)
{
	assert_int_equal(util_edit_distance("", ""), 0);
	assert_int_equal(util_edit_distance("abc", ""), 3);
	assert_int_equal(util_edit_distance("kitten", "sitting"), 3);
	assert_int_equal(util_edit_distance("config", "confg"), 1);
}

static void
test_did_you_mean(void **state)
{
	const char *const words[] = { "analyze", "ask", "config", "cache", NULL };
	assert_string_equal(util_did_you_mean("confg", words), "config");
	assert_string_equal(util_did_you_mean("anal", words), "analyze");
	assert_string_equal(util_did_you_mean("cahce", words), "cache");
	assert_null(util_did_you_mean("zzzzzzzz", words));
	assert_null(util_did_you_mean("", words));
	assert_null(util_did_you_mean("x", words));
}

static void
test_durations(void **state)
{
	int64_t s;
	assert_true(util_parse_duration("90", &s));
	assert_int_equal(s, 90);
	assert_true(util_parse_duration("5m", &s));
	assert_int_equal(s, 300);
	assert_true(util_parse_duration("2h", &s));
	assert_int_equal(s, 7200);
	assert_true(util_parse_duration("1d", &s));
	assert_int_equal(s, 86400);
	assert_true(util_parse_duration(" 30 s", &s));
	assert_int_equal(s, 30);
	assert_false(util_parse_duration("", &s));
	assert_false(util_parse_duration("-5", &s));
	assert_false(util_parse_duration("5 parsecs", &s));
	assert_false(util_parse_duration("abc", &s));
	assert_false(util_parse_duration("1e400", &s));
	assert_false(util_parse_duration(NULL, &s));
}

static void
test_sizes(void **state)
{
	int64_t b;
	assert_true(util_parse_size("1048576", &b));
	assert_int_equal(b, 1048576);
	assert_true(util_parse_size("100MiB", &b));
	assert_int_equal(b, 100 << 20);
	assert_true(util_parse_size("512K", &b));
	assert_int_equal(b, 512 << 10);
	assert_true(util_parse_size("1.5G", &b));
	assert_int_equal(b, (int64_t)3 << 29);
	assert_false(util_parse_size("12 furlongs", &b));
	assert_false(util_parse_size("M", &b));
	g_autofree char *f = util_format_size(1536);
	assert_string_equal(f, "1.5 KiB");
	g_autofree char *d = util_format_duration(5631);
	assert_string_equal(d, "1h 33m");
}

static void
test_rfc3339(void **state)
{
	g_autofree char *t = util_rfc3339_ms(1795752000123LL);
	assert_string_equal(t, "2026-11-27T04:00:00.123Z");
}

static void
test_count_lines(void **state)
{
	assert_int_equal(util_count_newlines("", 0), 0);
	assert_int_equal(util_count_lines("", 0), 0);
	assert_int_equal(util_count_newlines(NULL, 0), 0);
	assert_int_equal(util_count_lines("a", 1), 1);
	assert_int_equal(util_count_lines("a\n", 2), 1);
	assert_int_equal(util_count_lines("a\nb", 3), 2);
	assert_int_equal(util_count_lines("\n\n\n", 3), 3);
	assert_int_equal(util_count_newlines("\n\n\n", 3), 3);
	/* Only len bytes count: not past an embedded NUL's end, nor past len. */
	assert_int_equal(util_count_newlines("a\0\nb\n", 5), 2);
	assert_int_equal(util_count_lines("a\nb\nc", 2), 1);
	assert_int_equal(util_count_lines("a\nb\nc", 3), 2);
	assert_int_equal(util_count_lines("\r\n\xff\xfe", 4), 2);
}

static void
test_memdup0(void **state)
{
	g_autofree char *e = util_memdup0(NULL, 0);
	assert_string_equal(e, "");
	static const char odd[] = "a\0b\xff";
	g_autofree char *c = util_memdup0(odd, 4);
	assert_memory_equal(c, odd, 5); /* the NUL in the middle and the bytes after it */
	g_autofree char *part = util_memdup0("abcdef", 3);
	assert_string_equal(part, "abc");
}

static void
test_split_lines(void **state)
{
	static const struct {
		const char *text;
		size_t len;
		const char *want; /* each line as "content|ending;" with ending n, rn or - */
	} cases[] = {
		{ "", 0, "" },
		{ "a", 1, "a|-;" },
		{ "a\n", 2, "a|n;" },
		{ "a\r\nb", 4, "a|rn;b|-;" },
		{ "\n\n", 2, "|n;|n;" },
		{ "\r", 1, "\r|-;" },
		{ "x\ry\r\r\n", 6, "x\ry\r|rn;" },
		{ "\r\n", 2, "|rn;" },
		{ "a\0b\nc", 5, "a<NUL>b|n;c|-;" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GArray) lines = util_split_lines(cases[i].text, cases[i].len);
		g_autoptr(GString) got = g_string_new(NULL);
		size_t covered = 0;
		for (guint j = 0; j < lines->len; j++) {
			const UtilLine *l = &g_array_index(lines, UtilLine, j);
			assert_ptr_equal(l->s, cases[i].text + covered); /* in order, no gaps */
			covered += l->len + strlen(l->eol);
			for (size_t k = 0; k < l->len; k++)
				if (l->s[k] == '\0')
					g_string_append(got, "<NUL>");
				else
					g_string_append_c(got, l->s[k]);
			g_string_append_printf(got, "|%s;", *l->eol == '\0' ? "-" :
					       l->eol[0] == '\r' ? "rn" : "n");
		}
		assert_int_equal(covered, cases[i].len);
		if (strcmp(got->str, cases[i].want) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, got->str, cases[i].want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_did_you_mean),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_rfc3339),
		cmocka_unit_test(test_count_lines),
		cmocka_unit_test(test_memdup0),
		cmocka_unit_test(test_split_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
