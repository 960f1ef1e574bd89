/* SPDX-License-Identifier: MIT */
/* Model requests an interactive interface starts in the background: the prompts that ask
 * for a fix or an explanation of one analysis finding, and a job that runs any chat request
 * through the client on a worker thread, reporting through job events. */
#ifndef AURELIS_ASSIST_H
#define AURELIS_ASSIST_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "jobs.h"
#include "models.h"

/* One finding, as the prompts describe it.  hint may be NULL (the rule table's is used
 * when the rule is one of ours). */
typedef struct {
	const char *rule;
	const char *severity;    /* "error", "warning", "info" */
	const char *file;        /* as shown to the user */
	int line, column;        /* 1-based; 0 when unknown */
	const char *message;
	const char *hint;
} AssistFinding;

/* Largest file sent whole; bigger ones are sent as the lines around the finding. */
#define ASSIST_MAX_WHOLE ((size_t)64 << 10)

/* The `fix` request: the SEARCH/REPLACE instructions of the edit pipeline as the system
 * message, then the file (path as the model must name it; text may be any bytes: invalid
 * UTF-8 is replaced) and the finding.  Caller frees. */
ChatRequest *assist_fix_request(const AssistFinding *f, const char *path, const char *text,
				size_t len);
/* The `explain` request: the finding and the lines around it (text may be NULL when the
 * code is not at hand).  Caller frees. */
ChatRequest *assist_explain_request(const AssistFinding *f, const char *text, size_t len);

/* The RESULT of an assist job. */
typedef struct {
	char *text;       /* the whole answer */
	char *model;      /* the model that answered */
	bool cut;         /* stopped by the length limit */
	bool incomplete;  /* the stream ended early */
} AssistAnswer;

void assist_answer_free(void *answer);

/* Queue req (taken) for task on jobs; model (may be NULL) replaces the head of the task's
 * chain.  cfg is borrowed and must outlive jobs.  The job resolves the token and runs
 * client_chat(): answer text arrives as DELTA events, then USAGE, RETRY_WAIT and FALLBACK
 * as they happen, one RESULT (AssistAnswer *) when a model answered, and DONE (failed with
 * the client's error, or cancelled).  jobs_cancel() stops the transfer at once.  Returns
 * the job id. */
unsigned assist_submit(Jobs *jobs, const AurConfig *cfg, const char *task, ChatRequest *req,
		       const char *model);

#endif
