/* SPDX-License-Identifier: MIT */
#include <sys/stat.h>

int publish(const char *path)
{
	return chmod(path, 0666); /* expect: c-world-writable */
}
