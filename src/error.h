/* SPDX-License-Identifier: MIT */
/* Error objects: a category (which decides the exit status), a message and a hint. */
#ifndef AURELIS_ERROR_H
#define AURELIS_ERROR_H

#include <stdarg.h>
#include <stdbool.h>
#include <glib.h>

/* X(name, exit status, label) -- exit statuses are fixed by DESIGN.md. */
#define AUR_ERROR_CATEGORIES(X)                 \
	X(OK,         0,   "ok")                    \
	X(GENERIC,    1,   "error")                 \
	X(USAGE,      2,   "usage")                 \
	X(CONFIG,     2,   "config")                \
	X(AUTH,       3,   "auth")                  \
	X(NETWORK,    4,   "network")               \
	X(NOT_FOUND,  5,   "not_found")             \
	X(INPUT,      6,   "input")                 \
	X(MODEL,      7,   "model")                 \
	X(TIMEOUT,    8,   "timeout")               \
	X(RATE_LIMIT, 9,   "rate_limit")            \
	X(IO,         1,   "io")                    \
	X(INTERNAL,   1,   "internal")              \
	X(CANCELLED,  130, "cancelled")

typedef enum {
#define X(name, code, label) AUR_ERR_##name,
	AUR_ERROR_CATEGORIES(X)
#undef X
	AUR_ERR__COUNT
} AurErrorCategory;

typedef struct {
	AurErrorCategory category;
	char *message; /* what happened, one sentence */
	char *hint;    /* what the user can do; may be NULL */
} AurError;

/* Fill *err (if err is not NULL and *err is NULL) with a new error.  hint may be NULL. */
void aur_error_set(AurError **err, AurErrorCategory cat, const char *hint,
		   const char *fmt, ...) G_GNUC_PRINTF(4, 5);
void aur_error_setv(AurError **err, AurErrorCategory cat, const char *hint,
		    const char *fmt, va_list ap) G_GNUC_PRINTF(4, 0);
/* Prefix the message with "prefix: ". */
void aur_error_prefix(AurError *err, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void aur_error_free(AurError *err);
AurError *aur_error_copy(const AurError *err);

int aur_error_exit_code(AurErrorCategory cat);
const char *aur_error_category_name(AurErrorCategory cat);
/* Parse a label back ("rate_limit" -> AUR_ERR_RATE_LIMIT); AUR_ERR_GENERIC if unknown. */
AurErrorCategory aur_error_category_from_name(const char *name);

/* Print "aurelis: error: MESSAGE" and "  hint: HINT" to stderr; returns the exit code. */
int aur_error_report(const AurError *err);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AurError, aur_error_free)

#endif
