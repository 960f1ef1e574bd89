/* SPDX-License-Identifier: MIT */
/* The interface's side of the edit pipeline: a proposed change shown as a diff in the code
 * preview, confirmed in the status bar, written atomically with a backup; and saving text
 * to a file without ever replacing one silently. */
#ifndef AURELIS_TUI_EDIT_H
#define AURELIS_TUI_EDIT_H

#include "tui-app.h"

/* Called once the change was written (path as written). */
typedef void (*TuiWrittenFn)(TuiApp *app, const char *path, void *data);

/* Propose new contents for path ("~" is expanded).  The file is read now (a missing one
 * will be created); the diff goes to the code preview and the change waits there: with
 * confirm the question is asked at once, otherwise `apply` asks later.  what names the
 * change in messages ("the block", "the fix for c-gets").  written (may be NULL) runs after
 * a successful write; data is freed with free_data when the change is dropped or written.
 * false with a notice when the file cannot be read or would not change. */
bool tui_edit_propose(TuiApp *app, const char *path, const char *text, size_t len,
		      const char *what, bool confirm, TuiWrittenFn written, void *data,
		      GDestroyNotify free_data);
/* Is a change waiting (its diff shown)? */
bool tui_edit_pending(TuiApp *app);
/* Ask about the waiting change, and write it on yes.  The file must still hold what the
 * diff was made from. */
void tui_edit_confirm(TuiApp *app);
/* Drop the waiting change. */
void tui_edit_free(TuiApp *app);

/* Save text to path: a new file is written at once (missing directories inside the
 * working tree are created); an existing one only after the user agrees, with a backup. */
void tui_edit_save(TuiApp *app, const char *path, const char *text, size_t len);

#endif
