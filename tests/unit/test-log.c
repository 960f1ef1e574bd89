/* SPDX-License-Identifier: MIT */
/* Unit tests for log.c: redaction, JSON lines, correlation ids, rotation, threads. */
#include "autoconfig.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "log.h"
#include "unit.h"

static void
check_redacted(const char *in, const char *secret, const char *kept)
{
	g_autofree char *out = log_redact(in);
	assert_str_lacks(out, secret);
	assert_str_contains(out, "[REDACTED]");
	if (kept != NULL)
		assert_str_contains(out, kept);
}

static void
test_redact_shapes(void **state)
{
	check_redacted("token ghp_abcdefghij0123456789ABCDEFGHIJ012345 end", "abcdefghij", "token ");
	check_redacted("x=github_pat_11ABCDEFG0123456789_abcdefXYZ;", "11ABCDEFG", "x=");
	/* Each prefix on its own, so that losing any one of them fails. */
	static const char *const prefixes[] = { "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_" };
	for (size_t i = 0; i < G_N_ELEMENTS(prefixes); i++) {
		g_autofree char *tok = g_strdup_printf("%sZq7Xw9Vb3Nm5Lk1Jh8Gf", prefixes[i]);
		g_autofree char *line = g_strdup_printf("a=%s b=\"%s\"\n%s", tok, tok, tok);
		g_autofree char *out = log_redact(line);
		assert_str_lacks(out, "Zq7Xw9Vb3Nm5");
		assert_string_equal(out, "a=[REDACTED] b=\"[REDACTED]\"\n[REDACTED]");
	}
	check_redacted("gho_AAAAAAAAAAAA ghu_BBBBBBBBBBBB ghs_CCCCCCCCCCCC ghr_DDDDDDDDDDDD",
		       "AAAA", NULL);
	g_autofree char *four = log_redact("gho_AAAAAAAAAAAA ghu_BBBBBBBBBBBB ghs_CCCCCCCCCCCC ghr_DDDDDDDDDDDD");
	assert_string_equal(four, "[REDACTED] [REDACTED] [REDACTED] [REDACTED]");
	/* Every spelling of the header name, and the value whatever its scheme. */
	check_redacted("AUTHORIZATION: Basic dXNlcjpwYXNz", "dXNlcjpwYXNz", NULL);
	check_redacted("authorization=token-xyz-987", "xyz-987", NULL);
	check_redacted("{\"Authorization\":\"Bearer s3cr3t-value\"}", "s3cr3t", "Authorization");
	check_redacted("Authorization: token abc.def\n", "abc.def", NULL);
	check_redacted("curl -H 'Authorization: Bearer zz9zz9' url", "zz9zz9", NULL);
	check_redacted("header bearer QWERTY123", "QWERTY", "bearer ");
	/* Look-alikes stay: short suffixes and words that merely contain the prefix. */
	g_autofree char *keep = log_redact("ghp_ alone, aghp_notatoken12345, authorization is needed");
	assert_string_equal(keep, "ghp_ alone, aghp_notatoken12345, authorization is needed");
	g_autofree char *empty = log_redact("");
	assert_string_equal(empty, "");
	assert_null(log_redact(NULL));
}

static void
test_redact_remembered_token(void **state)
{
	log_remember_token("plain-custom-token-42");
	check_redacted("sent plain-custom-token-42 twice plain-custom-token-42", "custom-token", "sent ");
	log_forget_token();
	g_autofree char *out = log_redact("plain-custom-token-42");
	assert_string_equal(out, "plain-custom-token-42");
}

static char *
setup_log(const char *dir, int64_t max_bytes, bool content)
{
	char *path = g_build_filename(dir, "sub", "aurelis.log", NULL);
	LogOptions o = { .path = path, .level = LOG_DEBUG, .max_bytes = max_bytes, .keep = 3,
			 .include_content = content };
	log_init(&o);
	return path;
}

static void
test_lines_are_json(void **state)
{
	char *dir = unit_tmpdir();
	g_autofree char *path = setup_log(dir, 0, false);
	log_set_cid("cid123");
	cJSON *f = cJSON_CreateObject();
	cJSON_AddStringToObject(f, "url", "https://x/?q=ghp_abcdefghijklmnop0123");
	cJSON_AddNumberToObject(f, "status", 200);
	log_add_content(f, "prompt", "secret prompt text");
	log_event(LOG_INFO, "request", f);
	log_msg(LOG_DEBUG, "note", "with \"quotes\" and\nnewline");
	log_shutdown();
	g_autofree char *text = unit_read(path);
	assert_str_lacks(text, "ghp_abc");
	assert_str_lacks(text, "secret prompt text");
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	assert_int_equal(g_strv_length(lines), 3); /* two lines + empty tail */
	cJSON *j = cJSON_Parse(lines[0]);
	assert_non_null(j);
	assert_string_equal(cJSON_GetObjectItem(j, "event")->valuestring, "request");
	assert_string_equal(cJSON_GetObjectItem(j, "level")->valuestring, "info");
	assert_string_equal(cJSON_GetObjectItem(j, "cid")->valuestring, "cid123");
	const char *ts = cJSON_GetObjectItem(j, "ts")->valuestring;
	assert_int_equal(strlen(ts), 24);
	assert_int_equal(ts[23], 'Z');
	assert_int_equal(ts[19], '.');
	assert_int_equal((int)cJSON_GetObjectItem(j, "status")->valuedouble, 200);
	cJSON_Delete(j);
	cJSON *k = cJSON_Parse(lines[1]);
	assert_non_null(k);
	assert_string_equal(cJSON_GetObjectItem(k, "msg")->valuestring, "with \"quotes\" and\nnewline");
	cJSON_Delete(k);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	unit_rmdir(dir);
}

static void
test_content_when_enabled(void **state)
{
	char *dir = unit_tmpdir();
	g_autofree char *path = setup_log(dir, 0, true);
	cJSON *f = cJSON_CreateObject();
	log_add_content(f, "prompt", "visible prompt");
	log_event(LOG_INFO, "request", f);
	log_shutdown();
	g_autofree char *text = unit_read(path);
	assert_str_contains(text, "visible prompt");
	unit_rmdir(dir);
}

static void
test_level_filter(void **state)
{
	char *dir = unit_tmpdir();
	char *path = g_build_filename(dir, "l.log", NULL);
	LogOptions o = { .path = path, .level = LOG_WARN };
	log_init(&o);
	log_msg(LOG_INFO, "quiet", "not written");
	log_msg(LOG_ERROR, "loud", "written");
	log_shutdown();
	g_autofree char *text = unit_read(path);
	assert_str_lacks(text, "not written");
	assert_str_contains(text, "\"loud\"");
	g_free(path);
	unit_rmdir(dir);
}

static void
test_rotation(void **state)
{
	char *dir = unit_tmpdir();
	g_autofree char *path = setup_log(dir, 2000, false);
	for (int i = 0; i < 400; i++)
		log_msg(LOG_INFO, "fill", "line %d padding padding padding padding", i);
	log_shutdown();
	for (int i = 1; i <= 3; i++) {
		g_autofree char *p = g_strdup_printf("%s.%d", path, i);
		assert_true(g_file_test(p, G_FILE_TEST_EXISTS));
	}
	g_autofree char *p4 = g_strdup_printf("%s.4", path);
	assert_false(g_file_test(p4, G_FILE_TEST_EXISTS));
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size <= 2000 + 200);
	/* The newest lines are in the live file. */
	g_autofree char *text = unit_read(path);
	assert_str_contains(text, "line 399");
	unit_rmdir(dir);
}

static gpointer
writer(gpointer data)
{
	char *cid = g_strdup_printf("t%d", GPOINTER_TO_INT(data));
	log_set_cid(cid);
	for (int i = 0; i < 300; i++)
		log_msg(LOG_INFO, "thread", "%s line %d", cid, i);
	g_free(cid);
	return NULL;
}

static void
test_threads_do_not_interleave(void **state)
{
	char *dir = unit_tmpdir();
	g_autofree char *path = setup_log(dir, 0, false);
	GThread *t[4];
	for (int i = 0; i < 4; i++)
		t[i] = g_thread_new("w", writer, GINT_TO_POINTER(i));
	for (int i = 0; i < 4; i++)
		g_thread_join(t[i]);
	log_shutdown();
	g_autofree char *text = unit_read(path);
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	int n = 0;
	for (int i = 0; lines[i] && *lines[i]; i++, n++) {
		cJSON *j = cJSON_Parse(lines[i]);
		assert_non_null(j);
		/* Each thread's cid is its own. */
		const char *cid = cJSON_GetObjectItem(j, "cid")->valuestring;
		assert_str_contains(cJSON_GetObjectItem(j, "msg")->valuestring, cid);
		cJSON_Delete(j);
	}
	assert_int_equal(n, 1200);
	unit_rmdir(dir);
}

/* Several processes rotating the same log: no line is lost or torn. */
static void
test_processes_rotate_safely(void **state)
{
	char *dir = unit_tmpdir();
	char *path = g_build_filename(dir, "p.log", NULL);
	enum { PROCS = 4, LINES = 400 };
	for (int p = 0; p < PROCS; p++) {
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			LogOptions o = { .path = path, .level = LOG_INFO, .max_bytes = 4096, .keep = 400 };
			log_init(&o);
			for (int i = 0; i < LINES; i++)
				log_msg(LOG_INFO, "proc", "p%d line %d", p, i);
			log_shutdown();
			_exit(0);
		}
	}
	for (int p = 0; p < PROCS; p++) {
		int status;
		assert_true(wait(&status) > 0);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	int total = 0;
	for (int i = 0; i <= 400; i++) {
		g_autofree char *f = i == 0 ? g_strdup(path) : g_strdup_printf("%s.%d", path, i);
		g_autofree char *text = NULL;
		if (!g_file_get_contents(f, &text, NULL, NULL))
			continue;
		g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
		for (int j = 0; lines[j] && *lines[j]; j++, total++) {
			cJSON *j1 = cJSON_Parse(lines[j]);
			assert_non_null(j1);
			cJSON_Delete(j1);
		}
	}
	assert_int_equal(total, PROCS * LINES);
	g_free(path);
	unit_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_redact_shapes),
		cmocka_unit_test(test_redact_remembered_token),
		cmocka_unit_test(test_lines_are_json),
		cmocka_unit_test(test_content_when_enabled),
		cmocka_unit_test(test_level_filter),
		cmocka_unit_test(test_rotation),
		cmocka_unit_test(test_threads_do_not_interleave),
		cmocka_unit_test(test_processes_rotate_safely),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
