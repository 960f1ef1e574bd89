/* SPDX-License-Identifier: MIT */
/* Unit tests for findings.c: findings documents (hostile ones first) and the loading job. */
#include "autoconfig.h"

#include <poll.h>

#include "findings.h"
#include "unit.h"

static GPtrArray *
parse(const char *text, unsigned *skipped, AurError **err)
{
	return findings_parse_json(text, strlen(text), skipped, NULL, err);
}

static void
expect_error(const char *text)
{
	g_autoptr(AurError) e = NULL;
	GPtrArray *f = parse(text, NULL, &e);
	if (f != NULL)
		fail_msg("'%s' parsed", text);
	assert_non_null(e);
	assert_int_equal(e->category, AUR_ERR_INPUT);
	assert_non_null(e->hint);
}

static void
test_hostile(void **state)
{
	expect_error("");
	expect_error("not json");
	expect_error("{\"findings\": 3}");
	expect_error("{\"other\": []}");
	expect_error("\"a string\"");
	expect_error("[{\"message\": \"x\"}");           /* truncated */
	g_autofree char *deep = g_strnfill(5000, '[');
	expect_error(deep);
	/* Wrong types are skipped, not fatal; missing fields get defaults. */
	unsigned skipped;
	g_autoptr(GPtrArray) f = parse("[1, \"x\", null, [], {\"rule\": \"r\"},"
				       " {\"message\": 5},"
				       " {\"message\": \"ok\", \"line\": \"7\", \"column\": -3,"
				       "  \"severity\": 42, \"rule\": [], \"file\": {}},"
				       " {\"message\": \"big\", \"line\": 1e300}]", &skipped, NULL);
	assert_non_null(f);
	assert_int_equal(f->len, 2);
	assert_int_equal(skipped, 6);
	Finding *a = f->pdata[0];
	assert_string_equal(a->message, "ok");
	assert_int_equal(a->line, 0);
	assert_int_equal(a->column, 0);
	assert_int_equal(a->severity, FINDING_INFO);
	assert_string_equal(a->rule, "");
	assert_string_equal(a->file, "");
	assert_int_equal(((Finding *)f->pdata[1])->line, 0);
}

static void
test_good(void **state)
{
	g_autoptr(GPtrArray) f = parse(
		"{\"version\": 1, \"findings\": ["
		" {\"rule\": \"c-strcpy\", \"severity\": \"error\", \"file\": \"a.c\", \"line\": 7,"
		"  \"column\": 2, \"message\": \"strcpy\"},"
		" {\"rule_id\": \"py-eval\", \"level\": \"warning\", \"path\": \"b.py\", \"line\": 1,"
		"  \"message\": \"eval\"},"
		" {\"rule\": \"x\", \"severity\": \"note\", \"message\": \"n\"},"
		" {\"rule\": \"y\", \"severity\": \"HIGH\", \"message\": \"h\"}]}", NULL, NULL);
	assert_non_null(f);
	assert_int_equal(f->len, 4);
	Finding *a = f->pdata[0], *b = f->pdata[1], *c = f->pdata[2], *d = f->pdata[3];
	assert_int_equal(a->severity, FINDING_ERROR);
	assert_string_equal(a->rule, "c-strcpy");
	assert_string_equal(a->file, "a.c");
	assert_int_equal(a->line, 7);
	assert_int_equal(a->column, 2);
	assert_int_equal(b->severity, FINDING_WARNING);
	assert_string_equal(b->rule, "py-eval");
	assert_string_equal(b->file, "b.py");
	assert_int_equal(c->severity, FINDING_INFO);
	assert_int_equal(d->severity, FINDING_ERROR);
	assert_string_equal(findings_severity_name(FINDING_WARNING), "warning");
	/* The root of relative names comes with the list. */
	char *root = NULL;
	const char doc[] = "{\"root\": \"/src/project\", \"findings\": []}";
	g_autoptr(GPtrArray) r = findings_parse_json(doc, sizeof doc - 1, NULL, &root, NULL);
	assert_non_null(r);
	assert_string_equal(root, "/src/project");
	g_free(root);
	/* A bare array works too, and an empty one is a valid empty list. */
	g_autoptr(GPtrArray) e = parse("[]", NULL, NULL);
	assert_non_null(e);
	assert_int_equal(e->len, 0);
}

static void
test_invalid_utf8(void **state)
{
	g_autoptr(GPtrArray) f = parse("[{\"message\": \"bad \xff\xfe bytes\", \"file\": \"\xc0\x80.c\"}]",
				       NULL, NULL);
	assert_non_null(f);
	assert_int_equal(f->len, 1);
	Finding *a = f->pdata[0];
	assert_true(g_utf8_validate(a->message, -1, NULL));
	assert_true(g_utf8_validate(a->file, -1, NULL));
	assert_str_contains(a->message, "bad ");
}

static void
test_many(void **state)
{
	GString *s = g_string_new("[");
	for (int i = 0; i < FINDINGS_MAX + 10; i++)
		g_string_append_printf(s, "%s{\"message\": \"m%d\", \"line\": %d}", i ? "," : "", i, i + 1);
	g_string_append_c(s, ']');
	unsigned skipped;
	g_autoptr(GPtrArray) f = findings_parse_json(s->str, s->len, &skipped, NULL, NULL);
	g_string_free(s, TRUE);
	assert_non_null(f);
	assert_int_equal(f->len, FINDINGS_MAX);
	assert_int_equal(skipped, 10);
}

/* Run the loading job to its end and return its events. */
static GPtrArray *
run_job(const char *path)
{
	g_autoptr(Jobs) jobs = jobs_new(1, NULL);
	jobs_submit(jobs, "analysis", findings_job, findings_request_new(path, false),
		    findings_request_free);
	GPtrArray *evs = g_ptr_array_new_with_free_func((GDestroyNotify)jobs_event_free);
	int64_t end = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;
	bool done = false;
	while (!done && g_get_monotonic_time() < end) {
		struct pollfd p = { jobs_wake_fd(jobs), POLLIN, 0 };
		(void)poll(&p, 1, 100);
		JobEvent *ev;
		while ((ev = jobs_next_event(jobs)) != NULL) {
			done = done || ev->kind == JOB_EV_DONE;
			g_ptr_array_add(evs, ev);
		}
	}
	assert_true(done);
	return evs;
}

static void
test_job(void **state)
{
	char *dir = unit_tmpdir();
	g_autofree char *good = g_build_filename(dir, "f.json", NULL);
	unit_write(good, "[{\"message\": \"m\", \"file\": \"x.c\", \"line\": 3}]");
	g_autoptr(GPtrArray) evs = run_job(good);
	assert_int_equal(evs->len, 2);
	JobEvent *res = evs->pdata[0], *done = evs->pdata[1];
	assert_int_equal(res->kind, JOB_EV_RESULT);
	FindingsResult *r = res->payload;
	assert_int_equal(r->findings->len, 1);
	assert_string_equal(r->source, good);
	assert_string_equal(r->base_dir, dir);
	assert_int_equal(done->status, JOB_OK);

	g_autofree char *bad = g_build_filename(dir, "bad.json", NULL);
	unit_write(bad, "{oops");
	g_autoptr(GPtrArray) evs2 = run_job(bad);
	assert_int_equal(evs2->len, 1);
	done = evs2->pdata[0];
	assert_int_equal(done->status, JOB_FAILED);
	assert_int_equal(done->error->category, AUR_ERR_INPUT);

	g_autofree char *missing = g_build_filename(dir, "missing.json", NULL);
	g_autoptr(GPtrArray) evs3 = run_job(missing);
	done = evs3->pdata[evs3->len - 1];
	assert_int_equal(done->status, JOB_FAILED);
	assert_non_null(done->error->message);
	unit_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_job),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
