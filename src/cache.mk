# SPDX-License-Identifier: MIT
# Response cache, metrics, `aurelis cache` and `aurelis stats`: sources, tests, fuzzers, bench.
libaurelis_a_SOURCES += \
	src/cache.c src/cache.h \
	src/cmd-cache.c \
	src/cmd-stats.c \
	src/metrics.c src/metrics.h \
	src/stats.c src/stats.h \
	src/tiers.c src/tiers.h

if HAVE_CMOCKA
CACHE_UNIT_TESTS = \
	tests/unit/test-cache
check_PROGRAMS += $(CACHE_UNIT_TESTS)
TESTS += $(CACHE_UNIT_TESTS)
tests_unit_test_cache_SOURCES = tests/unit/test-cache.c
tests_unit_test_cache_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_cache_LDADD = $(UNIT_LDADD)
endif

if HAVE_CMOCKA
METRICS_UNIT_TESTS = \
	tests/unit/test-metrics \
	tests/unit/test-stats
check_PROGRAMS += $(METRICS_UNIT_TESTS)
TESTS += $(METRICS_UNIT_TESTS)
tests_unit_test_metrics_SOURCES = tests/unit/test-metrics.c
tests_unit_test_metrics_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_metrics_LDADD = $(UNIT_LDADD)
tests_unit_test_stats_SOURCES = tests/unit/test-stats.c
tests_unit_test_stats_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_stats_LDADD = $(UNIT_LDADD)
endif

if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz-cache-entry tests/fuzz/fuzz-metrics-line
tests_fuzz_fuzz_cache_entry_SOURCES = tests/fuzz/fuzz-cache-entry.c
tests_fuzz_fuzz_cache_entry_LDFLAGS = $(FUZZER_LINK)
tests_fuzz_fuzz_cache_entry_LDADD = libaurelis.a $(ALL_LIBS)
tests_fuzz_fuzz_metrics_line_SOURCES = tests/fuzz/fuzz-metrics-line.c
tests_fuzz_fuzz_metrics_line_LDFLAGS = $(FUZZER_LINK)
tests_fuzz_fuzz_metrics_line_LDADD = libaurelis.a $(ALL_LIBS)
endif
EXTRA_DIST += tests/fuzz/cache-entry.dict tests/fuzz/metrics-line.dict

CACHE_INTEGRATION_TESTS = \
	tests/integration/cache.sh \
	tests/integration/stats.sh
TESTS += $(CACHE_INTEGRATION_TESTS)
dist_noinst_SCRIPTS += $(CACHE_INTEGRATION_TESTS)

# The in-process timing driver for bench/bench_cache.py.
check_PROGRAMS += bench/cache-timing
bench_cache_timing_SOURCES = bench/cache-timing.c
bench_cache_timing_LDADD = libaurelis.a $(ALL_LIBS)
bench: bench/cache-timing$(EXEEXT)
EXTRA_DIST += bench/bench_cache.py
