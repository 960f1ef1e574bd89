/* SPDX-License-Identifier: MIT */
/* `aurelis fix FILE [--line N | --rule ID] [--apply]`: static analysis first, then the
 * model's SEARCH/REPLACE edits for what it found, shown as a diff and written on request. */
#include "autoconfig.h"

#include <string.h>

#include "aicode.h"
#include "analysis/analysis.h"
#include "cmds.h"
#include "term.h"
#include "util.h"

/* Findings listed in one request; more are counted, not listed. */
#define MAX_LISTED 25

static const AurOption fix_options[] = {
	{ "line", 0, OPT_VALUE, "N", "fix the problem at line N", COMPLETE_NONE, NULL },
	{ "rule", 0, OPT_VALUE, "ID", "fix only the findings of this analysis rule", COMPLETE_NONE, NULL },
	{ "apply", 0, OPT_FLAG, NULL, "write the changes (after confirmation; a backup is kept)", COMPLETE_NONE, NULL },
	{ "yes", 'y', OPT_FLAG, NULL, "with --apply: do not ask", COMPLETE_NONE, NULL },
	{ "lang", 'l', OPT_VALUE, "LANG", "the language, when the file name does not tell (standard input)", COMPLETE_NONE, NULL },
	{ "plain", 0, OPT_FLAG, NULL, "plain text: no colours and no cursor movement", COMPLETE_NONE, NULL },
	{ NULL, 0, 0, NULL, NULL, 0, NULL },
};

typedef struct {
	GPtrArray *findings; /* AnalysisFinding * (borrowed), the ones to fix */
	uint32_t line;       /* --line, or 0 */
} Fix;

static bool
in_lines(const AnalysisFinding *f, uint32_t first, uint32_t last)
{
	uint32_t end = f->end_line >= f->line ? f->end_line : f->line;
	return f->line <= last && end >= first;
}

static char *
finding_line(const AnalysisFinding *f)
{
	GString *s = g_string_new(NULL);
	g_string_append_printf(s, "- line %u: [%s] %s: %s", f->line, f->rule,
			       analysis_severity_name(f->severity), f->message);
	if (f->hint != NULL)
		g_string_append_printf(s, " (how to fix: %s)", f->hint);
	g_string_append_c(s, '\n');
	return g_string_free(s, FALSE);
}

static void
list_findings(GString *s, const Fix *fx, uint32_t first, uint32_t last)
{
	unsigned listed = 0, more = 0;
	for (guint i = 0; i < fx->findings->len; i++) {
		const AnalysisFinding *f = fx->findings->pdata[i];
		if (!in_lines(f, first, last))
			continue;
		if (listed == MAX_LISTED) {
			more++;
			continue;
		}
		g_autofree char *line = finding_line(f);
		g_string_append(s, line);
		listed++;
	}
	if (more > 0)
		g_string_append_printf(s, "- and %u more findings, not listed\n", more);
	if (listed == 0)
		g_string_append(s, "(none in these lines)\n");
}

static gint
cmp_size(gconstpointer a, gconstpointer b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? 1 : x > y ? -1 : 0;
}

/* The most a part's list of findings can take: its MAX_LISTED longest lines. */
static size_t
listing_bytes(const Fix *fx)
{
	g_autoptr(GArray) sizes = g_array_new(FALSE, FALSE, sizeof(size_t));
	for (guint i = 0; i < fx->findings->len; i++) {
		g_autofree char *line = finding_line(fx->findings->pdata[i]);
		size_t n = strlen(line);
		g_array_append_val(sizes, n);
	}
	g_array_sort(sizes, cmp_size);
	size_t total = 96;
	for (guint i = 0; i < sizes->len && i < MAX_LISTED; i++)
		total += g_array_index(sizes, size_t, i);
	return total;
}

static char *
part_findings(const ChunkPart *p, void *data)
{
	const Fix *fx = data;
	if (fx->findings->len == 0)
		return g_strdup("Static analysis found nothing here.\n");
	GString *s = g_string_new("Static analysis findings:\n");
	list_findings(s, fx, p->first_line, p->last_line);
	return g_string_free(s, FALSE);
}

static bool
part_wanted(const ChunkPart *p, void *data)
{
	const Fix *fx = data;
	if (fx->line > 0)
		return fx->line >= p->first_line && fx->line <= p->last_line;
	for (guint i = 0; i < fx->findings->len; i++)
		if (in_lines(fx->findings->pdata[i], p->first_line, p->last_line))
			return true;
	return fx->findings->len == 0;
}

/* The static findings to send: all of them, those of --rule, or those at --line. */
static AnalysisFile *
analyse(AurContext *ctx, const AicodeInput *in, const char *rule, Fix *fx, AurError **err)
{
	AnalysisOptions o = { .cfg = ctx->cfg };
	AnalysisFile *f = NULL;
	if (in->lang != LANG_NONE) {
		f = analysis_file_buffer(in->name, in->text, in->len, in->lang, &o, err);
		if (f == NULL)
			return NULL;
	} else {
		term_message(TERM_MSG_INFO, "no static analysis for %s (its language is not one the "
			     "analyser knows); asking the model alone", in->name);
	}
	for (guint i = 0; f != NULL && i < f->findings->len; i++) {
		const AnalysisFinding *x = f->findings->pdata[i];
		if (rule != NULL && strcmp(x->rule, rule) != 0)
			continue;
		if (fx->line > 0 && !in_lines(x, fx->line, fx->line))
			continue;
		g_ptr_array_add(fx->findings, (gpointer)x);
	}
	return f;
}

static bool
check_options(const AurArgs *args, const AicodeInput *in, Fix *fx, AurError **err)
{
	const char *line = args_value(args, "line");
	const char *rule = args_value(args, "rule");
	guint64 n = 0;
	if (line != NULL && !g_ascii_string_to_unsigned(line, 10, 1, in->lines, &n, NULL)) {
		cli_usage_error(err, &cmd_fix, "--line: '%s' is not a line of %s (1 to %u)", line,
				in->name, in->lines);
		return false;
	}
	fx->line = (uint32_t)n;
	if (rule != NULL && analysis_rule_find(rule) == NULL) {
		size_t count;
		const AnalysisRule *rules = analysis_rules(&count);
		g_autoptr(GPtrArray) ids = g_ptr_array_new();
		for (size_t i = 0; i < count; i++)
			g_ptr_array_add(ids, (gpointer)rules[i].id);
		g_ptr_array_add(ids, NULL);
		const char *near = util_did_you_mean(rule, (const char *const *)ids->pdata);
		aur_error_set(err, AUR_ERR_USAGE, near ? NULL : "See `aurelis analyze --list-rules`.",
			      "--rule: no rule '%s'%s%s%s", rule, near ? "; did you mean " : "",
			      near ? near : "", near ? "?" : "");
		return false;
	}
	if (args_flag(args, "apply") && in->path == NULL) {
		cli_usage_error(err, &cmd_fix, "--apply needs a FILE; with - the fixed code is printed");
		return false;
	}
	return true;
}

static char *
instructions(const AicodeInput *in, const Fix *fx, const char *rule)
{
	GString *s = g_string_new(NULL);
	if (fx->line > 0)
		g_string_append_printf(s, "Fix the problem at line %u of %s.", fx->line, in->name);
	else if (rule != NULL)
		g_string_append_printf(s, "Fix the findings of rule %s in %s, and nothing else.", rule, in->name);
	else
		g_string_append_printf(s, "Fix the problems in %s.", in->name);
	return g_string_free(s, FALSE);
}

/* The model's part: the edits, the diff and the write. */
static int
ask_model(AurContext *ctx, AurArgs *args, const AicodeInput *in, Fix *fx, const char *rule,
	  AurError **err)
{
	Aicode a;
	if (!aicode_start(&a, ctx, args, "fix", err)) {
		aicode_finish(&a);
		return aur_error_report(*err);
	}
	g_autofree char *instr = instructions(in, fx, rule);
	AicodeEdit e = {
		.prompt = PROMPT_FIX, .instructions = instr, .part_extra = part_findings,
		.extra_bytes = listing_bytes(fx), .want_part = part_wanted, .data = fx,
		.apply = args_flag(args, "apply"), .yes = args_flag(args, "yes"),
	};
	int rc = aicode_edit_run(&a, in, &e, err);
	aicode_finish(&a);
	return rc;
}

static bool
read_input(const AurArgs *args, AicodeInput *in, AurError **err)
{
	const char *lang = args_value(args, "lang");
	return aicode_read(args_pos(args, 0), false, in, err) &&
	       (lang == NULL || aicode_set_lang(in, lang, &cmd_fix, err));
}

static int
run_fix(AurContext *ctx, AurArgs *args)
{
	g_autoptr(AurError) err = NULL;
	if (args_npos(args) != 1) {
		cli_usage_error(&err, &cmd_fix, "fix takes one FILE (or - for standard input)");
		return aur_error_report(err);
	}
	AicodeInput in;
	Fix fx = { .findings = g_ptr_array_new() };
	const char *rule = args_value(args, "rule");
	AnalysisFile *af = NULL;
	int rc;
	if (!read_input(args, &in, &err) || !check_options(args, &in, &fx, &err) ||
	    ((af = analyse(ctx, &in, rule, &fx, &err)) == NULL && err != NULL)) {
		rc = aur_error_report(err);
	} else if (rule != NULL && fx.findings->len == 0) {
		term_message(TERM_MSG_INFO, "no %s finding%s in %s; nothing to fix", rule,
			     fx.line ? " at that line" : "", in.name);
		rc = 0;
	} else {
		rc = ask_model(ctx, args, &in, &fx, rule, &err);
	}
	analysis_file_free(af);
	g_ptr_array_unref(fx.findings);
	aicode_input_clear(&in);
	return rc;
}

const AurCommand cmd_fix = {
	.name = "fix",
	.summary = "fix a file's problems: static analysis, then the model's edits as a diff",
	.usage = "FILE | - [--line N | --rule ID] [--apply] [--yes] [--lang LANG] [--plain] [--model ID] [--json]",
	.description = "Runs the static analysis first and sends the code with its findings (those "
		       "of --rule, or at --line).  The model answers with SEARCH/REPLACE edits; "
		       "they are applied in memory and shown as a unified diff (on a pipe, only the "
		       "diff is printed).  --apply writes the file after confirmation (or --yes), "
		       "keeping a backup and the file's mode; nothing is written unless every edit "
		       "applied.  With -, the fixed code is printed.",
	.options = fix_options,
	.positional = COMPLETE_FILE,
	.network = true,
	.run = run_fix,
};
