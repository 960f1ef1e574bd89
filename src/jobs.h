/* SPDX-License-Identifier: MIT */
/* Background jobs: worker threads under a concurrency limit, events back to the UI thread
 * through a mutex-guarded queue and a wake fd, and per-job cancellation. */
#ifndef AURELIS_JOBS_H
#define AURELIS_JOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "error.h"

typedef struct Jobs Jobs;
typedef struct Job Job;

typedef enum {
	JOB_EV_DELTA,      /* text: more answer text (adjacent deltas of a job are merged) */
	JOB_EV_USAGE,      /* tokens_in, tokens_out */
	JOB_EV_RETRY_WAIT, /* seconds, text = reason: waiting before a retry (rate limit) */
	JOB_EV_FALLBACK,   /* from, to, text = why: another model takes over */
	JOB_EV_RESULT,     /* payload: a job-specific result (findings, ...) */
	JOB_EV_DONE,       /* status, error: always the last event of a job, exactly once */
} JobEventKind;

typedef enum {
	JOB_OK,
	JOB_CANCELLED,
	JOB_FAILED,
} JobStatus;

typedef struct {
	JobEventKind kind;
	unsigned job_id;
	GString *text;       /* DELTA text; RETRY_WAIT and FALLBACK reason; else NULL */
	int64_t tokens_in, tokens_out;
	int seconds;
	char *from, *to;
	void *payload;
	GDestroyNotify payload_free;
	JobStatus status;
	AurError *error;     /* DONE with JOB_FAILED */
} JobEvent;

/* Runs on a worker thread.  It must never touch curses, readline or UI state; it talks to
 * the UI only through job_emit_*() and job_fail(). */
typedef void (*JobFunc)(Job *job, void *data);

/* A pool of at most concurrency workers (1..64) and a wake fd.  NULL with err when the fd
 * cannot be made.  Free with jobs_free(). */
Jobs *jobs_new(int concurrency, AurError **err);
/* Cancel every job, wait for the workers, drop undelivered events.  NULL is fine. */
void jobs_free(Jobs *jobs);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Jobs, jobs_free)

/* Readable (poll POLLIN) when events are waiting; O_CLOEXEC and O_NONBLOCK. */
int jobs_wake_fd(const Jobs *jobs);

/* Queue fn(data) and return the job's id (never 0).  free_data (may be NULL) runs on the
 * worker once fn has returned, or at jobs_free() if the job never ran.  kind is a short
 * label for the log ("chat", "analysis"). */
unsigned jobs_submit(Jobs *jobs, const char *kind, JobFunc fn, void *data,
		     GDestroyNotify free_data);
/* Ask a queued or running job to stop; false when the id is unknown or already finished.
 * Any thread may call it. */
bool jobs_cancel(Jobs *jobs, unsigned id);
void jobs_cancel_all(Jobs *jobs);
/* Jobs submitted and not yet finished (queued + running). */
unsigned jobs_active(Jobs *jobs);
/* Jobs whose function is running right now. */
unsigned jobs_running(Jobs *jobs);

/* UI thread: the next event, or NULL when none is waiting.  Caller frees with
 * jobs_event_free().  Also empties the wake fd. */
JobEvent *jobs_next_event(Jobs *jobs);
void jobs_event_free(JobEvent *ev);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(JobEvent, jobs_event_free)

/* ---- inside a job (worker thread) ------------------------------------------------------- */

unsigned job_id(const Job *job);
bool job_cancelled(const Job *job);
/* A hook that interrupts a blocking operation (for example curl_multi_wakeup), called by
 * jobs_cancel() from the cancelling thread.  Set NULL to remove it: once that call returns
 * the hook is never called again, so its data may be freed.  Setting a hook on a job that
 * is already cancelled calls it at once. */
void job_set_cancel_hook(Job *job, void (*hook)(void *data), void *data);
/* Sleep up to usec; returns false at once when the job is (or becomes) cancelled. */
bool job_sleep(Job *job, int64_t usec);

void job_emit_delta(Job *job, const char *text, size_t len);
void job_emit_usage(Job *job, int64_t tokens_in, int64_t tokens_out);
void job_emit_retry_wait(Job *job, int seconds, const char *reason);
void job_emit_fallback(Job *job, const char *from, const char *to, const char *why);
/* payload is handed to the UI thread, which frees it with payload_free after use. */
void job_emit_result(Job *job, void *payload, GDestroyNotify payload_free);
/* The job failed: the DONE event carries err (taken over).  An AUR_ERR_CANCELLED error
 * makes the status JOB_CANCELLED.  The first failure wins. */
void job_fail(Job *job, AurError *err);

#endif
