/* SPDX-License-Identifier: MIT */
/* Lexer for C and C++: comments, every string form (prefixes, raw strings), numbers,
 * keywords and preprocessor directives, with #if/#else branches marked. */
#include "autoconfig.h"

#include <string.h>

#include "lexer.h"
#include "wordset.h"

static const char *const c_keywords[] = {
	"auto", "break", "case", "char", "const", "continue", "default", "do", "double",
	"else", "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long",
	"register", "restrict", "return", "short", "signed", "sizeof", "static", "struct",
	"switch", "typedef", "union", "unsigned", "void", "volatile", "while", "_Bool",
	"_Complex", "_Atomic", "_Alignas", "_Alignof", "_Generic", "_Noreturn",
	"_Static_assert", "_Thread_local", "bool", "true", "false", "typeof", "__typeof__",
	"__attribute__", "__asm__", "asm", "__inline", "__inline__", "__restrict",
	"__restrict__", "__extension__", "constexpr", "nullptr", "static_assert",
	"thread_local", "alignas", "alignof", NULL,
};

static const char *const cpp_keywords[] = {
	"class", "namespace", "template", "typename", "public", "private", "protected",
	"virtual", "override", "final", "new", "delete", "this", "throw", "try", "catch",
	"operator", "friend", "using", "explicit", "mutable", "noexcept", "decltype",
	"const_cast", "static_cast", "dynamic_cast", "reinterpret_cast", "typeid", "co_await",
	"co_return", "co_yield", "concept", "requires", "consteval", "constinit", "export",
	"import", "module", "and", "or", "not", "xor", "bitand", "bitor", "compl", "and_eq",
	"or_eq", "xor_eq", "not_eq", "wchar_t", "char8_t", "char16_t", "char32_t", NULL,
};

static const char *const c_ops[] = {
	">>=", "<<=", "...", "->*", "<=>", "->", "++", "--", "<<", ">>", "<=", ">=", "==",
	"!=", "&&", "||", "+=", "-=", "*=", "/=", "%=", "&=", "^=", "|=", "::", "##", ".*",
	NULL,
};

static WordSet *c_words, *cpp_words;
static LexOps c_lex_ops;

static void init_classes(void);

static gpointer
init_words(gpointer unused)
{
	init_classes();
	lex_ops_init(&c_lex_ops, c_ops);
	c_words = wordset_new(c_keywords);
	cpp_words = wordset_new(c_keywords);
	for (int i = 0; cpp_keywords[i] != NULL; i++)
		wordset_add(cpp_words, cpp_keywords[i], 1000 + i);
	return NULL;
}

/* Preprocessor conditional stack, to mark tokens in branches a compiler would not see
 * together: #else/#elif branches, and the first branch of "#if 0". */
typedef struct {
	uint64_t if0;    /* bit per level: the group started with "#if 0" */
	uint64_t first;  /* bit per level: still in the first branch */
	int level;       /* levels past 64 are counted but not tracked */
	unsigned skip;   /* LANG_TOKF_PP_SKIP when a level is skipping, else 0 */
	bool in_pp;      /* inside a directive */
	bool line_start; /* only whitespace so far on this line */
	bool include;    /* the directive is #include / #import: <...> is a string */
} CState;

static bool
skipping(const CState *cs)
{
	int n = cs->level < 64 ? cs->level : 64;
	for (int i = 0; i < n; i++) {
		bool if0 = cs->if0 >> i & 1, first = cs->first >> i & 1;
		if (if0 ? first : !first)
			return true;
	}
	return false;
}

/* After a change of level, if0 or first: the conditional stack only moves at directives,
 * so the flag every token carries is worked out there, not per token. */
static void
update_skip(CState *cs)
{
	cs->skip = cs->level > 0 && skipping(cs) ? LANG_TOKF_PP_SKIP : 0;
}

static unsigned
cur_flags(const CState *cs)
{
	return (cs->in_pp ? LANG_TOKF_PP : 0) | cs->skip;
}

static bool
word_is(const char *p, uint32_t n, const char *w)
{
	return strlen(w) == n && memcmp(p, w, n) == 0;
}

static void
directive(LexState *st, CState *cs)
{
	LexMark m = lex_mark(st);
	st->pos++; /* '#' */
	while (st->pos < st->len && (st->s[st->pos] == ' ' || st->s[st->pos] == '\t'))
		st->pos++;
	uint32_t ns = st->pos;
	uint32_t n = lex_ident(st);
	const char *name = st->s + ns;
	unsigned flags = cur_flags(cs);
	if (word_is(name, n, "if") || word_is(name, n, "ifdef") || word_is(name, n, "ifndef")) {
		/* "#if 0" opens a dead first branch. */
		uint32_t p = st->pos;
		while (p < st->len && (st->s[p] == ' ' || st->s[p] == '\t'))
			p++;
		bool zero = word_is(name, n, "if") && p < st->len && st->s[p] == '0' &&
			    (p + 1 >= st->len || !lex_is_ident((unsigned char)st->s[p + 1]));
		if (cs->level < 64) {
			cs->if0 = (cs->if0 & ~(1ull << cs->level)) | ((uint64_t)zero << cs->level);
			cs->first |= 1ull << cs->level;
		}
		cs->level++;
		update_skip(cs);
	} else if ((word_is(name, n, "else") || word_is(name, n, "elif") ||
		    word_is(name, n, "elifdef") || word_is(name, n, "elifndef")) && cs->level > 0) {
		if (cs->level <= 64)
			cs->first &= ~(1ull << (cs->level - 1));
		update_skip(cs);
		flags = cur_flags(cs);
	} else if (word_is(name, n, "endif") && cs->level > 0) {
		cs->level--;
		update_skip(cs);
		flags = cur_flags(cs);
	}
	cs->include = word_is(name, n, "include") || word_is(name, n, "import") ||
		      word_is(name, n, "include_next");
	lex_emit(st, m, LANG_TOK_PREPROC, flags & LANG_TOKF_PP_SKIP);
	cs->in_pp = true;
}

/* A string or character literal from the opening quote at pos (prefix already consumed
 * into the token that starts at m). */
static void
quoted(LexState *st, LexMark m, char q, unsigned flags)
{
	st->pos++;
	while (st->pos < st->len) {
		char c = st->s[st->pos];
		if (c == q) {
			st->pos++;
			lex_emit(st, m, LANG_TOK_STRING, flags);
			return;
		}
		if (c == '\\' && st->pos + 1 < st->len) {
			lex_advance(st, 2); /* an escaped newline continues the literal */
			continue;
		}
		if (c == '\n')
			break;
		st->pos++;
	}
	lex_emit(st, m, LANG_TOK_STRING, flags | LANG_TOKF_UNTERMINATED);
}

/* C++ raw string R"delim( ... )delim"; false (nothing consumed) if the delimiter is bad. */
static bool
raw_string(LexState *st, LexMark m, unsigned flags)
{
	uint32_t p = st->pos + 1, d0 = p;
	while (p < st->len && p - d0 <= 16 && st->s[p] != '(' && st->s[p] != ')' &&
	       st->s[p] != '\\' && st->s[p] != ' ' && st->s[p] != '"' && st->s[p] != '\n')
		p++;
	if (p >= st->len || st->s[p] != '(' || p - d0 > 16)
		return false;
	uint32_t dlen = p - d0;
	const char *d = st->s + d0;
	uint32_t q = p + 1;
	for (; q < st->len; q++) {
		if (st->s[q] == ')' && q + 1 + dlen < st->len &&
		    memcmp(st->s + q + 1, d, dlen) == 0 && st->s[q + 1 + dlen] == '"') {
			lex_advance(st, q + dlen + 2 - st->pos);
			lex_emit(st, m, LANG_TOK_STRING, flags);
			return true;
		}
	}
	lex_advance(st, st->len - st->pos);
	lex_emit(st, m, LANG_TOK_STRING, flags | LANG_TOKF_UNTERMINATED);
	return true;
}

static void
comment(LexState *st, unsigned flags)
{
	LexMark m = lex_mark(st);
	if (st->s[st->pos + 1] == '/') {
		if (st->pos + 2 < st->len && st->s[st->pos + 2] == '/')
			flags |= LANG_TOKF_DOC;
		for (;;) { /* a line comment ending in a backslash continues */
			lex_to_eol(st);
			uint32_t e = st->pos;
			if (e > 0 && st->s[e - 1] == '\r')
				e--;
			if (st->pos < st->len && e > m.offset && st->s[e - 1] == '\\') {
				lex_advance(st, 1);
				continue;
			}
			break;
		}
		lex_emit(st, m, LANG_TOK_COMMENT, flags);
		return;
	}
	if (st->pos + 2 < st->len && st->s[st->pos + 2] == '*' &&
	    (st->pos + 3 >= st->len || st->s[st->pos + 3] != '/'))
		flags |= LANG_TOKF_DOC;
	lex_block_comment(st, m, flags);
}

/* An identifier, which may turn out to be a string prefix (L"", u8"", R"()"). */
static void
ident(LexState *st, CState *cs, const WordSet *kw, unsigned flags)
{
	LexMark m = lex_mark(st);
	uint32_t n = lex_ident(st);
	const char *w = st->s + m.offset;
	int next = lex_peek(st, 0);
	if (next == '"' || next == '\'') {
		bool raw = n <= 3 && w[n - 1] == 'R' && next == '"';
		uint32_t pn = raw ? n - 1 : n;
		bool prefix = pn == 0 || word_is(w, pn, "L") || word_is(w, pn, "u") ||
			      word_is(w, pn, "U") || word_is(w, pn, "u8");
		if (prefix && raw && raw_string(st, m, flags))
			return;
		if (prefix && !raw) {
			quoted(st, m, (char)next, flags | (next == '\'' ? LANG_TOKF_CHAR : 0));
			return;
		}
	}
	lex_emit(st, m, wordset_lookup(kw, w, n) ? LANG_TOK_KEYWORD : LANG_TOK_IDENT, flags);
}

/* What a byte can start, so the main loop dispatches with one table lookup. */
enum { B_OTHER, B_SPACE, B_NEWLINE, B_BACKSLASH, B_HASH, B_SLASH, B_QUOTE, B_LT, B_DIGIT, B_DOT,
       B_IDENT, B_CONTROL };
static uint8_t byte_class[256];

static void
init_classes(void)
{
	for (int c = 0; c < 256; c++) {
		uint8_t k = B_OTHER;
		if (lex_cc[c] & CC_SPACE)
			k = B_SPACE;
		else if (c == '\n')
			k = B_NEWLINE;
		else if (c == '\\')
			k = B_BACKSLASH;
		else if (c == '#')
			k = B_HASH;
		else if (c == '/')
			k = B_SLASH;
		else if (c == '"' || c == '\'')
			k = B_QUOTE;
		else if (c == '<')
			k = B_LT;
		else if (lex_is_digit((unsigned char)c))
			k = B_DIGIT;
		else if (c == '.')
			k = B_DOT;
		else if (lex_is_idstart((unsigned char)c))
			k = B_IDENT;
		else if (c < 0x20 || c == 0x7f)
			k = B_CONTROL;
		byte_class[c] = k;
	}
}

/* #include <name>: the name is a string when a '>' closes it on the line. */
static void
include_name(LexState *st, unsigned flags)
{
	LexMark m = lex_mark(st);
	const char *gt = memchr(st->s + st->pos, '>', st->len - st->pos);
	const char *nl = memchr(st->s + st->pos, '\n', st->len - st->pos);
	if (gt != NULL && (nl == NULL || gt < nl)) {
		st->pos = (uint32_t)(gt - st->s) + 1;
		lex_emit(st, m, LANG_TOK_STRING, flags);
	} else {
		lex_operator(st, &c_lex_ops);
	}
}

/* The token starting with byte c, unless it is an operator (then false, nothing done). */
static bool
c_token(LexState *st, CState *cs, const WordSet *kw, unsigned char c, unsigned flags,
	bool at_start)
{
	switch (byte_class[c]) {
	case B_HASH:
		if (!at_start || cs->in_pp)
			return false;
		directive(st, cs);
		return true;
	case B_SLASH:
		if (lex_peek(st, 1) != '/' && lex_peek(st, 1) != '*')
			return false;
		comment(st, flags);
		return true;
	case B_QUOTE:
		quoted(st, lex_mark(st), (char)c, flags | (c == '\'' ? LANG_TOKF_CHAR : 0));
		return true;
	case B_LT:
		if (!cs->include)
			return false;
		include_name(st, flags);
		return true;
	case B_DOT:
		if (!(lex_peek(st, 1) >= 0 && lex_is_digit((unsigned char)lex_peek(st, 1))))
			return false;
		G_GNUC_FALLTHROUGH; /* a number like .5 */
	case B_DIGIT: {
		LexMark m = lex_mark(st);
		lex_number(st, '\'');
		lex_emit(st, m, LANG_TOK_NUMBER, flags);
		return true;
	}
	case B_IDENT:
		ident(st, cs, kw, flags);
		return true;
	case B_CONTROL:
		lex_stray(st);
		return true;
	default:
		return false;
	}
}

void
lex_c(LexState *st)
{
	static GOnce once = G_ONCE_INIT;
	g_once(&once, init_words, NULL);
	const WordSet *kw = st->lang == LANG_CPP ? cpp_words : c_words;
	CState cs = { .line_start = true };
	while (st->pos < st->len) {
		unsigned char c = (unsigned char)st->s[st->pos];
		uint8_t k = byte_class[c];
		if (k == B_SPACE) { /* indentation comes in runs */
			uint32_t p = st->pos + 1;
			while (p < st->len && byte_class[(unsigned char)st->s[p]] == B_SPACE)
				p++;
			st->pos = p;
			continue;
		}
		if (k == B_NEWLINE) {
			st->pos++;
			st->line++;
			st->line_start = st->pos;
			cs.line_start = true;
			cs.in_pp = false;
			cs.include = false;
			continue;
		}
		if (k == B_BACKSLASH && (lex_peek(st, 1) == '\n' ||
					 (lex_peek(st, 1) == '\r' && lex_peek(st, 2) == '\n'))) {
			lex_advance(st, lex_peek(st, 1) == '\n' ? 2 : 3);
			continue;
		}
		bool at_start = cs.line_start;
		cs.line_start = false;
		unsigned flags = cur_flags(&cs);
		if (!c_token(st, &cs, kw, c, flags, at_start)) {
			lex_operator(st, &c_lex_ops);
			if (flags) /* lex_operator() always emits one token */
				st->tok[st->n - 1].flags = (uint8_t)flags;
		}
		cs.include = cs.include && st->tok[st->n - 1].kind == LANG_TOK_PREPROC;
	}
}
