/* SPDX-License-Identifier: MIT */
/* JSON-lines log with correlation ids, redaction of tokens and size-based rotation. */
#ifndef AURELIS_LOG_H
#define AURELIS_LOG_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "config.h"

typedef enum { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR } LogLevel;

typedef struct {
	const char *path;      /* NULL: $XDG_STATE_HOME/aurelis/aurelis.log */
	LogLevel level;
	bool to_stderr;        /* -v: mirror every line to stderr */
	bool include_content;  /* log.include_content */
	int64_t max_bytes;     /* rotate past this; 0 = 10 MiB */
	int keep;              /* rotated files kept; 0 = 3 */
} LogOptions;

/* Set up from options; the file is opened on the first line written. */
void log_init(const LogOptions *opts);
/* Options from configuration (log.level, log.file, log.include_content). */
void log_options_from_config(const AurConfig *cfg, LogOptions *opts, char **path_out);
void log_shutdown(void);
/* Stop or resume mirroring to stderr (the full-screen interface turns it off). */
void log_set_stderr(bool on);
bool log_include_content(void);

/* The token in use, so that its exact text is redacted wherever it appears.  A copy is
 * kept and wiped by log_forget_token() or log_shutdown(). */
void log_remember_token(const char *token);
void log_forget_token(void);

/* Copy of text with the remembered token, GitHub-token-shaped strings (ghp_, gho_, ghu_,
 * ghs_, ghr_, github_pat_), Bearer credentials and Authorization values replaced by
 * [REDACTED].  Caller frees. */
char *log_redact(const char *text);

/* Correlation ids: a new random id, and the id of the current thread's user action. */
char *log_new_cid(void);
void log_set_cid(const char *cid);
const char *log_cid(void);

/* Write one line {ts, level, event, cid, ...fields}.  fields (may be NULL) is consumed. */
void log_event(LogLevel level, const char *event, cJSON *fields);
/* Shorthand: fields {"msg": formatted text}. */
void log_msg(LogLevel level, const char *event, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
/* Add a prompt/answer text field only when log.include_content is on. */
void log_add_content(cJSON *fields, const char *name, const char *text);

LogLevel log_level_from_name(const char *name);

#endif
