/* SPDX-License-Identifier: MIT */
/* Findings a model reports as JSON (analyze --ai, review --json): the schema the prompts
 * ask for, and a validator that keeps only what fits it. */
#ifndef AURELIS_FINDINGS_H
#define AURELIS_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "analysis/analysis.h"
#include "error.h"

/* At most this many findings are taken from one answer. */
#define FINDINGS_MAX 100

typedef struct {
	char *rule;       /* lower-case kebab id, at most 48 characters */
	char *file;       /* as the answer names it, when the limits ask for files; else NULL */
	AnalysisSeverity severity;
	AnalysisCategory category;
	int cwe;          /* 0 when none */
	char *message;    /* one line, at most 500 characters */
	char *hint;       /* may be NULL */
	uint32_t line, end_line, column;
} AiFindingsItem;

/* What the answer may talk about.  line_ok, when set, decides whether a line of a file is
 * one that was sent (a diff's new lines); otherwise lines must be in [first_line,
 * last_line]. */
typedef struct {
	uint32_t first_line, last_line;
	const char *const *files;  /* NULL: findings carry no file; else the names allowed */
	bool (*line_ok)(const char *file, uint32_t line, void *data);
	void *data;
} AiFindingsLimits;

typedef struct {
	GPtrArray *items;    /* AiFindingsItem *, in answer order */
	GPtrArray *rejected; /* char *: "finding 3: line 900 is not in lines 1-120" */
	unsigned seen;       /* entries in the answer's array */
} AiFindingsParsed;

/* The JSON schema text the prompts embed (files: with the "file" member).  Static. */
const char *aifindings_schema(bool files);

/* Parse an answer: a JSON object {"findings": [...]} (a bare array is taken too, and a
 * ```json fence around either is stripped).  Entries that do not fit the schema or the
 * limits are left out and listed in rejected; synonyms the models like ("high", "bug") are
 * mapped.  NULL with err (category MODEL) when the answer is not such JSON at all.  Free
 * with aifindings_parsed_free(). */
AiFindingsParsed *aifindings_parse(const char *answer, size_t len, const AiFindingsLimits *lim,
			       AurError **err);
void aifindings_parsed_free(AiFindingsParsed *p);

#endif
