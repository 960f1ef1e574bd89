/* SPDX-License-Identifier: MIT */
/* Streaming: any chunking of an answer gives the same output, in plain and live mode. */
#include "autoconfig.h"

#include <stdio.h>

#include "unit.h"

#include "../../ui/render-ansi.h"
#include "../../ui/render-highlight.h"
#include "screen.h"

/* Answers whose blocks change meaning as they arrive. */
static const char *const tricky[] = {
	"1. first\n\n2. second\n\n10. tenth\n\nafter",
	"Title\n=====\n\nSub\n---\n\npara\n***\n- a\n- b\n",
	"intro line\n| a | b |\n|---|:-:|\n| 1 | 2 |\n| 3 | 4 |\n\nafter the table\n",
	"```c\nint main(void)\n{\n\treturn 0;\n}\n```\nnext para\n\n~~~\nunclosed ~~~ fence\n```\n",
	"> quote\nlazy continuation\n\n> second quote\n\n    indented code\n\ntext",
	"- item\n\n  ```sh\n  echo nested\n  ```\n- [x] done\n- [ ] todo\n\n* other list\n",
	"line one\r\nline two\r\n\r\n# crlf heading\rnext\r",
	"wide 日本語の文章はスペースなしで折り返されます。😀🎉👨‍👩‍👧 e\xcc\x81 done\n\nbad \xff\xfe bytes \xe6\x97 and \033[2J escape\n",
	"[ref] link and [inline](http://x.y/z)\n\n[ref]: http://example.com\n\nlast\n",
	"<div>\nhtml block\n</div>\n\npara with <br> break and <b>tag</b>\n",
	"```\nonly an open fence with text\nand more\n\n\nlines",
	"a\0b NUL\n\n# heading",
	"",
	"\n\n\n",
	"``",
	"# h\n",
};

typedef struct {
	const char *name;
	char *text;
	size_t len;
} Doc;

static GArray *docs; /* Doc */

static void
add_doc(const char *name, const char *text, size_t len)
{
	Doc d = { name, g_memdup2(text, len + 1), len };
	g_array_append_val(docs, d);
}

static int
load_docs(void **state)
{
	docs = g_array_new(FALSE, FALSE, sizeof(Doc));
	for (size_t i = 0; i < G_N_ELEMENTS(tricky); i++)
		add_doc("tricky", tricky[i], i == 11 ? 18 : strlen(tricky[i]));
	g_autofree char *dir = g_build_filename(TEST_SRCDIR, "tests", "render", NULL);
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	assert_non_null(d);
	const char *f;
	while ((f = g_dir_read_name(d)) != NULL) {
		if (!g_str_has_suffix(f, ".md"))
			continue;
		g_autofree char *path = g_build_filename(dir, f, NULL);
		char *text;
		gsize len;
		assert_true(g_file_get_contents(path, &text, &len, NULL));
		add_doc(g_intern_string(f), text, len);
		g_free(text);
	}
	/* A long code block and a long paragraph: taller than the screen while streaming. */
	GString *big = g_string_new("Some code:\n\n```python\n");
	for (int i = 0; i < 300; i++)
		g_string_append_printf(big, "print(%d)  # line %d with some words\n", i, i);
	g_string_append(big, "```\n\n");
	for (int i = 0; i < 200; i++)
		g_string_append_printf(big, "word%d ", i);
	g_string_append(big, "\n\n| k | v |\n|---|---|\n");
	for (int i = 0; i < 40; i++)
		g_string_append_printf(big, "| key %d | value %d |\n", i, i * i);
	add_doc("big", big->str, big->len);
	g_string_free(big, TRUE);
	*state = docs;
	return 0;
}

static int
free_docs(void **state)
{
	for (guint i = 0; i < docs->len; i++)
		g_free(g_array_index(docs, Doc, i).text);
	g_array_unref(docs);
	return 0;
}

/* Chunk sizes: 0 means 1-byte chunks, otherwise random sizes 1..max. */
static size_t
next_chunk(GRand *r, int max)
{
	return max <= 1 ? 1 : (size_t)g_rand_int_range(r, 1, max + 1);
}

static const Theme *
dark(void)
{
	static Theme *t;
	if (t == NULL) {
		g_setenv("AURELIS_DATA_DIR", TEST_SRCDIR, TRUE);
		t = theme_load("dark", NULL, NULL);
		assert_non_null(t);
	}
	return t;
}

/* Stream doc in random chunks to a memory stream; returns everything written.  With check,
 * every intermediate output must be a prefix of expect. */
static char *
stream(const Doc *d, const RenderOptions *o, const RenderAnsiOptions *a, GRand *r, int max,
       const char *expect, Screen *scr)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	RenderStream *rs = render_ansi_stream_new(f, o, a, 0);
	size_t seen = 0;
	for (size_t off = 0; off < d->len;) {
		size_t want = next_chunk(r, max); /* MIN() would draw twice */
		size_t n = MIN(want, d->len - off);
		render_stream_feed(rs, d->text + off, n);
		off += n;
		fflush(f);
		if (expect != NULL && (size > strlen(expect) || memcmp(buf, expect, size) != 0))
			fail_msg("%s: plain output is not a prefix of the whole after %zu bytes",
				 d->name, off);
		if (scr != NULL) {
			screen_feed(scr, buf + seen, size - seen);
			seen = size;
		}
	}
	render_stream_finish(rs);
	render_stream_free(rs);
	fclose(f);
	if (scr != NULL)
		screen_feed(scr, buf + seen, size - seen);
	return buf;
}

static void
check_plain(const Doc *d, int width, GRand *r, int max)
{
	RenderOptions o = { .width = width, .markers = true };
	RenderAnsiOptions a = { 0 };
	g_autofree char *whole = render_ansi_markdown(d->text, d->len, &o, &a);
	g_autofree char *got = stream(d, &o, &a, r, max, whole, NULL);
	if (strcmp(got, whole) != 0)
		fail_msg("%s at width %d, chunks up to %d: streamed plain output differs\n"
			 "--- whole\n%s--- streamed\n%s", d->name, width, max, whole, got);
	assert_null(strchr(got, '\033'));
	assert_true(g_utf8_validate(got, -1, NULL));
}

static void
check_live(const Doc *d, int width, int rows, GRand *r, int max, bool color)
{
	RenderOptions o = { .width = width, .markers = !color };
	RenderAnsiOptions a = { .theme = color ? dark() : NULL, .depth = THEME_DEPTH_256,
				.base = ELEM_TEXT, .live = true, .cols = width, .rows = rows };
	RenderAnsiOptions once = a;
	once.live = false;
	g_autofree char *whole = render_ansi_markdown(d->text, d->len, &o, &once);
	Screen *ref = screen_new(width, rows);
	screen_feed(ref, whole, strlen(whole));
	g_autofree char *want = screen_text(ref);
	Screen *scr = screen_new(width, rows);
	g_autofree char *got = stream(d, &o, &a, r, max, NULL, scr);
	assert_non_null(got);
	g_autofree char *have = screen_text(scr);
	if (scr->errors->len > 0)
		fail_msg("%s: %s", d->name, scr->errors->str);
	if (strcmp(want, have) != 0)
		fail_msg("%s at %dx%d, chunks up to %d: the live screen differs\n--- whole\n%s"
			 "--- streamed\n%s", d->name, width, rows, max, want, have);
	assert_true(scr->max_up <= rows - 1);
	screen_free(ref);
	screen_free(scr);
}

static void
test_plain_any_chunking(void **state)
{
	static const int widths[] = { 24, 80 };
	static const int maxes[] = { 1, 3, 17, 200 };
	for (guint i = 0; i < docs->len; i++) {
		const Doc *d = &g_array_index(docs, Doc, i);
		for (size_t w = 0; w < G_N_ELEMENTS(widths); w++)
			for (size_t m = 0; m < G_N_ELEMENTS(maxes); m++)
				for (guint32 seed = 1; seed <= (maxes[m] == 1 ? 1u : 12u); seed++) {
					GRand *r = g_rand_new_with_seed(seed * 7919 + i);
					check_plain(d, widths[w], r, maxes[m]);
					g_rand_free(r);
				}
	}
}

static void
test_live_any_chunking(void **state)
{
	static const struct { int w, rows, max; bool color; } runs[] = {
		{ 40, 12, 1, true }, { 40, 12, 5, false }, { 72, 8, 23, true },
		{ 30, 3, 9, true }, { 100, 40, 64, true }, { 20, 2, 2, false },
	};
	for (guint i = 0; i < docs->len; i++) {
		const Doc *d = &g_array_index(docs, Doc, i);
		for (size_t k = 0; k < G_N_ELEMENTS(runs); k++)
			for (guint32 seed = 1; seed <= 4; seed++) {
				GRand *r = g_rand_new_with_seed(seed * 104729 + i * 31 + (guint32)k);
				check_live(d, runs[k].w, runs[k].rows, r, runs[k].max, runs[k].color);
				g_rand_free(r);
			}
	}
}

/* ---- what the stream hands its sink ---- */

typedef struct {
	GPtrArray *committed; /* char *: text of every committed line, in order */
	guint updates, previews;
	guint preview_len;
} Record;

static void
record(void *data, GPtrArray *commit, GPtrArray *preview)
{
	Record *rec = data;
	rec->updates++;
	for (guint i = 0; i < commit->len; i++)
		g_ptr_array_add(rec->committed, render_line_text(commit->pdata[i]));
	if (preview != NULL) {
		rec->previews++;
		rec->preview_len = preview->len;
	}
}

static void
test_blocks_commit_once_and_early(void **state)
{
	static const RenderSink sink = { record, NULL };
	const char *md = "# One\n\nfirst paragraph\n\n```\ncode 1\ncode 2\n";
	Record rec = { g_ptr_array_new_with_free_func(g_free), 0, 0, 0 };
	RenderOptions o = { .width = 40 };
	RenderStream *rs = render_stream_new(&o, &sink, &rec, true, 0);
	for (const char *p = md; *p; p++)
		render_stream_feed(rs, p, 1);
	/* Before the end: the heading and paragraph, the fence and both code lines are final. */
	g_ptr_array_add(rec.committed, NULL);
	g_autofree char *early = g_strjoinv("|", (char **)rec.committed->pdata);
	g_ptr_array_remove_index(rec.committed, rec.committed->len - 1);
	assert_string_equal(early, "One|━━━||first paragraph||```|code 1|code 2");
	assert_true(rec.previews > 10);
	render_stream_feed(rs, "more", 4);
	assert_int_equal(rec.preview_len, 1); /* the partial line of code */
	render_stream_finish(rs);
	render_stream_feed(rs, "ignored", 7);
	render_stream_free(rs);
	g_ptr_array_add(rec.committed, NULL);
	g_autofree char *all = g_strjoinv("|", (char **)rec.committed->pdata);
	assert_string_equal(all, "One|━━━||first paragraph||```|code 1|code 2|more|```");
	assert_int_equal(rec.preview_len, 0); /* the preview is cleared at the end */
	g_ptr_array_unref(rec.committed);
}

typedef struct {
	GPtrArray *lines; /* "element:text" of the first span of each committed line */
} Spans;

static void
record_spans(void *data, GPtrArray *commit, GPtrArray *preview)
{
	Spans *sp = data;
	for (guint i = 0; i < commit->len; i++) {
		RenderLine *l = commit->pdata[i];
		if (l->spans->len == 0)
			continue;
		RenderSpan *s = &g_array_index(l->spans, RenderSpan, 0);
		g_ptr_array_add(sp->lines, g_strdup_printf("%s:%s", theme_elem_name(s->elems[0]),
							   s->text));
	}
}

static void
test_code_streamed_with_context(void **state)
{
	/* The second line is inside a string opened on the first: committed line by line, it
	 * must still be highlighted as a string. */
	static const RenderSink sink = { record_spans, NULL };
	const char *md = "```python\nx = '''first\nsecond\n'''\n```\n";
	RenderOptions o = { .width = 40, .highlight = render_highlight_code };
	for (size_t chunk = 1; chunk <= 3; chunk++) {
		Spans sp = { g_ptr_array_new_with_free_func(g_free) };
		RenderStream *rs = render_stream_new(&o, &sink, &sp, false, 0);
		for (size_t off = 0; off < strlen(md); off += chunk)
			render_stream_feed(rs, md + off, MIN(chunk, strlen(md) - off));
		render_stream_finish(rs);
		render_stream_free(rs);
		g_ptr_array_add(sp.lines, NULL);
		g_autofree char *all = g_strjoinv("|", (char **)sp.lines->pdata);
		assert_string_equal(all, "code_fence:```python|code_block:x |code_string:second|"
					 "code_string:'''|code_fence:```");
		g_ptr_array_unref(sp.lines);
	}
}

static void
test_frames_are_capped(void **state)
{
	static const RenderSink sink = { record, NULL };
	Record rec = { g_ptr_array_new_with_free_func(g_free), 0, 0, 0 };
	RenderOptions o = { .width = 40 };
	RenderStream *rs = render_stream_new(&o, &sink, &rec, true, 60000);
	render_stream_feed(rs, "a", 1); /* the first preview is due at once */
	guint first = rec.previews;
	for (int i = 0; i < 50; i++)
		render_stream_feed(rs, "b", 1);
	assert_int_equal(rec.previews, first);
	assert_true(render_stream_deadline(rs) > g_get_monotonic_time());
	render_stream_flush(rs);
	assert_int_equal(rec.previews, first + 1);
	assert_int_equal(render_stream_deadline(rs), -1);
	render_stream_finish(rs);
	render_stream_free(rs);
	g_ptr_array_unref(rec.committed);
}

static void
test_plain_sink_writes_no_preview(void **state)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	RenderOptions o = { .width = 40, .markers = true };
	RenderAnsiOptions a = { 0 };
	RenderStream *rs = render_ansi_stream_new(f, &o, &a, 0);
	render_stream_feed(rs, "partial paragraph", 17);
	fflush(f);
	assert_int_equal(size, 0); /* nothing final yet, and nothing is ever taken back */
	/* A partial line decides nothing ("1" may yet become "1. item"). */
	render_stream_feed(rs, "\n\nnext", 6);
	fflush(f);
	assert_int_equal(size, 0);
	render_stream_feed(rs, "\n", 1);
	fflush(f);
	assert_string_equal(buf, "partial paragraph\n");
	render_stream_finish(rs);
	render_stream_free(rs);
	fclose(f);
	assert_string_equal(buf, "partial paragraph\n\nnext\n");
	assert_null(strchr(buf, '\033'));
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_any_chunking),
		cmocka_unit_test(test_live_any_chunking),
		cmocka_unit_test(test_blocks_commit_once_and_early),
		cmocka_unit_test(test_code_streamed_with_context),
		cmocka_unit_test(test_frames_are_capped),
		cmocka_unit_test(test_plain_sink_writes_no_preview),
	};
	return cmocka_run_group_tests(tests, load_docs, free_docs);
}
