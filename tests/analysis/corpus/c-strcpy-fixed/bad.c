/* SPDX-License-Identifier: MIT */
#include <string.h>

struct user { char login[16]; };

void set_login(struct user *u, const char *src)
{
	strcpy(u->login, src); /* expect: c-strcpy-fixed */
}

int greet(const char *who)
{
	char buf[8];
	strcpy(buf, "hello, world"); /* expect: c-strcpy-fixed */
	strcpy(buf, who); /* expect: c-strcpy-fixed */
	return buf[0];
}
