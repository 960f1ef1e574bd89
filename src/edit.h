/* SPDX-License-Identifier: MIT */
/* SEARCH/REPLACE edits from a model's answer: the format, parsing, and applying in memory. */
#ifndef AURELIS_EDIT_H
#define AURELIS_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>
#include <cjson/cJSON.h>

#include "error.h"

/*
 * The pipeline for fix, refactor and docs:
 *
 *   text = edit_read_text(path, ...)               refuses binary and non-UTF-8 files
 *   parsed = edit_parse(answer, len)               blocks + problems (never fails)
 *   res = edit_apply(parsed, path, text, len, &err) new text, or every problem + err
 *   diff = edit_diff_new(text, ..., res->text, ...) (edit-diff.h) shown to the user
 *   edit_write_confirm() then edit_write_file()     (edit-write.h)
 *
 * The system prompt embeds edit_format_instructions() verbatim.
 */

typedef struct {
	char *search;  /* "\n"-terminated lines; "" for an empty SEARCH */
	char *replace; /* "\n"-terminated lines; "" for an empty REPLACE */
} EditSplit;

typedef struct {
	unsigned index;  /* 1-based number of the block in the answer */
	unsigned line;   /* answer line of its <<<<<<< SEARCH marker */
	char *path;      /* the file named just before the block, or NULL */
	char *search;    /* = the first split's */
	char *replace;
	/* A ======= line can also be content (a setext heading, a conflict marker).  With
	 * several, the splits are the possible readings, most likely first: the middle
	 * divider, then its neighbours.  edit_apply uses the first whose SEARCH matches. */
	GPtrArray *splits; /* EditSplit*, never empty */
} EditBlock;

typedef struct {
	unsigned block;    /* 1-based block number; 0 when it concerns no single block */
	unsigned line;     /* answer line it was found at, 0 if none */
	char *message;     /* "block 2: ..." */
	char *hint;        /* what to do */
	unsigned near_first, near_last; /* closest region in the file (1-based), 0 if none */
} EditProblem;

typedef struct {
	GPtrArray *blocks;   /* EditBlock*, the well-formed ones */
	GPtrArray *problems; /* EditProblem*: malformed blocks */
	unsigned count;      /* blocks seen, well-formed or not */
} EditParsed;

typedef enum {
	EDIT_MATCH_EXACT,       /* byte for byte (line endings aside) */
	EDIT_MATCH_TRAILING_WS, /* ignoring trailing whitespace */
	EDIT_MATCH_INDENT,      /* ignoring indentation that differs consistently (each SEARCH
				 * depth maps to one file depth, deeper stays deeper); the
				 * REPLACE lines are re-indented the same way */
	EDIT_MATCH_APPEND,      /* empty SEARCH: added at the end (or a new file) */
} EditMatch;

typedef struct {
	unsigned block;  /* block number */
	EditMatch how;
	unsigned first;  /* 1-based first line of the file it replaced (lines + 1 for an append) */
	unsigned count;  /* lines of the file it replaced */
} EditApplied;

typedef struct {
	char *text;          /* the new file contents; NULL when anything failed */
	size_t len;
	GArray *applied;     /* EditApplied, in block order */
	GPtrArray *problems; /* EditProblem*: the parse problems and the apply problems */
} EditResult;

/* The exact format specification for system prompts.  Static string. */
const char *edit_format_instructions(void);

/* Find every SEARCH/REPLACE block in an answer (inside code fences or not); malformed
 * blocks are reported in problems with their number and a hint.  Caller frees. */
EditParsed *edit_parse(const char *answer, size_t len);
void edit_parsed_free(EditParsed *p);

/* Apply every block to old_text (old_text NULL: the file does not exist yet).  target is
 * the file as the user named it: a block naming another file is a problem.  All or
 * nothing: any problem (including parse problems) leaves res->text NULL and sets err (a
 * summary; category MODEL).  The line endings of the file are kept (edits are converted to
 * them), as are a missing final newline and a UTF-8 byte order mark.  Each SEARCH refers
 * to the file before any edit; overlapping blocks are a problem.  Never NULL; caller frees
 * with edit_result_free. */
EditResult *edit_apply(const EditParsed *parsed, const char *target, const char *old_text,
		       size_t old_len, AurError **err);
void edit_result_free(EditResult *r);

/* Problems as text, one "block N: message" line plus an indented hint each, for printing.
 * Caller frees. */
char *edit_problems_format(const GPtrArray *problems);
/* Problems as a JSON array of {block, line, message, hint[, near]}.  Caller frees. */
cJSON *edit_problems_to_json(const GPtrArray *problems);
const char *edit_match_name(EditMatch how);

/* Refuse text Aurelis must not edit: NUL bytes (binary) or invalid UTF-8.  name is used in
 * the message.  Category INPUT. */
bool edit_text_check(const char *name, const char *text, size_t len, AurError **err);
/* Read a file to edit (at most max bytes) and check it as above.  Caller frees. */
char *edit_read_text(const char *path, size_t max, size_t *len, AurError **err);
/* Whether most line endings of text are CRLF. */
bool edit_text_is_crlf(const char *text, size_t len);
/* text with every line ending ("\n" or "\r\n") turned into "\r\n" (crlf) or "\n".
 * Caller frees; *out_len may be NULL. */
char *edit_text_convert_eol(const char *text, size_t len, bool crlf, size_t *out_len);

#endif
