/* SPDX-License-Identifier: MIT */
/* Incremental server-sent-events parser following the WHATWG event-stream rules. */
#include "autoconfig.h"

#include <string.h>

#include "sse.h"
#include "util.h"

/*
 * Bytes are cut into lines at LF, CRLF or a lone CR, even when a chunk ends between the CR
 * and the LF (last_cr remembers it).  Only complete events are decoded, so a UTF-8
 * sequence split across chunks is whole again by then.  One cap bounds everything an event
 * can hold (the line being read, the data so far and the event name), so a server that
 * never sends a blank line cannot make us grow without limit.
 */

struct SseParser {
	GString *line;
	GString *data;
	GString *event;
	size_t max;
	SseEventFn fn;
	void *ud;
	size_t events;
	bool last_cr;
	bool first_line;
	bool stopped;
	bool done;
};

SseParser *
sse_parser_new(size_t max_event, SseEventFn fn, void *ud)
{
	SseParser *p = g_new0(SseParser, 1);
	p->line = g_string_new(NULL);
	p->data = g_string_new(NULL);
	p->event = g_string_new(NULL);
	p->max = max_event ? max_event : SSE_MAX_EVENT;
	p->fn = fn;
	p->ud = ud;
	p->first_line = true;
	return p;
}

void
sse_parser_free(SseParser *p)
{
	if (p == NULL)
		return;
	g_string_free(p->line, TRUE);
	g_string_free(p->data, TRUE);
	g_string_free(p->event, TRUE);
	g_free(p);
}

bool
sse_parser_done(const SseParser *p)
{
	return p->done;
}

size_t
sse_parser_events(const SseParser *p)
{
	return p->events;
}

static bool
over_cap(const SseParser *p, size_t extra)
{
	return p->line->len + p->data->len + p->event->len + extra > p->max;
}

static bool
fail_too_big(SseParser *p, AurError **err)
{
	p->stopped = true;
	g_autofree char *cap = util_format_size((int64_t)p->max);
	aur_error_set(err, AUR_ERR_MODEL, "The server sent a malformed stream; try again, or use --no-stream.",
		      "a server-sent event is larger than %s", cap);
	return false;
}

static bool
is_done_marker(const char *s, size_t len)
{
	while (len > 0 && g_ascii_isspace(s[0])) {
		s++;
		len--;
	}
	while (len > 0 && g_ascii_isspace(s[len - 1]))
		len--;
	return len == 6 && memcmp(s, "[DONE]", 6) == 0;
}

/* Replace invalid UTF-8 and NUL bytes by U+FFFD, in place. */
static void
make_valid(GString *s)
{
	if (g_utf8_validate_len(s->str, s->len, NULL))
		return;
	GString *out = g_string_sized_new(s->len + 16);
	const char *p = s->str, *end = s->str + s->len;
	while (p < end) {
		const char *bad;
		if (g_utf8_validate_len(p, (gsize)(end - p), &bad)) {
			g_string_append_len(out, p, end - p);
			break;
		}
		g_string_append_len(out, p, bad - p);
		g_string_append(out, "\xEF\xBF\xBD");
		/* Skip the bad byte and any continuation bytes that belonged to it. */
		p = bad + 1;
		while (p < end && ((unsigned char)*p & 0xC0) == 0x80)
			p++;
	}
	g_string_assign(s, "");
	g_string_append_len(s, out->str, out->len);
	g_string_free(out, TRUE);
}

static bool
dispatch(SseParser *p)
{
	bool go_on = true;
	if (p->data->len > 0) {
		g_string_truncate(p->data, p->data->len - 1); /* the last data line's LF */
		if (is_done_marker(p->data->str, p->data->len)) {
			p->done = true;
		} else {
			make_valid(p->data);
			make_valid(p->event);
			p->events++;
			go_on = p->fn(p->ud, p->event->str, p->data->str, p->data->len);
		}
	}
	g_string_truncate(p->data, 0);
	g_string_truncate(p->event, 0);
	if (!go_on)
		p->stopped = true;
	return go_on;
}

/* One complete line, without its terminator. */
static bool
process_line(SseParser *p, AurError **err)
{
	const char *s = p->line->str;
	size_t len = p->line->len;
	if (p->first_line) {
		p->first_line = false;
		if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
			s += 3;
			len -= 3;
		}
	}
	if (len == 0)
		return dispatch(p);
	if (s[0] == ':')
		return true;
	const char *colon = memchr(s, ':', len);
	size_t flen = colon ? (size_t)(colon - s) : len;
	const char *val = colon ? colon + 1 : s + len;
	size_t vlen = (size_t)(s + len - val);
	if (vlen > 0 && val[0] == ' ') {
		val++;
		vlen--;
	}
	if (flen == 4 && memcmp(s, "data", 4) == 0) {
		g_string_append_len(p->data, val, (gssize)vlen);
		g_string_append_c(p->data, '\n');
	} else if (flen == 5 && memcmp(s, "event", 5) == 0) {
		g_string_truncate(p->event, 0);
		g_string_append_len(p->event, val, (gssize)vlen);
	}
	/* id:, retry: and unknown fields are ignored: we never reconnect. */
	(void)err;
	return true;
}

static bool
end_line(SseParser *p, AurError **err)
{
	bool ok = process_line(p, err);
	g_string_truncate(p->line, 0);
	return ok;
}

bool
sse_parser_feed(SseParser *p, const char *buf, size_t len, AurError **err)
{
	if (p->stopped)
		return false;
	size_t i = 0;
	if (len > 0 && p->last_cr && buf[0] == '\n')
		i = 1; /* the LF of a CRLF split across two chunks */
	p->last_cr = false;
	while (i < len) {
		size_t j = i;
		while (j < len && buf[j] != '\n' && buf[j] != '\r')
			j++;
		if (over_cap(p, j - i))
			return fail_too_big(p, err);
		g_string_append_len(p->line, buf + i, (gssize)(j - i));
		if (j == len)
			break;
		/* The line about to end becomes event data plus one LF. */
		if (over_cap(p, 1))
			return fail_too_big(p, err);
		if (!end_line(p, err))
			return false;
		if (buf[j] == '\r') {
			if (j + 1 < len && buf[j + 1] == '\n')
				j++;
			else if (j + 1 == len)
				p->last_cr = true;
		}
		i = j + 1;
	}
	return true;
}

void
sse_parser_finish(SseParser *p)
{
	/* Lenient about one thing: "data: [DONE]" cut off before its blank line still ends
	 * the answer, since nothing can follow it. */
	if (!p->stopped) {
		if (p->line->len > 4 && strncmp(p->line->str, "data", 4) == 0 &&
		    (p->line->str[4] == ':') && is_done_marker(p->line->str + 5, p->line->len - 5))
			p->done = true;
		else if (p->line->len == 0 && is_done_marker(p->data->str, p->data->len))
			p->done = true;
	}
	g_string_truncate(p->line, 0);
	g_string_truncate(p->data, 0);
	g_string_truncate(p->event, 0);
	p->stopped = true;
}
