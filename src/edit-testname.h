/* SPDX-License-Identifier: MIT */
/* Where a test file for a source file goes, by each language's usual convention. */
#ifndef AURELIS_EDIT_TESTNAME_H
#define AURELIS_EDIT_TESTNAME_H

#include "error.h"

/* The conventional test file for source, a path relative to the working tree's top (or
 * absolute).  lang NULL: from the extension (edit_fence_lang_from_path); framework NULL:
 * the language's usual one.  Patterns put tests either next to the source (JS/TS, Go) or
 * under a tests directory at the top (Python, C, shell, ...), so the result is relative
 * to the same top unless source was absolute and the pattern keeps its directory.  Pure:
 * looks at no file.  Caller frees; NULL with err (USAGE) when the language has no
 * convention here or the framework is unknown. */
char *edit_testname(const char *source, const char *lang, const char *framework,
		    AurError **err);

/* The usual framework for a language ("python" -> "pytest"), or NULL.  Static string. */
const char *edit_testname_framework(const char *lang);

/* The frameworks known for a language, "pytest, unittest".  Caller frees; "" if none. */
char *edit_testname_frameworks(const char *lang);

#endif
