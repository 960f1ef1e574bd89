/* SPDX-License-Identifier: MIT */
/* How the AI code commands show answers and diffs: the streaming markdown renderer in
 * colour on a terminal, plain text when piped, with --plain or NO_COLOR. */
#ifndef AURELIS_AIOUT_H
#define AURELIS_AIOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

typedef struct AiOut AiOut;

/* Decide once: colours and live redraw only when stdout is a terminal, colour is allowed
 * (NO_COLOR, --no-color) and plain is false.  Theme from ui.theme. */
AiOut *aiout_new(const AurConfig *cfg, bool plain);
void aiout_free(AiOut *o);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AiOut, aiout_free)

/* Is stdout a terminal (so prose may be shown next to results)? */
bool aiout_tty(const AiOut *o);

/* Stream a markdown answer to stdout: begin, feed pieces as they arrive, end.  end also
 * flushes; a new stream may begin afterwards. */
void aiout_begin(AiOut *o);
void aiout_feed(AiOut *o, const char *text, size_t len);
void aiout_end(AiOut *o);
/* True once writing to stdout failed (the reader went away). */
bool aiout_broken(const AiOut *o);

/* A whole markdown document at once. */
void aiout_markdown(AiOut *o, const char *md, size_t len);
/* A unified diff: highlighted through the renderer on a terminal, else the patch text as
 * it is (so it can be piped to patch(1) or git apply). */
void aiout_diff(AiOut *o, const char *diff);

#endif
