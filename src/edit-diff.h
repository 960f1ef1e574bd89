/* SPDX-License-Identifier: MIT */
/* Line diffs (Myers' algorithm) as unified diffs, as text or as lines marked by kind. */
#ifndef AURELIS_EDIT_DIFF_H
#define AURELIS_EDIT_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <glib.h>

/* What a line of a unified diff is; a renderer maps these to theme elements
 * (ELEM_DIFF_ADD, ELEM_DIFF_DEL, ELEM_DIFF_HUNK, ...). */
#define EDIT_DIFF_KINDS(X)                                   \
	X(HEADER_OLD, "header-old") /* --- a/file */         \
	X(HEADER_NEW, "header-new") /* +++ b/file */         \
	X(HUNK, "hunk")             /* @@ -1,3 +1,4 @@ */   \
	X(CONTEXT, "context")       /* " unchanged line" */ \
	X(DEL, "del")               /* "-removed line" */    \
	X(ADD, "add")               /* "+added line" */      \
	X(NO_EOL, "no-eol")         /* \ No newline at end of file */

typedef enum {
#define X(name, label) EDIT_DIFF_##name,
	EDIT_DIFF_KINDS(X)
#undef X
	EDIT_DIFF__COUNT
} EditDiffKind;

typedef struct {
	EditDiffKind kind;
	char *text;      /* the line as printed, prefix included, without its line ending */
	const char *eol; /* the line ending the file had: "\n", "\r\n" or "" (no final newline) */
} EditDiffLine;

typedef struct {
	GArray *lines;     /* EditDiffLine; empty when the texts are equal */
	unsigned added;    /* lines */
	unsigned deleted;
	unsigned hunks;
} EditDiff;

typedef struct {
	const char *old_label; /* "a/main.c"; NULL: "a" ("/dev/null" for a new file) */
	const char *new_label; /* "b/main.c"; NULL: "b" */
	unsigned context;      /* lines of context around changes (3 is usual) */
	bool old_missing;      /* the old file does not exist: label it /dev/null */
	unsigned max_cost;     /* cap on the search per split (0: a default); past it the diff
				* is still correct but may not be the shortest */
} EditDiffOpts;

/* Diff two texts line by line.  Lines keep their endings, so a changed line ending or a
 * missing final newline shows up.  opts may be NULL (context 3).  Never NULL; caller frees
 * with edit_diff_free. */
EditDiff *edit_diff_new(const char *old_text, size_t old_len, const char *new_text,
			size_t new_len, const EditDiffOpts *opts);
void edit_diff_free(EditDiff *d);

/* The unified diff as text that patch(1) accepts (line endings as in the files).
 * Caller frees; "" when there is no difference. */
char *edit_diff_to_text(const EditDiff *d);

/* Print for a terminal: each line wrapped in sgr[kind] and sgr_reset when sgr is not NULL
 * and sgr[kind] is not NULL or "", carriage returns dropped. */
void edit_diff_write(FILE *out, const EditDiff *d, const char *const *sgr, const char *sgr_reset);

/* "add", "del", ... for JSON output and theme lookups. */
const char *edit_diff_kind_name(EditDiffKind kind);

#endif
