/* SPDX-License-Identifier: MIT */
/* The generic picker overlay: filter, fuzzy ranking, highlight, keys, mouse and drawing. */
#include "autoconfig.h"

#include <string.h>

#include "fuzzy.h"
#include "tui-picker.h"

/*
 * The picker keeps every item and a ranked list of the indexes that match the filter,
 * made again on each change of the filter or of the items.  Its window sits at a fixed top
 * and grows downwards with the list; when its size changes, the panes are repainted so no
 * part of a larger box stays on the screen.
 */

#define MAX_ROWS 24   /* list rows at most */
#define MAX_WIDTH 110
#define LABEL_FIRST 100000 /* above any score a term can reach */

typedef struct {
	char *label, *detail, *mark;
	char *match;   /* what the filter is matched against: label and detail */
	void *data;
} Item;

struct TuiPicker {
	const TuiPickerOps *ops;
	unsigned serial;     /* tells this picker from a later one at the same address */
	void *data;
	GDestroyNotify free_data;
	GPtrArray *items;    /* Item * */
	GArray *shown;       /* guint: indexes into items, best first */
	GString *filter;
	char *status;
	int sel, top;
	int list_rows;       /* rows the list had at the last draw */
	int y, x, h, w;      /* the box at the last draw */
	WINDOW *win;
	void *last_moved;
	bool moved_once;
};

static void
item_free(TuiPicker *pk, Item *it)
{
	if (pk->ops->free_item != NULL && it->data != NULL)
		pk->ops->free_item(it->data);
	g_free(it->label);
	g_free(it->detail);
	g_free(it->mark);
	g_free(it->match);
	g_free(it);
}

static Item *
item_at(TuiPicker *pk, int i)
{
	if (i < 0 || (guint)i >= pk->shown->len)
		return NULL;
	return pk->items->pdata[g_array_index(pk->shown, guint, i)];
}

void *
tui_picker_current(TuiPicker *pk)
{
	Item *it = item_at(pk, pk->sel);
	return it ? it->data : NULL;
}

guint
tui_picker_count(TuiPicker *pk)
{
	return pk->shown->len;
}

void *
tui_picker_data(TuiPicker *pk)
{
	return pk->data;
}

bool
tui_picker_is_open(TuiApp *app, const TuiPickerOps *ops)
{
	return app->picker != NULL && app->picker->ops == ops;
}

/* Tell the owner when the highlighted item changed. */
static void
notify_moved(TuiApp *app, TuiPicker *pk)
{
	void *now = tui_picker_current(pk);
	if (pk->moved_once && now == pk->last_moved)
		return;
	pk->moved_once = true;
	pk->last_moved = now;
	if (pk->ops->moved != NULL)
		pk->ops->moved(app, pk, now);
}

/* Rank the items against the filter: matches in the label first (a name the user knows),
 * then matches that need the detail; then by score, shorter labels, and the items' own
 * order. */
static void
rank(TuiPicker *pk)
{
	g_array_set_size(pk->shown, 0);
	bool empty = pk->filter->str[strspn(pk->filter->str, " ")] == '\0';
	g_autoptr(GArray) r = g_array_new(FALSE, FALSE, sizeof(FuzzyRanked));
	for (guint i = 0; i < pk->items->len; i++) {
		const Item *it = pk->items->pdata[i];
		FuzzyRanked x = { i, 0, strlen(it->label) };
		bool in_label = !empty && fuzzy_match(pk->filter->str, it->label, &x.score, NULL);
		if (in_label)
			x.score += LABEL_FIRST;
		else if (!empty && (it->detail == NULL ||
				    !fuzzy_match(pk->filter->str, it->match, &x.score, NULL)))
			continue;
		g_array_append_val(r, x);
	}
	fuzzy_ranked_take(r, !empty, pk->shown);
}

static void
refilter(TuiPicker *pk)
{
	Item *was = item_at(pk, pk->sel);
	g_autofree char *was_label = was ? g_strdup(was->label) : NULL;
	rank(pk);
	pk->sel = 0;
	/* With no filter the highlight stays on its item; a new filter starts at the best. */
	if (was_label != NULL && pk->filter->len == 0)
		tui_picker_highlight(pk, was_label);
}

TuiPicker *
tui_picker_open(TuiApp *app, const TuiPickerOps *ops, void *data, GDestroyNotify free_data)
{
	if (app->picker != NULL)
		tui_picker_close(app, false);
	static unsigned serials;
	TuiPicker *pk = g_new0(TuiPicker, 1);
	pk->ops = ops;
	pk->serial = ++serials;
	pk->data = data;
	pk->free_data = free_data;
	pk->items = g_ptr_array_new();
	pk->shown = g_array_new(FALSE, FALSE, sizeof(guint));
	pk->filter = g_string_new(NULL);
	app->picker = pk;
	app->frame_due = true;
	return pk;
}

void
tui_picker_add(TuiPicker *pk, const char *label, const char *detail, const char *mark,
	       void *item)
{
	Item *it = g_new0(Item, 1);
	it->label = g_strdup(label ? label : "");
	it->detail = detail && *detail ? g_strdup(detail) : NULL;
	it->mark = mark && *mark ? g_strdup(mark) : NULL;
	it->match = it->detail ? g_strdup_printf("%s %s", it->label, it->detail)
			       : g_strdup(it->label);
	it->data = item;
	g_ptr_array_add(pk->items, it);
}

void
tui_picker_clear(TuiPicker *pk)
{
	for (guint i = 0; i < pk->items->len; i++)
		item_free(pk, pk->items->pdata[i]);
	g_ptr_array_set_size(pk->items, 0);
}

void
tui_picker_highlight(TuiPicker *pk, const char *label)
{
	for (guint i = 0; label != NULL && i < pk->shown->len; i++) {
		const Item *it = item_at(pk, (int)i);
		if (it != NULL && strcmp(it->label, label) == 0) {
			pk->sel = (int)i;
			return;
		}
	}
}

void
tui_picker_update(TuiPicker *pk)
{
	refilter(pk);
}

void
tui_picker_status(TuiPicker *pk, const char *text)
{
	g_free(pk->status);
	pk->status = g_strdup(text);
}

static void
destroy(TuiApp *app, TuiPicker *pk)
{
	tui_picker_clear(pk);
	g_ptr_array_unref(pk->items);
	g_array_unref(pk->shown);
	g_string_free(pk->filter, TRUE);
	g_free(pk->status);
	if (pk->win != NULL)
		delwin(pk->win);
	if (pk->free_data != NULL)
		pk->free_data(pk->data);
	g_free(pk);
	/* The panes under it show again. */
	tui_dirty_all(app, TUI_REPAINT);
}

void
tui_picker_close(TuiApp *app, bool chosen)
{
	TuiPicker *pk = app->picker;
	if (pk == NULL)
		return;
	app->picker = NULL;
	if (pk->ops->closed != NULL)
		pk->ops->closed(app, pk, chosen);
	destroy(app, pk);
}

void
tui_picker_free(TuiApp *app)
{
	if (app->picker != NULL)
		destroy(app, g_steal_pointer(&app->picker));
}

/* ---- keys ------------------------------------------------------------------------------- */

static void
move_to(TuiApp *app, TuiPicker *pk, int sel)
{
	int n = (int)pk->shown->len;
	pk->sel = CLAMP(sel, 0, MAX(n - 1, 0));
	notify_moved(app, pk);
}

static void
choose(TuiApp *app, TuiPicker *pk)
{
	void *item = tui_picker_current(pk);
	if (item == NULL) {
		tui_notice(app, false, "nothing matches \xe2\x80\x9c%s\xe2\x80\x9d", pk->filter->str);
		return;
	}
	/* chosen may close this picker itself, or open another one. */
	unsigned serial = pk->serial;
	if (pk->ops->chosen(app, pk, item) && app->picker != NULL && app->picker->serial == serial)
		tui_picker_close(app, true);
}

static void
filter_changed(TuiApp *app, TuiPicker *pk)
{
	refilter(pk);
	notify_moved(app, pk);
}

/* Editing keys no binding took: Backspace, C-h, C-u, C-w. */
static void
edit_filter(TuiApp *app, TuiPicker *pk, KeyCode key)
{
	GString *f = pk->filter;
	if (key == KEY_BS_CODE || key == 0x08) {
		if (f->len == 0)
			return;
		const char *last = g_utf8_find_prev_char(f->str, f->str + f->len);
		g_string_truncate(f, last ? (gsize)(last - f->str) : 0);
	} else if (key == 0x15) {
		g_string_truncate(f, 0);
	} else if (key == 0x17) {
		while (f->len > 0 && f->str[f->len - 1] == ' ')
			g_string_truncate(f, f->len - 1);
		while (f->len > 0 && f->str[f->len - 1] != ' ')
			g_string_truncate(f, f->len - 1);
	} else {
		return;
	}
	filter_changed(app, pk);
}

KeyAction
tui_picker_key(TuiApp *app, KeyCode key)
{
	TuiPicker *pk = app->picker;
	if (keymap_key_is_text(key)) {
		if (pk->filter->len < 200)
			g_string_append_unichar(pk->filter, key);
		filter_changed(app, pk);
		return KEYACT_NONE;
	}
	KeySeq one = { 1, { key } };
	KeyAction a = keymap_lookup(app->keymap, KEYCTX_PICKER, &one, NULL);
	int page = MAX(pk->list_rows - 1, 1);
	switch (a) {
	case KEYACT_CLOSE:
	case KEYACT_CANCEL:
	case KEYACT_CANCEL_JOB: tui_picker_close(app, false); break;
	case KEYACT_SELECT: choose(app, pk); break;
	case KEYACT_LINE_UP: move_to(app, pk, pk->sel - 1); break;
	case KEYACT_LINE_DOWN: move_to(app, pk, pk->sel + 1); break;
	case KEYACT_PAGE_UP: move_to(app, pk, pk->sel - page); break;
	case KEYACT_PAGE_DOWN: move_to(app, pk, pk->sel + page); break;
	case KEYACT_FIRST: move_to(app, pk, 0); break;
	case KEYACT_LAST: move_to(app, pk, (int)pk->shown->len - 1); break;
	case KEYACT_NONE: edit_filter(app, pk, key); break;
	default:
		if (pk->ops->action != NULL && pk->ops->action(app, pk, a, tui_picker_current(pk)))
			return KEYACT_NONE;
		if (a == KEYACT_DELETE || a == KEYACT_RENAME) {
			tui_notice(app, false, "%s does not apply here", keymap_action_name(a));
			return KEYACT_NONE;
		}
		return a;
	}
	return KEYACT_NONE;
}

void
tui_picker_mouse(TuiApp *app, int y, int x, int wheel)
{
	TuiPicker *pk = app->picker;
	if (wheel != 0) {
		move_to(app, pk, pk->sel + wheel);
		return;
	}
	bool inside = y >= pk->y && y < pk->y + pk->h && x >= pk->x && x < pk->x + pk->w;
	if (!inside) {
		tui_picker_close(app, false);
		return;
	}
	/* The list starts below the frame, the filter and the status line. */
	int first = pk->y + 2 + (pk->status ? 1 : 0);
	int row = y - first;
	if (row < 0 || row >= pk->list_rows || pk->top + row >= (int)pk->shown->len)
		return;
	move_to(app, pk, pk->top + row);
	choose(app, pk);
}

/* ---- drawing ------------------------------------------------------------------------------ */

/* The label with the filter's matched characters highlighted over base; returns columns. */
static int
draw_label(WINDOW *w, int y, int x, int maxcols, const char *label, const char *filter,
	   ThemeElem base)
{
	g_autoptr(GArray) pos = g_array_new(FALSE, FALSE, sizeof(guint32));
	if (*filter != '\0')
		(void)fuzzy_match(filter, label, NULL, pos);
	guint8 hi[2] = { ELEM_SEARCH_MATCH, (guint8)base };
	int col = 0;
	guint k = 0;
	size_t len = strlen(label);
	for (size_t at = 0; at < len && col < maxcols;) {
		bool on = k < pos->len && g_array_index(pos, guint32, k) == at;
		size_t end = at;
		/* A run of characters that are all matched, or all not. */
		while (end < len) {
			bool m = k < pos->len && g_array_index(pos, guint32, k) == end;
			if (m != on)
				break;
			if (m)
				k++;
			end = (size_t)(g_utf8_next_char(label + end) - label);
		}
		if (on)
			tui_style_stack(w, hi, 2);
		else
			tui_style(w, base);
		col += tui_draw_text(w, y, x + col, maxcols - col, label + at, end - at);
		at = end;
	}
	return col;
}

static void
draw_item(TuiPicker *pk, int y, int width, const Item *it, bool sel, int label_w)
{
	WINDOW *w = pk->win;
	ThemeElem base = sel ? ELEM_SELECTION : ELEM_PICKER;
	tui_style(w, base);
	tui_draw_clear_eol(w, y, 1);
	int x = 2;
	if (it->mark != NULL) {
		guint8 st[2] = { ELEM_SUCCESS, (guint8)base };
		tui_style_stack(w, st, 2);
		tui_draw_text(w, y, x, 2, it->mark, strlen(it->mark));
	}
	x += 2;
	int used = draw_label(w, y, x, MIN(label_w, width - x), it->label, pk->filter->str, base);
	(void)used;
	if (it->detail != NULL && x + label_w + 2 < width) {
		guint8 st[2] = { ELEM_DIM, (guint8)base };
		tui_style_stack(w, st, 2);
		tui_draw_text(w, y, x + label_w + 2, width - x - label_w - 2, it->detail,
			      strlen(it->detail));
	}
	/* The frame's right edge again: a selected row's background must not run over it. */
	tui_style(w, ELEM_PANE_BORDER_FOCUS);
	mvwaddstr(w, y, width + 1, "\xe2\x94\x82");
}

static void
draw_filter(TuiPicker *pk, int y, int width)
{
	WINDOW *w = pk->win;
	tui_style(w, ELEM_PROMPT);
	mvwaddstr(w, y, 2, "\xe2\x80\xba "); /* › */
	tui_style(w, ELEM_INPUT);
	const char *f = pk->filter->str;
	int cols = tui_text_cols(f, pk->filter->len);
	/* Keep the end of a long filter in view. */
	while (cols > width - 8 && *f) {
		f = g_utf8_next_char(f);
		cols = tui_text_cols(f, strlen(f));
	}
	int used = tui_draw_text(w, y, 4, width - 6, f, strlen(f));
	guint8 cur[2] = { ELEM_SELECTION, ELEM_INPUT };
	tui_style_stack(w, cur, 2);
	mvwaddstr(w, y, 4 + used, " ");
	if (pk->filter->len == 0) {
		tui_style(w, ELEM_DIM);
		mvwaddstr(w, y, 6 + used, "type to filter");
	}
}

/* Where the box goes: a fixed top, its height following the list. */
static void
geometry(TuiApp *app, TuiPicker *pk, int *y, int *x, int *h, int *w)
{
	int extra = 4 + (pk->status ? 1 : 0); /* frame, filter, hints */
	int max_list = MAX(MIN(MAX_ROWS, app->rows - 2 - extra), 1);
	int list = CLAMP((int)pk->shown->len, 1, max_list);
	*w = MIN(MAX(app->cols - 8, MIN(30, app->cols)), MAX_WIDTH);
	*h = MIN(list + extra, app->rows);
	*x = (app->cols - *w) / 2;
	*y = MAX((app->rows - (max_list + extra)) / 2, 0);
	pk->list_rows = *h - extra;
}

static int
label_width(TuiPicker *pk, int width)
{
	int lw = 8;
	for (int i = pk->top; i < pk->top + pk->list_rows && i < (int)pk->shown->len; i++) {
		const Item *it = item_at(pk, i);
		if (it != NULL)
			lw = MAX(lw, tui_text_cols(it->label, strlen(it->label)));
	}
	return MIN(lw, (width - 4) * 3 / 5);
}

static void
draw_list(TuiPicker *pk, int y0, int width)
{
	int n = (int)pk->shown->len;
	if (pk->sel < pk->top)
		pk->top = pk->sel;
	if (pk->sel >= pk->top + pk->list_rows)
		pk->top = pk->sel - pk->list_rows + 1;
	pk->top = CLAMP(pk->top, 0, MAX(n - pk->list_rows, 0));
	int lw = label_width(pk, width);
	for (int row = 0; row < pk->list_rows; row++) {
		const Item *it = item_at(pk, pk->top + row);
		if (it != NULL) {
			draw_item(pk, y0 + row, width, it, pk->top + row == pk->sel, lw);
		} else if (row == 0) {
			tui_style(pk->win, ELEM_DIM);
			const char *msg = pk->items->len ? "nothing matches" : "nothing to choose from";
			mvwaddstr(pk->win, y0, 4, msg);
		}
	}
}

static void
draw_footer(TuiPicker *pk, int y, int width)
{
	WINDOW *w = pk->win;
	g_autofree char *count = g_strdup_printf("%u of %u", pk->shown->len, pk->items->len);
	int ccols = (int)strlen(count);
	tui_style(w, ELEM_DIM);
	const char *hints = pk->ops->hints ? pk->ops->hints : "Enter chooses \xc2\xb7 Esc closes";
	tui_draw_text(w, y, 2, width - ccols - 4, hints, strlen(hints));
	mvwaddstr(w, y, width - ccols, count);
}

void
tui_picker_draw(TuiApp *app)
{
	TuiPicker *pk = app->picker;
	int y, x, h, w;
	geometry(app, pk, &y, &x, &h, &w);
	if (pk->win == NULL || y != pk->y || x != pk->x || h != pk->h || w != pk->w) {
		if (pk->win != NULL) {
			delwin(pk->win);
			/* A smaller box uncovers the panes: draw them again underneath. */
			for (int i = 0; i < PANE__COUNT; i++) {
				TuiPane *p = &app->panes[i];
				if (p->win == NULL)
					continue;
				p->ops->draw(p);
				wnoutrefresh(p->win);
			}
		}
		pk->win = newwin(h, w, y, x);
		pk->y = y, pk->x = x, pk->h = h, pk->w = w;
	}
	if (pk->win == NULL || h < 5 || w < 12)
		return;
	WINDOW *win = pk->win;
	int inner = w - 2;
	tui_style(win, ELEM_PICKER);
	for (int r = 0; r < h; r++)
		tui_draw_clear_eol(win, r, 0);
	tui_style(win, ELEM_PANE_BORDER_FOCUS);
	tui_draw_frame(win, h, w);
	g_autofree char *title = g_strdup_printf(" %s ", pk->ops->title);
	tui_draw_text(win, 0, 2, w - 4, title, strlen(title));
	draw_filter(pk, 1, inner);
	int row = 2;
	if (pk->status != NULL) {
		tui_style(win, ELEM_INFO);
		tui_draw_text(win, row++, 4, inner - 4, pk->status, strlen(pk->status));
	}
	draw_list(pk, row, inner);
	draw_footer(pk, h - 2, inner);
	touchwin(win);
	wnoutrefresh(win);
}
