/* SPDX-License-Identifier: MIT */
/* Python rules: code execution, deserialisation, shells, SQL, TLS, temporary files,
 * access checks, exception handling, defaults, weak hashes and quadratic loops. */
#include "autoconfig.h"

#include <string.h>

#include "analysis/check.h"
#include "lang/wordset.h"

/* Last components of callees worth resolving; the full name decides. */
static const char *const py_triggers[] = {
	"eval", "exec", "loads", "load", "Unpickler", "system", "popen", "run", "call", "Popen",
	"check_call", "check_output", "getoutput", "getstatusoutput", "execute", "executemany",
	"executescript", "raw", "read_sql", "read_sql_query", "mktemp", "md5", "sha1", "new",
	"random", "randint", "choice", "choices", "randrange", "getrandbits", "sample",
	"uniform", "extractall", "unsafe_load", "load_all", "_create_unverified_context", NULL,
};

static WordSet *py_words;

static gpointer
init_words(gpointer unused)
{
	py_words = wordset_new(py_triggers);
	return NULL;
}

/* The keyword argument kw=VALUE among the call's arguments: index of VALUE, or 0. */
static uint32_t
kwarg(const CheckCtx *c, uint32_t open, const char *kw)
{
	uint32_t st[16], en[16];
	unsigned n = check_args(c, open, st, en, 16);
	for (unsigned k = 0; k < n && k < 16; k++)
		if (tok_is(c, st[k], kw) && tok_is(c, st[k] + 1, "=") && st[k] + 2 <= en[k])
			return st[k] + 2;
	return 0;
}

static uint32_t
line_start(const CheckCtx *c, uint32_t i)
{
	while (i > 0 && c->t[i - 1].kind != LANG_TOK_NEWLINE)
		i--;
	return i;
}

static uint32_t
line_end(const CheckCtx *c, uint32_t i)
{
	while (i < c->n && c->t[i].kind != LANG_TOK_NEWLINE)
		i++;
	return i;
}

/* Is token i inside the body of a for or while loop (in its own function)?  Sets *head
 * to the loop keyword. */
static bool
in_loop(const CheckCtx *c, uint32_t i, uint32_t *head)
{
	uint32_t ls = line_start(c, i);
	uint32_t col = c->t[ls].column;
	for (uint32_t k = ls; k > 0;) {
		uint32_t p = line_start(c, k - 1);
		if (c->t[p].column < col) {
			col = c->t[p].column;
			uint32_t kw = tok_is(c, p, "async") ? p + 1 : p;
			if (tok_is(c, kw, "for") || tok_is(c, kw, "while")) {
				*head = kw;
				return true;
			}
			if (tok_is(c, kw, "def") || tok_is(c, kw, "class") || col <= 1)
				return false;
		}
		k = p;
	}
	return false;
}

/* Last token of the block whose header line starts at head. */
static uint32_t
block_end(const CheckCtx *c, uint32_t head)
{
	uint32_t col = c->t[line_start(c, head)].column;
	uint32_t k = line_end(c, head) + 1, end = k;
	while (k < c->n && c->t[k].column > col) {
		end = line_end(c, k);
		k = end + 1;
	}
	return end;
}

/* NAME = <literal kind> earlier in the function: 1 for [] or list(), 2 for a string. */
static int
assigned_kind(const CheckCtx *c, uint32_t from, uint32_t before, uint32_t name)
{
	int kind = 0;
	for (uint32_t k = from; k + 2 < before; k++) {
		if (!check_same_text(c, k, k, name, name) || !tok_is(c, k + 1, "=") ||
		    (k > 0 && tok_is(c, k - 1, ".")))
			continue;
		uint32_t v = k + 2;
		if ((tok_is(c, v, "[") && tok_is(c, v + 1, "]")) || (tok_is(c, v, "list") && tok_is(c, v + 1, "(")))
			kind = 1;
		else if (c->t[v].kind == LANG_TOK_STRING && c->t[v + 1].kind == LANG_TOK_NEWLINE)
			kind = 2;
		else
			kind = 0;
	}
	return kind;
}

static uint32_t
func_from(const CheckCtx *c, uint32_t i)
{
	int f = check_func_at(c, i);
	return f >= 0 ? c->cf[f].body : 0;
}

/* SQL text built from strings: in the argument itself, or in the variable it names. */
static bool
sql_built(const CheckCtx *c, uint32_t a, uint32_t b)
{
	if (check_is_built_string(c, a, b))
		return true;
	if (a != b || c->t[a].kind != LANG_TOK_IDENT)
		return false;
	uint32_t from = func_from(c, a);
	for (uint32_t k = a; k > from; k--) {
		uint32_t d = k - 1;
		if (!check_same_text(c, d, d, a, a) || !(tok_is(c, d + 1, "=") || tok_is(c, d + 1, "+=")))
			continue;
		uint32_t e = line_end(c, d);
		if (check_is_built_string(c, d + 2, e - 1))
			return true;
		if (tok_is(c, d + 1, "+="))
			continue;
		return false;
	}
	return false;
}

static bool
context_mentions(const CheckCtx *c, uint32_t i, bool (*pred)(const char *, size_t))
{
	uint32_t a = line_start(c, i), b = line_end(c, i);
	for (uint32_t k = a; k < b; k++)
		if ((c->t[k].kind == LANG_TOK_IDENT) && pred(tok_str(c, k), c->t[k].length))
			return true;
	int f = check_func_at(c, i);
	return f >= 0 && c->cf[f].name != UINT32_MAX &&
	       pred(tok_str(c, c->cf[f].name), c->t[c->cf[f].name].length);
}

static bool
password_word(const char *p, size_t n)
{
	return memmem(p, n, "passw", 5) || memmem(p, n, "PASSW", 5) || memmem(p, n, "Passw", 5) ||
	       (n >= 3 && memmem(p, n, "pwd", 3));
}

/* A call being checked: the callee's canonical name and its arguments. */
typedef struct {
	uint32_t i, open, close;
	const char *callee, *last;
	uint32_t st[4], en[4];
	unsigned n;
} Call;

static bool
arg0_dynamic(const CheckCtx *c, const Call *k)
{
	return k->n >= 1 && !check_is_literal(c, k->st[0], k->en[0]);
}

static void
h_eval(CheckCtx *c, const Call *k)
{
	if (arg0_dynamic(c, k))
		check_report(c, RULE_PY_EVAL, k->i, k->close, "%s() runs code built at run time", k->callee);
}

static void
h_deserialize(CheckCtx *c, const Call *k)
{
	check_report(c, RULE_PY_DESERIALIZE, k->i, k->close, "%s() can run code from the data it loads",
		     k->callee);
}

static void
h_yaml(CheckCtx *c, const Call *k)
{
	uint32_t l = kwarg(c, k->open, "Loader");
	bool safe = l && (check_tok_contains_ci(c, l, "safe") || check_tok_contains_ci(c, l + 2, "safe") ||
			  check_tok_contains_ci(c, l + 2, "BaseLoader"));
	if (!safe && k->n >= 2 && !l && check_tok_contains_ci(c, k->en[1], "safe"))
		safe = true; /* yaml.load(s, yaml.SafeLoader) */
	if (!safe || strcmp(k->callee, "yaml.unsafe_load") == 0)
		check_report(c, RULE_PY_YAML_LOAD, k->i, k->close, NULL);
}

static void
h_subprocess(CheckCtx *c, const Call *k)
{
	uint32_t sh = kwarg(c, k->open, "shell");
	if (sh && tok_is(c, sh, "True") && arg0_dynamic(c, k))
		check_report(c, RULE_PY_SUBPROCESS_SHELL, k->i, k->close,
			     "%s(shell=True) with a command built at run time", k->callee);
}

static void
h_shell_always(CheckCtx *c, const Call *k)
{
	if (arg0_dynamic(c, k))
		check_report(c, RULE_PY_SUBPROCESS_SHELL, k->i, k->close,
			     "%s() runs a shell command built at run time", k->callee);
}

static void
h_os_system(CheckCtx *c, const Call *k)
{
	if (arg0_dynamic(c, k))
		check_report(c, RULE_PY_OS_SYSTEM, k->i, k->close,
			     "%s() runs a shell command built at run time", k->callee);
}

static void
h_sql(CheckCtx *c, const Call *k)
{
	if (strchr(k->callee, '.') != NULL && k->n >= 1 && sql_built(c, k->st[0], k->en[0]))
		check_report(c, RULE_PY_SQL, k->st[0], k->en[0], "SQL built from strings is passed to %s()",
			     k->last);
}

static void
h_mktemp(CheckCtx *c, const Call *k)
{
	check_report(c, RULE_PY_MKTEMP, k->i, k->close, NULL);
}

static void
h_unverified(CheckCtx *c, const Call *k)
{
	check_report(c, RULE_PY_TLS_VERIFY, k->i, k->close, NULL);
}

static void
h_hash(CheckCtx *c, const Call *k)
{
	bool weak = strcmp(k->callee, "hashlib.new") != 0 ||
		    (k->n >= 1 && c->t[k->st[0]].kind == LANG_TOK_STRING &&
		     (check_tok_contains_ci(c, k->st[0], "md5") || check_tok_contains_ci(c, k->st[0], "sha1")));
	if (weak && !kwarg(c, k->open, "usedforsecurity") && context_mentions(c, k->i, password_word))
		check_report(c, RULE_PY_WEAK_HASH, k->i, k->close, "%s() hashes a password", k->callee);
}

static void
h_random(CheckCtx *c, const Call *k)
{
	if (context_mentions(c, k->i, check_name_secretish))
		check_report(c, RULE_PY_RANDOM_SECURITY, k->i, k->close, "%s() makes a security value", k->callee);
}

static void
h_extractall(CheckCtx *c, const Call *k)
{
	if (!kwarg(c, k->open, "filter") && memmem(c->src, c->len, "tarfile", 7) != NULL)
		check_report(c, RULE_PY_TARFILE, k->i, k->close, NULL);
}

static void
h_run(CheckCtx *c, const Call *k)
{
	uint32_t d = strchr(k->callee, '.') ? kwarg(c, k->open, "debug") : 0;
	if (d && tok_is(c, d, "True"))
		check_report(c, RULE_PY_DEBUG_SERVER, d - 2, d, NULL);
}

/* Callees by full name, or (last) by their last component. */
static const struct {
	const char *name;
	bool last;
	void (*fn)(CheckCtx *c, const Call *k);
} calls[] = {
	{ "eval", false, h_eval }, { "exec", false, h_eval },
	{ "pickle.loads", false, h_deserialize }, { "pickle.load", false, h_deserialize },
	{ "pickle.Unpickler", false, h_deserialize }, { "cPickle.loads", false, h_deserialize },
	{ "cPickle.load", false, h_deserialize }, { "_pickle.loads", false, h_deserialize },
	{ "dill.loads", false, h_deserialize }, { "dill.load", false, h_deserialize },
	{ "marshal.loads", false, h_deserialize }, { "marshal.load", false, h_deserialize },
	{ "jsonpickle.decode", false, h_deserialize },
	{ "yaml.load", false, h_yaml }, { "yaml.load_all", false, h_yaml },
	{ "yaml.unsafe_load", false, h_yaml },
	{ "subprocess.run", false, h_subprocess }, { "subprocess.call", false, h_subprocess },
	{ "subprocess.Popen", false, h_subprocess }, { "subprocess.check_call", false, h_subprocess },
	{ "subprocess.check_output", false, h_subprocess },
	{ "subprocess.getoutput", false, h_shell_always },
	{ "subprocess.getstatusoutput", false, h_shell_always },
	{ "os.system", false, h_os_system }, { "os.popen", false, h_os_system },
	{ "commands.getoutput", false, h_os_system },
	{ "tempfile.mktemp", false, h_mktemp },
	{ "ssl._create_unverified_context", false, h_unverified },
	{ "hashlib.md5", false, h_hash }, { "hashlib.sha1", false, h_hash },
	{ "hashlib.new", false, h_hash },
	{ "random.random", false, h_random }, { "random.randint", false, h_random },
	{ "random.choice", false, h_random }, { "random.choices", false, h_random },
	{ "random.randrange", false, h_random }, { "random.getrandbits", false, h_random },
	{ "random.sample", false, h_random }, { "random.uniform", false, h_random },
	{ "execute", true, h_sql }, { "executemany", true, h_sql }, { "executescript", true, h_sql },
	{ "raw", true, h_sql }, { "read_sql", true, h_sql }, { "read_sql_query", true, h_sql },
	{ "extractall", true, h_extractall }, { "run", true, h_run },
};

static void
on_call(CheckCtx *c, uint32_t i, const char *callee)
{
	Call k = { .i = i, .open = i + 1, .close = (uint32_t)c->match[i + 1], .callee = callee };
	const char *dot = strrchr(callee, '.');
	k.last = dot ? dot + 1 : callee;
	k.n = check_args(c, k.open, k.st, k.en, 4);
	for (size_t t = 0; t < G_N_ELEMENTS(calls); t++)
		if (strcmp(calls[t].last ? k.last : callee, calls[t].name) == 0)
			calls[t].fn(c, &k);
}

static void
bare_except(CheckCtx *c, uint32_t i)
{
	if (!tok_is(c, i + 1, ":"))
		return;
	uint32_t p = i + 2;
	if (tok_kind(c, p, LANG_TOK_NEWLINE))
		p++;
	if (!tok_is(c, p, "pass") || !tok_kind(c, p + 1, LANG_TOK_NEWLINE))
		return;
	if (p + 2 < c->n && c->t[p + 2].column > c->t[i].column && c->t[p + 2].line > c->t[p].line)
		return; /* more statements follow pass in the handler */
	check_report(c, RULE_PY_BARE_EXCEPT, i, p, NULL);
}

static void
mutable_defaults(CheckCtx *c, const CheckFunc *f)
{
	uint32_t open = f->params;
	if (!tok_is(c, open, "(") || c->match[open] < 0)
		return;
	for (uint32_t k = open + 1; k < (uint32_t)c->match[open]; k++) {
		if (!tok_is(c, k, "=") || !tok_kind(c, k - 1, LANG_TOK_IDENT))
			continue;
		uint32_t v = k + 1;
		if (tok_is(c, v, "[") || tok_is(c, v, "{") ||
		    ((tok_is(c, v, "list") || tok_is(c, v, "dict") || tok_is(c, v, "set")) && tok_is(c, v + 1, "("))) {
			uint32_t e = (tok_is(c, v, "[") || tok_is(c, v, "{")) ? (uint32_t)c->match[v] : (uint32_t)c->match[v + 1];
			g_autofree char *nm = check_tok_dup(c, k - 1);
			check_report(c, RULE_PY_MUTABLE_DEFAULT, v, e, "default of '%s' is a mutable object shared between calls", nm);
		}
	}
}

static bool
access_word(const char *p, size_t n)
{
	static const char *const words[] = { "admin", "superuser", "authorized", "authenticated",
					     "authorised", "authenticated", "permission", "permissions",
					     "perm", "perms", "logged", "staff", "role", "roles",
					     "owner", "allowed", "privileged", "access", "auth", NULL };
	char low[64];
	size_t m = n < 63 ? n : 63;
	for (size_t i = 0; i < m; i++)
		low[i] = g_ascii_tolower(p[i]);
	low[m] = '\0';
	gchar **parts = g_strsplit_set(low, "_.", -1);
	bool hit = false;
	for (int i = 0; parts[i] && !hit; i++)
		for (int k = 0; words[k] && !hit; k++)
			hit = strcmp(parts[i], words[k]) == 0;
	g_strfreev(parts);
	return hit;
}

static void
assert_access(CheckCtx *c, uint32_t i)
{
	const char *base = strrchr(c->path, '/');
	base = base ? base + 1 : c->path;
	if (g_str_has_prefix(base, "test_") || g_str_has_suffix(base, "_test.py") ||
	    strcmp(base, "conftest.py") == 0)
		return; /* tests assert on purpose */
	uint32_t e = line_end(c, i);
	for (uint32_t k = i + 1; k < e; k++)
		if (c->t[k].kind == LANG_TOK_IDENT && access_word(tok_str(c, k), c->t[k].length)) {
			check_report(c, RULE_PY_ASSERT_ACCESS, i, e - 1, NULL);
			return;
		}
}

/* x in seen / x not in seen inside a loop that appends to seen (a list). */
static void
membership(CheckCtx *c, uint32_t i)
{
	uint32_t name = i + 1, head;
	if (!tok_kind(c, name, LANG_TOK_IDENT) || tok_is(c, name + 1, ".") || tok_is(c, name + 1, "(") ||
	    tok_is(c, name + 1, "["))
		return;
	/* "for x in items": iteration, not a membership test */
	uint32_t ls = line_start(c, i);
	for (uint32_t k = ls; k < i; k++)
		if (tok_is(c, k, "for"))
			return;
	if (!in_loop(c, i, &head))
		return;
	uint32_t end = block_end(c, head);
	bool appends = false;
	for (uint32_t k = head; k + 2 < end && !appends; k++)
		appends = check_same_text(c, k, k, name, name) && tok_is(c, k + 1, ".") &&
			  (tok_is(c, k + 2, "append") || tok_is(c, k + 2, "extend") || tok_is(c, k + 2, "insert"));
	if (appends && assigned_kind(c, func_from(c, i), head, name) == 1) {
		g_autofree char *nm = check_tok_dup(c, name);
		check_report(c, RULE_PY_LIST_MEMBERSHIP, i, name, "'in %s' scans a list that grows in the loop", nm);
	}
}

static void
string_concat(CheckCtx *c, uint32_t i)
{
	uint32_t name = i - 1, head;
	if (!tok_kind(c, name, LANG_TOK_IDENT) || (name > 0 && tok_is(c, name - 1, ".")) ||
	    tok_kind(c, i + 1, LANG_TOK_NUMBER) || !in_loop(c, i, &head))
		return;
	if (assigned_kind(c, func_from(c, i), head, name) == 2) {
		g_autofree char *nm = check_tok_dup(c, name);
		check_report(c, RULE_PY_STRING_CONCAT, name, i, "string '%s' grows with += in a loop", nm);
	}
}

void
check_python(CheckCtx *c)
{
	static GOnce once = G_ONCE_INIT;
	g_once(&once, init_words, NULL);
	for (uint32_t f = 0; f < c->ncf && check_on(c, RULE_PY_MUTABLE_DEFAULT); f++)
		mutable_defaults(c, &c->cf[f]);
	bool line_start_tok = true;
	for (uint32_t i = 0; i < c->n; i++) {
		const LangToken *t = &c->t[i];
		bool at_start = line_start_tok;
		line_start_tok = t->kind == LANG_TOK_NEWLINE;
		if (t->kind == LANG_TOK_KEYWORD) {
			if (tok_is(c, i, "except"))
				bare_except(c, i);
			else if (tok_is(c, i, "assert") && at_start)
				assert_access(c, i);
			else if (tok_is(c, i, "in") && check_on(c, RULE_PY_LIST_MEMBERSHIP))
				membership(c, i);
			else if (tok_is(c, i, "None") && i > 0 && (tok_is(c, i - 1, "==") || tok_is(c, i - 1, "!=")))
				check_report(c, RULE_PY_NONE_COMPARE, i - 1, i, NULL);
			else if (tok_is(c, i, "False") && i >= 2 && tok_is(c, i - 1, "=") && tok_is(c, i - 2, "verify"))
				check_report(c, RULE_PY_TLS_VERIFY, i - 2, i, "verify=False turns off certificate checks");
			else if (tok_is(c, i, "False") && i >= 3 && tok_is(c, i - 1, "=") &&
				 tok_is(c, i - 2, "check_hostname") && tok_is(c, i - 3, "."))
				check_report(c, RULE_PY_TLS_VERIFY, i - 2, i, "check_hostname = False turns off host name checks");
			continue;
		}
		if (t->kind == LANG_TOK_OPERATOR) {
			if (tok_is(c, i, "==") && tok_is(c, i + 1, "None") && i + 1 < c->n)
				continue; /* reported at None */
			if (tok_is(c, i, "+=") && i > 0 && check_on(c, RULE_PY_STRING_CONCAT))
				string_concat(c, i);
			continue;
		}
		if (t->kind != LANG_TOK_IDENT)
			continue;
		if (tok_is(c, i, "CERT_NONE") && i >= 3 && tok_is(c, i - 1, ".") && tok_is(c, i - 3, "="))
			check_report(c, RULE_PY_TLS_VERIFY, i - 2, i, "ssl.CERT_NONE turns off certificate checks");
		if (!tok_is(c, i + 1, "(") || c->match[i + 1] < 0 ||
		    !wordset_lookup(py_words, tok_str(c, i), t->length))
			continue;
		if (i > 0 && tok_is(c, i - 1, "def"))
			continue;
		g_autofree char *callee = check_callee(c, i);
		on_call(c, i, callee);
	}
}
