# SPDX-License-Identifier: MIT
# Sessions: storage, history selection, export, the `session` command and their tests.
libaurelis_a_SOURCES += \
	src/cmd-session.c \
	src/session.c src/session.h \
	src/session-export.c src/session-export.h \
	src/session-history.c src/session-history.h \
	src/session-index.c src/session-index.h

# A small program that appends turns until killed (tests/integration/session-crash.sh).
check_PROGRAMS += tests/helpers/session-writer
tests_helpers_session_writer_SOURCES = tests/helpers/session-writer.c
tests_helpers_session_writer_LDADD = libaurelis.a $(ALL_LIBS)

SESSION_INTEGRATION_TESTS = \
	tests/integration/session-cmd.sh \
	tests/integration/session-crash.sh
TESTS += $(SESSION_INTEGRATION_TESTS)
dist_noinst_SCRIPTS += $(SESSION_INTEGRATION_TESTS)

if HAVE_CMOCKA
SESSION_UNIT_TESTS = \
	tests/unit/test-session \
	tests/unit/test-session-history \
	tests/unit/test-session-index \
	tests/unit/test-session-export
check_PROGRAMS += $(SESSION_UNIT_TESTS)
TESTS += $(SESSION_UNIT_TESTS)
tests_unit_test_session_SOURCES = tests/unit/test-session.c
tests_unit_test_session_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_session_LDADD = $(UNIT_LDADD)
tests_unit_test_session_history_SOURCES = tests/unit/test-session-history.c
tests_unit_test_session_history_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_session_history_LDADD = $(UNIT_LDADD)
tests_unit_test_session_index_SOURCES = tests/unit/test-session-index.c
tests_unit_test_session_index_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_session_index_LDADD = $(UNIT_LDADD)
tests_unit_test_session_export_SOURCES = tests/unit/test-session-export.c
tests_unit_test_session_export_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_session_export_LDADD = $(UNIT_LDADD)
endif

if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz-session
tests_fuzz_fuzz_session_SOURCES = tests/fuzz/fuzz-session.c
tests_fuzz_fuzz_session_LDFLAGS = $(FUZZER_LINK)
tests_fuzz_fuzz_session_LDADD = libaurelis.a $(ALL_LIBS)
endif
EXTRA_DIST += tests/fuzz/session.dict
