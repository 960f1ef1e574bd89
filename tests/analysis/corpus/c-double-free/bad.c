/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

int process(char *buf, int fail)
{
	if (fail) {
		free(buf);
	}
	free(buf); /* expect: c-double-free */
	return 0;
}
