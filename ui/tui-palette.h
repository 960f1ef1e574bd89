/* SPDX-License-Identifier: MIT */
/* The command palette: every action of the key table with its keys and help, and every
 * slash command, in one fuzzy-filtered picker; choosing one runs it. */
#ifndef AURELIS_TUI_PALETTE_H
#define AURELIS_TUI_PALETTE_H

#include "tui-app.h"

void tui_palette_open(TuiApp *app);

#endif
