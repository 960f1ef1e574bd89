/* SPDX-License-Identifier: MIT */
/* XDG base directories for Aurelis' files. */
#include "autoconfig.h"

#include <stdlib.h>

#include <glib.h>

#include "fsutil.h"
#include "paths.h"

#ifndef AURELIS_PKGDATADIR
#define AURELIS_PKGDATADIR "/usr/local/share/aurelis"
#endif

/* GLib caches the XDG variables after the first call; read them ourselves so that a
 * changed environment (tests, `env -u`) is honoured. */
static char *
xdg(const char *var, const char *fallback_rel)
{
	const char *v = getenv(var);
	if (v != NULL && g_path_is_absolute(v))
		return g_strdup(v);
	const char *home = getenv("HOME");
	if (home == NULL || *home == '\0')
		home = g_get_home_dir();
	return g_build_filename(home, fallback_rel, NULL);
}

char *
paths_dir(PathsKind kind)
{
	static const struct { const char *var; const char *rel; } base[] = {
		[PATHS_CONFIG] = { "XDG_CONFIG_HOME", ".config" },
		[PATHS_CACHE] = { "XDG_CACHE_HOME", ".cache" },
		[PATHS_DATA] = { "XDG_DATA_HOME", ".local/share" },
		[PATHS_STATE] = { "XDG_STATE_HOME", ".local/state" },
	};
	g_autofree char *root = xdg(base[kind].var, base[kind].rel);
	return g_build_filename(root, "aurelis", NULL);
}

char *
paths_ensure(PathsKind kind, AurError **err)
{
	char *dir = paths_dir(kind);
	if (!fs_mkdir_p(dir, 0700, err)) {
		g_free(dir);
		return NULL;
	}
	return dir;
}

char *
paths_user_config(void)
{
	const char *env = getenv("AURELIS_CONFIG");
	if (env != NULL && *env != '\0')
		return g_strdup(env);
	g_autofree char *dir = paths_dir(PATHS_CONFIG);
	return g_build_filename(dir, "config.yaml", NULL);
}

const char *
paths_system_config(void)
{
	const char *env = getenv("AURELIS_SYSTEM_CONFIG");
	return env != NULL && *env != '\0' ? env : "/etc/aurelis/config.yaml";
}

const char *
paths_pkgdata(void)
{
	const char *env = getenv("AURELIS_DATA_DIR");
	return env != NULL && *env != '\0' ? env : AURELIS_PKGDATADIR;
}

char *
paths_expand_home(const char *path)
{
	if (path == NULL)
		return NULL;
	if (path[0] == '~' && (path[1] == '/' || path[1] == '\0')) {
		const char *home = getenv("HOME");
		if (home == NULL || *home == '\0')
			home = g_get_home_dir();
		return g_strconcat(home, path + 1, NULL);
	}
	return g_strdup(path);
}
