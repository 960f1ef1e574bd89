/* SPDX-License-Identifier: MIT */
/* `aurelis config`: show, get, set, unset, validate and locate configuration. */
#include "autoconfig.h"

#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "app.h"
#include "cfgedit.h"
#include "cmds.h"
#include "fsutil.h"
#include "log.h"
#include "paths.h"
#include "term.h"
#include "util.h"

static const AurOption config_options[] = {
	{ "sources", 0, OPT_FLAG, NULL, "show: where each value came from", COMPLETE_NONE, NULL },
	{ "user", 0, OPT_FLAG, NULL, "set/unset: edit the user file (the default)", COMPLETE_NONE, NULL },
	{ "project", 0, OPT_FLAG, NULL, "set/unset: edit .aurelis.yaml in the project", COMPLETE_NONE, NULL },
	{ NULL, 0, 0, NULL, NULL, 0, NULL },
};

static const AurSubcommand config_subcommands[] = {
	{ "show", "print the effective configuration ([--sources] [--json])" },
	{ "get", "print one value, or a section's values: config get KEY|SECTION" },
	{ "set", "set a value in a file: config set [--user|--project] KEY VALUE" },
	{ "unset", "remove a key from a file: config unset [--user|--project] KEY" },
	{ "validate", "check the configuration files, or one FILE" },
	{ "path", "list the configuration files and whether they exist" },
	{ "keys", "list every key with its type, default and meaning" },
	{ NULL, NULL },
};

/* Value text for display: token-shaped strings never reach the terminal. */
static char *
display_text(const ConfigValue *v)
{
	if (v->type == CFG_LIST) {
		g_autofree char *inner = log_redact(v->text);
		return g_strdup_printf("[%s]", inner);
	}
	return log_redact(v->text);
}

static cJSON *
value_json(const ConfigValue *v)
{
	switch (v->type) {
	case CFG_BOOL:
		return cJSON_CreateBool(v->num != 0);
	case CFG_INT:
	case CFG_DURATION:
	case CFG_SIZE:
		return cJSON_CreateNumber((double)v->num);
	case CFG_FLOAT:
		return cJSON_CreateNumber(v->dbl);
	case CFG_LIST: {
		cJSON *arr = cJSON_CreateArray();
		for (guint i = 0; i + 1 < v->list->len; i++) {
			g_autofree char *s = log_redact(v->list->pdata[i]);
			cJSON_AddItemToArray(arr, cJSON_CreateString(s));
		}
		return arr;
	}
	default: {
		g_autofree char *s = log_redact(v->text);
		return cJSON_CreateString(s);
	}
	}
}

static void
print_json(cJSON *obj)
{
	char *s = cJSON_Print(obj);
	puts(s);
	cJSON_free(s);
	cJSON_Delete(obj);
}

static char *
source_text(const ConfigValue *v)
{
	if (v->line > 0)
		return g_strdup_printf("%s %s:%d", config_layer_name(v->layer), v->file, v->line);
	if (v->layer == CFG_LAYER_DEFAULT)
		return g_strdup("default");
	return g_strdup_printf("%s (%s)", config_layer_name(v->layer), v->file);
}

static int
config_show(AurContext *ctx, const AurArgs *args)
{
	bool sources = args_flag(args, "sources");
	g_autoptr(GPtrArray) keys = config_keys(ctx->cfg);
	if (ctx->json) {
		cJSON *obj = cJSON_CreateObject();
		for (guint i = 0; i < keys->len; i++) {
			const ConfigValue *v = config_lookup(ctx->cfg, keys->pdata[i]);
			cJSON *val = value_json(v);
			if (sources) {
				cJSON *o = cJSON_CreateObject();
				cJSON_AddItemToObject(o, "value", val);
				cJSON_AddStringToObject(o, "source", config_layer_name(v->layer));
				if (v->layer != CFG_LAYER_DEFAULT)
					cJSON_AddStringToObject(o, "origin", v->file);
				if (v->line > 0) {
					cJSON_AddNumberToObject(o, "line", v->line);
					cJSON_AddNumberToObject(o, "column", v->col);
				}
				val = o;
			}
			cJSON_AddItemToObject(obj, v->key, val);
		}
		print_json(obj);
		return 0;
	}
	size_t width = 0;
	for (guint i = 0; i < keys->len; i++)
		width = MAX(width, strlen(keys->pdata[i]));
	GString *out = g_string_sized_new(4096);
	const char *dim = term_sgr(stdout, TERM_DIM), *off = term_sgr(stdout, TERM_RESET);
	for (guint i = 0; i < keys->len; i++) {
		const ConfigValue *v = config_lookup(ctx->cfg, keys->pdata[i]);
		g_autofree char *text = display_text(v);
		if (sources) {
			g_autofree char *src = source_text(v);
			g_string_append_printf(out, "%-*s = %s  %s# %s%s\n", (int)width, v->key, text,
					       dim, src, off);
		} else {
			g_string_append_printf(out, "%-*s = %s\n", (int)width, v->key, text);
		}
	}
	fwrite(out->str, 1, out->len, stdout);
	g_string_free(out, TRUE);
	return 0;
}

static int
unknown_key(const char *key)
{
	g_autofree char *near = config_suggest_key(key);
	g_autoptr(AurError) e = NULL;
	g_autofree char *hint = near ? g_strdup_printf("Did you mean '%s'?", near)
				     : g_strdup("`aurelis config show` lists the keys; aurelis.yaml(5) describes them.");
	aur_error_set(&e, AUR_ERR_USAGE, hint, "unknown configuration key '%s'", key);
	return aur_error_report(e);
}

/* `config get SECTION` ("analysis.rules", "models.routes"): every key under it that has a
 * value, as `config show` prints them (a JSON object with --json). */
static int
get_section(AurContext *ctx, const char *section)
{
	g_autofree char *prefix = g_strconcat(section, ".", NULL);
	g_autoptr(GPtrArray) keys = config_keys(ctx->cfg);
	cJSON *obj = ctx->json ? cJSON_CreateObject() : NULL;
	for (guint i = 0; i < keys->len; i++) {
		const ConfigValue *v = config_lookup(ctx->cfg, keys->pdata[i]);
		if (v == NULL || !g_str_has_prefix(v->key, prefix))
			continue;
		if (obj != NULL) {
			cJSON_AddItemToObject(obj, v->key, value_json(v));
		} else {
			g_autofree char *text = display_text(v);
			printf("%s = %s\n", v->key, text);
		}
	}
	if (obj != NULL)
		print_json(obj);
	return 0;
}

static int
config_get(AurContext *ctx, const AurArgs *args)
{
	if (args_npos(args) != 2) {
		g_autoptr(AurError) e = NULL;
		cli_usage_error(&e, ctx->command, "config get takes exactly one KEY");
		return aur_error_report(e);
	}
	const char *key = args_pos(args, 1);
	if (config_schema_find(key) == NULL)
		return config_schema_is_section(key) ? get_section(ctx, key) : unknown_key(key);
	const ConfigValue *v = config_lookup(ctx->cfg, key);
	if (ctx->json) {
		print_json(v ? value_json(v) : cJSON_CreateNull());
		return 0;
	}
	if (v == NULL)
		return 0; /* known key without a value: empty output */
	if (v->type == CFG_LIST) {
		for (guint i = 0; i + 1 < v->list->len; i++) {
			g_autofree char *s = log_redact(v->list->pdata[i]);
			puts(s);
		}
	} else {
		g_autofree char *s = log_redact(v->text);
		puts(s);
	}
	return 0;
}

/* The file that set/unset edit. */
static char *
target_file(AurContext *ctx, const AurArgs *args, AurError **err)
{
	if (args_flag(args, "user") && args_flag(args, "project")) {
		cli_usage_error(err, ctx->command, "--user and --project cannot be used together");
		return NULL;
	}
	if (!args_flag(args, "project"))
		return ctx->config_file ? g_strdup(ctx->config_file) : paths_user_config();
	return cfgedit_project_file();
}

static int
config_set(AurContext *ctx, const AurArgs *args)
{
	g_autoptr(AurError) e = NULL;
	if (args_npos(args) != 3) {
		cli_usage_error(&e, ctx->command, "config set takes a KEY and a VALUE");
		return aur_error_report(e);
	}
	const char *key = args_pos(args, 1), *value = args_pos(args, 2);
	const ConfigKeyInfo *info = config_schema_find(key);
	if (info == NULL)
		return unknown_key(key);
	bool project = args_flag(args, "project");
	if (project && (info->flags & CFG_TRUSTED)) {
		aur_error_set(&e, AUR_ERR_USAGE, "Set it with --user or in the environment instead.",
			      "%s cannot be set in a project file: a project file comes with the repository "
			      "and could send your token or files elsewhere", key);
		return aur_error_report(e);
	}
	g_autofree char *yaml = config_format_yaml_value(key, value, &e);
	if (yaml == NULL)
		return aur_error_report(e);
	g_autofree char *path = target_file(ctx, args, &e);
	if (path == NULL)
		return aur_error_report(e);
	if (!cfgedit_update_file(path, key, yaml, project ? CFG_LAYER_PROJECT : CFG_LAYER_USER, &e))
		return aur_error_report(e);
	if (!ctx->quiet)
		term_message(TERM_MSG_INFO, "%s: %s = %s", path, key, yaml);
	return 0;
}

static int
config_unset(AurContext *ctx, const AurArgs *args)
{
	g_autoptr(AurError) e = NULL;
	if (args_npos(args) != 2) {
		cli_usage_error(&e, ctx->command, "config unset takes exactly one KEY");
		return aur_error_report(e);
	}
	const char *key = args_pos(args, 1);
	if (config_schema_find(key) == NULL)
		return unknown_key(key);
	g_autofree char *path = target_file(ctx, args, &e);
	if (path == NULL)
		return aur_error_report(e);
	g_autofree char *old = cfgedit_read_file(path, &e);
	if (old == NULL)
		return aur_error_report(e);
	bool found = false;
	g_autofree char *updated = cfgedit_unset(old, path, key, &found, &e);
	if (updated == NULL)
		return aur_error_report(e);
	if (!found) {
		term_message(TERM_MSG_INFO, "%s: %s was not set there; nothing changed", path, key);
		return 0;
	}
	bool project = args_flag(args, "project");
	if (!cfgedit_commit(path, updated, project ? CFG_LAYER_PROJECT : CFG_LAYER_USER, &e))
		return aur_error_report(e);
	term_message(TERM_MSG_INFO, "%s: removed %s", path, key);
	return 0;
}

static int
config_validate(AurContext *ctx, const AurArgs *args)
{
	g_autoptr(AurError) e = NULL;
	g_autoptr(AurConfig) cfg = config_new();
	bool ok;
	if (args_npos(args) >= 2) {
		const char *file = args_pos(args, 1);
		ok = config_load_file(cfg, file, CFG_LAYER_USER, true, &e);
	} else {
		ConfigLoadOptions opts = { .config_file = ctx->config_file };
		ok = config_load(cfg, &opts, &e);
	}
	const GPtrArray *w = config_warnings(cfg);
	for (guint i = 0; i < w->len; i++)
		term_message(TERM_MSG_WARNING, "%s", (const char *)w->pdata[i]);
	if (!ok)
		return aur_error_report(e);
	const GPtrArray *files = config_files(cfg);
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddBoolToObject(o, "valid", true);
		cJSON *arr = cJSON_AddArrayToObject(o, "files");
		for (guint i = 0; i < files->len; i++)
			cJSON_AddItemToArray(arr, cJSON_CreateString(files->pdata[i]));
		cJSON *warr = cJSON_AddArrayToObject(o, "warnings");
		for (guint i = 0; i < w->len; i++)
			cJSON_AddItemToArray(warr, cJSON_CreateString(w->pdata[i]));
		print_json(o);
		return 0;
	}
	for (guint i = 0; i < files->len; i++)
		printf("%s: ok\n", (const char *)files->pdata[i]);
	if (files->len == 0)
		printf("no configuration files; built-in defaults in use\n");
	return 0;
}

static int
config_path(AurContext *ctx, const AurArgs *args)
{
	g_autofree char *user = ctx->config_file ? g_strdup(ctx->config_file) : paths_user_config();
	g_autoptr(AurError) e = NULL;
	g_autofree char *cwd = g_get_current_dir();
	g_autofree char *project = g_build_filename(cwd, ".aurelis.yaml", NULL);
	const struct { const char *layer; const char *path; } rows[] = {
		{ "system", paths_system_config() },
		{ "user", user },
	};
	cJSON *arr = ctx->json ? cJSON_CreateArray() : NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
		bool exists = g_file_test(rows[i].path, G_FILE_TEST_EXISTS);
		if (arr) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "layer", rows[i].layer);
			cJSON_AddStringToObject(o, "path", rows[i].path);
			cJSON_AddBoolToObject(o, "exists", exists);
			cJSON_AddItemToArray(arr, o);
		} else {
			printf("%-8s %s%s\n", rows[i].layer, rows[i].path, exists ? "" : " (not present)");
		}
	}
	/* The project file actually used, if any. */
	g_autoptr(AurConfig) cfg = config_new();
	ConfigLoadOptions opts = { .config_file = ctx->config_file };
	(void)config_load(cfg, &opts, &e);
	const GPtrArray *files = config_files(cfg);
	const char *proj = NULL;
	for (guint i = 0; i < files->len; i++)
		if (g_str_has_suffix(files->pdata[i], "/.aurelis.yaml"))
			proj = files->pdata[i];
	if (arr) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "layer", "project");
		cJSON_AddStringToObject(o, "path", proj ? proj : project);
		cJSON_AddBoolToObject(o, "exists", proj != NULL);
		cJSON_AddItemToArray(arr, o);
		print_json(arr);
	} else {
		printf("%-8s %s%s\n", "project", proj ? proj : project, proj ? "" : " (not present)");
	}
	return 0;
}

static int
config_keys_cmd(AurContext *ctx, const AurArgs *args)
{
	size_t n;
	const ConfigKeyInfo *schema = config_schema(&n);
	cJSON *arr = ctx->json ? cJSON_CreateArray() : NULL;
	for (size_t i = 0; i < n; i++) {
		const ConfigKeyInfo *k = &schema[i];
		g_autofree char *type = k->type == CFG_ENUM
			? g_strdup_printf("%s", k->choices) : g_strdup(config_type_name(k->type));
		if (arr != NULL) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "key", k->key);
			cJSON_AddStringToObject(o, "type", type);
			if (k->def != NULL)
				cJSON_AddStringToObject(o, "default", k->def);
			cJSON_AddBoolToObject(o, "project_allowed", !(k->flags & CFG_TRUSTED));
			cJSON_AddStringToObject(o, "doc", k->doc);
			cJSON_AddItemToArray(arr, o);
		} else {
			printf("%s (%s%s%s)\n    %s\n", k->key, type, k->def ? ", default " : "",
			       k->def ? k->def : "", k->doc);
		}
	}
	if (arr != NULL)
		print_json(arr);
	return 0;
}

static int
run_config(AurContext *ctx, AurArgs *args)
{
	static const struct {
		const char *name;
		int (*fn)(AurContext *, const AurArgs *);
		bool needs_config;
	} subs[] = {
		{ "show", config_show, true },   { "get", config_get, true },
		{ "set", config_set, false },    { "unset", config_unset, false },
		{ "validate", config_validate, false }, { "path", config_path, false },
		{ "keys", config_keys_cmd, false },
	};
	const char *sub = args_npos(args) > 0 ? args_pos(args, 0) : "show";
	for (size_t i = 0; i < G_N_ELEMENTS(subs); i++) {
		if (strcmp(sub, subs[i].name) != 0)
			continue;
		if (subs[i].needs_config) {
			g_autoptr(AurError) e = NULL;
			if (!app_load_config(ctx, args, &e))
				return aur_error_report(e);
		}
		return subs[i].fn(ctx, args);
	}
	return cli_unknown_subcommand(&cmd_config, sub, NULL);
}

const AurCommand cmd_config = {
	.name = "config",
	.summary = "show, get, set and check configuration",
	.usage = "[show|get|set|unset|validate|path|keys] [ARGS] [OPTIONS]",
	.description = "Values come from built-in defaults, /etc/aurelis/config.yaml, the user file, "
		       "the project's .aurelis.yaml, the environment and flags, each overriding the one "
		       "before.  `set` and `unset` edit one file in place, keep its comments, check the "
		       "result and replace the file atomically.",
	.options = config_options,
	.subcommands = config_subcommands,
	.positional = COMPLETE_CONFIG_KEY,
	.no_config = true,
	.run = run_config,
};
