/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

int process(char *buf, int fail)
{
	if (fail) {
		free(buf);
		return -1;
	}
	free(buf);
	buf = NULL;
	free(buf); /* free(NULL) is fine */
	return 0;
}
