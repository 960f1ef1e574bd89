/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the model catalogue parser and its lookups. */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>

#include "catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	AurError *e = NULL;
	Catalog *c = catalog_parse((const char *)data, size, &e);
	aur_error_free(e);
	if (c == NULL)
		return 0;
	for (guint i = 0; i < c->models->len; i++) {
		const CatalogModel *m = c->models->pdata[i];
		if (m->id == NULL || catalog_find(c, m->id) == NULL)
			__builtin_trap();
		(void)catalog_is_chat_model(m);
	}
	(void)catalog_suggest(c, "openai/gpt-4.l");
	catalog_free(c);
	return 0;
}
