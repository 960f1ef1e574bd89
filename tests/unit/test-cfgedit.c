/* SPDX-License-Identifier: MIT */
/* Unit tests for cfgedit.c: in-place edits keep comments and produce valid YAML. */
#include "autoconfig.h"

#include <sys/stat.h>
#include <unistd.h>

#include "cfgedit.h"
#include "config.h"
#include "unit.h"

/* Apply set and check the result loads and holds the value. */
static char *
set_ok(const char *text, const char *key, const char *yaml)
{
	AurError *e = NULL;
	char *out = cfgedit_set(text, "t.yaml", key, yaml, &e);
	if (out == NULL)
		fail_msg("set %s failed: %s", key, e->message);
	g_autoptr(AurConfig) cfg = config_new();
	if (!config_load_buffer(cfg, "t.yaml", out, strlen(out), CFG_LAYER_USER, &e))
		fail_msg("result does not load: %s\n---\n%s", e->message, out);
	return out;
}

static void
test_replace_scalar_keeps_comments(void **state)
{
	const char *in = "# top comment\ncache:\n  ttl: 60   # one minute\n  enabled: true\n# tail\n";
	g_autofree char *out = set_ok(in, "cache.ttl", "2h");
	assert_string_equal(out, "# top comment\ncache:\n  ttl: 2h   # one minute\n  enabled: true\n# tail\n");
}

static void
test_add_under_existing_parent(void **state)
{
	const char *in = "cache:\n  ttl: 60\n\nui:\n  theme: dark # mine\n";
	g_autofree char *out = set_ok(in, "cache.enabled", "false");
	assert_string_equal(out, "cache:\n  ttl: 60\n  enabled: false\n\nui:\n  theme: dark # mine\n");
	g_autofree char *out2 = set_ok(in, "models.routes.fix", "[a/b, c/d]");
	assert_str_contains(out2, "ui:\n  theme: dark # mine\nmodels:\n  routes:\n    fix: [a/b, c/d]\n");
	g_autofree char *out3 = set_ok(in, "ui.keys.input.C-x", "redraw");
	assert_str_contains(out3, "  theme: dark # mine\n  keys:\n    input:\n      C-x: redraw\n");
}

static void
test_empty_and_comment_only(void **state)
{
	g_autofree char *a = set_ok("", "ui.theme", "light");
	assert_string_equal(a, "ui:\n  theme: light\n");
	g_autofree char *b = set_ok("# just a comment", "ui.theme", "light");
	assert_string_equal(b, "# just a comment\nui:\n  theme: light\n");
	g_autofree char *c = set_ok("cache:\n", "cache.ttl", "5");
	assert_string_equal(c, "cache:\n  ttl: 5\n");
}

static void
test_replace_block_list(void **state)
{
	const char *in = "models:\n  routes:\n    fix:\n      - a/b\n      - c/d\n    chat: [x/y]\n# end\n";
	g_autofree char *out = set_ok(in, "models.routes.fix", "[e/f]");
	assert_string_equal(out, "models:\n  routes:\n    fix: [e/f]\n    chat: [x/y]\n# end\n");
}

static void
test_no_trailing_newline(void **state)
{
	g_autofree char *out = set_ok("cache:\n  ttl: 5", "cache.enabled", "true");
	assert_string_equal(out, "cache:\n  ttl: 5\n  enabled: true\n");
}

static void
test_unset(void **state)
{
	AurError *e = NULL;
	bool found;
	g_autofree char *a = cfgedit_unset("cache:\n  ttl: 5 # x\n  enabled: true\nui:\n  theme: d\n",
					   "t", "cache.ttl", &found, &e);
	assert_true(found);
	assert_string_equal(a, "cache:\n  enabled: true\nui:\n  theme: d\n");
	/* Parents left empty go too, but not siblings further up. */
	g_autofree char *b = cfgedit_unset("a: 1\nmodels:\n  routes:\n    fix: [x]\n  default: m/n\n",
					   "t", "models.routes.fix", &found, &e);
	assert_string_equal(b, "a: 1\nmodels:\n  default: m/n\n");
	g_autofree char *c = cfgedit_unset("# c\nui:\n  theme: d\n", "t", "ui.theme", &found, &e);
	assert_string_equal(c, "# c\n");
	g_autofree char *d = cfgedit_unset("ui:\n  theme: d\n", "t", "cache.ttl", &found, &e);
	assert_false(found);
	assert_string_equal(d, "ui:\n  theme: d\n");
	g_autofree char *f = cfgedit_unset("models:\n  routes:\n    fix:\n      - a\n      - b\nz: 1\n",
					   "t", "models.routes.fix", &found, &e);
	assert_string_equal(f, "z: 1\n");
}

static void
test_refusals(void **state)
{
	AurError *e = NULL;
	assert_null(cfgedit_set("cache: {ttl: 5}\n", "t.yaml", "cache.enabled", "true", &e));
	assert_str_contains(e->message, "t.yaml:1:8");
	assert_str_contains(e->hint, "nothing was changed");
	aur_error_free(e);
	e = NULL;
	assert_null(cfgedit_set("cache: [\n", "t.yaml", "cache.ttl", "5", &e));
	assert_str_contains(e->message, "t.yaml:");
	aur_error_free(e);
	e = NULL;
	bool found;
	assert_null(cfgedit_unset("cache: {ttl: 5}\n", "t.yaml", "cache.ttl", &found, &e));
	aur_error_free(e);
}

/* The file helpers: a new file gets a header, the edit keeps what was there, an edit that
 * would not load is not written, and the project file is found upwards to the repository. */
static void
test_files(void **state)
{
	(void)state;
	char *dir = unit_tmpdir();
	g_autofree char *path = g_build_filename(dir, "sub", "config.yaml", NULL);
	AurError *e = NULL;
	assert_true(cfgedit_update_file(path, "analysis.rules.c-gets.enabled", "false",
					CFG_LAYER_USER, &e));
	g_autofree char *text = unit_read(path);
	assert_true(g_str_has_prefix(text, "# Aurelis configuration"));
	assert_str_contains(text, "c-gets:\n      enabled: false\n");
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_true(cfgedit_update_file(path, "analysis.rules.py-eval.enabled", "false",
					CFG_LAYER_USER, &e));
	g_autofree char *two = unit_read(path);
	assert_str_contains(two, "c-gets:");
	assert_str_contains(two, "py-eval:");
	/* A value the schema refuses would not load: nothing is written. */
	g_autofree char *proj = g_build_filename(dir, ".aurelis.yaml", NULL);
	assert_false(cfgedit_update_file(proj, "analysis.fail_on", "sometimes", CFG_LAYER_PROJECT, &e));
	assert_non_null(e);
	assert_str_contains(e->message, "nothing was written");
	aur_error_free(e);
	e = NULL;
	assert_false(g_file_test(proj, G_FILE_TEST_EXISTS));
	/* Missing files read as empty; unreadable ones are errors. */
	g_autofree char *none = g_build_filename(dir, "none.yaml", NULL);
	g_autofree char *empty = cfgedit_read_file(none, &e);
	assert_string_equal(empty, "");
	assert_null(cfgedit_read_file(dir, &e));
	assert_non_null(e);
	aur_error_free(e);
	/* The project file: the nearest one up to the repository root, else in cwd. */
	g_autofree char *repo = g_build_filename(dir, "repo", NULL);
	g_autofree char *deep = g_build_filename(repo, "a", "b", NULL);
	g_autofree char *git = g_build_filename(repo, ".git", NULL);
	assert_int_equal(g_mkdir_with_parents(deep, 0700), 0);
	assert_int_equal(g_mkdir_with_parents(git, 0700), 0);
	g_autofree char *old = g_get_current_dir();
	assert_int_equal(chdir(deep), 0);
	g_autofree char *real_deep = g_get_current_dir();
	g_autofree char *p1 = cfgedit_project_file();
	g_autofree char *want1 = g_build_filename(real_deep, ".aurelis.yaml", NULL);
	assert_string_equal(p1, want1);
	g_autofree char *at_root = g_build_filename(repo, ".aurelis.yaml", NULL);
	unit_write(at_root, "ui:\n  mouse: true\n");
	g_autofree char *p2 = cfgedit_project_file();
	assert_true(g_str_has_suffix(p2, "/repo/.aurelis.yaml"));
	assert_int_equal(chdir(old), 0);
	unit_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replace_scalar_keeps_comments),
		cmocka_unit_test(test_add_under_existing_parent),
		cmocka_unit_test(test_empty_and_comment_only),
		cmocka_unit_test(test_replace_block_list),
		cmocka_unit_test(test_no_trailing_newline),
		cmocka_unit_test(test_unset),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
