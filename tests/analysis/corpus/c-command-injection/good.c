/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int archive(const char *dir)
{
	char *const argv[] = { "tar", "czf", "backup.tgz", (char *)dir, NULL };
	if (fork() == 0)
		execv("/bin/tar", argv);
	return system("sync"); /* a constant command */
}

int kernel_major(void)
{
	char line[64];
	FILE *p = popen("uname -r", "r");
	if (p == NULL)
		return -1;
	int ok = fgets(line, sizeof line, p) != NULL;
	pclose(p);
	return ok ? atoi(line) : -1;
}
