/* SPDX-License-Identifier: MIT */
#include <stdio.h>

int ask(void)
{
	char word[64];
	char rest[64];
	int n;
	if (scanf("%s", word) != 1) /* expect: c-scanf-unbounded */
		return -1;
	return sscanf(word, "%d %[^\n]", &n, rest); /* expect: c-scanf-unbounded */
}
