/* SPDX-License-Identifier: MIT */
/* The code preview pane. */
#include "autoconfig.h"

#include <string.h>

#include "fsutil.h"
#include "lang/lang.h"
#include "render-highlight.h"
#include "render.h"
#include "tui-code.h"
#include "tui-codeact.h"
#include "tui-conv.h"
#include "tui-edit.h"
#include "tui-wrap.h"

/*
 * The pane shows one source of text: a block of the conversation (by index; its bytes live
 * in the message, which only grows) or a file read into memory.  Line starts are indexed
 * incrementally, so a block that is still streaming costs only its new lines per frame.
 * Highlighting goes through the renderer's code lines (the src/lang lexers), made again
 * only when the source changes, and only for sources up to MAX_HIGHLIGHT bytes.
 */

#define MAX_FILE (8u << 20)
#define MAX_HIGHLIGHT (1u << 20)

/* A file, a text and a diff all keep their bytes in Code.file. */
typedef enum { SRC_NONE, SRC_BLOCK, SRC_FILE, SRC_TEXT, SRC_DIFF } Source;

typedef struct {
	Source src;
	guint block;
	bool follow;          /* move to the newest block as blocks arrive */
	char *path;           /* the name a file, text or diff is shown under */
	char *real_path;      /* SRC_FILE: the path it was read from */
	GString *file;
	int target;           /* highlighted line (1-based), 0 for none */
	GArray *starts;       /* byte offsets of line starts */
	size_t indexed;       /* bytes indexed so far */
	int top;              /* first line shown (0-based) */
	int nlines;
	bool stick_end;       /* a block still streaming: keep its end in view */
	int height;
	char *file_lang;      /* a file's (or text's) language name for highlighting */
	int origin;           /* SRC_TEXT: the block it came from, or -1 */
	GByteArray *kinds;    /* SRC_DIFF: the EditDiffKind of each line */
	GPtrArray *hl;        /* RenderLine *: the highlighted lines, or NULL */
	size_t hl_len;        /* source length they were made for */
} Code;

static Code *
code_of(TuiApp *app)
{
	return app->panes[PANE_CODE].data;
}

/* The text shown now. */
static const char *
source_text(TuiApp *app, Code *c, size_t *len, const TuiCodeBlock **blk)
{
	*blk = NULL;
	if (c->src == SRC_FILE || c->src == SRC_TEXT || c->src == SRC_DIFF) {
		*len = c->file->len;
		return c->file->str;
	}
	const TuiCodeBlock *b = c->src == SRC_BLOCK ? tui_conv_block(app, c->block) : NULL;
	if (b == NULL) {
		*len = 0;
		return "";
	}
	*blk = b;
	size_t mlen;
	const char *text = tui_msg_text(b->msg, &mlen);
	size_t end = MIN(b->end, mlen);
	*len = end > b->start ? end - b->start : 0;
	return text + MIN(b->start, mlen);
}

static void
index_reset(Code *c)
{
	g_array_set_size(c->starts, 0);
	c->indexed = 0;
	c->top = 0;
	g_clear_pointer(&c->hl, g_ptr_array_unref);
}

/* Index line starts up to len; returns the number of lines (a final newline does not start
 * another one). */
static int
index_lines(Code *c, const char *s, size_t len)
{
	if (len < c->indexed)
		index_reset(c);
	if (c->starts->len == 0) {
		guint32 zero = 0;
		g_array_append_val(c->starts, zero);
	}
	for (size_t i = c->indexed; i < len; i++) {
		if (s[i] == '\n') {
			guint32 next = (guint32)(i + 1);
			g_array_append_val(c->starts, next);
		}
	}
	c->indexed = len;
	int n = (int)c->starts->len;
	if (g_array_index(c->starts, guint32, n - 1) >= len)
		n--;
	return n;
}

static void
show_block(TuiApp *app, Code *c, guint i)
{
	if (c->src != SRC_BLOCK || c->block != i)
		index_reset(c);
	c->src = SRC_BLOCK;
	c->block = i;
	c->target = 0;
	const TuiCodeBlock *b = tui_conv_block(app, i);
	c->stick_end = b != NULL && b->open;
	tui_dirty(app, PANE_CODE, TUI_REPAINT);
}

void
tui_code_blocks_changed(TuiApp *app)
{
	Code *c = code_of(app);
	guint n = tui_conv_nblocks(app);
	if (n == 0) {
		if (c->src == SRC_BLOCK) {
			c->src = SRC_NONE;
			index_reset(c);
		}
	} else if (c->follow) {
		if (c->src != SRC_BLOCK || c->block != n - 1)
			show_block(app, c, n - 1);
	}
	tui_dirty(app, PANE_CODE, TUI_REPAINT);
}

void
tui_code_follow_latest(TuiApp *app)
{
	code_of(app)->follow = true;
}

bool
tui_code_step(TuiApp *app, int delta)
{
	Code *c = code_of(app);
	guint n = tui_conv_nblocks(app);
	if (n == 0)
		return false;
	int at = c->src == SRC_BLOCK ? (int)c->block : (int)n;
	int to = CLAMP(at + delta, 0, (int)n - 1);
	if (c->src == SRC_BLOCK && to == at)
		return false;
	c->follow = (guint)to == n - 1;
	show_block(app, c, (guint)to);
	return true;
}

bool
tui_code_show_block(TuiApp *app, guint i, int line)
{
	Code *c = code_of(app);
	guint n = tui_conv_nblocks(app);
	if (i >= n)
		return false;
	c->follow = false;
	show_block(app, c, i);
	c->target = MAX(line, 0);
	if (c->target > 0) {
		c->stick_end = false;
		c->top = -c->target;
	}
	return true;
}

/* Replace what the pane shows by text of its own. */
static void
show_own(TuiApp *app, Code *c, Source src, const char *name, const char *lang,
	 const char *text, size_t len)
{
	g_string_truncate(c->file, 0);
	tui_wrap_sanitize(c->file, text, len);
	g_free(c->path);
	c->path = g_strdup(name);
	g_free(c->file_lang);
	c->file_lang = g_strdup(lang ? lang : "");
	c->src = src;
	c->follow = false;
	c->stick_end = false;
	c->target = 0;
	c->origin = -1;
	index_reset(c);
	tui_dirty(app, PANE_CODE, TUI_REPAINT);
}

void
tui_code_show_text(TuiApp *app, const char *name, const char *lang, const char *text,
		   size_t len, int origin)
{
	Code *c = code_of(app);
	show_own(app, c, SRC_TEXT, name, lang, text, len);
	c->origin = origin;
}

void
tui_code_show_diff(TuiApp *app, const char *title, const EditDiff *d)
{
	Code *c = code_of(app);
	GString *all = g_string_new(NULL);
	g_byte_array_set_size(c->kinds, 0);
	for (guint i = 0; i < d->lines->len; i++) {
		const EditDiffLine *l = &g_array_index(d->lines, EditDiffLine, i);
		g_string_append(all, l->text);
		g_string_append_c(all, '\n');
		guint8 k = (guint8)l->kind;
		g_byte_array_append(c->kinds, &k, 1);
	}
	show_own(app, c, SRC_DIFF, title, "", all->str, all->len);
	g_string_free(all, TRUE);
}

bool
tui_code_goto(TuiApp *app, const char *name, int line)
{
	Code *c = code_of(app);
	if ((c->src != SRC_TEXT && c->src != SRC_FILE) || g_strcmp0(c->path, name) != 0)
		return false;
	c->target = MAX(line, 0);
	c->top = c->target > 0 ? -c->target : 0;
	tui_dirty(app, PANE_CODE, TUI_REPAINT);
	return true;
}

bool
tui_code_view(TuiApp *app, TuiCodeView *out)
{
	Code *c = code_of(app);
	memset(out, 0, sizeof *out);
	out->block = -1;
	const TuiCodeBlock *b;
	out->text = source_text(app, c, &out->len, &b);
	switch (c->src) {
	case SRC_BLOCK:
		if (b == NULL)
			return false;
		out->kind = TUI_CODE_BLOCK;
		out->lang = b->lang ? b->lang : "";
		out->block = (int)c->block;
		out->blk = b;
		return true;
	case SRC_FILE: out->kind = TUI_CODE_FILE; out->path = c->real_path; break;
	case SRC_TEXT: out->kind = TUI_CODE_TEXT; out->block = c->origin; break;
	case SRC_DIFF: out->kind = TUI_CODE_DIFF; break;
	case SRC_NONE: return false;
	}
	out->lang = c->file_lang ? c->file_lang : "";
	out->name = c->path;
	return true;
}

bool
tui_code_show_file(TuiApp *app, const char *path, const char *name, int line, AurError **err)
{
	Code *c = code_of(app);
	size_t len = 0;
	g_autofree char *data = fs_read_file(path, MAX_FILE, &len, err);
	if (data == NULL)
		return false;
	g_string_truncate(c->file, 0);
	tui_wrap_sanitize(c->file, data, len);
	g_free(c->path);
	c->path = g_strdup(name ? name : path);
	g_free(c->real_path);
	c->real_path = g_strdup(path);
	g_free(c->file_lang);
	LangId lang = lang_detect(path, c->file->str, c->file->len);
	c->file_lang = g_strdup(lang != LANG_NONE ? lang_name(lang) : "");
	c->src = SRC_FILE;
	c->follow = false;
	c->stick_end = false;
	c->target = MAX(line, 0);
	index_reset(c);
	(void)index_lines(c, c->file->str, c->file->len);
	/* Centre the target line once the height is known (at the next draw). */
	c->top = c->target > 0 ? -c->target : 0;
	tui_dirty(app, PANE_CODE, TUI_REPAINT);
	return true;
}

/* ---- drawing -------------------------------------------------------------------------------- */

static char *
title_of(TuiApp *app, Code *c, const TuiCodeBlock *b)
{
	if (c->src == SRC_FILE)
		return c->target > 0 ? g_strdup_printf("Code \xc2\xb7 %s:%d", c->path, c->target)
				     : g_strdup_printf("Code \xc2\xb7 %s", c->path);
	if (c->src == SRC_DIFF)
		return g_strdup_printf("Diff \xc2\xb7 %s%s", c->path,
				       tui_edit_pending(app) ? " \xc2\xb7 a applies" : "");
	if (c->src == SRC_TEXT)
		return g_strdup_printf("Code \xc2\xb7 %s", c->path);
	if (b == NULL)
		return g_strdup("Code");
	return g_strdup_printf("Code \xc2\xb7 block %u/%u%s%s%s", c->block + 1,
			       tui_conv_nblocks(app), b->lang && *b->lang ? " \xc2\xb7 " : "",
			       b->lang ? b->lang : "", b->open ? " \xc2\xb7 streaming" : "");
}

static void
clamp_top(Code *c)
{
	int n = c->nlines;
	if (c->top < 0) /* a target to centre */
		c->top = MAX(-c->top - 1 - c->height / 2, 0);
	if (c->stick_end)
		c->top = n - c->height;
	c->top = CLAMP(c->top, 0, MAX(n - c->height, 0));
}

/* The highlighted lines of the source, made again when it changed; NULL when too big. */
static const GPtrArray *
highlighted(Code *c, const char *s, size_t len, const char *lang, int nlines)
{
	if (len > MAX_HIGHLIGHT)
		return NULL;
	if (c->hl == NULL || c->hl_len != len) {
		if (c->hl != NULL)
			g_ptr_array_unref(c->hl);
		c->hl = render_lines_new();
		RenderOptions o = { .width = 1 << 16, .highlight = render_highlight_code };
		render_code_text(lang ? lang : "", s, len, &o, c->hl);
		c->hl_len = len;
	}
	return (int)c->hl->len == nlines ? c->hl : NULL;
}

/* Spans of a highlighted line over base (the code or the selection). */
static int
draw_spans(WINDOW *w, int y, int x, int width, const RenderLine *l, ThemeElem base)
{
	int col = 0;
	for (guint i = 0; i < l->spans->len && col < width; i++) {
		const RenderSpan *sp = &g_array_index(l->spans, RenderSpan, i);
		guint8 st[2] = { sp->elems[0], (guint8)base };
		if (sp->elems[0] >= ELEM__COUNT || sp->elems[0] == ELEM_CODE_BLOCK)
			tui_style(w, base);
		else
			tui_style_stack(w, st, 2);
		col += tui_draw_text(w, y, x + col, width - col, sp->text, strlen(sp->text));
	}
	return col;
}

static void
draw_code_line(WINDOW *w, int y, int x, int width, int gutter, int num, const char *s,
	       size_t len, const RenderLine *hl, bool target)
{
	char buf[24];
	g_snprintf(buf, sizeof buf, "%*d ", gutter, num);
	tui_style(w, target ? ELEM_SELECTION : ELEM_LINE_NUMBER);
	mvwaddstr(w, y, x, buf);
	tui_style(w, ELEM_PANE_BORDER);
	waddstr(w, "\xe2\x94\x82 "); /* │ */
	ThemeElem e = target ? ELEM_SELECTION : ELEM_CODE_BLOCK;
	tui_style(w, e);
	int at = x + gutter + 3, room = width - gutter - 3;
	int used = hl != NULL ? draw_spans(w, y, at, room, hl, e) : tui_draw_text(w, y, at, room, s, len);
	tui_style(w, e);
	for (int i = at + used; i < x + width; i++)
		waddch(w, ' ');
}

static ThemeElem
diff_elem(guint8 kind)
{
	switch (kind) {
	case EDIT_DIFF_HEADER_OLD:
	case EDIT_DIFF_HEADER_NEW: return ELEM_DIFF_FILE;
	case EDIT_DIFF_HUNK: return ELEM_DIFF_HUNK;
	case EDIT_DIFF_ADD: return ELEM_DIFF_ADD;
	case EDIT_DIFF_DEL: return ELEM_DIFF_DEL;
	case EDIT_DIFF_NO_EOL: return ELEM_DIM;
	default: return ELEM_TEXT;
	}
}

static void
draw_diff_line(WINDOW *w, int y, int x, int width, const char *s, size_t len, guint8 kind)
{
	ThemeElem e = diff_elem(kind);
	tui_style(w, e);
	mvwaddch(w, y, x, ' ');
	int used = tui_draw_text(w, y, x + 1, width - 1, s, len);
	for (int i = x + 1 + used; i < x + width; i++)
		waddch(w, ' ');
}

static void
code_layout(TuiPane *p)
{
	Code *c = p->data;
	c->height = MAX(p->h - 1, 0);
}

static void
code_draw(TuiPane *p)
{
	TuiApp *app = p->app;
	Code *c = p->data;
	WINDOW *w = p->win;
	int x = p->border_left ? 1 : 0;
	int width = p->w - x;
	code_layout(p);
	size_t len;
	const TuiCodeBlock *b;
	const char *s = source_text(app, c, &len, &b);
	int n = index_lines(c, s, len);
	c->nlines = n;
	c->stick_end = c->stick_end && b != NULL && b->open;
	clamp_top(c);
	g_autofree char *title = title_of(app, c, b);
	g_autofree char *extra = n > 0 ? g_strdup_printf("%d\xe2\x80\x93%d of %d", c->top + 1,
							 MIN(c->top + c->height, n), n)
				       : NULL;
	tui_draw_border(p);
	tui_draw_title(p, title, extra);
	int gutter = 1;
	for (int v = n; v >= 10; v /= 10)
		gutter++;
	gutter = MAX(gutter, 3);
	const GPtrArray *hl = c->src == SRC_DIFF ? NULL
			      : highlighted(c, s, len, c->src == SRC_BLOCK ? (b ? b->lang : NULL)
								  : c->file_lang, n);
	for (int row = 0; row < c->height; row++) {
		int i = c->top + row;
		tui_style(w, ELEM_TEXT);
		tui_draw_clear_eol(w, row + 1, x);
		if (i >= n)
			continue;
		size_t a = g_array_index(c->starts, guint32, i);
		size_t e = i + 1 < n ? g_array_index(c->starts, guint32, i + 1) - 1 : len;
		if (e > a && s[e - 1] == '\n')
			e--;
		if (c->src == SRC_DIFF)
			draw_diff_line(w, row + 1, x, width, s + a, e - a,
				       (guint)i < c->kinds->len ? c->kinds->data[i] : 0);
		else
			draw_code_line(w, row + 1, x, width, gutter, i + 1, s + a, e - a,
				       hl ? hl->pdata[i] : NULL, i + 1 == c->target);
	}
	if (n == 0 && c->height > 1) {
		static const char none[] = "Code blocks of answers show here; [ and ] step through them; "
					   "y copies, w saves, d diffs, a applies, e edits, c analyses.";
		tui_style(w, ELEM_DIM);
		tui_draw_text(w, 1, x + 1, width - 2, none, sizeof none - 1);
	}
}

static bool
code_action(TuiPane *p, KeyAction a)
{
	Code *c = p->data;
	int page = MAX(c->height - 1, 1);
	int before = c->top;
	switch (a) {
	case KEYACT_LINE_UP: c->top--; break;
	case KEYACT_LINE_DOWN: c->top++; break;
	case KEYACT_PAGE_UP: c->top -= page; break;
	case KEYACT_PAGE_DOWN: c->top += page; break;
	case KEYACT_FIRST: c->top = 0; break;
	case KEYACT_LAST: c->top = c->nlines; break;
	default: return tui_codeact_action(p->app, a);
	}
	c->stick_end = false;
	if (c->top < 0)
		c->top = 0;
	if (c->top != before)
		tui_dirty(p->app, PANE_CODE, TUI_REPAINT);
	return true;
}

static void
code_free(TuiPane *p)
{
	Code *c = p->data;
	if (c == NULL)
		return;
	g_free(c->path);
	g_free(c->real_path);
	g_free(c->file_lang);
	if (c->hl != NULL)
		g_ptr_array_unref(c->hl);
	g_string_free(c->file, TRUE);
	g_byte_array_unref(c->kinds);
	g_array_unref(c->starts);
	g_free(c);
	p->data = NULL;
}

const TuiPaneOps tui_code_ops = {
	.title = "Code",
	.context = KEYCTX_CODE,
	.layout = code_layout,
	.draw = code_draw,
	.on_action = code_action,
	.free = code_free,
};

void
tui_code_init(TuiPane *p)
{
	Code *c = g_new0(Code, 1);
	c->follow = true;
	c->file = g_string_new(NULL);
	c->starts = g_array_new(FALSE, FALSE, sizeof(guint32));
	c->kinds = g_byte_array_new();
	c->origin = -1;
	p->data = c;
}
