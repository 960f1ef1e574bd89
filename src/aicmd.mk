# SPDX-License-Identifier: MIT
# The AI code commands (generate, explain, fix, refactor, docs, test, review, analyze --ai)
# and what they share: prompts, context budget and chunks, answer output, AI findings.
libaurelis_a_SOURCES += \
	src/ai-analyze.c src/ai-analyze.h \
	src/aicode.c src/aicode.h \
	src/aicode-edit.c \
	src/aiout.c src/aiout.h \
	src/chunk.c src/chunk.h \
	src/findings.c src/findings.h \
	src/oneshot.c src/oneshot.h \
	src/prompts.c src/prompts.h \
	src/cmd-docs.c \
	src/cmd-explain.c \
	src/cmd-fix.c \
	src/cmd-generate.c \
	src/cmd-refactor.c \
	src/cmd-review.c \
	src/cmd-test.c
