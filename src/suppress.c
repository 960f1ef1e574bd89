/* SPDX-License-Identifier: MIT */
/* Inline suppression comments, placed where the language and the analyzer both accept them. */
#include "autoconfig.h"

#include <string.h>

#include "edit.h"
#include "suppress.h"

#define MARKER "aurelis: ignore["

typedef struct {
	const char *open, *close; /* a line comment has no close */
} CommentSyntax;

static bool
syntax_of(LangId lang, bool trailing, CommentSyntax *out)
{
	switch (lang) {
	case LANG_C:
		*out = (CommentSyntax){ "/* ", " */" };
		return true;
	case LANG_CPP:
	case LANG_JS:
	case LANG_TS:
		/* A block comment can sit before a trailing backslash; a line comment cannot. */
		*out = trailing ? (CommentSyntax){ "/* ", " */" } : (CommentSyntax){ "// ", "" };
		return true;
	case LANG_PYTHON:
	case LANG_SHELL:
		*out = (CommentSyntax){ "# ", "" };
		return true;
	default:
		return false;
	}
}

static bool
rule_valid(const char *rule)
{
	if (rule == NULL || *rule == '\0' || strlen(rule) > 100)
		return false;
	for (const char *p = rule; *p; p++)
		if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_' && *p != '.')
			return false;
	return true;
}

char *
suppress_comment(LangId lang, const char *rule)
{
	CommentSyntax cs;
	if (!syntax_of(lang, false, &cs) || !rule_valid(rule))
		return NULL;
	return g_strdup_printf("%s" MARKER "%s]%s", cs.open, rule, cs.close);
}

/* ---- finding the place --------------------------------------------------------------------- */

typedef struct {
	size_t start, end;  /* the line's bytes, without its line ending */
} Span;

/* Line n (1-based) of text; false when there is no such line. */
static bool
line_span(const char *text, size_t len, unsigned n, Span *out)
{
	size_t at = 0;
	for (unsigned i = 1; i < n; i++) {
		const char *nl = memchr(text + at, '\n', len - at);
		if (nl == NULL)
			return false;
		at = (size_t)(nl - text) + 1;
	}
	if (at >= len && !(n == 1 && len == 0))
		return false;
	const char *nl = memchr(text + at, '\n', len - at);
	size_t end = nl ? (size_t)(nl - text) : len;
	if (end > at && text[end - 1] == '\r')
		end--;
	out->start = at;
	out->end = end;
	return true;
}

/* Does a multi-line string or comment cover the start of the line at off? */
static bool
inside_token(LangId lang, const char *text, size_t len, size_t off)
{
	g_autoptr(GArray) toks = g_array_new(FALSE, FALSE, sizeof(LangToken));
	lang_lex(lang, text, len, toks);
	for (guint i = 0; i < toks->len; i++) {
		const LangToken *t = &g_array_index(toks, LangToken, i);
		if (t->offset >= off)
			break;
		if ((t->kind == LANG_TOK_STRING || t->kind == LANG_TOK_COMMENT) &&
		    (size_t)t->offset + t->length > off)
			return true;
	}
	return false;
}

static bool
ends_with_backslash(const char *s, size_t len)
{
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return len > 0 && s[len - 1] == '\\';
}

/* The byte just after the ']' of a marker list in the line, or 0 when there is none. */
static size_t
marker_list_end(const char *text, const Span *l)
{
	g_autofree char *line = g_strndup(text + l->start, l->end - l->start);
	const char *m = strstr(line, MARKER);
	if (m == NULL)
		return 0;
	/* Only a line that is nothing but the comment: code before it is someone else's. */
	const char *p = line + strspn(line, " \t");
	if (!(g_str_has_prefix(p, "#") || g_str_has_prefix(p, "//") || g_str_has_prefix(p, "/*")))
		return 0;
	const char *close = strchr(m, ']');
	return close ? l->start + (size_t)(close - line) : 0;
}

static bool
list_has(const char *text, size_t list_start, size_t list_end, const char *rule)
{
	g_autofree char *inner = g_strndup(text + list_start, list_end - list_start);
	g_auto(GStrv) ids = g_strsplit_set(inner, ", \t", -1);
	for (size_t i = 0; ids[i] != NULL; i++)
		if (strcmp(ids[i], rule) == 0)
			return true;
	return false;
}

/* ---- the edits ------------------------------------------------------------------------------- */

static char *
splice(const char *text, size_t len, size_t at, const char *ins, size_t *out_len)
{
	GString *s = g_string_sized_new(len + strlen(ins) + 1);
	g_string_append_len(s, text, (gssize)at);
	g_string_append(s, ins);
	g_string_append_len(s, text + at, (gssize)(len - at));
	if (out_len != NULL)
		*out_len = s->len;
	return g_string_free(s, FALSE);
}

/* A comment at the end of the line (before a trailing backslash, for block comments). */
static char *
trailing(const char *text, size_t len, LangId lang, const Span *l, const char *rule,
	 size_t *out_len, AurError **err)
{
	CommentSyntax cs = { "# ", "" };
	(void)syntax_of(lang, true, &cs);
	const char *s = text + l->start;
	size_t n = l->end - l->start;
	size_t at = l->end;
	if (ends_with_backslash(s, n)) {
		if (*cs.close == '\0') {
			aur_error_set(err, AUR_ERR_INPUT, "Turn the rule off in the configuration instead.",
				      "a comment cannot go on a line continued with a backslash");
			return NULL;
		}
		size_t k = n;
		while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t'))
			k--;
		at = l->start + k - 1; /* the backslash */
		while (at > l->start && (text[at - 1] == ' ' || text[at - 1] == '\t'))
			at--;
	}
	g_autofree char *c = g_strdup_printf("%s%s" MARKER "%s]%s", *cs.close ? " " : "  ",
					     cs.open, rule, cs.close);
	return splice(text, len, at, c, out_len);
}

char *
suppress_insert(const char *text, size_t len, LangId lang, unsigned line, const char *rule,
		size_t *out_len, AurError **err)
{
	CommentSyntax cs;
	if (!rule_valid(rule)) {
		aur_error_set(err, AUR_ERR_INPUT, NULL, "'%s' is not a rule id", rule ? rule : "");
		return NULL;
	}
	if (!syntax_of(lang, false, &cs)) {
		aur_error_set(err, AUR_ERR_INPUT, "Turn the rule off in the configuration instead.",
			      "no comment syntax is known for this file's language");
		return NULL;
	}
	Span l;
	if (line == 0 || !line_span(text, len, line, &l)) {
		aur_error_set(err, AUR_ERR_INPUT, "The file changed since it was analysed; analyse it "
						  "again.",
			      "the file has no line %u", line);
		return NULL;
	}
	if (inside_token(lang, text, len, l.start)) {
		aur_error_set(err, AUR_ERR_INPUT, "Turn the rule off in the configuration instead.",
			      "line %u starts inside a multi-line string or comment", line);
		return NULL;
	}
	Span prev = { 0, 0 };
	bool has_prev = line > 1 && line_span(text, len, line - 1, &prev);
	/* The kernel would pass a comment after #! to the interpreter as an argument. */
	if (line == 1 && len >= 2 && text[0] == '#' && text[1] == '!') {
		aur_error_set(err, AUR_ERR_INPUT, "Turn the rule off in the configuration instead.",
			      "line 1 is the #! line, which cannot take a comment");
		return NULL;
	}
	/* A continued line must not be cut by a new one. */
	if (has_prev && ends_with_backslash(text + prev.start, prev.end - prev.start))
		return trailing(text, len, lang, &l, rule, out_len, err);
	size_t close = has_prev ? marker_list_end(text, &prev) : 0;
	if (close > 0) {
		size_t open = close;
		while (open > prev.start && text[open - 1] != '[')
			open--;
		if (list_has(text, open, close, rule))
			return splice(text, len, 0, "", out_len); /* already there */
		g_autofree char *add = g_strdup_printf(",%s", rule);
		return splice(text, len, close, add, out_len);
	}
	const char *s = text + l.start;
	size_t indent = 0;
	while (l.start + indent < l.end && (s[indent] == ' ' || s[indent] == '\t'))
		indent++;
	bool crlf = edit_text_is_crlf(text, len);
	g_autofree char *ins = g_strdup_printf("%.*s%s" MARKER "%s]%s%s", (int)indent, s, cs.open,
					       rule, cs.close, crlf ? "\r\n" : "\n");
	return splice(text, len, l.start, ins, out_len);
}
