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
