/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

char *dup_upper(const char *s)
{
	size_t n = strlen(s);
	char *p = malloc(n + 1);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ')
			continue;
	}
	memcpy(p, s, n + 1); /* expect: c-malloc-unchecked */
	return p;
}
