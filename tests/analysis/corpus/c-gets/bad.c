/* SPDX-License-Identifier: MIT */
#include <stdio.h>

int read_name(void)
{
	char name[32];
	gets(name); /* expect: c-gets */
	return name[0];
}
