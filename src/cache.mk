# SPDX-License-Identifier: MIT
# Response cache, metrics, `aurelis cache` and `aurelis stats`: sources, tests, fuzzers, bench.
libaurelis_a_SOURCES += \
	src/cache.c src/cache.h \
	src/cmd-cache.c \
	src/cmd-stats.c \
	src/metrics.c src/metrics.h \
	src/stats.c src/stats.h \
	src/tiers.c src/tiers.h
