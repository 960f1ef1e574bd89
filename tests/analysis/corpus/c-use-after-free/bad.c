/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

struct node { struct node *next; int v; };

int sum_and_free(struct node *head)
{
	int total = 0;
	for (struct node *n = head; n != NULL; n = n->next) { /* expect: c-use-after-free */
		total += n->v;
		free(n);
	}
	return total;
}

/* Both lists released on a loop's way out; both read after it. */
int drain(struct node *a, struct node *b, int n)
{
	int total = 0;
	for (int i = 0; i < n; i++) {
		total += i;
		if (total > 100) {
			free(a);
			free(b);
			break;
		}
	}
	return total + a->v + b->v; /* expect: c-use-after-free */
}

/* Two released, one forgotten, the other read. */
int last(struct node *a, struct node *b)
{
	free(a);
	free(b);
	a = NULL;
	return b->v; /* expect: c-use-after-free */
}
