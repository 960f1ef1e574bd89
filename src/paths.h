/* SPDX-License-Identifier: MIT */
/* Where Aurelis keeps its files (XDG base directories, each with an aurelis/ subdirectory). */
#ifndef AURELIS_PATHS_H
#define AURELIS_PATHS_H

#include <stdbool.h>

#include "error.h"

typedef enum {
	PATHS_CONFIG, /* $XDG_CONFIG_HOME/aurelis */
	PATHS_CACHE,  /* $XDG_CACHE_HOME/aurelis (AURELIS_CACHE_DIR overrides cache.dir only) */
	PATHS_DATA,   /* $XDG_DATA_HOME/aurelis: sessions */
	PATHS_STATE,  /* $XDG_STATE_HOME/aurelis: log, history, metrics */
} PathsKind;

/* The directory (not created).  Caller frees.  Reads the environment on every call so tests
 * and long-running processes see changes. */
char *paths_dir(PathsKind kind);
/* The directory, created with mode 0700 if missing.  Caller frees; NULL with err on failure. */
char *paths_ensure(PathsKind kind, AurError **err);
/* The user config file: --config / AURELIS_CONFIG, else $XDG_CONFIG_HOME/aurelis/config.yaml. */
char *paths_user_config(void);
/* The system config file: AURELIS_SYSTEM_CONFIG, else /etc/aurelis/config.yaml. */
const char *paths_system_config(void);
/* Shipped data (themes): AURELIS_DATA_DIR, else the installed pkgdatadir. */
const char *paths_pkgdata(void);
/* Expand a leading "~/" to the home directory.  Caller frees. */
char *paths_expand_home(const char *path);

#endif
