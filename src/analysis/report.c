/* SPDX-License-Identifier: MIT */
/* Output of analysis results: text for people (grouped by file, with excerpts), JSON with
 * a stable schema, and SARIF 2.1.0 for code scanning. */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "analysis/analysis.h"
#include "util.h"

#define EXCERPT_COLUMNS 160

static const char *
sgr(bool color, const char *code)
{
	if (!color)
		return "";
	static const struct { const char *name, *seq; } map[] = {
		{ "reset", "\033[0m" }, { "bold", "\033[1m" }, { "dim", "\033[2m" },
		{ "red", "\033[1;31m" }, { "yellow", "\033[1;33m" }, { "cyan", "\033[36m" },
		{ "green", "\033[32m" }, { "blue", "\033[34m" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(map); i++)
		if (strcmp(map[i].name, code) == 0)
			return map[i].seq;
	return "";
}

static const char *
sev_color(AnalysisSeverity s)
{
	return s == ANALYSIS_SEV_ERROR ? "red" : s == ANALYSIS_SEV_WARNING ? "yellow" : "cyan";
}

/* The excerpt with tabs expanded, and the display columns where [col, end_col) fall. */
static char *
expand(const char *line, uint32_t col, uint32_t end_col, uint32_t *dcol, uint32_t *dend)
{
	GString *s = g_string_new(NULL);
	uint32_t chars = 1, width = 0;
	*dcol = 0;
	*dend = 0;
	for (const char *p = line; *p; p = g_utf8_next_char(p), chars++) {
		if (chars == col)
			*dcol = width;
		if (chars == end_col)
			*dend = width;
		if (*p == '\t') {
			uint32_t n = 8 - width % 8;
			g_string_append_printf(s, "%*s", (int)n, "");
			width += n;
		} else if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			g_string_append_c(s, ' ');
			width++;
		} else {
			g_string_append_len(s, p, g_utf8_next_char(p) - p);
			width++;
		}
		if (width > EXCERPT_COLUMNS) {
			g_string_append(s, "...");
			break;
		}
	}
	if (*dcol == 0 && col > 1)
		*dcol = width;
	if (*dend <= *dcol)
		*dend = end_col > col ? width : *dcol + 1;
	if (*dend > EXCERPT_COLUMNS)
		*dend = EXCERPT_COLUMNS;
	return g_string_free(s, FALSE);
}

static void
text_finding(FILE *out, const AnalysisFinding *f, bool color)
{
	fprintf(out, "  %s%u:%u%s  %s%-7s%s  %s", sgr(color, "bold"), f->line, f->column,
		sgr(color, "reset"), sgr(color, sev_color(f->severity)),
		analysis_severity_name(f->severity), sgr(color, "reset"), f->message);
	if (f->def != NULL && f->cwe > 0)
		fprintf(out, "  %s[%s, CWE-%d]%s\n", sgr(color, "dim"), f->rule, f->cwe, sgr(color, "reset"));
	else if (f->def != NULL)
		fprintf(out, "  %s[%s]%s\n", sgr(color, "dim"), f->rule, sgr(color, "reset"));
	else
		fprintf(out, "  %s[%s %s]%s\n", sgr(color, "dim"), f->source, f->rule, sgr(color, "reset"));
	if (f->excerpt != NULL && f->excerpt[0] != '\0') {
		uint32_t dc, de;
		g_autofree char *line = expand(f->excerpt, f->column,
					       f->end_line == f->line ? f->end_column : UINT32_MAX, &dc, &de);
		fprintf(out, "  %s%6u |%s %s\n", sgr(color, "dim"), f->line, sgr(color, "reset"), line);
		fprintf(out, "  %s       |%s %*s%s^", sgr(color, "dim"), sgr(color, "reset"), (int)dc, "",
			sgr(color, sev_color(f->severity)));
		for (uint32_t i = dc + 1; i < de; i++)
			fputc('~', out);
		fprintf(out, "%s\n", sgr(color, "reset"));
	}
	if (f->hint != NULL)
		fprintf(out, "  %s       = hint:%s %s\n", sgr(color, "dim"), sgr(color, "reset"), f->hint);
}

static char *
with_commas(uint64_t n)
{
	g_autofree char *raw = g_strdup_printf("%" G_GUINT64_FORMAT, n);
	GString *s = g_string_new(NULL);
	size_t len = strlen(raw);
	for (size_t i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			g_string_append_c(s, ',');
		g_string_append_c(s, raw[i]);
	}
	return g_string_free(s, FALSE);
}

static void
text_metrics(FILE *out, const AnalysisResults *r, bool color)
{
	fprintf(out, "%sMetrics%s\n", sgr(color, "bold"), sgr(color, "reset"));
	fprintf(out, "  %-44s %7s %7s %8s %5s %6s\n", "file", "lines", "code", "comment", "funcs", "max cx");
	for (guint i = 0; i < r->files->len; i++) {
		const AnalysisFile *f = r->files->pdata[i];
		if (f->status != ANALYSIS_FILE_ANALYSED)
			continue;
		const LangFileMetrics *m = &f->metrics;
		fprintf(out, "  %-44s %7u %7u %8u %5u %6u\n", f->path, m->lines, m->code_lines,
			m->comment_lines, m->functions, m->max_complexity);
		for (guint k = 0; f->functions && k < f->functions->len; k++) {
			const AnalysisFunction *fn = &g_array_index(f->functions, AnalysisFunction, k);
			fprintf(out, "    %s%-40s%s line %-6u %4u lines  complexity %-3u nesting %-2u params %u\n",
				sgr(color, "dim"), fn->name, sgr(color, "reset"), fn->f.start_line, fn->f.lines,
				fn->f.complexity, fn->f.max_nesting, fn->f.params);
		}
	}
	fputc('\n', out);
}

void
analysis_report_text(FILE *out, const AnalysisResults *r, bool color, bool metrics)
{
	for (guint i = 0; i < r->files->len; i++) {
		const AnalysisFile *f = r->files->pdata[i];
		if (f->findings->len == 0)
			continue;
		fprintf(out, "%s%s%s\n", sgr(color, "bold"), f->path, sgr(color, "reset"));
		for (guint k = 0; k < f->findings->len; k++)
			text_finding(out, f->findings->pdata[k], color);
		fputc('\n', out);
	}
	if (metrics)
		text_metrics(out, r, color);
	g_autofree char *lines = with_commas(r->lines);
	fprintf(out, "%s%u file%s analysed%s (%s lines) in %.0f ms", sgr(color, "bold"), r->analysed,
		r->analysed == 1 ? "" : "s", sgr(color, "reset"), lines, r->elapsed_ms);
	if (r->skipped || r->unreadable)
		fprintf(out, ", %u skipped", r->skipped + r->unreadable);
	if (r->findings == 0) {
		fprintf(out, ": %sno findings%s\n", sgr(color, "green"), sgr(color, "reset"));
		return;
	}
	fprintf(out, ": %u finding%s", r->findings, r->findings == 1 ? "" : "s");
	const char *sep = " (";
	for (int s = ANALYSIS_SEV__COUNT - 1; s >= 0; s--) {
		unsigned n = r->by_severity[s];
		if (n == 0)
			continue;
		const char *name = analysis_severity_name((AnalysisSeverity)s);
		fprintf(out, "%s%s%u %s%s%s", sep, sgr(color, sev_color((AnalysisSeverity)s)), n, name,
			n == 1 || s == ANALYSIS_SEV_INFO ? "" : "s", sgr(color, "reset"));
		sep = ", ";
	}
	fputs(")\n", out);
	fputs("  by category:", out);
	sep = " ";
	for (int c = 0; c < ANALYSIS_CAT__COUNT; c++) {
		if (r->by_category[c] == 0)
			continue;
		fprintf(out, "%s%s %u", sep, analysis_category_name((AnalysisCategory)c), r->by_category[c]);
		sep = ", ";
	}
	fputc('\n', out);
}

/* ---- JSON ------------------------------------------------------------------------------- */

static cJSON *
str_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *
finding_json(const AnalysisFinding *f)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "rule", f->rule);
	cJSON_AddStringToObject(o, "severity", analysis_severity_name(f->severity));
	cJSON_AddStringToObject(o, "category", analysis_category_name(f->category));
	cJSON_AddItemToObject(o, "cwe", f->cwe > 0 ? cJSON_CreateNumber(f->cwe) : cJSON_CreateNull());
	cJSON_AddStringToObject(o, "message", f->message);
	cJSON_AddItemToObject(o, "hint", str_or_null(f->hint));
	g_autofree char *file = g_filename_display_name(f->file);
	cJSON_AddStringToObject(o, "file", file);
	cJSON_AddNumberToObject(o, "line", f->line);
	cJSON_AddNumberToObject(o, "column", f->column);
	cJSON_AddNumberToObject(o, "end_line", f->end_line);
	cJSON_AddNumberToObject(o, "end_column", f->end_column);
	cJSON_AddItemToObject(o, "excerpt", str_or_null(f->excerpt));
	cJSON_AddStringToObject(o, "source", f->source);
	return o;
}

static const char *
status_name(AnalysisFileStatus s)
{
	static const char *const n[] = { "analysed", "binary", "too-large", "unknown-language", "unreadable" };
	return n[s];
}

static cJSON *
file_json(const AnalysisFile *f, bool metrics)
{
	cJSON *o = cJSON_CreateObject();
	g_autofree char *file = g_filename_display_name(f->path);
	cJSON_AddStringToObject(o, "file", file);
	cJSON_AddStringToObject(o, "language", lang_name(f->lang));
	cJSON_AddStringToObject(o, "status", status_name(f->status));
	if (f->error)
		cJSON_AddStringToObject(o, "error", f->error);
	if (!metrics || f->status != ANALYSIS_FILE_ANALYSED)
		return o;
	cJSON_AddNumberToObject(o, "lines", f->metrics.lines);
	cJSON_AddNumberToObject(o, "code_lines", f->metrics.code_lines);
	cJSON_AddNumberToObject(o, "comment_lines", f->metrics.comment_lines);
	cJSON_AddNumberToObject(o, "blank_lines", f->metrics.blank_lines);
	cJSON_AddNumberToObject(o, "max_complexity", f->metrics.max_complexity);
	cJSON *fns = cJSON_AddArrayToObject(o, "functions");
	for (guint i = 0; f->functions && i < f->functions->len; i++) {
		const AnalysisFunction *fn = &g_array_index(f->functions, AnalysisFunction, i);
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "name", fn->name);
		cJSON_AddNumberToObject(x, "line", fn->f.start_line);
		cJSON_AddNumberToObject(x, "end_line", fn->f.end_line);
		cJSON_AddNumberToObject(x, "lines", fn->f.lines);
		cJSON_AddNumberToObject(x, "complexity", fn->f.complexity);
		cJSON_AddNumberToObject(x, "max_nesting", fn->f.max_nesting);
		cJSON_AddNumberToObject(x, "params", fn->f.params);
		cJSON_AddItemToArray(fns, x);
	}
	return o;
}

char *
analysis_report_json(const AnalysisResults *r, bool metrics)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "version", 1);
	cJSON *tool = cJSON_AddObjectToObject(root, "tool");
	cJSON_AddStringToObject(tool, "name", PACKAGE_NAME);
	cJSON_AddStringToObject(tool, "version", PACKAGE_VERSION);
	g_autofree char *root_name = g_filename_display_name(r->root ? r->root : ".");
	cJSON_AddStringToObject(root, "root", root_name);
	cJSON *findings = cJSON_AddArrayToObject(root, "findings");
	cJSON *files = cJSON_AddArrayToObject(root, "files");
	for (guint i = 0; i < r->files->len; i++) {
		const AnalysisFile *f = r->files->pdata[i];
		for (guint k = 0; k < f->findings->len; k++)
			cJSON_AddItemToArray(findings, finding_json(f->findings->pdata[k]));
		if (metrics || f->status != ANALYSIS_FILE_ANALYSED)
			cJSON_AddItemToArray(files, file_json(f, metrics));
	}
	cJSON *sum = cJSON_AddObjectToObject(root, "summary");
	cJSON_AddNumberToObject(sum, "files", r->analysed);
	cJSON_AddNumberToObject(sum, "skipped", r->skipped);
	cJSON_AddNumberToObject(sum, "unreadable", r->unreadable);
	cJSON_AddNumberToObject(sum, "lines", (double)r->lines);
	cJSON_AddNumberToObject(sum, "findings", r->findings);
	cJSON *bs = cJSON_AddObjectToObject(sum, "by_severity");
	for (int s = ANALYSIS_SEV__COUNT - 1; s >= 0; s--)
		cJSON_AddNumberToObject(bs, analysis_severity_name((AnalysisSeverity)s), r->by_severity[s]);
	cJSON *bc = cJSON_AddObjectToObject(sum, "by_category");
	for (int c = 0; c < ANALYSIS_CAT__COUNT; c++)
		cJSON_AddNumberToObject(bc, analysis_category_name((AnalysisCategory)c), r->by_category[c]);
	cJSON_AddNumberToObject(sum, "elapsed_ms", r->elapsed_ms);
	cJSON *w = cJSON_AddArrayToObject(root, "warnings");
	for (guint i = 0; i < r->warnings->len; i++)
		cJSON_AddItemToArray(w, cJSON_CreateString(r->warnings->pdata[i]));
	char *s = cJSON_Print(root);
	cJSON_Delete(root);
	return s;
}

/* ---- SARIF ------------------------------------------------------------------------------ */

static const char *
sarif_level(AnalysisSeverity s)
{
	return s == ANALYSIS_SEV_ERROR ? "error" : s == ANALYSIS_SEV_WARNING ? "warning" : "note";
}

static cJSON *
sarif_rule(const AnalysisRule *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", r->id);
	cJSON_AddStringToObject(o, "name", r->id);
	cJSON *sd = cJSON_AddObjectToObject(o, "shortDescription");
	cJSON_AddStringToObject(sd, "text", r->message);
	cJSON *fd = cJSON_AddObjectToObject(o, "fullDescription");
	cJSON_AddStringToObject(fd, "text", r->message);
	cJSON *help = cJSON_AddObjectToObject(o, "help");
	cJSON_AddStringToObject(help, "text", r->hint);
	g_autofree char *md = g_strdup_printf("%s\n\n**Fix:** %s", r->message, r->hint);
	cJSON_AddStringToObject(help, "markdown", md);
	cJSON *dc = cJSON_AddObjectToObject(o, "defaultConfiguration");
	cJSON_AddStringToObject(dc, "level", sarif_level(r->severity));
	cJSON *props = cJSON_AddObjectToObject(o, "properties");
	cJSON *tags = cJSON_AddArrayToObject(props, "tags");
	cJSON_AddItemToArray(tags, cJSON_CreateString(analysis_category_name(r->category)));
	if (r->cwe > 0) {
		g_autofree char *cwe = g_strdup_printf("external/cwe/cwe-%d", r->cwe);
		cJSON_AddItemToArray(tags, cJSON_CreateString(cwe));
	}
	if (r->category == ANALYSIS_CAT_SECURITY)
		cJSON_AddStringToObject(props, "security-severity",
					r->severity == ANALYSIS_SEV_ERROR ? "8.0" :
					r->severity == ANALYSIS_SEV_WARNING ? "5.0" : "2.0");
	cJSON_AddStringToObject(props, "precision", "high");
	return o;
}

static char *
uri_escape(const char *path)
{
	return g_uri_escape_string(path, "/", FALSE);
}

char *
analysis_report_sarif(const AnalysisResults *r)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	cJSON_AddStringToObject(root, "version", "2.1.0");
	cJSON *runs = cJSON_AddArrayToObject(root, "runs");
	cJSON *run = cJSON_CreateObject();
	cJSON_AddItemToArray(runs, run);
	cJSON *driver = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"), "driver");
	cJSON_AddStringToObject(driver, "name", PACKAGE_NAME);
	cJSON_AddStringToObject(driver, "version", PACKAGE_VERSION);
	cJSON_AddStringToObject(driver, "semanticVersion", PACKAGE_VERSION);
	cJSON_AddStringToObject(driver, "informationUri", "https://github.com/aurelis-dev/aurelis");
	cJSON *rules = cJSON_AddArrayToObject(driver, "rules");
	size_t n;
	const AnalysisRule *table = analysis_rules(&n);
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(rules, sarif_rule(&table[i]));
	for (guint i = 0; i < r->tool_rules->len; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", r->tool_rules->pdata[i]);
		cJSON *sd = cJSON_AddObjectToObject(o, "shortDescription");
		cJSON_AddStringToObject(sd, "text", r->tool_rules->pdata[i]);
		cJSON_AddItemToArray(rules, o);
	}
	g_autofree char *root_uri = g_filename_to_uri(r->root ? r->root : "/", NULL, NULL);
	cJSON *bases = cJSON_AddObjectToObject(run, "originalUriBaseIds");
	cJSON *src = cJSON_AddObjectToObject(bases, "%SRCROOT%");
	g_autofree char *slash = root_uri ? g_strdup_printf("%s%s", root_uri,
							    g_str_has_suffix(root_uri, "/") ? "" : "/") : NULL;
	if (slash)
		cJSON_AddStringToObject(src, "uri", slash);
	cJSON_AddStringToObject(run, "columnKind", "unicodeCodePoints");
	cJSON *results = cJSON_AddArrayToObject(run, "results");
	for (guint i = 0; i < r->files->len; i++) {
		const AnalysisFile *f = r->files->pdata[i];
		g_autofree char *uri = uri_escape(f->rel);
		for (guint k = 0; k < f->findings->len; k++) {
			const AnalysisFinding *x = f->findings->pdata[k];
			cJSON *res = cJSON_CreateObject();
			g_autofree char *rid = x->def ? g_strdup(x->rule) : g_strdup_printf("%s/%s", x->source, x->rule);
			cJSON_AddStringToObject(res, "ruleId", rid);
			if (x->def)
				cJSON_AddNumberToObject(res, "ruleIndex", x->def->num);
			cJSON_AddStringToObject(res, "level", sarif_level(x->severity));
			cJSON *msg = cJSON_AddObjectToObject(res, "message");
			cJSON_AddStringToObject(msg, "text", x->message);
			cJSON *loc = cJSON_CreateObject();
			cJSON_AddItemToArray(cJSON_AddArrayToObject(res, "locations"), loc);
			cJSON *pl = cJSON_AddObjectToObject(loc, "physicalLocation");
			cJSON *al = cJSON_AddObjectToObject(pl, "artifactLocation");
			cJSON_AddStringToObject(al, "uri", uri);
			cJSON_AddStringToObject(al, "uriBaseId", "%SRCROOT%");
			cJSON *reg = cJSON_AddObjectToObject(pl, "region");
			cJSON_AddNumberToObject(reg, "startLine", x->line);
			cJSON_AddNumberToObject(reg, "startColumn", x->column);
			if (x->end_line >= x->line) {
				cJSON_AddNumberToObject(reg, "endLine", x->end_line);
				if (x->end_column > 0 && (x->end_line > x->line || x->end_column > x->column))
					cJSON_AddNumberToObject(reg, "endColumn", x->end_column);
			}
			if (x->excerpt) {
				cJSON *snip = cJSON_AddObjectToObject(reg, "snippet");
				cJSON_AddStringToObject(snip, "text", x->excerpt);
			}
			/* a fingerprint that survives lines moving: rule + file + the line's text */
			GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
			g_checksum_update(ck, (const guchar *)rid, -1);
			g_checksum_update(ck, (const guchar *)f->rel, -1);
			if (x->excerpt)
				g_checksum_update(ck, (const guchar *)x->excerpt, -1);
			cJSON *fp = cJSON_AddObjectToObject(res, "partialFingerprints");
			g_autofree char *h = g_strndup(g_checksum_get_string(ck), 32);
			g_autofree char *fpv = g_strdup_printf("%s:1", h);
			cJSON_AddStringToObject(fp, "primaryLocationLineHash", fpv);
			g_checksum_free(ck);
			if (x->def == NULL) {
				cJSON *props = cJSON_AddObjectToObject(res, "properties");
				cJSON_AddStringToObject(props, "source", x->source);
			}
			cJSON_AddItemToArray(results, res);
		}
	}
	cJSON *inv = cJSON_CreateObject();
	cJSON_AddItemToArray(cJSON_AddArrayToObject(run, "invocations"), inv);
	cJSON_AddBoolToObject(inv, "executionSuccessful", true);
	char *s = cJSON_Print(root);
	cJSON_Delete(root);
	return s;
}
