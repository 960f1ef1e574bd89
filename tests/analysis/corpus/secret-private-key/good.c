/* SPDX-License-Identifier: MIT */
#include <string.h>

int is_private_key(const char *pem)
{
	return strstr(pem, "-----BEGIN RSA PRIVATE KEY-----") != NULL;
}
