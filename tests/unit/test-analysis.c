/* SPDX-License-Identifier: MIT */
/* Unit tests for the analysis engine: the labelled corpus (every rule has a flawed and a
 * clean look-alike case), suppressions, configuration, reports and hostile input. */
#include "autoconfig.h"

#include "unit.h"

#include <cjson/cJSON.h>

#include "analysis/analysis.h"

#define CORPUS TEST_SRCDIR "/tests/analysis/corpus"

static AnalysisFile *
analyse(const char *path, const char *text, LangId lang)
{
	AnalysisOptions o = { 0 };
	AurError *err = NULL;
	AnalysisFile *f = analysis_file_buffer(path, text, strlen(text), lang, &o, &err);
	assert_null(err);
	assert_non_null(f);
	return f;
}

static bool
has(const AnalysisFile *f, const char *rule, uint32_t line)
{
	for (guint i = 0; i < f->findings->len; i++) {
		const AnalysisFinding *x = f->findings->pdata[i];
		if (strcmp(x->rule, rule) == 0 && (line == 0 || x->line == line))
			return true;
	}
	return false;
}

/* ---- the corpus ------------------------------------------------------------------------- */

static void
test_corpus_complete(void **state)
{
	size_t n;
	const AnalysisRule *rules = analysis_rules(&n);
	assert_true(n >= 60);
	for (size_t i = 0; i < n; i++) {
		g_autofree char *dir = g_build_filename(CORPUS, rules[i].id, NULL);
		GDir *d = g_dir_open(dir, 0, NULL);
		if (d == NULL)
			fail_msg("rule %s has no corpus directory", rules[i].id);
		bool bad = false, good = false;
		const char *name;
		while ((name = g_dir_read_name(d)) != NULL) {
			bad |= g_str_has_prefix(name, "bad.");
			good |= g_str_has_prefix(name, "good.");
		}
		g_dir_close(d);
		if (!bad || !good)
			fail_msg("rule %s lacks a %s case", rules[i].id, bad ? "good" : "bad");
		/* every rule has a message, a hint and a known category */
		assert_true(strlen(rules[i].message) > 0 && strlen(rules[i].hint) > 0);
		assert_ptr_equal(analysis_rule_find(rules[i].id), &rules[i]);
	}
}

/* Lines marked "expect: RULE" must have that finding; nothing else may be found, except
 * "expect-file: RULE" findings anywhere. */
static unsigned
check_file(const char *path, const char *rule_dir, bool bad)
{
	g_autofree char *text = NULL;
	gsize len;
	assert_true(g_file_get_contents(path, &text, &len, NULL));
	AnalysisOptions o = { 0 };
	AurError *err = NULL;
	g_autofree char *display = g_strdup(path);
	AnalysisFile *f = analysis_file_buffer(display, text, len, LANG_NONE, &o, &err);
	assert_non_null(f);
	unsigned problems = 0, expected = 0;
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	GPtrArray *file_rules = g_ptr_array_new_with_free_func(g_free);
	for (guint l = 0; lines[l]; l++) {
		for (const char *m = lines[l]; (m = strstr(m, "expect")) != NULL; m++) {
			bool whole = g_str_has_prefix(m, "expect-file: ");
			if (!whole && !g_str_has_prefix(m, "expect: "))
				continue;
			const char *id = m + (whole ? 13 : 8);
			size_t n = strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-");
			g_autofree char *rule = g_strndup(id, n);
			expected++;
			if (whole) {
				g_ptr_array_add(file_rules, g_strdup(rule));
				if (!has(f, rule, 0)) {
					printf("# %s: missing %s anywhere\n", path, rule);
					problems++;
				}
			} else if (!has(f, rule, l + 1)) {
				printf("# %s:%u: missing %s\n", path, l + 1, rule);
				problems++;
			}
		}
	}
	for (guint i = 0; i < f->findings->len; i++) {
		const AnalysisFinding *x = f->findings->pdata[i];
		const char *line = x->line - 1 < g_strv_length(lines) ? lines[x->line - 1] : "";
		g_autofree char *mark = g_strdup_printf("expect: %s", x->rule);
		bool whole = false;
		for (guint k = 0; k < file_rules->len; k++)
			whole |= strcmp(file_rules->pdata[k], x->rule) == 0;
		if (strstr(line, mark) == NULL && !whole) {
			printf("# %s:%u: unexpected %s: %s\n", path, x->line, x->rule, x->message);
			problems++;
		}
	}
	if (bad && !(expected > 0 && (has(f, rule_dir, 0))))
		problems += printf("# %s: a bad case must show %s\n", path, rule_dir) > 0;
	g_ptr_array_unref(file_rules);
	analysis_file_free(f);
	return problems;
}

/* Calls fn on every corpus file (bad.* only when bad_only) and adds up the problems it
 * reports; *files counts the files visited. */
static unsigned
corpus_each(bool bad_only, unsigned (*fn)(const char *path, const char *rule, bool bad), unsigned *files)
{
	GDir *top = g_dir_open(CORPUS, 0, NULL);
	assert_non_null(top);
	const char *rule;
	unsigned problems = 0;
	*files = 0;
	while ((rule = g_dir_read_name(top)) != NULL) {
		g_autofree char *dir = g_build_filename(CORPUS, rule, NULL);
		GDir *d = g_dir_open(dir, 0, NULL);
		const char *name;
		while (d && (name = g_dir_read_name(d)) != NULL) {
			bool bad = g_str_has_prefix(name, "bad.");
			if (bad_only && !bad)
				continue;
			g_autofree char *path = g_build_filename(dir, name, NULL);
			problems += fn(path, rule, bad);
			(*files)++;
		}
		if (d)
			g_dir_close(d);
	}
	g_dir_close(top);
	return problems;
}

static void
test_corpus(void **state)
{
	unsigned files;
	unsigned problems = corpus_each(false, check_file, &files);
	printf("# %u corpus files checked\n", files);
	assert_true(files >= 176);
	assert_int_equal(problems, 0);
}

/* The flawed corpus again, every line turned into a comment, then into a string literal:
 * "no rule fires inside a comment or a string unless the rule is about that".  Secrets
 * are about comments and strings, style rules about any line, and the set -e/-u advisories
 * about a script that has no code left; nothing else may fire. */
typedef enum { DISGUISE_COMMENT, DISGUISE_STRING } Disguise;

static void
disguise_line(GString *out, const char *line, LangId lang, Disguise how, guint n)
{
	bool hash = lang == LANG_PYTHON || lang == LANG_SHELL;
	if (how == DISGUISE_COMMENT) {
		g_string_append_printf(out, "%s %s\n", hash ? "#" : "//", line);
		return;
	}
	if (lang == LANG_SHELL) {
		g_string_append_printf(out, "l%u='", n);
		for (const char *p = line; *p; p++)
			g_string_append(out, *p == '\'' ? "'\\''" : (char[]){ *p, 0 });
		g_string_append(out, "'\n");
		return;
	}
	g_string_append_printf(out, lang == LANG_PYTHON ? "l%u = \"" : (lang == LANG_C || lang == LANG_CPP)
				   ? "static const char *l%u = \"" : "const l%u = \"", n);
	for (const char *p = line; *p; p++) {
		if (*p == '\\' || *p == '"')
			g_string_append_c(out, '\\');
		g_string_append_c(out, *p);
	}
	g_string_append(out, lang == LANG_PYTHON ? "\"\n" : "\";\n");
}

static unsigned
check_disguised(const char *path, Disguise how)
{
	g_autofree char *text = NULL;
	assert_true(g_file_get_contents(path, &text, NULL, NULL));
	LangId lang = lang_detect(path, text, strlen(text));
	assert_true(lang != LANG_NONE);
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	GString *src = g_string_new(NULL);
	for (guint l = 0; lines[l] && (lines[l][0] || lines[l + 1]); l++)
		disguise_line(src, lines[l], lang, how, l);
	AnalysisOptions o = { 0 };
	AnalysisFile *f = analysis_file_buffer(path, src->str, src->len, lang, &o, NULL);
	assert_non_null(f);
	unsigned problems = 0;
	for (guint i = 0; i < f->findings->len; i++) {
		const AnalysisFinding *x = f->findings->pdata[i];
		if (g_str_has_prefix(x->rule, "secret-") || g_str_has_prefix(x->rule, "style-") ||
		    g_str_has_prefix(x->rule, "sh-missing-set-"))
			continue;
		printf("# %s as %s:%u: %s fired: %s\n", path, how == DISGUISE_COMMENT ? "comments" : "strings",
		       x->line, x->rule, x->message);
		problems++;
	}
	analysis_file_free(f);
	g_string_free(src, TRUE);
	return problems;
}

static unsigned
check_both_disguises(const char *path, const char *rule, bool bad)
{
	(void)rule;
	(void)bad;
	return check_disguised(path, DISGUISE_COMMENT) + check_disguised(path, DISGUISE_STRING);
}

static void
test_corpus_disguised(void **state)
{
	unsigned files;
	unsigned problems = corpus_each(true, check_both_disguises, &files);
	assert_true(files >= 88);
	assert_int_equal(problems, 0);
}

/* ---- suppressions and options ----------------------------------------------------------- */

static void
test_suppression(void **state)
{
	const char *src = "void f(char *b)\n{\n"
			  "\tgets(b); /* aurelis: ignore[c-gets] */\n"
			  "\t/* aurelis: ignore */\n"
			  "\tgets(b);\n"
			  "\tgets(b); /* aurelis: ignore[c-strcpy-fixed] */\n"
			  "\tgets(b); // aurelis: ignore[c-format-nonliteral, c-gets]\n"
			  "\n"
			  "\tgets(b);\n}\n";
	AnalysisFile *f = analyse("s.c", src, LANG_C);
	assert_false(has(f, "c-gets", 3));
	assert_false(has(f, "c-gets", 5));
	assert_true(has(f, "c-gets", 6));  /* another rule's id does not suppress */
	assert_false(has(f, "c-gets", 7));
	assert_true(has(f, "c-gets", 9));
	analysis_file_free(f);
}

static void
test_config_rules(void **state)
{
	g_autoptr(AurConfig) cfg = config_new();
	AurError *err = NULL;
	const char *yaml = "analysis:\n  rules:\n    c-gets:\n      severity: info\n"
			   "    c-format-nonliteral:\n      enabled: false\n";
	assert_true(config_load_buffer(cfg, "t.yaml", yaml, strlen(yaml), CFG_LAYER_USER, &err));
	const char *src = "void f(char *b)\n{\n\tgets(b);\n\tprintf(b);\n}\n";
	AnalysisOptions o = { .cfg = cfg };
	AnalysisFile *f = analysis_file_buffer("c.c", src, strlen(src), LANG_C, &o, &err);
	assert_non_null(f);
	assert_true(has(f, "c-gets", 3));
	assert_false(has(f, "c-format-nonliteral", 4));
	assert_int_equal(((AnalysisFinding *)f->findings->pdata[0])->severity, ANALYSIS_SEV_INFO);
	analysis_file_free(f);

	/* --rules picks ids and globs; a name matching nothing is a usage error */
	const char *const only[] = { "c-form*", NULL };
	AnalysisOptions o2 = { .rules = only };
	f = analysis_file_buffer("c.c", src, strlen(src), LANG_C, &o2, &err);
	assert_false(has(f, "c-gets", 0));
	assert_true(has(f, "c-format-nonliteral", 4));
	analysis_file_free(f);
	const char *const typo[] = { "c-getz", NULL };
	AnalysisOptions o3 = { .rules = typo };
	assert_false(analysis_options_check(&o3, &err));
	assert_int_equal(err->category, AUR_ERR_USAGE);
	assert_str_contains(err->hint, "c-gets");
	aur_error_free(err);
	err = NULL;
	const char *const cats[] = { "style", NULL };
	AnalysisOptions o4 = { .categories = cats };
	f = analysis_file_buffer("c.c", src, strlen(src), LANG_C, &o4, &err);
	assert_int_equal(f->findings->len, 0);
	analysis_file_free(f);
	const char *const badcat[] = { "speed", NULL };
	AnalysisOptions o5 = { .categories = badcat };
	assert_false(analysis_options_check(&o5, &err));
	aur_error_free(err);
	err = NULL;
	const char *const tools[] = { "lint9000", NULL };
	AnalysisOptions o6 = { .tools = tools };
	assert_false(analysis_options_check(&o6, &err));
	aur_error_free(err);
}

/* ---- hostile input ---------------------------------------------------------------------- */

static void
test_hostile_buffers(void **state)
{
	/* invalid UTF-8, NUL bytes after the binary window, and unterminated everything */
	GString *s = g_string_new("x = \"\xff\xfe\" # gets(\n/* unterminated\n");
	for (int i = 0; i < 9000; i++)
		g_string_append_c(s, 'a');
	g_string_append_len(s, "\0\0 gets(buf); `${ $( \"'\n", 24);
	for (LangId l = LANG_C; l < LANG__COUNT; l++) {
		AnalysisOptions o = { .metrics = true };
		AurError *err = NULL;
		AnalysisFile *f = analysis_file_buffer("h", s->str, s->len, l, &o, &err);
		assert_non_null(f);
		assert_int_equal(f->status, ANALYSIS_FILE_ANALYSED);
		for (guint i = 0; i < f->findings->len; i++) {
			const AnalysisFinding *x = f->findings->pdata[i];
			assert_true(g_utf8_validate(x->message, -1, NULL));
			assert_true(x->excerpt == NULL || g_utf8_validate(x->excerpt, -1, NULL));
		}
		analysis_file_free(f);
	}
	g_string_free(s, TRUE);
	/* a NUL in the first bytes: binary, skipped */
	AnalysisOptions o = { 0 };
	AnalysisFile *f = analysis_file_buffer("b.c", "int\0x;", 6, LANG_C, &o, NULL);
	assert_int_equal(f->status, ANALYSIS_FILE_SKIPPED_BINARY);
	analysis_file_free(f);
	/* a finding on a non-UTF-8 line still reports a valid excerpt */
	f = analyse("u.c", "void f(char *b)\n{\n\tgets(b); /* \xe9t\xe9 */\n}\n", LANG_C);
	assert_true(has(f, "c-gets", 3));
	assert_true(g_utf8_validate(((AnalysisFinding *)f->findings->pdata[0])->excerpt, -1, NULL));
	analysis_file_free(f);
}

/* ---- the complexity limits, at their edges --------------------------------------------- */

/* A C function named name with `branches` if statements (complexity branches + 1), nested
 * `depth` deep, `body` statement lines and `params` parameters. */
static void
add_function(GString *s, const char *name, unsigned branches, unsigned depth, unsigned body,
	     unsigned params)
{
	g_string_append_printf(s, "int %s(int a", name);
	for (unsigned i = 1; i < params; i++)
		g_string_append_printf(s, ", int p%u", i);
	g_string_append(s, ")\n{\n\tint r = 0;\n");
	for (unsigned i = 0; i < branches; i++)
		g_string_append_printf(s, "\tif (a == %u)\n\t\tr++;\n", i);
	for (unsigned i = 0; i < depth; i++)
		g_string_append(s, "\tif (a) {\n");
	for (unsigned i = 0; i < depth; i++)
		g_string_append(s, "\t}\n");
	for (unsigned i = 0; i < body; i++)
		g_string_append(s, "\tr++;\n");
	g_string_append(s, "\treturn r;\n}\n");
}

static void
test_limits(void **state)
{
	struct {
		const char *name;
		unsigned branches, depth, body, params;
		const char *fires, *quiet;
	} cases[] = {
		{ "cx15", 14, 0, 0, 1, NULL, "complexity-high" },
		{ "cx16", 15, 0, 0, 1, "complexity-high", "complexity-very-high" },
		{ "cx30", 29, 0, 0, 1, "complexity-high", "complexity-very-high" },
		{ "cx31", 30, 0, 0, 1, "complexity-very-high", "complexity-high" },
		{ "nest5", 0, 5, 0, 1, NULL, "complexity-deep-nesting" },
		{ "nest6", 0, 6, 0, 1, "complexity-deep-nesting", NULL },
		/* 5 lines of frame ("int f(..)", "{", "int r", "return r;", "}") + body */
		{ "len100", 0, 0, 95, 1, NULL, "complexity-long-function" },
		{ "len101", 0, 0, 96, 1, "complexity-long-function", NULL },
		{ "par7", 0, 0, 0, 7, NULL, "complexity-many-parameters" },
		{ "par8", 0, 0, 0, 8, "complexity-many-parameters", NULL },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		GString *src = g_string_new(NULL);
		add_function(src, cases[i].name, cases[i].branches, cases[i].depth, cases[i].body,
			     cases[i].params);
		AnalysisFile *f = analyse("limits.c", src->str, LANG_C);
		bool fires = cases[i].fires == NULL || has(f, cases[i].fires, 1);
		bool quiet = cases[i].quiet == NULL || !has(f, cases[i].quiet, 0);
		if (!fires || !quiet)
			fail_msg("%s: %s %s", cases[i].name, fires ? "" : cases[i].fires,
				 quiet ? "" : cases[i].quiet);
		/* nothing else: the limits are the only rules these functions can reach */
		for (guint k = 0; k < f->findings->len; k++) {
			const AnalysisFinding *x = f->findings->pdata[k];
			if (cases[i].fires == NULL || strcmp(x->rule, cases[i].fires) != 0)
				fail_msg("%s: unexpected %s", cases[i].name, x->rule);
		}
		if (cases[i].fires && strcmp(cases[i].fires, "complexity-very-high") == 0)
			assert_int_equal(((AnalysisFinding *)f->findings->pdata[0])->severity, ANALYSIS_SEV_ERROR);
		if (cases[i].fires && strcmp(cases[i].fires, "complexity-high") == 0)
			assert_int_equal(((AnalysisFinding *)f->findings->pdata[0])->severity, ANALYSIS_SEV_WARNING);
		analysis_file_free(f);
		g_string_free(src, TRUE);
	}
}

/* One level of nesting, written in language lang: braced or not, semicolons or not.  The
 * body of an if, for, while, else or do is one level in every form, as in Python. */
typedef enum { FORM_BRACED, FORM_BARE, FORM_BARE_NO_SEMI } NestForm;

static void
nest_level(GString *s, LangId lang, NestForm form, unsigned level, unsigned depth)
{
	static const char *const heads_c[] = { "if (a)", "for (;;)", "while (a)", "if (a) r++; else", "do" };
	static const char *const heads_js[] = { "if (a)", "for (const x of a)", "while (a)", "if (a) r++\nelse", "do" };
	static const char *const heads_py[] = { "if a:", "for x in a:", "while a:", "if a:\n    r += 1\nelse:", "with a:" };
	unsigned k = level % 5;
	bool py = lang == LANG_PYTHON, semi = form != FORM_BARE_NO_SEMI;
	int ind = py ? (int)(4 * level + 4) : 0; /* Python: the def's body is one indent in */
	if (level == depth) {
		g_string_append_printf(s, "%*s%s\n", ind, "", py ? "r += 1" : semi ? "r++;" : "r++");
		return;
	}
	const char *head = py ? heads_py[k] : semi ? heads_c[k] : heads_js[k];
	if (!py && lang != LANG_C && k == 1)
		head = "for (const x of a)";
	g_auto(GStrv) lines = g_strsplit(head, "\n", -1);
	for (guint i = 0; lines[i]; i++)
		g_string_append_printf(s, "%*s%s%s\n", ind, "", lines[i],
				       form == FORM_BRACED && !lines[i + 1] ? " {" : "");
	nest_level(s, lang, form, level + 1, depth);
	if (form == FORM_BRACED)
		g_string_append(s, "}\n");
	if (k == 4 && !py)
		g_string_append(s, semi ? "while (a);\n" : "while (a)\n");
}

static void
test_nesting_every_form(void **state)
{
	static const struct {
		LangId lang;
		NestForm form;
		const char *path, *open, *close;
	} langs[] = {
		{ LANG_C, FORM_BRACED, "n.c", "int f(int a)\n{\nint r = 0;\n", "return r;\n}\n" },
		{ LANG_C, FORM_BARE, "n.c", "int f(int a)\n{\nint r = 0;\n", "return r;\n}\n" },
		{ LANG_JS, FORM_BRACED, "n.js", "function f(a) {\nlet r = 0;\n", "return r;\n}\n" },
		{ LANG_JS, FORM_BARE, "n.js", "function f(a) {\nlet r = 0;\n", "return r;\n}\n" },
		{ LANG_JS, FORM_BARE_NO_SEMI, "n.js", "function f(a) {\nlet r = 0\n", "return r\n}\n" },
		{ LANG_PYTHON, FORM_BARE, "n.py", "def f(a):\n    r = 0\n", "    return r\n" },
	};
	for (size_t l = 0; l < G_N_ELEMENTS(langs); l++) {
		for (unsigned depth = 4; depth <= 7; depth++) {
			GString *src = g_string_new(langs[l].open);
			nest_level(src, langs[l].lang, langs[l].form, 0, depth);
			g_string_append(src, langs[l].close);
			AnalysisOptions o = { .metrics = true };
			AurError *err = NULL;
			AnalysisFile *f = analysis_file_buffer(langs[l].path, src->str, src->len, langs[l].lang, &o, &err);
			assert_non_null(f);
			assert_int_equal(f->functions->len, 1);
			unsigned got = g_array_index(f->functions, AnalysisFunction, 0).f.max_nesting;
			bool fired = has(f, "complexity-deep-nesting", 0);
			if (got != depth || fired != (depth > 5))
				fail_msg("%s form %d depth %u: nesting %u, rule %s\n%s", langs[l].path, langs[l].form,
					 depth, got, fired ? "fired" : "quiet", src->str);
			analysis_file_free(f);
			g_string_free(src, TRUE);
		}
	}
}

/* The flow rules with several pointers in one function: every finding, each named by its
 * pointer, and nothing else.  Two leaks on one return are two findings. */
static void
test_flow_several(void **state)
{
	const char *src =
		"int two_leaks(const char *x, const char *y)\n"            /* 1 */
		"{\n"
		"\tchar *a = strdup(x);\n"
		"\tif (a == NULL)\n"
		"\t\treturn -1;\n"                                          /* 5 */
		"\tchar *b = strdup(y);\n"
		"\tif (b == NULL) {\n"
		"\t\tfree(a);\n"
		"\t\treturn -1;\n"
		"\t}\n"                                                     /* 10 */
		"\treturn a[0] + b[0];\n"
		"}\n"
		"int one_branch(const char *s, int copy)\n"
		"{\n"
		"\tchar *a = malloc(4), *b = NULL;\n"                       /* 15 */
		"\tif (a == NULL)\n"
		"\t\treturn -1;\n"
		"\tif (copy)\n"
		"\t\tb = strdup(s);\n"
		"\tfree(a);\n"                                              /* 20 */
		"\treturn 0;\n"
		"}\n"
		"void unchecked(size_t n)\n"
		"{\n"
		"\tchar *a = malloc(n), *b = malloc(n);\n"                  /* 25 */
		"\tmemcpy(a, b, n);\n"
		"\tfree(a);\n"
		"\tfree(b);\n"
		"}\n"
		"void freed(char *a, char *b, int n)\n"                     /* 30 */
		"{\n"
		"\tfor (int i = 0; i < n; i++) {\n"
		"\t\tif (i == n / 2) {\n"
		"\t\t\tfree(a);\n"
		"\t\t\tfree(b);\n"                                          /* 35 */
		"\t\t\tbreak;\n"
		"\t\t}\n"
		"\t}\n"
		"\ta[0] = b[0] = 0;\n"
		"\tfree(b);\n"                                              /* 40 */
		"}\n";
	const char *want =
		"11 c-leak-early-return 'a'\n"
		"11 c-leak-early-return 'b'\n"
		"21 c-leak-early-return 'b'\n"
		"26 c-malloc-unchecked 'a'\n"
		"26 c-malloc-unchecked 'b'\n"
		"39 c-use-after-free 'a'\n"
		"39 c-use-after-free 'b'\n"
		"40 c-double-free 'b'\n";
	AnalysisFile *f = analyse("flow.c", src, LANG_C);
	GString *got = g_string_new(NULL);
	for (guint i = 0; i < f->findings->len; i++) {
		const AnalysisFinding *x = f->findings->pdata[i];
		const char *q = strchr(x->message, '\'');
		const char *e = q ? strchr(q + 1, '\'') : NULL;
		assert_non_null(e);
		g_string_append_printf(got, "%u %s %.*s\n", x->line, x->rule, (int)(e - q + 1), q);
	}
	assert_string_equal(got->str, want);
	g_string_free(got, TRUE);
	analysis_file_free(f);
}

/* ---- runs and reports ------------------------------------------------------------------- */

static char *
run_json(const char *dir, int jobs, bool metrics)
{
	const char *const paths[] = { dir, NULL };
	AnalysisOptions o = { .jobs = jobs, .metrics = metrics };
	AnalysisResults *r = NULL;
	AurError *err = NULL;
	assert_true(analysis_run(paths, &o, &r, &err));
	r->elapsed_ms = 0; /* the one figure allowed to differ */
	char *s = analysis_report_json(r, metrics);
	analysis_results_free(r);
	return s;
}

static void
test_jobs_stable(void **state)
{
	g_autofree char *one = run_json(CORPUS, 1, true);
	g_autofree char *four = run_json(CORPUS, 4, true);
	assert_string_equal(one, four);
	cJSON *j = cJSON_Parse(one);
	assert_non_null(j);
	const cJSON *findings = cJSON_GetObjectItem(j, "findings");
	assert_true(cJSON_GetArraySize(findings) > 100);
	/* the documented schema */
	static const char *const fields[] = { "rule", "severity", "category", "cwe", "message",
					      "hint", "file", "line", "column", "end_line",
					      "end_column", "excerpt", "source", NULL };
	const cJSON *x;
	const char *prev = "";
	cJSON_ArrayForEach(x, findings) {
		for (int i = 0; fields[i]; i++)
			if (cJSON_GetObjectItem(x, fields[i]) == NULL)
				fail_msg("finding lacks %s", fields[i]);
		const char *file = cJSON_GetStringValue(cJSON_GetObjectItem(x, "file"));
		assert_true(strcmp(prev, file) <= 0); /* grouped by file, in order */
		prev = file;
	}
	assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "summary"), "by_severity"));
	cJSON_Delete(j);
}

static void
test_sarif(void **state)
{
	const char *const paths[] = { CORPUS "/c-gets", NULL };
	AnalysisOptions o = { 0 };
	AnalysisResults *r = NULL;
	assert_true(analysis_run(paths, &o, &r, NULL));
	assert_true(analysis_results_reach(r, ANALYSIS_SEV_ERROR));
	char *s = analysis_report_sarif(r);
	cJSON *j = cJSON_Parse(s);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(j, "version")), "2.1.0");
	const cJSON *run = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "runs"), 0);
	const cJSON *rules = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(run, "tool"), "driver"), "rules");
	size_t n;
	analysis_rules(&n);
	assert_int_equal(cJSON_GetArraySize(rules), (int)n);
	/* each rule: its id, short description, help and default level, from the table */
	const AnalysisRule *table = analysis_rules(NULL);
	static const char *const level[] = { "note", "warning", "error" };
	for (size_t i = 0; i < n; i++) {
		const cJSON *rule = cJSON_GetArrayItem(rules, (int)i);
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(rule, "id")), table[i].id);
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(rule, "shortDescription"), "text")),
				    table[i].message);
		assert_str_contains(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(rule, "help"), "text")),
				    table[i].hint);
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(rule, "defaultConfiguration"), "level")),
				    level[table[i].severity]);
	}
	const cJSON *res = cJSON_GetArrayItem(cJSON_GetObjectItem(run, "results"), 0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(res, "ruleId")), "c-gets");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(res, "level")), "error");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(res, "message"), "text")),
			    analysis_rule_find("c-gets")->message);
	const cJSON *pl = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(res, "locations"), 0), "physicalLocation");
	const char *uri = cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(pl, "artifactLocation"), "uri"));
	assert_non_null(uri);
	/* relative to the scan root: outside the working directory, the directory named */
	assert_string_equal(uri, "bad.c");
	assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetObjectItem(pl, "region"), "startLine")), 7);
	/* "\tgets(name);": the call starts in the second character */
	assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetObjectItem(pl, "region"), "startColumn")), 2);
	cJSON_Delete(j);
	free(s);
	analysis_results_free(r);
}

static void
test_not_found(void **state)
{
	const char *const paths[] = { "/nonexistent/aurelis/x", NULL };
	AnalysisOptions o = { 0 };
	AnalysisResults *r = NULL;
	AurError *err = NULL;
	assert_false(analysis_run(paths, &o, &r, &err));
	assert_int_equal(err->category, AUR_ERR_NOT_FOUND);
	assert_non_null(err->hint);
	aur_error_free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_complete),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_corpus_disguised),
		cmocka_unit_test(test_suppression),
		cmocka_unit_test(test_config_rules),
		cmocka_unit_test(test_hostile_buffers),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_flow_several),
		cmocka_unit_test(test_nesting_every_form),
		cmocka_unit_test(test_jobs_stable),
		cmocka_unit_test(test_sarif),
		cmocka_unit_test(test_not_found),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
