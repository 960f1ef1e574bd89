/* SPDX-License-Identifier: MIT */
/* Unit tests for rotfile.c: rotation, following a rotated file, threads, processes. */
#include "autoconfig.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "rotfile.h"

/* A line of a known shape, long enough that a torn or interleaved write shows. */
static char *
make_line(int writer, int seq)
{
	return g_strdup_printf("w%d n%05d %s end\n", writer, seq,
			       "................................................................");
}

static void
append_line(RotFile *rf, int writer, int seq)
{
	g_autofree char *line = make_line(writer, seq);
	assert_true(rotfile_append(rf, line, strlen(line)));
}

/* Every line of path and path.1 .. path.keep, each checked against make_line(): the set
 * of "writer seq" keys, and the count of lines.  A malformed line fails the test. */
static GHashTable *
collect(const char *path, int keep, guint *lines)
{
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	*lines = 0;
	for (int i = keep; i >= 0; i--) {
		g_autofree char *p = i ? g_strdup_printf("%s.%d", path, i) : g_strdup(path);
		g_autofree char *text = NULL;
		if (!g_file_get_contents(p, &text, NULL, NULL))
			continue;
		if (*text != '\0' && text[strlen(text) - 1] != '\n')
			fail_msg("%s does not end in a newline", p);
		g_auto(GStrv) parts = g_strsplit(text, "\n", -1);
		for (size_t j = 0; parts[j] != NULL && parts[j + 1] != NULL; j++) {
			int w, n;
			char tail[200];
			if (sscanf(parts[j], "w%d n%d %199s", &w, &n, tail) != 3)
				fail_msg("%s:%zu: torn line '%s'", p, j + 1, parts[j]);
			g_autofree char *want = make_line(w, n);
			want[strlen(want) - 1] = '\0';
			if (strcmp(parts[j], want) != 0)
				fail_msg("%s:%zu: torn line '%s'", p, j + 1, parts[j]);
			g_hash_table_add(seen, g_strdup_printf("%d %d", w, n));
			(*lines)++;
		}
	}
	return seen;
}

static void
test_append_creates_private_file(void **state)
{
	g_autofree char *dir = unit_tmpdir();
	g_autofree char *path = g_build_filename(dir, "a", "b", "x.jsonl", NULL);
	RotFile rf = ROTFILE_INIT("unused");
	rotfile_set(&rf, path, 0, 0);
	assert_int_equal(rf.max_bytes, ROTFILE_DEFAULT_MAX_BYTES);
	assert_int_equal(rf.keep, ROTFILE_DEFAULT_KEEP);
	append_line(&rf, 1, 1);
	append_line(&rf, 1, 2);
	rotfile_clear(&rf);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	g_autofree char *parent = g_path_get_dirname(path);
	assert_int_equal(stat(parent, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	guint n;
	g_autoptr(GHashTable) seen = collect(path, 0, &n);
	assert_int_equal(n, 2);
	assert_int_equal(g_hash_table_size(seen), 2);
	unit_rmdir(g_steal_pointer(&dir));
}

static void
test_rotation_keeps_generations(void **state)
{
	g_autofree char *dir = unit_tmpdir();
	g_autofree char *path = g_build_filename(dir, "r.log", NULL);
	g_autofree char *one = make_line(0, 0);
	size_t len = strlen(one);
	RotFile rf = ROTFILE_INIT("unused");
	rotfile_set(&rf, path, (int64_t)(3 * len), 3); /* three lines a file */
	for (int i = 0; i < 20; i++)
		append_line(&rf, 0, i);
	rotfile_clear(&rf);
	/* 20 lines: the live file has 18..19, .1 15..17, .2 12..14, .3 9..11; 0..8 are gone. */
	static const int first[] = { 18, 15, 12, 9 };
	for (int g = 0; g <= 3; g++) {
		g_autofree char *p = g ? g_strdup_printf("%s.%d", path, g) : g_strdup(path);
		g_autofree char *text = unit_read(p);
		g_autofree char *want = make_line(0, first[g]);
		assert_true(g_str_has_prefix(text, want));
		struct stat st;
		assert_int_equal(stat(p, &st), 0);
		assert_true(st.st_size <= (off_t)(3 * len));
	}
	g_autofree char *p4 = g_strdup_printf("%s.4", path);
	assert_false(g_file_test(p4, G_FILE_TEST_EXISTS));
	guint n;
	g_autoptr(GHashTable) seen = collect(path, 3, &n);
	assert_int_equal(n, 11);
	assert_int_equal(g_hash_table_size(seen), 11);
	unit_rmdir(g_steal_pointer(&dir));
}

/* A line longer than the limit still goes out whole, alone in its file. */
static void
test_huge_line_is_written_whole(void **state)
{
	g_autofree char *dir = unit_tmpdir();
	g_autofree char *path = g_build_filename(dir, "h.log", NULL);
	RotFile rf = ROTFILE_INIT("unused");
	rotfile_set(&rf, path, 64, 2);
	size_t big = 1 << 20;
	char *line = g_malloc(big + 1);
	memset(line, 'x', big - 1);
	line[big - 1] = '\n';
	line[big] = '\0';
	assert_true(rotfile_append(&rf, "small\n", 6));
	assert_true(rotfile_append(&rf, line, big));
	assert_true(rotfile_append(&rf, "after\n", 6));
	rotfile_clear(&rf);
	g_autofree char *live = unit_read(path);
	assert_string_equal(live, "after\n");
	g_autofree char *p1 = g_strdup_printf("%s.1", path);
	g_autofree char *mid = unit_read(p1);
	assert_string_equal(mid, line);
	g_autofree char *p2 = g_strdup_printf("%s.2", path);
	g_autofree char *old = unit_read(p2);
	assert_string_equal(old, "small\n");
	g_free(line);
	unit_rmdir(g_steal_pointer(&dir));
}

/* Another process renamed the file away: the next line goes to a new file at the path,
 * not after the old lines in the renamed one. */
static void
test_follows_a_file_rotated_elsewhere(void **state)
{
	g_autofree char *dir = unit_tmpdir();
	g_autofree char *path = g_build_filename(dir, "f.log", NULL);
	g_autofree char *moved = g_strdup_printf("%s.1", path);
	RotFile rf = ROTFILE_INIT("unused");
	rotfile_set(&rf, path, 0, 0);
	assert_true(rotfile_append(&rf, "before\n", 7));
	assert_int_equal(rename(path, moved), 0);
	assert_true(rotfile_append(&rf, "after\n", 6));
	/* And again, when the other process has already started the new file. */
	assert_int_equal(rename(path, moved), 0);
	unit_write(path, "theirs\n");
	assert_true(rotfile_append(&rf, "mine\n", 5));
	rotfile_clear(&rf);
	g_autofree char *live = unit_read(path);
	assert_string_equal(live, "theirs\nmine\n");
	g_autofree char *old = unit_read(moved);
	assert_string_equal(old, "after\n");
	unit_rmdir(g_steal_pointer(&dir));
}

/* Two appenders on one path, one rotating: the other's stale descriptor must not write
 * into the rotated file nor rotate a second time. */
static void
test_two_appenders_one_rotates(void **state)
{
	g_autofree char *dir = unit_tmpdir();
	g_autofree char *path = g_build_filename(dir, "t.log", NULL);
	g_autofree char *one = make_line(0, 0);
	RotFile a = ROTFILE_INIT("unused"), b = ROTFILE_INIT("unused");
	rotfile_set(&a, path, (int64_t)(2 * strlen(one)), 5);
	rotfile_set(&b, path, (int64_t)(2 * strlen(one)), 5);
	append_line(&a, 1, 0);
	append_line(&b, 2, 0); /* b opened the same file; it is now full */
	append_line(&a, 1, 1); /* a rotates */
	append_line(&b, 2, 1); /* b must follow, joining a's line in the new file */
	rotfile_clear(&a);
	rotfile_clear(&b);
	g_autofree char *live = unit_read(path);
	g_autofree char *a1 = make_line(1, 1), *b1 = make_line(2, 1);
	g_autofree char *want = g_strconcat(a1, b1, NULL);
	assert_string_equal(live, want);
	g_autofree char *p2 = g_strdup_printf("%s.2", path);
	assert_false(g_file_test(p2, G_FILE_TEST_EXISTS));
	unit_rmdir(g_steal_pointer(&dir));
}

static void
test_torn_tail_gets_a_newline(void **state)
{
	g_autofree char *dir = unit_tmpdir();
	g_autofree char *path = g_build_filename(dir, "torn.log", NULL);
	unit_write(path, "{\"half\":"); /* a writer died here */
	RotFile rf = ROTFILE_INIT("unused");
	rotfile_set(&rf, path, 0, 0);
	assert_true(rotfile_append(&rf, "one\n", 4));
	assert_true(rotfile_append(&rf, "two\n", 4));
	rotfile_clear(&rf);
	g_autofree char *text = unit_read(path);
	assert_string_equal(text, "{\"half\":\none\ntwo\n");
	unit_rmdir(g_steal_pointer(&dir));
}

/* No state dir to be had, or a path that cannot be created: false, and no retry until
 * the appender is set up again. */
static void
test_failure_is_remembered(void **state)
{
	g_autofree char *dir = unit_tmpdir();
	g_autofree char *blocker = g_build_filename(dir, "file", NULL);
	unit_write(blocker, "not a directory\n");
	g_autofree char *path = g_build_filename(blocker, "x.log", NULL);
	RotFile rf = ROTFILE_INIT("unused");
	rotfile_set(&rf, path, 0, 0);
	assert_false(rotfile_append(&rf, "a\n", 2));
	assert_true(rf.failed);
	assert_false(rotfile_append(&rf, "a\n", 2));
	g_autofree char *good = g_build_filename(dir, "ok.log", NULL);
	rotfile_set(&rf, good, 0, 0);
	assert_true(rotfile_append(&rf, "a\n", 2));
	rotfile_clear(&rf);

	g_setenv("XDG_STATE_HOME", blocker, TRUE);
	RotFile st = ROTFILE_INIT("s.log");
	assert_false(rotfile_append(&st, "a\n", 2));
	assert_true(st.failed);
	assert_null(st.path);
	rotfile_clear(&st);
	g_unsetenv("XDG_STATE_HOME");
	unit_rmdir(g_steal_pointer(&dir));
}

static void
test_default_path_in_state_dir(void **state)
{
	g_autofree char *dir = unit_tmpdir();
	g_autofree char *home = g_build_filename(dir, "state", NULL);
	g_setenv("XDG_STATE_HOME", home, TRUE);
	RotFile rf = ROTFILE_INIT("d.jsonl");
	assert_true(rotfile_append(&rf, "x\n", 2));
	g_autofree char *want = g_build_filename(home, "aurelis", "d.jsonl", NULL);
	assert_string_equal(rf.path, want);
	rotfile_close(&rf);
	assert_string_equal(rf.path, want); /* closing keeps the path */
	rotfile_clear(&rf);
	assert_null(rf.path);
	g_autofree char *text = unit_read(want);
	assert_string_equal(text, "x\n");
	g_unsetenv("XDG_STATE_HOME");
	unit_rmdir(g_steal_pointer(&dir));
}

#define WRITERS 4
#define PER_WRITER 400

typedef struct {
	const char *path;
	int writer;
} Writer;

/* Each thread has its own RotFile: separate open files lock against each other exactly as
 * separate processes do. */
static gpointer
thread_writer(gpointer data)
{
	const Writer *w = data;
	RotFile rf = ROTFILE_INIT("unused");
	rotfile_set(&rf, w->path, 2048, 1000);
	for (int i = 0; i < PER_WRITER; i++) {
		g_autofree char *line = make_line(w->writer, i);
		if (!rotfile_append(&rf, line, strlen(line)))
			break;
	}
	rotfile_clear(&rf);
	return NULL;
}

static void
test_threads_across_rotation(void **state)
{
	g_autofree char *dir = unit_tmpdir();
	g_autofree char *path = g_build_filename(dir, "threads.log", NULL);
	Writer w[WRITERS];
	GThread *t[WRITERS];
	for (int i = 0; i < WRITERS; i++) {
		w[i] = (Writer){ path, i };
		t[i] = g_thread_new("appender", thread_writer, &w[i]);
	}
	for (int i = 0; i < WRITERS; i++)
		g_thread_join(t[i]);
	guint n;
	g_autoptr(GHashTable) seen = collect(path, 1000, &n);
	assert_int_equal(n, WRITERS * PER_WRITER);
	assert_int_equal(g_hash_table_size(seen), WRITERS * PER_WRITER);
	g_autofree char *p2 = g_strdup_printf("%s.2", path);
	assert_true(g_file_test(p2, G_FILE_TEST_EXISTS)); /* it did rotate */
	unit_rmdir(g_steal_pointer(&dir));
}

static void
test_processes_across_rotation(void **state)
{
	g_autofree char *dir = unit_tmpdir();
	g_autofree char *path = g_build_filename(dir, "procs.log", NULL);
	pid_t pids[WRITERS];
	for (int p = 0; p < WRITERS; p++) {
		pids[p] = fork();
		assert_true(pids[p] >= 0);
		if (pids[p] == 0) {
			RotFile rf = ROTFILE_INIT("unused");
			rotfile_set(&rf, path, 2048, 1000);
			for (int i = 0; i < PER_WRITER; i++) {
				g_autofree char *line = make_line(p, i);
				if (!rotfile_append(&rf, line, strlen(line)))
					_exit(1);
			}
			_exit(0);
		}
	}
	for (int p = 0; p < WRITERS; p++) {
		int status;
		assert_int_equal(waitpid(pids[p], &status, 0), pids[p]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	guint n;
	g_autoptr(GHashTable) seen = collect(path, 1000, &n);
	assert_int_equal(n, WRITERS * PER_WRITER);
	assert_int_equal(g_hash_table_size(seen), WRITERS * PER_WRITER);
	unit_rmdir(g_steal_pointer(&dir));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_creates_private_file),
		cmocka_unit_test(test_rotation_keeps_generations),
		cmocka_unit_test(test_huge_line_is_written_whole),
		cmocka_unit_test(test_follows_a_file_rotated_elsewhere),
		cmocka_unit_test(test_two_appenders_one_rotates),
		cmocka_unit_test(test_torn_tail_gets_a_newline),
		cmocka_unit_test(test_failure_is_remembered),
		cmocka_unit_test(test_default_path_in_state_dir),
		cmocka_unit_test(test_threads_across_rotation),
		cmocka_unit_test(test_processes_across_rotation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
