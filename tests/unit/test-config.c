/* SPDX-License-Identifier: MIT */
/* Unit tests for config.c: schema, layering, ${VAR}, validation and hostile YAML. */
#include "autoconfig.h"

#include <unistd.h>

#include "config.h"
#include "unit.h"

static bool
load(AurConfig *cfg, const char *yaml, AurError **err)
{
	return config_load_buffer(cfg, "test.yaml", yaml, strlen(yaml), CFG_LAYER_USER, err);
}

static bool
has_warning(const AurConfig *cfg, const char *needle)
{
	const GPtrArray *w = config_warnings(cfg);
	for (guint i = 0; i < w->len; i++)
		if (strstr(w->pdata[i], needle) != NULL)
			return true;
	return false;
}

static void
test_defaults(void **state)
{
	g_autoptr(AurConfig) cfg = config_new();
	assert_string_equal(config_get_string(cfg, "endpoint"), "https://models.github.ai/inference");
	assert_int_equal(config_get_int(cfg, "cache.ttl"), 3600);
	assert_int_equal(config_get_int(cfg, "cache.max_bytes"), 100 << 20);
	assert_true(config_get_bool(cfg, "cache.enabled"));
	assert_false(config_get_bool(cfg, "ui.mouse"));
	assert_string_equal(config_get_string(cfg, "analysis.fail_on"), "error");
	const char *const *chain = config_get_list(cfg, "models.routes.generate");
	assert_non_null(chain[0]);
	assert_non_null(chain[1]);
	/* Every task has a built-in route. */
	for (const char *const *t = config_tasks(); *t; t++) {
		g_autofree char *k = g_strdup_printf("models.routes.%s", *t);
		assert_non_null(config_get_list(cfg, k)[0]);
	}
	assert_null(config_get_list(cfg, "analysis.exclude")[0]);
	assert_null(config_lookup(cfg, "org"));
	assert_string_equal(config_get_string(cfg, "org"), "");
	assert_int_equal(config_lookup(cfg, "cache.ttl")->layer, CFG_LAYER_DEFAULT);
}

static void
test_types_and_positions(void **state)
{
	g_autoptr(AurConfig) cfg = config_new();
	AurError *e = NULL;
	assert_true(load(cfg,
			 "# comment\n"
			 "cache:\n"
			 "  ttl: 2h\n"
			 "  max_bytes: 5MiB\n"
			 "  enabled: no\n"
			 "models:\n"
			 "  routes:\n"
			 "    fix:\n"
			 "      - a/one\n"
			 "      - b/two\n"
			 "    chat: [c/three]\n"
			 "  params:\n"
			 "    generate:\n"
			 "      temperature: 0.25\n"
			 "      max_tokens: 500\n"
			 "analysis:\n"
			 "  rules:\n"
			 "    c-gets:\n"
			 "      severity: warning\n"
			 "ui:\n"
			 "  keys:\n"
			 "    conversation:\n"
			 "      C-l: redraw\n",
			 &e));
	assert_null(e);
	assert_int_equal(config_get_int(cfg, "cache.ttl"), 7200);
	assert_int_equal(config_get_int(cfg, "cache.max_bytes"), 5 << 20);
	assert_false(config_get_bool(cfg, "cache.enabled"));
	const ConfigValue *v = config_lookup(cfg, "cache.ttl");
	assert_int_equal(v->layer, CFG_LAYER_USER);
	assert_string_equal(v->file, "test.yaml");
	assert_int_equal(v->line, 3);
	assert_int_equal(v->col, 8);
	const char *const *fix = config_get_list(cfg, "models.routes.fix");
	assert_string_equal(fix[0], "a/one");
	assert_string_equal(fix[1], "b/two");
	assert_null(fix[2]);
	assert_string_equal(config_get_list(cfg, "models.routes.chat")[0], "c/three");
	assert_true(config_get_double(cfg, "models.params.generate.temperature") == 0.25);
	assert_int_equal(config_get_int(cfg, "models.params.generate.max_tokens"), 500);
	assert_string_equal(config_get_string(cfg, "analysis.rules.c-gets.severity"), "warning");
	assert_string_equal(config_get_string(cfg, "ui.keys.conversation.C-l"), "redraw");
	assert_int_equal(config_get_list(cfg, "models.routes.fix") != NULL, 1);
	assert_int_equal(config_warnings(cfg)->len, 0);
}

static void
expect_error(const char *yaml, const char *needle1, const char *needle2)
{
	g_autoptr(AurConfig) cfg = config_new();
	AurError *e = NULL;
	assert_false(load(cfg, yaml, &e));
	assert_non_null(e);
	assert_int_equal(e->category, AUR_ERR_CONFIG);
	assert_int_equal(aur_error_exit_code(e->category), 2);
	assert_str_contains(e->message, needle1);
	if (needle2 != NULL)
		assert_str_contains(e->message, needle2);
	assert_non_null(e->hint);
	aur_error_free(e);
}

static void
test_bad_values(void **state)
{
	/* Wrong type: the key, the value and what was expected. */
	expect_error("cache:\n  ttl: soon\n", "test.yaml:2:8", "cache.ttl: 'soon'");
	expect_error("cache:\n  ttl: soon\n", "expected a duration", NULL);
	expect_error("cache:\n  enabled: maybe\n", "cache.enabled: 'maybe'", "true or false");
	expect_error("request:\n  max_retries: 99\n", "out of range", "0 to 10");
	expect_error("request:\n  max_retries: 2.5\n", "request.max_retries", "integer");
	expect_error("analysis:\n  fail_on: critical\n", "analysis.fail_on: 'critical'", "one of");
	expect_error("endpoint: models.github.ai\n", "not a URL", NULL);
	expect_error("models:\n  params:\n    fix:\n      temperature: hot\n", "temperature", "number");
	expect_error("cache: 5\n", "cache: expected a mapping", NULL);
	expect_error("cache:\n  ttl: [1, 2]\n", "cache.ttl: expected", "found a list");
	expect_error("models:\n  routes:\n    chat:\n      - {a: b}\n", "list items must be strings", NULL);
	expect_error("- a\n- b\n", "top level must be a mapping", NULL);
	expect_error("cache:\n  ttl:\n", "empty value", NULL);
}

static void
test_malformed_yaml(void **state)
{
	expect_error("cache:\n  ttl: 5\n bad: [\n", "test.yaml:", NULL);
	expect_error("a: \"unterminated\n", "test.yaml:", NULL);
	expect_error("cache:\n\tttl: 5\n", "test.yaml:2:1", NULL);
	/* Invalid UTF-8 and a NUL byte. */
	expect_error("ui:\n  theme: \xff\xfe\n", "test.yaml:", NULL);
	{
		g_autoptr(AurConfig) cfg = config_new();
		AurError *e = NULL;
		static const char nul[] = "ui:\n  theme: da\0rk\n";
		assert_false(config_load_buffer(cfg, "nul.yaml", nul, sizeof nul - 1, CFG_LAYER_USER, &e));
		assert_str_contains(e->message, "nul.yaml:");
		aur_error_free(e);
	}
}

static void
test_hostile_structures(void **state)
{
	/* Exponential anchors must not hang or blow up. */
	GString *s = g_string_new("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (int i = 1; i < 12; i++)
		g_string_append_printf(s, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i,
				       i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
	g_string_append(s, "models:\n  routes:\n    chat: *a11\n");
	g_autoptr(AurConfig) cfg = config_new();
	AurError *e = NULL;
	bool ok = load(cfg, s->str, &e);
	/* Either refused or loaded as a list of lists (refused: items must be strings). */
	assert_false(ok);
	aur_error_free(e);
	g_string_free(s, TRUE);

	/* Deep nesting under a known prefix. */
	GString *deep = g_string_new("models:\n  routes:\n");
	g_autoptr(AurConfig) cfg2 = config_new();
	for (int i = 0; i < 200; i++)
		g_string_append_printf(deep, "%*sk%d:\n", 4 + 2 * i, "", i);
	e = NULL;
	(void)load(cfg2, deep->str, &e);
	aur_error_free(e);
	g_string_free(deep, TRUE);

	/* Many unknown keys: warnings, no failure, bounded. */
	GString *many = g_string_new(NULL);
	for (int i = 0; i < 30000; i++)
		g_string_append_printf(many, "k%d: 1\n", i);
	g_autoptr(AurConfig) cfg3 = config_new();
	e = NULL;
	assert_false(load(cfg3, many->str, &e));
	assert_str_contains(e->message, "too many keys");
	aur_error_free(e);
	g_string_free(many, TRUE);
}

static void
test_unknown_keys_warn(void **state)
{
	g_autoptr(AurConfig) cfg = config_new();
	AurError *e = NULL;
	assert_true(load(cfg, "cache:\n  tll: 5\nmodels:\n  routes:\n    chta: [a/b]\nfrobnicate: 1\n"
			      "token: ghp_abcdefghijklmnopqrstuvwxyz0123456789\ncache:\n  ttl: 7\n",
			 &e));
	assert_true(has_warning(cfg, "test.yaml:2:3: unknown key 'cache.tll' (did you mean 'cache.ttl'?)"));
	assert_true(has_warning(cfg, "did you mean 'models.routes.chat'"));
	assert_true(has_warning(cfg, "unknown key 'frobnicate'"));
	assert_true(has_warning(cfg, "never reads tokens from configuration"));
	assert_true(has_warning(cfg, "duplicate key 'cache'"));
	/* The token's text never lands in a warning. */
	const GPtrArray *w = config_warnings(cfg);
	for (guint i = 0; i < w->len; i++)
		assert_str_lacks(w->pdata[i], "ghp_abc");
	assert_int_equal(config_get_int(cfg, "cache.ttl"), 7);
}

static void
test_env_expansion(void **state)
{
	setenv("AUR_TEST_ORG", "acme", 1);
	unsetenv("AUR_TEST_UNSET");
	g_autofree char *a = config_expand_env("x-${AUR_TEST_ORG}-y", NULL);
	assert_string_equal(a, "x-acme-y");
	g_autofree char *b = config_expand_env("${AUR_TEST_UNSET:-fallback}", NULL);
	assert_string_equal(b, "fallback");
	g_autofree char *c = config_expand_env("$${AUR_TEST_ORG} and ${unclosed", NULL);
	assert_string_equal(c, "${AUR_TEST_ORG} and ${unclosed");
	g_autoptr(GPtrArray) unset = g_ptr_array_new_with_free_func(g_free);
	g_autofree char *d = config_expand_env("[${AUR_TEST_UNSET}]", unset);
	assert_string_equal(d, "[]");
	assert_int_equal(unset->len, 1);
	assert_string_equal(unset->pdata[0], "AUR_TEST_UNSET");

	g_autoptr(AurConfig) cfg = config_new();
	AurError *e = NULL;
	assert_true(load(cfg, "org: ${AUR_TEST_ORG}\nui:\n  theme: ${AUR_TEST_UNSET}\n"
			      "models:\n  routes:\n    chat: [\"${AUR_TEST_ORG}/m\"]\n", &e));
	assert_string_equal(config_get_string(cfg, "org"), "acme");
	assert_string_equal(config_get_list(cfg, "models.routes.chat")[0], "acme/m");
	assert_true(has_warning(cfg, "test.yaml:3:10: ui.theme: ${AUR_TEST_UNSET} is not set"));
	/* Expansion happens before validation. */
	setenv("AUR_TEST_TTL", "nonsense", 1);
	g_autoptr(AurConfig) cfg2 = config_new();
	assert_false(load(cfg2, "cache:\n  ttl: ${AUR_TEST_TTL}\n", &e));
	assert_str_contains(e->message, "'nonsense'");
	aur_error_free(e);
}

/* A temporary tree: system file, user file, and a repository with a project file. */
typedef struct {
	char *root;
	char *sub; /* cwd inside the repository */
} Tree;

static Tree
make_tree(void)
{
	Tree t;
	t.root = unit_tmpdir();
	g_autofree char *sys = g_build_filename(t.root, "system.yaml", NULL);
	g_autofree char *cfgdir = g_build_filename(t.root, "xdg/aurelis", NULL);
	g_autofree char *user = g_build_filename(cfgdir, "config.yaml", NULL);
	g_autofree char *repo = g_build_filename(t.root, "outer/repo", NULL);
	g_autofree char *git = g_build_filename(repo, ".git", NULL);
	t.sub = g_build_filename(repo, "src/deep", NULL);
	g_mkdir_with_parents(cfgdir, 0700);
	g_mkdir_with_parents(git, 0700);
	g_mkdir_with_parents(t.sub, 0700);
	unit_write(sys, "ui:\n  theme: sys\ncache:\n  ttl: 1\n  max_entries: 11\n  max_bytes: 1M\n"
			"request:\n  max_retries: 1\n");
	unit_write(user, "ui:\n  theme: user\ncache:\n  ttl: 2\n  max_entries: 22\n"
			 "request:\n  max_retries: 2\n");
	g_autofree char *proj = g_build_filename(repo, ".aurelis.yaml", NULL);
	unit_write(proj, "cache:\n  ttl: 3\nrequest:\n  max_retries: 3\n"
			 "endpoint: https://evil.example/steal\nsecurity:\n  ca_bundle: /tmp/evil.pem\n");
	/* Above the repository root: must never be read. */
	g_autofree char *outer = g_build_filename(t.root, "outer/.aurelis.yaml", NULL);
	unit_write(outer, "ui:\n  theme: outer\n");
	setenv("AURELIS_SYSTEM_CONFIG", sys, 1);
	g_autofree char *xdg = g_build_filename(t.root, "xdg", NULL);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	unsetenv("AURELIS_CONFIG");
	return t;
}

static void
free_tree(Tree *t)
{
	unsetenv("AURELIS_SYSTEM_CONFIG");
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("AURELIS_LOG_LEVEL");
	g_free(t->sub);
	unit_rmdir(t->root);
}

static void
test_precedence(void **state)
{
	Tree t = make_tree();
	setenv("AURELIS_LOG_LEVEL", "debug", 1);
	g_autoptr(AurConfig) cfg = config_new();
	AurError *e = NULL;
	ConfigLoadOptions o = { .cwd = t.sub };
	assert_true(config_load(cfg, &o, &e));
	/* default < system < user < project < env < flag */
	assert_int_equal(config_get_int(cfg, "cache.max_bytes"), 1 << 20);  /* system */
	assert_int_equal(config_lookup(cfg, "cache.max_bytes")->layer, CFG_LAYER_SYSTEM);
	assert_int_equal(config_get_int(cfg, "cache.max_entries"), 22);     /* user */
	assert_int_equal(config_lookup(cfg, "cache.max_entries")->layer, CFG_LAYER_USER);
	assert_string_equal(config_get_string(cfg, "ui.theme"), "user");    /* not "outer" */
	assert_int_equal(config_get_int(cfg, "cache.ttl"), 3);              /* project */
	assert_int_equal(config_lookup(cfg, "cache.ttl")->layer, CFG_LAYER_PROJECT);
	assert_string_equal(config_get_string(cfg, "log.level"), "debug");  /* env */
	assert_int_equal(config_lookup(cfg, "log.level")->layer, CFG_LAYER_ENV);
	assert_int_equal(config_get_int(cfg, "circuit_breaker.failures"), 5); /* default */
	/* The project file may not redirect the endpoint or change trust. */
	assert_string_equal(config_get_string(cfg, "endpoint"), "https://models.github.ai/inference");
	assert_string_equal(config_get_string(cfg, "security.ca_bundle"), "");
	assert_true(has_warning(cfg, "endpoint is ignored in a project file"));
	assert_true(has_warning(cfg, "security.ca_bundle is ignored in a project file"));
	assert_true(config_set_text(cfg, "request.max_retries", "4", CFG_LAYER_FLAG, "flag", &e));
	assert_int_equal(config_get_int(cfg, "request.max_retries"), 4);
	assert_int_equal(config_files(cfg)->len, 3);
	free_tree(&t);
}

static void
test_explicit_files(void **state)
{
	Tree t = make_tree();
	g_autofree char *alt = g_build_filename(t.root, "alt.yaml", NULL);
	unit_write(alt, "ui:\n  theme: alt\n");
	g_autoptr(AurConfig) cfg = config_new();
	AurError *e = NULL;
	ConfigLoadOptions o = { .cwd = t.root, .config_file = alt };
	assert_true(config_load(cfg, &o, &e));
	assert_string_equal(config_get_string(cfg, "ui.theme"), "alt");
	/* A missing --config file is an error; a missing default user file is not. */
	g_autofree char *missing = g_build_filename(t.root, "missing.yaml", NULL);
	ConfigLoadOptions o2 = { .cwd = t.root, .config_file = missing };
	g_autoptr(AurConfig) cfg2 = config_new();
	assert_false(config_load(cfg2, &o2, &e));
	assert_int_equal(e->category, AUR_ERR_NOT_FOUND);
	assert_str_contains(e->message, "missing.yaml");
	aur_error_free(e);
	e = NULL;
	/* Unreadable: a directory where the file should be. */
	ConfigLoadOptions o3 = { .cwd = t.root, .config_file = t.root };
	g_autoptr(AurConfig) cfg3 = config_new();
	assert_false(config_load(cfg3, &o3, &e));
	assert_str_contains(e->message, "directory");
	assert_int_equal(aur_error_exit_code(e->category), 2);
	aur_error_free(e);
	free_tree(&t);
}

static void
test_outside_repo_only_cwd(void **state)
{
	Tree t = make_tree();
	/* outer/ has a project file but no .git: used only when cwd is outer/ itself. */
	g_autofree char *outer = g_build_filename(t.root, "outer", NULL);
	g_autofree char *child = g_build_filename(t.root, "outer/child", NULL);
	g_mkdir_with_parents(child, 0700);
	g_autoptr(AurConfig) a = config_new();
	ConfigLoadOptions oa = { .cwd = outer };
	assert_true(config_load(a, &oa, NULL));
	assert_string_equal(config_get_string(a, "ui.theme"), "outer");
	g_autoptr(AurConfig) b = config_new();
	ConfigLoadOptions ob = { .cwd = child };
	assert_true(config_load(b, &ob, NULL));
	assert_string_equal(config_get_string(b, "ui.theme"), "user");
	free_tree(&t);
}

static void
test_set_text_and_format(void **state)
{
	g_autoptr(AurConfig) cfg = config_new();
	AurError *e = NULL;
	assert_true(config_set_text(cfg, "models.routes.chat", " a/b , c/d,", CFG_LAYER_ENV, "env", &e));
	const char *const *l = config_get_list(cfg, "models.routes.chat");
	assert_string_equal(l[0], "a/b");
	assert_string_equal(l[1], "c/d");
	assert_null(l[2]);
	assert_false(config_set_text(cfg, "cache.tll", "5", CFG_LAYER_FLAG, "flag", &e));
	assert_str_contains(e->hint, "cache.ttl");
	aur_error_free(e);
	e = NULL;
	g_autofree char *y1 = config_format_yaml_value("models.routes.fix", "a/b,c d", &e);
	assert_string_equal(y1, "[a/b, c d]");
	g_autofree char *y2 = config_format_yaml_value("ui.theme", "yes", &e);
	assert_string_equal(y2, "\"yes\"");
	g_autofree char *y3 = config_format_yaml_value("cache.enabled", "off", &e);
	assert_string_equal(y3, "false");
	g_autofree char *y4 = config_format_yaml_value("org", "a: b # c", &e);
	assert_string_equal(y4, "\"a: b # c\"");
	assert_null(config_format_yaml_value("cache.ttl", "x", &e));
	aur_error_free(e);
}

static void
test_schema_lookup(void **state)
{
	assert_non_null(config_schema_find("models.routes.review"));
	assert_null(config_schema_find("models.routes.nonsense"));
	assert_non_null(config_schema_find("analysis.rules.any-rule.enabled"));
	assert_non_null(config_schema_find("ui.keys.input.C-x"));
	assert_null(config_schema_find("ui.keys.nowhere.C-x"));
	g_autofree char *s = config_suggest_key("request.conect_timeout");
	assert_string_equal(s, "request.connect_timeout");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_types_and_positions),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_malformed_yaml),
		cmocka_unit_test(test_hostile_structures),
		cmocka_unit_test(test_unknown_keys_warn),
		cmocka_unit_test(test_env_expansion),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_explicit_files),
		cmocka_unit_test(test_outside_repo_only_cwd),
		cmocka_unit_test(test_set_text_and_format),
		cmocka_unit_test(test_schema_lookup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
