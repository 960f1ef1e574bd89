/* SPDX-License-Identifier: MIT */
/* The code preview pane: a code block of the conversation (the newest by default, [ and ]
 * step through them) or a file, with line numbers. */
#ifndef AURELIS_TUI_CODE_H
#define AURELIS_TUI_CODE_H

#include "tui-app.h"

extern const TuiPaneOps tui_code_ops;
void tui_code_init(TuiPane *p);

/* The conversation's code blocks changed (a new one, one grew, or they were cleared). */
void tui_code_blocks_changed(TuiApp *app);
/* Show the newest block again as new ones arrive (after a new prompt). */
void tui_code_follow_latest(TuiApp *app);
/* Step through the conversation's blocks; false when there is no other block. */
bool tui_code_step(TuiApp *app, int delta);
/* Show the file at path, with line (1-based; 0 for none) highlighted and centred; name
 * (NULL: path) is what the title calls it. */
bool tui_code_show_file(TuiApp *app, const char *path, const char *name, int line,
			AurError **err);

#endif
