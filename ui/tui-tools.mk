# SPDX-License-Identifier: MIT
# The full-screen interface's tools (issue 9): code and analysis actions, pickers, the
# command palette, the clipboard and mouse selection, with their tests.
libaurelis_a_SOURCES += \
	src/assist.c src/assist.h \
	src/clipboard.c src/clipboard.h \
	src/fuzzy.c src/fuzzy.h \
	src/osc52.c src/osc52.h \
	src/suppress.c src/suppress.h \
	ui/tui-ask.c ui/tui-ask.h \
	ui/tui-codeact.c ui/tui-codeact.h \
	ui/tui-edit.c ui/tui-edit.h \
	ui/tui-findact.c ui/tui-findact.h \
	ui/tui-palette.c ui/tui-palette.h \
	ui/tui-picker.c ui/tui-picker.h \
	ui/tui-pickers.c ui/tui-pickers.h

if HAVE_CMOCKA
TUI_TOOLS_UNIT_TESTS = \
	tests/unit/test-assist \
	tests/unit/test-clipboard \
	tests/unit/test-fuzzy \
	tests/unit/test-suppress
check_PROGRAMS += $(TUI_TOOLS_UNIT_TESTS)
TESTS += $(TUI_TOOLS_UNIT_TESTS)
tests_unit_test_assist_SOURCES = tests/unit/test-assist.c
tests_unit_test_assist_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_assist_LDADD = $(UNIT_LDADD)
tests_unit_test_clipboard_SOURCES = tests/unit/test-clipboard.c
tests_unit_test_clipboard_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_clipboard_LDADD = $(UNIT_LDADD)
tests_unit_test_fuzzy_SOURCES = tests/unit/test-fuzzy.c
tests_unit_test_fuzzy_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_fuzzy_LDADD = $(UNIT_LDADD)
tests_unit_test_suppress_SOURCES = tests/unit/test-suppress.c
tests_unit_test_suppress_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_suppress_LDADD = $(UNIT_LDADD)
endif

# Tests in a real terminal (tmux) for the tools; they share tests/tui/lib-tmux.sh.
TUI_TOOLS_TESTS = \
	tests/tui/code-actions.sh \
	tests/tui/finding-actions.sh \
	tests/tui/pickers.sh \
	tests/tui/mouse.sh
TESTS += $(TUI_TOOLS_TESTS)
dist_noinst_SCRIPTS += $(TUI_TOOLS_TESTS)
EXTRA_DIST += tests/tui/lib-tools.sh

if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz-suppress
tests_fuzz_fuzz_suppress_SOURCES = tests/fuzz/fuzz-suppress.c
tests_fuzz_fuzz_suppress_LDFLAGS = $(FUZZER_LINK)
tests_fuzz_fuzz_suppress_LDADD = libaurelis.a $(ALL_LIBS)
endif
