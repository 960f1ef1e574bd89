/* SPDX-License-Identifier: MIT */
#include <string.h>

void put(char *dst, const char *src, int len)
{
	memcpy(dst, src, len); /* expect: c-signed-length */
}
