/* SPDX-License-Identifier: MIT */
#include <alloca.h>
#include <string.h>

size_t copy_len(const char *s, size_t n)
{
	char *tmp = alloca(n); /* expect: c-alloca */
	memcpy(tmp, s, n);
	return strlen(tmp);
}
