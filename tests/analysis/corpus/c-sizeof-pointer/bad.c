/* SPDX-License-Identifier: MIT */
#include <string.h>

void clear(char *buf)
{
	memset(buf, 0, sizeof(buf)); /* expect: c-sizeof-pointer */
}
