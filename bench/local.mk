# SPDX-License-Identifier: MIT
EXTRA_DIST += bench/run bench/benchlib.py bench/bench_startup.py bench/bench_edit.py \
	bench/bench_render.py bench/bench_analysis.py bench/bench_session.py bench/bench_tui.py \
	bench/bench_client.py
bench: aurelis
	$(PYTHON3) $(srcdir)/bench/run --build $(abs_top_builddir) --src $(abs_top_srcdir)
.PHONY: bench
