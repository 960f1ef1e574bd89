/* SPDX-License-Identifier: MIT */
/* Where the panes go: a small window tree computed from the terminal size, the pane shares
 * the user chose (remembered between runs) and zoom. */
#ifndef AURELIS_TUI_LAYOUT_H
#define AURELIS_TUI_LAYOUT_H

#include <stdbool.h>

#include "error.h"

typedef enum {
	PANE_CONVERSATION,
	PANE_CODE,
	PANE_ANALYSIS,
	PANE_INPUT,
	PANE_STATUS,
	PANE__COUNT
} TuiPaneId;

/* Below this the interface does not start (and shows a notice when resized there). */
#define TUI_MIN_ROWS 10
#define TUI_MIN_COLS 40
/* From here the conversation and the other panes sit side by side. */
#define TUI_WIDE_COLS 120
/* Below these only one pane is shown at a time (the focused one). */
#define TUI_STACK_ROWS 16
#define TUI_STACK_COLS 60

typedef struct {
	int conversation_pct;     /* share of the conversation pane: 20..85 */
	int code_pct;             /* share of the code preview against the analysis pane */
	int zoom;                 /* a TuiPaneId shown alone, or -1 */
} TuiLayoutState;

typedef struct {
	int y, x, h, w;
	bool visible;
	bool border_left;         /* the pane has a vertical rule in its first column */
} TuiRect;

const char *tui_layout_pane_name(TuiPaneId id);
void tui_layout_defaults(TuiLayoutState *st);
/* Rectangles of every pane for a rows x cols screen.  input_rows is what the input line
 * needs; shown is the body pane to show alone on a small screen.  false when the screen is
 * smaller than TUI_MIN_ROWS x TUI_MIN_COLS. */
bool tui_layout_compute(const TuiLayoutState *st, int rows, int cols, int input_rows,
			TuiPaneId shown, TuiRect out[PANE__COUNT]);
/* Give pane more (delta > 0) or less room; false when nothing changed. */
bool tui_layout_grow(TuiLayoutState *st, TuiPaneId pane, int delta);

/* Read the remembered layout ($XDG_STATE_HOME/aurelis/tui-layout.json); anything missing or
 * malformed keeps the defaults. */
void tui_layout_load(TuiLayoutState *st);
bool tui_layout_save(const TuiLayoutState *st, AurError **err);
/* Parse the file's text (for tests and the loader). */
void tui_layout_parse(TuiLayoutState *st, const char *text, size_t len);

#endif
