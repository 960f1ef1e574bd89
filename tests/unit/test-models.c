/* SPDX-License-Identifier: MIT */
/* Unit tests for models.c and catalog.c: request bodies, chunks, answers, errors, URLs. */
#include "autoconfig.h"

#include <cjson/cJSON.h>

#include "catalog.h"
#include "models.h"
#include "unit.h"

static cJSON *
body_json(const ChatRequest *r)
{
	g_autofree char *b = models_request_body(r, NULL);
	cJSON *j = cJSON_Parse(b);
	assert_non_null(j);
	return j;
}

static void
test_request_minimal(void **state)
{
	g_autoptr(ChatRequest) r = models_request_new();
	r->model = g_strdup("openai/gpt-4.1");
	models_request_add(r, "system", "be brief");
	models_request_add(r, "user", "h\xC3\xA9llo \"quoted\"\n");
	r->stream = true;
	cJSON *j = body_json(r);
	assert_string_equal(cJSON_GetObjectItem(j, "model")->valuestring, "openai/gpt-4.1");
	cJSON *msgs = cJSON_GetObjectItem(j, "messages");
	assert_int_equal(cJSON_GetArraySize(msgs), 2);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(msgs, 1), "content")->valuestring,
			    "h\xC3\xA9llo \"quoted\"\n");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "stream")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "stream_options"),
						     "include_usage")));
	/* Nothing the user did not set. */
	assert_null(cJSON_GetObjectItem(j, "temperature"));
	assert_null(cJSON_GetObjectItem(j, "top_p"));
	assert_null(cJSON_GetObjectItem(j, "max_tokens"));
	assert_null(cJSON_GetObjectItem(j, "max_completion_tokens"));
	assert_null(cJSON_GetObjectItem(j, "response_format"));
	cJSON_Delete(j);
}

static void
test_request_options(void **state)
{
	g_autoptr(ChatRequest) r = models_request_new();
	r->model = g_strdup("openai/gpt-5");
	models_request_add(r, "user", "x");
	r->has_temperature = true;
	r->temperature = 0.25;
	r->has_top_p = true;
	r->top_p = 0.9;
	r->max_tokens = 100;
	r->response_format = g_strdup("json_object");
	cJSON *j = body_json(r);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(j, "stream")));
	assert_null(cJSON_GetObjectItem(j, "stream_options"));
	assert_true(cJSON_GetObjectItem(j, "temperature")->valuedouble == 0.25);
	assert_true(cJSON_GetObjectItem(j, "top_p")->valuedouble == 0.9);
	assert_int_equal(cJSON_GetObjectItem(j, "max_tokens")->valueint, 100);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "response_format"), "type")->valuestring,
			    "json_object");
	cJSON_Delete(j);
	r->use_max_completion_tokens = true;
	g_autoptr(ChatRequest) c = models_request_copy(r);
	models_request_free(g_steal_pointer(&r));
	j = body_json(c);
	assert_null(cJSON_GetObjectItem(j, "max_tokens"));
	assert_int_equal(cJSON_GetObjectItem(j, "max_completion_tokens")->valueint, 100);
	cJSON_Delete(j);
}

static void
test_chunk_shapes(void **state)
{
	ChatChunk c;
	const char *d = "{\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}";
	assert_true(models_parse_chunk(d, strlen(d), &c, NULL));
	assert_string_equal(c.content, "Hi");
	assert_null(c.finish_reason);
	assert_string_equal(c.model, "m");
	assert_false(c.usage.present);
	models_chunk_clear(&c);
	/* The usage chunk: empty choices, usage filled. */
	d = "{\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17}}";
	assert_true(models_parse_chunk(d, strlen(d), &c, NULL));
	assert_null(c.content);
	assert_true(c.usage.present);
	assert_int_equal(c.usage.prompt_tokens, 12);
	assert_int_equal(c.usage.completion_tokens, 5);
	assert_int_equal(c.usage.total_tokens, 17);
	models_chunk_clear(&c);
	/* Role-only first chunk, finish chunk, usage: null. */
	d = "{\"choices\":[{\"delta\":{\"role\":\"assistant\"}}],\"usage\":null}";
	assert_true(models_parse_chunk(d, strlen(d), &c, NULL));
	assert_null(c.content);
	assert_false(c.usage.present);
	models_chunk_clear(&c);
	d = "{\"choices\":[{\"delta\":{},\"finish_reason\":\"length\"}]}";
	assert_true(models_parse_chunk(d, strlen(d), &c, NULL));
	assert_string_equal(c.finish_reason, "length");
	models_chunk_clear(&c);
	/* Top-level error. */
	d = "{\"error\":{\"message\":\"overloaded\",\"code\":\"server_error\"}}";
	assert_true(models_parse_chunk(d, strlen(d), &c, NULL));
	assert_string_equal(c.error_message, "overloaded");
	assert_string_equal(c.error_code, "server_error");
	models_chunk_clear(&c);
}

static void
test_chunk_hostile(void **state)
{
	static const char *const bad[] = {
		"", "not json", "[1,2]", "\"str\"", "{\"choices\":", "null", "{\"a\":1}}", "{",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		ChatChunk c;
		g_autoptr(AurError) e = NULL;
		if (models_parse_chunk(bad[i], strlen(bad[i]), &c, &e)) {
			/* trailing garbage after an object is tolerated by cJSON: must still be safe */
			models_chunk_clear(&c);
			continue;
		}
		assert_non_null(e);
		assert_int_equal(e->category, AUR_ERR_MODEL);
		assert_non_null(e->hint);
	}
	/* Wrong types everywhere: ignored, never crash. */
	static const char *const odd[] = {
		"{\"choices\":5}", "{\"choices\":[5]}", "{\"choices\":[{\"delta\":\"x\"}]}",
		"{\"choices\":[{\"delta\":{\"content\":7}}]}", "{\"choices\":[{\"delta\":{\"content\":null}}]}",
		"{\"usage\":{\"prompt_tokens\":\"12\",\"completion_tokens\":-3,\"total_tokens\":1e300}}",
		"{\"error\":5}", "{\"error\":null,\"choices\":[]}", "{\"model\":[],\"choices\":[{\"finish_reason\":1}]}",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(odd); i++) {
		ChatChunk c;
		assert_true(models_parse_chunk(odd[i], strlen(odd[i]), &c, NULL));
		assert_null(c.content);
		assert_null(c.error_message);
		assert_null(c.finish_reason);
		assert_true(c.usage.prompt_tokens == 0 && c.usage.completion_tokens == 0);
		models_chunk_clear(&c);
	}
	/* A string error is an error. */
	ChatChunk c;
	assert_true(models_parse_chunk("{\"error\":\"boom\"}", 16, &c, NULL));
	assert_string_equal(c.error_message, "boom");
	models_chunk_clear(&c);
	/* Length is honoured: the parser never reads past it. */
	char buf[] = "{\"choices\":[{\"delta\":{\"content\":\"ab\"}}]}XXXXXXXX";
	assert_true(models_parse_chunk(buf, strlen(buf) - 8, &c, NULL));
	assert_string_equal(c.content, "ab");
	models_chunk_clear(&c);
	g_autoptr(AurError) e = NULL;
	assert_false(models_parse_chunk(buf, 20, &c, &e)); /* truncated */
}

static void
test_completion(void **state)
{
	ChatCompletion c;
	const char *b = "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"openai/gpt-4.1\","
			"\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},"
			"\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}";
	assert_true(models_parse_completion(b, strlen(b), &c, NULL));
	assert_string_equal(c.content, "Hello");
	assert_string_equal(c.finish_reason, "stop");
	assert_string_equal(c.model, "openai/gpt-4.1");
	assert_int_equal(c.usage.total_tokens, 4); /* derived when missing */
	models_completion_clear(&c);
	/* content null (tool call or filter): empty text. */
	b = "{\"choices\":[{\"message\":{\"content\":null},\"finish_reason\":\"content_filter\"}]}";
	assert_true(models_parse_completion(b, strlen(b), &c, NULL));
	assert_string_equal(c.content, "");
	assert_string_equal(c.finish_reason, "content_filter");
	models_completion_clear(&c);
	/* Invalid UTF-8 in the content is repaired. */
	b = "{\"choices\":[{\"message\":{\"content\":\"a\xFF\"}}]}";
	assert_true(models_parse_completion(b, strlen(b), &c, NULL));
	assert_true(g_utf8_validate(c.content, -1, NULL));
	models_completion_clear(&c);
	static const char *const bad[] = { "", "{}", "{\"choices\":[]}", "{\"choices\":{}}", "[]",
					   "{\"choices\":[{\"message\":", "<html>502</html>" };
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(AurError) e = NULL;
		assert_false(models_parse_completion(bad[i], strlen(bad[i]), &c, &e));
		assert_int_equal(e->category, AUR_ERR_MODEL);
	}
}

static void
test_completion_huge(void **state)
{
	/* A 6 MB answer parses, and its size is kept exactly. */
	size_t n = 6u << 20;
	GString *b = g_string_new("{\"choices\":[{\"message\":{\"content\":\"");
	for (size_t i = 0; i < n; i++)
		g_string_append_c(b, "abc\\n"[i % 3]);
	g_string_append(b, "\"}}]}");
	ChatCompletion c;
	assert_true(models_parse_completion(b->str, b->len, &c, NULL));
	assert_int_equal(strlen(c.content), n);
	models_completion_clear(&c);
	g_string_free(b, TRUE);
	/* Deep nesting is refused by cJSON's limit, not a stack overflow. */
	GString *deep = g_string_new(NULL);
	for (int i = 0; i < 100000; i++)
		g_string_append_c(deep, '[');
	g_autoptr(AurError) e = NULL;
	assert_false(models_parse_completion(deep->str, deep->len, &c, &e));
	g_string_free(deep, TRUE);
}

static void
test_error_bodies(void **state)
{
	ApiError e;
	const char *b = "{\"error\":{\"code\":\"unknown_model\",\"message\":\"Unknown model: x/y\",\"details\":\"d\"}}";
	models_parse_error(b, strlen(b), &e);
	assert_string_equal(e.code, "unknown_model");
	assert_string_equal(e.message, "Unknown model: x/y");
	models_api_error_clear(&e);
	b = "{\"error\":{\"message\":\"Unsupported parameter: 'max_tokens' is not supported with this model. "
	    "Use 'max_completion_tokens' instead.\",\"type\":\"invalid_request_error\",\"param\":\"max_tokens\","
	    "\"code\":\"unsupported_parameter\"}}";
	models_parse_error(b, strlen(b), &e);
	assert_string_equal(e.param, "max_tokens");
	assert_true(models_error_wants_max_completion_tokens(400, &e));
	assert_false(models_error_wants_max_completion_tokens(500, &e));
	models_api_error_clear(&e);
	b = "{\"error\":{\"code\":\"content_filter\",\"param\":\"prompt\",\"message\":\"filtered\","
	    "\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\"}}}";
	models_parse_error(b, strlen(b), &e);
	assert_string_equal(e.inner_code, "ResponsibleAIPolicyViolation");
	models_api_error_clear(&e);
	/* Plain text, HTML, empty, non-UTF-8, a number code. */
	models_parse_error("403 Forbidden\n", 14, &e);
	assert_string_equal(e.message, "403 Forbidden");
	assert_null(e.code);
	models_api_error_clear(&e);
	models_parse_error("", 0, &e);
	assert_null(e.message);
	models_parse_error("  \n\n", 4, &e);
	assert_null(e.message);
	models_parse_error("bad \xFF\xFE text", 13, &e);
	assert_true(g_utf8_validate(e.message, -1, NULL));
	models_api_error_clear(&e);
	models_parse_error("{\"error\":{\"code\":429}}", 22, &e);
	assert_string_equal(e.code, "429");
	assert_string_equal(e.message, "429");
	models_api_error_clear(&e);
	models_parse_error("{\"message\":\"top-level\"}", 23, &e);
	assert_string_equal(e.message, "top-level");
	models_api_error_clear(&e);
	/* A huge single-line body is cut to 300 bytes. */
	g_autofree char *big = g_strnfill(100000, 'x');
	models_parse_error(big, 100000, &e);
	assert_int_equal(strlen(e.message), 300);
	models_api_error_clear(&e);
}

static void
test_status_errors(void **state)
{
	ApiError api = { .message = (char *)"The `models` permission is required", .code = (char *)"unauthorized" };
	g_autoptr(AurError) e401 = NULL;
	models_status_error(401, &api, "openai/gpt-4.1", &e401);
	assert_int_equal(e401->category, AUR_ERR_AUTH);
	assert_str_contains(e401->hint, "models: read");
	g_autoptr(AurError) e403 = NULL;
	models_status_error(403, NULL, "x", &e403);
	assert_int_equal(aur_error_exit_code(e403->category), 3);
	ApiError um = { .code = (char *)"unknown_model", .message = (char *)"Unknown model: a/b" };
	g_autoptr(AurError) e404 = NULL;
	models_status_error(404, &um, "a/b", &e404);
	assert_int_equal(e404->category, AUR_ERR_MODEL);
	g_autoptr(AurError) e413 = NULL;
	models_status_error(413, NULL, "x", &e413);
	assert_int_equal(aur_error_exit_code(e413->category), 6);
	g_autoptr(AurError) e503 = NULL;
	models_status_error(503, NULL, "x", &e503);
	assert_int_equal(e503->category, AUR_ERR_NETWORK);
	ApiError cf = { .code = (char *)"content_filter", .message = (char *)"filtered" };
	g_autoptr(AurError) ecf = NULL;
	models_status_error(400, &cf, "x", &ecf);
	assert_int_equal(aur_error_exit_code(ecf->category), 7);
}

typedef struct {
	GString *text;
	int deltas;
} Acc;

static void
on_delta(const char *t, size_t n, void *ud)
{
	Acc *a = ud;
	g_string_append_len(a->text, t, (gssize)n);
	a->deltas++;
}

static void
test_stream(void **state)
{
	const char *s =
		"data: {\"choices\":[],\"prompt_filter_results\":[]}\n\n"
		"data: {\"model\":\"openai/gpt-4.1\",\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n"
		": keep-alive\n\n"
		"data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\r\n\r\n"
		"data:{\"choices\":[{\"delta\":{\"content\":\"lo \xE2\x82\xAC\"}}]}\n\n"
		"data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
		"data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}}\n\n"
		"data: [DONE]\n\n";
	size_t len = strlen(s);
	for (size_t step = 1; step <= len; step = step < 8 ? step + 1 : step * 3) {
		Acc a = { g_string_new(NULL), 0 };
		g_autoptr(ChatStream) st = models_stream_new(on_delta, &a);
		for (size_t off = 0; off < len; off += step)
			assert_true(models_stream_feed(st, s + off, MIN(step, len - off), NULL));
		models_stream_finish(st);
		assert_string_equal(a.text->str, "Hello \xE2\x82\xAC");
		assert_int_equal(a.deltas, 2);
		assert_true(models_stream_saw_done(st));
		assert_string_equal(models_stream_finish_reason(st), "stop");
		assert_string_equal(models_stream_model(st), "openai/gpt-4.1");
		assert_int_equal(models_stream_usage(st)->total_tokens, 12);
		assert_int_equal(models_stream_text_bytes(st), strlen("Hello \xE2\x82\xAC"));
		g_string_free(a.text, TRUE);
	}
}

static void
test_stream_failures(void **state)
{
	Acc a = { g_string_new(NULL), 0 };
	g_autoptr(ChatStream) st = models_stream_new(on_delta, &a);
	const char *s = "data: {\"choices\":[{\"delta\":{\"content\":\"part\"}}]}\n\n"
			"data: {\"error\":{\"message\":\"upstream timeout\",\"code\":\"timeout\"}}\n\n";
	g_autoptr(AurError) e = NULL;
	assert_false(models_stream_feed(st, s, strlen(s), &e));
	assert_non_null(e);
	assert_str_contains(e->message, "upstream timeout");
	assert_int_equal(e->category, AUR_ERR_MODEL);
	assert_true(models_stream_error_event(st));
	assert_string_equal(a.text->str, "part");
	/* No [DONE]: the caller sees an incomplete stream. */
	g_autoptr(ChatStream) st2 = models_stream_new(on_delta, &a);
	assert_true(models_stream_feed(st2, "data: {\"choices\":[]}\n\n", 22, NULL));
	models_stream_finish(st2);
	assert_false(models_stream_saw_done(st2));
	/* Garbage event. */
	g_autoptr(ChatStream) st3 = models_stream_new(on_delta, &a);
	g_autoptr(AurError) e3 = NULL;
	assert_false(models_stream_feed(st3, "data: <html>\n\n", 14, &e3));
	assert_str_contains(e3->message, "<html>");
	/* event: error with a non-error body is still a failure. */
	g_autoptr(ChatStream) st4 = models_stream_new(on_delta, &a);
	g_autoptr(AurError) e4 = NULL;
	assert_false(models_stream_feed(st4, "event: error\ndata: {\"x\":1}\n\n", 28, &e4));
	g_string_free(a.text, TRUE);
}

static void
test_urls(void **state)
{
	g_autofree char *a = models_chat_url("https://models.github.ai/inference", NULL);
	assert_string_equal(a, "https://models.github.ai/inference/chat/completions");
	g_autofree char *b = models_chat_url("https://models.github.ai/inference/", "my-org");
	assert_string_equal(b, "https://models.github.ai/orgs/my-org/inference/chat/completions");
	g_autofree char *c = models_chat_url("http://127.0.0.1:8080/inference", "a b/c");
	assert_string_equal(c, "http://127.0.0.1:8080/orgs/a%20b%2Fc/inference/chat/completions");
	g_autofree char *d = models_catalog_url("http://127.0.0.1:8080/inference", NULL);
	assert_string_equal(d, "http://127.0.0.1:8080/catalog/models");
	g_autofree char *e = models_catalog_url("https://models.github.ai/inference", "");
	assert_string_equal(e, "https://models.github.ai/catalog/models");
	g_autofree char *f = models_catalog_url("https://x", "https://y/list");
	assert_string_equal(f, "https://y/list");
	g_autofree char *g = models_chat_url("http://[::1]:9/inference", "o");
	assert_string_equal(g, "http://[::1]:9/orgs/o/inference/chat/completions");
}

static const char catalog_text[] =
	"[{\"id\":\"openai/gpt-4.1\",\"name\":\"OpenAI GPT-4.1\",\"publisher\":\"OpenAI\","
	"\"registry\":\"azure-openai\",\"summary\":\"s\",\"html_url\":\"https://github.com/marketplace/models/x\","
	"\"version\":\"2025-04-14\",\"capabilities\":[\"streaming\",\"tool-calling\"],"
	"\"limits\":{\"max_input_tokens\":1048576,\"max_output_tokens\":32768},\"rate_limit_tier\":\"high\","
	"\"supported_input_modalities\":[\"text\",\"image\"],\"supported_output_modalities\":[\"text\"],"
	"\"tags\":[\"multipurpose\"]},"
	"{\"id\":\"openai/text-embedding-3-small\",\"supported_input_modalities\":[\"text\"],"
	"\"supported_output_modalities\":[\"embeddings\"],\"rate_limit_tier\":\"embeddings\"},"
	"{\"name\":\"no id\"}, 5, {\"id\":7}, {\"id\":\"\"},"
	"{\"id\":\"odd/types\",\"capabilities\":\"streaming\",\"limits\":[1],\"tags\":[1,\"ok\",null],"
	"\"rate_limit_tier\":5}]";

static void
test_catalog_parse(void **state)
{
	g_autoptr(Catalog) c = catalog_parse(catalog_text, strlen(catalog_text), NULL);
	assert_non_null(c);
	assert_int_equal(c->models->len, 3);
	const CatalogModel *m = catalog_find(c, "OpenAI/GPT-4.1");
	assert_non_null(m);
	assert_string_equal(m->name, "OpenAI GPT-4.1");
	assert_string_equal(m->publisher, "OpenAI");
	assert_string_equal(m->registry, "azure-openai");
	assert_string_equal(m->version, "2025-04-14");
	assert_string_equal(m->html_url, "https://github.com/marketplace/models/x");
	assert_string_equal(m->rate_limit_tier, "high");
	assert_int_equal(m->max_input_tokens, 1048576);
	assert_int_equal(m->max_output_tokens, 32768);
	assert_int_equal(g_strv_length(m->capabilities), 2);
	assert_string_equal(m->tags[0], "multipurpose");
	assert_true(catalog_is_chat_model(m));
	assert_false(catalog_is_chat_model(catalog_find(c, "openai/text-embedding-3-small")));
	const CatalogModel *o = catalog_find(c, "odd/types");
	assert_int_equal(g_strv_length(o->capabilities), 0);
	assert_int_equal(g_strv_length(o->tags), 1);
	assert_null(o->rate_limit_tier);
	assert_int_equal(o->max_input_tokens, 0);
	assert_string_equal(catalog_suggest(c, "openai/gpt-4.l"), "openai/gpt-4.1");
	assert_string_equal(catalog_suggest(c, "gpt-4.1"), "openai/gpt-4.1");
	assert_null(catalog_suggest(c, "zzzzzzzzzzzzzz"));
	static const char *const bad[] = { "", "{}", "{\"models\":[]}", "[", "null", "\"x\"" };
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(AurError) e = NULL;
		assert_null(catalog_parse(bad[i], strlen(bad[i]), &e));
		assert_non_null(e);
	}
	g_autoptr(Catalog) empty = catalog_parse("[]", 2, NULL);
	assert_int_equal(empty->models->len, 0);
}

static void
test_catalog_cache(void **state)
{
	char *dir = unit_tmpdir();
	g_setenv("XDG_CACHE_HOME", dir, TRUE);
	assert_null(catalog_load_cached("http://a/catalog/models", CATALOG_MAX_AGE));
	g_autofree char *cdir = g_build_filename(dir, "aurelis", NULL);
	g_mkdir_with_parents(cdir, 0700);
	g_autofree char *path = catalog_cache_path();
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	g_autofree char *fresh = g_strdup_printf("{\"url\":\"http://a/catalog/models\",\"fetched_at\":%" G_GINT64_FORMAT ",\"models\":%s}",
						 now - 100, catalog_text);
	unit_write(path, fresh);
	g_autoptr(Catalog) c = catalog_load_cached("http://a/catalog/models", CATALOG_MAX_AGE);
	assert_non_null(c);
	assert_true(c->from_cache);
	assert_int_equal(c->models->len, 3);
	/* Another endpoint's cache is not used. */
	assert_null(catalog_load_cached("http://b/catalog/models", CATALOG_MAX_AGE));
	/* Older than a day: stale, unless any age is acceptable. */
	g_autofree char *old = g_strdup_printf("{\"url\":\"u\",\"fetched_at\":%" G_GINT64_FORMAT ",\"models\":[]}",
					       now - 86401);
	unit_write(path, old);
	assert_null(catalog_load_cached("u", CATALOG_MAX_AGE));
	g_autoptr(Catalog) any = catalog_load_cached("u", -1);
	assert_non_null(any);
	/* From the future, or corrupt: not used. */
	g_autofree char *future = g_strdup_printf("{\"url\":\"u\",\"fetched_at\":%" G_GINT64_FORMAT ",\"models\":[]}",
						  now + 100000);
	unit_write(path, future);
	assert_null(catalog_load_cached("u", CATALOG_MAX_AGE));
	unit_write(path, "{\"url\":\"u\",\"fetched_at\":1,\"models\":{}}");
	assert_null(catalog_load_cached("u", -1));
	unit_write(path, "garbage\xFF");
	assert_null(catalog_load_cached("u", -1));
	g_unsetenv("XDG_CACHE_HOME");
	unit_rmdir(dir);
}

static void
test_quirks(void **state)
{
	char *dir = unit_tmpdir();
	g_setenv("XDG_STATE_HOME", dir, TRUE);
	assert_false(models_quirk_max_completion_tokens("openai/gpt-5"));
	models_quirk_remember_max_completion_tokens("openai/gpt-5");
	models_quirk_remember_max_completion_tokens("openai/gpt-5");
	assert_true(models_quirk_max_completion_tokens("openai/gpt-5"));
	assert_false(models_quirk_max_completion_tokens("openai/gpt-4.1"));
	/* A corrupt state file is started afresh. */
	g_autofree char *path = g_build_filename(dir, "aurelis", "models-state.json", NULL);
	unit_write(path, "{{{");
	assert_false(models_quirk_max_completion_tokens("openai/gpt-5"));
	models_quirk_remember_max_completion_tokens("openai/o3-mini");
	assert_true(models_quirk_max_completion_tokens("openai/o3-mini"));
	g_unsetenv("XDG_STATE_HOME");
	unit_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_minimal),
		cmocka_unit_test(test_request_options),
		cmocka_unit_test(test_chunk_shapes),
		cmocka_unit_test(test_chunk_hostile),
		cmocka_unit_test(test_completion),
		cmocka_unit_test(test_completion_huge),
		cmocka_unit_test(test_error_bodies),
		cmocka_unit_test(test_status_errors),
		cmocka_unit_test(test_stream),
		cmocka_unit_test(test_stream_failures),
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_catalog_parse),
		cmocka_unit_test(test_catalog_cache),
		cmocka_unit_test(test_quirks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
