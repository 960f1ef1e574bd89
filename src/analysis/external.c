/* SPDX-License-Identifier: MIT */
/* --with cppcheck,shellcheck,ruff: run the tool, parse its machine-readable output, add
 * its findings to the files they belong to. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "analysis/external.h"

#define BATCH 200

/* One --with pass: where findings go, the files by path, and each file's text and
 * suppression comments, read once when its first finding arrives. */
typedef struct {
	AnalysisResults *r;
	GHashTable *by_path;   /* display path -> AnalysisFile */
	GHashTable *texts;     /* AnalysisFile -> ToolText */
	const CheckProfile *p; /* may be NULL */
} ToolRun;

typedef struct {
	char *text;
	gsize len;
	CheckSuppressions *sup;
} ToolText;

typedef struct {
	const char *name;
	unsigned langs;
	void (*run)(const char *prog, GPtrArray *batch, ToolRun *tr);
} Tool;

static void run_cppcheck(const char *prog, GPtrArray *batch, ToolRun *tr);
static void run_shellcheck(const char *prog, GPtrArray *batch, ToolRun *tr);
static void run_ruff(const char *prog, GPtrArray *batch, ToolRun *tr);

static const Tool tools_known[] = {
	{ "cppcheck", LANG_SET_C, run_cppcheck },
	{ "shellcheck", LANG_BIT(LANG_SHELL), run_shellcheck },
	{ "ruff", LANG_BIT(LANG_PYTHON), run_ruff },
};

bool
external_check_names(const char *const *tools, AurError **err)
{
	for (int i = 0; tools && tools[i]; i++) {
		bool known = false;
		for (size_t k = 0; k < G_N_ELEMENTS(tools_known); k++)
			known |= strcmp(tools[i], tools_known[k].name) == 0;
		if (!known) {
			aur_error_set(err, AUR_ERR_USAGE, "--with takes cppcheck, shellcheck and ruff.",
				      "--with: unknown tool '%s'", tools[i]);
			return false;
		}
	}
	return true;
}

static void
tool_text_free(gpointer data)
{
	ToolText *t = data;
	g_free(t->text);
	check_suppressions_free(t->sup);
	g_free(t);
}

static const ToolText *
tool_text(ToolRun *tr, AnalysisFile *f)
{
	ToolText *t = g_hash_table_lookup(tr->texts, f);
	if (t == NULL) {
		t = g_new0(ToolText, 1);
		if (g_file_get_contents(f->path, &t->text, &t->len, NULL))
			t->sup = check_suppressions_new(t->text, t->len, f->lang);
		g_hash_table_insert(tr->texts, f, t);
	}
	return t;
}

/* A finding of tool at path:line, unless --category leaves its category out or an
 * `aurelis: ignore` comment (bare, or naming the tool's code) covers the line. */
static void
add_finding(ToolRun *tr, const char *tool, const char *path, const char *code, AnalysisSeverity sev,
	    AnalysisCategory cat, const char *message, int cwe, uint32_t line, uint32_t col,
	    uint32_t end_line, uint32_t end_col)
{
	AnalysisFile *f = g_hash_table_lookup(tr->by_path, path);
	if (f == NULL || line == 0 || (tr->p != NULL && !tr->p->categories[cat]))
		return;
	g_autofree char *valid_code = g_utf8_make_valid(code, -1);
	const ToolText *t = tool_text(tr, f);
	if (check_suppressions_cover(t->sup, line, valid_code))
		return;
	AnalysisFinding *x = g_new0(AnalysisFinding, 1);
	x->owned_rule = g_steal_pointer(&valid_code);
	x->rule = x->owned_rule;
	x->severity = sev;
	x->category = cat;
	x->cwe = cwe;
	x->message = g_utf8_make_valid(message, -1);
	x->file = f->path;
	x->line = line;
	x->column = col ? col : 1;
	x->end_line = end_line ? end_line : line;
	x->end_column = end_col ? end_col : x->column;
	x->source = tool;
	x->excerpt = t->text != NULL ? analysis_line_text(t->text, t->len, line) : NULL;
	g_ptr_array_add(f->findings, x);
	analysis_results_note_rule(tr->r, tool, x->rule);
}

/* Run argv; its standard output (or error) as text.  GSubprocess would pull in GIO, which
 * every command would then pay for at start-up, so this uses g_spawn. */
static char *
run_tool(const char *const *argv, bool want_stderr)
{
	char *out = NULL, *errout = NULL;
	gint status = 0;
	if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &errout, &status, NULL))
		return NULL;
	if (want_stderr) {
		g_free(out);
		return errout;
	}
	g_free(errout);
	return out;
}

/* Run prog with args (NULL-terminated) and then every file of batch; its output. */
static char *
run_on_batch(const char *prog, const char *const *args, const GPtrArray *batch)
{
	GPtrArray *argv = g_ptr_array_new();
	g_ptr_array_add(argv, (gpointer)prog);
	for (; *args != NULL; args++)
		g_ptr_array_add(argv, (gpointer)*args);
	for (guint i = 0; i < batch->len; i++)
		g_ptr_array_add(argv, ((AnalysisFile *)batch->pdata[i])->path);
	g_ptr_array_add(argv, NULL);
	char *out = run_tool((const char *const *)argv->pdata, false);
	g_ptr_array_free(argv, TRUE);
	return out;
}

/* A tool's "error" / "warning" / anything else. */
static AnalysisSeverity
severity_of(const char *level)
{
	if (level != NULL && strcmp(level, "error") == 0)
		return ANALYSIS_SEV_ERROR;
	if (level != NULL && strcmp(level, "warning") == 0)
		return ANALYSIS_SEV_WARNING;
	return ANALYSIS_SEV_INFO;
}

/* cppcheck's own classes, and for its errors and warnings the weaknesses an attacker can
 * use (memory safety, format strings, overflow); the rest of what it finds is correctness.
 * A CWE alone does not make a finding a security one: cppcheck gives one to nearly all. */
static AnalysisCategory
cppcheck_category(const char *severity, int cwe)
{
	static const int exploitable[] = { 119, 120, 121, 122, 125, 126, 131, 134, 190, 415, 416,
					   787, 788 };
	if (strcmp(severity, "performance") == 0)
		return ANALYSIS_CAT_PERFORMANCE;
	if (strcmp(severity, "style") == 0)
		return ANALYSIS_CAT_STYLE;
	for (size_t i = 0; i < G_N_ELEMENTS(exploitable); i++)
		if (cwe == exploitable[i])
			return ANALYSIS_CAT_SECURITY;
	return ANALYSIS_CAT_CORRECTNESS;
}

/* ruff's rule families: S (its security checks), PERF, C90 (complexity), the pycodestyle,
 * naming, docstring and import-order families (but E9, syntax errors); the rest is
 * correctness. */
static AnalysisCategory
ruff_category(const char *code)
{
	if (code[0] == 'S' && g_ascii_isdigit(code[1]))
		return ANALYSIS_CAT_SECURITY;
	if (g_str_has_prefix(code, "PERF"))
		return ANALYSIS_CAT_PERFORMANCE;
	if (g_str_has_prefix(code, "C90"))
		return ANALYSIS_CAT_COMPLEXITY;
	if ((code[0] == 'E' && code[1] != '9') || strchr("WDNI", code[0]) != NULL)
		return g_ascii_isdigit(code[1]) ? ANALYSIS_CAT_STYLE : ANALYSIS_CAT_CORRECTNESS;
	return ANALYSIS_CAT_CORRECTNESS;
}

static void
run_cppcheck(const char *prog, GPtrArray *batch, ToolRun *tr)
{
	GString *list = g_string_new(NULL);
	for (guint i = 0; i < batch->len; i++)
		g_string_append_printf(list, "%s\n", ((AnalysisFile *)batch->pdata[i])->path);
	g_autofree char *tmp = NULL;
	int fd = g_file_open_tmp("aurelis-cppcheck-XXXXXX", &tmp, NULL);
	if (fd < 0) {
		g_string_free(list, TRUE);
		return;
	}
	close(fd);
	bool written = g_file_set_contents(tmp, list->str, (gssize)list->len, NULL);
	g_string_free(list, TRUE);
	g_autofree char *file_list = g_strdup_printf("--file-list=%s", tmp);
	const char *argv[] = { prog, "--enable=warning,performance,portability", "--quiet",
			 "--inline-suppr", "--template={file}\x1f{line}\x1f{column}\x1f{severity}\x1f{id}\x1f{cwe}\x1f{message}",
			 file_list, NULL };
	g_autofree char *out = written ? run_tool(argv, true) : NULL;
	unlink(tmp);
	for (char *line = out, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		g_auto(GStrv) f = g_strsplit(line, "\x1f", 7);
		if (g_strv_length(f) != 7 || strcmp(f[4], "missingIncludeSystem") == 0 ||
		    strcmp(f[4], "checkersReport") == 0)
			continue;
		AnalysisSeverity sev = severity_of(f[3]);
		int cwe = atoi(f[5]);
		add_finding(tr, "cppcheck", f[0], f[4], sev, cppcheck_category(f[3], cwe), f[6], cwe,
			    (uint32_t)atoi(f[1]), (uint32_t)atoi(f[2]), 0, 0);
	}
}

static void
run_shellcheck(const char *prog, GPtrArray *batch, ToolRun *tr)
{
	static const char *const args[] = { "-f", "json1", NULL };
	g_autofree char *out = run_on_batch(prog, args, batch);
	cJSON *root = out ? cJSON_Parse(out) : NULL;
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "comments"), *it;
	cJSON_ArrayForEach(it, list) {
		const char *file = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "file"));
		const char *level = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "level"));
		const char *msg = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "message"));
		const cJSON *code = cJSON_GetObjectItemCaseSensitive(it, "code");
		if (!file || !msg || !cJSON_IsNumber(code))
			continue;
		g_autofree char *id = g_strdup_printf("SC%d", (int)code->valuedouble);
		AnalysisSeverity sev = severity_of(level);
		/* shellcheck's "style" level is advice on form; the others are about behaviour */
		AnalysisCategory cat = level && strcmp(level, "style") == 0 ? ANALYSIS_CAT_STYLE
									    : ANALYSIS_CAT_CORRECTNESS;
#define NUM(k) ((uint32_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, k)))
		add_finding(tr, "shellcheck", file, id, sev, cat, msg, 0, NUM("line"), NUM("column"),
			    NUM("endLine"), NUM("endColumn"));
#undef NUM
	}
	cJSON_Delete(root);
}

static void
run_ruff(const char *prog, GPtrArray *batch, ToolRun *tr)
{
	static const char *const args[] = { "check", "--output-format=json", "--no-cache",
					    "--exit-zero", "--quiet", NULL };
	g_autofree char *out = run_on_batch(prog, args, batch);
	cJSON *root = out ? cJSON_Parse(out) : NULL;
	const cJSON *it;
	g_autofree char *cwd = g_get_current_dir();
	cJSON_ArrayForEach(it, root) {
		const char *file = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "filename"));
		const char *msg = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "message"));
		const char *code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "code"));
		const cJSON *loc = cJSON_GetObjectItemCaseSensitive(it, "location");
		const cJSON *end = cJSON_GetObjectItemCaseSensitive(it, "end_location");
		if (!file || !msg || !code || !loc)
			continue;
		/* ruff reports absolute paths: map back to ours */
		const char *path = file;
		if (g_str_has_prefix(file, cwd) && file[strlen(cwd)] == '/')
			path = file + strlen(cwd) + 1;
		AnalysisSeverity sev = (code[0] == 'E' && code[1] == '9') || code[0] == 'F' ? ANALYSIS_SEV_WARNING
											   : ANALYSIS_SEV_INFO;
		if (code[0] == 'S')
			sev = ANALYSIS_SEV_WARNING;
#define NUM(o, k) ((uint32_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, k)))
		add_finding(tr, "ruff", g_hash_table_contains(tr->by_path, path) ? path : file, code, sev,
			    ruff_category(code), msg, 0, NUM(loc, "row"), NUM(loc, "column"), end ? NUM(end, "row") : 0,
			    end ? NUM(end, "column") : 0);
#undef NUM
	}
	cJSON_Delete(root);
}

void
external_run(const char *const *tools, AnalysisResults *r, const CheckProfile *p)
{
	GHashTable *by_path = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < r->files->len; i++) {
		AnalysisFile *f = r->files->pdata[i];
		if (f->status == ANALYSIS_FILE_ANALYSED)
			g_hash_table_insert(by_path, f->path, f);
	}
	ToolRun tr = { .r = r, .by_path = by_path, .p = p,
		       .texts = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, tool_text_free) };
	for (int t = 0; tools[t]; t++) {
		const Tool *tool = NULL;
		for (size_t k = 0; k < G_N_ELEMENTS(tools_known); k++)
			if (strcmp(tools[t], tools_known[k].name) == 0)
				tool = &tools_known[k];
		g_autofree char *prog = tool ? g_find_program_in_path(tool->name) : NULL;
		if (prog == NULL) {
			g_ptr_array_add(r->warnings, g_strdup_printf("%s is not installed; its checks were skipped", tools[t]));
			continue;
		}
		GPtrArray *batch = g_ptr_array_new();
		for (guint i = 0; i <= r->files->len; i++) {
			AnalysisFile *f = i < r->files->len ? r->files->pdata[i] : NULL;
			if (f && f->status == ANALYSIS_FILE_ANALYSED && (tool->langs & LANG_BIT(f->lang)) &&
			    f->path[0] != '<')
				g_ptr_array_add(batch, f);
			if (batch->len > 0 && (batch->len >= BATCH || f == NULL)) {
				tool->run(prog, batch, &tr);
				g_ptr_array_set_size(batch, 0);
			}
		}
		g_ptr_array_free(batch, TRUE);
	}
	analysis_results_sort(r);
	g_hash_table_destroy(tr.texts);
	g_hash_table_destroy(by_path);
}
