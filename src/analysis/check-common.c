/* SPDX-License-Identifier: MIT */
/* Checks for every language: hard-coded secrets, complexity limits and style. */
#include "autoconfig.h"

#include <math.h>
#include <string.h>

#include "analysis/check.h"
#include "lang/bytescan.h"

#define LINE_LIMIT 120
#define CX_WARN 15
#define CX_ERROR 30
#define NEST_LIMIT 5
#define LONG_LIMIT 100
#define PARAM_LIMIT 7

/* ---- secrets ---------------------------------------------------------------------------- */

/* Shannon entropy in bits per byte. */
static double
entropy(const char *p, size_t n)
{
	unsigned counts[256] = { 0 };
	for (size_t i = 0; i < n; i++)
		counts[(unsigned char)p[i]]++;
	double h = 0;
	for (int i = 0; i < 256; i++)
		if (counts[i]) {
			double q = (double)counts[i] / (double)n;
			h -= q * log2(q);
		}
	return h;
}

static size_t
run_of(const char *p, const char *end, const char *set)
{
	size_t n = 0;
	while (p + n < end && (g_ascii_isalnum(p[n]) || (p[n] && strchr(set, p[n]))))
		n++;
	return n;
}

static bool
word_start(const char *base, const char *p)
{
	return p == base || !(g_ascii_isalnum(p[-1]) || p[-1] == '_');
}

static bool
looks_random(const char *p, size_t n)
{
	if (n == 0 || entropy(p, n) < 3.0)
		return false;
	return !(memmem(p, n, "EXAMPLE", 7) || memmem(p, n, "example", 7) || memmem(p, n, "xxxx", 4) ||
		 memmem(p, n, "XXXX", 4) || memmem(p, n, "0000000", 7));
}

/* Token formats of known services: a prefix, then a run of token characters. */
typedef struct {
	const char *prefix;
	AnalysisRuleId rule;
	const char *extra;  /* characters allowed in the run besides letters and digits */
	uint8_t min, exact; /* run length: at least min; exactly exact when non-zero */
	bool upper;         /* the run is upper-case letters and digits */
	const char *what;   /* message, or NULL for the rule's */
} Shape;

static const Shape shapes[] = {
	{ "ghp_", RULE_SECRET_GITHUB, "", 36, 0, false, NULL },
	{ "gho_", RULE_SECRET_GITHUB, "", 36, 0, false, NULL },
	{ "ghu_", RULE_SECRET_GITHUB, "", 36, 0, false, NULL },
	{ "ghs_", RULE_SECRET_GITHUB, "", 36, 0, false, NULL },
	{ "ghr_", RULE_SECRET_GITHUB, "", 36, 0, false, NULL },
	{ "github_pat_", RULE_SECRET_GITHUB, "_", 22, 0, false, NULL },
	{ "AKIA", RULE_SECRET_AWS, "", 16, 16, true, NULL },
	{ "ASIA", RULE_SECRET_AWS, "", 16, 16, true, NULL },
	{ "xoxa-", RULE_SECRET_SLACK, "-", 10, 0, false, NULL },
	{ "xoxb-", RULE_SECRET_SLACK, "-", 10, 0, false, NULL },
	{ "xoxp-", RULE_SECRET_SLACK, "-", 10, 0, false, NULL },
	{ "xoxr-", RULE_SECRET_SLACK, "-", 10, 0, false, NULL },
	{ "xoxs-", RULE_SECRET_SLACK, "-", 10, 0, false, NULL },
	{ "AIza", RULE_SECRET_API_KEY, "-_", 35, 0, false, "Google API key in the source" },
	{ "sk_live_", RULE_SECRET_API_KEY, "", 24, 0, false, "Stripe live key in the source" },
	{ "rk_live_", RULE_SECRET_API_KEY, "", 24, 0, false, "Stripe live key in the source" },
	{ "npm_", RULE_SECRET_API_KEY, "", 36, 36, false, "npm access token in the source" },
};

static bool
shape_at(const Shape *sh, const char *base, const char *p, const char *end)
{
	size_t pl = strlen(sh->prefix);
	if ((size_t)(end - p) < pl + sh->min || memcmp(p, sh->prefix, pl) != 0 || !word_start(base, p))
		return false;
	size_t n = run_of(p + pl, end, sh->extra);
	if (n < sh->min || (sh->exact && n != sh->exact) || !looks_random(p + pl, n))
		return false;
	for (size_t i = 0; sh->upper && i < n; i++)
		if (!g_ascii_isupper(p[pl + i]) && !g_ascii_isdigit(p[pl + i]))
			return false;
	return true;
}

/* -----BEGIN ... PRIVATE KEY----- followed by key material (not just the header text,
 * which code that parses keys has too). */
static bool
private_key_at(const char *p, const char *end)
{
	size_t left = (size_t)(end - p);
	if (left < 30 || memcmp(p, "-----BEGIN ", 11) != 0)
		return false;
	const char *e = memmem(p, left, "PRIVATE KEY", 11);
	const char *close = e ? memmem(e, (size_t)(end - e), "-----", 5) : NULL;
	if (close == NULL || e - p >= 40)
		return false;
	size_t b64 = 0;
	for (const char *q = close + 5; q < end && b64 < 40; q++) {
		if (g_ascii_isalnum(*q) || *q == '+' || *q == '/')
			b64++;
		else if (*q == '\\' && q + 1 < end && q[1] == 'n')
			q++;
		else if (!(*q == '\n' || *q == '\r' || *q == ' ' || *q == '"' || *q == '\''))
			break;
	}
	return b64 >= 40;
}

static bool
slack_webhook_at(const char *p, const char *end)
{
	return (size_t)(end - p) > 40 && memcmp(p, "hooks.slack.com/services/T", 26) == 0 &&
	       run_of(p + 25, end, "/") >= 20;
}

/*
 * Every string and comment is searched for the shapes, byte by byte in principle.  What
 * rules a position out is its first two bytes: a bit per pair of bytes says which pairs
 * start a shape (or a private key block, or a Slack webhook).  With SSE2 the pairs are
 * tested sixteen positions at a time; the few positions that pass get the full checks.
 */
typedef struct {
	uint8_t bits[65536 / 8];
	int n;
	char first[16], second[16];
#ifdef __SSE2__
	__m128i v1[16], v2[16];
#endif
} LeadPairs;

static void
lead_pair_add(LeadPairs *lp, const char *s)
{
	unsigned k = (unsigned char)s[0] << 8 | (unsigned char)s[1];
	if (lp->bits[k >> 3] & (1u << (k & 7)))
		return;
	lp->bits[k >> 3] |= (uint8_t)(1u << (k & 7));
	g_assert(lp->n < 16);
	lp->first[lp->n] = s[0];
	lp->second[lp->n] = s[1];
#ifdef __SSE2__
	lp->v1[lp->n] = _mm_set1_epi8(s[0]);
	lp->v2[lp->n] = _mm_set1_epi8(s[1]);
#endif
	lp->n++;
}

static const LeadPairs *
lead_pairs(void)
{
	static LeadPairs lp;
	static gsize init = 0;
	if (g_once_init_enter(&init)) {
		for (size_t i = 0; i < G_N_ELEMENTS(shapes); i++)
			lead_pair_add(&lp, shapes[i].prefix);
		lead_pair_add(&lp, "ho"); /* hooks.slack.com */
		lead_pair_add(&lp, "--"); /* -----BEGIN */
		g_once_init_leave(&init, 1);
	}
	return &lp;
}

static inline bool
lead_pair_at(const LeadPairs *lp, const char *p)
{
	unsigned k = (unsigned char)p[0] << 8 | (unsigned char)p[1];
	return lp->bits[k >> 3] & (1u << (k & 7));
}

#ifdef __SSE2__
/* Bit i set when p[i], p[i + 1] is a leading pair; reads p[0..16]. */
static inline unsigned
lead_pairs16(const LeadPairs *lp, const char *p)
{
	__m128i a = bytescan_load(p), b = bytescan_load(p + 1), m = _mm_setzero_si128();
	for (int i = 0; i < lp->n; i++)
		m = _mm_or_si128(m, _mm_and_si128(_mm_cmpeq_epi8(a, lp->v1[i]), _mm_cmpeq_epi8(b, lp->v2[i])));
	return (unsigned)_mm_movemask_epi8(m);
}
#endif

/* The full checks at p, a position with a leading pair; true when a finding was made. */
static bool
shape_here(CheckCtx *c, const LangToken *t, const char *base, const char *p, const char *end)
{
	if (*p == '-' && private_key_at(p, end)) {
		check_report_raw(c, RULE_SECRET_PRIVATE_KEY, t, NULL);
		return true;
	}
	if (*p == 'h' && slack_webhook_at(p, end)) {
		check_report_raw(c, RULE_SECRET_SLACK, t, NULL);
		return true;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(shapes); i++) {
		if (shapes[i].prefix[0] != *p || !shape_at(&shapes[i], base, p, end))
			continue;
		check_report_raw(c, shapes[i].rule, t, shapes[i].what ? g_strdup(shapes[i].what) : NULL);
		return true;
	}
	return false;
}

/* Known token shapes in one token's text: at most one finding per token. */
static void
scan_token_shapes(CheckCtx *c, const LangToken *t)
{
	const LeadPairs *lp = lead_pairs();
	if (t->length < 20)
		return;
	/* every shape is at least 20 bytes long: positions past end - 20 start none */
	const char *base = c->src + t->offset, *end = base + t->length, *last = end - 20;
	const char *p = base;
#ifdef __SSE2__
	for (; p + 15 <= last; p += 16)
		for (unsigned bits = lead_pairs16(lp, p); bits != 0; bits &= bits - 1)
			if (shape_here(c, t, base, p + __builtin_ctz(bits), end))
				return;
#endif
	for (; p <= last; p++)
		if (lead_pair_at(lp, p) && shape_here(c, t, base, p, end))
			return;
}

static bool
placeholder(const char *p, size_t n)
{
	static const char *const exact[] = {
		"changeme", "password", "passwd", "secret", "example", "dummy", "test", "testing",
		"sample", "placeholder", "redacted", "none", "null", "undefined", "token",
		"your_password", "yourpassword", "your-password", "mypassword", "foobar", "xxx",
		"hunter2", "admin", "root", "default", NULL,
	};
	for (int i = 0; exact[i]; i++)
		if (strlen(exact[i]) == n && g_ascii_strncasecmp(p, exact[i], n) == 0)
			return true;
	if (memmem(p, n, "example", 7) || memmem(p, n, "EXAMPLE", 7) || memmem(p, n, "xxxx", 4) ||
	    memmem(p, n, "XXXX", 4) || memmem(p, n, "****", 4) || memmem(p, n, "...", 3) ||
	    memmem(p, n, "your", 4) || memmem(p, n, "YOUR", 4) || memmem(p, n, "<", 1) ||
	    memmem(p, n, "${", 2) || memmem(p, n, "{{", 2) || memmem(p, n, "%s", 2) ||
	    memmem(p, n, "://", 3))
		return true;
	return false;
}

/* Is the literal text a plausible real secret? */
static bool
secret_value(const char *p, size_t n)
{
	if (n < 6 || n > 200 || placeholder(p, n) || p[0] == '$' || p[0] == '/' || p[0] == '.')
		return false;
	bool caps_ident = true, same = true;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\\')
			return false; /* prose, prompts and escapes are not secrets */
		caps_ident &= g_ascii_isupper(p[i]) || p[i] == '_' || g_ascii_isdigit(p[i]);
		same &= p[i] == p[0];
	}
	if (caps_ident || same)
		return false; /* an environment variable name, or "aaaaaa" */
	return entropy(p, n) >= 2.5;
}

/* The inside of a string literal token (quotes and prefixes stripped). */
static bool
literal_body(const CheckCtx *c, const LangToken *t, const char **p, size_t *n)
{
	if (t->kind != LANG_TOK_STRING || (t->flags & (LANG_TOKF_TEMPLATE | LANG_TOKF_HEREDOC)))
		return false;
	const char *s = c->src + t->offset;
	size_t len = t->length;
	size_t i = 0;
	while (i < len && s[i] != '"' && s[i] != '\'' && s[i] != '`')
		i++;
	if (i >= len)
		return false;
	char q = s[i];
	size_t qn = (i + 2 < len && s[i + 1] == q && s[i + 2] == q) ? 3 : 1;
	if (len < i + 2 * qn)
		return false;
	*p = s + i + qn;
	*n = len - i - 2 * qn;
	return true;
}

/* "challengePassword" for LN_challengePassword: the value just spells the name. */
static bool
value_names_itself(const char *v, size_t vn, const char *name, size_t nn)
{
	char a[128], b[128];
	size_t x = 0, y = 0;
	for (size_t i = 0; i < vn && x < sizeof a - 1; i++)
		if (g_ascii_isalnum(v[i]))
			a[x++] = g_ascii_tolower(v[i]);
	for (size_t i = 0; i < nn && y < sizeof b - 1; i++)
		if (g_ascii_isalnum(name[i]))
			b[y++] = g_ascii_tolower(name[i]);
	a[x] = b[y] = '\0';
	return x > 0 && y > 0 && (strstr(a, b) != NULL || strstr(b, a) != NULL);
}

static bool
in_parens(const CheckCtx *c, uint32_t i)
{
	for (uint32_t k = i; k > 0; k--) {
		uint32_t o = k - 1;
		if (tok_is(c, o, ";") || tok_is(c, o, "{") || tok_is(c, o, "}"))
			return false;
		if (tok_is(c, o, "(") && c->match[o] > (int32_t)i)
			return true;
	}
	return false;
}

static void
password_literal(CheckCtx *c, uint32_t name, uint32_t value)
{
	const char *p;
	size_t n;
	const LangToken *v = &c->t[value];
	if (v->kind == LANG_TOK_STRING) {
		if (!literal_body(c, v, &p, &n))
			return;
		/* "a" "b" concatenation or "x" + y is not a plain literal */
		if (tok_kind(c, value + 1, LANG_TOK_STRING) || tok_is(c, value + 1, "+") ||
		    tok_is(c, value + 1, "%") || tok_is(c, value + 1, "."))
			return;
	} else if (c->lang == LANG_SHELL && v->kind == LANG_TOK_IDENT &&
		   v->line == c->t[name].line) {
		p = tok_str(c, value);
		n = v->length;
		if (value + 1 < c->n && c->t[value + 1].offset == v->offset + v->length &&
		    !tok_kind(c, value + 1, LANG_TOK_NEWLINE))
			return; /* joined with an expansion */
	} else {
		return;
	}
	const char *np = tok_str(c, name);
	size_t nn = c->t[name].length;
	if (c->t[name].kind == LANG_TOK_STRING && !literal_body(c, &c->t[name], &np, &nn))
		return;
	if (!check_name_sensitive(np, nn) || !secret_value(p, n) || value_names_itself(p, n, np, nn))
		return;
	/* C++ default arguments are declarations, not credentials */
	if ((c->lang == LANG_C || c->lang == LANG_CPP) && in_parens(c, name))
		return;
	check_report(c, RULE_SECRET_PASSWORD, value, value, "'%.*s' is assigned a literal secret",
		     (int)MIN(nn, 60), np);
}

static void
url_credentials(CheckCtx *c, uint32_t i)
{
	const char *p;
	size_t n;
	if (!literal_body(c, &c->t[i], &p, &n))
		return;
	const char *s = memmem(p, n, "://", 3);
	if (s == NULL)
		return;
	const char *u = s + 3, *end = p + n;
	const char *at = NULL, *colon = NULL;
	for (const char *q = u; q < end && *q != '/' && *q != ' '; q++) {
		if (*q == ':' && colon == NULL)
			colon = q;
		if (*q == '@')
			at = q;
	}
	if (!at || !colon || colon > at || colon == u)
		return;
	const char *pw = colon + 1;
	size_t pn = (size_t)(at - pw);
	if (pn < 4 || placeholder(pw, pn) || memchr(pw, '$', pn) || memchr(pw, '{', pn) ||
	    memchr(pw, '%', pn) || memchr(pw, '*', pn))
		return;
	check_report(c, RULE_SECRET_URL, i, i, NULL);
}

void
check_secrets(CheckCtx *c)
{
	bool any_shape = check_on(c, RULE_SECRET_GITHUB) || check_on(c, RULE_SECRET_AWS) ||
		      check_on(c, RULE_SECRET_SLACK) || check_on(c, RULE_SECRET_PRIVATE_KEY) ||
		      check_on(c, RULE_SECRET_API_KEY);
	size_t before = c->findings->len;
	for (size_t i = 0; any_shape && i < c->nall; i++) {
		const LangToken *t = &c->all[i];
		if (t->kind == LANG_TOK_STRING || t->kind == LANG_TOK_COMMENT ||
		    (c->lang == LANG_SHELL && t->kind == LANG_TOK_IDENT)) {
			/* cheap prefilter: every shape is at least 20 bytes long */
			if (t->length >= 20)
				scan_token_shapes(c, t);
		}
	}
	bool shaped = c->findings->len > before;
	bool url = check_on(c, RULE_SECRET_URL);
	bool password = check_on(c, RULE_SECRET_PASSWORD) && !shaped;
	for (uint32_t i = 0; (url || password) && i < c->n; i++) {
		const LangToken *t = &c->t[i];
		if (t->kind == LANG_TOK_STRING && url && t->length > 12)
			url_credentials(c, i);
		if (!password || i + 2 >= c->n)
			continue;
		/* the value must be a literal (or a shell word) before the name is worth a look */
		LangTokenKind vk = c->t[i + 2].kind;
		if (vk != LANG_TOK_STRING && !(vk == LANG_TOK_IDENT && c->lang == LANG_SHELL))
			continue;
		if ((t->kind == LANG_TOK_IDENT || t->kind == LANG_TOK_STRING) &&
		    (tok_is(c, i + 1, "=") || tok_is(c, i + 1, ":") || tok_is(c, i + 1, "==") ||
		     tok_is(c, i + 1, "===") || tok_is(c, i + 1, ":=")))
			password_literal(c, i, i + 2);
	}
	/* #define API_TOKEN "..." lives in preprocessor tokens. */
	for (size_t i = 0; (c->lang == LANG_C || c->lang == LANG_CPP) && password && i + 2 < c->nall; i++) {
		const LangToken *d = &c->all[i];
		if (d->kind != LANG_TOK_PREPROC || d->length < 7 ||
		    memcmp(c->src + d->offset + d->length - 6, "define", 6) != 0)
			continue;
		const LangToken *name = &c->all[i + 1], *val = &c->all[i + 2];
		const char *p;
		size_t n;
		/* the cheap test first: most macros are not string literals */
		if (name->kind == LANG_TOK_IDENT && val->line == name->line &&
		    literal_body(c, val, &p, &n) &&
		    check_name_sensitive(c->src + name->offset, name->length) && secret_value(p, n) &&
		    !value_names_itself(p, n, c->src + name->offset, name->length))
			check_report_raw(c, RULE_SECRET_PASSWORD, val,
					 g_strdup_printf("'%.*s' is defined as a literal secret",
							 (int)MIN(name->length, 60), c->src + name->offset));
	}
}

/* ---- complexity ------------------------------------------------------------------------- */

void
check_complexity(CheckCtx *c)
{
	for (uint32_t i = 0; i < c->ncf; i++) {
		const LangFunction *f = c->cf[i].f;
		uint32_t at = c->cf[i].name != UINT32_MAX ? c->cf[i].name : c->cf[i].params;
		g_autofree char *name = c->cf[i].name != UINT32_MAX ? check_tok_dup(c, c->cf[i].name)
								  : g_strdup("(anonymous)");
		if (f->complexity > CX_ERROR)
			check_report(c, RULE_COMPLEXITY_VERY_HIGH, at, at,
				     "'%s' has cyclomatic complexity %u (limit %d)", name, f->complexity, CX_ERROR);
		else if (f->complexity > CX_WARN)
			check_report(c, RULE_COMPLEXITY_HIGH, at, at,
				     "'%s' has cyclomatic complexity %u (limit %d)", name, f->complexity, CX_WARN);
		if (f->max_nesting > NEST_LIMIT)
			check_report(c, RULE_COMPLEXITY_NESTING, at, at,
				     "'%s' nests blocks %u deep (limit %d)", name, f->max_nesting, NEST_LIMIT);
		if (f->lines > LONG_LIMIT)
			check_report(c, RULE_COMPLEXITY_LONG, at, at, "'%s' is %u lines long (limit %d)",
				     name, f->lines, LONG_LIMIT);
		if (f->params > PARAM_LIMIT)
			check_report(c, RULE_COMPLEXITY_PARAMS, at, at, "'%s' takes %u parameters (limit %d)",
				     name, f->params, PARAM_LIMIT);
	}
}

/* ---- style ------------------------------------------------------------------------------ */

typedef struct {
	unsigned count;
	uint32_t line, col, end_col;
} Tally;

static void
tally(Tally *t, uint32_t line, uint32_t col, uint32_t end_col)
{
	if (t->count++ == 0) {
		t->line = line;
		t->col = col;
		t->end_col = end_col;
	}
}

static void
report_tally(CheckCtx *c, AnalysisRuleId rule, const Tally *t, const char *what)
{
	if (t->count == 0)
		return;
	char *msg = t->count == 1 ? NULL : g_strdup_printf("%s (%u lines in this file)", what, t->count);
	check_report_at(c, rule, t->line, t->col, t->line, t->end_col, msg);
}

static void
todo_notes(CheckCtx *c)
{
	static const char *const words[] = { "TODO", "FIXME", "XXX", "HACK", NULL };
	for (size_t i = 0; i < c->nall; i++) {
		const LangToken *t = &c->all[i];
		if (t->kind != LANG_TOK_COMMENT)
			continue;
		const char *p = c->src + t->offset, *end = p + t->length;
		for (const char *q = p; q < end; q++) {
			q += bytescan_any(q, (size_t)(end - q), "TFXH", 4);
			if (q >= end)
				break;
			for (int w = 0; words[w]; w++) {
				size_t n = strlen(words[w]);
				if ((size_t)(end - q) < n || memcmp(q, words[w], n) != 0 ||
				    (q > p && g_ascii_isalnum(q[-1])) ||
				    (q + n < end && (g_ascii_isalnum(q[n]) || q[n] == '_')))
					continue;
				uint32_t line = t->line, col = t->column;
				for (const char *r = p; r < q; r++) {
					if (*r == '\n') {
						line++;
						col = 1;
					} else {
						col++;
					}
				}
				const char *eol = memchr(q, '\n', (size_t)(end - q));
				size_t tn = (size_t)((eol ? eol : end) - q);
				while (tn > 0 && (q[tn - 1] == '\r' || q[tn - 1] == ' ' || q[tn - 1] == '/' || q[tn - 1] == '*'))
					tn--;
				check_report_at(c, RULE_STYLE_TODO, line, col, line, col + (uint32_t)n,
						g_strdup_printf("%.*s", (int)MIN(tn, 80), q));
				q += n - 1;
				break;
			}
		}
	}
}

void
check_style(CheckCtx *c)
{
	if (check_on(c, RULE_STYLE_TODO))
		todo_notes(c);
	bool ll = check_on(c, RULE_STYLE_LINE_LENGTH), tw = check_on(c, RULE_STYLE_TRAILING_WS),
	     mi = check_on(c, RULE_STYLE_MIXED_INDENT);
	if (!ll && !tw && !mi)
		return;
	Tally tl = { 0 }, ttw = { 0 }, tmi = { 0 };
	unsigned tab_lines = 0, space_lines = 0;
	uint32_t first_tab = 0, first_space = 0;
	uint32_t nlines = lang_lines_count(c->lines, c->len);
	for (uint32_t line = 1; line <= nlines; line++) {
		const char *p = c->src + c->lines->start[line - 1];
		const char *e = c->src + lang_lines_end(c->lines, c->len, line);
		const char *ce = (e > p && e[-1] == '\r') ? e - 1 : e;
		size_t bytes = (size_t)(ce - p);
		if (ll && bytes > LINE_LIMIT) {
			size_t chars = 0;
			for (const char *q = p; q < ce; q++)
				chars += ((unsigned char)*q & 0xC0) != 0x80;
			if (chars > LINE_LIMIT)
				tally(&tl, line, LINE_LIMIT + 1, (uint32_t)bytes + 1);
		}
		if (tw && ce > p && (ce[-1] == ' ' || ce[-1] == '\t')) {
			const char *s = ce;
			while (s > p && (s[-1] == ' ' || s[-1] == '\t'))
				s--;
			if (s > p) /* whitespace-only lines count as blank, not trailing */
				tally(&ttw, line, (uint32_t)(s - p) + 1, (uint32_t)bytes + 1);
		}
		if (mi) {
			const char *q = p;
			bool sp = false, tab_after_space = false;
			while (q < ce && (*q == ' ' || *q == '\t')) {
				if (*q == ' ')
					sp = true;
				else if (sp)
					tab_after_space = true;
				q++;
			}
			if (q < ce && q > p) {
				if (tab_after_space)
					tally(&tmi, line, 1, (uint32_t)(q - p) + 1);
				if (*p == '\t' && tab_lines++ == 0)
					first_tab = line;
				if (*p == ' ' && space_lines++ == 0)
					first_space = line;
			}
		}
	}
	/* Python: a file indented with both tabs and spaces (TabError territory). */
	if (mi && c->lang == LANG_PYTHON && tab_lines > 0 && space_lines > 0 && tmi.count == 0) {
		uint32_t l = first_tab > first_space ? first_tab : first_space;
		tally(&tmi, l, 1, 2);
		tmi.count = tab_lines < space_lines ? tab_lines : space_lines;
	}
	report_tally(c, RULE_STYLE_LINE_LENGTH, &tl, "line longer than 120 characters");
	report_tally(c, RULE_STYLE_TRAILING_WS, &ttw, "trailing whitespace");
	report_tally(c, RULE_STYLE_MIXED_INDENT, &tmi, "indentation mixes tabs and spaces");
}
