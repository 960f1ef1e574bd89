/* SPDX-License-Identifier: MIT */
/* Actions on what the code preview shows (a code block, a file, an edited text or a diff):
 * copy to the clipboard, save, diff against a file, apply through the edit pipeline, edit
 * in $EDITOR and analyse. */
#ifndef AURELIS_TUI_CODEACT_H
#define AURELIS_TUI_CODEACT_H

#include "tui-app.h"

/* Run a (copy, save, diff, apply, edit-block, analyze-block); false for other actions. */
bool tui_codeact_action(TuiApp *app, KeyAction a);

#endif
