/* SPDX-License-Identifier: MIT */
/* Sessions as Markdown for people and as one JSON object for programs. */
#ifndef AURELIS_SESSION_EXPORT_H
#define AURELIS_SESSION_EXPORT_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "session.h"

typedef enum {
	SESSION_EXPORT_MARKDOWN,
	SESSION_EXPORT_JSON,
} SessionExportFormat;

/* "md"/"markdown" or "json".  False for anything else. */
bool session_export_format_parse(const char *name, SessionExportFormat *out);

/* The whole session: {"format": "aurelis-session", "version": 1, id, name, project, model,
 * created, updated, cleared_after, files[], summaries[], turns[]} as described in
 * aurelis(1).  Caller frees with cJSON_Delete(). */
cJSON *session_export_json(const Session *s);

/* Markdown: a heading per turn; prompts and answers verbatim, so code blocks stay as they
 * were (a code block left open at the end of a text is closed so that it cannot swallow
 * the rest of the document).  Caller frees. */
char *session_export_markdown(const Session *s);

/* Either format as text ending in a newline.  Caller frees. */
char *session_export(const Session *s, SessionExportFormat fmt);

/* text with a fence appended when it ends inside an open ``` or ~~~ block.  Caller frees. */
char *session_export_close_fences(const char *text);

#endif
