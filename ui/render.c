/* SPDX-License-Identifier: MIT */
/* Markdown laid out for terminals as lines of styled spans, shared by every back end. */
#include "autoconfig.h"

#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "render.h"
#include "textwidth.h"

/*
 * Layout works on one block at a time.  Prose is first flattened into a Para: its text plus
 * one "cluster" per character (a base character with the zero-width characters that join
 * it), each cluster knowing its width, its style and whether a line may break before it.
 * Wrapping is then a greedy fill over clusters: at spaces, between wide (CJK) characters,
 * and inside a word only when the word alone is wider than the line.
 *
 * Nested blocks (quotes, list items) are a stack of Levels, each with the marker for its
 * first line ("• ", "1. ", "│ ") and for the lines after it ("  ", "   ", "│ ").  Code lines
 * take no markers at all, so code copied from the terminal is exactly the code.
 */

#define MAX_NEST 24   /* deeper blocks are flattened into plain paragraphs */
#define MAX_INLINE 32 /* deeper inline styles keep the innermost ones */
#define MAX_COLUMNS 64

typedef struct {
	const char *bullets[3];
	const char *quote, *h1, *h2, *rule;
	const char *tl, *tm, *tr, *ml, *mm, *mr, *bl, *bm, *br, *hz, *vt;
	const char *fence;
} Glyphs;

static const Glyphs utf8_glyphs = {
	{ "•", "◦", "▪" }, "│ ", "━", "─", "─",
	"┌", "┬", "┐", "├", "┼", "┤", "└", "┴", "┘", "─", "│", "```",
};
static const Glyphs ascii_glyphs = {
	{ "*", "-", "+" }, "| ", "=", "-", "-",
	"+", "+", "+", "+", "+", "+", "+", "+", "+", "-", "|", "```",
};

/* ---- lines --------------------------------------------------------------------------- */

static void
span_clear(gpointer p)
{
	g_free(((RenderSpan *)p)->text);
}

RenderLine *
render_line_new(void)
{
	RenderLine *l = g_new0(RenderLine, 1);
	l->spans = g_array_new(FALSE, FALSE, sizeof(RenderSpan));
	g_array_set_clear_func(l->spans, span_clear);
	return l;
}

void
render_line_free(RenderLine *line)
{
	if (line == NULL)
		return;
	g_array_unref(line->spans);
	g_free(line);
}

GPtrArray *
render_lines_new(void)
{
	return g_ptr_array_new_with_free_func((GDestroyNotify)render_line_free);
}

static void
elems3(guint8 *out, guint8 a, guint8 b, guint8 c)
{
	out[0] = a;
	out[1] = b;
	out[2] = c;
}

/* Append text that is already safe, taking cols columns. */
static void
line_put(RenderLine *l, const char *text, gsize len, int cols, const guint8 *elems)
{
	if (len == 0)
		return;
	if (l->spans->len > 0) {
		RenderSpan *last = &g_array_index(l->spans, RenderSpan, l->spans->len - 1);
		if (memcmp(last->elems, elems, RENDER_STACK) == 0) {
			size_t old = strlen(last->text);
			last->text = g_realloc(last->text, old + len + 1);
			memcpy(last->text + old, text, len);
			last->text[old + len] = '\0';
			last->cols += cols;
			l->cols += cols;
			return;
		}
	}
	RenderSpan s = { g_strndup(text, len), cols, { 0 } };
	memcpy(s.elems, elems, RENDER_STACK);
	g_array_append_val(l->spans, s);
	l->cols += cols;
}

void
render_line_append(RenderLine *line, const char *text, gssize len, const guint8 *elems)
{
	bool code = (line->flags & RENDER_LINE_CODE) != 0;
	g_autofree char *safe = textwidth_sanitize(text, len, code);
	int col = line->cols;
	for (const char *p = safe; *p; p = g_utf8_next_char(p))
		col = textwidth_advance(col, g_utf8_get_char(p));
	line_put(line, safe, strlen(safe), col - line->cols, elems);
}

char *
render_line_text(const RenderLine *line)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < line->spans->len; i++)
		g_string_append(s, g_array_index(line->spans, RenderSpan, i).text);
	return g_string_free(s, FALSE);
}

int
render_line_rows(const RenderLine *line, int cols)
{
	g_autofree char *text = render_line_text(line);
	return textwidth_rows(text, -1, cols);
}

static RenderLine *
line_with(const char *text, guint8 elem)
{
	RenderLine *l = render_line_new();
	guint8 e[RENDER_STACK];
	elems3(e, elem, ELEM__COUNT, ELEM__COUNT);
	render_line_append(l, text, -1, e);
	return l;
}

/* ---- paragraphs: clusters and wrapping ------------------------------------------------ */

enum { CL_CHAR, CL_SPACE, CL_BREAK };

typedef struct {
	guint off, len;
	guint8 cols, kind, brk, style;
} Cluster;

typedef struct {
	GString *text;
	GArray *clusters;     /* Cluster */
	GArray *styles;       /* guint8[RENDER_STACK] */
	bool joined;          /* the last character was a zero-width joiner */
	bool open_punct;      /* the last character was opening punctuation */
} Para;

static void
para_init(Para *p)
{
	p->text = g_string_new(NULL);
	p->clusters = g_array_new(FALSE, FALSE, sizeof(Cluster));
	p->styles = g_array_new(FALSE, FALSE, RENDER_STACK);
	p->joined = false;
	p->open_punct = false;
}

static void
para_clear(Para *p)
{
	g_string_free(p->text, TRUE);
	g_array_unref(p->clusters);
	g_array_unref(p->styles);
}

static guint8
para_style(Para *p, const guint8 *elems)
{
	guint n = p->styles->len;
	if (n > 0 && memcmp(p->styles->data + (n - 1) * RENDER_STACK, elems, RENDER_STACK) == 0)
		return (guint8)(n - 1);
	for (guint i = 0; i < n; i++)
		if (memcmp(p->styles->data + i * RENDER_STACK, elems, RENDER_STACK) == 0)
			return (guint8)i;
	if (n >= 255) /* a pathological mix of styles: reuse the last one */
		return (guint8)(n - 1);
	g_array_append_vals(p->styles, elems, 1);
	return (guint8)n;
}

static bool
no_break_before(gunichar c)
{
	switch (g_unichar_break_type(c)) {
	case G_UNICODE_BREAK_CLOSE_PUNCTUATION:
	case G_UNICODE_BREAK_CLOSE_PARANTHESIS:
	case G_UNICODE_BREAK_NON_STARTER:
	case G_UNICODE_BREAK_EXCLAMATION:
	case G_UNICODE_BREAK_INFIX_SEPARATOR:
		return true;
	default:
		return false;
	}
}

static void
para_char(Para *p, const char *ch, gsize len, gunichar c, guint8 style)
{
	Cluster *prev = p->clusters->len ? &g_array_index(p->clusters, Cluster, p->clusters->len - 1)
					 : NULL;
	int w = textwidth_char(c);
	bool attach = prev != NULL && prev->kind == CL_CHAR && (w == 0 || p->joined);
	guint off = (guint)p->text->len;
	g_string_append_len(p->text, ch, (gssize)len);
	p->joined = c == 0x200d;
	if (attach) {
		prev->len += (guint)len;
		prev->cols = (guint8)MIN(prev->cols + w, 255);
		return;
	}
	Cluster cl = { off, (guint)len, (guint8)w, c == ' ' ? CL_SPACE : CL_CHAR, 0, style };
	/* Lines may break before and after a wide character (CJK text has no spaces), but
	 * not before closing punctuation or after opening punctuation. */
	cl.brk = cl.kind == CL_CHAR && (w == 2 || (prev != NULL && prev->kind == CL_CHAR &&
						   prev->cols == 2)) &&
		 !no_break_before(c) && !(prev != NULL && p->open_punct);
	p->open_punct = g_unichar_break_type(c) == G_UNICODE_BREAK_OPEN_PUNCTUATION;
	g_array_append_val(p->clusters, cl);
}

static void
para_add(Para *p, const char *text, gssize len, const guint8 *elems)
{
	/* Prose has no line ends of its own (inline HTML may span lines). */
	g_autofree char *flat = len < 0 ? g_strdup(text) : g_strndup(text, (gsize)len);
	for (char *q = flat; *q; q++)
		if (*q == '\n' || *q == '\r')
			*q = ' ';
	g_autofree char *safe = textwidth_sanitize(flat, -1, false);
	guint8 style = para_style(p, elems);
	for (const char *q = safe; *q; q = g_utf8_next_char(q))
		para_char(p, q, (gsize)(g_utf8_next_char(q) - q), g_utf8_get_char(q), style);
}

static void
para_break(Para *p)
{
	Cluster cl = { (guint)p->text->len, 0, 0, CL_BREAK, 0, 0 };
	g_array_append_val(p->clusters, cl);
	p->joined = false;
}

static void
put_cluster(RenderLine *l, const Para *p, const Cluster *cl)
{
	line_put(l, p->text->str + cl->off, cl->len, cl->cols,
		 (const guint8 *)p->styles->data + cl->style * RENDER_STACK);
}

static guint
word_end(const Cluster *c, guint i, guint n)
{
	guint k = i + 1;
	while (k < n && c[k].kind == CL_CHAR && !c[k].brk)
		k++;
	return k;
}

static int
span_cols(const Cluster *c, guint from, guint to)
{
	int w = 0;
	for (guint i = from; i < to; i++)
		w += c[i].cols;
	return w;
}

typedef struct {
	GPtrArray *out;
	RenderLine *line;
	int w;
} Fill;

static void
fill_push(Fill *f)
{
	g_ptr_array_add(f->out, f->line);
	f->line = render_line_new();
	f->w = 0;
}

static void
fill_range(Fill *f, const Para *p, guint from, guint to)
{
	const Cluster *c = (const Cluster *)(void *)p->clusters->data;
	for (guint i = from; i < to; i++)
		put_cluster(f->line, p, &c[i]);
	f->w += span_cols(c, from, to);
}

/* Where to cut a word too long for a line that would otherwise be cut before j: after
 * punctuation that separates the parts of addresses and paths, if one is in the second half
 * of the piece. */
static guint
soft_break(const Para *p, guint i, guint j)
{
	const Cluster *c = (const Cluster *)(void *)p->clusters->data;
	for (guint m = j; m > i + (j - i) / 2 && m > i + 1; m--) {
		const Cluster *prev = &c[m - 1];
		if (prev->len == 1 && strchr("/-?&=.,_:;", p->text->str[prev->off]) != NULL)
			return m;
	}
	return j;
}

/* One word that starts at i on the current line, split across lines if it alone is wider
 * than the width.  Returns the index after it. */
static guint
fill_word(Fill *f, const Para *p, guint i, int width)
{
	const Cluster *c = (const Cluster *)(void *)p->clusters->data;
	guint k = word_end(c, i, p->clusters->len);
	int ww = span_cols(c, i, k);
	if (f->w + ww <= width) {
		fill_range(f, p, i, k);
		return k;
	}
	if (f->w > 0)
		fill_push(f);
	while (i < k) {
		guint j = i;
		int acc = 0;
		while (j < k && acc + c[j].cols <= width) {
			acc += c[j].cols;
			j++;
		}
		if (j == i) /* one character wider than the line */
			j = i + 1;
		else if (j < k)
			j = soft_break(p, i, j);
		fill_range(f, p, i, j);
		i = j;
		if (i < k)
			fill_push(f);
	}
	return k;
}

/* Greedy line filling; appends whole lines (without markers) to out. */
static void
para_wrap(const Para *p, int width, GPtrArray *out)
{
	const Cluster *c = (const Cluster *)(void *)p->clusters->data;
	guint n = p->clusters->len;
	Fill f = { out, render_line_new(), 0 };
	width = MAX(width, 1);
	for (guint i = 0; i < n;) {
		if (c[i].kind == CL_BREAK) {
			fill_push(&f);
			i++;
		} else if (c[i].kind == CL_SPACE) {
			guint j = i;
			while (j < n && c[j].kind == CL_SPACE)
				j++;
			if (f.w == 0 || j >= n || c[j].kind == CL_BREAK) {
				i = j; /* spaces at the start or end of a line vanish */
				continue;
			}
			guint k = word_end(c, j, n);
			if (f.w + span_cols(c, i, k) <= width)
				fill_range(&f, p, i, j);
			else
				fill_push(&f);
			i = j;
		} else {
			i = fill_word(&f, p, i, width);
		}
	}
	if (f.line->spans->len > 0)
		g_ptr_array_add(out, f.line);
	else
		render_line_free(f.line);
}

/* Widest word (what a column should not be narrower than), and widest line if it were not
 * wrapped. */
static int
para_widest_word(const Para *p)
{
	const Cluster *c = (const Cluster *)(void *)p->clusters->data;
	int best = 0, w = 0;
	for (guint i = 0; i < p->clusters->len; i++) {
		if (c[i].kind != CL_CHAR || c[i].brk)
			w = 0;
		if (c[i].kind == CL_CHAR)
			w += c[i].cols;
		best = MAX(best, w);
	}
	return best;
}

static int
para_natural(const Para *p)
{
	const Cluster *c = (const Cluster *)(void *)p->clusters->data;
	int best = 0, w = 0;
	for (guint i = 0; i < p->clusters->len; i++) {
		w = c[i].kind == CL_BREAK ? 0 : w + c[i].cols;
		best = MAX(best, w);
	}
	return best;
}

/* ---- the layout context ------------------------------------------------------------- */

typedef struct {
	RenderLine *first, *rest;
	bool used;
} Level;

typedef struct {
	const RenderOptions *o;
	const Glyphs *g;
	GPtrArray *out;
	GArray *levels;   /* Level, outermost first */
	guint8 base;      /* element of plain text here (text, quote) */
	int depth;        /* block nesting */
	int list_depth;
	bool pending_blank;
} Ctx;

static int
levels_width(const Ctx *c)
{
	int w = 0;
	for (guint i = 0; i < c->levels->len; i++)
		w += g_array_index(c->levels, Level, i).rest->cols;
	return w;
}

static int
avail(const Ctx *c)
{
	return MAX(c->o->width - levels_width(c), 1);
}

static void
append_line(RenderLine *dst, const RenderLine *src)
{
	for (guint i = 0; i < src->spans->len; i++) {
		const RenderSpan *s = &g_array_index(src->spans, RenderSpan, i);
		line_put(dst, s->text, strlen(s->text), s->cols, s->elems);
	}
}

static void
rtrim_line(RenderLine *l)
{
	while (l->spans->len > 0) {
		RenderSpan *s = &g_array_index(l->spans, RenderSpan, l->spans->len - 1);
		size_t n = strlen(s->text);
		while (n > 0 && s->text[n - 1] == ' ') {
			s->text[--n] = '\0';
			s->cols--;
			l->cols--;
		}
		if (n > 0)
			return;
		g_array_set_size(l->spans, l->spans->len - 1);
	}
}

static void
emit_blank(Ctx *c)
{
	RenderLine *l = render_line_new();
	for (guint i = 0; i < c->levels->len; i++)
		append_line(l, g_array_index(c->levels, Level, i).rest);
	rtrim_line(l);
	g_ptr_array_add(c->out, l);
}

/* Add markers to a line of content and output it (takes ownership). */
static void
emit(Ctx *c, RenderLine *content)
{
	if (c->pending_blank) {
		c->pending_blank = false;
		emit_blank(c);
	}
	RenderLine *l = render_line_new();
	l->flags = content->flags;
	for (guint i = 0; i < c->levels->len; i++) {
		Level *lv = &g_array_index(c->levels, Level, i);
		append_line(l, lv->used ? lv->rest : lv->first);
		lv->used = true;
	}
	bool empty = content->spans->len == 0;
	append_line(l, content);
	render_line_free(content);
	if (empty) /* a bare bullet or quote bar: no trailing spaces */
		rtrim_line(l);
	g_ptr_array_add(c->out, l);
}

/* Code lines take no markers: what is copied from the terminal is the code itself. */
static void
emit_code(Ctx *c, RenderLine *line)
{
	if (c->pending_blank) {
		c->pending_blank = false;
		emit_blank(c);
	}
	g_ptr_array_add(c->out, line);
}

static void
emit_para(Ctx *c, const Para *p, int width)
{
	g_autoptr(GPtrArray) lines = g_ptr_array_new();
	para_wrap(p, width, lines);
	for (guint i = 0; i < lines->len; i++)
		emit(c, lines->pdata[i]);
}

/* A blank line before a quote or list item belongs outside it. */
static void
push_level(Ctx *c, RenderLine *first, RenderLine *rest)
{
	if (c->pending_blank) {
		c->pending_blank = false;
		emit_blank(c);
	}
	/* Absurdly deep nesting would leave no room for text: past half the width, levels
	 * still nest but no longer indent. */
	if (levels_width(c) + rest->cols > c->o->width / 2) {
		render_line_free(first);
		render_line_free(rest);
		first = render_line_new();
		rest = render_line_new();
	}
	Level lv = { first, rest, false };
	g_array_append_val(c->levels, lv);
}

static void
pop_level(Ctx *c)
{
	Level *lv = &g_array_index(c->levels, Level, c->levels->len - 1);
	render_line_free(lv->first);
	render_line_free(lv->rest);
	g_array_set_size(c->levels, c->levels->len - 1);
}

/* ---- inline content ----------------------------------------------------------------- */

static bool
is_type(cmark_node *n, const char *name)
{
	return g_strcmp0(cmark_node_get_type_string(n), name) == 0;
}

typedef struct {
	Para *p;
	const RenderOptions *o;
	guint8 base;
	guint8 stack[MAX_INLINE];
	int depth;
	guint link_start[MAX_INLINE]; /* text offset where each open link began */
} Inl;

static void
inl_elems(const Inl *in, guint8 *e)
{
	int d = MIN(in->depth, MAX_INLINE);
	if (d == 0)
		elems3(e, in->base, ELEM__COUNT, ELEM__COUNT);
	else if (d == 1)
		elems3(e, in->stack[0], in->base, ELEM__COUNT);
	else
		elems3(e, in->stack[d - 1], in->stack[d - 2], in->base);
}

static void
inl_text(Inl *in, const char *text)
{
	guint8 e[RENDER_STACK];
	inl_elems(in, e);
	para_add(in->p, text, -1, e);
}

static void
inl_push(Inl *in, guint8 elem)
{
	if (in->depth < MAX_INLINE) {
		in->stack[in->depth] = elem;
		in->link_start[in->depth] = (guint)in->p->text->len;
	}
	in->depth++;
}

static void
inl_pop(Inl *in)
{
	if (in->depth > 0)
		in->depth--;
}

static bool
is_br(const char *html)
{
	static const char *const brs[] = { "<br>", "<br/>", "<br />", NULL };
	for (int i = 0; brs[i]; i++)
		if (g_ascii_strcasecmp(html, brs[i]) == 0)
			return true;
	return false;
}

/* Show the address after a link unless the text already is the address. */
static void
link_url(Inl *in, cmark_node *n)
{
	const char *url = cmark_node_get_url(n);
	if (url == NULL || *url == '\0')
		return;
	guint start = in->depth < MAX_INLINE ? in->link_start[in->depth] : in->p->text->len;
	g_autofree char *text = g_strndup(in->p->text->str + start, in->p->text->len - start);
	static const char *const schemes[] = { "", "mailto:", "http://", "https://", NULL };
	for (int i = 0; schemes[i]; i++) {
		g_autofree char *full = g_strconcat(schemes[i], text, NULL);
		if (strcmp(full, url) == 0)
			return;
	}
	guint8 e[RENDER_STACK];
	elems3(e, ELEM_URL, in->base, ELEM__COUNT);
	para_add(in->p, " (", 2, e);
	para_add(in->p, url, -1, e);
	para_add(in->p, ")", 1, e);
}

static void
inl_marker(Inl *in, const char *m)
{
	if (in->o->markers)
		inl_text(in, m);
}

static void
inl_enter(Inl *in, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
		inl_text(in, lit ? lit : "");
		break;
	case CMARK_NODE_SOFTBREAK:
		inl_text(in, " ");
		break;
	case CMARK_NODE_LINEBREAK:
		para_break(in->p);
		break;
	case CMARK_NODE_CODE:
		inl_push(in, ELEM_CODE_INLINE);
		inl_marker(in, "`");
		inl_text(in, lit ? lit : "");
		inl_marker(in, "`");
		inl_pop(in);
		break;
	case CMARK_NODE_HTML_INLINE:
		if (lit != NULL && is_br(lit)) {
			para_break(in->p);
			break;
		}
		inl_push(in, ELEM_HTML);
		inl_text(in, lit ? lit : "");
		inl_pop(in);
		break;
	case CMARK_NODE_EMPH:
		inl_push(in, ELEM_EMPHASIS);
		break;
	case CMARK_NODE_STRONG:
		inl_push(in, ELEM_STRONG);
		break;
	case CMARK_NODE_LINK:
		inl_push(in, ELEM_LINK);
		break;
	case CMARK_NODE_IMAGE:
		inl_push(in, ELEM_LINK);
		inl_text(in, "[image: ");
		break;
	default:
		if (is_type(n, "strikethrough")) {
			inl_push(in, ELEM_STRIKETHROUGH);
			inl_marker(in, "~~");
		} else if (lit != NULL) {
			inl_text(in, lit);
		}
		break;
	}
}

static void
inl_exit(Inl *in, cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_EMPH:
	case CMARK_NODE_STRONG:
		inl_pop(in);
		break;
	case CMARK_NODE_LINK:
		inl_pop(in);
		link_url(in, n);
		break;
	case CMARK_NODE_IMAGE:
		inl_text(in, "]");
		inl_pop(in);
		link_url(in, n);
		break;
	default:
		if (is_type(n, "strikethrough")) {
			inl_marker(in, "~~");
			inl_pop(in);
		}
		break;
	}
}

/* Flatten the inline content of n into p; an iterator rather than recursion, so that
 * deeply nested emphasis cannot exhaust the stack. */
static void
collect_inlines(Para *p, cmark_node *n, guint8 base, const RenderOptions *o)
{
	Inl in = { .p = p, .o = o, .base = base };
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *cur = cmark_iter_get_node(it);
		if (cur == n)
			continue;
		if (ev == CMARK_EVENT_ENTER)
			inl_enter(&in, cur);
		else if (ev == CMARK_EVENT_EXIT)
			inl_exit(&in, cur);
	}
	cmark_iter_free(it);
}

/* Every piece of text below n as one paragraph (for blocks nested too deeply). */
static void
collect_flat(Para *p, cmark_node *n, guint8 base)
{
	guint8 e[RENDER_STACK];
	elems3(e, base, ELEM__COUNT, ELEM__COUNT);
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		const char *lit = cmark_node_get_literal(cmark_iter_get_node(it));
		if (lit != NULL && *lit) {
			if (p->clusters->len > 0)
				para_add(p, " ", 1, e);
			para_add(p, lit, -1, e);
		}
	}
	cmark_iter_free(it);
}

/* ---- code blocks -------------------------------------------------------------------- */

char *
render_code_lang(const char *info)
{
	if (info == NULL)
		return g_strdup("");
	while (*info == ' ' || *info == '\t')
		info++;
	size_t n = strcspn(info, " \t\r\n{");
	g_autofree char *word = g_strndup(info, MIN(n, 40));
	char *safe = textwidth_sanitize(word, -1, false);
	/* A cut may have split a character: keep whole ones only. */
	const char *end;
	if (!g_utf8_validate(safe, -1, &end))
		safe[end - safe] = '\0';
	return safe;
}

static RenderLine *
code_open_line(const char *lang, const RenderOptions *o)
{
	const Glyphs *g = o->ascii ? &ascii_glyphs : &utf8_glyphs;
	g_autofree char *text = g_strconcat(g->fence, lang ? lang : "", NULL);
	return line_with(text, ELEM_CODE_FENCE);
}

static RenderLine *
code_close_line(const RenderOptions *o)
{
	return line_with((o->ascii ? &ascii_glyphs : &utf8_glyphs)->fence, ELEM_CODE_FENCE);
}

void
render_code_open(const char *lang, const RenderOptions *o, GPtrArray *out)
{
	g_ptr_array_add(out, code_open_line(lang, o));
}

void
render_code_close(const RenderOptions *o, GPtrArray *out)
{
	g_ptr_array_add(out, code_close_line(o));
}

/* The element of every byte of code, from the highlighter's ranges. */
static guint8 *
highlight_map(const char *lang, const char *code, size_t len, const RenderOptions *o)
{
	if (o->highlight == NULL || len == 0)
		return NULL;
	guint8 *map = g_malloc(len);
	memset(map, ELEM_CODE_BLOCK, len);
	g_autoptr(GArray) ranges = g_array_new(FALSE, FALSE, sizeof(RenderHighlight));
	o->highlight(lang ? lang : "", code, len, ranges, o->highlight_data);
	for (guint i = 0; i < ranges->len; i++) {
		RenderHighlight h = g_array_index(ranges, RenderHighlight, i);
		if (h.elem >= ELEM__COUNT || h.start >= len)
			continue;
		size_t end = h.len > len - h.start ? len : (size_t)h.start + h.len;
		memset(map + h.start, h.elem, end - h.start);
	}
	return map;
}

static void
code_line(const char *code, size_t from, size_t to, const guint8 *map, GPtrArray *out)
{
	RenderLine *l = render_line_new();
	l->flags = RENDER_LINE_CODE;
	guint8 e[RENDER_STACK];
	size_t run = from;
	/* Runs of one element, cut only where a character starts. */
	for (size_t i = from; i < to;) {
		size_t next = MIN((size_t)(g_utf8_next_char(code + i) - code), to);
		if (map != NULL && next < to && map[next] != map[run]) {
			elems3(e, map[run], ELEM_CODE_BLOCK, ELEM__COUNT);
			render_line_append(l, code + run, (gssize)(next - run), e);
			run = next;
		}
		i = next;
	}
	if (to > run) {
		elems3(e, map ? map[run] : ELEM_CODE_BLOCK, ELEM_CODE_BLOCK, ELEM__COUNT);
		render_line_append(l, code + run, (gssize)(to - run), e);
	}
	g_ptr_array_add(out, l);
}

void
render_code_text(const char *lang, const char *code, size_t len, const RenderOptions *o,
		 GPtrArray *out)
{
	render_code_text_from(lang, code, len, 0, o, out);
}

void
render_code_text_from(const char *lang, const char *code, size_t len, size_t from,
		      const RenderOptions *o, GPtrArray *out)
{
	/* Each side is made valid on its own so that from still starts the same line. */
	from = MIN(from, len);
	g_autofree char *head = g_utf8_make_valid(code, (gssize)from);
	g_autofree char *tail = g_utf8_make_valid(code + from, (gssize)(len - from));
	g_autofree char *valid = g_strconcat(head, tail, NULL);
	len = strlen(valid);
	g_autofree guint8 *map = highlight_map(lang, valid, len, o);
	size_t start = strlen(head);
	while (start < len) {
		const char *nl = memchr(valid + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - valid) : len;
		code_line(valid, start, end, map, out);
		start = end + 1;
	}
}

/* ---- blocks ------------------------------------------------------------------------- */

static void block(Ctx *c, cmark_node *n);

static void
children(Ctx *c, cmark_node *n, bool blank_between)
{
	bool any = false;
	for (cmark_node *ch = cmark_node_first_child(n); ch; ch = cmark_node_next(ch)) {
		guint before = c->out->len;
		if (any && blank_between)
			c->pending_blank = true;
		block(c, ch);
		any = any || c->out->len > before;
	}
	c->pending_blank = false;
}

static void
paragraph(Ctx *c, cmark_node *n)
{
	Para p;
	para_init(&p);
	collect_inlines(&p, n, c->base, c->o);
	emit_para(c, &p, avail(c));
	para_clear(&p);
}

static void
heading(Ctx *c, cmark_node *n)
{
	int level = CLAMP(cmark_node_get_heading_level(n), 1, 6);
	guint8 elem = level == 1 ? ELEM_HEADING1 : level == 2 ? ELEM_HEADING2 : ELEM_HEADING3;
	Para p;
	para_init(&p);
	if (c->o->markers && level >= 3) {
		guint8 e[RENDER_STACK];
		elems3(e, elem, ELEM__COUNT, ELEM__COUNT);
		g_autofree char *hashes = g_strnfill((gsize)level, '#');
		para_add(&p, hashes, -1, e);
		para_add(&p, " ", 1, e);
	}
	collect_inlines(&p, n, elem, c->o);
	int width = avail(c);
	g_autoptr(GPtrArray) lines = g_ptr_array_new();
	para_wrap(&p, width, lines);
	para_clear(&p);
	int under = 0;
	for (guint i = 0; i < lines->len; i++) {
		under = MAX(under, ((RenderLine *)lines->pdata[i])->cols);
		emit(c, lines->pdata[i]);
	}
	if (level > 2 || lines->len == 0)
		return;
	GString *u = g_string_new(NULL);
	for (int i = 0; i < MIN(under, width); i++)
		g_string_append(u, level == 1 ? c->g->h1 : c->g->h2);
	emit(c, line_with(u->str, elem));
	g_string_free(u, TRUE);
}

static void
thematic_break(Ctx *c)
{
	GString *u = g_string_new(NULL);
	for (int i = 0; i < avail(c); i++)
		g_string_append(u, c->g->rule);
	emit(c, line_with(u->str, ELEM_RULE));
	g_string_free(u, TRUE);
}

static void
block_quote(Ctx *c, cmark_node *n)
{
	guint8 saved = c->base;
	push_level(c, line_with(c->g->quote, ELEM_QUOTE), line_with(c->g->quote, ELEM_QUOTE));
	c->base = ELEM_QUOTE;
	guint before = c->out->len;
	children(c, n, true);
	if (c->out->len == before) /* an empty quote still shows its bar */
		emit(c, render_line_new());
	c->base = saved;
	pop_level(c);
}

static void
code_block(Ctx *c, cmark_node *n)
{
	int len, off;
	char fence;
	bool fenced = cmark_node_get_fenced(n, &len, &off, &fence) != 0;
	g_autofree char *lang = render_code_lang(fenced ? cmark_node_get_fence_info(n) : "");
	const char *lit = cmark_node_get_literal(n);
	emit(c, code_open_line(lang, c->o));
	g_autoptr(GPtrArray) lines = g_ptr_array_new();
	render_code_text(lang, lit ? lit : "", lit ? strlen(lit) : 0, c->o, lines);
	for (guint i = 0; i < lines->len; i++)
		emit_code(c, lines->pdata[i]);
	emit(c, code_close_line(c->o));
}

static void
html_block(Ctx *c, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);
	if (lit == NULL)
		return;
	Para p;
	para_init(&p);
	guint8 e[RENDER_STACK];
	elems3(e, ELEM_HTML, c->base, ELEM__COUNT);
	g_auto(GStrv) lines = g_strsplit(lit, "\n", -1);
	for (int i = 0; lines[i] != NULL; i++) {
		if (lines[i + 1] == NULL && *lines[i] == '\0')
			break;
		if (i > 0)
			para_break(&p);
		para_add(&p, lines[i], -1, e);
	}
	emit_para(c, &p, avail(c));
	para_clear(&p);
}

/* Item markers: "• ", " 9. " ... "10. ", with "[x] " after it for task items. */
static void
item(Ctx *c, cmark_node *list, cmark_node *it, int number, int numw, bool tight)
{
	RenderLine *first = render_line_new(), *rest = render_line_new();
	guint8 e[RENDER_STACK];
	elems3(e, ELEM_LIST_BULLET, ELEM__COUNT, ELEM__COUNT);
	g_autofree char *mark = NULL;
	if (cmark_node_get_list_type(list) == CMARK_ORDERED_LIST)
		mark = g_strdup_printf("%*d%c ", numw, number,
				       cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM ? ')' : '.');
	else
		mark = g_strconcat(c->g->bullets[(c->list_depth - 1) % 3], " ", NULL);
	render_line_append(first, mark, -1, e);
	if (is_type(it, "tasklist")) {
		bool done = cmark_gfm_extensions_get_tasklist_item_checked(it);
		elems3(e, done ? ELEM_TASK_DONE : ELEM_TASK_OPEN, ELEM__COUNT, ELEM__COUNT);
		render_line_append(first, done ? "[x]" : "[ ]", -1, e);
		elems3(e, ELEM_TEXT, ELEM__COUNT, ELEM__COUNT);
		render_line_append(first, " ", -1, e);
	}
	g_autofree char *pad = g_strnfill((gsize)first->cols, ' ');
	elems3(e, ELEM_TEXT, ELEM__COUNT, ELEM__COUNT);
	render_line_append(rest, pad, -1, e);
	push_level(c, first, rest);
	guint before = c->out->len;
	children(c, it, !tight);
	if (c->out->len == before) /* an empty item still shows its bullet */
		emit(c, render_line_new());
	pop_level(c);
}

static void
list(Ctx *c, cmark_node *n)
{
	int start = cmark_node_get_list_start(n), count = 0;
	for (cmark_node *it = cmark_node_first_child(n); it; it = cmark_node_next(it))
		count++;
	g_autofree char *last = g_strdup_printf("%d", start + MAX(count - 1, 0));
	bool tight = cmark_node_get_list_tight(n) != 0;
	int number = start;
	c->list_depth++;
	for (cmark_node *it = cmark_node_first_child(n); it; it = cmark_node_next(it), number++) {
		if (it != cmark_node_first_child(n) && !tight)
			c->pending_blank = true;
		item(c, n, it, number, (int)strlen(last), tight);
	}
	c->pending_blank = false;
	c->list_depth--;
}

/* ---- tables ------------------------------------------------------------------------- */

typedef struct {
	int ncols;
	guint nrows;
	Para *cells;       /* nrows * ncols */
	bool *header;      /* per row */
	char align[MAX_COLUMNS];
} Table;

static Para *
cell(Table *t, guint row, int col)
{
	return &t->cells[row * (guint)t->ncols + (guint)col];
}

static int table_columns(cmark_node *n);

static void
table_collect(Ctx *c, cmark_node *n, Table *t)
{
	t->nrows = 0;
	t->ncols = table_columns(n);
	for (cmark_node *r = cmark_node_first_child(n); r; r = cmark_node_next(r))
		t->nrows++;
	t->cells = g_new0(Para, t->nrows * (guint)t->ncols);
	t->header = g_new0(bool, t->nrows);
	uint8_t *al = cmark_gfm_extensions_get_table_alignments(n);
	int declared = cmark_gfm_extensions_get_table_columns(n);
	for (int j = 0; j < MAX_COLUMNS; j++)
		t->align[j] = al != NULL && j < declared ? (char)al[j] : 'l';
	guint row = 0;
	for (cmark_node *r = cmark_node_first_child(n); r; r = cmark_node_next(r), row++) {
		t->header[row] = is_type(r, "table_header");
		cmark_node *cl = cmark_node_first_child(r);
		for (int j = 0; j < t->ncols; j++) {
			Para *p = cell(t, row, j);
			para_init(p);
			if (cl != NULL) {
				collect_inlines(p, cl, t->header[row] ? ELEM_TABLE_HEADER : c->base, c->o);
				cl = cmark_node_next(cl);
			}
		}
	}
}

static void
table_free(Table *t)
{
	for (guint i = 0; i < t->nrows * (guint)t->ncols; i++)
		para_clear(&t->cells[i]);
	g_free(t->cells);
	g_free(t->header);
}

static int
capped_width(int natural, int floor, int cap)
{
	return MAX(floor, MIN(natural, cap));
}

/* Shrink the widest columns first: the largest cap that fits, then share what is left.
 * Columns keep their widest word when all of them can, so words are not cut. */
static void
fit_columns(const int *natural, const int *word, int n, int space, int *w)
{
	int nat[MAX_COLUMNS], floor[MAX_COLUMNS], total = 0, floors = 0, maxw = 1;
	for (int j = 0; j < n; j++) {
		nat[j] = MAX(natural[j], 1);
		floor[j] = MAX(MIN(word[j], nat[j]), 1);
		total += nat[j];
		floors += floor[j];
		maxw = MAX(maxw, nat[j]);
	}
	if (floors > space)
		for (int j = 0; j < n; j++)
			floor[j] = 1;
	int lo = 1, hi = maxw;
	while (lo < hi) {
		int mid = lo + (hi - lo + 1) / 2, sum = 0;
		for (int j = 0; j < n; j++)
			sum += capped_width(nat[j], floor[j], mid);
		if (sum <= space)
			lo = mid;
		else
			hi = mid - 1;
	}
	int sum = 0;
	for (int j = 0; j < n; j++)
		sum += w[j] = total <= space ? nat[j] : capped_width(nat[j], floor[j], lo);
	for (int j = 0; j < n && sum < space; j++)
		if (nat[j] > w[j]) {
			w[j]++;
			sum++;
		}
}

static RenderLine *
border(Ctx *c, const int *w, int n, const char *l, const char *m, const char *r)
{
	GString *s = g_string_new(l);
	for (int j = 0; j < n; j++) {
		for (int k = 0; k < w[j] + 2; k++)
			g_string_append(s, c->g->hz);
		g_string_append(s, j + 1 < n ? m : r);
	}
	RenderLine *line = line_with(s->str, ELEM_TABLE_BORDER);
	g_string_free(s, TRUE);
	return line;
}

static void
pad(RenderLine *l, int n)
{
	if (n <= 0)
		return;
	guint8 e[RENDER_STACK];
	elems3(e, ELEM_TEXT, ELEM__COUNT, ELEM__COUNT);
	g_autofree char *sp = g_strnfill((gsize)n, ' ');
	line_put(l, sp, (gsize)n, n, e);
}

static void
table_row(Ctx *c, Table *t, guint row, const int *w)
{
	GPtrArray *lines[MAX_COLUMNS];
	guint height = 1;
	for (int j = 0; j < t->ncols; j++) {
		lines[j] = render_lines_new();
		para_wrap(cell(t, row, j), w[j], lines[j]);
		height = MAX(height, lines[j]->len);
	}
	RenderLine *bar = line_with(c->g->vt, ELEM_TABLE_BORDER);
	for (guint k = 0; k < height; k++) {
		RenderLine *l = render_line_new();
		for (int j = 0; j < t->ncols; j++) {
			append_line(l, bar);
			pad(l, 1);
			RenderLine *src = k < lines[j]->len ? lines[j]->pdata[k] : NULL;
			int used = src ? src->cols : 0, gap = MAX(w[j] - used, 0);
			int left = t->align[j] == 'r' ? gap : t->align[j] == 'c' ? gap / 2 : 0;
			pad(l, left);
			if (src != NULL)
				append_line(l, src);
			pad(l, gap - left + 1);
		}
		append_line(l, bar);
		emit(c, l);
	}
	render_line_free(bar);
	for (int j = 0; j < t->ncols; j++)
		g_ptr_array_unref(lines[j]);
}

/* Too narrow for a grid: each row becomes "header: value" lines. */
static void
table_records(Ctx *c, cmark_node *n)
{
	cmark_node *head = cmark_node_first_child(n);
	bool first = true;
	for (cmark_node *r = head; r; r = cmark_node_next(r)) {
		if (r == head && cmark_node_next(r) != NULL)
			continue;
		if (!first)
			c->pending_blank = true;
		first = false;
		cmark_node *hc = r == head ? NULL : cmark_node_first_child(head);
		for (cmark_node *cl = cmark_node_first_child(r); cl; cl = cmark_node_next(cl)) {
			Para p;
			para_init(&p);
			if (hc != NULL) {
				guint8 e[RENDER_STACK];
				collect_inlines(&p, hc, ELEM_TABLE_HEADER, c->o);
				elems3(e, ELEM_TABLE_HEADER, ELEM__COUNT, ELEM__COUNT);
				para_add(&p, ": ", 2, e);
				hc = cmark_node_next(hc);
			}
			collect_inlines(&p, cl, r == head ? ELEM_TABLE_HEADER : c->base, c->o);
			emit_para(c, &p, avail(c));
			para_clear(&p);
		}
	}
	c->pending_blank = false;
}

static int
table_columns(cmark_node *n)
{
	int ncols = 1;
	for (cmark_node *r = cmark_node_first_child(n); r; r = cmark_node_next(r)) {
		int k = 0;
		for (cmark_node *cl = cmark_node_first_child(r); cl; cl = cmark_node_next(cl))
			k++;
		ncols = MAX(ncols, k);
	}
	return ncols;
}

static void
table(Ctx *c, cmark_node *n)
{
	int ncols = table_columns(n);
	int space = avail(c) - (3 * ncols + 1);
	if (ncols > MAX_COLUMNS || space < 3 * ncols) {
		table_records(c, n);
		return;
	}
	Table t;
	table_collect(c, n, &t);
	int natural[MAX_COLUMNS] = { 0 }, word[MAX_COLUMNS] = { 0 }, w[MAX_COLUMNS];
	for (guint i = 0; i < t.nrows; i++)
		for (int j = 0; j < t.ncols; j++) {
			natural[j] = MAX(natural[j], para_natural(cell(&t, i, j)));
			word[j] = MAX(word[j], para_widest_word(cell(&t, i, j)));
		}
	fit_columns(natural, word, t.ncols, space, w);
	emit(c, border(c, w, t.ncols, c->g->tl, c->g->tm, c->g->tr));
	for (guint i = 0; i < t.nrows; i++) {
		table_row(c, &t, i, w);
		if (t.header[i] && i + 1 < t.nrows)
			emit(c, border(c, w, t.ncols, c->g->ml, c->g->mm, c->g->mr));
	}
	emit(c, border(c, w, t.ncols, c->g->bl, c->g->bm, c->g->br));
	table_free(&t);
}

/* ---- dispatch ----------------------------------------------------------------------- */

static void
flattened(Ctx *c, cmark_node *n)
{
	Para p;
	para_init(&p);
	collect_flat(&p, n, c->base);
	emit_para(c, &p, avail(c));
	para_clear(&p);
}

static void
block(Ctx *c, cmark_node *n)
{
	if (c->depth >= MAX_NEST) {
		flattened(c, n);
		return;
	}
	c->depth++;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH: paragraph(c, n); break;
	case CMARK_NODE_HEADING: heading(c, n); break;
	case CMARK_NODE_THEMATIC_BREAK: thematic_break(c); break;
	case CMARK_NODE_BLOCK_QUOTE: block_quote(c, n); break;
	case CMARK_NODE_LIST: list(c, n); break;
	case CMARK_NODE_CODE_BLOCK: code_block(c, n); break;
	case CMARK_NODE_HTML_BLOCK: html_block(c, n); break;
	default:
		if (is_type(n, "table"))
			table(c, n);
		else
			children(c, n, true);
		break;
	}
	c->depth--;
}

cmark_node *
render_parse(const char *md, size_t len)
{
	static const char *const exts[] = { "table", "strikethrough", "autolink", "tasklist" };
	cmark_gfm_core_extensions_ensure_registered();
	cmark_parser *parser = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
	for (size_t i = 0; i < G_N_ELEMENTS(exts); i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
		if (e != NULL)
			cmark_parser_attach_syntax_extension(parser, e);
	}
	cmark_parser_feed(parser, md, len);
	cmark_node *doc = cmark_parser_finish(parser);
	cmark_parser_free(parser);
	return doc;
}

void
render_blocks(const char *md, size_t len, const RenderOptions *o, GPtrArray *out)
{
	cmark_node *doc = render_parse(md, len);
	Ctx c = {
		.o = o,
		.g = o->ascii ? &ascii_glyphs : &utf8_glyphs,
		.out = out,
		.levels = g_array_new(FALSE, FALSE, sizeof(Level)),
		.base = ELEM_TEXT,
	};
	children(&c, doc, true);
	g_array_unref(c.levels);
	cmark_node_free(doc);
}
