/* SPDX-License-Identifier: MIT */
#include <openssl/sha.h>

/* The description of MD5 and DES belongs in comments only. */
void digest(const unsigned char *data, size_t n, unsigned char *out)
{
	const char *description = "uses SHA-256, not MD5";
	SHA256(data, n, out);
	(void)description;
}
