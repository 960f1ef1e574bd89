/* SPDX-License-Identifier: MIT */
/* One file through the engine: lex, find functions, measure, run the checkers for its
 * language, apply suppressions, and turn raw findings into AnalysisFinding. */
#include "autoconfig.h"

#include <string.h>

#include "analysis/check.h"
#include "util.h"

/* ---- profile ---------------------------------------------------------------------------- */

static bool
rule_selected(const AnalysisRule *r, const char *const *pats, bool *used)
{
	for (int i = 0; pats[i] != NULL; i++) {
		if (g_pattern_match_simple(pats[i], r->id)) {
			used[i] = true;
			return true;
		}
	}
	return false;
}

static bool
check_rule_patterns(const char *const *pats, bool *used, AurError **err)
{
	size_t n;
	const AnalysisRule *rules = analysis_rules(&n);
	for (int i = 0; pats[i] != NULL; i++) {
		if (used[i])
			continue;
		const char **ids = g_new0(const char *, n + 1);
		for (size_t k = 0; k < n; k++)
			ids[k] = rules[k].id;
		const char *near = util_did_you_mean(pats[i], ids);
		g_autofree char *hint = near ? g_strdup_printf("Did you mean '%s'? `aurelis analyze --help` lists the rules.", near)
					     : g_strdup("Run `aurelis analyze --list-rules` for the rule ids.");
		g_free(ids);
		aur_error_set(err, AUR_ERR_USAGE, hint, "--rules: no rule matches '%s'", pats[i]);
		return false;
	}
	return true;
}

/* Rule ids set in the configuration (analysis.rules.<id>.*) that do not exist. */
static void
config_rule_warnings(const AurConfig *cfg, GPtrArray *warnings)
{
	g_autoptr(GPtrArray) keys = config_keys_with_prefix(cfg, "analysis.rules.");
	for (guint i = 0; keys != NULL && i < keys->len; i++) {
		const char *k = (const char *)keys->pdata[i] + strlen("analysis.rules.");
		const char *dot = strrchr(k, '.');
		g_autofree char *id = dot ? g_strndup(k, (size_t)(dot - k)) : g_strdup(k);
		if (analysis_rule_find(id) == NULL && warnings != NULL)
			g_ptr_array_add(warnings, g_strdup_printf(
				"%s: there is no analysis rule '%s'", (const char *)keys->pdata[i], id));
	}
}

CheckProfile *
check_profile_new(const AnalysisOptions *opts, GPtrArray *warnings, AurError **err)
{
	CheckProfile *p = g_new0(CheckProfile, 1);
	p->max_file_size = 1 << 20;
	p->metrics = opts->metrics;
	p->keep_text = opts->keep_text;
	p->exclude = g_ptr_array_new_with_free_func((GDestroyNotify)g_pattern_spec_free);
	bool cats[ANALYSIS_CAT__COUNT];
	for (int i = 0; i < ANALYSIS_CAT__COUNT; i++)
		cats[i] = opts->categories == NULL || opts->categories[0] == NULL;
	for (int i = 0; opts->categories && opts->categories[i]; i++) {
		AnalysisCategory cat;
		if (!analysis_category_parse(opts->categories[i], &cat)) {
			aur_error_set(err, AUR_ERR_USAGE,
				      "Categories are security, correctness, performance, complexity and style.",
				      "--category: unknown category '%s'", opts->categories[i]);
			check_profile_free(p);
			return NULL;
		}
		cats[cat] = true;
	}
	int npats = 0;
	while (opts->rules && opts->rules[npats])
		npats++;
	bool *used = g_new0(bool, npats + 1);
	size_t n;
	const AnalysisRule *rules = analysis_rules(&n);
	for (size_t i = 0; i < n; i++) {
		const AnalysisRule *r = &rules[i];
		bool on = true;
		AnalysisSeverity sev = r->severity;
		if (opts->cfg != NULL) {
			g_autofree char *ek = g_strdup_printf("analysis.rules.%s.enabled", r->id);
			g_autofree char *sk = g_strdup_printf("analysis.rules.%s.severity", r->id);
			if (config_lookup(opts->cfg, ek) != NULL)
				on = config_get_bool(opts->cfg, ek);
			if (config_lookup(opts->cfg, sk) != NULL)
				analysis_severity_parse(config_get_string(opts->cfg, sk), &sev);
		}
		if (npats > 0)
			on = rule_selected(r, opts->rules, used);
		on = on && cats[r->category];
		p->enabled[i] = on;
		p->severity[i] = sev;
		for (LangId l = LANG_C; l < LANG__COUNT && on; l++)
			if (r->langs & LANG_BIT(l))
				p->any_enabled[l] = true;
	}
	memcpy(p->categories, cats, sizeof cats);
	bool ok = npats == 0 || check_rule_patterns(opts->rules, used, err);
	g_free(used);
	if (!ok) {
		check_profile_free(p);
		return NULL;
	}
	if (opts->cfg != NULL) {
		if (config_lookup(opts->cfg, "analysis.max_file_size") != NULL)
			p->max_file_size = config_get_int(opts->cfg, "analysis.max_file_size");
		const char *const *ex = config_get_list(opts->cfg, "analysis.exclude");
		for (int i = 0; ex && ex[i]; i++)
			g_ptr_array_add(p->exclude, g_pattern_spec_new(ex[i]));
		config_rule_warnings(opts->cfg, warnings);
	}
	return p;
}

void
check_profile_free(CheckProfile *p)
{
	if (p == NULL)
		return;
	g_ptr_array_unref(p->exclude);
	g_free(p);
}

/* ---- suppressions ----------------------------------------------------------------------- */

typedef struct {
	uint32_t line;     /* the comment's line: covers this line and the next */
	char *ids;         /* ",id,id," or NULL for every rule */
} Suppression;

/* The first "aurelis:" in [p, end): found by its ':', which comments have far fewer of
 * than they have of any letter. */
static const char *
marker(const char *p, const char *end)
{
	for (const char *q = p + 7; q < end; q++) {
		q = memchr(q, ':', (size_t)(end - q));
		if (q == NULL)
			return NULL;
		if (memcmp(q - 7, "aurelis", 7) == 0)
			return q - 7;
	}
	return NULL;
}

static void
collect_suppressions(const CheckCtx *c, GArray *out)
{
	for (size_t i = 0; i < c->nall; i++) {
		const LangToken *t = &c->all[i];
		if (t->kind != LANG_TOK_COMMENT || t->length < 14)
			continue;
		const char *p = c->src + t->offset, *end = p + t->length;
		const char *m;
		while ((m = marker(p, end)) != NULL) {
			p = m + 8;
			while (p < end && *p == ' ')
				p++;
			if ((size_t)(end - p) < 6 || memcmp(p, "ignore", 6) != 0)
				continue;
			p += 6;
			Suppression s = { 0 };
			/* the line of the marker inside a multi-line comment */
			s.line = t->line;
			for (const char *q = c->src + t->offset; q < m; q++)
				s.line += *q == '\n';
			if (p < end && *p == '[') {
				const char *close = memchr(p, ']', (size_t)(end - p));
				if (close == NULL)
					continue;
				g_autofree char *inner = g_strndup(p + 1, (size_t)(close - p - 1));
				g_strdelimit(inner, " \t", ',');
				s.ids = g_strdup_printf(",%s,", inner);
				p = close + 1;
			}
			g_array_append_val(out, s);
		}
	}
}

static void
suppressions_free(GArray *sup)
{
	for (guint i = 0; i < sup->len; i++)
		g_free(g_array_index(sup, Suppression, i).ids);
	g_array_free(sup, TRUE);
}

static bool
suppressed(const GArray *sup, uint32_t line, const char *rule)
{
	for (guint i = 0; i < sup->len; i++) {
		const Suppression *s = &g_array_index(sup, Suppression, i);
		if (line != s->line && line != s->line + 1)
			continue;
		if (s->ids == NULL)
			return true;
		g_autofree char *pat = g_strdup_printf(",%s,", rule);
		if (strstr(s->ids, pat) != NULL)
			return true;
	}
	return false;
}

struct CheckSuppressions {
	GArray *list; /* Suppression */
};

CheckSuppressions *
check_suppressions_new(const char *src, size_t len, LangId lang)
{
	GArray *tokens = g_array_new(FALSE, FALSE, sizeof(LangToken));
	lang_lex(lang, src, len, tokens);
	CheckCtx c = { .src = src, .len = len, .lang = lang,
		       .all = (const LangToken *)(void *)tokens->data, .nall = tokens->len };
	CheckSuppressions *s = g_new(CheckSuppressions, 1);
	s->list = g_array_new(FALSE, FALSE, sizeof(Suppression));
	collect_suppressions(&c, s->list);
	g_array_free(tokens, TRUE);
	return s;
}

bool
check_suppressions_cover(const CheckSuppressions *s, uint32_t line, const char *rule)
{
	return s != NULL && suppressed(s->list, line, rule);
}

void
check_suppressions_free(CheckSuppressions *s)
{
	if (s == NULL)
		return;
	suppressions_free(s->list);
	g_free(s);
}

/* ---- turning raw findings into AnalysisFinding ------------------------------------------ */

static int
cmp_raw(gconstpointer a, gconstpointer b)
{
	const CheckFinding *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return (int)x->rule - (int)y->rule;
}

/* Order for sorting: place and rule, then the message, so the output never depends on the
 * order the checks ran in. */
static int
cmp_sort(gconstpointer a, gconstpointer b)
{
	int d = cmp_raw(a, b);
	if (d != 0)
		return d;
	return g_strcmp0(((const CheckFinding *)a)->msg, ((const CheckFinding *)b)->msg);
}

static uint32_t
char_column(const char *line, size_t len, uint32_t byte_col)
{
	uint32_t chars = 1;
	for (size_t i = 0; i + 1 < byte_col && i < len; i++)
		if (((unsigned char)line[i] & 0xC0) != 0x80)
			chars++;
	return chars;
}

static AnalysisFinding *
make_finding(const CheckProfile *p, AnalysisFile *file, const CheckFinding *r, const char *src,
	     size_t len, const LangLines *ls)
{
	const AnalysisRule *def = &analysis_rules(NULL)[r->rule];
	AnalysisFinding *f = g_new0(AnalysisFinding, 1);
	f->def = def;
	f->rule = def->id;
	f->severity = p->severity[r->rule];
	f->category = def->category;
	f->cwe = def->cwe;
	f->hint = def->hint;
	f->file = file->path;
	f->source = "static";
	f->message = r->msg ? g_utf8_make_valid(r->msg, -1) : g_strdup(def->message);
	f->line = r->line;
	f->end_line = r->end_line;
	/* lines 1 .. newlines + 1 have a start (the last may be empty) */
	if (r->line >= 1 && r->line <= ls->newlines + 1) {
		uint32_t s = ls->start[r->line - 1];
		size_t n = lang_lines_end(ls, len, r->line) - s;
		if (n > 0 && src[s + n - 1] == '\r')
			n--;
		f->column = char_column(src + s, n, r->col);
		f->excerpt = g_utf8_make_valid(src + s, (gssize)(n > 400 ? 400 : n));
		if (r->end_line == r->line)
			f->end_column = char_column(src + s, n, r->end_col);
		else if (r->end_line >= 1 && r->end_line <= ls->newlines + 1) {
			uint32_t e = ls->start[r->end_line - 1];
			f->end_column = char_column(src + e, lang_lines_end(ls, len, r->end_line) - e, r->end_col);
		}
	} else {
		f->column = r->col;
		f->end_column = r->end_col;
	}
	return f;
}

/* ---- the pipeline ----------------------------------------------------------------------- */

/* Builds the code view; returns whether the tokens come in order of offset (they always
 * do unless a lexer has a bug, but the index mapping below relies on it). */
static bool
code_view(CheckCtx *c)
{
	c->t = g_new(LangToken, c->nall + 1);
	c->n = 0;
	bool sorted = true;
	for (size_t i = 0; i < c->nall; i++) {
		const LangToken *t = &c->all[i];
		sorted &= i == 0 || t->offset >= c->all[i - 1].offset;
		if (t->kind == LANG_TOK_COMMENT || t->kind == LANG_TOK_PREPROC || (t->flags & LANG_TOKF_PP))
			continue;
		c->t[c->n++] = *t;
	}
	c->match = g_new(int32_t, c->n + 1);
	uint32_t *stack = g_new(uint32_t, c->n + 1), sp = 0; /* open brackets */
	for (uint32_t i = 0; i < c->n; i++) {
		c->match[i] = -1;
		const LangToken *t = &c->t[i];
		if (t->kind != LANG_TOK_OPERATOR || t->length != 1)
			continue;
		char ch = c->src[t->offset];
		if (ch == '(' || ch == '[' || ch == '{') {
			stack[sp++] = i;
		} else if ((ch == ')' || ch == ']' || ch == '}') && sp > 0) {
			char want = ch == ')' ? '(' : ch == ']' ? '[' : '{';
			for (uint32_t k = sp; k > 0 && sp - k < 8; k--) {
				uint32_t o = stack[k - 1];
				if (c->src[c->t[o].offset] == want) {
					c->match[o] = (int32_t)i;
					c->match[i] = (int32_t)o;
					sp = k - 1;
					break;
				}
			}
		}
	}
	g_free(stack);
	return sorted;
}

/* The first code-view token at or after offset (c->n if none). */
static uint32_t
code_index(const CheckCtx *c, uint32_t offset)
{
	uint32_t lo = 0, hi = c->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (c->t[mid].offset < offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Map the functions' all-token indices to code-view indices.  With the tokens in order of
 * offset that is a binary search per index; otherwise a merge walk over every token. */
static void
code_functions(CheckCtx *c, bool sorted)
{
	c->ncf = c->funcs->len;
	c->cf = g_new0(CheckFunc, c->ncf + 1);
	uint32_t *map = NULL;
	if (!sorted) {
		map = g_new(uint32_t, c->nall + 1);
		uint32_t k = 0;
		for (size_t i = 0; i < c->nall; i++) {
			while (k < c->n && c->t[k].offset < c->all[i].offset)
				k++;
			map[i] = k;
		}
	}
#define MAP(x) (map ? map[x] : code_index(c, c->all[x].offset))
	for (uint32_t i = 0; i < c->ncf; i++) {
		const LangFunction *f = &g_array_index(c->funcs, LangFunction, i);
		CheckFunc *cf = &c->cf[i];
		cf->f = f;
		cf->name = f->name_tok == UINT32_MAX ? UINT32_MAX : MAP(f->name_tok);
		cf->params = MAP(f->params_tok);
		cf->body = MAP(f->body_tok);
		cf->end = MAP(f->end_tok);
	}
#undef MAP
	g_free(map);
}

static void
keep_functions(AnalysisFile *file, const CheckCtx *c)
{
	file->functions = g_array_new(FALSE, FALSE, sizeof(AnalysisFunction));
	for (guint i = 0; i < c->funcs->len; i++) {
		AnalysisFunction af = { 0 };
		af.f = g_array_index(c->funcs, LangFunction, i);
		af.name = af.f.name_tok == UINT32_MAX
			? g_strdup("(anonymous)")
			: g_utf8_make_valid(c->src + c->all[af.f.name_tok].offset, c->all[af.f.name_tok].length);
		g_array_append_val(file->functions, af);
	}
}

CheckScratch *
check_scratch_new(void)
{
	CheckScratch *s = g_new0(CheckScratch, 1);
	s->tokens = g_array_new(FALSE, FALSE, sizeof(LangToken));
	return s;
}

void
check_scratch_free(CheckScratch *s)
{
	if (s == NULL)
		return;
	g_array_free(s->tokens, TRUE);
	lang_lines_clear(&s->lines);
	g_free(s->buf);
	g_free(s);
}

void
check_buffer(const CheckProfile *p, AnalysisFile *file, const char *src, size_t len,
	     CheckScratch *scratch)
{
	CheckScratch *own = scratch ? NULL : check_scratch_new();
	CheckScratch *sc = scratch ? scratch : own;
	CheckCtx c = { .path = file->path, .src = src, .len = len, .lang = file->lang, .profile = p };
	GArray *toks = sc->tokens;
	g_array_set_size(toks, 0);
	lang_lex(c.lang, src, len, toks);
	c.all = (const LangToken *)(void *)toks->data;
	c.nall = toks->len;
	lang_lines_index(&sc->lines, src, len);
	c.lines = &sc->lines;
	c.funcs = g_array_new(FALSE, FALSE, sizeof(LangFunction));
	lang_structure_lines(c.lang, src, len, c.lines, c.all, c.nall, c.funcs, &file->metrics);
	if (p->metrics)
		keep_functions(file, &c);
	c.findings = g_array_new(FALSE, FALSE, sizeof(CheckFinding));
	if (p->any_enabled[c.lang]) {
		bool sorted = code_view(&c);
		code_functions(&c, sorted);
		switch (c.lang) {
		case LANG_C:
		case LANG_CPP:
			check_c(&c);
			check_c_flow(&c);
			break;
		case LANG_PYTHON:
			check_python(&c);
			break;
		case LANG_JS:
		case LANG_TS:
			check_js(&c);
			break;
		case LANG_SHELL:
			check_shell(&c);
			break;
		default:
			break;
		}
		check_secrets(&c);
		check_style(&c);
		check_complexity(&c);
	}
	if (c.findings->len > 0) {
		GArray *sup = g_array_new(FALSE, FALSE, sizeof(Suppression));
		collect_suppressions(&c, sup);
		g_array_sort(c.findings, cmp_sort);
		const CheckFinding *prev = NULL;
		for (guint i = 0; i < c.findings->len; i++) {
			CheckFinding *r = &g_array_index(c.findings, CheckFinding, i);
			const char *id = analysis_rules(NULL)[r->rule].id;
			/* the same rule at the same place twice is one finding, unless the messages
			 * differ: two pointers leaked by one return are two findings */
			bool dup = prev && cmp_sort(prev, r) == 0;
			if (!dup && !suppressed(sup, r->line, id))
				g_ptr_array_add(file->findings, make_finding(p, file, r, src, len, c.lines));
			prev = r;
		}
		for (guint i = 0; i < c.findings->len; i++)
			g_free(g_array_index(c.findings, CheckFinding, i).msg);
		suppressions_free(sup);
	}
	g_array_free(c.findings, TRUE);
	if (c.aliases)
		g_hash_table_destroy(c.aliases);
	if (c.noreturn)
		g_hash_table_destroy(c.noreturn);
	g_free(c.t);
	g_free(c.match);
	g_free(c.cf);
	g_array_free(c.funcs, TRUE);
	check_scratch_free(own);
}
