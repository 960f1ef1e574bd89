/* SPDX-License-Identifier: MIT */
/* Language detection and names, the lexer entry point and helpers shared by the lexers. */
#include "autoconfig.h"

#include <string.h>

#include "bytescan.h"
#include "lexer.h"

/* ---- character classes ----------------------------------------------------------------- */

#define I (CC_IDENT | CC_IDSTART)
#define D (CC_IDENT | CC_DIGIT | CC_HEX)
#define H (CC_IDENT | CC_IDSTART | CC_HEX)
#define S CC_SPACE
const uint8_t lex_cc[256] = {
	['\t'] = S, ['\v'] = S, ['\f'] = S, ['\r'] = S, [' '] = S,
	['0'] = D, ['1'] = D, ['2'] = D, ['3'] = D, ['4'] = D,
	['5'] = D, ['6'] = D, ['7'] = D, ['8'] = D, ['9'] = D,
	['A'] = H, ['B'] = H, ['C'] = H, ['D'] = H, ['E'] = H, ['F'] = H,
	['G'] = I, ['H'] = I, ['I'] = I, ['J'] = I, ['K'] = I, ['L'] = I, ['M'] = I,
	['N'] = I, ['O'] = I, ['P'] = I, ['Q'] = I, ['R'] = I, ['S'] = I, ['T'] = I,
	['U'] = I, ['V'] = I, ['W'] = I, ['X'] = I, ['Y'] = I, ['Z'] = I,
	['a'] = H, ['b'] = H, ['c'] = H, ['d'] = H, ['e'] = H, ['f'] = H,
	['g'] = I, ['h'] = I, ['i'] = I, ['j'] = I, ['k'] = I, ['l'] = I, ['m'] = I,
	['n'] = I, ['o'] = I, ['p'] = I, ['q'] = I, ['r'] = I, ['s'] = I, ['t'] = I,
	['u'] = I, ['v'] = I, ['w'] = I, ['x'] = I, ['y'] = I, ['z'] = I,
	['_'] = I, ['$'] = I,
	[0x80 ... 0xff] = I,
};
#undef I
#undef D
#undef H
#undef S

void
lex_skip_space(LexState *st, bool newlines)
{
	while (st->pos < st->len) {
		unsigned char c = (unsigned char)st->s[st->pos];
		if (lex_cc[c] & CC_SPACE) {
			st->pos++;
		} else if (c == '\n' && newlines) {
			st->pos++;
			st->line++;
			st->line_start = st->pos;
		} else {
			break;
		}
	}
}

#ifdef __SSE2__
/* Bit i set when s[i] is an identifier byte (what lex_cc marks CC_IDENT): a letter, a
 * digit, '_', '$' or a byte >= 0x80. */
static inline unsigned
ident_mask16(const char *s)
{
	const __m128i x = bytescan_load(s);
	const __m128i lower = _mm_or_si128(x, _mm_set1_epi8(0x20)); /* only A-Z and a-z land in a-z */
	__m128i m = _mm_cmplt_epi8(x, _mm_setzero_si128());         /* >= 0x80 */
	m = _mm_or_si128(m, _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
					  _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1))));
	m = _mm_or_si128(m, _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
					  _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1))));
	m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('_')),
					 _mm_cmpeq_epi8(x, _mm_set1_epi8('$'))));
	return (unsigned)_mm_movemask_epi8(m);
}
#endif

uint32_t
lex_ident(LexState *st)
{
	const unsigned char *s = (const unsigned char *)st->s;
	uint32_t start = st->pos, p = start, end = st->len;
#ifdef __SSE2__
	while (p + 16 <= end) {
		unsigned stop = ~ident_mask16(st->s + p) & 0xFFFF;
		if (stop != 0) {
			st->pos = p + (uint32_t)__builtin_ctz(stop);
			return st->pos - start;
		}
		p += 16;
	}
#endif
	while (p < end && lex_is_ident(s[p]))
		p++;
	st->pos = p;
	return p - start;
}

void
lex_number(LexState *st, char sep)
{
	/* A pp-number: digits, letters, '.', separators, and signs after an exponent. */
	while (st->pos < st->len) {
		unsigned char c = (unsigned char)st->s[st->pos];
		if ((c < 0x80 && lex_is_ident(c) && c != '$') || c == '.' || (sep && c == (unsigned char)sep)) {
			st->pos++;
			if ((c == 'e' || c == 'E' || c == 'p' || c == 'P') && st->pos < st->len &&
			    (st->s[st->pos] == '+' || st->s[st->pos] == '-'))
				st->pos++;
		} else {
			break;
		}
	}
}

void
lex_to_eol(LexState *st)
{
	const char *nl = memchr(st->s + st->pos, '\n', st->len - st->pos);
	st->pos = nl ? (uint32_t)(nl - st->s) : st->len;
}

const char *
lex_block_end(const char *p, const char *end)
{
	/* the next '*' a vector at a time: in doc comments most are not followed by '/' */
	for (; p + 1 < end; p++) {
		p = memchr(p, '*', (size_t)(end - p - 1));
		if (p == NULL)
			return NULL;
		if (p[1] == '/')
			return p;
	}
	return NULL;
}

void
lex_block_comment(LexState *st, LexMark m, unsigned flags)
{
	const char *end = lex_block_end(st->s + st->pos + 2, st->s + st->len);
	if (end == NULL) {
		lex_advance(st, st->len - st->pos);
		lex_emit(st, m, LANG_TOK_COMMENT, flags | LANG_TOKF_UNTERMINATED);
		return;
	}
	lex_advance(st, (uint32_t)(end + 2 - (st->s + st->pos)));
	lex_emit(st, m, LANG_TOK_COMMENT, flags);
}

void
lex_stray(LexState *st)
{
	LexMark m = lex_mark(st);
	unsigned char c = (unsigned char)st->s[st->pos];
	st->pos++;
	if (c == '\n') {
		st->line++;
		st->line_start = st->pos;
	}
	lex_emit(st, m, (c > 0x20 && c < 0x7f) ? LANG_TOK_OPERATOR : LANG_TOK_UNKNOWN, 0);
}

void
lex_ops_init(LexOps *ops, const char *const *list)
{
	memset(ops, 0, sizeof *ops);
	/* a counting sort by first byte keeps the list's order among equal first bytes */
	unsigned count[256] = { 0 };
	int n = 0;
	while (list[n] != NULL)
		count[(unsigned char)list[n++][0]]++;
	g_assert(n <= (int)G_N_ELEMENTS(ops->op));
	unsigned at = 0;
	for (int c = 0; c < 256; c++) {
		ops->first[c] = (uint8_t)at;
		at += count[c];
	}
	ops->first[256] = (uint8_t)at;
	unsigned fill[256];
	for (int c = 0; c < 256; c++)
		fill[c] = ops->first[c];
	for (int i = 0; i < n; i++) {
		unsigned k = fill[(unsigned char)list[i][0]]++;
		ops->op[k] = list[i];
		ops->len[k] = (uint8_t)strlen(list[i]);
	}
	ops->nops = (uint8_t)n;
}

void
lex_operator(LexState *st, const LexOps *ops)
{
	const char *p = st->s + st->pos;
	unsigned char c = (unsigned char)*p;
	uint32_t left = st->len - st->pos;
	for (unsigned k = ops->first[c]; k < ops->first[c + 1]; k++) {
		uint32_t n = ops->len[k];
		if (n > left)
			continue;
		uint32_t j = 1; /* the first byte matches by construction */
		while (j < n && p[j] == ops->op[k][j])
			j++;
		if (j == n) {
			LexMark m = lex_mark(st);
			st->pos += n;
			lex_emit(st, m, LANG_TOK_OPERATOR, 0);
			return;
		}
	}
	if (c > 0x20 && c < 0x7f) { /* ( ) ; , and the like: what lex_stray() does for them */
		LexMark m = lex_mark(st);
		st->pos++;
		lex_emit(st, m, LANG_TOK_OPERATOR, 0);
		return;
	}
	lex_stray(st);
}

uint32_t
lex_newlines(const char *s, uint32_t n, uint32_t *last)
{
	uint32_t count = (uint32_t)bytescan_count(s, n, '\n');
	if (count > 0)
		*last = (uint32_t)((const char *)memrchr(s, '\n', n) - s) + 1;
	return count;
}

void
lex_grow(LexState *st)
{
	guint cap = st->cap < 64 ? 128 : st->cap * 2;
	g_array_set_size(st->out, cap);
	st->tok = (LangToken *)(void *)st->out->data;
	st->cap = cap;
}

/* ---- detection and names ---------------------------------------------------------------- */

static const struct {
	const char *ext;
	LangId lang;
} extensions[] = {
	{ "c", LANG_C }, { "h", LANG_C },
	{ "cc", LANG_CPP }, { "cpp", LANG_CPP }, { "cxx", LANG_CPP }, { "c++", LANG_CPP },
	{ "hh", LANG_CPP }, { "hpp", LANG_CPP }, { "hxx", LANG_CPP }, { "h++", LANG_CPP },
	{ "ipp", LANG_CPP }, { "tcc", LANG_CPP }, { "inl", LANG_CPP }, { "ino", LANG_CPP },
	{ "py", LANG_PYTHON }, { "pyi", LANG_PYTHON }, { "pyw", LANG_PYTHON },
	{ "js", LANG_JS }, { "mjs", LANG_JS }, { "cjs", LANG_JS }, { "jsx", LANG_JS },
	{ "ts", LANG_TS }, { "tsx", LANG_TS }, { "mts", LANG_TS }, { "cts", LANG_TS },
	{ "sh", LANG_SHELL }, { "bash", LANG_SHELL }, { "ksh", LANG_SHELL },
	{ "zsh", LANG_SHELL }, { "dash", LANG_SHELL }, { "bats", LANG_SHELL },
};

static const struct {
	const char *name;
	LangId lang;
} names[] = {
	{ "c", LANG_C }, { "cpp", LANG_CPP }, { "python", LANG_PYTHON },
	{ "javascript", LANG_JS }, { "typescript", LANG_TS }, { "shell", LANG_SHELL },
	{ "c++", LANG_CPP }, { "cxx", LANG_CPP }, { "py", LANG_PYTHON }, { "python3", LANG_PYTHON },
	{ "js", LANG_JS }, { "node", LANG_JS }, { "ts", LANG_TS }, { "sh", LANG_SHELL },
	{ "bash", LANG_SHELL }, { "dash", LANG_SHELL }, { "ksh", LANG_SHELL },
	{ "zsh", LANG_SHELL },
};

static const char *const canonical[LANG__COUNT] = {
	[LANG_NONE] = "none", [LANG_C] = "c", [LANG_CPP] = "cpp", [LANG_PYTHON] = "python",
	[LANG_JS] = "javascript", [LANG_TS] = "typescript", [LANG_SHELL] = "shell",
};

const char *
lang_name(LangId lang)
{
	return lang < LANG__COUNT ? canonical[lang] : "none";
}

const char *const *
lang_names(void)
{
	static const char *const list[] = { "c", "cpp", "python", "javascript", "typescript",
					    "shell", NULL };
	return list;
}

LangId
lang_from_name(const char *name)
{
	for (size_t i = 0; name != NULL && i < G_N_ELEMENTS(names); i++)
		if (g_ascii_strcasecmp(name, names[i].name) == 0)
			return names[i].lang;
	return LANG_NONE;
}

LangId
lang_from_path(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	if (dot == NULL || dot == base)
		return LANG_NONE;
	for (size_t i = 0; i < G_N_ELEMENTS(extensions); i++)
		if (strcmp(dot + 1, extensions[i].ext) == 0)
			return extensions[i].lang;
	/* Upper-case .C and .H are C++ by convention; .PY and friends are rare enough. */
	if (strcmp(dot + 1, "C") == 0 || strcmp(dot + 1, "H") == 0)
		return LANG_CPP;
	return LANG_NONE;
}

/* "#!/usr/bin/env -S python3 -u" -> python.  Interpreter names may carry versions. */
static LangId
from_shebang(const char *head, size_t len)
{
	if (head == NULL || len < 3 || head[0] != '#' || head[1] != '!')
		return LANG_NONE;
	const char *nl = memchr(head, '\n', len);
	size_t n = nl ? (size_t)(nl - head) : len;
	g_autofree char *line = g_strndup(head + 2, n - 2);
	g_auto(GStrv) words = g_strsplit_set(g_strstrip(line), " \t", -1);
	for (int i = 0; words[i] != NULL; i++) {
		if (words[i][0] == '\0' || words[i][0] == '-')
			continue;
		const char *base = strrchr(words[i], '/');
		base = base ? base + 1 : words[i];
		if (strcmp(base, "env") == 0)
			continue;
		g_autofree char *stem = g_strdup(base);
		/* python3.11 -> python, bash5 -> bash */
		char *p = stem + strlen(stem);
		while (p > stem && (g_ascii_isdigit(p[-1]) || p[-1] == '.'))
			*--p = '\0';
		return lang_from_name(stem);
	}
	return LANG_NONE;
}

/* Where "namespace", "template" or "::" can start in p[0..16): bit i for p[i] p[i + 1] ==
 * "na", "te" or "::" (reads p[0..16]).  Single letters would stop a scan every few bytes of
 * prose; these pairs are rare enough to leave long runs to the vector compare. */
static inline unsigned
cpp_pairs16(const char *p)
{
#ifdef __SSE2__
	__m128i a = bytescan_load(p), b = bytescan_load(p + 1);
	__m128i m = _mm_and_si128(_mm_cmpeq_epi8(a, _mm_set1_epi8('n')), _mm_cmpeq_epi8(b, _mm_set1_epi8('a')));
	m = _mm_or_si128(m, _mm_and_si128(_mm_cmpeq_epi8(a, _mm_set1_epi8('t')),
					  _mm_cmpeq_epi8(b, _mm_set1_epi8('e'))));
	m = _mm_or_si128(m, _mm_and_si128(_mm_cmpeq_epi8(a, _mm_set1_epi8(':')),
					  _mm_cmpeq_epi8(b, _mm_set1_epi8(':'))));
	return (unsigned)_mm_movemask_epi8(m);
#else
	unsigned m = 0;
	for (unsigned i = 0; i < 16; i++)
		m |= (unsigned)((p[i] == 'n' && p[i + 1] == 'a') || (p[i] == 't' && p[i + 1] == 'e') ||
				(p[i] == ':' && p[i + 1] == ':')) << i;
	return m;
#endif
}

static bool
cpp_mark_at(const char *p, size_t left)
{
	return (*p == ':' && left >= 2 && p[1] == ':') ||
	       (*p == 'n' && left >= 9 && memcmp(p, "namespace", 9) == 0) ||
	       (*p == 't' && left >= 8 && memcmp(p, "template", 8) == 0);
}

/* A .h file that is really C++ (namespaces, templates, access specifiers). */
static bool
looks_cpp(const char *head, size_t len)
{
	if (head == NULL)
		return false;
	if (len > 8192) /* past the licence header, C++ shows itself early */
		len = 8192;
	size_t i = 0;
	for (; i + 17 <= len; i += 16)
		for (unsigned bits = cpp_pairs16(head + i); bits != 0; bits &= bits - 1) {
			size_t at = i + (size_t)__builtin_ctz(bits);
			if (cpp_mark_at(head + at, len - at))
				return true;
		}
	for (; i < len; i++)
		if (cpp_mark_at(head + i, len - i))
			return true;
	return false;
}

LangId
lang_detect(const char *path, const char *head, size_t len)
{
	LangId l = path ? lang_from_path(path) : LANG_NONE;
	if (l == LANG_C && g_str_has_suffix(path, ".h") && looks_cpp(head, len))
		return LANG_CPP;
	return l != LANG_NONE ? l : from_shebang(head, len);
}

const char *
lang_token_kind_name(LangTokenKind kind)
{
	static const char *const k[LANG_TOK__COUNT] = {
		"comment", "string", "number", "ident", "keyword", "operator", "preproc",
		"interp_open", "interp_close", "variable", "regex", "newline", "unknown",
	};
	return kind < LANG_TOK__COUNT ? k[kind] : "unknown";
}

void
lang_lex(LangId lang, const char *src, size_t len, GArray *tokens)
{
	LexState st = {
		.s = src, .len = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len, .line = 1,
		.out = tokens, .lang = lang,
	};
	/* about one token per five bytes of code; the array grows if that is short */
	st.n = tokens->len;
	st.cap = st.n + st.len / 5 + 64;
	g_array_set_size(tokens, st.cap);
	st.tok = (LangToken *)(void *)tokens->data;
	switch (lang) {
	case LANG_C:
	case LANG_CPP:
		lex_c(&st);
		break;
	case LANG_PYTHON:
		lex_python(&st);
		break;
	case LANG_JS:
	case LANG_TS:
		lex_js(&st);
		break;
	case LANG_SHELL:
		lex_shell(&st);
		break;
	default:
		break;
	}
	g_array_set_size(tokens, st.n);
}

uint32_t
lang_token_end_line(const char *src, const LangToken *tok)
{
	uint32_t line = tok->line;
	const char *p = src + tok->offset, *end = p + tok->length;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line++;
		p++;
	}
	return line;
}

static void
lines_grow(LangLines *lines, uint32_t need)
{
	uint32_t cap = need + need / 2 + 64;
	lines->start = g_renew(uint32_t, lines->start, cap);
	lines->cap = cap;
}

void
lang_lines_index(LangLines *lines, const char *src, size_t size)
{
	uint32_t len = size > UINT32_MAX ? UINT32_MAX : (uint32_t)size;
	if (lines->start == NULL || lines->cap < 2)
		lines_grow(lines, len / 32 + 2);
	uint32_t *out = lines->start, k = 0, i = 0;
	out[k++] = 0;
	for (; i + 16 <= len; i += 16) {
		unsigned bits = bytescan_mask16(src + i, '\n');
		if (bits == 0)
			continue;
		if (G_UNLIKELY(lines->cap - k < 16)) { /* room for a whole block of newlines */
			lines_grow(lines, k + 16);
			out = lines->start;
		}
		do {
			out[k++] = i + (uint32_t)__builtin_ctz(bits) + 1;
			bits &= bits - 1;
		} while (bits != 0);
	}
	for (; i < len; i++) {
		if (src[i] != '\n')
			continue;
		if (k == lines->cap) {
			lines_grow(lines, k + 1);
			out = lines->start;
		}
		out[k++] = i + 1;
	}
	lines->newlines = k - 1;
}

void
lang_lines_clear(LangLines *lines)
{
	g_free(lines->start);
	memset(lines, 0, sizeof *lines);
}
