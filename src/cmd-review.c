/* SPDX-License-Identifier: MIT */
/* `aurelis review [REV-RANGE | --staged]`: a review of `git diff`, as markdown or as
 * findings in the analysis JSON schema. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "aicode.h"
#include "analysis/analysis.h"
#include "cmds.h"
#include "aifindings.h"
#include "term.h"

/*
 * git runs with an argument vector, never through a shell, and a range that looks like an
 * option is refused, so nothing the user types becomes a git option.  For --json the diff is
 * sent with each line that exists in the new version of its file numbered, and findings
 * must point at one of those lines of a file in the part they came from.
 */

static const AurOption review_options[] = {
	{ "staged", 0, OPT_FLAG, NULL, "review the staged changes (git diff --staged)", COMPLETE_NONE, NULL },
	{ "plain", 0, OPT_FLAG, NULL, "plain text: no colours and no cursor movement", COMPLETE_NONE, NULL },
	{ NULL, 0, 0, NULL, NULL, 0, NULL },
};

/* ---- git ----------------------------------------------------------------------------------- */

static bool
run_git(const char *const *argv, char **out, AurError **err)
{
	char *errout = NULL;
	gint status = 0;
	GError *gerr = NULL;
	if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, &errout,
			  &status, &gerr)) {
		aur_error_set(err, AUR_ERR_NOT_FOUND, "Install git.", "cannot run git: %s", gerr->message);
		g_error_free(gerr);
		return false;
	}
	if (!g_spawn_check_wait_status(status, NULL)) {
		g_strchomp(errout);
		char *nl = strchr(errout, '\n');
		if (nl != NULL)
			*nl = '\0';
		aur_error_set(err, AUR_ERR_USAGE, "Run it in a git work tree, with a range git knows (main..HEAD).",
			      "git diff failed: %s", *errout ? errout : "no message");
		g_free(errout);
		g_clear_pointer(out, g_free);
		return false;
	}
	g_free(errout);
	return true;
}

/* A diff piped in (review -). */
static char *
diff_from_stdin(char **what, AurError **err)
{
	AicodeInput in;
	if (!aicode_read("-", false, &in, err)) {
		aicode_input_clear(&in);
		return NULL;
	}
	*what = g_strdup("the diff on standard input");
	char *text = g_steal_pointer(&in.text);
	aicode_input_clear(&in);
	return text;
}

/* Text that is not UTF-8 is refused, as in every code command, naming the file of the diff
 * it is in rather than sending it mangled. */
static bool
diff_is_utf8(const char *diff, const char *what, AurError **err)
{
	const char *bad;
	if (g_utf8_validate(diff, -1, &bad))
		return true;
	/* one pass over the lines before the bad byte: which line, and the last file header */
	g_autofree char *file = NULL;
	unsigned line = 1;
	for (const char *p = diff; p < bad; line++) {
		const char *nl = strchr(p, '\n');
		if (strncmp(p, "diff --git ", 11) == 0) {
			const char *b = strstr(p, " b/");
			g_free(file);
			file = b != NULL && nl != NULL && b < nl ? g_strndup(b + 3, (gsize)(nl - b - 3)) : NULL;
		}
		if (nl == NULL || nl >= bad)
			break;
		p = nl + 1;
	}
	aur_error_set(err, AUR_ERR_INPUT, "Convert the file to UTF-8, or review a range without that change.",
		      "%s hold text that is not valid UTF-8 (line %u of the diff, in %s)", what, line,
		      file ? file : "an unnamed file");
	return false;
}

/* The diff to review, and a description of it ("the staged changes"). */
static char *
git_diff(const AurArgs *args, char **what, AurError **err)
{
	const char *range = args_npos(args) ? args_pos(args, 0) : NULL;
	bool staged = args_flag(args, "staged");
	if (range != NULL && strcmp(range, "-") == 0 && args_npos(args) == 1 && !staged)
		return diff_from_stdin(what, err);
	if (args_npos(args) > 1 || (range && staged) || (range && range[0] == '-')) {
		cli_usage_error(err, &cmd_review, args_npos(args) > 1 ? "review takes one REV-RANGE"
				: range && staged ? "give a REV-RANGE (or -) or --staged, not both"
				: "a REV-RANGE cannot start with '-'");
		return NULL;
	}
	const char *argv[12] = { "git", "--no-pager", "diff", "--no-color", "--no-ext-diff",
				 "--no-textconv", "-U5" };
	int n = 7;
	if (staged)
		argv[n++] = "--staged";
	if (range)
		argv[n++] = range;
	argv[n++] = "--";
	argv[n] = NULL;
	char *out = NULL;
	if (!run_git(argv, &out, err))
		return NULL;
	*what = staged ? g_strdup("the staged changes") : range ? g_strdup_printf("the changes %s", range)
		       : g_strdup("the changes not yet staged");
	if (strlen(out) > AICODE_MAX_INPUT) {
		aur_error_set(err, AUR_ERR_INPUT, "Review a smaller range.",
			      "%s make a diff larger than 4 MiB", *what);
		g_free(out);
		return NULL;
	}
	if (!diff_is_utf8(out, *what, err)) {
		g_free(out);
		return NULL;
	}
	return out;
}

/* The diff as an input the budget and the splitter understand. */
static void
diff_input(AicodeInput *in, char *diff)
{
	memset(in, 0, sizeof *in);
	in->name = g_strdup("the diff");
	in->text = diff;
	in->len = strlen(diff);
	for (size_t i = 0; i < in->len; i++)
		in->lines += diff[i] == '\n';
	in->first = 1;
	in->last = in->lines;
	in->range_len = in->len;
	in->fence_lang = "diff";
}

/* ---- the diff's new-side line numbers ----------------------------------------------------- */

typedef struct {
	char *file;
	GHashTable *lines;  /* line number -> its text (char *) */
} DiffFile;

static void
diff_file_free(gpointer p)
{
	DiffFile *f = p;
	g_free(f->file);
	g_hash_table_unref(f->lines);
	g_free(f);
}

/* The file a "+++ " line names; NULL for /dev/null. */
static char *
plus_file(const char *line, size_t n)
{
	g_autofree char *name = g_strndup(line + 4, n - 4);
	g_strchomp(name);
	if (strcmp(name, "/dev/null") == 0)
		return NULL;
	return g_strdup(g_str_has_prefix(name, "b/") ? name + 2 : name);
}

/* Number the lines of a part of the diff that exist in the new files, and remember them. */
static char *
number_part(const char *text, size_t len, GPtrArray *files)
{
	GString *s = g_string_new(NULL);
	DiffFile *cur = NULL;
	uint32_t next = 0;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - text) - i : len - i;
		const char *l = text + i;
		i += n + (nl != NULL);
		if (n >= 4 && strncmp(l, "+++ ", 4) == 0) {
			cur = g_new0(DiffFile, 1);
			cur->file = plus_file(l, n);
			cur->lines = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
			g_ptr_array_add(files, cur);
		} else if (n >= 3 && strncmp(l, "@@ ", 3) == 0) {
			const char *plus = strstr(l, " +");
			next = plus ? (uint32_t)strtoul(plus + 2, NULL, 10) : 0;
		} else if (next > 0 && cur != NULL && cur->file != NULL && n > 0 && (l[0] == '+' || l[0] == ' ')) {
			g_hash_table_insert(cur->lines, GUINT_TO_POINTER(next), g_strndup(l + 1, n - 1));
			g_string_append_printf(s, "%u:", next++);
		}
		g_string_append_len(s, l, (gssize)n);
		g_string_append_c(s, '\n');
	}
	return g_string_free(s, FALSE);
}

static DiffFile *
find_file(GPtrArray *files, const char *name)
{
	for (guint i = 0; i < files->len; i++) {
		DiffFile *f = files->pdata[i];
		if (f->file != NULL && strcmp(f->file, name) == 0)
			return f;
	}
	return NULL;
}

static bool
line_in_diff(const char *file, uint32_t line, void *data)
{
	DiffFile *f = find_file(data, file);
	return f != NULL && g_hash_table_contains(f->lines, GUINT_TO_POINTER(line));
}

/* ---- markdown ------------------------------------------------------------------------------ */

static char *
review_message(const ChunkPart *p, guint i, guint count, void *data)
{
	const AicodeInput *in = data;
	GString *s = g_string_new(NULL);
	g_string_append_printf(s, "Review this change%s.\n", count > 1 ? " (one part of a larger diff)" : "");
	if (count > 1)
		g_string_append_printf(s, "Part %u of %u.\n", i + 1, count);
	g_string_append(s, "```diff\n");
	g_string_append_len(s, in->text + p->offset, (gssize)p->len);
	if (p->len > 0 && in->text[p->offset + p->len - 1] != '\n')
		g_string_append_c(s, '\n');
	g_string_append(s, "```\n");
	return g_string_free(s, FALSE);
}

static int
review_markdown(Aicode *a, AicodeInput *in, const GArray *parts, AurError **err)
{
	g_autofree char *answer = NULL;
	int rc = aicode_map_reduce(a, parts, review_message, in, PROMPT_REVIEW, PROMPT_REVIEW_PART,
				   PROMPT_REVIEW_REDUCE, "review findings", &answer, err);
	return aicode_end(a, rc, err ? *err : NULL, NULL);
}

/* ---- JSON findings ------------------------------------------------------------------------ */

/* The text of a file as far as the diff shows it: line N of the result is line N of the new
 * file where the diff has it, empty elsewhere (for excerpts). */
static GString *
sparse_text(const DiffFile *f)
{
	GString *s = g_string_new(NULL);
	uint32_t max = 0;
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, f->lines);
	while (g_hash_table_iter_next(&it, &k, &v))
		max = MAX(max, GPOINTER_TO_UINT(k));
	for (uint32_t l = 1; l <= max && l < 1000000; l++) {
		const char *t = g_hash_table_lookup(f->lines, GUINT_TO_POINTER(l));
		g_string_append_printf(s, "%s\n", t ? t : "");
	}
	return s;
}

static int
review_part_json(Aicode *a, const AicodeInput *in, const ChunkPart *p, AnalysisResults *r,
		 AurError **err)
{
	g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(diff_file_free);
	g_autofree char *numbered = number_part(in->text + p->offset, p->len, files);
	g_autoptr(GPtrArray) names = g_ptr_array_new();
	for (guint i = 0; i < files->len; i++)
		if (((DiffFile *)files->pdata[i])->file != NULL)
			g_ptr_array_add(names, ((DiffFile *)files->pdata[i])->file);
	if (names->len == 0)
		return 0; /* only deletions, renames or binary files: no line to point at */
	g_ptr_array_add(names, NULL);
	g_autofree char *msg = g_strdup_printf("Review this change.\n```diff\n%s```\n", numbered);
	g_autofree char *answer = NULL;
	int rc = aicode_ask(a, PROMPT_REVIEW_JSON, msg, false, true, &answer, err);
	if (rc != 0)
		return rc;
	AiFindingsLimits lim = { .files = (const char *const *)names->pdata, .line_ok = line_in_diff,
			       .data = files };
	AiFindingsParsed *fp = aifindings_parse(answer ? answer : "", answer ? strlen(answer) : 0, &lim, err);
	if (fp == NULL)
		return 7;
	for (guint i = 0; i < fp->items->len; i++) {
		const AiFindingsItem *it = fp->items->pdata[i];
		DiffFile *df = find_file(files, it->file);
		g_autoptr(GString) text = df != NULL ? sparse_text(df) : g_string_new(NULL);
		AnalysisExtraFinding x = { .rule = it->rule, .severity = it->severity,
					   .category = it->category, .cwe = it->cwe, .message = it->message,
					   .hint = it->hint, .line = it->line, .column = it->column,
					   .end_line = it->end_line };
		analysis_results_add(r, analysis_results_file(r, it->file), &x, "ai", text->str, text->len);
	}
	for (guint i = 0; i < fp->rejected->len; i++)
		g_ptr_array_add(r->warnings, g_strdup(fp->rejected->pdata[i]));
	if (fp->seen > fp->items->len)
		term_message(TERM_MSG_WARNING, "%u finding%s of the model left out (see warnings)",
			     fp->seen - fp->items->len, fp->seen - fp->items->len == 1 ? "" : "s");
	aifindings_parsed_free(fp);
	return 0;
}

static int
review_json(Aicode *a, AicodeInput *in, const GArray *parts, AurError **err)
{
	g_autofree char *top = NULL;
	char *out = NULL;
	const char *argv[] = { "git", "rev-parse", "--show-toplevel", NULL };
	if (run_git(argv, &out, NULL))
		top = g_strchomp(out);
	g_autoptr(AnalysisResults) r = analysis_results_new(top);
	int rc = 0;
	for (guint i = 0; i < parts->len && rc == 0; i++) {
		if (parts->len > 1)
			term_message(TERM_MSG_INFO, "review: part %u of %u", i + 1, parts->len);
		rc = review_part_json(a, in, &g_array_index(parts, ChunkPart, i), r, err);
	}
	analysis_results_retally(r);
	g_autofree char *text = analysis_report_json(r, false);
	return aicode_end(a, rc, err ? *err : NULL, cJSON_Parse(text));
}

/* ---- the command --------------------------------------------------------------------------- */

static int
review(AurContext *ctx, AurArgs *args, AicodeInput *in, const char *what, AurError **err)
{
	Aicode a;
	int rc;
	if (!aicode_start(&a, ctx, args, "review", err)) {
		rc = aur_error_report(*err);
	} else {
		PromptId p = a.json ? PROMPT_REVIEW_JSON : PROMPT_REVIEW_PART;
		int64_t room = aicode_room(&a, p, 256, err);
		/* --json numbers the new side's lines: "12345:" at most */
		GArray *parts = room > 0 ? chunk_split_diff(in->text, in->len, room, a.json ? 8 : 0, err)
					 : NULL;
		if (parts == NULL) {
			rc = aicode_end(&a, aur_error_exit_code((*err)->category), *err, NULL);
		} else if (parts->len > AICODE_MAX_PARTS) {
			aur_error_set(err, AUR_ERR_INPUT, "Review a smaller range.",
				      "%s would take %u requests (more than %d)", what, parts->len, AICODE_MAX_PARTS);
			rc = aicode_end(&a, 6, *err, NULL);
		} else {
			if (parts->len > 1)
				aicode_note_split(&a, what, chunk_tokens(in->text, in->len), parts);
			rc = a.json ? review_json(&a, in, parts, err) : review_markdown(&a, in, parts, err);
		}
		chunk_parts_free(parts);
	}
	aicode_finish(&a);
	return rc;
}

static int
run_review(AurContext *ctx, AurArgs *args)
{
	g_autoptr(AurError) err = NULL;
	g_autofree char *what = NULL;
	char *diff = git_diff(args, &what, &err);
	if (diff == NULL)
		return aur_error_report(err);
	if (strspn(diff, " \t\r\n") == strlen(diff)) {
		term_message(TERM_MSG_INFO, "nothing to review: %s are empty", what);
		g_free(diff);
		if (ctx->json) {
			g_autoptr(AnalysisResults) r = analysis_results_new(NULL);
			g_autofree char *text = analysis_report_json(r, false);
			puts(text);
		}
		return 0;
	}
	AicodeInput in;
	diff_input(&in, diff);
	int rc = review(ctx, args, &in, what, &err);
	aicode_input_clear(&in);
	return rc;
}

const AurCommand cmd_review = {
	.name = "review",
	.summary = "review a git diff: unstaged changes, --staged, or a revision range",
	.usage = "[REV-RANGE | --staged | -] [--plain] [--model ID] [--json]",
	.description = "Runs git diff (the unstaged changes by default; - reads a diff from "
		       "standard input) and asks the review route "
		       "for a review: summary, findings with file and line, verdict, rendered for "
		       "the terminal.  --json prints findings in the analysis JSON schema (source "
		       "ai), checked against the lines the diff shows.  A diff too large for one "
		       "request is split at file and hunk boundaries and the reviews are merged.",
	.options = review_options,
	.positional = COMPLETE_NONE,
	.network = true,
	.run = run_review,
};
