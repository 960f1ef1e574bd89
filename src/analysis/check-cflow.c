/* SPDX-License-Identifier: MIT */
/* Flow-sensitive C rules: use after free, double free, leaks on return paths and
 * allocations used without a NULL check, following one function's branches and loops. */
#include "autoconfig.h"

#include <string.h>

#include "analysis/check.h"

/*
 * An abstract interpreter over the token stream of one function body.  There is no syntax
 * tree: exec_stmt() walks one statement and returns the index after it, updating a State
 * that maps each tracked pointer to the set of things it may be on some path reaching
 * here (allocated but unchecked, allocated and known non-NULL, NULL, freed, escaped,
 * unknown).  Branches copy the state and merge (set union) where they meet; conditions
 * such as "if (!p)" narrow it; loops run their body until the state stops changing (at
 * most three times); break, continue, goto and return carry states to where they land.
 * A finding needs one path on which it happens, not all of them.
 */

#define MAX_VARS 32
#define MAX_DEPTH 200

enum {
	S_UNK = 1,    /* unknown (not ours, or reassigned from something else) */
	S_ALLOC = 2,  /* allocated, may be NULL (not checked yet) */
	S_OK = 4,     /* allocated, known non-NULL */
	S_NULL = 8,
	S_FREED = 16,
	S_ESC = 32,   /* handed to someone else: not ours to free any more */
};

enum { K_MEM, K_FILE, K_DIR };

typedef struct {
	uint8_t m[MAX_VARS];
	bool live;
} State;

typedef struct {
	char key[96];
	int kind;
	bool local;          /* a local variable (leaks only matter for those) */
	uint32_t alloc_line, free_line;
	const char *alloc_fn;
	bool told_uaf, told_unchecked, told_leak;
} Var;

typedef struct {
	CheckCtx *c;
	uint32_t lo, hi;     /* body "{" and "}" */
	Var v[MAX_VARS];
	int nv;
	GHashTable *labels;  /* label -> State * */
	State *brk, *cont;   /* accumulators of the innermost loop/switch */
	State *sw_entry;     /* state at the top of the innermost switch */
	int depth;
	bool bail;
} Flow;

static const char *const mem_alloc[] = { "malloc", "calloc", "realloc", "strdup", "strndup",
					 "aligned_alloc", "reallocarray", NULL };
static const char *const mem_alloc_nonnull[] = { "g_malloc", "g_malloc0", "g_new", "g_new0",
						 "g_strdup", "g_strndup", "g_strdup_printf",
						 "xmalloc", "xcalloc", "xstrdup", NULL };
static const char *const file_open[] = { "fopen", "fdopen", "tmpfile", "popen", NULL };
static const char *const dir_open[] = { "opendir", "fdopendir", NULL };
static const char *const releases[] = { "free", "g_free", "fclose", "pclose", "closedir", NULL };
static const char *const noreturn[] = { "exit", "_exit", "_Exit", "abort", "err", "errx",
					"longjmp", "siglongjmp", "__builtin_unreachable", "g_error",
					"quick_exit", "fatal", "die", "panic", NULL };
/* Calls that read or write through a pointer without keeping it. */
static const char *const borrowers[] = {
	"memcpy", "memmove", "memset", "memcmp", "strcpy", "strncpy", "strcat", "strncat",
	"strcmp", "strncmp", "strlen", "strnlen", "strchr", "strrchr", "strstr", "strspn",
	"strcspn", "sprintf", "snprintf", "vsnprintf", "vsprintf", "printf", "fprintf", "puts",
	"fputs", "fgets", "fread", "fwrite", "fscanf", "sscanf", "fflush", "fseek", "ftell",
	"rewind", "feof", "ferror", "fileno", "read", "write", "strtok", "atoi", "atol",
	"strtol", "strtoul", "strtod", "qsort", "bsearch", "readdir", "fgetc", "fputc", "getc",
	"putc", "ungetc", "setvbuf", "getline", "getdelim", "toupper", "tolower", "fstat",
	"vfprintf", "dirfd", "strdup", "strndup", "memchr", NULL,
};
/* Of those, the ones that dereference their pointer arguments. */
static const char *const derefs[] = {
	"memcpy", "memmove", "memset", "memcmp", "strcpy", "strncpy", "strcat", "strncat",
	"strcmp", "strncmp", "strlen", "strnlen", "strchr", "strrchr", "strstr", "sprintf",
	"snprintf", "vsnprintf", "vsprintf", "fprintf", "fputs", "fgets", "fread", "fwrite",
	"fscanf", "sscanf", "fflush", "fseek", "ftell", "rewind", "feof", "ferror", "fileno",
	"readdir", "fgetc", "fputc", "getc", "putc", "strdup", "getline", "vfprintf", NULL,
};

/* The entry of list that token i spells, or NULL. */
static const char *
list_entry(const CheckCtx *c, uint32_t i, const char *const *list)
{
	for (int k = 0; list[k]; k++)
		if (tok_is(c, i, list[k]))
			return list[k];
	return NULL;
}

static bool
in_list(const CheckCtx *c, uint32_t i, const char *const *list)
{
	return list_entry(c, i, list) != NULL;
}

/* ---- variables and paths ---------------------------------------------------------------- */

/* Can token i end an operand or a type (so a "*" after it is binary, or a declarator)? */
static bool
operand_end(const CheckCtx *c, uint32_t i)
{
	return c->t[i].kind == LANG_TOK_IDENT || c->t[i].kind == LANG_TOK_KEYWORD ||
	       c->t[i].kind == LANG_TOK_NUMBER || tok_is(c, i, ")") || tok_is(c, i, "]") ||
	       tok_is(c, i, "*");
}

/* Does the statement starting at s declare variables (T x, T *x, struct t *x...)? */
static bool
decl_start(const CheckCtx *c, uint32_t s)
{
	static const char *const control[] = { "return", "sizeof", "case", "goto", "else", "do",
					       "if", "while", "for", "switch", "default", NULL };
	if (in_list(c, s, control))
		return false;
	if (!tok_kind(c, s, LANG_TOK_KEYWORD) && !tok_kind(c, s, LANG_TOK_IDENT))
		return false;
	return tok_kind(c, s + 1, LANG_TOK_IDENT) || tok_kind(c, s + 1, LANG_TOK_KEYWORD) ||
	       tok_is(c, s + 1, "*");
}

/* The first token of the statement holding token k (walking back over bracketed groups),
 * or UINT32_MAX when k sits inside parentheses or brackets (an argument list). */
static uint32_t
stmt_start(const CheckCtx *c, uint32_t k, uint32_t lo)
{
	while (k > lo) {
		uint32_t p = k - 1;
		if ((tok_is(c, p, ")") || tok_is(c, p, "]")) && c->match[p] >= (int32_t)lo &&
		    (uint32_t)c->match[p] < p) {
			k = (uint32_t)c->match[p];
			continue;
		}
		if (tok_is(c, p, ";") || tok_is(c, p, "{") || tok_is(c, p, "}"))
			break;
		if (tok_is(c, p, "(") || tok_is(c, p, "["))
			return UINT32_MAX;
		k = p;
	}
	return k;
}

/* Is the "*" before identifier i a declarator after a comma in a declaration
 * (char *a = x, *b = y) rather than a dereference? */
static bool
decl_list_star(const CheckCtx *c, uint32_t i, uint32_t lo)
{
	if (i <= lo + 1 || !tok_is(c, i - 1, "*"))
		return false;
	uint32_t t = i - 1;
	while (t > lo && tok_is(c, t - 1, "*"))
		t--;
	if (t <= lo || !tok_is(c, t - 1, ","))
		return false;
	uint32_t s = stmt_start(c, t - 1, lo);
	return s != UINT32_MAX && decl_start(c, s);
}

/* Does the declaration holding token i release its variables by itself when they go out
 * of scope (g_autofree, g_autoptr(T), __attribute__((cleanup(f))), _cleanup_free_)? */
static bool
decl_auto_cleanup(const CheckCtx *c, uint32_t i, uint32_t lo)
{
	uint32_t s = stmt_start(c, i, lo);
	if (s == UINT32_MAX)
		return false;
	for (uint32_t k = s; k < i; k++) {
		if (!tok_kind(c, k, LANG_TOK_IDENT) && !tok_kind(c, k, LANG_TOK_KEYWORD))
			continue;
		const char *p = tok_str(c, k);
		size_t n = c->t[k].length;
		if ((n >= 6 && memcmp(p, "g_auto", 6) == 0) || (n >= 9 && memcmp(p, "_cleanup_", 9) == 0) ||
		    (n == 7 && memcmp(p, "cleanup", 7) == 0) || (n == 11 && memcmp(p, "__cleanup__", 11) == 0))
			return true;
	}
	return false;
}

/* An access path p, p->a, s.b->c starting at identifier i; returns its last token. */
static uint32_t
path_end(const CheckCtx *c, uint32_t i)
{
	uint32_t e = i;
	while ((tok_is(c, e + 1, "->") || tok_is(c, e + 1, ".")) && tok_kind(c, e + 2, LANG_TOK_IDENT))
		e += 2;
	return e;
}

static void
path_key(const CheckCtx *c, uint32_t a, uint32_t b, char *out, size_t size)
{
	size_t n = 0;
	for (uint32_t i = a; i <= b; i++) {
		size_t len = c->t[i].length;
		if (n + len + 1 >= size) {
			out[0] = '\0';
			return;
		}
		memcpy(out + n, tok_str(c, i), len);
		n += len;
	}
	out[n] = '\0';
}

static int
var_find(const Flow *f, const char *key)
{
	for (int i = 0; i < f->nv; i++)
		if (strcmp(f->v[i].key, key) == 0)
			return i;
	return -1;
}

/* Is the name declared as a local pointer in the function (T *name)?  *autoclean tells
 * whether that declaration releases it by itself. */
static bool
declared_local(const Flow *f, uint32_t name, bool *autoclean)
{
	const CheckCtx *c = f->c;
	uint32_t from = f->lo;
	*autoclean = false;
	for (int fi = 0; fi < (int)c->ncf; fi++)
		if (c->cf[fi].body == f->lo)
			from = c->cf[fi].params;
	for (uint32_t i = from; i < f->hi; i++) {
		if (!check_same_text(c, i, i, name, name) || i < 2 || !tok_is(c, i - 1, "*"))
			continue;
		uint32_t t = i - 1;
		while (t > 0 && tok_is(c, t - 1, "*"))
			t--;
		if (decl_list_star(c, i, f->lo) ||
		    (t > 0 && (tok_kind(c, t - 1, LANG_TOK_IDENT) || tok_kind(c, t - 1, LANG_TOK_KEYWORD)) &&
		     !tok_is(c, t - 1, "return") && !tok_is(c, t - 1, "sizeof"))) {
			*autoclean = i > f->lo && decl_auto_cleanup(c, i, f->lo);
			return true;
		}
	}
	return false;
}

static int
var_add(Flow *f, uint32_t a, uint32_t b)
{
	char key[96];
	path_key(f->c, a, b, key, sizeof key);
	if (key[0] == '\0')
		return -1;
	int k = var_find(f, key);
	if (k >= 0 || f->nv >= MAX_VARS)
		return k;
	Var *v = &f->v[f->nv];
	memset(v, 0, sizeof *v);
	memcpy(v->key, key, sizeof key);
	bool autoclean = false;
	v->local = a == b && declared_local(f, a, &autoclean) && !autoclean;
	return f->nv++;
}

/* The first token after the casts that start [i, b]: (char *) p -> p. */
static uint32_t
skip_casts(const CheckCtx *c, uint32_t i, uint32_t b)
{
	while (i < b && tok_is(c, i, "(") && c->match[i] > (int32_t)i && (uint32_t)c->match[i] < b &&
	       (tok_kind(c, i + 1, LANG_TOK_KEYWORD) || tok_kind(c, i + 1, LANG_TOK_IDENT)) &&
	       (tok_is(c, (uint32_t)c->match[i] - 1, "*") || tok_kind(c, (uint32_t)c->match[i] - 1, LANG_TOK_KEYWORD)))
		i = (uint32_t)c->match[i] + 1;
	return i;
}

/* The allocator called by the expression starting at i (casts skipped), or NULL. */
static const char *
allocator_at(const CheckCtx *c, uint32_t i, int *kind, bool *nonnull)
{
	while (tok_is(c, i, "(") && c->match[i] > (int32_t)i && !tok_is(c, (uint32_t)c->match[i] + 1, ";") &&
	       !tok_is(c, (uint32_t)c->match[i] + 1, ")"))
		i = (uint32_t)c->match[i] + 1; /* (char *) malloc(...) */
	if (!tok_kind(c, i, LANG_TOK_IDENT) || !tok_is(c, i + 1, "("))
		return NULL;
	const char *fn;
	*nonnull = false;
	*kind = K_MEM;
	if ((fn = list_entry(c, i, mem_alloc)) != NULL)
		return fn;
	if ((fn = list_entry(c, i, mem_alloc_nonnull)) != NULL) {
		*nonnull = true;
		return fn;
	}
	*kind = K_FILE;
	if ((fn = list_entry(c, i, file_open)) != NULL)
		return fn;
	*kind = K_DIR;
	return list_entry(c, i, dir_open);
}

/* Variables worth tracking: pointers assigned from an allocator, or released. */
static void
collect_vars(Flow *f)
{
	CheckCtx *c = f->c;
	for (uint32_t i = f->lo; i < f->hi && f->nv < MAX_VARS; i++) {
		if (!tok_kind(c, i, LANG_TOK_IDENT) || (i > 0 && (tok_is(c, i - 1, "->") || tok_is(c, i - 1, "."))))
			continue;
		uint32_t e = path_end(c, i);
		int kind;
		bool nn;
		bool deref = i > 0 && tok_is(c, i - 1, "*") && !(i > 1 && operand_end(c, i - 2)) &&
			     !decl_list_star(c, i, f->lo);
		if (!deref && tok_is(c, e + 1, "=") && allocator_at(c, e + 2, &kind, &nn)) {
			int v = var_add(f, i, e);
			if (v >= 0)
				f->v[v].kind = kind;
		} else if (in_list(c, i, releases) && tok_is(c, i + 1, "(")) {
			uint32_t a = i + 2;
			while (tok_is(c, a, "(") && c->match[a] > (int32_t)a && !tok_is(c, a + 1, ")"))
				a = (uint32_t)c->match[a] + 1; /* free((void *)p) */
			if (tok_kind(c, a, LANG_TOK_IDENT)) {
				uint32_t pe = path_end(c, a);
				if (tok_is(c, pe + 1, ")")) {
					int v = var_add(f, a, pe);
					if (v >= 0)
						f->v[v].kind = tok_is(c, i, "fclose") || tok_is(c, i, "pclose") ? K_FILE :
							       tok_is(c, i, "closedir") ? K_DIR : K_MEM;
				}
			}
		}
		i = e;
	}
}

/* ---- states ----------------------------------------------------------------------------- */

static void
state_merge(State *into, const State *from)
{
	if (!from->live)
		return;
	if (!into->live) {
		*into = *from;
		return;
	}
	for (int i = 0; i < MAX_VARS; i++)
		into->m[i] |= from->m[i];
}

static bool
state_equal(const State *a, const State *b)
{
	return a->live == b->live && (!a->live || memcmp(a->m, b->m, sizeof a->m) == 0);
}

static State
state_dead(void)
{
	State s;
	memset(&s, 0, sizeof s);
	return s;
}

static void
report_var(Flow *f, AnalysisRuleId rule, uint32_t a, uint32_t b, int v, const char *what)
{
	Var *x = &f->v[v];
	check_report(f->c, rule, a, b, "'%s' %s", x->key, what);
}

/* Children of a freed or reassigned path (p->buf when p changes) become unknown. */
static void
reset_prefix(Flow *f, State *st, const char *key)
{
	size_t n = strlen(key);
	for (int i = 0; i < f->nv; i++)
		if (strncmp(f->v[i].key, key, n) == 0 && (f->v[i].key[n] == '-' || f->v[i].key[n] == '.'))
			st->m[i] = S_UNK;
}

static void
reset_children(Flow *f, State *st, int v)
{
	reset_prefix(f, st, f->v[v].key);
}

static void
use_deref(Flow *f, State *st, int v, uint32_t at)
{
	Var *x = &f->v[v];
	char what[160];
	if ((st->m[v] & S_FREED) && !x->told_uaf) {
		x->told_uaf = true;
		snprintf(what, sizeof what, "is used after it was released on line %u", x->free_line);
		report_var(f, RULE_C_USE_AFTER_FREE, at, at, v, what);
	} else if ((st->m[v] & S_ALLOC) && !x->told_unchecked) {
		x->told_unchecked = true;
		snprintf(what, sizeof what, "from %s() on line %u is used without a NULL check",
			 x->alloc_fn ? x->alloc_fn : "an allocation", x->alloc_line);
		report_var(f, RULE_C_MALLOC_UNCHECKED, at, at, v, what);
	}
}

static void
escape(State *st, int v)
{
	if (st->m[v] & (S_ALLOC | S_OK))
		st->m[v] = (uint8_t)((st->m[v] & ~(S_ALLOC | S_OK)) | S_ESC);
}

/* The identifier naming the call whose parentheses enclose token i, or UINT32_MAX. */
static uint32_t
enclosing_call(const CheckCtx *c, uint32_t i, uint32_t from)
{
	for (uint32_t k = i; k > from; k--) {
		uint32_t o = k - 1;
		if (tok_is(c, o, "(") && c->match[o] > (int32_t)i) {
			if (o > 0 && tok_kind(c, o - 1, LANG_TOK_IDENT))
				return o - 1;
			if (o > 0 && (tok_is(c, o - 1, "sizeof") || tok_is(c, o - 1, "if") ||
				      tok_is(c, o - 1, "while") || tok_is(c, o - 1, "return")))
				return UINT32_MAX;
		}
	}
	return UINT32_MAX;
}

static void eval(Flow *f, State *st, uint32_t a, uint32_t b);
static uint32_t top_level(const CheckCtx *c, uint32_t a, uint32_t b, const char *op, bool *ternary);
static void cond_eval(Flow *f, const State *st, uint32_t a, uint32_t b, State *t, State *e, int depth);

/* Evaluate a value [a, b]: ok = f != NULL && fputs(s, f) >= 0 reaches its right operand
 * only where f is not NULL, as a condition would. */
static void
eval_value(Flow *f, State *st, uint32_t a, uint32_t b)
{
	bool ternary = false;
	if (top_level(f->c, a, b, "&&", &ternary) == UINT32_MAX &&
	    top_level(f->c, a, b, "||", &ternary) == UINT32_MAX) {
		eval(f, st, a, b);
		return;
	}
	State t, e;
	cond_eval(f, st, a, b, &t, &e, 0);
	*st = t;
	state_merge(st, &e);
}

static void
release(Flow *f, State *st, int v, uint32_t call)
{
	Var *x = &f->v[v];
	if (st->m[v] & S_FREED) {
		char what[96];
		snprintf(what, sizeof what, "is released twice (first on line %u)", x->free_line);
		report_var(f, RULE_C_DOUBLE_FREE, call, call, v, what);
	}
	st->m[v] = S_FREED;
	x->free_line = f->c->t[call].line;
	reset_children(f, st, v);
}

/* Assignment to the path [a, pe] from the expression [r, b]. */
static void
assign(Flow *f, State *st, uint32_t a, uint32_t pe, uint32_t r, uint32_t b)
{
	CheckCtx *c = f->c;
	eval_value(f, st, r, b);
	char key[96];
	path_key(c, a, pe, key, sizeof key);
	int v = var_find(f, key);
	int kind;
	bool nn;
	const char *fn = allocator_at(c, r, &kind, &nn);
	/* q = realloc(p, n): p may be gone; do not hold it against anyone */
	if (fn && tok_is(c, r, "realloc")) {
		uint32_t s[2], e[2];
		if (check_args(c, r + 1, s, e, 2) == 2 && tok_kind(c, s[0], LANG_TOK_IDENT)) {
			char k2[96];
			path_key(c, s[0], e[0], k2, sizeof k2);
			int w = var_find(f, k2);
			if (w >= 0 && w != v)
				st->m[w] = S_ESC;
		}
	}
	/* q = p: the value now lives in q too; whoever holds q may release it, so p is no
	 * longer ours alone to free (tracking aliases is beyond this pass) */
	uint32_t rx = skip_casts(c, r, b);
	if (!fn && tok_kind(c, rx, LANG_TOK_IDENT) && path_end(c, rx) == b) {
		char rkey[96];
		path_key(c, rx, b, rkey, sizeof rkey);
		int w = var_find(f, rkey);
		if (w >= 0 && w != v)
			escape(st, w);
	}
	if (v < 0) {
		/* a new value for an untracked p (a loop's "T *l = &items[i]"): p->buf is
		 * another object now */
		reset_prefix(f, st, key);
		return;
	}
	Var *x = &f->v[v];
	if (fn) {
		st->m[v] = nn ? S_OK : S_ALLOC;
		x->alloc_line = c->t[r].line;
		x->alloc_fn = fn; /* a static string from the allocator lists */
	} else if (r == b && (tok_is(c, r, "NULL") || tok_is(c, r, "0") || tok_is(c, r, "nullptr"))) {
		st->m[v] = S_NULL;
	} else {
		st->m[v] = S_UNK;
	}
	reset_children(f, st, v);
}

/* Evaluate an expression for its effects: assignments, releases and uses. */
static void
eval(Flow *f, State *st, uint32_t a, uint32_t b)
{
	CheckCtx *c = f->c;
	if (!st->live)
		return;
	for (uint32_t i = a; i <= b && i < c->n; i++) {
		if (tok_is(c, i, "sizeof")) {
			if (tok_is(c, i + 1, "(") && c->match[i + 1] > (int32_t)i)
				i = (uint32_t)c->match[i + 1];
			else
				i = path_end(c, i + 1 + tok_is(c, i + 1, "*"));
			continue;
		}
		if (in_list(c, i, releases) && tok_is(c, i + 1, "(") && c->match[i + 1] > (int32_t)i) {
			uint32_t arg = i + 2, close = (uint32_t)c->match[i + 1];
			while (tok_is(c, arg, "(") && c->match[arg] > (int32_t)arg && !tok_is(c, arg + 1, ")"))
				arg = (uint32_t)c->match[arg] + 1;
			if (tok_kind(c, arg, LANG_TOK_IDENT) && path_end(c, arg) + 1 == close) {
				char key[96];
				path_key(c, arg, close - 1, key, sizeof key);
				int v = var_find(f, key);
				if (v >= 0) {
					/* freeing p->buf reads p */
					for (int w = 0; w < f->nv; w++) {
						size_t n = strlen(f->v[w].key);
						if (w != v && strncmp(key, f->v[w].key, n) == 0 && key[n] == '-')
							use_deref(f, st, w, arg);
					}
					release(f, st, v, i);
					i = close;
					continue;
				}
			}
		}
		if (!tok_kind(c, i, LANG_TOK_IDENT) || (i > 0 && (tok_is(c, i - 1, "->") || tok_is(c, i - 1, "."))))
			continue;
		uint32_t pe = path_end(c, i);
		bool declarator = decl_list_star(c, i, a > 0 ? a - 1 : 0);
		bool deref = i > a && tok_is(c, i - 1, "*") && !(i > a + 1 && operand_end(c, i - 2)) &&
			     !declarator;
		/* assignment: PATH = expr (up to the next top-level comma or the end) */
		if (tok_is(c, pe + 1, "=") && !deref) {
			uint32_t r = pe + 2, e = r;
			while (e <= b && !tok_is(c, e, ",") && !tok_is(c, e, ";")) {
				if ((tok_is(c, e, "(") || tok_is(c, e, "[") || tok_is(c, e, "{")) && c->match[e] > (int32_t)e)
					e = (uint32_t)c->match[e];
				e++;
			}
			if (e > b + 1)
				e = b + 1;
			/* uses on the left of the "=": s->buf = x reads s */
			for (uint32_t k = i; k < pe; k += 2) {
				char key[96];
				path_key(c, i, k, key, sizeof key);
				int w = var_find(f, key);
				if (w >= 0)
					use_deref(f, st, w, k);
			}
			if (e > r)
				assign(f, st, i, pe, r, e - 1);
			i = e > 0 ? e - 1 : e;
			continue;
		}
		/* every prefix that is followed by -> is dereferenced */
		for (uint32_t k = i; k <= pe; k += 2) {
			char key[96];
			path_key(c, i, k, key, sizeof key);
			int v = var_find(f, key);
			if (v < 0)
				continue;
			bool last = k == pe;
			if (!last) {
				if (tok_is(c, k + 1, "->"))
					use_deref(f, st, v, k);
				continue;
			}
			if (i > a && tok_is(c, i - 1, "&")) {
				st->m[v] = S_UNK; /* whoever gets &p may change p */
			} else if (tok_is(c, k + 1, "[") || tok_is(c, k + 1, "(") ||
				   (i > a && tok_is(c, i - 1, "*") && !declarator &&
				    (i == a + 1 || !tok_kind(c, i - 2, LANG_TOK_IDENT)))) {
				use_deref(f, st, v, k);
			} else if (i > a && tok_is(c, i - 1, "=")) {
				escape(st, v); /* stored elsewhere */
			} else if (tok_is(c, k + 1, ",") || tok_is(c, k + 1, ")")) {
				uint32_t fn = enclosing_call(c, k, a > 0 ? a - 1 : 0);
				if (fn == UINT32_MAX)
					continue;
				if (st->m[v] & S_FREED) {
					use_deref(f, st, v, k);
				} else if (in_list(c, fn, derefs)) {
					use_deref(f, st, v, k);
				} else if (!in_list(c, fn, borrowers)) {
					escape(st, v);
				}
			}
		}
		i = pe;
	}
}

/* ---- conditions ------------------------------------------------------------------------- */

static bool
is_null_const(const CheckCtx *c, uint32_t i)
{
	return tok_is(c, i, "NULL") || tok_is(c, i, "0") || tok_is(c, i, "nullptr");
}

static void
set_null(State *st, int v, bool null)
{
	uint8_t m = st->m[v];
	if (null)
		m = (uint8_t)((m & (S_UNK | S_ESC | S_NULL)) | ((m & S_ALLOC) ? S_NULL : 0));
	else
		m = (uint8_t)((m & (S_UNK | S_ESC | S_OK | S_FREED)) | ((m & S_ALLOC) ? S_OK : 0));
	st->m[v] = m;
	if (m == 0)
		st->live = false; /* this branch cannot happen */
}

static int
cond_var(Flow *f, uint32_t a, uint32_t b)
{
	const CheckCtx *c = f->c;
	/* (p = malloc(n)) -> p */
	if (tok_is(c, a, "(") && c->match[a] == (int32_t)b)
		return cond_var(f, a + 1, b - 1);
	if (!tok_kind(c, a, LANG_TOK_IDENT))
		return -1;
	uint32_t pe = path_end(c, a);
	if (pe != b && !tok_is(c, pe + 1, "="))
		return -1;
	char key[96];
	path_key(c, a, pe, key, sizeof key);
	return var_find(f, key);
}

/* Narrow st to the paths where the simple condition [a, b] (no && or ||) is truth. */
static void
refine_atom(Flow *f, State *st, uint32_t a, uint32_t b, bool truth)
{
	const CheckCtx *c = f->c;
	if (!st->live || a > b)
		return;
	if (a == b && (tok_is(c, a, "1") || tok_is(c, a, "true"))) {
		if (!truth)
			st->live = false;
		return;
	}
	if (a == b && (tok_is(c, a, "0") || tok_is(c, a, "false"))) {
		if (truth)
			st->live = false;
		return;
	}
	int v = cond_var(f, a, b);
	if (v >= 0) {
		set_null(st, v, !truth);
		return;
	}
	/* p == NULL, p != NULL, NULL == p */
	for (uint32_t i = a + 1; i < b; i++) {
		bool eq = tok_is(c, i, "=="), ne = tok_is(c, i, "!=");
		if (!eq && !ne)
			continue;
		int w = -1;
		if (is_null_const(c, i + 1) && i + 1 == b)
			w = cond_var(f, a, i - 1);
		else if (is_null_const(c, a) && i == a + 1)
			w = cond_var(f, i + 1, b);
		if (w >= 0)
			set_null(st, w, eq == truth);
		return;
	}
}

/* The top-level operator op (|| or &&) in [a, b], or UINT32_MAX. */
static uint32_t
top_level(const CheckCtx *c, uint32_t a, uint32_t b, const char *op, bool *ternary)
{
	for (uint32_t i = a; i <= b; i++) {
		if ((tok_is(c, i, "(") || tok_is(c, i, "[")) && c->match[i] > (int32_t)i) {
			i = (uint32_t)c->match[i];
			continue;
		}
		if (tok_is(c, i, "?"))
			*ternary = true;
		if (tok_is(c, i, op))
			return i;
	}
	return UINT32_MAX;
}

/* Evaluate the condition [a, b] from *st (side effects included, operands of && and ||
 * only on the paths that reach them) into the states where it is true and false. */
static void
cond_eval(Flow *f, const State *st, uint32_t a, uint32_t b, State *t, State *e, int depth)
{
	const CheckCtx *c = f->c;
	*t = *st;
	*e = *st;
	if (!st->live || a > b || b >= c->n)
		return;
	while (tok_is(c, a, "(") && c->match[a] == (int32_t)b && a + 1 < b) {
		uint32_t pe = tok_kind(c, a + 1, LANG_TOK_IDENT) ? path_end(c, a + 1) : a;
		if (tok_is(c, pe + 1, "="))
			break; /* (p = malloc(n)): an assignment, kept whole */
		a++;
		b--;
	}
	bool ternary = false;
	uint32_t op = top_level(c, a, b, "||", &ternary);
	if (op == UINT32_MAX)
		op = top_level(c, a, b, "&&", &ternary);
	if (ternary || depth > 32) {
		eval(f, t, a, b);
		*e = *t;
		return;
	}
	if (op != UINT32_MAX && op > a && op < b) {
		State t1, e1, t2, e2;
		cond_eval(f, st, a, op - 1, &t1, &e1, depth + 1);
		if (tok_is(c, op, "||")) {
			cond_eval(f, &e1, op + 1, b, &t2, &e2, depth + 1);
			*t = t1;
			state_merge(t, &t2);
			*e = e2;
		} else {
			cond_eval(f, &t1, op + 1, b, &t2, &e2, depth + 1);
			*t = t2;
			*e = e1;
			state_merge(e, &e2);
		}
		return;
	}
	if (tok_is(c, a, "!") && a < b) {
		cond_eval(f, st, a + 1, b, e, t, depth + 1);
		return;
	}
	eval(f, t, a, b);
	*e = *t;
	refine_atom(f, t, a, b, true);
	refine_atom(f, e, a, b, false);
}

/* Narrow st to the paths where [a, b] is truth (effects evaluated as well). */
static void
refine(Flow *f, State *st, uint32_t a, uint32_t b, bool truth)
{
	State t, e;
	cond_eval(f, st, a, b, &t, &e, 0);
	*st = truth ? t : e;
}

/* ---- statements ------------------------------------------------------------------------- */

static uint32_t exec_stmt(Flow *f, uint32_t i, State *st);

static void
check_leaks(Flow *f, State *st, uint32_t at)
{
	if (!st->live)
		return;
	for (int v = 0; v < f->nv; v++) {
		Var *x = &f->v[v];
		uint8_t m = st->m[v];
		/* allocated on some path here, and on none of them released, handed over or
		 * replaced: NULL on the others (a branch that did not allocate, or a failed
		 * allocation) does not make the allocating path any less of a leak */
		if (!x->local || x->told_leak || (m & (S_ALLOC | S_OK)) == 0 ||
		    (m & ~(S_ALLOC | S_OK | S_NULL)) != 0 || x->alloc_line == 0)
			continue;
		x->told_leak = true;
		char what[160];
		snprintf(what, sizeof what, "from %s() on line %u is not %s on this path",
			 x->alloc_fn ? x->alloc_fn : "an allocation", x->alloc_line,
			 x->kind == K_MEM ? "freed" : "closed");
		report_var(f, x->kind == K_MEM ? RULE_C_LEAK : RULE_C_RESOURCE_LEAK, at, at, v, what);
	}
}

/* End of an expression statement: the ";" at depth 0 (or the end of the body). */
static uint32_t
expr_end(const Flow *f, uint32_t i)
{
	const CheckCtx *c = f->c;
	while (i < f->hi && !tok_is(c, i, ";")) {
		if ((tok_is(c, i, "(") || tok_is(c, i, "[") || tok_is(c, i, "{")) && c->match[i] > (int32_t)i) {
			if (tok_is(c, i, "{") && i > 0 && tok_is(c, i - 1, ")"))
				return i - 1; /* FOREACH(x) { ... }: the block is a body */
			i = (uint32_t)c->match[i];
		} else if (tok_is(c, i, "}")) {
			return i - 1;
		}
		i++;
	}
	return i;
}

/* Calls that do not come back: the list, and the usual names of exit helpers (usage(),
 * xalloc_die(), fatal_error()...), which are far more often noreturn than not. */
static GHashTable *file_noreturn(const CheckCtx *c);

static bool
noreturn_name(const CheckCtx *c, uint32_t i)
{
	if (in_list(c, i, noreturn) || tok_is(c, i, "usage"))
		return true;
	GHashTable *own = file_noreturn(c);
	if (g_hash_table_size(own) > 0) {
		g_autofree char *name = check_tok_dup(c, i);
		if (g_hash_table_contains(own, name))
			return true;
	}
	const char *p = tok_str(c, i);
	size_t n = c->t[i].length;
	static const char *const tails[] = { "_die", "_exit", "_fatal", "_abort", "_panic", NULL };
	for (int k = 0; tails[k]; k++) {
		size_t t = strlen(tails[k]);
		if (n > t && memcmp(p + n - t, tails[k], t) == 0)
			return true;
	}
	return false;
}

static bool
has_noreturn_call(const CheckCtx *c, uint32_t a, uint32_t b)
{
	for (uint32_t i = a; i <= b && i < c->n; i++)
		if (tok_kind(c, i, LANG_TOK_IDENT) && tok_is(c, i + 1, "(") && noreturn_name(c, i))
			return true;
	return false;
}

static uint32_t
paren_close(const Flow *f, uint32_t open)
{
	const CheckCtx *c = f->c;
	if (!tok_is(c, open, "(") || c->match[open] < (int32_t)open)
		return UINT32_MAX;
	return (uint32_t)c->match[open];
}

/* Index after the statement at i, without running it. */
static uint32_t
stmt_extent(const Flow *f, uint32_t i)
{
	const CheckCtx *c = f->c;
	if (tok_is(c, i, "{") && c->match[i] > (int32_t)i)
		return (uint32_t)c->match[i] + 1;
	return expr_end(f, i) + 1;
}

static uint32_t
loop_body(Flow *f, State *st, uint32_t cond_a, uint32_t cond_b, uint32_t body, uint32_t step_a,
	  uint32_t step_b, bool do_while)
{
	State entry = *st, exit = state_dead(), cur = *st;
	State *obrk = f->brk, *ocont = f->cont;
	State brk = state_dead(), cont = state_dead();
	uint32_t end = body;
	for (int iter = 0; iter < 3; iter++) {
		State b = cur;
		if ((!do_while || iter > 0) && cond_a != UINT32_MAX) {
			State t, ex;
			cond_eval(f, &b, cond_a, cond_b, &t, &ex, 0);
			state_merge(&exit, &ex);
			b = t;
		}
		f->brk = &brk;
		f->cont = &cont;
		end = exec_stmt(f, body, &b);
		state_merge(&b, &cont);
		if (step_b >= step_a)
			eval(f, &b, step_a, step_b);
		State next = entry;
		state_merge(&next, &b);
		if (state_equal(&next, &cur) && iter > 0)
			break;
		cur = next;
	}
	if (do_while) {
		State t, ex;
		cond_eval(f, &cur, cond_a, cond_b, &t, &ex, 0);
		state_merge(&exit, &ex);
	}
	f->brk = obrk;
	f->cont = ocont;
	state_merge(&exit, &brk);
	*st = exit;
	return end;
}

static uint32_t
exec_if(Flow *f, uint32_t i, State *st)
{
	CheckCtx *c = f->c;
	uint32_t close = paren_close(f, i + 1);
	if (close == UINT32_MAX) {
		f->bail = true;
		return f->hi;
	}
	State t, e;
	cond_eval(f, st, i + 2, close - 1, &t, &e, 0);
	uint32_t j = exec_stmt(f, close + 1, &t);
	if (tok_is(c, j, "else"))
		j = exec_stmt(f, j + 1, &e);
	state_merge(&t, &e);
	*st = t;
	return j;
}

static uint32_t
exec_switch(Flow *f, uint32_t i, State *st)
{
	CheckCtx *c = f->c;
	uint32_t close = paren_close(f, i + 1);
	if (close == UINT32_MAX || !tok_is(c, close + 1, "{") || c->match[close + 1] < 0) {
		f->bail = true;
		return f->hi;
	}
	eval(f, st, i + 2, close - 1);
	State entry = *st, brk = state_dead(), cur = state_dead();
	State *obrk = f->brk, *osw = f->sw_entry;
	f->brk = &brk;
	f->sw_entry = &entry;
	uint32_t end = (uint32_t)c->match[close + 1];
	bool has_default = false;
	for (uint32_t j = close + 2; j < end && !f->bail;) {
		if (tok_is(c, j, "case") || tok_is(c, j, "default")) {
			has_default |= tok_is(c, j, "default");
			while (j < end && !tok_is(c, j, ":"))
				j++;
			state_merge(&cur, &entry);
			j++;
			continue;
		}
		j = exec_stmt(f, j, &cur);
	}
	f->brk = obrk;
	f->sw_entry = osw;
	state_merge(&cur, &brk);
	if (!has_default)
		state_merge(&cur, &entry);
	*st = cur;
	return end + 1;
}

/* Is the "(" at o a grouping parenthesis rather than a call's or a cast's? */
static bool
grouping_paren(const CheckCtx *c, uint32_t o)
{
	return tok_is(c, o, "(") && o > 0 && !tok_kind(c, o - 1, LANG_TOK_IDENT) && !tok_is(c, o - 1, ")") &&
	       !tok_is(c, o - 1, "]") && !tok_is(c, o - 1, "sizeof");
}

/* The token before i, stepping back over a cast that ends just before it: (char *) p. */
static uint32_t
before_casts(const CheckCtx *c, uint32_t i, uint32_t lo)
{
	uint32_t b = i - 1;
	while (b > lo && tok_is(c, b, ")") && c->match[b] >= (int32_t)lo && (uint32_t)c->match[b] + 1 < b &&
	       (tok_is(c, b - 1, "*") || tok_kind(c, b - 1, LANG_TOK_KEYWORD)) &&
	       (tok_kind(c, (uint32_t)c->match[b] + 1, LANG_TOK_IDENT) ||
		tok_kind(c, (uint32_t)c->match[b] + 1, LANG_TOK_KEYWORD)))
		b = (uint32_t)c->match[b] - 1;
	return b;
}

/* The pointers "return" (at ret, its expression ending before e) hands to the caller:
 * return p, return (T *)p, return (p), return ok ? p : NULL.  They are the caller's now. */
static void
returned_values(Flow *f, State *st, uint32_t ret, uint32_t e)
{
	CheckCtx *c = f->c;
	for (uint32_t i = ret + 1; i < e; i++) {
		if (!tok_kind(c, i, LANG_TOK_IDENT) || tok_is(c, i - 1, "->") || tok_is(c, i - 1, "."))
			continue;
		uint32_t pe = path_end(c, i), b = before_casts(c, i, ret);
		bool opens = b == ret || tok_is(c, b, "?") || tok_is(c, b, ":") || grouping_paren(c, b);
		bool closes = pe + 1 == e || tok_is(c, pe + 1, ":") ||
			      (tok_is(c, pe + 1, ")") && c->match[pe + 1] >= 0 &&
			       grouping_paren(c, (uint32_t)c->match[pe + 1]));
		if (opens && closes) {
			char key[96];
			path_key(c, i, pe, key, sizeof key);
			int v = var_find(f, key);
			if (v >= 0) {
				if (st->m[v] & S_FREED)
					use_deref(f, st, v, i);
				escape(st, v);
			}
		}
		i = pe;
	}
}

static uint32_t
exec_jump(Flow *f, uint32_t i, State *st)
{
	CheckCtx *c = f->c;
	if (tok_is(c, i, "return")) {
		uint32_t e = expr_end(f, i + 1);
		if (e > i + 1) {
			returned_values(f, st, i, e);
			eval(f, st, i + 1, e - 1);
		}
		check_leaks(f, st, i);
		st->live = false;
		return e + 1;
	}
	if (tok_is(c, i, "goto") && tok_kind(c, i + 1, LANG_TOK_IDENT)) {
		g_autofree char *label = check_tok_dup(c, i + 1);
		State *ls = g_hash_table_lookup(f->labels, label);
		if (ls == NULL) {
			ls = g_new(State, 1);
			*ls = state_dead();
			g_hash_table_insert(f->labels, g_strdup(label), ls);
		}
		state_merge(ls, st);
		st->live = false;
		return expr_end(f, i + 1) + 1;
	}
	State *target = tok_is(c, i, "break") ? f->brk : f->cont;
	if (target)
		state_merge(target, st);
	st->live = false;
	return i + 2;
}

static uint32_t
exec_stmt(Flow *f, uint32_t i, State *st)
{
	CheckCtx *c = f->c;
	if (i >= f->hi || f->bail)
		return f->hi;
	if (++f->depth > MAX_DEPTH) {
		f->bail = true;
		f->depth--;
		return f->hi;
	}
	uint32_t next;
	if (tok_is(c, i, "{") && c->match[i] > (int32_t)i) {
		uint32_t end = (uint32_t)c->match[i];
		uint32_t j = i + 1;
		while (j < end && !f->bail)
			j = exec_stmt(f, j, st);
		next = end + 1;
	} else if (tok_is(c, i, "if") && tok_is(c, i + 1, "(")) {
		next = exec_if(f, i, st);
	} else if (tok_is(c, i, "while") && tok_is(c, i + 1, "(")) {
		uint32_t close = paren_close(f, i + 1);
		next = close == UINT32_MAX ? f->hi : loop_body(f, st, i + 2, close - 1, close + 1, 1, 0, false);
	} else if (tok_is(c, i, "for") && tok_is(c, i + 1, "(")) {
		uint32_t close = paren_close(f, i + 1);
		if (close == UINT32_MAX) {
			f->bail = true;
			next = f->hi;
		} else {
			uint32_t s1 = i + 2, s2;
			while (s1 < close && !tok_is(c, s1, ";"))
				s1++;
			s2 = s1 + 1;
			while (s2 < close && !tok_is(c, s2, ";"))
				s2++;
			eval(f, st, i + 2, s1 - 1);
			uint32_t ca = s1 + 1, cb = s2 > s1 + 1 ? s2 - 1 : s1;
			if (cb < ca) /* for (;;) */
				cb = ca - 1;
			if (s2 >= close) {
				next = loop_body(f, st, 1, 0, close + 1, 1, 0, false);
			} else if (cb < ca) {
				/* for (;;): leaves only through break, return or goto */
				next = loop_body(f, st, UINT32_MAX, 0, close + 1, s2 + 1, close - 1, false);
			} else {
				next = loop_body(f, st, ca, cb, close + 1, s2 + 1, close - 1, false);
			}
		}
	} else if (tok_is(c, i, "do")) {
		uint32_t body_end = stmt_extent(f, i + 1);
		if (!tok_is(c, body_end, "while") || paren_close(f, body_end + 1) == UINT32_MAX) {
			f->bail = true;
			next = f->hi;
		} else {
			uint32_t close = paren_close(f, body_end + 1);
			loop_body(f, st, body_end + 2, close - 1, i + 1, 1, 0, true);
			next = close + 2;
		}
	} else if (tok_is(c, i, "switch") && tok_is(c, i + 1, "(")) {
		next = exec_switch(f, i, st);
	} else if (tok_is(c, i, "return") || tok_is(c, i, "goto") || tok_is(c, i, "break") ||
		   tok_is(c, i, "continue")) {
		next = exec_jump(f, i, st);
	} else if (tok_kind(c, i, LANG_TOK_IDENT) && tok_is(c, i + 1, ":") && !tok_is(c, i + 2, ":")) {
		g_autofree char *label = check_tok_dup(c, i);
		State *ls = g_hash_table_lookup(f->labels, label);
		if (ls)
			state_merge(st, ls);
		next = i + 2;
	} else if (tok_is(c, i, "case") || tok_is(c, i, "default")) {
		while (i < f->hi && !tok_is(c, i, ":"))
			i++;
		if (f->sw_entry)
			state_merge(st, f->sw_entry);
		next = i + 1;
	} else if (tok_is(c, i, ";") || tok_is(c, i, "else")) {
		next = i + 1;
	} else {
		uint32_t e = expr_end(f, i);
		if (e >= i)
			eval(f, st, i, e);
		if (tok_is(c, i, "assert") && tok_is(c, i + 1, "(") && c->match[i + 1] > (int32_t)i)
			refine(f, st, i + 2, (uint32_t)c->match[i + 1] - 1, true);
		if (e >= i && has_noreturn_call(c, i, e))
			st->live = false;
		if (tok_is(c, e + 1, "{") && tok_is(c, e, ")")) {
			/* FOREACH(...) { ... }: a loop we do not understand; run the body twice */
			next = loop_body(f, st, 1, 0, e + 1, 1, 0, false);
		} else {
			next = e + 1;
		}
	}
	f->depth--;
	return next > i ? next : i + 1;
}

static void
label_free(gpointer p)
{
	g_free(p);
}

static void
flow_function(CheckCtx *c, const CheckFunc *cf)
{
	if (!tok_is(c, cf->body, "{") || cf->end <= cf->body || cf->end - cf->body > 60000)
		return;
	for (uint32_t i = cf->body; i <= cf->end; i++)
		if (c->t[i].flags & LANG_TOKF_PP_SKIP)
			return; /* #if/#else branches: not one function's paths */
	Flow f = { .c = c, .lo = cf->body, .hi = cf->end };
	collect_vars(&f);
	if (f.nv == 0)
		return;
	f.labels = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, label_free);
	State st = state_dead();
	st.live = true;
	for (int v = 0; v < f.nv; v++)
		st.m[v] = S_UNK;
	/* two passes: labels reached by forward gotos are known on the second */
	uint32_t j = cf->body + 1;
	while (j < cf->end && !f.bail)
		j = exec_stmt(&f, j, &st);
	if (!f.bail)
		check_leaks(&f, &st, cf->end);
	g_hash_table_destroy(f.labels);
}

/* Functions defined in this file that end the program: a call to exit() or abort() in
 * their body and no return statement (bye(), die(), usage()...).  Computed once per file. */
static GHashTable *
file_noreturn(const CheckCtx *c)
{
	if (c->noreturn != NULL)
		return c->noreturn;
	CheckCtx *mc = (CheckCtx *)c; /* a cache filled on first use */
	mc->noreturn = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (uint32_t k = 0; k < c->ncf; k++) {
		const CheckFunc *cf = &c->cf[k];
		if (cf->name == UINT32_MAX)
			continue;
		bool ret = false, ends = false;
		for (uint32_t i = cf->body; i <= cf->end && !ret; i++) {
			ret = tok_is(c, i, "return");
			ends |= tok_kind(c, i, LANG_TOK_IDENT) && tok_is(c, i + 1, "(") && in_list(c, i, noreturn);
		}
		if (ends && !ret)
			g_hash_table_add(mc->noreturn, check_tok_dup(c, cf->name));
	}
	return mc->noreturn;
}

void
check_c_flow(CheckCtx *c)
{
	if (!check_on(c, RULE_C_USE_AFTER_FREE) && !check_on(c, RULE_C_DOUBLE_FREE) &&
	    !check_on(c, RULE_C_LEAK) && !check_on(c, RULE_C_MALLOC_UNCHECKED) &&
	    !check_on(c, RULE_C_RESOURCE_LEAK))
		return;
	for (uint32_t i = 0; i < c->ncf; i++)
		flow_function(c, &c->cf[i]);
}
