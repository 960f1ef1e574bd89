/* SPDX-License-Identifier: MIT */
/* Findings reported by a model as JSON: the schema for prompts and a strict validator. */
#include "autoconfig.h"

#include <math.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "aifindings.h"

/*
 * A model's JSON is outside input like any other: it may be cut off, nested absurdly deep,
 * hold numbers where strings belong, lines that were never sent, or thousands of entries.
 * Each entry is checked on its own and kept only when every member fits; what is left out
 * is listed with the reason, so the caller can say so instead of dropping it silently.
 */

#define MAX_ANSWER ((size_t)1 << 20)
#define MAX_MESSAGE 500
#define MAX_RULE 48
#define MAX_REJECTED 20

static const char schema_text[] =
	"Answer with one JSON object and nothing else, in exactly this shape:\n"
	"{\"findings\": [\n"
	"  {\"rule\": \"sql-injection\",\n"
	"   \"severity\": \"error\",\n"
	"   \"category\": \"security\",\n"
	"   \"cwe\": 89,\n"
	"%s"
	"   \"line\": 12,\n"
	"   \"end_line\": 14,\n"
	"   \"message\": \"One sentence saying what is wrong.\",\n"
	"   \"hint\": \"One sentence saying how to fix it.\"}\n"
	"]}\n"
	"Members:\n"
	"- rule: a short lower-case kebab-case name for the kind of problem.\n"
	"- severity: \"error\" (a bug or vulnerability), \"warning\" (likely wrong or risky) or\n"
	"  \"info\" (worth knowing).\n"
	"- category: \"security\", \"correctness\", \"performance\", \"complexity\" or \"style\".\n"
	"- cwe: the CWE number when one applies, else null.\n"
	"%s"
	"- line, end_line: the first and last line of the problem, by the line numbers shown\n"
	"  in the code you were given.\n"
	"- message, hint: one plain sentence each, no markdown.\n"
	"Report only problems you can point at a line. An empty list, {\"findings\": []}, is the\n"
	"right answer when there is nothing to report.\n";

const char *
aifindings_schema(bool files)
{
	static char *with_files, *without_files;
	static gsize once_with, once_without;
	if (files && g_once_init_enter(&once_with)) {
		with_files = g_strdup_printf(schema_text, "   \"file\": \"src/db.py\",\n",
					     "- file: the path of the file, exactly as the diff names it.\n");
		g_once_init_leave(&once_with, 1);
	}
	if (!files && g_once_init_enter(&once_without)) {
		without_files = g_strdup_printf(schema_text, "", "");
		g_once_init_leave(&once_without, 1);
	}
	return files ? with_files : without_files;
}

/* ---- members ------------------------------------------------------------------------------ */

static const struct { const char *word; AnalysisSeverity sev; } severities[] = {
	{ "error", ANALYSIS_SEV_ERROR }, { "critical", ANALYSIS_SEV_ERROR },
	{ "high", ANALYSIS_SEV_ERROR }, { "severe", ANALYSIS_SEV_ERROR },
	{ "blocker", ANALYSIS_SEV_ERROR }, { "major", ANALYSIS_SEV_ERROR },
	{ "warning", ANALYSIS_SEV_WARNING }, { "warn", ANALYSIS_SEV_WARNING },
	{ "medium", ANALYSIS_SEV_WARNING }, { "moderate", ANALYSIS_SEV_WARNING },
	{ "info", ANALYSIS_SEV_INFO }, { "low", ANALYSIS_SEV_INFO }, { "note", ANALYSIS_SEV_INFO },
	{ "minor", ANALYSIS_SEV_INFO }, { "suggestion", ANALYSIS_SEV_INFO },
};

static const struct { const char *word; AnalysisCategory cat; } categories[] = {
	{ "security", ANALYSIS_CAT_SECURITY }, { "vulnerability", ANALYSIS_CAT_SECURITY },
	{ "correctness", ANALYSIS_CAT_CORRECTNESS }, { "bug", ANALYSIS_CAT_CORRECTNESS },
	{ "logic", ANALYSIS_CAT_CORRECTNESS }, { "reliability", ANALYSIS_CAT_CORRECTNESS },
	{ "error-handling", ANALYSIS_CAT_CORRECTNESS },
	{ "performance", ANALYSIS_CAT_PERFORMANCE }, { "perf", ANALYSIS_CAT_PERFORMANCE },
	{ "efficiency", ANALYSIS_CAT_PERFORMANCE },
	{ "complexity", ANALYSIS_CAT_COMPLEXITY }, { "maintainability", ANALYSIS_CAT_COMPLEXITY },
	{ "design", ANALYSIS_CAT_COMPLEXITY },
	{ "style", ANALYSIS_CAT_STYLE }, { "readability", ANALYSIS_CAT_STYLE },
	{ "naming", ANALYSIS_CAT_STYLE }, { "documentation", ANALYSIS_CAT_STYLE },
};

/* One line of plain text: control characters and runs of white space become one space,
 * invalid UTF-8 is replaced, and at most max characters are kept.  NULL when empty. */
static char *
one_line(const char *s, glong max)
{
	g_autofree char *valid = g_utf8_make_valid(s, -1);
	GString *out = g_string_new(NULL);
	bool space = false;
	for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isspace(c) || g_unichar_iscntrl(c)) {
			space = out->len > 0;
			continue;
		}
		if (space)
			g_string_append_c(out, ' ');
		space = false;
		g_string_append_unichar(out, c);
	}
	if (out->len == 0) {
		g_string_free(out, TRUE);
		return NULL;
	}
	if (g_utf8_strlen(out->str, -1) > max) {
		char *cut = g_utf8_substring(out->str, 0, max - 1);
		g_string_assign(out, cut);
		g_string_append(out, "\xe2\x80\xa6"); /* U+2026 */
		g_free(cut);
	}
	return g_string_free(out, FALSE);
}

static char *
rule_id(const char *s, AnalysisCategory cat)
{
	GString *out = g_string_new(NULL);
	for (const char *p = s ? s : ""; *p && out->len < MAX_RULE; p++) {
		char c = g_ascii_tolower(*p);
		if (g_ascii_isalnum(c))
			g_string_append_c(out, c);
		else if (out->len > 0 && out->str[out->len - 1] != '-')
			g_string_append_c(out, '-');
	}
	while (out->len > 0 && out->str[out->len - 1] == '-')
		g_string_truncate(out, out->len - 1);
	if (out->len == 0)
		g_string_assign(out, analysis_category_name(cat));
	return g_string_free(out, FALSE);
}

/* A positive whole number (a JSON number, or a string of digits); 0 when it is not. */
static uint32_t
positive(const cJSON *v)
{
	double d;
	if (cJSON_IsNumber(v)) {
		d = v->valuedouble;
	} else if (cJSON_IsString(v) && v->valuestring[0] != '\0' &&
		   strspn(v->valuestring, "0123456789") == strlen(v->valuestring) &&
		   strlen(v->valuestring) < 10) {
		d = g_ascii_strtod(v->valuestring, NULL);
	} else {
		return 0;
	}
	if (!isfinite(d) || d < 1 || d > UINT32_MAX || d != floor(d))
		return 0;
	return (uint32_t)d;
}

static int
cwe_number(const cJSON *v)
{
	if (cJSON_IsString(v)) {
		const char *s = v->valuestring;
		if (g_ascii_strncasecmp(s, "CWE-", 4) == 0)
			s += 4;
		guint64 n;
		return g_ascii_string_to_unsigned(s, 10, 1, 9999, &n, NULL) ? (int)n : 0;
	}
	uint32_t n = positive(v);
	return n <= 9999 ? (int)n : 0;
}

static bool
severity_of(const cJSON *v, AnalysisSeverity *out)
{
	for (size_t i = 0; cJSON_IsString(v) && i < G_N_ELEMENTS(severities); i++)
		if (g_ascii_strcasecmp(v->valuestring, severities[i].word) == 0) {
			*out = severities[i].sev;
			return true;
		}
	return false;
}

static bool
category_of(const cJSON *v, AnalysisCategory *out)
{
	for (size_t i = 0; cJSON_IsString(v) && i < G_N_ELEMENTS(categories); i++)
		if (g_ascii_strcasecmp(v->valuestring, categories[i].word) == 0) {
			*out = categories[i].cat;
			return true;
		}
	return false;
}

/* "a/src/x.c", "./src/x.c" and "src/x.c" all name src/x.c. */
static const char *
allowed_file(const AiFindingsLimits *lim, const char *name)
{
	const char *bare = name;
	if (g_str_has_prefix(bare, "a/") || g_str_has_prefix(bare, "b/") || g_str_has_prefix(bare, "./"))
		bare += 2;
	for (size_t i = 0; lim->files[i] != NULL; i++)
		if (strcmp(lim->files[i], name) == 0 || strcmp(lim->files[i], bare) == 0)
			return lim->files[i];
	return NULL;
}

/* ---- entries ------------------------------------------------------------------------------ */

static void
item_free(gpointer p)
{
	AiFindingsItem *it = p;
	g_free(it->rule);
	g_free(it->file);
	g_free(it->message);
	g_free(it->hint);
	g_free(it);
}

static bool
line_allowed(const AiFindingsLimits *lim, const char *file, uint32_t line)
{
	if (lim->line_ok != NULL)
		return lim->line_ok(file, line, lim->data);
	return line >= lim->first_line && line <= lim->last_line;
}

/* Where the entry may point: its file (when files are asked for) and lines. */
static const char *
place(const cJSON *e, const AiFindingsLimits *lim, AiFindingsItem *it)
{
	if (lim->files != NULL) {
		const cJSON *f = cJSON_GetObjectItemCaseSensitive(e, "file");
		if (!cJSON_IsString(f))
			return "it names no file";
		const char *name = allowed_file(lim, f->valuestring);
		if (name == NULL)
			return "it names a file that was not sent";
		it->file = g_strdup(name);
	}
	it->line = positive(cJSON_GetObjectItemCaseSensitive(e, "line"));
	if (it->line == 0)
		return "its line is not a positive whole number";
	if (!line_allowed(lim, it->file, it->line))
		return "its line is not one of the lines sent";
	uint32_t end = positive(cJSON_GetObjectItemCaseSensitive(e, "end_line"));
	it->end_line = end >= it->line && line_allowed(lim, it->file, end) ? end : it->line;
	it->column = positive(cJSON_GetObjectItemCaseSensitive(e, "column"));
	if (it->column > 10000)
		it->column = 0;
	return NULL;
}

/* Fill it from e; NULL when it fits, else why not. */
static const char *
check_entry(const cJSON *e, const AiFindingsLimits *lim, AiFindingsItem *it)
{
	if (!cJSON_IsObject(e))
		return "it is not an object";
	if (!severity_of(cJSON_GetObjectItemCaseSensitive(e, "severity"), &it->severity))
		return "its severity is not error, warning or info";
	if (!category_of(cJSON_GetObjectItemCaseSensitive(e, "category"), &it->category))
		return "its category is not security, correctness, performance, complexity or style";
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(e, "message");
	if (!cJSON_IsString(msg) || (it->message = one_line(msg->valuestring, MAX_MESSAGE)) == NULL)
		return "it has no message";
	const char *why = place(e, lim, it);
	if (why != NULL)
		return why;
	const cJSON *rule = cJSON_GetObjectItemCaseSensitive(e, "rule");
	it->rule = rule_id(cJSON_IsString(rule) ? rule->valuestring : NULL, it->category);
	it->cwe = cwe_number(cJSON_GetObjectItemCaseSensitive(e, "cwe"));
	const cJSON *hint = cJSON_GetObjectItemCaseSensitive(e, "hint");
	it->hint = cJSON_IsString(hint) ? one_line(hint->valuestring, MAX_MESSAGE) : NULL;
	return NULL;
}

static void
reject(AiFindingsParsed *p, unsigned n, const char *why)
{
	if (p->rejected->len < MAX_REJECTED)
		g_ptr_array_add(p->rejected, g_strdup_printf("finding %u: %s", n, why));
}

/* ---- the answer --------------------------------------------------------------------------- */

/* The JSON value in an answer: from the first '{' or '[' on, whatever follows it (a closing
 * fence, a remark) ignored. */
static cJSON *
parse_json(const char *answer, size_t len)
{
	const char *p = answer, *end = answer + len;
	while (p < end && *p != '{' && *p != '[')
		p++;
	if (p == end)
		return NULL;
	return cJSON_ParseWithLengthOpts(p, (size_t)(end - p), NULL, false);
}

static const cJSON *
findings_array(const cJSON *root)
{
	if (cJSON_IsArray(root))
		return root;
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(root, "findings");
	return cJSON_IsArray(a) ? a : NULL;
}

AiFindingsParsed *
aifindings_parse(const char *answer, size_t len, const AiFindingsLimits *lim, AurError **err)
{
	if (len > MAX_ANSWER) {
		aur_error_set(err, AUR_ERR_MODEL, "Ask for fewer findings (a smaller file or range).",
			      "the findings answer is larger than %zu KiB", MAX_ANSWER >> 10);
		return NULL;
	}
	cJSON *root = parse_json(answer, len);
	const cJSON *arr = root ? findings_array(root) : NULL;
	if (arr == NULL) {
		aur_error_set(err, AUR_ERR_MODEL, "Try again, or another model with --model.",
			      "the answer is not the findings JSON asked for%s",
			      root == NULL ? " (it does not parse)" : " (no \"findings\" list)");
		cJSON_Delete(root);
		return NULL;
	}
	AiFindingsParsed *p = g_new0(AiFindingsParsed, 1);
	p->items = g_ptr_array_new_with_free_func(item_free);
	p->rejected = g_ptr_array_new_with_free_func(g_free);
	const cJSON *e;
	cJSON_ArrayForEach(e, arr) {
		p->seen++;
		if (p->items->len >= FINDINGS_MAX) {
			reject(p, p->seen, "more than " G_STRINGIFY(FINDINGS_MAX) " findings in one answer");
			continue;
		}
		AiFindingsItem *it = g_new0(AiFindingsItem, 1);
		const char *why = check_entry(e, lim, it);
		if (why != NULL) {
			reject(p, p->seen, why);
			item_free(it);
			continue;
		}
		g_ptr_array_add(p->items, it);
	}
	cJSON_Delete(root);
	return p;
}

void
aifindings_parsed_free(AiFindingsParsed *p)
{
	if (p == NULL)
		return;
	g_ptr_array_unref(p->items);
	g_ptr_array_unref(p->rejected);
	g_free(p);
}
