# SPDX-License-Identifier: MIT
# Unit tests (cmocka), integration tests (shell scripts against the real binary) and fuzzers.
# Every test speaks TAP, so each check counts (cmocka via CMOCKA_MESSAGE_OUTPUT=TAP).
TEST_EXTENSIONS = .sh
TAP_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
LOG_DRIVER = $(TAP_DRIVER)
SH_LOG_DRIVER = $(TAP_DRIVER)
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = \
	export AURELIS='$(abs_top_builddir)/aurelis$(EXEEXT)'; \
	export AURELIS_SRCDIR='$(abs_top_srcdir)'; \
	export AURELIS_BUILDDIR='$(abs_top_builddir)'; \
	export AURELIS_DATA_DIR='$(abs_top_srcdir)'; \
	export PYTHON3='$(PYTHON3)'; \
	export CMOCKA_MESSAGE_OUTPUT=TAP; \
	export AURELIS_SYSTEM_CONFIG=/nonexistent/aurelis/config.yaml; \
	export ASAN_OPTIONS="$${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"; \
	export UBSAN_OPTIONS="$${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"; \
	unset AURELIS_TOKEN GITHUB_TOKEN GH_TOKEN AURELIS_CONFIG AURELIS_ENDPOINT AURELIS_MODEL \
	  AURELIS_ORG AURELIS_LOG_LEVEL AURELIS_CACHE_DIR NO_COLOR;

UNIT_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) -DTEST_SRCDIR=\"$(abs_top_srcdir)\"
UNIT_LDADD = libaurelis.a $(CMOCKA_LIBS) $(ALL_LIBS)

EXTRA_DIST += tests/lib.sh tests/unit/unit.h
dist_noinst_SCRIPTS += $(INTEGRATION_TESTS)
INTEGRATION_TESTS = \
	tests/integration/analyze.sh \
	tests/integration/bench-startup.sh \
	tests/integration/cli.sh \
	tests/integration/config.sh \
	tests/integration/install.sh \
	tests/integration/layers.sh \
	tests/integration/layout.sh \
	tests/integration/logging.sh \
	tests/integration/manpages.sh \
	tests/integration/setup.sh
TESTS += $(INTEGRATION_TESTS)

if HAVE_CMOCKA
UNIT_TESTS = \
	tests/unit/test-cfgedit \
	tests/unit/test-cli \
	tests/unit/test-config \
	tests/unit/test-error \
	tests/unit/test-log \
	tests/unit/test-util
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)

tests_unit_test_cfgedit_SOURCES = tests/unit/test-cfgedit.c
tests_unit_test_cfgedit_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_cfgedit_LDADD = $(UNIT_LDADD)
tests_unit_test_cli_SOURCES = tests/unit/test-cli.c
tests_unit_test_cli_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_cli_LDADD = $(UNIT_LDADD)
tests_unit_test_config_SOURCES = tests/unit/test-config.c
tests_unit_test_config_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_config_LDADD = $(UNIT_LDADD)
tests_unit_test_error_SOURCES = tests/unit/test-error.c
tests_unit_test_error_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_error_LDADD = $(UNIT_LDADD)
tests_unit_test_log_SOURCES = tests/unit/test-log.c
tests_unit_test_log_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_log_LDADD = $(UNIT_LDADD)
tests_unit_test_util_SOURCES = tests/unit/test-util.c
tests_unit_test_util_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_util_LDADD = $(UNIT_LDADD)
endif

if ENABLE_FUZZING
FUZZER_LINK = -fsanitize=fuzzer,address,undefined
FUZZ_TARGETS = tests/fuzz/fuzz-config
noinst_PROGRAMS += $(FUZZ_TARGETS)
tests_fuzz_fuzz_config_SOURCES = tests/fuzz/fuzz-config.c
tests_fuzz_fuzz_config_LDFLAGS = $(FUZZER_LINK)
tests_fuzz_fuzz_config_LDADD = libaurelis.a $(ALL_LIBS)
endif
EXTRA_DIST += tests/fuzz/config.dict
