# SPDX-License-Identifier: MIT
# The pieces wired together: the cache and metrics in the client's request path (tested
# through `ask`), `aurelis doctor`, and the full-screen interface's chat job and session.
GLUE_TESTS = \
	tests/integration/ask-cache.sh \
	tests/integration/ask-metrics.sh
TESTS += $(GLUE_TESTS)
dist_noinst_SCRIPTS += $(GLUE_TESTS)
