/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int open_checked(const char *path, const char *other)
{
	int fd = open(path, O_WRONLY | O_NOFOLLOW);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0)
		return -1;
	if (access(other, R_OK) == 0)
		return fd;
	return fd;
}
