/* SPDX-License-Identifier: MIT */
/* Function boundaries and metrics (lines, cyclomatic complexity, nesting, parameters)
 * computed from a token array. */
#include "autoconfig.h"

#include <string.h>

#include "lang.h"

/*
 * Everything here works on the "code view" of a file: the indices of the tokens that are
 * not comments, preprocessor lines or #else branches, with the partner of every bracket
 * precomputed, so each language's rules are a few lines of pattern matching.
 */

typedef struct {
	LangId lang;
	const char *src;
	const LangToken *all;
	uint32_t *idx;   /* code view: indices into all */
	uint32_t n;
	int32_t *match;  /* partner of each bracket in the code view, or -1 */
} View;

static bool
is_code(const LangToken *t)
{
	if (t->kind == LANG_TOK_COMMENT || t->kind == LANG_TOK_PREPROC)
		return false;
	return !(t->flags & (LANG_TOKF_PP | LANG_TOKF_PP_SKIP));
}

static inline const LangToken *
vt(const View *v, uint32_t i)
{
	return &v->all[v->idx[i]];
}

static inline bool
vis(const View *v, uint32_t i, const char *text)
{
	if (i >= v->n)
		return false;
	const LangToken *t = vt(v, i);
	if (t->length == 0 || v->src[t->offset] != text[0])
		return false;
	size_t n = strlen(text);
	return t->length == n && memcmp(v->src + t->offset + 1, text + 1, n - 1) == 0 &&
	       t->kind != LANG_TOK_STRING && t->kind != LANG_TOK_COMMENT;
}

static inline bool
vkind(const View *v, uint32_t i, LangTokenKind k)
{
	return i < v->n && vt(v, i)->kind == k;
}

static void
view_init(View *v, LangId lang, const char *src, const LangToken *toks, size_t n)
{
	v->lang = lang;
	v->src = src;
	v->all = toks;
	v->idx = g_new(uint32_t, n + 1);
	v->n = 0;
	for (size_t i = 0; i < n; i++)
		if (is_code(&toks[i]))
			v->idx[v->n++] = (uint32_t)i;
	v->match = g_new(int32_t, v->n + 1);
	uint32_t *stack = g_new(uint32_t, v->n + 1), sp = 0; /* open brackets and interpolations */
	for (uint32_t i = 0; i < v->n; i++) {
		v->match[i] = -1;
		const LangToken *t = vt(v, i);
		if (t->kind == LANG_TOK_INTERP_OPEN) {
			stack[sp++] = i;
			continue;
		}
		if (t->kind == LANG_TOK_INTERP_CLOSE) {
			if (sp > 0)
				sp--;
			continue;
		}
		if (t->kind != LANG_TOK_OPERATOR || t->length != 1)
			continue;
		char c = src[t->offset];
		if (c == '(' || c == '[' || c == '{') {
			stack[sp++] = i;
		} else if (c == ')' || c == ']' || c == '}') {
			char want = c == ')' ? '(' : c == ']' ? '[' : '{';
			/* Unbalanced input: drop openers until one fits (or give up). */
			for (uint32_t k = sp; k > 0; k--) {
				uint32_t o = stack[k - 1];
				const LangToken *ot = vt(v, o);
				if (ot->kind == LANG_TOK_OPERATOR && src[ot->offset] == want) {
					v->match[o] = (int32_t)i;
					v->match[i] = (int32_t)o;
					sp = k - 1;
					break;
				}
				if (sp - k > 8)
					break;
			}
		}
	}
	g_free(stack);
}

static void
view_free(View *v)
{
	g_free(v->idx);
	g_free(v->match);
}

static void
add_function(const View *v, GArray *funcs, int32_t name, uint32_t params, uint32_t body,
	     uint32_t end, uint32_t first)
{
	LangFunction f = { 0 };
	f.name_tok = name >= 0 ? v->idx[name] : UINT32_MAX;
	f.params_tok = v->idx[params];
	f.body_tok = v->idx[body];
	f.end_tok = v->idx[end];
	f.start_line = vt(v, first)->line;
	f.end_line = lang_token_end_line(v->src, vt(v, end));
	f.parent = -1;
	g_array_append_val(funcs, f);
}

/* ---- C and C++ -------------------------------------------------------------------------- */

/* After the ")" closing a parameter list at i: the index of the body "{", or 0. */
static uint32_t
c_body_after(const View *v, uint32_t i)
{
	uint32_t j = i + 1;
	int semis = 0;
	while (j < v->n) {
		const LangToken *t = vt(v, j);
		if (vis(v, j, "{"))
			return j;
		if (vis(v, j, "(") || vis(v, j, "[")) { /* attributes, noexcept(...), throw() */
			if (v->match[j] < 0 || (semis > 0 && vis(v, j, "(")))
				return 0;
			j = (uint32_t)v->match[j] + 1;
			continue;
		}
		if (vis(v, j, ":")) { /* constructor initialiser list */
			j++;
			while (j < v->n && !vis(v, j, "{")) {
				if ((vis(v, j, "(") || vis(v, j, "{")) && v->match[j] < 0)
					return 0;
				if (vis(v, j, "(")) {
					j = (uint32_t)v->match[j] + 1;
				} else if (j + 1 < v->n && vkind(v, j, LANG_TOK_IDENT) && vis(v, j + 1, "{") &&
					   v->match[j + 1] >= 0 && !vis(v, (uint32_t)v->match[j + 1] + 1, ";")) {
					j = (uint32_t)v->match[j + 1] + 1; /* member{init} */
				} else if (vis(v, j, ";") || vis(v, j, "}")) {
					return 0;
				} else {
					j++;
				}
			}
			return j < v->n ? j : 0;
		}
		if (vis(v, j, ";")) {
			/* K&R parameter declarations: "int a; char *b;" before the body. */
			if (++semis > 8 || j == i + 1)
				return 0;
			j++;
			continue;
		}
		if (vis(v, j, "=") || vis(v, j, ",") || vis(v, j, "}") || vis(v, j, ")") ||
		    t->kind == LANG_TOK_STRING || t->kind == LANG_TOK_NUMBER)
			return 0;
		if (semis > 0 && vis(v, j, "{"))
			return j;
		j++;
		if (j - i > 64)
			return 0;
	}
	return 0;
}

static void
c_functions(const View *v, GArray *funcs)
{
	uint32_t i = 0;
	while (i + 1 < v->n) {
		if (!vkind(v, i, LANG_TOK_IDENT) || !vis(v, i + 1, "(") || v->match[i + 1] < 0) {
			i++;
			continue;
		}
		uint32_t close = (uint32_t)v->match[i + 1];
		/* namespace ns MACRO(x) { and struct s ATTR(x) { open scopes, not functions */
		bool scope = false;
		for (uint32_t k = i; k > 0 && i - k < 4; k--) {
			if (vis(v, k - 1, "namespace") || vis(v, k - 1, "class") || vis(v, k - 1, "struct") ||
			    vis(v, k - 1, "union") || vis(v, k - 1, "enum")) {
				scope = true;
				break;
			}
			if (!vkind(v, k - 1, LANG_TOK_IDENT))
				break;
		}
		uint32_t body = scope ? 0 : c_body_after(v, close);
		if (body == 0 || v->match[body] < 0) {
			i = close + 1;
			continue;
		}
		/* The definition starts after the previous declaration ended. */
		uint32_t first = i;
		while (first > 0 && !vis(v, first - 1, ";") && !vis(v, first - 1, "}") &&
		       !vis(v, first - 1, "{") && vt(v, first - 1)->line + 3 > vt(v, i)->line &&
		       i - first < 16)
			first--;
		uint32_t end = (uint32_t)v->match[body];
		add_function(v, funcs, (int32_t)i, i + 1, body, end, first);
		i = end + 1;
	}
}

/* ---- Python ----------------------------------------------------------------------------- */

static void
py_functions(const View *v, GArray *funcs)
{
	bool line_start = true;
	for (uint32_t i = 0; i < v->n; i++) {
		const LangToken *t = vt(v, i);
		bool at_start = line_start;
		line_start = t->kind == LANG_TOK_NEWLINE;
		if (!at_start && !(i > 0 && vis(v, i - 1, "async")))
			continue;
		if (!(t->kind == LANG_TOK_KEYWORD && vis(v, i, "def")) || !vkind(v, i + 1, LANG_TOK_IDENT) ||
		    !vis(v, i + 2, "(") || v->match[i + 2] < 0)
			continue;
		uint32_t first = (i > 0 && vis(v, i - 1, "async")) ? i - 1 : i;
		uint32_t col = vt(v, first)->column;
		uint32_t j = (uint32_t)v->match[i + 2] + 1;
		while (j < v->n && !vis(v, j, ":") && !vkind(v, j, LANG_TOK_NEWLINE))
			j = (vis(v, j, "(") || vis(v, j, "[")) && v->match[j] > 0 ? (uint32_t)v->match[j] + 1 : j + 1;
		if (j + 1 >= v->n || !vis(v, j, ":"))
			continue;
		uint32_t body = j + 1, end;
		if (!vkind(v, body, LANG_TOK_NEWLINE)) { /* def f(): return 1 */
			end = body;
			while (end + 1 < v->n && !vkind(v, end + 1, LANG_TOK_NEWLINE))
				end++;
		} else {
			end = body;
			uint32_t k = body + 1;
			while (k < v->n) {
				/* k is the first token of a logical line */
				if (vt(v, k)->column <= col && !vkind(v, k, LANG_TOK_NEWLINE))
					break;
				while (k < v->n && !vkind(v, k, LANG_TOK_NEWLINE))
					k++;
				end = k < v->n ? k : v->n - 1;
				k++;
			}
			if (end > body + 0 && vkind(v, end, LANG_TOK_NEWLINE) && end > body)
				end--;
			if (end == body)
				continue;
		}
		add_function(v, funcs, (int32_t)i + 1, i + 2, body, end, first);
	}
}

/* ---- JavaScript and TypeScript ---------------------------------------------------------- */

/* After the ")" of a parameter list: the body "{" (skipping a TS return type), or 0. */
static uint32_t
js_body_after(const View *v, uint32_t close, bool arrow)
{
	uint32_t j = close + 1;
	if (vis(v, j, ":")) {
		int angle = 0;
		for (j++; j < v->n && j - close < 48; j++) {
			if (vis(v, j, "<"))
				angle++;
			else if (vis(v, j, ">"))
				angle--;
			else if ((vis(v, j, "(") || vis(v, j, "[") || (vis(v, j, "{") && angle > 0)) &&
				 v->match[j] > 0)
				j = (uint32_t)v->match[j];
			else if (angle <= 0 && (vis(v, j, "{") || vis(v, j, "=>") || vis(v, j, ";") ||
						vis(v, j, "}") || vis(v, j, "=") || vis(v, j, ",")))
				break;
		}
	}
	if (arrow) {
		if (!vis(v, j, "=>"))
			return 0;
		j++;
	}
	return vis(v, j, "{") && v->match[j] > 0 ? j : 0;
}

static int32_t
js_context_name(const View *v, uint32_t i)
{
	/* const name = function / (...) =>, name: function, name = async () => */
	if (i > 0 && vis(v, i - 1, "async"))
		i--;
	if (i >= 2 && (vis(v, i - 1, "=") || vis(v, i - 1, ":")) &&
	    (vkind(v, i - 2, LANG_TOK_IDENT) || vkind(v, i - 2, LANG_TOK_STRING)))
		return (int32_t)i - 2;
	return -1;
}

static void
js_functions(const View *v, GArray *funcs)
{
	for (uint32_t i = 0; i < v->n; i++) {
		const LangToken *t = vt(v, i);
		if (t->kind == LANG_TOK_KEYWORD && vis(v, i, "function")) {
			uint32_t j = i + 1;
			if (vis(v, j, "*"))
				j++;
			int32_t name = vkind(v, j, LANG_TOK_IDENT) ? (int32_t)j++ : js_context_name(v, i);
			if (vis(v, j, "<") ) /* TS generics */
				while (j < v->n && !vis(v, j, "(") && j - i < 32)
					j++;
			if (!vis(v, j, "(") || v->match[j] < 0)
				continue;
			uint32_t body = js_body_after(v, (uint32_t)v->match[j], false);
			if (body)
				add_function(v, funcs, name, j, body, (uint32_t)v->match[body], i);
		} else if (vis(v, i, "=>") && vis(v, i + 1, "{") && v->match[i + 1] > 0 && i > 0) {
			uint32_t p = i - 1, first;
			if (vis(v, p, ")") && v->match[p] >= 0)
				first = (uint32_t)v->match[p];
			else if (vkind(v, p, LANG_TOK_IDENT))
				first = p;
			else {
				/* (a): T => { ... } : walk back over the return type */
				uint32_t k = p;
				while (k > 0 && !vis(v, k, ")") && i - k < 24)
					k--;
				if (!vis(v, k, ")") || v->match[k] < 0)
					continue;
				first = (uint32_t)v->match[k];
			}
			add_function(v, funcs, js_context_name(v, first), first, i + 1,
				     (uint32_t)v->match[i + 1], first);
		} else if ((t->kind == LANG_TOK_IDENT || vis(v, i, "constructor")) && vis(v, i + 1, "(") &&
			   v->match[i + 1] > 0 && i > 0 &&
			   (vis(v, i - 1, "{") || vis(v, i - 1, "}") || vis(v, i - 1, ";") ||
			    vis(v, i - 1, ",") || vis(v, i - 1, "static") || vis(v, i - 1, "async") ||
			    vis(v, i - 1, "get") || vis(v, i - 1, "set") || vis(v, i - 1, "*") ||
			    vkind(v, i - 1, LANG_TOK_KEYWORD))) {
			uint32_t body = js_body_after(v, (uint32_t)v->match[i + 1], false);
			if (body && !vis(v, i - 1, "function"))
				add_function(v, funcs, (int32_t)i, i + 1, body, (uint32_t)v->match[body], i);
		}
	}
}

/* ---- shell ------------------------------------------------------------------------------ */

static void
sh_functions(const View *v, GArray *funcs)
{
	for (uint32_t i = 0; i + 1 < v->n; i++) {
		uint32_t name, j;
		if (vt(v, i)->kind == LANG_TOK_KEYWORD && vis(v, i, "function") &&
		    vkind(v, i + 1, LANG_TOK_IDENT)) {
			name = i + 1;
			j = i + 2;
			if (vis(v, j, "(") && vis(v, j + 1, ")"))
				j += 2;
		} else if (vkind(v, i, LANG_TOK_IDENT) && vis(v, i + 1, "(") && vis(v, i + 2, ")") &&
			   (i == 0 || vkind(v, i - 1, LANG_TOK_NEWLINE) || vis(v, i - 1, ";") ||
			    vt(v, i - 1)->line < vt(v, i)->line ||
			    vis(v, i - 1, "{") || vis(v, i - 1, "&&") || vis(v, i - 1, "||"))) {
			name = i;
			j = i + 3;
		} else {
			continue;
		}
		while (vkind(v, j, LANG_TOK_NEWLINE))
			j++;
		if (!(vis(v, j, "{") || vis(v, j, "(")) || v->match[j] < 0)
			continue;
		add_function(v, funcs, (int32_t)name, name, j, (uint32_t)v->match[j], i);
	}
}

static void find_functions(View *v, GArray *funcs);

void
lang_functions(LangId lang, const char *src, const LangToken *toks, size_t n, GArray *funcs)
{
	View v;
	view_init(&v, lang, src, toks, n);
	find_functions(&v, funcs);
	view_free(&v);
}

static void
find_functions(View *vp, GArray *funcs)
{
	View v = *vp;
	LangId lang = v.lang;
	guint before = funcs->len;
	switch (lang) {
	case LANG_C:
	case LANG_CPP:
		c_functions(&v, funcs);
		break;
	case LANG_PYTHON:
		py_functions(&v, funcs);
		break;
	case LANG_JS:
	case LANG_TS:
		js_functions(&v, funcs);
		break;
	case LANG_SHELL:
		sh_functions(&v, funcs);
		break;
	default:
		break;
	}
	/* Parents: the innermost earlier function whose body contains this one. */
	for (guint i = before; i < funcs->len; i++) {
		LangFunction *f = &g_array_index(funcs, LangFunction, i);
		for (guint k = i; k > before; k--) {
			const LangFunction *p = &g_array_index(funcs, LangFunction, k - 1);
			if (p->body_tok < f->body_tok && p->end_tok >= f->end_tok) {
				f->parent = (int32_t)(k - 1);
				break;
			}
		}
	}
}

/* ---- metrics ---------------------------------------------------------------------------- */

static bool
is_decision(const View *v, uint32_t i)
{
	const LangToken *t = vt(v, i);
	const char *w = v->src + t->offset;
	uint32_t n = t->length;
#define W(s) (n == sizeof(s) - 1 && memcmp(w, s, n) == 0)
	if (t->kind == LANG_TOK_KEYWORD) {
		switch (v->lang) {
		case LANG_PYTHON:
			return W("if") || W("elif") || W("for") || W("while") || W("except") ||
			       W("and") || W("or") || W("case");
		case LANG_SHELL:
			return W("if") || W("elif") || W("for") || W("while") || W("until") || W("select");
		default:
			return W("if") || W("for") || W("while") || W("case") || W("catch") ||
			       W("and") || W("or");
		}
	}
	if (t->kind != LANG_TOK_OPERATOR)
		return false;
	if (W("&&") || W("||"))
		return true;
	if (v->lang == LANG_SHELL)
		return W(";;") || W(";&") || W(";;&");
	if (v->lang == LANG_JS || v->lang == LANG_TS) {
		if (W("??"))
			return true;
		if (W("?"))
			return !(vis(v, i + 1, ":") || vis(v, i + 1, ")") || vis(v, i + 1, ",") ||
				 vis(v, i + 1, "=") || vis(v, i + 1, ";"));
	}
	return (v->lang == LANG_C || v->lang == LANG_CPP) && W("?");
#undef W
}

/* Does the "{" at i open a control block (if/for/while/else/do/try/switch/function)? */
static bool
control_brace(const View *v, uint32_t i)
{
	if (i == 0)
		return false;
	if (vis(v, i - 1, ")"))
		return true;
	return vis(v, i - 1, "else") || vis(v, i - 1, "do") || vis(v, i - 1, "try") ||
	       vis(v, i - 1, "finally") || vis(v, i - 1, "=>");
}

/*
 * Nesting in brace languages counts the body of if/for/while/else/do as one level whether
 * it is braced or not, as Python's blocks are: "if (a) if (b) x;" is two levels.  A stack
 * holds the open blocks: braces (counting one level when they open a control block) and
 * unbraced bodies, which close when their statement ends: at a ";" or a block's "}" at
 * their own bracket depth, or, in JavaScript, at a line break where a statement may end.
 * An "else" after such an end closes the bodies up to the "if" it belongs to, and opens
 * its own body at that "if" body's level.
 */
enum { NEST_BRACE, NEST_IF_BRACE, NEST_BODY, NEST_IF_BODY };

typedef struct {
	uint8_t kind;
	uint8_t counts;  /* levels it adds: 0 or 1 */
	uint32_t parens; /* "(" and "[" open where it began */
	uint32_t from;   /* view index that opened it */
} Nest;

typedef struct {
	GArray *stack;   /* of Nest */
	uint32_t depth, maxd, parens;
} NestState;

static void
nest_push(NestState *s, uint8_t kind, uint8_t counts, uint32_t from)
{
	Nest n = { kind, counts, s->parens, from };
	g_array_append_val(s->stack, n);
	s->depth += counts;
	if (s->depth > s->maxd)
		s->maxd = s->depth;
}

static Nest *
nest_top(NestState *s)
{
	return s->stack->len ? &g_array_index(s->stack, Nest, s->stack->len - 1) : NULL;
}

static void
nest_pop(NestState *s)
{
	s->depth -= nest_top(s)->counts;
	g_array_set_size(s->stack, s->stack->len - 1);
}

/* A statement ended: close the unbraced bodies it ended, up to the "if" an "else" next
 * belongs to. */
static void
nest_stmt_end(NestState *s, bool else_next)
{
	Nest *t;
	while ((t = nest_top(s)) != NULL && t->kind >= NEST_BODY && t->parens == s->parens) {
		bool was_if = t->kind == NEST_IF_BODY;
		nest_pop(s);
		if (else_next && was_if)
			return;
	}
}

/* The keyword owning the ")" at i: if, for, while (or NULL for other parentheses). */
static const char *
header_keyword(const View *v, uint32_t i)
{
	if (v->match[i] <= 0)
		return NULL;
	uint32_t o = (uint32_t)v->match[i];
	if (vt(v, o - 1)->kind != LANG_TOK_KEYWORD)
		return NULL;
	return vis(v, o - 1, "if") ? "if" : vis(v, o - 1, "for") ? "for" : vis(v, o - 1, "while") ? "while" : NULL;
}

/* JavaScript without semicolons: does a statement end between i and the next token? */
static bool
js_line_end(const View *v, uint32_t i)
{
	if ((v->lang != LANG_JS && v->lang != LANG_TS) || i + 1 >= v->n || vt(v, i + 1)->line <= vt(v, i)->line)
		return false;
	const LangToken *t = vt(v, i), *n = vt(v, i + 1);
	bool ends = t->kind == LANG_TOK_IDENT || t->kind == LANG_TOK_NUMBER || t->kind == LANG_TOK_STRING ||
		    t->kind == LANG_TOK_KEYWORD || vis(v, i, ")") || vis(v, i, "]") || vis(v, i, "++") ||
		    vis(v, i, "--");
	bool starts = n->kind == LANG_TOK_IDENT || n->kind == LANG_TOK_KEYWORD || n->kind == LANG_TOK_NUMBER ||
		      n->kind == LANG_TOK_STRING || vis(v, i + 1, "}") || vis(v, i + 1, "!");
	return ends && starts && !(t->kind == LANG_TOK_KEYWORD && vis(v, i, "else"));
}

static void
nest_step(const View *v, uint32_t i, uint32_t b, uint32_t e, NestState *s)
{
	if (i > b && vis(v, i, "{")) {
		const char *kw = vis(v, i - 1, ")") ? header_keyword(v, i - 1) : NULL;
		nest_push(s, kw && strcmp(kw, "if") == 0 ? NEST_IF_BRACE : NEST_BRACE, control_brace(v, i), i);
		return;
	}
	if (i < e && vis(v, i, "}")) {
		/* bodies left open inside the block (a missing ";") end with it */
		while (nest_top(s) && nest_top(s)->kind >= NEST_BODY)
			nest_pop(s);
		if (!nest_top(s))
			return;
		bool if_block = nest_top(s)->kind == NEST_IF_BRACE;
		s->parens = nest_top(s)->parens;
		nest_pop(s);
		if (!(if_block && vis(v, i + 1, "else")))
			nest_stmt_end(s, vis(v, i + 1, "else"));
		return;
	}
	if (vis(v, i, "(") || vis(v, i, "[")) {
		s->parens++;
		return;
	}
	if (vis(v, i, ")") || vis(v, i, "]")) {
		if (s->parens > 0)
			s->parens--;
		const char *kw = vis(v, i, ")") ? header_keyword(v, i) : NULL;
		if (kw && !vis(v, i + 1, "{") && !vis(v, i + 1, ";") && i + 1 < e)
			nest_push(s, strcmp(kw, "if") == 0 ? NEST_IF_BODY : NEST_BODY, 1, i);
		else if (js_line_end(v, i) && nest_top(s) && nest_top(s)->from < i)
			nest_stmt_end(s, vis(v, i + 1, "else"));
		return;
	}
	if (vt(v, i)->kind == LANG_TOK_KEYWORD && (vis(v, i, "else") || vis(v, i, "do"))) {
		/* "else if" continues a chain at the same level; "do if" nests */
		if (!vis(v, i + 1, "{") && !(vis(v, i, "else") && vis(v, i + 1, "if")) && i + 1 < e)
			nest_push(s, NEST_BODY, 1, i);
		return;
	}
	if (vis(v, i, ";")) {
		nest_stmt_end(s, vis(v, i + 1, "else"));
		return;
	}
	if (js_line_end(v, i) && nest_top(s) && nest_top(s)->kind >= NEST_BODY && nest_top(s)->from < i)
		nest_stmt_end(s, vis(v, i + 1, "else"));
}

static bool
py_block_keyword(const View *v, uint32_t i)
{
	static const char *const kws[] = { "if", "elif", "else", "for", "while", "try", "except",
					   "finally", "with", "match", "case", "async", NULL };
	if (vt(v, i)->kind != LANG_TOK_KEYWORD)
		return false;
	for (int k = 0; kws[k]; k++)
		if (vis(v, i, kws[k]))
			return true;
	return false;
}

static uint32_t
view_find(const View *v, uint32_t tok)
{
	uint32_t lo = 0, hi = v->n;
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (v->idx[mid] < tok)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static uint16_t
clamp16(uint32_t x)
{
	return x > UINT16_MAX ? UINT16_MAX : (uint16_t)x;
}

static void
count_params(const View *v, LangFunction *f)
{
	uint32_t o = view_find(v, f->params_tok);
	if (!vis(v, o, "(") || v->match[o] < 0) {
		f->params = 0;
		return;
	}
	uint32_t c = (uint32_t)v->match[o];
	if (c == o + 1 || (c == o + 2 && vis(v, o + 1, "void"))) {
		f->params = 0;
		return;
	}
	uint32_t count = 1;
	for (uint32_t i = o + 1; i < c; i++) {
		if ((vis(v, i, "(") || vis(v, i, "[") || vis(v, i, "{")) && v->match[i] > (int32_t)i)
			i = (uint32_t)v->match[i];
		else if (vis(v, i, ","))
			count++;
	}
	/* Python's bare "*" and "/" separators and a trailing comma are not parameters. */
	if (v->lang == LANG_PYTHON)
		for (uint32_t i = o + 1; i < c; i++)
			if ((vis(v, i, "*") || vis(v, i, "/")) && (vis(v, i + 1, ",") || i + 1 == c))
				count--;
	if (vis(v, c - 1, ","))
		count--;
	f->params = clamp16(count);
}

static void
function_metrics(const View *v, GArray *funcs, guint fi)
{
	LangFunction *f = &g_array_index(funcs, LangFunction, fi);
	f->lines = f->end_line - f->start_line + 1;
	count_params(v, f);
	uint32_t b = view_find(v, f->body_tok), e = view_find(v, f->end_tok);
	uint32_t cx = 1, depth = 0, maxd = 0;
	GArray *stack = g_array_new(FALSE, FALSE, sizeof(uint32_t)); /* Python's block columns */
	NestState ns = { g_array_new(FALSE, FALSE, sizeof(Nest)), 0, 0, 0 };
	bool line_start = true;
	for (uint32_t i = b; i <= e && i < v->n; i++) {
		/* Skip nested functions: they have their own figures. */
		for (guint k = fi + 1; k < funcs->len; k++) {
			const LangFunction *g = &g_array_index(funcs, LangFunction, k);
			if (g->body_tok > v->idx[i])
				break;
			if (g->parent == (int32_t)fi && g->params_tok <= v->idx[i] && v->idx[i] <= g->end_tok) {
				i = view_find(v, g->end_tok);
				break;
			}
		}
		if (i > e)
			break;
		if (is_decision(v, i))
			cx++;
		const LangToken *t = vt(v, i);
		if (v->lang == LANG_PYTHON) {
			bool at = line_start;
			line_start = t->kind == LANG_TOK_NEWLINE;
			if (!at || t->kind == LANG_TOK_NEWLINE)
				continue;
			while (stack->len > 0 && g_array_index(stack, uint32_t, stack->len - 1) >= t->column)
				g_array_set_size(stack, stack->len - 1);
			if (py_block_keyword(v, i)) {
				g_array_append_val(stack, t->column);
				if (stack->len > maxd)
					maxd = stack->len;
			}
		} else if (v->lang == LANG_SHELL) {
			if (t->kind == LANG_TOK_KEYWORD &&
			    (vis(v, i, "if") || vis(v, i, "for") || vis(v, i, "while") ||
			     vis(v, i, "until") || vis(v, i, "case") || vis(v, i, "select"))) {
				if (++depth > maxd)
					maxd = depth;
			} else if (t->kind == LANG_TOK_KEYWORD && depth > 0 &&
				   (vis(v, i, "fi") || vis(v, i, "done") || vis(v, i, "esac"))) {
				depth--;
			}
		} else {
			nest_step(v, i, b, e, &ns);
		}
	}
	g_array_free(stack, TRUE);
	g_array_free(ns.stack, TRUE);
	maxd = MAX(maxd, ns.maxd);
	f->complexity = clamp16(cx);
	f->max_nesting = clamp16(maxd);
}

static void
file_metrics(const char *src, size_t len, const LangLines *li, const LangToken *toks, size_t n,
	     LangFileMetrics *fm)
{
	uint32_t lines = lang_lines_count(li, len);
	fm->lines = lines;
	uint8_t *mark = g_malloc0(lines + 2); /* bit 1: code, bit 2: comment */
	/* A cursor into the line index: [cur, next) is the line holding the token's first
	 * byte, so a token holds a newline exactly when it reaches next.  Tokens come in order
	 * of offset; one out of order sends the cursor back to the start. */
	const uint32_t *start = li->start;
	uint32_t k = 0, cur = 0, next = li->newlines > 0 ? start[1] : UINT32_MAX;
	for (size_t i = 0; i < n; i++) {
		const LangToken *t = &toks[i];
		if (t->kind == LANG_TOK_NEWLINE)
			continue;
		uint8_t bit = t->kind == LANG_TOK_COMMENT || (t->flags & LANG_TOKF_DOC) ? 2 : 1;
		if (G_UNLIKELY(t->offset < cur)) {
			k = 0;
			cur = 0;
			next = li->newlines > 0 ? start[1] : UINT32_MAX;
		}
		while (next <= t->offset) {
			cur = next;
			k++;
			next = k < li->newlines ? start[k + 1] : UINT32_MAX;
		}
		uint32_t end = t->offset + t->length, last = t->line;
		if (end >= next) /* newlines inside: those whose next line starts by end */
			for (uint32_t j = k + 1; j <= li->newlines && start[j] <= end; j++)
				last++;
		for (uint32_t l = t->line; l <= last && l <= lines; l++)
			mark[l] |= bit;
	}
	for (uint32_t line = 1; line <= lines; line++) {
		const char *p = src + start[line - 1], *e = src + lang_lines_end(li, len, line);
		bool blank = true;
		for (const char *q = p; q < e; q++)
			if (*q != ' ' && *q != '\t' && *q != '\r' && *q != '\f' && *q != '\v') {
				blank = false;
				break;
			}
		if (mark[line] & 1)
			fm->code_lines++;
		if (mark[line] & 2)
			fm->comment_lines++;
		if (blank && mark[line] == 0)
			fm->blank_lines++;
	}
	g_free(mark);
}

static void
all_metrics(View *v, const char *src, size_t len, const LangLines *lines, const LangToken *toks,
	    size_t n, GArray *funcs, LangFileMetrics *file)
{
	for (guint i = 0; funcs != NULL && i < funcs->len; i++)
		function_metrics(v, funcs, i);
	if (file != NULL) {
		memset(file, 0, sizeof *file);
		LangLines own = { 0 };
		if (lines == NULL) {
			lang_lines_index(&own, src, len);
			lines = &own;
		}
		file_metrics(src, len, lines, toks, n, file);
		lang_lines_clear(&own);
		for (guint i = 0; funcs != NULL && i < funcs->len; i++) {
			const LangFunction *f = &g_array_index(funcs, LangFunction, i);
			file->functions++;
			if (f->complexity > file->max_complexity)
				file->max_complexity = f->complexity;
		}
	}
}

void
lang_metrics(LangId lang, const char *src, size_t len, const LangToken *toks, size_t n,
	     GArray *funcs, LangFileMetrics *file)
{
	View v;
	view_init(&v, lang, src, toks, n);
	all_metrics(&v, src, len, NULL, toks, n, funcs, file);
	view_free(&v);
}

void
lang_structure_lines(LangId lang, const char *src, size_t len, const LangLines *lines,
		     const LangToken *toks, size_t n, GArray *funcs, LangFileMetrics *file)
{
	View v;
	view_init(&v, lang, src, toks, n);
	find_functions(&v, funcs);
	all_metrics(&v, src, len, lines, toks, n, funcs, file);
	view_free(&v);
}

void
lang_structure(LangId lang, const char *src, size_t len, const LangToken *toks, size_t n,
	       GArray *funcs, LangFileMetrics *file)
{
	lang_structure_lines(lang, src, len, NULL, toks, n, funcs, file);
}
