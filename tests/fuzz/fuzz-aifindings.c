/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the AI findings parser, with and without files, and the merge of what it
 * keeps into analysis results, checking the invariants callers rely on. */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aifindings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char text[] = "int a;\n\tgets(buf);\nint c;\n\n\n\n\n\n\n\nint k;\n";

static bool
small_lines(const char *file, uint32_t line, void *ud)
{
	(void)ud;
	return file != NULL && line <= 20;
}

/* Every kept item is within its limits and its text is clean UTF-8 on one line. */
static void
check(const AiFindingsParsed *p, const AiFindingsLimits *lim)
{
	if (p->items->len > FINDINGS_MAX || p->items->len > p->seen || p->rejected->len > 20)
		abort();
	for (guint i = 0; i < p->items->len; i++) {
		const AiFindingsItem *it = p->items->pdata[i];
		if (it->line == 0 || it->end_line < it->line || it->rule == NULL || it->rule[0] == '\0')
			abort();
		if (lim->line_ok == NULL && (it->line < lim->first_line || it->end_line > lim->last_line))
			abort();
		if ((lim->files != NULL) != (it->file != NULL))
			abort();
		if (!g_utf8_validate(it->message, -1, NULL) || strchr(it->message, '\n') != NULL)
			abort();
		if (it->hint != NULL && !g_utf8_validate(it->hint, -1, NULL))
			abort();
		if ((unsigned)it->severity >= ANALYSIS_SEV__COUNT || (unsigned)it->category >= ANALYSIS_CAT__COUNT)
			abort();
	}
}

static void
merge(const AiFindingsParsed *p)
{
	AnalysisResults *r = analysis_results_new("/");
	AnalysisFile *f = analysis_results_file(r, "a.c");
	for (guint i = 0; i < p->items->len; i++) {
		const AiFindingsItem *it = p->items->pdata[i];
		AnalysisExtraFinding x = { .rule = it->rule, .severity = it->severity,
					   .category = it->category, .cwe = it->cwe, .message = it->message,
					   .hint = it->hint, .line = it->line, .end_line = it->end_line,
					   .column = it->column };
		analysis_results_add(r, f, &x, "ai", text, sizeof text - 1);
	}
	analysis_results_retally(r);
	if (r->findings > p->items->len)
		abort();
	char *json = analysis_report_json(r, false);
	char *sarif = analysis_report_sarif(r);
	free(json);
	free(sarif);
	analysis_results_free(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *answer = (const char *)data;
	AiFindingsLimits lines = { .first_line = 2, .last_line = 40 };
	AurError *err = NULL;
	AiFindingsParsed *p = aifindings_parse(answer, size, &lines, &err);
	if ((p == NULL) == (err == NULL))
		abort();
	if (p != NULL) {
		check(p, &lines);
		merge(p);
	}
	aifindings_parsed_free(p);
	aur_error_free(err);
	err = NULL;
	const char *const files[] = { "src/db.py", "a.c", NULL };
	AiFindingsLimits with_files = { .files = files, .line_ok = small_lines };
	p = aifindings_parse(answer, size, &with_files, &err);
	if (p != NULL)
		check(p, &with_files);
	aifindings_parsed_free(p);
	aur_error_free(err);
	return 0;
}
