/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

int grow(char **buf, size_t n)
{
	char *p = *buf;
	p = realloc(p, n); /* expect: c-realloc-leak */
	if (p == NULL)
		return -1;
	*buf = p;
	return 0;
}
