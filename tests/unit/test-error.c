/* SPDX-License-Identifier: MIT */
/* Unit tests for error.c: every category's exit status and that every report has a hint. */
#include "autoconfig.h"

#include <fcntl.h>
#include <unistd.h>

#include "error.h"
#include "term.h"
#include "unit.h"

/* The exit statuses DESIGN.md fixes, written out here rather than taken from error.h. */
static const struct {
	AurErrorCategory cat;
	const char *label;
	int status;
} design[] = {
	{ AUR_ERR_GENERIC, "error", 1 },     { AUR_ERR_USAGE, "usage", 2 },
	{ AUR_ERR_CONFIG, "config", 2 },     { AUR_ERR_AUTH, "auth", 3 },
	{ AUR_ERR_NETWORK, "network", 4 },   { AUR_ERR_NOT_FOUND, "not_found", 5 },
	{ AUR_ERR_INPUT, "input", 6 },       { AUR_ERR_MODEL, "model", 7 },
	{ AUR_ERR_TIMEOUT, "timeout", 8 },   { AUR_ERR_RATE_LIMIT, "rate_limit", 9 },
	{ AUR_ERR_IO, "io", 1 },             { AUR_ERR_INTERNAL, "internal", 1 },
	{ AUR_ERR_CANCELLED, "cancelled", 130 },
};

/* Run aur_error_report(err) with stderr caught in a file; returns what was printed. */
static char *
report_text(const AurError *err, int *status)
{
	char *dir = unit_tmpdir();
	g_autofree char *path = g_build_filename(dir, "stderr", NULL);
	fflush(stderr);
	int saved = dup(STDERR_FILENO);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved >= 0 && fd >= 0);
	dup2(fd, STDERR_FILENO);
	close(fd);
	*status = aur_error_report(err);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	char *text = unit_read(path);
	unit_rmdir(dir);
	return text;
}

static void
test_every_category_maps_to_its_status(void **state)
{
	assert_int_equal(G_N_ELEMENTS(design), AUR_ERR__COUNT - 1); /* all but OK */
	for (size_t i = 0; i < G_N_ELEMENTS(design); i++) {
		assert_int_equal(aur_error_exit_code(design[i].cat), design[i].status);
		assert_string_equal(aur_error_category_name(design[i].cat), design[i].label);
		assert_int_equal(aur_error_category_from_name(design[i].label), design[i].cat);
	}
	assert_int_equal(aur_error_exit_code(AUR_ERR_OK), 0);
	/* Out-of-range values are a generic failure, never success. */
	assert_int_equal(aur_error_exit_code((AurErrorCategory)99), 1);
	assert_int_equal(aur_error_category_from_name("no-such"), AUR_ERR_GENERIC);
	assert_int_equal(aur_error_category_from_name(NULL), AUR_ERR_GENERIC);
}

/* An error without a hint of its own still prints a hint line: its category's. */
static void
test_report_without_hint_prints_one(void **state)
{
	term_init(true, false);
	for (size_t i = 0; i < G_N_ELEMENTS(design); i++) {
		g_autoptr(AurError) e = NULL;
		aur_error_set(&e, design[i].cat, i % 2 ? NULL : "", "thing %zu broke", i);
		int status = -1;
		g_autofree char *text = report_text(e, &status);
		assert_int_equal(status, design[i].status);
		g_autofree char *msg = g_strdup_printf("aurelis: error: thing %zu broke\n", i);
		assert_true(g_str_has_prefix(text, msg));
		const char *hint = strstr(text, "\n  hint: ");
		if (hint == NULL)
			fail_msg("no hint line for %s: %s", design[i].label, text);
		assert_true(strlen(hint) > strlen("\n  hint: \n") + 10);
		g_autofree char *line = g_strdup_printf("%s\n", aur_error_hint(e));
		assert_string_equal(hint + strlen("\n  hint: "), line);
	}
}

static void
test_own_hint_wins(void **state)
{
	term_init(true, false);
	g_autoptr(AurError) e = NULL;
	aur_error_set(&e, AUR_ERR_AUTH, "Use a token with models: read.", "401 from the service");
	int status = -1;
	g_autofree char *text = report_text(e, &status);
	assert_int_equal(status, 3);
	assert_string_equal(text, "aurelis: error: 401 from the service\n"
				  "  hint: Use a token with models: read.\n");
	assert_string_equal(aur_error_hint(e), "Use a token with models: read.");
	assert_string_equal(aur_error_hint(NULL), "");
	/* No error, nothing printed, status 0. */
	g_autofree char *none = report_text(NULL, &status);
	assert_int_equal(status, 0);
	assert_string_equal(none, "");
}

/* aur_error_set keeps the first error; later ones do not replace it. */
static void
test_first_error_kept(void **state)
{
	g_autoptr(AurError) e = NULL;
	aur_error_set(&e, AUR_ERR_NETWORK, NULL, "first %d", 1);
	aur_error_set(&e, AUR_ERR_INTERNAL, "h", "second");
	assert_int_equal(e->category, AUR_ERR_NETWORK);
	assert_string_equal(e->message, "first 1");
	aur_error_prefix(e, "%s", "ctx");
	assert_string_equal(e->message, "ctx: first 1");
	g_autoptr(AurError) c = aur_error_copy(e);
	assert_string_equal(c->message, e->message);
	assert_null(aur_error_copy(NULL));
	aur_error_set(NULL, AUR_ERR_IO, NULL, "ignored");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_category_maps_to_its_status),
		cmocka_unit_test(test_report_without_hint_prints_one),
		cmocka_unit_test(test_own_hint_wins),
		cmocka_unit_test(test_first_error_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
