/* SPDX-License-Identifier: MIT */
/* Shared body of the lexer fuzz targets: lex, then check every token lies in the input
 * and the function finder and metrics cope with whatever came out. */
#ifndef AURELIS_FUZZ_LEX_H
#define AURELIS_FUZZ_LEX_H

#include <stdint.h>
#include <stdlib.h>

#include "lang/lang.h"

static int
fuzz_lex(LangId lang, const uint8_t *data, size_t size)
{
	GArray *toks = g_array_new(FALSE, FALSE, sizeof(LangToken));
	lang_lex(lang, (const char *)data, size, toks);
	uint32_t prev = 0;
	for (guint i = 0; i < toks->len; i++) {
		const LangToken *t = &g_array_index(toks, LangToken, i);
		if ((size_t)t->offset + t->length > size || t->kind >= LANG_TOK__COUNT || t->line == 0)
			abort();
		if (t->offset < prev) /* tokens come in order */
			abort();
		prev = t->offset;
	}
	GArray *funcs = g_array_new(FALSE, FALSE, sizeof(LangFunction));
	lang_functions(lang, (const char *)data, (const LangToken *)(void *)toks->data, toks->len, funcs);
	LangFileMetrics fm;
	lang_metrics(lang, (const char *)data, size, (const LangToken *)(void *)toks->data, toks->len,
		     funcs, &fm);
	for (guint i = 0; i < funcs->len; i++) {
		const LangFunction *f = &g_array_index(funcs, LangFunction, i);
		if (f->end_tok >= toks->len || f->body_tok > f->end_tok || f->end_line < f->start_line)
			abort();
	}
	g_array_free(funcs, TRUE);
	g_array_free(toks, TRUE);
	return 0;
}

#endif
