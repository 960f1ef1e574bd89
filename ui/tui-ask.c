/* SPDX-License-Identifier: MIT */
/* One-key questions drawn in the status bar. */
#include "autoconfig.h"

#include <string.h>

#include "tui-ask.h"

struct TuiAsk {
	char *question;
	GArray *choices;     /* TuiChoice, labels owned */
	int dflt;
	TuiAnswerFn fn;
	void *data;
	GDestroyNotify free_data;
};

static void
ask_free(TuiAsk *q)
{
	for (guint i = 0; i < q->choices->len; i++)
		g_free((char *)g_array_index(q->choices, TuiChoice, i).label);
	g_array_unref(q->choices);
	if (q->free_data != NULL)
		q->free_data(q->data);
	g_free(q->question);
	g_free(q);
}

/* Close the question and call back with choice. */
static void
answer(TuiApp *app, int choice)
{
	TuiAsk *q = app->ask;
	app->ask = NULL;
	tui_dirty(app, PANE_STATUS, TUI_REPAINT);
	q->fn(app, choice, q->data);
	ask_free(q);
}

void
tui_ask(TuiApp *app, const char *question, const TuiChoice *choices, int n, int dflt,
	TuiAnswerFn fn, void *data, GDestroyNotify free_data)
{
	tui_ask_cancel(app);
	TuiAsk *q = g_new0(TuiAsk, 1);
	q->question = g_strdup(question);
	q->choices = g_array_new(FALSE, FALSE, sizeof(TuiChoice));
	for (int i = 0; i < n; i++) {
		TuiChoice c = { choices[i].key, g_strdup(choices[i].label) };
		g_array_append_val(q->choices, c);
	}
	q->dflt = dflt < n ? dflt : -1;
	q->fn = fn;
	q->data = data;
	q->free_data = free_data;
	app->ask = q;
	tui_dirty(app, PANE_STATUS, TUI_REPAINT);
}

bool
tui_ask_is(TuiApp *app, TuiAnswerFn fn)
{
	return app->ask != NULL && app->ask->fn == fn;
}

void
tui_ask_cancel(TuiApp *app)
{
	if (app->ask != NULL)
		answer(app, -1);
}

void
tui_ask_free(TuiApp *app)
{
	if (app->ask != NULL)
		ask_free(g_steal_pointer(&app->ask));
}

bool
tui_ask_key(TuiApp *app, KeyCode key)
{
	TuiAsk *q = app->ask;
	if (key == 0x11) { /* C-q: leave, without an answer */
		tui_ask_cancel(app);
		return false;
	}
	if (key == KEY_ESC_CODE || key == 0x03 || key == 0x07) {
		answer(app, -1);
		return true;
	}
	if (key == KEY_ENTER_CODE) {
		if (q->dflt >= 0)
			answer(app, q->dflt);
		return true;
	}
	for (guint i = 0; i < q->choices->len; i++) {
		char k = g_array_index(q->choices, TuiChoice, i).key;
		if (key < 0x80 && g_ascii_tolower((char)key) == g_ascii_tolower(k)) {
			answer(app, (int)i);
			return true;
		}
	}
	return true; /* anything else waits for an answer */
}

void
tui_ask_draw(TuiApp *app, WINDOW *w, int width)
{
	TuiAsk *q = app->ask;
	tui_style(w, ELEM_STATUS_ALERT);
	tui_draw_clear_eol(w, 0, 0);
	GString *s = g_string_new(" ");
	g_string_append(s, q->question);
	for (guint i = 0; i < q->choices->len; i++) {
		const TuiChoice *c = &g_array_index(q->choices, TuiChoice, i);
		g_string_append_printf(s, "  %c %s%s", c->key, c->label,
				       (int)i == q->dflt ? " (Enter)" : "");
	}
	g_string_append(s, "  \xc2\xb7 Esc cancels");
	tui_draw_text(w, 0, 0, width, s->str, s->len);
	g_string_free(s, TRUE);
}
