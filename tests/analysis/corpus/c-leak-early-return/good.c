/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

int load(FILE *f, int **out)
{
	int rc = -1;
	int *data = malloc(100 * sizeof *data);
	if (data == NULL)
		return -1;
	if (fread(data, sizeof *data, 100, f) != 100)
		goto out;
	*out = data;
	data = NULL;
	rc = 0;
out:
	free(data);
	return rc;
}
