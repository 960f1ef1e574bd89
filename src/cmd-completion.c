/* SPDX-License-Identifier: MIT */
/* `aurelis completion SHELL`: print a completion script generated from the tables. */
#include "autoconfig.h"

#include "cmds.h"

static const AurSubcommand completion_shells[] = {
	{ "bash", "bash completion script" },
	{ "zsh", "zsh completion script" },
	{ "fish", "fish completion script" },
	{ NULL, NULL },
};

static int
run_completion(AurContext *ctx, AurArgs *args)
{
	g_autoptr(AurError) e = NULL;
	if (args_npos(args) != 1) {
		cli_usage_error(&e, ctx->command, "completion takes one SHELL (bash, zsh or fish)");
		return aur_error_report(e);
	}
	if (!cli_print_completion(stdout, args_pos(args, 0), &e))
		return aur_error_report(e);
	return 0;
}

const AurCommand cmd_completion = {
	.name = "completion",
	.summary = "print a shell completion script (bash, zsh, fish)",
	.usage = "bash|zsh|fish",
	.subcommands = completion_shells,
	.positional = COMPLETE_NONE,
	.no_config = true,
	.run = run_completion,
};
