/* SPDX-License-Identifier: MIT */
/* Entry point: find the command, parse its arguments, load configuration, run it. */
#include "autoconfig.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#include "app.h"
#include "cmds.h"
#include "lazycurl.h"
#include "log.h"
#include "metrics.h"
#include "term.h"
#include "util.h"

static int
unknown_command(const char *name)
{
	g_autoptr(GPtrArray) names = g_ptr_array_new();
	for (const AurCommand *const *c = cli_commands(); *c != NULL; c++)
		g_ptr_array_add(names, (gpointer)(*c)->name);
	g_ptr_array_add(names, NULL);
	const char *near = util_did_you_mean(name, (const char *const *)names->pdata);
	g_autoptr(AurError) e = NULL;
	g_autofree char *hint = near ? g_strdup_printf("Did you mean 'aurelis %s'?", near)
				     : g_strdup("Run `aurelis --help` for the list of commands.");
	aur_error_set(&e, AUR_ERR_USAGE, hint, "unknown command '%s'", name);
	return aur_error_report(e);
}

/* Start-up common to every command; returns an exit status or -1 to go on. */
static int
prepare(AurContext *ctx, const AurArgs *args)
{
	ctx->json = args_flag(args, "json");
	ctx->quiet = args_flag(args, "quiet");
	ctx->no_color = args_flag(args, "no-color");
	ctx->no_cache = args_flag(args, "no-cache");
	ctx->verbose = args_count(args, "verbose");
	ctx->config_file = args_value(args, "config");
	term_init(ctx->no_color, ctx->quiet);
	ctx->cid = log_new_cid();
	log_set_cid(ctx->cid);
	g_autoptr(AurError) e = NULL;
	if (!ctx->command->no_config && !app_load_config(ctx, args, &e))
		return aur_error_report(e);
	/* libcurl must be initialised before any worker thread starts. */
	if (ctx->command->network && !lazycurl_load(&e))
		return aur_error_report(e);
	return -1;
}

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	int idx = cli_find_command_index(argc, argv);
	const AurCommand *cmd = NULL;
	if (idx > 0) {
		cmd = cli_find_command(argv[idx]);
		if (cmd == NULL) {
			term_init(false, false);
			return unknown_command(argv[idx]);
		}
	}
	g_autoptr(AurError) e = NULL;
	/* Global options before the command name, then the command's own arguments. */
	g_autoptr(AurArgs) args = NULL;
	if (cmd == NULL) {
		args = cli_parse(NULL, argc, argv, 1, &e);
	} else {
		g_autoptr(GPtrArray) v = g_ptr_array_new();
		for (int i = 0; i < argc; i++)
			if (i != idx)
				g_ptr_array_add(v, argv[i]);
		/* Keep the command's positionals after the global options that preceded it. */
		args = cli_parse(cmd, (int)v->len, (char **)v->pdata, 1, &e);
	}
	if (args == NULL) {
		term_init(false, false);
		return aur_error_report(e);
	}
	if (args_flag(args, "version")) {
		cmd_version_print(stdout, false);
		return 0;
	}
	/* `aurelis` alone on a terminal opens the interactive interface; in a pipe it helps. */
	if (cmd == NULL && !args_flag(args, "help") && args_npos(args) == 0 &&
	    isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		cmd = &cmd_shell;
	if (args_flag(args, "help") || cmd == NULL) {
		if (cmd != NULL)
			cli_print_command_help(stdout, cmd);
		else if (args_npos(args) == 0)
			cli_print_help(stdout);
		return 0;
	}
	AurContext ctx = { .command = cmd };
	int64_t start = util_mono_us();
	int rc = prepare(&ctx, args);
	if (rc < 0) {
		rc = cmd->run(&ctx, args);
		if (ctx.cfg != NULL) { /* logging is set up with the configuration */
			cJSON *f = cJSON_CreateObject();
			cJSON_AddStringToObject(f, "command", cmd->name);
			cJSON_AddNumberToObject(f, "status", rc);
			cJSON_AddNumberToObject(f, "ms", (double)(util_mono_us() - start) / 1000.0);
			log_event(LOG_INFO, "command", f);
			metrics_record_command(cmd->name, rc, (double)(util_mono_us() - start) / 1000.0);
		}
	}
	log_shutdown();
	metrics_shutdown();
	config_free(ctx.cfg);
	g_free(ctx.cid);
	lazycurl_exit(rc);
	return rc;
}
