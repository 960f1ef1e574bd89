/* SPDX-License-Identifier: MIT */
/* The full-screen interface as the core sees it: run it, and hand it the jobs it starts.
 * No curses or readline types here. */
#ifndef AURELIS_TUI_H
#define AURELIS_TUI_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "cli.h"
#include "error.h"
#include "jobs.h"
#include "session.h"

/* One earlier message of the conversation, for the request of the next turn. */
typedef struct {
	const char *role;    /* "user" or "assistant" */
	const char *content;
} TuiTurn;

/* What a chat turn needs.  Valid only during the start_chat call. */
typedef struct {
	const char *prompt;
	const char *model;
	const TuiTurn *history; /* oldest first */
	size_t nhistory;
	const Session *session; /* its context files go with the request; may be NULL */
} TuiChatRequest;

/* Starts the job that answers req on jobs and returns its id; 0 with err when it cannot.
 * The job reports its answer with job_emit_delta() and the rest of the job_emit_*()
 * calls. */
typedef unsigned (*TuiChatStarter)(Jobs *jobs, const TuiChatRequest *req, void *data,
				   AurError **err);

/* What the chat layer tells the status bar. */
typedef struct {
	char *session;          /* the session's name; NULL while it has none (caller frees) */
	int64_t context_tokens; /* the token meter: what the next request carries before its
				 * prompt */
	int64_t context_limit;  /* the model's input limit; 0 when unknown */
	int requests_left;      /* today, for the model; -1 when unknown */
} TuiChatStatus;

typedef struct {
	TuiChatStarter start_chat; /* NULL: prompts get an explanation instead of an answer */
	void *start_chat_data;
	/* A chat job's RESULT payload, handed over on the UI thread: the callee frees it with
	 * free_payload.  Returns a message for the status bar (the interface frees it) or
	 * NULL.  May be NULL. */
	char *(*chat_result)(unsigned job_id, void *payload, GDestroyNotify free_payload,
			     void *data);
	/* Fill the status bar's chat facts; called at start and after each chat job.  May be
	 * NULL. */
	void (*chat_status)(void *data, TuiChatStatus *out);
	const char *model;         /* shown in the status bar and sent with requests */
	const char *session;       /* name shown in the status bar; NULL for a new one */
	const TuiTurn *history;    /* earlier turns shown at start (a resumed session) */
	size_t nhistory;
} TuiOptions;

/* The interface could not start; the caller may fall back to line mode. */
#define TUI_UNSUPPORTED (-1)

/* Run the full-screen interface until the user leaves.  Returns an exit status, or
 * TUI_UNSUPPORTED with err when this terminal cannot host it (not a terminal, TERM unknown
 * or dumb, smaller than 40x10). */
int tui_run(AurContext *ctx, const TuiOptions *opts, AurError **err);

/* Would tui_run() start here?  false with err saying why not. */
bool tui_supported(AurError **err);

#endif
