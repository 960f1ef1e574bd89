/* SPDX-License-Identifier: MIT */
/* Unit tests for session-index.c: listing, the cached index, names, lookup, deletion. */
#include "autoconfig.h"

#include <sys/stat.h>
#include <unistd.h>

#include "session-index.h"
#include "session.h"
#include "unit.h"

typedef struct {
	char *dir;
	char *sessions;
} Fixture;

static int
setup(void **state)
{
	Fixture *f = g_new0(Fixture, 1);
	f->dir = unit_tmpdir();
	g_autofree char *data = g_build_filename(f->dir, "data", NULL);
	setenv("XDG_DATA_HOME", data, 1);
	setenv("XDG_STATE_HOME", data, 1);
	f->sessions = g_build_filename(data, "aurelis", "sessions", NULL);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	Fixture *f = *state;
	g_free(f->sessions);
	unit_rmdir(f->dir);
	g_free(f);
	return 0;
}

/* A saved session whose last turn finished `when` ms after a moment later than any
 * session's creation, so that the turns decide the order. */
static Session *
make(const char *name, const char *project, int turns, int64_t when)
{
	static int64_t base;
	if (base == 0)
		base = g_get_real_time() / 1000 + 1000000;
	when += base;
	AurError *err = NULL;
	Session *s = session_create(name, project, "m/x", &err);
	if (s == NULL)
		fail_msg("create %s: %s", name, err->message);
	for (int i = 0; i < turns; i++) {
		SessionTurn t = { .user = (char *)"q", .answer = (char *)"a",
				  .finished_ms = when - (turns - 1 - i) };
		assert_true(session_add_turn(s, &t, NULL));
	}
	return s;
}

static GPtrArray *
list_ok(void)
{
	AurError *err = NULL;
	GPtrArray *all = session_index_list(NULL, &err);
	if (all == NULL)
		fail_msg("list: %s", err->message);
	return all;
}

static const SessionInfo *
at(GPtrArray *all, guint i)
{
	return all->pdata[i];
}

static void
test_list_sorted_by_activity(void **state)
{
	(void)state;
	g_autoptr(GPtrArray) empty = list_ok();
	assert_int_equal(empty->len, 0);
	g_autoptr(Session) a = make("alpha", "/p/one", 3, 5000);
	g_autoptr(Session) b = make("beta", "/p/two", 1, 10000);
	g_autoptr(Session) c = make("gamma", "/p/one", 2, 1000);
	g_autoptr(GPtrArray) all = list_ok();
	assert_string_equal(at(all, 2)->id, session_id(c));
	assert_int_equal(all->len, 3);
	assert_string_equal(at(all, 0)->name, "beta");
	assert_string_equal(at(all, 1)->name, "alpha");
	assert_string_equal(at(all, 2)->name, "gamma");
	assert_int_equal(at(all, 1)->turns, 3);
	assert_string_equal(at(all, 1)->project, "/p/one");
	assert_string_equal(at(all, 1)->model, "m/x");
	assert_string_equal(at(all, 1)->id, session_id(a));
	assert_int_equal(at(all, 0)->last_ms, session_updated_ms(b));
	assert_int_equal(session_updated_ms(b), session_last_turn(b)->finished_ms);
}

static void
test_index_follows_changes(void **state)
{
	Fixture *f = *state;
	g_autoptr(Session) a = make("alpha", "/p", 1, 1000);
	g_autoptr(GPtrArray) l1 = list_ok();
	assert_int_equal(l1->len, 1);
	g_autofree char *index = g_build_filename(f->sessions, "index.json", NULL);
	assert_true(g_file_test(index, G_FILE_TEST_EXISTS));
	/* Another handle appends and renames: the stale entry must not be used. */
	AurError *err = NULL;
	g_autoptr(Session) other = session_load_file(session_path(a), &err);
	SessionTurn t = { .user = (char *)"q", .answer = (char *)"a", .finished_ms = 2000 };
	assert_true(session_add_turn(other, &t, &err));
	assert_true(session_rename(other, "alpha2", &err));
	g_autoptr(GPtrArray) l2 = list_ok();
	assert_int_equal(l2->len, 1);
	assert_int_equal(at(l2, 0)->turns, 2);
	assert_string_equal(at(l2, 0)->name, "alpha2");
	/* A damaged index is rebuilt. */
	unit_write(index, "{\"sessions\": [ {\"id\": 5}, \"garbage\" ");
	g_autoptr(GPtrArray) l3 = list_ok();
	assert_int_equal(l3->len, 1);
	assert_int_equal(at(l3, 0)->turns, 2);
	g_autofree char *text = unit_read(index);
	assert_str_contains(text, "alpha2");
	/* A deleted file disappears from the list and from the index. */
	assert_true(session_index_delete(at(l3, 0), &err));
	g_autoptr(GPtrArray) l4 = list_ok();
	assert_int_equal(l4->len, 0);
	g_autofree char *text2 = unit_read(index);
	assert_str_lacks(text2, "alpha2");
}

static void
test_index_is_used_while_current(void **state)
{
	Fixture *f = *state;
	g_autoptr(Session) a = make("alpha", "/p", 1, 1000);
	g_autoptr(GPtrArray) l1 = list_ok();
	assert_string_equal(at(l1, 0)->id, session_id(a));
	/* Change the cached name only: while size, mtime and inode match it is believed,
	 * which shows listing does not reload unchanged sessions. */
	g_autofree char *index = g_build_filename(f->sessions, "index.json", NULL);
	g_autofree char *text = unit_read(index);
	g_auto(GStrv) parts = g_strsplit(text, "alpha", -1);
	g_autofree char *edited = g_strjoinv("cached-name", parts);
	unit_write(index, edited);
	g_autoptr(GPtrArray) l2 = list_ok();
	assert_string_equal(at(l2, 0)->name, "cached-name");
}

static void
test_unreadable_entries_reported(void **state)
{
	Fixture *f = *state;
	g_autoptr(Session) a = make("alpha", "/p", 1, 1000);
	assert_true(session_is_saved(a));
	g_autofree char *dir = g_build_filename(f->sessions, "0123456789ab.jsonl", NULL);
	g_mkdir(dir, 0700);
	g_autofree char *junk = g_build_filename(f->sessions, "notes.txt", NULL);
	unit_write(junk, "not a session");
	g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
	AurError *err = NULL;
	g_autoptr(GPtrArray) all = session_index_list(problems, &err);
	assert_int_equal(all->len, 1);
	assert_int_equal(problems->len, 1);
	assert_str_contains(problems->pdata[0], "a directory");
}

static void
test_resolve(void **state)
{
	(void)state;
	g_autoptr(Session) a = make("alpha", "/p", 1, 1000);
	g_autoptr(Session) b = make("beta", "/p", 1, 2000);
	AurError *err = NULL;
	g_autoptr(SessionInfo) byname = session_index_resolve("alpha", &err);
	assert_string_equal(byname->id, session_id(a));
	g_autoptr(SessionInfo) byid = session_index_resolve(session_id(b), &err);
	assert_string_equal(byid->name, "beta");
	g_autofree char *prefix = g_strndup(session_id(b), 11);
	g_autoptr(SessionInfo) bypre = session_index_resolve(prefix, &err);
	assert_non_null(bypre);
	assert_string_equal(bypre->name, "beta");

	/* Both ids start with the same milliseconds: a short prefix is ambiguous. */
	g_autofree char *common = g_strndup(session_id(a), 4);
	if (g_str_has_prefix(session_id(b), common)) {
		assert_null(session_index_resolve(common, &err));
		assert_int_equal(err->category, AUR_ERR_USAGE);
		assert_str_contains(err->message, "matches 2 sessions");
		assert_str_contains(err->message, session_id(a));
		aur_error_free(err);
		err = NULL;
	}
	assert_null(session_index_resolve("alpah", &err));
	assert_int_equal(err->category, AUR_ERR_NOT_FOUND);
	assert_string_equal(err->hint, "Did you mean 'alpha'?");
	aur_error_free(err);
	err = NULL;
	assert_null(session_index_resolve("zzzzzzzz", &err));
	assert_str_contains(err->hint, "session list");
	aur_error_free(err);
}

static void
test_names_unique(void **state)
{
	(void)state;
	g_autoptr(Session) a = make("alpha", "/p", 0, 1000);
	g_autoptr(Session) b = make("beta", "/p", 0, 1000);
	AurError *err = NULL;
	assert_null(session_create("alpha", "/p", NULL, &err));
	assert_int_equal(err->category, AUR_ERR_USAGE);
	assert_str_contains(err->message, "already exists");
	aur_error_free(err);
	err = NULL;
	assert_false(session_rename(b, "alpha", &err));
	assert_int_equal(err->category, AUR_ERR_USAGE);
	aur_error_free(err);
	err = NULL;
	assert_string_equal(session_name(b), "beta");
	assert_true(session_rename(b, "beta", &err)); /* its own name */
	assert_true(session_rename(a, "alpha-renamed", &err));
	assert_true(session_rename(b, "alpha", &err)); /* free again */
	/* An unsaved session with a taken name cannot be saved. */
	g_autoptr(Session) c = session_new("alpha", "/p", NULL);
	assert_false(session_save(c, &err));
	assert_false(session_is_saved(c));
	aur_error_free(err);
}

static void
test_generated_names(void **state)
{
	(void)state;
	AurError *err = NULL;
	g_autoptr(Session) a = session_create(NULL, "/home/u/My Project!", NULL, &err);
	g_autoptr(Session) b = session_create(NULL, "/home/u/My Project!", NULL, &err);
	g_autoptr(Session) c = session_create(NULL, "/", NULL, &err);
	g_autoptr(Session) d = session_create(NULL, "/x/..hidden", NULL, &err);
	assert_string_equal(session_name(a), "My-Project--1");
	assert_string_equal(session_name(b), "My-Project--2");
	assert_string_equal(session_name(c), "session-1");
	assert_string_equal(session_name(d), "hidden-1");
}

static void
test_last_for_project(void **state)
{
	(void)state;
	g_autoptr(Session) a = make("a", "/p/one", 1, 1000);
	g_autoptr(Session) b = make("b", "/p/one", 1, 3000);
	g_autoptr(Session) c = make("c", "/p/two", 1, 5000);
	AurError *err = NULL;
	g_autoptr(SessionInfo) last = session_index_last_for_project("/p/one", &err);
	assert_string_equal(last->name, "b");
	assert_string_equal(last->id, session_id(b));
	assert_string_not_equal(last->id, session_id(a));
	g_autoptr(SessionInfo) two = session_index_last_for_project("/p/two", &err);
	assert_string_equal(two->id, session_id(c));
	g_autoptr(Session) loaded = session_open_last("/p/one", &err);
	assert_non_null(loaded);
	assert_string_equal(session_id(loaded), session_id(b));
	assert_int_equal(session_n_turns(loaded), 1);
	assert_null(session_open_last("/p/three", &err));
	assert_int_equal(err->category, AUR_ERR_NOT_FOUND);
	assert_non_null(err->hint);
	aur_error_free(err);
	err = NULL;
	assert_null(session_index_last_for_project("/p/three", &err));
	assert_null(err);
}

static void
test_many_sessions(void **state)
{
	(void)state;
	for (int i = 0; i < 200; i++) {
		g_autofree char *name = g_strdup_printf("s%03d", i);
		Session *s = make(name, "/p", 2, 1000 + i);
		session_free(s);
	}
	g_autoptr(GPtrArray) cold = list_ok();
	assert_int_equal(cold->len, 200);
	int64_t t0 = g_get_monotonic_time();
	g_autoptr(GPtrArray) warm = list_ok();
	int64_t us = g_get_monotonic_time() - t0;
	assert_int_equal(warm->len, 200);
	assert_string_equal(at(warm, 0)->name, "s199");
	print_message("# warm listing of 200 sessions: %.2f ms\n", (double)us / 1000.0);
	assert_true(us < 500000); /* generous: sanitizers and a busy machine */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_list_sorted_by_activity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_follows_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_is_used_while_current, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_entries_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolve, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names_unique, setup, teardown),
		cmocka_unit_test_setup_teardown(test_generated_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_last_for_project, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_sessions, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
