/* SPDX-License-Identifier: MIT */
/* Writing the user's files safely: paths kept in the tree, backups, atomic replacement. */
#ifndef AURELIS_EDIT_WRITE_H
#define AURELIS_EDIT_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"

typedef struct {
	bool confirmed;   /* the user agreed to replace an existing file (--yes or the prompt) */
	bool no_backup;   /* do not keep a copy of the file being replaced */
	bool create_dirs; /* create missing parent directories (inside the tree only) */
	const char *root; /* the working tree; NULL: edit_write_root() */
	mode_t mode;      /* for a new file; 0: 0666 less the umask.  An existing file keeps
			   * its mode. */
} EditWriteOpts;

typedef struct {
	char *path;   /* the file written (its real directory + its name) */
	char *backup; /* where the previous contents were saved, or NULL */
	bool created; /* there was no file before */
} EditWriteResult;

/* The working tree: the top level of the git repository holding the current directory
 * (found by looking for .git upwards, without running git), else the current directory.
 * Real path; caller frees. */
char *edit_write_root(void);

/* Check that a path the user gave may be written and return it with its directory
 * resolved: a relative path must stay inside root (no ".." or symlinked directory may
 * lead out of it; every component is resolved), an absolute path may be anywhere; the
 * file itself must not be a symlink and, if it exists, must be a regular file.  With
 * create_dirs, missing directories are created (inside root only).  root NULL:
 * edit_write_root().  Caller frees; NULL with err. */
char *edit_write_resolve(const char *path, const char *root, bool create_dirs, AurError **err);

/* Replace (or create) path with data: resolve it as above, refuse to replace an existing
 * file unless opts->confirmed, save the old contents under the backup directory (a new
 * name each time, never over an older backup), then write atomically (temp file, fsync,
 * rename) keeping the mode.  A crash at any point leaves the original intact.  out may be
 * NULL; otherwise clear it with edit_write_result_clear. */
bool edit_write_file(const char *path, const char *data, size_t len, const EditWriteOpts *opts,
		     EditWriteResult *out, AurError **err);
void edit_write_result_clear(EditWriteResult *r);

/* Where backups go: $XDG_STATE_HOME/aurelis/backups (not created).  A file's backups are
 * under its real path below it, named NAME.YYYYMMDD-HHMMSS (with .N added when that exists).
 * Caller frees. */
char *edit_write_backup_dir(void);

typedef enum {
	EDIT_CONFIRM_NO,    /* the user declined (or gave no answer) */
	EDIT_CONFIRM_YES,
	EDIT_CONFIRM_ERROR, /* nobody to ask: err says what to do */
} EditConfirm;

/* Ask "QUESTION [y/N] " on the terminal (/dev/tty, so piped input still works) and wait
 * for an answer; assume_yes (--yes) answers yes without asking.  No terminal and no
 * --yes: EDIT_CONFIRM_ERROR with a hint to pass --yes. */
EditConfirm edit_write_confirm(const char *question, bool assume_yes, AurError **err);
/* The same conversation over given descriptors (for tests and other front ends). */
EditConfirm edit_write_confirm_fd(int in_fd, int out_fd, const char *question);

#endif
