/* SPDX-License-Identifier: MIT */
/* GitHub Models chat API: request bodies, stream chunks, answers, error bodies, URLs. */
#ifndef AURELIS_MODELS_H
#define AURELIS_MODELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "error.h"

typedef struct {
	char *role;     /* system, user, assistant, developer */
	char *content;
} ChatMessage;

typedef struct {
	char *model;
	GPtrArray *messages;           /* ChatMessage *, owned */
	bool stream;
	bool has_temperature;
	double temperature;
	bool has_top_p;
	double top_p;
	int64_t max_tokens;            /* 0: not sent */
	bool use_max_completion_tokens; /* send the limit as max_completion_tokens */
	char *response_format;         /* NULL (not sent), "text" or "json_object" */
} ChatRequest;

ChatRequest *models_request_new(void);
void models_request_free(ChatRequest *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ChatRequest, models_request_free)
void models_request_add(ChatRequest *r, const char *role, const char *content);
/* A deep copy (the client changes model and max-token spelling per attempt). */
ChatRequest *models_request_copy(const ChatRequest *r);
/* The JSON body: model, messages, stream (+ stream_options.include_usage), and temperature,
 * top_p, max_tokens/max_completion_tokens and response_format only when set.  *len may be
 * NULL.  Caller frees with g_free(). */
char *models_request_body(const ChatRequest *r, size_t *len);

typedef struct {
	bool present;
	int64_t prompt_tokens;
	int64_t completion_tokens;
	int64_t total_tokens;
} ChatUsage;

/* One stream chunk, parsed.  Strings are owned; clear with models_chunk_clear(). */
typedef struct {
	char *content;        /* choices[0].delta.content; NULL when absent */
	char *finish_reason;  /* NULL when null or absent */
	char *model;
	ChatUsage usage;      /* from a usage chunk (choices may be empty) */
	char *error_message;  /* a top-level "error": the stream failed */
	char *error_code;
} ChatChunk;

/* Parse one SSE data payload.  Returns false (err: model) when it is not a JSON object;
 * fields of the wrong type are ignored, as are chunks without choices. */
bool models_parse_chunk(const char *data, size_t len, ChatChunk *out, AurError **err);
void models_chunk_clear(ChatChunk *c);

/* A non-streamed chat.completion. */
typedef struct {
	char *content;        /* "" when the message had no content */
	char *finish_reason;
	char *model;
	ChatUsage usage;
} ChatCompletion;

bool models_parse_completion(const char *body, size_t len, ChatCompletion *out, AurError **err);
void models_completion_clear(ChatCompletion *c);

/* An error body: {"error":{"code","message","param",...}} (gateway or upstream shape), a
 * bare {"message"}, or plain text (its first line becomes the message). */
typedef struct {
	char *code;
	char *message;
	char *param;
	char *inner_code;     /* error.innererror.code (content filter) */
} ApiError;

void models_parse_error(const char *body, size_t len, ApiError *out);
void models_api_error_clear(ApiError *e);
/* Is this 400 the "use max_completion_tokens instead" rejection? */
bool models_error_wants_max_completion_tokens(long status, const ApiError *e);

/* Stream state: SSE in, deltas out; keeps only counters, never the text. */
typedef void (*ChatDeltaFn)(const char *text, size_t len, void *ud);
typedef struct ChatStream ChatStream;

ChatStream *models_stream_new(ChatDeltaFn on_delta, void *ud);
void models_stream_free(ChatStream *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ChatStream, models_stream_free)
/* Feed raw body bytes.  False on a malformed stream or an error event (err set; category
 * model). */
bool models_stream_feed(ChatStream *s, const char *buf, size_t len, AurError **err);
void models_stream_finish(ChatStream *s);
bool models_stream_saw_done(const ChatStream *s);
const char *models_stream_finish_reason(const ChatStream *s);
const char *models_stream_model(const ChatStream *s);
const ChatUsage *models_stream_usage(const ChatStream *s);
/* Bytes of answer text delivered so far. */
size_t models_stream_text_bytes(const ChatStream *s);
/* Set when the stream carried an error event. */
bool models_stream_error_event(const ChatStream *s);

/* {endpoint}/chat/completions, or with org {origin}/orgs/{org}{endpoint path}/chat/completions.
 * Caller frees. */
char *models_chat_url(const char *endpoint, const char *org);
/* catalog_url when set, else {origin of endpoint}/catalog/models.  Caller frees. */
char *models_catalog_url(const char *endpoint, const char *catalog_url);

/* Models remembered (in the state directory) to want max_completion_tokens. */
bool models_quirk_max_completion_tokens(const char *model);
void models_quirk_remember_max_completion_tokens(const char *model);

/* An error for a non-2xx answer, with a hint: 401/403 auth (models: read), 404 not found or
 * unknown model, 413 input, 429 rate limit, 5xx network, others model.  what names the
 * request ("the catalogue", "openai/gpt-4.1"). */
void models_status_error(long status, const ApiError *api, const char *what, AurError **err);

#endif
