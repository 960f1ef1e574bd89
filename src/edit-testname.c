/* SPDX-License-Identifier: MIT */
/* Where a test file for a source file goes, by each language's usual convention. */
#include "autoconfig.h"

#include <string.h>

#include <glib.h>

#include "edit-fence.h"
#include "edit-testname.h"
#include "util.h"

/* The first row of a language is its usual framework.  In patterns, {dir} is the source's
 * directory ("" or ending in '/'), {mirror} the same with src/main/ turned into src/test/
 * (Maven and Gradle layouts), {stem} the file name without its extension, {Stem} the same
 * capitalised, {ext} the extension without its dot. */
static const struct {
	const char *lang;
	const char *framework;
	const char *pattern;
} conventions[] = {
	{ "python", "pytest", "tests/test_{stem}.py" },
	{ "python", "unittest", "tests/test_{stem}.py" },
	{ "javascript", "jest", "{dir}{stem}.test.{ext}" },
	{ "javascript", "vitest", "{dir}{stem}.test.{ext}" },
	{ "javascript", "mocha", "test/{stem}.spec.{ext}" },
	{ "javascript", "jasmine", "spec/{stem}.spec.{ext}" },
	{ "javascript", "node", "test/{stem}.test.{ext}" },
	{ "typescript", "vitest", "{dir}{stem}.spec.{ext}" },
	{ "typescript", "jest", "{dir}{stem}.test.{ext}" },
	{ "typescript", "jasmine", "{dir}{stem}.spec.{ext}" },
	{ "typescript", "mocha", "test/{stem}.spec.{ext}" },
	{ "c", "cmocka", "tests/test_{stem}.c" },
	{ "c", "unity", "test/test_{stem}.c" },
	{ "c", "criterion", "tests/{stem}_test.c" },
	{ "c", "check", "tests/check_{stem}.c" },
	{ "cpp", "gtest", "tests/{stem}_test.cpp" },
	{ "cpp", "catch2", "tests/test_{stem}.cpp" },
	{ "cpp", "doctest", "tests/test_{stem}.cpp" },
	{ "shell", "bats", "test/{stem}.bats" },
	{ "shell", "shunit2", "tests/test_{stem}.sh" },
	{ "go", "testing", "{dir}{stem}_test.go" },
	{ "rust", "cargo", "tests/{stem}.rs" },
	{ "java", "junit", "{mirror}{Stem}Test.java" },
	{ "kotlin", "junit", "{mirror}{Stem}Test.kt" },
	{ "ruby", "rspec", "spec/{stem}_spec.rb" },
	{ "ruby", "minitest", "test/test_{stem}.rb" },
	{ "php", "phpunit", "tests/{Stem}Test.php" },
	{ "lua", "busted", "spec/{stem}_spec.lua" },
	{ "perl", "test-more", "t/{stem}.t" },
};

const char *
edit_testname_framework(const char *lang)
{
	for (size_t i = 0; lang != NULL && i < G_N_ELEMENTS(conventions); i++)
		if (strcmp(conventions[i].lang, lang) == 0)
			return conventions[i].framework;
	return NULL;
}

char *
edit_testname_frameworks(const char *lang)
{
	GString *s = g_string_new(NULL);
	for (size_t i = 0; lang != NULL && i < G_N_ELEMENTS(conventions); i++)
		if (strcmp(conventions[i].lang, lang) == 0)
			g_string_append_printf(s, "%s%s", s->len ? ", " : "", conventions[i].framework);
	return g_string_free(s, FALSE);
}

static const char *
find_pattern(const char *lang, const char *framework)
{
	for (size_t i = 0; i < G_N_ELEMENTS(conventions); i++)
		if (strcmp(conventions[i].lang, lang) == 0 &&
		    (framework == NULL || g_ascii_strcasecmp(conventions[i].framework, framework) == 0))
			return conventions[i].pattern;
	return NULL;
}

static void
unknown_framework(const char *lang, const char *framework, AurError **err)
{
	const char *names[G_N_ELEMENTS(conventions) + 1];
	size_t n = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(conventions); i++)
		if (strcmp(conventions[i].lang, lang) == 0)
			names[n++] = conventions[i].framework;
	names[n] = NULL;
	const char *guess = util_did_you_mean(framework, names);
	g_autofree char *list = edit_testname_frameworks(lang);
	g_autofree char *hint = guess != NULL
		? g_strdup_printf("Did you mean %s?  Known for %s: %s.", guess, lang, list)
		: g_strdup_printf("Known for %s: %s; or name the file with -o.", lang, list);
	aur_error_set(err, AUR_ERR_USAGE, hint, "unknown test framework '%s' for %s", framework,
		      lang);
}

/* Fill a pattern's placeholders from the source path. */
static char *
expand(const char *pattern, const char *source)
{
	g_autofree char *base = g_path_get_basename(source);
	const char *slash = strrchr(source, '/');
	g_autofree char *dir = slash != NULL ? g_strndup(source, (gsize)(slash - source) + 1)
					     : g_strdup("");
	const char *dot = strrchr(base, '.');
	g_autofree char *stem = dot != NULL && dot != base ? g_strndup(base, (gsize)(dot - base))
							   : g_strdup(base);
	const char *ext = dot != NULL && dot != base ? dot + 1 : "";
	g_autofree char *cap = g_strdup(stem);
	cap[0] = g_ascii_toupper(cap[0]);
	const char *main = strstr(dir, "src/main/");
	g_autofree char *mirror = main == NULL ? g_strdup(dir)
		: g_strdup_printf("%.*ssrc/test/%s", (int)(main - dir), dir, main + 9);
	const char *const keys[][2] = {
		{ "{dir}", dir }, { "{mirror}", mirror }, { "{stem}", stem },
		{ "{Stem}", cap }, { "{ext}", ext },
	};
	GString *out = g_string_new(NULL);
	for (const char *p = pattern; *p != '\0';) {
		size_t i = 0;
		while (i < G_N_ELEMENTS(keys) && strncmp(p, keys[i][0], strlen(keys[i][0])) != 0)
			i++;
		if (i < G_N_ELEMENTS(keys)) {
			g_string_append(out, keys[i][1]);
			p += strlen(keys[i][0]);
		} else {
			g_string_append_c(out, *p++);
		}
	}
	return g_string_free(out, FALSE);
}

char *
edit_testname(const char *source, const char *lang, const char *framework, AurError **err)
{
	if (source == NULL || *source == '\0' || g_str_has_suffix(source, "/")) {
		aur_error_set(err, AUR_ERR_USAGE, "Name the source file to test.",
			      "no source file given");
		return NULL;
	}
	const char *l = lang != NULL ? edit_fence_lang_canonical(lang) : edit_fence_lang_from_path(source);
	if (l == NULL || edit_testname_framework(l) == NULL) {
		aur_error_set(err, AUR_ERR_USAGE, "Name the test file with -o FILE.",
			      "no test-file convention known for %s%s%s", source,
			      lang != NULL ? " in " : "", lang != NULL ? lang : "");
		return NULL;
	}
	const char *pattern = find_pattern(l, framework);
	if (pattern == NULL) {
		unknown_framework(l, framework, err);
		return NULL;
	}
	return expand(pattern, source);
}
