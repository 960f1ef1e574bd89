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
/* Say where findings without a file of their own point: block (>= 0) of the conversation,
 * or the text the code preview shows under name (findings of an edited block).  Call after
 * tui_findings_set(). */
void tui_findings_set_origin(TuiApp *app, int block, const char *name);
/* The selected finding, or NULL.  *path (may be NULL; caller frees) gets its file as it can
 * be opened (relative names resolved against the analysis' directory), or NULL when it
 * points into a code block. */
const Finding *tui_findings_selected(TuiApp *app, char **path);
/* Drop findings of rule: in file (NULL: every file) at line (0: every line).  Returns how
 * many went. */
guint tui_findings_remove(TuiApp *app, const char *rule, const char *file, int line);

#endif
