/* SPDX-License-Identifier: MIT */
#include <unistd.h>

int run(const char *prog, char *const argv[])
{
	return execvp(prog, argv); /* expect: c-exec-nonconstant */
}
