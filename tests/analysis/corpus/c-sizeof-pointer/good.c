/* SPDX-License-Identifier: MIT */
#include <string.h>

void clear(char *buf, size_t n)
{
	char local[32];
	memset(local, 0, sizeof(local));
	memset(buf, 0, n);
	memset(buf, 0, sizeof(*buf));
}
