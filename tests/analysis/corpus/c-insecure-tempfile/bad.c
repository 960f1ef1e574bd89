/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

FILE *scratch(void)
{
	char name[L_tmpnam];
	tmpnam(name); /* expect: c-insecure-tempfile */
	return fopen(name, "w+");
}
