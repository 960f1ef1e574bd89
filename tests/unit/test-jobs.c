/* SPDX-License-Identifier: MIT */
/* Unit tests for jobs.c: many concurrent jobs, the concurrency limit, cancellation of queued
 * and running jobs, cancel hooks, failures, and no lost or duplicated events. */
#include "autoconfig.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "jobs.h"
#include "unit.h"

/* Drain events until `dones` DONE events have arrived or timeout_ms passed; the events are
 * appended to out.  Waits on the wake fd the way the UI does. */
static unsigned
collect(Jobs *jobs, GPtrArray *out, unsigned dones, int timeout_ms)
{
	unsigned seen = 0;
	int64_t end = g_get_monotonic_time() + (int64_t)timeout_ms * 1000;
	while (seen < dones && g_get_monotonic_time() < end) {
		struct pollfd p = { .fd = jobs_wake_fd(jobs), .events = POLLIN };
		(void)poll(&p, 1, 50);
		JobEvent *ev;
		while ((ev = jobs_next_event(jobs)) != NULL) {
			if (ev->kind == JOB_EV_DONE)
				seen++;
			g_ptr_array_add(out, ev);
		}
	}
	return seen;
}

static void
free_gstring(gpointer s)
{
	g_string_free(s, TRUE);
}

static GPtrArray *
events_new(void)
{
	return g_ptr_array_new_with_free_func((GDestroyNotify)jobs_event_free);
}

static bool
fd_readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	return poll(&p, 1, 0) == 1;
}

/* ---- many jobs ----------------------------------------------------------------------- */

#define MANY_JOBS 64
#define MANY_DELTAS 400

static gint many_now, many_peak;

static void
many_job(Job *job, void *data)
{
	int now = g_atomic_int_add(&many_now, 1) + 1;
	int peak;
	while ((peak = g_atomic_int_get(&many_peak)) < now &&
	       !g_atomic_int_compare_and_exchange(&many_peak, peak, now))
		;
	for (int i = 0; i < MANY_DELTAS; i++) {
		char buf[32];
		int n = g_snprintf(buf, sizeof buf, "%u:%d;", job_id(job), i);
		job_emit_delta(job, buf, (size_t)n);
		if (i % 100 == 99)
			job_emit_usage(job, i, i + 1);
		if (i % 50 == 0)
			g_thread_yield();
	}
	job_emit_result(job, g_strdup_printf("result-%u", job_id(job)), g_free);
	g_atomic_int_add(&many_now, -1);
}

static void
test_many_jobs_no_loss(void **state)
{
	g_autoptr(Jobs) jobs = jobs_new(4, NULL);
	assert_non_null(jobs);
	g_atomic_int_set(&many_peak, 0);
	unsigned ids[MANY_JOBS];
	for (int i = 0; i < MANY_JOBS; i++)
		ids[i] = jobs_submit(jobs, "test", many_job, NULL, NULL);
	g_autoptr(GPtrArray) evs = events_new();
	assert_int_equal(collect(jobs, evs, MANY_JOBS, 20000), MANY_JOBS);

	GHashTable *text = g_hash_table_new_full(NULL, NULL, NULL, free_gstring);
	GHashTable *done = g_hash_table_new(NULL, NULL);
	unsigned usages = 0, results = 0;
	for (unsigned i = 0; i < evs->len; i++) {
		JobEvent *ev = evs->pdata[i];
		gpointer key = GUINT_TO_POINTER(ev->job_id);
		if (g_hash_table_contains(done, key))
			fail_msg("event %d after DONE of job %u", ev->kind, ev->job_id);
		if (ev->kind == JOB_EV_DELTA) {
			GString *s = g_hash_table_lookup(text, key);
			if (s == NULL)
				g_hash_table_insert(text, key, s = g_string_new(NULL));
			g_string_append_len(s, ev->text->str, (gssize)ev->text->len);
		} else if (ev->kind == JOB_EV_USAGE) {
			usages++;
		} else if (ev->kind == JOB_EV_RESULT) {
			g_autofree char *want = g_strdup_printf("result-%u", ev->job_id);
			assert_string_equal(ev->payload, want);
			results++;
		} else if (ev->kind == JOB_EV_DONE) {
			assert_int_equal(ev->status, JOB_OK);
			g_hash_table_add(done, key);
		}
	}
	assert_int_equal(usages, MANY_JOBS * (MANY_DELTAS / 100));
	assert_int_equal(results, MANY_JOBS);
	for (int i = 0; i < MANY_JOBS; i++) {
		GString *s = g_hash_table_lookup(text, GUINT_TO_POINTER(ids[i]));
		assert_non_null(s);
		g_autoptr(GString) want = g_string_new(NULL);
		for (int k = 0; k < MANY_DELTAS; k++)
			g_string_append_printf(want, "%u:%d;", ids[i], k);
		assert_string_equal(s->str, want->str);
	}
	assert_true(g_atomic_int_get(&many_peak) <= 4);
	assert_true(g_atomic_int_get(&many_peak) >= 1);
	assert_int_equal(jobs_active(jobs), 0);
	assert_int_equal(jobs_running(jobs), 0);
	/* Nothing more arrives, and the wake fd is quiet again. */
	assert_null(jobs_next_event(jobs));
	assert_false(fd_readable(jobs_wake_fd(jobs)));
	g_hash_table_destroy(text);
	g_hash_table_destroy(done);
}

/* ---- event order and merging ----------------------------------------------------------- */

static void
order_job(Job *job, void *data)
{
	job_emit_delta(job, "a", 1);
	job_emit_usage(job, 3, 4);
	job_emit_delta(job, "b", 1);
	job_emit_delta(job, "", 0);
	job_emit_delta(job, "c", 1);
	job_emit_fallback(job, "m1", "m2", "rate limited");
	job_emit_retry_wait(job, 7, NULL);
	job_emit_delta(job, "d", 1);
}

static void
test_order_and_merge(void **state)
{
	g_autoptr(Jobs) jobs = jobs_new(1, NULL);
	unsigned id = jobs_submit(jobs, "order", order_job, NULL, NULL);
	/* Do not drain until it is over, so that adjacent deltas are merged. */
	while (jobs_active(jobs) > 0)
		g_usleep(1000);
	g_autoptr(GPtrArray) evs = events_new();
	assert_int_equal(collect(jobs, evs, 1, 2000), 1);
	static const JobEventKind kinds[] = { JOB_EV_DELTA, JOB_EV_USAGE, JOB_EV_DELTA,
					      JOB_EV_FALLBACK, JOB_EV_RETRY_WAIT, JOB_EV_DELTA,
					      JOB_EV_DONE };
	assert_int_equal(evs->len, G_N_ELEMENTS(kinds));
	for (unsigned i = 0; i < evs->len; i++) {
		JobEvent *ev = evs->pdata[i];
		assert_int_equal(ev->kind, kinds[i]);
		assert_int_equal(ev->job_id, id);
	}
	assert_string_equal(((JobEvent *)evs->pdata[2])->text->str, "bc");
	JobEvent *fb = evs->pdata[3];
	assert_string_equal(fb->from, "m1");
	assert_string_equal(fb->to, "m2");
	assert_string_equal(fb->text->str, "rate limited");
	assert_int_equal(((JobEvent *)evs->pdata[4])->seconds, 7);
	assert_int_equal(((JobEvent *)evs->pdata[1])->tokens_out, 4);
}

/* ---- cancellation ------------------------------------------------------------------------ */

static void
until_cancelled(Job *job, void *data)
{
	gint *ran = data;
	if (ran != NULL)
		g_atomic_int_inc(ran);
	while (!job_cancelled(job)) {
		job_emit_delta(job, "x", 1);
		(void)job_sleep(job, 2000);
	}
}

static void
test_cancel_running(void **state)
{
	g_autoptr(Jobs) jobs = jobs_new(2, NULL);
	unsigned id = jobs_submit(jobs, "spin", until_cancelled, NULL, NULL);
	/* Wait for some text first: the cancel hits a running job. */
	JobEvent *first = NULL;
	for (int i = 0; i < 2000 && first == NULL; i++) {
		first = jobs_next_event(jobs);
		if (first == NULL)
			g_usleep(1000);
	}
	if (first == NULL)
		fail_msg("no text from the running job");
	else
		assert_int_equal(first->kind, JOB_EV_DELTA);
	jobs_event_free(first);
	int64_t t0 = g_get_monotonic_time();
	assert_true(jobs_cancel(jobs, id));
	g_autoptr(GPtrArray) evs = events_new();
	assert_int_equal(collect(jobs, evs, 1, 2000), 1);
	assert_true(g_get_monotonic_time() - t0 < 500000);
	JobEvent *last = evs->pdata[evs->len - 1];
	assert_int_equal(last->kind, JOB_EV_DONE);
	assert_int_equal(last->status, JOB_CANCELLED);
	assert_null(last->error);
	/* Finished jobs cannot be cancelled again; unknown ids neither. */
	assert_false(jobs_cancel(jobs, id));
	assert_false(jobs_cancel(jobs, 999999));
}

static gint freed_count;

static void
count_free(void *data)
{
	g_atomic_int_inc(&freed_count);
}

static void
test_cancel_queued(void **state)
{
	g_autoptr(Jobs) jobs = jobs_new(1, NULL);
	gint ran_a = 0, ran_b = 0;
	g_atomic_int_set(&freed_count, 0);
	unsigned a = jobs_submit(jobs, "a", until_cancelled, &ran_a, NULL);
	unsigned b = jobs_submit(jobs, "b", until_cancelled, &ran_b, count_free);
	while (g_atomic_int_get(&ran_a) == 0)
		g_usleep(1000);
	/* b waits behind a (one worker): cancelling it means it never runs. */
	assert_int_equal(jobs_active(jobs), 2);
	assert_int_equal(jobs_running(jobs), 1);
	assert_true(jobs_cancel(jobs, b));
	assert_true(jobs_cancel(jobs, a));
	g_autoptr(GPtrArray) evs = events_new();
	assert_int_equal(collect(jobs, evs, 2, 3000), 2);
	assert_int_equal(g_atomic_int_get(&ran_b), 0);
	assert_int_equal(g_atomic_int_get(&freed_count), 1);
	unsigned dones = 0;
	for (unsigned i = 0; i < evs->len; i++) {
		JobEvent *ev = evs->pdata[i];
		if (ev->job_id == b)
			assert_int_equal(ev->kind, JOB_EV_DONE);
		if (ev->kind == JOB_EV_DONE) {
			assert_int_equal(ev->status, JOB_CANCELLED);
			dones++;
		}
	}
	assert_int_equal(dones, 2);
}

/* A job blocked in poll() with no timeout, as a transfer would be: only the hook frees it. */
typedef struct {
	int fds[2];
	gint blocked;
	gint hook_calls;
} HookState;

static void
hook_wake(void *data)
{
	HookState *h = data;
	g_atomic_int_inc(&h->hook_calls);
	assert_int_equal(write(h->fds[1], "x", 1), 1);
}

static void
blocking_job(Job *job, void *data)
{
	HookState *h = data;
	job_set_cancel_hook(job, hook_wake, h);
	g_atomic_int_set(&h->blocked, 1);
	struct pollfd p = { .fd = h->fds[0], .events = POLLIN };
	assert_int_equal(poll(&p, 1, -1), 1);
	job_set_cancel_hook(job, NULL, NULL);
}

static void
test_cancel_hook_interrupts(void **state)
{
	HookState h = { .blocked = 0 };
	assert_int_equal(pipe(h.fds), 0);
	g_autoptr(Jobs) jobs = jobs_new(1, NULL);
	unsigned id = jobs_submit(jobs, "block", blocking_job, &h, NULL);
	while (!g_atomic_int_get(&h.blocked))
		g_usleep(1000);
	int64_t t0 = g_get_monotonic_time();
	assert_true(jobs_cancel(jobs, id));
	g_autoptr(GPtrArray) evs = events_new();
	assert_int_equal(collect(jobs, evs, 1, 2000), 1);
	assert_true(g_get_monotonic_time() - t0 < 500000);
	assert_int_equal(g_atomic_int_get(&h.hook_calls), 1);
	assert_int_equal(((JobEvent *)evs->pdata[0])->status, JOB_CANCELLED);
	close(h.fds[0]);
	close(h.fds[1]);
}

static void
late_hook_job(Job *job, void *data)
{
	HookState *h = data;
	while (!job_cancelled(job))
		g_usleep(500);
	/* The job was cancelled before it set its hook: setting it calls it at once. */
	job_set_cancel_hook(job, hook_wake, h);
	job_set_cancel_hook(job, NULL, NULL);
}

static void
test_hook_after_cancel(void **state)
{
	HookState h = { .blocked = 0 };
	assert_int_equal(pipe(h.fds), 0);
	g_autoptr(Jobs) jobs = jobs_new(1, NULL);
	unsigned id = jobs_submit(jobs, "late", late_hook_job, &h, NULL);
	while (jobs_running(jobs) == 0)
		g_usleep(500);
	assert_true(jobs_cancel(jobs, id));
	g_autoptr(GPtrArray) evs = events_new();
	assert_int_equal(collect(jobs, evs, 1, 2000), 1);
	assert_int_equal(g_atomic_int_get(&h.hook_calls), 1);
	close(h.fds[0]);
	close(h.fds[1]);
}

/* ---- failures --------------------------------------------------------------------------- */

static void
failing_job(Job *job, void *data)
{
	int which = GPOINTER_TO_INT(data);
	AurError *e = NULL;
	if (which == 1) {
		aur_error_set(&e, AUR_ERR_NETWORK, "check the connection", "connection refused");
		job_fail(job, e);
		e = NULL;
		aur_error_set(&e, AUR_ERR_MODEL, NULL, "second failure is ignored");
		job_fail(job, e);
	} else {
		aur_error_set(&e, AUR_ERR_CANCELLED, NULL, "stopped");
		job_fail(job, e);
	}
}

static void
test_failures(void **state)
{
	g_autoptr(Jobs) jobs = jobs_new(2, NULL);
	unsigned a = jobs_submit(jobs, "fail", failing_job, GINT_TO_POINTER(1), NULL);
	unsigned b = jobs_submit(jobs, "fail", failing_job, GINT_TO_POINTER(2), NULL);
	g_autoptr(GPtrArray) evs = events_new();
	assert_int_equal(collect(jobs, evs, 2, 2000), 2);
	for (unsigned i = 0; i < evs->len; i++) {
		JobEvent *ev = evs->pdata[i];
		assert_int_equal(ev->kind, JOB_EV_DONE);
		if (ev->job_id == a) {
			assert_int_equal(ev->status, JOB_FAILED);
			assert_string_equal(ev->error->message, "connection refused");
			assert_int_equal(ev->error->category, AUR_ERR_NETWORK);
		} else {
			assert_int_equal(ev->job_id, b);
			assert_int_equal(ev->status, JOB_CANCELLED);
		}
	}
}

/* ---- shutdown and concurrent cancellers -------------------------------------------------- */

static void
result_then_wait(Job *job, void *data)
{
	job_emit_result(job, g_strdup("never drained"), g_free);
	until_cancelled(job, NULL);
}

static void
test_free_while_running(void **state)
{
	Jobs *jobs = jobs_new(3, NULL);
	g_atomic_int_set(&freed_count, 0);
	for (int i = 0; i < 10; i++)
		jobs_submit(jobs, "busy", result_then_wait, NULL, count_free);
	while (jobs_running(jobs) < 3)
		g_usleep(1000);
	int64_t t0 = g_get_monotonic_time();
	jobs_free(jobs);
	/* Cancelled, joined, every job's data freed (ASan checks the undrained events). */
	assert_true(g_get_monotonic_time() - t0 < 2000000);
	assert_int_equal(g_atomic_int_get(&freed_count), 10);
	jobs_free(NULL);
}

typedef struct {
	Jobs *jobs;
	gint stop;
	unsigned max_id;
} Canceller;

static gpointer
cancel_randomly(gpointer data)
{
	Canceller *c = data;
	GRand *r = g_rand_new_with_seed(42);
	while (!g_atomic_int_get(&c->stop))
		(void)jobs_cancel(c->jobs, (unsigned)g_rand_int_range(r, 1, (gint32)c->max_id + 1));
	g_rand_free(r);
	return NULL;
}

static void
short_job(Job *job, void *data)
{
	for (int i = 0; i < 20 && !job_cancelled(job); i++) {
		job_emit_delta(job, "y", 1);
		(void)job_sleep(job, 100);
	}
}

static void
test_concurrent_cancellers(void **state)
{
	g_autoptr(Jobs) jobs = jobs_new(4, NULL);
	enum { N = 300 };
	Canceller c = { .jobs = jobs, .max_id = N };
	GThread *t[4];
	for (int i = 0; i < 4; i++)
		t[i] = g_thread_new("cancel", cancel_randomly, &c);
	for (int i = 0; i < N; i++)
		jobs_submit(jobs, "short", short_job, NULL, NULL);
	g_autoptr(GPtrArray) evs = events_new();
	unsigned dones = collect(jobs, evs, N, 20000);
	g_atomic_int_set(&c.stop, 1);
	for (int i = 0; i < 4; i++)
		g_thread_join(t[i]);
	assert_int_equal(dones, N);
	g_autoptr(GHashTable) seen = g_hash_table_new(NULL, NULL);
	for (unsigned i = 0; i < evs->len; i++) {
		JobEvent *ev = evs->pdata[i];
		if (ev->kind != JOB_EV_DONE)
			continue;
		assert_false(g_hash_table_contains(seen, GUINT_TO_POINTER(ev->job_id)));
		g_hash_table_add(seen, GUINT_TO_POINTER(ev->job_id));
		assert_true(ev->status == JOB_OK || ev->status == JOB_CANCELLED);
	}
	assert_int_equal(g_hash_table_size(seen), N);
	assert_int_equal(jobs_active(jobs), 0);
}

static void
test_wake_fd(void **state)
{
	g_autoptr(Jobs) jobs = jobs_new(1, NULL);
	int fd = jobs_wake_fd(jobs);
	assert_false(fd_readable(fd));
	assert_null(jobs_next_event(jobs));
	jobs_submit(jobs, "order", order_job, NULL, NULL);
	struct pollfd p = { .fd = fd, .events = POLLIN };
	assert_int_equal(poll(&p, 1, 2000), 1);
	g_autoptr(GPtrArray) evs = events_new();
	assert_int_equal(collect(jobs, evs, 1, 2000), 1);
	assert_null(jobs_next_event(jobs));
	assert_false(fd_readable(fd));
	/* The fd is close-on-exec and non-blocking. */
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_true(fcntl(fd, F_GETFL) & O_NONBLOCK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_many_jobs_no_loss),
		cmocka_unit_test(test_order_and_merge),
		cmocka_unit_test(test_cancel_running),
		cmocka_unit_test(test_cancel_queued),
		cmocka_unit_test(test_cancel_hook_interrupts),
		cmocka_unit_test(test_hook_after_cancel),
		cmocka_unit_test(test_failures),
		cmocka_unit_test(test_free_while_running),
		cmocka_unit_test(test_concurrent_cancellers),
		cmocka_unit_test(test_wake_fd),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
