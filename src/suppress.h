/* SPDX-License-Identifier: MIT */
/* Inline suppressions: writing the `aurelis: ignore[RULE-ID]` comment that makes the analyzer
 * skip one finding, in the comment syntax of the file's language. */
#ifndef AURELIS_SUPPRESS_H
#define AURELIS_SUPPRESS_H

#include <stddef.h>

#include "error.h"
#include "lang/lang.h"

/* The comment for rule in lang ("// aurelis: ignore[js-eval]"); NULL when the language has
 * no comment syntax we know.  Caller frees. */
char *suppress_comment(LangId lang, const char *rule);

/* text with a suppression of rule for its line (1-based) added, or NULL with err:
 * - normally a comment line just above, indented like that line (the analyzer's marker
 *   covers its own line and the next);
 * - when the line above already holds a suppression marker with a list, rule joins it;
 * - when the line above ends with a backslash (a continued macro or command, which a new
 *   line would cut), a C comment goes at the end of the line instead; other languages
 *   cannot comment there, which is an error.
 * A line that starts inside a multi-line string or comment (found with the language's
 * lexer) cannot take a comment: error (category input) with a hint to use the
 * configuration.  Line endings (CRLF) are kept.  rule must be a rule id ([A-Za-z0-9_.-]).
 * Caller frees; *out_len may be NULL. */
char *suppress_insert(const char *text, size_t len, LangId lang, unsigned line, const char *rule,
		      size_t *out_len, AurError **err);

#endif
