/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *dup_upper(const char *s)
{
	size_t n = strlen(s);
	char *p = malloc(n + 1);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ')
			continue;
	}
	memcpy(p, s, n + 1); /* expect: c-malloc-unchecked */
	return p;
}

/* Two allocations in one declaration, neither checked. */
void copy_pair(const char *s, size_t n)
{
	char *a = malloc(n), *b = malloc(n);
	memcpy(a, s, n); /* expect: c-malloc-unchecked */
	memcpy(b, a, n); /* expect: c-malloc-unchecked */
	free(a);
	free(b);
}

/* The second is checked on one branch only. */
char *second(size_t n, int fill)
{
	char *a = malloc(n);
	if (a == NULL)
		return NULL;
	char *b = malloc(n);
	if (fill && b == NULL) {
		free(a);
		return NULL;
	}
	memset(b, 0, n); /* expect: c-malloc-unchecked */
	free(a);
	return b;
}

/* A row per pass of a loop, written before any check. */
void fill_rows(char **rows, int n)
{
	for (int i = 0; i < n; i++) {
		char *row = malloc(32);
		row[0] = '\0'; /* expect: c-malloc-unchecked */
		rows[i] = row;
	}
}

/* The && checks the text, not the file. */
int save(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	int ok = text != NULL && fputs(text, f) >= 0; /* expect: c-malloc-unchecked */
	if (f != NULL && fclose(f) != 0)
		ok = 0;
	return ok;
}
