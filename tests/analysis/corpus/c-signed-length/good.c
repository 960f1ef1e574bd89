/* SPDX-License-Identifier: MIT */
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
