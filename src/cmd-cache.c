/* SPDX-License-Identifier: MIT */
/* `aurelis cache`: see, inspect, prune and clear the response cache. */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cache.h"
#include "cmds.h"
#include "term.h"
#include "util.h"

static const AurOption cache_options[] = {
	{ "yes", 'y', OPT_FLAG, NULL, "clear: do not ask for confirmation", COMPLETE_NONE, NULL },
	{ NULL, 0, 0, NULL, NULL, 0, NULL },
};

static const AurSubcommand cache_subcommands[] = {
	{ "stats", "entries, size, limits and TTL of the cache (the default)" },
	{ "list", "every cached answer, most recently used first" },
	{ "show", "one cached answer and its details: cache show KEY (a unique prefix will do)" },
	{ "clear", "remove every cached answer (asks first on a terminal; --yes does not)" },
	{ "prune", "remove expired and damaged entries and enforce the size limits" },
	{ NULL, NULL },
};

static void
print_json(cJSON *obj)
{
	char *s = cJSON_Print(obj);
	puts(s);
	cJSON_free(s);
	cJSON_Delete(obj);
}

static cJSON *
json_time(int64_t ms)
{
	if (ms <= 0)
		return cJSON_CreateNull();
	g_autofree char *t = util_rfc3339_ms(ms);
	return cJSON_CreateString(t);
}

static char *
ago(int64_t now, int64_t then)
{
	if (then <= 0)
		return g_strdup("-");
	g_autofree char *d = util_format_duration(MAX(now - then, 0) / 1000);
	return g_strdup_printf("%s ago", d);
}

static int
usage(AurContext *ctx, const char *msg)
{
	g_autoptr(AurError) e = NULL;
	cli_usage_error(&e, ctx->command, "%s", msg);
	return aur_error_report(e);
}

/* ---- stats ---------------------------------------------------------------------------------- */

static void
stats_text(AurContext *ctx, Cache *c, const CacheSummary *s)
{
	int64_t now = util_now_ms();
	int64_t max_entries = config_get_int(ctx->cfg, "cache.max_entries");
	g_autofree char *size = util_format_size(s->bytes);
	g_autofree char *max_size = util_format_size(config_get_int(ctx->cfg, "cache.max_bytes"));
	g_autofree char *ttl = util_format_duration(cache_ttl_for(c, NULL));
	g_autofree char *newest = ago(now, s->newest_used_ms);
	g_autofree char *oldest = ago(now, s->oldest_used_ms);
	printf("directory  %s\n", cache_dir(c));
	printf("enabled    %s\n", config_get_bool(ctx->cfg, "cache.enabled") ? "yes" : "no (cache.enabled: false)");
	printf("entries    %" G_GINT64_FORMAT " of at most %" G_GINT64_FORMAT " (%" G_GINT64_FORMAT
	       " expired)\n", s->entries, max_entries, s->expired);
	printf("size       %s of at most %s\n", size, max_size);
	printf("ttl        %s", ttl);
	static const char prefix[] = "cache.ttl_by_task.";
	g_autoptr(GPtrArray) keys = config_keys_with_prefix(ctx->cfg, prefix);
	for (guint i = 0; i < keys->len; i++) {
		const char *k = keys->pdata[i];
		g_autofree char *t = util_format_duration(config_get_int(ctx->cfg, k));
		printf("%s%s %s", i == 0 ? " (" : ", ", k + strlen(prefix), t);
	}
	printf("%s\n", keys->len > 0 ? ")" : "");
	printf("last used  newest %s, oldest %s\n", newest, oldest);
	if (s->corrupt > 0 || s->temp > 0)
		printf("damaged    %" G_GINT64_FORMAT " entries, %" G_GINT64_FORMAT
		       " temporary files (`aurelis cache prune` removes them)\n", s->corrupt, s->temp);
}

static int
cache_stats(AurContext *ctx, Cache *c, const AurArgs *args)
{
	if (args_npos(args) > 1)
		return usage(ctx, "cache stats takes no arguments");
	CacheSummary s;
	g_autoptr(AurError) e = NULL;
	g_autoptr(GPtrArray) entries = cache_list(c, &s, &e);
	if (entries == NULL)
		return aur_error_report(e);
	if (!ctx->json) {
		stats_text(ctx, c, &s);
		return 0;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "dir", cache_dir(c));
	cJSON_AddBoolToObject(o, "enabled", config_get_bool(ctx->cfg, "cache.enabled"));
	cJSON_AddNumberToObject(o, "entries", (double)s.entries);
	cJSON_AddNumberToObject(o, "bytes", (double)s.bytes);
	cJSON_AddNumberToObject(o, "expired", (double)s.expired);
	cJSON_AddNumberToObject(o, "corrupt", (double)s.corrupt);
	cJSON_AddNumberToObject(o, "temp_files", (double)s.temp);
	cJSON_AddNumberToObject(o, "max_entries", (double)config_get_int(ctx->cfg, "cache.max_entries"));
	cJSON_AddNumberToObject(o, "max_bytes", (double)config_get_int(ctx->cfg, "cache.max_bytes"));
	cJSON_AddNumberToObject(o, "ttl_s", (double)cache_ttl_for(c, NULL));
	cJSON_AddItemToObject(o, "oldest_used", json_time(s.oldest_used_ms));
	cJSON_AddItemToObject(o, "newest_used", json_time(s.newest_used_ms));
	print_json(o);
	return 0;
}

/* ---- list and show ---------------------------------------------------------------------------- */

static cJSON *
entry_json(const CacheEntry *e, bool with_answer)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "key", e->key);
	cJSON_AddStringToObject(o, "model", e->model);
	cJSON_AddItemToObject(o, "task", e->task ? cJSON_CreateString(e->task) : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "finish_reason",
			      e->finish_reason ? cJSON_CreateString(e->finish_reason) : cJSON_CreateNull());
	cJSON *u = cJSON_AddObjectToObject(o, "usage");
	if (e->prompt_tokens >= 0)
		cJSON_AddNumberToObject(u, "prompt_tokens", (double)e->prompt_tokens);
	if (e->completion_tokens >= 0)
		cJSON_AddNumberToObject(u, "completion_tokens", (double)e->completion_tokens);
	if (e->total_tokens >= 0)
		cJSON_AddNumberToObject(u, "total_tokens", (double)e->total_tokens);
	cJSON_AddItemToObject(o, "created", json_time(e->created_ms));
	cJSON_AddItemToObject(o, "last_used", json_time(e->last_used_ms));
	cJSON_AddNumberToObject(o, "size", (double)e->size);
	cJSON_AddBoolToObject(o, "expired", e->expired);
	if (with_answer)
		cJSON_AddStringToObject(o, "answer", e->answer);
	return o;
}

static int
cache_list_cmd(AurContext *ctx, Cache *c, const AurArgs *args)
{
	if (args_npos(args) > 1)
		return usage(ctx, "cache list takes no arguments");
	g_autoptr(AurError) e = NULL;
	g_autoptr(GPtrArray) entries = cache_list(c, NULL, &e);
	if (entries == NULL)
		return aur_error_report(e);
	if (ctx->json) {
		cJSON *a = cJSON_CreateArray();
		for (guint i = 0; i < entries->len; i++)
			cJSON_AddItemToArray(a, entry_json(entries->pdata[i], false));
		print_json(a);
		return 0;
	}
	if (entries->len == 0) {
		term_message(TERM_MSG_INFO, "the cache is empty (%s)", cache_dir(c));
		return 0;
	}
	int64_t now = util_now_ms();
	printf("%-12s  %-28s  %-9s  %9s  %-14s  %s\n", "KEY", "MODEL", "TASK", "SIZE", "CREATED", "LAST USED");
	for (guint i = 0; i < entries->len; i++) {
		const CacheEntry *en = entries->pdata[i];
		g_autofree char *size = util_format_size(en->size);
		g_autofree char *created = ago(now, en->created_ms);
		g_autofree char *used = ago(now, en->last_used_ms);
		printf("%.12s  %-28s  %-9s  %9s  %-14s  %s%s\n", en->key, en->model,
		       en->task ? en->task : "-", size, created, used, en->expired ? "  (expired)" : "");
	}
	return 0;
}

static void
show_text(Cache *c, const CacheEntry *e)
{
	g_autofree char *created = util_rfc3339_ms(e->created_ms);
	g_autofree char *used = util_rfc3339_ms(e->last_used_ms);
	g_autofree char *expires = util_rfc3339_ms(e->created_ms + cache_ttl_for(c, e->task) * 1000);
	g_autofree char *size = util_format_size(e->size);
	printf("key            %s\n", e->key);
	printf("model          %s\n", e->model);
	printf("task           %s\n", e->task ? e->task : "-");
	printf("created        %s\n", created);
	printf("last used      %s\n", used);
	printf("expires        %s%s\n", expires, e->expired ? " (expired)" : "");
	printf("size           %s\n", size);
	if (e->prompt_tokens >= 0 || e->completion_tokens >= 0)
		printf("tokens         %" G_GINT64_FORMAT " in, %" G_GINT64_FORMAT " out\n",
		       MAX(e->prompt_tokens, 0), MAX(e->completion_tokens, 0));
	printf("finish reason  %s\n\n", e->finish_reason ? e->finish_reason : "-");
	size_t n = strlen(e->answer);
	fwrite(e->answer, 1, n, stdout);
	if (n > 0 && e->answer[n - 1] != '\n')
		putchar('\n');
}

static int
cache_show(AurContext *ctx, Cache *c, const AurArgs *args)
{
	if (args_npos(args) != 2)
		return usage(ctx, "cache show takes exactly one KEY (or a unique prefix of one)");
	g_autoptr(AurError) e = NULL;
	g_autofree char *key = cache_resolve_prefix(c, args_pos(args, 1), &e);
	g_autoptr(CacheEntry) entry = key ? cache_peek(c, key, &e) : NULL;
	if (entry == NULL)
		return aur_error_report(e);
	if (ctx->json)
		print_json(entry_json(entry, true));
	else
		show_text(c, entry);
	return 0;
}

/* ---- clear and prune ------------------------------------------------------------------------ */

/* Ask on the terminal; false unless the answer starts with y. */
static bool
confirm(const char *question)
{
	fprintf(stderr, "%s [y/N] ", question);
	fflush(stderr);
	char line[64];
	if (fgets(line, sizeof line, stdin) == NULL)
		return false;
	return line[0] == 'y' || line[0] == 'Y';
}

static int
cache_clear_cmd(AurContext *ctx, Cache *c, const AurArgs *args)
{
	if (args_npos(args) > 1)
		return usage(ctx, "cache clear takes no arguments");
	g_autoptr(AurError) e = NULL;
	if (!args_flag(args, "yes")) {
		if (!term_isatty(STDIN_FILENO) || !term_isatty(STDERR_FILENO)) {
			aur_error_set(&e, AUR_ERR_USAGE, "Add --yes to clear it without a terminal to ask on.",
				      "refusing to clear the cache without confirmation");
			return aur_error_report(e);
		}
		CacheSummary s = { 0 };
		GPtrArray *entries = cache_list(c, &s, NULL);
		if (entries != NULL)
			g_ptr_array_unref(entries);
		g_autofree char *size = util_format_size(s.bytes);
		g_autofree char *q = g_strdup_printf("Remove all %" G_GINT64_FORMAT " cached answers (%s) from %s?",
						     s.entries, size, cache_dir(c));
		if (!confirm(q)) {
			term_message(TERM_MSG_INFO, "nothing removed");
			return 0;
		}
	}
	int64_t removed = 0;
	if (!cache_clear(c, &removed, &e))
		return aur_error_report(e);
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "removed", (double)removed);
		print_json(o);
	} else {
		term_message(TERM_MSG_INFO, "removed %" G_GINT64_FORMAT " cached answer%s", removed,
			     removed == 1 ? "" : "s");
	}
	return 0;
}

static int
cache_prune_cmd(AurContext *ctx, Cache *c, const AurArgs *args)
{
	if (args_npos(args) > 1)
		return usage(ctx, "cache prune takes no arguments");
	g_autoptr(AurError) e = NULL;
	CachePruneResult r;
	if (!cache_prune(c, &r, &e))
		return aur_error_report(e);
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "expired", (double)r.expired);
		cJSON_AddNumberToObject(o, "corrupt", (double)r.corrupt);
		cJSON_AddNumberToObject(o, "temp_files", (double)r.temp);
		cJSON_AddNumberToObject(o, "evicted", (double)r.evicted);
		cJSON_AddNumberToObject(o, "kept", (double)r.kept);
		cJSON_AddNumberToObject(o, "kept_bytes", (double)r.kept_bytes);
		print_json(o);
		return 0;
	}
	g_autofree char *kept = util_format_size(r.kept_bytes);
	printf("removed %" G_GINT64_FORMAT " expired, %" G_GINT64_FORMAT " damaged, %" G_GINT64_FORMAT
	       " over the limits, %" G_GINT64_FORMAT " stale temporary files; kept %" G_GINT64_FORMAT
	       " (%s)\n", r.expired, r.corrupt, r.evicted, r.temp, r.kept, kept);
	return 0;
}

static int
run_cache(AurContext *ctx, AurArgs *args)
{
	static const struct {
		const char *name;
		int (*fn)(AurContext *, Cache *, const AurArgs *);
	} subs[] = {
		{ "stats", cache_stats }, { "list", cache_list_cmd }, { "show", cache_show },
		{ "clear", cache_clear_cmd }, { "prune", cache_prune_cmd },
	};
	const char *sub = args_npos(args) > 0 ? args_pos(args, 0) : "stats";
	g_autoptr(Cache) c = cache_new_from_config(ctx->cfg);
	for (size_t i = 0; i < G_N_ELEMENTS(subs); i++)
		if (strcmp(sub, subs[i].name) == 0)
			return subs[i].fn(ctx, c, args);
	return cli_unknown_subcommand(&cmd_cache, sub, NULL);
}

const AurCommand cmd_cache = {
	.name = "cache",
	.summary = "see, inspect, prune and clear cached answers",
	.usage = "[stats|list|show KEY|clear|prune] [--json] [--yes]",
	.description = "Answers to identical requests (same endpoint, organisation, model, messages "
		       "and sampling parameters) are kept under cache.dir for cache.ttl and replayed "
		       "without a request.  The least recently used go first when cache.max_entries "
		       "or cache.max_bytes is reached; damaged entries are never replayed.",
	.options = cache_options,
	.subcommands = cache_subcommands,
	.run = run_cache,
};
