/* SPDX-License-Identifier: MIT */
/* Findings as the interface lists them (severity, rule, file:line, message), read from the
 * JSON that `aurelis analyze --format json` writes. */
#ifndef AURELIS_FINDINGS_H
#define AURELIS_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

#include "error.h"
#include "jobs.h"

typedef enum {
	FINDING_ERROR,
	FINDING_WARNING,
	FINDING_INFO,
} FindingSeverity;

typedef struct {
	FindingSeverity severity;
	char *rule;       /* never NULL; "" when unknown */
	char *file;       /* never NULL; "" when unknown */
	int line, column; /* 1-based; 0 when unknown */
	char *message;    /* never NULL */
} Finding;

/* At most this many findings are read from one document. */
#define FINDINGS_MAX 100000

/* Parse a findings document: a JSON array of finding objects, or an object whose "findings"
 * member is one.  Each object has "severity" (error, warning, info; note counts as info),
 * "rule" (or "rule_id"), "file" (or "path"), "line", "column" and "message".  Entries that
 * are not objects or lack a message are skipped and counted in *skipped (may be NULL).
 * Strings are made valid UTF-8.  *root (may be NULL; caller frees) gets the object's "root"
 * member, the directory file names are relative to, or NULL.  Returns a GPtrArray of
 * Finding * that frees them; NULL with err (AUR_ERR_INPUT) when the text is not such a
 * document. */
GPtrArray *findings_parse_json(const char *text, size_t len, unsigned *skipped, char **root,
			       AurError **err);
void finding_free(Finding *f);
const char *findings_severity_name(FindingSeverity s);

/* ---- loading in the background ---- */

typedef struct {
	char *path;      /* a findings file, or the path to analyse */
	bool analyze;    /* run `aurelis analyze --format json PATH` */
	char *exe;       /* the aurelis binary (analyze) */
} FindingsRequest;

typedef struct {
	GPtrArray *findings; /* Finding * */
	char *source;        /* where they came from, for titles */
	char *base_dir;      /* where their relative file names point */
	unsigned skipped;
} FindingsResult;

/* Caller frees with findings_request_free (jobs_submit takes it as free_data). */
FindingsRequest *findings_request_new(const char *path, bool analyze);
void findings_request_free(void *req);
void findings_result_free(void *res);
/* A job (data: FindingsRequest *): emits one RESULT (FindingsResult *) or fails. */
void findings_job(Job *job, void *data);

#endif
