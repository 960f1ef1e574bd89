/* SPDX-License-Identifier: MIT */
/* Unit tests for edit-write.c and edit-testname.c: paths, symlinks, backups, prompts. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "edit-testname.h"
#include "edit-write.h"
#include "fsutil.h"

typedef struct {
	char *tmp;     /* everything lives under here */
	char *root;    /* tmp/tree: the working tree (a git top level), and the cwd */
	char *outside; /* tmp/outside */
	char *state;   /* tmp/state: XDG_STATE_HOME */
	char *oldcwd;
} Fixture;

static int
setup(void **state)
{
	Fixture *f = g_new0(Fixture, 1);
	char *tmp = unit_tmpdir();
	f->tmp = realpath(tmp, NULL);
	g_free(tmp);
	f->root = g_build_filename(f->tmp, "tree", NULL);
	f->outside = g_build_filename(f->tmp, "outside", NULL);
	f->state = g_build_filename(f->tmp, "state", NULL);
	g_autofree char *git = g_build_filename(f->root, ".git", NULL);
	assert_int_equal(g_mkdir_with_parents(git, 0700), 0);
	assert_int_equal(g_mkdir_with_parents(f->outside, 0700), 0);
	g_setenv("XDG_STATE_HOME", f->state, TRUE);
	f->oldcwd = g_get_current_dir();
	assert_int_equal(chdir(f->root), 0);
	umask(022);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	Fixture *f = *state;
	assert_int_equal(chdir(f->oldcwd), 0);
	unit_rmdir(g_strdup(f->tmp));
	free(f->tmp);
	g_free(f->root);
	g_free(f->outside);
	g_free(f->state);
	g_free(f->oldcwd);
	g_free(f);
	return 0;
}

static char *
at(const char *dir, const char *name)
{
	return g_build_filename(dir, name, NULL);
}

/* Resolve and expect a refusal whose message contains `why`. */
static void
refused(const char *path, AurErrorCategory cat, const char *why)
{
	AurError *err = NULL;
	char *r = edit_write_resolve(path, NULL, false, &err);
	if (r != NULL)
		fail_msg("%s was accepted as %s", path, r);
	assert_non_null(err);
	assert_int_equal(err->category, cat);
	assert_str_contains(err->message, why);
	assert_non_null(err->hint);
	aur_error_free(err);
}

static void
test_root(void **state)
{
	Fixture *f = *state;
	g_autofree char *deep = at(f->root, "a/b");
	assert_int_equal(g_mkdir_with_parents(deep, 0700), 0);
	assert_int_equal(chdir(deep), 0);
	g_autofree char *r = edit_write_root();
	assert_string_equal(r, f->root);
	/* A .git file (worktrees, submodules) counts too. */
	g_autofree char *sub = at(f->root, "a");
	g_autofree char *gitfile = at(sub, ".git");
	unit_write(gitfile, "gitdir: elsewhere\n");
	g_autofree char *r2 = edit_write_root();
	assert_string_equal(r2, sub);
}

static void
test_resolve_inside(void **state)
{
	Fixture *f = *state;
	g_autofree char *sub = at(f->root, "sub");
	assert_int_equal(mkdir(sub, 0755), 0);
	AurError *err = NULL;
	g_autofree char *a = edit_write_resolve("a.c", NULL, false, &err);
	g_autofree char *want_a = at(f->root, "a.c");
	assert_string_equal(a, want_a);
	g_autofree char *b = edit_write_resolve("sub/../b.c", NULL, false, &err);
	g_autofree char *want_b = at(f->root, "b.c");
	assert_string_equal(b, want_b);
	g_autofree char *c = edit_write_resolve("./sub/./c.c", NULL, false, &err);
	g_autofree char *want_c = at(sub, "c.c");
	assert_string_equal(c, want_c);
	/* An absolute path may be anywhere: the user named it. */
	g_autofree char *abs = at(f->outside, "x.c");
	g_autofree char *d = edit_write_resolve(abs, NULL, false, &err);
	assert_string_equal(d, abs);
	assert_null(err);
	/* An explicit root. */
	g_autofree char *e = edit_write_resolve("c.c", sub, false, &err);
	assert_null(e); /* relative to the cwd (the tree top), which is outside sub */
	assert_str_contains(err->message, "outside the working tree");
	aur_error_free(err);
}

static void
test_resolve_escapes(void **state)
{
	Fixture *f = *state;
	refused("../outside/x.c", AUR_ERR_INPUT, "outside the working tree");
	refused("sub/../../outside/x.c", AUR_ERR_NOT_FOUND, "does not exist");
	g_autofree char *sub = at(f->root, "sub");
	assert_int_equal(mkdir(sub, 0755), 0);
	refused("sub/../../outside/x.c", AUR_ERR_INPUT, "outside the working tree");
	/* A symlink inside the tree pointing at a file outside. */
	g_autofree char *secret = at(f->outside, "secret");
	unit_write(secret, "keep\n");
	g_autofree char *link = at(f->root, "link.c");
	assert_int_equal(symlink(secret, link), 0);
	refused("link.c", AUR_ERR_INPUT, "symbolic link");
	/* ... and at a file inside: still not written through. */
	g_autofree char *inner = at(f->root, "inner.c");
	unit_write(inner, "x\n");
	g_autofree char *link2 = at(f->root, "link2.c");
	assert_int_equal(symlink("inner.c", link2), 0);
	refused("link2.c", AUR_ERR_INPUT, "symbolic link");
	/* A dangling symlink. */
	g_autofree char *dangling = at(f->root, "dangling.c");
	assert_int_equal(symlink("/nonexistent/nowhere", dangling), 0);
	refused("dangling.c", AUR_ERR_INPUT, "symbolic link");
	/* A symlinked directory leading out, and ".." through it. */
	g_autofree char *out_dir = at(f->root, "out");
	assert_int_equal(symlink(f->outside, out_dir), 0);
	refused("out/new.c", AUR_ERR_INPUT, "outside the working tree");
	refused("out/secret", AUR_ERR_INPUT, "outside the working tree");
	g_autofree char *deeper = at(f->outside, "d");
	assert_int_equal(mkdir(deeper, 0755), 0);
	g_autofree char *via = at(f->root, "via");
	assert_int_equal(symlink(deeper, via), 0);
	refused("via/../x.c", AUR_ERR_INPUT, "outside the working tree");
	/* A symlinked directory that stays inside is fine, and resolves to the real place. */
	g_autofree char *alias = at(f->root, "alias");
	assert_int_equal(symlink("sub", alias), 0);
	AurError *err = NULL;
	g_autofree char *r = edit_write_resolve("alias/y.c", NULL, false, &err);
	g_autofree char *want = at(sub, "y.c");
	assert_string_equal(r, want);
	/* The secret was never touched. */
	g_autofree char *s = unit_read(secret);
	assert_string_equal(s, "keep\n");
}

static void
test_resolve_bad_names(void **state)
{
	Fixture *f = *state;
	refused("", AUR_ERR_USAGE, "no file name");
	refused("sub/", AUR_ERR_INPUT, "names a directory");
	refused("..", AUR_ERR_INPUT, "names a directory");
	refused(".", AUR_ERR_INPUT, "names a directory");
	refused("/", AUR_ERR_INPUT, "names a directory");
	refused("missing/x.c", AUR_ERR_NOT_FOUND, "does not exist");
	g_autofree char *dir = at(f->root, "adir");
	assert_int_equal(mkdir(dir, 0755), 0);
	refused("adir", AUR_ERR_INPUT, "not a regular file");
	g_autofree char *fifo = at(f->root, "fifo");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	refused("fifo", AUR_ERR_INPUT, "not a regular file");
	AurError *err = NULL;
	assert_null(edit_write_resolve(NULL, NULL, false, &err));
	aur_error_free(err);
}

static void
test_create_dirs(void **state)
{
	Fixture *f = *state;
	AurError *err = NULL;
	EditWriteOpts o = { .create_dirs = true };
	EditWriteResult r = { 0 };
	assert_true(edit_write_file("tests/unit/test_x.py", "def test(): pass\n", 17, &o, &r, &err));
	g_autofree char *want = at(f->root, "tests/unit/test_x.py");
	assert_string_equal(r.path, want);
	assert_true(r.created);
	assert_null(r.backup);
	edit_write_result_clear(&r);
	struct stat st;
	g_autofree char *d = at(f->root, "tests/unit");
	assert_int_equal(stat(d, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0755);
	/* Never outside, never through "..". */
	assert_false(edit_write_file("../outside/new/x.c", "x", 1, &o, NULL, &err));
	assert_str_contains(err->message, "outside the working tree");
	aur_error_free(err);
	err = NULL;
	assert_false(edit_write_file("new/../../x.c", "x", 1, &o, NULL, &err));
	assert_non_null(err);
	aur_error_free(err);
	err = NULL;
	g_autofree char *made = at(f->outside, "new");
	assert_false(g_file_test(made, G_FILE_TEST_EXISTS));
	g_autofree char *out_dir = at(f->root, "out");
	assert_int_equal(symlink(f->outside, out_dir), 0);
	assert_false(edit_write_file("out/made/x.c", "x", 1, &o, NULL, &err));
	assert_str_contains(err->message, "outside the working tree");
	aur_error_free(err);
	g_autofree char *made2 = at(f->outside, "made");
	assert_false(g_file_test(made2, G_FILE_TEST_EXISTS));
}

static void
test_write_new_and_refuse_overwrite(void **state)
{
	Fixture *f = *state;
	AurError *err = NULL;
	EditWriteResult r = { 0 };
	assert_true(edit_write_file("a.c", "one\n", 4, NULL, &r, &err));
	assert_true(r.created);
	edit_write_result_clear(&r);
	g_autofree char *path = at(f->root, "a.c");
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	/* Not without the user's say-so. */
	assert_false(edit_write_file("a.c", "two\n", 4, NULL, NULL, &err));
	assert_int_equal(err->category, AUR_ERR_USAGE);
	assert_str_contains(err->message, "a.c already exists");
	assert_str_contains(err->hint, "--yes");
	aur_error_free(err);
	g_autofree char *text = unit_read(path);
	assert_string_equal(text, "one\n");
	g_autofree char *backups = at(f->state, "aurelis/backups");
	assert_false(g_file_test(backups, G_FILE_TEST_EXISTS));
	/* An explicit mode for a new file. */
	EditWriteOpts o = { .mode = 0600 };
	assert_true(edit_write_file("b.sh", "#!/bin/sh\n", 10, &o, NULL, &err));
	g_autofree char *b = at(f->root, "b.sh");
	assert_int_equal(stat(b, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

static char *
only_backup_named(const char *dir, const char *suffix_pattern)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	assert_non_null(d);
	char *found = NULL;
	const char *name;
	while ((name = g_dir_read_name(d)) != NULL)
		if (g_pattern_match_simple(suffix_pattern, name)) {
			assert_null(found);
			found = g_build_filename(dir, name, NULL);
		}
	g_dir_close(d);
	return found;
}

static void
test_backups(void **state)
{
	Fixture *f = *state;
	g_autofree char *path = at(f->root, "m.c");
	unit_write(path, "version 1\n");
	assert_int_equal(chmod(path, 0751), 0);
	AurError *err = NULL;
	EditWriteOpts o = { .confirmed = true };
	EditWriteResult r1 = { 0 }, r2 = { 0 }, r3 = { 0 };
	assert_true(edit_write_file("m.c", "version 2\n", 10, &o, &r1, &err));
	assert_false(r1.created);
	assert_non_null(r1.backup);
	g_autofree char *bdir = g_build_filename(f->state, "aurelis", "backups", f->root, NULL);
	assert_true(g_str_has_prefix(r1.backup, bdir));
	g_autofree char *b1 = unit_read(r1.backup);
	assert_string_equal(b1, "version 1\n");
	struct stat st;
	assert_int_equal(stat(r1.backup, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(bdir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	/* The file keeps its mode. */
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0751);
	g_autofree char *now = unit_read(path);
	assert_string_equal(now, "version 2\n");
	/* Twice more within the second: new names, older backups untouched. */
	assert_true(edit_write_file("m.c", "version 3\n", 10, &o, &r2, &err));
	assert_true(edit_write_file("m.c", "version 4\n", 10, &o, &r3, &err));
	assert_string_not_equal(r1.backup, r2.backup);
	assert_string_not_equal(r2.backup, r3.backup);
	g_autofree char *b1again = unit_read(r1.backup);
	assert_string_equal(b1again, "version 1\n");
	g_autofree char *b2 = unit_read(r2.backup);
	assert_string_equal(b2, "version 2\n");
	g_autofree char *b3 = unit_read(r3.backup);
	assert_string_equal(b3, "version 3\n");
	/* No temporary files are left behind. */
	g_autofree char *tmp = only_backup_named(bdir, ".*");
	assert_null(tmp);
	edit_write_result_clear(&r1);
	edit_write_result_clear(&r2);
	edit_write_result_clear(&r3);
	/* Older backups squatting on this second's and the next second's names survive. */
	g_autoptr(GPtrArray) squatters = g_ptr_array_new_with_free_func(g_free);
	GDateTime *now_t = g_date_time_new_now_local();
	for (int sec = 0; sec < 2; sec++) {
		GDateTime *t = g_date_time_add_seconds(now_t, sec);
		g_autofree char *stamp = g_date_time_format(t, "%Y%m%d-%H%M%S");
		char *name = g_strdup_printf("%s/m.c.%s", bdir, stamp);
		if (!g_file_test(name, G_FILE_TEST_EXISTS)) {
			unit_write(name, "squatter\n");
			g_ptr_array_add(squatters, name);
		} else {
			g_free(name);
		}
		g_date_time_unref(t);
	}
	g_date_time_unref(now_t);
	EditWriteResult r4 = { 0 };
	assert_true(edit_write_file("m.c", "version 5\n", 10, &o, &r4, &err));
	g_autofree char *b4 = unit_read(r4.backup);
	assert_string_equal(b4, "version 4\n");
	for (guint i = 0; i < squatters->len; i++) {
		assert_string_not_equal(r4.backup, squatters->pdata[i]);
		g_autofree char *sq = unit_read(squatters->pdata[i]);
		assert_string_equal(sq, "squatter\n");
	}
	edit_write_result_clear(&r4);
	/* Without a backup. */
	EditWriteOpts nob = { .confirmed = true, .no_backup = true };
	EditWriteResult r5 = { 0 };
	assert_true(edit_write_file("m.c", "version 6\n", 10, &nob, &r5, &err));
	assert_null(r5.backup);
	edit_write_result_clear(&r5);
	g_autofree char *left = unit_read(path);
	assert_string_equal(left, "version 6\n");
}

/* Die like kill -9 once a quarter of the new text is on disk. */
static void
die_at_quarter(size_t written, size_t total)
{
	if (written >= total / 4)
		kill(getpid(), SIGKILL);
}

static void
test_kill_during_write(void **state)
{
	Fixture *f = *state;
	g_autofree char *path = at(f->root, "big.c");
	unit_write(path, "original\n");
	gsize n = 4u << 20;
	char *data = g_malloc(n);
	memset(data, 'x', n);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		EditWriteOpts o = { .confirmed = true };
		fs_set_write_hook(die_at_quarter);
		edit_write_file("big.c", data, n, &o, NULL, NULL);
		_exit(0); /* not reached */
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);
	g_autofree char *text = unit_read(path);
	assert_string_equal(text, "original\n");
	/* The backup had been finished before the write began. */
	g_autofree char *bdir = g_build_filename(f->state, "aurelis", "backups", f->root, NULL);
	g_autofree char *backup = only_backup_named(bdir, "big.c.*");
	assert_non_null(backup);
	g_autofree char *saved = unit_read(backup);
	assert_string_equal(saved, "original\n");
	g_free(data);
}

static void
test_confirm_fd(void **state)
{
	struct { const char *in; EditConfirm want; } cases[] = {
		{ "y\n", EDIT_CONFIRM_YES }, { "yes\n", EDIT_CONFIRM_YES },
		{ "  Y \n", EDIT_CONFIRM_YES }, { "YES", EDIT_CONFIRM_YES },
		{ "n\n", EDIT_CONFIRM_NO }, { "\n", EDIT_CONFIRM_NO }, { "", EDIT_CONFIRM_NO },
		{ "yess\n", EDIT_CONFIRM_NO }, { "no\ny\n", EDIT_CONFIRM_NO },
		{ "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\n",
		  EDIT_CONFIRM_NO },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		int in[2], out[2];
		assert_int_equal(pipe(in), 0);
		assert_int_equal(pipe(out), 0);
		assert_int_equal(write(in[1], cases[i].in, strlen(cases[i].in)),
				 (ssize_t)strlen(cases[i].in));
		close(in[1]);
		assert_int_equal(edit_write_confirm_fd(in[0], out[1], "Apply?"), cases[i].want);
		close(out[1]);
		char buf[64] = { 0 };
		assert_true(read(out[0], buf, sizeof buf - 1) > 0);
		assert_string_equal(buf, "Apply? [y/N] ");
		close(in[0]);
		close(out[0]);
	}
	/* Only the answer line is consumed. */
	int in[2], out[2];
	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	assert_int_equal(write(in[1], "y\nrest", 6), 6);
	close(in[1]);
	assert_int_equal(edit_write_confirm_fd(in[0], out[1], "Q"), EDIT_CONFIRM_YES);
	char rest[8] = { 0 };
	assert_int_equal(read(in[0], rest, sizeof rest), 4);
	assert_string_equal(rest, "rest");
	close(in[0]);
	close(out[0]);
	close(out[1]);
}

static void
test_confirm_without_terminal(void **state)
{
	AurError *err = NULL;
	assert_int_equal(edit_write_confirm("Apply?", true, &err), EDIT_CONFIRM_YES);
	assert_null(err);
	/* A new session has no controlling terminal: refuse, with a hint to use --yes. */
	int p[2];
	assert_int_equal(pipe(p), 0);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		setsid();
		AurError *e = NULL;
		EditConfirm r = edit_write_confirm("Apply?", false, &e);
		char buf[512];
		int n = g_snprintf(buf, sizeof buf, "%d|%d|%s|%s", r, e ? (int)e->category : -1,
				   e ? e->message : "", e && e->hint ? e->hint : "");
		(void)!write(p[1], buf, (size_t)n);
		_exit(0);
	}
	close(p[1]);
	char buf[512] = { 0 };
	assert_true(read(p[0], buf, sizeof buf - 1) > 0);
	close(p[0]);
	waitpid(pid, NULL, 0);
	g_autofree char *want = g_strdup_printf("%d|%d|", EDIT_CONFIRM_ERROR, AUR_ERR_USAGE);
	assert_true(g_str_has_prefix(buf, want));
	assert_str_contains(buf, "no terminal");
	assert_str_contains(buf, "--yes");
}

static void
test_testnames(void **state)
{
	struct { const char *src, *lang, *fw, *want; } cases[] = {
		{ "pkg/mod/util.py", NULL, NULL, "tests/test_util.py" },
		{ "app.py", "python", "unittest", "tests/test_app.py" },
		{ "src/app.js", NULL, NULL, "src/app.test.js" },
		{ "src/App.jsx", NULL, "vitest", "src/App.test.jsx" },
		{ "lib/a.js", NULL, "mocha", "test/a.spec.js" },
		{ "src/svc.ts", NULL, NULL, "src/svc.spec.ts" },
		{ "src/svc.ts", NULL, "JEST", "src/svc.test.ts" },
		{ "src/parser.c", NULL, NULL, "tests/test_parser.c" },
		{ "src/parser.h", NULL, "criterion", "tests/parser_test.c" },
		{ "deploy.sh", NULL, NULL, "test/deploy.bats" },
		{ "bin/deploy.sh", "bash", "shunit2", "tests/test_deploy.sh" },
		{ "cmd/srv/main.go", NULL, NULL, "cmd/srv/main_test.go" },
		{ "src/main/java/org/x/Parser.java", NULL, NULL, "src/test/java/org/x/ParserTest.java" },
		{ "Util.java", NULL, NULL, "UtilTest.java" },
		{ "lib/thing.rb", NULL, NULL, "spec/thing_spec.rb" },
		{ "src/lib.rs", NULL, NULL, "tests/lib.rs" },
		{ "src/widget.cc", NULL, NULL, "tests/widget_test.cpp" },
		{ "/abs/dir/x.go", NULL, NULL, "/abs/dir/x_test.go" },
		{ "noext", "python", NULL, "tests/test_noext.py" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		AurError *err = NULL;
		g_autofree char *got = edit_testname(cases[i].src, cases[i].lang, cases[i].fw, &err);
		if (got == NULL)
			fail_msg("%s: %s", cases[i].src, err->message);
		assert_string_equal(got, cases[i].want);
	}
	AurError *err = NULL;
	assert_null(edit_testname("notes.txt", NULL, NULL, &err));
	assert_str_contains(err->message, "no test-file convention");
	assert_str_contains(err->hint, "-o");
	aur_error_free(err);
	err = NULL;
	assert_null(edit_testname("x.py", NULL, "pytets", &err));
	assert_str_contains(err->message, "unknown test framework 'pytets'");
	assert_str_contains(err->hint, "Did you mean pytest?");
	aur_error_free(err);
	err = NULL;
	assert_null(edit_testname("", NULL, NULL, &err));
	aur_error_free(err);
	err = NULL;
	assert_null(edit_testname("x.c", "klingon", NULL, &err));
	aur_error_free(err);
	assert_string_equal(edit_testname_framework("python"), "pytest");
	assert_null(edit_testname_framework("klingon"));
	g_autofree char *fws = edit_testname_frameworks("c");
	assert_string_equal(fws, "cmocka, unity, criterion, check");
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_root),
		T(test_resolve_inside),
		T(test_resolve_escapes),
		T(test_resolve_bad_names),
		T(test_create_dirs),
		T(test_write_new_and_refuse_overwrite),
		T(test_backups),
		T(test_kill_during_write),
		T(test_confirm_fd),
		T(test_confirm_without_terminal),
		T(test_testnames),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
