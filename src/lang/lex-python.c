/* SPDX-License-Identifier: MIT */
/* Lexer for Python: comments, every string form (prefixes, triple quotes, f-strings with
 * nested fields), numbers, keywords and logical line ends. */
#include "autoconfig.h"

#include <string.h>

#include "lexer.h"
#include "wordset.h"

static const char *const py_keywords[] = {
	"False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
	"continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
	"if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
	"return", "try", "while", "with", "yield", NULL,
};

static const char *const py_ops[] = {
	"**=", "//=", ">>=", "<<=", "...", "->", ":=", "**", "//", "<<", ">>", "<=", ">=",
	"==", "!=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", NULL,
};

static WordSet *py_words;
static LexOps py_lex_ops;

static gpointer
init_words(gpointer unused)
{
	lex_ops_init(&py_lex_ops, py_ops);
	py_words = wordset_new(py_keywords);
	return NULL;
}

typedef struct {
	int brackets;       /* open ( [ { */
	uint32_t line_toks; /* tokens on the current logical line (comments excluded) */
	uint32_t first_tok; /* index of its first token */
} PyState;

static void fstring_body(LexState *st, LexMark m, char q, bool triple);

/* Is s[pos..] a string prefix followed by a quote?  Returns the prefix length or -1. */
static int
string_prefix(const LexState *st, bool *fstr)
{
	uint32_t p = st->pos;
	int n = 0;
	*fstr = false;
	while (p < st->len && n < 3 && strchr("rRbBuUfF", st->s[p]) != NULL && st->s[p] != '\0') {
		if (st->s[p] == 'f' || st->s[p] == 'F')
			*fstr = true;
		p++;
		n++;
	}
	if (n > 2 || p >= st->len || (st->s[p] != '"' && st->s[p] != '\''))
		return -1;
	return n;
}

static bool
at_triple(const LexState *st, char q)
{
	return st->pos + 2 < st->len && st->s[st->pos] == q && st->s[st->pos + 1] == q &&
	       st->s[st->pos + 2] == q;
}

/* A plain (not f-) string from its opening quote; m marks the prefix. */
static void
plain_string(LexState *st, LexMark m, char q)
{
	bool triple = at_triple(st, q);
	st->pos += triple ? 3 : 1;
	while (st->pos < st->len) {
		char c = st->s[st->pos];
		if (c == '\\') {
			lex_advance(st, 2);
		} else if (c == q && (!triple || at_triple(st, q))) {
			st->pos += triple ? 3 : 1;
			lex_emit(st, m, LANG_TOK_STRING, 0);
			return;
		} else if (c == '\n') {
			if (!triple)
				break;
			lex_advance(st, 1);
		} else {
			st->pos++;
		}
	}
	lex_emit(st, m, LANG_TOK_STRING, LANG_TOKF_UNTERMINATED);
}

static void py_token(LexState *st, PyState *ps, const WordSet *kw);

/* Emit the literal piece [m, pos) of an f-string if it is not empty. */
static void
piece(LexState *st, LexMark m, unsigned flags)
{
	if (st->pos > m.offset)
		lex_emit(st, m, LANG_TOK_STRING, LANG_TOKF_TEMPLATE | flags);
}

/* Inside "{...}" of an f-string: code up to the matching "}", with "!r" and a ":spec"
 * that may hold fields of its own.  Returns false if the string ended first. */
static bool
fexpr(LexState *st, char q, bool triple)
{
	PyState inner = { 0 };
	const WordSet *kw = py_words;
	while (st->pos < st->len) {
		char c = st->s[st->pos];
		if (c == '\n' && !triple)
			return false;
		if (c == q && inner.brackets == 0 && (!triple || at_triple(st, q)))
			return false;
		if (c == '}' && inner.brackets == 0) {
			LexMark m = lex_mark(st);
			st->pos++;
			lex_emit(st, m, LANG_TOK_INTERP_CLOSE, 0);
			return true;
		}
		if (c == ':' && inner.brackets == 0) {
			LexMark m = lex_mark(st);
			while (st->pos < st->len) {
				char d = st->s[st->pos];
				if (d == '{' && st->depth < LEX_MAX_DEPTH) {
					piece(st, m, 0);
					LexMark o = lex_mark(st);
					st->pos++;
					lex_emit(st, o, LANG_TOK_INTERP_OPEN, 0);
					st->depth++;
					bool ok = fexpr(st, q, triple);
					st->depth--;
					if (!ok)
						return false;
					m = lex_mark(st);
				} else if (d == '}') {
					piece(st, m, 0);
					LexMark o = lex_mark(st);
					st->pos++;
					lex_emit(st, o, LANG_TOK_INTERP_CLOSE, 0);
					return true;
				} else if ((d == '\n' && !triple) || (d == q && (!triple || at_triple(st, q)))) {
					piece(st, m, 0);
					return false;
				} else {
					lex_advance(st, 1);
				}
			}
			piece(st, m, LANG_TOKF_UNTERMINATED);
			return false;
		}
		if (c == '\n' || (lex_cc[(unsigned char)c] & CC_SPACE)) {
			lex_advance(st, 1);
			continue;
		}
		py_token(st, &inner, kw);
	}
	return false;
}

static void
fstring_body(LexState *st, LexMark m, char q, bool triple)
{
	st->pos += triple ? 3 : 1;
	while (st->pos < st->len) {
		char c = st->s[st->pos];
		if (c == '\\') {
			lex_advance(st, 2);
		} else if (c == q && (!triple || at_triple(st, q))) {
			st->pos += triple ? 3 : 1;
			piece(st, m, 0);
			return;
		} else if (c == '{' && lex_peek(st, 1) == '{') {
			st->pos += 2;
		} else if (c == '{' && st->depth < LEX_MAX_DEPTH) {
			piece(st, m, 0);
			LexMark o = lex_mark(st);
			st->pos++;
			lex_emit(st, o, LANG_TOK_INTERP_OPEN, 0);
			st->depth++;
			fexpr(st, q, triple);
			st->depth--;
			m = lex_mark(st);
		} else if (c == '\n') {
			if (!triple)
				break;
			lex_advance(st, 1);
		} else {
			st->pos++;
		}
	}
	piece(st, m, LANG_TOKF_UNTERMINATED);
	if (st->pos == m.offset) /* keep a trace of the cut-off string */
		lex_emit(st, m, LANG_TOK_STRING, LANG_TOKF_TEMPLATE | LANG_TOKF_UNTERMINATED);
}

/* One token at pos (pos is not whitespace). */
static void
py_token(LexState *st, PyState *ps, const WordSet *kw)
{
	unsigned char c = (unsigned char)st->s[st->pos];
	LexMark m = lex_mark(st);
	bool fstr;
	int pre;
	if (c == '#') {
		lex_to_eol(st);
		lex_emit(st, m, LANG_TOK_COMMENT, 0);
		return;
	}
	if (ps->line_toks++ == 0)
		ps->first_tok = st->n;
	if (c == '"' || c == '\'') {
		plain_string(st, m, (char)c);
	} else if (lex_is_idstart(c) && (pre = string_prefix(st, &fstr)) >= 0) {
		st->pos += (uint32_t)pre;
		if (fstr)
			fstring_body(st, m, st->s[st->pos], at_triple(st, st->s[st->pos]));
		else
			plain_string(st, m, st->s[st->pos]);
	} else if (lex_is_digit(c) || (c == '.' && lex_peek(st, 1) >= 0 &&
				       lex_is_digit((unsigned char)lex_peek(st, 1)))) {
		lex_number(st, '_');
		lex_emit(st, m, LANG_TOK_NUMBER, 0);
	} else if (lex_is_idstart(c) && c != '$') {
		uint32_t n = lex_ident(st);
		lex_emit(st, m, wordset_lookup(kw, st->s + m.offset, n) ? LANG_TOK_KEYWORD
									 : LANG_TOK_IDENT, 0);
	} else if (c < 0x20 || c == 0x7f) {
		lex_stray(st);
	} else {
		if (c == '(' || c == '[' || c == '{')
			ps->brackets++;
		else if ((c == ')' || c == ']' || c == '}') && ps->brackets > 0)
			ps->brackets--;
		lex_operator(st, &py_lex_ops);
	}
}

/* match/case are keywords only as statements ("match x:"), not as names. */
static void
soft_keyword(LexState *st, uint32_t first, uint32_t end)
{
	LangToken *t = &st->tok[first];
	if (t->kind != LANG_TOK_IDENT || first + 1 >= end)
		return;
	const char *w = st->s + t->offset;
	if (!((t->length == 5 && memcmp(w, "match", 5) == 0) ||
	      (t->length == 4 && memcmp(w, "case", 4) == 0)))
		return;
	const LangToken *nx = t + 1;
	if (nx->kind == LANG_TOK_OPERATOR && nx->length == 1 && strchr("=.,)]}:", st->s[nx->offset]))
		return;
	int depth = 0;
	for (uint32_t i = first + 1; i < end; i++) {
		const LangToken *u = &st->tok[i];
		if (u->kind != LANG_TOK_OPERATOR || u->length != 1)
			continue;
		char c = st->s[u->offset];
		if (c == '(' || c == '[' || c == '{')
			depth++;
		else if (c == ')' || c == ']' || c == '}')
			depth--;
		else if (c == ':' && depth == 0) {
			t->kind = LANG_TOK_KEYWORD;
			return;
		}
	}
}

static void
end_line(LexState *st, PyState *ps, LexMark m, uint32_t len)
{
	if (ps->line_toks > 0) {
		uint32_t end = st->n;
		LangToken *first = &st->tok[ps->first_tok];
		/* A string alone on a line is a docstring (or a comment written as one). */
		uint32_t ncode = 0;
		for (uint32_t i = ps->first_tok; i < end; i++)
			if (st->tok[i].kind != LANG_TOK_COMMENT)
				ncode++;
		if (ncode == 1 && first->kind == LANG_TOK_STRING && !(first->flags & LANG_TOKF_TEMPLATE))
			first->flags |= LANG_TOKF_DOC;
		soft_keyword(st, ps->first_tok, end);
		LangToken t = { m.offset, len, m.line, m.column, LANG_TOK_NEWLINE, 0 };
		lex_push(st, &t);
	}
	ps->line_toks = 0;
}

void
lex_python(LexState *st)
{
	static GOnce once = G_ONCE_INIT;
	g_once(&once, init_words, NULL);
	PyState ps = { 0 };
	while (st->pos < st->len) {
		unsigned char c = (unsigned char)st->s[st->pos];
		if (lex_cc[c] & CC_SPACE) {
			st->pos++;
		} else if (c == '\n') {
			LexMark m = lex_mark(st);
			lex_advance(st, 1);
			if (ps.brackets == 0)
				end_line(st, &ps, m, 1);
		} else if (c == '\\' && (lex_peek(st, 1) == '\n' ||
					 (lex_peek(st, 1) == '\r' && lex_peek(st, 2) == '\n'))) {
			lex_advance(st, lex_peek(st, 1) == '\n' ? 2 : 3);
		} else {
			py_token(st, &ps, py_words);
		}
	}
	end_line(st, &ps, lex_mark(st), 0);
}
