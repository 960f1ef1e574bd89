/* SPDX-License-Identifier: MIT */
#define ADMIN_PASSWORD "Tr0ub4dor&3x" /* expect: secret-hardcoded-password */

static const char *api_key = "q8Zr2LmX0vTn7Yw1"; /* expect: secret-hardcoded-password */

int check(const char *pw)
{
	return pw == ADMIN_PASSWORD || pw == api_key;
}
