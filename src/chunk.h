/* SPDX-License-Identifier: MIT */
/* Context budget: token estimates, the input tokens one request may carry, and files cut
 * into parts that fit, at function boundaries where the lexers find them. */
#ifndef AURELIS_CHUNK_H
#define AURELIS_CHUNK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "catalog.h"
#include "config.h"
#include "error.h"
#include "lang/lang.h"

/* Tokens a text may take, estimated from the top: one per three bytes, rounded up, which
 * covers code (denser than prose) and multi-byte text.  Never less than what the service's
 * own count gives for ordinary text. */
int64_t chunk_tokens(const char *text, size_t len);
/* The same for a whole request: every message plus a few tokens of framing each. */
int64_t chunk_request_tokens(const char *system, const char *user);

typedef struct {
	int64_t tokens;  /* input tokens one request of the task may carry */
	char *model;     /* the model of the chain whose cap that is */
	char *source;    /* where the number comes from, for messages */
} ChunkBudget;

/* The smallest per-request input cap over the task's chain (override first): the
 * catalogue's max_input_tokens and the free-usage tier's tokens per request on the plan
 * (models.plan), unless models.limits.<model>.input_tokens says otherwise.  cat may be NULL (then
 * tiers are told from the model ids).  Clear with chunk_budget_clear(). */
void chunk_budget(const AurConfig *cfg, const Catalog *cat, const char *task,
		  const char *override, ChunkBudget *out);
void chunk_budget_clear(ChunkBudget *b);

/* A part of a text.  Lines are 1-based and inclusive; the overlap is a few lines before the
 * part's own, sent for context only. */
typedef struct {
	uint32_t first_line, last_line; /* the part's own lines */
	uint32_t ctx_first;             /* first line of the overlap (= first_line: none) */
	size_t offset, len;             /* bytes of the own lines */
	size_t ctx_offset;              /* bytes of the overlap: [ctx_offset, offset) */
	char *cut_function;             /* a function this part starts inside of, or NULL */
} ChunkPart;

/* Cut text into parts whose own lines plus overlap take at most max_tokens each, counting
 * line_extra more bytes for every line (line numbers put in front of each line).  Cuts go
 * between top-level functions where possible, then at blank lines outside functions, then
 * at blank lines inside them, then anywhere; overlap is that many lines (fewer when they
 * would take more than an eighth of the budget).  first_line is the line number of the
 * text's first line (for a range of a file).  NULL with err (category INPUT) when a single
 * line is larger than max_tokens.  Free with chunk_parts_free(). */
GArray *chunk_split(const char *text, size_t len, LangId lang, uint32_t first_line,
		    int64_t max_tokens, unsigned overlap, unsigned line_extra, AurError **err);
/* The same for a unified diff: cuts before a file's "diff --git" line, then before a hunk,
 * then anywhere; no overlap. */
GArray *chunk_split_diff(const char *text, size_t len, int64_t max_tokens, unsigned line_extra,
			 AurError **err);
void chunk_parts_free(GArray *parts);

/* "lines 1-420, 416-800 and 796-1200" (own lines with their overlap).  Caller frees. */
char *chunk_parts_describe(const GArray *parts);

#endif
