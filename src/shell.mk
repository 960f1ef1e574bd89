# SPDX-License-Identifier: MIT
# The interactive shell: slash commands shared by both faces, the conversation engine,
# OSC 52, the `shell` command and the readline line mode, with their tests and bench.
libaurelis_a_SOURCES += \
	src/face.c src/face.h \
	src/osc52.c src/osc52.h \
	src/convo.c src/convo.h \
	src/commands.c src/commands.h src/commands-handlers.h \
	src/commands-conv.c \
	src/commands-code.c \
	src/histfile.c src/histfile.h \
	src/cmd-shell.c \
	ui/line.c ui/line.h \
	ui/slashcomp.c ui/slashcomp.h

# The SLASH COMMANDS section of man/aurelis.1 is generated from the command table;
# tests/unit/test-commands fails when the two differ.
noinst_PROGRAMS += man/gen-slash
man_gen_slash_SOURCES = man/gen-slash.c man/gen-section.c man/gen-section.h
man_gen_slash_LDADD = libaurelis.a $(ALL_LIBS)
man-slash: man/gen-slash$(EXEEXT)
	./man/gen-slash$(EXEEXT) --write $(srcdir)/man/aurelis.1
.PHONY: man-slash

SHELL_INTEGRATION_TESTS = \
	tests/integration/shell-pipe.sh \
	tests/integration/shell-pty.sh \
	tests/integration/shell-crash.sh \
	tests/integration/shell-tmux.sh
TESTS += $(SHELL_INTEGRATION_TESTS)
dist_noinst_SCRIPTS += $(SHELL_INTEGRATION_TESTS) tests/integration/ptydrive.py

if HAVE_CMOCKA
SHELL_UNIT_TESTS = \
	tests/unit/test-commands \
	tests/unit/test-osc52 \
	tests/unit/test-histfile \
	tests/unit/test-convo
check_PROGRAMS += $(SHELL_UNIT_TESTS)
TESTS += $(SHELL_UNIT_TESTS)
tests_unit_test_commands_SOURCES = tests/unit/test-commands.c
tests_unit_test_commands_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_commands_LDADD = $(UNIT_LDADD)
tests_unit_test_osc52_SOURCES = tests/unit/test-osc52.c
tests_unit_test_osc52_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_osc52_LDADD = $(UNIT_LDADD)
tests_unit_test_histfile_SOURCES = tests/unit/test-histfile.c
tests_unit_test_histfile_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_histfile_LDADD = $(UNIT_LDADD)
tests_unit_test_convo_SOURCES = tests/unit/test-convo.c
tests_unit_test_convo_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_convo_LDADD = $(UNIT_LDADD)
endif

if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz-slash
tests_fuzz_fuzz_slash_SOURCES = tests/fuzz/fuzz-slash.c
tests_fuzz_fuzz_slash_LDFLAGS = $(FUZZER_LINK)
tests_fuzz_fuzz_slash_LDADD = libaurelis.a $(ALL_LIBS)
endif
EXTRA_DIST += tests/fuzz/slash.dict
