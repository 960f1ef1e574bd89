/* SPDX-License-Identifier: MIT */
/* Unit tests for metrics.c: record lines, rotation, threads, processes, command records. */
#include "autoconfig.h"

#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "log.h"
#include "metrics.h"

/* Every line of path and its rotated copies .1 .. .keep, oldest first; fails the test on a
 * line that is not a JSON object (an interleaved or torn write). */
static GPtrArray *
read_lines(const char *path, int keep)
{
	GPtrArray *lines = g_ptr_array_new_with_free_func((GDestroyNotify)cJSON_Delete);
	for (int i = keep; i >= 0; i--) {
		g_autofree char *p = i ? g_strdup_printf("%s.%d", path, i) : g_strdup(path);
		char *text = NULL;
		if (!g_file_get_contents(p, &text, NULL, NULL))
			continue;
		g_auto(GStrv) parts = g_strsplit(text, "\n", -1);
		g_free(text);
		for (size_t j = 0; parts[j] != NULL; j++) {
			if (parts[j][0] == '\0' && parts[j + 1] == NULL)
				break; /* after the last newline */
			cJSON *o = cJSON_Parse(parts[j]);
			if (!cJSON_IsObject(o))
				fail_msg("%s: line %zu is not a record: %s", p, j + 1, parts[j]);
			g_ptr_array_add(lines, o);
		}
	}
	return lines;
}

static const char *
str_field(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double
num_field(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsNumber(v) ? v->valuedouble : -12345;
}

static void
test_record_json(void **state)
{
	MetricsRecord r = METRICS_RECORD_INIT;
	r.ts_ms = 1795752000123LL;
	r.cid = "abc123";
	r.command = "ask";
	r.task = "chat";
	r.model = "openai/gpt-4.1";
	r.attempt = 2;
	r.http_status = 429;
	r.error = AUR_ERR_RATE_LIMIT;
	r.latency_ms = 812.34567;
	r.ttft_ms = 120.5;
	r.tokens_in = 100;
	r.tokens_out = 0;
	r.cache = METRICS_CACHE_MISS;
	r.fallback_to = "openai/gpt-4.1-mini";
	r.rate_wait_ms = 2000;
	cJSON *o = metrics_record_json(&r);
	assert_string_equal(str_field(o, "type"), "request");
	assert_true(num_field(o, "ts") == 1795752000123.0);
	assert_string_equal(str_field(o, "cid"), "abc123");
	assert_string_equal(str_field(o, "command"), "ask");
	assert_string_equal(str_field(o, "task"), "chat");
	assert_string_equal(str_field(o, "model"), "openai/gpt-4.1");
	assert_true(num_field(o, "attempt") == 2);
	assert_true(num_field(o, "status") == 429);
	assert_string_equal(str_field(o, "error"), "rate_limit");
	assert_true(num_field(o, "latency_ms") == 812.346);
	assert_true(num_field(o, "ttft_ms") == 120.5);
	assert_true(num_field(o, "tokens_in") == 100);
	assert_true(num_field(o, "tokens_out") == 0);
	assert_string_equal(str_field(o, "cache"), "miss");
	assert_string_equal(str_field(o, "fallback_to"), "openai/gpt-4.1-mini");
	assert_null(str_field(o, "fallback_from"));
	assert_true(num_field(o, "rate_wait_ms") == 2000);
	cJSON_Delete(o);

	/* Unknown values are left out rather than written as zeros. */
	MetricsRecord empty = METRICS_RECORD_INIT;
	empty.model = "m";
	empty.http_status = -1;
	o = metrics_record_json(&empty);
	static const char *const absent[] = { "latency_ms", "ttft_ms", "tokens_in", "tokens_out",
					      "rate_wait_ms", "status", "task", "fallback_from" };
	for (size_t i = 0; i < G_N_ELEMENTS(absent); i++)
		if (cJSON_HasObjectItem(o, absent[i]))
			fail_msg("%s should be absent", absent[i]);
	assert_string_equal(str_field(o, "error"), "ok");
	assert_string_equal(str_field(o, "cache"), "off");
	assert_true(num_field(o, "ts") > 1.7e12);
	cJSON_Delete(o);

	/* A later attempt of one request leaves the cache out, so ratios count requests. */
	empty.cache = METRICS_CACHE_NONE;
	empty.attempt = 2;
	o = metrics_record_json(&empty);
	assert_false(cJSON_HasObjectItem(o, "cache"));
	assert_true(num_field(o, "attempt") == 2);
	cJSON_Delete(o);
}

static void
test_rotation(void **state)
{
	g_autofree char *dir = unit_tmpdir();
	g_autofree char *path = g_build_filename(dir, "sub", "metrics.jsonl", NULL);
	metrics_set_file(path, 2000, 3);
	for (int i = 0; i < 200; i++) {
		MetricsRecord r = METRICS_RECORD_INIT;
		r.model = "openai/gpt-4.1";
		r.attempt = i;
		assert_true(metrics_record(&r));
	}
	metrics_shutdown();
	g_autofree char *p4 = g_strdup_printf("%s.4", path);
	assert_false(g_file_test(p4, G_FILE_TEST_EXISTS));
	for (int i = 0; i <= 3; i++) {
		g_autofree char *p = i ? g_strdup_printf("%s.%d", path, i) : g_strdup(path);
		GStatBuf st;
		assert_int_equal(g_stat(p, &st), 0);
		assert_true(st.st_size <= 2000);
		assert_int_equal(st.st_mode & 0777, 0600);
	}
	/* The newest records survive, in order, with none lost inside the kept files. */
	g_autoptr(GPtrArray) lines = read_lines(path, 3);
	assert_true(lines->len > 20);
	for (guint i = 0; i < lines->len; i++)
		assert_true(num_field(lines->pdata[i], "attempt") == 200 - lines->len + i);
	unit_rmdir(g_steal_pointer(&dir));
}

#define THREADS 8
#define PER_THREAD 250

static gpointer
thread_writer(gpointer data)
{
	for (int i = 0; i < PER_THREAD; i++) {
		MetricsRecord r = METRICS_RECORD_INIT;
		r.model = "openai/gpt-4.1-mini";
		r.command = "thread";
		r.attempt = GPOINTER_TO_INT(data) * 1000 + i;
		metrics_record(&r);
		if (i % 50 == 0)
			metrics_count_slash("model");
	}
	return NULL;
}

static void
test_threads(void **state)
{
	g_autofree char *dir = unit_tmpdir();
	g_autofree char *path = g_build_filename(dir, "metrics.jsonl", NULL);
	metrics_set_file(path, 0, 0);
	GThread *t[THREADS];
	for (int i = 0; i < THREADS; i++)
		t[i] = g_thread_new("writer", thread_writer, GINT_TO_POINTER(i));
	for (int i = 0; i < THREADS; i++)
		g_thread_join(t[i]);
	assert_true(metrics_record_command("shell", 0, 12.5));
	metrics_shutdown();
	g_autoptr(GPtrArray) lines = read_lines(path, 0);
	assert_int_equal(lines->len, THREADS * PER_THREAD + 1);
	g_autoptr(GHashTable) seen = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (guint i = 0; i + 1 < lines->len; i++)
		g_hash_table_add(seen, GINT_TO_POINTER((int)num_field(lines->pdata[i], "attempt")));
	assert_int_equal(g_hash_table_size(seen), THREADS * PER_THREAD);
	const cJSON *cmd = lines->pdata[lines->len - 1];
	const cJSON *slash = cJSON_GetObjectItemCaseSensitive(cmd, "slash");
	assert_true(num_field(slash, "model") == THREADS * (PER_THREAD / 50));
	unit_rmdir(g_steal_pointer(&dir));
}

#define PROCS 4
#define PER_PROC 300

/* Several processes append and rotate the same file; keep is large enough that nothing is
 * rotated away, so every line must be found exactly once and whole. */
static void
test_processes_rotating(void **state)
{
	g_autofree char *dir = unit_tmpdir();
	g_autofree char *path = g_build_filename(dir, "metrics.jsonl", NULL);
	pid_t pids[PROCS];
	for (int p = 0; p < PROCS; p++) {
		pids[p] = fork();
		assert_true(pids[p] >= 0);
		if (pids[p] == 0) {
			metrics_set_file(path, 4096, 1000);
			for (int i = 0; i < PER_PROC; i++) {
				MetricsRecord r = METRICS_RECORD_INIT;
				r.model = "m";
				r.attempt = p * 10000 + i;
				if (!metrics_record(&r))
					_exit(1);
			}
			_exit(0);
		}
	}
	for (int p = 0; p < PROCS; p++) {
		int status;
		assert_int_equal(waitpid(pids[p], &status, 0), pids[p]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	g_autoptr(GPtrArray) lines = read_lines(path, 1000);
	assert_int_equal(lines->len, PROCS * PER_PROC);
	g_autoptr(GHashTable) seen = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (guint i = 0; i < lines->len; i++)
		g_hash_table_add(seen, GINT_TO_POINTER((int)num_field(lines->pdata[i], "attempt")));
	assert_int_equal(g_hash_table_size(seen), PROCS * PER_PROC);
	unit_rmdir(g_steal_pointer(&dir));
}

static void
test_command_record(void **state)
{
	g_autofree char *dir = unit_tmpdir();
	g_autofree char *path = g_build_filename(dir, "metrics.jsonl", NULL);
	metrics_set_file(path, 0, 0);
	metrics_count_slash("model");
	metrics_count_slash("model");
	metrics_count_slash("clear");
	metrics_count_slash("");
	metrics_count_slash(NULL);
	log_set_cid("feedc0de");
	assert_true(metrics_record_command("shell", 3, 1500.25));
	assert_true(metrics_record_command("ask", 0, 2));
	metrics_shutdown();
	g_autoptr(GPtrArray) lines = read_lines(path, 0);
	assert_int_equal(lines->len, 2);
	const cJSON *a = lines->pdata[0];
	assert_string_equal(str_field(a, "type"), "command");
	assert_string_equal(str_field(a, "command"), "shell");
	assert_string_equal(str_field(a, "cid"), "feedc0de");
	assert_true(num_field(a, "status") == 3);
	assert_true(num_field(a, "ms") == 1500.25);
	assert_true(num_field(a, "peak_rss_kib") > 100);
	const cJSON *slash = cJSON_GetObjectItemCaseSensitive(a, "slash");
	assert_true(num_field(slash, "model") == 2);
	assert_true(num_field(slash, "clear") == 1);
	assert_int_equal(cJSON_GetArraySize(slash), 2);
	/* The counts went with the first record. */
	assert_false(cJSON_HasObjectItem(lines->pdata[1], "slash"));
	log_set_cid(NULL);
	unit_rmdir(g_steal_pointer(&dir));
}

static void
test_disabled_and_default_path(void **state)
{
	g_autofree char *dir = unit_tmpdir();
	g_autofree char *state_home = g_build_filename(dir, "state", NULL);
	g_setenv("XDG_STATE_HOME", state_home, TRUE);
	metrics_set_file(NULL, 0, 0);
	g_autofree char *p = metrics_path();
	g_autofree char *want = g_build_filename(state_home, "aurelis", "metrics.jsonl", NULL);
	assert_string_equal(p, want);
	AurConfig *cfg = config_new();
	AurError *e = NULL;
	assert_true(config_set_text(cfg, "metrics.enabled", "false", CFG_LAYER_USER, "test", &e));
	metrics_configure(cfg);
	MetricsRecord r = METRICS_RECORD_INIT;
	r.model = "m";
	assert_false(metrics_record(&r));
	assert_false(metrics_record_command("ask", 0, 1));
	assert_false(g_file_test(want, G_FILE_TEST_EXISTS));
	metrics_configure(NULL);
	assert_true(metrics_record(&r));
	assert_true(g_file_test(want, G_FILE_TEST_EXISTS));
	g_autofree char *statedir = g_path_get_dirname(want);
	GStatBuf st;
	assert_int_equal(g_stat(statedir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	metrics_shutdown();
	config_free(cfg);
	/* A file that cannot be opened (its directory is a regular file) is not fatal. */
	g_autofree char *blocker = g_build_filename(dir, "blocker", NULL);
	unit_write(blocker, "a file, not a directory");
	g_autofree char *unopenable = g_build_filename(blocker, "sub", "metrics.jsonl", NULL);
	metrics_set_file(unopenable, 0, 0);
	assert_false(metrics_record(&r));
	assert_false(metrics_record(&r));
	metrics_shutdown();
	g_unsetenv("XDG_STATE_HOME");
	unit_rmdir(g_steal_pointer(&dir));
}

static void
test_token_shaped_text_is_redacted(void **state)
{
	g_autofree char *dir = unit_tmpdir();
	g_autofree char *path = g_build_filename(dir, "metrics.jsonl", NULL);
	metrics_set_file(path, 0, 0);
	MetricsRecord r = METRICS_RECORD_INIT;
	r.model = "ghp_0123456789abcdefghijklmnopqrstuvwxyz";
	assert_true(metrics_record(&r));
	metrics_shutdown();
	g_autofree char *text = unit_read(path);
	assert_str_lacks(text, "ghp_0123456789");
	assert_str_contains(text, "[REDACTED]");
	unit_rmdir(g_steal_pointer(&dir));
}

static void
test_torn_line_does_not_swallow_the_next(void **state)
{
	g_autofree char *dir = unit_tmpdir();
	g_autofree char *path = g_build_filename(dir, "metrics.jsonl", NULL);
	unit_write(path, "{\"type\":\"request\",\"ts\":1,\"mod"); /* a writer died here */
	metrics_set_file(path, 0, 0);
	MetricsRecord r = METRICS_RECORD_INIT;
	r.model = "after";
	assert_true(metrics_record(&r));
	assert_true(metrics_record(&r));
	metrics_shutdown();
	g_autofree char *text = unit_read(path);
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	assert_int_equal(g_strv_length(lines), 4); /* fragment, two records, "" after the end */
	for (int i = 1; i <= 2; i++) {
		cJSON *o = cJSON_Parse(lines[i]);
		assert_non_null(o);
		assert_string_equal(str_field(o, "model"), "after");
		cJSON_Delete(o);
	}
	unit_rmdir(g_steal_pointer(&dir));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_json),
		cmocka_unit_test(test_rotation),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_processes_rotating),
		cmocka_unit_test(test_command_record),
		cmocka_unit_test(test_disabled_and_default_path),
		cmocka_unit_test(test_token_shaped_text_is_redacted),
		cmocka_unit_test(test_torn_line_does_not_swallow_the_next),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
