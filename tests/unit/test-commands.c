/* SPDX-License-Identifier: MIT */
/* Unit tests for commands.c: the table, parsing, did-you-mean, help, the man section and
 * completion. */
#include "autoconfig.h"

#include <unistd.h>

#include "commands.h"
#include "unit.h"

static void
test_table_is_complete(void **state)
{
	(void)state;
	static const char *const wanted[] = {
		"help", "model", "models", "add", "drop", "files", "clear", "new", "save", "load",
		"sessions", "export", "analyze", "generate", "explain", "fix", "diff", "apply",
		"copy", "retry", "compact", "tokens", "stats", "theme", "quit", NULL,
	};
	for (int i = 0; wanted[i] != NULL; i++)
		if (commands_find(wanted[i]) == NULL)
			fail_msg("/%s is missing", wanted[i]);
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
	for (const SlashCommand *c = commands_table(); c->name != NULL; c++) {
		assert_non_null(c->run);
		assert_non_null(c->summary);
		assert_non_null(c->help);
		assert_non_null(c->args);
		/* Summaries read as the second half of "/x: ..." and start the man entry. */
		assert_true(g_ascii_islower(c->summary[0]));
		assert_false(g_str_has_suffix(c->summary, "."));
		assert_true(g_str_has_suffix(c->help, "."));
		/* Plain text only: it goes into markdown and roff unchanged. */
		assert_null(strpbrk(c->help, "*_`\\<>"));
		assert_null(strpbrk(c->summary, "*_`\\<>"));
		if (c->min_args > 0)
			assert_true(*c->args != '\0');
		if (c->max_args == 0)
			assert_string_equal(c->args, "");
		assert_false(g_hash_table_contains(seen, c->name));
		g_hash_table_add(seen, (gpointer)c->name);
		if (c->aliases != NULL) {
			g_auto(GStrv) list = g_strsplit(c->aliases, " ", -1);
			for (int i = 0; list[i] != NULL; i++) {
				assert_false(g_hash_table_contains(seen, list[i]));
				assert_ptr_equal(commands_find(list[i]), c);
			}
		}
	}
	assert_null(commands_find(""));
	assert_null(commands_find("hel"));
	assert_ptr_equal(commands_find("exit"), commands_find("quit"));
	assert_ptr_equal(commands_find("?"), commands_find("help"));
}

static void
test_is_command(void **state)
{
	(void)state;
	assert_true(commands_is_command("/help"));
	assert_true(commands_is_command("/model openai/gpt-4.1"));
	assert_true(commands_is_command("/"));
	assert_true(commands_is_command("/hlep me"));
	assert_false(commands_is_command("//help is a prompt"));
	assert_false(commands_is_command("/usr/bin/ls is slow, why?"));
	assert_false(commands_is_command("hello /help"));
	assert_false(commands_is_command(" /help"));
	assert_false(commands_is_command(""));
	assert_false(commands_is_command(NULL));
}

static SlashCall *
parse_ok(const char *line)
{
	AurError *err = NULL;
	SlashCall *c = commands_parse(line, &err);
	if (c == NULL)
		fail_msg("%s: %s", line, err->message);
	return c;
}

static AurError *
parse_fails(const char *line)
{
	AurError *err = NULL;
	SlashCall *c = commands_parse(line, &err);
	if (c != NULL)
		fail_msg("%s parsed", line);
	assert_non_null(err);
	assert_int_equal(err->category, AUR_ERR_USAGE);
	assert_non_null(err->hint);
	return err;
}

static void
test_parse_words_and_flags(void **state)
{
	(void)state;
	g_autoptr(SlashCall) a = parse_ok("/model   openai/gpt-4.1  ");
	assert_string_equal(a->cmd->name, "model");
	assert_int_equal(a->argc, 1);
	assert_string_equal(a->argv[0], "openai/gpt-4.1");
	assert_null(a->argv[1]);

	g_autoptr(SlashCall) b = parse_ok("/add a.c 'b c.c' \"d\\\"e\" --pin");
	assert_int_equal(b->argc, 3);
	assert_string_equal(b->argv[1], "b c.c");
	assert_string_equal(b->argv[2], "d\"e");
	assert_true(b->pin);
	assert_false(b->yes);

	g_autoptr(SlashCall) c = parse_ok("/export md out.md -y");
	assert_int_equal(c->argc, 2);
	assert_true(c->yes);
	g_autoptr(SlashCall) d = parse_ok("/apply --yes");
	assert_int_equal(d->argc, 0);
	assert_true(d->yes);
	/* After --, a word that looks like a flag is a file name. */
	g_autoptr(SlashCall) e = parse_ok("/add -- -odd-name");
	assert_int_equal(e->argc, 1);
	assert_string_equal(e->argv[0], "-odd-name");

	g_autoptr(SlashCall) q = parse_ok("/exit");
	assert_string_equal(q->cmd->name, "quit");
	assert_int_equal(q->argc, 0);
}

static void
test_parse_free_text(void **state)
{
	(void)state;
	/* Free text keeps its quotes and apostrophes exactly. */
	g_autoptr(SlashCall) g = parse_ok("/generate a \"quoted\" parser that doesn't crash");
	assert_int_equal(g->argc, 1);
	assert_string_equal(g->argv[0], "a \"quoted\" parser that doesn't crash");
	g_autoptr(SlashCall) f = parse_ok("/fix 'my file.c' it doesn't build -y");
	assert_int_equal(f->argc, 2);
	assert_string_equal(f->argv[0], "my file.c");
	assert_string_equal(f->argv[1], "it doesn't build -y");
	g_autoptr(SlashCall) f1 = parse_ok("/fix main.c");
	assert_int_equal(f1->argc, 1);
	assert_string_equal(f1->rest, "main.c");
}

static void
test_parse_errors(void **state)
{
	(void)state;
	g_autoptr(AurError) unknown = parse_fails("/hlep");
	assert_str_contains(unknown->message, "unknown command /hlep");
	assert_str_contains(unknown->hint, "Did you mean /help?");
	g_autoptr(AurError) far = parse_fails("/zzzzzzzzzz");
	assert_str_lacks(far->hint, "Did you mean");
	assert_str_contains(far->hint, "//");
	g_autoptr(AurError) empty = parse_fails("/");
	assert_str_contains(empty->message, "missing");
	g_autoptr(AurError) many = parse_fails("/help a b");
	assert_str_contains(many->message, "too many arguments");
	assert_str_contains(many->hint, "Usage: /help [COMMAND]");
	g_autoptr(AurError) few = parse_fails("/load");
	assert_str_contains(few->message, "missing argument");
	g_autoptr(AurError) flag = parse_fails("/add --bogus x");
	assert_str_contains(flag->message, "unknown option --bogus");
	g_autoptr(AurError) noyes = parse_fails("/add --yes x");
	assert_str_contains(noyes->message, "--yes");
	g_autoptr(AurError) quote = parse_fails("/add 'unterminated");
	assert_str_contains(quote->message, "/add");
	g_autoptr(AurError) gen = parse_fails("/generate");
	assert_str_contains(gen->message, "missing argument");
}

static void
test_parse_hostile(void **state)
{
	(void)state;
	/* Long lines, control characters, invalid UTF-8 and NUL-free junk never crash. */
	GString *big = g_string_new("/add ");
	for (int i = 0; i < 20000; i++)
		g_string_append(big, "x\001\377 ");
	AurError *err = NULL;
	SlashCall *c = commands_parse(big->str, &err);
	assert_non_null(c);
	assert_int_equal(c->argc, 20000);
	commands_call_free(c);
	g_string_free(big, TRUE);
	static const char *const junk[] = {
		"/\xff\xfe", "/model \"", "/model '\\", "/export \x01 \x02 \x03", "/fix \"a",
		"/fix '' ''", "/copy \xe2\x82", "/\t\t\t", "/help\n", "/q\r", NULL,
	};
	for (int i = 0; junk[i] != NULL; i++) {
		AurError *e = NULL;
		SlashCall *s = commands_parse(junk[i], &e);
		assert_true((s == NULL) != (e == NULL));
		commands_call_free(s);
		aur_error_free(e);
	}
}

static void
test_help(void **state)
{
	(void)state;
	g_autofree char *all = commands_help(NULL);
	for (const SlashCommand *c = commands_table(); c->name != NULL; c++) {
		/* Commands of the full screen alone say so, in every face. */
		g_autofree char *entry = g_strdup_printf("`/%s%s%s`: %s%s\n", c->name,
							 *c->args ? " " : "", c->args, c->summary,
							 c->face == SLASH_FULL_SCREEN
							 ? " (full screen only)" : "");
		assert_str_contains(all, entry);
	}
	assert_str_contains(all, "Ctrl-D");
	assert_str_contains(all, "`/open FILE`: show a file in the code preview (full screen only)\n");
	assert_str_contains(all, "`/tokens`: show the token meter\n");
	g_autofree char *one = commands_help("/export");
	assert_str_contains(one, "`/export [md|json] [FILE]`: export the session");
	assert_str_contains(one, "--yes");
	g_autofree char *alias = commands_help("q");
	assert_str_contains(alias, "`/quit`");
	assert_str_contains(alias, "Also: `/exit` `/q`");
	assert_null(commands_help("nonsense"));
}

/* The SLASH COMMANDS section of aurelis(1) is exactly what the table generates. */
static void
test_man_page_matches_table(void **state)
{
	(void)state;
	g_autofree char *page = NULL;
	assert_true(g_file_get_contents(TEST_SRCDIR "/man/aurelis.1", &page, NULL, NULL));
	g_autofree char *section = commands_man_section();
	const char *begin = strstr(page, COMMANDS_MAN_BEGIN);
	assert_non_null(begin);
	const char *end = strstr(begin, COMMANDS_MAN_END "\n");
	assert_non_null(end);
	g_autofree char *have = g_strndup(begin, (gsize)(end - begin) + strlen(COMMANDS_MAN_END "\n"));
	if (strcmp(have, section) != 0)
		fail_msg("man/aurelis.1 is out of date: run `make man-slash`");
	for (const SlashCommand *c = commands_table(); c->name != NULL; c++) {
		g_autofree char *entry = g_strdup_printf("/%s", c->name);
		assert_str_contains(section, entry);
	}
	/* roff: hyphens escaped, no line starting with a dot that is not a request. */
	assert_str_contains(section, "\\-\\-yes");
	g_auto(GStrv) lines = g_strsplit(section, "\n", -1);
	for (int i = 0; lines[i] != NULL; i++)
		if (lines[i][0] == '.')
			assert_true(g_ascii_isupper(lines[i][1]) || lines[i][1] == '\\');
}

static GPtrArray *
complete(const char *line)
{
	/* Complete the last word of line. */
	const char *sp = strrchr(line, ' ');
	size_t start = sp ? (size_t)(sp - line) + 1 : 0;
	return commands_complete(NULL, line, start);
}

static void
assert_cands(GPtrArray *got, const char *const *want)
{
	guint n = 0;
	while (want[n] != NULL)
		n++;
	if (got->len != n) {
		g_ptr_array_add(got, NULL);
		g_autofree char *all = g_strjoinv(",", (char **)got->pdata);
		fail_msg("got %u candidates (%s), want %u", got->len - 1, all, n);
	}
	for (guint i = 0; i < n; i++)
		assert_string_equal(got->pdata[i], want[i]);
}

static void
test_complete_commands(void **state)
{
	(void)state;
	g_autoptr(GPtrArray) he = complete("/he");
	assert_cands(he, (const char *const[]){ "/help", NULL });
	g_autoptr(GPtrArray) mo = complete("/mo");
	assert_cands(mo, (const char *const[]){ "/model", "/models", NULL });
	g_autoptr(GPtrArray) all = complete("/");
	guint n = 0;
	for (const SlashCommand *c = commands_table(); c->name != NULL; c++)
		n++;
	assert_int_equal(all->len, n);
	g_autoptr(GPtrArray) help = complete("/help mo");
	assert_cands(help, (const char *const[]){ "model", "models", NULL });
	g_autoptr(GPtrArray) fmt = complete("/export j");
	assert_cands(fmt, (const char *const[]){ "json", NULL });
	g_autoptr(GPtrArray) flag = complete("/add --p");
	assert_cands(flag, (const char *const[]){ "--pin", NULL });
	g_autoptr(GPtrArray) none = complete("/quit x");
	assert_int_equal(none->len, 0);
	g_autoptr(GPtrArray) prose = complete("tell me about /he");
	assert_int_equal(prose->len, 0);
	g_autoptr(GPtrArray) unknown = complete("/nosuch a");
	assert_int_equal(unknown->len, 0);
	g_setenv("AURELIS_DATA_DIR", TEST_SRCDIR, TRUE);
	g_autoptr(GPtrArray) themes = complete("/theme d");
	assert_true(themes->len >= 1);
	assert_string_equal(themes->pdata[0], "dark");
}

static void
test_complete_paths(void **state)
{
	(void)state;
	char *dir = unit_tmpdir();
	g_autofree char *cwd = g_get_current_dir();
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(g_mkdir("src", 0700), 0);
	unit_write("src/main.c", "int main;\n");
	unit_write("src/main.h", "\n");
	unit_write("readme", "\n");
	unit_write(".hidden", "\n");
	g_autoptr(GPtrArray) top = complete("/add ");
	assert_cands(top, (const char *const[]){ "readme", "src/", NULL });
	g_autoptr(GPtrArray) dot = complete("/add .h");
	assert_cands(dot, (const char *const[]){ ".hidden", NULL });
	g_autoptr(GPtrArray) in = complete("/explain src/ma");
	assert_cands(in, (const char *const[]){ "src/main.c", "src/main.h", NULL });
	/* The export file name is the second argument. */
	g_autoptr(GPtrArray) second = complete("/export md re");
	assert_cands(second, (const char *const[]){ "readme", NULL });
	g_autoptr(GPtrArray) missing = complete("/add nodir/x");
	assert_int_equal(missing->len, 0);
	g_setenv("HOME", dir, TRUE);
	g_autoptr(GPtrArray) home = commands_complete_path("~/src/main.");
	assert_cands(home, (const char *const[]){ "~/src/main.c", "~/src/main.h", NULL });
	assert_int_equal(chdir(cwd), 0);
	unit_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_is_complete),
		cmocka_unit_test(test_is_command),
		cmocka_unit_test(test_parse_words_and_flags),
		cmocka_unit_test(test_parse_free_text),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_hostile),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_man_page_matches_table),
		cmocka_unit_test(test_complete_commands),
		cmocka_unit_test(test_complete_paths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
