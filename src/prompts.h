/* SPDX-License-Identifier: MIT */
/* Every system prompt Aurelis sends -- the code commands', the interactive faces' chat and
 * summaries, the findings pane's -- all in one place, each stating the output format its
 * answer is parsed or shown with. */
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
	X(ANALYZE, "analyze", PROMPT_FMT_FINDINGS)        \
	X(EXPLAIN_FINDING, "explain", PROMPT_FMT_MARKDOWN) \
	X(CHAT, "chat", PROMPT_FMT_CHAT)                  \
	X(SUMMARIZE, "summarize", PROMPT_FMT_SUMMARY)

typedef enum {
	PROMPT_FMT_CODE,           /* one fenced block with the whole file (edit_fence_pick) */
	PROMPT_FMT_MARKDOWN,       /* markdown for the terminal renderer */
	PROMPT_FMT_NOTES,          /* markdown notes another request combines */
	PROMPT_FMT_EDITS,          /* SEARCH/REPLACE blocks (edit_parse) */
	PROMPT_FMT_REVIEW,         /* markdown findings in a fixed layout */
	PROMPT_FMT_FINDINGS,       /* findings JSON (findings_parse), lines only */
	PROMPT_FMT_FINDINGS_FILES, /* findings JSON with a file per finding */
	PROMPT_FMT_CHAT,           /* a conversation's markdown, code in labelled fences */
	PROMPT_FMT_SUMMARY,        /* a compact markdown summary that replaces a history */
} PromptFormat;

typedef enum {
#define X(id, task, fmt) PROMPT_##id,
	PROMPTS(X)
#undef X
	PROMPT__COUNT
} PromptId;

/* The whole system prompt: the task's instructions and its output format.  Static. */
const char *prompts_system(PromptId id);
/* The prompt an interactive face sends for a routing task: generate, explain and fix share
 * the commands' prompts, summarize has its own, anything else is chat. */
PromptId prompts_for_task(const char *task);
/* The routing task ("fix") and the output format of a prompt. */
const char *prompts_task(PromptId id);
PromptFormat prompts_format(PromptId id);

#endif
