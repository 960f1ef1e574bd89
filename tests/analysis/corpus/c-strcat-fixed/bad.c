/* SPDX-License-Identifier: MIT */
#include <string.h>

int path_of(const char *dir, const char *file)
{
	char path[256];
	path[0] = '\0';
	strcat(path, dir); /* expect: c-strcat-fixed */
	strcat(path, "/");
	strcat(path, file); /* expect: c-strcat-fixed */
	return path[0];
}
