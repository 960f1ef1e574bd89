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
	tests/unit/test-edit-fence
check_PROGRAMS += $(EDIT_UNIT_TESTS)
TESTS += $(EDIT_UNIT_TESTS)
tests_unit_test_edit_SOURCES = tests/unit/test-edit.c
tests_unit_test_edit_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_edit_LDADD = $(UNIT_LDADD)
tests_unit_test_edit_fence_SOURCES = tests/unit/test-edit-fence.c
tests_unit_test_edit_fence_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_edit_fence_LDADD = $(UNIT_LDADD)
endif
