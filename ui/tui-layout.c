/* SPDX-License-Identifier: MIT */
/* The window tree of the full-screen interface and the remembered pane sizes. */
#include "autoconfig.h"

#include <string.h>

#include <cjson/cJSON.h>
#include <glib.h>

#include "fsutil.h"
#include "paths.h"
#include "tui-layout.h"

/*
 * The tree is rebuilt for every layout (it is a handful of nodes): a column of the body,
 * the status bar (1 row) and the input line (as many rows as its text needs), where the
 * body is
 *   wide (>= 120 columns):  conversation | (code over analysis)
 *   otherwise:              conversation over code over analysis
 *   small or zoomed:        one pane
 * Boxes share their space by weight after the fixed-size children; every pane keeps at
 * least a title row and two rows of text when there is room for that.
 */

#define LAYOUT_FILE "tui-layout.json"
#define MIN_PANE_ROWS 3
#define MIN_PANE_COLS 12

typedef struct Node {
	bool leaf;
	TuiPaneId pane;
	bool horizontal;
	int size;   /* > 0: fixed rows (or columns) */
	int weight;
	struct Node *kids[3];
	int nkids;
} Node;

typedef struct {
	Node nodes[12];
	int used;
} Tree;

static const char *const pane_names[PANE__COUNT] = {
	"conversation", "code", "analysis", "input", "status",
};

const char *
tui_layout_pane_name(TuiPaneId id)
{
	return id < PANE__COUNT ? pane_names[id] : "none";
}

void
tui_layout_defaults(TuiLayoutState *st)
{
	st->conversation_pct = 60;
	st->code_pct = 60;
	st->zoom = -1;
}

static Node *
leaf(Tree *t, TuiPaneId pane, int size, int weight)
{
	Node *n = &t->nodes[t->used++];
	*n = (Node){ .leaf = true, .pane = pane, .size = size, .weight = weight };
	return n;
}

static Node *
box(Tree *t, bool horizontal, int weight, Node *a, Node *b, Node *c)
{
	Node *n = &t->nodes[t->used++];
	*n = (Node){ .horizontal = horizontal, .weight = weight };
	Node *kids[] = { a, b, c };
	for (int i = 0; i < 3; i++)
		if (kids[i] != NULL)
			n->kids[n->nkids++] = kids[i];
	return n;
}

static Node *
build_body(Tree *t, const TuiLayoutState *st, int rows, int cols, TuiPaneId shown)
{
	bool small = rows < TUI_STACK_ROWS || cols < TUI_STACK_COLS;
	if (st->zoom >= 0 && st->zoom < PANE_INPUT)
		return leaf(t, (TuiPaneId)st->zoom, 0, 1);
	if (small)
		return leaf(t, shown < PANE_INPUT ? shown : PANE_CONVERSATION, 0, 1);
	int conv = st->conversation_pct, rest = 100 - conv;
	if (cols >= TUI_WIDE_COLS)
		return box(t, true, 1, leaf(t, PANE_CONVERSATION, 0, conv),
			   box(t, false, rest, leaf(t, PANE_CODE, 0, st->code_pct),
			       leaf(t, PANE_ANALYSIS, 0, 100 - st->code_pct), NULL),
			   NULL);
	return box(t, false, 1, leaf(t, PANE_CONVERSATION, 0, conv * 100),
		   leaf(t, PANE_CODE, 0, rest * st->code_pct),
		   leaf(t, PANE_ANALYSIS, 0, rest * (100 - st->code_pct)));
}

/* Sizes of a box's children along its axis. */
static void
share(const Node *n, int total, int sizes[3])
{
	int fixed = 0, weights = 0, minimum = n->horizontal ? MIN_PANE_COLS : MIN_PANE_ROWS;
	for (int i = 0; i < n->nkids; i++) {
		fixed += n->kids[i]->size;
		weights += n->kids[i]->size > 0 ? 0 : n->kids[i]->weight;
	}
	int left = MAX(total - fixed, 0), given = 0, last = -1;
	for (int i = 0; i < n->nkids; i++) {
		const Node *k = n->kids[i];
		if (k->size > 0) {
			sizes[i] = MIN(k->size, total);
			continue;
		}
		sizes[i] = weights > 0 ? (int)((int64_t)left * k->weight / weights) : 0;
		given += sizes[i];
		last = i;
	}
	if (last >= 0)
		sizes[last] += left - given; /* rounding goes to the last weighted child */
	/* Keep every weighted child usable when the space allows it. */
	for (int i = 0; i < n->nkids; i++) {
		if (n->kids[i]->size > 0 || sizes[i] >= minimum)
			continue;
		for (int j = 0; j < n->nkids; j++) {
			int spare = sizes[j] - minimum;
			if (j == i || n->kids[j]->size > 0 || spare <= 0)
				continue;
			int take = MIN(spare, minimum - sizes[i]);
			sizes[j] -= take;
			sizes[i] += take;
		}
	}
}

static void
assign(const Node *n, int y, int x, int h, int w, bool border, TuiRect out[PANE__COUNT])
{
	if (n->leaf) {
		out[n->pane] = (TuiRect){ y, x, h, w, h > 0 && w > 0, border && h > 0 };
		return;
	}
	int sizes[3] = { 0 };
	share(n, n->horizontal ? w : h, sizes);
	for (int i = 0; i < n->nkids; i++) {
		if (n->horizontal)
			assign(n->kids[i], y, x, h, sizes[i], border || i > 0, out);
		else
			assign(n->kids[i], y, x, sizes[i], w, border, out);
		if (n->horizontal)
			x += sizes[i];
		else
			y += sizes[i];
	}
}

bool
tui_layout_compute(const TuiLayoutState *st, int rows, int cols, int input_rows,
		   TuiPaneId shown, TuiRect out[PANE__COUNT])
{
	memset(out, 0, sizeof(TuiRect) * PANE__COUNT);
	if (rows < TUI_MIN_ROWS || cols < TUI_MIN_COLS)
		return false;
	/* The input may grow to a third of the screen for multi-line prompts. */
	input_rows = CLAMP(input_rows, 1, MAX(rows / 3, 1));
	Tree t = { .used = 0 };
	Node *root = box(&t, false, 1, build_body(&t, st, rows, cols, shown),
			 leaf(&t, PANE_STATUS, 1, 0), leaf(&t, PANE_INPUT, input_rows, 0));
	assign(root, 0, 0, rows, cols, false, out);
	return true;
}

static int
clamp_pct(int v)
{
	return CLAMP(v, 20, 85);
}

bool
tui_layout_grow(TuiLayoutState *st, TuiPaneId pane, int delta)
{
	TuiLayoutState before = *st;
	if (pane == PANE_CONVERSATION)
		st->conversation_pct = clamp_pct(st->conversation_pct + delta);
	else if (pane == PANE_CODE)
		st->code_pct = clamp_pct(st->code_pct + delta);
	else if (pane == PANE_ANALYSIS)
		st->code_pct = clamp_pct(st->code_pct - delta);
	return memcmp(&before, st, sizeof before) != 0;
}

/* ---- persistence --------------------------------------------------------------------- */

static int
json_int(const cJSON *obj, const char *name, int def, int lo, int hi)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	if (!cJSON_IsNumber(v) || v->valuedouble < lo || v->valuedouble > hi)
		return def;
	return (int)v->valuedouble;
}

void
tui_layout_parse(TuiLayoutState *st, const char *text, size_t len)
{
	tui_layout_defaults(st);
	/* The whole text must be one object: trailing bytes make it a broken file. */
	g_autofree char *copy = g_strndup(text, len);
	cJSON *root = strlen(copy) == len ? cJSON_ParseWithOpts(copy, NULL, TRUE) : NULL;
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return;
	}
	st->conversation_pct = json_int(root, "conversation", st->conversation_pct, 20, 85);
	st->code_pct = json_int(root, "code", st->code_pct, 20, 85);
	const cJSON *z = cJSON_GetObjectItemCaseSensitive(root, "zoom");
	for (int i = 0; i < PANE_INPUT && cJSON_IsString(z); i++)
		if (strcmp(z->valuestring, pane_names[i]) == 0)
			st->zoom = i;
	cJSON_Delete(root);
}

void
tui_layout_load(TuiLayoutState *st)
{
	tui_layout_defaults(st);
	g_autofree char *dir = paths_dir(PATHS_STATE);
	g_autofree char *path = g_build_filename(dir, LAYOUT_FILE, NULL);
	size_t len = 0;
	g_autofree char *text = fs_read_file(path, 64 * 1024, &len, NULL);
	if (text != NULL)
		tui_layout_parse(st, text, len);
}

bool
tui_layout_save(const TuiLayoutState *st, AurError **err)
{
	g_autofree char *dir = paths_ensure(PATHS_STATE, err);
	if (dir == NULL)
		return false;
	g_autofree char *path = g_build_filename(dir, LAYOUT_FILE, NULL);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "conversation", st->conversation_pct);
	cJSON_AddNumberToObject(root, "code", st->code_pct);
	if (st->zoom >= 0 && st->zoom < PANE_INPUT)
		cJSON_AddStringToObject(root, "zoom", pane_names[st->zoom]);
	else
		cJSON_AddNullToObject(root, "zoom");
	g_autofree char *text = cJSON_Print(root);
	cJSON_Delete(root);
	g_autofree char *line = g_strconcat(text, "\n", NULL);
	return fs_write_atomic(path, line, strlen(line), 0600, err);
}
