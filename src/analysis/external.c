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

typedef struct {
	const char *name;
	unsigned langs;
	void (*run)(const char *prog, GPtrArray *batch, AnalysisResults *r, GHashTable *by_path);
} Tool;

static void run_cppcheck(const char *prog, GPtrArray *batch, AnalysisResults *r, GHashTable *by_path);
static void run_shellcheck(const char *prog, GPtrArray *batch, AnalysisResults *r, GHashTable *by_path);
static void run_ruff(const char *prog, GPtrArray *batch, AnalysisResults *r, GHashTable *by_path);

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
add_finding(AnalysisResults *r, GHashTable *by_path, const char *tool, const char *path,
	    const char *code, AnalysisSeverity sev, const char *message, int cwe, uint32_t line,
	    uint32_t col, uint32_t end_line, uint32_t end_col)
{
	AnalysisFile *f = g_hash_table_lookup(by_path, path);
	if (f == NULL || line == 0)
		return;
	AnalysisFinding *x = g_new0(AnalysisFinding, 1);
	x->owned_rule = g_utf8_make_valid(code, -1);
	x->rule = x->owned_rule;
	x->severity = sev;
	x->category = ANALYSIS_CAT_CORRECTNESS;
	if (cwe > 0 || g_str_has_prefix(code, "S"))
		x->category = ANALYSIS_CAT_SECURITY;
	x->cwe = cwe;
	x->message = g_utf8_make_valid(message, -1);
	x->file = f->path;
	x->line = line;
	x->column = col ? col : 1;
	x->end_line = end_line ? end_line : line;
	x->end_column = end_col ? end_col : x->column;
	x->source = tool;
	/* the excerpt: read the line back */
	g_autofree char *text = NULL;
	gsize len = 0;
	if (g_file_get_contents(f->path, &text, &len, NULL)) {
		const char *p = text, *end = text + len;
		for (uint32_t l = 1; l < line && p < end; l++) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			p = nl ? nl + 1 : end;
		}
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (p < end)
			x->excerpt = g_utf8_make_valid(p, (gssize)MIN(n, 400));
	}
	g_ptr_array_add(f->findings, x);
	g_autofree char *rid = g_strdup_printf("%s/%s", tool, code);
	for (guint i = 0; i < r->tool_rules->len; i++)
		if (strcmp(r->tool_rules->pdata[i], rid) == 0)
			return;
	g_ptr_array_add(r->tool_rules, g_steal_pointer(&rid));
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

static void
run_cppcheck(const char *prog, GPtrArray *batch, AnalysisResults *r, GHashTable *by_path)
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
		add_finding(r, by_path, "cppcheck", f[0], f[4], sev, f[6], atoi(f[5]),
			    (uint32_t)atoi(f[1]), (uint32_t)atoi(f[2]), 0, 0);
	}
}

static void
run_shellcheck(const char *prog, GPtrArray *batch, AnalysisResults *r, GHashTable *by_path)
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
#define NUM(k) ((uint32_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, k)))
		add_finding(r, by_path, "shellcheck", file, id, sev, msg, 0, NUM("line"), NUM("column"),
			    NUM("endLine"), NUM("endColumn"));
#undef NUM
	}
	cJSON_Delete(root);
}

static void
run_ruff(const char *prog, GPtrArray *batch, AnalysisResults *r, GHashTable *by_path)
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
		add_finding(r, by_path, "ruff", g_hash_table_contains(by_path, path) ? path : file, code, sev,
			    msg, 0, NUM(loc, "row"), NUM(loc, "column"), end ? NUM(end, "row") : 0,
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
				tool->run(prog, batch, r, by_path);
				g_ptr_array_set_size(batch, 0);
			}
		}
		g_ptr_array_free(batch, TRUE);
	}
	(void)p;
	analysis_results_sort(r);
	g_hash_table_destroy(by_path);
}
