/* SPDX-License-Identifier: MIT */
/* Rendered lines on a plain terminal or a pipe: SGR colours from the theme, or plain text. */
#ifndef AURELIS_RENDER_ANSI_H
#define AURELIS_RENDER_ANSI_H

#include <stdio.h>

#include "render-stream.h"

typedef struct {
	const Theme *theme; /* NULL: plain text without any escape sequence */
	ThemeDepth depth;   /* THEME_DEPTH_NONE with a theme: attributes only */
	guint8 base;        /* element under every span (ELEM_TEXT, ELEM_ASSISTANT_MSG) */
	bool live;          /* a terminal: redraw the block being written in place */
	int cols, rows;     /* the terminal's size, for live redrawing */
} RenderAnsiOptions;

/* Append one line (without its newline): spans with SGR sequences, the style reset at the
 * end, or plain text when a->theme is NULL. */
void render_ansi_line(GString *out, const RenderLine *line, const RenderAnsiOptions *a);

/* A stream that writes to out.  Live: the unfinished block is shown below the finished ones
 * and redrawn in place (carriage return, cursor up and down within that block only, erase line),
 * at most rows - 1 rows of it; otherwise only finished blocks are written, once, with no
 * control sequence but colours.  The cursor is expected at the start of a line. */
RenderStream *render_ansi_stream_new(FILE *out, const RenderOptions *o,
				     const RenderAnsiOptions *a, int frame_ms);

/* A whole document as text with SGR sequences (or plain); caller frees. */
char *render_ansi_markdown(const char *md, size_t len, const RenderOptions *o,
			   const RenderAnsiOptions *a);

#endif
