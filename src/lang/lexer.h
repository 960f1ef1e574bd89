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

typedef struct {
	const char *s;
	uint32_t len;
	uint32_t pos;
	uint32_t line;       /* line of s[pos] */
	uint32_t line_start; /* offset where that line starts */
	GArray *out;
	LangId lang;
	int depth;
} LexState;

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

/* Move forward n bytes, keeping line and line_start right. */
static inline void
lex_advance(LexState *st, uint32_t n)
{
	uint32_t end = st->pos + n > st->len ? st->len : st->pos + n;
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

static inline void
lex_emit(LexState *st, LexMark m, LangTokenKind kind, unsigned flags)
{
	LangToken t = { m.offset, st->pos - m.offset, m.line, m.column, (uint8_t)kind,
			(uint8_t)flags };
	g_array_append_val(st->out, t);
}

/* Skip spaces, tabs, CR, FF, VT and (if newlines) '\n'. */
void lex_skip_space(LexState *st, bool newlines);
/* Consume an identifier (bytes >= 0x80 included); returns its length. */
uint32_t lex_ident(LexState *st);
/* Consume a number in the common C-like syntax (hex, octal, binary, decimal, exponent,
 * digit separators given, suffix letters). */
void lex_number(LexState *st, char separator);
/* Consume up to and including the next '\n' (not included) */
void lex_to_eol(LexState *st);
/* Emit one stray byte as LANG_TOK_UNKNOWN, or an operator for ASCII punctuation. */
void lex_stray(LexState *st);
/* Longest operator from a NULL-terminated list (longest first) matching at pos, emitted
 * as LANG_TOK_OPERATOR; a single punctuation byte otherwise. */
void lex_operator(LexState *st, const char *const *ops);

void lex_c(LexState *st);
void lex_python(LexState *st);
void lex_js(LexState *st);
void lex_shell(LexState *st);

#endif
