/* SPDX-License-Identifier: MIT */
/* Lexer for POSIX sh and bash: words, every quoting form, parameter expansion, command
 * and arithmetic substitution, heredocs, comments, keywords at command position. */
#include "autoconfig.h"

#include <string.h>

#include "lexer.h"
#include "wordset.h"

/*
 * Shell has no fixed token grammar: what a word is depends on where it stands.  The lexer
 * keeps just enough state to tell keywords from arguments (command position, "for x in",
 * case patterns) and to find heredoc bodies, which start on the line after the one that
 * named them.  A word made of several parts (foo"$bar"'baz') becomes adjacent tokens.
 */

static const char *const sh_keywords[] = {
	"if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until",
	"do", "done", "in", "function", "time", "[[", "]]", "!", "coproc", NULL,
};

/* Keywords after which the next word is again a command. */
static const char *const sh_cmd_after[] = {
	"if", "then", "else", "elif", "while", "until", "do", "!", "time", "{", NULL,
};

static const char *const sh_ops[] = {
	";;&", "&>>", "<<<", "<<-", ";;", ";&", "&&", "||", "|&", "&>", ">>", "<<", "<&", ">&",
	"<>", ">|", NULL,
};

static WordSet *sh_words, *cmd_after;
static LexOps sh_lex_ops;

static gpointer
init_words(gpointer unused)
{
	lex_ops_init(&sh_lex_ops, sh_ops);
	sh_words = wordset_new(sh_keywords);
	cmd_after = wordset_new(sh_cmd_after);
	return NULL;
}

#define MAX_HEREDOCS 16

typedef struct {
	char delim[64];
	uint32_t dlen;
	bool strip_tabs;
	bool quoted;
} Heredoc;

typedef struct {
	Heredoc pending[MAX_HEREDOCS];
	int npending;
	bool want_delim; /* the next word names a heredoc */
	bool strip_tabs;
} ShShared;

typedef struct {
	ShShared *sh;
	bool cmd;       /* at command position */
	int case_depth;
	bool case_pat;  /* in a case pattern (before ")") */
	int expect;     /* 1: the next word is a for/select/case subject; 2: "in" may follow */
	bool function;  /* after "function": the next word is a name */
	int parens;
	char term;      /* what ends this command list: 0, ')' or '`' */
} ShState;

static bool
is_meta(int c)
{
	return c < 0 || c == ' ' || c == '\t' || c == '\n' || c == '|' || c == '&' || c == ';' ||
	       c == '(' || c == ')' || c == '<' || c == '>' || c == '\r';
}

static void sh_seq(LexState *st, ShShared *sh, char term);

/* Does "$" followed by c start an expansion (rather than stand for itself)? */
static bool
starts_expansion(int c)
{
	return c == '(' || c == '{' || (!is_meta(c) && c != '"' && c != '\'');
}
static void expansion(LexState *st, unsigned qflag);
static void backtick(LexState *st, ShShared *sh, unsigned qflag);

/* Text up to the matching close, honouring nesting and quotes; pos is past the opener. */
static void
skip_balanced(LexState *st, char open, char close)
{
	int depth = 1;
	while (st->pos < st->len && depth > 0) {
		char c = st->s[st->pos];
		if (c == '\\') {
			lex_advance(st, 2);
			continue;
		}
		if (c == '\'' && open != '(') {
			const char *e = memchr(st->s + st->pos + 1, '\'', st->len - st->pos - 1);
			lex_advance(st, e ? (uint32_t)(e - (st->s + st->pos)) + 1 : st->len - st->pos);
			continue;
		}
		if (c == open)
			depth++;
		else if (c == close)
			depth--;
		lex_advance(st, 1);
	}
}

/* Arithmetic: tokens up to "))" at depth 0 (pos is past the opening "((" or "$(("). */
static void
arith(LexState *st)
{
	int depth = 0;
	while (st->pos < st->len) {
		unsigned char c = (unsigned char)st->s[st->pos];
		LexMark m = lex_mark(st);
		if (c == ')' && depth == 0 && lex_peek(st, 1) == ')') {
			st->pos += 2;
			lex_emit(st, m, LANG_TOK_INTERP_CLOSE, 0);
			return;
		}
		if (lex_cc[c] & CC_SPACE || c == '\n') {
			lex_advance(st, 1);
		} else if (c == '$') {
			expansion(st, 0);
		} else if (lex_is_digit(c)) {
			lex_number(st, 0);
			lex_emit(st, m, LANG_TOK_NUMBER, 0);
		} else if (lex_is_idstart(c)) {
			lex_ident(st);
			lex_emit(st, m, LANG_TOK_VARIABLE, 0);
		} else {
			if (c == '(')
				depth++;
			else if (c == ')')
				depth--;
			lex_stray(st);
		}
	}
}

/* $name, ${...}, $(...), $((...)), $1, $@ ... at pos. */
static void
expansion(LexState *st, unsigned qflag)
{
	LexMark m = lex_mark(st);
	int c1 = lex_peek(st, 1);
	if (c1 == '(' && lex_peek(st, 2) == '(' && st->depth < LEX_MAX_DEPTH) {
		st->pos += 3;
		lex_emit(st, m, LANG_TOK_INTERP_OPEN, qflag);
		st->depth++;
		arith(st);
		st->depth--;
	} else if (c1 == '(') {
		st->pos += 2;
		if (st->depth >= LEX_MAX_DEPTH) {
			skip_balanced(st, '(', ')');
			lex_emit(st, m, LANG_TOK_VARIABLE, qflag);
			return;
		}
		lex_emit(st, m, LANG_TOK_INTERP_OPEN, qflag);
		ShShared sh = { 0 };
		st->depth++;
		sh_seq(st, &sh, ')');
		st->depth--;
		if (st->pos < st->len) {
			LexMark c = lex_mark(st);
			st->pos++;
			lex_emit(st, c, LANG_TOK_INTERP_CLOSE, qflag);
		}
	} else if (c1 == '{') {
		st->pos += 2;
		skip_balanced(st, '{', '}');
		lex_emit(st, m, LANG_TOK_VARIABLE, qflag | (st->pos > st->len ? LANG_TOKF_UNTERMINATED : 0));
	} else if (c1 >= 0 && (lex_is_idstart((unsigned char)c1) && c1 != '$' && c1 < 0x80)) {
		st->pos++;
		while (st->pos < st->len) {
			unsigned char c = (unsigned char)st->s[st->pos];
			if (c >= 0x80 || c == '$' || !lex_is_ident(c))
				break;
			st->pos++;
		}
		lex_emit(st, m, LANG_TOK_VARIABLE, qflag);
	} else if (c1 >= 0 && (lex_is_digit((unsigned char)c1) || strchr("@*#?$!-", c1) != NULL) && c1 != 0) {
		st->pos += 2;
		lex_emit(st, m, LANG_TOK_VARIABLE, qflag);
	} else {
		/* A lone "$" is a literal dollar. */
		st->pos++;
		lex_emit(st, m, LANG_TOK_IDENT, 0);
	}
}

static void
backtick(LexState *st, ShShared *outer, unsigned qflag)
{
	LexMark m = lex_mark(st);
	st->pos++;
	lex_emit(st, m, LANG_TOK_INTERP_OPEN, qflag);
	if (st->depth >= LEX_MAX_DEPTH) {
		LexMark b = lex_mark(st);
		const char *e = memchr(st->s + st->pos, '`', st->len - st->pos);
		lex_advance(st, e ? (uint32_t)(e - (st->s + st->pos)) : st->len - st->pos);
		lex_emit(st, b, LANG_TOK_STRING, 0);
	} else {
		ShShared sh = { 0 };
		st->depth++;
		sh_seq(st, &sh, '`');
		st->depth--;
	}
	if (st->pos < st->len) {
		LexMark c = lex_mark(st);
		st->pos++;
		lex_emit(st, c, LANG_TOK_INTERP_CLOSE, qflag);
	}
}

/* "..." with its expansions; the pieces are strings, expansions get LANG_TOKF_QUOTED. */
static void
dquote(LexState *st, ShShared *sh)
{
	LexMark m = lex_mark(st);
	bool interp = false;
	st->pos++;
	while (st->pos < st->len) {
		char c = st->s[st->pos];
		if (c == '\\') {
			lex_advance(st, 2);
		} else if (c == '"') {
			st->pos++;
			lex_emit(st, m, LANG_TOK_STRING, interp ? LANG_TOKF_TEMPLATE : 0);
			return;
		} else if ((c == '$' && st->pos + 1 < st->len && starts_expansion(st->s[st->pos + 1])) ||
			   c == '`') {
			if (st->pos > m.offset)
				lex_emit(st, m, LANG_TOK_STRING, LANG_TOKF_TEMPLATE);
			interp = true;
			if (c == '$')
				expansion(st, LANG_TOKF_QUOTED);
			else
				backtick(st, sh, LANG_TOKF_QUOTED);
			m = lex_mark(st);
		} else {
			lex_advance(st, 1);
		}
	}
	lex_emit(st, m, LANG_TOK_STRING, LANG_TOKF_UNTERMINATED | (interp ? LANG_TOKF_TEMPLATE : 0));
}

static void
squote(LexState *st, bool ansi)
{
	LexMark m = lex_mark(st);
	st->pos += ansi ? 2 : 1;
	while (st->pos < st->len) {
		char c = st->s[st->pos];
		if (c == '\\' && ansi) {
			lex_advance(st, 2);
		} else if (c == '\'') {
			st->pos++;
			lex_emit(st, m, LANG_TOK_STRING, 0);
			return;
		} else {
			lex_advance(st, 1);
		}
	}
	lex_emit(st, m, LANG_TOK_STRING, LANG_TOKF_UNTERMINATED);
}

/* Record a heredoc delimiter from the word [start, pos): quotes removed, quoted flag set. */
static void
add_heredoc(LexState *st, ShShared *sh, uint32_t start)
{
	sh->want_delim = false;
	if (sh->npending >= MAX_HEREDOCS)
		return;
	Heredoc *h = &sh->pending[sh->npending++];
	h->strip_tabs = sh->strip_tabs;
	h->quoted = false;
	h->dlen = 0;
	for (uint32_t p = start; p < st->pos; p++) {
		char c = st->s[p];
		if (c == '\'' || c == '"' || c == '\\') {
			h->quoted = true;
			continue;
		}
		if (h->dlen < sizeof h->delim)
			h->delim[h->dlen++] = c;
	}
}

static bool
is_delim_line(const LexState *st, const Heredoc *h, uint32_t p, uint32_t e)
{
	if (h->strip_tabs)
		while (p < e && st->s[p] == '\t')
			p++;
	if (e > p && st->s[e - 1] == '\r')
		e--;
	return e - p == h->dlen && memcmp(st->s + p, h->delim, h->dlen) == 0;
}

/* Body of an unquoted heredoc: strings with the expansions split out. */
static void
heredoc_pieces(LexState *st, uint32_t end)
{
	LexMark m = lex_mark(st);
	bool interp = false;
	while (st->pos < end) {
		char c = st->s[st->pos];
		if (c == '\\') {
			lex_advance(st, st->pos + 2 <= end ? 2 : 1);
		} else if (c == '$' && st->pos + 1 < end &&
			   (st->s[st->pos + 1] == '{' || st->s[st->pos + 1] == '(' ||
			    lex_is_idstart((unsigned char)st->s[st->pos + 1]))) {
			if (st->pos > m.offset)
				lex_emit(st, m, LANG_TOK_STRING, LANG_TOKF_HEREDOC | LANG_TOKF_TEMPLATE);
			interp = true;
			LexMark v = lex_mark(st);
			char open = st->s[st->pos + 1];
			if (open == '{' || open == '(') {
				st->pos += 2;
				/* Stay inside the body even if the braces do not close. */
				int depth = 1;
				while (st->pos < end && depth > 0) {
					if (st->s[st->pos] == open)
						depth++;
					else if (st->s[st->pos] == (open == '{' ? '}' : ')'))
						depth--;
					lex_advance(st, 1);
				}
			} else {
				st->pos++;
				while (st->pos < end && (unsigned char)st->s[st->pos] < 0x80 &&
				       lex_is_ident((unsigned char)st->s[st->pos]) && st->s[st->pos] != '$')
					st->pos++;
			}
			lex_emit(st, v, LANG_TOK_VARIABLE, LANG_TOKF_QUOTED);
			m = lex_mark(st);
		} else {
			lex_advance(st, 1);
		}
	}
	if (st->pos > m.offset)
		lex_emit(st, m, LANG_TOK_STRING, LANG_TOKF_HEREDOC | (interp ? LANG_TOKF_TEMPLATE : 0));
}

/* At the start of the line after a heredoc operator: the bodies, in order. */
static void
heredoc_bodies(LexState *st, ShShared *sh)
{
	for (int i = 0; i < sh->npending; i++) {
		const Heredoc *h = &sh->pending[i];
		uint32_t p = st->pos;
		bool found = false;
		while (p < st->len) {
			const char *nl = memchr(st->s + p, '\n', st->len - p);
			uint32_t e = nl ? (uint32_t)(nl - st->s) : st->len;
			if (is_delim_line(st, h, p, e)) {
				if (p > st->pos) {
					if (h->quoted) {
						LexMark m = lex_mark(st);
						lex_advance(st, p - st->pos);
						lex_emit(st, m, LANG_TOK_STRING, LANG_TOKF_HEREDOC);
					} else {
						heredoc_pieces(st, p);
					}
				}
				LexMark m = lex_mark(st);
				st->pos = e;
				lex_emit(st, m, LANG_TOK_STRING, LANG_TOKF_HEREDOC);
				if (st->pos < st->len)
					lex_advance(st, 1);
				found = true;
				break;
			}
			p = nl ? e + 1 : st->len;
		}
		if (!found) {
			LexMark m = lex_mark(st);
			lex_advance(st, st->len - st->pos);
			lex_emit(st, m, LANG_TOK_STRING, LANG_TOKF_HEREDOC | LANG_TOKF_UNTERMINATED);
		}
	}
	sh->npending = 0;
}

static bool
all_digits(const char *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (!lex_is_digit((unsigned char)p[i]))
			return false;
	return n > 0;
}

/* Plain text of a word, [m, pos): a keyword, a number, "{"/"}" or an identifier. */
static void
plain(LexState *st, ShState *ss, LexMark m, bool whole)
{
	const char *w = st->s + m.offset;
	uint32_t n = st->pos - m.offset;
	LangTokenKind kind = LANG_TOK_IDENT;
	bool in = n == 2 && memcmp(w, "in", 2) == 0;
	bool esac = n == 4 && memcmp(w, "esac", 4) == 0;
	if (whole && in && (ss->expect == 2 || ss->expect == 4)) {
		kind = LANG_TOK_KEYWORD;
	} else if (whole && esac && ss->case_depth > 0 && (ss->cmd || ss->case_pat)) {
		kind = LANG_TOK_KEYWORD;
	} else if (whole && ss->cmd && !ss->case_pat && !in && wordset_lookup(sh_words, w, n)) {
		kind = LANG_TOK_KEYWORD;
	} else if (whole && n == 1 && (w[0] == '{' || w[0] == '}') && !ss->case_pat) {
		kind = LANG_TOK_OPERATOR;
	} else if (whole && all_digits(w, n)) {
		kind = LANG_TOK_NUMBER;
	}
	lex_emit(st, m, kind, 0);
}

static bool
is_word(const char *w, uint32_t n, const char *k)
{
	return strlen(k) == n && memcmp(w, k, n) == 0;
}

/* After a whole word: update command position and keyword expectations. */
static void
after_word(LexState *st, ShState *ss, const LangToken *t, bool whole)
{
	const char *w = st->s + t->offset;
	uint32_t n = t->length;
	if (ss->function) {
		ss->function = false;
		return;
	}
	if (ss->expect == 1 || ss->expect == 3) {
		ss->expect++;
		return;
	}
	if (ss->expect == 2 || ss->expect == 4) {
		bool was_case = ss->expect == 4;
		ss->expect = 0;
		if (t->kind == LANG_TOK_KEYWORD && is_word(w, n, "in")) {
			ss->case_pat = was_case;
			ss->cmd = false;
			return;
		}
	}
	if (ss->case_pat && !(t->kind == LANG_TOK_KEYWORD && is_word(w, n, "esac")))
		return;
	if (t->kind == LANG_TOK_KEYWORD || (t->kind == LANG_TOK_OPERATOR && whole)) {
		if (is_word(w, n, "for") || is_word(w, n, "select")) {
			ss->expect = 1;
			ss->cmd = false;
		} else if (is_word(w, n, "case")) {
			ss->expect = 3;
			ss->case_depth++;
			ss->cmd = false;
		} else if (is_word(w, n, "esac")) {
			ss->case_depth--;
			ss->case_pat = false;
			ss->cmd = false;
		} else if (is_word(w, n, "function")) {
			ss->function = true;
			ss->cmd = false;
		} else {
			ss->cmd = wordset_lookup(cmd_after, w, n) != 0;
		}
		return;
	}
	ss->cmd = false;
}

/* One word (may be several adjacent tokens).  Assignments at command position are split
 * into the name, "=" and the value. */
static void
word(LexState *st, ShState *ss)
{
	uint32_t first = st->n;
	uint32_t start = st->pos;
	bool parts = false;
	bool assign = false;
	LexMark m = lex_mark(st);
	if (ss->cmd && !ss->sh->want_delim) {
		uint32_t p = st->pos;
		while (p < st->len && (unsigned char)st->s[p] < 0x80 &&
		       lex_is_ident((unsigned char)st->s[p]) && st->s[p] != '$')
			p++;
		if (p > st->pos && !lex_is_digit((unsigned char)st->s[st->pos]) && p < st->len &&
		    (st->s[p] == '=' || (st->s[p] == '+' && p + 1 < st->len && st->s[p + 1] == '='))) {
			st->pos = p;
			lex_emit(st, m, LANG_TOK_IDENT, 0);
			LexMark e = lex_mark(st);
			st->pos += st->s[p] == '+' ? 2 : 1;
			lex_emit(st, e, LANG_TOK_OPERATOR, 0);
			m = lex_mark(st);
			assign = true;
			parts = true;
		}
	}
	while (st->pos < st->len) {
		int c = (unsigned char)st->s[st->pos];
		if (is_meta(c))
			break;
		if (c == '`' && ss->term == '`')
			break;
		if (c == '\'' || c == '"' || (c == '$' && lex_peek(st, 1) == '\'') ||
		    (c == '$' && starts_expansion(lex_peek(st, 1)) && !ss->sh->want_delim) ||
		    (c == '`' && !ss->sh->want_delim)) {
			if (st->pos > m.offset) {
				plain(st, ss, m, false);
				parts = true;
			}
			if (c == '\'')
				squote(st, false);
			else if (c == '$' && lex_peek(st, 1) == '\'')
				squote(st, true);
			else if (c == '"')
				dquote(st, ss->sh);
			else if (c == '$')
				expansion(st, 0);
			else
				backtick(st, ss->sh, 0);
			parts = true;
			m = lex_mark(st);
			continue;
		}
		if (c == '\\')
			lex_advance(st, 2);
		else
			st->pos++;
	}
	if (st->pos > m.offset)
		plain(st, ss, m, !parts);
	if (ss->sh->want_delim) {
		add_heredoc(st, ss->sh, start);
		for (uint32_t i = first; i < st->n; i++)
			st->tok[i].kind = LANG_TOK_STRING;
		return;
	}
	if (assign)
		return; /* still at command position */
	if (st->n > first)
		after_word(st, ss, &st->tok[first], !parts);
}

static void
operator(LexState *st, ShState *ss)
{
	LexMark m = lex_mark(st);
	char c = st->s[st->pos];
	if ((c == '<' || c == '>') && lex_peek(st, 1) == '(' && st->depth < LEX_MAX_DEPTH) {
		st->pos += 2; /* process substitution */
		lex_emit(st, m, LANG_TOK_INTERP_OPEN, 0);
		ShShared sh = { 0 };
		st->depth++;
		sh_seq(st, &sh, ')');
		st->depth--;
		if (st->pos < st->len) {
			LexMark e = lex_mark(st);
			st->pos++;
			lex_emit(st, e, LANG_TOK_INTERP_CLOSE, 0);
		}
		return;
	}
	if (c == '(' && lex_peek(st, 1) == '(' && ss->cmd && st->depth < LEX_MAX_DEPTH) {
		st->pos += 2; /* arithmetic command */
		lex_emit(st, m, LANG_TOK_OPERATOR, 0);
		st->depth++;
		arith(st);
		st->depth--;
		ss->cmd = false;
		return;
	}
	lex_operator(st, &sh_lex_ops); /* always emits one token */
	const LangToken *t = &st->tok[st->n - 1];
	const char *o = st->s + t->offset;
	if (t->length == 2 && o[0] == '<' && o[1] == '<') {
		ss->sh->want_delim = true;
		ss->sh->strip_tabs = false;
	} else if (t->length == 3 && memcmp(o, "<<-", 3) == 0) {
		ss->sh->want_delim = true;
		ss->sh->strip_tabs = true;
	} else if (*o == ';' && t->length >= 2 && ss->case_depth > 0) {
		ss->case_pat = true; /* ;; ;& ;;& */
		ss->cmd = false;
	} else if (*o == ')' && ss->case_pat) {
		ss->case_pat = false;
		ss->cmd = true;
	} else if (*o == ')') {
		ss->parens--;
		ss->cmd = false;
	} else if (*o == '(') {
		ss->parens++;
		if (!ss->case_pat)
			ss->cmd = true;
	} else if (*o == ';' || *o == '|' || *o == '&') {
		if (!ss->case_pat)
			ss->cmd = true;
	}
}

/* Commands until end of input or the terminator (")" of "$(", "`"), not consumed. */
static void
sh_seq(LexState *st, ShShared *sh, char term)
{
	ShState ss = { .sh = sh, .cmd = true, .term = term };
	while (st->pos < st->len) {
		unsigned char c = (unsigned char)st->s[st->pos];
		if (lex_cc[c] & CC_SPACE) {
			st->pos++;
		} else if (c == '\n') {
			LexMark m = lex_mark(st);
			lex_advance(st, 1);
			if (!ss.case_pat)
				ss.cmd = true;
			if (st->n > 0 && lex_last(st)->kind != LANG_TOK_NEWLINE)
				lex_emit(st, m, LANG_TOK_NEWLINE, 0);
			sh->want_delim = false;
			if (sh->npending > 0)
				heredoc_bodies(st, sh);
		} else if (c == '\\' && lex_peek(st, 1) == '\n') {
			lex_advance(st, 2);
		} else if (c == '#') {
			LexMark m = lex_mark(st);
			lex_to_eol(st);
			lex_emit(st, m, LANG_TOK_COMMENT, 0);
		} else if (term != 0 && c == (unsigned char)term &&
			   (term == '`' || (ss.parens == 0 && !ss.case_pat))) {
			return;
		} else if (c == '`' && term == '`') {
			return;
		} else if (is_meta(c)) {
			operator(st, &ss);
		} else if (c < 0x20 || c == 0x7f) {
			lex_stray(st);
		} else {
			word(st, &ss);
		}
	}
}

void
lex_shell(LexState *st)
{
	static GOnce once = G_ONCE_INIT;
	g_once(&once, init_words, NULL);
	ShShared sh = { 0 };
	sh_seq(st, &sh, 0);
}
