/* SPDX-License-Identifier: MIT */
/* One chat request end to end: routing, limits, retries, fallback, streaming callbacks.
 * The API the one-shot commands, the shell and the full-screen interface share. */
#ifndef AURELIS_CLIENT_H
#define AURELIS_CLIENT_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "auth.h"
#include "cancel.h"
#include "catalog.h"
#include "config.h"
#include "error.h"
#include "models.h"

/*
 * Threading: client_chat() runs entirely on the calling thread and calls every callback on
 * that thread, so the caller owns threading.  The full-screen interface runs it on a worker
 * thread whose callbacks push events to the UI queue, and cancels it from the UI thread with
 * cancel_trigger() (the transfer stops within milliseconds, even while the stream is idle).
 * A ClientCtx belongs to one thread at a time; several threads each use their own.
 */

typedef struct {
	char *model;          /* the model that answered; NULL if none did */
	GString *text;        /* the answer, when ClientRequest.keep_text */
	size_t text_bytes;
	ChatUsage usage;
	char *finish_reason;
	bool incomplete;      /* the stream ended before [DONE]; text is partial */
	bool cut;             /* finish_reason "length": the model stopped at its limit */
	bool cancelled;
	int retries;          /* attempts repeated after transient failures, all models */
	int fallbacks;        /* models given up on */
	GPtrArray *notes;     /* "model: why it did not answer", in order */
	int64_t ttft_us;      /* from the call to the first text; -1 when no text */
	int64_t total_us;
} ClientResult;

void client_result_clear(ClientResult *r);

typedef struct {
	/* A piece of answer text, as it arrives. */
	void (*on_delta)(const char *text, size_t len, void *ud);
	/* Token counts, once known. */
	void (*on_usage)(const ChatUsage *usage, void *ud);
	/* A wait before retrying: called when it starts, once a second with the seconds left,
	 * and with 0 when it ends.  reason says why ("rate limited ..."). */
	void (*on_retry_wait)(int64_t seconds_left, const char *reason, void *ud);
	/* Giving up on one model for the next (to is NULL when none is left). */
	void (*on_fallback)(const char *from, const char *to, const char *why, void *ud);
	/* Always called last, success or not. */
	void (*on_done)(const ClientResult *result, void *ud);
	void *ud;
} ClientCallbacks;

typedef struct {
	const char *task;       /* chat, explain, ...: chooses the chain and models.params */
	const ChatRequest *request; /* messages and options; its model is ignored */
	const char *model;      /* --model: replaces the chain's head; may be NULL */
	bool keep_text;         /* collect the answer in ClientResult.text */
	bool single_model;      /* only the chain's head (no fallback), e.g. health checks */
	int max_retries;        /* -1: request.max_retries */
} ClientRequest;

typedef struct ClientCtx ClientCtx;

/* cfg and token are borrowed and must outlive the context.  Checks the endpoint and
 * catalogue URLs (https, or http to loopback).  NULL with err on a bad URL. */
ClientCtx *client_new(const AurConfig *cfg, AuthToken *token, AurError **err);
void client_free(ClientCtx *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ClientCtx, client_free)

/* Run one chat request.  Returns true when a model answered (possibly incomplete or cut:
 * see the result's flags), false with err otherwise.  result is filled either way; clear it
 * with client_result_clear().  cancel may be NULL. */
bool client_chat(ClientCtx *c, const ClientRequest *req, const ClientCallbacks *cb,
		 AurCancel *cancel, ClientResult *result, AurError **err);

/* The catalogue: the cached copy when fresh (unless refresh), else fetched and cached. */
const Catalog *client_catalog(ClientCtx *c, bool refresh, AurCancel *cancel, AurError **err);

const char *client_chat_url(const ClientCtx *c);
const char *client_catalog_url(const ClientCtx *c);

#endif
