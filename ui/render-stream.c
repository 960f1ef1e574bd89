/* SPDX-License-Identifier: MIT */
/* Streaming markdown: lay out an answer while it arrives, finished blocks exactly once. */
#include "autoconfig.h"

#include <string.h>

#include <cmark-gfm.h>

#include "render-stream.h"
#include "textwidth.h"
#include "util.h"

/*
 * Why the committed output cannot depend on how the answer was split:
 *
 * CommonMark parses line by line, and a block that has been closed is never reopened.  A
 * top-level block that is not the last child of the document is closed.  So after each
 * complete line (never a partial one: "1" may yet become "1. item") the stream parses the
 * uncommitted tail, and every top-level block but the last is final.  Each final block is
 * then laid out from its own lines alone, and render_markdown() does exactly the same for a
 * whole document, so both give the same lines.
 *
 * Two refinements keep this fast on long answers.  A tail is re-parsed only after it grew by
 * an eighth (or is small), so parsing costs O(n) overall; and an open fenced code block at
 * the top level is committed line by line as it arrives (a line of code never changes),
 * parsing only its opening fence plus the new lines to learn whether the fence closed.
 *
 * cmark reports no position for a paragraph that a table split off; such a block stays
 * with the block after it, so pieces are cut only where positions are known.
 */

#define SMALL_TAIL 4096
#define CODE_CONTEXT (64 * 1024)

struct RenderStream {
	RenderOptions o;
	RenderSink sink;
	void *data;
	bool previews;
	gint64 frame_us, next_preview;
	bool dirty;        /* input arrived since the last preview */
	GString *buf;      /* the answer so far, line ends normalised to '\n' */
	bool cr;           /* the input so far ends in '\r' */
	size_t done;       /* start of the first line not committed */
	size_t parsed;     /* end of the input the last parse saw */
	guint blocks;      /* pieces committed; a blank line goes between two */
	bool in_code;      /* committing an open top-level code block line by line */
	char *fence;       /* its opening line, with '\n' */
	char *lang;
	GString *code;     /* its code so far, the context for highlighting */
	size_t code_done;  /* its lines before this offset are committed */
	bool finished;
	GPtrArray *commit; /* this update's final lines */
};

RenderStream *
render_stream_new(const RenderOptions *o, const RenderSink *sink, void *data, bool previews,
		  int frame_ms)
{
	RenderStream *rs = g_new0(RenderStream, 1);
	rs->o = *o;
	rs->o.width = MAX(rs->o.width, 1);
	rs->sink = *sink;
	rs->data = data;
	rs->previews = previews;
	rs->frame_us = (gint64)MAX(frame_ms, 0) * 1000;
	rs->buf = g_string_new(NULL);
	rs->code = g_string_new(NULL);
	rs->commit = render_lines_new();
	return rs;
}

void
render_stream_free(RenderStream *rs)
{
	if (rs == NULL)
		return;
	if (rs->sink.free != NULL)
		rs->sink.free(rs->data);
	g_string_free(rs->buf, TRUE);
	g_string_free(rs->code, TRUE);
	g_free(rs->fence);
	g_free(rs->lang);
	g_ptr_array_unref(rs->commit);
	g_free(rs);
}

/* ---- input ------------------------------------------------------------------------- */

/* CRLF and lone CR become LF, also when a chunk ends between the two; NUL becomes U+FFFD
 * (as cmark would make it) so that lines can be handled as C strings. */
static void
append_input(RenderStream *rs, const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char ch = data[i];
		if (rs->cr) {
			g_string_append_c(rs->buf, '\n');
			rs->cr = false;
			if (ch == '\n')
				continue;
		}
		if (ch == '\r')
			rs->cr = true;
		else if (ch == '\0')
			g_string_append(rs->buf, TEXTWIDTH_REPLACEMENT);
		else
			g_string_append_c(rs->buf, ch);
	}
}

/* Offsets where each line of s starts, plus len at the end: line k (1-based) is
 * [offs[k-1], offs[k]). */
static GArray *
line_offsets(const char *s, size_t len)
{
	GArray *offs = g_array_new(FALSE, FALSE, sizeof(size_t));
	size_t start = 0;
	g_array_append_val(offs, start);
	for (const char *p = s; (p = memchr(p, '\n', len - (size_t)(p - s))) != NULL; p++) {
		start = (size_t)(p - s) + 1;
		if (start < len)
			g_array_append_val(offs, start);
	}
	g_array_append_val(offs, len);
	return offs;
}

static size_t
line_start(GArray *offs, int line)
{
	guint i = (guint)CLAMP(line - 1, 0, (int)offs->len - 1);
	return g_array_index(offs, size_t, i);
}

/* ---- committing -------------------------------------------------------------------- */

static void
commit_separator(RenderStream *rs)
{
	if (rs->blocks++ > 0)
		g_ptr_array_add(rs->commit, render_line_new());
}

static void
commit_piece(RenderStream *rs, const char *text, size_t len)
{
	g_autoptr(GPtrArray) lines = render_lines_new();
	render_blocks(text, len, &rs->o, lines);
	if (lines->len == 0)
		return;
	commit_separator(rs);
	for (guint i = 0; i < lines->len; i++) {
		g_ptr_array_add(rs->commit, lines->pdata[i]);
		lines->pdata[i] = NULL;
	}
}

/* New lines of the open code block, highlighted in the context of the lines before them
 * (up to CODE_CONTEXT bytes, so a huge block does not cost quadratic time). */
static size_t
code_context(const GString *code)
{
	size_t ctx = code->len > CODE_CONTEXT ? code->len - CODE_CONTEXT : 0;
	while (ctx > 0 && ctx < code->len && code->str[ctx - 1] != '\n')
		ctx++;
	return ctx;
}

static void
commit_code(RenderStream *rs, const char *code, size_t len)
{
	size_t ctx = code_context(rs->code), from = rs->code->len;
	g_string_append_len(rs->code, code, (gssize)len);
	render_code_text_from(rs->lang, rs->code->str + ctx, rs->code->len - ctx, from - ctx,
			      &rs->o, rs->commit);
}

static void
close_code(RenderStream *rs, size_t done)
{
	render_code_close(&rs->o, rs->commit);
	rs->in_code = false;
	rs->done = done;
	g_clear_pointer(&rs->fence, g_free);
	g_clear_pointer(&rs->lang, g_free);
	g_string_truncate(rs->code, 0);
}

/* 1 when the fenced block n is closed, 0 when it runs to the end of the input. */
static bool
code_closed(cmark_node *n)
{
	int span = cmark_node_get_end_line(n) - cmark_node_get_start_line(n) + 1;
	const char *code = cmark_node_get_literal(n);
	return span == (int)util_count_newlines(code, code ? strlen(code) : 0) + 2;
}

/* The open code block got lines up to end: commit its new lines; true when it closed. */
static bool
code_step(RenderStream *rs, size_t end, bool final)
{
	size_t n = end - rs->code_done;
	if (n == 0) {
		if (final)
			close_code(rs, end);
		return false;
	}
	const char *text = rs->buf->str + rs->code_done;
	/* The fence alone decides which line closes the block: parse it with the new lines. */
	g_autoptr(GString) synthetic = g_string_new(rs->fence);
	g_string_append_len(synthetic, text, (gssize)n);
	cmark_node *doc = render_parse(synthetic->str, synthetic->len);
	cmark_node *blk = cmark_node_first_child(doc);
	bool closed = true;
	int close_line = 1;
	if (blk != NULL && cmark_node_get_type(blk) == CMARK_NODE_CODE_BLOCK) {
		const char *lit = cmark_node_get_literal(blk);
		commit_code(rs, lit ? lit : "", lit ? strlen(lit) : 0);
		closed = code_closed(blk);
		close_line = cmark_node_get_end_line(blk); /* in synthetic; line 1 is the fence */
	}
	cmark_node_free(doc);
	if (closed) {
		g_autoptr(GArray) offs = line_offsets(text, n);
		close_code(rs, rs->code_done + line_start(offs, close_line));
		return true;
	}
	rs->code_done = end;
	if (final)
		close_code(rs, end);
	return false;
}

/* Start committing the open code block blk (the only block of the last piece). */
static void
enter_code(RenderStream *rs, cmark_node *blk, const char *text, GArray *offs, size_t end)
{
	int start = cmark_node_get_start_line(blk);
	size_t from = line_start(offs, start), to = line_start(offs, start + 1);
	const char *lit = cmark_node_get_literal(blk);
	rs->fence = g_strndup(text + from, to - from);
	rs->lang = render_code_lang(cmark_node_get_fence_info(blk));
	commit_separator(rs);
	render_code_open(rs->lang, &rs->o, rs->commit);
	commit_code(rs, lit ? lit : "", lit ? strlen(lit) : 0);
	rs->in_code = true;
	rs->code_done = end;
}

static bool
is_fenced(cmark_node *n)
{
	int len, off;
	char ch;
	return cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK &&
	       cmark_node_get_fenced(n, &len, &off, &ch) != 0;
}

/* Where pieces start (line numbers of the tail): at top-level blocks whose position is
 * known and that do not overlap the blocks before them. */
static GArray *
piece_starts(cmark_node *doc, cmark_node **last_alone)
{
	GArray *starts = g_array_new(FALSE, FALSE, sizeof(int));
	int one = 1, max_end = 0;
	bool prev_unknown = false;
	*last_alone = NULL;
	g_array_append_val(starts, one);
	for (cmark_node *ch = cmark_node_first_child(doc); ch; ch = cmark_node_next(ch)) {
		int s = cmark_node_get_start_line(ch), e = cmark_node_get_end_line(ch);
		bool first = ch == cmark_node_first_child(doc);
		if (!first && !prev_unknown && s > 0 && s > max_end) {
			g_array_append_val(starts, s);
			*last_alone = ch;
		} else if (first) {
			*last_alone = ch;
		} else {
			*last_alone = NULL; /* the last piece holds several blocks */
		}
		prev_unknown = s == 0 || e == 0;
		max_end = MAX(max_end, e);
	}
	return starts;
}

/* Parse the uncommitted complete lines up to end and commit every final piece. */
static void
tail_step(RenderStream *rs, size_t end, bool final)
{
	const char *text = rs->buf->str + rs->done;
	size_t n = end - rs->done;
	cmark_node *doc = render_parse(text, n);
	g_autoptr(GArray) offs = line_offsets(text, n);
	cmark_node *alone;
	g_autoptr(GArray) starts = piece_starts(doc, &alone);
	rs->parsed = end;
	if (cmark_node_first_child(doc) == NULL) {
		if (final)
			rs->done = end;
		cmark_node_free(doc);
		return;
	}
	guint npieces = starts->len, upto = final ? npieces : npieces - 1;
	for (guint j = 0; j < upto; j++) {
		size_t from = line_start(offs, g_array_index(starts, int, j));
		size_t to = j + 1 < npieces ? line_start(offs, g_array_index(starts, int, j + 1)) : n;
		commit_piece(rs, text + from, to - from);
	}
	size_t last_from = line_start(offs, g_array_index(starts, int, npieces - 1));
	if (!final && alone != NULL && is_fenced(alone)) {
		if (code_closed(alone)) {
			commit_piece(rs, text + last_from, n - last_from);
			last_from = n;
		} else {
			enter_code(rs, alone, text, offs, end);
		}
	}
	rs->done += final ? n : last_from;
	cmark_node_free(doc);
}

/* Re-parse only after the tail grew by an eighth, so long blocks cost O(n) overall. */
static bool
worth_parsing(const RenderStream *rs, size_t end)
{
	size_t tail = end - rs->done, fresh = end - MAX(rs->parsed, rs->done);
	return fresh > 0 && (tail <= SMALL_TAIL || fresh * 8 >= tail);
}

static void
advance(RenderStream *rs, bool final)
{
	size_t end = rs->buf->len;
	if (!final) {
		while (end > rs->done && rs->buf->str[end - 1] != '\n')
			end--;
	}
	for (;;) {
		if (rs->in_code) {
			if (!code_step(rs, end, final))
				return;
			continue;
		}
		if (end <= rs->done || (!final && !worth_parsing(rs, end)))
			return;
		tail_step(rs, end, final);
		if (!rs->in_code)
			return;
	}
}

/* ---- previews and updates ---------------------------------------------------------- */

static GPtrArray *
make_preview(RenderStream *rs)
{
	GPtrArray *lines = render_lines_new();
	size_t from = rs->in_code ? rs->code_done : rs->done;
	size_t len = textwidth_complete_prefix(rs->buf->str + from, rs->buf->len - from);
	if (len == 0)
		return lines;
	if (rs->in_code) {
		size_t ctx = code_context(rs->code);
		g_autoptr(GString) code = g_string_new_len(rs->code->str + ctx,
							   (gssize)(rs->code->len - ctx));
		g_string_append_len(code, rs->buf->str + from, (gssize)len);
		render_code_text_from(rs->lang, code->str, code->len, rs->code->len - ctx, &rs->o,
				      lines);
		return lines;
	}
	render_blocks(rs->buf->str + from, len, &rs->o, lines);
	if (lines->len > 0 && rs->blocks > 0)
		g_ptr_array_insert(lines, 0, render_line_new());
	return lines;
}

static void
update(RenderStream *rs, bool force_preview)
{
	g_autoptr(GPtrArray) preview = NULL;
	gint64 now = g_get_monotonic_time();
	bool due = force_preview || rs->commit->len > 0 || now >= rs->next_preview;
	if (rs->previews && rs->dirty && due) {
		preview = make_preview(rs);
		gint64 cost = g_get_monotonic_time() - now;
		/* Long blocks cost more to lay out: never spend more than a third of the time on
		 * previews. */
		rs->next_preview = now + MAX(rs->frame_us, 2 * cost);
		rs->dirty = false;
	}
	if (rs->commit->len > 0 || preview != NULL)
		rs->sink.update(rs->data, rs->commit, preview);
	g_ptr_array_set_size(rs->commit, 0);
}

void
render_stream_feed(RenderStream *rs, const char *data, size_t len)
{
	if (rs->finished || len == 0)
		return;
	append_input(rs, data, len);
	rs->dirty = true;
	advance(rs, false);
	update(rs, rs->frame_us == 0);
}

void
render_stream_flush(RenderStream *rs)
{
	if (!rs->finished)
		update(rs, true);
}

int64_t
render_stream_deadline(const RenderStream *rs)
{
	return rs->previews && rs->dirty && !rs->finished ? rs->next_preview : -1;
}

void
render_stream_finish(RenderStream *rs)
{
	if (rs->finished)
		return;
	if (rs->cr) {
		g_string_append_c(rs->buf, '\n');
		rs->cr = false;
	}
	advance(rs, true);
	rs->finished = true;
	g_autoptr(GPtrArray) empty = rs->previews ? render_lines_new() : NULL;
	if (rs->commit->len > 0 || empty != NULL)
		rs->sink.update(rs->data, rs->commit, empty);
	g_ptr_array_set_size(rs->commit, 0);
}

/* ---- whole documents --------------------------------------------------------------- */

static void
collect(void *data, GPtrArray *commit, GPtrArray *preview)
{
	GPtrArray *out = data;
	for (guint i = 0; i < commit->len; i++) {
		g_ptr_array_add(out, commit->pdata[i]);
		commit->pdata[i] = NULL;
	}
}

void
render_markdown(const char *md, size_t len, const RenderOptions *o, GPtrArray *out)
{
	static const RenderSink sink = { collect, NULL };
	RenderStream *rs = render_stream_new(o, &sink, out, false, 0);
	append_input(rs, md, len);
	render_stream_finish(rs);
	render_stream_free(rs);
}
