/* SPDX-License-Identifier: MIT */
/* Markdown laid out for terminals as lines of styled spans, shared by every back end. */
#ifndef AURELIS_RENDER_H
#define AURELIS_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

#include "theme.h"

/*
 * The renderer turns markdown (cmark-gfm with tables, strikethrough, autolinks and task
 * lists) into RenderLines: lines of spans, each span a piece of text and the theme elements
 * it is drawn with.  Nothing here knows about curses or escape sequences: render-ansi.c
 * prints lines for line mode and one-shot commands, the full-screen interface draws them
 * with curses, and tests compare their text.
 *
 * Documents are laid out one top-level block at a time, each block parsed on its own, so
 * that a streamed answer (render-stream.c) and the same answer rendered at once give the
 * same lines.  Text is measured in terminal columns (wide CJK and emoji count two, combining
 * marks zero), invalid UTF-8 becomes U+FFFD and control characters never get through.
 */

#define RENDER_STACK 3

typedef struct {
	char *text;                 /* valid UTF-8 without control characters (tabs in code) */
	int cols;                   /* display width */
	guint8 elems[RENDER_STACK]; /* innermost first; unused slots are ELEM__COUNT */
} RenderSpan;

enum {
	RENDER_LINE_CODE = 1u << 0, /* a line of code: verbatim, never wrapped, may be wider */
};

typedef struct {
	GArray *spans; /* RenderSpan */
	int cols;      /* display width of the whole line */
	unsigned flags;
} RenderLine;

/* A highlighted range of a code block: bytes [start, start + len) drawn as elem (one of the
 * ELEM_CODE_* elements). */
typedef struct {
	guint start, len;
	ThemeElem elem;
} RenderHighlight;

/* Syntax highlighting hook: lang is the code block's language label (may be ""), code its
 * text.  Append ranges to out in any order; where they overlap the later one wins, and
 * ranges outside the code are ignored.  Must not keep pointers into code. */
typedef void (*RenderHighlightFn)(const char *lang, const char *code, size_t len, GArray *out,
				  void *data);

typedef struct {
	int width;                   /* columns to wrap prose to; at least 1 */
	bool markers;                /* plain text: keep `code` and ~~strike~~ markers, ### */
	bool ascii;                  /* ASCII borders and bullets (non-UTF-8 terminals) */
	RenderHighlightFn highlight; /* NULL: no highlighting */
	void *highlight_data;
} RenderOptions;

/* ---- lines ---- */
RenderLine *render_line_new(void);
void render_line_free(RenderLine *line);
/* Append text (sanitised here) drawn as elems[0..RENDER_STACK). */
void render_line_append(RenderLine *line, const char *text, gssize len, const guint8 *elems);
/* The line's text without styles.  Caller frees. */
char *render_line_text(const RenderLine *line);
/* Terminal rows the line takes on a terminal cols wide. */
int render_line_rows(const RenderLine *line, int cols);
/* A new array of lines that frees them. */
GPtrArray *render_lines_new(void);

/* ---- markdown ---- */
/* Lay out a piece of a document that starts at a block boundary; blocks are separated by one
 * blank line, the first is not preceded by one.  Whole documents: render_markdown() in
 * render-stream.h, which cuts them into pieces the way a stream does. */
void render_blocks(const char *md, size_t len, const RenderOptions *o, GPtrArray *out);

/* Pieces of a fenced code block, for streaming one line at a time: the opening line with
 * the language label, lines of code (text holds whole lines, each ending in '\n' except
 * possibly the last) and the closing line. */
void render_code_open(const char *lang, const RenderOptions *o, GPtrArray *out);
void render_code_text(const char *lang, const char *code, size_t len, const RenderOptions *o,
		      GPtrArray *out);
/* The same for the lines of code that start at byte from (a line start), highlighted with
 * the code before them as context (a string or comment opened there goes on). */
void render_code_text_from(const char *lang, const char *code, size_t len, size_t from,
			   const RenderOptions *o, GPtrArray *out);
void render_code_close(const RenderOptions *o, GPtrArray *out);

/* The language label of a fence's info string (its first word, sanitised).  Caller frees. */
char *render_code_lang(const char *info);

/* Parse markdown with the extensions the renderer uses.  Free with cmark_node_free. */
struct cmark_node *render_parse(const char *md, size_t len);

#endif
