/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>

struct item { int a, b; };

struct item *make_items(size_t count)
{
	struct item *fixed = malloc(16 * sizeof(struct item));
	free(fixed);
	return calloc(count, sizeof(struct item));
}

struct item *grow(size_t count)
{
	if (count > SIZE_MAX / sizeof(struct item))
		return NULL;
	return malloc(count * sizeof(struct item));
}
