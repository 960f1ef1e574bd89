/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

/* gets() is never used here; the word only appears in this comment and "gets(buf)". */
int read_name(void)
{
	char name[32];
	const char *doc = "never call gets(name)";
	if (fgets(name, sizeof name, stdin) == NULL)
		return -1;
	name[strcspn(name, "\n")] = '\0';
	return name[0] + doc[0];
}
