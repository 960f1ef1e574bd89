/* SPDX-License-Identifier: MIT */
/* A conversation for the interactive faces: session, model choice, the request in flight,
 * and turns recorded as they finish. */
#ifndef AURELIS_CONVO_H
#define AURELIS_CONVO_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "cancel.h"
#include "catalog.h"
#include "config.h"
#include "error.h"
#include "face.h"
#include "jobs.h"
#include "session.h"

/*
 * One request at a time.  convo_ask() chooses what the request carries on the UI thread
 * (history within the model's input budget, context files re-read when they changed),
 * then runs client_chat() as a job on the worker pool.  The face's loop hands every job
 * event to convo_handle_event(), which streams the answer to the face and, when the job
 * is done, appends the turn to the session (written and fsync'd before it returns), the
 * partial text of a cancelled answer included.  A request the service refuses as too
 * large (413) is sent once more with half the history.  Answers come from the response
 * cache when the same request was answered before (marked cached), except for /retry,
 * which always asks the model again.
 */

typedef struct Convo Convo;

typedef struct {
	const AurConfig *cfg; /* borrowed; must outlive the conversation */
	Jobs *jobs;           /* borrowed: requests run there */
	Face *face;           /* borrowed */
	const char *model;    /* --model: the first choice until /model; may be NULL */
	const char *theme;    /* the theme in use; NULL: ui.theme */
	unsigned cache;       /* CachePolicy bits for chat requests (cache_policy()); 0: none */
	const char *command;  /* what the metrics lines call the requests ("shell"); may be NULL */
	bool no_wait;         /* the face must never wait on the network for a command (the full
			       * screen): convo_catalog() gives the catalogue stored on disk,
			       * whatever its age, and never fetches one */
} ConvoOptions;

/* Takes session.  Free with convo_free(), after jobs_free() on the pool (which cancels
 * and waits for the workers): a request still running uses the conversation's token. */
Convo *convo_new(const ConvoOptions *o, Session *session);
void convo_free(Convo *cv);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Convo, convo_free)

Session *convo_session(const Convo *cv);
Face *convo_face(const Convo *cv);
const AurConfig *convo_config(const Convo *cv);
/* Switch to another session (/new, /load): refused while a request runs; takes s when it
 * succeeds. */
bool convo_set_session(Convo *cv, Session *s, AurError **err);

/* The model the next chat request goes to first, and why: "--model", "session" (set with
 * /model or stored in the session) or "models.routes.chat". */
const char *convo_model(Convo *cv);
const char *convo_model_origin(Convo *cv);
/* /model ID: checked against the catalogue (did you mean, chat-capable), then stored in
 * the session.  Without a catalogue the id is taken as it is, with a warning. */
bool convo_set_model(Convo *cv, const char *id, AurError **err);
const char *convo_theme(const Convo *cv);
/* The file the last /fix was about (absolute), where /diff and /apply write; NULL when
 * none. */
const char *convo_edit_target(const Convo *cv);
void convo_set_edit_target(Convo *cv, const char *path);
void convo_set_theme(Convo *cv, const char *name);

/* What one request to model may carry. */
typedef struct {
	int64_t limit;   /* input tokens the service accepts */
	int64_t budget;  /* what history selection fills: the limit less a margin, because
			  * tokens are estimated from bytes */
	char *source;    /* where the limit comes from, for /tokens */
} ConvoBudget;

void convo_budget(Convo *cv, const char *model, ConvoBudget *out);
void convo_budget_clear(ConvoBudget *b);
/* "1.2k/8.0k": what the next chat request carries before its prompt, of the limit.
 * Caller frees. */
char *convo_meter_text(Convo *cv);
/* Requests the current model has left today under its plan's daily limit; -1 when
 * unknown.  Reads what is on disk only (the catalogue cache, the usage counts). */
int convo_requests_left(Convo *cv);
/* The system prompt of a routing task (chat when unknown).  Static string. */
const char *convo_system_prompt(const char *task);

typedef struct {
	const char *task;      /* chat, generate, explain, fix (routing and system prompt) */
	const char *prompt;    /* sent last and recorded as the turn's user text */
	const char *need_file; /* a context file the request is useless without (or NULL) */
	guint retry_of;        /* the turn this asks again (left out of the history); 0 none */
} ConvoAsk;

bool convo_busy(const Convo *cv);
/* Start a request; false with err when none was started (busy, no token, too large). */
bool convo_ask(Convo *cv, const ConvoAsk *ask, AurError **err);
/* Ask the last prompt again: the one that failed, or else the last turn's. */
bool convo_retry(Convo *cv, AurError **err);
/* Summarise the older turns through the summarize route and record the summary. */
bool convo_compact(Convo *cv, AurError **err);
/* Stop the request in flight (its partial answer is kept); false when none runs. */
bool convo_cancel(Convo *cv);
/* Take one job event (a RESULT payload is taken over); false when it belongs to another
 * job, which the caller handles itself. */
bool convo_handle_event(Convo *cv, JobEvent *ev);

/* The catalogue (cached for a day, fetched when stale): blocks; see convo_set_wait_cancel.
 * With ConvoOptions.no_wait it only reads the copy on disk, and fails with a hint when
 * there is none.
 * The result stays valid until the next call. */
const Catalog *convo_catalog(Convo *cv, bool refresh, AurError **err);
/* The catalogue as last stored on disk, whatever its age, or NULL; never fetches (for
 * completion and limits). */
const Catalog *convo_cached_catalog(Convo *cv);
/* A token that interrupts blocking calls made for commands (Ctrl-C in the line shell);
 * borrowed, NULL for none. */
void convo_set_wait_cancel(Convo *cv, AurCancel *cancel);

/* This run's requests (the session's turns hold the rest). */
typedef struct {
	guint requests;   /* sent, including resends after a 413 */
	guint answered;
	guint cancelled;
	guint failed;
	guint trimmed;    /* resent with less history after a 413 */
	int64_t tokens_in, tokens_out;
} ConvoStats;

const ConvoStats *convo_stats(const Convo *cv);

#endif
