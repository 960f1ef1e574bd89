/* SPDX-License-Identifier: MIT */
/* `aurelis theme`: list, preview and check colour themes, and list the elements they set. */
#include "autoconfig.h"

#include <string.h>

#include <cjson/cJSON.h>

#include "app.h"
#include "cmds.h"
#include "term.h"
#include "theme.h"
#include "util.h"

static const AurOption theme_options[] = {
	{ "colors", 0, OPT_VALUE, "N", "show: colours even when not on a terminal: 256, 16 or 8", COMPLETE_CHOICES, "256|16|8" },
	{ NULL, 0, 0, NULL, NULL, 0, NULL },
};

static const AurSubcommand theme_subcommands[] = {
	{ "list", "the themes there are, the one in use marked with *" },
	{ "show", "every element drawn in a theme's style: theme show [NAME]" },
	{ "check", "check a theme by name or file: theme check NAME|FILE" },
	{ "elements", "every element a theme can style, with what it is" },
	{ NULL, NULL },
};

static void
print_json(cJSON *o)
{
	char *s = cJSON_Print(o);
	printf("%s\n", s);
	free(s);
	cJSON_Delete(o);
}

static void
print_warnings(const GPtrArray *w)
{
	for (guint i = 0; i < w->len; i++)
		term_message(TERM_MSG_WARNING, "%s", (const char *)w->pdata[i]);
}

static int
theme_list_cmd(AurContext *ctx, const AurArgs *args)
{
	g_autoptr(GPtrArray) names = theme_list();
	const char *current = config_get_string(ctx->cfg, "ui.theme");
	cJSON *arr = ctx->json ? cJSON_CreateArray() : NULL;
	for (guint i = 0; i < names->len; i++) {
		const char *name = names->pdata[i];
		g_autoptr(Theme) t = theme_load(name, NULL, NULL);
		g_autofree char *path = theme_find(name);
		const char *desc = t ? theme_description(t) : "(does not load: see theme check)";
		if (arr != NULL) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "name", name);
			cJSON_AddStringToObject(o, "description", desc);
			cJSON_AddStringToObject(o, "file", path ? path : "");
			cJSON_AddBoolToObject(o, "current", strcmp(name, current) == 0);
			cJSON_AddItemToArray(arr, o);
		} else {
			printf("%s %-16s %s\n", strcmp(name, current) == 0 ? "*" : " ", name, desc);
		}
	}
	if (arr != NULL)
		print_json(arr);
	return 0;
}

static ThemeDepth
show_depth(const AurArgs *args)
{
	const char *forced = args_value(args, "colors");
	if (forced != NULL)
		return strcmp(forced, "256") == 0 ? THEME_DEPTH_256
		       : strcmp(forced, "16") == 0 ? THEME_DEPTH_16 : THEME_DEPTH_8;
	if (!term_color_stdout())
		return THEME_DEPTH_NONE;
	return theme_depth_from_env(getenv("TERM"), getenv("COLORTERM"));
}

static int
theme_show(AurContext *ctx, const AurArgs *args)
{
	const char *name = args_npos(args) > 1 ? args_pos(args, 1)
						: config_get_string(ctx->cfg, "ui.theme");
	g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(AurError) e = NULL;
	g_autoptr(Theme) t = theme_load(name, w, &e);
	print_warnings(w);
	if (t == NULL)
		return aur_error_report(e);
	ThemeDepth depth = show_depth(args);
	bool color = depth != THEME_DEPTH_NONE;
	printf("%s: %s\n", theme_name(t), theme_description(t));
	g_autoptr(GString) line = g_string_new(NULL);
	for (int i = 0; i < ELEM__COUNT; i++) {
		guint8 el = (guint8)i;
		ThemeStyle st = theme_resolve(t, &el, 1);
		g_string_truncate(line, 0);
		g_string_append_printf(line, "  %-18s ", theme_elem_name((ThemeElem)i));
		if (color)
			theme_sgr_append(line, &st, depth);
		g_string_append(line, theme_elem_doc((ThemeElem)i));
		if (color)
			g_string_append(line, "\033[0m");
		printf("%s\n", line->str);
	}
	return 0;
}

static int
theme_check(AurContext *ctx, const AurArgs *args)
{
	g_autoptr(AurError) e = NULL;
	if (args_npos(args) < 2) {
		cli_usage_error(&e, &cmd_theme, "theme check needs a theme name or file");
		return aur_error_report(e);
	}
	const char *what = args_pos(args, 1);
	bool file = strchr(what, '/') != NULL || g_str_has_suffix(what, ".yaml");
	g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(Theme) t = file ? theme_load_file(what, w, &e) : theme_load(what, w, &e);
	print_warnings(w);
	if (t == NULL)
		return aur_error_report(e);
	g_autofree char *path = file ? g_strdup(what) : theme_find(what);
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "file", path ? path : what);
		cJSON_AddBoolToObject(o, "valid", true);
		cJSON *arr = cJSON_AddArrayToObject(o, "warnings");
		for (guint i = 0; i < w->len; i++)
			cJSON_AddItemToArray(arr, cJSON_CreateString(w->pdata[i]));
		print_json(o);
	} else if (w->len == 0) {
		printf("%s: ok\n", path ? path : what);
	} else {
		printf("%s: usable, with %u warning%s\n", path ? path : what, w->len,
		       w->len == 1 ? "" : "s");
	}
	return 0;
}

static int
theme_elements(AurContext *ctx, const AurArgs *args)
{
	cJSON *arr = ctx->json ? cJSON_CreateArray() : NULL;
	for (int i = 0; i < ELEM__COUNT; i++) {
		const char *name = theme_elem_name((ThemeElem)i), *doc = theme_elem_doc((ThemeElem)i);
		if (arr != NULL) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "name", name);
			cJSON_AddStringToObject(o, "doc", doc);
			cJSON_AddItemToArray(arr, o);
		} else {
			printf("%-18s %s\n", name, doc);
		}
	}
	if (arr != NULL)
		print_json(arr);
	return 0;
}

static int
run_theme(AurContext *ctx, AurArgs *args)
{
	static const struct {
		const char *name;
		int (*fn)(AurContext *, const AurArgs *);
	} subs[] = {
		{ "list", theme_list_cmd }, { "show", theme_show }, { "check", theme_check },
		{ "elements", theme_elements },
	};
	g_autoptr(AurError) e = NULL;
	const char *sub = args_npos(args) > 0 ? args_pos(args, 0) : "list";
	const char *colors = args_value(args, "colors");
	if (colors != NULL && !g_strv_contains((const char *const[]){ "256", "16", "8", NULL }, colors)) {
		cli_usage_error(&e, &cmd_theme, "--colors takes 256, 16 or 8, not '%s'", colors);
		return aur_error_report(e);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(subs); i++)
		if (strcmp(sub, subs[i].name) == 0)
			return subs[i].fn(ctx, args);
	return cli_unknown_subcommand(&cmd_theme, sub, NULL);
}

const AurCommand cmd_theme = {
	.name = "theme",
	.summary = "list, preview and check colour themes",
	.usage = "[list|show|check|elements] [NAME|FILE] [OPTIONS]",
	.description = "Themes are YAML files that give each element of the interface its colours "
		       "and attributes (see THEMES in aurelis.yaml(5)).  Your own go in "
		       "~/.config/aurelis/themes/NAME.yaml and take precedence over the shipped ones "
		       "of the same name.",
	.options = theme_options,
	.subcommands = theme_subcommands,
	.positional = COMPLETE_THEME,
	.run = run_theme,
};
