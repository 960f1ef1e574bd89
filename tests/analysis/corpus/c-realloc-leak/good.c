/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

int grow(char **buf, size_t n)
{
	char *tmp = realloc(*buf, n);
	if (tmp == NULL)
		return -1;
	*buf = tmp;
	return 0;
}
