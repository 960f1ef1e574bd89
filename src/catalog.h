/* SPDX-License-Identifier: MIT */
/* The model catalogue (GET /catalog/models): parsing, a 24-hour disk cache, lookups. */
#ifndef AURELIS_CATALOG_H
#define AURELIS_CATALOG_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "cancel.h"
#include "error.h"
#include "http.h"

/* How long a cached catalogue is used before it is fetched again. */
#define CATALOG_MAX_AGE (24 * 3600)

typedef struct {
	char *id;
	char *name;
	char *publisher;
	char *registry;
	char *summary;
	char *html_url;
	char *version;
	char *rate_limit_tier;
	GStrv capabilities;        /* never NULL (maybe empty) */
	GStrv tags;
	GStrv input_modalities;
	GStrv output_modalities;
	int64_t max_input_tokens;  /* 0 when unknown */
	int64_t max_output_tokens;
} CatalogModel;

typedef struct {
	GPtrArray *models;   /* CatalogModel *, in the service's order */
	int64_t fetched_at;  /* epoch seconds */
	bool from_cache;
} Catalog;

/* Parse the service's answer: a bare JSON array of model objects.  Entries without a string
 * id are skipped; other fields of the wrong type are left empty.  NULL with err (category
 * model) when the text is not a JSON array.  Free with catalog_free(). */
Catalog *catalog_parse(const char *json, size_t len, AurError **err);
void catalog_free(Catalog *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Catalog, catalog_free)

/* The model with this id (ids compare case-insensitively, as the service does). */
const CatalogModel *catalog_find(const Catalog *c, const char *id);
/* The closest id to a misspelt one, or NULL.  Points into c. */
const char *catalog_suggest(const Catalog *c, const char *id);
/* Both modality lists contain "text": usable for chat. */
bool catalog_is_chat_model(const CatalogModel *m);

/* The cached catalogue for url if it is younger than max_age seconds (any age when
 * max_age < 0), else NULL. */
Catalog *catalog_load_cached(const char *url, int64_t max_age);
/* The catalogue: from the cache when fresh and refresh is false, otherwise fetched with
 * token and cached.  NULL with err on failure (401 -> auth, and so on). */
Catalog *catalog_get(HttpClient *http, const char *url, const char *token, bool refresh,
		     AurCancel *cancel, AurError **err);
/* Fetch without touching the cache; *status gets the HTTP status (0 when none).  Used to
 * validate a token. */
Catalog *catalog_fetch(HttpClient *http, const char *url, const char *token, AurCancel *cancel,
		       long *status, AurError **err);
/* The rate-limit tier of one model from the small index kept beside a fresh cached
 * catalogue for url, without parsing the catalogue.  True when the index knows the model
 * (*tier is then its tier, or NULL when it has none; caller frees); false when there is no
 * usable index or the model is not in it, and the full catalogue must be asked. */
bool catalog_cached_tier(const char *url, const char *id, char **tier);
/* Where the cache lives.  Caller frees. */
char *catalog_cache_path(void);

#endif
