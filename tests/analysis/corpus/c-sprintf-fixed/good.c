/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>

int label(const char *name, int id)
{
	char out[32];
	char num[24];
	sprintf(num, "%d", id); /* at most 20 characters: fits */
	snprintf(out, sizeof out, "%s-%s", name, num);
	return out[0];
}

int vlabel(const char *fmt, va_list ap)
{
	char out[64];
	vsnprintf(out, sizeof out, fmt, ap);
	return out[0];
}
