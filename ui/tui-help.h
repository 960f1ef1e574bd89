/* SPDX-License-Identifier: MIT */
/* The help overlay: every key binding (generated from the action table and the bindings in
 * use) and every slash command. */
#ifndef AURELIS_TUI_HELP_H
#define AURELIS_TUI_HELP_H

#include "tui-app.h"

void tui_help_open(TuiApp *app);
void tui_help_close(TuiApp *app);
/* Keys while the overlay is open (picker context); true when handled. */
bool tui_help_action(TuiApp *app, KeyAction a);
/* Draw the overlay on top of the panes (every frame it is open). */
void tui_help_draw(TuiApp *app);

#endif
