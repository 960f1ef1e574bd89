/* SPDX-License-Identifier: MIT */
/* GitHub Models free-usage rate-limit tiers: the one table the client and `stats` share. */
#include "autoconfig.h"

#include <string.h>

#include <cjson/cJSON.h>

#include "fsutil.h"
#include "paths.h"
#include "tiers.h"

/*
 * The numbers come from GitHub's "Prototyping with AI models" page (rate limits section),
 * which says they may change without notice.
 * Columns are Copilot Free, Pro, Business, Enterprise.  A per-day of 0 marks a plan without
 * access ("Not applicable" on that page).
 *
 * The catalogue's rate_limit_tier names the low, high and embeddings tiers; the reasoning
 * and a few other models have tiers of their own, which the catalogue calls "custom", so
 * they are recognised by model name.
 */

#define MAX_CATALOG_BYTES (16 << 20)

typedef struct {
	const char *tier;
	int per_minute[TIERS_PLAN__COUNT];
	int per_day[TIERS_PLAN__COUNT];
	int tokens_in[TIERS_PLAN__COUNT];
	int tokens_out[TIERS_PLAN__COUNT];
	int concurrent[TIERS_PLAN__COUNT];
} TierRow;

static const TierRow rows[] = {
	{ "low", { 15, 15, 15, 20 }, { 150, 150, 300, 450 }, { 8000, 8000, 8000, 8000 },
	  { 4000, 4000, 4000, 8000 }, { 5, 5, 5, 8 } },
	{ "high", { 10, 10, 10, 15 }, { 50, 50, 100, 150 }, { 8000, 8000, 8000, 16000 },
	  { 4000, 4000, 4000, 8000 }, { 2, 2, 2, 4 } },
	{ "embeddings", { 15, 15, 15, 20 }, { 150, 150, 300, 450 }, { 64000, 64000, 64000, 64000 },
	  { 0, 0, 0, 0 }, { 5, 5, 5, 8 } },
	{ "o1-o3-gpt-5", { 0, 1, 2, 2 }, { 0, 8, 10, 12 }, { 0, 4000, 4000, 4000 },
	  { 0, 4000, 4000, 8000 }, { 0, 1, 1, 1 } },
	{ "mini-reasoning", { 0, 2, 3, 3 }, { 0, 12, 15, 20 }, { 0, 4000, 4000, 4000 },
	  { 0, 4000, 4000, 4000 }, { 0, 1, 1, 1 } },
	{ "deepseek-r1", { 1, 1, 2, 2 }, { 8, 8, 10, 12 }, { 4000, 4000, 4000, 4000 },
	  { 4000, 4000, 4000, 4000 }, { 1, 1, 1, 1 } },
	{ "grok-3", { 1, 1, 2, 2 }, { 15, 15, 20, 30 }, { 4000, 4000, 4000, 4000 },
	  { 4000, 4000, 8000, 16000 }, { 1, 1, 1, 1 } },
	{ "grok-3-mini", { 2, 2, 3, 3 }, { 30, 30, 40, 50 }, { 4000, 4000, 4000, 4000 },
	  { 8000, 8000, 12000, 12000 }, { 1, 1, 1, 1 } },
};

/* Model names (the part after the publisher) with a tier of their own. */
static const struct { const char *name; const char *tier; } named[] = {
	{ "o1", "o1-o3-gpt-5" }, { "o1-preview", "o1-o3-gpt-5" }, { "o3", "o1-o3-gpt-5" },
	{ "gpt-5", "o1-o3-gpt-5" },
	{ "o1-mini", "mini-reasoning" }, { "o3-mini", "mini-reasoning" },
	{ "o4-mini", "mini-reasoning" }, { "gpt-5-mini", "mini-reasoning" },
	{ "gpt-5-nano", "mini-reasoning" }, { "gpt-5-chat", "mini-reasoning" },
	{ "deepseek-r1", "deepseek-r1" }, { "deepseek-r1-0528", "deepseek-r1" },
	{ "mai-ds-r1", "deepseek-r1" },
	{ "grok-3", "grok-3" }, { "grok-3-mini", "grok-3-mini" },
};

static const char *const plan_names[TIERS_PLAN__COUNT] = {
	"free", "pro", "business", "enterprise",
};

bool
tiers_plan_from_name(const char *name, TiersPlan *plan)
{
	for (int i = 0; name != NULL && i < TIERS_PLAN__COUNT; i++) {
		if (g_ascii_strcasecmp(name, plan_names[i]) == 0) {
			*plan = (TiersPlan)i;
			return true;
		}
	}
	return false;
}

const char *
tiers_plan_name(TiersPlan plan)
{
	return plan < TIERS_PLAN__COUNT ? plan_names[plan] : "?";
}

static const TierRow *
find_row(const char *tier)
{
	for (size_t i = 0; tier != NULL && i < G_N_ELEMENTS(rows); i++)
		if (strcmp(rows[i].tier, tier) == 0)
			return &rows[i];
	return NULL;
}

const char *
tiers_tier_for_model(const char *model_id, const char *catalog_tier)
{
	if (model_id != NULL) {
		const char *slash = strrchr(model_id, '/');
		const char *name = slash ? slash + 1 : model_id;
		for (size_t i = 0; i < G_N_ELEMENTS(named); i++)
			if (g_ascii_strcasecmp(name, named[i].name) == 0)
				return named[i].tier;
	}
	if (catalog_tier == NULL)
		return NULL;
	/* The catalogue says "embeddings"; accept the singular too. */
	if (g_ascii_strcasecmp(catalog_tier, "embedding") == 0)
		return "embeddings";
	for (size_t i = 0; i < 3; i++)
		if (g_ascii_strcasecmp(catalog_tier, rows[i].tier) == 0)
			return rows[i].tier;
	return NULL;
}

bool
tiers_limits(const char *tier, TiersPlan plan, TierLimits *out)
{
	const TierRow *r = find_row(tier);
	if (r == NULL || plan >= TIERS_PLAN__COUNT)
		return false;
	*out = (TierLimits){
		.tier = r->tier,
		.available = r->per_day[plan] > 0,
		.per_minute = r->per_minute[plan],
		.per_day = r->per_day[plan],
		.tokens_in = r->tokens_in[plan],
		.tokens_out = r->tokens_out[plan],
		.concurrent = r->concurrent[plan],
	};
	return true;
}

bool
tiers_limits_for_model(const char *model_id, const char *catalog_tier, TiersPlan plan,
		       TierLimits *out)
{
	return tiers_limits(tiers_tier_for_model(model_id, catalog_tier), plan, out);
}

char *
tiers_catalog_path(void)
{
	g_autofree char *dir = paths_dir(PATHS_CACHE);
	return g_build_filename(dir, "catalog.json", NULL);
}

static const cJSON *
catalog_array(const cJSON *root)
{
	if (cJSON_IsArray(root))
		return root;
	static const char *const wrappers[] = { "models", "data" };
	for (size_t i = 0; cJSON_IsObject(root) && i < G_N_ELEMENTS(wrappers); i++) {
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(root, wrappers[i]);
		if (cJSON_IsArray(a))
			return a;
	}
	return NULL;
}

GHashTable *
tiers_load_catalog(const char *path, AurError **err)
{
	size_t len;
	g_autofree char *buf = fs_read_file(path, MAX_CATALOG_BYTES, &len, err);
	if (buf == NULL)
		return NULL;
	cJSON *root = cJSON_ParseWithLength(buf, len);
	const cJSON *arr = catalog_array(root);
	if (arr == NULL) {
		cJSON_Delete(root);
		aur_error_set(err, AUR_ERR_INPUT, "Run `aurelis models --refresh` to fetch it again.",
			      "%s is not a model catalogue", path);
		return NULL;
	}
	GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	const cJSON *m;
	cJSON_ArrayForEach(m, arr) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(m, "id");
		const cJSON *tier = cJSON_GetObjectItemCaseSensitive(m, "rate_limit_tier");
		if (cJSON_IsString(id) && cJSON_IsString(tier))
			g_hash_table_replace(t, g_strdup(id->valuestring), g_strdup(tier->valuestring));
	}
	cJSON_Delete(root);
	return t;
}
