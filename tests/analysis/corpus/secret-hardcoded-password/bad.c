/* SPDX-License-Identifier: MIT */
#include <string.h>

#define ADMIN_PASSWORD "Tr0ub4dor&3x" /* expect: secret-hardcoded-password */

static const char *api_key = "q8Zr2LmX0vTn7Yw1"; /* expect: secret-hardcoded-password */

int check(const char *pw)
{
	return strcmp(pw, ADMIN_PASSWORD) == 0 || strcmp(pw, api_key) == 0;
}
