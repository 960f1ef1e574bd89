/* SPDX-License-Identifier: MIT */
#include <string.h>

int fits(const char *s, int max)
{
	char buf[64];
	if (max < 0 || max > sizeof buf)
		return 0;
	for (int i = 0; i < sizeof buf; i++)
		buf[i] = s[0];
	return buf[0];
}
