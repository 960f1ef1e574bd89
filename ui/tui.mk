# SPDX-License-Identifier: MIT
# The full-screen interface: background jobs and keymaps (core, src/) and the curses
# front end (ui/tui-*), with their unit tests, tmux tests, fuzz target and benchmark.
libaurelis_a_SOURCES += \
	src/jobs.c src/jobs.h \
	src/keymap.c src/keymap.h \
	src/demo.c src/demo.h \
	src/findings.c src/findings.h \
	src/cmd-shell.c \
	ui/tui.c ui/tui.h ui/tui-app.h \
	ui/tui-face.c \
	ui/tui-code.c ui/tui-code.h \
	ui/tui-conv.c ui/tui-conv.h \
	ui/tui-draw.c \
	ui/tui-findings.c ui/tui-findings.h \
	ui/tui-help.c ui/tui-help.h \
	ui/tui-input.c ui/tui-input.h \
	ui/tui-keys.c ui/tui-keys.h \
	ui/tui-layout.c ui/tui-layout.h \
	ui/tui-replay.c ui/tui-replay.h \
	ui/tui-screen.c ui/tui-screen.h \
	ui/tui-status.c ui/tui-status.h \
	ui/tui-theme.c \
	ui/tui-wrap.c ui/tui-wrap.h

if HAVE_CMOCKA
TUI_UNIT_TESTS = \
	tests/unit/test-jobs \
	tests/unit/test-keymap \
	tests/unit/test-findings \
	tests/unit/test-tui-layout \
	tests/unit/test-tui-wrap
check_PROGRAMS += $(TUI_UNIT_TESTS)
TESTS += $(TUI_UNIT_TESTS)
tests_unit_test_jobs_SOURCES = tests/unit/test-jobs.c
tests_unit_test_jobs_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_jobs_LDADD = $(UNIT_LDADD)
tests_unit_test_keymap_SOURCES = tests/unit/test-keymap.c
tests_unit_test_keymap_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_keymap_LDADD = $(UNIT_LDADD)
tests_unit_test_findings_SOURCES = tests/unit/test-findings.c
tests_unit_test_findings_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_findings_LDADD = $(UNIT_LDADD)
tests_unit_test_tui_layout_SOURCES = tests/unit/test-tui-layout.c
tests_unit_test_tui_layout_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_tui_layout_LDADD = $(UNIT_LDADD)
tests_unit_test_tui_wrap_SOURCES = tests/unit/test-tui-wrap.c
tests_unit_test_tui_wrap_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_tui_wrap_LDADD = $(UNIT_LDADD)
endif

# The KEY BINDINGS section of man/aurelis.1 is generated from the action table;
# tests/unit/test-keymap fails when the two differ.
noinst_PROGRAMS += man/gen-keys
man_gen_keys_SOURCES = man/gen-keys.c man/gen-section.c man/gen-section.h
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

# Tests in a real terminal (tmux), and replay snapshots.
TUI_TESTS = \
	tests/tui/layout.sh \
	tests/tui/stream.sh \
	tests/tui/terminal.sh \
	tests/tui/panes.sh \
	tests/tui/input.sh \
	tests/tui/convo.sh \
	tests/tui/snapshots.sh
TESTS += $(TUI_TESTS)
dist_noinst_SCRIPTS += $(TUI_TESTS)
EXTRA_DIST += tests/tui/lib-tmux.sh tests/tui/snapshots

if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz-findings
tests_fuzz_fuzz_findings_SOURCES = tests/fuzz/fuzz-findings.c
tests_fuzz_fuzz_findings_LDFLAGS = $(FUZZER_LINK)
tests_fuzz_fuzz_findings_LDADD = libaurelis.a $(ALL_LIBS)
endif
