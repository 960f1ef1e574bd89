/* SPDX-License-Identifier: MIT */
/* File helpers: atomic replacement, private directories, bounded reads, whole writes. */
#ifndef AURELIS_FSUTIL_H
#define AURELIS_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"

/* Replace path with data: temp file in the same directory, fsync, rename, fsync the
 * directory.  mode is used for a new file; an existing file keeps its mode (and owner when
 * we may set it).  On failure the original file is untouched. */
bool fs_write_atomic(const char *path, const char *data, size_t len, mode_t mode,
		     AurError **err);

/* Test hook: called with the bytes written so far after each chunk of fs_write_atomic's
 * data (before fsync and rename), so a test can stop a process in the middle of a write.
 * NULL (the default) turns it off. */
typedef void (*FsWriteHook)(size_t written, size_t total);
void fs_set_write_hook(FsWriteHook hook);

/* mkdir -p with mode for every directory created (existing ones are left alone). */
bool fs_mkdir_p(const char *path, mode_t mode, AurError **err);

/* Read a whole file of at most max bytes.  *len may be NULL.  Caller frees. */
char *fs_read_file(const char *path, size_t max, size_t *len, AurError **err);

/* Open for append with O_CLOEXEC, creating with mode 0600. */
int fs_open_append(const char *path);

/* Write all len bytes to fd, going on after EINTR and short writes.  False (errno set) when
 * a write fails. */
bool fs_write_all(int fd, const char *data, size_t len);

/* Read standard input to its end, at most max bytes.  An INPUT error ("standard input is
 * too large", or "cannot read standard input: ...") with hint otherwise.  *len gets the
 * length; the text is NUL-terminated.  Caller frees. */
char *fs_read_stdin(size_t max, const char *hint, size_t *len, AurError **err);

#endif
