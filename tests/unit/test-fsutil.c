/* SPDX-License-Identifier: MIT */
/* Unit tests for fsutil.c's shared writers and readers: whole writes. */
#include "autoconfig.h"

#include <errno.h>
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_all_through_a_pipe),
		cmocka_unit_test(test_write_all_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
