/* SPDX-License-Identifier: MIT */
/* Theme elements as curses attributes and colour pairs. */
#include "autoconfig.h"

#include <string.h>

#include "term.h"
#include "tui-app.h"

/*
 * Every element (and every stack of elements a pane draws, such as a rule name over the
 * selected row) resolves through the theme to a style, which becomes curses attributes and
 * a colour pair.  Pairs are shared by equal (foreground, background) couples and allocated
 * on first use; a theme switch starts the allocation afresh and repaints everything.  With
 * NO_COLOR, --no-color or a terminal without colours the monochrome theme is used, which
 * relies on attributes only.
 */

typedef struct {
	attr_t attrs;
	short pair;
} Look;

static struct {
	Theme *theme;
	ThemeDepth depth;
	GHashTable *looks;  /* packed element stack -> Look* */
	GHashTable *pairs;  /* (fg + 1) << 16 | (bg + 1) -> pair number */
	int next_pair;
} T;

static attr_t
curses_attrs(guint8 a)
{
	attr_t r = A_NORMAL;
	if (a & THEME_BOLD)
		r |= A_BOLD;
	if (a & THEME_DIM)
		r |= A_DIM;
	if (a & THEME_ITALIC)
		r |= A_ITALIC;
	if (a & THEME_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & THEME_REVERSE)
		r |= A_REVERSE;
	return r;
}

static short
pair_for(int fg, int bg)
{
	if (fg < 0 && bg < 0)
		return 0;
	gpointer key = GINT_TO_POINTER(((fg + 1) << 16) | (bg + 1));
	gpointer got = g_hash_table_lookup(T.pairs, key);
	if (got != NULL)
		return (short)GPOINTER_TO_INT(got);
	if (T.next_pair >= COLOR_PAIRS || T.next_pair > 0x7fff)
		return 0; /* out of pairs: the default colours still read */
	short n = (short)T.next_pair++;
	init_pair(n, (short)fg, (short)bg);
	g_hash_table_insert(T.pairs, key, GINT_TO_POINTER(n));
	return n;
}

static Look *
look_for(const guint8 *elems, size_t n)
{
	guint32 key = 0;
	for (size_t i = 0; i < n && i < 3; i++)
		key |= (guint32)(elems[i] + 1u) << (8 * i);
	Look *l = g_hash_table_lookup(T.looks, GUINT_TO_POINTER(key));
	if (l != NULL)
		return l;
	l = g_new0(Look, 1);
	ThemeStyle st = theme_resolve(T.theme, elems, MIN(n, 3));
	l->attrs = curses_attrs(st.attrs);
	if (T.depth != THEME_DEPTH_NONE)
		l->pair = pair_for(theme_color_index(st.fg, T.depth), theme_color_index(st.bg, T.depth));
	g_hash_table_insert(T.looks, GUINT_TO_POINTER(key), l);
	return l;
}

void
tui_style_stack(WINDOW *w, const guint8 *elems, size_t n)
{
	if (T.theme == NULL)
		return;
	const Look *l = look_for(elems, n);
	wattr_set(w, l->attrs, l->pair, NULL);
}

void
tui_style(WINDOW *w, ThemeElem elem)
{
	guint8 e = (guint8)elem;
	tui_style_stack(w, &e, 1);
}

int
tui_theme_depth(void)
{
	return (int)T.depth;
}

static ThemeDepth
detect_depth(TuiApp *app)
{
	if (app->ctx->no_color || g_getenv("NO_COLOR") != NULL || !has_colors())
		return THEME_DEPTH_NONE;
	if (COLORS >= 256)
		return THEME_DEPTH_256;
	return COLORS >= 16 ? THEME_DEPTH_16 : COLORS >= 8 ? THEME_DEPTH_8 : THEME_DEPTH_NONE;
}

static void
reset_tables(void)
{
	if (T.looks != NULL)
		g_hash_table_destroy(T.looks);
	if (T.pairs != NULL)
		g_hash_table_destroy(T.pairs);
	T.looks = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	T.pairs = g_hash_table_new(NULL, NULL);
	T.next_pair = 1;
}

static void
use(TuiApp *app, Theme *t, const char *name)
{
	if (app->theme != NULL)
		theme_free(app->theme);
	app->theme = t;
	T.theme = t;
	g_free(app->theme_name);
	app->theme_name = g_strdup(name);
	reset_tables();
}

bool
tui_theme_init(TuiApp *app, const char *name, GPtrArray *warnings)
{
	T.depth = detect_depth(app);
	if (T.depth == THEME_DEPTH_NONE) {
		/* No colours: the monochrome theme reads with attributes alone. */
		use(app, theme_open("mono", warnings), "mono");
		return true;
	}
	Theme *t = theme_open(name, warnings);
	use(app, t, theme_name(t));
	return true;
}

bool
tui_theme_switch(TuiApp *app, const char *name, char **why)
{
	if (T.depth == THEME_DEPTH_NONE) {
		*why = g_strdup("colours are off (NO_COLOR, --no-color or a terminal without "
				"colours), so the monochrome theme stays");
		return false;
	}
	g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(AurError) e = NULL;
	Theme *t = theme_load(name, warnings, &e);
	if (t == NULL) {
		*why = g_strdup_printf("%s%s%s", e->message, e->hint ? " \xe2\x80\x94 " : "",
				       e->hint ? e->hint : "");
		return false;
	}
	use(app, t, name);
	for (guint i = 0; i < warnings->len; i++)
		tui_notice(app, true, "%s", (char *)warnings->pdata[i]);
	clearok(curscr, TRUE);
	tui_dirty_all(app, TUI_REPAINT);
	return true;
}

void
tui_theme_free(TuiApp *app)
{
	if (app->theme != NULL)
		theme_free(app->theme);
	app->theme = NULL;
	T.theme = NULL;
	g_free(app->theme_name);
	app->theme_name = NULL;
	if (T.looks != NULL)
		g_hash_table_destroy(T.looks);
	if (T.pairs != NULL)
		g_hash_table_destroy(T.pairs);
	T.looks = T.pairs = NULL;
}
