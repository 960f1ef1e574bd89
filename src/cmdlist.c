/* SPDX-License-Identifier: MIT */
/* The list of commands, in the order help shows them. */
#include "autoconfig.h"

#include "cmds.h"

static const AurCommand *const commands[] = {
	&cmd_shell,
	&cmd_ask,
	&cmd_generate,
	&cmd_explain,
	&cmd_fix,
	&cmd_refactor,
	&cmd_docs,
	&cmd_test,
	&cmd_review,
	&cmd_analyze,
	&cmd_models,
	&cmd_auth,
	&cmd_health,
	&cmd_doctor,
	&cmd_session,
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
