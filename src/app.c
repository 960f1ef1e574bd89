/* SPDX-License-Identifier: MIT */
/* Start-up shared by every command: configuration layers, flags, logging. */
#include "autoconfig.h"

#include "app.h"
#include "log.h"
#include "metrics.h"
#include "term.h"

static const struct { const char *flag; const char *key; } flag_keys[] = {
	{ "endpoint", "endpoint" },
	{ "org", "org" },
};

void
app_print_config_warnings(const AurConfig *cfg)
{
	const GPtrArray *w = config_warnings(cfg);
	for (guint i = 0; i < w->len; i++)
		term_message(TERM_MSG_WARNING, "%s", (const char *)w->pdata[i]);
}

const char *
app_model_override(const AurArgs *args)
{
	return args_value(args, "model");
}

bool
app_load_config(AurContext *ctx, const AurArgs *args, AurError **err)
{
	if (ctx->cfg == NULL)
		ctx->cfg = config_new();
	ConfigLoadOptions opts = { .config_file = ctx->config_file };
	if (!config_load(ctx->cfg, &opts, err))
		return false;
	for (size_t i = 0; i < G_N_ELEMENTS(flag_keys); i++) {
		const char *v = args_value(args, flag_keys[i].flag);
		if (v == NULL)
			continue;
		g_autofree char *origin = g_strdup_printf("flag --%s", flag_keys[i].flag);
		if (!config_set_text(ctx->cfg, flag_keys[i].key, v, CFG_LAYER_FLAG, origin, err)) {
			aur_error_prefix(*err, "--%s", flag_keys[i].flag);
			(*err)->category = AUR_ERR_USAGE;
			return false;
		}
	}
	app_print_config_warnings(ctx->cfg);
	LogOptions lo;
	g_autofree char *path = NULL;
	log_options_from_config(ctx->cfg, &lo, &path);
	if (ctx->verbose > 0) {
		lo.to_stderr = true;
		lo.level = LOG_DEBUG;
	}
	log_init(&lo);
	metrics_configure(ctx->cfg);
	return true;
}
