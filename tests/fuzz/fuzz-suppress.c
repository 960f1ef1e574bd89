/* SPDX-License-Identifier: MIT */
/* libFuzzer target: inline suppressions written into any file text, and the fuzzy matcher
 * the pickers rank file and session names with. */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzy.h"
#include "suppress.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The first bytes choose the language and the line; the rest is the file. */
static void
suppress(const uint8_t *data, size_t size)
{
	if (size < 2)
		return;
	LangId lang = (LangId)(data[0] % LANG__COUNT);
	unsigned line = data[1] % 64;
	const char *text = (const char *)data + 2;
	size_t len = size - 2;
	AurError *err = NULL;
	size_t n = 0;
	char *out = suppress_insert(text, len, lang, line, "c-gets", &n, &err);
	if ((out == NULL) == (err == NULL))
		abort(); /* exactly one of a text or an error */
	if (out != NULL) {
		/* Only ever additions: the old text is all still there, in order. */
		if (n < len || memmem(out, n, "aurelis: ignore[", 16) == NULL)
			abort();
		size_t j = 0;
		for (size_t i = 0; i < n && j < len; i++)
			if (out[i] == text[j])
				j++;
		if (j != len)
			abort();
	}
	g_free(out);
	aur_error_free(err);
}

/* A NUL splits the input into a pattern and a text. */
static void
match(const uint8_t *data, size_t size)
{
	const char *nul = memchr(data, '\0', size);
	g_autofree char *pattern = g_strndup((const char *)data, nul ? (size_t)(nul - (const char *)data) : size);
	g_autofree char *text = nul ? g_strndup(nul + 1, size - (size_t)(nul + 1 - (const char *)data)) : g_strdup("");
	g_autoptr(GArray) pos = g_array_new(FALSE, FALSE, sizeof(guint32));
	int score = 0;
	bool ok = fuzzy_match(pattern, text, &score, pos);
	size_t tlen = strlen(text);
	for (guint i = 0; ok && i < pos->len; i++) {
		guint32 p = g_array_index(pos, guint32, i);
		if (p >= tlen || (i > 0 && p <= g_array_index(pos, guint32, i - 1)))
			abort(); /* inside the text, ascending */
	}
	if (!ok && pos->len != 0)
		abort();
	const char *texts[] = { text, pattern, "" };
	g_autoptr(GArray) order = fuzzy_rank(pattern, texts, 3);
	if (order->len > 3)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	suppress(data, size);
	match(data, size);
	return 0;
}
