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
