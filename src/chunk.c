/* SPDX-License-Identifier: MIT */
/* Context budget: token estimates, per-request input caps, and texts cut into parts. */
#include "autoconfig.h"

#include <string.h>

#include "chunk.h"
#include "retry.h"
#include "router.h"

/*
 * Cutting works on lines.  Every place between two lines gets a quality (lower is better):
 * between top-level functions, at a blank line outside functions, at a blank line inside
 * one, anywhere.  A part grows as far as the budget allows; the cut is the best place in the
 * second half of that stretch (so parts stay large), or failing a decent one there, the
 * best place anywhere in it.  Token counts are per-line estimates summed, so the parts never
 * depend on how the text happens to be split into requests.
 */

#define TOKENS_PER_MESSAGE 4
#define TOKENS_PER_REQUEST 3
/* When nothing says what a model allows: the free tiers' usual cap. */
#define DEFAULT_INPUT_TOKENS 8000

enum { CUT_FUNCTION = 1, CUT_BLANK_OUTSIDE, CUT_OUTSIDE, CUT_BLANK_INSIDE, CUT_ANYWHERE };

int64_t
chunk_tokens(const char *text, size_t len)
{
	(void)text;
	return (int64_t)((len + 2) / 3);
}

int64_t
chunk_request_tokens(const char *system, const char *user)
{
	int64_t n = TOKENS_PER_REQUEST;
	if (system != NULL)
		n += TOKENS_PER_MESSAGE + chunk_tokens(system, strlen(system));
	if (user != NULL)
		n += TOKENS_PER_MESSAGE + chunk_tokens(user, strlen(user));
	return n;
}

/* ---- budget ------------------------------------------------------------------------------- */

void
chunk_budget(const AurConfig *cfg, const Catalog *cat, const char *task, const char *override,
	     ChunkBudget *out)
{
	memset(out, 0, sizeof *out);
	g_autoptr(GPtrArray) chain = router_chain(cfg, task, override);
	for (guint i = 0; i < chain->len; i++) {
		char *source = NULL;
		const CatalogModel *m = cat ? catalog_find(cat, chain->pdata[i]) : NULL;
		int64_t cap = retry_input_cap(cfg, chain->pdata[i], m, &source);
		if (cap > 0 && (out->tokens == 0 || cap < out->tokens)) {
			chunk_budget_clear(out);
			out->tokens = cap;
			out->model = g_strdup(chain->pdata[i]);
			out->source = source;
		} else {
			g_free(source);
		}
	}
	if (out->tokens == 0) {
		out->tokens = DEFAULT_INPUT_TOKENS;
		out->model = g_strdup(chain->pdata[0]);
		out->source = g_strdup("the usual free-tier cap (the model's limits are unknown)");
	}
}

void
chunk_budget_clear(ChunkBudget *b)
{
	g_clear_pointer(&b->model, g_free);
	g_clear_pointer(&b->source, g_free);
}

/* ---- lines and cut qualities ------------------------------------------------------------ */

typedef struct {
	const char *text;
	size_t len;
	GArray *starts;   /* size_t: byte offset of each line, plus len at the end */
	GArray *sum;      /* int64_t: tokens of lines before index i (n + 1 entries) */
	guint8 *quality;  /* quality[i]: cutting before line i (0-based); 0 for i = 0 */
	char **inside;    /* inside[i]: the top-level function line i is in, or NULL (borrowed) */
	GPtrArray *names; /* owns the names inside[] points to */
	uint32_t n;
} Lines;

static void
lines_init(Lines *l, const char *text, size_t len, unsigned line_extra)
{
	memset(l, 0, sizeof *l);
	l->text = text;
	l->len = len;
	l->starts = g_array_new(FALSE, FALSE, sizeof(size_t));
	l->sum = g_array_new(FALSE, FALSE, sizeof(int64_t));
	l->names = g_ptr_array_new_with_free_func(g_free);
	int64_t total = 0;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t next = nl ? (size_t)(nl - text) + 1 : len;
		g_array_append_val(l->starts, i);
		g_array_append_val(l->sum, total);
		total += chunk_tokens(text + i, next - i + line_extra);
		i = next;
	}
	l->n = l->starts->len;
	g_array_append_val(l->starts, len);
	g_array_append_val(l->sum, total);
	l->quality = g_new0(guint8, l->n + 1);
	l->inside = g_new0(char *, l->n + 1);
}

static void
lines_clear(Lines *l)
{
	g_array_free(l->starts, TRUE);
	g_array_free(l->sum, TRUE);
	g_ptr_array_unref(l->names);
	g_free(l->quality);
	g_free(l->inside);
}

static size_t
line_start(const Lines *l, uint32_t i)
{
	return g_array_index(l->starts, size_t, i);
}

static int64_t
tokens_between(const Lines *l, uint32_t a, uint32_t b)
{
	return g_array_index(l->sum, int64_t, b) - g_array_index(l->sum, int64_t, a);
}

static bool
line_blank(const Lines *l, uint32_t i)
{
	for (size_t p = line_start(l, i); p < line_start(l, i + 1); p++)
		if (!g_ascii_isspace(l->text[p]))
			return false;
	return true;
}

/* The line (0-based) to cut before so that the lines directly above a function (its
 * comment, decorators, template header) go with it, but nothing of the function before. */
static uint32_t
lead_in(const Lines *l, uint32_t start, uint32_t prev_end)
{
	uint32_t cut = start;
	while (cut > prev_end && cut > 0 && !line_blank(l, cut - 1))
		cut--;
	return cut;
}

/* Mark the lines inside top-level functions and the places between them. */
static void
mark_functions(Lines *l, LangId lang)
{
	g_autoptr(GArray) toks = g_array_new(FALSE, FALSE, sizeof(LangToken));
	g_autoptr(GArray) funcs = g_array_new(FALSE, FALSE, sizeof(LangFunction));
	lang_lex(lang, l->text, l->len, toks);
	lang_functions(lang, l->text, (const LangToken *)(void *)toks->data, toks->len, funcs);
	uint32_t prev_end = 0; /* lines (0-based, exclusive end) of earlier functions */
	for (guint k = 0; k < funcs->len; k++) {
		const LangFunction *f = &g_array_index(funcs, LangFunction, k);
		if (f->parent >= 0 || f->start_line == 0 || f->start_line > l->n ||
		    f->start_line <= prev_end)
			continue;
		const LangToken *name_tok = f->name_tok < toks->len
			? &g_array_index(toks, LangToken, f->name_tok) : NULL;
		char *name = name_tok ? g_strndup(l->text + name_tok->offset, name_tok->length)
				      : g_strdup("(anonymous)");
		g_ptr_array_add(l->names, name);
		uint32_t end = MIN(MAX(f->end_line, f->start_line), l->n);
		for (uint32_t i = f->start_line - 1; i < end; i++)
			l->inside[i] = name;
		uint32_t cut = lead_in(l, f->start_line - 1, prev_end);
		if (cut > 0)
			l->quality[cut] = CUT_FUNCTION;
		prev_end = end;
	}
	if (prev_end > 0 && prev_end < l->n)
		l->quality[prev_end] = CUT_FUNCTION;
}

static void
mark_code(Lines *l, LangId lang)
{
	if (lang != LANG_NONE)
		mark_functions(l, lang);
	for (uint32_t i = 1; i < l->n; i++) {
		if (l->quality[i] != 0)
			continue;
		bool blank = line_blank(l, i - 1);
		if (l->inside[i] != NULL && l->inside[i] == l->inside[i - 1])
			l->quality[i] = blank ? CUT_BLANK_INSIDE : CUT_ANYWHERE;
		else
			l->quality[i] = blank ? CUT_BLANK_OUTSIDE : CUT_OUTSIDE;
	}
}

static void
mark_diff(Lines *l)
{
	for (uint32_t i = 1; i < l->n; i++) {
		const char *p = l->text + line_start(l, i);
		size_t n = line_start(l, i + 1) - line_start(l, i);
		if (n >= 11 && memcmp(p, "diff --git ", 11) == 0)
			l->quality[i] = CUT_FUNCTION;
		else if (n >= 3 && memcmp(p, "@@ ", 3) == 0)
			l->quality[i] = CUT_BLANK_OUTSIDE;
		else
			l->quality[i] = CUT_ANYWHERE;
	}
}

/* ---- packing ------------------------------------------------------------------------------ */

/* The best place to cut in (from, to], farthest among equals; 0 when there is none. */
static uint32_t
best_cut(const Lines *l, uint32_t from, uint32_t to)
{
	uint32_t best = 0;
	for (uint32_t i = from + 1; i <= to && i < l->n; i++)
		if (best == 0 || l->quality[i] <= l->quality[best])
			best = i;
	return best;
}

static uint32_t
choose_cut(const Lines *l, uint32_t s, uint32_t e)
{
	uint32_t mid = s + (e - s) / 2;
	uint32_t late = best_cut(l, mid, e);
	uint32_t any = best_cut(l, s, e);
	if (late != 0 && (l->quality[late] <= CUT_OUTSIDE || l->quality[late] <= l->quality[any]))
		return late;
	return any != 0 ? any : e;
}

/* Lines of overlap before line s that fit in an eighth of the budget. */
static uint32_t
overlap_start(const Lines *l, uint32_t s, unsigned overlap, int64_t max)
{
	uint32_t c = s > overlap ? s - overlap : 0;
	while (c < s && tokens_between(l, c, s) > max / 8)
		c++;
	return c;
}

static void
add_part(GArray *parts, const Lines *l, uint32_t c, uint32_t s, uint32_t e, uint32_t base)
{
	ChunkPart p = {
		.first_line = s + base, .last_line = e - 1 + base, .ctx_first = c + base,
		.offset = line_start(l, s), .len = line_start(l, e) - line_start(l, s),
		.ctx_offset = line_start(l, c),
	};
	if (s > 0 && l->inside[s] != NULL && l->inside[s] == l->inside[s - 1])
		p.cut_function = g_strdup(l->inside[s]);
	g_array_append_val(parts, p);
}

static GArray *
pack(const Lines *l, uint32_t base, int64_t max, unsigned overlap, AurError **err)
{
	GArray *parts = g_array_new(FALSE, TRUE, sizeof(ChunkPart));
	uint32_t s = 0;
	while (s < l->n) {
		uint32_t c = s > 0 ? overlap_start(l, s, overlap, max) : s;
		uint32_t e = s;
		for (;;) {
			int64_t room = max - tokens_between(l, c, s);
			while (e < l->n && tokens_between(l, s, e + 1) <= room)
				e++;
			if (e > s || c == s)
				break;
			c = s; /* no room for the overlap next to a long line: drop it */
		}
		if (e == s) {
			aur_error_set(err, AUR_ERR_INPUT,
				      "Give a range without it, or a file with shorter lines (minified code cannot be split).",
				      "line %u alone is larger than one request may carry (about %" G_GINT64_FORMAT
				      " tokens; the budget is %" G_GINT64_FORMAT ")",
				      s + base, tokens_between(l, s, s + 1), max);
			chunk_parts_free(parts);
			return NULL;
		}
		if (e < l->n)
			e = choose_cut(l, s, e);
		add_part(parts, l, c, s, e, base);
		s = e;
	}
	return parts;
}

GArray *
chunk_split(const char *text, size_t len, LangId lang, uint32_t first_line, int64_t max_tokens,
	    unsigned overlap, unsigned line_extra, AurError **err)
{
	Lines l;
	lines_init(&l, text, len, line_extra);
	mark_code(&l, lang);
	GArray *parts = pack(&l, first_line > 0 ? first_line : 1, max_tokens, overlap, err);
	lines_clear(&l);
	return parts;
}

GArray *
chunk_split_diff(const char *text, size_t len, int64_t max_tokens, unsigned line_extra,
		 AurError **err)
{
	Lines l;
	lines_init(&l, text, len, line_extra);
	mark_diff(&l);
	GArray *parts = pack(&l, 1, max_tokens, 0, err);
	lines_clear(&l);
	return parts;
}

void
chunk_parts_free(GArray *parts)
{
	if (parts == NULL)
		return;
	for (guint i = 0; i < parts->len; i++)
		g_free(g_array_index(parts, ChunkPart, i).cut_function);
	g_array_free(parts, TRUE);
}

char *
chunk_parts_describe(const GArray *parts)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < parts->len; i++) {
		const ChunkPart *p = &g_array_index(parts, ChunkPart, i);
		const char *sep = i == 0 ? "lines " : i + 1 == parts->len ? " and " : ", ";
		g_string_append_printf(s, "%s%u-%u", sep, p->ctx_first, p->last_line);
	}
	return g_string_free(s, FALSE);
}
