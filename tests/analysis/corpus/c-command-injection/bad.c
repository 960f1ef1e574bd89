/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

int archive(const char *dir)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "tar czf backup.tgz %s", dir);
	FILE *p = popen(cmd, "r"); /* expect: c-command-injection */
	if (p == NULL)
		return -1;
	pclose(p);
	return system(cmd); /* expect: c-command-injection */
}
