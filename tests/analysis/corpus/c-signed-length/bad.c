/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

void put(char *dst, const char *src, int len)
{
	memcpy(dst, src, len); /* expect: c-signed-length */
}

char *copy(const char *src, int len)
{
	char *p = malloc(len); /* expect: c-signed-length */
	if (p == NULL)
		return NULL;
	memcpy(p, src, (size_t)len);
	return p;
}
