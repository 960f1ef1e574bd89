/* SPDX-License-Identifier: MIT */
/* Whole lines appended to a size-rotated file that threads and processes share. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <glib.h>

#include "paths.h"
#include "rotfile.h"

/*
 * The log and the metrics file both keep JSON lines that several processes append to.
 * Every line is written with one writev() on an O_APPEND descriptor while holding an
 * exclusive flock(), so lines never interleave; the size check and the renames of a
 * rotation happen under the same lock, so none is lost.  flock() belongs to the open file,
 * and a rename leaves the old file open in every other appender: after each wait for the
 * lock the locked inode is compared with the one at the path, and the name is followed
 * when they differ.  (Skipping that check lets a late holder of a rotated file rotate again
 * alongside the real owner, and two interleaved rename chains overwrite a file.)
 */

void
rotfile_close(RotFile *rf)
{
	if (rf->fd >= 0)
		close(rf->fd);
	rf->fd = -1;
	rf->failed = false;
}

void
rotfile_clear(RotFile *rf)
{
	rotfile_close(rf);
	g_free(rf->path);
	rf->path = NULL;
}

void
rotfile_set(RotFile *rf, const char *path, int64_t max_bytes, int keep)
{
	rotfile_clear(rf);
	rf->path = g_strdup(path);
	rf->max_bytes = max_bytes > 0 ? max_bytes : ROTFILE_DEFAULT_MAX_BYTES;
	rf->keep = keep > 0 ? keep : ROTFILE_DEFAULT_KEEP;
}

/* Read-write as well as append: rotfile_append() peeks at the last byte. */
static int
open_append(const char *path)
{
	return open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
}

static bool
open_file(RotFile *rf)
{
	if (rf->fd >= 0)
		return true;
	if (rf->failed)
		return false;
	if (rf->path == NULL) {
		g_autofree char *dir = paths_ensure(PATHS_STATE, NULL);
		if (dir == NULL) {
			rf->failed = true;
			return false;
		}
		rf->path = g_build_filename(dir, rf->state_name, NULL);
	} else {
		g_autofree char *dir = g_path_get_dirname(rf->path);
		g_mkdir_with_parents(dir, 0700);
	}
	rf->fd = open_append(rf->path);
	rf->failed = rf->fd < 0;
	return rf->fd >= 0;
}

static bool
lock_fd(int fd)
{
	while (flock(fd, LOCK_EX) != 0)
		if (errno != EINTR)
			return false;
	return true;
}

/* Lock the file that is live under the path, following it when another appender renamed
 * it while we waited. */
static bool
lock_live(RotFile *rf)
{
	for (int tries = 0; tries < 100; tries++) {
		if (rf->fd < 0 || !lock_fd(rf->fd))
			return false;
		struct stat fst, pst;
		if (fstat(rf->fd, &fst) == 0 && stat(rf->path, &pst) == 0 &&
		    pst.st_ino == fst.st_ino && pst.st_dev == fst.st_dev)
			return true;
		close(rf->fd); /* releases the lock on the rotated file */
		rf->fd = open_append(rf->path);
	}
	return false;
}

/* Called locked; leaves a fresh, unlocked descriptor on the new live file. */
static void
rotate(RotFile *rf)
{
	for (int i = rf->keep - 1; i >= 1; i--) {
		g_autofree char *from = g_strdup_printf("%s.%d", rf->path, i);
		g_autofree char *to = g_strdup_printf("%s.%d", rf->path, i + 1);
		(void)rename(from, to);
	}
	g_autofree char *first = g_strdup_printf("%s.1", rf->path);
	(void)rename(rf->path, first);
	close(rf->fd); /* releases the lock */
	rf->fd = open_append(rf->path);
}

/* Does the locked file end mid-line? */
static bool
ends_torn(int fd)
{
	struct stat st;
	char last = '\n';
	if (fstat(fd, &st) == 0 && st.st_size > 0)
		(void)!pread(fd, &last, 1, st.st_size - 1);
	return last != '\n';
}

bool
rotfile_append(RotFile *rf, const char *line, size_t len)
{
	if (!open_file(rf) || !lock_live(rf))
		return false;
	/* Rotate before a line that would pass the limit, so the live file has the newest. */
	struct stat st;
	if (fstat(rf->fd, &st) == 0 && st.st_size > 0 &&
	    st.st_size + (off_t)len > rf->max_bytes) {
		rotate(rf);
		if (!lock_live(rf))
			return false;
	}
	struct iovec iov[2] = {
		{ .iov_base = (void *)"\n", .iov_len = 1 },
		{ .iov_base = (void *)line, .iov_len = len },
	};
	bool torn = ends_torn(rf->fd);
	ssize_t want = (ssize_t)len + torn;
	bool ok = writev(rf->fd, torn ? iov : iov + 1, torn ? 2 : 1) == want;
	flock(rf->fd, LOCK_UN);
	return ok;
}
