/* SPDX-License-Identifier: MIT */
/* Cancellation tokens: one thread (or a signal handler) cancels work running on another. */
#ifndef AURELIS_CANCEL_H
#define AURELIS_CANCEL_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

/*
 * A token is an atomic flag plus a pipe.  Triggering sets the flag and writes one byte, so
 * a worker blocked in poll() or curl_multi_poll() on cancel_fd() wakes at once instead of
 * at its next timeout.  cancel_trigger() only uses an atomic store and write(2), so it is
 * safe from a signal handler (Ctrl-C) as well as from the UI thread.
 */
typedef struct AurCancel AurCancel;

/* A new, untriggered token.  Free with cancel_free(). */
AurCancel *cancel_new(void);
void cancel_free(AurCancel *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AurCancel, cancel_free)

/* Async-signal-safe; idempotent; c may be NULL. */
void cancel_trigger(AurCancel *c);
/* c may be NULL (never cancelled). */
bool cancel_is_set(const AurCancel *c);
/* Readable once the token is triggered; -1 for a NULL token. */
int cancel_fd(const AurCancel *c);
/* Sleep up to ms milliseconds; returns false at once when (or if) c is triggered. */
bool cancel_sleep_ms(AurCancel *c, int64_t ms);

#endif
