/* SPDX-License-Identifier: MIT */
/* `aurelis shell` (and `aurelis` alone on a terminal): the interactive interface. */
#include "autoconfig.h"

#include "../ui/tui.h"
#include "app.h"
#include "cmds.h"
#include "demo.h"

static const AurOption shell_options[] = {
	{ "line", 0, OPT_FLAG, NULL, "use the line-mode shell instead of the full screen",
	  COMPLETE_NONE, NULL },
	{ NULL, 0, OPT_FLAG, NULL, NULL, COMPLETE_NONE, NULL },
};

/* Until the model client is connected, AURELIS_TUI_DEMO streams a local file instead. */
static unsigned
start_demo(Jobs *jobs, const TuiChatRequest *req, void *data, AurError **err)
{
	return demo_submit(jobs, data, req->prompt, req->model);
}

static int
run_shell(AurContext *ctx, AurArgs *args)
{
	g_autoptr(AurError) e = NULL;
	if (args_flag(args, "line")) {
		aur_error_set(&e, AUR_ERR_USAGE, "Run `aurelis shell` without --line in a terminal of "
						 "at least 40x10 for the full-screen interface.",
			      "the line-mode shell is not available in this build yet");
		return aur_error_report(e);
	}
	g_autoptr(DemoChat) demo = demo_from_env(&e);
	if (demo == NULL && e != NULL)
		return aur_error_report(e);
	const char *model = app_model_override(args);
	TuiOptions opts = {
		.start_chat = demo ? start_demo : NULL,
		.start_chat_data = demo,
		.model = model ? model : config_get_string(ctx->cfg, "models.default"),
	};
	int rc = tui_run(ctx, &opts, &e);
	if (rc == TUI_UNSUPPORTED) {
		/* The line-mode shell will take over here; until then say why and stop. */
		return aur_error_report(e);
	}
	if (e != NULL)
		return aur_error_report(e);
	return rc;
}

const AurCommand cmd_shell = {
	.name = "shell",
	.summary = "the interactive full-screen interface (the default on a terminal)",
	.usage = "[--line] [OPTIONS]",
	.description = "Opens the full-screen interface: the conversation, a code preview, analysis "
		       "results, an input line and a status bar.  F1 lists the keys; see KEY "
		       "BINDINGS in aurelis(1).  `aurelis` with no command does the same when "
		       "standard input and output are a terminal.",
	.options = shell_options,
	.run = run_shell,
};
