# SPDX-License-Identifier: MIT
# Lexers, function boundaries and metrics shared by analysis and syntax highlighting.
libaurelis_a_SOURCES += \
	src/lang/lang.c src/lang/lang.h \
	src/lang/lang-func.c \
	src/lang/bytescan.h \
	src/lang/lexer.h \
	src/lang/lex-c.c \
	src/lang/lex-js.c \
	src/lang/lex-python.c \
	src/lang/lex-shell.c \
	src/lang/wordset.c src/lang/wordset.h

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test-lang
TESTS += tests/unit/test-lang
tests_unit_test_lang_SOURCES = tests/unit/test-lang.c
tests_unit_test_lang_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_lang_LDADD = $(UNIT_LDADD)
endif

if ENABLE_FUZZING
LANG_FUZZ = tests/fuzz/fuzz-lex-c tests/fuzz/fuzz-lex-python tests/fuzz/fuzz-lex-js \
	tests/fuzz/fuzz-lex-shell
noinst_PROGRAMS += $(LANG_FUZZ)
tests_fuzz_fuzz_lex_c_SOURCES = tests/fuzz/fuzz-lex-c.c tests/fuzz/fuzz-lex.h
tests_fuzz_fuzz_lex_c_LDFLAGS = $(FUZZER_LINK)
tests_fuzz_fuzz_lex_c_LDADD = libaurelis.a $(ALL_LIBS)
tests_fuzz_fuzz_lex_python_SOURCES = tests/fuzz/fuzz-lex-python.c tests/fuzz/fuzz-lex.h
tests_fuzz_fuzz_lex_python_LDFLAGS = $(FUZZER_LINK)
tests_fuzz_fuzz_lex_python_LDADD = libaurelis.a $(ALL_LIBS)
tests_fuzz_fuzz_lex_js_SOURCES = tests/fuzz/fuzz-lex-js.c tests/fuzz/fuzz-lex.h
tests_fuzz_fuzz_lex_js_LDFLAGS = $(FUZZER_LINK)
tests_fuzz_fuzz_lex_js_LDADD = libaurelis.a $(ALL_LIBS)
tests_fuzz_fuzz_lex_shell_SOURCES = tests/fuzz/fuzz-lex-shell.c tests/fuzz/fuzz-lex.h
tests_fuzz_fuzz_lex_shell_LDFLAGS = $(FUZZER_LINK)
tests_fuzz_fuzz_lex_shell_LDADD = libaurelis.a $(ALL_LIBS)
endif
EXTRA_DIST += tests/fuzz/fuzz-lex.h
