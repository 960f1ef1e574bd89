/* SPDX-License-Identifier: MIT */
/* Internal to src/lang/: the state and helpers every lexer shares, and the lexers. */
#ifndef AURELIS_LEXER_H
#define AURELIS_LEXER_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "lang.h"

/* Recursion limit for nested interpolation: deeper nesting is lexed as plain string text,
 * so hostile input cannot exhaust the stack. */
#define LEX_MAX_DEPTH 48

/*
 * Tokens go straight into the output array's storage: lang_lex() grows the GArray ahead
 * (g_array_set_size) and trims it to the tokens written when the lexer returns, so
 * emitting a token is a store and an increment rather than a call per token.  While a
 * lexer runs, st->out->len is that reserve, not the count: use st->n and st->tok.
 */
typedef struct {
	const char *s;
	uint32_t len;
	uint32_t pos;
	uint32_t line;       /* line of s[pos] */
	uint32_t line_start; /* offset where that line starts */
	GArray *out;
	LangToken *tok;      /* st->out's storage */
	uint32_t n;          /* tokens in it (those there before lang_lex() included) */
	uint32_t cap;        /* room before it must grow */
	LangId lang;
	int depth;
} LexState;

/* Operators of a language, indexed by first byte. */
typedef struct {
	uint8_t first[257];  /* candidates for byte c: op[first[c]] .. op[first[c + 1] - 1] */
	uint8_t nops;
	uint8_t len[64];
	const char *op[64];
} LexOps;

/* Character classes. */
enum { CC_IDENT = 1, CC_DIGIT = 2, CC_SPACE = 4, CC_IDSTART = 8, CC_HEX = 16 };
extern const uint8_t lex_cc[256];

static inline bool lex_is_ident(unsigned char c) { return lex_cc[c] & CC_IDENT; }
static inline bool lex_is_idstart(unsigned char c) { return lex_cc[c] & CC_IDSTART; }
static inline bool lex_is_digit(unsigned char c) { return lex_cc[c] & CC_DIGIT; }

static inline int
lex_peek(const LexState *st, uint32_t ahead)
{
	uint32_t p = st->pos + ahead;
	return p < st->len ? (unsigned char)st->s[p] : -1;
}

/* Newlines in s[0..n); *last is the offset just past the last one (unchanged if none). */
uint32_t lex_newlines(const char *s, uint32_t n, uint32_t *last);

/* Move forward n bytes, keeping line and line_start right. */
static inline void
lex_advance(LexState *st, uint32_t n)
{
	uint32_t end = st->pos + n > st->len ? st->len : st->pos + n;
	if (end - st->pos > 16) { /* comments and long strings: a word at a time */
		uint32_t last = 0;
		uint32_t k = lex_newlines(st->s + st->pos, end - st->pos, &last);
		if (k > 0) {
			st->line += k;
			st->line_start = st->pos + last;
		}
		st->pos = end;
		return;
	}
	for (uint32_t p = st->pos; p < end; p++)
		if (st->s[p] == '\n') {
			st->line++;
			st->line_start = p + 1;
		}
	st->pos = end;
}

/* Where a token starts: remember line and column before consuming it. */
typedef struct {
	uint32_t offset, line, column;
} LexMark;

static inline LexMark
lex_mark(const LexState *st)
{
	return (LexMark){ st->pos, st->line, st->pos - st->line_start + 1 };
}

/* Make room for more tokens (st->tok moves). */
void lex_grow(LexState *st);

static inline void
lex_push(LexState *st, const LangToken *t)
{
	if (G_UNLIKELY(st->n == st->cap))
		lex_grow(st);
	st->tok[st->n++] = *t;
}

static inline void
lex_emit(LexState *st, LexMark m, LangTokenKind kind, unsigned flags)
{
	LangToken t = { m.offset, st->pos - m.offset, m.line, m.column, (uint8_t)kind,
			(uint8_t)flags };
	lex_push(st, &t);
}

/* The last token emitted, or NULL. */
static inline LangToken *
lex_last(const LexState *st)
{
	return st->n > 0 ? &st->tok[st->n - 1] : NULL;
}

/* Skip spaces, tabs, CR, FF, VT and (if newlines) '\n'. */
void lex_skip_space(LexState *st, bool newlines);
/* Consume an identifier (bytes >= 0x80 included); returns its length. */
uint32_t lex_ident(LexState *st);
/* Consume a number in the common C-like syntax (hex, octal, binary, decimal, exponent,
 * digit separators given, suffix letters). */
void lex_number(LexState *st, char separator);
/* Where a block comment ends: the first '*' followed by '/' in [p, end), or NULL. */
const char *lex_block_end(const char *p, const char *end);
/* Consume the block comment whose opening slash-star is at pos, through its closing
 * star-slash (or to the end of input, flagged LANG_TOKF_UNTERMINATED), and emit it from m
 * as LANG_TOK_COMMENT with flags. */
void lex_block_comment(LexState *st, LexMark m, unsigned flags);
/* Consume up to and including the next '\n' (not included) */
void lex_to_eol(LexState *st);
/* Emit one stray byte as LANG_TOK_UNKNOWN, or an operator for ASCII punctuation. */
void lex_stray(LexState *st);
/* Index a NULL-terminated list of operators (at most 64, longest first) by first byte. */
void lex_ops_init(LexOps *ops, const char *const *list);
/* The first operator of the list matching at pos, emitted as LANG_TOK_OPERATOR; a single
 * punctuation byte otherwise. */
void lex_operator(LexState *st, const LexOps *ops);

void lex_c(LexState *st);
void lex_python(LexState *st);
void lex_js(LexState *st);
void lex_shell(LexState *st);

#endif
