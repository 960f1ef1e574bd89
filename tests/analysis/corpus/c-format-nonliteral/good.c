/* SPDX-License-Identifier: MIT */
#include <libintl.h>
#include <stdio.h>

#define _(s) gettext(s)
#define GREETING "hello %s\n"

void say(const char *msg)
{
	printf("%s\n", msg);
	fprintf(stderr, "printf(msg) is wrong: %s\n", msg);
	printf(_("translated %s\n"), msg);
	printf(GREETING, msg);
}
