/* SPDX-License-Identifier: MIT */
/* Language detection, lexers (C/C++, Python, JavaScript/TypeScript, shell), function
 * boundaries and code metrics: the token layer shared by analysis and highlighting. */
#ifndef AURELIS_LANG_H
#define AURELIS_LANG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

/*
 * The lexers turn a buffer into a flat array of LangToken.  They hold no analysis policy:
 * a token says what the bytes are (a comment, a piece of a string, an identifier...),
 * never whether they are a problem.
 *
 * Lexers never fail.  Unterminated strings and comments run to the end of the buffer (or
 * of the line, where the language says so) and carry LANG_TOKF_UNTERMINATED; NUL bytes and
 * other stray bytes become LANG_TOK_UNKNOWN tokens; bytes >= 0x80 (valid UTF-8 or not) are
 * identifier characters.  Whitespace is not a token.  Offsets are bytes; lines are 1-based;
 * columns are 1-based byte columns.  Buffers past 4 GiB are lexed up to 4 GiB.
 *
 * Interpolated strings (Python f-strings, JavaScript template literals, shell double
 * quotes) are split: the literal pieces are LANG_TOK_STRING with LANG_TOKF_TEMPLATE, the
 * opening "{", "${", "$(" or "`" is LANG_TOK_INTERP_OPEN, the embedded code follows as
 * ordinary tokens and LANG_TOK_INTERP_CLOSE ends it.
 */

typedef enum {
	LANG_NONE,
	LANG_C,
	LANG_CPP,
	LANG_PYTHON,
	LANG_JS,
	LANG_TS,
	LANG_SHELL,
	LANG__COUNT
} LangId;

/* Bit sets of languages (rule tables use them). */
#define LANG_BIT(l) (1u << (l))
#define LANG_SET_C (LANG_BIT(LANG_C) | LANG_BIT(LANG_CPP))
#define LANG_SET_JS (LANG_BIT(LANG_JS) | LANG_BIT(LANG_TS))
#define LANG_SET_ALL (LANG_SET_C | LANG_BIT(LANG_PYTHON) | LANG_SET_JS | LANG_BIT(LANG_SHELL))

typedef enum {
	LANG_TOK_COMMENT,
	LANG_TOK_STRING,        /* also C char literals (LANG_TOKF_CHAR), heredoc bodies */
	LANG_TOK_NUMBER,
	LANG_TOK_IDENT,         /* shell: a plain word */
	LANG_TOK_KEYWORD,
	LANG_TOK_OPERATOR,      /* operators and punctuation */
	LANG_TOK_PREPROC,       /* C: "#" and the directive name; the rest has LANG_TOKF_PP */
	LANG_TOK_INTERP_OPEN,   /* "{" in f-strings, "${" in templates, "$(" "$((" "`" in shell */
	LANG_TOK_INTERP_CLOSE,
	LANG_TOK_VARIABLE,      /* shell $name, ${...}, $1, $@ */
	LANG_TOK_REGEX,         /* JavaScript regular expression literal */
	LANG_TOK_NEWLINE,       /* Python logical line end; shell newline ending a command */
	LANG_TOK_UNKNOWN,       /* a byte that starts no token (NUL, control characters) */
	LANG_TOK__COUNT
} LangTokenKind;

enum {
	LANG_TOKF_UNTERMINATED = 1 << 0, /* string or comment cut by end of input or line */
	LANG_TOKF_TEMPLATE = 1 << 1,     /* piece of an interpolated string */
	LANG_TOKF_QUOTED = 1 << 2,       /* shell: expansion inside double quotes or heredoc */
	LANG_TOKF_PP = 1 << 3,           /* C: inside a preprocessor directive */
	LANG_TOKF_HEREDOC = 1 << 4,      /* shell: heredoc body */
	LANG_TOKF_CHAR = 1 << 5,         /* C: character literal */
	LANG_TOKF_DOC = 1 << 6,          /* a docstring / doc comment */
	LANG_TOKF_PP_SKIP = 1 << 7,      /* C: inside an #else/#elif branch (not the first one) */
};

typedef struct {
	uint32_t offset;
	uint32_t length;
	uint32_t line;
	uint32_t column;
	uint8_t kind;  /* LangTokenKind */
	uint8_t flags; /* LANG_TOKF_* */
} LangToken;

/* Language of a file from its name and first bytes (a shebang such as "#!/bin/sh" or
 * "#!/usr/bin/env python3").  head may be NULL.  LANG_NONE when unknown. */
LangId lang_detect(const char *path, const char *head, size_t len);
/* By extension only (no content). */
LangId lang_from_path(const char *path);
/* "c", "cpp", "python", "javascript", "typescript", "shell" (and common aliases such as
 * "py", "js", "ts", "sh", "bash", "c++"); LANG_NONE when unknown. */
LangId lang_from_name(const char *name);
const char *lang_name(LangId lang);
/* NULL-terminated list of the names lang_from_name() accepts, for help and completion. */
const char *const *lang_names(void);
const char *lang_token_kind_name(LangTokenKind kind);

/* Append the tokens of src[0..len) to tokens (a GArray of LangToken).  Never fails.
 * Safe to call from several threads at once. */
void lang_lex(LangId lang, const char *src, size_t len, GArray *tokens);

/* 1-based line on which a token ends (multi-line strings and comments). */
uint32_t lang_token_end_line(const char *src, const LangToken *tok);

/* Where the lines of a buffer start: start[0] is 0 and start[k] the offset just past the
 * k-th newline, for k = 1..newlines.  Built once per file (one pass, a word at a time) and
 * shared by the metrics, the style checks and the excerpts of findings.  Zero-initialise,
 * then lang_lines_index() may be called again for another buffer (the storage is kept);
 * lang_lines_clear() frees it. */
typedef struct {
	uint32_t *start;
	uint32_t newlines;
	uint32_t cap;      /* entries start has room for */
} LangLines;

void lang_lines_index(LangLines *lines, const char *src, size_t len);
void lang_lines_clear(LangLines *lines);

/* Lines as an editor counts them: a last line without a newline counts, and an empty
 * buffer has none.  len is the length of the buffer that was indexed. */
static inline uint32_t
lang_lines_count(const LangLines *lines, size_t len)
{
	return lines->start[lines->newlines] < len ? lines->newlines + 1 : lines->newlines;
}

/* Offset just past the last byte of line l (1-based; its newline is not included), for a
 * line l <= lang_lines_count() + 1. */
static inline uint32_t
lang_lines_end(const LangLines *lines, size_t len, uint32_t l)
{
	return l <= lines->newlines ? lines->start[l] - 1 : (uint32_t)MIN(len, UINT32_MAX);
}

/* A function (or method) found in a token array. */
typedef struct {
	uint32_t name_tok;     /* token index of the name; UINT32_MAX for anonymous functions */
	uint32_t params_tok;   /* index of the "(" opening the parameters (or of the name) */
	uint32_t body_tok;     /* first token of the body ("{" for brace languages) */
	uint32_t end_tok;      /* last token of the body (the closing "}" where there is one) */
	uint32_t start_line;   /* line of the first token of the definition */
	uint32_t end_line;
	int32_t parent;        /* index of the enclosing function in the array, or -1 */
	/* Filled by lang_metrics(): */
	uint16_t params;
	uint16_t complexity;   /* cyclomatic: 1 + decision points */
	uint16_t max_nesting;  /* deepest nesting of control blocks in the body */
	uint32_t lines;        /* end_line - start_line + 1 */
} LangFunction;

/* Append the functions defined in tokens to funcs (a GArray of LangFunction), in order of
 * their start.  Nested functions are listed too, with parent set. */
void lang_functions(LangId lang, const char *src, const LangToken *toks, size_t n,
		    GArray *funcs);

typedef struct {
	uint32_t lines;
	uint32_t code_lines;    /* lines with at least one token that is not a comment */
	uint32_t comment_lines; /* lines touched by a comment */
	uint32_t blank_lines;
	uint32_t functions;
	uint32_t max_complexity;
} LangFileMetrics;

/* Fill params, complexity, max_nesting and lines of each function in funcs, and *file
 * (which may be NULL).  Decision points inside a nested function count for that function
 * only. */
void lang_metrics(LangId lang, const char *src, size_t len, const LangToken *toks, size_t n,
		  GArray *funcs, LangFileMetrics *file);
/* lang_functions() then lang_metrics(), sharing the work they have in common. */
void lang_structure(LangId lang, const char *src, size_t len, const LangToken *toks, size_t n,
		    GArray *funcs, LangFileMetrics *file);
/* The same with the buffer's line index already built (lang_lines_index()). */
void lang_structure_lines(LangId lang, const char *src, size_t len, const LangLines *lines,
			  const LangToken *toks, size_t n, GArray *funcs, LangFileMetrics *file);

#endif
