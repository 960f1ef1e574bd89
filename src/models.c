/* SPDX-License-Identifier: MIT */
/* GitHub Models chat API: bodies in, chunks and answers out, tolerant of odd shapes. */
#include "autoconfig.h"

#include <string.h>

#include <cjson/cJSON.h>

#include "log.h"
#include "models.h"
#include "sse.h"
#include "statefile.h"

/*
 * The service is OpenAI-compatible but fronted by several gateways, so every parser here
 * treats each field as optional and of unknown type: a wrong type is ignored, never
 * dereferenced.  Only "not JSON at all" is an error.  Chunks with an empty choices array
 * are kept until their usage has been read (the usage chunk looks exactly like that).
 */

#define QUIRKS_FILE "models-state.json"

/* ---- requests ------------------------------------------------------------------------------ */

ChatRequest *
models_request_new(void)
{
	ChatRequest *r = g_new0(ChatRequest, 1);
	r->messages = g_ptr_array_new();
	return r;
}

static void
message_free(ChatMessage *m)
{
	g_free(m->role);
	g_free(m->content);
	g_free(m);
}

void
models_request_free(ChatRequest *r)
{
	if (r == NULL)
		return;
	g_free(r->model);
	for (guint i = 0; i < r->messages->len; i++)
		message_free(r->messages->pdata[i]);
	g_ptr_array_unref(r->messages);
	g_free(r->response_format);
	g_free(r);
}

void
models_request_add(ChatRequest *r, const char *role, const char *content)
{
	ChatMessage *m = g_new0(ChatMessage, 1);
	m->role = g_strdup(role);
	m->content = g_strdup(content);
	g_ptr_array_add(r->messages, m);
}

ChatRequest *
models_request_copy(const ChatRequest *r)
{
	ChatRequest *c = models_request_new();
	GPtrArray *msgs = c->messages;
	*c = *r;
	c->messages = msgs;
	c->model = g_strdup(r->model);
	c->response_format = g_strdup(r->response_format);
	for (guint i = 0; i < r->messages->len; i++) {
		const ChatMessage *m = r->messages->pdata[i];
		models_request_add(c, m->role, m->content);
	}
	return c;
}

char *
models_request_body(const ChatRequest *r, size_t *len)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "model", r->model ? r->model : "");
	cJSON *msgs = cJSON_AddArrayToObject(o, "messages");
	for (guint i = 0; i < r->messages->len; i++) {
		const ChatMessage *m = r->messages->pdata[i];
		cJSON *jm = cJSON_CreateObject();
		cJSON_AddStringToObject(jm, "role", m->role);
		cJSON_AddStringToObject(jm, "content", m->content ? m->content : "");
		cJSON_AddItemToArray(msgs, jm);
	}
	cJSON_AddBoolToObject(o, "stream", r->stream);
	if (r->stream) {
		cJSON *so = cJSON_AddObjectToObject(o, "stream_options");
		cJSON_AddBoolToObject(so, "include_usage", true);
	}
	if (r->has_temperature)
		cJSON_AddNumberToObject(o, "temperature", r->temperature);
	if (r->has_top_p)
		cJSON_AddNumberToObject(o, "top_p", r->top_p);
	if (r->max_tokens > 0)
		cJSON_AddNumberToObject(o, r->use_max_completion_tokens ? "max_completion_tokens"
									: "max_tokens",
					(double)r->max_tokens);
	if (r->response_format != NULL) {
		cJSON *rf = cJSON_AddObjectToObject(o, "response_format");
		cJSON_AddStringToObject(rf, "type", r->response_format);
	}
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	char *out = g_strdup(s);
	cJSON_free(s);
	if (len)
		*len = strlen(out);
	return out;
}

/* ---- shared field readers -------------------------------------------------------------------- */

static char *
dup_string(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) && v->valuestring ? g_strdup(v->valuestring) : NULL;
}

static int64_t
read_count(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 1e15)
		return 0;
	return (int64_t)v->valuedouble;
}

static void
read_usage(const cJSON *root, ChatUsage *u)
{
	const cJSON *us = cJSON_GetObjectItemCaseSensitive(root, "usage");
	if (!cJSON_IsObject(us))
		return;
	u->present = true;
	u->prompt_tokens = read_count(us, "prompt_tokens");
	u->completion_tokens = read_count(us, "completion_tokens");
	u->total_tokens = read_count(us, "total_tokens");
	if (u->total_tokens == 0)
		u->total_tokens = u->prompt_tokens + u->completion_tokens;
}

static const cJSON *
first_choice(const cJSON *root)
{
	const cJSON *choices = cJSON_GetObjectItemCaseSensitive(root, "choices");
	if (!cJSON_IsArray(choices))
		return NULL;
	const cJSON *c = cJSON_GetArrayItem(choices, 0);
	return cJSON_IsObject(c) ? c : NULL;
}

static cJSON *
parse_object(const char *text, size_t len)
{
	cJSON *root = cJSON_ParseWithLength(text, len);
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

/* A short, printable excerpt of a payload for error messages. */
static char *
excerpt(const char *text, size_t len)
{
	size_t n = MIN(len, 80);
	g_autofree char *valid = g_utf8_make_valid(text, (gssize)n);
	for (char *p = valid; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	return g_strdup_printf("%s%s", valid, len > n ? "..." : "");
}

/* ---- stream chunks ---------------------------------------------------------------------------- */

static void
read_error_object(const cJSON *e, char **message, char **code)
{
	if (cJSON_IsString(e)) {
		*message = g_strdup(e->valuestring);
		return;
	}
	*message = dup_string(e, "message");
	*code = dup_string(e, "code");
	if (*code == NULL) {
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(e, "code");
		if (cJSON_IsNumber(c))
			*code = g_strdup_printf("%d", c->valueint);
	}
	if (*message == NULL)
		*message = g_strdup(*code ? *code : "the service reported an error without a message");
}

bool
models_parse_chunk(const char *data, size_t len, ChatChunk *out, AurError **err)
{
	memset(out, 0, sizeof *out);
	cJSON *root = parse_object(data, len);
	if (root == NULL) {
		g_autofree char *ex = excerpt(data, len);
		aur_error_set(err, AUR_ERR_MODEL, "The service sent a malformed stream; try again or use --no-stream.",
			      "a stream chunk is not a JSON object: %s", ex);
		return false;
	}
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(root, "error");
	if (cJSON_IsObject(e) || cJSON_IsString(e))
		read_error_object(e, &out->error_message, &out->error_code);
	out->model = dup_string(root, "model");
	read_usage(root, &out->usage);
	const cJSON *c = first_choice(root);
	if (c != NULL) {
		const cJSON *delta = cJSON_GetObjectItemCaseSensitive(c, "delta");
		if (!cJSON_IsObject(delta))
			delta = cJSON_GetObjectItemCaseSensitive(c, "message");
		out->content = dup_string(delta, "content");
		out->finish_reason = dup_string(c, "finish_reason");
	}
	cJSON_Delete(root);
	return true;
}

void
models_chunk_clear(ChatChunk *c)
{
	g_free(c->content);
	g_free(c->finish_reason);
	g_free(c->model);
	g_free(c->error_message);
	g_free(c->error_code);
	memset(c, 0, sizeof *c);
}

/* ---- whole answers ------------------------------------------------------------------------------ */

bool
models_parse_completion(const char *body, size_t len, ChatCompletion *out, AurError **err)
{
	memset(out, 0, sizeof *out);
	cJSON *root = parse_object(body, len);
	if (root == NULL) {
		g_autofree char *ex = excerpt(body, len);
		aur_error_set(err, AUR_ERR_MODEL, "The service sent a malformed answer; try again.",
			      "the answer is not a JSON object: %s", ex);
		return false;
	}
	const cJSON *c = first_choice(root);
	if (c == NULL) {
		cJSON_Delete(root);
		aur_error_set(err, AUR_ERR_MODEL, "The service sent an answer without choices; try again.",
			      "the answer has no choices");
		return false;
	}
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(c, "message");
	out->content = dup_string(msg, "content");
	if (out->content == NULL)
		out->content = g_strdup("");
	if (!g_utf8_validate(out->content, -1, NULL)) {
		char *v = g_utf8_make_valid(out->content, -1);
		g_free(out->content);
		out->content = v;
	}
	out->finish_reason = dup_string(c, "finish_reason");
	out->model = dup_string(root, "model");
	read_usage(root, &out->usage);
	cJSON_Delete(root);
	return true;
}

void
models_completion_clear(ChatCompletion *c)
{
	g_free(c->content);
	g_free(c->finish_reason);
	g_free(c->model);
	memset(c, 0, sizeof *c);
}

/* ---- error bodies --------------------------------------------------------------------------- */

static char *
first_line(const char *body, size_t len)
{
	size_t n = 0;
	while (n < len && n < 300 && body[n] != '\n' && body[n] != '\r' && body[n] != '\0')
		n++;
	char *line = g_utf8_make_valid(body, (gssize)n);
	g_strstrip(line);
	if (*line == '\0') {
		g_free(line);
		return NULL;
	}
	return line;
}

void
models_parse_error(const char *body, size_t len, ApiError *out)
{
	memset(out, 0, sizeof *out);
	if (body == NULL || len == 0)
		return;
	cJSON *root = parse_object(body, len);
	if (root == NULL) {
		out->message = first_line(body, len);
		return;
	}
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(root, "error");
	if (cJSON_IsObject(e) || cJSON_IsString(e)) {
		read_error_object(e, &out->message, &out->code);
		out->param = dup_string(e, "param");
		const cJSON *inner = cJSON_GetObjectItemCaseSensitive(e, "innererror");
		out->inner_code = dup_string(inner, "code");
	} else {
		out->message = dup_string(root, "message");
		out->code = dup_string(root, "code");
	}
	cJSON_Delete(root);
	if (out->message != NULL && !g_utf8_validate(out->message, -1, NULL)) {
		char *v = g_utf8_make_valid(out->message, -1);
		g_free(out->message);
		out->message = v;
	}
}

void
models_api_error_clear(ApiError *e)
{
	g_free(e->code);
	g_free(e->message);
	g_free(e->param);
	g_free(e->inner_code);
	memset(e, 0, sizeof *e);
}

bool
models_error_wants_max_completion_tokens(long status, const ApiError *e)
{
	if (status != 400 && status != 422)
		return false;
	if (g_strcmp0(e->param, "max_tokens") == 0)
		return true;
	return e->message != NULL && strstr(e->message, "max_tokens") != NULL &&
	       strstr(e->message, "max_completion_tokens") != NULL;
}

/* ---- the stream ------------------------------------------------------------------------------- */

struct ChatStream {
	SseParser *sse;
	ChatDeltaFn on_delta;
	void *ud;
	char *finish_reason;
	char *model;
	ChatUsage usage;
	size_t text_bytes;
	bool error_event;
	AurError *pending;
};

static bool
stream_error(ChatStream *s, const char *message, const char *code)
{
	s->error_event = true;
	aur_error_set(&s->pending, AUR_ERR_MODEL,
		      "The model failed while answering; try again, or another model with --model.",
		      "the service reported an error mid-stream: %s%s%s%s", message, code ? " (" : "",
		      code ? code : "", code ? ")" : "");
	return false;
}

static bool
on_event(void *ud, const char *event, const char *data, size_t len)
{
	ChatStream *s = ud;
	if (len == 0)
		return true;
	ChatChunk c;
	if (!models_parse_chunk(data, len, &c, &s->pending))
		return false;
	bool go_on = true;
	if (c.error_message != NULL) {
		go_on = stream_error(s, c.error_message, c.error_code);
	} else if (strcmp(event, "error") == 0) {
		g_autofree char *ex = excerpt(data, len);
		go_on = stream_error(s, ex, NULL);
	} else {
		if (c.content != NULL && *c.content != '\0') {
			size_t n = strlen(c.content);
			s->text_bytes += n;
			if (s->on_delta)
				s->on_delta(c.content, n, s->ud);
		}
		if (c.finish_reason != NULL) {
			g_free(s->finish_reason);
			s->finish_reason = g_steal_pointer(&c.finish_reason);
		}
		if (c.usage.present)
			s->usage = c.usage;
		if (c.model != NULL && s->model == NULL)
			s->model = g_steal_pointer(&c.model);
	}
	models_chunk_clear(&c);
	return go_on;
}

ChatStream *
models_stream_new(ChatDeltaFn on_delta, void *ud)
{
	ChatStream *s = g_new0(ChatStream, 1);
	s->sse = sse_parser_new(SSE_MAX_EVENT, on_event, s);
	s->on_delta = on_delta;
	s->ud = ud;
	return s;
}

void
models_stream_free(ChatStream *s)
{
	if (s == NULL)
		return;
	sse_parser_free(s->sse);
	g_free(s->finish_reason);
	g_free(s->model);
	aur_error_free(s->pending);
	g_free(s);
}

bool
models_stream_feed(ChatStream *s, const char *buf, size_t len, AurError **err)
{
	if (sse_parser_feed(s->sse, buf, len, err))
		return true;
	if (s->pending != NULL) {
		if (err != NULL && *err == NULL)
			*err = s->pending;
		else
			aur_error_free(s->pending);
		s->pending = NULL;
	}
	return false;
}

void
models_stream_finish(ChatStream *s)
{
	sse_parser_finish(s->sse);
}

bool models_stream_saw_done(const ChatStream *s) { return sse_parser_done(s->sse); }
const char *models_stream_finish_reason(const ChatStream *s) { return s->finish_reason; }
const char *models_stream_model(const ChatStream *s) { return s->model; }
const ChatUsage *models_stream_usage(const ChatStream *s) { return &s->usage; }
size_t models_stream_text_bytes(const ChatStream *s) { return s->text_bytes; }
bool models_stream_error_event(const ChatStream *s) { return s->error_event; }

/* ---- URLs ---------------------------------------------------------------------------------- */

static char *
strip_slashes(const char *s)
{
	char *r = g_strdup(s ? s : "");
	size_t n = strlen(r);
	while (n > 0 && r[n - 1] == '/')
		r[--n] = '\0';
	return r;
}

char *
models_chat_url(const char *endpoint, const char *org)
{
	g_autofree char *base = strip_slashes(endpoint);
	if (org == NULL || *org == '\0')
		return g_strconcat(base, "/chat/completions", NULL);
	g_autoptr(GUri) u = g_uri_parse(base, G_URI_FLAGS_ENCODED, NULL);
	if (u == NULL)
		return g_strconcat(base, "/chat/completions", NULL);
	g_autofree char *esc = g_uri_escape_string(org, NULL, FALSE);
	g_autofree char *path = g_strdup_printf("/orgs/%s%s/chat/completions", esc, g_uri_get_path(u));
	g_autoptr(GUri) o = g_uri_build(G_URI_FLAGS_ENCODED, g_uri_get_scheme(u), NULL, g_uri_get_host(u),
					g_uri_get_port(u), path, NULL, NULL);
	return g_uri_to_string(o);
}

char *
models_catalog_url(const char *endpoint, const char *catalog_url)
{
	if (catalog_url != NULL && *catalog_url != '\0')
		return g_strdup(catalog_url);
	g_autofree char *base = strip_slashes(endpoint);
	g_autoptr(GUri) u = g_uri_parse(base, G_URI_FLAGS_ENCODED, NULL);
	if (u == NULL)
		return g_strconcat(base, "/catalog/models", NULL);
	g_autoptr(GUri) o = g_uri_build(G_URI_FLAGS_ENCODED, g_uri_get_scheme(u), NULL, g_uri_get_host(u),
					g_uri_get_port(u), "/catalog/models", NULL, NULL);
	return g_uri_to_string(o);
}

/* ---- remembered per-model quirks -------------------------------------------------------------- */

bool
models_quirk_max_completion_tokens(const char *model)
{
	cJSON *root = statefile_read(QUIRKS_FILE);
	const cJSON *q = cJSON_GetObjectItemCaseSensitive(root, "max_completion_tokens");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(q, model);
	bool yes = cJSON_IsTrue(v);
	cJSON_Delete(root);
	return yes;
}

static bool
remember(cJSON *root, void *ud)
{
	cJSON *q = statefile_object(root, "max_completion_tokens");
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(q, ud)))
		return false;
	cJSON_DeleteItemFromObjectCaseSensitive(q, ud);
	cJSON_AddTrueToObject(q, ud);
	return true;
}

void
models_quirk_remember_max_completion_tokens(const char *model)
{
	g_autoptr(AurError) e = NULL;
	if (!statefile_update(QUIRKS_FILE, remember, (void *)model, &e))
		log_msg(LOG_WARN, "state", "cannot remember a model quirk: %s", e->message);
}

/* ---- status -> error ------------------------------------------------------------------------- */

#define HINT_MODELS_READ "The token needs the `models: read` permission (a fine-grained token with " \
	"Models access, or GITHUB_TOKEN with `permissions: models: read`); `aurelis auth status` " \
	"shows which token is used."

void
models_status_error(long status, const ApiError *api, const char *what, AurError **err)
{
	const char *msg = api && api->message ? api->message : "no details";
	const char *code = api && api->code ? api->code : NULL;
	g_autofree char *tag = code ? g_strdup_printf("%ld %s", status, code) : g_strdup_printf("%ld", status);
	if (status == 401) {
		aur_error_set(err, AUR_ERR_AUTH, HINT_MODELS_READ,
			      "the service refused the token for %s (%s): %s", what, tag, msg);
	} else if (status == 403) {
		aur_error_set(err, AUR_ERR_AUTH,
			      HINT_MODELS_READ " Some models are not open to free accounts, and --org needs "
			      "Models enabled for the organisation.",
			      "access to %s denied (%s): %s", what, tag, msg);
	} else if (g_strcmp0(code, "unknown_model") == 0) {
		aur_error_set(err, AUR_ERR_MODEL, "Run `aurelis models` for the available ids.",
			      "unknown model %s: %s", what, msg);
	} else if (status == 404) {
		aur_error_set(err, AUR_ERR_NOT_FOUND, "Check the endpoint (endpoint, AURELIS_ENDPOINT or --endpoint).",
			      "%s was not found (%s): %s", what, tag, msg);
	} else if (status == 413) {
		aur_error_set(err, AUR_ERR_INPUT, "Send less context (fewer or smaller files).",
			      "the request to %s is too large (%s): %s", what, tag, msg);
	} else if (status == 429) {
		aur_error_set(err, AUR_ERR_RATE_LIMIT, "Wait and try again, or use another model with --model.",
			      "rate limited by the service for %s (%s): %s", what, tag, msg);
	} else if (g_strcmp0(code, "content_filter") == 0) {
		aur_error_set(err, AUR_ERR_MODEL, "Rephrase the request; the service's content filter blocked it.",
			      "the content filter blocked the request to %s: %s", what, msg);
	} else if (status == 408 || status >= 500) {
		aur_error_set(err, AUR_ERR_NETWORK, "The service is having trouble; try again shortly.",
			      "the service failed for %s (%s): %s", what, tag, msg);
	} else {
		aur_error_set(err, AUR_ERR_MODEL, "Run with -v for the full answer.",
			      "the service rejected the request to %s (%s): %s", what, tag, msg);
	}
}
