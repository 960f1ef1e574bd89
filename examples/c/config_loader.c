/* SPDX-License-Identifier: MIT */
/* Example for `aurelis analyze`: a small key=value config loader with real flaws in it
 * (an unchecked copy into a fixed buffer, a leak on an early return, a format string). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE 256

struct setting {
	char key[32];
	char value[128];
};

/* Reads "key = value" lines into settings; returns how many were read or -1. */
int
load_settings(const char *path, struct setting *out, int max)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return -1;
	char *line = malloc(MAX_LINE);
	if (line == NULL) {
		fclose(f);
		return -1;
	}
	int n = 0;
	while (n < max && fgets(line, MAX_LINE, f) != NULL) {
		char *eq = strchr(line, '=');
		if (eq == NULL) {
			fprintf(stderr, line);
			fclose(f);
			return -1;
		}
		*eq = '\0';
		strcpy(out[n].key, line);
		strncpy(out[n].value, eq + 1, sizeof out[n].value - 1);
		out[n].value[sizeof out[n].value - 1] = '\0';
		n++;
	}
	free(line);
	fclose(f);
	return n;
}
