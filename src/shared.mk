# SPDX-License-Identifier: MIT
# Helpers that several modules share (the rotated line-file appender of the log and the
# metrics) and the unit tests of shared helpers that had none.
libaurelis_a_SOURCES += src/rotfile.c src/rotfile.h

if HAVE_CMOCKA
SHARED_UNIT_TESTS = \
	tests/unit/test-fsutil \
	tests/unit/test-rotfile \
	tests/unit/test-term
check_PROGRAMS += $(SHARED_UNIT_TESTS)
TESTS += $(SHARED_UNIT_TESTS)
tests_unit_test_fsutil_SOURCES = tests/unit/test-fsutil.c
tests_unit_test_fsutil_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_fsutil_LDADD = $(UNIT_LDADD)
tests_unit_test_rotfile_SOURCES = tests/unit/test-rotfile.c
tests_unit_test_rotfile_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rotfile_LDADD = $(UNIT_LDADD)
tests_unit_test_term_SOURCES = tests/unit/test-term.c
tests_unit_test_term_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_term_LDADD = $(UNIT_LDADD)
endif
