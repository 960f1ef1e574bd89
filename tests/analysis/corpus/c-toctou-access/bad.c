/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <unistd.h>

int open_if_allowed(const char *path)
{
	if (access(path, W_OK) != 0)
		return -1;
	return open(path, O_WRONLY); /* expect: c-toctou-access */
}
