/* SPDX-License-Identifier: MIT */
/* Small JSON state files in the state directory, shared between processes under flock. */
#ifndef AURELIS_STATEFILE_H
#define AURELIS_STATEFILE_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "error.h"

/* Change root (always an object) in place; return true when it was modified. */
typedef bool (*StatefileFn)(cJSON *root, void *ud);

/* Lock $XDG_STATE_HOME/aurelis/NAME (via NAME.lock, exclusively), read it, let fn change it
 * and write it back (temporary file + rename) when fn returns true.  A missing or corrupt
 * file reads as {}.  Returns false with err when the directory or file cannot be written. */
bool statefile_update(const char *name, StatefileFn fn, void *ud, AurError **err);

/* The current contents under a shared lock; {} when missing or corrupt.  Caller frees
 * with cJSON_Delete(). */
cJSON *statefile_read(const char *name);

/* The object member key of parent, created empty when missing or not an object. */
cJSON *statefile_object(cJSON *parent, const char *key);

#endif
