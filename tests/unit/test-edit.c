/* SPDX-License-Identifier: MIT */
/* Unit tests for edit.c: the SEARCH/REPLACE format, parsing, applying, text checks. */
#include "autoconfig.h"

#include "unit.h"
#include "edit.h"

static EditParsed *
parse(const char *answer)
{
	return edit_parse(answer, strlen(answer));
}

static const EditBlock *
block(const EditParsed *p, guint i)
{
	assert_true(i < p->blocks->len);
	return p->blocks->pdata[i];
}

static const EditProblem *
problem(const GPtrArray *problems, guint i)
{
	assert_true(i < problems->len);
	return problems->pdata[i];
}

/* Apply answer to old (NULL: no file); returns the new text or NULL, with the result. */
static EditResult *
apply(const char *answer, const char *target, const char *old, AurError **err)
{
	EditParsed *p = parse(answer);
	EditResult *r = edit_apply(p, target, old, old != NULL ? strlen(old) : 0, err);
	edit_parsed_free(p);
	return r;
}

/* Apply and expect success with exactly `want`. */
static void
apply_ok(const char *answer, const char *old, const char *want)
{
	AurError *err = NULL;
	EditResult *r = apply(answer, "f.c", old, &err);
	if (r->text == NULL) {
		g_autofree char *why = edit_problems_format(r->problems);
		fail_msg("not applied: %s\n%s", err ? err->message : "?", why);
	}
	assert_null(err);
	assert_int_equal(r->len, strlen(want));
	assert_memory_equal(r->text, want, r->len);
	assert_int_equal(r->problems->len, 0);
	edit_result_free(r);
}

/* Apply and expect failure; returns the result for more checks. */
static EditResult *
apply_fails(const char *answer, const char *old)
{
	AurError *err = NULL;
	EditResult *r = apply(answer, "f.c", old, &err);
	assert_null(r->text);
	assert_non_null(err);
	assert_int_equal(err->category, AUR_ERR_MODEL);
	assert_str_contains(err->message, "nothing was changed");
	assert_non_null(err->hint);
	aur_error_free(err);
	assert_true(r->problems->len > 0);
	for (guint i = 0; i < r->problems->len; i++)
		assert_non_null(problem(r->problems, i)->hint);
	return r;
}

#define SR(path, s, r) path "\n<<<<<<< SEARCH\n" s "=======\n" r ">>>>>>> REPLACE\n"

static const char *const file_c =
	"#include <stdio.h>\n"
	"\n"
	"int\n"
	"main(void)\n"
	"{\n"
	"\tprintf(\"hello\\n\");\n"
	"\treturn 0;\n"
	"}\n";

/* ---- the format ----------------------------------------------------------------------- */

static void
test_format_example_parses(void **state)
{
	const char *fmt = edit_format_instructions();
	assert_str_contains(fmt, "<<<<<<< SEARCH\n");
	assert_str_contains(fmt, "\n=======\n");
	assert_str_contains(fmt, ">>>>>>> REPLACE\n");
	assert_str_contains(fmt, "empty SEARCH");
	/* The example in the instructions is itself a block the parser reads. */
	EditParsed *p = parse(fmt);
	assert_int_equal(p->problems->len, 0);
	assert_int_equal(p->blocks->len, 1);
	assert_string_equal(block(p, 0)->search, "lines copied exactly from the current file\n");
	assert_string_equal(block(p, 0)->replace, "the lines that replace them\n");
	edit_parsed_free(p);
}

/* ---- parsing -------------------------------------------------------------------------- */

static void
test_parse_blocks_in_and_out_of_fences(void **state)
{
	EditParsed *p = parse(
		"I changed two things.\n"
		"\n"
		"src/main.c\n"
		"```c\n"
		"<<<<<<< SEARCH\n"
		"int a;\n"
		"=======\n"
		"int b;\n"
		">>>>>>> REPLACE\n"
		"```\n"
		"\n"
		"**File: `src/util.c`**\n"
		"<<<<<<< SEARCH\n"
		"=======\n"
		"void f(void);\n"
		">>>>>>> REPLACE\n"
		"```c lib/x.h\n"
		"<<<<<<< SEARCH\n"
		"old\n"
		"=======\n"
		">>>>>>> REPLACE\n"
		"```\n"
		"Some prose: it ends here.\n"
		"<<<<<<<SEARCH  \n"
		"a\n"
		"=====\n"
		"b\n"
		">>>>>>>>> replace\n");
	assert_int_equal(p->problems->len, 0);
	assert_int_equal(p->count, 4);
	assert_int_equal(p->blocks->len, 4);
	assert_int_equal(block(p, 0)->index, 1);
	assert_int_equal(block(p, 0)->line, 5);
	assert_string_equal(block(p, 0)->path, "src/main.c");
	assert_string_equal(block(p, 0)->search, "int a;\n");
	assert_string_equal(block(p, 0)->replace, "int b;\n");
	assert_int_equal(block(p, 0)->splits->len, 1);
	assert_string_equal(block(p, 1)->path, "src/util.c");
	assert_string_equal(block(p, 1)->search, "");
	assert_string_equal(block(p, 1)->replace, "void f(void);\n");
	assert_string_equal(block(p, 2)->path, "lib/x.h");
	assert_string_equal(block(p, 2)->replace, "");
	assert_null(block(p, 3)->path); /* prose is not a file name */
	assert_string_equal(block(p, 3)->search, "a\n");
	assert_string_equal(block(p, 3)->replace, "b\n");
	edit_parsed_free(p);
}

static void
test_parse_crlf_answer(void **state)
{
	EditParsed *p = parse("x.c\r\n<<<<<<< SEARCH\r\nint a;\r\n=======\r\nint b;\r\n"
			      ">>>>>>> REPLACE\r\n");
	assert_int_equal(p->blocks->len, 1);
	assert_string_equal(block(p, 0)->path, "x.c");
	assert_string_equal(block(p, 0)->search, "int a;\n");
	assert_string_equal(block(p, 0)->replace, "int b;\n");
	edit_parsed_free(p);
}

static void
test_parse_malformed(void **state)
{
	EditParsed *p = parse(
		"<<<<<<< SEARCH\n"        /* 1: block 1 has no divider */
		"a\n"
		">>>>>>> REPLACE\n"
		"<<<<<<< SEARCH\n"        /* 4: block 2 is not closed before block 3 */
		"b\n"
		"=======\n"
		"c\n"
		"<<<<<<< SEARCH\n"        /* 8: block 3 is fine */
		"d\n"
		"=======\n"
		"e\n"
		">>>>>>> REPLACE\n"
		">>>>>>> REPLACE\n"       /* 13: a stray end marker */
		"<<<<<<< SEARCH\n"        /* 14: block 4 never ends */
		"f\n");
	assert_int_equal(p->count, 4);
	assert_int_equal(p->blocks->len, 1);
	assert_int_equal(block(p, 0)->index, 3);
	assert_string_equal(block(p, 0)->search, "d\n");
	assert_int_equal(p->problems->len, 4);
	assert_int_equal(problem(p->problems, 0)->block, 1);
	assert_int_equal(problem(p->problems, 0)->line, 1);
	assert_str_contains(problem(p->problems, 0)->message, "block 1: no ======= line");
	assert_int_equal(problem(p->problems, 1)->block, 2);
	assert_str_contains(problem(p->problems, 1)->message, "block 2: no >>>>>>> REPLACE");
	assert_str_contains(problem(p->problems, 1)->message, "line 8");
	assert_int_equal(problem(p->problems, 2)->block, 0);
	assert_int_equal(problem(p->problems, 2)->line, 13);
	assert_str_contains(problem(p->problems, 2)->message, "without a <<<<<<< SEARCH");
	assert_int_equal(problem(p->problems, 3)->block, 4);
	assert_str_contains(problem(p->problems, 3)->message, "end of the answer");
	for (guint i = 0; i < p->problems->len; i++)
		assert_non_null(problem(p->problems, i)->hint);
	edit_parsed_free(p);
}

static void
test_parse_markers_must_be_whole_lines(void **state)
{
	EditParsed *p = parse(
		"<<<<<<< SEARCH\n"
		"printf(\"<<<<<<< SEARCH\");\n"
		"  =======\n"
		"x ======= y\n"
		"<<<<<<< HEAD\n"
		">>>>>>> feature\n"
		"<<<< SEARCH\n"
		"==========\n"
		"=======\n"
		"new\n"
		">>>>>>> REPLACE trailing words\n"
		">>>>>>> REPLACE\n");
	assert_int_equal(p->problems->len, 0);
	assert_int_equal(p->blocks->len, 1);
	assert_string_equal(block(p, 0)->search,
			    "printf(\"<<<<<<< SEARCH\");\n  =======\nx ======= y\n<<<<<<< HEAD\n"
			    ">>>>>>> feature\n<<<< SEARCH\n==========\n");
	assert_string_equal(block(p, 0)->replace, "new\n>>>>>>> REPLACE trailing words\n");
	edit_parsed_free(p);
}

static void
test_parse_dividers_in_content(void **state)
{
	/* A markdown file with a setext heading in both parts: three ======= lines. */
	EditParsed *p = parse("<<<<<<< SEARCH\nTitle\n=======\n=======\nNew title\n=======\n"
			      ">>>>>>> REPLACE\n");
	assert_int_equal(p->blocks->len, 1);
	const EditBlock *b = block(p, 0);
	assert_int_equal(b->splits->len, 3);
	assert_string_equal(b->search, "Title\n=======\n");
	assert_string_equal(b->replace, "New title\n=======\n");
	edit_parsed_free(p);
	/* A divider outside any block is markdown, not a problem. */
	p = parse("Heading\n=======\n\ntext\n");
	assert_int_equal(p->problems->len, 0);
	assert_int_equal(p->count, 0);
	edit_parsed_free(p);
}

static void
test_parse_hostile(void **state)
{
	const char nul[] = "<<<<<<< SEARCH\na\0b\n=======\nc\n>>>>>>> REPLACE\n";
	EditParsed *p = edit_parse(nul, sizeof nul - 1);
	assert_int_equal(p->blocks->len, 0);
	assert_int_equal(p->problems->len, 1);
	assert_str_contains(problem(p->problems, 0)->message, "NUL");
	edit_parsed_free(p);
	p = parse("<<<<<<< SEARCH\na\xff\n=======\nc\n>>>>>>> REPLACE\n");
	assert_int_equal(p->blocks->len, 0);
	assert_str_contains(problem(p->problems, 0)->message, "UTF-8");
	edit_parsed_free(p);
	p = edit_parse(NULL, 0);
	assert_int_equal(p->count, 0);
	edit_parsed_free(p);
	p = parse("<<<<<<< SEARCH");
	assert_int_equal(p->problems->len, 1);
	edit_parsed_free(p);
	/* A block full of ======= lines keeps only a few readings. */
	g_autoptr(GString) d = g_string_new("<<<<<<< SEARCH\n");
	for (int i = 0; i < 100001; i++)
		g_string_append(d, "=======\n");
	g_string_append(d, ">>>>>>> REPLACE\n");
	p = edit_parse(d->str, d->len);
	assert_int_equal(p->blocks->len, 1);
	assert_int_equal(block(p, 0)->splits->len, 9);
	edit_parsed_free(p);
	/* Many markers in a row. */
	g_autoptr(GString) s = g_string_new(NULL);
	for (int i = 0; i < 5000; i++)
		g_string_append(s, "<<<<<<< SEARCH\n=======\n");
	p = edit_parse(s->str, s->len);
	assert_int_equal(p->count, 5000);
	assert_int_equal(p->problems->len, 5000);
	edit_parsed_free(p);
}

/* ---- applying ------------------------------------------------------------------------- */

static void
test_apply_exact(void **state)
{
	apply_ok(SR("f.c", "\tprintf(\"hello\\n\");\n", "\tputs(\"hello\");\n"), file_c,
		 "#include <stdio.h>\n\nint\nmain(void)\n{\n\tputs(\"hello\");\n\treturn 0;\n}\n");
	AurError *err = NULL;
	EditResult *r = apply(SR("f.c", "\treturn 0;\n", "\treturn 1;\n"), "f.c", file_c, &err);
	assert_non_null(r->text);
	assert_int_equal(r->applied->len, 1);
	EditApplied *a = &g_array_index(r->applied, EditApplied, 0);
	assert_int_equal(a->block, 1);
	assert_int_equal(a->how, EDIT_MATCH_EXACT);
	assert_int_equal(a->first, 7);
	assert_int_equal(a->count, 1);
	edit_result_free(r);
}

static void
test_apply_several_in_any_order(void **state)
{
	/* Blocks in reverse file order, all against the original text. */
	apply_ok(SR("", "}\n", "}\n/* end */\n")
		 SR("", "int\nmain(void)\n", "int\nmain(int argc, char **argv)\n")
		 SR("", "#include <stdio.h>\n", "#include <stdio.h>\n#include <stdlib.h>\n"),
		 file_c,
		 "#include <stdio.h>\n#include <stdlib.h>\n\nint\nmain(int argc, char **argv)\n{\n"
		 "\tprintf(\"hello\\n\");\n\treturn 0;\n}\n/* end */\n");
	/* Adjacent blocks do not overlap; deleting lines works. */
	apply_ok(SR("", "int\n", "") SR("", "main(void)\n", "int main(void)\n"), file_c,
		 "#include <stdio.h>\n\nint main(void)\n{\n\tprintf(\"hello\\n\");\n\treturn 0;\n}\n");
}

static void
test_apply_overlap(void **state)
{
	EditResult *r = apply_fails(SR("", "{\n\tprintf(\"hello\\n\");\n", "{\n")
				    SR("", "\tprintf(\"hello\\n\");\n\treturn 0;\n", "\treturn 2;\n"),
				    file_c);
	assert_int_equal(r->problems->len, 1);
	const EditProblem *p = problem(r->problems, 0);
	assert_int_equal(p->block, 2);
	assert_str_contains(p->message, "block 2: the block overlaps block 1");
	assert_str_contains(p->message, "line 6 of f.c");
	edit_result_free(r);
	/* The same block twice overlaps itself. */
	r = apply_fails(SR("", "\treturn 0;\n", "\treturn 1;\n") SR("", "\treturn 0;\n", "\treturn 2;\n"),
			file_c);
	assert_str_contains(problem(r->problems, 0)->message, "overlaps block 1");
	edit_result_free(r);
	/* A long block overlapping two short ones: both are reported. */
	r = apply_fails(SR("", "#include <stdio.h>\n\nint\nmain(void)\n{\n", "x\n")
			SR("", "\nint\n", "y\n") SR("", "{\n", "z\n"), file_c);
	assert_int_equal(r->problems->len, 2);
	assert_str_contains(problem(r->problems, 0)->message, "block 2: the block overlaps block 1: "
			    "both change lines 2-3");
	assert_str_contains(problem(r->problems, 1)->message, "block 3: the block overlaps block 1: "
			    "both change line 5");
	edit_result_free(r);
	/* Blocks covering a larger range report it. */
	r = apply_fails(SR("", "int\nmain(void)\n{\n", "x\n") SR("", "main(void)\n{\n\tprintf(\"hello\\n\");\n", "y\n"),
			file_c);
	assert_str_contains(problem(r->problems, 0)->message, "lines 4-5 of f.c");
	edit_result_free(r);
}

static const char *const repeated =
	"void a(void)\n{\n\tcount++;\n}\n\nvoid b(void)\n{\n\tcount++;\n}\n";

static void
test_apply_ambiguous(void **state)
{
	EditResult *r = apply_fails(SR("", "\tcount++;\n", "\tcount += 2;\n"), repeated);
	const EditProblem *p = problem(r->problems, 0);
	assert_str_contains(p->message, "matches 2 places in f.c (lines 3 and 8)");
	assert_str_contains(p->hint, "more surrounding lines");
	edit_result_free(r);
	/* Enough context makes it unique. */
	apply_ok(SR("", "void b(void)\n{\n\tcount++;\n", "void b(void)\n{\n\tcount += 2;\n"),
		 repeated, "void a(void)\n{\n\tcount++;\n}\n\nvoid b(void)\n{\n\tcount += 2;\n}\n");
	/* Ambiguity past the exact level is an error too, not a guess. */
	r = apply_fails(SR("", "count++;\n", "x\n"), "a\n  count++;\n    count++;\n");
	assert_str_contains(problem(r->problems, 0)->message, "matches 2 places");
	edit_result_free(r);
	/* Many matches are counted up to a cap. */
	r = apply_fails(SR("", "x\n", "y\n"), "x\nx\nx\nx\nx\nx\nx\nx\nx\n");
	assert_str_contains(problem(r->problems, 0)->message, "at least 6 places");
	edit_result_free(r);
}

static void
test_apply_no_match(void **state)
{
	EditResult *r = apply_fails(SR("", "int\nmain(void)\n{\n\tprintf(\"hullo\\n\");\n\treturn 0;\n",
					"x\n"), file_c);
	const EditProblem *p = problem(r->problems, 0);
	assert_str_contains(p->message, "block 1: the SEARCH text does not match f.c");
	assert_str_contains(p->hint, "lines 3-7 of f.c (4 of 5 lines match)");
	assert_str_contains(p->hint, "line 6 differs");
	assert_str_contains(p->hint, "printf(\"hello\\n\");");
	assert_str_contains(p->hint, "printf(\"hullo\\n\");");
	assert_int_equal(p->near_first, 3);
	assert_int_equal(p->near_last, 7);
	edit_result_free(r);
	/* No line in common: the most similar line. */
	r = apply_fails(SR("", "\tretrun 0;\n", "x\n"), file_c);
	p = problem(r->problems, 0);
	assert_str_contains(p->hint, "most similar line of f.c is line 7");
	assert_int_equal(p->near_first, 7);
	edit_result_free(r);
	/* Nothing similar at all, and an empty file. */
	r = apply_fails(SR("", "zzzzzzzzzzzzzzzzzzzz\n", "x\n"), file_c);
	assert_int_equal(problem(r->problems, 0)->near_first, 0);
	edit_result_free(r);
	r = apply_fails(SR("", "a\n", "b\n"), "");
	assert_str_contains(problem(r->problems, 0)->hint, "f.c is empty");
	edit_result_free(r);
	/* Control characters from the file are not echoed raw in the hint. */
	r = apply_fails(SR("", "a\nb\n", "c\n"), "a\n\033[2Jb\n");
	assert_str_lacks(problem(r->problems, 0)->hint, "\033");
	edit_result_free(r);
}

static void
test_apply_all_or_nothing(void **state)
{
	/* One good block and one that does not match: nothing, and both reported? Only the bad. */
	EditResult *r = apply_fails(SR("", "\treturn 0;\n", "\treturn 1;\n")
				    SR("", "\tnot there\n", "x\n"), file_c);
	assert_int_equal(r->problems->len, 1);
	assert_int_equal(problem(r->problems, 0)->block, 2);
	edit_result_free(r);
	/* A parse problem stops a good block too, and both are listed. */
	r = apply_fails(SR("", "\treturn 0;\n", "\treturn 1;\n") "<<<<<<< SEARCH\nx\n", file_c);
	assert_int_equal(r->problems->len, 1);
	assert_int_equal(problem(r->problems, 0)->block, 2);
	edit_result_free(r);
	r = apply_fails("<<<<<<< SEARCH\nx\n>>>>>>> REPLACE\n" SR("", "\tnot there\n", "y\n"),
			file_c);
	assert_int_equal(r->problems->len, 2);
	edit_result_free(r);
	/* No blocks at all. */
	r = apply_fails("Sure! Here is the fixed file:\n```c\nint main;\n```\n", file_c);
	assert_str_contains(problem(r->problems, 0)->message, "no SEARCH/REPLACE");
	edit_result_free(r);
}

static void
test_apply_trailing_whitespace(void **state)
{
	apply_ok(SR("", "b  \nc\n", "B\nC\n"), "a\nb\nc\t \nd\n", "a\nB\nC\nd\n");
	AurError *err = NULL;
	EditResult *r = apply(SR("", "b\n", "B\n"), "f.c", "a\nb   \n", &err);
	assert_int_equal(g_array_index(r->applied, EditApplied, 0).how, EDIT_MATCH_TRAILING_WS);
	edit_result_free(r);
}

static void
test_apply_reindent(void **state)
{
	/* The model dropped the file's indentation: the REPLACE is indented back. */
	const char *py = "class A:\n    def f(self):\n        if x:\n            return 1\n        return 2\n";
	apply_ok(SR("", "if x:\n    return 1\n", "if x and y:\n    return 1\nelse:\n\n    pass\n"),
		 py,
		 "class A:\n    def f(self):\n        if x and y:\n            return 1\n"
		 "        else:\n\n            pass\n        return 2\n");
	AurError *err = NULL;
	EditResult *r = apply(SR("", "if x:\n    return 1\n", "if y:\n    return 1\n"), "f.py", py, &err);
	assert_int_equal(g_array_index(r->applied, EditApplied, 0).how, EDIT_MATCH_INDENT);
	edit_result_free(r);
	/* The model indented more than the file. */
	apply_ok(SR("", "        a = 1\n        b = 2\n", "        a = 3\n    c = 4\n"),
		 "def f():\n    a = 1\n    b = 2\n", "def f():\n    a = 3\nc = 4\n");
	/* Spaces in the answer, tabs in the file. */
	apply_ok(SR("", "    if (x)\n        y();\n", "    if (x)\n        z();\n"),
		 "{\n\tif (x)\n\t\ty();\n}\n", "{\n\tif (x)\n\t\tz();\n}\n");
	/* A level deeper than any in the SEARCH extends the deepest one it starts with, in the
	 * file's characters: a tab for four spaces, never a mix. */
	apply_ok(SR("", "    if (x)\n        y();\n", "    if (x)\n        if (z)\n            y();\n"),
		 "\tif (x)\n\t\ty();\n", "\tif (x)\n\t\tif (z)\n\t\t\ty();\n");
	apply_ok(SR("", "    a;\n", "    if (z)\n        y();\n"), "{\n\ta;\n}\n",
		 "{\n\tif (z)\n\t\ty();\n}\n");
	/* and back: tabs in the answer, four spaces in the file */
	apply_ok(SR("", "\tif x:\n", "\tif y:\n\t\treturn 1\n"), "def f():\n    if x:\n",
		 "def f():\n    if y:\n        return 1\n");
	/* a remainder that is not whole units stays as it is */
	apply_ok(SR("", "    a;\n", "    b(1,\n      2);\n"), "\ta;\n", "\tb(1,\n\t  2);\n");
	/* Indentation that maps to two different ones in the file is not a match. */
	EditResult *two = apply_fails(SR("", "a\n  b\nc\n", "x\n"), "  a\n    b\n c\n");
	edit_result_free(two);
	/* Relative indentation must agree: this is not a match. */
	EditResult *bad = apply_fails(SR("", "a\n  b\n", "x\n"), "  a\n  b\n");
	edit_result_free(bad);
}

static void
test_apply_crlf_kept(void **state)
{
	apply_ok(SR("", "b\nc\n", "B\nnew\nC\n"), "a\r\nb\r\nc\r\nd\r\n",
		 "a\r\nB\r\nnew\r\nC\r\nd\r\n");
	/* A CRLF answer against an LF file gives LF. */
	apply_ok("<<<<<<< SEARCH\r\nb\r\n=======\r\nB\r\n>>>>>>> REPLACE\r\n", "a\nb\n", "a\nB\n");
	/* Mixed endings: untouched lines keep their own, new ones take the usual one. */
	apply_ok(SR("", "c\n", "C\nD\n"), "a\r\nb\nc\r\ne\r\n", "a\r\nb\nC\r\nD\r\ne\r\n");
}

static void
test_apply_final_newline(void **state)
{
	apply_ok(SR("", "b\n", "B\n"), "a\nb", "a\nB");
	apply_ok(SR("", "a\n", "A\n"), "a\nb", "A\nb");
	apply_ok(SR("", "b\n", "B\nC\n"), "a\r\nb", "a\r\nB\r\nC");
	apply_ok(SR("", "", "c\n"), "a\nb", "a\nb\nc");
	apply_ok(SR("", "b\n", ""), "a\nb", "a");
	apply_ok(SR("", "b\n", ""), "a\nb\n", "a\n");
	apply_ok(SR("", "a\nb\n", ""), "a\nb", "");
}

static void
test_apply_append_and_create(void **state)
{
	apply_ok(SR("", "", "int x;\n"), "int a;\n", "int a;\nint x;\n");
	apply_ok(SR("", "\n  \n", "int x;\n"), "int a;\n", "int a;\nint x;\n");
	apply_ok(SR("", "", "1\n") SR("", "", "2\n"), "0\n", "0\n1\n2\n");
	apply_ok(SR("", "", "x\n"), "", "x\n");
	/* A new file. */
	AurError *err = NULL;
	EditResult *r = apply(SR("new.c", "", "int main;\n"), "new.c", NULL, &err);
	assert_string_equal(r->text, "int main;\n");
	assert_int_equal(g_array_index(r->applied, EditApplied, 0).how, EDIT_MATCH_APPEND);
	edit_result_free(r);
	r = apply(SR("", "int a;\n", "x\n"), "new.c", NULL, &err);
	assert_null(r->text);
	assert_str_contains(problem(r->problems, 0)->message, "new.c does not exist");
	aur_error_free(err);
	edit_result_free(r);
}

static void
test_apply_other_file(void **state)
{
	AurError *err = NULL;
	EditResult *r = apply(SR("src/other.c", "\treturn 0;\n", "\treturn 1;\n"), "src/main.c",
			      file_c, &err);
	assert_null(r->text);
	assert_str_contains(problem(r->problems, 0)->message, "for src/other.c, but the file being "
			    "edited is src/main.c");
	aur_error_free(err);
	edit_result_free(r);
	/* The same file named from another directory is fine. */
	err = NULL;
	r = apply(SR("./project/src/main.c", "\treturn 0;\n", "\treturn 1;\n"), "main.c", file_c, &err);
	assert_non_null(r->text);
	assert_null(err);
	edit_result_free(r);
}

static void
test_apply_setext_content(void **state)
{
	apply_ok("<<<<<<< SEARCH\nTitle\n=======\n=======\nNew title\n=======\n>>>>>>> REPLACE\n",
		 "Title\n=======\n\nText\n", "New title\n=======\n\nText\n");
	/* Only the SEARCH has one: the second reading is the one that matches. */
	apply_ok("<<<<<<< SEARCH\nTitle\n=======\nText\n=======\nText\n>>>>>>> REPLACE\n",
		 "Title\n=======\nText\n", "Text\n");
}

static void
test_apply_bom_kept(void **state)
{
	apply_ok(SR("", "a\n", "A\n"), "\xEF\xBB\xBF" "a\nb\n", "\xEF\xBB\xBF" "A\nb\n");
}

static void
test_apply_refuses_bad_text(void **state)
{
	const char bin[] = "a\0b\n";
	AurError *err = NULL;
	EditParsed *p = parse(SR("", "a\n", "b\n"));
	EditResult *r = edit_apply(p, "x.bin", bin, sizeof bin - 1, &err);
	assert_null(r->text);
	assert_int_equal(err->category, AUR_ERR_INPUT);
	assert_str_contains(err->message, "x.bin looks binary");
	assert_non_null(err->hint);
	aur_error_free(err);
	edit_result_free(r);
	err = NULL;
	r = edit_apply(p, "latin1.c", "caf\xe9\n", 5, &err);
	assert_null(r->text);
	assert_int_equal(err->category, AUR_ERR_INPUT);
	assert_str_contains(err->message, "not valid UTF-8 (byte 0xe9 at line 1, column 4)");
	aur_error_free(err);
	edit_result_free(r);
	edit_parsed_free(p);
}

/* ---- helpers -------------------------------------------------------------------------- */

static void
test_text_helpers(void **state)
{
	AurError *err = NULL;
	assert_true(edit_text_check("x", "héllo\n", strlen("héllo\n"), &err));
	assert_false(edit_text_check("x", "a\nb\n\xc3", 5, &err));
	assert_str_contains(err->message, "line 3, column 1");
	aur_error_free(err);
	assert_true(edit_text_is_crlf("a\r\nb\r\nc\n", 8));
	assert_false(edit_text_is_crlf("a\r\nb\nc\n", 7));
	assert_false(edit_text_is_crlf("abc", 3));
	g_autofree char *crlf = edit_text_convert_eol("a\nb\r\nc", 6, true, NULL);
	assert_string_equal(crlf, "a\r\nb\r\nc");
	size_t n;
	g_autofree char *lf = edit_text_convert_eol("a\r\nb\n\n", 6, false, &n);
	assert_string_equal(lf, "a\nb\n\n");
	assert_int_equal(n, 5);
}

static void
test_read_text(void **state)
{
	char *dir = unit_tmpdir();
	g_autofree char *good = g_build_filename(dir, "good.c", NULL);
	g_autofree char *bad = g_build_filename(dir, "bad.c", NULL);
	unit_write(good, "int x;\n");
	assert_true(g_file_set_contents(bad, "\x7f" "ELF\0\0", 6, NULL));
	AurError *err = NULL;
	size_t len;
	g_autofree char *t = edit_read_text(good, 0, &len, &err);
	assert_string_equal(t, "int x;\n");
	assert_int_equal(len, 7);
	assert_null(edit_read_text(bad, 0, NULL, &err));
	assert_int_equal(err->category, AUR_ERR_INPUT);
	aur_error_free(err);
	err = NULL;
	assert_null(edit_read_text(good, 3, NULL, &err));
	assert_int_equal(err->category, AUR_ERR_INPUT);
	aur_error_free(err);
	err = NULL;
	assert_null(edit_read_text(dir, 0, NULL, &err));
	aur_error_free(err);
	unit_rmdir(dir);
}

static void
test_problems_output(void **state)
{
	EditResult *r = apply_fails(SR("", "\tcount++;\n", "x\n") SR("", "nope\n", "y\n"), repeated);
	g_autofree char *text = edit_problems_format(r->problems);
	assert_str_contains(text, "block 1: the SEARCH text matches 2 places");
	assert_str_contains(text, "\n  hint: ");
	assert_str_contains(text, "block 2: the SEARCH text does not match");
	cJSON *j = edit_problems_to_json(r->problems);
	assert_int_equal(cJSON_GetArraySize(j), 2);
	cJSON *first = cJSON_GetArrayItem(j, 0);
	assert_int_equal(cJSON_GetObjectItem(first, "block")->valueint, 1);
	assert_int_equal(cJSON_GetObjectItem(first, "line")->valueint, 2);
	assert_non_null(cJSON_GetObjectItem(first, "hint"));
	cJSON_Delete(j);
	edit_result_free(r);
	assert_string_equal(edit_match_name(EDIT_MATCH_INDENT), "indentation");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_example_parses),
		cmocka_unit_test(test_parse_blocks_in_and_out_of_fences),
		cmocka_unit_test(test_parse_crlf_answer),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_parse_markers_must_be_whole_lines),
		cmocka_unit_test(test_parse_dividers_in_content),
		cmocka_unit_test(test_parse_hostile),
		cmocka_unit_test(test_apply_exact),
		cmocka_unit_test(test_apply_several_in_any_order),
		cmocka_unit_test(test_apply_overlap),
		cmocka_unit_test(test_apply_ambiguous),
		cmocka_unit_test(test_apply_no_match),
		cmocka_unit_test(test_apply_all_or_nothing),
		cmocka_unit_test(test_apply_trailing_whitespace),
		cmocka_unit_test(test_apply_reindent),
		cmocka_unit_test(test_apply_crlf_kept),
		cmocka_unit_test(test_apply_final_newline),
		cmocka_unit_test(test_apply_append_and_create),
		cmocka_unit_test(test_apply_other_file),
		cmocka_unit_test(test_apply_setext_content),
		cmocka_unit_test(test_apply_bom_kept),
		cmocka_unit_test(test_apply_refuses_bad_text),
		cmocka_unit_test(test_text_helpers),
		cmocka_unit_test(test_read_text),
		cmocka_unit_test(test_problems_output),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
