/* SPDX-License-Identifier: MIT */
/* Incremental server-sent-events parser (WHATWG rules); pure, no network. */
#ifndef AURELIS_SSE_H
#define AURELIS_SSE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* Default cap on one event (its data plus the line being read): 1 MiB. */
#define SSE_MAX_EVENT (1u << 20)

/*
 * Called for each dispatched event whose data is not empty.  data is valid UTF-8 (invalid
 * sequences and NUL bytes are replaced by U+FFFD, as a UTF-8 decoder would), is
 * NUL-terminated at len, and is only valid during the call.  event is the event: field
 * ("" when none; aurelis reads only data).  Return false to stop: the parser then refuses
 * further input.
 */
typedef bool (*SseEventFn)(void *ud, const char *event, const char *data, size_t len);

typedef struct SseParser SseParser;

/* max_event 0 means SSE_MAX_EVENT.  Free with sse_parser_free(). */
SseParser *sse_parser_new(size_t max_event, SseEventFn fn, void *ud);
void sse_parser_free(SseParser *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SseParser, sse_parser_free)

/* Feed bytes as they arrive, split anywhere.  Returns false when an event outgrew the cap
 * (err set, category model) or the callback stopped the parser (err left alone). */
bool sse_parser_feed(SseParser *p, const char *buf, size_t len, AurError **err);
/* End of stream: a final event without its blank line is discarded, as the standard says,
 * except that a cut-off "data: [DONE]" still counts as the end marker. */
void sse_parser_finish(SseParser *p);
/* True once an event whose data is exactly "[DONE]" was seen (it is not passed to fn). */
bool sse_parser_done(const SseParser *p);
/* Number of events passed to fn. */
size_t sse_parser_events(const SseParser *p);

#endif
