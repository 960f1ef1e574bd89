/* SPDX-License-Identifier: MIT */
/* libFuzzer target: fenced code blocks in markdown answers, info strings and picking. */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "edit-fence.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	GPtrArray *fences = edit_fence_extract((const char *)data, size);
	for (guint i = 0; i < fences->len; i++) {
		const EditFence *f = fences->pdata[i];
		/* Positions are lines of the answer, in order, and the text is whole lines. */
		if (f->start_line == 0 || f->end_line < f->start_line || f->fence_len < 3)
			abort();
		if (f->len != strlen(f->text) || (f->len > 0 && f->text[f->len - 1] != '\n'))
			abort();
		if (f->fence_char != '`' && f->fence_char != '~')
			abort();
	}
	static const char *const langs[] = { NULL, "c", "py", "" };
	for (size_t i = 0; i < G_N_ELEMENTS(langs); i++) {
		AurError *err = NULL;
		const EditFence *pick = edit_fence_pick(fences, langs[i], &err);
		if ((pick == NULL) == (err == NULL) || (pick != NULL && !pick->complete))
			abort();
		aur_error_free(err);
	}
	g_ptr_array_unref(fences);
	/* The info string parser on its own, NUL-terminated. */
	char *info = g_strndup((const char *)data, size);
	char *lang, *path;
	GHashTable *attrs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	edit_fence_parse_info(info, &lang, &path, attrs);
	g_free(lang);
	g_free(path);
	g_hash_table_unref(attrs);
	g_free(info);
	return 0;
}
