/* SPDX-License-Identifier: MIT */
/* libFuzzer target: key names and ui.keys bindings.  Whatever parses must print back to
 * text that parses to the same keys. */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static KeyBindings *km;

static void
round_trip(const char *spec)
{
	KeySeq seq, again;
	AurError *err = NULL;
	if (!keymap_parse_keys(spec, &seq, &err)) {
		if (err == NULL || err->message == NULL || err->hint == NULL)
			abort();
		aur_error_free(err);
		return;
	}
	char *text = keymap_format_keys(&seq);
	if (!keymap_parse_keys(text, &again, NULL) || again.len != seq.len ||
	    memcmp(again.keys, seq.keys, seq.len * sizeof seq.keys[0]) != 0)
		abort();
	g_free(text);
	bool prefix;
	for (unsigned c = 0; c < KEYCTX__COUNT; c++)
		(void)keymap_lookup(km, (KeyContext)c, &seq, &prefix);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (km == NULL)
		km = keymap_new_default();
	/* "context\naction\nkeys": the first two lines pick a binding, the rest is the key. */
	char *text = g_strndup((const char *)data, size);
	round_trip(text);
	char **parts = g_strsplit(text, "\n", 3);
	if (parts[0] != NULL && parts[1] != NULL && parts[2] != NULL) {
		KeyBindings *mine = keymap_new_default();
		AurError *err = NULL;
		if (!keymap_bind(mine, parts[0], parts[2], parts[1], &err))
			aur_error_free(err);
		char *man = keymap_man_section(mine);
		g_free(man);
		keymap_free(mine);
	}
	g_strfreev(parts);
	g_free(text);
	return 0;
}
