/* SPDX-License-Identifier: MIT */
#include <string.h>

void wipe(char *key, size_t n)
{
	memset(key, n, 0); /* expect: c-memset-swapped */
}
