/* SPDX-License-Identifier: MIT */
/* What a request carries from a session: history within the model's budget, token meter. */
#ifndef AURELIS_SESSION_HISTORY_H
#define AURELIS_SESSION_HISTORY_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "error.h"
#include "session.h"

/*
 * Priorities when the budget is short: the system prompt and the new prompt must fit (or
 * the request is refused); then pinned files, then unpinned ones (each whole or not at
 * all); then the newest turns, going back while they fit.  Turns before the newest one
 * that does not fit are left out; when everything after the latest summary fits, the
 * summary stands in for the turns it covers (and when the summary itself does not fit,
 * as many of those turns as fit go instead).  The history is therefore always a
 * contiguous run of the newest turns, optionally preceded by one summary.  Turns cleared
 * with session_clear() are never sent and never reported.
 */

/* Tokens charged per message on top of its text (role and framing). */
#define SESSION_MESSAGE_OVERHEAD 4

typedef enum {
	SESSION_ROLE_SYSTEM,
	SESSION_ROLE_USER,
	SESSION_ROLE_ASSISTANT,
} SessionRole;

typedef struct {
	SessionRole role;
	char *content;
	int64_t tokens;        /* estimated, overhead included */
} SessionMessage;

typedef struct {
	GPtrArray *messages;   /* SessionMessage *, in request order */
	int64_t tokens;        /* estimated total of the messages */
	int64_t budget;
	guint turns_sent;
	guint first_turn;      /* number of the oldest turn sent; 0 when none */
	guint summary_upto;    /* the summary sent covers turns 1..summary_upto; 0 when none */
	guint dropped;         /* turns left out entirely (not summarised, not cleared) */
	guint dropped_from, dropped_to; /* their range of turn numbers */
	GPtrArray *files_reread;  /* char *: paths that changed on disk and were read again */
	GPtrArray *files_missing; /* char *: "path: reason" for files that could not be read */
	GPtrArray *files_omitted; /* char *: paths that did not fit */
} SessionHistory;

/* Estimated tokens of text: bytes / 4, rounded up.  The one place to improve estimates. */
int64_t session_history_estimate(const char *text);

/* Choose what to send with prompt (may be NULL: history only) for a model taking budget
 * input tokens.  Context files are checked on disk first: changed ones are read again
 * (and their new digest recorded in the session).  system may be NULL.  Fails with
 * AUR_ERR_INPUT when the system prompt and prompt alone exceed the budget.  Caller frees
 * with session_history_free(). */
SessionHistory *session_history_select(Session *s, const char *system, const char *prompt,
				       int64_t budget, AurError **err);
/* The same, leaving out turn number skip (0: none) as if it had been asked again: what a
 * request for /retry of that turn carries. */
SessionHistory *session_history_select_skip(Session *s, const char *system, const char *prompt,
					    int64_t budget, guint skip, AurError **err);
void session_history_free(SessionHistory *h);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SessionHistory, session_history_free)

/* One line telling the user what was left out, summarised or re-read, or NULL when the
 * whole conversation went in unchanged.  Caller frees. */
char *session_history_describe(const SessionHistory *h);

/* The token meter: what the next request would carry before the new prompt. */
int64_t session_history_meter(Session *s, const char *system, int64_t budget);
/* "3.2k/128k" for a prompt or status line.  Caller frees. */
char *session_history_meter_text(int64_t used, int64_t limit);

const char *session_role_name(SessionRole role); /* "system", "user", "assistant" */

#endif
