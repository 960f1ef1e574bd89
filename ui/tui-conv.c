/* SPDX-License-Identifier: MIT */
/* The conversation pane: messages laid out incrementally while they stream, and scrolling. */
#include "autoconfig.h"

#include <string.h>

#include "render-highlight.h"
#include "render-stream.h"
#include "textwidth.h"
#include "tui-code.h"
#include "tui-codeact.h"
#include "tui-conv.h"
#include "tui-wrap.h"

/*
 * Streaming without re-doing work: a message's text only grows.  Answers are markdown, laid
 * out by a RenderStream per message: it commits the lines of finished blocks once and offers
 * a preview of the block still being written, which replaces the previous preview.  The
 * stream is fed once per frame (not once per delta) with what arrived since.  The user's
 * text and notices are plain: their lines are slices of the text, and only the lines of the
 * unfinished last line are made again.  A width change lays a message out again from the
 * start, lazily, when it is next drawn.
 *
 * Laid-out lines cost far more memory than the text, so only the answers used most recently
 * keep theirs (LAYOUT_KEEP of them, always more than a screen shows); the others keep their
 * row count, which scrolling needs, and are laid out again when they are drawn.
 *
 * Scrolling keeps an anchor (message, line within it) instead of a global line number, so
 * appending to the last message never moves what the user scrolled to, and nothing has to
 * count every line of a long conversation.  In follow mode the view is drawn bottom-up from
 * the end.
 *
 * Each message shows as a label line (who, which model, flags), its lines and a blank line;
 * notices have no label.
 */

#define LAYOUT_KEEP 64

enum {
	LINE_CODE = 1u << 0,   /* not wrapped; cut at the pane's edge */
	LINE_FENCE = 1u << 1,
};

typedef struct {
	guint32 off, len;
	gint32 cols;
	guint8 elem;
	guint8 flags;
} Line;

typedef struct {
	bool in_fence;
	char fence_ch;
	int fence_len;
} Fence;

typedef struct Conv Conv;

struct TuiMsg {
	Conv *conv;
	TuiMsgRole role;
	GString *text;
	GString *pending;     /* the start of a UTF-8 sequence split across deltas */
	char *model, *from;
	unsigned flags;
	int64_t tokens_in, tokens_out;
	/* layout of plain messages */
	GArray *lines;        /* Line */
	/* layout of answers */
	RenderStream *rs;
	GPtrArray *rcommit;   /* RenderLine *: final */
	GPtrArray *rpreview;  /* RenderLine *: the block being written */
	size_t fed;           /* bytes given to rs */
	bool done;            /* no more text will come */
	GList *lru_link;      /* in Conv.lru while its lines are kept */
	bool evicted;         /* lines dropped; rows_cached still right at rows_width */
	int rows_cached, rows_width;
	int width;
	size_t done_off;      /* text before this is in final lines */
	guint nfinal;
	Fence fence;          /* at done_off */
	size_t laid_len;
	/* code blocks, scanned independently of the width */
	size_t scan_off;
	Fence scan;
	TuiCodeBlock *open_block;
};

struct Conv {
	GPtrArray *msgs;      /* TuiMsg* */
	GPtrArray *blocks;    /* TuiCodeBlock* */
	GQueue lru;           /* answers with lines, most recently laid out first */
	bool follow;
	guint top_msg;
	int top_line;
	int width, height;
};

static Conv *
conv_of(TuiApp *app)
{
	return app->panes[PANE_CONVERSATION].data;
}

/* ---- fences ------------------------------------------------------------------------------ */

/* An opening fence: up to three spaces, then three or more ` or ~. */
static bool
fence_open(const char *s, size_t len, Fence *f, char **lang)
{
	size_t i = 0;
	while (i < len && i < 3 && s[i] == ' ')
		i++;
	if (i >= len || (s[i] != '`' && s[i] != '~'))
		return false;
	char ch = s[i];
	size_t n = 0;
	while (i + n < len && s[i + n] == ch)
		n++;
	if (n < 3)
		return false;
	const char *info = s + i + n, *end = s + len;
	if (ch == '`' && memchr(info, '`', (size_t)(end - info)) != NULL)
		return false;
	f->in_fence = true;
	f->fence_ch = ch;
	f->fence_len = (int)n;
	if (lang != NULL) {
		while (info < end && (*info == ' ' || *info == '\t'))
			info++;
		const char *w = info;
		while (w < end && *w != ' ' && *w != '\t' && *w != '{')
			w++;
		*lang = g_strndup(info, (gsize)(w - info));
	}
	return true;
}

static bool
fence_close(const char *s, size_t len, const Fence *f)
{
	size_t i = 0;
	while (i < len && i < 3 && s[i] == ' ')
		i++;
	size_t n = 0;
	while (i + n < len && s[i + n] == f->fence_ch)
		n++;
	if ((int)n < f->fence_len)
		return false;
	for (size_t j = i + n; j < len; j++)
		if (s[j] != ' ' && s[j] != '\t')
			return false;
	return true;
}

/* ---- messages -------------------------------------------------------------------------- */

static void
msg_free(gpointer p)
{
	TuiMsg *m = p;
	if (m->lru_link != NULL)
		g_queue_delete_link(&m->conv->lru, m->lru_link);
	g_string_free(m->text, TRUE);
	g_string_free(m->pending, TRUE);
	g_free(m->model);
	g_free(m->from);
	g_array_unref(m->lines);
	if (m->rs != NULL)
		render_stream_free(m->rs);
	g_ptr_array_unref(m->rcommit);
	g_ptr_array_unref(m->rpreview);
	g_free(m);
}

static void
block_free(gpointer p)
{
	TuiCodeBlock *b = p;
	g_free(b->lang);
	g_free(b);
}

/* Find code blocks in the complete lines added since the last scan. */
static void
scan_blocks(TuiApp *app, TuiMsg *m, bool final)
{
	Conv *c = conv_of(app);
	const char *s = m->text->str;
	bool changed = false;
	for (;;) {
		const char *nl = memchr(s + m->scan_off, '\n', m->text->len - m->scan_off);
		size_t end = nl ? (size_t)(nl - s) : m->text->len;
		if (nl == NULL && !final)
			break;
		if (m->scan_off >= m->text->len)
			break;
		const char *line = s + m->scan_off;
		size_t len = end - m->scan_off;
		char *lang = NULL;
		if (m->scan.in_fence && fence_close(line, len, &m->scan)) {
			m->scan.in_fence = false;
			m->open_block->end = m->scan_off;
			m->open_block->open = false;
			m->open_block = NULL;
			changed = true;
		} else if (!m->scan.in_fence && fence_open(line, len, &m->scan, &lang)) {
			TuiCodeBlock *b = g_new0(TuiCodeBlock, 1);
			b->msg = m;
			b->start = b->end = MIN(end + 1, m->text->len);
			b->lang = lang;
			b->open = true;
			g_ptr_array_add(c->blocks, b);
			m->open_block = b;
			changed = true;
		}
		m->scan_off = nl ? end + 1 : end;
		if (m->open_block != NULL) {
			m->open_block->end = m->scan_off;
			changed = true;
		}
	}
	if (final && m->open_block != NULL) {
		m->open_block->end = m->text->len;
		m->open_block->open = false;
		m->open_block = NULL;
		changed = true;
	}
	if (changed)
		tui_code_blocks_changed(app);
}

TuiMsg *
tui_conv_add(TuiApp *app, TuiMsgRole role, const char *text, const char *model)
{
	Conv *c = conv_of(app);
	TuiMsg *m = g_new0(TuiMsg, 1);
	m->conv = c;
	m->role = role;
	m->text = g_string_new(NULL);
	m->pending = g_string_new(NULL);
	m->model = g_strdup(model);
	m->lines = g_array_new(FALSE, FALSE, sizeof(Line));
	m->rcommit = render_lines_new();
	m->rpreview = render_lines_new();
	m->done = role != TUI_MSG_ASSISTANT;
	m->width = -1;
	g_ptr_array_add(c->msgs, m);
	if (text != NULL)
		tui_conv_append(app, m, text, strlen(text));
	tui_dirty(app, PANE_CONVERSATION, TUI_REPAINT);
	return m;
}

void
tui_conv_append(TuiApp *app, TuiMsg *m, const char *text, size_t len)
{
	g_string_append_len(m->pending, text, (gssize)len);
	size_t ok = textwidth_complete_prefix(m->pending->str, m->pending->len);
	if (ok == 0)
		return;
	tui_wrap_sanitize(m->text, m->pending->str, ok);
	g_string_erase(m->pending, 0, (gssize)ok);
	if (m->role == TUI_MSG_ASSISTANT)
		scan_blocks(app, m, false);
	tui_dirty(app, PANE_CONVERSATION, TUI_REPAINT);
}

void
tui_conv_finish(TuiApp *app, TuiMsg *m, unsigned flags)
{
	if (m->pending->len > 0) {
		/* A truncated sequence at the very end: show it as a replacement character. */
		tui_wrap_sanitize(m->text, m->pending->str, m->pending->len);
		g_string_truncate(m->pending, 0);
	}
	m->flags = (m->flags & ~TUI_MSG_STREAMING) | flags;
	m->done = true;
	if (m->role == TUI_MSG_ASSISTANT)
		scan_blocks(app, m, true);
	tui_dirty(app, PANE_CONVERSATION, TUI_REPAINT);
}

void
tui_msg_add_flags(TuiApp *app, TuiMsg *m, unsigned flags)
{
	m->flags |= flags;
	tui_dirty(app, PANE_CONVERSATION, TUI_REPAINT);
}

void
tui_msg_set_model(TuiApp *app, TuiMsg *m, const char *model, const char *from)
{
	g_free(m->model);
	m->model = g_strdup(model);
	if (from != NULL && m->from == NULL)
		m->from = g_strdup(from);
	tui_dirty(app, PANE_CONVERSATION, TUI_REPAINT);
}

void
tui_msg_set_usage(TuiApp *app, TuiMsg *m, int64_t in, int64_t out)
{
	m->tokens_in = in;
	m->tokens_out = out;
	tui_dirty(app, PANE_CONVERSATION, TUI_REPAINT);
}

const char *
tui_msg_text(const TuiMsg *m, size_t *len)
{
	if (len != NULL)
		*len = m->text->len;
	return m->text->str;
}

unsigned
tui_msg_flags(const TuiMsg *m)
{
	return m->flags;
}

void
tui_conv_clear(TuiApp *app)
{
	Conv *c = conv_of(app);
	g_ptr_array_set_size(c->blocks, 0);
	g_ptr_array_set_size(c->msgs, 0);
	g_queue_clear(&c->lru);
	c->follow = true;
	c->top_msg = 0;
	c->top_line = 0;
	tui_code_blocks_changed(app);
	tui_dirty(app, PANE_CONVERSATION, TUI_REPAINT);
}

guint
tui_conv_nblocks(TuiApp *app)
{
	return conv_of(app)->blocks->len;
}

const TuiCodeBlock *
tui_conv_block(TuiApp *app, guint i)
{
	Conv *c = conv_of(app);
	return i < c->blocks->len ? c->blocks->pdata[i] : NULL;
}

/* ---- layout -------------------------------------------------------------------------------- */

typedef struct {
	TuiMsg *m;
	size_t base;
	guint8 elem;
} WrapCtx;

static void
push_row(size_t off, size_t len, int cols, void *data)
{
	WrapCtx *w = data;
	Line l = { (guint32)(w->base + off), (guint32)len, cols, w->elem, 0 };
	g_array_append_val(w->m->lines, l);
}

static ThemeElem
prose_elem(const TuiMsg *m, const char *s, size_t len)
{
	if (m->role == TUI_MSG_ERROR)
		return len >= 5 && strncmp(s, "hint:", 5) == 0 ? ELEM_HINT : ELEM_ERROR;
	if (m->role == TUI_MSG_NOTICE)
		return ELEM_INFO;
	size_t h = 0;
	while (h < len && h < 7 && s[h] == '#')
		h++;
	if (h >= 1 && h <= 6 && h < len && s[h] == ' ')
		return h == 1 ? ELEM_HEADING1 : h == 2 ? ELEM_HEADING2 : ELEM_HEADING3;
	if (len > 0 && s[0] == '>')
		return ELEM_QUOTE;
	return m->role == TUI_MSG_USER ? ELEM_USER_MSG : ELEM_ASSISTANT_MSG;
}

/* One logical line (no newline) at off. */
static void
layout_line(TuiMsg *m, size_t off, size_t len, Fence *f, int width)
{
	const char *s = m->text->str + off;
	/* Only answers have code blocks; what the user typed and notices are prose. */
	if (m->role == TUI_MSG_ASSISTANT && f->in_fence) {
		bool close = fence_close(s, len, f);
		Line l = { (guint32)off, (guint32)len, tui_text_cols(s, len),
			   close ? ELEM_CODE_FENCE : ELEM_CODE_BLOCK, close ? LINE_FENCE : LINE_CODE };
		if (close)
			f->in_fence = false;
		g_array_append_val(m->lines, l);
		return;
	}
	if (m->role == TUI_MSG_ASSISTANT && fence_open(s, len, f, NULL)) {
		Line l = { (guint32)off, (guint32)len, tui_text_cols(s, len), ELEM_CODE_FENCE,
			   LINE_FENCE };
		g_array_append_val(m->lines, l);
		return;
	}
	WrapCtx w = { m, off, (guint8)prose_elem(m, s, len) };
	tui_wrap(s, len, width, push_row, &w);
}

static void
plain_layout(TuiMsg *m, int width)
{
	if (m->width == width && m->laid_len == m->text->len)
		return;
	if (m->width != width) {
		g_array_set_size(m->lines, 0);
		m->done_off = 0;
		m->nfinal = 0;
		memset(&m->fence, 0, sizeof m->fence);
		m->width = width;
	}
	g_array_set_size(m->lines, m->nfinal);
	const char *s = m->text->str;
	const char *nl;
	while ((nl = memchr(s + m->done_off, '\n', m->text->len - m->done_off)) != NULL) {
		layout_line(m, m->done_off, (size_t)(nl - s) - m->done_off, &m->fence, width);
		m->done_off = (size_t)(nl - s) + 1;
	}
	m->nfinal = m->lines->len;
	if (m->done_off < m->text->len) {
		Fence tmp = m->fence;
		layout_line(m, m->done_off, m->text->len - m->done_off, &tmp, width);
	}
	m->laid_len = m->text->len;
}

/* Take the lines out of the stream's arrays (it owns the arrays, we keep the lines). */
static void
steal_lines(GPtrArray *to, GPtrArray *from)
{
	for (guint i = 0; i < from->len; i++) {
		g_ptr_array_add(to, from->pdata[i]);
		from->pdata[i] = NULL;
	}
}

static void
on_render(void *data, GPtrArray *commit, GPtrArray *preview)
{
	TuiMsg *m = data;
	steal_lines(m->rcommit, commit);
	if (preview != NULL) {
		g_ptr_array_set_size(m->rpreview, 0);
		steal_lines(m->rpreview, preview);
	}
}

static RenderOptions
render_options(int width)
{
	static int utf8 = -1;
	if (utf8 < 0)
		utf8 = g_get_charset(NULL);
	RenderOptions o = { .width = MAX(width, 1), .ascii = !utf8,
			    .highlight = render_highlight_code };
	return o;
}

static guint content_rows(const TuiMsg *m);
static bool has_label(const TuiMsg *m);

/* Drop the lines of the answers used least recently, keeping their row counts. */
static void
evict(Conv *c)
{
	guint guard = c->lru.length;
	while (c->lru.length > LAYOUT_KEEP && guard-- > 0) {
		TuiMsg *m = g_queue_pop_tail(&c->lru);
		m->lru_link = NULL;
		if (!m->done || m->rs != NULL) { /* still streaming: keep it */
			g_queue_push_head(&c->lru, m);
			m->lru_link = c->lru.head;
			continue;
		}
		m->rows_cached = (has_label(m) ? 1 : 0) + (int)content_rows(m) + 1;
		m->rows_width = m->width;
		m->evicted = true;
		g_ptr_array_set_size(m->rcommit, 0);
		g_ptr_array_set_size(m->rpreview, 0);
		m->width = -1;
	}
}

static void
lru_touch(TuiMsg *m)
{
	Conv *c = m->conv;
	if (m->lru_link != NULL) {
		g_queue_unlink(&c->lru, m->lru_link);
		g_queue_push_head_link(&c->lru, m->lru_link);
		return;
	}
	g_queue_push_head(&c->lru, m);
	m->lru_link = c->lru.head;
	m->evicted = false;
	evict(c);
}

static void
answer_layout(TuiMsg *m, int width)
{
	static const RenderSink sink = { on_render, NULL };
	lru_touch(m);
	if (m->width != width) {
		g_clear_pointer(&m->rs, render_stream_free);
		g_ptr_array_set_size(m->rcommit, 0);
		g_ptr_array_set_size(m->rpreview, 0);
		m->fed = 0;
		m->width = width;
		RenderOptions o = render_options(width);
		if (m->done) {
			render_markdown(m->text->str, m->text->len, &o, m->rcommit);
			m->fed = m->text->len;
			return;
		}
		m->rs = render_stream_new(&o, &sink, m, true, 0);
	}
	if (m->rs == NULL)
		return;
	if (m->fed < m->text->len) {
		render_stream_feed(m->rs, m->text->str + m->fed, m->text->len - m->fed);
		m->fed = m->text->len;
	}
	if (m->done) {
		render_stream_finish(m->rs);
		g_clear_pointer(&m->rs, render_stream_free);
		g_ptr_array_set_size(m->rpreview, 0);
	}
}

static void
msg_layout(TuiMsg *m, int width)
{
	if (m->role == TUI_MSG_ASSISTANT)
		answer_layout(m, width);
	else
		plain_layout(m, width);
}

static guint
content_rows(const TuiMsg *m)
{
	if (m->role == TUI_MSG_ASSISTANT)
		return m->rcommit->len + m->rpreview->len;
	return m->lines->len;
}

static bool
has_label(const TuiMsg *m)
{
	return m->role == TUI_MSG_USER || m->role == TUI_MSG_ASSISTANT;
}

/* Rows the message takes: label, lines, blank. */
static int
msg_rows(TuiMsg *m, int width)
{
	if (m->evicted && m->rows_width == width)
		return m->rows_cached;
	msg_layout(m, width);
	return (has_label(m) ? 1 : 0) + (int)content_rows(m) + 1;
}

/* ---- drawing --------------------------------------------------------------------------------- */

static void
draw_badge(WINDOW *w, ThemeElem e, const char *text)
{
	tui_style(w, ELEM_DIM);
	waddstr(w, " \xc2\xb7 "); /* · */
	tui_style(w, e);
	waddstr(w, text);
}

static void
draw_label(TuiApp *app, WINDOW *w, int y, int x, int width, const TuiMsg *m)
{
	tui_style(w, ELEM_MSG_LABEL);
	const char *who = m->role == TUI_MSG_USER ? "You" : m->model ? m->model : "assistant";
	mvwaddstr(w, y, x, "\xe2\x96\x8d"); /* ▍ */
	tui_draw_text(w, y, x + 1, width - 1, who, strlen(who));
	if (m->flags & TUI_MSG_STREAMING)
		draw_badge(w, ELEM_SPINNER, "answering\xe2\x80\xa6");
	if (m->flags & TUI_MSG_CACHED)
		draw_badge(w, ELEM_BADGE_CACHED, "cached");
	if (m->flags & TUI_MSG_FALLBACK) {
		g_autofree char *fb = g_strdup_printf("fallback from %s", m->from ? m->from : "?");
		draw_badge(w, ELEM_BADGE_FALLBACK, fb);
	}
	if (m->flags & TUI_MSG_CANCELLED)
		draw_badge(w, ELEM_BADGE_CANCELLED, "cancelled");
	if (m->flags & TUI_MSG_CUT)
		draw_badge(w, ELEM_WARNING, "cut (length limit)");
	if (m->flags & TUI_MSG_FAILED)
		draw_badge(w, ELEM_ERROR, "failed");
	if (m->tokens_in > 0 || m->tokens_out > 0) {
		g_autofree char *t = g_strdup_printf("%" G_GINT64_FORMAT " in, %" G_GINT64_FORMAT " out",
						     m->tokens_in, m->tokens_out);
		draw_badge(w, ELEM_DIM, t);
	}
	(void)app;
}

static void
draw_line(WINDOW *w, int y, int x, int width, const TuiMsg *m, const Line *l)
{
	tui_style(w, (ThemeElem)l->elem);
	if (l->flags & LINE_CODE) {
		/* Code keeps its background to the pane's edge. */
		int used = tui_draw_text(w, y, x + 1, width - 1, m->text->str + l->off, l->len);
		for (int i = used + 1; i < width; i++)
			waddch(w, ' ');
		mvwaddch(w, y, x, ' ');
		return;
	}
	tui_draw_text(w, y, x, width, m->text->str + l->off, l->len);
}

static size_t
stack_len(const guint8 *elems)
{
	size_t n = 0;
	while (n < RENDER_STACK && elems[n] < ELEM__COUNT)
		n++;
	return n;
}

/* A line of styled spans from the renderer. */
static void
draw_rendered(WINDOW *w, int y, int x, int width, const RenderLine *l)
{
	int col = 0;
	const guint8 *last = NULL;
	for (guint i = 0; i < l->spans->len && col < width; i++) {
		const RenderSpan *sp = &g_array_index(l->spans, RenderSpan, i);
		size_t n = stack_len(sp->elems);
		if (n == 0)
			tui_style(w, ELEM_ASSISTANT_MSG);
		else
			tui_style_stack(w, sp->elems, n);
		col += tui_draw_text(w, y, x + col, width - col, sp->text, strlen(sp->text));
		last = sp->elems;
	}
	if (!(l->flags & RENDER_LINE_CODE))
		return;
	/* Code keeps its background to the pane's edge. */
	if (last != NULL && stack_len(last) > 0)
		tui_style_stack(w, last + stack_len(last) - 1, 1);
	else
		tui_style(w, ELEM_CODE_BLOCK);
	for (; col < width; col++)
		waddch(w, ' ');
}

/* Draw row `row` of message m at screen row y. */
static void
draw_row(TuiApp *app, WINDOW *w, int y, int x, int width, TuiMsg *m, int row)
{
	if (has_label(m)) {
		if (row == 0) {
			draw_label(app, w, y, x, width, m);
			return;
		}
		row--;
	}
	if (m->role == TUI_MSG_ASSISTANT) {
		guint c = m->rcommit->len;
		if (row < (int)c)
			draw_rendered(w, y, x, width, m->rcommit->pdata[row]);
		else if (row - (int)c < (int)m->rpreview->len)
			draw_rendered(w, y, x, width, m->rpreview->pdata[row - (int)c]);
		return;
	}
	if (row < (int)m->lines->len)
		draw_line(w, y, x, width, m, &g_array_index(m->lines, Line, row));
}

/* The anchor that shows the end of the conversation at the bottom. */
static void
bottom_anchor(Conv *c, int width, int height, guint *msg, int *line)
{
	*msg = 0;
	*line = 0;
	int need = height;
	for (guint i = c->msgs->len; i-- > 0;) {
		int rows = msg_rows(c->msgs->pdata[i], width);
		if (rows >= need) {
			*msg = i;
			*line = rows - need;
			return;
		}
		need -= rows;
	}
}

/* Move the anchor by delta rows; false when it could not move at all. */
static void
anchor_move(Conv *c, int delta)
{
	while (delta < 0) {
		if (c->top_line > 0) {
			int step = MIN(c->top_line, -delta);
			c->top_line -= step;
			delta += step;
		} else if (c->top_msg > 0) {
			c->top_msg--;
			c->top_line = msg_rows(c->msgs->pdata[c->top_msg], c->width);
		} else {
			break;
		}
	}
	while (delta > 0 && c->top_msg < c->msgs->len) {
		int rows = msg_rows(c->msgs->pdata[c->top_msg], c->width);
		int step = MIN(rows - c->top_line, delta);
		c->top_line += step;
		delta -= step;
		if (c->top_line >= rows) {
			if (c->top_msg + 1 >= c->msgs->len) {
				c->top_line = rows - 1;
				break;
			}
			c->top_msg++;
			c->top_line = 0;
		}
	}
}

/* Are fewer than height rows left from the anchor down? */
static bool
anchor_at_end(Conv *c)
{
	int rows = -c->top_line;
	for (guint i = c->top_msg; i < c->msgs->len; i++) {
		rows += msg_rows(c->msgs->pdata[i], c->width);
		if (rows > c->height)
			return false;
	}
	return true;
}

static void
scroll_by(TuiApp *app, int delta)
{
	Conv *c = conv_of(app);
	if (c->width <= 0 || c->msgs->len == 0)
		return;
	if (c->follow) {
		bottom_anchor(c, c->width, c->height, &c->top_msg, &c->top_line);
		c->follow = false;
	}
	anchor_move(c, delta);
	if (delta > 0 && anchor_at_end(c))
		c->follow = true;
	tui_dirty(app, PANE_CONVERSATION, TUI_REPAINT);
}

void
tui_conv_scroll(TuiApp *app, int pages)
{
	Conv *c = conv_of(app);
	scroll_by(app, pages * MAX(c->height - 1, 1));
}

/* Text is laid out for the new width when it is next drawn; scrolling needs the size now. */
static void
conv_layout(TuiPane *p)
{
	Conv *c = p->data;
	c->width = MAX(p->w - (p->border_left ? 1 : 0) - 2, 1);
	c->height = MAX(p->h - 1, 0);
}

static void
conv_draw(TuiPane *p)
{
	Conv *c = p->data;
	WINDOW *w = p->win;
	int x = (p->border_left ? 1 : 0) + 1;
	conv_layout(p);
	tui_draw_border(p);
	tui_draw_title(p, "Conversation", c->follow ? NULL : "scrolled \xc2\xb7 End follows");
	guint mi = c->top_msg;
	int li = c->top_line;
	if (c->follow)
		bottom_anchor(c, c->width, c->height, &mi, &li);
	int y = 1;
	for (; y <= c->height && mi < c->msgs->len; y++) {
		TuiMsg *m = c->msgs->pdata[mi];
		tui_style(w, ELEM_TEXT);
		tui_draw_clear_eol(w, y, x - 1);
		/* An answer whose lines were dropped (only its row count kept) is laid out again. */
		if (m->evicted)
			msg_layout(m, c->width);
		if (li < msg_rows(m, c->width))
			draw_row(p->app, w, y, x, c->width, m, li);
		if (++li >= msg_rows(m, c->width)) {
			mi++;
			li = 0;
		}
	}
	tui_style(w, ELEM_TEXT);
	for (; y <= c->height; y++)
		tui_draw_clear_eol(w, y, x - 1);
	if (c->msgs->len == 0 && c->height > 2) {
		static const char hello[] = "Type a prompt below and press Enter; F1 lists the keys.";
		tui_style(w, ELEM_DIM);
		tui_draw_text(w, 2, x, c->width, hello, sizeof hello - 1);
	}
}

static bool
conv_action(TuiPane *p, KeyAction a)
{
	Conv *c = p->data;
	int page = MAX(c->height - 1, 1);
	switch (a) {
	case KEYACT_LINE_UP: scroll_by(p->app, -1); return true;
	case KEYACT_LINE_DOWN: scroll_by(p->app, 1); return true;
	case KEYACT_PAGE_UP: scroll_by(p->app, -page); return true;
	case KEYACT_PAGE_DOWN: scroll_by(p->app, page); return true;
	case KEYACT_FIRST:
		c->follow = false;
		c->top_msg = 0;
		c->top_line = 0;
		tui_dirty(p->app, PANE_CONVERSATION, TUI_REPAINT);
		return true;
	case KEYACT_LAST:
		c->follow = true;
		tui_dirty(p->app, PANE_CONVERSATION, TUI_REPAINT);
		return true;
	default:
		return tui_codeact_action(p->app, a);
	}
}

/* ---- clicks ---------------------------------------------------------------------------------- */

static bool
is_fence_line(const RenderLine *l)
{
	for (guint i = 0; i < l->spans->len; i++)
		if (g_array_index(l->spans, RenderSpan, i).elems[0] == ELEM_CODE_FENCE)
			return true;
	return false;
}

/* Which of the message's code blocks (0-based) its content line `line` belongs to, fence
 * lines included; -1 for prose.  Fences come in pairs: an opening and a closing line. */
static int
block_ordinal(const TuiMsg *m, int line)
{
	int ordinal = -1;
	bool inside = false;
	guint nc = m->rcommit->len;
	for (int i = 0; i <= line; i++) {
		const RenderLine *l = (guint)i < nc ? m->rcommit->pdata[i]
			: (guint)i - nc < m->rpreview->len ? m->rpreview->pdata[(guint)i - nc] : NULL;
		if (l == NULL)
			return -1;
		bool fence = is_fence_line(l);
		if (fence && !inside)
			ordinal++;
		if (i == line)
			return fence || inside ? ordinal : -1;
		if (fence)
			inside = !inside;
	}
	return -1;
}

/* The index in the conversation's blocks of m's block number ordinal, or -1. */
static int
block_index(Conv *c, const TuiMsg *m, int ordinal)
{
	for (guint i = 0; i < c->blocks->len; i++) {
		const TuiCodeBlock *b = c->blocks->pdata[i];
		if (b->msg != m)
			continue;
		guint at = i + (guint)ordinal;
		if (at < c->blocks->len && ((TuiCodeBlock *)c->blocks->pdata[at])->msg == m)
			return (int)at;
		return -1;
	}
	return -1;
}

/* A click on a code block shows it in the code preview. */
static void
conv_click(TuiPane *p, int row, int col)
{
	Conv *c = p->data;
	if (row < 1 || c->msgs->len == 0)
		return;
	guint mi = c->top_msg;
	int li = c->top_line;
	if (c->follow)
		bottom_anchor(c, c->width, c->height, &mi, &li);
	for (int y = 1; y < row && mi < c->msgs->len; y++) {
		if (++li >= msg_rows(c->msgs->pdata[mi], c->width)) {
			mi++;
			li = 0;
		}
	}
	if (mi >= c->msgs->len)
		return;
	TuiMsg *m = c->msgs->pdata[mi];
	if (m->role != TUI_MSG_ASSISTANT || li < 1)
		return;
	if (m->evicted)
		msg_layout(m, c->width);
	int k = block_ordinal(m, li - 1);
	int at = k >= 0 ? block_index(c, m, k) : -1;
	if (at >= 0 && tui_code_show_block(p->app, (guint)at, 0))
		tui_notice(p->app, false, "block %d of %u in the code preview (y copies it)", at + 1,
			   c->blocks->len);
}

static void
conv_free(TuiPane *p)
{
	Conv *c = p->data;
	if (c == NULL)
		return;
	g_ptr_array_unref(c->blocks);
	g_ptr_array_unref(c->msgs);
	g_queue_clear(&c->lru);
	g_free(c);
	p->data = NULL;
}

const TuiPaneOps tui_conv_ops = {
	.title = "Conversation",
	.context = KEYCTX_CONVERSATION,
	.layout = conv_layout,
	.draw = conv_draw,
	.on_action = conv_action,
	.free = conv_free,
	.on_click = conv_click,
};

void
tui_conv_init(TuiPane *p)
{
	Conv *c = g_new0(Conv, 1);
	c->msgs = g_ptr_array_new_with_free_func(msg_free);
	c->blocks = g_ptr_array_new_with_free_func(block_free);
	g_queue_init(&c->lru);
	c->follow = true;
	p->data = c;
}
