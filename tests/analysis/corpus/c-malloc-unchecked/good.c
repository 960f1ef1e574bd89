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
