/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

FILE *scratch(void)
{
	char name[L_tmpnam];
	tmpnam(name); /* expect: c-insecure-tempfile */
	return fopen(name, "w+");
}

FILE *scratch_named(void)
{
	char name[] = "/tmp/scratch-XXXXXX";
	if (mktemp(name) == NULL) /* expect: c-insecure-tempfile */
		return NULL;
	return fopen(name, "w+");
}
