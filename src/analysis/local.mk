# SPDX-License-Identifier: MIT
# The static analysis engine and `aurelis analyze`.
libaurelis_a_SOURCES += \
	src/analysis/analysis.c src/analysis/analysis.h \
	src/analysis/check.c src/analysis/check.h \
	src/analysis/check-c.c \
	src/analysis/check-cflow.c \
	src/analysis/check-common.c \
	src/analysis/check-js.c \
	src/analysis/check-python.c \
	src/analysis/check-run.c \
	src/analysis/check-shell.c \
	src/analysis/external.c src/analysis/external.h \
	src/analysis/report.c \
	src/analysis/rules.h \
	src/cmd-analyze.c

EXTRA_DIST += tests/analysis/corpus examples

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-analysis
TESTS += tests/unit/test-analysis
tests_unit_test_analysis_SOURCES = tests/unit/test-analysis.c
tests_unit_test_analysis_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_analysis_LDADD = $(UNIT_LDADD)
endif

if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz-analysis
tests_fuzz_fuzz_analysis_SOURCES = tests/fuzz/fuzz-analysis.c
tests_fuzz_fuzz_analysis_LDFLAGS = $(FUZZER_LINK)
tests_fuzz_fuzz_analysis_LDADD = libaurelis.a $(ALL_LIBS)
endif
EXTRA_DIST += tests/fuzz/analysis.dict
