/* SPDX-License-Identifier: MIT */
/* Whole lines appended to a size-rotated file that threads and processes share. */
#ifndef AURELIS_ROTFILE_H
#define AURELIS_ROTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ROTFILE_DEFAULT_MAX_BYTES (10 * 1024 * 1024)
#define ROTFILE_DEFAULT_KEEP 3

/*
 * One appender.  The file at path is renamed to path.1 (path.1 to path.2, ... up to
 * path.KEEP, the oldest dropped) before a line that would take it past max_bytes.  Each
 * line goes out in one write under flock(), and the lock is taken on the file that is
 * live under path, so appenders in other processes (or other RotFiles on the same path)
 * may rotate it at any time.  A RotFile itself is not locked: a caller shared by threads
 * guards it with its own mutex.
 */
typedef struct {
	char *path;             /* NULL: state_name in the state dir, fixed on first append */
	const char *state_name; /* static string */
	int64_t max_bytes;
	int keep;
	int fd;
	bool failed;            /* could not open: no more tries until rotfile_set() */
} RotFile;

/* An appender of $XDG_STATE_HOME/aurelis/NAME with the default limits. */
#define ROTFILE_INIT(name) { .state_name = (name), .max_bytes = ROTFILE_DEFAULT_MAX_BYTES, \
	.keep = ROTFILE_DEFAULT_KEEP, .fd = -1 }

/* Close, then use path (NULL: the state-dir default), rotating past max_bytes (0: 10 MiB)
 * and keeping keep old files (0: 3).  The file is opened by the next append. */
void rotfile_set(RotFile *rf, const char *path, int64_t max_bytes, int keep);
/* Append len bytes (a line with its '\n').  When the file does not end in a newline (a
 * writer died mid-line) a newline goes first, so the fragment does not swallow this line.
 * False when the file cannot be opened, locked or written. */
bool rotfile_append(RotFile *rf, const char *line, size_t len);
/* Close the descriptor and allow a new open; the path stays. */
void rotfile_close(RotFile *rf);
/* Close and forget the path (back to the state-dir default). */
void rotfile_clear(RotFile *rf);

#endif
