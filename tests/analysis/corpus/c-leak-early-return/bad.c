/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

int load(FILE *f, int **out)
{
	int *data = malloc(100 * sizeof *data);
	if (data == NULL)
		return -1;
	if (fread(data, sizeof *data, 100, f) != 100)
		return -1; /* expect: c-leak-early-return */
	*out = data;
	return 0;
}
