/* SPDX-License-Identifier: MIT */
/* `aurelis analyze`: offline static analysis of files and directories, as text, JSON or
 * SARIF, with an exit status CI can use. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "ai-analyze.h"
#include "analysis/analysis.h"
#include "cmds.h"
#include "fsutil.h"
#include "term.h"

static const AurOption analyze_options[] = {
	{ "format", 'f', OPT_VALUE, "FORMAT", "text (default), json or sarif", COMPLETE_CHOICES, "text|json|sarif" },
	{ "output", 'o', OPT_VALUE, "FILE", "write the report to FILE (atomically) instead of stdout", COMPLETE_FILE, NULL },
	{ "fail-on", 0, OPT_VALUE, "LEVEL", "exit 1 when a finding reaches LEVEL (default analysis.fail_on)", COMPLETE_CHOICES, "error|warning|info|never" },
	{ "rules", 'r', OPT_MULTI, "LIST", "only these rule ids or globs, comma-separated (c-*,py-eval)", COMPLETE_NONE, NULL },
	{ "category", 'c', OPT_MULTI, "LIST", "only these categories: security, correctness, performance, complexity, style", COMPLETE_CHOICES, "security|correctness|performance|complexity|style" },
	{ "jobs", 'j', OPT_VALUE, "N", "files analysed in parallel (default: number of CPUs)", COMPLETE_NONE, NULL },
	{ "metrics", 0, OPT_FLAG, NULL, "also report lines, complexity, nesting and parameters per file and function", COMPLETE_NONE, NULL },
	{ "with", 0, OPT_MULTI, "TOOLS", "also run cppcheck, shellcheck and/or ruff when installed", COMPLETE_CHOICES, "cppcheck|shellcheck|ruff" },
	{ "lang", 'l', OPT_VALUE, "LANG", "language of standard input (-): c, cpp, python, javascript, typescript, shell", COMPLETE_CHOICES, "c|cpp|python|javascript|typescript|shell" },
	{ "list-rules", 0, OPT_FLAG, NULL, "list the rules (id, languages, category, severity, CWE) and exit", COMPLETE_NONE, NULL },
	{ "ai", 0, OPT_FLAG, NULL, "after the static pass, ask a model for more findings (source ai)", COMPLETE_NONE, NULL },
	{ "ai-max-requests", 0, OPT_VALUE, "N", "with --ai: send at most N requests (default 50)", COMPLETE_NONE, NULL },
	{ NULL, 0, 0, NULL, NULL, 0, NULL },
};

/* Values of a repeatable option, each split at commas. */
static GPtrArray *
split_values(const AurArgs *args, const char *name)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	for (const char *const *v = args_values(args, name); *v; v++) {
		g_auto(GStrv) parts = g_strsplit(*v, ",", -1);
		for (int i = 0; parts[i]; i++) {
			char *p = g_strstrip(g_strdup(parts[i]));
			if (*p)
				g_ptr_array_add(out, p);
			else
				g_free(p);
		}
	}
	g_ptr_array_add(out, NULL);
	return out;
}

static char *
langs_text(unsigned langs)
{
	if (langs == LANG_SET_ALL)
		return g_strdup("all");
	GString *s = g_string_new(NULL);
	static const struct { unsigned bits; const char *name; } groups[] = {
		{ LANG_SET_C, "c/c++" }, { LANG_BIT(LANG_PYTHON), "python" },
		{ LANG_SET_JS, "js/ts" }, { LANG_BIT(LANG_SHELL), "shell" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(groups); i++)
		if (langs & groups[i].bits)
			g_string_append_printf(s, "%s%s", s->len ? "," : "", groups[i].name);
	return g_string_free(s, FALSE);
}

static int
list_rules(bool json)
{
	size_t n;
	const AnalysisRule *rules = analysis_rules(&n);
	if (json) {
		cJSON *arr = cJSON_CreateArray();
		for (size_t i = 0; i < n; i++) {
			cJSON *o = cJSON_CreateObject();
			g_autofree char *langs = langs_text(rules[i].langs);
			cJSON_AddStringToObject(o, "id", rules[i].id);
			cJSON_AddStringToObject(o, "languages", langs);
			cJSON_AddStringToObject(o, "category", analysis_category_name(rules[i].category));
			cJSON_AddStringToObject(o, "severity", analysis_severity_name(rules[i].severity));
			cJSON_AddItemToObject(o, "cwe", rules[i].cwe ? cJSON_CreateNumber(rules[i].cwe) : cJSON_CreateNull());
			cJSON_AddStringToObject(o, "message", rules[i].message);
			cJSON_AddStringToObject(o, "hint", rules[i].hint);
			cJSON_AddItemToArray(arr, o);
		}
		char *s = cJSON_Print(arr);
		puts(s);
		free(s);
		cJSON_Delete(arr);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		g_autofree char *langs = langs_text(rules[i].langs);
		g_autofree char *cwe = rules[i].cwe ? g_strdup_printf("CWE-%d", rules[i].cwe) : g_strdup("-");
		printf("%-28s %-8s %-12s %-8s %-8s %s\n", rules[i].id, langs,
		       analysis_category_name(rules[i].category), analysis_severity_name(rules[i].severity),
		       cwe, rules[i].message);
	}
	return 0;
}

static bool
parse_options(AurContext *ctx, AurArgs *args, AnalysisOptions *o, int *fail_on, const char **format,
	      AurError **err)
{
	*format = args_value(args, "format");
	if (*format == NULL)
		*format = ctx->json ? "json" : "text";
	if (strcmp(*format, "text") && strcmp(*format, "json") && strcmp(*format, "sarif")) {
		cli_usage_error(err, ctx->command, "--format: '%s' is not text, json or sarif", *format);
		return false;
	}
	const char *fo = args_value(args, "fail-on");
	if (fo == NULL)
		fo = config_get_string(ctx->cfg, "analysis.fail_on");
	AnalysisSeverity sev;
	if (fo && strcmp(fo, "never") == 0) {
		*fail_on = -1;
	} else if (fo && analysis_severity_parse(fo, &sev)) {
		*fail_on = (int)sev;
	} else {
		cli_usage_error(err, ctx->command, "--fail-on: '%s' is not error, warning, info or never", fo ? fo : "");
		return false;
	}
	const char *jobs = args_value(args, "jobs");
	if (jobs != NULL) {
		char *end;
		long j = strtol(jobs, &end, 10);
		if (*end || j < 1 || j > 256) {
			cli_usage_error(err, ctx->command, "--jobs: '%s' is not a number from 1 to 256", jobs);
			return false;
		}
		o->jobs = (int)j;
	}
	const char *max = args_value(args, "ai-max-requests");
	guint64 n;
	if (max != NULL && !g_ascii_string_to_unsigned(max, 10, 1, 10000, &n, NULL)) {
		cli_usage_error(err, ctx->command, "--ai-max-requests: '%s' is not a number from 1 to 10000", max);
		return false;
	}
	const char *lang = args_value(args, "lang");
	if (lang != NULL && (o->stdin_lang = lang_from_name(lang)) == LANG_NONE) {
		cli_usage_error(err, ctx->command, "--lang: unknown language '%s' (c, cpp, python, javascript, typescript, shell)", lang);
		return false;
	}
	return true;
}

static int
emit(const char *path, const char *text, AurError **err)
{
	if (path == NULL || strcmp(path, "-") == 0) {
		fputs(text, stdout);
		if (*text && text[strlen(text) - 1] != '\n')
			fputc('\n', stdout);
		return 0;
	}
	/* /dev/null, /dev/stdout or a pipe cannot be replaced by rename: write to them */
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		FILE *f = fopen(path, "w");
		bool ok = f != NULL && fputs(text, f) >= 0;
		if (f != NULL && fclose(f) != 0)
			ok = false;
		if (!ok)
			aur_error_set(err, AUR_ERR_IO, "Check the path and its permissions.",
				      "cannot write %s", path);
		return ok ? 0 : -1;
	}
	return fs_write_atomic(path, text, strlen(text), 0644, err) ? 0 : -1;
}

static int
run_analyze(AurContext *ctx, AurArgs *args)
{
	g_autoptr(AurError) e = NULL;
	if (args_flag(args, "list-rules"))
		return list_rules(ctx->json || g_strcmp0(args_value(args, "format"), "json") == 0);
	bool ai = args_flag(args, "ai");
	AnalysisOptions o = { .cfg = ctx->cfg, .metrics = args_flag(args, "metrics"), .keep_text = ai };
	int fail_on;
	const char *format;
	if (!parse_options(ctx, args, &o, &fail_on, &format, &e))
		return aur_error_report(e);
	g_autoptr(GPtrArray) rules = split_values(args, "rules");
	g_autoptr(GPtrArray) cats = split_values(args, "category");
	g_autoptr(GPtrArray) tools = split_values(args, "with");
	o.rules = rules->len > 1 ? (const char *const *)rules->pdata : NULL;
	o.categories = cats->len > 1 ? (const char *const *)cats->pdata : NULL;
	o.tools = tools->len > 1 ? (const char *const *)tools->pdata : NULL;
	g_autoptr(GPtrArray) paths = g_ptr_array_new();
	for (unsigned i = 0; i < args_npos(args); i++)
		g_ptr_array_add(paths, (gpointer)args_pos(args, i));
	g_ptr_array_add(paths, NULL);
	g_autoptr(AnalysisResults) r = NULL;
	if (!analysis_run((const char *const *)paths->pdata, &o, &r, &e))
		return aur_error_report(e);
	/* The AI pass adds to r; when it fails the static report still goes out. */
	g_autoptr(AurError) ai_err = NULL;
	const char *max = args_value(args, "ai-max-requests");
	if (ai && !ai_analyze_run(ctx, args, r, max ? atoi(max) : AI_ANALYZE_MAX_REQUESTS, &ai_err) &&
	    ai_err->category == AUR_ERR_CANCELLED)
		return aur_error_report(ai_err);
	for (guint i = 0; i < r->warnings->len; i++)
		term_message(TERM_MSG_WARNING, "%s", (const char *)r->warnings->pdata[i]);
	for (guint i = 0; i < r->files->len; i++) {
		const AnalysisFile *f = r->files->pdata[i];
		if (f->status == ANALYSIS_FILE_UNREADABLE)
			term_message(TERM_MSG_WARNING, "%s: %s (skipped)", f->path, f->error);
	}
	const char *out = args_value(args, "output");
	int rc = 0;
	if (strcmp(format, "text") == 0) {
		if (out == NULL || strcmp(out, "-") == 0) {
			analysis_report_text(stdout, r, term_color_stdout(), o.metrics);
		} else {
			char *buf = NULL;
			size_t len = 0;
			FILE *mem = open_memstream(&buf, &len);
			analysis_report_text(mem, r, false, o.metrics);
			fclose(mem);
			rc = emit(out, buf, &e);
			free(buf);
		}
	} else {
		char *text = strcmp(format, "json") == 0 ? analysis_report_json(r, o.metrics)
							 : analysis_report_sarif(r);
		rc = emit(out, text, &e);
		free(text);
	}
	if (rc != 0)
		return aur_error_report(e);
	fflush(stdout);
	if (ai_err != NULL)
		return aur_error_report(ai_err);
	return fail_on >= 0 && analysis_results_reach(r, (AnalysisSeverity)fail_on) ? 1 : 0;
}

const AurCommand cmd_analyze = {
	.name = "analyze",
	.summary = "find security, correctness and performance problems in code, offline",
	.usage = "[PATH...] [--format text|json|sarif] [-o FILE] [--fail-on LEVEL] [--ai] [OPTIONS]",
	.description = "Analyses C, C++, Python, JavaScript, TypeScript and shell files (PATH defaults "
		       "to '.'; '-' reads standard input, with --lang) with no token and no network. "
		       "Inside a git work tree, files git ignores are skipped. Suppress a finding with "
		       "a comment 'aurelis: ignore[RULE-ID]' (or a bare 'aurelis: ignore' for every "
		       "rule) on its line or the line before. "
		       "With --ai, each file then goes to a model (the analyze route) for the "
		       "problems rules miss; its findings are checked, merged without repeats and "
		       "marked source ai. "
		       "Exit status: 0 when nothing reaches --fail-on, 1 when something does.",
	.options = analyze_options,
	.positional = COMPLETE_FILE,
	.run = run_analyze,
};
