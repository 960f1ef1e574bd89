/* SPDX-License-Identifier: MIT */
/* Unit tests for sse.c: WHATWG line and field rules, every split point, hostile input. */
#include "autoconfig.h"

#include "sse.h"
#include "unit.h"

typedef struct {
	GPtrArray *events; /* "event|data" strings */
	int stop_after;    /* stop after this many events; 0 = never */
} Collect;

static bool
collect(void *ud, const char *event, const char *data, size_t len)
{
	Collect *c = ud;
	assert_int_equal(strlen(data), len); /* NUL-terminated, no embedded NUL */
	assert_true(g_utf8_validate(data, (gssize)len, NULL));
	g_ptr_array_add(c->events, g_strdup_printf("%s|%s", event, data));
	return c->stop_after == 0 || (int)c->events->len < c->stop_after;
}

/* Feed text in pieces of the given sizes (cycled); return events joined by "\n--\n". */
static char *
parse_split(const char *text, size_t len, const size_t *sizes, size_t nsizes, bool *done,
	    bool *ok)
{
	Collect c = { g_ptr_array_new_with_free_func(g_free), 0 };
	SseParser *p = sse_parser_new(0, collect, &c);
	size_t off = 0, k = 0;
	*ok = true;
	while (off < len) {
		size_t want = nsizes ? sizes[k++ % nsizes] : len;
		size_t n = MIN(want, len - off); /* MIN evaluates twice: no k++ inside */
		AurError *e = NULL;
		if (!sse_parser_feed(p, text + off, n, &e)) {
			*ok = false;
			aur_error_free(e);
			break;
		}
		off += n;
	}
	sse_parser_finish(p);
	if (done)
		*done = sse_parser_done(p);
	sse_parser_free(p);
	g_ptr_array_add(c.events, NULL);
	char *joined = g_strjoinv("\n--\n", (char **)c.events->pdata);
	g_ptr_array_unref(c.events);
	return joined;
}

static char *
parse_all(const char *text, bool *done)
{
	bool ok;
	char *r = parse_split(text, strlen(text), NULL, 0, done, &ok);
	assert_true(ok);
	return r;
}

static void
test_basic_fields(void **state)
{
	bool done;
	g_autofree char *a = parse_all("data: hello\n\ndata:no-space\n\ndata:  two\n\n", &done);
	assert_string_equal(a, "|hello\n--\n|no-space\n--\n| two");
	assert_false(done);
	/* A field name alone has an empty value; unknown fields and id/retry are ignored. */
	g_autofree char *b = parse_all("data\n\nid: 7\nretry: 10\nfoo: bar\ndata: x\n\n", NULL);
	assert_string_equal(b, "|\n--\n|x");
	/* event: is reported with the data and reset after each event. */
	g_autofree char *c = parse_all("event: ping\ndata: 1\n\ndata: 2\n\n", NULL);
	assert_string_equal(c, "ping|1\n--\n|2");
}

static void
test_line_endings(void **state)
{
	g_autofree char *lf = parse_all("data: a\ndata: b\n\n", NULL);
	g_autofree char *crlf = parse_all("data: a\r\ndata: b\r\n\r\n", NULL);
	g_autofree char *cr = parse_all("data: a\rdata: b\r\r", NULL);
	g_autofree char *mixed = parse_all("data: a\r\ndata: b\r\n", NULL);
	assert_string_equal(lf, "|a\nb");
	assert_string_equal(crlf, "|a\nb");
	assert_string_equal(cr, "|a\nb");
	assert_string_equal(mixed, ""); /* no blank line yet: not dispatched */
	/* \r\r is two line ends (an empty line), \r\n is one. */
	g_autofree char *two = parse_all("data: a\r\rdata: b\n\r\n", NULL);
	assert_string_equal(two, "|a\n--\n|b");
}

static void
test_comments_and_blank_lines(void **state)
{
	g_autofree char *a = parse_all(": keep-alive\n\n\n\ndata: x\n: inside\ndata: y\n\n:\n\n", NULL);
	assert_string_equal(a, "|x\ny");
}

static void
test_done_marker(void **state)
{
	bool done;
	g_autofree char *a = parse_all("data: {\"a\":1}\n\ndata: [DONE]\n\n", &done);
	assert_string_equal(a, "|{\"a\":1}");
	assert_true(done);
	g_autofree char *b = parse_all("data:[DONE]\r\n\r\n", &done);
	assert_string_equal(b, "");
	assert_true(done);
	/* Cut off before its blank line: still the end. */
	g_autofree char *c = parse_all("data: [DONE]", &done);
	assert_string_equal(c, "");
	assert_true(done);
	g_autofree char *d = parse_all("data: [DONE]\n", &done);
	assert_string_equal(d, "");
	assert_true(done);
	/* Not the marker. */
	g_autofree char *e = parse_all("data: [DONE] now\n\n", &done);
	assert_string_equal(e, "|[DONE] now");
	assert_false(done);
}

static void
test_eof_discards_partial_event(void **state)
{
	g_autofree char *a = parse_all("data: one\n\ndata: two\n", NULL);
	assert_string_equal(a, "|one");
	g_autofree char *b = parse_all("data: one\n\ndata: tw", NULL);
	assert_string_equal(b, "|one");
}

static void
test_bom(void **state)
{
	g_autofree char *a = parse_all("\xEF\xBB\xBF" "data: x\n\n", NULL);
	assert_string_equal(a, "|x");
	/* Only at the very start; later it is part of the field name (unknown, ignored). */
	g_autofree char *b = parse_all("data: x\n\n\xEF\xBB\xBF" "data: y\n\n", NULL);
	assert_string_equal(b, "|x");
}

/* A stream using every feature, with multi-byte UTF-8 so that splits land mid-sequence. */
static const char rich[] =
	"\xEF\xBB\xBF: comment\r\n"
	"event: x\r\n"
	"data: {\"c\":\"h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80\"}\r\n"
	"\r\n"
	"data:first\rdata:  second\r\r"
	"id: 1\n"
	"data: \xE4\xB8\xAD\xE6\x96\x87\n"
	"data\n"
	"\n"
	"retry: 5\r\n"
	"data: last\n\n"
	"data: [DONE]\n\n";

static void
test_every_split_point(void **state)
{
	size_t len = sizeof rich - 1;
	bool done, ok;
	g_autofree char *whole = parse_split(rich, len, NULL, 0, &done, &ok);
	assert_true(ok);
	assert_true(done);
	assert_string_equal(whole, "x|{\"c\":\"h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80\"}\n--\n"
				   "|first\n second\n--\n|\xE4\xB8\xAD\xE6\x96\x87\n\n--\n|last");
	/* Two pieces, cut at every offset. */
	for (size_t cut = 0; cut <= len; cut++) {
		size_t sizes[] = { cut ? cut : len, len };
		g_autofree char *r = parse_split(rich, len, sizes, 2, &done, &ok);
		assert_true(ok);
		assert_true(done);
		if (strcmp(r, whole) != 0)
			fail_msg("split at %zu gives a different result:\n%s", cut, r);
	}
	/* Three pieces: every pair of cut points. */
	for (size_t a = 1; a < len; a++) {
		for (size_t b = a + 1; b < len; b++) {
			size_t sizes[] = { a, b - a, len };
			g_autofree char *r = parse_split(rich, len, sizes, 3, &done, &ok);
			if (!ok || !done || strcmp(r, whole) != 0)
				fail_msg("cuts at %zu and %zu give a different result", a, b);
		}
	}
	/* One byte at a time, and assorted repeating sizes. */
	static const size_t patterns[][3] = { { 1, 1, 1 }, { 2, 3, 5 }, { 7, 1, 13 }, { 4, 4, 4 } };
	for (size_t i = 0; i < G_N_ELEMENTS(patterns); i++) {
		g_autofree char *r = parse_split(rich, len, patterns[i], 3, &done, &ok);
		assert_true(ok);
		assert_string_equal(r, whole);
	}
}

static void
test_invalid_utf8_and_nul(void **state)
{
	static const char bad[] = "data: a\xFF" "b\xC3\n\ndata: x\0y\n\n";
	bool done, ok;
	g_autofree char *r = parse_split(bad, sizeof bad - 1, NULL, 0, &done, &ok);
	assert_true(ok);
	assert_string_equal(r, "|a\xEF\xBF\xBD" "b\xEF\xBF\xBD\n--\n|x\xEF\xBF\xBDy");
	/* A truncated sequence at the end of an event, split byte by byte. */
	static const char cut[] = "data: \xE2\x82\n\n";
	size_t one = 1;
	g_autofree char *r2 = parse_split(cut, sizeof cut - 1, &one, 1, &done, &ok);
	assert_string_equal(r2, "|\xEF\xBF\xBD");
}

static void
test_event_cap(void **state)
{
	/* A line that never ends is refused once it passes the cap, fed in small pieces. */
	Collect c = { g_ptr_array_new_with_free_func(g_free), 0 };
	g_autoptr(SseParser) p = sse_parser_new(1024, collect, &c);
	char chunk[100];
	memset(chunk, 'a', sizeof chunk);
	assert_true(sse_parser_feed(p, "data: ", 6, NULL));
	bool refused = false;
	for (int i = 0; i < 100 && !refused; i++) {
		g_autoptr(AurError) e = NULL;
		if (!sse_parser_feed(p, chunk, sizeof chunk, &e)) {
			assert_non_null(e);
			assert_int_equal(e->category, AUR_ERR_MODEL);
			assert_str_contains(e->message, "larger than");
			assert_non_null(e->hint);
			refused = true;
			assert_true(i >= 9 && i <= 10);
		}
	}
	assert_true(refused);
	/* Once failed, the parser refuses more input. */
	assert_false(sse_parser_feed(p, "\n\n", 2, NULL));
	assert_int_equal(c.events->len, 0);
	g_ptr_array_unref(c.events);
}

static void
test_event_cap_many_lines(void **state)
{
	/* Many short data lines add up: the event as a whole is bounded. */
	Collect c = { g_ptr_array_new_with_free_func(g_free), 0 };
	g_autoptr(SseParser) p = sse_parser_new(4096, collect, &c);
	bool refused = false;
	for (int i = 0; i < 1000 && !refused; i++)
		refused = !sse_parser_feed(p, "data: 0123456789\n", 17, NULL);
	assert_true(refused);
	g_ptr_array_unref(c.events);
	/* Up to the cap is fine, and the buffer is reused for the next event. */
	Collect d = { g_ptr_array_new_with_free_func(g_free), 0 };
	g_autoptr(SseParser) q = sse_parser_new(4096, collect, &d);
	g_autofree char *big = g_strnfill(4000, 'z');
	g_autofree char *ev = g_strdup_printf("data: %s\n\n", big);
	for (int i = 0; i < 50; i++)
		assert_true(sse_parser_feed(q, ev, strlen(ev), NULL));
	assert_int_equal(d.events->len, 50);
	g_ptr_array_unref(d.events);
}

static void
test_huge_default_cap(void **state)
{
	/* 2 MiB in one data line against the default 1 MiB cap. */
	size_t n = 2u << 20;
	char *big = g_malloc(n);
	memset(big, 'q', n);
	memcpy(big, "data: ", 6);
	Collect c = { g_ptr_array_new_with_free_func(g_free), 0 };
	g_autoptr(SseParser) p = sse_parser_new(0, collect, &c);
	g_autoptr(AurError) e = NULL;
	assert_false(sse_parser_feed(p, big, n, &e));
	assert_non_null(e);
	assert_str_contains(e->message, "1.0 MiB");
	g_free(big);
	g_ptr_array_unref(c.events);
}

static void
test_callback_stops(void **state)
{
	Collect c = { g_ptr_array_new_with_free_func(g_free), 1 };
	g_autoptr(SseParser) p = sse_parser_new(0, collect, &c);
	AurError *e = NULL;
	assert_false(sse_parser_feed(p, "data: 1\n\ndata: 2\n\n", 18, &e));
	assert_null(e); /* the callback's own reason stands */
	assert_int_equal(c.events->len, 1);
	assert_int_equal(sse_parser_events(p), 1);
	g_ptr_array_unref(c.events);
}

static void
test_random_garbage(void **state)
{
	/* Random bytes, fed in random pieces: never crashes, every event is valid UTF-8. */
	GRand *r = g_rand_new_with_seed(42);
	for (int round = 0; round < 200; round++) {
		size_t len = (size_t)g_rand_int_range(r, 0, 4000);
		char *buf = g_malloc(len + 1);
		for (size_t i = 0; i < len; i++) {
			static const char alphabet[] = "data: \r\n:evt\xC3\xA9\xFF\x00[DONE]";
			buf[i] = alphabet[g_rand_int_range(r, 0, sizeof alphabet - 1)];
		}
		size_t sizes[] = { (size_t)g_rand_int_range(r, 1, 50), (size_t)g_rand_int_range(r, 1, 7) };
		bool ok, done;
		g_free(parse_split(buf, len, sizes, 2, &done, &ok));
		assert_true(ok);
		g_free(buf);
	}
	g_rand_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic_fields),
		cmocka_unit_test(test_line_endings),
		cmocka_unit_test(test_comments_and_blank_lines),
		cmocka_unit_test(test_done_marker),
		cmocka_unit_test(test_eof_discards_partial_event),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_every_split_point),
		cmocka_unit_test(test_invalid_utf8_and_nul),
		cmocka_unit_test(test_event_cap),
		cmocka_unit_test(test_event_cap_many_lines),
		cmocka_unit_test(test_huge_default_cap),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_random_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
