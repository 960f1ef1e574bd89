/* SPDX-License-Identifier: MIT */
/* File helpers: atomic replacement, private directories, bounded reads, whole writes. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "fsutil.h"

static FsWriteHook write_hook;

void
fs_set_write_hook(FsWriteHook hook)
{
	write_hook = hook;
}

bool
fs_write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO; /* no progress and no reason: do not spin */
			return false;
		}
		data += n;
		len -= (size_t)n;
	}
	return true;
}

/* With a test hook, in chunks, calling it after each. */
static bool
write_all(int fd, const char *data, size_t len)
{
	if (write_hook == NULL)
		return fs_write_all(fd, data, len);
	for (size_t done = 0; done < len;) {
		size_t n = MIN(len - done, 65536);
		if (!fs_write_all(fd, data + done, n))
			return false;
		done += n;
		write_hook(done, len);
	}
	return true;
}

static void
fsync_dir_of(const char *path)
{
	g_autofree char *dir = g_path_get_dirname(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

bool
fs_write_atomic(const char *path, const char *data, size_t len, mode_t mode, AurError **err)
{
	struct stat st;
	bool existed = stat(path, &st) == 0;
	if (existed && !S_ISREG(st.st_mode)) {
		aur_error_set(err, AUR_ERR_IO, "Choose a path to a regular file.",
			      "%s is not a regular file", path);
		return false;
	}
	g_autofree char *dir = g_path_get_dirname(path);
	g_autofree char *base = g_path_get_basename(path);
	g_autofree char *tmpl = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
	int fd = g_mkstemp_full(tmpl, O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0) {
		int e = errno;
		aur_error_set(err, AUR_ERR_IO, "Check that the directory exists and is writable.",
			      "cannot create a temporary file in %s: %s", dir, g_strerror(e));
		return false;
	}
	mode_t want = existed ? (st.st_mode & 07777) : mode;
	bool ok = write_all(fd, data, len) && fchmod(fd, want) == 0;
	if (ok && existed && (st.st_uid != geteuid() || st.st_gid != getegid()))
		(void)!fchown(fd, st.st_uid, st.st_gid); /* best effort: keep the owner */
	ok = ok && fsync(fd) == 0;
	int e = errno;
	ok = (close(fd) == 0) && ok;
	if (ok && rename(tmpl, path) != 0) {
		e = errno;
		ok = false;
	}
	if (!ok) {
		unlink(tmpl);
		aur_error_set(err, AUR_ERR_IO, "Nothing was changed; check free space and permissions.",
			      "cannot write %s: %s", path, g_strerror(e));
		return false;
	}
	fsync_dir_of(path);
	return true;
}

bool
fs_mkdir_p(const char *path, mode_t mode, AurError **err)
{
	if (g_mkdir_with_parents(path, (int)mode) != 0) {
		int e = errno;
		aur_error_set(err, AUR_ERR_IO, "Check the permissions of the parent directory.",
			      "cannot create directory %s: %s", path, g_strerror(e));
		return false;
	}
	return true;
}

char *
fs_read_file(const char *path, size_t max, size_t *len, AurError **err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		aur_error_set(err, e == ENOENT ? AUR_ERR_NOT_FOUND : AUR_ERR_IO,
			      e == ENOENT ? "Check the path." : "Check the file's permissions.",
			      "cannot read %s: %s", path, g_strerror(e));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		aur_error_set(err, AUR_ERR_INPUT, "Name a file, not a directory.",
			      "cannot read %s: it is a directory", path);
		return NULL;
	}
	GString *buf = g_string_sized_new(st.st_size > 0 ? (gsize)st.st_size + 1 : 4096);
	char chunk[65536];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			g_string_free(buf, TRUE);
			aur_error_set(err, AUR_ERR_IO, NULL, "cannot read %s: %s", path, g_strerror(e));
			return NULL;
		}
		if (n == 0)
			break;
		if (buf->len + (size_t)n > max) {
			close(fd);
			g_string_free(buf, TRUE);
			aur_error_set(err, AUR_ERR_INPUT, "The file is larger than the limit for this use.",
				      "%s is larger than %zu bytes", path, max);
			return NULL;
		}
		g_string_append_len(buf, chunk, n);
	}
	close(fd);
	if (len != NULL)
		*len = buf->len;
	return g_string_free(buf, FALSE);
}

int
fs_open_append(const char *path)
{
	return open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
}

char *
fs_read_stdin(size_t max, const char *hint, size_t *len, AurError **err)
{
	GString *in = g_string_new(NULL);
	char buf[65536];
	ssize_t n;
	while ((n = read(STDIN_FILENO, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || in->len + (size_t)n > max) {
			aur_error_set(err, AUR_ERR_INPUT, hint,
				      n < 0 ? "cannot read standard input: %s" : "standard input is too large%s",
				      n < 0 ? g_strerror(errno) : "");
			g_string_free(in, TRUE);
			return NULL;
		}
		g_string_append_len(in, buf, n);
	}
	*len = in->len;
	return g_string_free(in, FALSE);
}
