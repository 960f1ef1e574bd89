/* SPDX-License-Identifier: MIT */
/* JSON state files under an advisory lock, so concurrent aurelis processes share them. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "fsutil.h"
#include "log.h"
#include "paths.h"
#include "statefile.h"

/*
 * The lock lives in a separate NAME.lock file because the data file itself is replaced by
 * rename(): a lock on the old inode would not exclude a process that opened the new one.
 * The data is written without fsync: these are counters and circuit states, cheap to lose
 * in a crash, and an fsync per request would cost more than the request's own set-up.
 */

#define MAX_STATE_FILE (1 << 20)

static int
lock_file(const char *dir, const char *name, int how)
{
	g_autofree char *path = g_strdup_printf("%s/%s.lock", dir, name);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	while (flock(fd, how) != 0) {
		if (errno != EINTR) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

static cJSON *
read_object(const char *path)
{
	g_autofree char *text = fs_read_file(path, MAX_STATE_FILE, NULL, NULL);
	cJSON *root = text ? cJSON_Parse(text) : NULL;
	if (text != NULL && !cJSON_IsObject(root))
		log_msg(LOG_WARN, "state", "%s is corrupt; starting it afresh", path);
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		root = cJSON_CreateObject();
	}
	return root;
}

static bool
write_plain(const char *path, const char *text, AurError **err)
{
	g_autofree char *tmp = g_strdup_printf("%s.%d.tmp", path, (int)getpid());
	g_autoptr(GError) ge = NULL;
	if (!g_file_set_contents_full(tmp, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, &ge) ||
	    g_rename(tmp, path) != 0) {
		int e = errno;
		g_unlink(tmp);
		aur_error_set(err, AUR_ERR_IO, "Check that the state directory is writable.",
			      "cannot write %s: %s", path, ge ? ge->message : g_strerror(e));
		return false;
	}
	return true;
}

bool
statefile_update(const char *name, StatefileFn fn, void *ud, AurError **err)
{
	g_autofree char *dir = paths_ensure(PATHS_STATE, err);
	if (dir == NULL)
		return false;
	int fd = lock_file(dir, name, LOCK_EX);
	if (fd < 0) {
		aur_error_set(err, AUR_ERR_IO, "Check that the state directory is writable.",
			      "cannot lock %s/%s.lock: %s", dir, name, g_strerror(errno));
		return false;
	}
	g_autofree char *path = g_build_filename(dir, name, NULL);
	cJSON *root = read_object(path);
	bool ok = true;
	if (fn(root, ud)) {
		char *text = cJSON_PrintUnformatted(root);
		ok = write_plain(path, text, err);
		cJSON_free(text);
	}
	cJSON_Delete(root);
	close(fd);
	return ok;
}

cJSON *
statefile_read(const char *name)
{
	g_autofree char *dir = paths_dir(PATHS_STATE);
	g_autofree char *path = g_build_filename(dir, name, NULL);
	if (!g_file_test(path, G_FILE_TEST_EXISTS))
		return cJSON_CreateObject();
	int fd = lock_file(dir, name, LOCK_SH);
	cJSON *root = read_object(path);
	if (fd >= 0)
		close(fd);
	return root;
}

cJSON *
statefile_object(cJSON *parent, const char *key)
{
	cJSON *o = cJSON_GetObjectItemCaseSensitive(parent, key);
	if (cJSON_IsObject(o))
		return o;
	o = cJSON_CreateObject();
	if (cJSON_GetObjectItemCaseSensitive(parent, key) != NULL)
		cJSON_ReplaceItemInObjectCaseSensitive(parent, key, o);
	else
		cJSON_AddItemToObject(parent, key, o);
	return o;
}
