/* SPDX-License-Identifier: MIT */
/* Unit tests for the lexers, language detection, function boundaries and metrics. */
#include "autoconfig.h"

#include "unit.h"

#include "lang/lang.h"

/* "kind:text" of every token, one per line (newline tokens as "nl"). */
static char *
lex_dump(LangId lang, const char *src, size_t len)
{
	GArray *t = g_array_new(FALSE, FALSE, sizeof(LangToken));
	lang_lex(lang, src, len, t);
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < t->len; i++) {
		const LangToken *k = &g_array_index(t, LangToken, i);
		assert_true((size_t)k->offset + k->length <= len);
		if (k->kind == LANG_TOK_NEWLINE) {
			g_string_append(s, "nl\n");
			continue;
		}
		g_string_append_printf(s, "%s%s:", lang_token_kind_name(k->kind),
				       (k->flags & LANG_TOKF_UNTERMINATED) ? "!" : "");
		g_string_append_len(s, src + k->offset, k->length);
		g_string_append_c(s, '\n');
	}
	g_array_free(t, TRUE);
	return g_string_free(s, FALSE);
}

#define DUMP(lang, text) lex_dump(lang, text, sizeof(text) - 1)

static GArray *
lex(LangId lang, const char *src, size_t len)
{
	GArray *t = g_array_new(FALSE, FALSE, sizeof(LangToken));
	lang_lex(lang, src, len, t);
	return t;
}

static void
test_detect(void **state)
{
	assert_int_equal(lang_detect("a/b.c", NULL, 0), LANG_C);
	assert_int_equal(lang_detect("x.hpp", NULL, 0), LANG_CPP);
	assert_int_equal(lang_detect("x.py", NULL, 0), LANG_PYTHON);
	assert_int_equal(lang_detect("x.mjs", NULL, 0), LANG_JS);
	assert_int_equal(lang_detect("x.tsx", NULL, 0), LANG_TS);
	assert_int_equal(lang_detect("x.bash", NULL, 0), LANG_SHELL);
	assert_int_equal(lang_detect("Makefile", NULL, 0), LANG_NONE);
	assert_int_equal(lang_detect(".bashrc", NULL, 0), LANG_NONE);
	const char *env = "#!/usr/bin/env -S python3.11 -u\nprint(1)\n";
	assert_int_equal(lang_detect("tool", env, strlen(env)), LANG_PYTHON);
	assert_int_equal(lang_detect("tool", "#! /bin/bash\n", 13), LANG_SHELL);
	assert_int_equal(lang_detect("tool", "#!/usr/bin/node", 15), LANG_JS);
	assert_int_equal(lang_detect("tool", "#!/usr/bin/perl\n", 16), LANG_NONE);
	assert_int_equal(lang_detect("tool", "#!", 2), LANG_NONE);
	assert_int_equal(lang_detect("tool", "hello", 5), LANG_NONE);
	assert_int_equal(lang_from_name("TypeScript"), LANG_TS);
	assert_int_equal(lang_from_name("sh"), LANG_SHELL);
	assert_int_equal(lang_from_name("cobol"), LANG_NONE);
	assert_string_equal(lang_name(LANG_CPP), "cpp");
}

static void
test_c_strings_comments(void **state)
{
	g_autofree char *d = DUMP(LANG_CPP, "a = L\"x\\\"y\" + u8'c' + R\"d(a)\" b)d\"; // c \\\n still\n/* b */ x");
	assert_str_contains(d, "string:L\"x\\\"y\"\n");
	assert_str_contains(d, "string:u8'c'\n");
	assert_str_contains(d, "string:R\"d(a)\" b)d\"\n");
	assert_str_contains(d, "comment:// c \\\n still\n");
	assert_str_contains(d, "comment:/* b */\nident:x\n");
	/* Unterminated forms never fail: a string stops at the line end, a comment at EOF. */
	g_autofree char *u = DUMP(LANG_C, "s = \"open\nint x; /* never closed");
	assert_str_contains(u, "string!:\"open\n");
	assert_str_contains(u, "keyword:int\n");
	assert_str_contains(u, "comment!:/* never closed\n");
	g_autofree char *r = DUMP(LANG_CPP, "R\"abc(unterminated raw");
	assert_str_contains(r, "string!:R\"abc(unterminated raw");
	/* "description" is one identifier, never "des" + something. */
	g_autofree char *w = DUMP(LANG_C, "description(x)");
	assert_str_contains(w, "ident:description\n");
}

static void
test_c_preprocessor(void **state)
{
	const char *src = "#include <stdio.h>\n#if 0\nint a;\n#else\nint b;\n#endif\n"
			  "#define F(x) \\\n  gets(x)\nint c;\n";
	GArray *t = lex(LANG_C, src, strlen(src));
	bool saw_a = false, saw_b = false, saw_c = false, saw_hdr = false;
	for (guint i = 0; i < t->len; i++) {
		const LangToken *k = &g_array_index(t, LangToken, i);
		const char *p = src + k->offset;
		if (k->kind == LANG_TOK_STRING && strncmp(p, "<stdio.h>", 9) == 0)
			saw_hdr = true;
		if (k->kind == LANG_TOK_IDENT && *p == 'a' && k->length == 1) {
			saw_a = true;
			assert_true(k->flags & LANG_TOKF_PP_SKIP); /* #if 0 branch */
		}
		if (k->kind == LANG_TOK_IDENT && *p == 'b' && k->length == 1) {
			saw_b = true;
			assert_false(k->flags & LANG_TOKF_PP_SKIP);
		}
		if (k->kind == LANG_TOK_IDENT && strncmp(p, "gets", 4) == 0)
			assert_true(k->flags & LANG_TOKF_PP); /* continued directive */
		if (k->kind == LANG_TOK_IDENT && *p == 'c' && k->length == 1) {
			saw_c = true;
			assert_int_equal(k->flags, 0);
			assert_int_equal(k->line, 9);
		}
	}
	assert_true(saw_a && saw_b && saw_c && saw_hdr);
	g_array_free(t, TRUE);
}

static void
test_python_strings(void **state)
{
	g_autofree char *d = DUMP(LANG_PYTHON, "x = f\"a{b!r:>{w}}c{{d}}\" + rb'\\'' + '''t\n''' + \"cut\ny = 1\n");
	assert_str_contains(d, "string:f\"a\ninterp_open:{\nident:b\n");
	assert_str_contains(d, "interp_open:{\nident:w\ninterp_close:}\ninterp_close:}\nstring:c{{d}}\"\n");
	assert_str_contains(d, "string:rb'\\''\n");
	assert_str_contains(d, "string:'''t\n'''\n");
	assert_str_contains(d, "string!:\"cut\nnl\nident:y\n");
	/* Unterminated triple quotes run to the end; nested f-strings stay balanced. */
	g_autofree char *u = DUMP(LANG_PYTHON, "s = \"\"\"never\nends");
	assert_str_contains(u, "string!:\"\"\"never\nends\n");
	g_autofree char *n = DUMP(LANG_PYTHON, "f'{f\"{x}\"}' + y");
	assert_str_contains(n, "interp_open:{\nstring:f\"\ninterp_open:{\nident:x\n");
	assert_str_contains(n, "operator:+\nident:y\n");
	/* Logical lines: brackets join lines; soft keywords only as statements. */
	g_autofree char *l = DUMP(LANG_PYTHON, "a = (1,\n 2)\nmatch = 3\nmatch a:\n    case 1: pass\n");
	assert_str_contains(l, "number:1\noperator:,\nnumber:2\noperator:)\nnl\n");
	assert_str_contains(l, "ident:match\noperator:=\n");
	assert_str_contains(l, "keyword:match\nident:a\n");
	assert_str_contains(l, "keyword:case\n");
}

static void
test_js_templates_regex(void **state)
{
	g_autofree char *d = DUMP(LANG_JS, "q = `a ${b + `c ${d}`} e`; r = /x\\/[/]+/g; z = a / b / c;");
	assert_str_contains(d, "string:`a \ninterp_open:${\nident:b\noperator:+\nstring:`c \n"
			       "interp_open:${\nident:d\ninterp_close:}\nstring:`\ninterp_close:}\n"
			       "string: e`\n");
	assert_str_contains(d, "regex:/x\\/[/]+/g\n");
	assert_str_contains(d, "ident:a\noperator:/\nident:b\noperator:/\nident:c\n");
	g_autofree char *u = DUMP(LANG_TS, "let t = `open ${x");
	assert_str_contains(u, "interp_open:${\nident:x\n");
	g_autofree char *k = DUMP(LANG_TS, "node.type = 1; type T = string;");
	assert_str_contains(k, "ident:node\noperator:.\nident:type\n");
	assert_str_contains(k, "keyword:type\nident:T\n");
	/* Deep nesting is bounded, not a stack overflow. */
	GString *deep = g_string_new(NULL);
	for (int i = 0; i < 5000; i++)
		g_string_append(deep, "`${");
	g_autofree char *z = lex_dump(LANG_JS, deep->str, deep->len);
	assert_non_null(z);
	g_string_free(deep, TRUE);
}

static void
test_shell(void **state)
{
	g_autofree char *d = DUMP(LANG_SHELL,
		"x=\"a $b ${c:-d} $(echo \"$e\")\" y='$f' z=`date`\n"
		"cat <<EOF >out\nhello $name\nEOF\nrm -rf $dir\n"
		"cat <<-'END'\n\t$literal\n\tEND\nfor i in 1 2; do echo $i; done\n");
	assert_str_contains(d, "ident:x\noperator:=\nstring:\"a \nvariable:$b\n");
	assert_str_contains(d, "variable:${c:-d}\n");
	assert_str_contains(d, "interp_open:$(\nident:echo\nstring:\"\nvariable:$e\nstring:\"\ninterp_close:)\n");
	assert_str_contains(d, "string:'$f'\n");
	assert_str_contains(d, "interp_open:`\nident:date\ninterp_close:`\n");
	assert_str_contains(d, "string:hello \nvariable:$name\n");
	assert_str_contains(d, "string:EOF\nident:rm\nident:-rf\nvariable:$dir\n");
	assert_str_contains(d, "string:\t$literal\n\nstring:\tEND\n");
	assert_str_contains(d, "keyword:for\nident:i\nkeyword:in\nnumber:1\n");
	assert_str_contains(d, "keyword:do\nident:echo\n");
	/* Quoted expansions are marked; unquoted are not. */
	const char *src = "rm \"$a\" $b";
	GArray *t = lex(LANG_SHELL, src, strlen(src));
	int quoted = 0, bare = 0;
	for (guint i = 0; i < t->len; i++) {
		const LangToken *k = &g_array_index(t, LangToken, i);
		if (k->kind == LANG_TOK_VARIABLE)
			(k->flags & LANG_TOKF_QUOTED) ? quoted++ : bare++;
	}
	assert_int_equal(quoted, 1);
	assert_int_equal(bare, 1);
	g_array_free(t, TRUE);
	/* Unterminated quote, heredoc and substitution. */
	g_autofree char *u = DUMP(LANG_SHELL, "echo \"open $x\ncat <<EOF\nbody\n");
	assert_str_contains(u, "string!:");
	g_autofree char *h = DUMP(LANG_SHELL, "cat <<EOF\nbody\n");
	assert_str_contains(h, "string!:body\n");
	g_autofree char *c = DUMP(LANG_SHELL, "echo $(ls");
	assert_str_contains(c, "interp_open:$(\nident:ls\n");
	/* Case patterns are not commands, esac closes. */
	g_autofree char *k = DUMP(LANG_SHELL, "case $x in\nif) echo if;;\nesac\n");
	assert_str_contains(k, "ident:if\noperator:)\n");
	assert_str_contains(k, "keyword:esac\n");
}

static void
test_hostile_bytes(void **state)
{
	/* NUL bytes, invalid UTF-8 and CRLF in every language: tokens, never failure. */
	static const char src[] = "x = \"a\0b\"\r\n\xff\xfe y\0z = 1\r\n# \xc3\x28 comment\r\n";
	for (LangId l = LANG_C; l < LANG__COUNT; l++) {
		GArray *t = lex(l, src, sizeof src - 1);
		assert_true(t->len > 0);
		uint32_t maxline = 0;
		for (guint i = 0; i < t->len; i++) {
			const LangToken *k = &g_array_index(t, LangToken, i);
			assert_true((size_t)k->offset + k->length <= sizeof src - 1);
			if (k->line > maxline)
				maxline = k->line;
		}
		assert_int_equal(maxline, 3);
		g_array_free(t, TRUE);
	}
	g_autofree char *p = DUMP(LANG_PYTHON, "a\r\nb\r\n");
	assert_string_equal(p, "ident:a\nnl\nident:b\nnl\n");
	/* Empty input and a lone quote. */
	for (LangId l = LANG_C; l < LANG__COUNT; l++) {
		GArray *t = lex(l, "", 0);
		assert_int_equal(t->len, 0);
		g_array_free(t, TRUE);
		t = lex(l, "\"", 1);
		assert_true(t->len >= 1);
		assert_int_equal(g_array_index(t, LangToken, 0).kind, LANG_TOK_STRING);
		assert_true(g_array_index(t, LangToken, 0).flags & LANG_TOKF_UNTERMINATED);
		g_array_free(t, TRUE);
	}
}

static void
test_numbers(void **state)
{
	g_autofree char *c = DUMP(LANG_CPP, "x = 0x1Fu + 1e-5f + 1'000'000 + .5 + 0b1010 + 0x1p+3;");
	assert_str_contains(c, "number:0x1Fu\n");
	assert_str_contains(c, "number:1e-5f\n");
	assert_str_contains(c, "number:1'000'000\n");
	assert_str_contains(c, "number:.5\n");
	assert_str_contains(c, "number:0x1p+3\n");
	g_autofree char *p = DUMP(LANG_PYTHON, "x = 1_000.5e+3j + 0o17 + 0xff\n");
	assert_str_contains(p, "number:1_000.5e+3j\n");
	assert_str_contains(p, "number:0o17\n");
	g_autofree char *j = DUMP(LANG_JS, "x = 0xffn + 1_000 + 2.5e-3;");
	assert_str_contains(j, "number:0xffn\n");
	assert_str_contains(j, "number:1_000\n");
	assert_str_contains(j, "number:2.5e-3\n");
	/* a name with digits stays one identifier, never a number */
	g_autofree char *i = DUMP(LANG_C, "md5x2 = x2;");
	assert_str_contains(i, "ident:md5x2\n");
}

static void
test_hostile_unterminated(void **state)
{
	/* a block comment, a string and a template that never close, in JavaScript */
	g_autofree char *j = DUMP(LANG_JS, "a = 1; /* open\nb = 2;");
	assert_str_contains(j, "comment!:/* open\nb = 2;\n");
	g_autofree char *js = DUMP(LANG_JS, "s = 'open\nt = 1;");
	assert_str_contains(js, "string!:'open\n");
	assert_str_contains(js, "ident:t\n");
	/* an f-string cut inside a nested field */
	g_autofree char *f = DUMP(LANG_PYTHON, "s = f'{a[f\"{b");
	assert_str_contains(f, "interp_open:{\nident:a\n");
	/* a shell single quote that never closes runs to the end */
	g_autofree char *q = DUMP(LANG_SHELL, "echo 'open\nrm $x\n");
	assert_str_contains(q, "string!:'open\nrm $x\n");
	/* CRLF: the heredoc still ends at "EOF\r", and what follows is code */
	g_autofree char *h = DUMP(LANG_SHELL, "cat <<EOF\r\nbody $v\r\nEOF\r\nrm $x\r\n");
	assert_str_contains(h, "ident:rm\nvariable:$x\n");
	/* CRLF in C: a line comment ends at the line, the next line is code */
	g_autofree char *c = DUMP(LANG_C, "// note\r\ngets(b);\r\n");
	assert_str_contains(c, "ident:gets\n");
}

typedef struct {
	const char *name;
	unsigned params, complexity, nesting, lines;
} Expect;

static void
check_functions(LangId lang, const char *src, const Expect *want, size_t nwant)
{
	GArray *t = lex(lang, src, strlen(src));
	GArray *f = g_array_new(FALSE, FALSE, sizeof(LangFunction));
	lang_functions(lang, src, (const LangToken *)(void *)t->data, t->len, f);
	LangFileMetrics fm;
	lang_metrics(lang, src, strlen(src), (const LangToken *)(void *)t->data, t->len, f, &fm);
	if (f->len != nwant)
		fail_msg("%s: found %u functions, want %zu", lang_name(lang), f->len, nwant);
	for (guint i = 0; i < f->len; i++) {
		const LangFunction *x = &g_array_index(f, LangFunction, i);
		const Expect *e = &want[i];
		if (e->name) {
			const LangToken *n = &g_array_index(t, LangToken, x->name_tok);
			if (strlen(e->name) != n->length || memcmp(src + n->offset, e->name, n->length))
				fail_msg("function %u: name %.*s, want %s", i, (int)n->length, src + n->offset, e->name);
		}
		if (x->params != e->params || x->complexity != e->complexity ||
		    x->max_nesting != e->nesting || x->lines != e->lines)
			fail_msg("%s: params %u cx %u nest %u lines %u; want %u %u %u %u",
				 e->name ? e->name : "anon", x->params, x->complexity, x->max_nesting,
				 x->lines, e->params, e->complexity, e->nesting, e->lines);
	}
	assert_int_equal(fm.functions, nwant);
	g_array_free(f, TRUE);
	g_array_free(t, TRUE);
}

static void
test_functions_c(void **state)
{
	const char *src = "/* c */\nstatic int f(int a, char *b)\n{\n\tif (a && b) {\n"
			  "\t\tfor (;;) { while (a) { a--; } }\n\t}\n\treturn a ? 1 : 0;\n}\n"
			  "int proto(int);\nstruct s { int (*fp)(void); };\n"
			  "void g(void) __attribute__((cold));\nvoid h(void) { }\n";
	const Expect e[] = { { "f", 2, 6, 3, 7 }, { "h", 0, 1, 0, 1 } };
	check_functions(LANG_C, src, e, G_N_ELEMENTS(e));
}

static void
test_functions_python(void **state)
{
	const char *src = "def outer(a, b=1, *, c, **kw):\n    def inner(x):\n        return x or 1\n"
			  "    if a:\n        for i in b:\n            pass\n    return inner\n\n"
			  "class K:\n    async def m(self, /, y): return [i for i in y if i]\n";
	const Expect e[] = { { "outer", 4, 3, 2, 7 }, { "inner", 1, 2, 0, 2 }, { "m", 2, 3, 0, 1 } };
	check_functions(LANG_PYTHON, src, e, G_N_ELEMENTS(e));
}

static void
test_functions_js(void **state)
{
	const char *src = "function a(x, {y, z}) { return x ?? y; }\n"
			  "const b = async (p) => {\n  if (p) { return p ? 1 : 2; }\n};\n"
			  "class C {\n  m(q: number): string { return q > 1 && q < 3 ? 'a' : 'b'; }\n}\n"
			  "obj.on('x', function () { try { f(); } catch (e) {} });\n";
	const Expect e[] = { { "a", 2, 2, 0, 1 }, { "b", 1, 3, 1, 3 }, { "m", 1, 3, 0, 1 },
			     { NULL, 0, 2, 1, 1 } };
	check_functions(LANG_TS, src, e, G_N_ELEMENTS(e));
}

static void
test_functions_shell(void **state)
{
	const char *src = "#!/bin/sh\nsetup() {\n  if [ -n \"$1\" ] && [ -d x ]; then\n"
			  "    case $1 in a) echo;; b) echo;; esac\n  fi\n}\n"
			  "function other { for i in 1; do :; done; }\n";
	const Expect e[] = { { "setup", 0, 5, 2, 5 }, { "other", 0, 2, 1, 1 } };
	check_functions(LANG_SHELL, src, e, G_N_ELEMENTS(e));
}

static void
test_file_metrics(void **state)
{
	const char *src = "/* a\n * b */\nint x;\n\nint y; // c\n";
	GArray *t = lex(LANG_C, src, strlen(src));
	LangFileMetrics fm;
	lang_metrics(LANG_C, src, strlen(src), (const LangToken *)(void *)t->data, t->len, NULL, &fm);
	assert_int_equal(fm.lines, 5);
	assert_int_equal(fm.code_lines, 2);
	assert_int_equal(fm.comment_lines, 3);
	assert_int_equal(fm.blank_lines, 1);
	g_array_free(t, TRUE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_c_strings_comments),
		cmocka_unit_test(test_c_preprocessor),
		cmocka_unit_test(test_python_strings),
		cmocka_unit_test(test_js_templates_regex),
		cmocka_unit_test(test_shell),
		cmocka_unit_test(test_hostile_bytes),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_hostile_unterminated),
		cmocka_unit_test(test_functions_c),
		cmocka_unit_test(test_functions_python),
		cmocka_unit_test(test_functions_js),
		cmocka_unit_test(test_functions_shell),
		cmocka_unit_test(test_file_metrics),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
