/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <unistd.h>

int archive(const char *dir)
{
	char *const argv[] = { "tar", "czf", "backup.tgz", (char *)dir, NULL };
	if (fork() == 0)
		execv("/bin/tar", argv);
	return system("sync"); /* a constant command */
}
