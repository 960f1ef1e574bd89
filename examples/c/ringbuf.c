/* SPDX-License-Identifier: MIT */
/* Example for `aurelis analyze`: a fixed-size ring buffer of bytes, written carefully
 * (sizes are size_t, every allocation is checked and freed). */
#include <stdlib.h>
#include <string.h>

struct ring {
	unsigned char *data;
	size_t size, head, used;
};

struct ring *
ring_new(size_t size)
{
	struct ring *r = calloc(1, sizeof *r);
	if (r == NULL)
		return NULL;
	r->data = malloc(size);
	if (r->data == NULL) {
		free(r);
		return NULL;
	}
	r->size = size;
	return r;
}

/* Appends up to len bytes; returns how many fitted. */
size_t
ring_put(struct ring *r, const unsigned char *src, size_t len)
{
	size_t room = r->size - r->used;
	if (len > room)
		len = room;
	for (size_t i = 0; i < len; i++)
		r->data[(r->head + r->used + i) % r->size] = src[i];
	r->used += len;
	return len;
}

void
ring_free(struct ring *r)
{
	if (r == NULL)
		return;
	free(r->data);
	free(r);
}
