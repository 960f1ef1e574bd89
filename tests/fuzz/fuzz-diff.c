/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the line diff; the counts must agree with the two texts. */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "edit-diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned
lines(const char *t, size_t n)
{
	unsigned c = 0;
	for (size_t i = 0; i < n; i++)
		c += t[i] == '\n';
	return c + (n > 0 && t[n - 1] != '\n');
}

/* The input is two texts separated by the first NUL byte (or an empty second text). */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *a = (const char *)data;
	const char *sep = memchr(a, '\0', size);
	size_t na = sep != NULL ? (size_t)(sep - a) : size;
	const char *b = sep != NULL ? sep + 1 : "";
	size_t nb = sep != NULL ? size - na - 1 : 0;
	EditDiffOpts o = { .context = size % 4, .max_cost = size % 3 == 0 ? 2 : 0 };
	EditDiff *d = edit_diff_new(a, na, b, nb, &o);
	/* Unchanged lines are the same count on both sides. */
	unsigned la = lines(a, na), lb = lines(b, nb);
	if (d->deleted > la || d->added > lb || la - d->deleted != lb - d->added)
		abort();
	if ((d->hunks == 0) != (na == nb && memcmp(a, b, na) == 0))
		abort();
	char *text = edit_diff_to_text(d);
	g_free(text);
	edit_diff_free(d);
	return 0;
}
