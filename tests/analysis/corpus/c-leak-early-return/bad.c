/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Two copies kept to the end and neither freed: one return, two leaks (a and b). */
int join(const char *x, const char *y, char *out, size_t n)
{
	char *a = strdup(x);
	if (a == NULL)
		return -1;
	char *b = strdup(y);
	if (b == NULL) {
		free(a);
		return -1;
	}
	snprintf(out, n, "%s%s", a, b);
	return 0; /* expect: c-leak-early-return */
}

/* Allocated on one branch only and released on none. */
int maybe_copy(const char *s, int copy)
{
	char *dup = NULL;
	if (copy) {
		dup = strdup(s);
		if (dup == NULL)
			return -1;
		dup[0] = 'x';
	}
	return 0; /* expect: c-leak-early-return */
}

/* Two pointers declared in one statement; only the first is released. */
int pair(size_t n)
{
	char *a = malloc(n), *b = malloc(n);
	if (a == NULL || b == NULL) {
		free(a);
		free(b);
		return -1;
	}
	memset(a, 0, n);
	memset(b, 0, n);
	free(a);
	return 0; /* expect: c-leak-early-return */
}

/* A buffer per pass of a loop, lost when a read fails. */
int rows(FILE *f, int n)
{
	for (int i = 0; i < n; i++) {
		char *row = malloc(64);
		if (row == NULL)
			return -1;
		if (fgets(row, 64, f) == NULL)
			return -1; /* expect: c-leak-early-return */
		free(row);
	}
	return 0;
}
