/* SPDX-License-Identifier: MIT */
/* `aurelis doctor`: check the configuration, network, token, keyring, directories and
 * terminal, one line each. */
#include "autoconfig.h"

#include <stdio.h>

#include "../ui/ui-term.h"
#include "app.h"
#include "cmds.h"
#include "doctor.h"
#include "term.h"

/* After a configuration that did not load: the defaults and the environment (the user
 * and project files are left out; a broken system file leaves only the defaults). */
static void
fallback_config(AurContext *ctx)
{
	config_free(ctx->cfg);
	ctx->cfg = config_new();
	ConfigLoadOptions lo = { .config_file = "/dev/null", .no_project = true };
	g_autoptr(AurError) e = NULL;
	if (!config_load(ctx->cfg, &lo, &e)) {
		config_free(ctx->cfg);
		ctx->cfg = config_new();
	}
}

/* The configuration is loaded here rather than by main(): a broken file is one of the
 * things doctor reports, after which the other checks run on the built-in defaults.
 * libcurl too is loaded by the checks, so that its absence is a line, not an exit. */
static int
run_doctor(AurContext *ctx, AurArgs *args)
{
	g_autoptr(AurError) e = NULL;
	if (args_npos(args) > 0) {
		cli_usage_error(&e, ctx->command, "doctor takes no arguments");
		return aur_error_report(e);
	}
	g_autoptr(AurError) cfg_err = NULL;
	if (!app_load_config(ctx, args, &cfg_err))
		fallback_config(ctx);
	DoctorOptions o = { .cfg = ctx->cfg, .config_error = cfg_err, .term_colors = ui_term_colors };
	g_autoptr(GPtrArray) results = doctor_run(&o);
	if (ctx->json) {
		cJSON *j = doctor_json(results);
		char *text = cJSON_Print(j);
		puts(text);
		cJSON_free(text);
		cJSON_Delete(j);
	} else {
		doctor_print(stdout, results, term_color_stdout());
	}
	return doctor_exit_status(results);
}

const AurCommand cmd_doctor = {
	.name = "doctor",
	.summary = "check configuration, network, TLS, token, keyring, directories and terminal",
	.usage = "[--json]",
	.description = "One line per check, OK, WARN or FAIL, with a hint for anything to fix: the "
		       "configuration files; DNS, proxy, TLS (the CA bundle in use) and the endpoint; "
		       "the token's source and whether the service accepts it (a catalogue call); the "
		       "Secret Service keyring; whether the cache and state directories are writable; "
		       "and the terminal (TERM, colours, UTF-8 locale, size).  The exit status is 0 "
		       "when nothing failed, else that of the first failure (2 configuration, 3 "
		       "token, 4 network, 1 directories).",
	.no_config = true,
	.run = run_doctor,
};
