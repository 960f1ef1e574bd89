/* SPDX-License-Identifier: MIT */
/* The input history file: escaping, loading, appending, trimming. */
#include "autoconfig.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "histfile.h"
#include "paths.h"

#define HISTFILE_NAME "history"

char *
histfile_path(bool create)
{
	g_autofree char *dir = create ? paths_ensure(PATHS_STATE, NULL) : paths_dir(PATHS_STATE);
	return dir ? g_build_filename(dir, HISTFILE_NAME, NULL) : NULL;
}

char *
histfile_escape(const char *entry)
{
	GString *out = g_string_sized_new(strlen(entry) + 8);
	for (const char *p = entry; *p; p++) {
		if (*p == '\\')
			g_string_append(out, "\\\\");
		else if (*p == '\n')
			g_string_append(out, "\\n");
		else if (*p != '\r')
			g_string_append_c(out, *p);
	}
	return g_string_free(out, FALSE);
}

char *
histfile_unescape(const char *line, size_t len)
{
	GString *out = g_string_sized_new(len);
	for (size_t i = 0; i < len; i++) {
		if (line[i] == '\\' && i + 1 < len && (line[i + 1] == 'n' || line[i + 1] == '\\')) {
			g_string_append_c(out, line[i + 1] == 'n' ? '\n' : '\\');
			i++;
		} else if (line[i] != '\0') {
			g_string_append_c(out, line[i]);
		}
	}
	return g_string_free(out, FALSE);
}

GPtrArray *
histfile_load(const char *path)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	g_autofree char *data = NULL;
	size_t len = 0;
	if (path == NULL || !g_file_get_contents(path, &data, &len, NULL))
		return out;
	const char *p = data, *end = data + len;
	/* A file that grew past the cap keeps its newest entries. */
	if (len > HISTFILE_MAX_BYTES) {
		p = end - HISTFILE_MAX_BYTES;
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > 0 && g_utf8_validate_len(p, n, NULL))
			g_ptr_array_add(out, histfile_unescape(p, n));
		p += n + 1;
	}
	return out;
}

bool
histfile_append(const char *path, const char *entry, AurError **err)
{
	g_autofree char *line = histfile_escape(entry);
	g_autofree char *text = g_strconcat(line, "\n", NULL);
	int fd = fs_open_append(path);
	if (fd < 0) {
		aur_error_set(err, AUR_ERR_IO, "Check the permissions of the state directory.",
			      "cannot open %s: %s", path, g_strerror(errno));
		return false;
	}
	/* One write: concurrent shells never interleave inside an entry. */
	size_t len = strlen(text);
	ssize_t n;
	do
		n = write(fd, text, len);
	while (n < 0 && errno == EINTR);
	int saved = errno;
	close(fd);
	if (n != (ssize_t)len) {
		aur_error_set(err, AUR_ERR_IO, "Check the free space of the state directory.",
			      "cannot write %s: %s", path, n < 0 ? g_strerror(saved) : "short write");
		return false;
	}
	return true;
}

bool
histfile_save(const char *path, const GPtrArray *entries, int64_t keep, AurError **err)
{
	GString *out = g_string_new(NULL);
	guint first = keep >= 0 && entries->len > (guint64)keep ? entries->len - (guint)keep : 0;
	for (guint i = first; i < entries->len; i++) {
		g_autofree char *line = histfile_escape(entries->pdata[i]);
		g_string_append(out, line);
		g_string_append_c(out, '\n');
	}
	bool ok = fs_write_atomic(path, out->str, out->len, 0600, err);
	g_string_free(out, TRUE);
	return ok;
}
