/* SPDX-License-Identifier: MIT */
/* `aurelis refactor FILE [--goal G] [--apply]`: behaviour-preserving edits towards a goal,
 * through the same SEARCH/REPLACE pipeline as fix. */
#include "autoconfig.h"

#include <string.h>

#include "aicode.h"
#include "cmds.h"

static const AurOption refactor_options[] = {
	{ "goal", 'g', OPT_VALUE, "GOAL", "readability (default), performance, modularity or patterns", COMPLETE_CHOICES, "readability|performance|modularity|patterns" },
	{ "apply", 0, OPT_FLAG, NULL, "write the changes (after confirmation; a backup is kept)", COMPLETE_NONE, NULL },
	{ "yes", 'y', OPT_FLAG, NULL, "with --apply: do not ask", COMPLETE_NONE, NULL },
	{ "lang", 'l', OPT_VALUE, "LANG", "the language, when the file name does not tell (standard input)", COMPLETE_NONE, NULL },
	{ "plain", 0, OPT_FLAG, NULL, "plain text: no colours and no cursor movement", COMPLETE_NONE, NULL },
	{ NULL, 0, 0, NULL, NULL, 0, NULL },
};

static const struct { const char *goal; const char *means; } goals[] = {
	{ "readability", "clearer names, smaller functions, simpler control flow, no dead code" },
	{ "performance", "less work in hot paths, fewer allocations and copies, better data structures" },
	{ "modularity", "smaller units with one job each, fewer dependencies between them, no global state" },
	{ "patterns", "the language's idioms and well-known design patterns where they make the code simpler" },
};

static const char *
goal_means(const char *goal)
{
	for (size_t i = 0; i < G_N_ELEMENTS(goals); i++)
		if (strcmp(goals[i].goal, goal) == 0)
			return goals[i].means;
	return NULL;
}

static bool
read_input(const AurArgs *args, AicodeInput *in, AurError **err)
{
	const char *lang = args_value(args, "lang");
	return aicode_read(args_pos(args, 0), false, in, err) &&
	       (lang == NULL || aicode_set_lang(in, lang, &cmd_refactor, err));
}

static int
run_refactor(AurContext *ctx, AurArgs *args)
{
	g_autoptr(AurError) err = NULL;
	const char *goal = args_value(args, "goal");
	if (goal == NULL)
		goal = "readability";
	if (args_npos(args) != 1 || goal_means(goal) == NULL || (args_flag(args, "apply") &&
								 strcmp(args_pos(args, 0), "-") == 0)) {
		cli_usage_error(&err, &cmd_refactor, args_npos(args) != 1 ? "refactor takes one FILE (or -)"
				: goal_means(goal) == NULL ? "--goal: not readability, performance, modularity or patterns"
				: "--apply needs a FILE; with - the refactored code is printed");
		return aur_error_report(err);
	}
	AicodeInput in;
	if (!read_input(args, &in, &err)) {
		aicode_input_clear(&in);
		return aur_error_report(err);
	}
	g_autofree char *instr = g_strdup_printf("Refactor %s for %s: %s.", in.name, goal, goal_means(goal));
	Aicode a;
	int rc;
	if (!aicode_start(&a, ctx, args, "refactor", &err)) {
		rc = aur_error_report(err);
	} else {
		AicodeEdit e = { .prompt = PROMPT_REFACTOR, .instructions = instr,
				 .apply = args_flag(args, "apply"), .yes = args_flag(args, "yes") };
		rc = aicode_edit_run(&a, &in, &e, &err);
	}
	aicode_finish(&a);
	aicode_input_clear(&in);
	return rc;
}

const AurCommand cmd_refactor = {
	.name = "refactor",
	.summary = "refactor a file towards a goal, keeping its behaviour; shown as a diff",
	.usage = "FILE | - [--goal readability|performance|modularity|patterns] [--apply] [--yes] [--lang LANG] [--plain] [--model ID] [--json]",
	.description = "The model answers with SEARCH/REPLACE edits, applied in memory and shown "
		       "as a unified diff; --apply writes the file after confirmation (or --yes), "
		       "keeping a backup.  A file too large for one request is refactored part by "
		       "part, split at function boundaries, and written only if every edit of every "
		       "part applied.  With -, the refactored code is printed.",
	.options = refactor_options,
	.positional = COMPLETE_FILE,
	.network = true,
	.run = run_refactor,
};
