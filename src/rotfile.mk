# SPDX-License-Identifier: MIT
# The shared appender of size-rotated line files (log and metrics): source and unit test.
libaurelis_a_SOURCES += src/rotfile.c src/rotfile.h

if HAVE_CMOCKA
ROTFILE_UNIT_TESTS = tests/unit/test-rotfile
check_PROGRAMS += $(ROTFILE_UNIT_TESTS)
TESTS += $(ROTFILE_UNIT_TESTS)
tests_unit_test_rotfile_SOURCES = tests/unit/test-rotfile.c
tests_unit_test_rotfile_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rotfile_LDADD = $(UNIT_LDADD)
endif
