/* SPDX-License-Identifier: MIT */
#include <alloca.h>
#include <string.h>

size_t copy_len(const char *s)
{
	char *tmp = alloca(64);
	strncpy(tmp, s, 63);
	tmp[63] = '\0';
	return strlen(tmp);
}
