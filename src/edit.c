/* SPDX-License-Identifier: MIT */
/* SEARCH/REPLACE edits from a model's answer: the format, parsing, and applying in memory. */
#include "autoconfig.h"

#include <stdarg.h>
#include <string.h>

#include "edit.h"
#include "edit-fence.h"
#include "fsutil.h"
#include "util.h"

/*
 * Parsing is a line scanner, not a markdown parser: edit blocks may sit inside code fences
 * or outside them, and their content may itself contain fences, so fences only matter for
 * finding the file name written before a block.  A marker is a whole line (trailing
 * whitespace aside): 5 to 9 '<' then SEARCH, 5 to 9 '=', 5 to 9 '>' then REPLACE.  A
 * ======= line outside a block is markdown (a setext heading) and ignored; inside a block
 * every ======= line is remembered, because the edited text may contain one.
 *
 * Applying works on lines.  The file is split into lines that keep their own endings, every
 * block is located in the original text (so overlaps can be detected and the result does
 * not depend on block order), then the output is assembled: untouched lines verbatim, new
 * lines with the file's usual ending, and the last line with or without a newline as the
 * original had it.  Locating tries exact lines, then lines without trailing whitespace,
 * then lines without indentation provided the indentation maps consistently (each SEARCH
 * depth to one file depth, deeper to deeper, so Python-like structure cannot change);
 * the first level with any match decides, and more than one match there is ambiguous.
 */

static const char format_instructions[] =
	"To change a file, answer with edit blocks. Each edit block is the file's path on a\n"
	"line of its own, followed by:\n"
	"\n"
	"<<<<<<< SEARCH\n"
	"lines copied exactly from the current file\n"
	"=======\n"
	"the lines that replace them\n"
	">>>>>>> REPLACE\n"
	"\n"
	"Rules:\n"
	"1. Copy the SEARCH lines character for character from the file as it is now: same\n"
	"   indentation, comments, blank lines and spelling. Never shorten them with \"...\"\n"
	"   or a comment such as \"rest unchanged\".\n"
	"2. Each SEARCH must match exactly one place in the file. When the lines you change\n"
	"   occur more than once, include neighbouring lines until they are unique.\n"
	"3. Every SEARCH refers to the file before any of your edits, and no two blocks may\n"
	"   cover the same lines. Use one short block per separate change, in file order.\n"
	"4. An empty SEARCH adds the REPLACE lines at the end of the file, or creates the file\n"
	"   when it does not exist. An empty REPLACE deletes the SEARCH lines.\n"
	"5. To move code, delete it with one block and insert it with another.\n"
	"6. Write the three marker lines exactly as shown, each alone on its line. Put any\n"
	"   explanation outside the blocks; the blocks may be inside ``` fences.\n";

const char *
edit_format_instructions(void)
{
	return format_instructions;
}

/* A line: content without its ending, and the ending ("\n", "\r\n", or "" at the end). */
typedef UtilLine Line;

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static size_t
rtrim_len(const char *s, size_t len)
{
	while (len > 0 && is_space(s[len - 1]))
		len--;
	return len;
}

static size_t
indent_len(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

static bool
is_blank(const char *s, size_t len)
{
	return rtrim_len(s, len) == 0;
}

/* Whitespace and newlines only: an empty SEARCH. */
static bool
text_is_blank(const char *text)
{
	return text[strspn(text, " \t\r\n\f\v")] == '\0';
}

/* ---- problems ------------------------------------------------------------------------- */

static void
problem_free(EditProblem *p)
{
	if (p == NULL)
		return;
	g_free(p->message);
	g_free(p->hint);
	g_free(p);
}

static GPtrArray *
problems_new(void)
{
	return g_ptr_array_new_with_free_func((GDestroyNotify)problem_free);
}

static EditProblem *
problem_add(GPtrArray *problems, unsigned block, unsigned line, const char *hint,
	    const char *fmt, ...) G_GNUC_PRINTF(5, 6);

static EditProblem *
problem_add(GPtrArray *problems, unsigned block, unsigned line, const char *hint,
	    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	EditProblem *p = g_new0(EditProblem, 1);
	p->block = block;
	p->line = line;
	p->message = block > 0 ? g_strdup_printf("block %u: %s", block, msg) : g_strdup(msg);
	p->hint = g_strdup(hint);
	g_ptr_array_add(problems, p);
	return p;
}

static EditProblem *
problem_copy(const EditProblem *p)
{
	EditProblem *c = g_memdup2(p, sizeof *p);
	c->message = g_strdup(p->message);
	c->hint = g_strdup(p->hint);
	return c;
}

char *
edit_problems_format(const GPtrArray *problems)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; problems != NULL && i < problems->len; i++) {
		const EditProblem *p = problems->pdata[i];
		g_string_append_printf(s, "%s\n", p->message);
		if (p->hint != NULL)
			g_string_append_printf(s, "  hint: %s\n", p->hint);
	}
	return g_string_free(s, FALSE);
}

cJSON *
edit_problems_to_json(const GPtrArray *problems)
{
	cJSON *arr = cJSON_CreateArray();
	for (guint i = 0; problems != NULL && i < problems->len; i++) {
		const EditProblem *p = problems->pdata[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "block", p->block);
		cJSON_AddNumberToObject(o, "line", p->line);
		cJSON_AddStringToObject(o, "message", p->message);
		cJSON_AddStringToObject(o, "hint", p->hint != NULL ? p->hint : "");
		if (p->near_first > 0) {
			cJSON *near = cJSON_AddObjectToObject(o, "near");
			cJSON_AddNumberToObject(near, "first", p->near_first);
			cJSON_AddNumberToObject(near, "last", p->near_last);
		}
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

const char *
edit_match_name(EditMatch how)
{
	static const char *const names[] = {
		[EDIT_MATCH_EXACT] = "exact",
		[EDIT_MATCH_TRAILING_WS] = "trailing-whitespace",
		[EDIT_MATCH_INDENT] = "indentation",
		[EDIT_MATCH_APPEND] = "append",
	};
	return how <= EDIT_MATCH_APPEND ? names[how] : "?";
}

/* ---- text checks ---------------------------------------------------------------------- */

bool
edit_text_check(const char *name, const char *text, size_t len, AurError **err)
{
	const char *nul = memchr(text, '\0', len);
	if (nul != NULL) {
		aur_error_set(err, AUR_ERR_INPUT,
			      "Aurelis edits text files only; nothing was changed.",
			      "%s looks binary: it has a NUL byte at offset %zu", name,
			      (size_t)(nul - text));
		return false;
	}
	const char *end = NULL;
	if (g_utf8_validate_len(text, len, &end))
		return true;
	unsigned line = 1, col = 1;
	for (const char *p = text; p < end; p++, col++)
		if (*p == '\n')
			line++, col = 0;
	aur_error_set(err, AUR_ERR_INPUT,
		      "Aurelis edits UTF-8 text only; convert the file first (for example with "
		      "iconv -f LATIN1 -t UTF-8).  Nothing was changed.",
		      "%s is not valid UTF-8 (byte 0x%02x at line %u, column %u)", name,
		      (unsigned char)*end, line, col);
	return false;
}

char *
edit_read_text(const char *path, size_t max, size_t *len, AurError **err)
{
	size_t n = 0;
	char *text = fs_read_file(path, max > 0 ? max : 64u << 20, &n, err);
	if (text == NULL)
		return NULL;
	if (!edit_text_check(path, text, n, err)) {
		g_free(text);
		return NULL;
	}
	if (len != NULL)
		*len = n;
	return text;
}

bool
edit_text_is_crlf(const char *text, size_t len)
{
	size_t crlf = 0, lf = 0;
	for (const char *p = text; p != NULL && p < text + len;) {
		const char *nl = memchr(p, '\n', len - (size_t)(p - text));
		if (nl == NULL)
			break;
		if (nl > text && nl[-1] == '\r')
			crlf++;
		else
			lf++;
		p = nl + 1;
	}
	return crlf > lf;
}

char *
edit_text_convert_eol(const char *text, size_t len, bool crlf, size_t *out_len)
{
	g_autoptr(GArray) lines = util_split_lines(text, len);
	GString *s = g_string_sized_new(len + len / 16 + 1);
	for (guint i = 0; i < lines->len; i++) {
		const Line *l = &g_array_index(lines, Line, i);
		g_string_append_len(s, l->s, (gssize)l->len);
		if (*l->eol != '\0')
			g_string_append(s, crlf ? "\r\n" : "\n");
	}
	if (out_len != NULL)
		*out_len = s->len;
	return g_string_free(s, FALSE);
}

/* ---- parsing -------------------------------------------------------------------------- */

typedef enum { L_TEXT, L_START, L_DIVIDER, L_END } LineKind;

/* A run of 5 to 9 copies of c at the start of s; its length or 0. */
static size_t
marker_run(const char *s, size_t len, char c)
{
	size_t n = 0;
	while (n < len && s[n] == c)
		n++;
	return n >= 5 && n <= 9 ? n : 0;
}

static bool
word_is(const char *s, size_t len, const char *word)
{
	if (len > 0 && *s == ' ')
		s++, len--;
	return len == strlen(word) && g_ascii_strncasecmp(s, word, len) == 0;
}

static LineKind
classify(const char *s, size_t len)
{
	len = rtrim_len(s, len);
	if (len < 5)
		return L_TEXT;
	size_t n;
	if ((n = marker_run(s, len, '=')) > 0 && n == len)
		return L_DIVIDER;
	if ((n = marker_run(s, len, '<')) > 0 && word_is(s + n, len - n, "SEARCH"))
		return L_START;
	if ((n = marker_run(s, len, '>')) > 0 && word_is(s + n, len - n, "REPLACE"))
		return L_END;
	return L_TEXT;
}

static bool
is_fence_line(const char *s, size_t len, const char **info)
{
	size_t i = 0;
	while (i < len && i < 3 && s[i] == ' ')
		i++;
	if (len - i < 3 || (s[i] != '`' && s[i] != '~') || s[i + 1] != s[i] || s[i + 2] != s[i])
		return false;
	char c = s[i];
	while (i < len && s[i] == c)
		i++;
	*info = s + i;
	return true;
}

/* "**`src/x.c`**:" -> "src/x.c"; NULL unless it looks like a single path. */
static char *
clean_path(const char *s, size_t len)
{
	g_autofree char *t = g_strstrip(g_strndup(s, len));
	char *p = t;
	while (*p == '#' || *p == ' ')
		p++;
	static const char *const labels[] = { "file:", "path:", "filename:" };
	for (int round = 0; round < 2; round++) {
		p += strspn(p, "*_` ");
		for (size_t i = 0; i < G_N_ELEMENTS(labels); i++)
			if (g_ascii_strncasecmp(p, labels[i], strlen(labels[i])) == 0)
				p += strlen(labels[i]);
	}
	size_t n = strlen(p);
	while (n > 0 && strchr("*_`: ", p[n - 1]) != NULL)
		n--;
	p[n] = '\0';
	if (n == 0 || n > 4096 || strpbrk(p, " \t`<>|\"") != NULL || strstr(p, "://") != NULL)
		return NULL;
	const char *dot = strrchr(p, '.');
	bool ext = dot != NULL && dot[1] != '\0' && g_ascii_isalnum(dot[1]);
	if (strchr(p, '/') == NULL && !ext)
		return NULL;
	return g_strdup(p);
}

typedef struct {
	const char *s;
	size_t len;
	LineKind kind;
} ALine;

/* The file named before the block at index `at`: the last non-blank line, or the info
 * string of a fence opened just before, or the line before that fence. */
static char *
path_before(const GArray *lines, guint at)
{
	guint i = at;
	for (int skipped_fence = 0; i > 0;) {
		const ALine *l = &g_array_index(lines, ALine, i - 1);
		i--;
		if (is_blank(l->s, l->len) || l->kind != L_TEXT) {
			if (l->kind != L_TEXT)
				return NULL;
			continue;
		}
		const char *info;
		if (is_fence_line(l->s, l->len, &info) && !skipped_fence) {
			g_autofree char *inf = g_strndup(info, l->len - (size_t)(info - l->s));
			g_autofree char *lang = NULL;
			char *path = NULL;
			edit_fence_parse_info(inf, &lang, &path, NULL);
			if (path != NULL)
				return path;
			skipped_fence = 1;
			continue;
		}
		return clean_path(l->s, l->len);
	}
	return NULL;
}

static void
split_free(EditSplit *s)
{
	g_free(s->search);
	g_free(s->replace);
	g_free(s);
}

static void
block_free(EditBlock *b)
{
	if (b == NULL)
		return;
	g_free(b->path);
	g_ptr_array_unref(b->splits);
	g_free(b);
}

typedef struct {
	EditParsed *out;
	const GArray *lines; /* ALine */
	guint open_at;       /* index of the open block's start marker */
	bool open;
	GArray *dividers;    /* indexes of ======= lines in the open block */
} Parser;

static char *
join_lines(const GArray *lines, guint from, guint to)
{
	GString *s = g_string_new(NULL);
	for (guint i = from; i < to; i++) {
		const ALine *l = &g_array_index(lines, ALine, i);
		g_string_append_len(s, l->s, (gssize)l->len);
		g_string_append_c(s, '\n');
	}
	return g_string_free(s, FALSE);
}

/* Readings of the block, the middle ======= first, then outwards; a handful at most, so a
 * hostile answer full of ======= lines stays cheap. */
static void
add_splits(Parser *p, EditBlock *b, guint end)
{
	enum { MAX_SPLITS = 9 }; /* the middle and four on each side */
	guint n = p->dividers->len, mid = n / 2;
	for (guint dist = 0; dist <= n && b->splits->len < MAX_SPLITS; dist++) {
		for (int side = 0; side < 2; side++) {
			if ((side == 0 && dist > mid) || (side == 1 && (dist == 0 || mid + dist >= n)))
				continue;
			guint d = g_array_index(p->dividers, guint, side == 0 ? mid - dist : mid + dist);
			EditSplit *s = g_new0(EditSplit, 1);
			s->search = join_lines(p->lines, p->open_at + 1, d);
			s->replace = join_lines(p->lines, d + 1, end);
			g_ptr_array_add(b->splits, s);
		}
	}
}

static bool
block_text_ok(Parser *p, unsigned index, guint end)
{
	const ALine *first = &g_array_index(p->lines, ALine, p->open_at);
	const ALine *last = &g_array_index(p->lines, ALine, end);
	const char *s = first->s, *e = last->s;
	if (memchr(s, '\0', (size_t)(e - s)) != NULL) {
		problem_add(p->out->problems, index, p->open_at + 1,
			    "The answer is damaged; ask again.  Nothing was changed.",
			    "the block contains a NUL byte");
		return false;
	}
	if (!g_utf8_validate_len(s, (gsize)(e - s), NULL)) {
		problem_add(p->out->problems, index, p->open_at + 1,
			    "The answer is damaged; ask again.  Nothing was changed.",
			    "the block is not valid UTF-8");
		return false;
	}
	return true;
}

/* The end marker at line index `end` closes the open block. */
static void
close_block(Parser *p, guint end)
{
	unsigned index = p->out->count;
	p->open = false;
	if (p->dividers->len == 0) {
		problem_add(p->out->problems, index, p->open_at + 1,
			    "Each block needs a ======= line between the SEARCH and REPLACE parts; "
			    "ask again.  Nothing was changed.",
			    "no ======= line between <<<<<<< SEARCH (line %u) and >>>>>>> REPLACE "
			    "(line %u)", p->open_at + 1, end + 1);
		return;
	}
	if (!block_text_ok(p, index, end))
		return;
	EditBlock *b = g_new0(EditBlock, 1);
	b->index = index;
	b->line = p->open_at + 1;
	b->path = path_before(p->lines, p->open_at);
	b->splits = g_ptr_array_new_with_free_func((GDestroyNotify)split_free);
	add_splits(p, b, end);
	EditSplit *first = b->splits->pdata[0];
	b->search = first->search;
	b->replace = first->replace;
	g_ptr_array_add(p->out->blocks, b);
}

static void
unclosed(Parser *p, const char *why, unsigned at_line)
{
	const char *hint = "Each block ends with a >>>>>>> REPLACE line; ask again.  Nothing was "
			   "changed.";
	if (p->dividers->len == 0)
		problem_add(p->out->problems, p->out->count, p->open_at + 1, hint,
			    "no ======= line and no >>>>>>> REPLACE line %s%u", why, at_line);
	else
		problem_add(p->out->problems, p->out->count, p->open_at + 1, hint,
			    "no >>>>>>> REPLACE line %s%u", why, at_line);
	p->open = false;
}

static void
parse_line(Parser *p, guint i)
{
	const ALine *l = &g_array_index(p->lines, ALine, i);
	switch (l->kind) {
	case L_START:
		if (p->open)
			unclosed(p, "before the next <<<<<<< SEARCH at line ", i + 1);
		p->out->count++;
		p->open = true;
		p->open_at = i;
		g_array_set_size(p->dividers, 0);
		break;
	case L_DIVIDER:
		if (p->open)
			g_array_append_val(p->dividers, i);
		break;
	case L_END:
		if (p->open)
			close_block(p, i);
		else
			problem_add(p->out->problems, 0, i + 1,
				    "Every >>>>>>> REPLACE needs a <<<<<<< SEARCH and a ======= before "
				    "it; ask again.  Nothing was changed.",
				    "line %u: >>>>>>> REPLACE without a <<<<<<< SEARCH before it", i + 1);
		break;
	case L_TEXT:
		break;
	}
}

static GArray *
answer_lines(const char *answer, size_t len)
{
	g_autoptr(GArray) raw = util_split_lines(answer, len);
	GArray *lines = g_array_sized_new(FALSE, FALSE, sizeof(ALine), raw->len);
	for (guint i = 0; i < raw->len; i++) {
		const Line *r = &g_array_index(raw, Line, i);
		ALine a = { r->s, r->len, classify(r->s, r->len) };
		g_array_append_val(lines, a);
	}
	return lines;
}

EditParsed *
edit_parse(const char *answer, size_t len)
{
	EditParsed *out = g_new0(EditParsed, 1);
	out->blocks = g_ptr_array_new_with_free_func((GDestroyNotify)block_free);
	out->problems = problems_new();
	g_autoptr(GArray) lines = answer_lines(answer != NULL ? answer : "", answer ? len : 0);
	Parser p = { .out = out, .lines = lines, .dividers = g_array_new(FALSE, FALSE, sizeof(guint)) };
	for (guint i = 0; i < lines->len; i++)
		parse_line(&p, i);
	if (p.open)
		unclosed(&p, "before the end of the answer at line ", lines->len);
	g_array_unref(p.dividers);
	return out;
}

void
edit_parsed_free(EditParsed *p)
{
	if (p == NULL)
		return;
	g_ptr_array_unref(p->blocks);
	g_ptr_array_unref(p->problems);
	g_free(p);
}

/* ---- locating ------------------------------------------------------------------------- */

typedef struct {
	GArray *lines;      /* Line */
	bool bom;           /* starts with a UTF-8 byte order mark (kept out of line 1) */
	bool final_nl;      /* the last line ends with a newline (or the file is empty) */
	const char *eol;    /* the usual ending, for new lines */
	const char *name;   /* for messages */
} Doc;

/* How indentation maps from the SEARCH to the file, for EDIT_MATCH_INDENT: each distinct
 * leading whitespace of a SEARCH line and the file's for the same line, shallowest first. */
typedef struct {
	GPtrArray *from; /* char* */
	GPtrArray *to;
} IndentMap;

typedef struct {
	const EditBlock *block;
	const EditSplit *split;
	EditMatch how;
	unsigned first, count;  /* 0-based first line replaced, lines replaced */
	IndentMap map;          /* EDIT_MATCH_INDENT only */
} Loc;

static void
loc_clear(gpointer data)
{
	Loc *l = data;
	if (l->map.from != NULL)
		g_ptr_array_unref(l->map.from);
	if (l->map.to != NULL)
		g_ptr_array_unref(l->map.to);
	l->map.from = l->map.to = NULL;
}

static bool
lines_equal(const Line *a, const Line *b, EditMatch how)
{
	if (how == EDIT_MATCH_EXACT)
		return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
	size_t na = rtrim_len(a->s, a->len), nb = rtrim_len(b->s, b->len);
	return na == nb && memcmp(a->s, b->s, na) == 0;
}

/* The same text once indentation and trailing whitespace are set aside. */
static bool
trimmed_equal(const Line *a, const Line *b)
{
	size_t ia = indent_len(a->s, a->len), ib = indent_len(b->s, b->len);
	size_t na = rtrim_len(a->s, a->len), nb = rtrim_len(b->s, b->len);
	return na - ia == nb - ib && memcmp(a->s + ia, b->s + ib, na - ia) == 0;
}

/* Record that SEARCH indentation s corresponds to file indentation f; false when that
 * contradicts an earlier pair (one SEARCH indentation, two file ones). */
static bool
map_add(IndentMap *m, const char *s, size_t ns, const char *f, size_t nf)
{
	for (guint i = 0; i < m->from->len; i++) {
		const char *ms = m->from->pdata[i], *mf = m->to->pdata[i];
		if (strlen(ms) == ns && memcmp(ms, s, ns) == 0)
			return strlen(mf) == nf && memcmp(mf, f, nf) == 0;
	}
	guint at = 0; /* keep it sorted by SEARCH depth */
	while (at < m->from->len && strlen(m->from->pdata[at]) < ns)
		at++;
	g_ptr_array_insert(m->from, (gint)at, g_strndup(s, ns));
	g_ptr_array_insert(m->to, (gint)at, g_strndup(f, nf));
	return true;
}

/* Deeper in the SEARCH must be deeper in the file, so that the structure is the same. */
static bool
map_monotonic(const IndentMap *m)
{
	for (guint i = 1; i < m->from->len; i++)
		if (strlen(m->to->pdata[i]) <= strlen(m->to->pdata[i - 1]))
			return false;
	return true;
}

/* The same lines apart from a consistent change of indentation; fills map when given. */
static bool
window_matches_indent(const Line *f, const Line *s, guint n, IndentMap *map)
{
	for (guint k = 0; k < n; k++) {
		bool fb = is_blank(f[k].s, f[k].len), sb = is_blank(s[k].s, s[k].len);
		if (fb != sb || (!fb && !trimmed_equal(&f[k], &s[k])))
			return false;
	}
	IndentMap m = { g_ptr_array_new_with_free_func(g_free), g_ptr_array_new_with_free_func(g_free) };
	bool ok = true;
	for (guint k = 0; k < n && ok; k++)
		if (!is_blank(s[k].s, s[k].len))
			ok = map_add(&m, s[k].s, indent_len(s[k].s, s[k].len), f[k].s,
				     indent_len(f[k].s, f[k].len));
	ok = ok && map_monotonic(&m);
	if (ok && map != NULL) {
		*map = m;
		return true;
	}
	g_ptr_array_unref(m.from);
	g_ptr_array_unref(m.to);
	return ok;
}

static bool
window_matches(const Doc *d, guint at, const GArray *sl, EditMatch how)
{
	const Line *f = &g_array_index(d->lines, Line, at);
	const Line *s = &g_array_index(sl, Line, 0);
	if (how == EDIT_MATCH_INDENT)
		return window_matches_indent(f, s, sl->len, NULL);
	for (guint k = 0; k < sl->len; k++)
		if (!lines_equal(&f[k], &s[k], how))
			return false;
	return true;
}

/* Where the SEARCH lines occur at this level: up to `cap` 0-based line numbers into
 * `where`; returns the number of occurrences (counting stops at cap). */
static guint
find_all(const Doc *d, const GArray *sl, EditMatch how, guint *where, guint cap)
{
	guint n = sl->len, found = 0;
	if (n == 0 || n > d->lines->len)
		return 0;
	for (guint i = 0; i + n <= d->lines->len && found < cap; i++)
		if (window_matches(d, i, sl, how))
			where[found++] = i;
	return found;
}

/* Text shown in a message: at most 60 characters, control characters as '?'. */
static char *
show_line(const Line *l)
{
	size_t n = l->len;
	if (!g_utf8_validate_len(l->s, n, NULL))
		return g_strdup("(invalid UTF-8)");
	glong chars = g_utf8_strlen(l->s, (gssize)n);
	char *t = chars > 60 ? g_utf8_substring(l->s, 0, 57) : g_strndup(l->s, n);
	for (char *p = t; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = *p == '\t' ? ' ' : '?';
	if (chars > 60) {
		char *u = g_strconcat(t, "...", NULL);
		g_free(t);
		t = u;
	}
	return t;
}

static guint32
line_hash(const Line *l)
{
	size_t a = indent_len(l->s, l->len), b = rtrim_len(l->s, l->len);
	guint32 h = 2166136261u; /* FNV-1a over the trimmed line */
	for (size_t i = a; i < b; i++)
		h = (h ^ (unsigned char)l->s[i]) * 16777619u;
	return h;
}

/* The window of the file sharing the most lines (trimmed) with the SEARCH, position by
 * position; the first of equals.  Returns the score. */
static guint
best_window(const Doc *d, const GArray *sl, guint *at)
{
	guint nf = d->lines->len, ns = sl->len, best = 0;
	if ((guint64)nf * ns > 50000000u) /* too big to be worth it for a hint */
		return 0;
	g_autofree guint32 *fh = g_new(guint32, nf + 1), *sh = g_new(guint32, ns + 1);
	for (guint i = 0; i < nf; i++)
		fh[i] = line_hash(&g_array_index(d->lines, Line, i));
	for (guint k = 0; k < ns; k++)
		sh[k] = line_hash(&g_array_index(sl, Line, k));
	guint last = nf > ns ? nf - ns : 0;
	for (guint i = 0; i <= last; i++) {
		guint score = 0;
		for (guint k = 0; k < ns && i + k < nf; k++)
			score += fh[i + k] == sh[k] && !is_blank(g_array_index(sl, Line, k).s,
								   g_array_index(sl, Line, k).len) &&
				 trimmed_equal(&g_array_index(d->lines, Line, i + k),
					       &g_array_index(sl, Line, k));
		if (score > best) {
			best = score;
			*at = i;
		}
	}
	return best;
}

static void
describe_window(GString *hint, const Doc *d, const GArray *sl, guint at, guint score,
		EditProblem *pr)
{
	guint nf = d->lines->len, n = MIN(sl->len, nf - at), nonblank = 0;
	for (guint k = 0; k < sl->len; k++)
		nonblank += !is_blank(g_array_index(sl, Line, k).s, g_array_index(sl, Line, k).len);
	pr->near_first = at + 1;
	pr->near_last = at + n;
	g_string_append_printf(hint, "The closest place is lines %u-%u of %s (%u of %u lines "
			       "match)", at + 1, at + n, d->name, score, nonblank);
	for (guint k = 0; k < n; k++) {
		const Line *f = &g_array_index(d->lines, Line, at + k);
		const Line *s = &g_array_index(sl, Line, k);
		if (lines_equal(f, s, EDIT_MATCH_TRAILING_WS))
			continue;
		g_autofree char *fs = show_line(f), *ss = show_line(s);
		g_string_append_printf(hint, "; line %u differs: the file has \"%s\" where the "
				       "SEARCH has \"%s\"", at + k + 1, fs, ss);
		break;
	}
	g_string_append(hint, ".  ");
}

/* No shared line at all: the line most like the first non-blank SEARCH line. */
static void
describe_similar(GString *hint, const Doc *d, const GArray *sl, EditProblem *pr)
{
	const Line *s = NULL;
	for (guint k = 0; k < sl->len && s == NULL; k++)
		if (!is_blank(g_array_index(sl, Line, k).s, g_array_index(sl, Line, k).len))
			s = &g_array_index(sl, Line, k);
	if (s == NULL || d->lines->len > 5000) /* a hint is not worth seconds */
		return;
	g_autofree char *want = g_strstrip(g_strndup(s->s, MIN(s->len, 80)));
	size_t wlen = strlen(want), best = SIZE_MAX;
	guint at = 0;
	for (guint i = 0; i < d->lines->len; i++) {
		const Line *f = &g_array_index(d->lines, Line, i);
		g_autofree char *have = g_strstrip(g_strndup(f->s, MIN(f->len, 80)));
		size_t hlen = strlen(have);
		if ((hlen > wlen ? hlen - wlen : wlen - hlen) >= best)
			continue; /* the distance is at least the difference in length */
		size_t dist = util_edit_distance(have, want);
		if (dist < best)
			best = dist, at = i;
	}
	if (best == SIZE_MAX || best * 2 > wlen)
		return;
	g_autofree char *fs = show_line(&g_array_index(d->lines, Line, at));
	pr->near_first = pr->near_last = at + 1;
	g_string_append_printf(hint, "The most similar line of %s is line %u: \"%s\".  ",
			       d->name, at + 1, fs);
}

static void
report_no_match(GPtrArray *problems, const Doc *d, const EditBlock *b, const GArray *sl)
{
	g_autoptr(GString) hint = g_string_new(NULL);
	EditProblem tmp = { 0 };
	guint at = 0, score = d->lines->len > 0 ? best_window(d, sl, &at) : 0;
	if (d->lines->len == 0)
		g_string_append_printf(hint, "%s is empty.  ", d->name);
	else if (score > 0)
		describe_window(hint, d, sl, at, score, &tmp);
	else
		describe_similar(hint, d, sl, &tmp);
	g_string_append(hint, "Ask again, or make the change by hand; nothing was changed.");
	EditProblem *p = problem_add(problems, b->index, b->line, hint->str,
				     "the SEARCH text does not match %s", d->name);
	p->near_first = tmp.near_first;
	p->near_last = tmp.near_last;
}

static void
report_ambiguous(GPtrArray *problems, const Doc *d, const EditBlock *b, const guint *where,
		 guint count, guint cap)
{
	g_autoptr(GString) at = g_string_new(NULL);
	for (guint i = 0; i < count; i++)
		g_string_append_printf(at, "%s%u", i == 0 ? "" : i + 1 == count ? " and " : ", ",
				       where[i] + 1);
	problem_add(problems, b->index, b->line,
		    "The block needs more surrounding lines to pick one place; ask again.  "
		    "Nothing was changed.",
		    "the SEARCH text matches %s%u places in %s (lines %s)",
		    count >= cap ? "at least " : "", count, d->name, at->str);
}

static GArray *
search_lines(const char *search)
{
	return util_split_lines(search, strlen(search));
}

/* Try one reading of a block at every level; 1 = found, 0 = nowhere, -1 = ambiguous. */
static int
locate_split(const Doc *d, const EditSplit *s, Loc *loc, guint *where, guint cap, guint *count)
{
	g_autoptr(GArray) sl = search_lines(s->search);
	for (EditMatch how = EDIT_MATCH_EXACT; how <= EDIT_MATCH_INDENT; how++) {
		*count = find_all(d, sl, how, where, cap);
		if (*count == 1) {
			loc->split = s;
			loc->how = how;
			loc->first = where[0];
			loc->count = sl->len;
			if (how == EDIT_MATCH_INDENT)
				window_matches_indent(&g_array_index(d->lines, Line, where[0]),
						      &g_array_index(sl, Line, 0), sl->len, &loc->map);
			return 1;
		}
		if (*count > 1)
			return -1;
	}
	return 0;
}

static bool
same_file(const char *named, const char *target)
{
	g_autofree char *a = g_path_get_basename(named);
	g_autofree char *b = g_path_get_basename(target);
	return strcmp(a, b) == 0;
}

static bool
block_applies_here(GPtrArray *problems, const Doc *d, const EditBlock *b, const char *target,
		   bool exists)
{
	if (b->path != NULL && target != NULL && !same_file(b->path, target)) {
		g_autofree char *hint = g_strdup_printf(
			"Only %s can be changed here; ask again for edits to it alone, or run the "
			"command on %s.  Nothing was changed.", target, b->path);
		problem_add(problems, b->index, b->line, hint,
			    "the block is for %s, but the file being edited is %s", b->path, target);
		return false;
	}
	if (!exists && !text_is_blank(b->search)) {
		problem_add(problems, b->index, b->line,
			    "An empty SEARCH creates a new file; check the file name.  Nothing was "
			    "changed.",
			    "%s does not exist, so its SEARCH text cannot match", d->name);
		return false;
	}
	return true;
}

/* Locate one block; false (with a problem) when it cannot be applied. */
static bool
locate_block(GPtrArray *problems, const Doc *d, const EditBlock *b, Loc *loc)
{
	enum { CAP = 6 };
	guint where[CAP], count = 0, amb_where[CAP], amb_count = 0;
	loc->block = b;
	if (text_is_blank(b->search)) {
		loc->split = b->splits->pdata[0];
		loc->how = EDIT_MATCH_APPEND;
		loc->first = d->lines->len;
		return true;
	}
	for (guint i = 0; i < b->splits->len; i++) {
		int r = locate_split(d, b->splits->pdata[i], loc, where, CAP, &count);
		if (r == 1)
			return true;
		if (r < 0 && amb_count == 0) {
			memcpy(amb_where, where, sizeof where);
			amb_count = count;
		}
	}
	if (amb_count > 0) {
		report_ambiguous(problems, d, b, amb_where, amb_count, CAP);
	} else {
		g_autoptr(GArray) sl = search_lines(b->search);
		report_no_match(problems, d, b, sl);
	}
	return false;
}

static gint
loc_cmp(gconstpointer a, gconstpointer b)
{
	const Loc *x = a, *y = b;
	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return x->block->index < y->block->index ? -1 : x->block->index > y->block->index;
}

/* Blocks must change disjoint lines of the original.  Sorted by first line, a block
 * overlaps an earlier one exactly when it starts before the furthest end so far. */
static void
check_overlaps(GPtrArray *problems, const Doc *d, GArray *locs)
{
	g_array_sort(locs, loc_cmp);
	const Loc *reach = NULL; /* the earlier block that ends last */
	for (guint i = 0; i < locs->len; i++) {
		const Loc *b = &g_array_index(locs, Loc, i);
		if (b->how == EDIT_MATCH_APPEND)
			continue;
		if (reach != NULL && b->first < reach->first + reach->count) {
			unsigned last = MIN(reach->first + reach->count, b->first + b->count);
			g_autofree char *lines = last - b->first > 1
				? g_strdup_printf("lines %u-%u", b->first + 1, last)
				: g_strdup_printf("line %u", b->first + 1);
			const Loc *hi = b->block->index > reach->block->index ? b : reach;
			const Loc *lo = hi == b ? reach : b;
			problem_add(problems, hi->block->index, hi->block->line,
				    "Each block must change different lines of the original file; "
				    "ask again for separate edits.  Nothing was changed.",
				    "the block overlaps block %u: both change %s of %s",
				    lo->block->index, lines, d->name);
		}
		if (reach == NULL || b->first + b->count > reach->first + reach->count)
			reach = b;
	}
}

/* ---- assembling ----------------------------------------------------------------------- */

typedef struct {
	GArray *lines;     /* Line */
	GPtrArray *owned;  /* re-indented lines */
} Out;

static void
out_add(Out *o, const char *s, size_t len, const char *eol)
{
	Line l = { s, len, eol };
	g_array_append_val(o->lines, l);
}

/* n bytes of s, all the same character. */
static bool
uniform(const char *s, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (s[i] != s[0])
			return false;
	return n > 0;
}

/* Indentation x (nx bytes) a REPLACE line has beyond the deepest SEARCH indentation it
 * extends, in the file's characters: when the map pairs a run of one character with a run
 * of another (four spaces for a tab), whole units of x are converted, so a tab-indented
 * file never gets a level of spaces; otherwise x as it is. */
static char *
convert_extra(const IndentMap *m, const char *x, size_t nx)
{
	for (guint i = 0; i < m->from->len; i++) {
		const char *f = m->from->pdata[i], *t = m->to->pdata[i];
		size_t nf = strlen(f), nt = strlen(t);
		if (!uniform(f, nf) || !uniform(t, nt) || f[0] == t[0])
			continue;
		size_t per_f = nf >= nt ? nf / nt : 1, per_t = nf >= nt ? 1 : nt / nf;
		if (per_f * nt != nf * per_t || !uniform(x, nx) || x[0] != f[0] || nx % per_f != 0)
			break;
		return g_strnfill(nx / per_f * per_t, t[0]);
	}
	return g_strndup(x, nx);
}

/* The file's indentation for a REPLACE line's: the same as a SEARCH line with that
 * indentation, else that of the deepest SEARCH indentation it extends (the rest converted
 * to the file's characters), else (shallower than the whole SEARCH) the file's shallowest
 * shortened by as much. */
static char *
map_indent(const IndentMap *m, const char *r, size_t nr)
{
	for (guint i = m->from->len; i-- > 0;) {
		const char *ms = m->from->pdata[i];
		size_t ns = strlen(ms);
		if (ns <= nr && memcmp(ms, r, ns) == 0) {
			g_autofree char *extra = convert_extra(m, r + ns, nr - ns);
			return g_strconcat(m->to->pdata[i], extra, NULL);
		}
	}
	const char *f0 = m->to->pdata[0];
	size_t short_by = strlen(m->from->pdata[0]) - nr, nf = strlen(f0);
	return g_strndup(f0, nf > short_by ? nf - short_by : 0);
}

static void
out_add_reindented(Out *o, const Line *r, const Loc *loc, const char *eol)
{
	if (is_blank(r->s, r->len)) {
		out_add(o, r->s, 0, eol);
		return;
	}
	size_t nr = indent_len(r->s, r->len);
	g_autofree char *indent = map_indent(&loc->map, r->s, nr);
	char *t = g_strdup_printf("%s%.*s", indent, (int)(r->len - nr), r->s + nr);
	g_ptr_array_add(o->owned, t);
	out_add(o, t, strlen(t), eol);
}

static void
out_add_replacement(Out *o, const Loc *loc, const Doc *d)
{
	g_autoptr(GArray) rl = search_lines(loc->split->replace);
	for (guint k = 0; k < rl->len; k++) {
		const Line *r = &g_array_index(rl, Line, k);
		if (loc->how == EDIT_MATCH_INDENT)
			out_add_reindented(o, r, loc, d->eol);
		else
			out_add(o, r->s, r->len, d->eol);
	}
}

static char *
assemble(const Doc *d, const GArray *locs, size_t *len)
{
	Out o = { g_array_new(FALSE, FALSE, sizeof(Line)), g_ptr_array_new_with_free_func(g_free) };
	guint li = 0, n = d->lines->len;
	for (guint i = 0; i <= n; i++) {
		while (li < locs->len && g_array_index(locs, Loc, li).first == i) {
			const Loc *loc = &g_array_index(locs, Loc, li++);
			out_add_replacement(&o, loc, d);
			i += loc->count;
		}
		if (i < n) {
			const Line *l = &g_array_index(d->lines, Line, i);
			out_add(&o, l->s, l->len, l->eol);
		} else if (i > n) {
			break;
		}
	}
	GString *s = g_string_new(d->bom ? "\xEF\xBB\xBF" : "");
	for (guint i = 0; i < o.lines->len; i++) {
		const Line *l = &g_array_index(o.lines, Line, i);
		bool last = i + 1 == o.lines->len;
		const char *eol = *l->eol != '\0' ? l->eol : d->eol;
		g_string_append_len(s, l->s, (gssize)l->len);
		if (!last || d->final_nl)
			g_string_append(s, eol);
	}
	g_array_unref(o.lines);
	g_ptr_array_unref(o.owned);
	*len = s->len;
	return g_string_free(s, FALSE);
}

static void
doc_init(Doc *d, const char *name, const char *text, size_t len)
{
	d->name = name;
	d->bom = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0;
	if (d->bom)
		text += 3, len -= 3;
	d->lines = util_split_lines(text, len);
	d->final_nl = len == 0 || text[len - 1] == '\n';
	d->eol = edit_text_is_crlf(text, len) ? "\r\n" : "\n";
}

static void
summarise(EditResult *r, const char *name, guint blocks, AurError **err)
{
	if (blocks == 0 && r->problems->len == 0)
		problem_add(r->problems, 0, 0,
			    "The model answered without edits in the expected format; ask again.  "
			    "Nothing was changed.",
			    "the answer contains no SEARCH/REPLACE edit blocks");
	guint n = r->problems->len;
	aur_error_set(err, AUR_ERR_MODEL,
		      "Each problem is listed with what to do; ask again or make the change by "
		      "hand.",
		      "the edits for %s cannot be applied (%u problem%s); nothing was changed",
		      name, n, n == 1 ? "" : "s");
}

EditResult *
edit_apply(const EditParsed *parsed, const char *target, const char *old_text, size_t old_len,
	   AurError **err)
{
	EditResult *r = g_new0(EditResult, 1);
	r->applied = g_array_new(FALSE, FALSE, sizeof(EditApplied));
	r->problems = problems_new();
	const char *name = target != NULL ? target : "the file";
	for (guint i = 0; i < parsed->problems->len; i++)
		g_ptr_array_add(r->problems, problem_copy(parsed->problems->pdata[i]));
	if (old_text != NULL && !edit_text_check(name, old_text, old_len, err))
		return r;
	Doc d = { 0 };
	doc_init(&d, name, old_text != NULL ? old_text : "", old_text != NULL ? old_len : 0);
	GArray *locs = g_array_new(FALSE, TRUE, sizeof(Loc));
	g_array_set_clear_func(locs, loc_clear);
	for (guint i = 0; i < parsed->blocks->len; i++) {
		const EditBlock *b = parsed->blocks->pdata[i];
		Loc loc = { 0 };
		if (!block_applies_here(r->problems, &d, b, target, old_text != NULL))
			continue;
		if (locate_block(r->problems, &d, b, &loc))
			g_array_append_val(locs, loc);
		else
			loc_clear(&loc);
	}
	for (guint i = 0; i < locs->len; i++) {
		const Loc *l = &g_array_index(locs, Loc, i);
		EditApplied a = { l->block->index, l->how, l->first + 1, l->count };
		g_array_append_val(r->applied, a);
	}
	check_overlaps(r->problems, &d, locs);
	if (r->problems->len > 0 || parsed->blocks->len == 0)
		summarise(r, name, parsed->blocks->len, err);
	else
		r->text = assemble(&d, locs, &r->len);
	g_array_unref(locs);
	g_array_unref(d.lines);
	return r;
}

void
edit_result_free(EditResult *r)
{
	if (r == NULL)
		return;
	g_free(r->text);
	g_array_unref(r->applied);
	g_ptr_array_unref(r->problems);
	g_free(r);
}
