/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

FILE *scratch(void)
{
	char name[] = "/tmp/scratch-XXXXXX";
	int fd = mkstemp(name);
	return fd < 0 ? NULL : fdopen(fd, "w+");
}

const char *scratch_dir(void)
{
	static char name[] = "/tmp/scratch-XXXXXX";
	return mkdtemp(name);
}
