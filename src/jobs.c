/* SPDX-License-Identifier: MIT */
/* Background jobs: a GThreadPool, an event queue for the UI thread and a wake pipe. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "jobs.h"
#include "log.h"

/*
 * Workers never call back into the UI.  They append events to one queue under a mutex and,
 * when the queue goes from "nobody told" to "something waiting", write one byte to a pipe
 * the UI thread polls; the UI thread then empties the pipe and pops events until the queue
 * is empty, which re-arms the byte.  So a burst of thousands of deltas costs one write()
 * and one wake-up, and adjacent deltas of one job are merged into one event.
 *
 * Every job ends with exactly one DONE event, posted in the same critical section that
 * removes the job from the live table: once the UI has seen DONE, jobs_cancel() on that id
 * returns false and jobs_active() no longer counts it.
 */

struct Job {
	gint refs;
	unsigned id;
	char *kind;
	char *cid;
	Jobs *jobs;
	JobFunc fn;
	void *data;
	GDestroyNotify free_data;
	gint cancelled;            /* atomic */
	GMutex lock;               /* hook, error, sleeping */
	GCond cond;
	void (*hook)(void *data);
	void *hook_data;
	AurError *error;
};

struct Jobs {
	GThreadPool *pool;
	int wake_rd, wake_wr;
	GMutex lock;               /* events, live, wake_pending */
	GQueue events;
	bool wake_pending;
	GHashTable *live;          /* id -> Job* (a reference) */
	unsigned next_id;
	gint running;              /* atomic */
};

static Job *
job_ref(Job *job)
{
	g_atomic_int_inc(&job->refs);
	return job;
}

static void
job_unref(Job *job)
{
	if (job == NULL || !g_atomic_int_dec_and_test(&job->refs))
		return;
	g_mutex_clear(&job->lock);
	g_cond_clear(&job->cond);
	aur_error_free(job->error);
	g_free(job->kind);
	g_free(job->cid);
	g_free(job);
}

void
jobs_event_free(JobEvent *ev)
{
	if (ev == NULL)
		return;
	if (ev->text != NULL)
		g_string_free(ev->text, TRUE);
	g_free(ev->from);
	g_free(ev->to);
	if (ev->payload != NULL && ev->payload_free != NULL)
		ev->payload_free(ev->payload);
	aur_error_free(ev->error);
	g_free(ev);
}

static bool
make_pipe(int fds[2])
{
#ifdef HAVE_PIPE2
	return pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0;
#else
	if (pipe(fds) != 0)
		return false;
	for (int i = 0; i < 2; i++) {
		fcntl(fds[i], F_SETFD, FD_CLOEXEC);
		fcntl(fds[i], F_SETFL, O_NONBLOCK);
	}
	return true;
#endif
}

/* ---- the event queue ------------------------------------------------------------------- */

/* Called with jobs->lock held. */
static void
wake_locked(Jobs *jobs)
{
	if (jobs->wake_pending)
		return;
	jobs->wake_pending = true;
	/* A full pipe (EAGAIN) already means "readable", which is all a wake-up needs. */
	ssize_t n;
	do
		n = write(jobs->wake_wr, "!", 1);
	while (n < 0 && errno == EINTR);
}

static void
post(Job *job, JobEvent *ev)
{
	Jobs *jobs = job->jobs;
	ev->job_id = job->id;
	g_mutex_lock(&jobs->lock);
	g_queue_push_tail(&jobs->events, ev);
	wake_locked(jobs);
	g_mutex_unlock(&jobs->lock);
}

static JobEvent *
event_new(JobEventKind kind)
{
	JobEvent *ev = g_new0(JobEvent, 1);
	ev->kind = kind;
	return ev;
}

JobEvent *
jobs_next_event(Jobs *jobs)
{
	char buf[64];
	while (read(jobs->wake_rd, buf, sizeof buf) > 0)
		;
	g_mutex_lock(&jobs->lock);
	JobEvent *ev = g_queue_pop_head(&jobs->events);
	if (ev == NULL)
		jobs->wake_pending = false;
	g_mutex_unlock(&jobs->lock);
	return ev;
}

int
jobs_wake_fd(const Jobs *jobs)
{
	return jobs->wake_rd;
}

/* ---- emitting (worker side) ------------------------------------------------------------ */

void
job_emit_delta(Job *job, const char *text, size_t len)
{
	if (len == 0)
		return;
	Jobs *jobs = job->jobs;
	g_mutex_lock(&jobs->lock);
	JobEvent *tail = g_queue_peek_tail(&jobs->events);
	if (tail != NULL && tail->kind == JOB_EV_DELTA && tail->job_id == job->id) {
		g_string_append_len(tail->text, text, (gssize)len);
	} else {
		JobEvent *ev = event_new(JOB_EV_DELTA);
		ev->job_id = job->id;
		ev->text = g_string_new_len(text, (gssize)len);
		g_queue_push_tail(&jobs->events, ev);
	}
	wake_locked(jobs);
	g_mutex_unlock(&jobs->lock);
}

void
job_emit_usage(Job *job, int64_t tokens_in, int64_t tokens_out)
{
	JobEvent *ev = event_new(JOB_EV_USAGE);
	ev->tokens_in = tokens_in;
	ev->tokens_out = tokens_out;
	post(job, ev);
}

void
job_emit_retry_wait(Job *job, int seconds, const char *reason)
{
	JobEvent *ev = event_new(JOB_EV_RETRY_WAIT);
	ev->seconds = seconds;
	ev->text = g_string_new(reason ? reason : "");
	post(job, ev);
}

void
job_emit_fallback(Job *job, const char *from, const char *to, const char *why)
{
	JobEvent *ev = event_new(JOB_EV_FALLBACK);
	ev->from = g_strdup(from ? from : "");
	ev->to = g_strdup(to ? to : "");
	ev->text = g_string_new(why ? why : "");
	post(job, ev);
}

void
job_emit_result(Job *job, void *payload, GDestroyNotify payload_free)
{
	JobEvent *ev = event_new(JOB_EV_RESULT);
	ev->payload = payload;
	ev->payload_free = payload_free;
	post(job, ev);
}

void
job_fail(Job *job, AurError *err)
{
	g_mutex_lock(&job->lock);
	if (job->error == NULL) {
		job->error = err;
		err = NULL;
	}
	g_mutex_unlock(&job->lock);
	aur_error_free(err);
}

/* ---- cancellation ---------------------------------------------------------------------- */

unsigned
job_id(const Job *job)
{
	return job->id;
}

bool
job_cancelled(const Job *job)
{
	return g_atomic_int_get(&job->cancelled) != 0;
}

static void
job_request_cancel(Job *job)
{
	g_mutex_lock(&job->lock);
	g_atomic_int_set(&job->cancelled, 1);
	g_cond_broadcast(&job->cond);
	/* Under the lock, so job_set_cancel_hook(NULL) can wait out a call in progress. */
	if (job->hook != NULL)
		job->hook(job->hook_data);
	g_mutex_unlock(&job->lock);
}

void
job_set_cancel_hook(Job *job, void (*hook)(void *data), void *data)
{
	g_mutex_lock(&job->lock);
	job->hook = hook;
	job->hook_data = data;
	if (hook != NULL && job_cancelled(job))
		hook(data);
	g_mutex_unlock(&job->lock);
}

bool
job_sleep(Job *job, int64_t usec)
{
	int64_t end = g_get_monotonic_time() + usec;
	g_mutex_lock(&job->lock);
	while (!job_cancelled(job))
		if (!g_cond_wait_until(&job->cond, &job->lock, end))
			break;
	g_mutex_unlock(&job->lock);
	return !job_cancelled(job);
}

bool
jobs_cancel(Jobs *jobs, unsigned id)
{
	g_mutex_lock(&jobs->lock);
	Job *job = g_hash_table_lookup(jobs->live, GUINT_TO_POINTER(id));
	if (job != NULL)
		job_ref(job);
	g_mutex_unlock(&jobs->lock);
	if (job == NULL)
		return false;
	/* Outside jobs->lock: the hook may take its own locks, and workers take jobs->lock. */
	job_request_cancel(job);
	job_unref(job);
	return true;
}

void
jobs_cancel_all(Jobs *jobs)
{
	g_mutex_lock(&jobs->lock);
	GList *all = g_hash_table_get_values(jobs->live);
	for (GList *l = all; l != NULL; l = l->next)
		job_ref(l->data);
	g_mutex_unlock(&jobs->lock);
	for (GList *l = all; l != NULL; l = l->next) {
		job_request_cancel(l->data);
		job_unref(l->data);
	}
	g_list_free(all);
}

unsigned
jobs_active(Jobs *jobs)
{
	g_mutex_lock(&jobs->lock);
	unsigned n = g_hash_table_size(jobs->live);
	g_mutex_unlock(&jobs->lock);
	return n;
}

unsigned
jobs_running(Jobs *jobs)
{
	return (unsigned)g_atomic_int_get(&jobs->running);
}

/* ---- workers --------------------------------------------------------------------------- */

static void
log_done(const Job *job, JobStatus status, int64_t us)
{
	static const char *const names[] = { "ok", "cancelled", "failed" };
	cJSON *f = cJSON_CreateObject();
	cJSON_AddNumberToObject(f, "job", job->id);
	cJSON_AddStringToObject(f, "kind", job->kind);
	cJSON_AddStringToObject(f, "status", names[status]);
	cJSON_AddNumberToObject(f, "ms", (double)us / 1000.0);
	if (job->error != NULL)
		cJSON_AddStringToObject(f, "error", job->error->message);
	log_event(status == JOB_FAILED ? LOG_WARN : LOG_DEBUG, "job_done", f);
}

static void
finish(Job *job)
{
	Jobs *jobs = job->jobs;
	JobEvent *ev = event_new(JOB_EV_DONE);
	ev->job_id = job->id;
	g_mutex_lock(&job->lock);
	ev->error = job->error;
	job->error = NULL;
	g_mutex_unlock(&job->lock);
	if (ev->error != NULL)
		ev->status = ev->error->category == AUR_ERR_CANCELLED ? JOB_CANCELLED : JOB_FAILED;
	else
		ev->status = job_cancelled(job) ? JOB_CANCELLED : JOB_OK;
	g_mutex_lock(&jobs->lock);
	g_queue_push_tail(&jobs->events, ev);
	g_hash_table_remove(jobs->live, GUINT_TO_POINTER(job->id));
	wake_locked(jobs);
	g_mutex_unlock(&jobs->lock);
}

static void
worker(gpointer item, gpointer user)
{
	Job *job = item;
	int64_t start = g_get_monotonic_time();
	log_set_cid(job->cid);
	if (!job_cancelled(job)) {
		g_atomic_int_inc(&((Jobs *)user)->running);
		job->fn(job, job->data);
		g_atomic_int_add(&((Jobs *)user)->running, -1);
	}
	job_set_cancel_hook(job, NULL, NULL);
	if (job->free_data != NULL)
		job->free_data(job->data);
	job->data = NULL;
	g_mutex_lock(&job->lock);
	log_done(job, job->error != NULL ? JOB_FAILED
			 : job_cancelled(job) ? JOB_CANCELLED : JOB_OK,
		 g_get_monotonic_time() - start);
	g_mutex_unlock(&job->lock);
	finish(job);
	log_set_cid(NULL);
	job_unref(job);
}

Jobs *
jobs_new(int concurrency, AurError **err)
{
	int fds[2];
	if (!make_pipe(fds)) {
		aur_error_set(err, AUR_ERR_INTERNAL, "The process may be out of file descriptors.",
			      "cannot create the job wake pipe: %s", g_strerror(errno));
		return NULL;
	}
	Jobs *jobs = g_new0(Jobs, 1);
	jobs->wake_rd = fds[0];
	jobs->wake_wr = fds[1];
	g_mutex_init(&jobs->lock);
	g_queue_init(&jobs->events);
	jobs->live = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)job_unref);
	jobs->next_id = 1;
	concurrency = CLAMP(concurrency, 1, 64);
	/* Threads start on demand and are not exclusive, so an idle pool costs nothing. */
	jobs->pool = g_thread_pool_new(worker, jobs, concurrency, FALSE, NULL);
	return jobs;
}

unsigned
jobs_submit(Jobs *jobs, const char *kind, JobFunc fn, void *data, GDestroyNotify free_data)
{
	Job *job = g_new0(Job, 1);
	job->refs = 1;
	job->kind = g_strdup(kind ? kind : "job");
	job->cid = g_strdup(log_cid());
	job->jobs = jobs;
	job->fn = fn;
	job->data = data;
	job->free_data = free_data;
	g_mutex_init(&job->lock);
	g_cond_init(&job->cond);
	g_mutex_lock(&jobs->lock);
	job->id = jobs->next_id++;
	if (jobs->next_id == 0)
		jobs->next_id = 1;
	g_hash_table_insert(jobs->live, GUINT_TO_POINTER(job->id), job_ref(job));
	g_mutex_unlock(&jobs->lock);
	unsigned id = job->id;
	/* The pool owns the first reference from here on (worker() drops it). */
	g_thread_pool_push(jobs->pool, job, NULL);
	return id;
}

void
jobs_free(Jobs *jobs)
{
	if (jobs == NULL)
		return;
	jobs_cancel_all(jobs);
	/* Queued jobs still pass through worker(), which skips their function because they
	 * are cancelled but frees their data and posts their DONE. */
	g_thread_pool_free(jobs->pool, FALSE, TRUE);
	JobEvent *ev;
	while ((ev = g_queue_pop_head(&jobs->events)) != NULL)
		jobs_event_free(ev);
	g_hash_table_destroy(jobs->live);
	g_mutex_clear(&jobs->lock);
	close(jobs->wake_rd);
	close(jobs->wake_wr);
	g_free(jobs);
}
