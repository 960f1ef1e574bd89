/* SPDX-License-Identifier: MIT */
#include <string.h>

void wipe(char *key, size_t n)
{
	memset(key, 0, n);
}
