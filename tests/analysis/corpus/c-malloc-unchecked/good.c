/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *dup_upper(const char *s)
{
	size_t n = strlen(s);
	char *p = malloc(n + 1);
	if (p == NULL)
		return NULL;
	memcpy(p, s, n + 1);
	return p;
}

char *dup_or_die(const char *s)
{
	char *p;
	if ((p = malloc(strlen(s) + 1)) == NULL) {
		perror("malloc");
		exit(1);
	}
	strcpy(p, s);
	return p;
}

/* Two allocations in one declaration, both checked. */
void copy_pair(const char *s, size_t n)
{
	char *a = malloc(n), *b = malloc(n);
	if (a == NULL || b == NULL) {
		free(a);
		free(b);
		return;
	}
	memcpy(a, s, n);
	memcpy(b, a, n);
	free(a);
	free(b);
}

/* The second is checked on every branch. */
char *second(size_t n, int fill)
{
	char *a = malloc(n);
	if (a == NULL)
		return NULL;
	char *b = malloc(n);
	if (b == NULL) {
		free(a);
		return NULL;
	}
	if (fill)
		memset(b, 0, n);
	free(a);
	return b;
}

/* A row per pass of a loop, checked before the write. */
void fill_rows(char **rows, int n)
{
	for (int i = 0; i < n; i++) {
		char *row = malloc(32);
		if (row == NULL)
			break;
		row[0] = '\0';
		rows[i] = row;
	}
}

/* Checked by the left operand of && in a value, not in an if. */
int save(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	int ok = f != NULL && fputs(text, f) >= 0;
	if (f != NULL && fclose(f) != 0)
		ok = 0;
	return ok;
}
