/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the SSE parser, fed in pieces whose sizes come from the input. */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
check_event(void *ud, const char *event, const char *text, size_t len)
{
	/* The contract: NUL-terminated at len, valid UTF-8, no embedded NUL. */
	if (strlen(text) != len || !g_utf8_validate(text, (gssize)len, NULL) ||
	    !g_utf8_validate(event, -1, NULL))
		__builtin_trap();
	*(size_t *)ud += len;
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	/* First byte: piece size (1..256); a small cap so the limit path is reached too. */
	size_t step = (size_t)data[0] + 1;
	data++;
	size--;
	size_t total = 0;
	SseParser *p = sse_parser_new(4096, check_event, &total);
	for (size_t off = 0; off < size; off += step) {
		AurError *e = NULL;
		bool ok = sse_parser_feed(p, (const char *)data + off, MIN(step, size - off), &e);
		aur_error_free(e);
		if (!ok)
			break;
	}
	sse_parser_finish(p);
	(void)sse_parser_done(p);
	sse_parser_free(p);
	return 0;
}
