# SPDX-License-Identifier: MIT
# The edit pipeline (src/edit*.c): code blocks, SEARCH/REPLACE edits, diffs, safe writes;
# with its unit tests, its test driver, its integration test and its fuzz targets.
libaurelis_a_SOURCES += \
	src/edit.c src/edit.h \
	src/edit-diff.c src/edit-diff.h \
	src/edit-fence.c src/edit-fence.h \
	src/edit-testname.c src/edit-testname.h \
	src/edit-write.c src/edit-write.h

if HAVE_CMOCKA
EDIT_UNIT_TESTS = \
	tests/unit/test-edit \
	tests/unit/test-edit-diff \
	tests/unit/test-edit-fence \
	tests/unit/test-edit-write
check_PROGRAMS += $(EDIT_UNIT_TESTS)
TESTS += $(EDIT_UNIT_TESTS)
tests_unit_test_edit_SOURCES = tests/unit/test-edit.c
tests_unit_test_edit_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_edit_LDADD = $(UNIT_LDADD)
tests_unit_test_edit_diff_SOURCES = tests/unit/test-edit-diff.c
tests_unit_test_edit_diff_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_edit_diff_LDADD = $(UNIT_LDADD)
tests_unit_test_edit_fence_SOURCES = tests/unit/test-edit-fence.c
tests_unit_test_edit_fence_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_edit_fence_LDADD = $(UNIT_LDADD)
tests_unit_test_edit_write_SOURCES = tests/unit/test-edit-write.c
tests_unit_test_edit_write_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_edit_write_LDADD = $(UNIT_LDADD)
endif

# A small program that drives the pipeline on real files for the integration test.
check_PROGRAMS += tests/edit-driver
tests_edit_driver_SOURCES = tests/edit-driver.c
tests_edit_driver_LDADD = libaurelis.a $(ALL_LIBS)
EDIT_INTEGRATION_TESTS = tests/integration/edit-write.sh
TESTS += $(EDIT_INTEGRATION_TESTS)
dist_noinst_SCRIPTS += $(EDIT_INTEGRATION_TESTS)

if ENABLE_FUZZING
EDIT_FUZZ_TARGETS = tests/fuzz/fuzz-searchreplace tests/fuzz/fuzz-codeblocks tests/fuzz/fuzz-diff
noinst_PROGRAMS += $(EDIT_FUZZ_TARGETS)
tests_fuzz_fuzz_searchreplace_SOURCES = tests/fuzz/fuzz-searchreplace.c
tests_fuzz_fuzz_searchreplace_LDFLAGS = $(FUZZER_LINK)
tests_fuzz_fuzz_searchreplace_LDADD = libaurelis.a $(ALL_LIBS)
tests_fuzz_fuzz_codeblocks_SOURCES = tests/fuzz/fuzz-codeblocks.c
tests_fuzz_fuzz_codeblocks_LDFLAGS = $(FUZZER_LINK)
tests_fuzz_fuzz_codeblocks_LDADD = libaurelis.a $(ALL_LIBS)
tests_fuzz_fuzz_diff_SOURCES = tests/fuzz/fuzz-diff.c
tests_fuzz_fuzz_diff_LDFLAGS = $(FUZZER_LINK)
tests_fuzz_fuzz_diff_LDADD = libaurelis.a $(ALL_LIBS)
endif
EXTRA_DIST += tests/fuzz/searchreplace.dict tests/fuzz/codeblocks.dict
# bench/bench_edit.py times the pipeline through the driver.
bench: tests/edit-driver
