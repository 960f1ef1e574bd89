/* SPDX-License-Identifier: MIT */
/* The demo answer job: streams a local file in chunks at a set rate. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "fsutil.h"

#define MAX_DEMO (64u << 20)

static GMutex emit_lock;
static int64_t last_emit;

typedef struct {
	char *answer;
	size_t len;
	char *model;
	int64_t rate;
	size_t chunk;
	int retry;
	bool fallback, cached, cut, fail;
	size_t prompt_len;
} DemoRun;

static bool
parse_opts(DemoChat *d, const char *opts, AurError **err)
{
	g_auto(GStrv) items = g_strsplit(opts, ",", -1);
	for (size_t i = 0; items[i] != NULL; i++) {
		const char *o = g_strstrip(items[i]);
		if (*o == '\0')
			continue;
		if (g_str_has_prefix(o, "retry="))
			d->retry = CLAMP(atoi(o + 6), 0, 3600);
		else if (strcmp(o, "fallback") == 0)
			d->fallback = true;
		else if (strcmp(o, "cached") == 0)
			d->cached = true;
		else if (strcmp(o, "cut") == 0)
			d->cut = true;
		else if (strcmp(o, "fail") == 0)
			d->fail = true;
		else {
			aur_error_set(err, AUR_ERR_USAGE, "Known options: retry=SECONDS, fallback, "
							  "cached, cut, fail.",
				      "unknown AURELIS_TUI_DEMO_OPTS item '%s'", o);
			return false;
		}
	}
	return true;
}

DemoChat *
demo_from_env(AurError **err)
{
	const char *path = g_getenv("AURELIS_TUI_DEMO");
	if (path == NULL || *path == '\0')
		return NULL;
	g_autoptr(DemoChat) d = g_new0(DemoChat, 1);
	d->text = fs_read_file(path, MAX_DEMO, &d->len, err);
	if (d->text == NULL) {
		aur_error_prefix(*err, "AURELIS_TUI_DEMO");
		return NULL;
	}
	const char *rate = g_getenv("AURELIS_TUI_DEMO_RATE");
	const char *chunk = g_getenv("AURELIS_TUI_DEMO_CHUNK");
	d->rate = rate ? MAX(g_ascii_strtoll(rate, NULL, 10), 0) : 0;
	d->chunk = chunk ? (size_t)CLAMP(g_ascii_strtoll(chunk, NULL, 10), 1, 1 << 20) : 16;
	const char *opts = g_getenv("AURELIS_TUI_DEMO_OPTS");
	if (opts != NULL && !parse_opts(d, opts, err))
		return NULL;
	return g_steal_pointer(&d);
}

void
demo_free(DemoChat *d)
{
	if (d == NULL)
		return;
	g_free(d->text);
	g_free(d);
}

static void
run_free(void *p)
{
	DemoRun *r = p;
	g_free(r->answer);
	g_free(r->model);
	g_free(r);
}

int64_t
demo_last_emit_us(void)
{
	g_mutex_lock(&emit_lock);
	int64_t t = last_emit;
	g_mutex_unlock(&emit_lock);
	return t;
}

static void
note_emit(void)
{
	g_mutex_lock(&emit_lock);
	last_emit = g_get_monotonic_time();
	g_mutex_unlock(&emit_lock);
}

/* Stream [from, to) of the answer at the run's rate; false when cancelled. */
static bool
stream(Job *job, const DemoRun *r, size_t from, size_t to, int64_t start)
{
	for (size_t off = from; off < to; off += r->chunk) {
		if (job_cancelled(job))
			return false;
		job_emit_delta(job, r->answer + off, MIN(r->chunk, to - off));
		if (r->rate > 0) {
			int64_t due = start + (int64_t)((off + r->chunk) * 1000000.0 / (double)r->rate);
			int64_t now = g_get_monotonic_time();
			if (due > now && !job_sleep(job, due - now))
				return false;
		}
	}
	return true;
}

static void
demo_job(Job *job, void *data)
{
	DemoRun *r = data;
	if (r->retry > 0) {
		job_emit_retry_wait(job, r->retry, "demo rate limit");
		if (!job_sleep(job, (int64_t)r->retry * 1000000))
			return;
	}
	if (r->fallback)
		job_emit_fallback(job, r->model, "demo/fallback", "429 too many requests (demo)");
	size_t stop = r->fail ? r->len / 2 : r->len;
	bool done = stream(job, r, 0, stop, g_get_monotonic_time());
	note_emit();
	if (!done)
		return;
	if (r->fail) {
		AurError *e = NULL;
		aur_error_set(&e, AUR_ERR_MODEL, "This failure was asked for with AURELIS_TUI_DEMO_OPTS.",
			      "the demo answer failed halfway");
		job_fail(job, e);
		return;
	}
	job_emit_usage(job, (int64_t)(r->prompt_len / 4 + 1), (int64_t)(r->len / 4 + 1));
	job_mark(job, (r->cached ? JOB_FLAG_CACHED : 0) | (r->cut ? JOB_FLAG_CUT : 0));
}

unsigned
demo_submit(Jobs *jobs, const DemoChat *d, const char *prompt, const char *model)
{
	DemoRun *r = g_new0(DemoRun, 1);
	g_autofree char *text = g_strndup(d->text, d->len);
	g_auto(GStrv) parts = g_strsplit(text, "{prompt}", -1);
	r->answer = g_strjoinv(prompt, parts);
	r->len = strlen(r->answer);
	r->model = g_strdup(model ? model : "demo");
	r->rate = d->rate;
	r->chunk = d->chunk;
	r->retry = d->retry;
	r->fallback = d->fallback;
	r->cached = d->cached;
	r->cut = d->cut;
	r->fail = d->fail;
	r->prompt_len = strlen(prompt);
	return jobs_submit(jobs, "demo", demo_job, r, run_free);
}
