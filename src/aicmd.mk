# SPDX-License-Identifier: MIT
# The AI code commands (generate, explain, fix, refactor, docs, test, review, analyze --ai)
# and what they share: prompts, context budget and chunks, answer output, AI findings.
libaurelis_a_SOURCES += \
	src/ai-analyze.c src/ai-analyze.h \
	src/aicode.c src/aicode.h \
	src/aicode-edit.c \
	src/aiout.c src/aiout.h \
	src/chunk.c src/chunk.h \
	src/aifindings.c src/aifindings.h \
	src/oneshot.c src/oneshot.h \
	src/prompts.c src/prompts.h \
	src/cmd-docs.c \
	src/cmd-explain.c \
	src/cmd-fix.c \
	src/cmd-generate.c \
	src/cmd-refactor.c \
	src/cmd-review.c \
	src/cmd-test.c

if HAVE_CMOCKA
AICMD_UNIT_TESTS = tests/unit/test-chunk tests/unit/test-aifindings
check_PROGRAMS += $(AICMD_UNIT_TESTS)
TESTS += $(AICMD_UNIT_TESTS)
tests_unit_test_chunk_SOURCES = tests/unit/test-chunk.c
tests_unit_test_chunk_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_chunk_LDADD = $(UNIT_LDADD)
tests_unit_test_aifindings_SOURCES = tests/unit/test-aifindings.c
tests_unit_test_aifindings_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_aifindings_LDADD = $(UNIT_LDADD)
endif

if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz-aifindings
tests_fuzz_fuzz_aifindings_SOURCES = tests/fuzz/fuzz-aifindings.c
tests_fuzz_fuzz_aifindings_LDFLAGS = $(FUZZER_LINK)
tests_fuzz_fuzz_aifindings_LDADD = libaurelis.a $(ALL_LIBS)
endif
EXTRA_DIST += tests/fuzz/aifindings.dict

AICMD_INTEGRATION_TESTS = \
	tests/integration/aicmd-analyze.sh \
	tests/integration/aicmd-common.sh \
	tests/integration/aicmd-explain.sh \
	tests/integration/aicmd-fix.sh \
	tests/integration/aicmd-generate.sh \
	tests/integration/aicmd-review.sh \
	tests/integration/aicmd-write.sh
TESTS += $(AICMD_INTEGRATION_TESTS)
dist_noinst_SCRIPTS += $(AICMD_INTEGRATION_TESTS)
EXTRA_DIST += tests/integration/aicmdlib.sh
