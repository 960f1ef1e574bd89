/* SPDX-License-Identifier: MIT */
/* Token rules for C and C++: dangerous calls, fixed buffers, formats, commands, signed
 * lengths, temporary files, weak crypto and friends. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/check.h"
#include "lang/wordset.h"

/*
 * A light declaration pass first records what each name is (array and its size, pointer,
 * signed integer, local or static), per function, so the call rules can ask "is the
 * destination a fixed array?" or "is this length signed?".  Then one walk over the tokens
 * looks every called identifier up in a hash of trigger words.
 */

/* A name in the source and the function it belongs to: the key of the tables below.  The
 * bytes stay in the file's buffer, so neither lookups nor inserts copy or format them. */
typedef struct {
	const char *p;
	uint32_t n;
	int func;          /* function index, -1 at file scope; 0 in tables without scopes */
} Name;

static guint
name_hash(gconstpointer k)
{
	const Name *x = k;
	guint h = 2166136261u ^ (guint)x->func;
	for (uint32_t i = 0; i < x->n; i++)
		h = (h ^ (unsigned char)x->p[i]) * 16777619u;
	return h;
}

static gboolean
name_equal(gconstpointer a, gconstpointer b)
{
	const Name *x = a, *y = b;
	return x->func == y->func && x->n == y->n && memcmp(x->p, y->p, x->n) == 0;
}

typedef struct {
	Name key;          /* key.func: -1 at file scope (globals, struct members) */
	bool array, pointer, is_signed, is_unsigned, is_static, param;
	long size;         /* array elements, -1 unknown */
	int struct_size;   /* for struct-typed parameters: estimated bytes, 0 unknown */
	uint32_t tok;      /* the name's token */
} Decl;

typedef struct {
	CheckCtx *c;
	GHashTable *decls;   /* Name -> Decl * (the key is the Decl's own) */
	GHashTable *defines; /* macro Name -> value (numbers only); built when first asked */
	GHashTable *structs; /* struct or typedef Name -> estimated size */
	GHashTable *new_arrays; /* Names of new[] results */
} CState;

static WordSet *trigger_words, *type_words, *signed_words, *unsigned_words;

static const char *const type_keywords[] = {
	"char", "short", "int", "long", "signed", "unsigned", "float", "double", "void",
	"const", "volatile", "static", "extern", "register", "struct", "union", "enum",
	"_Bool", "bool", "auto", "inline", "restrict", "__restrict", "wchar_t", "constexpr",
	"thread_local", "_Thread_local", "mutable", NULL,
};
static const char *const signed_types[] = { "int", "long", "short", "ssize_t", "off_t", "int32_t",
					    "int64_t", "int16_t", "ptrdiff_t", "intptr_t", "gint",
					    "glong", "gssize", "signed", NULL };
static const char *const unsigned_types[] = { "unsigned", "size_t", "uint32_t", "uint64_t",
					      "uint16_t", "uint8_t", "uintptr_t", "gsize", "guint",
					      "socklen_t", NULL };

static Name
tok_name(const CheckCtx *c, uint32_t i, int func)
{
	return (Name){ tok_str(c, i), c->t[i].length, func };
}

static Name *
name_dup(Name n)
{
	Name *x = g_new(Name, 1);
	*x = n;
	return x;
}

/* ---- declarations ----------------------------------------------------------------------- */

static bool
is_type_keyword(const CheckCtx *c, uint32_t i)
{
	const LangToken *t = &c->t[i];
	return t->kind == LANG_TOK_KEYWORD && wordset_lookup(type_words, tok_str(c, i), t->length);
}

/* Is token i (not a string) one of the words of the set? */
static bool
word_in(const CheckCtx *c, uint32_t i, const WordSet *ws)
{
	const LangToken *t = &c->t[i];
	return t->kind != LANG_TOK_STRING && t->kind != LANG_TOK_COMMENT &&
	       wordset_lookup(ws, tok_str(c, i), t->length);
}

static const Decl *
decl_find(const CState *s, int func, uint32_t name)
{
	Name k = tok_name(s->c, name, func);
	const Decl *d = g_hash_table_lookup(s->decls, &k);
	if (d == NULL && func >= 0) {
		k.func = -1;
		d = g_hash_table_lookup(s->decls, &k);
	}
	return d;
}

static void collect_defines(CState *s);

static long
array_size(CState *s, uint32_t open)
{
	const CheckCtx *c = s->c;
	if (c->match[open] != (int32_t)open + 2)
		return -1;
	uint32_t i = open + 1;
	if (c->t[i].kind == LANG_TOK_NUMBER)
		return strtol(tok_str(c, i), NULL, 0);
	if (c->t[i].kind == LANG_TOK_IDENT) {
		if (s->defines == NULL)
			collect_defines(s);
		Name k = tok_name(c, i, 0);
		gpointer v = g_hash_table_lookup(s->defines, &k);
		return v ? GPOINTER_TO_INT(v) : -1;
	}
	return -1;
}

static int
struct_size(const CState *s, uint32_t i)
{
	if (g_hash_table_size(s->structs) == 0)
		return 0;
	Name k = tok_name(s->c, i, 0);
	return GPOINTER_TO_INT(g_hash_table_lookup(s->structs, &k));
}

/* Estimated size of a member or variable from its type words and array suffix. */
static int
type_bytes(CState *s, uint32_t a, uint32_t name)
{
	const CheckCtx *c = s->c;
	int bytes = 8;
	for (uint32_t i = a; i < name; i++) {
		if (tok_is(c, i, "*"))
			return 8;
		if (tok_is(c, i, "char") || tok_is(c, i, "bool") || tok_is(c, i, "_Bool") || tok_is(c, i, "uint8_t") || tok_is(c, i, "int8_t"))
			bytes = 1;
		else if (tok_is(c, i, "short") || tok_is(c, i, "uint16_t") || tok_is(c, i, "int16_t"))
			bytes = 2;
		else if (tok_is(c, i, "int") || tok_is(c, i, "float") || tok_is(c, i, "uint32_t") || tok_is(c, i, "int32_t"))
			bytes = bytes == 8 ? 4 : bytes;
		else if (c->t[i].kind == LANG_TOK_IDENT) {
			int v = struct_size(s, i);
			if (v)
				bytes = v;
		}
	}
	if (tok_is(c, name + 1, "[")) {
		long n = array_size(s, name + 1);
		if (n > 0 && n < (1 << 24))
			bytes *= (int)n;
	}
	return bytes;
}

static void
signedness(const CheckCtx *c, uint32_t a, uint32_t name, Decl *d)
{
	bool s = false, u = false;
	for (uint32_t i = a; i < name; i++) {
		s |= word_in(c, i, signed_words);
		u |= word_in(c, i, unsigned_words);
	}
	d->is_unsigned = u && !d->pointer;
	d->is_signed = s && !u && !d->pointer;
}

/* Record the declaration whose declarator name is at k, if the tokens before it are a
 * type. */
static void
maybe_decl(CState *s, uint32_t k, int func, bool in_params)
{
	CheckCtx *c = s->c;
	uint32_t a = k, types = 0;
	bool ptr = false, stat = false;
	while (a > 0) {
		uint32_t p = a - 1;
		if (tok_is(c, p, "*")) {
			ptr = true;
		} else if (is_type_keyword(c, p) || (c->t[p].kind == LANG_TOK_IDENT && types < 4)) {
			types++;
			stat |= tok_is(c, p, "static") || tok_is(c, p, "extern");
		} else if (tok_is(c, p, "::") || tok_is(c, p, "<") || tok_is(c, p, ">")) {
			types++;
		} else {
			break;
		}
		a = p;
	}
	if (types == 0)
		return;
	if (a > 0 && !(tok_is(c, a - 1, ";") || tok_is(c, a - 1, "{") || tok_is(c, a - 1, "}") ||
		       tok_is(c, a - 1, "(") || tok_is(c, a - 1, ",") || tok_is(c, a - 1, ")")))
		return;
	if (a > 0 && tok_is(c, a - 1, "(") && !in_params)
		return; /* a cast or a call, not a declaration */
	if (a > 0 && tok_is(c, a - 1, ")"))
		return;
	Decl *d = g_new0(Decl, 1);
	d->key = tok_name(c, k, func);
	d->tok = k;
	d->pointer = ptr;
	d->param = in_params;
	d->is_static = stat;
	d->array = tok_is(c, k + 1, "[") && !in_params;
	d->pointer |= tok_is(c, k + 1, "[") && in_params; /* char buf[] parameters decay */
	d->size = d->array ? array_size(s, k + 1) : -1;
	signedness(c, a, k, d);
	if (!ptr) {
		for (uint32_t i = a; i < k; i++)
			if (c->t[i].kind == LANG_TOK_IDENT || tok_is(c, i, "struct")) {
				int v = struct_size(s, i);
				if (v)
					d->struct_size = v;
			}
	}
	g_hash_table_replace(s->decls, &d->key, d);
}

/* struct NAME { ... } and typedef struct { ... } ALIAS: estimated sizes. */
static void
collect_structs(CState *s)
{
	CheckCtx *c = s->c;
	for (uint32_t i = 0; i + 2 < c->n; i++) {
		if (!(tok_is(c, i, "struct") || tok_is(c, i, "union")))
			continue;
		uint32_t open = tok_kind(c, i + 1, LANG_TOK_IDENT) ? i + 2 : i + 1;
		if (!tok_is(c, open, "{") || c->match[open] < 0)
			continue;
		uint32_t close = (uint32_t)c->match[open];
		int total = 0;
		uint32_t start = open + 1;
		for (uint32_t k = open + 1; k < close; k++) {
			if (tok_is(c, k, "{") && c->match[k] > 0) {
				k = (uint32_t)c->match[k];
				continue;
			}
			if (tok_is(c, k, ";")) {
				uint32_t name = k - 1;
				if (tok_is(c, name, "]") && c->match[name] >= 0)
					name = (uint32_t)c->match[name] - 1;
				if (name > start && tok_kind(c, name, LANG_TOK_IDENT)) {
					total += type_bytes(s, start, name);
					/* member arrays are fixed arrays for the copy rules */
					Decl *d = g_new0(Decl, 1);
					d->key = tok_name(c, name, -1);
					d->array = tok_is(c, name + 1, "[");
					d->size = d->array ? array_size(s, name + 1) : -1;
					d->tok = name;
					if (d->array)
						g_hash_table_replace(s->decls, &d->key, d);
					else
						g_free(d);
				}
				start = k + 1;
			}
		}
		if (tok_kind(c, i + 1, LANG_TOK_IDENT))
			g_hash_table_replace(s->structs, name_dup(tok_name(c, i + 1, 0)), GINT_TO_POINTER(total));
		if (tok_kind(c, close + 1, LANG_TOK_IDENT) && i > 0 && tok_is(c, i - 1, "typedef"))
			g_hash_table_replace(s->structs, name_dup(tok_name(c, close + 1, 0)), GINT_TO_POINTER(total));
		i = open;
	}
}

/* Numeric macros, for array sizes written with a name: collected the first time one is. */
static void
collect_defines(CState *s)
{
	const CheckCtx *c = s->c;
	s->defines = g_hash_table_new_full(name_hash, name_equal, g_free, NULL);
	for (size_t i = 0; i + 2 < c->nall; i++) {
		const LangToken *d = &c->all[i];
		if (d->kind != LANG_TOK_PREPROC || d->length < 7 ||
		    memcmp(c->src + d->offset + d->length - 6, "define", 6) != 0)
			continue;
		const LangToken *n = &c->all[i + 1], *v = &c->all[i + 2];
		if (n->kind == LANG_TOK_IDENT && v->kind == LANG_TOK_NUMBER && v->line == n->line)
			g_hash_table_replace(s->defines, name_dup((Name){ c->src + n->offset, n->length, 0 }),
					     GINT_TO_POINTER((int)strtol(c->src + v->offset, NULL, 0)));
	}
}

static void
collect_decls(CState *s)
{
	CheckCtx *c = s->c;
	collect_structs(s);
	/* parameter lists of function definitions */
	for (uint32_t f = 0; f < c->ncf; f++) {
		uint32_t open = c->cf[f].params;
		if (!tok_is(c, open, "(") || c->match[open] < 0)
			continue;
		for (uint32_t k = open + 1; k < (uint32_t)c->match[open]; k++)
			if (tok_kind(c, k, LANG_TOK_IDENT) && (tok_is(c, k + 1, ",") || tok_is(c, k + 1, ")") ||
							       tok_is(c, k + 1, "[")))
				maybe_decl(s, k, (int)f, true);
	}
	int func = -1;
	uint32_t fend = 0;
	int next = 0;
	for (uint32_t k = 0; k + 1 < c->n; k++) {
		while (next < (int)c->ncf && c->cf[next].body <= k) {
			func = next;
			fend = c->cf[next].end;
			next++;
		}
		if (func >= 0 && k > fend)
			func = c->cf[func].f->parent >= 0 ? c->cf[func].f->parent : -1;
		if (!tok_kind(c, k, LANG_TOK_IDENT) || k == 0)
			continue;
		if (tok_is(c, k + 1, ";") || tok_is(c, k + 1, "=") || tok_is(c, k + 1, "[") ||
		    (tok_is(c, k + 1, ",") && func >= 0))
			maybe_decl(s, k, func, false);
		/* C++: p = new T[n] */
		if (tok_is(c, k + 1, "=") && tok_is(c, k + 2, "new")) {
			uint32_t j = k + 3;
			while (j < c->n && j < k + 12 && !tok_is(c, j, "[") && !tok_is(c, j, ";") && !tok_is(c, j, "("))
				j++;
			if (tok_is(c, j, "["))
				g_hash_table_add(s->new_arrays, name_dup(tok_name(c, k, func)));
		}
	}
}

/* ---- helpers ---------------------------------------------------------------------------- */

/* The declaration behind a destination expression: buf, s->buf, s.buf, &buf[0]. */
static const Decl *
dest_decl(const CState *s, int func, uint32_t a, uint32_t b)
{
	const CheckCtx *c = s->c;
	if (a == b && tok_kind(c, a, LANG_TOK_IDENT))
		return decl_find(s, func, a);
	if (b >= a + 2 && tok_kind(c, b, LANG_TOK_IDENT) && (tok_is(c, b - 1, "->") || tok_is(c, b - 1, "."))) {
		const Decl *d = decl_find(s, -1, b);
		return d && d->array ? d : NULL;
	}
	return NULL;
}

static size_t
literal_len(const CheckCtx *c, uint32_t a, uint32_t b)
{
	size_t n = 0;
	for (uint32_t i = a; i <= b; i++) {
		if (c->t[i].kind != LANG_TOK_STRING)
			continue;
		const char *p = tok_str(c, i);
		const char *q = memchr(p, '"', c->t[i].length);
		if (q == NULL)
			continue;
		for (q++; q < p + c->t[i].length - 1; q++) {
			if (*q == '\\')
				q++;
			n++;
		}
	}
	return n;
}

/* Longest output of a printf format, or -1 when unbounded (%s without precision...). */
static long
format_max(const CheckCtx *c, uint32_t a, uint32_t b)
{
	long n = 0;
	for (uint32_t i = a; i <= b; i++) {
		if (c->t[i].kind != LANG_TOK_STRING)
			return -1;
		const char *p = tok_str(c, i), *e = p + c->t[i].length;
		const char *q = memchr(p, '"', c->t[i].length);
		if (q == NULL)
			return -1;
		for (q++; q < e - 1; q++) {
			if (*q == '\\') {
				q++;
				n++;
				continue;
			}
			if (*q != '%') {
				n++;
				continue;
			}
			q++;
			if (*q == '%') {
				n++;
				continue;
			}
			long width = 0, prec = -1;
			while (q < e && strchr("-+ #0", *q))
				q++;
			if (*q == '*')
				return -1;
			while (q < e && g_ascii_isdigit(*q))
				width = width * 10 + (*q++ - '0');
			if (*q == '.') {
				q++;
				if (*q == '*')
					return -1;
				prec = 0;
				while (q < e && g_ascii_isdigit(*q))
					prec = prec * 10 + (*q++ - '0');
			}
			while (q < e && strchr("hlLqjzt", *q))
				q++;
			long conv;
			switch (*q) {
			case 'd': case 'i': case 'u': conv = 20; break;
			case 'x': case 'X': case 'o': conv = 22; break;
			case 'c': conv = 1; break;
			case 'p': conv = 18; break;
			case 'e': case 'E': case 'g': case 'G': case 'a': case 'A': conv = 24; break;
			case 's': if (prec < 0) return -1; conv = prec; break;
			default: return -1; /* %f can print 300+ digits; be safe */
			}
			n += conv > width ? conv : width;
		}
	}
	return n;
}

static bool
has_negative_check(const CheckCtx *c, uint32_t from, uint32_t upto, uint32_t name)
{
	for (uint32_t i = from; i < upto; i++) {
		if (!check_same_text(c, i, i, name, name) || c->t[i].kind != LANG_TOK_IDENT)
			continue;
		if ((tok_is(c, i + 1, "<") || tok_is(c, i + 1, "<=") || tok_is(c, i + 1, ">=") ||
		     tok_is(c, i + 1, ">")) && tok_is(c, i + 2, "0"))
			return true;
		if (i >= 2 && (tok_is(c, i - 1, ">") || tok_is(c, i - 1, "<=")) && tok_is(c, i - 2, "0"))
			return true;
	}
	return false;
}

static uint32_t
func_start(const CheckCtx *c, int func)
{
	return func >= 0 ? c->cf[func].params : 0;
}

/* A size argument that is a signed variable never checked against 0. */
static void
signed_size(CState *s, int func, uint32_t a, uint32_t b, const char *fn)
{
	CheckCtx *c = s->c;
	if (a != b || !tok_kind(c, a, LANG_TOK_IDENT))
		return;
	const Decl *d = decl_find(s, func, a);
	if (d == NULL || !d->is_signed || has_negative_check(c, func_start(c, func), a, a))
		return;
	g_autofree char *n = check_tok_dup(c, a);
	check_report(c, RULE_C_SIGNED_LENGTH, a, a, "signed '%s' is the size passed to %s()", n, fn);
}

static void
sizeof_pointer(CState *s, int func, uint32_t dst, uint32_t dst_end, uint32_t a, uint32_t b, const char *fn)
{
	CheckCtx *c = s->c;
	if (!tok_is(c, a, "sizeof") || dst != dst_end || !tok_kind(c, dst, LANG_TOK_IDENT))
		return;
	uint32_t x = tok_is(c, a + 1, "(") ? a + 2 : a + 1;
	if (x > b || !check_same_text(c, x, x, dst, dst) ||
	    (tok_is(c, a + 1, "(") && c->match[a + 1] != (int32_t)x + 1))
		return;
	const Decl *d = decl_find(s, func, dst);
	if (d && d->pointer) {
		g_autofree char *n = check_tok_dup(c, dst);
		check_report(c, RULE_C_SIZEOF_POINTER, a, b, "sizeof(%s) is the size of a pointer, not of what %s() writes", n, fn);
	}
}

static bool
scanf_unbounded(const CheckCtx *c, uint32_t a, uint32_t b)
{
	for (uint32_t i = a; i <= b; i++) {
		if (c->t[i].kind != LANG_TOK_STRING)
			continue;
		const char *p = tok_str(c, i), *e = p + c->t[i].length;
		for (const char *q = p; q < e; q++) {
			if (*q != '%')
				continue;
			q++;
			if (q < e && *q == '%')
				continue;
			if (q < e && *q == '*')
				continue; /* assignment suppressed */
			bool width = false;
			while (q < e && g_ascii_isdigit(*q)) {
				q++;
				width = true;
			}
			if (q < e && *q == 'm')
				continue; /* POSIX: allocates */
			while (q < e && strchr("hlLqjzt", *q))
				q++;
			if (!width && q < e && (*q == 's' || *q == '['))
				return true;
		}
	}
	return false;
}

/* Is the call at i inside the condition of a for or while loop? */
static bool
in_loop_condition(const CheckCtx *c, uint32_t i)
{
	for (uint32_t k = i; k > 0 && i - k < 64; k--) {
		uint32_t o = k - 1;
		if (!tok_is(c, o, "(") || c->match[o] < (int32_t)i)
			continue;
		if (o > 0 && tok_is(c, o - 1, "while"))
			return true;
		if (o > 0 && tok_is(c, o - 1, "for")) {
			int semis = 0;
			for (uint32_t j = o + 1; j < i; j++)
				semis += tok_is(c, j, ";");
			return semis == 1;
		}
	}
	return false;
}

static bool
secret_context(const CheckCtx *c, int func, uint32_t i)
{
	uint32_t a = check_stmt_start(c, i), b = check_stmt_end(c, i);
	for (uint32_t k = a; k <= b; k++)
		if (tok_kind(c, k, LANG_TOK_IDENT) && k != i &&
		    check_name_secretish(tok_str(c, k), c->t[k].length))
			return true;
	if (func >= 0 && c->cf[func].name != UINT32_MAX) {
		uint32_t n = c->cf[func].name;
		return check_name_secretish(tok_str(c, n), c->t[n].length);
	}
	return false;
}

static bool
mode_world_writable(const CheckCtx *c, uint32_t a, uint32_t b)
{
	for (uint32_t i = a; i <= b; i++) {
		if (tok_is(c, i, "S_IWOTH") || tok_is(c, i, "S_IRWXO"))
			return true;
		if (c->t[i].kind == LANG_TOK_NUMBER && c->t[i].length == 4 && tok_str(c, i)[0] == '0') {
			char last = tok_str(c, i)[3];
			if (last == '2' || last == '3' || last == '6' || last == '7')
				return true;
		}
	}
	return false;
}

/* ---- the rules per trigger -------------------------------------------------------------- */

static void
copy_rule(CState *s, int func, uint32_t i, AnalysisRuleId rule, bool allow_literal_any)
{
	CheckCtx *c = s->c;
	uint32_t st[3], en[3];
	if (check_args(c, i + 1, st, en, 3) < 2)
		return;
	const Decl *d = dest_decl(s, func, st[0], en[0]);
	if (d == NULL || !d->array)
		return;
	if (check_is_literal(c, st[1], en[1])) {
		if (c->t[st[1]].kind != LANG_TOK_STRING)
			return; /* a macro constant: its length is the author's to know */
		size_t n = literal_len(c, st[1], en[1]);
		if (allow_literal_any || d->size < 0 || (long)n < d->size)
			return;
	}
	g_autofree char *dn = check_tok_dup(c, en[0]);
	g_autofree char *fn = check_tok_dup(c, i);
	if (d->size > 0)
		check_report(c, rule, i, (uint32_t)c->match[i + 1], "%s() into '%s' (%ld bytes) with no length check", fn, dn, d->size);
	else
		check_report(c, rule, i, (uint32_t)c->match[i + 1], "%s() into fixed array '%s' with no length check", fn, dn);
}

static void
sprintf_rule(CState *s, int func, uint32_t i, bool va)
{
	CheckCtx *c = s->c;
	uint32_t st[3], en[3];
	if (check_args(c, i + 1, st, en, 3) < 2)
		return;
	const Decl *d = dest_decl(s, func, st[0], en[0]);
	if (d == NULL || !d->array)
		return;
	if (!va && check_is_literal(c, st[1], en[1])) {
		long max = format_max(c, st[1], en[1]);
		if (max >= 0 && d->size > 0 && max < d->size)
			return;
	}
	g_autofree char *dn = check_tok_dup(c, en[0]);
	check_report(c, RULE_C_SPRINTF_FIXED, i, (uint32_t)c->match[i + 1],
		     "%s() into '%s' can write past its end", va ? "vsprintf" : "sprintf", dn);
}

static void
format_rule(CheckCtx *c, uint32_t i, unsigned fmt_arg)
{
	uint32_t st[4], en[4];
	unsigned n = check_args(c, i + 1, st, en, 4);
	if (n <= fmt_arg || fmt_arg >= 4)
		return;
	if (check_is_literal(c, st[fmt_arg], en[fmt_arg]))
		return;
	/* A lone argument that is itself a format parameter of a wrapper: still flagged. */
	g_autofree char *fn = check_tok_dup(c, i);
	check_report(c, RULE_C_FORMAT_NONLITERAL, st[fmt_arg], en[fmt_arg],
		     "the format passed to %s() is not a literal", fn);
}

static void
toctou_rule(CheckCtx *c, int func, uint32_t i)
{
	uint32_t st[2], en[2];
	if (check_args(c, i + 1, st, en, 2) < 1 || check_is_literal(c, st[0], en[0]))
		return;
	for (uint32_t k = func_start(c, func); k + 2 < i; k++) {
		if (!tok_is(c, k, "access") || !tok_is(c, k + 1, "("))
			continue;
		uint32_t as[2], ae[2];
		if (check_args(c, k + 1, as, ae, 2) >= 1 && check_same_text(c, as[0], ae[0], st[0], en[0])) {
			g_autofree char *fn = check_tok_dup(c, i);
			check_report(c, RULE_C_TOCTOU, i, (uint32_t)c->match[i + 1],
				     "%s() opens a path checked with access() on line %u", fn, c->t[k].line);
			return;
		}
	}
}

static void
alloc_rule(CState *s, int func, uint32_t i, unsigned size_arg)
{
	CheckCtx *c = s->c;
	uint32_t st[3], en[3];
	if (check_args(c, i + 1, st, en, 3) <= size_arg)
		return;
	uint32_t a = st[size_arg], b = en[size_arg];
	g_autofree char *fn = check_tok_dup(c, i);
	signed_size(s, func, a, b, fn);
	bool mul = false;
	for (uint32_t k = a; k <= b; k++) {
		if ((tok_is(c, k, "(") || tok_is(c, k, "[")) && c->match[k] > (int32_t)k)
			k = (uint32_t)c->match[k];
		else if (tok_is(c, k, "*") && k > a)
			mul = true;
	}
	if (!mul || check_is_constant(c, a, b))
		return;
	for (uint32_t k = func_start(c, func); k < i; k++)
		if (tok_is(c, k, "SIZE_MAX") || tok_is(c, k, "__builtin_mul_overflow") ||
		    tok_is(c, k, "ckd_mul") || tok_is(c, k, "G_MAXSIZE"))
			return;
	check_report(c, RULE_C_ALLOC_OVERFLOW, a, b, "%s() size '%.*s' can overflow", fn,
		     (int)(c->t[b].offset + c->t[b].length - c->t[a].offset), tok_str(c, a));
}

static void
memfn_rule(CState *s, int func, uint32_t i, unsigned size_arg)
{
	CheckCtx *c = s->c;
	uint32_t st[3], en[3];
	if (check_args(c, i + 1, st, en, 3) <= size_arg)
		return;
	g_autofree char *fn = check_tok_dup(c, i);
	signed_size(s, func, st[size_arg], en[size_arg], fn);
	sizeof_pointer(s, func, st[0], en[0], st[size_arg], en[size_arg], fn);
}

static void
return_rule(CState *s, int func, uint32_t i)
{
	CheckCtx *c = s->c;
	if (func < 0)
		return;
	uint32_t x = i + 1;
	bool addr = tok_is(c, x, "&");
	if (addr)
		x++;
	if (!tok_kind(c, x, LANG_TOK_IDENT) || !tok_is(c, x + 1, ";"))
		return;
	Name k = tok_name(c, x, func);
	const Decl *d = g_hash_table_lookup(s->decls, &k);
	if (d == NULL || d->is_static || d->key.func != func ||
	    !(d->param || (d->tok > c->cf[func].body && d->tok < c->cf[func].end)))
		return;
	if (addr || (d->array && !d->param)) {
		g_autofree char *n = check_tok_dup(c, x);
		check_report(c, RULE_C_RETURN_LOCAL, i, x + 1, "returns the address of local '%s'", n);
	}
}

static void
assign_cond_rule(CheckCtx *c, uint32_t i)
{
	uint32_t o = i + 1;
	if (!tok_is(c, o, "(") || c->match[o] < 0)
		return;
	uint32_t close = (uint32_t)c->match[o];
	if (tok_is(c, o + 1, "(") && c->match[o + 1] == (int32_t)close - 1)
		return; /* if ((a = b)): intended */
	uint32_t eq = 0;
	for (uint32_t k = o + 1; k < close; k++) {
		if ((tok_is(c, k, "(") || tok_is(c, k, "[")) && c->match[k] > (int32_t)k)
			k = (uint32_t)c->match[k];
		else if (tok_is(c, k, "="))
			eq = eq ? UINT32_MAX : k;
		else if (tok_is(c, k, "&&") || tok_is(c, k, "||") || tok_is(c, k, "==") || tok_is(c, k, "!="))
			return;
	}
	if (eq == 0 || eq == UINT32_MAX || eq <= o + 1)
		return;
	/* "if (int x = f())" and "while (T *p = next())" declare: two names in a row */
	for (uint32_t k = o + 1; k + 1 < eq; k++)
		if ((c->t[k].kind == LANG_TOK_IDENT || c->t[k].kind == LANG_TOK_KEYWORD ||
		     tok_is(c, k, "*") || tok_is(c, k, ">") || tok_is(c, k, ">>") || tok_is(c, k, "&")) &&
		    (c->t[k + 1].kind == LANG_TOK_IDENT || tok_is(c, k + 1, "*")) && !tok_is(c, k, "->") &&
		    !(tok_is(c, k, "*") && k == o + 1))
			return;
	check_report(c, RULE_C_ASSIGN_IN_COND, eq, eq, NULL);
}

static void
sign_compare(CState *s, int func, uint32_t i)
{
	CheckCtx *c = s->c;
	/* SIGNED op sizeof(...) / strlen(...) / UNSIGNED, either way round */
	uint32_t l = i - 1, r = i + 1;
	uint32_t sv = 0, other = 0;
	if (tok_kind(c, l, LANG_TOK_IDENT) && !tok_is(c, l - 1, ".") && !tok_is(c, l - 1, "->") &&
	    !tok_is(c, l - 1, ")")) { /* (unsigned)len: cast, so not signed any more */
		sv = l;
		other = r;
	} else if (tok_kind(c, r, LANG_TOK_IDENT) && (tok_is(c, r + 1, ")") || tok_is(c, r + 1, ";") ||
						    tok_is(c, r + 1, "&&") || tok_is(c, r + 1, "||"))) {
		sv = r;
		other = l;
	} else {
		return;
	}
	if (sv == r && !(tok_is(c, l, ")") || tok_kind(c, l, LANG_TOK_IDENT)))
		return;
	const Decl *d = decl_find(s, func, sv);
	if (d == NULL || !d->is_signed)
		return;
	bool unsigned_side = false;
	if (other == r) {
		unsigned_side = tok_is(c, r, "sizeof") || (tok_is(c, r, "strlen") && tok_is(c, r + 1, "("));
		if (!unsigned_side && tok_kind(c, r, LANG_TOK_IDENT) && !tok_is(c, r + 1, "(") &&
		    !tok_is(c, r + 1, ".") && !tok_is(c, r + 1, "->")) {
			const Decl *u = decl_find(s, func, r);
			unsigned_side = u && u->is_unsigned;
		}
	} else {
		/* left side: ... sizeof(x) < n  or  strlen(s) > n */
		if (tok_is(c, l, ")") && c->match[l] > 0) {
			uint32_t o = (uint32_t)c->match[l];
			unsigned_side = o > 0 && (tok_is(c, o - 1, "sizeof") || tok_is(c, o - 1, "strlen"));
		}
	}
	if (!unsigned_side || has_negative_check(c, func_start(c, func), i, sv))
		return;
	/* for (int i = 0; i < n; i++): a counter from 0 cannot be negative */
	for (uint32_t k = check_stmt_start(c, i); k < i; k++)
		if (check_same_text(c, k, k, sv, sv) && tok_is(c, k + 1, "=") && c->t[k + 2].kind == LANG_TOK_NUMBER)
			return;
	if (in_loop_condition(c, i)) {
		for (uint32_t k = i; k > 0 && i - k < 40; k--)
			if (tok_is(c, k, "for")) {
				for (uint32_t j = k; j < i; j++)
					if (check_same_text(c, j, j, sv, sv) && tok_is(c, j + 1, "=") &&
					    c->t[j + 2].kind == LANG_TOK_NUMBER)
						return;
				break;
			}
	}
	g_autofree char *n = check_tok_dup(c, sv);
	check_report(c, RULE_C_SIGN_COMPARE, sv, sv, "signed '%s' is compared with an unsigned size", n);
}

static void
large_structs(CState *s)
{
	CheckCtx *c = s->c;
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, s->decls);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		const Decl *d = v;
		if (d->param && !d->pointer && d->struct_size > 256) {
			g_autofree char *n = check_tok_dup(c, d->tok);
			check_report(c, RULE_C_LARGE_STRUCT, d->tok, d->tok,
				     "parameter '%s' copies a struct of about %d bytes on every call", n, d->struct_size);
		}
	}
}

static bool
weak_crypto_name(const char *p, size_t n)
{
	return (n > 4 && memcmp(p, "DES_", 4) == 0) || (n > 8 && memcmp(p, "EVP_des_", 8) == 0) ||
	       (n >= 3 && memcmp(p, "MD5", 3) == 0 && (n == 3 || p[3] == '_')) ||
	       (n >= 3 && memcmp(p, "MD4", 3) == 0 && (n == 3 || p[3] == '_')) ||
	       (n >= 3 && memcmp(p, "RC4", 3) == 0 && (n == 3 || p[3] == '_')) ||
	       (n == 7 && (memcmp(p, "EVP_md5", 7) == 0 || memcmp(p, "EVP_md4", 7) == 0 ||
			   memcmp(p, "EVP_rc4", 7) == 0));
}

/* One handler per trigger word; arg is the index of the format or size argument. */
typedef void (*Handler)(CState *s, int func, uint32_t i, unsigned arg);

static uint32_t
call_end(const CheckCtx *c, uint32_t i)
{
	return (uint32_t)c->match[i + 1];
}

static void
h_gets(CState *s, int func, uint32_t i, unsigned arg)
{
	check_report(s->c, RULE_C_GETS, i, call_end(s->c, i), NULL);
}

static void
h_strcpy(CState *s, int func, uint32_t i, unsigned arg)
{
	copy_rule(s, func, i, RULE_C_STRCPY_FIXED, false);
}

static void
h_strcat(CState *s, int func, uint32_t i, unsigned arg)
{
	copy_rule(s, func, i, RULE_C_STRCAT_FIXED, true);
}

static void
h_sprintf(CState *s, int func, uint32_t i, unsigned arg)
{
	sprintf_rule(s, func, i, arg == 0);
	if (arg != 0)
		format_rule(s->c, i, arg);
}

static void
h_scanf(CState *s, int func, uint32_t i, unsigned arg)
{
	uint32_t st[4], en[4];
	if (check_args(s->c, i + 1, st, en, 4) > arg && scanf_unbounded(s->c, st[arg], en[arg]))
		check_report(s->c, RULE_C_SCANF_UNBOUNDED, st[arg], en[arg], NULL);
}

static void
h_format(CState *s, int func, uint32_t i, unsigned arg)
{
	format_rule(s->c, i, arg);
}

static void
h_snprintf(CState *s, int func, uint32_t i, unsigned arg)
{
	format_rule(s->c, i, 2);
	memfn_rule(s, func, i, 1);
}

static void
h_command(CState *s, int func, uint32_t i, unsigned arg)
{
	uint32_t st[2], en[2];
	if (check_args(s->c, i + 1, st, en, 2) >= 1 && !check_is_literal(s->c, st[0], en[0]))
		check_report(s->c, arg ? RULE_C_EXEC_NONCONSTANT : RULE_C_COMMAND_INJECTION, i,
			     call_end(s->c, i), NULL);
}

static void
h_open(CState *s, int func, uint32_t i, unsigned arg)
{
	uint32_t st[4], en[4];
	toctou_rule(s->c, func, i);
	if (arg && check_args(s->c, i + 1, st, en, 4) >= 3 && mode_world_writable(s->c, st[2], en[2]))
		check_report(s->c, RULE_C_WORLD_WRITABLE, st[2], en[2], NULL);
}

static void
h_rand(CState *s, int func, uint32_t i, unsigned arg)
{
	if (tok_is(s->c, i + 2, ")") && secret_context(s->c, func, i))
		check_report(s->c, RULE_C_RAND_SECURITY, i, i + 2, NULL);
}

static void
h_alloc(CState *s, int func, uint32_t i, unsigned arg)
{
	CheckCtx *c = s->c;
	uint32_t st[2], en[2];
	alloc_rule(s, func, i, arg);
	/* p = realloc(p, n) */
	if (arg == 1 && i >= 2 && tok_is(c, i - 1, "=") && check_args(c, i + 1, st, en, 2) == 2 &&
	    st[0] == en[0] && check_same_text(c, i - 2, i - 2, st[0], st[0]))
		check_report(c, RULE_C_REALLOC_LEAK, i - 2, call_end(c, i), NULL);
}

static void
h_alloca(CState *s, int func, uint32_t i, unsigned arg)
{
	uint32_t st[2], en[2];
	if (check_args(s->c, i + 1, st, en, 2) >= 1 && !check_is_constant(s->c, st[0], en[0]))
		check_report(s->c, RULE_C_ALLOCA, i, call_end(s->c, i), NULL);
}

static void
h_memfn(CState *s, int func, uint32_t i, unsigned arg)
{
	memfn_rule(s, func, i, arg);
}

static void
h_memset(CState *s, int func, uint32_t i, unsigned arg)
{
	CheckCtx *c = s->c;
	uint32_t st[3], en[3];
	memfn_rule(s, func, i, 2);
	if (check_args(c, i + 1, st, en, 3) == 3 && st[2] == en[2] && tok_is(c, st[2], "0") &&
	    !(st[1] == en[1] && tok_is(c, st[1], "0")))
		check_report(c, RULE_C_MEMSET_SWAPPED, i, call_end(c, i), NULL);
}

static void
h_strlen(CState *s, int func, uint32_t i, unsigned arg)
{
	if (in_loop_condition(s->c, i))
		check_report(s->c, RULE_C_STRLEN_LOOP, i, call_end(s->c, i), NULL);
}

static void
h_tmpnam(CState *s, int func, uint32_t i, unsigned arg)
{
	check_report(s->c, RULE_C_INSECURE_TEMP, i, call_end(s->c, i), NULL);
}

static void
h_chmod(CState *s, int func, uint32_t i, unsigned arg)
{
	uint32_t st[3], en[3];
	if (check_args(s->c, i + 1, st, en, 3) >= 2 && mode_world_writable(s->c, st[1], en[1]))
		check_report(s->c, RULE_C_WORLD_WRITABLE, st[1], en[1], NULL);
}

/* Statements (not calls): delete, return, if and while. */
static void
h_delete(CState *s, int func, uint32_t i, unsigned arg)
{
	CheckCtx *c = s->c;
	if (!tok_kind(c, i + 1, LANG_TOK_IDENT) || !tok_is(c, i + 2, ";"))
		return;
	Name k = tok_name(c, i + 1, func), g = tok_name(c, i + 1, -1);
	if (g_hash_table_contains(s->new_arrays, &k) || g_hash_table_contains(s->new_arrays, &g))
		check_report(c, RULE_C_NEW_DELETE, i, i + 1, NULL);
}

static void
h_return(CState *s, int func, uint32_t i, unsigned arg)
{
	return_rule(s, func, i);
}

static void
h_cond(CState *s, int func, uint32_t i, unsigned arg)
{
	assign_cond_rule(s->c, i);
}

typedef struct {
	const char *word;
	Handler fn;
	unsigned arg;
	bool statement;  /* a keyword statement rather than a call */
} Trigger;

static const Trigger triggers[] = {
	{ "gets", h_gets, 0, false }, { "strcpy", h_strcpy, 0, false },
	{ "stpcpy", h_strcpy, 0, false }, { "wcscpy", h_strcpy, 0, false },
	{ "strcat", h_strcat, 0, false }, { "wcscat", h_strcat, 0, false },
	{ "sprintf", h_sprintf, 1, false }, { "vsprintf", h_sprintf, 0, false },
	{ "swprintf", h_snprintf, 0, false }, { "snprintf", h_snprintf, 0, false },
	{ "scanf", h_scanf, 0, false }, { "fscanf", h_scanf, 1, false },
	{ "sscanf", h_scanf, 1, false }, { "printf", h_format, 0, false },
	{ "warn", h_format, 0, false }, { "warnx", h_format, 0, false },
	{ "fprintf", h_format, 1, false }, { "dprintf", h_format, 1, false },
	{ "syslog", h_format, 1, false }, { "err", h_format, 1, false },
	{ "errx", h_format, 1, false }, { "system", h_command, 0, false },
	{ "popen", h_command, 0, false }, { "execl", h_command, 1, false },
	{ "execlp", h_command, 1, false }, { "execle", h_command, 1, false },
	{ "execv", h_command, 1, false }, { "execvp", h_command, 1, false },
	{ "execvpe", h_command, 1, false }, { "execve", h_command, 1, false },
	{ "open", h_open, 1, false }, { "creat", h_open, 0, false },
	{ "fopen", h_open, 0, false }, { "freopen", h_open, 0, false },
	{ "rand", h_rand, 0, false }, { "random", h_rand, 0, false },
	{ "drand48", h_rand, 0, false }, { "lrand48", h_rand, 0, false },
	{ "malloc", h_alloc, 0, false }, { "realloc", h_alloc, 1, false },
	{ "alloca", h_alloca, 0, false }, { "memcpy", h_memfn, 2, false },
	{ "memmove", h_memfn, 2, false }, { "strncpy", h_memfn, 2, false },
	{ "strncat", h_memfn, 2, false }, { "read", h_memfn, 2, false },
	{ "recv", h_memfn, 2, false }, { "fgets", h_memfn, 1, false },
	{ "memset", h_memset, 0, false }, { "strlen", h_strlen, 0, false },
	{ "tmpnam", h_tmpnam, 0, false }, { "tempnam", h_tmpnam, 0, false },
	{ "mktemp", h_tmpnam, 0, false }, { "chmod", h_chmod, 0, false },
	{ "fchmod", h_chmod, 0, false }, { "mkdir", h_chmod, 0, false },
	{ "delete", h_delete, 0, true }, { "return", h_return, 0, true },
	{ "if", h_cond, 0, true }, { "while", h_cond, 0, true },
};

static gpointer
init_triggers(gpointer unused)
{
	type_words = wordset_new(type_keywords);
	signed_words = wordset_new(signed_types);
	unsigned_words = wordset_new(unsigned_types);
	trigger_words = wordset_new(NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(triggers); i++)
		wordset_add(trigger_words, triggers[i].word, (int)i + 1);
	return NULL;
}

void
check_c(CheckCtx *c)
{
	static GOnce once = G_ONCE_INIT;
	g_once(&once, init_triggers, NULL);
	CState s = { .c = c };
	s.decls = g_hash_table_new_full(name_hash, name_equal, NULL, g_free);
	s.structs = g_hash_table_new_full(name_hash, name_equal, g_free, NULL);
	s.new_arrays = g_hash_table_new_full(name_hash, name_equal, g_free, NULL);
	collect_decls(&s);
	bool sign = check_on(c, RULE_C_SIGN_COMPARE);
	bool crypto = check_on(c, RULE_C_WEAK_CRYPTO);
	int func = -1, next = 0;
	for (uint32_t i = 0; i < c->n; i++) {
		while (next < (int)c->ncf && c->cf[next].body <= i)
			func = next++;
		if (func >= 0 && i > c->cf[func].end)
			func = c->cf[func].f->parent;
		const LangToken *t = &c->t[i];
		if (t->kind == LANG_TOK_OPERATOR) {
			if (sign && i > 0 && func >= 0 && (tok_is(c, i, "<") || tok_is(c, i, "<=") ||
							   tok_is(c, i, ">") || tok_is(c, i, ">=")))
				sign_compare(&s, func, i);
			continue;
		}
		if (t->kind != LANG_TOK_IDENT && t->kind != LANG_TOK_KEYWORD)
			continue;
		const char *w = c->src + t->offset;
		bool call = tok_is(c, i + 1, "(") && c->match[i + 1] > (int32_t)i &&
			    !(i > 0 && (tok_is(c, i - 1, ".") || tok_is(c, i - 1, "->")));
		if (call && crypto && func >= 0 && (w[0] == 'D' || w[0] == 'E' || w[0] == 'M' || w[0] == 'R') &&
		    weak_crypto_name(w, t->length)) {
			g_autofree char *n = check_tok_dup(c, i);
			check_report(c, RULE_C_WEAK_CRYPTO, i, i, "%s() uses a broken algorithm", n);
		}
		int trig = wordset_lookup(trigger_words, w, t->length);
		/* outside function bodies these are declarations and prototypes, not calls */
		if (trig == 0 || func < 0)
			continue;
		const Trigger *tr = &triggers[trig - 1];
		bool qualified_ok = i == 0 || !tok_is(c, i - 1, "::") || (i >= 2 && tok_is(c, i - 2, "std"));
		if (tr->statement || (call && qualified_ok))
			tr->fn(&s, func, i, tr->arg);
	}
	if (check_on(c, RULE_C_LARGE_STRUCT))
		large_structs(&s);
	g_hash_table_destroy(s.decls);
	if (s.defines)
		g_hash_table_destroy(s.defines);
	g_hash_table_destroy(s.structs);
	g_hash_table_destroy(s.new_arrays);
}
