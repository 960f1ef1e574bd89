/* SPDX-License-Identifier: MIT */
#include <stdio.h>

int ask(void)
{
	char word[64];
	char line[80];
	if (scanf("%s", word) != 1) /* expect: c-scanf-unbounded */
		return -1;
	return sscanf(line, "%d %[^\n]", &word[0], word); /* expect: c-scanf-unbounded */
}
