/* SPDX-License-Identifier: MIT */
/* Shared includes and helpers for the cmocka unit tests. */
#ifndef AURELIS_TEST_UNIT_H
#define AURELIS_TEST_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>

/* A fresh private directory under $TMPDIR; caller removes it with unit_rmdir(). */
static inline char *
unit_tmpdir(void)
{
	char *d = g_dir_make_tmp("aurelis-unit-XXXXXX", NULL);
	assert_non_null(d);
	return d;
}

static inline void
unit_rmdir(char *dir)
{
	char *cmd = g_strdup_printf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	g_free(cmd);
	g_free(dir);
}

static inline void
unit_write(const char *path, const char *text)
{
	assert_true(g_file_set_contents(path, text, -1, NULL));
}

static inline char *
unit_read(const char *path)
{
	char *s = NULL;
	assert_true(g_file_get_contents(path, &s, NULL, NULL));
	return s;
}

#define assert_str_contains(hay, needle)                                                     \
	do {                                                                                 \
		const char *h_ = (hay), *n_ = (needle);                                      \
		if (h_ == NULL || strstr(h_, n_) == NULL)                                    \
			fail_msg("'%s' does not contain '%s'", h_ ? h_ : "(null)", n_);       \
	} while (0)

#define assert_str_lacks(hay, needle)                                                        \
	do {                                                                                 \
		const char *h_ = (hay), *n_ = (needle);                                      \
		if (h_ != NULL && strstr(h_, n_) != NULL)                                    \
			fail_msg("'%s' contains '%s'", h_, n_);                                \
	} while (0)

#endif
