/* SPDX-License-Identifier: MIT */
/* Edit one key of a YAML configuration file in place, keeping comments and layout. */
#ifndef AURELIS_CFGEDIT_H
#define AURELIS_CFGEDIT_H

#include <stdbool.h>

#include "error.h"

/* Return text with key (dotted) set to yaml_value (already formatted YAML: a scalar or a
 * flow list), or NULL with err.  Missing parents are created.  Caller frees. */
char *cfgedit_set(const char *text, const char *name, const char *key, const char *yaml_value,
		  AurError **err);
/* Return text without key (and without parents it leaves empty); *found says whether the
 * key was there.  Caller frees. */
char *cfgedit_unset(const char *text, const char *name, const char *key, bool *found,
		    AurError **err);

#endif
