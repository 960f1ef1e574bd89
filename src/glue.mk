# SPDX-License-Identifier: MIT
# The pieces wired together: the cache and metrics in the client's request path (tested
# through `ask`) and `aurelis doctor`.
libaurelis_a_SOURCES += \
	src/doctor.c src/doctor.h \
	src/cmd-doctor.c \
	ui/ui-term.c ui/ui-term.h

GLUE_TESTS = \
	tests/integration/ask-cache.sh \
	tests/integration/ask-metrics.sh \
	tests/integration/doctor.sh \
	tests/tui/chat.sh
TESTS += $(GLUE_TESTS)
dist_noinst_SCRIPTS += $(GLUE_TESTS)

if HAVE_CMOCKA
GLUE_UNIT_TESTS = \
	tests/unit/test-doctor
check_PROGRAMS += $(GLUE_UNIT_TESTS)
TESTS += $(GLUE_UNIT_TESTS)
tests_unit_test_doctor_SOURCES = tests/unit/test-doctor.c
tests_unit_test_doctor_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_doctor_LDADD = $(UNIT_LDADD)
endif
