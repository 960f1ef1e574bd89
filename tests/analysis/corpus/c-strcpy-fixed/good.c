/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

int greet(const char *who, char *out)
{
	char buf[16];
	strcpy(buf, "hello"); /* a literal that fits */
	snprintf(buf, sizeof buf, "%s", who);
	strcpy(out, who); /* not a fixed array: the caller sized it */
	return buf[0];
}
