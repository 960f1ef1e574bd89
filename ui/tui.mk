# SPDX-License-Identifier: MIT
# The full-screen interface: background jobs and keymaps (core, src/) and the curses
# front end (ui/tui-*), with their unit tests, tmux tests, fuzz target and benchmark.
libaurelis_a_SOURCES += \
	src/jobs.c src/jobs.h \
	src/keymap.c src/keymap.h

if HAVE_CMOCKA
TUI_UNIT_TESTS = \
	tests/unit/test-jobs \
	tests/unit/test-keymap
check_PROGRAMS += $(TUI_UNIT_TESTS)
TESTS += $(TUI_UNIT_TESTS)
tests_unit_test_jobs_SOURCES = tests/unit/test-jobs.c
tests_unit_test_jobs_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_jobs_LDADD = $(UNIT_LDADD)
tests_unit_test_keymap_SOURCES = tests/unit/test-keymap.c
tests_unit_test_keymap_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_keymap_LDADD = $(UNIT_LDADD)
endif

# The KEY BINDINGS section of man/aurelis.1 is generated from the action table;
# tests/unit/test-keymap fails when the two differ.
noinst_PROGRAMS += man/gen-keys
man_gen_keys_SOURCES = man/gen-keys.c
man_gen_keys_LDADD = libaurelis.a $(ALL_LIBS)
man-keys: man/gen-keys$(EXEEXT)
	./man/gen-keys$(EXEEXT) --write $(srcdir)/man/aurelis.1
.PHONY: man-keys

if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz-keymap
tests_fuzz_fuzz_keymap_SOURCES = tests/fuzz/fuzz-keymap.c
tests_fuzz_fuzz_keymap_LDFLAGS = $(FUZZER_LINK)
tests_fuzz_fuzz_keymap_LDADD = libaurelis.a $(ALL_LIBS)
endif
EXTRA_DIST += tests/fuzz/keymap.dict
