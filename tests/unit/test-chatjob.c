/* SPDX-License-Identifier: MIT */
/* Unit tests for chatjob.c and chatsess.c: the events of a cached answer, a failure before
 * anything is sent, jobs_cancel() reaching a request in the middle of a backoff, and the
 * conversation layer's budget, turn recording and status. */
#include "autoconfig.h"

#include <poll.h>

#include "unit.h"
#include "cache.h"
#include "chatjob.h"
#include "chatsess.h"
#include "lazycurl.h"
#include "metrics.h"

static char *home;

static int
setup(void **state)
{
	home = unit_tmpdir();
	g_autofree char *cache = g_build_filename(home, "cache", NULL);
	g_autofree char *st = g_build_filename(home, "state", NULL);
	g_autofree char *data = g_build_filename(home, "data", NULL);
	g_setenv("HOME", home, TRUE);
	g_setenv("XDG_CACHE_HOME", cache, TRUE);
	g_setenv("XDG_STATE_HOME", st, TRUE);
	g_setenv("XDG_DATA_HOME", data, TRUE);
	g_setenv("AURELIS_TOKEN", "ghp_unit0123456789abcdefghijklmnopqrstu", TRUE);
	g_unsetenv("AURELIS_CACHE_DIR");
	g_unsetenv("DBUS_SESSION_BUS_ADDRESS");
	g_autofree char *mpath = g_build_filename(home, "metrics.jsonl", NULL);
	metrics_set_file(mpath, 0, 0);
	return 0;
}

static int
teardown(void **state)
{
	metrics_shutdown();
	unit_rmdir(g_steal_pointer(&home));
	return 0;
}

static AurConfig *
config(const char *endpoint)
{
	AurConfig *cfg = config_new();
	assert_true(config_set_text(cfg, "endpoint", endpoint, CFG_LAYER_USER, "t", NULL));
	assert_true(config_set_text(cfg, "security.use_gh_cli", "false", CFG_LAYER_USER, "t", NULL));
	assert_true(config_set_text(cfg, "security.keyring", "false", CFG_LAYER_USER, "t", NULL));
	return cfg;
}

/* Every event of job id until its DONE (which is last in the array). */
static GPtrArray *
collect(Jobs *jobs, unsigned id, int64_t timeout_ms)
{
	GPtrArray *evs = g_ptr_array_new_with_free_func((GDestroyNotify)jobs_event_free);
	int64_t end = g_get_monotonic_time() + timeout_ms * 1000;
	for (;;) {
		JobEvent *ev;
		while ((ev = jobs_next_event(jobs)) != NULL) {
			if (ev->job_id != id) {
				jobs_event_free(ev);
				continue;
			}
			g_ptr_array_add(evs, ev);
			if (ev->kind == JOB_EV_DONE)
				return evs;
		}
		int64_t left = (end - g_get_monotonic_time()) / 1000;
		if (left <= 0)
			fail_msg("job %u did not finish in time", id);
		struct pollfd p = { jobs_wake_fd(jobs), POLLIN, 0 };
		poll(&p, 1, (int)MIN(left, 100));
	}
}

/* The first event of kind; the test stops when there is none. */
static const JobEvent *
first_of(GPtrArray *evs, JobEventKind kind)
{
	for (guint i = 0; i < evs->len; i++)
		if (((JobEvent *)evs->pdata[i])->kind == kind)
			return evs->pdata[i];
	g_error("no event of kind %d among %u", (int)kind, evs->len); /* never returns */
}

static ChatRequest *
question(const char *text)
{
	ChatRequest *r = models_request_new();
	models_request_add(r, "user", text);
	r->stream = true;
	return r;
}

/* Store answer under the key the client computes for question(text) to the chat head. */
static void
seed_cache(const AurConfig *cfg, const char *text, const char *answer)
{
	g_autoptr(ChatRequest) r = question(text);
	r->model = g_strdup("openai/gpt-4.1-mini");
	size_t len;
	g_autofree char *body = models_request_body(r, &len);
	cJSON *json = cJSON_ParseWithLength(body, len);
	CacheRequest cr = { config_get_string(cfg, "endpoint"), "", json };
	g_autofree char *key = cache_key(&cr);
	cJSON_Delete(json);
	g_autoptr(Cache) c = cache_new_from_config(cfg);
	CacheAnswer a = { .model = "openai/gpt-4o-mini", .task = "chat", .answer = answer,
			  .finish_reason = "stop", .prompt_tokens = 7, .completion_tokens = 9,
			  .total_tokens = 16 };
	assert_true(cache_store(c, key, &a, CACHE_ANSWER_COMPLETE, NULL));
}

static void
test_cached_answer(void **state)
{
	/* A port nothing listens on: a miss would fail, so success proves the replay. */
	AurConfig *cfg = config("http://127.0.0.1:9/inference");
	seed_cache(cfg, "what is a pointer", "An address, with a **type**.");
	g_autoptr(Jobs) jobs = jobs_new(2, NULL);
	g_autoptr(ChatJobShared) sh = chatjob_shared_new(cfg);
	ChatJobRequest req = { .request = question("what is a pointer"), .cache = CACHE_POLICY_READ,
			       .command = "test" };
	unsigned id = chatjob_submit(jobs, sh, &req);
	g_autoptr(GPtrArray) evs = collect(jobs, id, 5000);
	const JobEvent *d = first_of(evs, JOB_EV_DELTA);
	assert_non_null(d);
	assert_string_equal(d->text->str, "An address, with a **type**.");
	const JobEvent *u = first_of(evs, JOB_EV_USAGE);
	assert_non_null(u);
	assert_int_equal(u->tokens_in, 7);
	assert_int_equal(u->tokens_out, 9);
	const JobEvent *r = first_of(evs, JOB_EV_RESULT);
	assert_non_null(r);
	const ChatJobOutcome *o = r->payload;
	assert_true(o->cached);
	assert_false(o->failed || o->cancelled);
	assert_string_equal(o->model, "openai/gpt-4o-mini");
	assert_string_equal(o->text, "An address, with a **type**.");
	assert_int_equal(o->per_day, 150);
	assert_int_equal(o->requests_left, 150); /* nothing was sent */
	const JobEvent *done = evs->pdata[evs->len - 1];
	assert_int_equal(done->status, JOB_OK);
	assert_true(done->flags & JOB_FLAG_CACHED);
	/* RESULT comes before DONE, after the text. */
	assert_ptr_equal(evs->pdata[evs->len - 2], r);
	jobs_free(g_steal_pointer(&jobs));
	config_free(cfg);
}

static void
test_no_token(void **state)
{
	g_unsetenv("AURELIS_TOKEN");
	AurConfig *cfg = config("http://127.0.0.1:9/inference");
	g_autoptr(Jobs) jobs = jobs_new(1, NULL);
	g_autoptr(ChatJobShared) sh = chatjob_shared_new(cfg);
	ChatJobRequest req = { .request = question("hello"), .cache = 0 };
	unsigned id = chatjob_submit(jobs, sh, &req);
	g_autoptr(GPtrArray) evs = collect(jobs, id, 5000);
	assert_int_equal(evs->len, 2); /* RESULT, DONE: nothing else happened */
	const ChatJobOutcome *o = first_of(evs, JOB_EV_RESULT)->payload;
	assert_true(o->failed);
	assert_string_equal(o->text, "");
	const JobEvent *done = evs->pdata[1];
	assert_int_equal(done->status, JOB_FAILED);
	assert_int_equal(done->error->category, AUR_ERR_AUTH);
	assert_non_null(done->error->hint);
	jobs_free(g_steal_pointer(&jobs));
	config_free(cfg);
	g_setenv("AURELIS_TOKEN", "ghp_unit0123456789abcdefghijklmnopqrstu", TRUE);
}

static void
test_cancel_reaches_the_request(void **state)
{
	assert_true(lazycurl_load(NULL));
	AurConfig *cfg = config("http://127.0.0.1:9/inference");
	/* Refused connections are retried after long backoffs: the job sits in a wait. */
	assert_true(config_set_text(cfg, "request.backoff_base_ms", "20000", CFG_LAYER_USER, "t", NULL));
	assert_true(config_set_text(cfg, "request.backoff_max_ms", "20000", CFG_LAYER_USER, "t", NULL));
	g_autoptr(Jobs) jobs = jobs_new(1, NULL);
	g_autoptr(ChatJobShared) sh = chatjob_shared_new(cfg);
	ChatJobRequest req = { .request = question("wait for me"), .cache = 0 };
	unsigned id = chatjob_submit(jobs, sh, &req);
	g_usleep(300 * 1000);
	int64_t t0 = g_get_monotonic_time();
	assert_true(jobs_cancel(jobs, id));
	g_autoptr(GPtrArray) evs = collect(jobs, id, 5000);
	int64_t ms = (g_get_monotonic_time() - t0) / 1000;
	if (ms > 500)
		fail_msg("the cancel took %lld ms", (long long)ms);
	const JobEvent *done = evs->pdata[evs->len - 1];
	assert_int_equal(done->status, JOB_CANCELLED);
	const ChatJobOutcome *o = first_of(evs, JOB_EV_RESULT)->payload;
	assert_true(o->cancelled);
	jobs_free(g_steal_pointer(&jobs));
	config_free(cfg);
}

/* ---- chatsess ------------------------------------------------------------------------------ */

static ChatJobOutcome *
outcome(const char *text, bool cancelled)
{
	ChatJobOutcome *o = g_new0(ChatJobOutcome, 1);
	o->model = g_strdup("openai/gpt-4o-mini");
	o->fallback_from = g_strdup("openai/gpt-4.1-mini");
	o->text = g_strdup(text);
	o->cancelled = cancelled;
	o->cut = !cancelled;
	o->tokens_in = 11;
	o->tokens_out = 3;
	o->ttft_ms = 5;
	o->total_ms = 9;
	return o;
}

static void
test_session_layer(void **state)
{
	assert_true(lazycurl_load(NULL));
	/* Counters of its own: the earlier tests counted requests too. */
	g_autofree char *st_dir = g_build_filename(home, "state2", NULL);
	g_setenv("XDG_STATE_HOME", st_dir, TRUE);
	AurConfig *cfg = config("http://127.0.0.1:9/inference");
	assert_true(config_set_text(cfg, "request.max_retries", "0", CFG_LAYER_USER, "t", NULL));
	ChatSessOptions co = { .cfg = cfg, .command = "test" };
	g_autoptr(ChatSess) cs = chatsess_new(&co, NULL);
	assert_string_equal(chatsess_model(cs), "openai/gpt-4.1-mini");
	ChatSessStatus st;
	chatsess_status(cs, &st);
	assert_null(st.session); /* not saved before its first turn */
	assert_int_equal(st.context_limit, 8000);
	assert_true(st.context_tokens > 0 && st.context_tokens < 100); /* the system prompt */
	assert_int_equal(st.requests_left, 150);
	chatsess_status_clear(&st);

	/* A prompt over the model's input is refused before anything starts. */
	g_autoptr(Jobs) jobs = jobs_new(2, NULL);
	GString *huge = g_string_new(NULL);
	for (int i = 0; i < 40000; i++)
		g_string_append(huge, "word ");
	g_autoptr(AurError) e = NULL;
	assert_int_equal(chatsess_ask(cs, jobs, huge->str, &e), 0);
	assert_int_equal(e->category, AUR_ERR_INPUT);
	g_string_free(huge, TRUE);

	/* A request that fails without text records nothing. */
	unsigned id = chatsess_ask(cs, jobs, "first", NULL);
	assert_true(id != 0);
	g_autoptr(GPtrArray) evs = collect(jobs, id, 10000);
	JobEvent *r = (JobEvent *)first_of(evs, JOB_EV_RESULT);
	assert_null(chatsess_finish(cs, id, g_steal_pointer(&r->payload)));
	assert_int_equal(session_n_turns(chatsess_session(cs)), 0);

	/* A partial, cancelled answer is recorded with its flags; the session is saved. */
	id = chatsess_ask(cs, jobs, "second", NULL);
	g_autoptr(GPtrArray) evs2 = collect(jobs, id, 10000);
	assert_true(evs2->len > 0);
	assert_null(chatsess_finish(cs, id, outcome("half an ans", true)));
	Session *s = chatsess_session(cs);
	assert_true(session_is_saved(s));
	assert_int_equal(session_n_turns(s), 1);
	const SessionTurn *t = session_turn(s, 0);
	assert_string_equal(t->user, "second");
	assert_string_equal(t->answer, "half an ans");
	assert_string_equal(t->model, "openai/gpt-4o-mini");
	assert_string_equal(t->fallback_from, "openai/gpt-4.1-mini");
	assert_int_equal(t->flags, SESSION_TURN_CANCELLED | SESSION_TURN_FALLBACK);
	assert_int_equal(t->tokens_in, 11);
	/* A job this conversation did not start, or one finished twice, is dropped. */
	assert_null(chatsess_finish(cs, id, outcome("again", false)));
	assert_null(chatsess_finish(cs, 9999, outcome("stranger", false)));
	assert_int_equal(session_n_turns(s), 1);
	/* The next request carries that turn. */
	chatsess_status(cs, &st);
	assert_non_null(st.session);
	assert_string_equal(st.session, session_name(s));
	int64_t before = st.context_tokens;
	chatsess_status_clear(&st);
	assert_true(before > 10);
	/* Two failed requests were counted against today's budget. */
	chatsess_status(cs, &st);
	assert_int_equal(st.requests_left, 148);
	chatsess_status_clear(&st);
	jobs_free(g_steal_pointer(&jobs));
	config_free(cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cached_answer),
		cmocka_unit_test(test_no_token),
		cmocka_unit_test(test_cancel_reaches_the_request),
		cmocka_unit_test(test_session_layer),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
