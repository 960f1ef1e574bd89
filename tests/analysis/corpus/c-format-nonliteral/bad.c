/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <syslog.h>

void say(const char *msg)
{
	printf(msg); /* expect: c-format-nonliteral */
	fprintf(stderr, msg); /* expect: c-format-nonliteral */
	syslog(LOG_INFO, msg); /* expect: c-format-nonliteral */
}
