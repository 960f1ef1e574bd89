/* SPDX-License-Identifier: MIT */
/* The model catalogue: parse the service's array, cache it for a day, look ids up. */
#include "autoconfig.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "catalog.h"
#include "fsutil.h"
#include "log.h"
#include "models.h"
#include "paths.h"
#include "util.h"

/*
 * The cache file wraps the service's array with the URL it came from and when:
 * {"url": ..., "fetched_at": epoch, "models": [...]}.  A cache for another endpoint, from
 * the future, older than a day, or unreadable is simply not used.
 */

#define MAX_CATALOG ((size_t)16 << 20)

static char *
dup_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) && v->valuestring ? g_utf8_make_valid(v->valuestring, -1) : NULL;
}

static GStrv
dup_strv(const cJSON *o, const char *key)
{
	GStrvBuilder *b = g_strv_builder_new();
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, key);
	const cJSON *it;
	if (cJSON_IsArray(arr))
		cJSON_ArrayForEach(it, arr)
			if (cJSON_IsString(it) && it->valuestring) {
				g_autofree char *v = g_utf8_make_valid(it->valuestring, -1);
				g_strv_builder_add(b, v);
			}
	GStrv v = g_strv_builder_end(b);
	g_strv_builder_unref(b);
	return v;
}

static int64_t
dup_count(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 1e15)
		return 0;
	return (int64_t)v->valuedouble;
}

static void
model_free(gpointer p)
{
	CatalogModel *m = p;
	g_free(m->id);
	g_free(m->name);
	g_free(m->publisher);
	g_free(m->registry);
	g_free(m->summary);
	g_free(m->html_url);
	g_free(m->version);
	g_free(m->rate_limit_tier);
	g_strfreev(m->capabilities);
	g_strfreev(m->tags);
	g_strfreev(m->input_modalities);
	g_strfreev(m->output_modalities);
	g_free(m);
}

static CatalogModel *
model_from_json(const cJSON *o)
{
	CatalogModel *m = g_new0(CatalogModel, 1);
	m->id = dup_str(o, "id");
	m->name = dup_str(o, "name");
	m->publisher = dup_str(o, "publisher");
	m->registry = dup_str(o, "registry");
	m->summary = dup_str(o, "summary");
	m->html_url = dup_str(o, "html_url");
	m->version = dup_str(o, "version");
	m->rate_limit_tier = dup_str(o, "rate_limit_tier");
	m->capabilities = dup_strv(o, "capabilities");
	m->tags = dup_strv(o, "tags");
	m->input_modalities = dup_strv(o, "supported_input_modalities");
	m->output_modalities = dup_strv(o, "supported_output_modalities");
	const cJSON *limits = cJSON_GetObjectItemCaseSensitive(o, "limits");
	m->max_input_tokens = dup_count(limits, "max_input_tokens");
	m->max_output_tokens = dup_count(limits, "max_output_tokens");
	return m;
}

static Catalog *
catalog_from_array(const cJSON *arr)
{
	Catalog *c = g_new0(Catalog, 1);
	c->models = g_ptr_array_new_with_free_func(model_free);
	const cJSON *it;
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsObject(it))
			continue;
		CatalogModel *m = model_from_json(it);
		if (m->id == NULL || *m->id == '\0') {
			model_free(m);
			continue;
		}
		g_ptr_array_add(c->models, m);
	}
	return c;
}

Catalog *
catalog_parse(const char *json, size_t len, AurError **err)
{
	cJSON *root = cJSON_ParseWithLength(json, len);
	if (!cJSON_IsArray(root)) {
		cJSON_Delete(root);
		aur_error_set(err, AUR_ERR_MODEL, "Check catalog_url, or try again with --refresh later.",
			      "the model catalogue is not a JSON array");
		return NULL;
	}
	Catalog *c = catalog_from_array(root);
	cJSON_Delete(root);
	c->fetched_at = util_now_ms() / 1000;
	return c;
}

void
catalog_free(Catalog *c)
{
	if (c == NULL)
		return;
	g_ptr_array_unref(c->models);
	g_free(c);
}

const CatalogModel *
catalog_find(const Catalog *c, const char *id)
{
	if (c == NULL || id == NULL)
		return NULL;
	for (guint i = 0; i < c->models->len; i++) {
		const CatalogModel *m = c->models->pdata[i];
		if (g_ascii_strcasecmp(m->id, id) == 0)
			return m;
	}
	return NULL;
}

const char *
catalog_suggest(const Catalog *c, const char *id)
{
	if (c == NULL || id == NULL)
		return NULL;
	g_autoptr(GPtrArray) ids = g_ptr_array_new();
	for (guint i = 0; i < c->models->len; i++)
		g_ptr_array_add(ids, ((CatalogModel *)c->models->pdata[i])->id);
	g_ptr_array_add(ids, NULL);
	const char *best = util_did_you_mean(id, (const char *const *)ids->pdata);
	if (best == NULL) {
		/* "gpt-4.1" for "openai/gpt-4.1": the publisher was left out. */
		for (guint i = 0; ids->pdata[i] != NULL; i++) {
			const char *slash = strchr(ids->pdata[i], '/');
			if (slash && g_ascii_strcasecmp(slash + 1, id) == 0)
				return ids->pdata[i];
		}
	}
	return best;
}

bool
catalog_is_chat_model(const CatalogModel *m)
{
	return g_strv_contains((const char *const *)m->input_modalities, "text") &&
	       g_strv_contains((const char *const *)m->output_modalities, "text");
}

/* ---- cache ------------------------------------------------------------------------------------ */

char *
catalog_cache_path(void)
{
	g_autofree char *dir = paths_dir(PATHS_CACHE);
	return g_build_filename(dir, "catalog.json", NULL);
}

/* ---- the tier index ---------------------------------------------------------------------------- */

/*
 * Every request needs its model's rate-limit tier, and parsing the whole cached catalogue
 * (tens of kilobytes from the service) for that one field cost more than the rest of a
 * request's bookkeeping.  A small index beside it answers just that question:
 *
 *   aurelis-tiers 1 <catalog.json size> <its mtime in ns> <fetched_at>
 *   <catalogue url>
 *   <id> <tier or ->          one line per model
 *
 * It is believed only while catalog.json still has the size and mtime it records, so any
 * change to the catalogue (a fetch, an edit, a deletion) retires it; a damaged index is
 * ignored and written again by the next full read.
 */

#define INDEX_MAGIC "aurelis-tiers 1"
#define MAX_INDEX ((size_t)1 << 20)

static char *
index_path(void)
{
	g_autofree char *dir = paths_dir(PATHS_CACHE);
	return g_build_filename(dir, "catalog.tiers", NULL);
}

static bool
catalog_stamp(const char *path, int64_t *size, int64_t *mtime_ns)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return false;
	*size = (int64_t)st.st_size;
	*mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	return true;
}

/* A catalogue fetched at `fetched` (epoch seconds) may be used: not from the future (a
 * little clock skew allowed) and younger than max_age seconds (any age when max_age < 0). */
static bool
fetched_fresh(double fetched, int64_t max_age)
{
	double now = (double)(util_now_ms() / 1000);
	return fetched <= now + 300 && (max_age < 0 || now - fetched < (double)max_age);
}

/* The index's lines when it was written for url and for catalog.json as it is now, else
 * NULL; *fetched gets the catalogue's fetch time.  Free with g_strfreev(). */
static char **
index_lines(const char *url, int64_t *fetched)
{
	g_autofree char *path = index_path();
	size_t len;
	g_autofree char *text = fs_read_file(path, MAX_INDEX, &len, NULL);
	if (text == NULL || strlen(text) != len)
		return NULL;
	char **lines = g_strsplit(text, "\n", -1);
	int64_t size, mtime, cur_size, cur_mtime;
	char tail;
	g_autofree char *cat_path = catalog_cache_path();
	if (lines[0] == NULL || lines[1] == NULL ||
	    sscanf(lines[0], INDEX_MAGIC " %" SCNd64 " %" SCNd64 " %" SCNd64 "%c", &size, &mtime, fetched,
		   &tail) != 3 ||
	    strcmp(lines[1], url) != 0 || !catalog_stamp(cat_path, &cur_size, &cur_mtime) ||
	    cur_size != size || cur_mtime != mtime) {
		g_strfreev(lines);
		return NULL;
	}
	return lines;
}

/* Writes the index for c, just read from catalog.json, unless it is already current. */
static void
write_index(const char *url, const Catalog *c)
{
	g_autofree char *cat_path = catalog_cache_path();
	int64_t size, mtime, fetched;
	if (strchr(url, '\n') != NULL || !catalog_stamp(cat_path, &size, &mtime))
		return;
	char **current = index_lines(url, &fetched);
	g_strfreev(current);
	if (current != NULL)
		return;
	g_autoptr(GString) s = g_string_new(NULL);
	g_string_append_printf(s, INDEX_MAGIC " %" PRId64 " %" PRId64 " %" PRId64 "\n%s\n", size, mtime,
			       c->fetched_at, url);
	for (guint i = 0; i < c->models->len; i++) {
		const CatalogModel *m = g_ptr_array_index(c->models, i);
		const char *tier = m->rate_limit_tier;
		if (strpbrk(m->id, " \n") != NULL || (tier != NULL && strpbrk(tier, " \n") != NULL))
			continue; /* not representable: the full catalogue answers for it */
		g_string_append_printf(s, "%s %s\n", m->id, tier != NULL && *tier ? tier : "-");
	}
	g_autofree char *path = index_path();
	g_autoptr(AurError) e = NULL;
	if (!fs_write_atomic(path, s->str, s->len, 0600, &e))
		log_msg(LOG_DEBUG, "catalog", "cannot write the tier index: %s", e->message);
}

bool
catalog_cached_tier(const char *url, const char *id, char **tier)
{
	*tier = NULL;
	int64_t fetched;
	char **lines = index_lines(url, &fetched);
	if (lines == NULL)
		return false;
	if (!fetched_fresh((double)fetched, CATALOG_MAX_AGE)) {
		g_strfreev(lines);
		return false;
	}
	bool found = false;
	size_t idlen = strlen(id);
	for (char **l = lines + 2; *l != NULL && !found; l++) {
		const char *sp = strchr(*l, ' ');
		if (sp == NULL || (size_t)(sp - *l) != idlen || g_ascii_strncasecmp(*l, id, idlen) != 0)
			continue;
		found = true;
		if (strcmp(sp + 1, "-") != 0 && sp[1] != '\0')
			*tier = g_strdup(sp + 1);
	}
	g_strfreev(lines);
	return found;
}

Catalog *
catalog_load_cached(const char *url, int64_t max_age)
{
	g_autofree char *path = catalog_cache_path();
	g_autofree char *text = fs_read_file(path, MAX_CATALOG, NULL, NULL);
	if (text == NULL)
		return NULL;
	cJSON *root = cJSON_Parse(text);
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(root, "url");
	const cJSON *at = cJSON_GetObjectItemCaseSensitive(root, "fetched_at");
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "models");
	Catalog *c = NULL;
	if (cJSON_IsString(u) && g_strcmp0(u->valuestring, url) == 0 && cJSON_IsNumber(at) &&
	    cJSON_IsArray(arr) && fetched_fresh(at->valuedouble, max_age)) {
		c = catalog_from_array(arr);
		c->fetched_at = (int64_t)at->valuedouble;
		c->from_cache = true;
	}
	cJSON_Delete(root);
	if (c != NULL)
		write_index(url, c);
	return c;
}

/* Writes the cache file; *fetched_at gets the time recorded in it.  False when not written. */
static bool
store_cache(const char *url, const char *json, size_t len, int64_t *fetched_at)
{
	cJSON *arr = cJSON_ParseWithLength(json, len);
	cJSON *root = cJSON_CreateObject();
	*fetched_at = util_now_ms() / 1000;
	cJSON_AddStringToObject(root, "url", url);
	cJSON_AddNumberToObject(root, "fetched_at", (double)*fetched_at);
	cJSON_AddItemToObject(root, "models", arr);
	char *text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	g_autoptr(AurError) e = NULL;
	g_autofree char *dir = paths_ensure(PATHS_CACHE, &e);
	g_autofree char *path = catalog_cache_path();
	bool ok = dir != NULL && fs_write_atomic(path, text, strlen(text), 0600, &e);
	if (!ok)
		log_msg(LOG_WARN, "catalog", "cannot cache the catalogue: %s", e ? e->message : "?");
	cJSON_free(text);
	return ok;
}

Catalog *
catalog_fetch(HttpClient *http, const char *url, const char *token, AurCancel *cancel,
	      long *status, AurError **err)
{
	HttpRequest req = { .method = "GET", .url = url, .token = token,
			    .accept = "application/json", .max_body = MAX_CATALOG };
	HttpResponse resp = { 0 };
	*status = 0;
	Catalog *c = NULL;
	if (!http_perform(http, &req, NULL, cancel, &resp, err))
		goto out;
	*status = resp.status;
	if (resp.status != 200) {
		ApiError api;
		models_parse_error(resp.body->str, resp.body->len, &api);
		models_status_error(resp.status, &api, "the model catalogue", err);
		models_api_error_clear(&api);
		goto out;
	}
	if (resp.body_truncated) {
		aur_error_set(err, AUR_ERR_MODEL, "Check catalog_url.", "the model catalogue is larger than 16 MiB");
		goto out;
	}
	c = catalog_parse(resp.body->str, resp.body->len, err);
	if (c != NULL && store_cache(url, resp.body->str, resp.body->len, &c->fetched_at))
		write_index(url, c);
out:
	http_response_clear(&resp);
	return c;
}

Catalog *
catalog_get(HttpClient *http, const char *url, const char *token, bool refresh, AurCancel *cancel,
	    AurError **err)
{
	if (!refresh) {
		Catalog *c = catalog_load_cached(url, CATALOG_MAX_AGE);
		if (c != NULL)
			return c;
	}
	long status;
	return catalog_fetch(http, url, token, cancel, &status, err);
}
