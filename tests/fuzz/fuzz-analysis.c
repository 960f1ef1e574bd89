/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the whole analysis of one buffer (every checker, suppressions and the
 * JSON and SARIF writers); the first byte picks the language. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>

#include "analysis/analysis.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	LangId lang = (LangId)(LANG_C + data[0] % (LANG__COUNT - 1));
	AnalysisOptions o = { .metrics = true };
	AnalysisFile *f = analysis_file_buffer("fuzz", (const char *)data + 1, size - 1, lang, &o, NULL);
	if (f == NULL)
		abort();
	for (guint i = 0; i < f->findings->len; i++) {
		const AnalysisFinding *x = f->findings->pdata[i];
		if (x->line == 0 || x->column == 0 || !g_utf8_validate(x->message, -1, NULL))
			abort();
	}
	/* the writers must cope with whatever was found */
	AnalysisResults r = { 0 };
	r.files = g_ptr_array_new();
	r.warnings = g_ptr_array_new();
	r.tool_rules = g_ptr_array_new();
	g_ptr_array_add(r.files, f);
	char *j = analysis_report_json(&r, true);
	char *s = analysis_report_sarif(&r);
	free(j);
	free(s);
	g_ptr_array_unref(r.files);
	g_ptr_array_unref(r.warnings);
	g_ptr_array_unref(r.tool_rules);
	analysis_file_free(f);
	return 0;
}
