/* SPDX-License-Identifier: MIT */
/* The system prompts of the AI code commands, all in one place, each stating the output
 * format its command parses. */
#ifndef AURELIS_PROMPTS_H
#define AURELIS_PROMPTS_H

/* X(ID, routing task, output format) -- the format decides the closing section of the
 * prompt: one code block, markdown, SEARCH/REPLACE edit blocks, or findings JSON. */
#define PROMPTS(X)                                        \
	X(GENERATE, "generate", PROMPT_FMT_CODE)          \
	X(EXPLAIN, "explain", PROMPT_FMT_MARKDOWN)        \
	X(EXPLAIN_PART, "explain", PROMPT_FMT_NOTES)      \
	X(EXPLAIN_REDUCE, "explain", PROMPT_FMT_MARKDOWN) \
	X(FIX, "fix", PROMPT_FMT_EDITS)                   \
	X(REFACTOR, "refactor", PROMPT_FMT_EDITS)         \
	X(DOCS, "docs", PROMPT_FMT_MARKDOWN)              \
	X(DOCS_PART, "docs", PROMPT_FMT_MARKDOWN)         \
	X(DOCS_REDUCE, "docs", PROMPT_FMT_MARKDOWN)       \
	X(DOCSTRING, "docs", PROMPT_FMT_EDITS)            \
	X(TEST, "test", PROMPT_FMT_CODE)                  \
	X(REVIEW, "review", PROMPT_FMT_REVIEW)            \
	X(REVIEW_PART, "review", PROMPT_FMT_REVIEW)       \
	X(REVIEW_REDUCE, "review", PROMPT_FMT_REVIEW)     \
	X(REVIEW_JSON, "review", PROMPT_FMT_FINDINGS_FILES) \
	X(ANALYZE, "analyze", PROMPT_FMT_FINDINGS)

typedef enum {
	PROMPT_FMT_CODE,           /* one fenced block with the whole file (edit_fence_pick) */
	PROMPT_FMT_MARKDOWN,       /* markdown for the terminal renderer */
	PROMPT_FMT_NOTES,          /* markdown notes another request combines */
	PROMPT_FMT_EDITS,          /* SEARCH/REPLACE blocks (edit_parse) */
	PROMPT_FMT_REVIEW,         /* markdown findings in a fixed layout */
	PROMPT_FMT_FINDINGS,       /* findings JSON (findings_parse), lines only */
	PROMPT_FMT_FINDINGS_FILES, /* findings JSON with a file per finding */
} PromptFormat;

typedef enum {
#define X(id, task, fmt) PROMPT_##id,
	PROMPTS(X)
#undef X
	PROMPT__COUNT
} PromptId;

/* The whole system prompt: the task's instructions and its output format.  Static. */
const char *prompts_system(PromptId id);
/* The routing task ("fix") and the output format of a prompt. */
const char *prompts_task(PromptId id);
PromptFormat prompts_format(PromptId id);

#endif
