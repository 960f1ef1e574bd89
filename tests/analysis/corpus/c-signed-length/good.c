/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

void put(char *dst, const char *src, size_t len)
{
	memcpy(dst, src, len);
}

void put_checked(char *dst, const char *src, int len)
{
	if (len < 0)
		return;
	memcpy(dst, src, (size_t)len);
}

char *copy(const char *src, int len)
{
	if (len <= 0)
		return NULL;
	char *p = malloc(len);
	if (p == NULL)
		return NULL;
	memcpy(p, src, (size_t)len);
	return p;
}
