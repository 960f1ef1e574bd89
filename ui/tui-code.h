/* SPDX-License-Identifier: MIT */
/* The code preview pane: a code block of the conversation (the newest by default, [ and ]
 * step through them) or a file, with line numbers. */
#ifndef AURELIS_TUI_CODE_H
#define AURELIS_TUI_CODE_H

#include "edit-diff.h"
#include "tui-app.h"
#include "tui-conv.h"

extern const TuiPaneOps tui_code_ops;
void tui_code_init(TuiPane *p);

/* The conversation's code blocks changed (a new one, one grew, or they were cleared). */
void tui_code_blocks_changed(TuiApp *app);
/* Show the newest block again as new ones arrive (after a new prompt). */
void tui_code_follow_latest(TuiApp *app);
/* Step through the conversation's blocks; false when there is no other block. */
bool tui_code_step(TuiApp *app, int delta);
/* Show the file at path, with line (1-based; 0 for none) highlighted and centred; name
 * (NULL: path) is what the title calls it. */
bool tui_code_show_file(TuiApp *app, const char *path, const char *name, int line,
			AurError **err);
/* Show block i of the conversation with line (0: none) highlighted; false when there is
 * no such block. */
bool tui_code_show_block(TuiApp *app, guint i, int line);
/* Show text (any bytes; sanitised) titled name, highlighted as lang (may be ""); origin is
 * the block it came from (an edited block), or -1. */
void tui_code_show_text(TuiApp *app, const char *name, const char *lang, const char *text,
			size_t len, int origin);
/* Highlight line (1-based) of the text or file the pane shows under name; false when it
 * shows something else now. */
bool tui_code_goto(TuiApp *app, const char *name, int line);
/* Show a diff, coloured by line kind, titled title. */
void tui_code_show_diff(TuiApp *app, const char *title, const EditDiff *d);

typedef enum {
	TUI_CODE_NONE,
	TUI_CODE_BLOCK,   /* a block of the conversation */
	TUI_CODE_FILE,    /* a file from disk */
	TUI_CODE_TEXT,    /* text of our own: an edited block */
	TUI_CODE_DIFF,    /* a diff */
} TuiCodeKind;

/* What the pane shows, for the actions on it.  Pointers are borrowed until the pane shows
 * something else. */
typedef struct {
	TuiCodeKind kind;
	const char *text;
	size_t len;
	const char *lang;           /* the language label, "" when unknown */
	const char *name;           /* the file's name, the title of a text or diff; NULL for blocks */
	const char *path;           /* FILE: the path it was read from */
	int block;                  /* BLOCK: its index; TEXT: the block it came from; else -1 */
	const TuiCodeBlock *blk;    /* BLOCK: the block */
} TuiCodeView;

/* false (kind NONE) when the pane is empty. */
bool tui_code_view(TuiApp *app, TuiCodeView *out);

#endif
