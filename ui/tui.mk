# SPDX-License-Identifier: MIT
# The full-screen interface: background jobs and keymaps (core, src/) and the curses
# front end (ui/tui-*), with their unit tests, tmux tests, fuzz target and benchmark.
libaurelis_a_SOURCES += \
	src/jobs.c src/jobs.h

if HAVE_CMOCKA
TUI_UNIT_TESTS = \
	tests/unit/test-jobs
check_PROGRAMS += $(TUI_UNIT_TESTS)
TESTS += $(TUI_UNIT_TESTS)
tests_unit_test_jobs_SOURCES = tests/unit/test-jobs.c
tests_unit_test_jobs_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_jobs_LDADD = $(UNIT_LDADD)
endif
