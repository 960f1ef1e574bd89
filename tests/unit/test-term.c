/* SPDX-License-Identifier: MIT */
/* Unit tests for term.c's terminal size when standard output is not a terminal. */
#include "autoconfig.h"

#include <fcntl.h>
#include <unistd.h>

#include "unit.h"
#include "term.h"

/* term_stdout_size() with stdout on /dev/null and COLUMNS set to columns (NULL: unset). */
static void
size_with(const char *columns, int *cols, int *rows)
{
	fflush(stdout);
	int saved = dup(STDOUT_FILENO);
	int fd = open("/dev/null", O_WRONLY);
	assert_true(saved >= 0 && fd >= 0);
	assert_int_equal(dup2(fd, STDOUT_FILENO), STDOUT_FILENO);
	close(fd);
	if (columns != NULL)
		g_setenv("COLUMNS", columns, TRUE);
	else
		g_unsetenv("COLUMNS");
	term_stdout_size(cols, rows);
	g_unsetenv("COLUMNS");
	assert_int_equal(dup2(saved, STDOUT_FILENO), STDOUT_FILENO);
	close(saved);
}

static void
test_size_not_a_terminal(void **state)
{
	static const struct {
		const char *columns;
		int want;
	} cases[] = {
		{ NULL, 80 }, { "", 80 }, { "132", 132 }, { "1", 1 }, { "10000", 10000 },
		{ "0", 80 }, { "10001", 80 }, { "-5", 80 }, { "12abc", 80 }, { " 90", 80 },
		{ "99999999999999999999999", 80 }, { "\xff\xfe", 80 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		int cols = -1, rows = -1;
		size_with(cases[i].columns, &cols, &rows);
		if (cols != cases[i].want || rows != 24)
			fail_msg("COLUMNS=%s: %dx%d, want %dx24", cases[i].columns ? cases[i].columns
						: "(unset)", cols, rows, cases[i].want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_not_a_terminal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
