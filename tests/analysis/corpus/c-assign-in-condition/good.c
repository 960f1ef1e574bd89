/* SPDX-License-Identifier: MIT */
#include <stdio.h>

int check(int a, int b, FILE *f)
{
	int c;
	if (a == b)
		return 1;
	while ((c = getc(f)) != EOF)
		a += c;
	if ((a = b))
		return 2;
	return 0;
}
