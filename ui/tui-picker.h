/* SPDX-License-Identifier: MIT */
/* The one picker every overlay list uses (models, sessions, files, themes, the palette): a
 * box over the panes with a filter line, fuzzy-ranked items and key hints. */
#ifndef AURELIS_TUI_PICKER_H
#define AURELIS_TUI_PICKER_H

#include "tui-app.h"

/*
 * Typed characters go to the filter (bindings on plain characters, such as q or j, belong
 * to the help overlay); Backspace, C-u and C-w edit it.  The picker context's bindings move
 * the highlight, choose (select), close, and reach the picker's own actions (delete,
 * rename).  Items are matched on their label and detail with src/fuzzy.h, those matching in
 * the label first; the matched characters of the label are highlighted.  One picker is open at a time: opening
 * another closes the first (as if Esc was pressed).
 */

typedef struct {
	const char *title;
	const char *hints;   /* key hints under the list; may be NULL */
	/* Enter on item (the data given to tui_picker_add).  Return true to close the picker. */
	bool (*chosen)(TuiApp *app, TuiPicker *pk, void *item);
	/* The highlight moved to item (NULL: none).  May be NULL. */
	void (*moved)(TuiApp *app, TuiPicker *pk, void *item);
	/* The picker closes: chosen is false after Esc.  May be NULL. */
	void (*closed)(TuiApp *app, TuiPicker *pk, bool chosen);
	/* Another picker action (delete, rename) on item (may be NULL); true when handled. */
	bool (*action)(TuiApp *app, TuiPicker *pk, KeyAction a, void *item);
	/* Frees an item's data; may be NULL. */
	GDestroyNotify free_item;
} TuiPickerOps;

/* Open a picker (closing any other one).  data is the picker's own, freed with free_data
 * when it closes.  Returns the picker; add items next. */
TuiPicker *tui_picker_open(TuiApp *app, const TuiPickerOps *ops, void *data,
			   GDestroyNotify free_data);
void *tui_picker_data(TuiPicker *pk);
/* Is the open picker (if any) one opened with ops?  Results that arrive later (the
 * catalogue) check this before filling it. */
bool tui_picker_is_open(TuiApp *app, const TuiPickerOps *ops);

/* Add an item: label (matched, highlighted), detail (matched, drawn dim after it; may be
 * NULL), mark (a short column in front, such as a bullet for the current one; may be NULL)
 * and its data (freed by ops->free_item). */
void tui_picker_add(TuiPicker *pk, const char *label, const char *detail, const char *mark,
		    void *item);
/* Drop every item (to add a new list, e.g. when the catalogue arrives). */
void tui_picker_clear(TuiPicker *pk);
/* The items changed: filter and rank again, keeping the highlighted item when it is still
 * there (matched by label), else the first. */
void tui_picker_update(TuiPicker *pk);
/* Highlight the item with this label (the current model, theme...). */
void tui_picker_highlight(TuiPicker *pk, const char *label);
/* A line under the filter ("loading the catalogue…"); NULL removes it. */
void tui_picker_status(TuiPicker *pk, const char *text);
/* The highlighted item's data, or NULL. */
void *tui_picker_current(TuiPicker *pk);
/* Items shown after filtering. */
guint tui_picker_count(TuiPicker *pk);

/* Close the open picker; chosen is passed to ops->closed. */
void tui_picker_close(TuiApp *app, bool chosen);
/* At exit: close without calling anything back. */
void tui_picker_free(TuiApp *app);

/* A key while the picker is open.  Returns the action it was bound to, which the caller
 * runs when the picker does not own it (quit, redraw). */
KeyAction tui_picker_key(TuiApp *app, KeyCode key);
/* A click (wheel 0) or wheel step on the screen while the picker is open. */
void tui_picker_mouse(TuiApp *app, int y, int x, int wheel);
/* Draw on top of the panes (every frame it is open). */
void tui_picker_draw(TuiApp *app);

#endif
