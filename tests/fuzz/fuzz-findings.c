/* SPDX-License-Identifier: MIT */
/* libFuzzer target: findings documents and the remembered layout of the interface, the two
 * JSON files the interface reads. */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../ui/tui-layout.h"
#include "findings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned skipped = 0;
	char *root = NULL;
	AurError *err = NULL;
	GPtrArray *f = findings_parse_json((const char *)data, size, &skipped, &root, &err);
	if ((f == NULL) == (err == NULL))
		abort(); /* exactly one of a list or an error */
	for (guint i = 0; f != NULL && i < f->len; i++) {
		const Finding *x = f->pdata[i];
		if (!g_utf8_validate(x->message, -1, NULL) || !g_utf8_validate(x->file, -1, NULL) ||
		    x->line < 0 || x->severity > FINDING_INFO)
			abort();
	}
	if (f != NULL)
		g_ptr_array_unref(f);
	aur_error_free(err);
	if (root != NULL && !g_utf8_validate(root, -1, NULL))
		abort();
	g_free(root);

	TuiLayoutState st;
	tui_layout_parse(&st, (const char *)data, size);
	if (st.conversation_pct < 20 || st.conversation_pct > 85 || st.code_pct < 20 ||
	    st.code_pct > 85 || st.zoom < -1 || st.zoom >= PANE_INPUT)
		abort();
	TuiRect r[PANE__COUNT];
	(void)tui_layout_compute(&st, 24 + (int)(size % 60), 80 + (int)(size % 150), (int)(size % 9),
				 (TuiPaneId)(size % PANE__COUNT), r);
	return 0;
}
