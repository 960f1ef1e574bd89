/* SPDX-License-Identifier: MIT */
/* Unit tests for themes: the shipped files, hostile theme files, colours and SGR output. */
#include "autoconfig.h"

#include <math.h>

#include "unit.h"

#include "theme.h"

static const char *const shipped[] = { "dark", "light", "solarized-dark", "high-contrast", "mono",
				       NULL };

static char *config_home;

static int
setup(void **state)
{
	char *dir = unit_tmpdir();
	config_home = g_build_filename(dir, "config", NULL);
	g_setenv("XDG_CONFIG_HOME", config_home, TRUE);
	g_setenv("AURELIS_DATA_DIR", TEST_SRCDIR, TRUE);
	*state = dir;
	return 0;
}

static int
teardown(void **state)
{
	unit_rmdir(*state);
	g_clear_pointer(&config_home, g_free);
	return 0;
}

static void
user_theme(const char *name, const char *text)
{
	g_autofree char *dir = g_build_filename(config_home, "aurelis", "themes", NULL);
	g_autofree char *file = g_strconcat(name, ".yaml", NULL);
	g_autofree char *path = g_build_filename(dir, file, NULL);
	assert_int_equal(g_mkdir_with_parents(dir, 0700), 0);
	unit_write(path, text);
}

/* Parse text as a theme; returns it (or NULL) and the warnings joined with newlines. */
static Theme *
parse(const char *text, char **warnings, AurError **err)
{
	g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
	Theme *t = theme_parse("t.yaml", text, strlen(text), w, err);
	g_ptr_array_add(w, NULL);
	*warnings = g_strjoinv("\n", (char **)w->pdata);
	return t;
}

/* ---- the shipped themes ---- */

static void
test_shipped_load_cleanly(void **state)
{
	for (int i = 0; shipped[i]; i++) {
		g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
		g_autoptr(AurError) e = NULL;
		g_autoptr(Theme) t = theme_load(shipped[i], w, &e);
		if (t == NULL)
			fail_msg("%s: %s", shipped[i], e->message);
		if (w->len > 0)
			fail_msg("%s: %s", shipped[i], (char *)w->pdata[0]);
		assert_string_equal(theme_name(t), shipped[i]);
		assert_true(strlen(theme_description(t)) > 10);
		/* Every element is chosen on purpose, not left to chance. */
		for (int el = 0; el < ELEM__COUNT; el++)
			if (!theme_defines(t, (ThemeElem)el))
				fail_msg("%s does not set %s", shipped[i], theme_elem_name((ThemeElem)el));
	}
	g_autoptr(GPtrArray) names = theme_list();
	for (int i = 0; shipped[i]; i++) {
		bool found = false;
		for (guint j = 0; j < names->len; j++)
			found = found || strcmp(names->pdata[j], shipped[i]) == 0;
		assert_true(found);
	}
}

static void
test_mono_file_matches_builtin(void **state)
{
	g_autoptr(AurError) e = NULL;
	g_autoptr(Theme) file = theme_load("mono", NULL, &e);
	g_autoptr(Theme) builtin = theme_new_mono();
	assert_non_null(file);
	for (int el = 0; el < ELEM__COUNT; el++) {
		const ThemeStyle *a = theme_style(file, (ThemeElem)el);
		const ThemeStyle *b = theme_style(builtin, (ThemeElem)el);
		if (a->attrs != b->attrs || a->fg.kind != THEME_COLOR_UNSET ||
		    a->bg.kind != THEME_COLOR_UNSET)
			fail_msg("mono.yaml and the built-in mono theme differ at %s",
				 theme_elem_name((ThemeElem)el));
	}
}

/* WCAG 2 relative luminance and contrast ratio. */
static double
luminance(guint32 rgb)
{
	double c[3];
	for (int i = 0; i < 3; i++) {
		double v = (double)(rgb >> (16 - 8 * i) & 0xff) / 255.0;
		c[i] = v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
	}
	return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

static double
contrast(guint32 a, guint32 b)
{
	double la = luminance(a), lb = luminance(b);
	return (MAX(la, lb) + 0.05) / (MIN(la, lb) + 0.05);
}

static bool
secondary(ThemeElem e)
{
	static const ThemeElem list[] = { ELEM_DIM, ELEM_CODE_FENCE, ELEM_CODE_COMMENT,
					  ELEM_LINE_NUMBER, ELEM_URL, ELEM_TABLE_BORDER, ELEM_RULE,
					  ELEM_PANE_BORDER, ELEM_HTML, ELEM_FINDING_RULE, ELEM_INFO,
					  ELEM_STRIKETHROUGH, ELEM_MSG_LABEL };
	for (size_t i = 0; i < G_N_ELEMENTS(list); i++)
		if (list[i] == e)
			return true;
	return false;
}

/* Every element drawn alone, as the 256-colour terminal shows it, against the background
 * the theme is made for (or its own), reversed where the style says so. */
static void
check_contrast(const char *name, guint32 term_fg, guint32 term_bg, double text, double second,
	       bool allow_dim)
{
	g_autoptr(Theme) t = theme_load(name, NULL, NULL);
	assert_non_null(t);
	for (int el = 0; el < ELEM__COUNT; el++) {
		guint8 e = (guint8)el;
		ThemeStyle st = theme_resolve(t, &e, 1);
		int fi = theme_color_index(st.fg, THEME_DEPTH_256);
		int bi = theme_color_index(st.bg, THEME_DEPTH_256);
		guint32 fg = fi < 0 ? term_fg : theme_index_rgb(fi);
		guint32 bg = bi < 0 ? term_bg : theme_index_rgb(bi);
		if (st.attrs & THEME_REVERSE) {
			guint32 tmp = fg;
			fg = bg;
			bg = tmp;
		}
		double need = secondary((ThemeElem)el) ? second : text;
		double got = contrast(fg, bg);
		if (got < need)
			fail_msg("%s: %s has contrast %.2f, needs %.1f", name,
				 theme_elem_name((ThemeElem)el), got, need);
		if (!allow_dim && (st.attrs & THEME_DIM))
			fail_msg("%s: %s is dimmed", name, theme_elem_name((ThemeElem)el));
	}
}

static void
test_light_readable_on_white(void **state)
{
	check_contrast("light", 0x000000, 0xffffff, 4.5, 3.0, true);
	/* With 16 or 8 colours nothing may turn yellow, white or another pale colour. */
	g_autoptr(Theme) t = theme_load("light", NULL, NULL);
	static const ThemeDepth depths[] = { THEME_DEPTH_16, THEME_DEPTH_8 };
	for (size_t d = 0; d < G_N_ELEMENTS(depths); d++) {
		for (int el = 0; el < ELEM__COUNT; el++) {
			guint8 e = (guint8)el;
			ThemeStyle st = theme_resolve(t, &e, 1);
			int fg = theme_color_index(st.fg, depths[d]);
			if (theme_color_index(st.bg, depths[d]) >= 0)
				continue; /* on its own background */
			if (fg == 3 || fg == 7 || fg == 10 || fg == 11 || fg == 14 || fg == 15)
				fail_msg("light: %s becomes colour %d with %d colours",
					 theme_elem_name((ThemeElem)el), fg, depths[d]);
		}
	}
}

static void
test_high_contrast_for_low_vision(void **state)
{
	check_contrast("high-contrast", 0xffffff, 0x000000, 7.0, 7.0, false);
}

static void
test_dark_themes_readable(void **state)
{
	check_contrast("dark", 0xd0d0d0, 0x000000, 4.5, 3.0, true);
	check_contrast("dark", 0xd0d0d0, 0x1c1c1c, 4.5, 3.0, true);
	check_contrast("solarized-dark", 0x839496, 0x002b36, 3.0, 2.0, true);
}

/* ---- hostile theme files ---- */

static void
test_yaml_errors_are_errors_with_position(void **state)
{
	static const char *const bad[] = {
		"elements: {text: [",           /* truncated */
		"elements:\n  text: bold\n x: 1", /* bad indentation */
		"- a\n- b\n",                   /* not a mapping */
		"",                             /* empty */
		"just text",                    /* a scalar */
		"\xff\xfe bad utf-8: 1",        /* not UTF-8 */
		"elements: {text: \"a\0b\"}",   /* NUL is not allowed in YAML */
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(AurError) e = NULL;
		size_t len = i == 6 ? 24 : strlen(bad[i]);
		g_autoptr(GPtrArray) warn = g_ptr_array_new_with_free_func(g_free);
		g_autoptr(Theme) t = theme_parse("t.yaml", bad[i], len, warn, &e);
		if (t != NULL)
			fail_msg("accepted: %s", bad[i]);
		assert_non_null(e);
		assert_str_contains(e->message, "t.yaml");
		assert_non_null(e->hint);
		assert_int_equal(e->category, AUR_ERR_CONFIG);
	}
	g_autoptr(AurError) e = NULL;
	g_autofree char *w = NULL;
	g_autoptr(Theme) t = parse("elements:\n  text: bold\n x: 1\n", &w, &e);
	assert_null(t);
	assert_str_contains(e->message, "t.yaml:3:");
}

static void
test_unknown_names_warn_with_suggestions(void **state)
{
	g_autoptr(AurError) e = NULL;
	g_autofree char *w = NULL;
	g_autoptr(Theme) t = parse("elments: {}\n"
				   "elements:\n"
				   "  heading: bold\n"
				   "  heading2: {fg: bleu, attrs: [bold, undreline]}\n"
				   "  link: {fg: 75, colour: red}\n"
				   "  url: italc magenta\n"
				   "  code_inline: \"#12345\"\n"
				   "  strong: {fg: [1, 2]}\n"
				   "  quote: [bold]\n"
				   "  rule: 256\n",
				   &w, &e);
	assert_non_null(t);
	assert_str_contains(w, "t.yaml:1:1: unknown key 'elments' (did you mean 'elements'?)");
	assert_str_contains(w, "t.yaml:3:3: unknown element 'heading' (did you mean 'heading1'?)");
	assert_str_contains(w, "t.yaml:4:18: unknown colour 'bleu' (did you mean 'blue'?)");
	assert_str_contains(w, "unknown attribute 'undreline' (did you mean 'underline'?)");
	assert_str_contains(w, "t.yaml:5:18: unknown style key 'colour'");
	assert_str_contains(w, "unknown attribute 'italc' (did you mean 'italic'?)");
	assert_str_contains(w, "t.yaml:7:16: unknown colour '#12345'");
	assert_str_contains(w, "t.yaml:8:16: a colour must be a single value");
	assert_str_contains(w, "t.yaml:9:10: a style is a mapping");
	assert_str_contains(w, "t.yaml:10:9: unknown colour '256'");
	/* What was right still counts. */
	const ThemeStyle *h2 = theme_style(t, ELEM_HEADING2);
	assert_int_equal(h2->attrs, THEME_BOLD);
	assert_int_equal(h2->fg.kind, THEME_COLOR_UNSET);
	assert_int_equal(theme_style(t, ELEM_LINK)->fg.index, 75);
	assert_int_equal(theme_style(t, ELEM_URL)->fg.index, 5);
}

static void
test_warnings_are_bounded_and_printable(void **state)
{
	GString *s = g_string_new("elements:\n");
	for (int i = 0; i < 5000; i++)
		g_string_append_printf(s, "  bogus%d: red\n", i);
	g_string_append(s, "  \"bad\\e[31mname\\u202e\": red\n");
	g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(AurError) e = NULL;
	g_autoptr(Theme) t = theme_parse("t.yaml", s->str, s->len, w, &e);
	assert_non_null(t);
	assert_true(w->len <= 201);
	assert_str_contains(w->pdata[w->len - 1], "more warnings not shown");
	g_string_free(s, TRUE);
	/* Control characters from the file never reach the terminal raw. */
	g_autofree char *w2 = NULL;
	g_autoptr(Theme) t2 = parse("elements: {\"x\\e[2Jy\": red}\n", &w2, &e);
	assert_non_null(t2); /* an unknown element is a warning, not an error */
	assert_str_lacks(w2, "\033");
	assert_str_contains(w2, "\\033[2Jy");
}

static void
test_alias_bomb_and_deep_nesting(void **state)
{
	GString *s = g_string_new("a: &a [bold, bold, bold, bold, bold, bold, bold, bold]\n");
	for (int i = 1; i < 12; i++)
		g_string_append_printf(s, "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", 'a' + i,
				       'a' + i, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1,
				       'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1);
	g_string_append(s, "elements:\n  text: {attrs: *l}\n  strong: &s {attrs: *l}\n  emphasis: *s\n");
	g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(AurError) e = NULL;
	g_autoptr(Theme) t = theme_parse("t.yaml", s->str, s->len, w, &e);
	assert_non_null(t); /* the unknown keys a..l are warnings; nothing explodes */
	g_string_free(s, TRUE);
	GString *deep = g_string_new("elements: {text: ");
	for (int i = 0; i < 10000; i++)
		g_string_append_c(deep, '[');
	g_autoptr(AurError) e2 = NULL;
	g_autoptr(Theme) t2 = theme_parse("t.yaml", deep->str, deep->len, NULL, &e2);
	assert_null(t2);
	g_string_free(deep, TRUE);
}

static void
test_short_and_long_forms(void **state)
{
	g_autoptr(AurError) e = NULL;
	g_autofree char *w = NULL;
	g_autoptr(Theme) t = parse("palette:\n  accent: \"#5fafff\"\n  blue: \"#268bd2\"\n"
				   "  bold: red\n  9lives: red\n"
				   "elements:\n"
				   "  heading1: bold underline accent on 236\n"
				   "  link: blue\n"
				   "  url: {fg: \"#fff\", bg: default, attrs: \"dim italic\"}\n"
				   "  rule: bright-red on grey\n"
				   "  text: {}\n",
				   &w, &e);
	assert_non_null(t);
	assert_str_contains(w, "'bold' cannot name a colour");
	assert_str_contains(w, "'9lives' cannot name a colour");
	const ThemeStyle *h = theme_style(t, ELEM_HEADING1);
	assert_int_equal(h->attrs, THEME_BOLD | THEME_UNDERLINE);
	assert_int_equal(h->fg.kind, THEME_COLOR_RGB);
	assert_int_equal(h->fg.index, 75);
	assert_int_equal(h->bg.index, 236);
	/* A palette entry shadows the colour name of the same name. */
	assert_int_equal(theme_style(t, ELEM_LINK)->fg.kind, THEME_COLOR_RGB);
	const ThemeStyle *u = theme_style(t, ELEM_URL);
	assert_int_equal(u->fg.index, 231);
	assert_int_equal(u->bg.kind, THEME_COLOR_DEFAULT);
	assert_int_equal(u->attrs, THEME_DIM | THEME_ITALIC);
	const ThemeStyle *r = theme_style(t, ELEM_RULE);
	assert_int_equal(r->fg.index, 9);
	assert_int_equal(r->bg.index, 8);
	assert_true(theme_defines(t, ELEM_TEXT));
	assert_false(theme_defines(t, ELEM_STRONG));
}

static void
test_inherit(void **state)
{
	/* A user theme named like a shipped one replaces it, and may start from it. */
	user_theme("dark", "inherit: dark\nelements:\n  heading1: red\n");
	g_autoptr(AurError) e = NULL;
	g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(Theme) t = theme_load("dark", w, &e);
	assert_non_null(t);
	assert_int_equal(w->len, 0);
	assert_int_equal(theme_style(t, ELEM_HEADING1)->fg.index, 1);
	assert_int_equal(theme_style(t, ELEM_HEADING1)->attrs, 0); /* replaced as a whole */
	assert_true(theme_style(t, ELEM_HEADING2)->attrs & THEME_BOLD); /* inherited */
	assert_false(theme_is_light(t));
	g_autofree char *path = theme_find("dark");
	assert_str_contains(path, config_home);

	user_theme("loop-a", "inherit: loop-b\n");
	user_theme("loop-b", "inherit: loop-a\n");
	g_autoptr(AurError) e2 = NULL;
	g_autoptr(Theme) t2 = theme_load("loop-a", NULL, &e2);
	assert_null(t2);
	assert_str_contains(e2->message, "loop");

	user_theme("orphan", "inherit: nosuch\n");
	g_autoptr(AurError) e3 = NULL;
	g_autoptr(Theme) t3 = theme_load("orphan", NULL, &e3);
	assert_null(t3);
	assert_str_contains(e3->message, "orphan.yaml:1:10: inherits 'nosuch'");

	user_theme("self", "inherit: self\n");
	g_autoptr(AurError) e4 = NULL;
	g_autoptr(Theme) t4 = theme_load("self", NULL, &e4);
	assert_null(t4);

	user_theme("light2", "inherit: light\ndescription: mine\n");
	g_autoptr(Theme) t5 = theme_load("light2", NULL, NULL);
	assert_true(theme_is_light(t5));
	assert_string_equal(theme_description(t5), "mine");
}

static void
test_names_and_fallback(void **state)
{
	static const char *const bad[] = { "../dark", "a/b", "", "dark.yaml", "x y", NULL };
	for (int i = 0; bad[i]; i++) {
		g_autoptr(AurError) e = NULL;
		g_autoptr(Theme) t = theme_load(bad[i], NULL, &e);
		assert_null(t);
		assert_int_equal(e->category, AUR_ERR_CONFIG);
	}
	g_autoptr(AurError) e = NULL;
	g_autoptr(Theme) t = theme_load("lihgt", NULL, &e);
	assert_null(t);
	assert_int_equal(e->category, AUR_ERR_NOT_FOUND);
	assert_string_equal(e->hint, "Did you mean 'light'?");

	/* A broken theme falls back to the default and says why. */
	user_theme("broken", "elements: [");
	g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(Theme) t2 = theme_open("broken", w);
	assert_string_equal(theme_name(t2), "dark");
	assert_int_equal(w->len, 1);
	assert_str_contains(w->pdata[0], "broken.yaml:2:1: did not find expected node content");
	assert_str_contains(w->pdata[0], "so the default theme is used. Fix the YAML syntax");

	/* With no theme files at all, the built-in monochrome theme is left. */
	g_setenv("AURELIS_DATA_DIR", "/nonexistent", TRUE);
	g_autoptr(GPtrArray) w2 = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(Theme) t3 = theme_open("dark", w2);
	assert_string_equal(theme_name(t3), "mono");
	assert_str_contains(w2->pdata[0], "so the monochrome theme is used.");
	g_setenv("AURELIS_DATA_DIR", TEST_SRCDIR, TRUE);
}

static void
test_big_file_refused(void **state)
{
	GString *s = g_string_new("elements:\n");
	while (s->len < 300 * 1024)
		g_string_append(s, "  # padding padding padding padding padding padding padding\n");
	user_theme("huge", s->str);
	g_string_free(s, TRUE);
	g_autoptr(AurError) e = NULL;
	g_autoptr(Theme) t = theme_load("huge", NULL, &e);
	assert_null(t);
	assert_non_null(e);
}

/* ---- colours ---- */

static void
test_color_parsing(void **state)
{
	ThemeColor c;
	assert_true(theme_parse_color(NULL, "red", &c));
	assert_int_equal(c.index, 1);
	assert_true(theme_parse_color(NULL, "bright-white", &c));
	assert_int_equal(c.index, 15);
	assert_true(theme_parse_color(NULL, "grey", &c));
	assert_int_equal(c.index, 8);
	assert_true(theme_parse_color(NULL, "0", &c));
	assert_int_equal(c.index, 0);
	assert_true(theme_parse_color(NULL, "255", &c));
	assert_true(theme_parse_color(NULL, "#000", &c));
	assert_int_equal(c.index, 16);
	assert_true(theme_parse_color(NULL, "#FFFFFF", &c));
	assert_int_equal(c.index, 231);
	assert_true(theme_parse_color(NULL, "default", &c));
	assert_int_equal(c.kind, THEME_COLOR_DEFAULT);
	static const char *const bad[] = { "", "256", "-1", "1.5", "#12", "#1234567", "#ggg",
					   "Red", "bright", "0x10", " 1", NULL };
	for (int i = 0; bad[i]; i++)
		if (theme_parse_color(NULL, bad[i], &c))
			fail_msg("accepted colour '%s'", bad[i]);
}

static void
test_nearest_colors(void **state)
{
	/* Exact palette colours map to themselves. */
	for (int i = 16; i < 256; i++)
		assert_int_equal(theme_index_rgb(theme_rgb_to_256(theme_index_rgb(i))), theme_index_rgb(i));
	assert_int_equal(theme_rgb_to_256(0x5fafff), 75);
	assert_int_equal(theme_rgb_to_256(0x808080), 244);
	assert_int_equal(theme_rgb_to_256(0x010101), 16);
	assert_int_equal(theme_index_rgb(232), 0x080808);
	assert_int_equal(theme_index_rgb(255), 0xeeeeee);
	assert_int_equal(theme_index_rgb(-1), 0);
}

static void
test_degrading(void **state)
{
	ThemeColor c;
	assert_true(theme_parse_color(NULL, "#ff0000", &c));
	assert_int_equal(theme_color_index(c, THEME_DEPTH_256), 196);
	assert_int_equal(theme_color_index(c, THEME_DEPTH_16), 9);
	assert_int_equal(theme_color_index(c, THEME_DEPTH_8), 1);
	assert_int_equal(theme_color_index(c, THEME_DEPTH_NONE), -1);
	assert_true(theme_parse_color(NULL, "bright-blue", &c));
	assert_int_equal(theme_color_index(c, THEME_DEPTH_256), 12);
	assert_int_equal(theme_color_index(c, THEME_DEPTH_16), 12);
	assert_int_equal(theme_color_index(c, THEME_DEPTH_8), 4);
	assert_true(theme_parse_color(NULL, "grey", &c));
	assert_int_equal(theme_color_index(c, THEME_DEPTH_8), -1); /* not black */
	assert_true(theme_parse_color(NULL, "22", &c));            /* #005f00 */
	assert_int_equal(theme_color_index(c, THEME_DEPTH_16), 2);
	assert_true(theme_parse_color(NULL, "default", &c));
	assert_int_equal(theme_color_index(c, THEME_DEPTH_256), -1);
}

static void
test_sgr(void **state)
{
	g_autoptr(GString) s = g_string_new(NULL);
	ThemeStyle st = { 0 };
	theme_sgr_append(s, &st, THEME_DEPTH_256);
	assert_string_equal(s->str, "\033[0m");
	g_string_truncate(s, 0);
	assert_true(theme_parse_color(NULL, "#5fafff", &st.fg));
	assert_true(theme_parse_color(NULL, "red", &st.bg));
	st.attrs = THEME_BOLD | THEME_UNDERLINE | THEME_STRIKE;
	theme_sgr_append(s, &st, THEME_DEPTH_256);
	assert_string_equal(s->str, "\033[0;1;4;9;38;5;75;41m");
	g_string_truncate(s, 0);
	theme_sgr_append(s, &st, THEME_DEPTH_16);
	assert_string_equal(s->str, "\033[0;1;4;9;94;41m");
	g_string_truncate(s, 0);
	theme_sgr_append(s, &st, THEME_DEPTH_NONE);
	assert_string_equal(s->str, "\033[0;1;4;9m");
}

static void
test_resolve_layers(void **state)
{
	g_autoptr(AurError) e = NULL;
	g_autofree char *w = NULL;
	g_autoptr(Theme) t = parse("elements:\n  text: white on black\n  heading1: bold blue\n"
				   "  emphasis: italic\n  link: {fg: default}\n",
				   &w, &e);
	guint8 stack[] = { ELEM_EMPHASIS, ELEM_HEADING1 };
	ThemeStyle st = theme_resolve(t, stack, 2);
	assert_int_equal(st.attrs, THEME_BOLD | THEME_ITALIC);
	assert_int_equal(st.fg.index, 4);
	assert_int_equal(st.bg.index, 0);
	guint8 link[] = { ELEM_LINK, ELEM_HEADING1, ELEM__COUNT, 250 };
	st = theme_resolve(t, link, 4);
	assert_int_equal(st.fg.kind, THEME_COLOR_DEFAULT);
}

static void
test_depth_from_env(void **state)
{
	assert_int_equal(theme_depth_from_env(NULL, NULL), THEME_DEPTH_NONE);
	assert_int_equal(theme_depth_from_env("dumb", "truecolor"), THEME_DEPTH_NONE);
	assert_int_equal(theme_depth_from_env("xterm", "truecolor"), THEME_DEPTH_256);
	assert_int_equal(theme_depth_from_env("xterm-256color", NULL), THEME_DEPTH_256);
	assert_int_equal(theme_depth_from_env("tmux-256color", NULL), THEME_DEPTH_256);
	assert_int_equal(theme_depth_from_env("xterm", NULL), THEME_DEPTH_16);
	assert_int_equal(theme_depth_from_env("screen", NULL), THEME_DEPTH_16);
	assert_int_equal(theme_depth_from_env("linux", NULL), THEME_DEPTH_8);
	assert_int_equal(theme_depth_from_env("vt100", NULL), THEME_DEPTH_8);
}

static void
test_elements(void **state)
{
	for (int i = 0; i < ELEM__COUNT; i++) {
		const char *n = theme_elem_name((ThemeElem)i);
		assert_int_equal(theme_elem_from_name(n), i);
		assert_true(strlen(theme_elem_doc((ThemeElem)i)) > 5);
		for (const char *p = n; *p; p++)
			assert_true(g_ascii_islower(*p) || g_ascii_isdigit(*p) || *p == '_');
	}
	assert_int_equal(theme_elem_from_name("nosuch"), ELEM__COUNT);
	assert_int_equal(theme_elem_from_name(NULL), ELEM__COUNT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_shipped_load_cleanly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mono_file_matches_builtin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_light_readable_on_white, setup, teardown),
		cmocka_unit_test_setup_teardown(test_high_contrast_for_low_vision, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dark_themes_readable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_yaml_errors_are_errors_with_position, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_names_warn_with_suggestions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_warnings_are_bounded_and_printable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alias_bomb_and_deep_nesting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_short_and_long_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inherit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names_and_fallback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_big_file_refused, setup, teardown),
		cmocka_unit_test(test_color_parsing),
		cmocka_unit_test(test_nearest_colors),
		cmocka_unit_test(test_degrading),
		cmocka_unit_test(test_sgr),
		cmocka_unit_test_setup_teardown(test_resolve_layers, setup, teardown),
		cmocka_unit_test(test_depth_from_env),
		cmocka_unit_test(test_elements),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
