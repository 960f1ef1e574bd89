/* SPDX-License-Identifier: MIT */
/* Fenced code blocks in a model's markdown answer: extraction, info strings, picking one. */
#include "autoconfig.h"

#include <string.h>

#include <cmark-gfm.h>

#include "edit-fence.h"
#include "util.h"

/*
 * cmark-gfm does the parsing: it implements the CommonMark fence rules that matter here
 * (any fence length of ` or ~, a longer fence holding a shorter one, up to three spaces of
 * indentation stripped from the content, fences inside lists and block quotes, CRLF and
 * lone CR line endings).  What it does not report is whether a fence was closed; an open
 * fence runs to the end of the document, so a block is cut off exactly when it has no
 * closing line, i.e. when its content lines fill every line after the opening fence.
 */

static const struct {
	const char *name;    /* canonical */
	const char *aliases; /* space-separated, lower case */
	const char *exts;    /* space-separated, with the dot */
} languages[] = {
	{ "python", "py python3 py3 pyw gyp", ".py .pyw .pyi" },
	{ "javascript", "js node nodejs jsx mjs cjs", ".js .mjs .cjs .jsx" },
	{ "typescript", "ts tsx mts cts", ".ts .tsx .mts .cts" },
	{ "c", "h", ".c .h" },
	{ "cpp", "c++ cc cxx hpp hxx hh", ".cpp .cc .cxx .c++ .hpp .hh .hxx" },
	{ "shell", "sh bash zsh ksh dash posix shellscript bats", ".sh .bash .zsh .ksh .bats" },
	{ "go", "golang", ".go" },
	{ "rust", "rs", ".rs" },
	{ "java", "", ".java" },
	{ "kotlin", "kt kts", ".kt .kts" },
	{ "ruby", "rb", ".rb" },
	{ "php", "", ".php" },
	{ "csharp", "c# cs", ".cs" },
	{ "swift", "", ".swift" },
	{ "lua", "", ".lua" },
	{ "perl", "pl", ".pl .pm" },
	{ "sql", "", ".sql" },
	{ "html", "htm xhtml", ".html .htm" },
	{ "css", "", ".css" },
	{ "json", "jsonc", ".json" },
	{ "yaml", "yml", ".yaml .yml" },
	{ "toml", "", ".toml" },
	{ "markdown", "md", ".md .markdown" },
	{ "make", "makefile mk", ".mk" },
	{ "diff", "patch udiff", ".diff .patch" },
};

static bool
word_in(const char *word, size_t len, const char *list)
{
	for (const char *p = list; *p != '\0';) {
		size_t n = strcspn(p, " ");
		if (n == len && g_ascii_strncasecmp(p, word, len) == 0)
			return true;
		p += n;
		p += strspn(p, " ");
	}
	return false;
}

const char *
edit_fence_lang_canonical(const char *name)
{
	if (name == NULL || *name == '\0')
		return NULL;
	size_t len = strlen(name);
	for (size_t i = 0; i < G_N_ELEMENTS(languages); i++)
		if (g_ascii_strcasecmp(name, languages[i].name) == 0 ||
		    word_in(name, len, languages[i].aliases))
			return languages[i].name;
	return NULL;
}

const char *
edit_fence_lang_from_path(const char *path)
{
	if (path == NULL)
		return NULL;
	const char *base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	if (g_ascii_strcasecmp(base, "Makefile") == 0 || g_ascii_strcasecmp(base, "GNUmakefile") == 0)
		return "make";
	const char *dot = strrchr(base, '.');
	if (dot == NULL || dot == base)
		return NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(languages); i++)
		if (word_in(dot, strlen(dot), languages[i].exts))
			return languages[i].name;
	return NULL;
}

/* Whitespace-separated words; quotes group ("a b") and are removed. */
static GPtrArray *
info_words(const char *info)
{
	GPtrArray *words = g_ptr_array_new_with_free_func(g_free);
	GString *cur = NULL;
	char quote = 0;
	for (const char *p = info; *p != '\0'; p++) {
		if (quote == 0 && g_ascii_isspace(*p)) {
			if (cur != NULL)
				g_ptr_array_add(words, g_string_free(cur, FALSE));
			cur = NULL;
			continue;
		}
		if (cur == NULL)
			cur = g_string_new(NULL);
		if (quote == 0 && (*p == '"' || *p == '\''))
			quote = *p;
		else if (quote != 0 && *p == quote)
			quote = 0;
		else
			g_string_append_c(cur, *p);
	}
	if (cur != NULL)
		g_ptr_array_add(words, g_string_free(cur, FALSE));
	return words;
}

static bool
looks_like_file(const char *word)
{
	return strchr(word, '/') != NULL || edit_fence_lang_from_path(word) != NULL;
}

static bool
is_path_key(const char *key)
{
	static const char *const keys[] = { "file", "filename", "name", "path", "title", "src" };
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
		if (g_ascii_strcasecmp(key, keys[i]) == 0)
			return true;
	return false;
}

/* One word of the info string: an attribute, a language, or a file name. */
static void
info_word(const char *w, bool first, bool pandoc, char **lang, char **path, GHashTable *attrs)
{
	const char *eq = strchr(w, '=');
	if (eq != NULL && eq != w) {
		char *key = g_ascii_strdown(w, eq - w);
		if (*path == NULL && is_path_key(key) && eq[1] != '\0')
			*path = g_strdup(eq + 1);
		if (attrs != NULL)
			g_hash_table_replace(attrs, key, g_strdup(eq + 1));
		else
			g_free(key);
		return;
	}
	if (pandoc) {
		if (*w == '.' && w[1] != '\0' && *lang == NULL)
			*lang = g_strdup(w + 1);
		return;
	}
	const char *colon = first ? strchr(w, ':') : NULL;
	if (colon != NULL && colon != w && colon[1] != '\0') { /* "python:src/x.py" */
		*lang = g_strndup(w, colon - w);
		if (*path == NULL)
			*path = g_strdup(colon + 1);
	} else if (looks_like_file(w) && edit_fence_lang_canonical(w) == NULL) {
		if (*path == NULL)
			*path = g_strdup(w);
	} else if (first) {
		*lang = g_strdup(w);
	}
}

void
edit_fence_parse_info(const char *info, char **lang, char **path, GHashTable *attrs)
{
	*lang = NULL;
	*path = NULL;
	if (info == NULL)
		return;
	g_autoptr(GPtrArray) words = info_words(info);
	bool pandoc = words->len > 0 && *(char *)words->pdata[0] == '{';
	for (guint i = 0; i < words->len; i++) {
		char *w = words->pdata[i];
		if (pandoc && i == 0)
			memmove(w, w + 1, strlen(w));
		size_t n = strlen(w);
		if (pandoc && i == words->len - 1 && n > 0 && w[n - 1] == '}')
			w[n - 1] = '\0';
		if (*w != '\0')
			info_word(w, i == 0, pandoc, lang, path, attrs);
	}
	if (*lang == NULL && *path != NULL) {
		const char *l = edit_fence_lang_from_path(*path);
		*lang = g_strdup(l);
	}
}

void
edit_fence_free(EditFence *f)
{
	if (f == NULL)
		return;
	g_free(f->info);
	g_free(f->lang_raw);
	g_free(f->lang);
	g_free(f->path);
	g_hash_table_unref(f->attrs);
	g_free(f->text);
	g_free(f);
}

static EditFence *
fence_from_node(cmark_node *node)
{
	int length = 0, offset = 0;
	char ch = 0;
	if (!cmark_node_get_fenced(node, &length, &offset, &ch))
		return NULL; /* indented code: not something a model hands over as a block */
	EditFence *f = g_new0(EditFence, 1);
	const char *info = cmark_node_get_fence_info(node);
	const char *literal = cmark_node_get_literal(node);
	f->info = g_strdup(info != NULL ? info : "");
	f->text = g_strdup(literal != NULL ? literal : "");
	f->len = strlen(f->text);
	f->attrs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	edit_fence_parse_info(f->info, &f->lang_raw, &f->path, f->attrs);
	if (f->lang_raw != NULL) {
		const char *canon = edit_fence_lang_canonical(f->lang_raw);
		f->lang = canon != NULL ? g_strdup(canon) : g_ascii_strdown(f->lang_raw, -1);
	}
	f->start_line = (unsigned)cmark_node_get_start_line(node);
	f->end_line = (unsigned)cmark_node_get_end_line(node);
	f->fence_len = (unsigned)length;
	f->fence_char = ch;
	/* Open fence: every line after the opening one is content (see the note above). */
	f->complete = util_count_newlines(f->text, strlen(f->text)) != f->end_line - f->start_line;
	return f;
}

GPtrArray *
edit_fence_extract(const char *answer, size_t len)
{
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)edit_fence_free);
	if (answer == NULL || len == 0)
		return out;
	cmark_node *doc = cmark_parse_document(answer, len, CMARK_OPT_DEFAULT);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_CODE_BLOCK)
			continue;
		EditFence *f = fence_from_node(node);
		if (f != NULL)
			g_ptr_array_add(out, f);
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	return out;
}

/* The largest block for which keep() holds; the first of equals. */
static const EditFence *
largest(const GPtrArray *fences, bool (*keep)(const EditFence *, const char *), const char *lang)
{
	const EditFence *best = NULL;
	for (guint i = 0; i < fences->len; i++) {
		const EditFence *f = fences->pdata[i];
		if (keep(f, lang) && (best == NULL || f->len > best->len))
			best = f;
	}
	return best;
}

static bool keep_any(const EditFence *f, const char *lang) { return true; }
static bool keep_untagged(const EditFence *f, const char *lang) { return f->lang == NULL; }

static bool
keep_lang(const EditFence *f, const char *lang)
{
	return f->lang != NULL && strcmp(f->lang, lang) == 0;
}

static char *
languages_found(const GPtrArray *fences)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < fences->len; i++) {
		const EditFence *f = fences->pdata[i];
		const char *l = f->lang != NULL ? f->lang : "(none)";
		if (strstr(s->str, l) == NULL)
			g_string_append_printf(s, "%s%s", s->len ? ", " : "", l);
	}
	return g_string_free(s, FALSE);
}

const EditFence *
edit_fence_pick(const GPtrArray *fences, const char *lang, AurError **err)
{
	if (fences == NULL || fences->len == 0) {
		aur_error_set(err, AUR_ERR_MODEL,
			      "Ask again and ask for the code in a fenced block; nothing was written.",
			      "the answer contains no code block");
		return NULL;
	}
	const EditFence *f;
	if (lang != NULL && *lang != '\0') {
		const char *canon = edit_fence_lang_canonical(lang);
		g_autofree char *want = canon != NULL ? g_strdup(canon) : g_ascii_strdown(lang, -1);
		f = largest(fences, keep_lang, want);
		if (f == NULL)
			f = largest(fences, keep_untagged, want);
		if (f == NULL) {
			g_autofree char *found = languages_found(fences);
			g_autofree char *hint = g_strdup_printf(
				"The answer has code in: %s.  Leave out --lang to take the largest "
				"block, or ask again; nothing was written.", found);
			aur_error_set(err, AUR_ERR_MODEL, hint,
				      "the answer contains no %s code block", want);
			return NULL;
		}
	} else {
		f = largest(fences, keep_any, NULL);
	}
	if (!f->complete) {
		aur_error_set(err, AUR_ERR_MODEL,
			      "The answer ended before the block was closed; ask again.  Nothing was written.",
			      "the code block starting at line %u of the answer was cut off",
			      f->start_line);
		return NULL;
	}
	return f;
}
