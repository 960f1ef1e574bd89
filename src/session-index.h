/* SPDX-License-Identifier: MIT */
/* The sessions directory: fast listing through a cached index, names, lookup, deletion. */
#ifndef AURELIS_SESSION_INDEX_H
#define AURELIS_SESSION_INDEX_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "error.h"

/* What `session list` shows about one session. */
typedef struct {
	char *id;
	char *name;
	char *project;      /* "" when unknown */
	char *model;        /* NULL when unset */
	char *path;
	guint turns;
	int64_t created_ms;
	int64_t last_ms;    /* newest event: last activity */
} SessionInfo;

void session_info_free(SessionInfo *info);
SessionInfo *session_info_copy(const SessionInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SessionInfo, session_info_free)

/* Every session, newest activity first (SessionInfo *, free func set).  Sessions whose
 * file changed since the index was written are loaded again; files that cannot be read
 * are left out and described in problems (char *, may be NULL).  NULL with err when the
 * directory cannot be read. */
GPtrArray *session_index_list(GPtrArray *problems, AurError **err);

/* Find a session by exact id, exact name or unique id prefix (4+ characters).  Unknown
 * names fail with AUR_ERR_NOT_FOUND and a "did you mean"; ambiguous ones with
 * AUR_ERR_USAGE listing the candidates.  Caller frees. */
SessionInfo *session_index_resolve(const char *name_or_id, AurError **err);

/* The session of project (a directory) with the newest activity, or NULL (err unset)
 * when it has none.  Caller frees. */
SessionInfo *session_index_last_for_project(const char *project, AurError **err);

/* Remove a session's file. */
bool session_index_delete(const SessionInfo *info, AurError **err);

/* The directory lock that keeps names unique across processes: hold it around creating
 * and renaming.  Returns a descriptor for session_index_unlock(), or -1 with err. */
int session_index_lock(AurError **err);
void session_index_unlock(int fd);

/* False with err when another session (not except_id) already has the name. */
bool session_index_name_free(const char *name, const char *except_id, AurError **err);
/* An unused name derived from the project directory ("myproject-3").  Caller frees. */
char *session_index_generate_name(const char *project, AurError **err);

#endif
