/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

struct item { int a, b; };

struct item *make_items(size_t count)
{
	return malloc(count * sizeof(struct item)); /* expect: c-alloc-size-overflow */
}
