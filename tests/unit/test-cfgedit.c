/* SPDX-License-Identifier: MIT */
/* Unit tests for cfgedit.c: in-place edits keep comments and produce valid YAML. */
#include "autoconfig.h"

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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
