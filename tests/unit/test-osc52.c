/* SPDX-License-Identifier: MIT */
/* Unit tests for osc52.c: encoding, tmux and screen wrapping, limits. */
#include "autoconfig.h"

#include "osc52.h"
#include "unit.h"

static char *
seq_ok(const char *text, size_t len, Osc52Wrap wrap)
{
	AurError *err = NULL;
	char *s = osc52_sequence(text, len, wrap, &err);
	if (s == NULL)
		fail_msg("%s", err->message);
	return s;
}

/* The text a plain sequence carries, decoded. */
static guchar *
decode_plain(const char *seq, gsize *len)
{
	assert_true(g_str_has_prefix(seq, "\033]52;c;"));
	assert_true(g_str_has_suffix(seq, "\a"));
	g_autofree char *b64 = g_strndup(seq + 7, strlen(seq) - 8);
	return g_base64_decode(b64, len);
}

static void
test_plain(void **state)
{
	(void)state;
	g_autofree char *hi = seq_ok("hi", 2, OSC52_PLAIN);
	assert_string_equal(hi, "\033]52;c;aGk=\a");
	/* Any bytes survive: UTF-8, control characters, NUL, a BEL that must not end it. */
	const char odd[] = "caf\xc3\xa9 \x01\a\033]\n\0end";
	g_autofree char *s = seq_ok(odd, sizeof odd - 1, OSC52_PLAIN);
	assert_null(strchr(s + 7, '\033'));
	assert_int_equal(strchr(s, '\a') - s, (long)strlen(s) - 1);
	gsize n;
	g_autofree guchar *back = decode_plain(s, &n);
	assert_int_equal(n, sizeof odd - 1);
	assert_memory_equal(back, odd, n);
}

static void
test_tmux(void **state)
{
	(void)state;
	g_autofree char *s = seq_ok("hi", 2, OSC52_TMUX);
	/* Plain for set-clipboard on, then the passthrough with every ESC doubled. */
	assert_string_equal(s, "\033]52;c;aGk=\a" "\033Ptmux;\033\033]52;c;aGk=\a\033\\");
}

static void
test_screen_pieces(void **state)
{
	(void)state;
	GString *text = g_string_new(NULL);
	for (int i = 0; i < 500; i++)
		g_string_append_printf(text, "line %d\n", i);
	g_autofree char *plain = seq_ok(text->str, text->len, OSC52_PLAIN);
	g_autofree char *s = seq_ok(text->str, text->len, OSC52_SCREEN);
	/* Unwrapping every DCS gives the plain sequence back; no piece is too long. */
	GString *joined = g_string_new(NULL);
	const char *p = s;
	int pieces = 0;
	while (*p) {
		assert_true(g_str_has_prefix(p, "\033P"));
		const char *end = strstr(p + 2, "\033\\");
		assert_non_null(end);
		assert_true(end - (p + 2) <= 76);
		g_string_append_len(joined, p + 2, end - (p + 2));
		p = end + 2;
		pieces++;
	}
	assert_string_equal(joined->str, plain);
	assert_true(pieces > 10);
	g_string_free(joined, TRUE);
	g_string_free(text, TRUE);
}

static void
test_limits(void **state)
{
	(void)state;
	AurError *err = NULL;
	assert_null(osc52_sequence("", 0, OSC52_PLAIN, &err));
	assert_int_equal(err->category, AUR_ERR_INPUT);
	assert_non_null(err->hint);
	g_clear_pointer(&err, aur_error_free);
	assert_null(osc52_sequence(NULL, 3, OSC52_PLAIN, &err));
	g_clear_pointer(&err, aur_error_free);
	size_t max = OSC52_MAX_ENCODED / 4 * 3;
	char *big = g_malloc(max + 1);
	memset(big, 'x', max + 1);
	char *ok = osc52_sequence(big, max, OSC52_PLAIN, &err);
	assert_non_null(ok);
	assert_true(strlen(ok) <= OSC52_MAX_ENCODED + 8);
	g_free(ok);
	assert_null(osc52_sequence(big, max + 1, OSC52_PLAIN, &err));
	assert_str_contains(err->message, "too much");
	aur_error_free(err);
	g_free(big);
}

static void
test_wrap_for(void **state)
{
	(void)state;
	assert_int_equal(osc52_wrap_for(NULL, NULL), OSC52_PLAIN);
	assert_int_equal(osc52_wrap_for("", "xterm-256color"), OSC52_PLAIN);
	assert_int_equal(osc52_wrap_for("/tmp/tmux-0/default,1,0", "screen-256color"), OSC52_TMUX);
	assert_int_equal(osc52_wrap_for("/tmp/tmux-0/default,1,0", "tmux-256color"), OSC52_TMUX);
	assert_int_equal(osc52_wrap_for(NULL, "screen.xterm-256color"), OSC52_SCREEN);
	assert_int_equal(osc52_wrap_for(NULL, "xterm"), OSC52_PLAIN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_tmux),
		cmocka_unit_test(test_screen_pieces),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_wrap_for),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
