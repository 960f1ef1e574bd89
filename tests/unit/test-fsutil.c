/* SPDX-License-Identifier: MIT */
/* Unit tests for fsutil.c's shared writers and readers: whole writes, capped stdin reads. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "fsutil.h"

/* A pipe's capacity is far below this, so a reader on the other end sees short writes. */
#define BIG (1u << 20)

static void
test_write_all_through_a_pipe(void **state)
{
	int p[2];
	assert_int_equal(pipe(p), 0);
	char *data = g_malloc(BIG);
	for (size_t i = 0; i < BIG; i++)
		data[i] = (char)(i * 7 + i / 251);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		_exit(fs_write_all(p[1], data, BIG) ? 0 : 1);
	}
	close(p[1]);
	GString *got = g_string_new(NULL);
	char buf[4096];
	ssize_t n;
	while ((n = read(p[0], buf, sizeof buf)) > 0)
		g_string_append_len(got, buf, n);
	close(p[0]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(got->len, BIG);
	assert_memory_equal(got->str, data, BIG);
	g_string_free(got, TRUE);
	g_free(data);
}

static void
test_write_all_failures(void **state)
{
	assert_true(fs_write_all(-1, "", 0)); /* nothing to write: nothing fails */
	errno = 0;
	assert_false(fs_write_all(-1, "x", 1));
	assert_int_equal(errno, EBADF);
	int p[2];
	assert_int_equal(pipe(p), 0);
	close(p[0]);
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	assert_false(fs_write_all(p[1], "lost", 4)); /* no reader */
	assert_int_equal(errno, EPIPE);
	signal(SIGPIPE, old);
	close(p[1]);
}

/* Run fs_read_stdin with stdin taken from a file holding text. */
static char *
read_with_stdin(const char *text, size_t text_len, size_t max, size_t *len, AurError **err)
{
	g_autofree char *dir = unit_tmpdir();
	g_autofree char *path = g_build_filename(dir, "in", NULL);
	assert_true(g_file_set_contents(path, text, (gssize)text_len, NULL));
	int saved = dup(STDIN_FILENO);
	int fd = open(path, O_RDONLY);
	assert_true(saved >= 0 && fd >= 0);
	assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	char *out = fs_read_stdin(max, "the hint", len, err);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	unit_rmdir(g_steal_pointer(&dir));
	return out;
}

static void
test_read_stdin(void **state)
{
	size_t len = 99;
	AurError *err = NULL;
	g_autofree char *empty = read_with_stdin("", 0, 10, &len, &err);
	assert_non_null(empty);
	assert_int_equal(len, 0);
	assert_string_equal(empty, "");

	/* Embedded NUL and bytes that are not UTF-8 come through as they are. */
	static const char odd[] = "a\0b\xff\xfe\n";
	g_autofree char *got = read_with_stdin(odd, sizeof odd - 1, sizeof odd - 1, &len, &err);
	assert_non_null(got);
	assert_int_equal(len, sizeof odd - 1);
	assert_memory_equal(got, odd, sizeof odd);

	/* Larger than one read() chunk. */
	g_autofree char *big = g_strnfill(200000, 'q');
	g_autofree char *all = read_with_stdin(big, 200000, 200000, &len, &err);
	assert_int_equal(len, 200000);
	assert_string_equal(all, big);
}

static void
test_read_stdin_too_large(void **state)
{
	size_t len = 0;
	AurError *err = NULL;
	assert_null(read_with_stdin("0123456789", 10, 9, &len, &err));
	assert_non_null(err);
	assert_int_equal(err->category, AUR_ERR_INPUT);
	assert_string_equal(err->message, "standard input is too large");
	assert_string_equal(err->hint, "the hint");
	aur_error_free(err);
}

static void
test_read_stdin_unreadable(void **state)
{
	int saved = dup(STDIN_FILENO);
	int fd = open("/dev/null", O_WRONLY); /* reading a write-only descriptor fails */
	assert_true(saved >= 0 && fd >= 0);
	assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	size_t len = 0;
	AurError *err = NULL;
	char *out = fs_read_stdin(100, "the hint", &len, &err);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	assert_null(out);
	assert_non_null(err);
	assert_int_equal(err->category, AUR_ERR_INPUT);
	assert_str_contains(err->message, "cannot read standard input: ");
	aur_error_free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_all_through_a_pipe),
		cmocka_unit_test(test_write_all_failures),
		cmocka_unit_test(test_read_stdin),
		cmocka_unit_test(test_read_stdin_too_large),
		cmocka_unit_test(test_read_stdin_unreadable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
