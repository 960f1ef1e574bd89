/* SPDX-License-Identifier: MIT */
/* `aurelis explain FILE[:START-END] | -`: what the code does, rendered for the terminal. */
#include "autoconfig.h"

#include "aicode.h"
#include "cmds.h"

static const AurOption explain_options[] = {
	{ "lang", 'l', OPT_VALUE, "LANG", "the language, when the file name does not tell", COMPLETE_NONE, NULL },
	{ "plain", 0, OPT_FLAG, NULL, "plain text: no colours and no cursor movement", COMPLETE_NONE, NULL },
	{ NULL, 0, 0, NULL, NULL, 0, NULL },
};

static char *
explain_message(const ChunkPart *p, guint i, guint count, void *data)
{
	const AicodeInput *in = data;
	GString *s = g_string_new(count > 1 ? "Write notes on this part of the code.\n"
					    : "Explain this code.\n");
	aicode_append_part(s, in, p, i, count, false);
	return g_string_free(s, FALSE);
}

static cJSON *
result_json(const AicodeInput *in, const char *answer)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "file", in->name);
	cJSON_AddNumberToObject(o, "first_line", in->first);
	cJSON_AddNumberToObject(o, "last_line", in->last);
	cJSON_AddStringToObject(o, "answer", answer ? answer : "");
	return o;
}

static int
run_explain(AurContext *ctx, AurArgs *args)
{
	g_autoptr(AurError) err = NULL;
	if (args_npos(args) != 1) {
		cli_usage_error(&err, &cmd_explain, "explain takes one FILE, FILE:START-END or -");
		return aur_error_report(err);
	}
	AicodeInput in;
	const char *lang = args_value(args, "lang");
	if (!aicode_read(args_pos(args, 0), true, &in, &err) ||
	    (lang != NULL && !aicode_set_lang(&in, lang, &cmd_explain, &err))) {
		aicode_input_clear(&in);
		return aur_error_report(err);
	}
	Aicode a;
	int rc;
	g_autofree char *answer = NULL;
	if (!aicode_start(&a, ctx, args, "explain", &err)) {
		rc = aur_error_report(err);
	} else {
		GArray *parts = aicode_split(&a, &in, PROMPT_EXPLAIN_PART, 256, false, &err);
		rc = parts == NULL ? aur_error_exit_code(err->category)
				   : aicode_map_reduce(&a, parts, explain_message, &in, PROMPT_EXPLAIN,
						       PROMPT_EXPLAIN_PART, PROMPT_EXPLAIN_REDUCE, "notes",
						       &answer, &err);
		chunk_parts_free(parts);
		rc = aicode_end(&a, rc, err, a.json ? result_json(&in, answer) : NULL);
	}
	aicode_finish(&a);
	aicode_input_clear(&in);
	return rc;
}

const AurCommand cmd_explain = {
	.name = "explain",
	.summary = "explain what a file, a range of lines or piped code does",
	.usage = "FILE[:START-END] | - [--lang LANG] [--plain] [--model ID] [--json]",
	.description = "Sends the code to the explain route and renders the answer for the "
		       "terminal as it arrives (plain text when piped).  A file too large for one "
		       "request is split at function boundaries; each part is explained and the "
		       "notes are combined into one explanation, and stderr says how it was split.",
	.options = explain_options,
	.positional = COMPLETE_FILE,
	.network = true,
	.run = run_explain,
};
