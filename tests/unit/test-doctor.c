/* SPDX-License-Identifier: MIT */
/* Unit tests for doctor.c: exit status from the first failure, the text and JSON forms,
 * and a run against a closed port with a broken configuration and a hostile TERM. */
#include "autoconfig.h"

#include <stdio.h>

#include "unit.h"
#include "doctor.h"

static DoctorResult *
result(const char *check, DoctorStatus st, AurErrorCategory cat, const char *msg, const char *hint)
{
	DoctorResult *r = g_new0(DoctorResult, 1);
	r->check = check;
	r->status = st;
	r->category = cat;
	r->message = g_strdup(msg);
	r->hint = g_strdup(hint);
	return r;
}

static void
result_free(gpointer p)
{
	DoctorResult *r = p;
	g_free(r->message);
	g_free(r->hint);
	g_free(r);
}

static GPtrArray *
sample(void)
{
	GPtrArray *a = g_ptr_array_new_with_free_func(result_free);
	g_ptr_array_add(a, result("config", DOCTOR_OK, AUR_ERR_OK, "valid", NULL));
	g_ptr_array_add(a, result("keyring", DOCTOR_WARN, AUR_ERR_AUTH, "no Secret Service", "use AURELIS_TOKEN"));
	g_ptr_array_add(a, result("endpoint", DOCTOR_FAIL, AUR_ERR_NETWORK, "refused", "check it"));
	g_ptr_array_add(a, result("token", DOCTOR_FAIL, AUR_ERR_AUTH, "none", "set one"));
	return a;
}

static void
test_exit_status(void **state)
{
	g_autoptr(GPtrArray) a = sample();
	/* The first failure decides, not the most severe or the last. */
	assert_int_equal(doctor_exit_status(a), 4);
	g_ptr_array_remove_index(a, 2);
	assert_int_equal(doctor_exit_status(a), 3);
	g_ptr_array_remove_index(a, 2);
	/* Warnings alone are success. */
	assert_int_equal(doctor_exit_status(a), 0);
	g_autoptr(GPtrArray) empty = g_ptr_array_new();
	assert_int_equal(doctor_exit_status(empty), 0);
}

static void
test_print_and_json(void **state)
{
	g_autoptr(GPtrArray) a = sample();
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	doctor_print(f, a, false);
	fclose(f);
	assert_str_contains(buf, "OK    config    valid\n");
	assert_str_contains(buf, "WARN  keyring   no Secret Service\n                hint: use AURELIS_TOKEN\n");
	assert_str_contains(buf, "FAIL  endpoint  refused\n                hint: check it\n");
	assert_str_lacks(buf, "\033[");
	free(buf);
	f = open_memstream(&buf, &len);
	doctor_print(f, a, true);
	fclose(f);
	assert_str_contains(buf, "\033[1;31mFAIL\033[0m");
	free(buf);

	cJSON *o = doctor_json(a);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(o, "ok")));
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(o, "exit_status")->valueint, 4);
	const cJSON *checks = cJSON_GetObjectItemCaseSensitive(o, "checks");
	assert_int_equal(cJSON_GetArraySize(checks), 4);
	const cJSON *c0 = cJSON_GetArrayItem(checks, 0), *c2 = cJSON_GetArrayItem(checks, 2);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(c0, "status")->valuestring, "ok");
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(c0, "hint")));
	assert_null(cJSON_GetObjectItemCaseSensitive(c0, "category"));
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(c2, "status")->valuestring, "fail");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(c2, "category")->valuestring, "network");
	cJSON_Delete(o);
}

static int colours_asked;

static int
fake_colors(const char *term)
{
	colours_asked++;
	return strcmp(term, "xterm-256color") == 0 ? 256 : -1;
}

static const DoctorResult *
find(const GPtrArray *a, const char *check)
{
	for (guint i = 0; i < a->len; i++)
		if (strcmp(((DoctorResult *)a->pdata[i])->check, check) == 0)
			return a->pdata[i];
	g_error("no %s check", check); /* never returns */
}

static void
test_run_broken(void **state)
{
	char *dir = unit_tmpdir();
	g_autofree char *cache = g_build_filename(dir, "cache", NULL);
	g_autofree char *st = g_build_filename(dir, "state", NULL);
	g_setenv("XDG_CACHE_HOME", cache, TRUE);
	g_setenv("XDG_STATE_HOME", st, TRUE);
	g_setenv("TERM", "xterm-256color", TRUE);
	g_setenv("AURELIS_TOKEN", "ghp_unit0123456789abcdefghijklmnopqrstu", TRUE);
	g_unsetenv("DBUS_SESSION_BUS_ADDRESS");
	g_unsetenv("AURELIS_CACHE_DIR");
	/* A port nothing listens on: bound, then closed. */
	AurConfig *cfg = config_new();
	assert_true(config_set_text(cfg, "endpoint", "http://127.0.0.1:9/inference", CFG_LAYER_USER, "t", NULL));
	assert_true(config_set_text(cfg, "security.use_gh_cli", "false", CFG_LAYER_USER, "t", NULL));
	assert_true(config_set_text(cfg, "request.connect_timeout", "2", CFG_LAYER_USER, "t", NULL));
	AurError *cfg_err = NULL;
	aur_error_set(&cfg_err, AUR_ERR_CONFIG, "fix it", "config.yaml:3:1: broken");
	DoctorOptions o = { .cfg = cfg, .config_error = cfg_err, .term_colors = fake_colors };
	g_autoptr(GPtrArray) a = doctor_run(&o);
	assert_int_equal(a->len, 11);
	const DoctorResult *r = find(a, "config");
	assert_int_equal(r->status, DOCTOR_FAIL);
	assert_string_equal(r->message, "config.yaml:3:1: broken");
	assert_string_equal(r->hint, "fix it");
	/* The configuration's failure comes first, so it sets the exit status. */
	assert_int_equal(doctor_exit_status(a), 2);
	r = find(a, "endpoint");
	assert_int_equal(r->status, DOCTOR_FAIL);
	assert_str_contains(r->message, "127.0.0.1 port 9");
	assert_non_null(r->hint);
	r = find(a, "token");
	assert_int_equal(r->status, DOCTOR_OK);
	assert_str_lacks(r->message, "0123456789abcdef");
	assert_int_equal(find(a, "auth")->status, DOCTOR_FAIL);
	assert_int_equal(find(a, "cache")->status, DOCTOR_OK);
	assert_str_contains(find(a, "terminal")->message, "256 colours");
	assert_true(colours_asked > 0);
	/* Every failure and warning says what to do. */
	for (guint i = 0; i < a->len; i++) {
		const DoctorResult *x = a->pdata[i];
		if (x->status != DOCTOR_OK && (x->hint == NULL || *x->hint == '\0'))
			fail_msg("%s: %s has no hint", x->check, doctor_status_name(x->status));
	}
	aur_error_free(cfg_err);
	config_free(cfg);
	unit_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_status),
		cmocka_unit_test(test_print_and_json),
		cmocka_unit_test(test_run_broken),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
