/* SPDX-License-Identifier: MIT */
/* An example file for the analysis pane snapshots. */
#include <string.h>

void
copy(char *dst, const char *src)
{
	strcpy(dst, src);
}

int
main(void)
{
	char buf[8];
	copy(buf, "far too long for the buffer");
	return 0;
}
