/* SPDX-License-Identifier: MIT */
/* Writing the user's files safely: paths kept in the tree, backups, atomic replacement. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "edit-write.h"
#include "fsutil.h"
#include "log.h"
#include "paths.h"

/*
 * Only the user names files (the model never does), but the name may still lead somewhere
 * unexpected: "../x", a directory that is a symlink out of the repository, or a file that
 * is itself a symlink.  The directory part is resolved with realpath(), which follows
 * every component, and the result must lie inside the working tree unless the user gave
 * an absolute path.  The last component is never followed: it is checked with lstat()
 * and opened with O_NOFOLLOW, and the atomic rename replaces the directory entry itself.
 *
 * Backups live outside the tree (so they are neither committed nor picked up by tools)
 * under $XDG_STATE_HOME/aurelis/backups/, mirroring the file's real path, each under a new
 * name: the copy is written to a temporary file and then hard-linked to its final name,
 * and link() fails rather than replace an older backup, so a backup is either complete
 * or absent and none is ever overwritten.
 */

static char *
real_cwd(void)
{
	g_autofree char *cwd = g_get_current_dir();
	char *r = realpath(cwd, NULL);
	return r != NULL ? r : g_strdup(cwd);
}

char *
edit_write_root(void)
{
	char *start = real_cwd();
	g_autofree char *dir = g_strdup(start);
	for (;;) {
		g_autofree char *git = g_build_filename(dir, ".git", NULL);
		struct stat st;
		if (lstat(git, &st) == 0) {
			g_free(start);
			return g_steal_pointer(&dir);
		}
		if (strcmp(dir, "/") == 0)
			return start;
		char *parent = g_path_get_dirname(dir);
		g_free(dir);
		dir = parent;
	}
}

char *
edit_write_backup_dir(void)
{
	g_autofree char *state = paths_dir(PATHS_STATE);
	return g_build_filename(state, "backups", NULL);
}

static bool
inside(const char *path, const char *root)
{
	size_t n = strlen(root);
	if (strcmp(root, "/") == 0)
		return true;
	return strncmp(path, root, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static bool
outside_error(const char *path, const char *where, const char *root, AurError **err)
{
	g_autofree char *hint = g_strdup_printf(
		"Aurelis only writes inside the working tree %s; give an absolute path if you "
		"really mean a file outside it.", root);
	aur_error_set(err, AUR_ERR_INPUT, hint,
		      "refusing to write %s: it leads to %s, outside the working tree", path, where);
	return false;
}

/* Create the missing directories of dir (relative ones must stay in root). */
static bool
make_dirs(const char *path, const char *dir, const char *root, bool absolute, AurError **err)
{
	g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func(g_free);
	g_autofree char *cur = g_strdup(dir);
	char *real;
	while ((real = realpath(cur, NULL)) == NULL && errno == ENOENT) {
		char *base = g_path_get_basename(cur), *up = g_path_get_dirname(cur);
		g_ptr_array_insert(missing, 0, base);
		if (strcmp(base, "..") == 0 || strcmp(base, ".") == 0 || strcmp(up, cur) == 0) {
			g_free(up);
			aur_error_set(err, AUR_ERR_INPUT, "Name the directories plainly, without '.' "
				      "or '..' after a directory that does not exist.",
				      "cannot create the directories of %s", path);
			return false;
		}
		g_free(cur);
		cur = up;
	}
	if (real == NULL) {
		int e = errno;
		aur_error_set(err, AUR_ERR_IO, "Check the path and its permissions.",
			      "cannot resolve %s: %s", cur, g_strerror(e));
		return false;
	}
	g_autofree char *made = real;
	if (!absolute && !inside(made, root))
		return outside_error(path, made, root, err);
	for (guint i = 0; i < missing->len; i++) {
		char *next = g_build_filename(made, (char *)missing->pdata[i], NULL);
		g_free(made);
		made = next;
		if (mkdir(made, 0777) != 0 && errno != EEXIST) {
			int e = errno;
			aur_error_set(err, AUR_ERR_IO, "Check the permissions of the parent directory.",
				      "cannot create directory %s: %s", made, g_strerror(e));
			return false;
		}
	}
	return true;
}

/* The real directory of a path, checked against root. */
static char *
resolve_dir(const char *path, const char *root, bool create_dirs, AurError **err)
{
	g_autofree char *dir = g_path_get_dirname(path);
	bool absolute = g_path_is_absolute(path);
	char *real = realpath(dir, NULL);
	if (real == NULL && errno == ENOENT && create_dirs) {
		if (!make_dirs(path, dir, root, absolute, err))
			return NULL;
		real = realpath(dir, NULL);
	}
	if (real == NULL) {
		int e = errno;
		if (e == ENOENT)
			aur_error_set(err, AUR_ERR_NOT_FOUND, "Create the directory first, or name "
				      "a file in an existing one.",
				      "cannot write %s: directory %s does not exist", path, dir);
		else
			aur_error_set(err, AUR_ERR_IO, "Check the path and its permissions.",
				      "cannot write %s: directory %s: %s", path, dir, g_strerror(e));
		return NULL;
	}
	if (!absolute && !inside(real, root)) {
		outside_error(path, real, root, err);
		free(real);
		return NULL;
	}
	char *out = g_strdup(real);
	free(real);
	return out;
}

/* The last component: never a symlink, and a regular file if it exists. */
static bool
check_final(const char *path, const char *full, AurError **err)
{
	struct stat st;
	if (lstat(full, &st) != 0) {
		if (errno == ENOENT)
			return true;
		int e = errno;
		aur_error_set(err, AUR_ERR_IO, "Check the path and its permissions.",
			      "cannot write %s: %s", path, g_strerror(e));
		return false;
	}
	if (S_ISLNK(st.st_mode)) {
		g_autofree char *target = g_file_read_link(full, NULL);
		g_autofree char *hint = g_strdup_printf(
			"It is a symbolic link%s%s; Aurelis does not write through links.  Name "
			"the file it points to if you mean to change that.",
			target != NULL ? " to " : "", target != NULL ? target : "");
		aur_error_set(err, AUR_ERR_INPUT, hint, "refusing to write %s: it is a symbolic link",
			      path);
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		aur_error_set(err, AUR_ERR_INPUT, "Name a regular file.",
			      "refusing to write %s: it is not a regular file", path);
		return false;
	}
	return true;
}

char *
edit_write_resolve(const char *path, const char *root, bool create_dirs, AurError **err)
{
	if (path == NULL || *path == '\0') {
		aur_error_set(err, AUR_ERR_USAGE, "Name the file to write.", "no file name given");
		return NULL;
	}
	g_autofree char *base = g_path_get_basename(path);
	size_t n = strlen(path);
	if (path[n - 1] == '/' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0 ||
	    strcmp(base, "/") == 0) {
		aur_error_set(err, AUR_ERR_INPUT, "Name a file, not a directory.",
			      "cannot write %s: it names a directory", path);
		return NULL;
	}
	char *root_real = root != NULL ? realpath(root, NULL) : NULL;
	g_autofree char *rootp = root == NULL ? edit_write_root()
				 : root_real != NULL ? g_strdup(root_real) : NULL;
	free(root_real);
	if (rootp == NULL) {
		aur_error_set(err, AUR_ERR_IO, "Check the working tree's path.",
			      "cannot resolve the working tree %s", root);
		return NULL;
	}
	g_autofree char *dir = resolve_dir(path, rootp, create_dirs, err);
	if (dir == NULL)
		return NULL;
	char *full = g_build_filename(dir, base, NULL);
	if (!check_final(path, full, err)) {
		g_free(full);
		return NULL;
	}
	return full;
}

/* ---- backups -------------------------------------------------------------------------- */

static bool
copy_fd(int from, int to)
{
	char buf[65536];
	if (lseek(from, 0, SEEK_SET) < 0)
		return false;
	for (;;) {
		ssize_t n = read(from, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n == 0;
		if (!fs_write_all(to, buf, (size_t)n))
			return false;
	}
}

/* Give the finished temporary copy its final name, never over an existing file. */
static char *
link_backup(const char *tmp, const char *dir, const char *base, AurError **err)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", localtime_r(&now, &tm));
	for (unsigned n = 0; n < 10000; n++) {
		char *name = n == 0 ? g_strdup_printf("%s/%s.%s", dir, base, stamp)
				    : g_strdup_printf("%s/%s.%s.%u", dir, base, stamp, n);
		if (link(tmp, name) == 0)
			return name;
		int e = errno;
		g_free(name);
		if (e != EEXIST) {
			aur_error_set(err, AUR_ERR_IO, "Nothing was changed; check the state directory.",
				      "cannot save a backup in %s: %s", dir, g_strerror(e));
			return NULL;
		}
	}
	aur_error_set(err, AUR_ERR_IO, "Nothing was changed; clean up old backups.",
		      "too many backups of %s in %s", base, dir);
	return NULL;
}

static char *
backup_dir_for(const char *real_path, AurError **err)
{
	g_autofree char *state = paths_ensure(PATHS_STATE, err);
	if (state == NULL)
		return NULL;
	g_autofree char *parent = g_path_get_dirname(real_path);
	char *dir = g_build_filename(state, "backups", parent, NULL);
	if (!fs_mkdir_p(dir, 0700, err)) {
		g_free(dir);
		return NULL;
	}
	return dir;
}

/* Save what fd holds (the file at real_path) as a new backup; returns its path. */
static char *
save_backup(int fd, const char *real_path, AurError **err)
{
	g_autofree char *dir = backup_dir_for(real_path, err);
	if (dir == NULL)
		return NULL;
	g_autofree char *base = g_path_get_basename(real_path);
	g_autofree char *tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
	int out = g_mkstemp_full(tmp, O_RDWR | O_CLOEXEC, 0600);
	if (out < 0) {
		int e = errno;
		aur_error_set(err, AUR_ERR_IO, "Nothing was changed; check the state directory.",
			      "cannot create a backup in %s: %s", dir, g_strerror(e));
		return NULL;
	}
	bool ok = copy_fd(fd, out) && fsync(out) == 0;
	int e = errno;
	ok = close(out) == 0 && ok;
	char *name = NULL;
	if (!ok)
		aur_error_set(err, AUR_ERR_IO, "Nothing was changed; check free space.",
			      "cannot write a backup of %s: %s", real_path, g_strerror(e));
	else
		name = link_backup(tmp, dir, base, err);
	unlink(tmp);
	return name;
}

/* ---- writing -------------------------------------------------------------------------- */

static mode_t
current_umask(void)
{
	g_autofree char *status = NULL;
	if (g_file_get_contents("/proc/self/status", &status, NULL, NULL)) {
		const char *u = strstr(status, "\nUmask:");
		if (u != NULL)
			return (mode_t)strtoul(u + 7, NULL, 8) & 0777;
	}
	mode_t m = umask(022); /* no /proc: read it by setting it, then put it back */
	umask(m);
	return m;
}

/* Open the existing file without following a link; -1 and *missing when there is none. */
static int
open_existing(const char *path, const char *full, bool *missing, AurError **err)
{
	int fd = open(full, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	*missing = fd < 0 && errno == ENOENT;
	if (fd < 0 && !*missing) {
		int e = errno;
		aur_error_set(err, e == ELOOP ? AUR_ERR_INPUT : AUR_ERR_IO,
			      e == ELOOP ? "Aurelis does not write through symbolic links."
					 : "Check the file's permissions.",
			      "cannot open %s: %s", path, g_strerror(e));
		return -1;
	}
	struct stat st;
	if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		aur_error_set(err, AUR_ERR_INPUT, "Name a regular file.",
			      "refusing to write %s: it is not a regular file", path);
		return -1;
	}
	return fd;
}

static void
log_write(const char *full, size_t len, const EditWriteResult *r)
{
	cJSON *f = cJSON_CreateObject();
	cJSON_AddStringToObject(f, "path", full);
	cJSON_AddNumberToObject(f, "bytes", (double)len);
	cJSON_AddBoolToObject(f, "created", r->created);
	if (r->backup != NULL)
		cJSON_AddStringToObject(f, "backup", r->backup);
	log_event(LOG_INFO, "edit.write", f);
}

bool
edit_write_file(const char *path, const char *data, size_t len, const EditWriteOpts *opts,
		EditWriteResult *out, AurError **err)
{
	static const EditWriteOpts defaults = { 0 };
	const EditWriteOpts *o = opts != NULL ? opts : &defaults;
	EditWriteResult r = { 0 };
	r.path = edit_write_resolve(path, o->root, o->create_dirs, err);
	if (r.path == NULL)
		return false;
	int fd = open_existing(path, r.path, &r.created, err);
	if (fd < 0 && !r.created)
		goto fail;
	if (fd >= 0 && !o->confirmed) {
		aur_error_set(err, AUR_ERR_USAGE, "Pass --yes to replace it (a backup is kept), or "
			      "choose another file name.",
			      "%s already exists; not replacing it without confirmation", path);
		goto fail;
	}
	if (fd >= 0 && !o->no_backup && (r.backup = save_backup(fd, r.path, err)) == NULL)
		goto fail;
	if (fd >= 0)
		close(fd);
	fd = -1;
	mode_t mode = o->mode != 0 ? o->mode : 0666 & ~current_umask();
	if (!fs_write_atomic(r.path, data, len, mode, err))
		goto fail;
	log_write(r.path, len, &r);
	if (out != NULL)
		*out = r;
	else
		edit_write_result_clear(&r);
	return true;
fail:
	if (fd >= 0)
		close(fd);
	edit_write_result_clear(&r);
	return false;
}

void
edit_write_result_clear(EditWriteResult *r)
{
	if (r == NULL)
		return;
	g_free(r->path);
	g_free(r->backup);
	r->path = r->backup = NULL;
}

/* ---- confirmation --------------------------------------------------------------------- */

EditConfirm
edit_write_confirm_fd(int in_fd, int out_fd, const char *question)
{
	g_autofree char *prompt = g_strdup_printf("%s [y/N] ", question);
	if (!fs_write_all(out_fd, prompt, strlen(prompt)))
		return EDIT_CONFIRM_NO;
	char answer[64];
	size_t n = 0;
	for (;;) { /* byte by byte: nothing after the newline is consumed */
		char c;
		ssize_t r = read(in_fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || c == '\n')
			break;
		if (n + 1 < sizeof answer)
			answer[n++] = c;
	}
	answer[n] = '\0';
	g_strstrip(answer);
	bool yes = g_ascii_strcasecmp(answer, "y") == 0 || g_ascii_strcasecmp(answer, "yes") == 0;
	return yes ? EDIT_CONFIRM_YES : EDIT_CONFIRM_NO;
}

EditConfirm
edit_write_confirm(const char *question, bool assume_yes, AurError **err)
{
	if (assume_yes)
		return EDIT_CONFIRM_YES;
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		aur_error_set(err, AUR_ERR_USAGE,
			      "Pass --yes to apply the change without being asked.",
			      "cannot ask for confirmation: there is no terminal");
		return EDIT_CONFIRM_ERROR;
	}
	EditConfirm r = edit_write_confirm_fd(fd, fd, question);
	close(fd);
	return r;
}
