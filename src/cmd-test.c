/* SPDX-License-Identifier: MIT */
/* `aurelis test FILE [--framework F] [-o FILE]`: unit tests for a file, written to the
 * test file the language's convention names (never replacing one without confirmation). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "aicode.h"
#include "cmds.h"
#include "edit-testname.h"
#include "edit-write.h"
#include "term.h"

static const AurOption test_options[] = {
	{ "framework", 0, OPT_VALUE, "NAME", "test framework (default: the language's usual one, e.g. pytest)", COMPLETE_NONE, NULL },
	{ "output", 'o', OPT_VALUE, "FILE", "write the tests to FILE instead of the conventional name (- prints them)", COMPLETE_FILE, NULL },
	{ "lang", 'l', OPT_VALUE, "LANG", "the language, when the file name does not tell", COMPLETE_NONE, NULL },
	{ "yes", 'y', OPT_FLAG, NULL, "replace an existing test file without asking", COMPLETE_NONE, NULL },
	{ "plain", 0, OPT_FLAG, NULL, "plain text: no colours and no cursor movement", COMPLETE_NONE, NULL },
	{ NULL, 0, 0, NULL, NULL, 0, NULL },
};

/* path below dir, as "sub/file", or NULL when it is not below it. */
static const char *
below(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (strncmp(path, dir, n) != 0 || (path[n] != '/' && dir[n - 1] != '/'))
		return NULL;
	return path + n + (path[n] == '/');
}

/* path relative to the directory base (both absolute, without "." or ".."). */
static char *
relative_path(const char *path, const char *base)
{
	g_auto(GStrv) p = g_strsplit(path, "/", -1);
	g_auto(GStrv) b = g_strsplit(base, "/", -1);
	guint i = 0;
	while (p[i] != NULL && b[i] != NULL && strcmp(p[i], b[i]) == 0)
		i++;
	GString *s = g_string_new(NULL);
	for (guint k = i; b[k] != NULL; k++)
		if (b[k][0] != '\0')
			g_string_append(s, "../");
	for (guint k = i; p[k] != NULL; k++)
		g_string_append_printf(s, "%s%s", p[k], p[k + 1] ? "/" : "");
	return g_string_free(s, FALSE);
}

/* The conventional test file for in: relative to the working tree's top by the
 * convention, then made relative to the current directory. */
static char *
conventional_target(const AicodeInput *in, const char *framework, AurError **err)
{
	g_autofree char *root = edit_write_root();
	g_autofree char *real = realpath(in->path, NULL);
	const char *rel = real ? below(real, root) : NULL;
	g_autofree char *name = edit_testname(rel ? rel : in->path, in->fence_lang[0] ? in->fence_lang : NULL,
					      framework, err);
	if (name == NULL)
		return NULL;
	if (g_path_is_absolute(name) || rel == NULL)
		return g_steal_pointer(&name);
	g_autofree char *full = g_build_filename(root, name, NULL);
	g_autofree char *cwd = g_get_current_dir();
	g_autofree char *real_cwd = realpath(cwd, NULL);
	return real_cwd && below(real_cwd, root) ? relative_path(full, real_cwd)
		: strcmp(real_cwd ? real_cwd : "", root) == 0 ? g_strdup(name) : g_steal_pointer(&full);
}

static char *
test_message(Aicode *a, const AicodeInput *in, const char *framework, const char *target,
	     AurError **err)
{
	GString *s = g_string_new(NULL);
	g_string_append_printf(s, "Write unit tests for %s with %s.\n", in->name, framework);
	if (strcmp(target, "-") != 0)
		g_string_append_printf(s, "The tests will be saved as %s; the code under test is %s "
				       "(both relative to the current directory).\n", target, in->name);
	GArray *parts = aicode_split(a, in, PROMPT_TEST, s->len, false, err);
	if (parts == NULL) {
		g_string_free(s, TRUE);
		return NULL;
	}
	const ChunkPart *p = &g_array_index(parts, ChunkPart, 0);
	if (parts->len > 1) {
		term_message(TERM_MSG_WARNING, "only lines %u-%u of %s fit in one request; the tests "
			     "cover those, and lines %u-%u were left out (name a smaller file, or raise "
			     "models.limits.<model>.input_tokens)", p->first_line, p->last_line, in->name,
			     p->last_line + 1, in->last);
		g_string_append_printf(s, "Only the first part of the file fits; test what it "
				       "defines.\n");
	}
	aicode_append_code(s, in, in->range_off + p->offset, p->len, p->first_line, p->last_line, false);
	chunk_parts_free(parts);
	return g_string_free(s, FALSE);
}

static bool
setup(const AurArgs *args, AicodeInput *in, const char **framework, char **target, AurError **err)
{
	if (args_npos(args) != 1) {
		cli_usage_error(err, &cmd_test, "test takes one FILE (or -)");
		return false;
	}
	const char *lang = args_value(args, "lang");
	if (!aicode_read(args_pos(args, 0), false, in, err) ||
	    (lang != NULL && !aicode_set_lang(in, lang, &cmd_test, err)))
		return false;
	const char *out = args_value(args, "output");
	*framework = args_value(args, "framework");
	if (*framework == NULL)
		*framework = edit_testname_framework(in->fence_lang);
	if (out != NULL)
		*target = g_strdup(out);
	else if (in->path == NULL)
		*target = g_strdup("-");
	else
		*target = conventional_target(in, *framework, err);
	if (*target == NULL || !aicode_edit_check_target(*target, err))
		return false;
	if (*framework == NULL)
		*framework = "the usual test framework of the language";
	return true;
}

static int
run_test(AurContext *ctx, AurArgs *args)
{
	g_autoptr(AurError) err = NULL;
	AicodeInput in = { 0 };
	const char *framework = NULL;
	g_autofree char *target = NULL;
	if (!setup(args, &in, &framework, &target, &err)) {
		aicode_input_clear(&in);
		return aur_error_report(err);
	}
	Aicode a;
	int rc;
	g_autofree char *answer = NULL;
	if (!aicode_start(&a, ctx, args, "test", &err)) {
		rc = aur_error_report(err);
	} else {
		g_autofree char *msg = test_message(&a, &in, framework, target, &err);
		bool show = !a.json && strcmp(target, "-") != 0;
		rc = msg ? aicode_ask(&a, PROMPT_TEST, msg, show, false, &answer, &err)
			 : aur_error_exit_code(err->category);
		cJSON *json = a.json ? cJSON_CreateObject() : NULL;
		if (json != NULL) {
			cJSON_AddStringToObject(json, "file", in.name);
			cJSON_AddStringToObject(json, "answer", answer ? answer : "");
		}
		if (rc == 0)
			rc = aicode_edit_write_code(&a, answer, in.fence_lang[0] ? in.fence_lang : NULL,
						    target, args_flag(args, "yes"), json, &err);
		rc = aicode_end(&a, rc, err, json);
	}
	aicode_finish(&a);
	aicode_input_clear(&in);
	return rc;
}

const AurCommand cmd_test = {
	.name = "test",
	.summary = "write unit tests for a file, to the test file its language's convention names",
	.usage = "FILE | - [--framework NAME] [-o FILE] [--lang LANG] [--yes] [--plain] [--model ID] [--json]",
	.description = "The tests go to the conventional test file (tests/test_NAME.py for pytest, "
		       "NAME.test.js for jest, ...; -o FILE to choose, -o - to print them).  Only "
		       "the code block is written.  An existing test file is shown as a diff and "
		       "replaced only after confirmation or with --yes, keeping a backup.",
	.options = test_options,
	.positional = COMPLETE_FILE,
	.network = true,
	.run = run_test,
};
