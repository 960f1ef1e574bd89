/* SPDX-License-Identifier: MIT */
/* The per-file pipeline (lex, functions, metrics, checkers, suppressions) and the token
 * helpers the checkers share. */
#include "autoconfig.h"

#include <stdarg.h>
#include <string.h>

#include "analysis/check.h"

/* ---- token helpers ---------------------------------------------------------------------- */

char *
check_tok_dup(const CheckCtx *c, uint32_t i)
{
	return g_strndup(tok_str(c, i), c->t[i].length);
}

static bool
ci_contains(const char *p, size_t n, const char *word)
{
	size_t w = strlen(word);
	for (size_t i = 0; i + w <= n; i++)
		if (g_ascii_strncasecmp(p + i, word, w) == 0)
			return true;
	return false;
}

bool
check_tok_contains_ci(const CheckCtx *c, uint32_t i, const char *word)
{
	return i < c->n && ci_contains(tok_str(c, i), c->t[i].length, word);
}

/* Split an identifier into lower-case words: apiKey, API_KEY, api-key -> api key. */
static int
name_words(const char *p, size_t n, char words[][24], int max)
{
	int nw = 0;
	size_t len = 0;
	for (size_t i = 0; i <= n && nw < max; i++) {
		char ch = i < n ? p[i] : '_';
		bool boundary = !g_ascii_isalnum(ch) ||
				(i > 0 && g_ascii_isupper(ch) && g_ascii_islower(p[i - 1]));
		if (boundary && len > 0) {
			words[nw][len < 23 ? len : 23] = '\0';
			nw++;
			len = 0;
		}
		if (g_ascii_isalnum(ch) && nw < max) {
			if (len < 23)
				words[nw][len] = g_ascii_tolower(ch);
			len++;
		}
	}
	return nw;
}

bool
check_name_sensitive(const char *p, size_t n)
{
	char w[8][24];
	int nw = name_words(p, n, w, 8);
	if (nw == 0)
		return false;
	const char *last = w[nw - 1];
	const char *prev = nw > 1 ? w[nw - 2] : "";
	static const char *const whole[] = { "password", "passwd", "pwd", "secret", "token",
					     "apikey", "passphrase", "credentials", "credential",
					     "pass", NULL };
	for (int i = 0; whole[i]; i++)
		if (strcmp(last, whole[i]) == 0)
			return strcmp(last, "pass") != 0 || nw > 1; /* db_pass, not "pass" */
	if (strcmp(last, "key") == 0)
		return strcmp(prev, "api") == 0 || strcmp(prev, "secret") == 0 ||
		       strcmp(prev, "private") == 0 || strcmp(prev, "access") == 0 ||
		       strcmp(prev, "auth") == 0 || strcmp(prev, "signing") == 0 ||
		       strcmp(prev, "encryption") == 0;
	return false;
}

unsigned
check_args(const CheckCtx *c, uint32_t open, uint32_t *start, uint32_t *end, unsigned max)
{
	if (open >= c->n || c->match[open] < 0 || (uint32_t)c->match[open] <= open)
		return 0;
	uint32_t close = (uint32_t)c->match[open];
	if (close == open + 1)
		return 0;
	unsigned n = 0;
	uint32_t a = open + 1;
	for (uint32_t i = open + 1; i <= close; i++) {
		if (i < close && c->match[i] > (int32_t)i &&
		    (tok_is(c, i, "(") || tok_is(c, i, "[") || tok_is(c, i, "{"))) {
			i = (uint32_t)c->match[i];
			continue;
		}
		if (c->t[i].kind == LANG_TOK_INTERP_OPEN) {
			/* skip to the matching close */
			int d = 1;
			while (++i < close && d > 0)
				d += c->t[i].kind == LANG_TOK_INTERP_OPEN ? 1 :
				     c->t[i].kind == LANG_TOK_INTERP_CLOSE ? -1 : 0;
			i--;
			continue;
		}
		if (i == close || tok_is(c, i, ",")) {
			if (n < max) {
				start[n] = a;
				end[n] = i - 1;
			}
			n++;
			a = i + 1;
		}
	}
	/* A trailing comma adds no argument. */
	if (n > 0 && a > close && tok_is(c, close - 1, ","))
		n--;
	return n;
}

static bool
all_caps(const char *p, size_t n)
{
	bool letter = false;
	for (size_t i = 0; i < n; i++) {
		if (g_ascii_islower(p[i]))
			return false;
		letter |= g_ascii_isupper(p[i]);
	}
	return letter && n > 1;
}

bool
check_is_literal(const CheckCtx *c, uint32_t a, uint32_t b)
{
	if (a > b || b >= c->n)
		return false;
	while (tok_is(c, a, "(") && c->match[a] == (int32_t)b && a + 1 < b) {
		a++;
		b--;
	}
	/* _("text"), N_("text"), gettext("text") */
	if ((tok_is(c, a, "_") || tok_is(c, a, "N_") || tok_is(c, a, "gettext")) &&
	    tok_is(c, a + 1, "(") && c->match[a + 1] == (int32_t)b)
		return check_is_literal(c, a + 2, b - 1);
	if ((c->lang == LANG_C || c->lang == LANG_CPP) && a == b &&
	    c->t[a].kind == LANG_TOK_IDENT && all_caps(tok_str(c, a), c->t[a].length))
		return true; /* a macro constant */
	for (uint32_t i = a; i <= b; i++)
		if (c->t[i].kind != LANG_TOK_STRING)
			return false;
	return true;
}

bool
check_is_built_string(const CheckCtx *c, uint32_t a, uint32_t b)
{
	bool str = false;
	for (uint32_t i = a; i <= b && i < c->n; i++) {
		const LangToken *t = &c->t[i];
		if (t->kind == LANG_TOK_INTERP_OPEN)
			return true;
		if (t->kind == LANG_TOK_STRING)
			str = true;
	}
	if (!str)
		return false;
	for (uint32_t i = a; i <= b && i < c->n; i++) {
		if (c->t[i].kind == LANG_TOK_STRING) {
			if (tok_is(c, i + 1, "+") || (i > a && tok_is(c, i - 1, "+")) ||
			    (tok_is(c, i + 1, "%") && c->lang == LANG_PYTHON))
				return true;
			if (tok_is(c, i + 1, ".") && (tok_is(c, i + 2, "format") || tok_is(c, i + 2, "concat")))
				return true;
		}
	}
	return false;
}

/* ---- aliases: import/require names -> canonical module paths ---------------------------- */

static void
alias_add(CheckCtx *c, uint32_t name, const char *target)
{
	g_hash_table_insert(c->aliases, check_tok_dup(c, name), g_strdup(target));
}

static char *
module_name(const CheckCtx *c, uint32_t i)
{
	const char *p = tok_str(c, i);
	size_t n = c->t[i].length;
	if (n >= 2 && (p[0] == '\'' || p[0] == '"' || p[0] == '`')) {
		p++;
		n -= 2;
	}
	if (n > 5 && strncmp(p, "node:", 5) == 0) {
		p += 5;
		n -= 5;
	}
	return g_strndup(p, n);
}

static void
py_aliases(CheckCtx *c)
{
	for (uint32_t i = 0; i < c->n; i++) {
		if (tok_is(c, i, "import") && (i == 0 || tok_kind(c, i - 1, LANG_TOK_NEWLINE))) {
			/* import a.b as c */
			uint32_t j = i + 1;
			GString *mod = g_string_new(NULL);
			while (j < c->n && (tok_kind(c, j, LANG_TOK_IDENT) || tok_is(c, j, "."))) {
				g_string_append_len(mod, tok_str(c, j), c->t[j].length);
				j++;
			}
			if (tok_is(c, j, "as") && tok_kind(c, j + 1, LANG_TOK_IDENT))
				alias_add(c, j + 1, mod->str);
			g_string_free(mod, TRUE);
		} else if (tok_is(c, i, "from") && (i == 0 || tok_kind(c, i - 1, LANG_TOK_NEWLINE))) {
			uint32_t j = i + 1;
			GString *mod = g_string_new(NULL);
			while (j < c->n && (tok_kind(c, j, LANG_TOK_IDENT) || tok_is(c, j, "."))) {
				g_string_append_len(mod, tok_str(c, j), c->t[j].length);
				j++;
			}
			if (!tok_is(c, j, "import")) {
				g_string_free(mod, TRUE);
				continue;
			}
			for (j++; j < c->n && !tok_kind(c, j, LANG_TOK_NEWLINE); j++) {
				if (!tok_kind(c, j, LANG_TOK_IDENT))
					continue;
				g_autofree char *full = g_strdup_printf("%s.%.*s", mod->str,
									(int)c->t[j].length, tok_str(c, j));
				if (tok_is(c, j + 1, "as") && tok_kind(c, j + 2, LANG_TOK_IDENT)) {
					alias_add(c, j + 2, full);
					j += 2;
				} else {
					alias_add(c, j, full);
				}
			}
			g_string_free(mod, TRUE);
		}
	}
}

static void
js_aliases(CheckCtx *c)
{
	for (uint32_t i = 0; i + 3 < c->n; i++) {
		/* name = require('mod') and { a, b: c } = require('mod') */
		if (tok_is(c, i, "require") && tok_is(c, i + 1, "(") && tok_kind(c, i + 2, LANG_TOK_STRING) &&
		    tok_is(c, i + 3, ")") && i >= 2 && tok_is(c, i - 1, "=")) {
			g_autofree char *mod = module_name(c, i + 2);
			if (tok_kind(c, i - 2, LANG_TOK_IDENT)) {
				alias_add(c, i - 2, mod);
			} else if (tok_is(c, i - 2, "}") && c->match[i - 2] >= 0) {
				for (uint32_t j = (uint32_t)c->match[i - 2] + 1; j < i - 2; j++) {
					if (!tok_kind(c, j, LANG_TOK_IDENT))
						continue;
					g_autofree char *full = g_strdup_printf("%s.%.*s", mod,
						(int)c->t[j].length, tok_str(c, j));
					if (tok_is(c, j + 1, ":") && tok_kind(c, j + 2, LANG_TOK_IDENT)) {
						alias_add(c, j + 2, full);
						j += 2;
					} else {
						alias_add(c, j, full);
					}
				}
			}
		}
		/* import x from 'mod'; import * as x from 'mod'; import { a, b as c } from 'mod' */
		if (tok_is(c, i, "import") && c->t[i].kind == LANG_TOK_KEYWORD) {
			uint32_t j = i + 1, from = 0;
			for (uint32_t k = j; k < c->n && k < j + 64; k++)
				if (tok_is(c, k, "from") && tok_kind(c, k + 1, LANG_TOK_STRING)) {
					from = k;
					break;
				} else if (tok_is(c, k, ";")) {
					break;
				}
			if (from == 0)
				continue;
			g_autofree char *mod = module_name(c, from + 1);
			bool braces = false;
			for (; j < from; j++) {
				if (tok_is(c, j, "{"))
					braces = true;
				else if (tok_is(c, j, "}"))
					braces = false;
				else if (tok_is(c, j, "*") && tok_is(c, j + 1, "as") && tok_kind(c, j + 2, LANG_TOK_IDENT)) {
					alias_add(c, j + 2, mod);
					j += 2;
				} else if (tok_kind(c, j, LANG_TOK_IDENT) && braces) {
					g_autofree char *full = g_strdup_printf("%s.%.*s", mod,
						(int)c->t[j].length, tok_str(c, j));
					if (tok_is(c, j + 1, "as") && tok_kind(c, j + 2, LANG_TOK_IDENT)) {
						alias_add(c, j + 2, full);
						j += 2;
					} else {
						alias_add(c, j, full);
					}
				} else if (tok_kind(c, j, LANG_TOK_IDENT)) {
					alias_add(c, j, mod);
				}
			}
		}
	}
}

char *
check_callee(CheckCtx *c, uint32_t i)
{
	if (c->aliases == NULL) {
		c->aliases = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
		if (c->lang == LANG_PYTHON)
			py_aliases(c);
		else if (c->lang == LANG_JS || c->lang == LANG_TS)
			js_aliases(c);
	}
	uint32_t first = i;
	while (first >= 2 && (tok_is(c, first - 1, ".") || tok_is(c, first - 1, "?.")) &&
	       tok_kind(c, first - 2, LANG_TOK_IDENT))
		first -= 2;
	GString *s = g_string_new(NULL);
	/* require('child_process').exec */
	if (first >= 5 && tok_is(c, first - 1, ".") && tok_is(c, first - 2, ")") &&
	    tok_kind(c, first - 3, LANG_TOK_STRING) && tok_is(c, first - 4, "(") &&
	    tok_is(c, first - 5, "require")) {
		g_autofree char *mod = module_name(c, first - 3);
		g_string_append(s, mod);
		g_string_append_c(s, '.');
	}
	for (uint32_t k = first; k <= i; k++) {
		if (k == first && s->len == 0) {
			g_autofree char *head = check_tok_dup(c, k);
			const char *alias = g_hash_table_lookup(c->aliases, head);
			g_string_append(s, alias ? alias : head);
		} else if (c->t[k].kind == LANG_TOK_IDENT) {
			g_string_append_len(s, tok_str(c, k), c->t[k].length);
		} else {
			g_string_append_c(s, '.');
		}
	}
	return g_string_free(s, FALSE);
}

int
check_func_at(const CheckCtx *c, uint32_t i)
{
	int best = -1;
	for (uint32_t k = 0; k < c->ncf; k++)
		if (c->cf[k].body <= i && i <= c->cf[k].end)
			best = (int)k;
	return best;
}

static bool
stmt_boundary(const CheckCtx *c, uint32_t i)
{
	if (c->t[i].kind == LANG_TOK_NEWLINE)
		return true;
	if (c->lang == LANG_SHELL)
		return tok_is(c, i, ";") || tok_is(c, i, "&&") || tok_is(c, i, "||") ||
		       tok_is(c, i, "|") || tok_is(c, i, "&") || tok_is(c, i, "{") ||
		       tok_is(c, i, "}") || tok_is(c, i, "(") || tok_is(c, i, ")") ||
		       tok_is(c, i, "then") || tok_is(c, i, "do") || tok_is(c, i, "else") ||
		       c->t[i].kind == LANG_TOK_INTERP_OPEN;
	return tok_is(c, i, ";") || tok_is(c, i, "{") || tok_is(c, i, "}");
}

uint32_t
check_stmt_start(const CheckCtx *c, uint32_t i)
{
	while (i > 0 && !stmt_boundary(c, i - 1))
		i--;
	return i;
}

uint32_t
check_stmt_end(const CheckCtx *c, uint32_t i)
{
	while (i + 1 < c->n && !stmt_boundary(c, i + 1))
		i++;
	return i;
}

/* ---- reporting -------------------------------------------------------------------------- */

void
check_report_at(CheckCtx *c, AnalysisRuleId rule, uint32_t line, uint32_t col, uint32_t end_line,
		uint32_t end_col, char *msg)
{
	if (!c->profile->enabled[rule]) {
		g_free(msg);
		return;
	}
	CheckFinding f = { (uint16_t)rule, line, col, end_line, end_col, msg };
	g_array_append_val(c->findings, f);
}

static void
token_end(const CheckCtx *c, const LangToken *t, uint32_t *line, uint32_t *col)
{
	const char *p = c->src + t->offset, *e = p + t->length;
	const char *nl = t->length ? memrchr(p, '\n', t->length) : NULL;
	if (nl == NULL) {
		*line = t->line;
		*col = t->column + t->length;
	} else {
		*line = lang_token_end_line(c->src, t);
		*col = (uint32_t)(e - nl);
	}
}

void
check_report_raw(CheckCtx *c, AnalysisRuleId rule, const LangToken *t, char *msg)
{
	uint32_t el, ec;
	token_end(c, t, &el, &ec);
	check_report_at(c, rule, t->line, t->column, el, ec, msg);
}

void
check_report(CheckCtx *c, AnalysisRuleId rule, uint32_t a, uint32_t b, const char *fmt, ...)
{
	if (!c->profile->enabled[rule] || a >= c->n)
		return;
	if (b >= c->n || b < a)
		b = a;
	char *msg = NULL;
	if (fmt != NULL) {
		va_list ap;
		va_start(ap, fmt);
		msg = g_strdup_vprintf(fmt, ap);
		va_end(ap);
	}
	uint32_t el, ec;
	token_end(c, &c->t[b], &el, &ec);
	check_report_at(c, rule, c->t[a].line, c->t[a].column, el, ec, msg);
}

bool
check_name_secretish(const char *p, size_t n)
{
	static const char *const words[] = {
		"token", "secret", "password", "passwd", "pwd", "nonce", "salt", "session", "key",
		"otp", "iv", "csrf", "auth", "apikey", "credential", "credentials", "id", "uuid",
		"guid", "sid", "pin", "verification", NULL,
	};
	char w[8][24];
	int nw = name_words(p, n, w, 8);
	for (int i = 0; i < nw; i++)
		for (int k = 0; words[k]; k++)
			if (strcmp(w[i], words[k]) == 0)
				return true;
	return false;
}

bool
check_is_constant(const CheckCtx *c, uint32_t a, uint32_t b)
{
	for (uint32_t i = a; i <= b && i < c->n; i++) {
		const LangToken *t = &c->t[i];
		if (t->kind == LANG_TOK_NUMBER || t->kind == LANG_TOK_OPERATOR)
			continue;
		if (tok_is(c, i, "sizeof") || tok_is(c, i, "_Alignof") || tok_is(c, i, "alignof")) {
			/* sizeof(x) and sizeof x are constant whatever x is */
			if (tok_is(c, i + 1, "(") && c->match[i + 1] > 0) {
				i = (uint32_t)c->match[i + 1];
			} else {
				/* sizeof *p, sizeof s->buf */
				i++;
				while (i <= b && (tok_is(c, i, "*") || tok_is(c, i, "&")))
					i++;
				while (i + 2 <= b && (tok_is(c, i + 1, "->") || tok_is(c, i + 1, ".")))
					i += 2;
			}
			continue;
		}
		if (t->kind == LANG_TOK_IDENT && all_caps(tok_str(c, i), t->length))
			continue;
		if (t->kind == LANG_TOK_KEYWORD) /* struct, char... in sizeof */
			continue;
		return false;
	}
	return true;
}

bool
check_same_text(const CheckCtx *c, uint32_t a1, uint32_t b1, uint32_t a2, uint32_t b2)
{
	if (b1 - a1 != b2 - a2)
		return false;
	for (uint32_t k = 0; a1 + k <= b1; k++) {
		const LangToken *x = &c->t[a1 + k], *y = &c->t[a2 + k];
		if (x->length != y->length || memcmp(c->src + x->offset, c->src + y->offset, x->length) != 0)
			return false;
	}
	return true;
}
