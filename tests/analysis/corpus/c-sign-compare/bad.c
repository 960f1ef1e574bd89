/* SPDX-License-Identifier: MIT */
#include <string.h>

int fits(const char *s, int max)
{
	char buf[64];
	if (max > sizeof buf) /* expect: c-sign-compare */
		return 0;
	return strlen(s) < 10;
}
