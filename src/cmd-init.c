/* SPDX-License-Identifier: MIT */
/* `aurelis init`: write a commented .aurelis.yaml generated from the schema. */
#include "autoconfig.h"

#include <string.h>

#include "cmds.h"
#include "fsutil.h"
#include "term.h"

static const AurOption init_options[] = {
	{ "force", 0, OPT_FLAG, NULL, "replace an existing .aurelis.yaml", COMPLETE_NONE, NULL },
	{ NULL, 0, 0, NULL, NULL, 0, NULL },
};

/* A placeholder's example value in the template. */
static const char *
example_component(const char *comp)
{
	static const struct { const char *ph; const char *ex; } ex[] = {
		{ "<task>", "chat" }, { "<id>", "style-line-length" },
		{ "<context>", "conversation" }, { "<key>", "C-l" }, { "<model>", "openai/gpt-4.1" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(ex); i++)
		if (strcmp(comp, ex[i].ph) == 0)
			return ex[i].ex;
	return comp;
}

static const char *
example_value(const ConfigKeyInfo *k)
{
	if (k->def != NULL)
		return k->def;
	switch (k->type) {
	case CFG_LIST: return "[]";
	case CFG_BOOL: return "true";
	case CFG_FLOAT: return "0.2";
	case CFG_INT:
		/* A sample inside the key's range. */
		if (k->min < k->max && k->max < 1024) {
			static char buf[32];
			g_snprintf(buf, sizeof buf, "%.0f", k->max);
			return buf;
		}
		return "1024";
	case CFG_ENUM: return "warning";
	case CFG_DURATION: return "1h";
	case CFG_SIZE: return "1MiB";
	default: return "\"\"";
	}
}

/* The template: every key a project file may set, commented out, nested like YAML. */
char *
init_template(void)
{
	GString *s = g_string_new(
		"# Aurelis project configuration.  Values here override your user configuration\n"
		"# (~/.config/aurelis/config.yaml) for work inside this directory tree.  Uncomment\n"
		"# what you need; every key is described in aurelis.yaml(5).\n"
		"#\n"
		"# Keys that could send your token or files elsewhere (endpoint, catalog_url,\n"
		"# network.*, security.*, cache.dir, log.*) are ignored here on purpose.\n");
	size_t n;
	const ConfigKeyInfo *schema = config_schema(&n);
	g_auto(GStrv) prev = NULL;
	for (size_t i = 0; i < n; i++) {
		if (schema[i].flags & CFG_TRUSTED)
			continue;
		g_auto(GStrv) comps = g_strsplit(schema[i].key, ".", -1);
		size_t nc = g_strv_length(comps);
		size_t same = 0;
		while (prev != NULL && same + 1 < nc && prev[same] != NULL &&
		       strcmp(prev[same], comps[same]) == 0)
			same++;
		if (same == 0)
			g_string_append_c(s, '\n');
		for (size_t c = same; c + 1 < nc; c++)
			g_string_append_printf(s, "# %*s%s:\n", (int)(2 * c), "",
					       example_component(comps[c]));
		g_string_append_printf(s, "#   %*s# %s\n", (int)(2 * (nc - 1)), "", schema[i].doc);
		g_string_append_printf(s, "# %*s%s: %s\n", (int)(2 * (nc - 1)), "",
				       example_component(comps[nc - 1]), example_value(&schema[i]));
		g_strfreev(prev);
		prev = g_steal_pointer(&comps);
	}
	return g_string_free(s, FALSE);
}

static int
run_init(AurContext *ctx, AurArgs *args)
{
	g_autoptr(AurError) e = NULL;
	if (args_npos(args) > 0) {
		cli_usage_error(&e, ctx->command, "init takes no arguments");
		return aur_error_report(e);
	}
	const char *path = ".aurelis.yaml";
	if (g_file_test(path, G_FILE_TEST_EXISTS) && !args_flag(args, "force")) {
		aur_error_set(&e, AUR_ERR_USAGE, "Use `aurelis init --force` to replace it, or edit it with `aurelis config set --project`.",
			      "%s already exists; it was left as it is", path);
		return aur_error_report(e);
	}
	g_autofree char *text = init_template();
	if (!fs_write_atomic(path, text, strlen(text), 0644, &e))
		return aur_error_report(e);
	term_message(TERM_MSG_INFO, "wrote %s", path);
	return 0;
}

const AurCommand cmd_init = {
	.name = "init",
	.summary = "write a commented .aurelis.yaml for this project",
	.usage = "[--force]",
	.options = init_options,
	.no_config = true,
	.run = run_init,
};
