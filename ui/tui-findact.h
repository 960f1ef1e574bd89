/* SPDX-License-Identifier: MIT */
/* Actions on the selected finding: ask the model for a fix (its diff goes to the code
 * preview, apply writes it) or an explanation (in the conversation), and ignore it with an
 * inline comment or a rule turned off in a configuration file. */
#ifndef AURELIS_TUI_FINDACT_H
#define AURELIS_TUI_FINDACT_H

#include "tui-app.h"

/* Run a (fix, explain, ignore, apply); false for other actions. */
bool tui_findact_action(TuiApp *app, KeyAction a);

#endif
