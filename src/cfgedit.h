/* SPDX-License-Identifier: MIT */
/* Edit one key of a YAML configuration file in place, keeping comments and layout. */
#ifndef AURELIS_CFGEDIT_H
#define AURELIS_CFGEDIT_H

#include <stdbool.h>

#include "config.h"
#include "error.h"

/* Return text with key (dotted) set to yaml_value (already formatted YAML: a scalar or a
 * flow list), or NULL with err.  Missing parents are created.  Caller frees. */
char *cfgedit_set(const char *text, const char *name, const char *key, const char *yaml_value,
		  AurError **err);
/* Return text without key (and without parents it leaves empty); *found says whether the
 * key was there.  Caller frees. */
char *cfgedit_unset(const char *text, const char *name, const char *key, bool *found,
		    AurError **err);

/* The project file `config set --project` edits: the nearest .aurelis.yaml from the working
 * directory up to the repository root (a directory holding .git), else .aurelis.yaml in
 * the working directory.  Caller frees. */
char *cfgedit_project_file(void);
/* The text of a configuration file to edit: "" when it does not exist yet.  Caller frees;
 * NULL with err when it cannot be read. */
char *cfgedit_read_file(const char *path, AurError **err);
/* Check that text loads cleanly as layer, then write it to path atomically (mode 0600,
 * missing directories 0700).  Nothing is written when it would not load. */
bool cfgedit_commit(const char *path, const char *text, ConfigLayer layer, AurError **err);
/* All three: read path, set key to yaml_value (a new file starts with a comment saying
 * where keys are described), commit. */
bool cfgedit_update_file(const char *path, const char *key, const char *yaml_value,
			 ConfigLayer layer, AurError **err);

#endif
