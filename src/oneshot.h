/* SPDX-License-Identifier: MIT */
/* One-shot model requests: token, client, Ctrl-C, waits and fallbacks on stderr, the footer
 * and the exit status, shared by `ask` and the AI code commands. */
#ifndef AURELIS_ONESHOT_H
#define AURELIS_ONESHOT_H

#include <stdbool.h>
#include <cjson/cJSON.h>

#include "client.h"

/*
 * A Oneshot holds what every request of one command shares: the token, a client for the
 * main thread and one cancel token that Ctrl-C triggers.  The first Ctrl-C cancels (the
 * transfer stops at once and what was shown stays), a second one exits at once.  Worker
 * threads make their own client with oneshot_client_new() and run requests through
 * oneshot_run() too; waits are then printed as plain lines, one at a time.
 */

typedef struct Oneshot Oneshot;

/* Find the token, make a client, install the Ctrl-C handler.  NULL with err. */
Oneshot *oneshot_new(const AurConfig *cfg, AurError **err);
/* Restores the signal handlers; o may be NULL. */
void oneshot_free(Oneshot *o);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Oneshot, oneshot_free)

ClientCtx *oneshot_client(Oneshot *o);
AurCancel *oneshot_cancel(Oneshot *o);
/* A client of its own for a worker thread (the token stays shared).  Caller frees. */
ClientCtx *oneshot_client_new(Oneshot *o, AurError **err);
/* Several threads will run requests: waits become plain lines, printed under a lock. */
void oneshot_set_threaded(Oneshot *o, bool threaded);
/* Put the default Ctrl-C behaviour back (before asking the user a question, say). */
void oneshot_restore_signals(Oneshot *o);

typedef void (*OneshotDeltaFn)(const char *text, size_t len, void *ud);

/* Run req on client (NULL: the Oneshot's own), answer pieces to on_delta (may be NULL).
 * res is always filled (clear it with client_result_clear).  Returns the exit status the
 * outcome deserves: 0, or with err set 130 (cancelled), 7 (content filter, no model), 4
 * (the stream broke), and so on. */
int oneshot_run(Oneshot *o, ClientCtx *client, const ClientRequest *req, OneshotDeltaFn on_delta,
		void *ud, ClientResult *res, AurError **err);

/* Warnings about an answer cut at the model's limit or a stream without its end marker. */
void oneshot_warn(const ClientResult *r, int rc);
/* "aurelis: MODEL, N in / M out tokens, first token T, total T" on stderr (not with --quiet). */
void oneshot_footer(const ClientResult *r);
/* "1.23 s" or "456 ms" ("-" when negative).  Caller frees. */
char *oneshot_format_us(int64_t us);
/* model, finish_reason, usage, incomplete, cut, cancelled, retries, fallbacks, ttft_ms,
 * total_ms, and error (category, message, hint, exit_status) when err is not NULL. */
void oneshot_result_json(cJSON *o, const ClientResult *r, const AurError *err);

#endif
