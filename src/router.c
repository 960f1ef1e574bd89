/* SPDX-License-Identifier: MIT */
/* Routing: which models a task tries, in which order. */
#include "autoconfig.h"

#include <string.h>

#include "router.h"

bool
router_is_task(const char *task)
{
	const char *const *tasks = config_tasks();
	for (size_t i = 0; task != NULL && tasks[i] != NULL; i++)
		if (strcmp(tasks[i], task) == 0)
			return true;
	return false;
}

static bool
contains(const GPtrArray *a, const char *id)
{
	for (guint i = 0; i < a->len; i++)
		if (g_ascii_strcasecmp(a->pdata[i], id) == 0)
			return true;
	return false;
}

static void
add_unique(GPtrArray *a, const char *id)
{
	if (id != NULL && *id != '\0' && !contains(a, id))
		g_ptr_array_add(a, g_strstrip(g_strdup(id)));
}

/* The chain without --model. */
static GPtrArray *
base_chain(const AurConfig *cfg, const char *task)
{
	GPtrArray *chain = g_ptr_array_new_with_free_func(g_free);
	g_autofree char *key = g_strdup_printf("models.routes.%s", task);
	const ConfigValue *route = config_lookup(cfg, key);
	const ConfigValue *def = config_lookup(cfg, "models.default");
	bool route_empty = route == NULL || route->list == NULL || route->list->len <= 1;
	/* An explicit default leads routes that come from a lower layer (e.g. built in). */
	bool default_leads = def != NULL && def->layer > CFG_LAYER_DEFAULT &&
			     (route_empty || route->layer < def->layer);
	if (default_leads || route_empty)
		add_unique(chain, config_get_string(cfg, "models.default"));
	if (!route_empty)
		for (guint i = 0; route->list->pdata[i] != NULL; i++)
			add_unique(chain, route->list->pdata[i]);
	if (chain->len == 0)
		g_ptr_array_add(chain, g_strdup("openai/gpt-4.1-mini"));
	return chain;
}

GPtrArray *
router_chain(const AurConfig *cfg, const char *task, const char *override)
{
	GPtrArray *base = base_chain(cfg, task);
	if (override == NULL || *override == '\0')
		return base;
	/* --model replaces the head for this one command; the fallbacks stay. */
	GPtrArray *chain = g_ptr_array_new_with_free_func(g_free);
	add_unique(chain, override);
	for (guint i = 1; i < base->len; i++)
		add_unique(chain, base->pdata[i]);
	g_ptr_array_unref(base);
	return chain;
}

char *
router_tasks_for_model(const AurConfig *cfg, const char *model)
{
	GString *s = g_string_new(NULL);
	const char *const *tasks = config_tasks();
	for (size_t i = 0; tasks[i] != NULL; i++) {
		g_autoptr(GPtrArray) chain = router_chain(cfg, tasks[i], NULL);
		if (contains(chain, model))
			g_string_append_printf(s, "%s%s", s->len ? ", " : "", tasks[i]);
	}
	return g_string_free(s, FALSE);
}

GPtrArray *
router_all_models(const AurConfig *cfg)
{
	GPtrArray *all = g_ptr_array_new_with_free_func(g_free);
	const char *const *tasks = config_tasks();
	for (size_t i = 0; tasks[i] != NULL; i++) {
		g_autoptr(GPtrArray) chain = router_chain(cfg, tasks[i], NULL);
		for (guint j = 0; j < chain->len; j++)
			add_unique(all, chain->pdata[j]);
	}
	return all;
}

GPtrArray *
router_check_chain(const GPtrArray *chain, const Catalog *catalog)
{
	GPtrArray *w = g_ptr_array_new_with_free_func(g_free);
	if (catalog == NULL)
		return w;
	for (guint i = 0; i < chain->len; i++) {
		const char *id = chain->pdata[i];
		if (catalog_find(catalog, id) != NULL)
			continue;
		const char *near = catalog_suggest(catalog, id);
		if (near != NULL)
			g_ptr_array_add(w, g_strdup_printf("%s is not in the model catalogue; did you mean %s?",
							   id, near));
		else
			g_ptr_array_add(w, g_strdup_printf("%s is not in the model catalogue "
							   "(`aurelis models` lists the ids)", id));
	}
	return w;
}
