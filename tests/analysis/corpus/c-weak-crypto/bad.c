/* SPDX-License-Identifier: MIT */
#include <openssl/md5.h>

void digest(const unsigned char *data, size_t n, unsigned char *out)
{
	MD5_CTX ctx;
	MD5_Init(&ctx); /* expect: c-weak-crypto */
	MD5_Update(&ctx, data, n); /* expect: c-weak-crypto */
	MD5_Final(out, &ctx); /* expect: c-weak-crypto */
}
