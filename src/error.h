/* SPDX-License-Identifier: MIT */
/* Error objects: a category (which decides the exit status), a message and a hint. */
#ifndef AURELIS_ERROR_H
#define AURELIS_ERROR_H

#include <stdarg.h>
#include <stdbool.h>
#include <glib.h>

/* X(name, exit status, label, default hint) -- exit statuses are fixed by DESIGN.md.  The
 * default hint is printed when an error of that category carries none of its own, so that
 * every error the user sees says what to do. */
#define AUR_ERROR_CATEGORIES(X) \
	X(OK,         0,   "ok",         "") \
	X(GENERIC,    1,   "error",      "Run it again with -v to see the log lines that led up to it.") \
	X(USAGE,      2,   "usage",      "`aurelis --help` and `aurelis COMMAND --help` show the usage.") \
	X(CONFIG,     2,   "config",     "`aurelis config validate` checks the files; aurelis.yaml(5) describes every key.") \
	X(AUTH,       3,   "auth",       "Set AURELIS_TOKEN or run `aurelis auth login` with a token that has the models: read permission.") \
	X(NETWORK,    4,   "network",    "Check the connection and the proxy settings; `aurelis doctor` tests each link.") \
	X(NOT_FOUND,  5,   "not_found",  "Check the spelling of the name or path.") \
	X(INPUT,      6,   "input",      "Check the input: readable text of a supported kind, within the size limits.") \
	X(MODEL,      7,   "model",      "Try another model with --model; `aurelis models` lists them.") \
	X(TIMEOUT,    8,   "timeout",    "Try again; request.connect_timeout and request.stall_timeout set the limits.") \
	X(RATE_LIMIT, 9,   "rate_limit", "Wait a little and try again, or pick another model with --model.") \
	X(IO,         1,   "io",         "Check the path, its permissions and the free space on its disk.") \
	X(INTERNAL,   1,   "internal",   "This is a bug in aurelis: run it again with -v and report the log lines.") \
	X(CANCELLED,  130, "cancelled",  "Run the command again to let it finish.")

typedef enum {
#define X(name, code, label, hint) AUR_ERR_##name,
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

/* The error's own hint, or its category's default when it has none (never NULL). */
const char *aur_error_hint(const AurError *err);

/* Print "aurelis: error: MESSAGE" and "  hint: HINT" to stderr (the category's default hint
 * when the error has none); returns the exit code. */
int aur_error_report(const AurError *err);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AurError, aur_error_free)

#endif
