/* SPDX-License-Identifier: MIT */
/* Streaming markdown: lay out an answer while it arrives, finished blocks exactly once. */
#ifndef AURELIS_RENDER_STREAM_H
#define AURELIS_RENDER_STREAM_H

#include <stdbool.h>
#include <stdint.h>

#include "render.h"

/*
 * Feed a RenderStream chunks of an answer split anywhere (inside a character, inside
 * markdown syntax).  Blocks that can no longer change are committed to the sink once and
 * never again; the block still being written is offered as a preview that replaces the
 * previous one.  Committed lines do not depend on how the answer was split: they are the
 * lines render_markdown() gives for the whole answer.
 */

typedef struct {
	/* commit: lines that are final, to output once and in order (may be empty).
	 * preview: the lines of the unfinished part, replacing the previous preview; NULL
	 * when the preview is unchanged.  The arrays and lines stay owned by the stream. */
	void (*update)(void *data, GPtrArray *commit, GPtrArray *preview);
	void (*free)(void *data); /* may be NULL */
} RenderSink;

typedef struct RenderStream RenderStream;

/* previews: compute previews at all (an append-only sink needs none).  frame_ms: the
 * shortest time between two previews; 0 previews after every feed.  The stream owns data
 * and frees it with sink->free. */
RenderStream *render_stream_new(const RenderOptions *o, const RenderSink *sink, void *data,
				bool previews, int frame_ms);
void render_stream_free(RenderStream *rs);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(RenderStream, render_stream_free)

/* Add a chunk.  Commits what became final, and previews when a frame is due. */
void render_stream_feed(RenderStream *rs, const char *data, size_t len);
/* Preview now if a preview is pending (call at render_stream_deadline()). */
void render_stream_flush(RenderStream *rs);
/* Monotonic time (g_get_monotonic_time) when a pending preview is due, or -1. */
int64_t render_stream_deadline(const RenderStream *rs);
/* The answer is complete: commit everything left.  Further feeds are ignored. */
void render_stream_finish(RenderStream *rs);

/* Lay out a whole document: exactly the lines a stream fed the same text commits. */
void render_markdown(const char *md, size_t len, const RenderOptions *o, GPtrArray *out);

#endif
