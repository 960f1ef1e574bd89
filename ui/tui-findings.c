/* SPDX-License-Identifier: MIT */
/* The analysis pane: findings listed by severity, rule and location. */
#include "autoconfig.h"

#include <string.h>

#include "tui-code.h"
#include "tui-findact.h"
#include "tui-findings.h"

typedef enum { SORT_SEVERITY, SORT_FILE, SORT_RULE, SORT__COUNT } SortBy;

static const char *const sort_names[SORT__COUNT] = { "severity", "file", "rule" };
/* Filter: the lowest severity shown. */
static const char *const filter_names[] = { "errors", "warnings and errors", "all" };

typedef struct {
	GPtrArray *all;     /* Finding *, owned */
	GPtrArray *view;    /* Finding *, borrowed: filtered and sorted */
	char *source;
	char *base_dir;
	char *busy;
	int origin_block;     /* findings of a conversation block, or -1 */
	char *origin_text;    /* findings of the code preview's own text, or NULL */
	SortBy sort;
	FindingSeverity min;  /* FINDING_INFO shows all */
	int sel, top, height;
} Findings;

static Findings *
findings_of(TuiApp *app)
{
	return app->panes[PANE_ANALYSIS].data;
}

static int
cmp_location(const Finding *a, const Finding *b)
{
	int c = strcmp(a->file, b->file);
	if (c != 0)
		return c;
	if (a->line != b->line)
		return a->line - b->line;
	return a->column - b->column;
}

static gint
by_severity(gconstpointer pa, gconstpointer pb)
{
	const Finding *a = *(Finding *const *)pa, *b = *(Finding *const *)pb;
	if (a->severity != b->severity)
		return (int)a->severity - (int)b->severity;
	return cmp_location(a, b);
}

static gint
by_file(gconstpointer pa, gconstpointer pb)
{
	const Finding *a = *(Finding *const *)pa, *b = *(Finding *const *)pb;
	int c = cmp_location(a, b);
	return c != 0 ? c : (int)a->severity - (int)b->severity;
}

static gint
by_rule(gconstpointer pa, gconstpointer pb)
{
	const Finding *a = *(Finding *const *)pa, *b = *(Finding *const *)pb;
	int c = strcmp(a->rule, b->rule);
	return c != 0 ? c : cmp_location(a, b);
}

static void
rebuild(TuiApp *app, Findings *f)
{
	static const GCompareFunc cmp[SORT__COUNT] = { by_severity, by_file, by_rule };
	const Finding *was = f->sel < (int)f->view->len ? f->view->pdata[f->sel] : NULL;
	g_ptr_array_set_size(f->view, 0);
	for (guint i = 0; f->all != NULL && i < f->all->len; i++) {
		Finding *x = f->all->pdata[i];
		if (x->severity <= f->min)
			g_ptr_array_add(f->view, x);
	}
	g_ptr_array_sort(f->view, cmp[f->sort]);
	/* Keep the same finding selected when it is still shown. */
	f->sel = 0;
	for (guint i = 0; was != NULL && i < f->view->len; i++)
		if (f->view->pdata[i] == was)
			f->sel = (int)i;
	tui_dirty(app, PANE_ANALYSIS, TUI_REPAINT);
}

void
tui_findings_set(TuiApp *app, GPtrArray *findings, const char *source, const char *base_dir)
{
	Findings *f = findings_of(app);
	g_ptr_array_set_size(f->view, 0);
	if (f->all != NULL)
		g_ptr_array_unref(f->all);
	f->all = findings;
	g_free(f->source);
	f->source = g_strdup(source);
	g_free(f->base_dir);
	f->base_dir = g_strdup(base_dir);
	g_clear_pointer(&f->busy, g_free);
	f->origin_block = -1;
	g_clear_pointer(&f->origin_text, g_free);
	f->sel = f->top = 0;
	rebuild(app, f);
}

void
tui_findings_set_origin(TuiApp *app, int block, const char *name)
{
	Findings *f = findings_of(app);
	f->origin_block = block;
	g_free(f->origin_text);
	f->origin_text = g_strdup(name);
}

static char *resolve(const Findings *f, const char *file);

const Finding *
tui_findings_selected(TuiApp *app, char **path)
{
	Findings *f = findings_of(app);
	const Finding *fd = f->sel < (int)f->view->len ? f->view->pdata[f->sel] : NULL;
	if (path != NULL)
		*path = fd != NULL && f->origin_block < 0 && f->origin_text == NULL && *fd->file
			? resolve(f, fd->file) : NULL;
	return fd;
}

guint
tui_findings_remove(TuiApp *app, const char *rule, const char *file, int line)
{
	Findings *f = findings_of(app);
	guint gone = 0;
	for (guint i = f->all ? f->all->len : 0; i-- > 0;) {
		const Finding *x = f->all->pdata[i];
		if (strcmp(x->rule, rule) != 0 || (file != NULL && strcmp(x->file, file) != 0) ||
		    (line > 0 && x->line != line))
			continue;
		g_ptr_array_remove(f->view, f->all->pdata[i]);
		g_ptr_array_remove_index(f->all, i);
		gone++;
	}
	if (gone > 0)
		rebuild(app, f);
	return gone;
}

void
tui_findings_busy(TuiApp *app, const char *what)
{
	Findings *f = findings_of(app);
	g_free(f->busy);
	f->busy = g_strdup(what);
	tui_dirty(app, PANE_ANALYSIS, TUI_REPAINT);
}

guint
tui_findings_count(TuiApp *app)
{
	return findings_of(app)->view->len;
}

/* ---- drawing -------------------------------------------------------------------------------- */

static ThemeElem
severity_elem(FindingSeverity s)
{
	return s == FINDING_ERROR ? ELEM_FINDING_ERROR
	       : s == FINDING_WARNING ? ELEM_FINDING_WARNING : ELEM_FINDING_INFO;
}

static char *
location_of(const Finding *x)
{
	if (x->line > 0)
		return g_strdup_printf("%s:%d", x->file, x->line);
	return g_strdup(x->file);
}

/* Draw s in a cell of cols columns at (y, x), padded with spaces; with keep_tail, text that
 * does not fit loses its start ("…/src/main.c:42") instead of its end. */
static void
cell(WINDOW *w, int y, int x, int cols, const char *s, bool keep_tail)
{
	if (cols <= 0)
		return;
	int have = tui_text_cols(s, strlen(s));
	if (keep_tail && have > cols && cols > 1) {
		const char *p = s;
		while (*p && tui_text_cols(p, strlen(p)) > cols - 1)
			p = g_utf8_next_char(p);
		mvwaddstr(w, y, x, "\xe2\x80\xa6"); /* … */
		int used = 1 + tui_draw_text(w, y, x + 1, cols - 1, p, strlen(p));
		for (int i = used; i < cols; i++)
			waddch(w, ' ');
		return;
	}
	int used = tui_draw_text(w, y, x, cols, s, strlen(s));
	for (int i = used; i < cols; i++)
		waddch(w, ' ');
}

/* One finding: severity, rule, location and message, a space between columns. */
static void
draw_row(WINDOW *w, int y, int x, int width, const Finding *fd, int rule_w, int loc_w, bool sel)
{
	ThemeElem base = sel ? ELEM_SELECTION : ELEM_TEXT;
	guint8 st[2] = { (guint8)severity_elem(fd->severity), (guint8)base };
	int end = x + width;
	tui_style(w, base);
	for (int i = x; i < end; i++)
		mvwaddch(w, y, i, ' ');
	tui_style_stack(w, st, 2);
	cell(w, y, x + 1, 7, findings_severity_name(fd->severity), false);
	st[0] = ELEM_FINDING_RULE;
	tui_style_stack(w, st, 2);
	int cx = x + 9;
	cell(w, y, cx, MIN(rule_w, end - cx), fd->rule, false);
	cx += rule_w + 1;
	st[0] = ELEM_LOCATION;
	tui_style_stack(w, st, 2);
	g_autofree char *loc = location_of(fd);
	cell(w, y, cx, MIN(loc_w, end - cx), loc, true);
	cx += loc_w + 1;
	tui_style(w, base);
	cell(w, y, cx, end - cx - 1, fd->message, false);
}

static char *
title_of(Findings *f)
{
	if (f->busy != NULL)
		return g_strdup_printf("Analysis \xc2\xb7 %s\xe2\x80\xa6", f->busy);
	if (f->all == NULL)
		return g_strdup("Analysis");
	unsigned n[3] = { 0 };
	for (guint i = 0; i < f->all->len; i++)
		n[((Finding *)f->all->pdata[i])->severity]++;
	return g_strdup_printf("Analysis \xc2\xb7 %u error%s, %u warning%s, %u info", n[0],
			       n[0] == 1 ? "" : "s", n[1], n[1] == 1 ? "" : "s", n[2]);
}

static void
findings_layout(TuiPane *p)
{
	Findings *f = p->data;
	f->height = MAX(p->h - 1, 0);
}

static void
findings_draw(TuiPane *p)
{
	Findings *f = p->data;
	WINDOW *w = p->win;
	int x = p->border_left ? 1 : 0;
	int width = p->w - x;
	findings_layout(p);
	int n = (int)f->view->len;
	f->sel = CLAMP(f->sel, 0, MAX(n - 1, 0));
	if (f->sel < f->top)
		f->top = f->sel;
	if (f->sel >= f->top + f->height)
		f->top = f->sel - f->height + 1;
	f->top = CLAMP(f->top, 0, MAX(n - f->height, 0));
	g_autofree char *title = title_of(f);
	g_autofree char *extra = f->all ? g_strdup_printf("sort: %s \xc2\xb7 %s", sort_names[f->sort],
							  filter_names[f->min])
					: NULL;
	tui_draw_border(p);
	tui_draw_title(p, title, extra);
	int rule_w = 4, loc_w = 8;
	for (int i = f->top; i < MIN(n, f->top + f->height); i++) {
		const Finding *fd = f->view->pdata[i];
		g_autofree char *loc = location_of(fd);
		rule_w = MAX(rule_w, tui_text_cols(fd->rule, strlen(fd->rule)));
		loc_w = MAX(loc_w, tui_text_cols(loc, strlen(loc)));
	}
	rule_w = MIN(rule_w, MAX(width / 5, 4));
	loc_w = MIN(loc_w, MAX(width / 3, 8));
	for (int row = 0; row < f->height; row++) {
		int i = f->top + row;
		tui_style(w, ELEM_TEXT);
		tui_draw_clear_eol(w, row + 1, x);
		if (i < n)
			draw_row(w, row + 1, x, width, f->view->pdata[i], rule_w, loc_w, i == f->sel);
	}
	if (n == 0 && f->height > 1) {
		const char *msg = f->busy ? "Working\xe2\x80\xa6"
				  : f->all ? "No findings at this severity (v changes the filter)."
				  : "/analyze [PATH] analyses code; /findings FILE loads saved results.";
		tui_style(w, ELEM_DIM);
		tui_draw_text(w, 1, x + 1, width - 2, msg, strlen(msg));
	}
}

/* ---- keys ---------------------------------------------------------------------------------- */

static char *
resolve(const Findings *f, const char *file)
{
	if (g_path_is_absolute(file) || g_file_test(file, G_FILE_TEST_EXISTS) || f->base_dir == NULL)
		return g_strdup(file);
	char *alt = g_build_filename(f->base_dir, file, NULL);
	if (g_file_test(alt, G_FILE_TEST_EXISTS))
		return alt;
	g_free(alt);
	return g_strdup(file);
}

static void
jump(TuiApp *app, Findings *f)
{
	if (f->sel >= (int)f->view->len)
		return;
	const Finding *fd = f->view->pdata[f->sel];
	if (f->origin_block >= 0) {
		if (!tui_code_show_block(app, (guint)f->origin_block, fd->line))
			tui_notice(app, true, "that code block is gone (the conversation was cleared)");
		return;
	}
	if (f->origin_text != NULL) {
		if (!tui_code_goto(app, f->origin_text, fd->line))
			tui_notice(app, true, "the code preview no longer shows %s", f->origin_text);
		return;
	}
	if (*fd->file == '\0') {
		tui_notice(app, true, "this finding has no file");
		return;
	}
	g_autofree char *path = resolve(f, fd->file);
	g_autoptr(AurError) e = NULL;
	if (!tui_code_show_file(app, path, fd->file, fd->line, &e))
		tui_notice(app, true, "%s", e->message);
}

static bool
findings_action(TuiPane *p, KeyAction a)
{
	Findings *f = p->data;
	int page = MAX(f->height - 1, 1);
	switch (a) {
	case KEYACT_LINE_UP: f->sel--; break;
	case KEYACT_LINE_DOWN: f->sel++; break;
	case KEYACT_PAGE_UP: f->sel -= page; break;
	case KEYACT_PAGE_DOWN: f->sel += page; break;
	case KEYACT_FIRST: f->sel = 0; break;
	case KEYACT_LAST: f->sel = (int)f->view->len - 1; break;
	case KEYACT_JUMP: jump(p->app, f); return true;
	case KEYACT_SORT:
		f->sort = (f->sort + 1) % SORT__COUNT;
		rebuild(p->app, f);
		tui_notice(p->app, false, "findings sorted by %s", sort_names[f->sort]);
		return true;
	case KEYACT_FILTER:
		f->min = f->min == FINDING_INFO ? FINDING_WARNING
			 : f->min == FINDING_WARNING ? FINDING_ERROR : FINDING_INFO;
		rebuild(p->app, f);
		tui_notice(p->app, false, "showing %s", filter_names[f->min]);
		return true;
	default:
		return tui_findact_action(p->app, a);
	}
	f->sel = CLAMP(f->sel, 0, MAX((int)f->view->len - 1, 0));
	tui_dirty(p->app, PANE_ANALYSIS, TUI_REPAINT);
	return true;
}

static void
findings_free(TuiPane *p)
{
	Findings *f = p->data;
	if (f == NULL)
		return;
	g_ptr_array_unref(f->view);
	if (f->all != NULL)
		g_ptr_array_unref(f->all);
	g_free(f->source);
	g_free(f->base_dir);
	g_free(f->busy);
	g_free(f->origin_text);
	g_free(f);
	p->data = NULL;
}

/* A click selects a finding; a click on the selected one shows its location. */
static void
findings_click(TuiPane *p, int row, int col)
{
	Findings *f = p->data;
	int i = f->top + row - 1;
	if (row < 1 || i >= (int)f->view->len)
		return;
	if (i == f->sel) {
		jump(p->app, f);
		return;
	}
	f->sel = i;
	tui_dirty(p->app, PANE_ANALYSIS, TUI_REPAINT);
}

const TuiPaneOps tui_findings_ops = {
	.title = "Analysis",
	.context = KEYCTX_ANALYSIS,
	.layout = findings_layout,
	.draw = findings_draw,
	.on_action = findings_action,
	.free = findings_free,
	.on_click = findings_click,
};

void
tui_findings_init(TuiPane *p)
{
	Findings *f = g_new0(Findings, 1);
	f->view = g_ptr_array_new();
	f->min = FINDING_INFO;
	f->origin_block = -1;
	p->data = f;
}
