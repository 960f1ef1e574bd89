/* SPDX-License-Identifier: MIT */
/* Lexer for JavaScript and TypeScript: comments, strings, template literals with nested
 * ${} fields, regular expression literals, numbers and keywords. */
#include "autoconfig.h"

#include <string.h>

#include "lexer.h"
#include "wordset.h"

static const char *const js_keywords[] = {
	"break", "case", "catch", "class", "const", "continue", "debugger", "default",
	"delete", "do", "else", "export", "extends", "finally", "for", "function", "if",
	"import", "in", "instanceof", "new", "return", "super", "switch", "this", "throw",
	"try", "typeof", "var", "void", "while", "with", "yield", "let", "static", "async",
	"await", "of", "null", "true", "false", "undefined", "get", "set", NULL,
};

static const char *const ts_keywords[] = {
	"interface", "type", "enum", "implements", "declare", "namespace", "abstract",
	"readonly", "private", "public", "protected", "as", "any", "number", "string",
	"boolean", "unknown", "never", "keyof", "infer", "is", "module", "override",
	"satisfies", NULL,
};

/* Keywords after which a "/" starts a regular expression rather than a division. */
static const char *const regex_after[] = {
	"return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw",
	"case", "do", "else", "yield", "await", NULL,
};

static const char *const js_ops[] = {
	">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "?\?=", "=>",
	"==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=",
	"%=", "&=", "|=", "^=", "**", "<<", ">>", NULL,
};

static WordSet *js_words, *ts_words, *regex_words;
static LexOps js_lex_ops;

static gpointer
init_words(gpointer unused)
{
	lex_ops_init(&js_lex_ops, js_ops);
	js_words = wordset_new(js_keywords);
	ts_words = wordset_new(js_keywords);
	for (int i = 0; ts_keywords[i] != NULL; i++)
		wordset_add(ts_words, ts_keywords[i], 1000 + i);
	regex_words = wordset_new(regex_after);
	return NULL;
}

static const LangToken *
last_token(const LexState *st)
{
	return lex_last(st);
}

/* Would a "/" here start a regular expression? */
static bool
regex_allowed(const LexState *st)
{
	const LangToken *t = last_token(st);
	while (t != NULL && t->kind == LANG_TOK_COMMENT)
		t = t == &st->tok[0] ? NULL : t - 1;
	if (t == NULL)
		return true;
	switch (t->kind) {
	case LANG_TOK_OPERATOR: {
		char c = st->s[t->offset];
		return !(t->length == 1 && (c == ')' || c == ']'));
	}
	case LANG_TOK_KEYWORD:
		return wordset_lookup(regex_words, st->s + t->offset, t->length) != 0;
	case LANG_TOK_INTERP_OPEN:
		return true;
	default:
		return false;
	}
}

/* A regular expression literal; false (nothing consumed) if the line ends first. */
static bool
regex(LexState *st)
{
	LexMark m = lex_mark(st);
	uint32_t p = st->pos + 1;
	bool cls = false;
	while (p < st->len && st->s[p] != '\n') {
		char c = st->s[p];
		if (c == '\\') {
			p += 2;
			continue;
		}
		if (c == '[')
			cls = true;
		else if (c == ']')
			cls = false;
		else if (c == '/' && !cls)
			break;
		p++;
	}
	if (p >= st->len || st->s[p] != '/')
		return false;
	st->pos = p + 1;
	lex_ident(st); /* flags */
	lex_emit(st, m, LANG_TOK_REGEX, 0);
	return true;
}

static void
quoted(LexState *st, char q)
{
	LexMark m = lex_mark(st);
	st->pos++;
	while (st->pos < st->len) {
		char c = st->s[st->pos];
		if (c == '\\') {
			lex_advance(st, 2);
		} else if (c == q) {
			st->pos++;
			lex_emit(st, m, LANG_TOK_STRING, 0);
			return;
		} else if (c == '\n') {
			break;
		} else {
			st->pos++;
		}
	}
	lex_emit(st, m, LANG_TOK_STRING, LANG_TOKF_UNTERMINATED);
}

static void js_tokens(LexState *st, bool in_template);

static void
template(LexState *st)
{
	LexMark m = lex_mark(st);
	st->pos++;
	while (st->pos < st->len) {
		char c = st->s[st->pos];
		if (c == '\\') {
			lex_advance(st, 2);
		} else if (c == '`') {
			st->pos++;
			lex_emit(st, m, LANG_TOK_STRING, LANG_TOKF_TEMPLATE);
			return;
		} else if (c == '$' && lex_peek(st, 1) == '{' && st->depth < LEX_MAX_DEPTH) {
			if (st->pos > m.offset)
				lex_emit(st, m, LANG_TOK_STRING, LANG_TOKF_TEMPLATE);
			LexMark o = lex_mark(st);
			st->pos += 2;
			lex_emit(st, o, LANG_TOK_INTERP_OPEN, 0);
			st->depth++;
			js_tokens(st, true);
			st->depth--;
			m = lex_mark(st);
		} else {
			lex_advance(st, 1);
		}
	}
	lex_emit(st, m, LANG_TOK_STRING, LANG_TOKF_TEMPLATE | LANG_TOKF_UNTERMINATED);
}

static void
comment(LexState *st)
{
	LexMark m = lex_mark(st);
	if (st->s[st->pos + 1] == '/') {
		lex_to_eol(st);
		lex_emit(st, m, LANG_TOK_COMMENT, 0);
		return;
	}
	unsigned flags = (st->pos + 2 < st->len && st->s[st->pos + 2] == '*') ? LANG_TOKF_DOC : 0;
	lex_block_comment(st, m, flags);
}

static void
word(LexState *st, const WordSet *kw)
{
	LexMark m = lex_mark(st);
	if (st->s[st->pos] == '#')
		st->pos++;
	uint32_t n = lex_ident(st);
	const LangToken *prev = last_token(st);
	/* After "." a keyword is a property name (node.type, promise.catch). */
	bool member = prev && prev->kind == LANG_TOK_OPERATOR &&
		      ((prev->length == 1 && st->s[prev->offset] == '.') ||
		       (prev->length == 2 && memcmp(st->s + prev->offset, "?.", 2) == 0));
	bool is_kw = !member && st->s[m.offset] != '#' &&
		     wordset_lookup(kw, st->s + m.offset, n) != 0;
	lex_emit(st, m, is_kw ? LANG_TOK_KEYWORD : LANG_TOK_IDENT, 0);
}

/* Tokens until the end of input, or (in_template) until the "}" closing a ${ field. */
static void
js_tokens(LexState *st, bool in_template)
{
	const WordSet *kw = st->lang == LANG_TS ? ts_words : js_words;
	int braces = 0;
	while (st->pos < st->len) {
		unsigned char c = (unsigned char)st->s[st->pos];
		if (lex_cc[c] & CC_SPACE) {
			st->pos++;
		} else if (c == '\n') {
			lex_advance(st, 1);
		} else if (c == '/' && (lex_peek(st, 1) == '/' || lex_peek(st, 1) == '*')) {
			comment(st);
		} else if (c == '#' && st->pos == 0 && lex_peek(st, 1) == '!') {
			LexMark m = lex_mark(st);
			lex_to_eol(st);
			lex_emit(st, m, LANG_TOK_COMMENT, 0);
		} else if (c == '"' || c == '\'') {
			quoted(st, (char)c);
		} else if (c == '`') {
			template(st);
		} else if (c == '/' && regex_allowed(st) && regex(st)) {
			continue;
		} else if (lex_is_digit(c) || (c == '.' && lex_peek(st, 1) >= 0 &&
					       lex_is_digit((unsigned char)lex_peek(st, 1)))) {
			LexMark m = lex_mark(st);
			lex_number(st, '_');
			lex_emit(st, m, LANG_TOK_NUMBER, 0);
		} else if (lex_is_idstart(c) || (c == '#' && lex_peek(st, 1) >= 0 &&
						 lex_is_idstart((unsigned char)lex_peek(st, 1)))) {
			word(st, kw);
		} else if (c < 0x20 || c == 0x7f) {
			lex_stray(st);
		} else if (in_template && c == '}' && braces == 0) {
			LexMark m = lex_mark(st);
			st->pos++;
			lex_emit(st, m, LANG_TOK_INTERP_CLOSE, 0);
			return;
		} else {
			if (c == '{')
				braces++;
			else if (c == '}' && braces > 0)
				braces--;
			lex_operator(st, &js_lex_ops);
		}
	}
}

void
lex_js(LexState *st)
{
	static GOnce once = G_ONCE_INIT;
	g_once(&once, init_words, NULL);
	js_tokens(st, false);
}
