/* SPDX-License-Identifier: MIT */
/* The GitHub token: environment, Secret Service keyring (libsecret, loaded on demand) or
 * `gh auth token`; masking, wiping and core-dump protection while it is held. */
#ifndef AURELIS_AUTH_H
#define AURELIS_AUTH_H

#include <stdbool.h>
#include <glib.h>

#include "config.h"
#include "error.h"

#define AUTH_SOURCES(X)                                           \
	X(NONE, "none")                                           \
	X(AURELIS_TOKEN, "AURELIS_TOKEN")                         \
	X(GITHUB_TOKEN, "GITHUB_TOKEN")                           \
	X(GH_TOKEN, "GH_TOKEN")                                   \
	X(KEYRING, "keyring")                                     \
	X(GH_CLI, "gh auth token")

typedef enum {
#define X(name, label) AUTH_SRC_##name,
	AUTH_SOURCES(X)
#undef X
} AuthSource;

typedef struct {
	char *token;        /* wiped with explicit_bzero when freed */
	AuthSource source;
	bool refetched;     /* a gh token already fetched again after a 401 */
} AuthToken;

/* The first token found, in the documented order; the keyring only when security.keyring
 * and gh only when security.use_gh_cli allow (cfg may be NULL: both allowed).  While any
 * token is held, core dumps are off and the log redacts it.  NULL with err (category auth)
 * naming every place looked at and why each had nothing.  Free with auth_token_free(). */
AuthToken *auth_token_get(const AurConfig *cfg, AurError **err);
void auth_token_free(AuthToken *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AuthToken, auth_token_free)
/* After a 401: a token from gh is fetched again once (gh may have refreshed it).  Returns
 * true when t now holds a different token worth one more try. */
bool auth_token_refetch(AuthToken *t);

const char *auth_source_name(AuthSource s);
/* "ghp_…abcd": the known prefix and at most the last four characters (never more than a
 * quarter of what follows the prefix, so short tokens show little or nothing).  Caller
 * frees. */
char *auth_mask(const char *token);
/* Strip surrounding whitespace; reject control characters, spaces and silly lengths.
 * Returns a new string or NULL with err (category input).  Caller frees with
 * util_secure_free(). */
char *auth_clean_token(const char *raw, AurError **err);

/* Secret Service keyring (schema dev.aurelis.Token, attribute service=models.github.ai).
 * Each returns false with err (category auth) when no Secret Service can be reached. */
bool auth_keyring_lookup(char **token, AurError **err); /* *token NULL: nothing stored */
bool auth_keyring_store(const char *token, AurError **err);
bool auth_keyring_clear(bool *removed, AurError **err);

/* `gh auth token` (argv holds no secret; the token is read from its stdout).  NULL with
 * err when gh is missing or fails.  Caller frees with util_secure_free(). */
char *auth_gh_token(AurError **err);

/* Core dumps and ptrace attach off while a secret is in memory (nested calls count). */
void auth_protect_begin(void);
void auth_protect_end(void);

#endif
