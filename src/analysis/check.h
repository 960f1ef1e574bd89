/* SPDX-License-Identifier: MIT */
/* Internal to src/analysis/: the per-file context the rule checkers share, and helpers
 * for matching token patterns. */
#ifndef AURELIS_CHECK_H
#define AURELIS_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <glib.h>

#include "analysis/analysis.h"

/* Rule switches and severities after config, --rules and --category. */
typedef struct {
	bool enabled[RULE__COUNT];
	AnalysisSeverity severity[RULE__COUNT];
	bool any_enabled[LANG__COUNT];
	int64_t max_file_size;
	GPtrArray *exclude;      /* GPatternSpec * */
	bool categories[ANALYSIS_CAT__COUNT]; /* --category (all true without it) */
	bool metrics;
	bool keep_text;
} CheckProfile;

typedef struct {
	uint16_t rule;
	uint32_t line, col;      /* col in bytes here; converted to characters later */
	uint32_t end_line, end_col;
	char *msg;               /* NULL: the rule's message */
} CheckFinding;

/* A function in code-view indices. */
typedef struct {
	uint32_t name;           /* UINT32_MAX when anonymous */
	uint32_t params;         /* "(" of the parameter list */
	uint32_t body, end;
	const LangFunction *f;
} CheckFunc;

typedef struct CheckCtx {
	const char *path;
	const char *src;
	size_t len;
	const LangLines *lines;  /* where each line starts */
	LangId lang;
	const CheckProfile *profile;
	const LangToken *all;    /* every token */
	size_t nall;
	LangToken *t;            /* code view: no comments or preprocessor lines */
	uint32_t n;
	int32_t *match;          /* partner bracket in the code view, or -1 */
	GArray *funcs;           /* LangFunction (all-token indices) */
	CheckFunc *cf;           /* the same in code-view indices */
	uint32_t ncf;
	GArray *findings;        /* CheckFinding */
	GHashTable *aliases;     /* Python/JS: local name -> canonical dotted name */
	GHashTable *noreturn;    /* C: functions of this file that never return */
	bool shell_errexit, shell_nounset;
} CheckCtx;

/* ---- token helpers ---- */
static inline const char *
tok_str(const CheckCtx *c, uint32_t i)
{
	return c->src + c->t[i].offset;
}

/* Is token i (not a string or comment) exactly text? */
static inline bool
tok_is(const CheckCtx *c, uint32_t i, const char *text)
{
	if (i >= c->n)
		return false;
	const LangToken *t = &c->t[i];
	/* the first byte rules out almost every token before strlen and memcmp run */
	if (t->length == 0 || c->src[t->offset] != text[0])
		return false;
	size_t n = strlen(text);
	if (t->length != n || t->kind == LANG_TOK_STRING || t->kind == LANG_TOK_COMMENT)
		return false;
	return memcmp(c->src + t->offset + 1, text + 1, n - 1) == 0;
}

static inline bool
tok_kind(const CheckCtx *c, uint32_t i, LangTokenKind k)
{
	return i < c->n && c->t[i].kind == k;
}

/* Text of token i as a new string (caller frees). */
char *check_tok_dup(const CheckCtx *c, uint32_t i);
/* Does the token's text (any kind) contain word, case-insensitively? */
bool check_tok_contains_ci(const CheckCtx *c, uint32_t i, const char *word);
/* Is the identifier-ish name sensitive: password, secret, token, api_key...? */
bool check_name_sensitive(const char *p, size_t n);

/* Arguments of the call whose "(" is at open: fills start/end (inclusive) of up to max
 * arguments, returns how many there are (0 for "()"). */
unsigned check_args(const CheckCtx *c, uint32_t open, uint32_t *start, uint32_t *end,
		    unsigned max);
/* Is [a, b] a constant string: literals only (adjacent ones concatenate), maybe in
 * parentheses, no interpolation?  */
bool check_is_literal(const CheckCtx *c, uint32_t a, uint32_t b);
/* Is [a, b] "built": a template with fields, or a literal joined with +, %, .format,
 * or an f-string? */
bool check_is_built_string(const CheckCtx *c, uint32_t a, uint32_t b);
/* Canonical dotted name of the callee ending at identifier i (aliases resolved):
 * "os.system", "subprocess.run", "child_process.exec".  Caller frees. */
char *check_callee(CheckCtx *c, uint32_t i);
/* Index of the innermost function containing token i, or -1. */
int check_func_at(const CheckCtx *c, uint32_t i);
/* First token of the statement containing i (after ; { } or a newline token). */
uint32_t check_stmt_start(const CheckCtx *c, uint32_t i);
uint32_t check_stmt_end(const CheckCtx *c, uint32_t i);

/* ---- findings ---- */
static inline bool
check_on(const CheckCtx *c, AnalysisRuleId r)
{
	return c->profile->enabled[r];
}

/* Report rule at tokens [a, b] (code view).  fmt may be NULL for the rule's message. */
void check_report(CheckCtx *c, AnalysisRuleId rule, uint32_t a, uint32_t b, const char *fmt,
		  ...) G_GNUC_PRINTF(5, 6);
/* Report at a raw position (lines and byte columns). */
void check_report_at(CheckCtx *c, AnalysisRuleId rule, uint32_t line, uint32_t col,
		     uint32_t end_line, uint32_t end_col, char *msg);
/* Report at an all-token (not code view) token. */
void check_report_raw(CheckCtx *c, AnalysisRuleId rule, const LangToken *t, char *msg);

/* ---- the checkers, one per language family ---- */
void check_c(CheckCtx *c);
void check_c_flow(CheckCtx *c);
void check_python(CheckCtx *c);
void check_js(CheckCtx *c);
void check_shell(CheckCtx *c);
void check_secrets(CheckCtx *c);
void check_style(CheckCtx *c);
void check_complexity(CheckCtx *c);

/* Storage one worker thread reuses from file to file (token array, line index, the
 * file's bytes), so a run does not allocate and fault in fresh pages per file. */
typedef struct {
	GArray *tokens;          /* LangToken */
	LangLines lines;
	char *buf;               /* a file's bytes */
	size_t buf_size;
} CheckScratch;

CheckScratch *check_scratch_new(void);
void check_scratch_free(CheckScratch *s);

/* Run every enabled checker over one buffer; fills file (findings, metrics).  scratch may
 * be NULL (the storage is then allocated for this call). */
void check_buffer(const CheckProfile *p, AnalysisFile *file, const char *src, size_t len,
		  CheckScratch *scratch);

/* The `aurelis: ignore[...]` comments of a buffer, for findings made elsewhere (other
 * tools): does one cover rule on line?  s may be NULL (nothing is covered). */
typedef struct CheckSuppressions CheckSuppressions;
CheckSuppressions *check_suppressions_new(const char *src, size_t len, LangId lang);
bool check_suppressions_cover(const CheckSuppressions *s, uint32_t line, const char *rule);
void check_suppressions_free(CheckSuppressions *s);

/* Profiles: build from options (validated), free. */
CheckProfile *check_profile_new(const AnalysisOptions *opts, GPtrArray *warnings, AurError **err);
void check_profile_free(CheckProfile *p);

#endif

/* Does any word of the identifier name a security value (token, key, secret, password,
 * nonce, salt, session, id...)? */
bool check_name_secretish(const char *p, size_t n);
/* Is [a, b] a constant expression (numbers, sizeof, upper-case macro names, operators)? */
bool check_is_constant(const CheckCtx *c, uint32_t a, uint32_t b);
/* Do the token ranges have the same text? */
bool check_same_text(const CheckCtx *c, uint32_t a1, uint32_t b1, uint32_t a2, uint32_t b2);
