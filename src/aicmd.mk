# SPDX-License-Identifier: MIT
# The AI code commands (generate, explain, fix, refactor, docs, test, review, analyze --ai)
# and what they share: prompts, context budget and chunks, answer output, AI findings.
libaurelis_a_SOURCES += \
	src/oneshot.c src/oneshot.h
