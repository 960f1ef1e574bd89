/* SPDX-License-Identifier: MIT */
/* libFuzzer target: theme files, colours and the SGR sequences drawn from them. */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>

#include "theme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
	AurError *err = NULL;
	Theme *t = theme_parse("fuzz.yaml", (const char *)data, size, warnings, &err);
	aur_error_free(err);
	g_ptr_array_unref(warnings);
	if (t == NULL)
		t = theme_new_mono();
	static const ThemeDepth depths[] = { THEME_DEPTH_NONE, THEME_DEPTH_8, THEME_DEPTH_16,
					     THEME_DEPTH_256 };
	GString *sgr = g_string_new(NULL);
	for (int e = 0; e < ELEM__COUNT; e++) {
		guint8 stack[2] = { (guint8)e, (guint8)(size ? data[0] : 0) };
		ThemeStyle st = theme_resolve(t, stack, 2);
		for (size_t d = 0; d < G_N_ELEMENTS(depths); d++)
			theme_sgr_append(sgr, &st, depths[d]);
	}
	g_string_free(sgr, TRUE);
	/* The same bytes as a single colour. */
	char *text = g_strndup((const char *)data, MIN(size, 64));
	ThemeColor c;
	if (theme_parse_color(t, text, &c))
		(void)theme_color_index(c, THEME_DEPTH_16);
	g_free(text);
	theme_free(t);
	return 0;
}
