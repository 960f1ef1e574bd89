/* SPDX-License-Identifier: MIT */
/* Unit tests for markdown layout: wrapping, wide characters, blocks, tables, hostile input. */
#include "autoconfig.h"

#include "unit.h"

#include "../../ui/render-ansi.h"
#include "../../ui/render-highlight.h"
#include "textwidth.h"

/* The plain text of md laid out at width, lines joined with '\n'. */
static char *
layout(const char *md, int width, bool markers)
{
	RenderOptions o = { .width = width, .markers = markers };
	g_autoptr(GPtrArray) lines = render_lines_new();
	render_markdown(md, strlen(md), &o, lines);
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < lines->len; i++) {
		g_autofree char *t = render_line_text(lines->pdata[i]);
		RenderLine *l = lines->pdata[i];
		/* The width a line claims is the width of its text. */
		if (!(l->flags & RENDER_LINE_CODE))
			assert_int_equal(l->cols, textwidth_str(t, -1));
		g_string_append_printf(s, "%s%s", i ? "\n" : "", t);
	}
	return g_string_free(s, FALSE);
}

/* Every line of text fits in width columns (code lines excepted). */
static void
assert_fits(const char *md, int width)
{
	RenderOptions o = { .width = width };
	g_autoptr(GPtrArray) lines = render_lines_new();
	render_markdown(md, strlen(md), &o, lines);
	for (guint i = 0; i < lines->len; i++) {
		RenderLine *l = lines->pdata[i];
		g_autofree char *t = render_line_text(l);
		if (!(l->flags & RENDER_LINE_CODE) && l->cols > width)
			fail_msg("'%s' is %d columns, wider than %d", t, l->cols, width);
		assert_true(g_utf8_validate(t, -1, NULL));
	}
}

static void
test_wrapping(void **state)
{
	g_autofree char *a = layout("the quick brown fox jumps over the lazy dog", 15, false);
	assert_string_equal(a, "the quick brown\nfox jumps over\nthe lazy dog");
	/* A word wider than the line is cut, after a slash where one is near the end. */
	g_autofree char *b = layout("see https://example.com/a/very/long/path ok", 12, false);
	assert_string_equal(b, "see\nhttps://\nexample.com/\na/very/long/\npath ok");
	g_autofree char *b2 = layout("abcdefghijklmnopqrstuvwxyz", 10, false);
	assert_string_equal(b2, "abcdefghij\nklmnopqrst\nuvwxyz");
	/* Width 1 still terminates and loses nothing. */
	g_autofree char *c = layout("ab c", 1, false);
	assert_string_equal(c, "a\nb\nc");
	g_autofree char *d = layout("line one  \nline two\\\nthree", 40, false);
	assert_string_equal(d, "line one\nline two\nthree");
	/* Styles inside a word do not break it. */
	g_autofree char *e = layout("aa **bb**cc dd", 6, false);
	assert_string_equal(e, "aa\nbbcc\ndd");
}

static void
test_wide_characters(void **state)
{
	/* CJK breaks between characters, at the exact column. */
	g_autofree char *a = layout("日本語の文章を折り返す", 10, false);
	assert_string_equal(a, "日本語の文\n章を折り返\nす");
	/* An odd width leaves the last column empty rather than splitting a character. */
	g_autofree char *b = layout("日本語の文章", 5, false);
	assert_string_equal(b, "日本\n語の\n文章");
	/* Closing punctuation never starts a line. */
	g_autofree char *c = layout("あいうえ。かきくけ", 8, false);
	assert_string_equal(c, "あいう\nえ。かき\nくけ");
	/* Emoji count two columns; combining marks and joiners none. */
	g_autofree char *d = layout("ab 😀😀😀 cd", 6, false);
	assert_string_equal(d, "ab 😀\n😀😀\ncd");
	g_autofree char *e = layout("cafe\xcc\x81 cafe\xcc\x81 cafe\xcc\x81", 10, false);
	assert_string_equal(e, "cafe\xcc\x81 cafe\xcc\x81\ncafe\xcc\x81");
	g_autofree char *f = layout("x 👨‍👩‍👧 y", 40, false);
	assert_string_equal(f, "x 👨‍👩‍👧 y");
	assert_fits("混合 mixed テキスト with ｆｕｌｌｗｉｄｔｈ letters and 😀 emoji 한국어 텍스트도", 7);
	assert_fits("| 名前 | 説明 |\n|---|---|\n| 日本 | とても長い説明文がここに入ります |\n", 20);
}

static void
test_invalid_and_control_text(void **state)
{
	g_autofree char *a = layout("bad \xff\xfe bytes \xe6\x97", 40, false);
	assert_true(g_utf8_validate(a, -1, NULL));
	assert_str_contains(a, "bad \xef\xbf\xbd");
	assert_str_contains(a, "bytes \xef\xbf\xbd");
	g_autofree char *b = layout("clear \033[2J screen \x07 bell \xc2\x9b" "1m", 60, false);
	assert_str_lacks(b, "\033");
	assert_str_lacks(b, "\x07");
	assert_str_lacks(b, "\xc2\x9b");
	assert_str_contains(b, "clear \xef\xbf\xbd[2J screen");
	g_autofree char *c = layout("```\ncode \033]0;title\x07 x\n```", 60, false);
	assert_str_lacks(c, "\033");
	assert_str_contains(c, "code \xef\xbf\xbd]0;title\xef\xbf\xbd x");
	/* Raw HTML is shown, never interpreted. */
	g_autofree char *d = layout("<script>alert(1)</script>\n\ntext <b>bold</b>", 60, false);
	assert_str_contains(d, "<script>alert(1)</script>");
	assert_str_contains(d, "text <b>bold</b>");
}

static void
test_inline_markers(void **state)
{
	g_autofree char *plain = layout("use `make` and ~~not~~ *this* **now**", 60, true);
	assert_string_equal(plain, "use `make` and ~~not~~ this now");
	g_autofree char *color = layout("use `make` and ~~not~~ *this* **now**", 60, false);
	assert_string_equal(color, "use make and not this now");
}

static void
test_links(void **state)
{
	g_autofree char *a = layout("[docs](https://x.org/d) and <https://y.org> and www.z.org "
				    "and [https://w.org](https://w.org) and a@b.org",
				    200, false);
	assert_string_equal(a, "docs (https://x.org/d) and https://y.org and www.z.org and "
			       "https://w.org and a@b.org");
	g_autofree char *b = layout("![a cat](cat.png)", 40, false);
	assert_string_equal(b, "[image: a cat] (cat.png)");
	g_autofree char *c = layout("[x](<>) [](http://e.org)", 40, false);
	assert_string_equal(c, "x  (http://e.org)");
}

static void
test_headings_and_rules(void **state)
{
	g_autofree char *a = layout("# Title\n## Sub\n### Third\n#### Fourth\n\n---", 10, false);
	assert_string_equal(a, "Title\n━━━━━\n\nSub\n───\n\nThird\n\nFourth\n\n──────────");
	g_autofree char *b = layout("### Third", 20, true);
	assert_string_equal(b, "### Third");
	/* A long title wraps and the underline is as wide as its widest line. */
	g_autofree char *c = layout("# A title that wraps", 8, false);
	assert_string_equal(c, "A title\nthat\nwraps\n━━━━━━━");
}

static void
test_lists(void **state)
{
	g_autofree char *a = layout("- one\n- two\n  - nested\n    - deeper\n      - fourth\n- three", 40,
				    false);
	assert_string_equal(a, "• one\n• two\n  ◦ nested\n    ▪ deeper\n      • fourth\n• three");
	g_autofree char *b = layout("9. nine\n10. ten that wraps here", 12, false);
	assert_string_equal(b, " 9. nine\n10. ten that\n    wraps\n    here");
	g_autofree char *c = layout("1) a\n\n2) b", 20, false);
	assert_string_equal(c, "1) a\n\n2) b");
	g_autofree char *d = layout("- [x] done\n- [ ] todo item", 12, false);
	assert_string_equal(d, "• [x] done\n• [ ] todo\n      item");
	g_autofree char *e = layout("- a\n\n  para two\n- b", 20, false);
	assert_string_equal(e, "• a\n\n  para two\n\n• b");
	g_autofree char *f = layout("-\n- b", 20, false);
	assert_string_equal(f, "•\n• b");
}

static void
test_quotes(void **state)
{
	g_autofree char *a = layout("> quoted text that wraps\n>\n> second\n\nafter", 14, false);
	assert_string_equal(a, "│ quoted text\n│ that wraps\n│\n│ second\n\nafter");
	g_autofree char *b = layout("> outer\n> > inner\n\n- > in a list", 20, false);
	assert_string_equal(b, "│ outer\n│\n│ │ inner\n\n• │ in a list");
	g_autofree char *c = layout(">", 20, false);
	assert_string_equal(c, "│");
}

static void
test_code_blocks_are_verbatim(void **state)
{
	const char *md = "- item\n\n  ```python\n  def f():\n  \treturn 1  # a long comment that "
			 "does not wrap\n  ```\n\n> ```\n> quoted code\n> ```\n\n    indented\n";
	g_autofree char *a = layout(md, 20, true);
	assert_string_equal(a, "• item\n\n  ```python\ndef f():\n\treturn 1  # a long comment that "
			       "does not wrap\n  ```\n\n│ ```\nquoted code\n│ ```\n\n```\nindented\n```");
	g_autofree char *b = layout("```\n\n\n```", 20, true);
	assert_string_equal(b, "```\n\n\n```");
	g_autofree char *c = layout("```\n```", 20, true);
	assert_string_equal(c, "```\n```");
	g_autofree char *d = layout("``` rust {.class} extra\nfn x(){}\n```", 20, true);
	assert_string_equal(d, "```rust\nfn x(){}\n```");
}

static void
test_tables(void **state)
{
	const char *md = "| Left | Right | Mid |\n|:--|--:|:-:|\n| a | 1 | x |\n| bbb | 22 | yy |\n";
	g_autofree char *a = layout(md, 60, false);
	assert_string_equal(a, "┌──────┬───────┬─────┐\n"
			       "│ Left │ Right │ Mid │\n"
			       "├──────┼───────┼─────┤\n"
			       "│ a    │     1 │  x  │\n"
			       "│ bbb  │    22 │ yy  │\n"
			       "└──────┴───────┴─────┘");
	/* Too wide: the widest column gives way and its cells wrap. */
	const char *wide = "| k | description |\n|---|---|\n| a | one two three four five six |\n";
	g_autofree char *b = layout(wide, 24, false);
	assert_string_equal(b, "┌───┬──────────────────┐\n"
			       "│ k │ description      │\n"
			       "├───┼──────────────────┤\n"
			       "│ a │ one two three    │\n"
			       "│   │ four five six    │\n"
			       "└───┴──────────────────┘");
	assert_fits(wide, 24);
	/* Far too narrow for a grid: one "header: value" line per cell. */
	g_autofree char *c = layout("| a | b | c | d |\n|---|---|---|---|\n| 1 | 2 | 3 | 4 |\n| 5 | 6 | 7 | 8 |",
				    12, false);
	assert_string_equal(c, "a: 1\nb: 2\nc: 3\nd: 4\n\na: 5\nb: 6\nc: 7\nd: 8");
	/* Rows with missing cells, <br> in cells, and header only. */
	g_autofree char *d = layout("| a | b |\n|---|---|\n| x<br>y |\n", 30, false);
	assert_string_equal(d, "┌───┬───┐\n│ a │ b │\n├───┼───┤\n│ x │   │\n│ y │   │\n└───┴───┘");
	g_autofree char *e = layout("| only | head |\n|---|---|\n", 30, false);
	assert_string_equal(e, "┌──────┬──────┐\n│ only │ head │\n└──────┴──────┘");
	for (int w = 1; w < 40; w++)
		assert_fits(wide, MAX(w, 8));
}

static void
test_ascii_glyphs(void **state)
{
	RenderOptions o = { .width = 20, .ascii = true };
	g_autoptr(GPtrArray) lines = render_lines_new();
	const char *md = "# T\n\n- a\n\n> q\n\n| x |\n|---|\n| 1 |\n\n***";
	render_markdown(md, strlen(md), &o, lines);
	for (guint i = 0; i < lines->len; i++) {
		g_autofree char *t = render_line_text(lines->pdata[i]);
		for (const char *p = t; *p; p++)
			if ((unsigned char)*p >= 0x80)
				fail_msg("non-ASCII in '%s'", t);
	}
}

/* A highlighter that marks "int" as a keyword and also returns hostile ranges. */
static void
hl(const char *lang, const char *code, size_t len, GArray *out, void *data)
{
	assert_string_equal(lang, "c");
	for (const char *p = code; (p = strstr(p, "int")) != NULL; p += 3) {
		RenderHighlight h = { (guint)(p - code), 3, ELEM_CODE_KEYWORD };
		g_array_append_val(out, h);
	}
	RenderHighlight bad[] = { { (guint)len + 5, 2, ELEM_CODE_STRING },
				  { 0, G_MAXUINT, ELEM__COUNT },
				  { (guint)len - 2, 100, ELEM_CODE_COMMENT } };
	g_array_append_vals(out, bad, G_N_ELEMENTS(bad));
	(*(int *)data)++;
}

static void
test_highlight_hook(void **state)
{
	int calls = 0;
	RenderOptions o = { .width = 40, .highlight = hl, .highlight_data = &calls };
	g_autoptr(GPtrArray) lines = render_lines_new();
	const char *md = "```c\nint x;\nprint(\"é\");\n```\n";
	render_markdown(md, strlen(md), &o, lines);
	assert_int_equal(calls, 1);
	RenderLine *l1 = lines->pdata[1];
	RenderSpan *s0 = &g_array_index(l1->spans, RenderSpan, 0);
	assert_string_equal(s0->text, "int");
	assert_int_equal(s0->elems[0], ELEM_CODE_KEYWORD);
	assert_int_equal(s0->elems[1], ELEM_CODE_BLOCK);
	RenderLine *l2 = lines->pdata[2];
	/* The range cutting into "é" is applied at character boundaries only. */
	RenderSpan *last = &g_array_index(l2->spans, RenderSpan, l2->spans->len - 1);
	assert_int_equal(last->elems[0], ELEM_CODE_COMMENT);
	g_autofree char *t = render_line_text(l2);
	assert_string_equal(t, "print(\"é\");");
	/* Without a highlighter, code is one span. */
	RenderOptions none = { .width = 40 };
	g_autoptr(GPtrArray) l3 = render_lines_new();
	render_markdown(md, strlen(md), &none, l3);
	assert_int_equal(((RenderLine *)l3->pdata[1])->spans->len, 1);
}

/* The element of the byte at offset in the highlighter's ranges (later ranges win). */
static int
elem_at(GArray *ranges, size_t offset)
{
	int e = -1;
	for (guint i = 0; i < ranges->len; i++) {
		RenderHighlight h = g_array_index(ranges, RenderHighlight, i);
		if (offset >= h.start && offset < (size_t)h.start + h.len)
			e = (int)h.elem;
	}
	return e;
}

static GArray *
highlight(const char *lang, const char *code, size_t len)
{
	GArray *r = g_array_new(FALSE, FALSE, sizeof(RenderHighlight));
	render_highlight_code(lang, code, len, r, NULL);
	for (guint i = 0; i < r->len; i++) {
		RenderHighlight h = g_array_index(r, RenderHighlight, i);
		assert_true((size_t)h.start + h.len <= len);
		assert_true(h.elem < ELEM__COUNT);
	}
	return r;
}

static void
test_lexer_highlighting(void **state)
{
	const char *c = "int main(void) { return 0; } // done\n#include <x.h>\n";
	g_autoptr(GArray) a = highlight("c", c, strlen(c));
	assert_int_equal(elem_at(a, 0), ELEM_CODE_TYPE);     /* int */
	assert_int_equal(elem_at(a, 4), ELEM_CODE_FUNCTION); /* main( */
	assert_int_equal(elem_at(a, 17), ELEM_CODE_KEYWORD); /* return */
	assert_int_equal(elem_at(a, 24), ELEM_CODE_NUMBER);  /* 0 */
	assert_int_equal(elem_at(a, 8), ELEM_CODE_OPERATOR); /* ( */
	assert_int_equal(elem_at(a, 30), ELEM_CODE_COMMENT); /* // done */
	assert_int_equal(elem_at(a, 37), ELEM_CODE_PREPROC); /* #include */
	const char *py = "def f(x):\n    return None if x else 'no'\n";
	g_autoptr(GArray) b = highlight("py", py, strlen(py));
	assert_int_equal(elem_at(b, 0), ELEM_CODE_KEYWORD);
	assert_int_equal(elem_at(b, 21), ELEM_CODE_CONSTANT); /* None */
	assert_int_equal(elem_at(b, 38), ELEM_CODE_STRING);
	const char *sh = "echo \"$HOME\" | grep x\n";
	g_autoptr(GArray) d = highlight("bash", sh, strlen(sh));
	assert_int_equal(elem_at(d, 6), ELEM_CODE_VARIABLE);
	const char *diff = "--- a\n+++ b\n@@ -1 +1 @@\n-old\n+new\n ctx\n";
	g_autoptr(GArray) e = highlight("diff", diff, strlen(diff));
	assert_int_equal(elem_at(e, 0), ELEM_DIFF_FILE);
	assert_int_equal(elem_at(e, 6), ELEM_DIFF_FILE);
	assert_int_equal(elem_at(e, 12), ELEM_DIFF_HUNK);
	assert_int_equal(elem_at(e, 24), ELEM_DIFF_DEL);
	assert_int_equal(elem_at(e, 29), ELEM_DIFF_ADD);
	assert_int_equal(elem_at(e, 35), -1);
	g_autoptr(GArray) f = highlight("cobol", c, strlen(c));
	assert_int_equal(f->len, 0);
	g_autoptr(GArray) g = highlight("", c, strlen(c));
	assert_int_equal(g->len, 0);
	/* Hostile code: unterminated strings, NUL, invalid UTF-8, stray bytes. */
	static const char hostile[] = "x = \"unterminated \xff\xfe\0 /* open\n'\x01\x7f";
	static const char *const langs[] = { "c", "cpp", "python", "js", "ts", "sh", "diff" };
	for (size_t n = 0; n <= sizeof hostile - 1; n++)
		for (size_t l = 0; l < G_N_ELEMENTS(langs); l++)
			g_array_unref(highlight(langs[l], hostile, n));
}

static void
test_styles_of_spans(void **state)
{
	RenderOptions o = { .width = 60 };
	g_autoptr(GPtrArray) lines = render_lines_new();
	const char *md = "# A *b*\n\n> **s** [l](u)";
	render_markdown(md, strlen(md), &o, lines);
	RenderLine *h = lines->pdata[0];
	RenderSpan *em = &g_array_index(h->spans, RenderSpan, 1);
	assert_string_equal(em->text, "b");
	assert_int_equal(em->elems[0], ELEM_EMPHASIS);
	assert_int_equal(em->elems[1], ELEM_HEADING1);
	RenderLine *q = lines->pdata[3];
	g_autofree char *qt = render_line_text(q);
	assert_string_equal(qt, "│ s l (u)");
	assert_int_equal(g_array_index(q->spans, RenderSpan, 0).elems[0], ELEM_QUOTE);
	assert_int_equal(g_array_index(q->spans, RenderSpan, 1).elems[0], ELEM_STRONG);
	assert_int_equal(g_array_index(q->spans, RenderSpan, 1).elems[1], ELEM_QUOTE);
	/* The SGR back end resets at the end of every line, so styles never leak. */
	g_setenv("AURELIS_DATA_DIR", TEST_SRCDIR, TRUE);
	g_autoptr(Theme) t = theme_load("dark", NULL, NULL);
	RenderAnsiOptions a = { .theme = t, .depth = THEME_DEPTH_256, .base = ELEM_TEXT };
	g_autofree char *ansi = render_ansi_markdown(md, strlen(md), &o, &a);
	g_auto(GStrv) rows = g_strsplit(ansi, "\n", -1);
	for (int i = 0; rows[i]; i++)
		if (strchr(rows[i], '\033') != NULL && !g_str_has_suffix(rows[i], "\033[0m"))
			fail_msg("line %d does not end with a reset: %s", i, rows[i]);
	assert_str_contains(ansi, "\033[0;1;38;5;75mA ");
	/* No theme: plain text, not a single escape. */
	RenderAnsiOptions plain = { 0 };
	g_autofree char *p = render_ansi_markdown(md, strlen(md), &o, &plain);
	assert_null(strchr(p, '\033'));
}

static void
test_hostile_nesting(void **state)
{
	GString *s = g_string_new(NULL);
	for (int i = 0; i < 20000; i++)
		g_string_append(s, "> ");
	g_string_append(s, "deep\n\n");
	for (int i = 0; i < 5000; i++)
		g_string_append(s, "*_");
	g_string_append(s, "x");
	for (int i = 0; i < 5000; i++)
		g_string_append(s, "_*");
	g_string_append(s, "\n\n");
	for (int i = 0; i < 300; i++)
		g_string_append_printf(s, "%*s- level %d\n", i * 2, "", i);
	g_string_append(s, "|");
	for (int i = 0; i < 2000; i++)
		g_string_append(s, " c |");
	g_string_append(s, "\n|");
	for (int i = 0; i < 2000; i++)
		g_string_append(s, "---|");
	g_string_append(s, "\n");
	g_autofree char *out = layout(s->str, 30, false);
	assert_str_contains(out, "deep");
	assert_str_contains(out, "x");
	assert_str_contains(out, "level 299");
	g_string_free(s, TRUE);
}

static void
test_rows_helper(void **state)
{
	RenderLine *l = render_line_new();
	guint8 e[RENDER_STACK] = { ELEM_TEXT, ELEM__COUNT, ELEM__COUNT };
	render_line_append(l, "0123456789日", -1, e);
	assert_int_equal(l->cols, 12);
	assert_int_equal(render_line_rows(l, 10), 2);
	assert_int_equal(render_line_rows(l, 11), 2);
	assert_int_equal(render_line_rows(l, 12), 1);
	render_line_free(l);
	render_line_free(NULL);
	g_autofree char *lang = render_code_lang("  py\xff\xfe\xfd thon");
	assert_true(g_utf8_validate(lang, -1, NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrapping),
		cmocka_unit_test(test_wide_characters),
		cmocka_unit_test(test_invalid_and_control_text),
		cmocka_unit_test(test_inline_markers),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_headings_and_rules),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_code_blocks_are_verbatim),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_ascii_glyphs),
		cmocka_unit_test(test_highlight_hook),
		cmocka_unit_test(test_lexer_highlighting),
		cmocka_unit_test(test_styles_of_spans),
		cmocka_unit_test(test_hostile_nesting),
		cmocka_unit_test(test_rows_helper),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
