/* SPDX-License-Identifier: MIT */
/* libFuzzer target: chat stream chunks, whole answers and error bodies. */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "models.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
on_delta(const char *text, size_t len, void *ud)
{
	if (strlen(text) < len)
		__builtin_trap();
	*(size_t *)ud += len;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	ChatChunk chunk;
	AurError *e = NULL;
	if (models_parse_chunk(text, size, &chunk, &e))
		models_chunk_clear(&chunk);
	aur_error_free(e);
	e = NULL;
	ChatCompletion comp;
	if (models_parse_completion(text, size, &comp, &e)) {
		if (!g_utf8_validate(comp.content, -1, NULL))
			__builtin_trap();
		models_completion_clear(&comp);
	}
	aur_error_free(e);
	ApiError api;
	models_parse_error(text, size, &api);
	(void)models_error_wants_max_completion_tokens(400, &api);
	e = NULL;
	models_status_error(400, &api, "fuzz/model", &e);
	aur_error_free(e);
	models_api_error_clear(&api);
	/* The same bytes as a whole stream. */
	size_t got = 0;
	ChatStream *s = models_stream_new(on_delta, &got);
	e = NULL;
	(void)models_stream_feed(s, text, size, &e);
	aur_error_free(e);
	models_stream_finish(s);
	if (models_stream_text_bytes(s) != got)
		__builtin_trap();
	models_stream_free(s);
	return 0;
}
