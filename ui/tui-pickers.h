/* SPDX-License-Identifier: MIT */
/* The pickers built on tui-picker.h: models (the catalogue with tiers, limits, routes and
 * requests left today), sessions (resume, rename, delete), context files (add, drop) and
 * themes (previewed live). */
#ifndef AURELIS_TUI_PICKERS_H
#define AURELIS_TUI_PICKERS_H

#include "tui-app.h"

void tui_pickers_model(TuiApp *app);
void tui_pickers_session(TuiApp *app);
void tui_pickers_file(TuiApp *app);
void tui_pickers_theme(TuiApp *app);

#endif
