/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <string.h>

void upcase(char *s)
{
	for (size_t i = 0; i < strlen(s); i++) /* expect: c-strlen-loop */
		s[i] = (char)toupper((unsigned char)s[i]);
}
