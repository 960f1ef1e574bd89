/* SPDX-License-Identifier: MIT */
/* Syntax highlighting of code blocks: the lexers of src/lang/ mapped to theme elements. */
#include "autoconfig.h"

#include <string.h>

#include "lang/lang.h"
#include "render-highlight.h"

/*
 * The lexers say what bytes are (a keyword, a string, an identifier); this file decides how
 * that looks.  Identifiers are coloured only where a token says more than its kind: a name
 * directly followed by "(" is a function, and a few words are constants or types in every
 * language that has them.  Diffs (```diff) are coloured line by line.
 */

static const char *const constants[] = {
	"true", "false", "null", "nullptr", "NULL", "None", "True", "False", "undefined", "NaN",
	"this", "self", NULL,
};

static const char *const types[] = {
	"int", "char", "void", "short", "long", "float", "double", "signed", "unsigned", "bool",
	"_Bool", "size_t", "ssize_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t", "int8_t",
	"int16_t", "int32_t", "int64_t", "struct", "enum", "union", "auto", "string", "number",
	"boolean", "str", "bytes", "list", "dict", "tuple", "set", "object", NULL,
};

static bool
word_in(const char *const *words, const char *text, uint32_t len)
{
	for (int i = 0; words[i] != NULL; i++)
		if (strlen(words[i]) == len && memcmp(words[i], text, len) == 0)
			return true;
	return false;
}

static bool
opens_call(const char *code, const LangToken *next)
{
	return next != NULL && next->kind == LANG_TOK_OPERATOR && next->length == 1 &&
	       code[next->offset] == '(';
}

/* The element of one token, or ELEM__COUNT to leave it as plain code. */
static ThemeElem
token_elem(const char *code, const LangToken *t, const LangToken *next)
{
	const char *text = code + t->offset;
	switch ((LangTokenKind)t->kind) {
	case LANG_TOK_COMMENT:
		return ELEM_CODE_COMMENT;
	case LANG_TOK_STRING:
	case LANG_TOK_REGEX:
		return ELEM_CODE_STRING;
	case LANG_TOK_NUMBER:
		return ELEM_CODE_NUMBER;
	case LANG_TOK_KEYWORD:
		return word_in(constants, text, t->length) ? ELEM_CODE_CONSTANT
		       : word_in(types, text, t->length) ? ELEM_CODE_TYPE : ELEM_CODE_KEYWORD;
	case LANG_TOK_IDENT:
		if (word_in(constants, text, t->length))
			return ELEM_CODE_CONSTANT;
		if (word_in(types, text, t->length))
			return ELEM_CODE_TYPE;
		return opens_call(code, next) ? ELEM_CODE_FUNCTION : ELEM__COUNT;
	case LANG_TOK_OPERATOR:
	case LANG_TOK_INTERP_OPEN:
	case LANG_TOK_INTERP_CLOSE:
		return ELEM_CODE_OPERATOR;
	case LANG_TOK_PREPROC:
		return ELEM_CODE_PREPROC;
	case LANG_TOK_VARIABLE:
		return ELEM_CODE_VARIABLE;
	default:
		return ELEM__COUNT;
	}
}

static void
add(GArray *out, size_t start, size_t len, ThemeElem elem)
{
	RenderHighlight h = { (guint)start, (guint)len, elem };
	g_array_append_val(out, h);
}

static void
highlight_diff(const char *code, size_t len, GArray *out)
{
	for (size_t start = 0; start < len;) {
		const char *nl = memchr(code + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - code) : len;
		const char *l = code + start;
		size_t n = end - start;
		if (n >= 3 && (strncmp(l, "+++", 3) == 0 || strncmp(l, "---", 3) == 0))
			add(out, start, n, ELEM_DIFF_FILE);
		else if (n >= 2 && strncmp(l, "@@", 2) == 0)
			add(out, start, n, ELEM_DIFF_HUNK);
		else if (n >= 1 && l[0] == '+')
			add(out, start, n, ELEM_DIFF_ADD);
		else if (n >= 1 && l[0] == '-')
			add(out, start, n, ELEM_DIFF_DEL);
		start = end + 1;
	}
}

void
render_highlight_code(const char *lang, const char *code, size_t len, GArray *out, void *data)
{
	if (g_ascii_strcasecmp(lang, "diff") == 0 || g_ascii_strcasecmp(lang, "patch") == 0) {
		highlight_diff(code, len, out);
		return;
	}
	LangId id = lang_from_name(lang);
	if (id == LANG_NONE || len > G_MAXUINT32)
		return;
	g_autoptr(GArray) tokens = g_array_new(FALSE, FALSE, sizeof(LangToken));
	lang_lex(id, code, len, tokens);
	for (guint i = 0; i < tokens->len; i++) {
		const LangToken *t = &g_array_index(tokens, LangToken, i);
		const LangToken *next = i + 1 < tokens->len ? t + 1 : NULL;
		ThemeElem e = token_elem(code, t, next);
		if (e != ELEM__COUNT)
			add(out, t->offset, t->length, e);
	}
}
