/* SPDX-License-Identifier: MIT */
/* Unit tests for router.c: the chain rules of ROUTES in aurelis.yaml(5). */
#include "autoconfig.h"

#include "router.h"
#include "unit.h"

static char *
chain_text(const AurConfig *cfg, const char *task, const char *override)
{
	g_autoptr(GPtrArray) c = router_chain(cfg, task, override);
	g_ptr_array_add(c, NULL);
	char *s = g_strjoinv(" ", (char **)c->pdata);
	return s;
}

#define assert_chain(cfg, task, override, want)                                       \
	do {                                                                             \
		g_autofree char *got_ = chain_text(cfg, task, override);                 \
		assert_string_equal(got_, want);                                         \
	} while (0)

static void
set(AurConfig *cfg, const char *key, const char *value, ConfigLayer layer)
{
	g_autoptr(AurError) e = NULL;
	if (!config_set_text(cfg, key, value, layer, "test", &e))
		fail_msg("%s: %s", key, e->message);
}

static void
test_builtin(void **state)
{
	AurConfig *cfg = config_new();
	assert_chain(cfg, "chat", NULL, "openai/gpt-4.1-mini openai/gpt-4o-mini");
	assert_chain(cfg, "generate", NULL, "mistral-ai/codestral-2501 openai/gpt-4.1 openai/gpt-4.1-mini");
	assert_true(router_is_task("summarize"));
	assert_false(router_is_task("nope"));
	assert_false(router_is_task(NULL));
	config_free(cfg);
}

static void
test_default_heads_builtin_routes(void **state)
{
	AurConfig *cfg = config_new();
	set(cfg, "models.default", "openai/gpt-4.1", CFG_LAYER_USER);
	assert_chain(cfg, "chat", NULL, "openai/gpt-4.1 openai/gpt-4.1-mini openai/gpt-4o-mini");
	/* Already in the chain: moved to the front, not repeated. */
	assert_chain(cfg, "fix", NULL, "openai/gpt-4.1 mistral-ai/codestral-2501 openai/gpt-4.1-mini");
	/* A route set at the same layer is the user's word: the default does not lead it. */
	set(cfg, "models.routes.explain", "meta/llama-3.3-70b-instruct", CFG_LAYER_USER);
	assert_chain(cfg, "explain", NULL, "meta/llama-3.3-70b-instruct");
	/* ... nor at a higher one. */
	set(cfg, "models.routes.docs", "microsoft/phi-4", CFG_LAYER_PROJECT);
	assert_chain(cfg, "docs", NULL, "microsoft/phi-4");
	config_free(cfg);
}

static void
test_default_above_route(void **state)
{
	AurConfig *cfg = config_new();
	set(cfg, "models.routes.chat", "a/one, b/two", CFG_LAYER_USER);
	set(cfg, "models.default", "c/env", CFG_LAYER_ENV);
	/* The environment's default is set higher than the user's route: it leads. */
	assert_chain(cfg, "chat", NULL, "c/env a/one b/two");
	config_free(cfg);
}

static void
test_override(void **state)
{
	AurConfig *cfg = config_new();
	/* --model replaces the head; the fallbacks stay. */
	assert_chain(cfg, "chat", "openai/gpt-4.1", "openai/gpt-4.1 openai/gpt-4o-mini");
	assert_chain(cfg, "generate", "openai/gpt-5", "openai/gpt-5 openai/gpt-4.1 openai/gpt-4.1-mini");
	/* Overriding with a fallback's id moves it to the head without a duplicate. */
	assert_chain(cfg, "chat", "OPENAI/GPT-4O-MINI", "OPENAI/GPT-4O-MINI");
	assert_chain(cfg, "chat", "", "openai/gpt-4.1-mini openai/gpt-4o-mini");
	set(cfg, "models.default", "x/def", CFG_LAYER_FLAG);
	assert_chain(cfg, "chat", "y/flag", "y/flag openai/gpt-4.1-mini openai/gpt-4o-mini");
	config_free(cfg);
}

static void
test_empty_and_duplicates(void **state)
{
	AurConfig *cfg = config_new();
	set(cfg, "models.routes.chat", "", CFG_LAYER_USER);
	assert_chain(cfg, "chat", NULL, "openai/gpt-4.1-mini");
	set(cfg, "models.routes.review", "a/x, A/X, b/y,  a/x ", CFG_LAYER_USER);
	assert_chain(cfg, "review", NULL, "a/x b/y");
	config_free(cfg);
}

static void
test_tasks_and_all_models(void **state)
{
	AurConfig *cfg = config_new();
	g_autofree char *t = router_tasks_for_model(cfg, "mistral-ai/codestral-2501");
	assert_string_equal(t, "generate, fix, refactor, test");
	g_autofree char *none = router_tasks_for_model(cfg, "nobody/none");
	assert_string_equal(none, "");
	g_autoptr(GPtrArray) all = router_all_models(cfg);
	assert_int_equal(all->len, 4);
	config_free(cfg);
}

static void
test_check_chain(void **state)
{
	const char *json = "[{\"id\":\"openai/gpt-4.1\"},{\"id\":\"openai/gpt-4.1-mini\"}]";
	g_autoptr(Catalog) cat = catalog_parse(json, strlen(json), NULL);
	g_autoptr(GPtrArray) chain = g_ptr_array_new();
	g_ptr_array_add(chain, (gpointer) "openai/gpt-4.1");
	g_ptr_array_add(chain, (gpointer) "openai/gpt-4.l");
	g_ptr_array_add(chain, (gpointer) "zz/qqqqqqqqqqqq");
	g_autoptr(GPtrArray) w = router_check_chain(chain, cat);
	assert_int_equal(w->len, 2);
	assert_str_contains(w->pdata[0], "did you mean openai/gpt-4.1?");
	assert_str_contains(w->pdata[1], "aurelis models");
	g_autoptr(GPtrArray) none = router_check_chain(chain, NULL);
	assert_int_equal(none->len, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_default_heads_builtin_routes),
		cmocka_unit_test(test_default_above_route),
		cmocka_unit_test(test_override),
		cmocka_unit_test(test_empty_and_duplicates),
		cmocka_unit_test(test_tasks_and_all_models),
		cmocka_unit_test(test_check_chain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
