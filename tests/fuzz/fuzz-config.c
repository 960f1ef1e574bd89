/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the YAML configuration loader and the in-place editor. */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "cfgedit.h"
#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	AurConfig *cfg = config_new();
	AurError *err = NULL;
	(void)config_load_buffer(cfg, "fuzz.yaml", (const char *)data, size, CFG_LAYER_USER, &err);
	aur_error_free(err);
	config_free(cfg);

	/* The editor works on NUL-terminated text. */
	char *text = g_strndup((const char *)data, size);
	err = NULL;
	char *out = cfgedit_set(text, "fuzz.yaml", "models.routes.fix", "[a/b]", &err);
	aur_error_free(err);
	g_free(out);
	bool found;
	err = NULL;
	out = cfgedit_unset(text, "fuzz.yaml", "cache.ttl", &found, &err);
	aur_error_free(err);
	g_free(out);
	g_free(text);
	return 0;
}
