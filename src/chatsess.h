/* SPDX-License-Identifier: MIT */
/* The conversation behind the full-screen interface: one session, the history that fits
 * the model's input, a chat job per prompt, and each finished turn appended to the
 * session. */
#ifndef AURELIS_CHATSESS_H
#define AURELIS_CHATSESS_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "chatjob.h"
#include "config.h"
#include "error.h"
#include "jobs.h"
#include "session.h"

/*
 * Deliberately small, with no interface types, so that it can move behind the shared
 * slash-command layer: it turns a prompt into a request (session_history_select within the
 * model's budget), starts the job, and records the turn from the job's outcome.  A new
 * session stays in memory until its first turn, which saves it (and so names it).  It
 * belongs to the UI thread, like the session.
 */

typedef struct ChatSess ChatSess;

typedef struct {
	const AurConfig *cfg;  /* borrowed; must outlive the conversation */
	const char *model;     /* --model, or NULL for the chat route's head */
	unsigned cache;        /* CachePolicy bits for every request */
	const char *command;   /* what metrics call the requests ("shell") */
} ChatSessOptions;

/* Takes session (NULL: a new one).  Free with chatsess_free() after jobs_free() has
 * stopped the workers that may still be using its token. */
ChatSess *chatsess_new(const ChatSessOptions *o, Session *session);
void chatsess_free(ChatSess *cs);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ChatSess, chatsess_free)

Session *chatsess_session(const ChatSess *cs);
/* The model requests go to first. */
const char *chatsess_model(const ChatSess *cs);

/* Start a chat turn for prompt on jobs (see chatjob.h for its events).  Returns the job
 * id, or 0 with err when no request could be made (the prompt alone is over the model's
 * input limit, libcurl is missing). */
unsigned chatsess_ask(ChatSess *cs, Jobs *jobs, const char *prompt, AurError **err);

/* A chat job's outcome (taken).  Appends the turn -- partial when cancelled -- unless no
 * text came at all; returns a message for the user when the session could not be written
 * (caller frees), else NULL.  Outcomes of jobs this conversation did not start are
 * dropped. */
char *chatsess_finish(ChatSess *cs, unsigned job_id, ChatJobOutcome *o);

/* What the status bar shows.  Free with chatsess_status_clear(). */
typedef struct {
	char *session;          /* name; NULL until the session is saved */
	int64_t context_tokens; /* the token meter: what the next request carries before its prompt */
	int64_t context_limit;  /* the model's input limit */
	int requests_left;      /* today, for the model; -1 when unknown */
} ChatSessStatus;

void chatsess_status(ChatSess *cs, ChatSessStatus *out);
void chatsess_status_clear(ChatSessStatus *st);

#endif
