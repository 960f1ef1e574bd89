/* SPDX-License-Identifier: MIT */
/* `aurelis generate DESCRIPTION [-o FILE]`: code from a description; with -o only the
 * extracted code block is written, never the prose around it. */
#include "autoconfig.h"

#include <string.h>

#include "aicode.h"
#include "cmds.h"
#include "edit-fence.h"
#include "edit.h"
#include "term.h"

static const AurOption generate_options[] = {
	{ "output", 'o', OPT_VALUE, "FILE", "write only the code to FILE (a diff and confirmation first when it exists)", COMPLETE_FILE, NULL },
	{ "lang", 'l', OPT_VALUE, "LANG", "the language to write (default: from the -o file name)", COMPLETE_NONE, NULL },
	{ "file", 'f', OPT_MULTI, "FILE", "a file to show the model as context (repeatable)", COMPLETE_FILE, NULL },
	{ "yes", 'y', OPT_FLAG, NULL, "replace an existing -o file without asking", COMPLETE_NONE, NULL },
	{ "plain", 0, OPT_FLAG, NULL, "plain text: no colours and no cursor movement", COMPLETE_NONE, NULL },
	{ NULL, 0, 0, NULL, NULL, 0, NULL },
};

/* The description: the words, with "-" standing for standard input. */
static char *
description(const AurArgs *args, AurError **err)
{
	GString *s = g_string_new(NULL);
	for (unsigned i = 0; i < args_npos(args); i++) {
		const char *w = args_pos(args, i);
		if (strcmp(w, "-") == 0) {
			AicodeInput in;
			if (!aicode_read("-", false, &in, err)) {
				aicode_input_clear(&in);
				g_string_free(s, TRUE);
				return NULL;
			}
			g_string_append_printf(s, "%s%s", s->len ? "\n" : "", in.text);
			aicode_input_clear(&in);
			continue;
		}
		g_string_append_printf(s, "%s%s", s->len ? " " : "", w);
	}
	if (s->len == 0) {
		cli_usage_error(err, &cmd_generate, "say what to generate (or - to read it from standard input)");
		g_string_free(s, TRUE);
		return NULL;
	}
	return g_string_free(s, FALSE);
}

/* Context files in the order given, as long as they fit; the rest are left out, loudly. */
static bool
add_context(Aicode *a, const AurArgs *args, GString *msg, int64_t room, AurError **err)
{
	int64_t used = 0;
	for (const char *const *f = args_values(args, "file"); *f != NULL; f++) {
		AicodeInput in;
		if (!aicode_read(*f, false, &in, err)) {
			aicode_input_clear(&in);
			return false;
		}
		GString *block = g_string_new("\n");
		aicode_append_code(block, &in, 0, in.len, 1, in.lines, false);
		int64_t t = chunk_tokens(block->str, block->len);
		if (used + t > room) {
			term_message(TERM_MSG_WARNING, "left out %s: it takes about %" G_GINT64_FORMAT
				     " tokens and only %" G_GINT64_FORMAT " of the %" G_GINT64_FORMAT
				     " a request to %s may carry were left", *f, t, room - used,
				     a->budget.tokens, a->budget.model);
		} else {
			g_string_append_len(msg, block->str, (gssize)block->len);
			used += t;
		}
		g_string_free(block, TRUE);
		aicode_input_clear(&in);
	}
	return true;
}

static char *
build_message(Aicode *a, const AurArgs *args, const char *desc, const char *lang, const char *out,
	      AurError **err)
{
	GString *s = g_string_new(NULL);
	g_string_append_printf(s, "Write this: %s\n", desc);
	if (lang != NULL)
		g_string_append_printf(s, "Language: %s\n", lang);
	if (out != NULL && strcmp(out, "-") != 0)
		g_string_append_printf(s, "It will be saved as %s.\n", out);
	int64_t room = aicode_room(a, PROMPT_GENERATE, s->len, err);
	bool ok = room > 0;
	if (ok && args_values(args, "file")[0] != NULL) {
		g_string_append(s, "\nFiles for context:\n");
		ok = add_context(a, args, s, room, err);
	}
	if (!ok) {
		g_string_free(s, TRUE);
		return NULL;
	}
	return g_string_free(s, FALSE);
}

static const char *
target_lang(const AurArgs *args, const char *out, AurError **err)
{
	const char *lang = args_value(args, "lang");
	if (lang != NULL) {
		const char *canon = edit_fence_lang_canonical(lang);
		if (canon == NULL)
			cli_usage_error(err, &cmd_generate, "--lang: unknown language '%s'", lang);
		return canon;
	}
	return out != NULL ? edit_fence_lang_from_path(out) : NULL;
}

static int
run_generate(AurContext *ctx, AurArgs *args)
{
	g_autoptr(AurError) err = NULL;
	const char *out = args_value(args, "output");
	const char *lang = target_lang(args, out, &err);
	if (err != NULL || (out != NULL && !aicode_edit_check_target(out, &err)))
		return aur_error_report(err);
	g_autofree char *desc = description(args, &err);
	if (desc == NULL)
		return aur_error_report(err);
	Aicode a;
	if (!aicode_start(&a, ctx, args, "generate", &err)) {
		aicode_finish(&a);
		return aur_error_report(err);
	}
	int rc = 7;
	g_autofree char *answer = NULL;
	g_autofree char *msg = build_message(&a, args, desc, lang, out, &err);
	if (msg != NULL)
		rc = aicode_ask(&a, PROMPT_GENERATE, msg, !a.json && g_strcmp0(out, "-") != 0, false,
				&answer, &err);
	else
		rc = aur_error_exit_code(err->category);
	cJSON *json = a.json ? cJSON_CreateObject() : NULL;
	if (json != NULL)
		cJSON_AddStringToObject(json, "answer", answer ? answer : "");
	if (rc == 0 && out != NULL)
		rc = aicode_edit_write_code(&a, answer, lang, out, args_flag(args, "yes"), json, &err);
	rc = aicode_end(&a, rc, err, json);
	aicode_finish(&a);
	return rc;
}

const AurCommand cmd_generate = {
	.name = "generate",
	.summary = "write code from a description; -o saves only the code",
	.usage = "DESCRIPTION... | - [-o FILE] [--lang LANG] [-f FILE]... [--yes] [--plain] [--model ID] [--json]",
	.description = "The answer streams to the terminal, rendered.  With -o, only the code "
		       "block (the one in --lang or the -o file's language, else the largest) is "
		       "written to FILE, never the prose; an existing FILE is shown as a diff and "
		       "replaced only after confirmation or with --yes, keeping a backup.  -o - "
		       "prints only the code.  Context files that do not fit in one request are "
		       "left out with a warning.",
	.options = generate_options,
	.positional = COMPLETE_NONE,
	.network = true,
	.run = run_generate,
};
