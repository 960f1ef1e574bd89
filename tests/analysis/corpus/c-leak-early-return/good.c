/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Both copies released on every path. */
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
	free(a);
	free(b);
	return 0;
}

/* Allocated on one branch, released after the branches meet (free(NULL) is fine). */
int maybe_copy(const char *s, int copy)
{
	char *dup = NULL;
	if (copy) {
		dup = strdup(s);
		if (dup == NULL)
			return -1;
		dup[0] = 'x';
	}
	free(dup);
	return 0;
}

/* Two pointers declared in one statement, both released. */
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
	free(b);
	return 0;
}

/* Handed to the caller through parentheses or a conditional, or to a field it owns. */
char *copy_or_null(const char *s, int want)
{
	char *p = NULL;
	if (want)
		p = strdup(s);
	return (p);
}

char *copy_or_default(const char *s, char *fallback)
{
	char *p = strdup(s);
	return p != NULL ? p : fallback;
}

struct item { char *name; };

int name_item(struct item *it, const char *s)
{
	char *name = strdup(s);
	if (name == NULL)
		return -1;
	free(it->name);
	it->name = name;
	return 0;
}

/* Released by the declaration's cleanup attribute when it goes out of scope. */
int scoped(const char *s, int early)
{
	g_autofree char *a = g_strdup(s), *b = g_strdup(s);
	if (early)
		return 0;
	return a[0] + b[0];
}

/* A buffer per pass of a loop, released on the failing read too. */
int rows(FILE *f, int n)
{
	for (int i = 0; i < n; i++) {
		char *row = malloc(64);
		if (row == NULL)
			return -1;
		if (fgets(row, 64, f) == NULL) {
			free(row);
			return -1;
		}
		free(row);
	}
	return 0;
}
