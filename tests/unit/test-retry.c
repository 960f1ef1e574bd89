/* SPDX-License-Identifier: MIT */
/* Unit tests for retry.c: backoff math, 429 waits, the circuit breaker, limits, counters. */
#include "autoconfig.h"

#include <sys/stat.h>

#include "retry.h"
#include "unit.h"

static char *tmp;

static int
setup(void **state)
{
	tmp = unit_tmpdir();
	g_setenv("XDG_STATE_HOME", tmp, TRUE);
	return 0;
}

static int
teardown(void **state)
{
	g_unsetenv("XDG_STATE_HOME");
	unit_rmdir(tmp);
	return 0;
}

static void
test_backoff(void **state)
{
	/* The cap doubles from the base and stops at the maximum. */
	assert_int_equal(retry_backoff_ms(0, 500, 30000, 0.999999), 500);
	assert_int_equal(retry_backoff_ms(1, 500, 30000, 0.999999), 1000);
	assert_int_equal(retry_backoff_ms(3, 500, 30000, 0.999999), 4000);
	assert_int_equal(retry_backoff_ms(10, 500, 30000, 0.999999), 30000);
	assert_int_equal(retry_backoff_ms(1000, 500, 30000, 0.999999), 30000); /* no overflow */
	assert_int_equal(retry_backoff_ms(62, 1, 600000, 0.999999), 600000);
	/* Full jitter: anywhere from 0 to the cap. */
	assert_int_equal(retry_backoff_ms(2, 500, 30000, 0.0), 0);
	assert_int_equal(retry_backoff_ms(2, 500, 30000, 0.5), 1000);
	assert_int_equal(retry_backoff_ms(2, 500, 30000, -3), 0);
	assert_int_equal(retry_backoff_ms(2, 500, 30000, 7), 2000);
	/* The draws spread over the range. */
	GRand *r = g_rand_new_with_seed(7);
	int64_t lo = 1 << 30, hi = 0, sum = 0;
	for (int i = 0; i < 10000; i++) {
		int64_t v = retry_backoff_ms(3, 100, 10000, g_rand_double(r));
		assert_true(v >= 0 && v <= 800);
		lo = MIN(lo, v);
		hi = MAX(hi, v);
		sum += v;
	}
	g_rand_free(r);
	assert_true(lo < 20 && hi > 780);
	assert_true(sum / 10000 > 350 && sum / 10000 < 450);
}

static void
test_wait_seconds(void **state)
{
	int64_t now = 1795752000; /* 2026-11-27T04:00:00Z */
	assert_int_equal(retry_wait_seconds("7", NULL, NULL, now), 7);
	assert_int_equal(retry_wait_seconds(NULL, "5631", NULL, now), 5631);
	assert_int_equal(retry_wait_seconds("7", "5631", NULL, now), 5631); /* the larger */
	assert_int_equal(retry_wait_seconds("1.2", NULL, NULL, now), 2);     /* rounded up */
	assert_int_equal(retry_wait_seconds("Fri, 27 Nov 2026 04:01:00 GMT", NULL, NULL, now), 60);
	assert_int_equal(retry_wait_seconds("Fri, 27 Nov 2026 03:00:00 GMT", NULL, NULL, now), 0);
	assert_int_equal(retry_wait_seconds(NULL, NULL, "Rate limit of 50 per 86400s exceeded for "
						"UserByModelByDay. Please wait 5631 seconds before retrying.", now), 5631);
	/* Headers win over the message. */
	assert_int_equal(retry_wait_seconds("3", NULL, "Please wait 100 seconds", now), 3);
	/* Garbage is "unknown". */
	assert_int_equal(retry_wait_seconds("soon", "-5", "no hint here", now), -1);
	assert_int_equal(retry_wait_seconds("", "", "", now), -1);
	assert_int_equal(retry_wait_seconds("1e99", "nan", NULL, now), -1);
	assert_int_equal(retry_wait_seconds("Fri, 99 Foo 2026 04:01:00 GMT", NULL, NULL, now), -1);
	assert_int_equal(retry_wait_seconds(NULL, NULL, NULL, now), -1);
}

static void
test_circuit_pure(void **state)
{
	CircuitState s = { 0 };
	int64_t w;
	assert_int_equal(retry_circuit_decide(&s, 3, 30000, 1000, &w), CIRCUIT_CLOSED);
	retry_circuit_update(&s, false, 3, 1000);
	retry_circuit_update(&s, false, 3, 2000);
	assert_int_equal(retry_circuit_decide(&s, 3, 30000, 2000, &w), CIRCUIT_CLOSED);
	/* A success in between resets the count: only consecutive failures open it. */
	retry_circuit_update(&s, true, 3, 2500);
	assert_int_equal(s.failures, 0);
	for (int i = 0; i < 3; i++)
		retry_circuit_update(&s, false, 3, 3000);
	assert_int_equal(retry_circuit_decide(&s, 3, 30000, 4000, &w), CIRCUIT_OPEN);
	assert_int_equal(w, 29000);
	/* After open_ms: one probe, and while it runs, others stay out. */
	assert_int_equal(retry_circuit_decide(&s, 3, 30000, 33000, &w), CIRCUIT_PROBE);
	s.probe_at = 33000;
	assert_int_equal(retry_circuit_decide(&s, 3, 30000, 34000, &w), CIRCUIT_OPEN);
	/* A lost probe (older than open_ms) lets another through. */
	assert_int_equal(retry_circuit_decide(&s, 3, 30000, 64000, &w), CIRCUIT_PROBE);
	/* A failed probe opens it again from then. */
	retry_circuit_update(&s, false, 3, 64000);
	assert_int_equal(retry_circuit_decide(&s, 3, 30000, 65000, &w), CIRCUIT_OPEN);
	assert_int_equal(s.probe_at, 0);
	/* A successful probe closes it. */
	retry_circuit_update(&s, true, 3, 95000);
	assert_int_equal(retry_circuit_decide(&s, 3, 30000, 95000, &w), CIRCUIT_CLOSED);
}

static void
test_circuit_persisted(void **state)
{
	int64_t w;
	CircuitState s;
	assert_int_equal(retry_circuit_acquire("a/m", 2, 60000, &w), CIRCUIT_CLOSED);
	retry_circuit_report("a/m", false, 2);
	retry_circuit_get("a/m", &s);
	assert_int_equal(s.failures, 1);
	assert_int_equal(retry_circuit_acquire("a/m", 2, 60000, &w), CIRCUIT_CLOSED);
	retry_circuit_report("a/m", false, 2);
	assert_int_equal(retry_circuit_acquire("a/m", 2, 60000, &w), CIRCUIT_OPEN);
	assert_true(w > 59000 && w <= 60000);
	/* Other models are unaffected. */
	assert_int_equal(retry_circuit_acquire("b/m", 2, 60000, &w), CIRCUIT_CLOSED);
	/* open_seconds over: exactly one caller gets the probe. */
	assert_int_equal(retry_circuit_acquire("a/m", 2, 0, &w), CIRCUIT_PROBE);
	assert_int_equal(retry_circuit_acquire("a/m", 2, 1000, &w), CIRCUIT_OPEN);
	retry_circuit_report("a/m", true, 2);
	retry_circuit_get("a/m", &s);
	assert_int_equal(s.failures, 0);
	assert_int_equal(retry_circuit_acquire("a/m", 2, 60000, &w), CIRCUIT_CLOSED);
	/* A corrupt state file reads as empty. */
	g_autofree char *p = g_build_filename(tmp, "aurelis", "models-state.json", NULL);
	unit_write(p, "{\"circuits\":[1,2,3],\"usage\":\"x\"}");
	retry_circuit_report("a/m", false, 2);
	retry_circuit_get("a/m", &s);
	assert_int_equal(s.failures, 1);
}

static void
test_limits(void **state)
{
	ModelLimits l;
	retry_limits(NULL, "openai/gpt-4.1", "high", &l);
	assert_int_equal(l.rpm, 10);
	assert_int_equal(l.per_day, 50);
	assert_int_equal(l.concurrency, 2);
	assert_int_equal(l.input_tokens, 8000);
	assert_string_equal(l.tier, "high");
	assert_string_equal(l.plan, "free");
	assert_true(l.available);
	assert_false(l.guessed);
	retry_limits(NULL, "openai/gpt-4.1-mini", "low", &l);
	assert_int_equal(l.rpm, 15);
	assert_int_equal(l.per_day, 150);
	assert_int_equal(l.concurrency, 5);
	retry_limits(NULL, "openai/text-embedding-3-small", "embeddings", &l);
	assert_int_equal(l.per_day, 150);
	assert_int_equal(l.input_tokens, 64000);
	/* Custom tiers are recognised from the id; the free plan has no reasoning models. */
	retry_limits(NULL, "openai/gpt-5", "custom", &l);
	assert_string_equal(l.tier, "o1-o3-gpt-5");
	assert_false(l.available);
	assert_int_equal(l.per_day, 0);
	assert_int_equal(l.rpm, 1);
	assert_int_equal(l.concurrency, 1);
	retry_limits(NULL, "deepseek/deepseek-r1", "custom", &l);
	assert_string_equal(l.tier, "deepseek-r1");
	assert_int_equal(l.per_day, 8);
	retry_limits(NULL, "xai/grok-3-mini", NULL, &l);
	assert_int_equal(l.per_day, 30);
	assert_int_equal(l.rpm, 2);
	retry_limits(NULL, "xai/grok-3", NULL, &l);
	assert_int_equal(l.per_day, 15);
	retry_limits(NULL, "someone/new-model", NULL, &l);
	assert_string_equal(l.tier, "low");
	assert_true(l.guessed);
	assert_false(l.overridden);
	retry_limits(NULL, "someone/new-model", "platinum", &l);
	assert_true(l.guessed);
	assert_int_equal(l.per_day, 150);
	/* models.plan picks the column; overrides win over it. */
	AurConfig *cfg = config_new();
	assert_true(config_set_text(cfg, "models.plan", "enterprise", CFG_LAYER_USER, "t", NULL));
	retry_limits(cfg, "openai/gpt-4.1", "high", &l);
	assert_int_equal(l.rpm, 15);
	assert_int_equal(l.per_day, 150);
	assert_int_equal(l.concurrency, 4);
	assert_int_equal(l.input_tokens, 16000);
	assert_string_equal(l.plan, "enterprise");
	retry_limits(cfg, "openai/o3-mini", "custom", &l);
	assert_true(l.available);
	assert_int_equal(l.rpm, 3);
	assert_int_equal(l.per_day, 20);
	assert_true(config_set_text(cfg, "models.plan", "pro", CFG_LAYER_USER, "t", NULL));
	retry_limits(cfg, "openai/gpt-5", NULL, &l);
	assert_int_equal(l.per_day, 8);
	assert_true(l.available);
	/* Configuration overrides, for ids with dots. */
	assert_true(config_set_text(cfg, "models.limits.openai/gpt-4.1.rpm", "3", CFG_LAYER_USER, "t", NULL));
	assert_true(config_set_text(cfg, "models.limits.openai/gpt-4.1.concurrency", "7", CFG_LAYER_USER, "t", NULL));
	retry_limits(cfg, "openai/gpt-4.1", "high", &l);
	assert_int_equal(l.rpm, 3);
	assert_int_equal(l.concurrency, 7);
	assert_int_equal(l.per_day, 50);
	assert_true(l.overridden);
	/* An override of per_day gives access to a tier the plan lacks. */
	assert_true(config_set_text(cfg, "models.plan", "free", CFG_LAYER_USER, "t", NULL));
	assert_true(config_set_text(cfg, "models.limits.openai/o3.per_day", "5", CFG_LAYER_USER, "t", NULL));
	retry_limits(cfg, "openai/o3", NULL, &l);
	assert_true(l.available);
	assert_int_equal(l.per_day, 5);
	g_autoptr(AurError) e = NULL;
	assert_false(config_set_text(cfg, "models.limits.openai/gpt-4.1.rpm", "0", CFG_LAYER_USER, "t", &e));
	config_free(cfg);
}

/* One input cap for the shell's budget and the code commands' chunks. */
static void
test_input_cap(void **state)
{
	(void)state;
	g_autofree char *src = NULL;
	/* The free plan's cap for the tier, with no catalogue entry. */
	assert_int_equal(retry_input_cap(NULL, "openai/gpt-4.1", NULL, &src), 8000);
	assert_non_null(strstr(src, "free plan"));
	assert_non_null(strstr(src, "low tier"));
	g_clear_pointer(&src, g_free);
	/* A catalogue limit lower than the plan's cap wins; a higher one does not. */
	CatalogModel small = { .id = (char *)"openai/gpt-4.1", .rate_limit_tier = (char *)"high",
			       .max_input_tokens = 3000 };
	assert_int_equal(retry_input_cap(NULL, "openai/gpt-4.1", &small, &src), 3000);
	assert_non_null(strstr(src, "catalogue"));
	g_clear_pointer(&src, g_free);
	CatalogModel big = small;
	big.max_input_tokens = 1048576;
	assert_int_equal(retry_input_cap(NULL, "openai/gpt-4.1", &big, &src), 8000);
	g_clear_pointer(&src, g_free);
	/* A tier the free plan has no access to: its cap does not count, the catalogue's does. */
	CatalogModel o3 = { .id = (char *)"openai/o3", .rate_limit_tier = (char *)"custom",
			    .max_input_tokens = 200000 };
	assert_int_equal(retry_input_cap(NULL, "openai/o3", &o3, &src), 200000);
	g_clear_pointer(&src, g_free);
	/* The override wins over both, and says so. */
	AurConfig *cfg = config_new();
	assert_true(config_set_text(cfg, "models.limits.openai/gpt-4.1.input_tokens", "123456", CFG_LAYER_USER, "t", NULL));
	assert_int_equal(retry_input_cap(cfg, "openai/gpt-4.1", &small, &src), 123456);
	assert_string_equal(src, "models.limits.openai/gpt-4.1.input_tokens");
	config_free(cfg);
}

static void
test_rate_window(void **state)
{
	int64_t t = 1795752000000;
	UsageCounts u;
	assert_int_equal(retry_rate_take("m/x", 3, t), 0);
	assert_int_equal(retry_rate_take("m/x", 3, t + 10000), 0);
	assert_int_equal(retry_rate_take("m/x", 3, t + 20000), 0);
	/* The fourth in the minute waits until the first leaves the window. */
	assert_int_equal(retry_rate_take("m/x", 3, t + 30000), 30000);
	retry_usage_counts("m/x", t + 30000, &u);
	assert_int_equal(u.last_minute, 3);
	assert_int_equal(u.today, 3); /* the refused one is not counted */
	assert_int_equal(retry_rate_take("m/x", 3, t + 60001), 0);
	retry_usage_counts("m/x", t + 60001, &u);
	assert_int_equal(u.last_minute, 3);
	assert_int_equal(u.today, 4);
	/* Another model has its own budget. */
	assert_int_equal(retry_rate_take("m/y", 1, t + 30000), 0);
	assert_true(retry_rate_take("m/y", 1, t + 30000) > 0);
	/* A new UTC day starts the daily count again. */
	retry_usage_counts("m/x", t + 86400000, &u);
	assert_int_equal(u.today, 0);
	assert_int_equal(u.last_minute, 0);
	/* Several in one second share a bucket; the budget still counts each. */
	int64_t s0 = t + 200000;
	for (int i = 0; i < 3; i++)
		assert_int_equal(retry_rate_take("m/s", 3, s0 + i), 0);
	assert_int_equal(retry_rate_take("m/s", 3, s0 + 500), 59500);
	/* A huge limit never makes the file grow: at most 60 buckets a model. */
	for (int i = 0; i < 3000; i++)
		assert_int_equal(retry_rate_take("m/big", 100000, t + (int64_t)i * 50), 0);
	retry_usage_counts("m/big", t + 3000 * 50, &u);
	assert_int_equal(u.last_minute, 59 * 20); /* whole seconds after now - 60 s */
	g_autofree char *path = g_build_filename(tmp, "aurelis", "models-state.json", NULL);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size < 4096);
	/* rpm 0 means no limit. */
	for (int i = 0; i < 50; i++)
		assert_int_equal(retry_rate_take("m/z", 0, t), 0);
	retry_usage_counts("m/z", t, &u);
	assert_int_equal(u.today, 50);
}

static void
test_slots(void **state)
{
	RetrySlot *a = retry_slot_try("openai/gpt-4.1", 2);
	RetrySlot *b = retry_slot_try("openai/gpt-4.1", 2);
	assert_non_null(a);
	assert_non_null(b);
	/* Both taken (the locks are per open file, so this holds within one process too). */
	assert_null(retry_slot_try("openai/gpt-4.1", 2));
	RetrySlot *other = retry_slot_try("openai/gpt-4.1-mini", 1);
	assert_non_null(other);
	retry_slot_release(a);
	RetrySlot *c = retry_slot_try("openai/gpt-4.1", 2);
	assert_non_null(c);
	retry_slot_release(b);
	retry_slot_release(c);
	retry_slot_release(other);
	retry_slot_release(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_wait_seconds),
		cmocka_unit_test(test_circuit_pure),
		cmocka_unit_test_setup_teardown(test_circuit_persisted, setup, teardown),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_input_cap),
		cmocka_unit_test_setup_teardown(test_rate_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slots, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
