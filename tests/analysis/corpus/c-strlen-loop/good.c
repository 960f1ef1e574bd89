/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <string.h>

void upcase(char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		s[i] = (char)toupper((unsigned char)s[i]);
}
