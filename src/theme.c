/* SPDX-License-Identifier: MIT */
/* Colour themes: semantic elements mapped to colours and attributes, loaded from YAML. */
#include "autoconfig.h"

#include <limits.h>
#include <string.h>

#include <yaml.h>

#include "fsutil.h"
#include "paths.h"
#include "theme.h"
#include "util.h"

/*
 * A theme file is a YAML mapping: `inherit` (a theme to start from), `description`,
 * `background` (dark or light), `palette` (names for colours) and `elements` (element ->
 * style).  A style is either a mapping {fg, bg, attrs} or the short form
 * "bold underline #5fafff on 236".  An element the file names replaces the inherited style
 * of that element as a whole, so a file reads the way it draws.
 *
 * Everything a theme file can get wrong except its YAML syntax and its `inherit` is a
 * warning with file:line:col: a theme with one typo should still colour the other sixty
 * elements.  Colours are kept as written (index or RGB) and reduced to what the terminal can
 * show only when drawn, so one loaded theme serves every colour depth.
 */

#define MAX_THEME_FILE (256 * 1024)
#define MAX_INHERIT 8
#define MAX_WARNINGS 200
#define MAX_PAIRS 4096
#define MAX_ATTRS 16
#define DEFAULT_THEME "dark"

struct Theme {
	char *name;
	char *description;
	char *path;
	bool light;
	ThemeStyle styles[ELEM__COUNT];
	bool defined[ELEM__COUNT]; /* named by the file or a theme it inherits */
	GHashTable *palette; /* name -> ThemeColor* */
};

static const struct {
	const char *name;
	const char *doc;
} elements[] = {
#define X(id, name, doc) { name, doc },
	THEME_ELEMENTS(X)
#undef X
};

G_STATIC_ASSERT(G_N_ELEMENTS(elements) == ELEM__COUNT);
G_STATIC_ASSERT(ELEM__COUNT < 255);

static const char *const color_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	"bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue",
	"bright-magenta", "bright-cyan", "bright-white", NULL,
};

static const struct {
	const char *name;
	guint8 bit;
} attr_names[] = {
	{ "bold", THEME_BOLD }, { "dim", THEME_DIM }, { "italic", THEME_ITALIC },
	{ "underline", THEME_UNDERLINE }, { "reverse", THEME_REVERSE }, { "strike", THEME_STRIKE },
};

/* The xterm palette: what the 16 named colours look like on most terminals. */
static const guint32 ansi16[16] = {
	0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
	0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
};

/* ---- elements ---------------------------------------------------------------------- */

const char *
theme_elem_name(ThemeElem e)
{
	return e < ELEM__COUNT ? elements[e].name : "?";
}

const char *
theme_elem_doc(ThemeElem e)
{
	return e < ELEM__COUNT ? elements[e].doc : "";
}

ThemeElem
theme_elem_from_name(const char *name)
{
	for (int i = 0; i < ELEM__COUNT; i++)
		if (g_strcmp0(elements[i].name, name) == 0)
			return (ThemeElem)i;
	return ELEM__COUNT;
}

/* ---- colours ----------------------------------------------------------------------- */

guint32
theme_index_rgb(int index)
{
	static const int levels[6] = { 0, 95, 135, 175, 215, 255 };
	if (index < 0 || index > 255)
		return 0;
	if (index < 16)
		return ansi16[index];
	if (index >= 232) {
		guint32 v = 8 + 10 * (guint32)(index - 232);
		return v << 16 | v << 8 | v;
	}
	int i = index - 16;
	return (guint32)levels[i / 36] << 16 | (guint32)levels[i / 6 % 6] << 8 |
	       (guint32)levels[i % 6];
}

/* "Redmean" distance: cheap, and closer to what eyes see than plain RGB distance. */
static long
color_distance(guint32 a, guint32 b)
{
	long r1 = a >> 16, g1 = a >> 8 & 0xff, b1 = a & 0xff;
	long r2 = b >> 16, g2 = b >> 8 & 0xff, b2 = b & 0xff;
	long rm = (r1 + r2) / 2, dr = r1 - r2, dg = g1 - g2, db = b1 - b2;
	return ((512 + rm) * dr * dr >> 8) + 4 * dg * dg + ((767 - rm) * db * db >> 8);
}

static int
nearest(guint32 rgb, int from, int to)
{
	int best = from;
	long best_d = LONG_MAX;
	for (int i = from; i <= to; i++) {
		long d = color_distance(rgb, theme_index_rgb(i));
		if (d < best_d) {
			best_d = d;
			best = i;
		}
	}
	return best;
}

int
theme_rgb_to_256(guint32 rgb)
{
	return nearest(rgb, 16, 255);
}

/* The nearest of the first 8 or 16 colours.  A colour with a hue keeps one: plain distance
 * would turn dark green or navy into black, which vanishes on a dark background and loses
 * the meaning (added, removed) on a light one. */
static int
nearest_ansi(guint32 rgb, int count)
{
	int r = rgb >> 16, g = rgb >> 8 & 0xff, b = rgb & 0xff;
	int spread = MAX(r, MAX(g, b)) - MIN(r, MIN(g, b));
	if (spread < 48)
		return nearest(rgb, 0, count - 1);
	int best = 1;
	long best_d = LONG_MAX;
	for (int i = 1; i < count; i++) {
		if (i == 7 || i == 8 || i == 15)
			continue;
		long d = color_distance(rgb, ansi16[i]);
		if (d < best_d) {
			best_d = d;
			best = i;
		}
	}
	return best;
}

int
theme_color_index(ThemeColor c, ThemeDepth depth)
{
	if (depth == THEME_DEPTH_NONE)
		return -1;
	if (c.kind == THEME_COLOR_INDEX) {
		if (depth == THEME_DEPTH_256 || c.index < 8)
			return c.index;
		if (c.index < 16)
			/* Eight colours have no bright variants; grey has no match at all and
			 * would become black, which vanishes on dark backgrounds. */
			return depth == THEME_DEPTH_16 ? c.index : c.index == 8 ? -1 : c.index - 8;
		return nearest_ansi(theme_index_rgb(c.index), depth == THEME_DEPTH_16 ? 16 : 8);
	}
	if (c.kind == THEME_COLOR_RGB) {
		if (depth == THEME_DEPTH_256)
			return c.index;
		return nearest_ansi(c.rgb, depth == THEME_DEPTH_16 ? 16 : 8);
	}
	return -1;
}

static bool
parse_hex(const char *s, guint32 *rgb)
{
	size_t n = strlen(s);
	if (n != 3 && n != 6)
		return false;
	guint32 v = 0;
	for (size_t i = 0; i < n; i++) {
		int d = g_ascii_xdigit_value(s[i]);
		if (d < 0)
			return false;
		v = n == 3 ? v << 8 | (guint32)(d * 17) : v << 4 | (guint32)d;
	}
	*rgb = v;
	return true;
}

bool
theme_parse_color(const Theme *t, const char *text, ThemeColor *out)
{
	ThemeColor c = { THEME_COLOR_INDEX, 0, 0 };
	if (text == NULL || *text == '\0')
		return false;
	if (strcmp(text, "default") == 0) {
		*out = (ThemeColor){ THEME_COLOR_DEFAULT, 0, 0 };
		return true;
	}
	/* A palette may give a colour name its own shade (Solarized's blue). */
	const ThemeColor *p = t != NULL && t->palette != NULL ? g_hash_table_lookup(t->palette, text)
							      : NULL;
	if (p != NULL) {
		*out = *p;
		return true;
	}
	for (int i = 0; color_names[i] != NULL; i++) {
		if (strcmp(text, color_names[i]) == 0) {
			c.index = (guint8)i;
			*out = c;
			return true;
		}
	}
	if (strcmp(text, "grey") == 0 || strcmp(text, "gray") == 0) {
		c.index = 8;
		*out = c;
		return true;
	}
	if (text[0] == '#') {
		if (!parse_hex(text + 1, &c.rgb))
			return false;
		c.kind = THEME_COLOR_RGB;
		c.index = (guint8)theme_rgb_to_256(c.rgb);
		*out = c;
		return true;
	}
	if (g_ascii_isdigit(text[0])) {
		guint64 v;
		if (!g_ascii_string_to_unsigned(text, 10, 0, 255, &v, NULL))
			return false;
		c.index = (guint8)v;
		*out = c;
		return true;
	}
	return false;
}

/* ---- styles and SGR ---------------------------------------------------------------- */

bool
theme_defines(const Theme *t, ThemeElem e)
{
	return e < ELEM__COUNT && t->defined[e];
}

const ThemeStyle *
theme_style(const Theme *t, ThemeElem e)
{
	static const ThemeStyle none;
	return e < ELEM__COUNT ? &t->styles[e] : &none;
}

static void
merge_under(ThemeStyle *s, const ThemeStyle *below)
{
	if (s->fg.kind == THEME_COLOR_UNSET)
		s->fg = below->fg;
	if (s->bg.kind == THEME_COLOR_UNSET)
		s->bg = below->bg;
	s->attrs |= below->attrs;
}

ThemeStyle
theme_resolve(const Theme *t, const guint8 *elems, size_t n)
{
	ThemeStyle s = { 0 };
	for (size_t i = 0; i < n; i++)
		if (elems[i] < ELEM__COUNT)
			merge_under(&s, &t->styles[elems[i]]);
	merge_under(&s, &t->styles[ELEM_TEXT]);
	return s;
}

static void
sgr_color(GString *out, int idx, int base, int bright_base, int ext)
{
	if (idx < 0)
		return;
	if (idx < 8)
		g_string_append_printf(out, ";%d", base + idx);
	else if (idx < 16)
		g_string_append_printf(out, ";%d", bright_base + idx - 8);
	else
		g_string_append_printf(out, ";%d;5;%d", ext, idx);
}

void
theme_sgr_append(GString *out, const ThemeStyle *style, ThemeDepth depth)
{
	static const int codes[] = { 1, 2, 3, 4, 7, 9 };
	g_string_append(out, "\033[0");
	for (size_t i = 0; i < G_N_ELEMENTS(codes); i++)
		if (style->attrs & (1u << i))
			g_string_append_printf(out, ";%d", codes[i]);
	sgr_color(out, theme_color_index(style->fg, depth), 30, 90, 38);
	sgr_color(out, theme_color_index(style->bg, depth), 40, 100, 48);
	g_string_append_c(out, 'm');
}

ThemeDepth
theme_depth_from_env(const char *term, const char *colorterm)
{
	static const char *const rich[] = { "256color", "direct", "kitty", "alacritty", "foot",
					    "wezterm", "ghostty", NULL };
	static const char *const ansi16_terms[] = { "xterm", "screen", "tmux", "rxvt", "konsole",
						    "gnome", "vte", "putty", "st", NULL };
	if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0)
		return THEME_DEPTH_NONE;
	if (colorterm != NULL && (strcmp(colorterm, "truecolor") == 0 || strcmp(colorterm, "24bit") == 0))
		return THEME_DEPTH_256;
	for (int i = 0; rich[i] != NULL; i++)
		if (strstr(term, rich[i]) != NULL)
			return THEME_DEPTH_256;
	for (int i = 0; ansi16_terms[i] != NULL; i++)
		if (g_str_has_prefix(term, ansi16_terms[i]))
			return THEME_DEPTH_16;
	return THEME_DEPTH_8;
}

/* ---- the theme object -------------------------------------------------------------- */

static Theme *
theme_new(const char *name)
{
	Theme *t = g_new0(Theme, 1);
	t->name = g_strdup(name);
	t->palette = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return t;
}

void
theme_free(Theme *t)
{
	if (t == NULL)
		return;
	g_free(t->name);
	g_free(t->description);
	g_free(t->path);
	g_hash_table_destroy(t->palette);
	g_free(t);
}

const char *theme_name(const Theme *t) { return t->name; }
const char *theme_description(const Theme *t) { return t->description ? t->description : ""; }
bool theme_is_light(const Theme *t) { return t->light; }

static void
copy_from(Theme *t, const Theme *parent)
{
	memcpy(t->styles, parent->styles, sizeof t->styles);
	memcpy(t->defined, parent->defined, sizeof t->defined);
	t->light = parent->light;
	if (t->description == NULL && parent->description != NULL)
		t->description = g_strdup(parent->description);
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, parent->palette);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_hash_table_replace(t->palette, g_strdup(k), g_memdup2(v, sizeof(ThemeColor)));
}

Theme *
theme_new_mono(void)
{
	/* Kept equal to themes/mono.yaml by a test: this is what is left when no theme file
	 * can be read at all. */
	static const struct {
		ThemeElem e;
		guint8 attrs;
	} mono[] = {
		{ ELEM_DIM, THEME_DIM }, { ELEM_MSG_LABEL, THEME_BOLD },
		{ ELEM_HEADING1, THEME_BOLD | THEME_UNDERLINE }, { ELEM_HEADING2, THEME_BOLD },
		{ ELEM_HEADING3, THEME_BOLD }, { ELEM_EMPHASIS, THEME_ITALIC },
		{ ELEM_STRONG, THEME_BOLD }, { ELEM_STRIKETHROUGH, THEME_STRIKE },
		{ ELEM_CODE_FENCE, THEME_DIM }, { ELEM_CODE_KEYWORD, THEME_BOLD },
		{ ELEM_CODE_COMMENT, THEME_ITALIC }, { ELEM_LINE_NUMBER, THEME_DIM },
		{ ELEM_LINK, THEME_UNDERLINE }, { ELEM_URL, THEME_DIM }, { ELEM_QUOTE, THEME_ITALIC },
		{ ELEM_LIST_BULLET, THEME_BOLD }, { ELEM_TASK_DONE, THEME_BOLD },
		{ ELEM_TABLE_BORDER, THEME_DIM }, { ELEM_TABLE_HEADER, THEME_BOLD },
		{ ELEM_RULE, THEME_DIM }, { ELEM_HTML, THEME_DIM }, { ELEM_DIFF_ADD, THEME_BOLD },
		{ ELEM_DIFF_DEL, THEME_DIM }, { ELEM_DIFF_HUNK, THEME_UNDERLINE },
		{ ELEM_DIFF_FILE, THEME_BOLD }, { ELEM_FINDING_ERROR, THEME_BOLD | THEME_REVERSE },
		{ ELEM_FINDING_WARNING, THEME_BOLD }, { ELEM_FINDING_RULE, THEME_DIM },
		{ ELEM_LOCATION, THEME_UNDERLINE }, { ELEM_STATUS_BAR, THEME_REVERSE },
		{ ELEM_STATUS_ACCENT, THEME_REVERSE | THEME_BOLD },
		{ ELEM_STATUS_ALERT, THEME_REVERSE | THEME_BOLD | THEME_UNDERLINE },
		{ ELEM_PANE_BORDER, THEME_DIM }, { ELEM_PANE_BORDER_FOCUS, THEME_BOLD },
		{ ELEM_PANE_TITLE, THEME_BOLD }, { ELEM_SELECTION, THEME_REVERSE },
		{ ELEM_SEARCH_MATCH, THEME_UNDERLINE | THEME_BOLD }, { ELEM_PROMPT, THEME_BOLD },
		{ ELEM_HELP_KEY, THEME_BOLD }, { ELEM_BADGE_CACHED, THEME_REVERSE },
		{ ELEM_BADGE_CANCELLED, THEME_REVERSE }, { ELEM_BADGE_FALLBACK, THEME_REVERSE },
		{ ELEM_ERROR, THEME_BOLD }, { ELEM_WARNING, THEME_BOLD }, { ELEM_HINT, THEME_DIM },
		{ ELEM_SUCCESS, THEME_BOLD },
	};
	Theme *t = theme_new("mono");
	t->description = g_strdup("No colours: bold, underline, italic and reverse only.");
	for (size_t i = 0; i < G_N_ELEMENTS(mono); i++)
		t->styles[mono[i].e].attrs = mono[i].attrs;
	for (int i = 0; i < ELEM__COUNT; i++)
		t->defined[i] = true;
	return t;
}

/* ---- finding files ----------------------------------------------------------------- */

static bool
valid_name(const char *name)
{
	if (name == NULL || *name == '\0' || strlen(name) > 64)
		return false;
	for (const char *p = name; *p; p++)
		if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_')
			return false;
	return true;
}

static char *
user_themes_dir(void)
{
	g_autofree char *cfg = paths_dir(PATHS_CONFIG);
	return g_build_filename(cfg, "themes", NULL);
}

static char *
shipped_themes_dir(void)
{
	return g_build_filename(paths_pkgdata(), "themes", NULL);
}

/* The first existing NAME.yaml, user themes first, skipping the file `skip` (a user theme
 * that inherits the shipped theme of the same name). */
static char *
find_theme(const char *name, const char *skip)
{
	if (!valid_name(name))
		return NULL;
	g_autofree char *file = g_strconcat(name, ".yaml", NULL);
	g_autofree char *user = user_themes_dir();
	g_autofree char *shipped = shipped_themes_dir();
	const char *dirs[] = { user, shipped };
	for (size_t i = 0; i < G_N_ELEMENTS(dirs); i++) {
		char *path = g_build_filename(dirs[i], file, NULL);
		if (g_file_test(path, G_FILE_TEST_IS_REGULAR) && g_strcmp0(path, skip) != 0)
			return path;
		g_free(path);
	}
	return NULL;
}

char *
theme_find(const char *name)
{
	return find_theme(name, NULL);
}

static void
list_dir(const char *dir, GHashTable *names)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	if (d == NULL)
		return;
	const char *f;
	while ((f = g_dir_read_name(d)) != NULL) {
		if (!g_str_has_suffix(f, ".yaml"))
			continue;
		char *name = g_strndup(f, strlen(f) - 5);
		if (valid_name(name))
			g_hash_table_add(names, name);
		else
			g_free(name);
	}
}

static gint
cmp_str(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

GPtrArray *
theme_list(void)
{
	g_autoptr(GHashTable) names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autofree char *user = user_themes_dir();
	g_autofree char *shipped = shipped_themes_dir();
	list_dir(user, names);
	list_dir(shipped, names);
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	GHashTableIter it;
	gpointer k;
	g_hash_table_iter_init(&it, names);
	while (g_hash_table_iter_next(&it, &k, NULL))
		g_ptr_array_add(out, g_strdup(k));
	g_ptr_array_sort(out, cmp_str);
	return out;
}

/* ---- parsing ----------------------------------------------------------------------- */

typedef struct {
	Theme *theme;
	const char *file;
	yaml_document_t *doc;
	GPtrArray *warnings;
	GPtrArray *chain; /* paths being loaded, to refuse inheritance cycles */
	unsigned nwarn;
} Parse;

static void warn(Parse *p, const yaml_node_t *node, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void
warn(Parse *p, const yaml_node_t *node, const char *fmt, ...)
{
	if (p->warnings == NULL || ++p->nwarn > MAX_WARNINGS + 1)
		return;
	if (p->nwarn == MAX_WARNINGS + 1) {
		g_ptr_array_add(p->warnings, g_strdup_printf("%s: more warnings not shown", p->file));
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_ptr_array_add(p->warnings, g_strdup_printf("%s:%zu:%zu: %s", p->file,
						     node->start_mark.line + 1,
						     node->start_mark.column + 1, msg));
}

/* " (did you mean 'x'?)" or "". */
static char *
suggest(const char *word, const char *const *candidates)
{
	const char *near = util_did_you_mean(word, candidates);
	return near ? g_strdup_printf(" (did you mean '%s'?)", near) : g_strdup("");
}

static const char *
scalar(const yaml_node_t *n)
{
	return n != NULL && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* A short, printable form of text from the file for messages. */
static char *
shown(const char *text)
{
	g_autofree char *cut = g_utf8_make_valid(text, MIN((gssize)strlen(text), 40));
	return g_strescape(cut, "");
}

static void
warn_color(Parse *p, const yaml_node_t *node, const char *text)
{
	g_autoptr(GPtrArray) cands = g_ptr_array_new();
	for (int i = 0; color_names[i] != NULL; i++)
		g_ptr_array_add(cands, (gpointer)color_names[i]);
	g_ptr_array_add(cands, (gpointer) "default");
	GHashTableIter it;
	gpointer k;
	g_hash_table_iter_init(&it, p->theme->palette);
	while (g_hash_table_iter_next(&it, &k, NULL) && cands->len < 512)
		g_ptr_array_add(cands, k);
	g_ptr_array_add(cands, NULL);
	g_autofree char *s = suggest(text, (const char *const *)cands->pdata);
	g_autofree char *t = shown(text);
	warn(p, node, "unknown colour '%s'%s; use a name, 0-255 or #rrggbb", t, s);
}

static bool
color_node(Parse *p, const yaml_node_t *node, ThemeColor *out)
{
	const char *text = scalar(node);
	if (text == NULL) {
		warn(p, node, "a colour must be a single value such as 'blue', '75' or '#5fafff'");
		return false;
	}
	if (theme_parse_color(p->theme, text, out))
		return true;
	warn_color(p, node, text);
	return false;
}

static bool
attr_word(Parse *p, const yaml_node_t *node, const char *word, guint8 *attrs)
{
	for (size_t i = 0; i < G_N_ELEMENTS(attr_names); i++) {
		if (strcmp(word, attr_names[i].name) == 0) {
			*attrs |= attr_names[i].bit;
			return true;
		}
	}
	return false;
}

static void
warn_attr(Parse *p, const yaml_node_t *node, const char *word)
{
	const char *cands[G_N_ELEMENTS(attr_names) + 1] = { NULL };
	for (size_t i = 0; i < G_N_ELEMENTS(attr_names); i++)
		cands[i] = attr_names[i].name;
	g_autofree char *s = suggest(word, cands);
	g_autofree char *t = shown(word);
	warn(p, node, "unknown attribute '%s'%s; attributes are bold, dim, italic, underline, "
		      "reverse and strike", t, s);
}

static void
attrs_node(Parse *p, const yaml_node_t *node, guint8 *attrs)
{
	if (node->type == YAML_SCALAR_NODE) {
		g_auto(GStrv) words = g_strsplit_set(scalar(node), " \t,", -1);
		for (int i = 0; words[i] != NULL && i < MAX_ATTRS; i++)
			if (*words[i] && !attr_word(p, node, words[i], attrs))
				warn_attr(p, node, words[i]);
		return;
	}
	if (node->type != YAML_SEQUENCE_NODE) {
		warn(p, node, "attrs must be a list such as [bold, underline]");
		return;
	}
	int n = 0;
	for (yaml_node_item_t *it = node->data.sequence.items.start;
	     it < node->data.sequence.items.top && n < MAX_ATTRS; it++, n++) {
		yaml_node_t *item = yaml_document_get_node(p->doc, *it);
		const char *w = scalar(item);
		if (w == NULL)
			warn(p, item, "an attribute must be a word such as bold");
		else if (!attr_word(p, item, w, attrs))
			warn_attr(p, item, w);
	}
}

/* "bold underline #5fafff on 236" */
static void
short_style(Parse *p, const yaml_node_t *node, ThemeStyle *st)
{
	g_auto(GStrv) words = g_strsplit_set(scalar(node), " \t", -1);
	bool on = false;
	int n = 0;
	for (int i = 0; words[i] != NULL && n < MAX_ATTRS; i++) {
		const char *w = words[i];
		if (*w == '\0')
			continue;
		n++;
		if (strcmp(w, "on") == 0) {
			on = true;
			continue;
		}
		ThemeColor c;
		if (attr_word(p, node, w, &st->attrs))
			continue;
		if (theme_parse_color(p->theme, w, &c)) {
			if (on)
				st->bg = c;
			else
				st->fg = c;
			on = false;
			continue;
		}
		/* Attributes are words, colours are names or numbers: suggest from both. */
		const char *a = NULL;
		for (size_t j = 0; j < G_N_ELEMENTS(attr_names) && a == NULL; j++)
			if (util_edit_distance(w, attr_names[j].name) <= 2)
				a = attr_names[j].name;
		if (a != NULL)
			warn_attr(p, node, w);
		else
			warn_color(p, node, w);
	}
}

static void
style_node(Parse *p, const yaml_node_t *node, ThemeStyle *st)
{
	static const char *const keys[] = { "fg", "bg", "attrs", NULL };
	*st = (ThemeStyle){ 0 };
	if (node->type == YAML_SCALAR_NODE) {
		short_style(p, node, st);
		return;
	}
	if (node->type != YAML_MAPPING_NODE) {
		warn(p, node, "a style is a mapping {fg: ..., bg: ..., attrs: [...]} or words "
			      "such as 'bold blue on black'");
		return;
	}
	int n = 0;
	for (yaml_node_pair_t *pr = node->data.mapping.pairs.start;
	     pr < node->data.mapping.pairs.top && n < MAX_ATTRS; pr++, n++) {
		yaml_node_t *k = yaml_document_get_node(p->doc, pr->key);
		yaml_node_t *v = yaml_document_get_node(p->doc, pr->value);
		const char *key = scalar(k);
		if (key != NULL && strcmp(key, "fg") == 0)
			(void)color_node(p, v, &st->fg);
		else if (key != NULL && strcmp(key, "bg") == 0)
			(void)color_node(p, v, &st->bg);
		else if (key != NULL && strcmp(key, "attrs") == 0)
			attrs_node(p, v, &st->attrs);
		else {
			g_autofree char *s = key ? suggest(key, keys) : g_strdup("");
			g_autofree char *t = shown(key ? key : "?");
			warn(p, k, "unknown style key '%s'%s; a style has fg, bg and attrs", t, s);
		}
	}
}

static void
elements_node(Parse *p, const yaml_node_t *node)
{
	if (node->type != YAML_MAPPING_NODE) {
		warn(p, node, "'elements' must be a mapping of element names to styles");
		return;
	}
	const char *names[ELEM__COUNT + 1] = { NULL };
	for (int i = 0; i < ELEM__COUNT; i++)
		names[i] = elements[i].name;
	int n = 0;
	for (yaml_node_pair_t *pr = node->data.mapping.pairs.start;
	     pr < node->data.mapping.pairs.top && n < MAX_PAIRS; pr++, n++) {
		yaml_node_t *k = yaml_document_get_node(p->doc, pr->key);
		yaml_node_t *v = yaml_document_get_node(p->doc, pr->value);
		const char *key = scalar(k);
		ThemeElem e = theme_elem_from_name(key);
		if (e == ELEM__COUNT) {
			g_autofree char *s = key ? suggest(key, names) : g_strdup("");
			g_autofree char *t = shown(key ? key : "?");
			warn(p, k, "unknown element '%s'%s", t, s);
			continue;
		}
		style_node(p, v, &p->theme->styles[e]);
		p->theme->defined[e] = true;
	}
}

/* Palette names are looked up before colour names, so they must not read as anything else
 * in the short form "bold blue on black". */
static bool
palette_name_ok(const char *key)
{
	if (key == NULL || !valid_name(key) || !g_ascii_isalpha(key[0]))
		return false;
	if (strcmp(key, "default") == 0 || strcmp(key, "on") == 0)
		return false;
	for (size_t i = 0; i < G_N_ELEMENTS(attr_names); i++)
		if (strcmp(key, attr_names[i].name) == 0)
			return false;
	return true;
}

static void
palette_node(Parse *p, const yaml_node_t *node)
{
	if (node->type != YAML_MAPPING_NODE) {
		warn(p, node, "'palette' must be a mapping of names to colours");
		return;
	}
	int n = 0;
	for (yaml_node_pair_t *pr = node->data.mapping.pairs.start;
	     pr < node->data.mapping.pairs.top && n < 256; pr++, n++) {
		yaml_node_t *k = yaml_document_get_node(p->doc, pr->key);
		yaml_node_t *v = yaml_document_get_node(p->doc, pr->value);
		const char *key = scalar(k);
		ThemeColor c;
		if (!palette_name_ok(key)) {
			g_autofree char *t = shown(key ? key : "?");
			warn(p, k, "'%s' cannot name a colour: start with a letter, use letters, "
				   "digits, - and _, and avoid 'default', 'on' and attribute names", t);
			continue;
		}
		if (color_node(p, v, &c))
			g_hash_table_replace(p->theme->palette, g_strdup(key),
					     g_memdup2(&c, sizeof c));
	}
}

static Theme *load_path(const char *path, const char *name, GPtrArray *chain,
			GPtrArray *warnings, AurError **err);

static bool
inherit_node(Parse *p, const yaml_node_t *node, AurError **err)
{
	const char *name = scalar(node);
	g_autofree char *path = find_theme(name, p->chain->len ? p->chain->pdata[p->chain->len - 1]
							       : NULL);
	if (path == NULL) {
		g_autofree char *t = shown(name ? name : "?");
		aur_error_set(err, AUR_ERR_CONFIG, "Run `aurelis theme list` for the themes there are.",
			      "%s:%zu:%zu: inherits '%s', which is not a theme", p->file,
			      node->start_mark.line + 1, node->start_mark.column + 1, t);
		return false;
	}
	bool loop = p->chain->len >= MAX_INHERIT;
	for (guint i = 0; i < p->chain->len && !loop; i++)
		loop = strcmp(p->chain->pdata[i], path) == 0;
	if (loop) {
		aur_error_set(err, AUR_ERR_CONFIG, "Remove the 'inherit' that closes the loop.",
			      "%s:%zu:%zu: themes inherit from each other in a loop (or more than %d "
			      "deep)", p->file, node->start_mark.line + 1, node->start_mark.column + 1,
			      MAX_INHERIT);
		return false;
	}
	g_autoptr(Theme) parent = load_path(path, name, p->chain, p->warnings, err);
	if (parent == NULL)
		return false;
	copy_from(p->theme, parent);
	return true;
}

static const yaml_node_t *
find_key(Parse *p, const yaml_node_t *root, const char *key)
{
	for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
	     pr < root->data.mapping.pairs.top; pr++)
		if (g_strcmp0(scalar(yaml_document_get_node(p->doc, pr->key)), key) == 0)
			return yaml_document_get_node(p->doc, pr->value);
	return NULL;
}

static void
meta_node(Parse *p, const char *key, const yaml_node_t *v)
{
	if (strcmp(key, "description") == 0) {
		const char *d = scalar(v);
		if (d == NULL) {
			warn(p, v, "'description' must be text");
			return;
		}
		g_free(p->theme->description);
		p->theme->description = g_utf8_make_valid(d, MIN((gssize)strlen(d), 200));
	} else if (strcmp(key, "background") == 0) {
		const char *b = scalar(v);
		if (g_strcmp0(b, "light") == 0 || g_strcmp0(b, "dark") == 0)
			p->theme->light = strcmp(b, "light") == 0;
		else
			warn(p, v, "'background' must be dark or light");
	}
}

/* Order matters: inherit first, then the palette, then the elements that use it. */
static bool
walk_root(Parse *p, const yaml_node_t *root, AurError **err)
{
	static const char *const keys[] = { "inherit", "description", "background", "palette",
					     "elements", NULL };
	const yaml_node_t *v = find_key(p, root, "inherit");
	if (v != NULL && !inherit_node(p, v, err))
		return false;
	int n = 0;
	for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
	     pr < root->data.mapping.pairs.top && n < MAX_PAIRS; pr++, n++) {
		yaml_node_t *k = yaml_document_get_node(p->doc, pr->key);
		const char *key = scalar(k);
		if (key != NULL && (strcmp(key, "description") == 0 || strcmp(key, "background") == 0))
			meta_node(p, key, yaml_document_get_node(p->doc, pr->value));
		else if (key == NULL || !g_strv_contains(keys, key)) {
			g_autofree char *s = key ? suggest(key, keys) : g_strdup("");
			g_autofree char *t = shown(key ? key : "?");
			warn(p, k, "unknown key '%s'%s", t, s);
		}
	}
	if ((v = find_key(p, root, "palette")) != NULL)
		palette_node(p, v);
	if ((v = find_key(p, root, "elements")) != NULL)
		elements_node(p, v);
	return true;
}

static Theme *
parse_buffer(const char *file, const char *name, const char *buf, size_t len, GPtrArray *chain,
	     GPtrArray *warnings, AurError **err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	if (!yaml_parser_initialize(&parser)) {
		aur_error_set(err, AUR_ERR_INTERNAL, NULL, "cannot start the YAML parser");
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &doc)) {
		aur_error_set(err, AUR_ERR_CONFIG, "Fix the YAML syntax; `aurelis theme check` "
			      "shows every problem.", "%s:%zu:%zu: %s", file,
			      parser.problem_mark.line + 1, parser.problem_mark.column + 1,
			      parser.problem ? parser.problem : "invalid YAML");
		yaml_parser_delete(&parser);
		return NULL;
	}
	Theme *t = theme_new(name);
	t->path = g_strdup(file);
	Parse p = { .theme = t, .file = file, .doc = &doc, .warnings = warnings, .chain = chain };
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	bool ok = true;
	if (root == NULL || root->type != YAML_MAPPING_NODE) {
		aur_error_set(err, AUR_ERR_CONFIG, "A theme file is a mapping with 'elements:' "
			      "(see THEMES in aurelis.yaml(5)).", "%s: not a theme (expected a "
			      "mapping at the top)", file);
		ok = false;
	} else {
		ok = walk_root(&p, root, err);
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	if (!ok) {
		theme_free(t);
		return NULL;
	}
	return t;
}

static Theme *
load_path(const char *path, const char *name, GPtrArray *chain, GPtrArray *warnings,
	  AurError **err)
{
	size_t len = 0;
	g_autofree char *buf = fs_read_file(path, MAX_THEME_FILE, &len, err);
	if (buf == NULL)
		return NULL;
	g_ptr_array_add(chain, (gpointer)path);
	Theme *t = parse_buffer(path, name, buf, len, chain, warnings, err);
	g_ptr_array_remove_index(chain, chain->len - 1);
	return t;
}

Theme *
theme_parse(const char *name, const char *buf, size_t len, GPtrArray *warnings, AurError **err)
{
	g_autoptr(GPtrArray) chain = g_ptr_array_new();
	g_ptr_array_add(chain, (gpointer)name);
	return parse_buffer(name, name, buf, len, chain, warnings, err);
}

Theme *
theme_load_file(const char *path, GPtrArray *warnings, AurError **err)
{
	g_autofree char *base = g_path_get_basename(path);
	if (g_str_has_suffix(base, ".yaml"))
		base[strlen(base) - 5] = '\0';
	g_autoptr(GPtrArray) chain = g_ptr_array_new();
	return load_path(path, base, chain, warnings, err);
}

static char *
available(void)
{
	g_autoptr(GPtrArray) names = theme_list();
	g_ptr_array_add(names, NULL);
	g_autofree char *joined = g_strjoinv(", ", (char **)names->pdata);
	return names->len > 1 ? g_strdup_printf("The themes are: %s.", joined)
			      : g_strdup("No theme files were found; reinstall aurelis.");
}

Theme *
theme_load(const char *name, GPtrArray *warnings, AurError **err)
{
	if (!valid_name(name)) {
		g_autofree char *t = shown(name ? name : "");
		g_autofree char *hint = available();
		aur_error_set(err, AUR_ERR_CONFIG, hint, "'%s' is not a theme name (letters, digits, "
			      "- and _)", t);
		return NULL;
	}
	g_autofree char *path = find_theme(name, NULL);
	if (path == NULL) {
		g_autoptr(GPtrArray) names = theme_list();
		g_ptr_array_add(names, NULL);
		const char *near = util_did_you_mean(name, (const char *const *)names->pdata);
		g_autofree char *hint = near ? g_strdup_printf("Did you mean '%s'?", near) : available();
		aur_error_set(err, AUR_ERR_NOT_FOUND, hint, "no theme named '%s'", name);
		return NULL;
	}
	g_autoptr(GPtrArray) chain = g_ptr_array_new();
	return load_path(path, name, chain, warnings, err);
}

Theme *
theme_open(const char *name, GPtrArray *warnings)
{
	if (name == NULL || *name == '\0')
		name = DEFAULT_THEME;
	g_autoptr(AurError) e = NULL;
	Theme *t = theme_load(name, warnings, &e);
	if (t != NULL)
		return t;
	bool is_default = strcmp(name, DEFAULT_THEME) == 0;
	if (warnings != NULL)
		g_ptr_array_add(warnings, g_strdup_printf("%s, so the %s theme is used. %s",
							  e->message,
							  is_default ? "monochrome" : "default",
							  e->hint ? e->hint : ""));
	if (!is_default) {
		g_autoptr(AurError) e2 = NULL;
		t = theme_load(DEFAULT_THEME, warnings, &e2);
		if (t != NULL)
			return t;
		if (warnings != NULL)
			g_ptr_array_add(warnings, g_strdup_printf("%s, so the monochrome theme is used. %s",
								  e2->message, e2->hint ? e2->hint : ""));
	}
	return theme_new_mono();
}
