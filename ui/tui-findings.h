/* SPDX-License-Identifier: MIT */
/* The analysis pane: a list of findings, sortable and filterable by severity; Enter shows a
 * finding's location in the code preview. */
#ifndef AURELIS_TUI_FINDINGS_H
#define AURELIS_TUI_FINDINGS_H

#include "findings.h"
#include "tui-app.h"

extern const TuiPaneOps tui_findings_ops;
void tui_findings_init(TuiPane *p);

/* Replace the list (takes findings: a GPtrArray of Finding * that frees them).  base_dir
 * (may be NULL) is where relative file names are looked for after the working directory. */
void tui_findings_set(TuiApp *app, GPtrArray *findings, const char *source, const char *base_dir);
/* Show that findings are being produced (what: "analysing src/"), or NULL when done. */
void tui_findings_busy(TuiApp *app, const char *what);
guint tui_findings_count(TuiApp *app);

#endif
