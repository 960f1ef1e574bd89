/* SPDX-License-Identifier: MIT */
#include <stdio.h>

int ask(void)
{
	char word[64];
	int n;
	if (scanf("%63s", word) != 1)
		return -1;
	if (scanf("%d %*s", &n) != 1)
		return -1;
	return n + word[0];
}
