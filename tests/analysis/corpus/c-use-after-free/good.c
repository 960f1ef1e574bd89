/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

struct node { struct node *next; int v; };

int sum_and_free(struct node *head)
{
	int total = 0;
	struct node *next;
	for (struct node *n = head; n != NULL; n = next) {
		next = n->next;
		total += n->v;
		free(n);
	}
	return total;
}

/* Released only on a path that returns before the reads. */
int drain(struct node *a, struct node *b, int n)
{
	int total = 0;
	for (int i = 0; i < n; i++) {
		total += i;
		if (total > 100) {
			free(a);
			free(b);
			return total;
		}
	}
	return total + a->v + b->v;
}

/* Two released, then both replaced before the read. */
int last(struct node *a, struct node *b, struct node *spare)
{
	free(a);
	free(b);
	a = spare;
	b = spare;
	return a->v + b->v;
}
