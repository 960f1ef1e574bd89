/* SPDX-License-Identifier: MIT */
/* The help overlay, generated from the action table, the key bindings and the commands. */
#include "autoconfig.h"

#include <string.h>

#include "commands.h"
#include "tui-help.h"

typedef struct {
	ThemeElem elem;
	char *keys;   /* NULL for headings */
	char *text;
} HelpLine;

static GArray *help_lines; /* HelpLine */

static void
add(ThemeElem elem, const char *keys, const char *text)
{
	HelpLine l = { elem, g_strdup(keys), g_strdup(text) };
	g_array_append_val(help_lines, l);
}

static void
clear_lines(void)
{
	if (help_lines == NULL)
		return;
	for (guint i = 0; i < help_lines->len; i++) {
		HelpLine *l = &g_array_index(help_lines, HelpLine, i);
		g_free(l->keys);
		g_free(l->text);
	}
	g_array_unref(help_lines);
	help_lines = NULL;
}

static void
build(TuiApp *app)
{
	clear_lines();
	help_lines = g_array_new(FALSE, FALSE, sizeof(HelpLine));
	/* The focused pane's keys first, then the global ones, then the rest. */
	KeyContext here = app->panes[app->focus].ops->context;
	KeyContext order[KEYCTX__COUNT];
	unsigned n = 0;
	order[n++] = here;
	if (here != KEYCTX_GLOBAL)
		order[n++] = KEYCTX_GLOBAL;
	for (unsigned c = 0; c < KEYCTX__COUNT; c++)
		if (c != here && c != KEYCTX_GLOBAL)
			order[n++] = (KeyContext)c;
	for (unsigned i = 0; i < n; i++) {
		KeyContext c = order[i];
		add(ELEM_HEADING2, NULL, keymap_context_title(c));
		for (unsigned a = 1; a < KEYACT__COUNT; a++) {
			g_autofree char *keys = keymap_keys_for(app->keymap, c, (KeyAction)a);
			if (keys == NULL)
				continue;
			g_autofree char *text = g_strdup_printf("%s  %s", keymap_action_name((KeyAction)a),
								keymap_action_help((KeyAction)a));
			add(ELEM_HELP_TEXT, keys, text);
		}
		add(ELEM_TEXT, "", "");
	}
	add(ELEM_HEADING2, NULL, "Commands (type them in the input line)");
	for (const SlashCommand *c = commands_table(); c->name != NULL; c++) {
		g_autofree char *syn = g_strdup_printf("/%s %s", c->name, c->args);
		add(ELEM_HELP_TEXT, syn, c->summary);
	}
	add(ELEM_TEXT, "", "");
	add(ELEM_DIM, NULL, "Change keys under ui.keys in the configuration; see aurelis(1).");
}

void
tui_help_open(TuiApp *app)
{
	build(app);
	app->help_open = true;
	app->help_scroll = 0;
	tui_dirty(app, PANE_STATUS, TUI_REPAINT);
}

void
tui_help_close(TuiApp *app)
{
	app->help_open = false;
	if (app->help_win != NULL)
		delwin(app->help_win);
	app->help_win = NULL;
	clear_lines();
	/* The panes under it show again. */
	tui_dirty_all(app, TUI_REPAINT);
}

bool
tui_help_action(TuiApp *app, KeyAction a)
{
	int page = MAX(app->help_lines - 1, 1);
	switch (a) {
	case KEYACT_CLOSE:
	case KEYACT_SELECT:
	case KEYACT_HELP:
	case KEYACT_CANCEL:
	case KEYACT_CANCEL_JOB:
		tui_help_close(app);
		return true;
	case KEYACT_LINE_UP: app->help_scroll--; break;
	case KEYACT_LINE_DOWN: app->help_scroll++; break;
	case KEYACT_PAGE_UP: app->help_scroll -= page; break;
	case KEYACT_PAGE_DOWN: app->help_scroll += page; break;
	case KEYACT_FIRST: app->help_scroll = 0; break;
	case KEYACT_LAST: app->help_scroll = G_MAXINT / 2; break;
	default: return a == KEYACT_NONE;
	}
	return true;
}

void
tui_help_draw(TuiApp *app)
{
	int h = MAX(app->rows - 2, 3), w = MIN(MAX(app->cols - 4, 20), 100);
	int y0 = (app->rows - h) / 2, x0 = (app->cols - w) / 2;
	if (app->help_win == NULL || getmaxy(app->help_win) != h || getmaxx(app->help_win) != w) {
		if (app->help_win != NULL)
			delwin(app->help_win);
		app->help_win = newwin(h, w, y0, x0);
	}
	if (app->help_win == NULL || help_lines == NULL)
		return;
	WINDOW *win = app->help_win;
	int inner = h - 2, n = (int)help_lines->len;
	app->help_lines = inner;
	app->help_scroll = CLAMP(app->help_scroll, 0, MAX(n - inner, 0));
	tui_style(win, ELEM_PICKER);
	for (int y = 0; y < h; y++)
		tui_draw_clear_eol(win, y, 0);
	tui_style(win, ELEM_PANE_BORDER_FOCUS);
	tui_draw_frame(win, h, w);
	static const char title[] = " Keys and commands \xc2\xb7 Esc closes ";
	mvwaddstr(win, 0, 2, title);
	int keys_w = MIN(22, w / 3);
	for (int row = 0; row < inner && app->help_scroll + row < n; row++) {
		const HelpLine *l = &g_array_index(help_lines, HelpLine, app->help_scroll + row);
		int y = row + 1;
		if (l->keys == NULL) {
			tui_style(win, l->elem);
			tui_draw_text(win, y, 2, w - 4, l->text, strlen(l->text));
			continue;
		}
		tui_style(win, ELEM_HELP_KEY);
		tui_draw_text(win, y, 3, keys_w, l->keys, strlen(l->keys));
		tui_style(win, l->elem);
		tui_draw_text(win, y, 4 + keys_w, w - keys_w - 6, l->text, strlen(l->text));
	}
	if (n > inner) {
		g_autofree char *more = g_strdup_printf(" %d\xe2\x80\x93%d of %d ", app->help_scroll + 1,
							MIN(app->help_scroll + inner, n), n);
		tui_style(win, ELEM_DIM);
		mvwaddstr(win, h - 1, w - 2 - tui_text_cols(more, strlen(more)), more);
	}
	touchwin(win);
	wnoutrefresh(win);
}
