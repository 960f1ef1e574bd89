/* SPDX-License-Identifier: MIT */
/* GitHub Models free-usage rate-limit tiers: the one table the client and `stats` share. */
#ifndef AURELIS_TIERS_H
#define AURELIS_TIERS_H

#include <stdbool.h>
#include <glib.h>

#include "error.h"

/* The Copilot plan a GitHub account is on; each tier has one column of limits per plan. */
typedef enum {
	TIERS_PLAN_FREE,
	TIERS_PLAN_PRO,
	TIERS_PLAN_BUSINESS,
	TIERS_PLAN_ENTERPRISE,
	TIERS_PLAN__COUNT
} TiersPlan;

/* One tier's limits on one plan.  available is false where the service gives the plan no
 * access at all (the reasoning models on Copilot Free); the numbers are 0 then. */
typedef struct {
	const char *tier;    /* "low", "high", "embeddings", "o1-o3-gpt-5", ... */
	bool available;
	int per_minute;      /* requests per minute */
	int per_day;         /* requests per day */
	int tokens_in;       /* per request */
	int tokens_out;      /* per request; 0 where the service gives none (embeddings) */
	int concurrent;      /* requests in flight */
} TierLimits;

/* "free", "pro", "business", "enterprise" (any case).  False for anything else. */
bool tiers_plan_from_name(const char *name, TiersPlan *plan);
const char *tiers_plan_name(TiersPlan plan);

/* The tier of a model: the reasoning and other special models are recognised by their id
 * (case-insensitive, with or without the publisher), anything else by catalog_tier (the
 * catalogue's rate_limit_tier: "low", "high" or "embeddings"; may be NULL).  Returns a
 * static tier name, or NULL when the tier is unknown. */
const char *tiers_tier_for_model(const char *model_id, const char *catalog_tier);

/* Limits of a tier (as returned by tiers_tier_for_model) on a plan; false when the tier is
 * unknown. */
bool tiers_limits(const char *tier, TiersPlan plan, TierLimits *out);

/* Convenience: both steps at once. */
bool tiers_limits_for_model(const char *model_id, const char *catalog_tier, TiersPlan plan,
			    TierLimits *out);

/* Where the model catalogue is cached: $XDG_CACHE_HOME/aurelis/catalog.json.  Caller frees. */
char *tiers_catalog_path(void);

/* model id -> rate_limit_tier (both char *, owned by the table) from a cached catalogue:
 * a bare JSON array as the service returns it, or an object holding that array under
 * "models" or "data".  NULL with err when the file is missing or unreadable; entries that
 * are not objects with string id and rate_limit_tier are skipped. */
GHashTable *tiers_load_catalog(const char *path, AurError **err);

#endif
