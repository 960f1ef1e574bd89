/* SPDX-License-Identifier: MIT */
/* Syntax highlighting of code blocks: the lexers of src/lang/ mapped to theme elements. */
#ifndef AURELIS_RENDER_HIGHLIGHT_H
#define AURELIS_RENDER_HIGHLIGHT_H

#include "render.h"

/* A RenderHighlightFn for RenderOptions.highlight: C and C++, Python, JavaScript and
 * TypeScript, and shell by their usual fence names ("c", "py", "ts", "bash"...), and diffs
 * ("diff", "patch") line by line.  Other languages are left plain.  data is unused. */
void render_highlight_code(const char *lang, const char *code, size_t len, GArray *out,
			   void *data);

#endif
