/* SPDX-License-Identifier: MIT */
/* A chat request as a background job: client_chat() on a worker thread, its callbacks
 * turned into job events, and jobs_cancel() reaching the transfer at once. */
#ifndef AURELIS_CHATJOB_H
#define AURELIS_CHATJOB_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "config.h"
#include "jobs.h"
#include "models.h"

/* What every chat job of one interface shares: the configuration and the token, which is
 * looked up by the first job that needs it (on its worker, so a slow `gh auth token` never
 * holds up the interface).  Free it after jobs_free() has stopped the workers. */
typedef struct ChatJobShared ChatJobShared;

ChatJobShared *chatjob_shared_new(const AurConfig *cfg);
void chatjob_shared_free(ChatJobShared *sh);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ChatJobShared, chatjob_shared_free)

/* How a chat job ended: its RESULT payload, sent once, just before DONE, whatever the
 * outcome (a cancelled or failed answer carries the text that had arrived). */
typedef struct {
	char *model;           /* the model that answered (for a cached answer: the one that did
				* when it was stored); NULL when none did */
	char *fallback_from;   /* the first model that gave up for another; NULL when none */
	char *text;            /* the answer text that arrived (never NULL) */
	char *finish_reason;   /* NULL when unknown */
	bool cached, cut, incomplete, cancelled, failed;
	int64_t tokens_in, tokens_out; /* -1 when unknown */
	int64_t ttft_ms;       /* -1 when no text came */
	int64_t total_ms;
	int per_day;           /* the answering model's daily limit; 0 when unknown or none */
	int requests_left;     /* per_day less the requests counted today; -1 when unknown */
} ChatJobOutcome;

void chatjob_outcome_free(void *outcome);

typedef struct {
	const char *task;      /* routing task; NULL: chat */
	ChatRequest *request;  /* taken */
	const char *model;     /* replaces the chain's head (--model); may be NULL */
	unsigned cache;        /* CachePolicy bits (cache_policy()) */
	const char *command;   /* for the metrics lines ("shell") */
} ChatJobRequest;

/* Queue the request on jobs and return the job's id.  Events, in order: DELTA as the
 * answer arrives (a cached answer in one piece), USAGE, RETRY_WAIT each second of a wait
 * (0 seconds when it ends), FALLBACK when another model takes over, then one RESULT
 * (ChatJobOutcome *) and DONE, marked JOB_FLAG_CACHED / JOB_FLAG_CUT, failed with the
 * client's error or cancelled.  jobs_cancel() triggers the request's cancel token, so the
 * transfer stops within milliseconds, even in the middle of a wait. */
unsigned chatjob_submit(Jobs *jobs, ChatJobShared *sh, const ChatJobRequest *req);

#endif
