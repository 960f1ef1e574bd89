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

/* Two buffers, each released on one branch and both again after it. */
void drop(char *a, char *b, int which)
{
	if (which)
		free(a);
	else
		free(b);
	free(a); /* expect: c-double-free */
	free(b); /* expect: c-double-free */
}

/* Released on every pass of the loop: the second pass frees it again. */
void drain(char *buf, int n)
{
	for (int i = 0; i < n; i++) {
		free(buf); /* expect: c-double-free */
	}
}
