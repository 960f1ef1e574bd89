/* SPDX-License-Identifier: MIT */
/* The status bar: model, session, tokens, requests left today, cached badge, jobs in
 * flight, the rate-limit countdown, fallback notices and transient messages. */
#ifndef AURELIS_TUI_STATUS_H
#define AURELIS_TUI_STATUS_H

#include "tui-app.h"

extern const TuiPaneOps tui_status_ops;

/* Microseconds until the status bar must be drawn again by itself (spinner, countdown,
 * a notice expiring), or -1 when nothing changes on its own. */
int64_t tui_status_next_tick(TuiApp *app, int64_t now);

#endif
