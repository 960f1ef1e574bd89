/* SPDX-License-Identifier: MIT */
#include <unistd.h>

int run(const char *prog, char *const argv[])
{
	return execvp(prog, argv); /* expect: c-exec-nonconstant */
}

int run_tool(const char *tool, const char *file)
{
	return execlp(tool, tool, "-v", file, (char *)NULL); /* expect: c-exec-nonconstant */
}
