/* SPDX-License-Identifier: MIT */
/* Unit tests for edit-diff.c: exact unified diffs, and properties on random inputs. */
#include "autoconfig.h"

#include <stdio.h>

#include "unit.h"
#include "edit-diff.h"

static char *
diff_text(const char *a, const char *b, unsigned context)
{
	EditDiffOpts o = { .old_label = "a/f", .new_label = "b/f", .context = context };
	EditDiff *d = edit_diff_new(a, strlen(a), b, strlen(b), &o);
	char *t = edit_diff_to_text(d);
	edit_diff_free(d);
	return t;
}

static void
expect_diff(const char *a, const char *b, unsigned context, const char *want)
{
	g_autofree char *got = diff_text(a, b, context);
	assert_string_equal(got, want);
}

/* ---- exact output --------------------------------------------------------------------- */

static void
test_one_change(void **state)
{
	expect_diff("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n", 3,
		    "--- a/f\n+++ b/f\n"
		    "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
	expect_diff("1\n2\n3\n", "1\n2\n3\n", 3, "");
	expect_diff("", "", 3, "");
}

static void
test_edges(void **state)
{
	expect_diff("", "a\nb\n", 3, "--- a/f\n+++ b/f\n@@ -0,0 +1,2 @@\n+a\n+b\n");
	expect_diff("a\n", "", 3, "--- a/f\n+++ b/f\n@@ -1 +0,0 @@\n-a\n");
	expect_diff("x\ny\n", "new\nx\ny\n", 3, "--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n+new\n x\n y\n");
	expect_diff("x\ny\n", "x\ny\nz\n", 0, "--- a/f\n+++ b/f\n@@ -2,0 +3 @@\n+z\n");
	expect_diff("x\ny\nz\n", "x\nz\n", 0, "--- a/f\n+++ b/f\n@@ -2 +1,0 @@\n-y\n");
}

static void
test_no_final_newline(void **state)
{
	expect_diff("a\nb", "a\nb\n", 3,
		    "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
	expect_diff("a\nb\n", "a\nc", 3,
		    "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n\\ No newline at end of file\n");
	expect_diff("a\nb", "x\nb", 1,
		    "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-a\n+x\n b\n\\ No newline at end of file\n");
}

static void
test_hunks_split_and_merged(void **state)
{
	/* Changes 7 lines apart with context 3: two hunks. */
	expect_diff("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "X\n2\n3\n4\n5\n6\n7\n8\n9\nY\n", 3,
		    "--- a/f\n+++ b/f\n"
		    "@@ -1,4 +1,4 @@\n-1\n+X\n 2\n 3\n 4\n"
		    "@@ -7,4 +7,4 @@\n 7\n 8\n 9\n-10\n+Y\n");
	/* 6 lines apart: the contexts touch, one hunk. */
	expect_diff("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "X\n2\n3\n4\n5\n6\n7\nY\n9\n", 3,
		    "--- a/f\n+++ b/f\n"
		    "@@ -1,9 +1,9 @@\n-1\n+X\n 2\n 3\n 4\n 5\n 6\n 7\n-8\n+Y\n 9\n");
	/* Context 0: adjacent changes only. */
	expect_diff("a\nb\nc\n", "A\nb\nC\n", 0,
		    "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+A\n@@ -3 +3 @@\n-c\n+C\n");
}

static void
test_crlf_and_labels(void **state)
{
	expect_diff("a\r\nb\r\n", "a\r\nc\r\n", 3,
		    "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n");
	/* Only the ending changed: still a change. */
	expect_diff("a\n", "a\r\n", 3, "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+a\r\n");
	EditDiffOpts o = { .old_missing = true, .new_label = "b/new.c", .context = 3 };
	EditDiff *d = edit_diff_new(NULL, 0, "x\n", 2, &o);
	g_autofree char *t = edit_diff_to_text(d);
	assert_string_equal(t, "--- /dev/null\n+++ b/new.c\n@@ -0,0 +1 @@\n+x\n");
	assert_int_equal(d->added, 1);
	assert_int_equal(d->deleted, 0);
	assert_int_equal(d->hunks, 1);
	edit_diff_free(d);
	/* Defaults: labels a and b, context 3. */
	d = edit_diff_new("a\n", 2, "b\n", 2, NULL);
	g_autofree char *u = edit_diff_to_text(d);
	assert_string_equal(u, "--- a\n+++ b\n@@ -1 +1 @@\n-a\n+b\n");
	edit_diff_free(d);
}

static void
test_kinds_and_colour(void **state)
{
	EditDiffOpts o = { .old_label = "a/f", .new_label = "b/f", .context = 1 };
	const char *old = "a\nb\nc", *new = "a\nB\x1b[2J\nc";
	EditDiff *d = edit_diff_new(old, strlen(old), new, strlen(new), &o);
	static const EditDiffKind want[] = {
		EDIT_DIFF_HEADER_OLD, EDIT_DIFF_HEADER_NEW, EDIT_DIFF_HUNK, EDIT_DIFF_CONTEXT,
		EDIT_DIFF_DEL, EDIT_DIFF_ADD, EDIT_DIFF_CONTEXT, EDIT_DIFF_NO_EOL,
	};
	assert_int_equal(d->lines->len, G_N_ELEMENTS(want));
	for (guint i = 0; i < G_N_ELEMENTS(want); i++)
		assert_int_equal(g_array_index(d->lines, EditDiffLine, i).kind, want[i]);
	assert_string_equal(edit_diff_kind_name(EDIT_DIFF_ADD), "add");
	assert_string_equal(edit_diff_kind_name(EDIT_DIFF_HUNK), "hunk");
	const char *sgr[EDIT_DIFF__COUNT] = { [EDIT_DIFF_ADD] = "<G>", [EDIT_DIFF_DEL] = "<R>" };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	edit_diff_write(f, d, sgr, "</>");
	fclose(f);
	assert_string_equal(buf, "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n<R>-b</>\n"
				 "<G>+B^[[2J</>\n c\n\\ No newline at end of file\n");
	free(buf);
	f = open_memstream(&buf, &len);
	edit_diff_write(f, d, NULL, NULL);
	fclose(f);
	assert_str_contains(buf, "\n-b\n+B^[[2J\n");
	free(buf);
	edit_diff_free(d);
}

/* ---- properties ----------------------------------------------------------------------- */

/* Apply a unified diff (as text) to old, like patch(1) does, checking every context and
 * removed line and the counts in each hunk header.  Returns the new text. */
static char *
patch_apply(const char *old, const char *diff)
{
	GPtrArray *oldl = g_ptr_array_new_with_free_func(g_free);
	for (const char *p = old; *p != '\0';) { /* lines with their endings */
		const char *nl = strchr(p, '\n');
		size_t n = nl != NULL ? (size_t)(nl - p) + 1 : strlen(p);
		g_ptr_array_add(oldl, g_strndup(p, n));
		p += n;
	}
	GString *out = g_string_new(NULL);
	g_auto(GStrv) dl = g_strsplit(diff, "\n", -1);
	guint oi = 0, i = 0;
	assert_true(dl[0] == NULL || dl[0][0] == '\0' || g_str_has_prefix(dl[0], "--- "));
	while (dl[i] != NULL && dl[i][0] != '@')
		i++;
	while (dl[i] != NULL && dl[i][0] == '@') {
		unsigned a, b = 1, c, d = 1;
		const char *h = dl[i++];
		if (sscanf(h, "@@ -%u,%u +%u,%u @@", &a, &b, &c, &d) != 4 &&
		    sscanf(h, "@@ -%u +%u,%u @@", &a, &c, &d) != 3 &&
		    sscanf(h, "@@ -%u,%u +%u @@", &a, &b, &c) != 3) {
			b = d = 1;
			assert_int_equal(sscanf(h, "@@ -%u +%u @@", &a, &c), 2);
		}
		unsigned upto = b == 0 ? a : a - 1;
		assert_true(upto >= oi);
		while (oi < upto)
			g_string_append(out, oldl->pdata[oi++]);
		unsigned seen_old = 0, seen_new = 0;
		GString *last = NULL; /* the body just handled, to drop its newline on '\' */
		bool last_to_out = false;
		while (dl[i] != NULL && dl[i][0] != '@' && dl[i][0] != '\0') {
			char kind = dl[i][0];
			if (kind == '\\') {
				assert_non_null(last);
				if (last_to_out)
					g_string_truncate(out, out->len - 1);
				else
					assert_true(oi > 0 && strchr(oldl->pdata[oi - 1], '\n') == NULL);
				i++;
				continue;
			}
			g_autofree char *body = g_strconcat(dl[i] + 1, "\n", NULL);
			bool no_eol = dl[i + 1] != NULL && dl[i + 1][0] == '\\';
			if (kind == ' ' || kind == '-') {
				assert_true(oi < oldl->len);
				const char *want = oldl->pdata[oi];
				if (no_eol)
					body[strlen(body) - 1] = '\0';
				assert_string_equal(body, want);
				if (no_eol)
					g_strlcat(body, "\n", strlen(body) + 2);
				oi++;
				seen_old++;
			}
			if (kind == ' ' || kind == '+') {
				g_string_append(out, body);
				seen_new++;
			}
			assert_true(kind == ' ' || kind == '-' || kind == '+');
			last = out;
			last_to_out = kind != '-';
			i++;
		}
		assert_int_equal(seen_old, b);
		assert_int_equal(seen_new, d);
	}
	while (oi < oldl->len)
		g_string_append(out, oldl->pdata[oi++]);
	g_ptr_array_unref(oldl);
	return g_string_free(out, FALSE);
}

static char *
random_text(GRand *r, unsigned max_lines)
{
	static const char *const pool[] = { "a\n", "b\n", "c\n", "{\n", "}\n", "\n", "d\r\n",
					    "  x = 1;\n", "long line of text\n" };
	unsigned n = (unsigned)g_rand_int_range(r, 0, (gint32)max_lines + 1);
	GString *s = g_string_new(NULL);
	for (unsigned i = 0; i < n; i++)
		g_string_append(s, pool[g_rand_int_range(r, 0, G_N_ELEMENTS(pool))]);
	if (s->len > 0 && g_rand_boolean(r)) /* sometimes no final newline */
		g_string_truncate(s, s->len - 1);
	return g_string_free(s, FALSE);
}

/* Make b from a by a few random edits, so the two share a lot. */
static char *
mutate(GRand *r, const char *a)
{
	g_auto(GStrv) lines = g_strsplit(a, "\n", -1);
	GString *s = g_string_new(NULL);
	for (guint i = 0; lines[i] != NULL; i++) {
		int op = g_rand_int_range(r, 0, 10);
		if (op == 0)
			continue; /* drop */
		if (op == 1)
			g_string_append(s, "inserted\n");
		g_string_append(s, op == 2 ? "changed" : lines[i]);
		if (lines[i + 1] != NULL)
			g_string_append_c(s, '\n');
	}
	return g_string_free(s, FALSE);
}

static unsigned
count_lines(const char *t)
{
	unsigned n = 0;
	for (const char *p = t; *p != '\0'; p++)
		n += *p == '\n';
	return n + (*t != '\0' && t[strlen(t) - 1] != '\n');
}

/* A last line without a newline differs from the same line with one. */
static void
mark_last(char **line)
{
	char *t = *line;
	*line = g_strconcat(t, "\x01", NULL);
	g_free(t);
}

/* Length of the longest common subsequence of lines (with their endings). */
static unsigned
lcs(const char *a, const char *b)
{
	g_auto(GStrv) x = g_strsplit(a, "\n", -1), y = g_strsplit(b, "\n", -1);
	guint n = g_strv_length(x), m = g_strv_length(y);
	/* a trailing "" after a final newline is not a line; keep the final marker distinct */
	if (n > 0 && *x[n - 1] == '\0')
		n--;
	else if (n > 0)
		mark_last(&x[n - 1]);
	if (m > 0 && *y[m - 1] == '\0')
		m--;
	else if (m > 0)
		mark_last(&y[m - 1]);
	guint *t = g_new0(guint, (n + 1) * (m + 1));
	for (guint i = 1; i <= n; i++)
		for (guint j = 1; j <= m; j++)
			t[i * (m + 1) + j] = strcmp(x[i - 1], y[j - 1]) == 0
				? t[(i - 1) * (m + 1) + j - 1] + 1
				: MAX(t[(i - 1) * (m + 1) + j], t[i * (m + 1) + j - 1]);
	unsigned r = t[n * (m + 1) + m];
	g_free(t);
	return r;
}

static void
check_property(const char *a, const char *b, unsigned context, unsigned max_cost, bool minimal)
{
	EditDiffOpts o = { .context = context, .max_cost = max_cost };
	EditDiff *d = edit_diff_new(a, strlen(a), b, strlen(b), &o);
	g_autofree char *text = edit_diff_to_text(d);
	g_autofree char *got = patch_apply(a, text);
	if (strcmp(got, b) != 0)
		fail_msg("patch gives a different text\nold: %s\nnew: %s\ndiff:\n%s", a, b, text);
	assert_int_equal(d->hunks == 0, strcmp(a, b) == 0);
	if (minimal) {
		unsigned common = lcs(a, b);
		assert_int_equal(d->added + d->deleted, count_lines(a) + count_lines(b) - 2 * common);
	}
	edit_diff_free(d);
}

static void
test_random_property(void **state)
{
	GRand *r = g_rand_new_with_seed(20261127);
	for (int round = 0; round < 3000; round++) {
		g_autofree char *a = random_text(r, 40);
		g_autofree char *b = round % 2 ? random_text(r, 40) : mutate(r, a);
		check_property(a, b, (unsigned)(round % 5), 0, true);
	}
	g_rand_free(r);
}

static void
test_cost_cap_still_correct(void **state)
{
	/* A tiny cap forces the heuristic split: not minimal, but still a correct diff. */
	GRand *r = g_rand_new_with_seed(7);
	for (int round = 0; round < 1000; round++) {
		g_autofree char *a = random_text(r, 60);
		g_autofree char *b = round % 2 ? random_text(r, 60) : mutate(r, a);
		check_property(a, b, 3, (unsigned)(1 + round % 3), false);
	}
	g_rand_free(r);
}

static void
test_large_inputs(void **state)
{
	GString *a = g_string_new(NULL), *b = g_string_new(NULL), *c = g_string_new(NULL);
	for (int i = 0; i < 20000; i++) {
		g_string_append_printf(a, "line %d\n", i);
		g_string_append_printf(b, i % 1000 == 0 ? "changed %d\n" : "line %d\n", i);
		g_string_append_printf(c, "other %d\n", i);
	}
	EditDiff *d = edit_diff_new(a->str, a->len, b->str, b->len, NULL);
	assert_int_equal(d->added, 20);
	assert_int_equal(d->deleted, 20);
	assert_int_equal(d->hunks, 20);
	edit_diff_free(d);
	/* Unrelated files: every line goes, every line comes, and it finishes. */
	gint64 t0 = g_get_monotonic_time();
	d = edit_diff_new(a->str, a->len, c->str, c->len, NULL);
	assert_int_equal(d->added, 20000);
	assert_int_equal(d->deleted, 20000);
	edit_diff_free(d);
	assert_true(g_get_monotonic_time() - t0 < 20 * G_USEC_PER_SEC);
	g_string_free(a, TRUE);
	g_string_free(b, TRUE);
	g_string_free(c, TRUE);
}

static void
test_binary_safe(void **state)
{
	const char a[] = "x\0y\nz\n", b[] = "x\0y\nw\n";
	EditDiff *d = edit_diff_new(a, sizeof a - 1, b, sizeof b - 1, NULL);
	assert_int_equal(d->added, 1);
	assert_int_equal(d->deleted, 1);
	edit_diff_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_change),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_no_final_newline),
		cmocka_unit_test(test_hunks_split_and_merged),
		cmocka_unit_test(test_crlf_and_labels),
		cmocka_unit_test(test_kinds_and_colour),
		cmocka_unit_test(test_random_property),
		cmocka_unit_test(test_cost_cap_still_correct),
		cmocka_unit_test(test_large_inputs),
		cmocka_unit_test(test_binary_safe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
