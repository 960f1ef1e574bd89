/* SPDX-License-Identifier: MIT */
/* Unit tests for auth.c: masking, token order, gh, protection while held, no keyring. */
#include "autoconfig.h"

#include <sys/resource.h>
#ifdef HAVE_SYS_PRCTL_H
#include <sys/prctl.h>
#endif

#include "auth.h"
#include "log.h"
#include "unit.h"
#include "util.h"

static char *tmp;
static char *saved_path;

static int
setup(void **state)
{
	tmp = unit_tmpdir();
	g_unsetenv("AURELIS_TOKEN");
	g_unsetenv("GITHUB_TOKEN");
	g_unsetenv("GH_TOKEN");
	g_unsetenv("DISPLAY");
	/* No Secret Service in unit tests: the bus address points nowhere. */
	g_autofree char *bus = g_strdup_printf("unix:path=%s/no-bus", tmp);
	g_setenv("DBUS_SESSION_BUS_ADDRESS", bus, TRUE);
	saved_path = g_strdup(g_getenv("PATH"));
	g_setenv("PATH", tmp, TRUE); /* no gh unless a test writes one */
	return 0;
}

static int
teardown(void **state)
{
	g_setenv("PATH", saved_path, TRUE);
	g_free(saved_path);
	unit_rmdir(tmp);
	return 0;
}

static void
test_mask(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "ghp_0123456789abcdefghijklmnopqrstuvwxyz", "ghp_\u2026wxyz" },
		{ "github_pat_11AAAAAAA0123456789_abcdefghijklmnop", "github_pat_\u2026mnop" },
		{ "gho_abcd", "gho_\u2026d" },
		{ "ghs_", "ghs_\u2026" },
		{ "abcdefghijklmnop", "\u2026mnop" },
		{ "short", "\u2026t" },
		{ "abc", "\u2026" },
		{ "", "\u2026" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *m = auth_mask(cases[i].in);
		assert_string_equal(m, cases[i].out);
	}
	g_autofree char *n = auth_mask(NULL);
	assert_string_equal(n, "\u2026");
	/* Never more than a quarter of the secret part. */
	g_autofree char *q = auth_mask("ghp_12345678");
	assert_string_equal(q, "ghp_\u202678");
}

static void
test_clean(void **state)
{
	char *t = auth_clean_token("  ghp_abc\n", NULL);
	assert_string_equal(t, "ghp_abc");
	util_secure_free(t);
	static const char *const bad[] = { "", "   \n", "ghp_a b", "ghp_\x01x", "ghp_\x7f" };
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(AurError) e = NULL;
		assert_null(auth_clean_token(bad[i], &e));
		assert_int_equal(e->category, AUR_ERR_INPUT);
	}
	g_autofree char *huge = g_strnfill(2000, 'a');
	g_autoptr(AurError) e = NULL;
	assert_null(auth_clean_token(huge, &e));
	assert_str_contains(e->message, "too long");
}

static void
test_env_order(void **state)
{
	g_setenv("GH_TOKEN", "gh_three", TRUE);
	AuthToken *t = auth_token_get(NULL, NULL);
	assert_string_equal(t->token, "gh_three");
	assert_int_equal(t->source, AUTH_SRC_GH_TOKEN);
	auth_token_free(t);
	g_setenv("GITHUB_TOKEN", "gh_two", TRUE);
	t = auth_token_get(NULL, NULL);
	assert_int_equal(t->source, AUTH_SRC_GITHUB_TOKEN);
	auth_token_free(t);
	g_setenv("AURELIS_TOKEN", " gh_one\n", TRUE);
	t = auth_token_get(NULL, NULL);
	assert_string_equal(t->token, "gh_one");
	assert_string_equal(auth_source_name(t->source), "AURELIS_TOKEN");
	/* While held, the log redacts it. */
	g_autofree char *red = log_redact("token gh_one here");
	assert_str_lacks(red, "gh_one");
	auth_token_free(t);
	g_setenv("AURELIS_TOKEN", "bad token", TRUE);
	g_autoptr(AurError) e = NULL;
	assert_null(auth_token_get(NULL, &e));
	assert_str_contains(e->message, "AURELIS_TOKEN");
	g_unsetenv("AURELIS_TOKEN");
	g_unsetenv("GITHUB_TOKEN");
	g_unsetenv("GH_TOKEN");
}

static void
test_protection(void **state)
{
#ifdef HAVE_SYS_PRCTL_H
	assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
	g_setenv("AURELIS_TOKEN", "ghp_secret", TRUE);
	AuthToken *a = auth_token_get(NULL, NULL);
	AuthToken *b = auth_token_get(NULL, NULL);
	struct rlimit rl;
	getrlimit(RLIMIT_CORE, &rl);
	assert_int_equal(rl.rlim_cur, 0);
	assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
	auth_token_free(a);
	/* Still one held: still protected. */
	assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
	auth_token_free(b);
	assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
	g_unsetenv("AURELIS_TOKEN");
#else
	skip();
#endif
}

static void
write_gh(const char *script)
{
	g_autofree char *path = g_build_filename(tmp, "gh", NULL);
	unit_write(path, script);
	g_chmod(path, 0755);
}

static void
test_gh(void **state)
{
	g_autoptr(AurError) none = NULL;
	assert_null(auth_gh_token(&none));
	assert_str_contains(none->message, "gh is not installed");
	g_autofree char *script = g_strdup_printf("#!/bin/sh\necho \"$*\" >>%s/argv\necho gho_fromgh123\n", tmp);
	write_gh(script);
	AuthToken *t = auth_token_get(NULL, NULL);
	assert_non_null(t);
	assert_string_equal(t->token, "gho_fromgh123");
	assert_int_equal(t->source, AUTH_SRC_GH_CLI);
	/* On a 401 the token is fetched once more, and only once; unchanged means no retry. */
	assert_false(auth_token_refetch(t));
	assert_false(auth_token_refetch(t));
	auth_token_free(t);
	g_autofree char *argv_path = g_build_filename(tmp, "argv", NULL);
	g_autofree char *argv = unit_read(argv_path);
	assert_string_equal(argv, "auth token\nauth token\n");
	/* gh failing: its message is passed on. */
	write_gh("#!/bin/sh\necho 'not logged in' >&2\nexit 1\n");
	g_autoptr(AurError) e = NULL;
	assert_null(auth_token_get(NULL, &e));
	assert_int_equal(e->category, AUR_ERR_AUTH);
	assert_str_contains(e->message, "not logged in");
	assert_str_contains(e->message, "no Secret Service keyring");
	assert_str_contains(e->hint, "aurelis auth login");
	/* gh printing garbage. */
	write_gh("#!/bin/sh\necho ''\n");
	g_autoptr(AurError) e2 = NULL;
	assert_null(auth_gh_token(&e2));
	assert_str_contains(e2->message, "no usable token");
}

static void
test_config_switches(void **state)
{
	write_gh("#!/bin/sh\necho gho_fromgh123\n");
	AurConfig *cfg = config_new();
	assert_true(config_set_text(cfg, "security.use_gh_cli", "false", CFG_LAYER_USER, "t", NULL));
	assert_true(config_set_text(cfg, "security.keyring", "false", CFG_LAYER_USER, "t", NULL));
	g_autoptr(AurError) e = NULL;
	assert_null(auth_token_get(cfg, &e));
	assert_str_contains(e->message, "security.keyring");
	assert_str_contains(e->message, "security.use_gh_cli");
	config_free(cfg);
}

static void
test_no_keyring(void **state)
{
	char *t = (char *)"x";
	g_autoptr(AurError) e = NULL;
	assert_false(auth_keyring_lookup(&t, &e));
	assert_null(t);
	assert_int_equal(e->category, AUR_ERR_AUTH);
	assert_str_contains(e->message, "no Secret Service keyring is available");
	assert_str_contains(e->hint, "AURELIS_TOKEN");
	g_autoptr(AurError) e2 = NULL;
	assert_false(auth_keyring_store("ghp_x", &e2));
	bool removed = true;
	g_autoptr(AurError) e3 = NULL;
	assert_false(auth_keyring_clear(&removed, &e3));
	assert_false(removed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_clean),
		cmocka_unit_test_setup_teardown(test_env_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_protection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_switches, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_keyring, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
