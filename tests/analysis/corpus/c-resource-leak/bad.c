/* SPDX-License-Identifier: MIT */
#include <stdio.h>

int first_byte(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return -1;
	int c = fgetc(f);
	if (c == EOF)
		return -1; /* expect: c-resource-leak */
	fclose(f);
	return c;
}
