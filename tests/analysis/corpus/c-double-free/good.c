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

/* Each released on one branch and forgotten there; the later frees see NULL. */
void drop(char *a, char *b, int which)
{
	if (which) {
		free(a);
		a = NULL;
	} else {
		free(b);
		b = NULL;
	}
	free(a);
	free(b);
}

/* A fresh buffer on every pass before the next release. */
void drain(char *buf, int n)
{
	for (int i = 0; i < n; i++) {
		free(buf);
		buf = malloc(16);
		if (buf == NULL)
			return;
		buf[0] = (char)i;
	}
	free(buf);
}

/* Fields of a different element on every pass, not the same ones twice. */
struct line { char *keys; char *text; };

void clear(struct line *lines, int n)
{
	for (int i = 0; i < n; i++) {
		struct line *l = &lines[i];
		free(l->keys);
		free(l->text);
	}
}
