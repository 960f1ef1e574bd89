# SPDX-License-Identifier: MIT
# Terminal rendering and themes: display width, themes, the markdown renderer and its
# streaming and ANSI back ends, the render and theme commands, and their tests.
libaurelis_a_SOURCES += \
	src/textwidth.c src/textwidth.h \
	src/theme.c src/theme.h \
	src/cmd-render.c \
	src/cmd-theme.c \
	ui/render.c ui/render.h \
	ui/render-stream.c ui/render-stream.h \
	ui/render-ansi.c ui/render-ansi.h \
	ui/render-highlight.c ui/render-highlight.h

if HAVE_CMOCKA
RENDER_UNIT_TESTS = \
	tests/unit/test-textwidth \
	tests/unit/test-theme \
	tests/unit/test-render \
	tests/unit/test-render-stream
check_PROGRAMS += $(RENDER_UNIT_TESTS)
TESTS += $(RENDER_UNIT_TESTS)
tests_unit_test_textwidth_SOURCES = tests/unit/test-textwidth.c
tests_unit_test_textwidth_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_textwidth_LDADD = $(UNIT_LDADD)
tests_unit_test_theme_SOURCES = tests/unit/test-theme.c
tests_unit_test_theme_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_theme_LDADD = $(UNIT_LDADD)
tests_unit_test_render_SOURCES = tests/unit/test-render.c
tests_unit_test_render_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_render_LDADD = $(UNIT_LDADD)
tests_unit_test_render_stream_SOURCES = tests/unit/test-render-stream.c tests/unit/screen.h
tests_unit_test_render_stream_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_render_stream_LDADD = $(UNIT_LDADD)
endif

RENDER_INTEGRATION_TESTS = \
	tests/integration/render-cli.sh \
	tests/integration/render-live.sh \
	tests/integration/render-snapshots.sh \
	tests/integration/themes.sh
TESTS += $(RENDER_INTEGRATION_TESTS)
dist_noinst_SCRIPTS += $(RENDER_INTEGRATION_TESTS)
EXTRA_DIST += tests/render tests/unit/screen.h

if ENABLE_FUZZING
RENDER_FUZZ_TARGETS = tests/fuzz/fuzz-theme tests/fuzz/fuzz-render
noinst_PROGRAMS += $(RENDER_FUZZ_TARGETS)
tests_fuzz_fuzz_theme_SOURCES = tests/fuzz/fuzz-theme.c
tests_fuzz_fuzz_theme_LDFLAGS = $(FUZZER_LINK)
tests_fuzz_fuzz_theme_LDADD = libaurelis.a $(ALL_LIBS)
tests_fuzz_fuzz_render_SOURCES = tests/fuzz/fuzz-render.c
tests_fuzz_fuzz_render_LDFLAGS = $(FUZZER_LINK)
tests_fuzz_fuzz_render_LDADD = libaurelis.a $(ALL_LIBS)
endif
EXTRA_DIST += tests/fuzz/theme.dict tests/fuzz/render.dict
