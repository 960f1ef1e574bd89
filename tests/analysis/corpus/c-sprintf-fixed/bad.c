/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdarg.h>

int label(const char *name, int id)
{
	char out[32];
	sprintf(out, "%s-%d", name, id); /* expect: c-sprintf-fixed */
	return out[0];
}

int vlabel(const char *fmt, va_list ap)
{
	char out[64];
	vsprintf(out, fmt, ap); /* expect: c-sprintf-fixed */
	return out[0];
}
