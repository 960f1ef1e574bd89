/* SPDX-License-Identifier: MIT */
/* The input history file shared by both interactive faces: one entry a line, multi-line
 * entries kept whole. */
#ifndef AURELIS_HISTFILE_H
#define AURELIS_HISTFILE_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "error.h"

/*
 * $XDG_STATE_HOME/aurelis/history holds one entry per line with "\" written as "\\" and a
 * newline as "\n", so an entry typed over several lines comes back as one.  A backslash
 * before any other character is kept as it is.  The line shell appends each entry as it
 * is entered (a crash loses nothing) and rewrites the file, trimmed to ui.history_size,
 * when it leaves; so does the full-screen interface.
 */

/* Largest history file read; older entries beyond it are dropped. */
#define HISTFILE_MAX_BYTES ((size_t)16 << 20)

/* The history file; create makes its directory.  NULL when it cannot be made.  Caller
 * frees. */
char *histfile_path(bool create);

/* "a\\b\nc" -> "a\\\\b\\nc" and back.  Caller frees. */
char *histfile_escape(const char *entry);
char *histfile_unescape(const char *line, size_t len);

/* Entries oldest first (empty lines and invalid UTF-8 skipped); an empty array when the
 * file is missing.  Caller frees. */
GPtrArray *histfile_load(const char *path);
/* Add one entry at the end (file mode 0600). */
bool histfile_append(const char *path, const char *entry, AurError **err);
/* Replace the file with the newest keep entries (atomically). */
bool histfile_save(const char *path, const GPtrArray *entries, int64_t keep, AurError **err);

#endif
