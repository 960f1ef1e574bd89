/* SPDX-License-Identifier: MIT */
/* Fenced code blocks in a model's markdown answer: extraction, info strings, picking one. */
#ifndef AURELIS_EDIT_FENCE_H
#define AURELIS_EDIT_FENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

#include "error.h"

typedef struct {
	char *info;        /* the whole info string after the fence; "" when there is none */
	char *lang_raw;    /* the language as written ("py"); NULL when none is named */
	char *lang;        /* canonical ("python", see edit_fence_lang_canonical), else lang_raw
			    * in lower case; NULL when none is named */
	char *path;        /* a file name given in the info string, or NULL */
	GHashTable *attrs; /* key=value attributes of the info string (char* -> char*) */
	char *text;        /* the code: "\n" line endings, ends with "\n" unless it is empty */
	size_t len;        /* strlen(text) */
	unsigned start_line; /* 1-based answer line of the opening fence */
	unsigned end_line;   /* answer line of the closing fence (or the last line when open) */
	unsigned fence_len;  /* 3 or more */
	char fence_char;     /* '`' or '~' */
	bool complete;       /* false: the answer ended inside the block (a cut-off stream) */
} EditFence;

/* Every fenced code block of a markdown answer, in order, including blocks nested in
 * lists and quotes; indented (unfenced) code is not included.  Returns a GPtrArray of
 * EditFence* that frees its elements; caller frees with g_ptr_array_unref. */
GPtrArray *edit_fence_extract(const char *answer, size_t len);

/* The block to use: with lang, the largest block in that language (aliases count: "py" is
 * "python"), else the largest block that names no language; without lang, the largest
 * block.  Ties go to the first.  NULL with err (category MODEL) when there is no block,
 * when nothing suits lang, or when the chosen block was cut off.  Points into fences. */
const EditFence *edit_fence_pick(const GPtrArray *fences, const char *lang, AurError **err);

/* Split an info string ("python title=\"a.py\"", "js:src/x.js", "{.c file=x.c}") into a
 * language (NULL if none), a file name (NULL if none) and attributes (added to attrs,
 * which may be NULL).  Caller frees *lang and *path. */
void edit_fence_parse_info(const char *info, char **lang, char **path, GHashTable *attrs);

/* The canonical name of a language or alias, case-insensitive ("PY" -> "python",
 * "c++" -> "cpp", "sh" -> "shell"); NULL when unknown.  Static string. */
const char *edit_fence_lang_canonical(const char *name);
/* The language of a file from its extension ("x/y.tsx" -> "typescript"); NULL if unknown. */
const char *edit_fence_lang_from_path(const char *path);

void edit_fence_free(EditFence *f);

#endif
