/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

unsigned make_session_token(void)
{
	unsigned token = rand(); /* expect: c-rand-security */
	return token;
}
