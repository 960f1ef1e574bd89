/* SPDX-License-Identifier: MIT */
/* `aurelis docs FILE [--format markdown|docstring]`: reference documentation as markdown,
 * or documentation comments added to the file through the edit pipeline. */
#include "autoconfig.h"

#include <string.h>

#include "aicode.h"
#include "cmds.h"

static const AurOption docs_options[] = {
	{ "format", 'F', OPT_VALUE, "FORMAT", "markdown (a document, the default) or docstring (comments in the code)", COMPLETE_CHOICES, "markdown|docstring" },
	{ "output", 'o', OPT_VALUE, "FILE", "write the markdown, or the documented code, to FILE", COMPLETE_FILE, NULL },
	{ "apply", 0, OPT_FLAG, NULL, "docstring: write the documented code back to FILE (after confirmation)", COMPLETE_NONE, NULL },
	{ "yes", 'y', OPT_FLAG, NULL, "do not ask before replacing a file", COMPLETE_NONE, NULL },
	{ "lang", 'l', OPT_VALUE, "LANG", "the language, when the file name does not tell (standard input)", COMPLETE_NONE, NULL },
	{ "plain", 0, OPT_FLAG, NULL, "plain text: no colours and no cursor movement", COMPLETE_NONE, NULL },
	{ NULL, 0, 0, NULL, NULL, 0, NULL },
};

static char *
docs_message(const ChunkPart *p, guint i, guint count, void *data)
{
	const AicodeInput *in = data;
	GString *s = g_string_new(count > 1 ? "Document this part of the code.\n"
					    : "Write the documentation of this code.\n");
	aicode_append_part(s, in, p, i, count, false);
	return g_string_free(s, FALSE);
}

static int
markdown_docs(Aicode *a, const AicodeInput *in, const char *out, bool yes, AurError **err)
{
	a->hide_answer = out != NULL;
	g_autofree char *answer = NULL;
	GArray *parts = aicode_split(a, in, PROMPT_DOCS_PART, 256, false, err);
	int rc = parts == NULL ? aur_error_exit_code((*err)->category)
			       : aicode_map_reduce(a, parts, docs_message, (void *)in, PROMPT_DOCS,
						   PROMPT_DOCS_PART, PROMPT_DOCS_REDUCE,
						   "documentation sections", &answer, err);
	chunk_parts_free(parts);
	cJSON *json = a->json ? cJSON_CreateObject() : NULL;
	if (json != NULL) {
		cJSON_AddStringToObject(json, "file", in->name);
		cJSON_AddStringToObject(json, "format", "markdown");
		cJSON_AddStringToObject(json, "answer", answer ? answer : "");
	}
	if (rc == 0 && out != NULL && answer == NULL) {
		aur_error_set(err, AUR_ERR_MODEL, "Try again, or another model with --model.",
			      "the answer is empty; nothing was written");
		rc = 7;
	} else if (rc == 0 && out != NULL) {
		size_t len = strlen(answer);
		g_autofree char *text = len && answer[len - 1] != '\n' ? g_strconcat(answer, "\n", NULL)
								       : g_strdup(answer);
		rc = aicode_edit_write(a, out, text, strlen(text), yes, json, err);
	}
	return aicode_end(a, rc, err ? *err : NULL, json);
}

static bool
check_usage(const AurArgs *args, const char *format, const char *out, AurError **err)
{
	const char *why = NULL;
	if (args_npos(args) != 1)
		why = "docs takes one FILE (or -)";
	else if (strcmp(format, "markdown") != 0 && strcmp(format, "docstring") != 0)
		why = "--format: not markdown or docstring";
	else if (args_flag(args, "apply") && strcmp(format, "markdown") == 0)
		why = "--apply is for --format docstring; write markdown with -o FILE";
	else if (args_flag(args, "apply") && out != NULL)
		why = "--apply writes FILE itself; -o writes elsewhere: give one of them";
	else if (args_flag(args, "apply") && strcmp(args_pos(args, 0), "-") == 0)
		why = "--apply needs a FILE; with - the documented code is printed";
	if (why != NULL)
		cli_usage_error(err, &cmd_docs, "%s", why);
	return why == NULL && (out == NULL || aicode_edit_check_target(out, err));
}

static bool
read_input(const AurArgs *args, AicodeInput *in, AurError **err)
{
	const char *lang = args_value(args, "lang");
	return aicode_read(args_pos(args, 0), false, in, err) &&
	       (lang == NULL || aicode_set_lang(in, lang, &cmd_docs, err));
}

static int
run_docs(AurContext *ctx, AurArgs *args)
{
	g_autoptr(AurError) err = NULL;
	const char *format = args_value(args, "format");
	const char *out = args_value(args, "output");
	if (format == NULL)
		format = "markdown";
	if (!check_usage(args, format, out, &err))
		return aur_error_report(err);
	AicodeInput in;
	if (!read_input(args, &in, &err)) {
		aicode_input_clear(&in);
		return aur_error_report(err);
	}
	Aicode a;
	int rc;
	g_autofree char *instr = g_strdup_printf("Add documentation comments to %s.", in.name);
	if (!aicode_start(&a, ctx, args, "docs", &err)) {
		rc = aur_error_report(err);
	} else if (strcmp(format, "markdown") == 0) {
		rc = markdown_docs(&a, &in, out, args_flag(args, "yes"), &err);
	} else {
		AicodeEdit e = { .prompt = PROMPT_DOCSTRING, .instructions = instr, .out_path = out,
				 .apply = args_flag(args, "apply") || out != NULL,
				 .yes = args_flag(args, "yes") };
		rc = aicode_edit_run(&a, &in, &e, &err);
	}
	aicode_finish(&a);
	aicode_input_clear(&in);
	return rc;
}

const AurCommand cmd_docs = {
	.name = "docs",
	.summary = "document a file: a markdown reference, or docstrings added to the code",
	.usage = "FILE | - [--format markdown|docstring] [-o FILE] [--apply] [--yes] [--lang LANG] [--plain] [--model ID] [--json]",
	.description = "markdown (the default) renders a reference document on the terminal, or "
		       "writes it to -o FILE.  docstring adds documentation comments through the "
		       "SEARCH/REPLACE pipeline: the diff is shown, --apply writes the file itself "
		       "and -o FILE writes the documented code elsewhere, each after confirmation "
		       "(or --yes) when the file exists.  Large files are documented part by part.",
	.options = docs_options,
	.positional = COMPLETE_FILE,
	.network = true,
	.run = run_docs,
};
