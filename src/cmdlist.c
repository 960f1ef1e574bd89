/* SPDX-License-Identifier: MIT */
/* The list of commands, in the order help shows them. */
#include "autoconfig.h"

#include "cmds.h"

static const AurCommand *const commands[] = {
	&cmd_shell,
	&cmd_analyze,
	&cmd_session,
	&cmd_ask,
	&cmd_models,
	&cmd_auth,
	&cmd_health,
	&cmd_config,
	&cmd_init,
	&cmd_cache,
	&cmd_stats,
	&cmd_render,
	&cmd_theme,
	&cmd_completion,
	&cmd_version,
	NULL,
};

const AurCommand *const *
cli_commands(void)
{
	return commands;
}
