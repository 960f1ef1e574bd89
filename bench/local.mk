# SPDX-License-Identifier: MIT
EXTRA_DIST += bench/run bench/benchlib.py bench/bench_startup.py bench/bench_edit.py \
	bench/bench_render.py bench/bench_analysis.py bench/bench_session.py bench/bench_tui.py \
	bench/bench_client.py bench/bench_shell.py bench/bench_aicmd.py bench/same-output
# The cost of merely loading the system libcurl, for bench_client.py.
check_PROGRAMS += bench/curl-floor
bench_curl_floor_SOURCES = bench/curl-floor.c
bench_curl_floor_LDADD = $(LIBS)
bench: aurelis bench/curl-floor$(EXEEXT)
	$(PYTHON3) $(srcdir)/bench/run --build $(abs_top_builddir) --src $(abs_top_srcdir)
.PHONY: bench
