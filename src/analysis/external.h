/* SPDX-License-Identifier: MIT */
/* Other analysers (cppcheck, shellcheck, ruff) run on the same files, their results folded
 * into ours and tagged with the tool's name. */
#ifndef AURELIS_EXTERNAL_H
#define AURELIS_EXTERNAL_H

#include "analysis/check.h"

/* Are the names in tools ones we know?  A usage error otherwise. */
bool external_check_names(const char *const *tools, AurError **err);
/* Run each tool that is installed over the analysed files of its languages; a missing tool
 * adds a warning to r->warnings. */
void external_run(const char *const *tools, AnalysisResults *r, const CheckProfile *p);

#endif
