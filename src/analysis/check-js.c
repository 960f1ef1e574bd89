/* SPDX-License-Identifier: MIT */
/* JavaScript and TypeScript rules: code execution, HTML sinks, shells, SQL, weak
 * randomness, string timers, TLS and leftovers. */
#include "autoconfig.h"

#include <string.h>

#include "analysis/check.h"

/* The end of the expression starting at a: the ";" or "," at depth 0, a closing bracket,
 * or the last token before a new line at depth 0. */
static uint32_t
expr_end(const CheckCtx *c, uint32_t a)
{
	uint32_t i = a;
	while (i < c->n) {
		if ((tok_is(c, i, "(") || tok_is(c, i, "[") || tok_is(c, i, "{")) && c->match[i] > (int32_t)i) {
			i = (uint32_t)c->match[i] + 1;
		} else if (c->t[i].kind == LANG_TOK_INTERP_OPEN) {
			int d = 1;
			while (++i < c->n && d > 0)
				d += c->t[i].kind == LANG_TOK_INTERP_OPEN ? 1 : c->t[i].kind == LANG_TOK_INTERP_CLOSE ? -1 : 0;
		} else {
			i++;
		}
		if (i >= c->n || tok_is(c, i, ";") || tok_is(c, i, ",") || tok_is(c, i, ")") ||
		    tok_is(c, i, "]") || tok_is(c, i, "}"))
			break;
		const LangToken *prev = &c->t[i - 1];
		if (c->t[i].line > prev->line && prev->kind != LANG_TOK_OPERATOR &&
		    c->t[i].kind != LANG_TOK_OPERATOR)
			break;
	}
	return i > a ? i - 1 : a;
}

/* Built from strings, here or in the variable it names (one assignment back). */
static bool
built(const CheckCtx *c, uint32_t a, uint32_t b)
{
	/* sql`... ${x}`: a tagged template escapes its values */
	if (c->t[a].kind == LANG_TOK_IDENT && a < b && c->t[a + 1].kind == LANG_TOK_STRING &&
	    (c->t[a + 1].flags & LANG_TOKF_TEMPLATE) && c->t[a].offset + c->t[a].length == c->t[a + 1].offset)
		return false;
	if (check_is_built_string(c, a, b))
		return true;
	if (a != b || c->t[a].kind != LANG_TOK_IDENT)
		return false;
	for (uint32_t k = a; k > 1; k--) {
		uint32_t d = k - 1;
		if (check_same_text(c, d, d, a, a) && (tok_is(c, d + 1, "=") || tok_is(c, d + 1, "+=")) &&
		    d + 2 < a) {
			uint32_t e = expr_end(c, d + 2);
			if (check_is_built_string(c, d + 2, e))
				return true;
			if (tok_is(c, d + 1, "="))
				return false;
		}
	}
	return false;
}

static bool
mentions_sql(const CheckCtx *c, uint32_t a, uint32_t b)
{
	static const char *const kw[] = { "select ", "insert ", "update ", "delete ", " where ",
					  " from ", "drop ", NULL };
	for (uint32_t i = a; i <= b && i < c->n; i++) {
		if (c->t[i].kind != LANG_TOK_STRING)
			continue;
		for (int k = 0; kw[k]; k++)
			if (check_tok_contains_ci(c, i, kw[k]))
				return true;
	}
	/* a variable: look at what it was built from */
	if (a == b && c->t[a].kind == LANG_TOK_IDENT)
		for (uint32_t k = a; k > 1; k--)
			if (check_same_text(c, k - 1, k - 1, a, a) && tok_is(c, k, "=") && k + 1 < a)
				return mentions_sql(c, k + 1, expr_end(c, k + 1));
	return false;
}

static bool
line_secretish(const CheckCtx *c, uint32_t i)
{
	uint32_t a = i, b = i;
	while (a > 0 && c->t[a - 1].line == c->t[i].line)
		a--;
	while (b + 1 < c->n && c->t[b + 1].line == c->t[i].line)
		b++;
	for (uint32_t k = a; k <= b; k++)
		if (k != i && c->t[k].kind == LANG_TOK_IDENT && !tok_is(c, k, "Math") &&
		    check_name_secretish(tok_str(c, k), c->t[k].length))
			return true;
	int f = check_func_at(c, i);
	return f >= 0 && c->cf[f].name != UINT32_MAX &&
	       check_name_secretish(tok_str(c, c->cf[f].name), c->t[c->cf[f].name].length);
}

static void
on_call(CheckCtx *c, uint32_t i, const char *callee)
{
	uint32_t open = i + 1, close = (uint32_t)c->match[open];
	uint32_t st[3], en[3];
	unsigned n = check_args(c, open, st, en, 3);
	const char *last = strrchr(callee, '.');
	last = last ? last + 1 : callee;
	bool qualified = last != callee;
	if ((strcmp(callee, "eval") == 0 || strcmp(callee, "window.eval") == 0) && n >= 1 &&
	    !check_is_literal(c, st[0], en[0]))
		check_report(c, RULE_JS_EVAL, i, close, NULL);
	if ((strcmp(callee, "document.write") == 0 || strcmp(callee, "document.writeln") == 0) &&
	    n >= 1 && !check_is_literal(c, st[0], en[0]))
		check_report(c, RULE_JS_DOCUMENT_WRITE, i, close, NULL);
	if (strcmp(last, "insertAdjacentHTML") == 0 && qualified && n >= 2 &&
	    !check_is_literal(c, st[1], en[1]))
		check_report(c, RULE_JS_INSERT_ADJACENT, i, close, NULL);
	if ((strcmp(callee, "child_process.exec") == 0 || strcmp(callee, "child_process.execSync") == 0) &&
	    n >= 1 && built(c, st[0], en[0]))
		check_report(c, RULE_JS_CHILD_EXEC, i, close, "%s() runs a shell command built from strings", last);
	static const char *const sql[] = { "query", "execute", "raw", "run", "all", "prepare",
					   "queryRaw", "$queryRawUnsafe", "$executeRawUnsafe",
					   "executeQuery", NULL };
	for (int k = 0; sql[k] && qualified && n >= 1; k++)
		if (strcmp(last, sql[k]) == 0 && built(c, st[0], en[0]) && mentions_sql(c, st[0], en[0])) {
			check_report(c, RULE_JS_SQL, st[0], en[0], "SQL built from strings is passed to %s()", last);
			break;
		}
	if (strcmp(callee, "Math.random") == 0 && line_secretish(c, i))
		check_report(c, RULE_JS_MATH_RANDOM, i, close, NULL);
	if ((strcmp(callee, "setTimeout") == 0 || strcmp(callee, "setInterval") == 0 ||
	     strcmp(callee, "window.setTimeout") == 0 || strcmp(callee, "window.setInterval") == 0) &&
	    n >= 1 && c->t[st[0]].kind == LANG_TOK_STRING)
		check_report(c, RULE_JS_STRING_TIMER, i, close, "%s() with a string evaluates it as code", last);
}

static void
html_sink(CheckCtx *c, uint32_t i)
{
	/* el.innerHTML = value / += value */
	uint32_t op = i + 1;
	if (!(tok_is(c, op, "=") || tok_is(c, op, "+=")) || i == 0 || !tok_is(c, i - 1, "."))
		return;
	uint32_t e = expr_end(c, op + 1);
	if (check_is_literal(c, op + 1, e))
		return;
	g_autofree char *nm = check_tok_dup(c, i);
	check_report(c, RULE_JS_INNER_HTML, i - 1 > 0 ? i - 2 : i, e, "%s is set from a value that is not a literal", nm);
}

void
check_js(CheckCtx *c)
{
	for (uint32_t i = 0; i < c->n; i++) {
		const LangToken *t = &c->t[i];
		if (t->kind == LANG_TOK_KEYWORD) {
			if (tok_is(c, i, "debugger"))
				check_report(c, RULE_JS_DEBUGGER, i, i, NULL);
			else if (tok_is(c, i, "new") && tok_is(c, i + 1, "Function") && tok_is(c, i + 2, "(")) {
				uint32_t st[8], en[8];
				unsigned n = check_args(c, i + 2, st, en, 8);
				for (unsigned k = 0; k < n && k < 8; k++)
					if (!check_is_literal(c, st[k], en[k])) {
						check_report(c, RULE_JS_NEW_FUNCTION, i, (uint32_t)c->match[i + 2], NULL);
						break;
					}
			}
			continue;
		}
		if (t->kind != LANG_TOK_IDENT)
			continue;
		const char *w = tok_str(c, i);
		if ((t->length == 9 && memcmp(w, "innerHTML", 9) == 0) ||
		    (t->length == 9 && memcmp(w, "outerHTML", 9) == 0)) {
			html_sink(c, i);
			continue;
		}
		if ((tok_is(c, i, "rejectUnauthorized") || tok_is(c, i, "strictSSL")) &&
		    (tok_is(c, i + 1, ":") || tok_is(c, i + 1, "=")) && tok_is(c, i + 2, "false")) {
			check_report(c, RULE_JS_TLS_VERIFY, i, i + 2, NULL);
			continue;
		}
		if (tok_is(c, i, "NODE_TLS_REJECT_UNAUTHORIZED") && tok_is(c, i + 1, "=") &&
		    (tok_is(c, i + 2, "0") || (c->t[i + 2].kind == LANG_TOK_STRING && c->t[i + 2].length == 3 &&
					       tok_str(c, i + 2)[1] == '0'))) {
			check_report(c, RULE_JS_TLS_VERIFY, i, i + 2, NULL);
			continue;
		}
		if (tok_is(c, i, "__html") && tok_is(c, i + 1, ":")) {
			uint32_t e = expr_end(c, i + 2);
			bool react = false;
			for (uint32_t k = i; k > 0 && i - k < 6; k--)
				react |= tok_is(c, k, "dangerouslySetInnerHTML");
			if (react && !check_is_literal(c, i + 2, e))
				check_report(c, RULE_JS_DANGEROUS_HTML, i, e, NULL);
			continue;
		}
		if (!tok_is(c, i + 1, "(") || c->match[i + 1] < 0)
			continue;
		/* only the names the rules care about are resolved */
		static const char *const names[] = { "eval", "write", "writeln", "insertAdjacentHTML",
						     "exec", "execSync", "query", "execute", "raw",
						     "run", "all", "prepare", "queryRaw",
						     "$queryRawUnsafe", "$executeRawUnsafe",
						     "executeQuery", "random", "setTimeout",
						     "setInterval", NULL };
		bool want = false;
		for (int k = 0; names[k] && !want; k++)
			want = tok_is(c, i, names[k]);
		if (!want)
			continue;
		g_autofree char *callee = check_callee(c, i);
		on_call(c, i, callee);
	}
}
