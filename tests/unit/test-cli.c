/* SPDX-License-Identifier: MIT */
/* Unit tests for cli.c: option parsing, command lookup, suggestions. */
#include "autoconfig.h"

#include "cli.h"
#include "unit.h"

static const AurOption opts[] = {
	{ "output", 'o', OPT_VALUE, "FILE", "write here", COMPLETE_FILE, NULL },
	{ "file", 'f', OPT_MULTI, "FILE", "add a file", COMPLETE_FILE, NULL },
	{ "yes", 'y', OPT_FLAG, NULL, "do not ask", COMPLETE_NONE, NULL },
	{ NULL, 0, 0, NULL, NULL, 0, NULL },
};

static int run_nothing(AurContext *c, AurArgs *a) { return 0; }

static const AurCommand cmd = {
	.name = "demo", .summary = "demo", .usage = "[FILE]", .options = opts, .run = run_nothing,
};

static AurArgs *
parse(AurError **err, ...)
{
	va_list ap;
	va_start(ap, err);
	GPtrArray *v = g_ptr_array_new();
	g_ptr_array_add(v, (gpointer) "aurelis");
	const char *s;
	while ((s = va_arg(ap, const char *)) != NULL)
		g_ptr_array_add(v, (gpointer)s);
	va_end(ap);
	AurArgs *a = cli_parse(&cmd, (int)v->len, (char **)v->pdata, 1, err);
	g_ptr_array_unref(v);
	return a;
}

static void
test_forms(void **state)
{
	AurError *e = NULL;
	AurArgs *a = parse(&e, "-o", "x.c", "--file=a", "-fb", "--file", "c", "-yv", "pos1",
			   "--", "--not-an-option", "-", NULL);
	assert_non_null(a);
	assert_string_equal(args_value(a, "output"), "x.c");
	const char *const *f = args_values(a, "file");
	assert_string_equal(f[0], "a");
	assert_string_equal(f[1], "b");
	assert_string_equal(f[2], "c");
	assert_null(f[3]);
	assert_true(args_flag(a, "yes"));
	assert_int_equal(args_count(a, "verbose"), 1);
	assert_int_equal(args_npos(a), 3);
	assert_string_equal(args_pos(a, 0), "pos1");
	assert_string_equal(args_pos(a, 1), "--not-an-option");
	assert_string_equal(args_pos(a, 2), "-");
	assert_null(args_value(a, "missing"));
	assert_null(args_values(a, "missing")[0]);
	cli_args_free(a);
}

static void
test_last_value_wins_and_counts(void **state)
{
	AurError *e = NULL;
	AurArgs *a = parse(&e, "-o", "a", "--output", "b", "-vvv", NULL);
	assert_string_equal(args_value(a, "output"), "b");
	assert_int_equal(args_count(a, "verbose"), 3);
	cli_args_free(a);
}

static void
test_unknown_option_suggests(void **state)
{
	AurError *e = NULL;
	assert_null(parse(&e, "--outptu", "x", NULL));
	assert_non_null(e);
	assert_int_equal(e->category, AUR_ERR_USAGE);
	assert_str_contains(e->message, "--outptu");
	assert_str_contains(e->hint, "--output");
	aur_error_free(e);
	e = NULL;
	assert_null(parse(&e, "-Z", NULL));
	assert_str_contains(e->message, "-Z");
	aur_error_free(e);
}

static void
test_missing_value(void **state)
{
	AurError *e = NULL;
	assert_null(parse(&e, "--output", NULL));
	assert_int_equal(e->category, AUR_ERR_USAGE);
	assert_str_contains(e->message, "needs a value");
	aur_error_free(e);
	e = NULL;
	assert_null(parse(&e, "--yes=no", NULL));
	assert_str_contains(e->message, "takes no value");
	aur_error_free(e);
}

static void
test_command_index(void **state)
{
	const char *a1[] = { "aurelis", "--model", "m", "-v", "config", "show", NULL };
	assert_int_equal(cli_find_command_index(6, (char **)a1), 4);
	const char *a2[] = { "aurelis", "--model=m", "-q", NULL };
	assert_int_equal(cli_find_command_index(3, (char **)a2), 0);
	const char *a3[] = { "aurelis", "-m", "x", "ask", NULL };
	assert_int_equal(cli_find_command_index(4, (char **)a3), 3);
	assert_non_null(cli_find_command("config"));
	assert_null(cli_find_command("nope"));
}

static void
test_completion_scripts(void **state)
{
	for (int i = 0; i < 3; i++) {
		static const char *const shells[] = { "bash", "zsh", "fish" };
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		assert_true(cli_print_completion(f, shells[i], NULL));
		fclose(f);
		/* Generated from the table: every command appears. */
		for (const AurCommand *const *c = cli_commands(); *c; c++)
			assert_str_contains(buf, (*c)->name);
		assert_str_contains(buf, "no-cache");
		free(buf);
	}
	AurError *e = NULL;
	FILE *f = fopen("/dev/null", "w");
	assert_false(cli_print_completion(f, "bsh", &e));
	fclose(f);
	assert_str_contains(e->hint, "bash");
	aur_error_free(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_last_value_wins_and_counts),
		cmocka_unit_test(test_unknown_option_suggests),
		cmocka_unit_test(test_missing_value),
		cmocka_unit_test(test_command_index),
		cmocka_unit_test(test_completion_scripts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
