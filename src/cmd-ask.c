/* SPDX-License-Identifier: MIT */
/* `aurelis ask`: one question, the answer streamed to stdout, a footer on stderr. */
#include "autoconfig.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "aiout.h"
#include "app.h"
#include "cache.h"
#include "cmds.h"
#include "fsutil.h"
#include "log.h"
#include "oneshot.h"
#include "term.h"
#include "util.h"

/* Ctrl-C and the footer are oneshot.c's; a closed stdout (`ask ... | head -1`) cancels the
 * request instead of killing us with SIGPIPE. */

#define ASK_MAX_INPUT ((size_t)16 << 20)

static const AurOption ask_options[] = {
	{ "file", 'f', OPT_MULTI, "FILE", "add a file's contents to the question (repeatable)", COMPLETE_FILE, NULL },
	{ "system", 0, OPT_VALUE, "TEXT", "a system message to send first", COMPLETE_NONE, NULL },
	{ "no-stream", 0, OPT_FLAG, NULL, "wait for the whole answer instead of streaming it", COMPLETE_NONE, NULL },
	{ "refresh", 0, OPT_FLAG, NULL, "ask the model even when the answer is cached, and cache the new answer", COMPLETE_NONE, NULL },
	{ "plain", 0, OPT_FLAG, NULL, "the answer's markdown as it is, even on a terminal", COMPLETE_NONE, NULL },
	{ NULL, 0, 0, NULL, NULL, 0, NULL },
};

typedef struct {
	bool wrote;          /* answer text reached stdout */
	char last;           /* its last byte */
	bool stdout_broken;
	AurCancel *cancel;
	AiOut *out;          /* rendering on a terminal; NULL: the text as it is */
} Ask;

/* ---- building the question ---------------------------------------------------------------- */

static bool
append_file(GString *q, const char *path, AurError **err)
{
	size_t len;
	g_autofree char *data = fs_read_file(path, ASK_MAX_INPUT, &len, err);
	if (data == NULL) {
		if (*err != NULL && (*err)->category == AUR_ERR_NOT_FOUND)
			(*err)->category = AUR_ERR_INPUT;
		return false;
	}
	if (memchr(data, '\0', len) != NULL) {
		aur_error_set(err, AUR_ERR_INPUT, "Pass text files only.", "%s looks like a binary file", path);
		return false;
	}
	g_autofree char *text = NULL;
	if (!g_utf8_validate_len(data, len, NULL)) {
		term_message(TERM_MSG_WARNING, "%s is not valid UTF-8; invalid bytes were replaced", path);
		text = g_utf8_make_valid(data, (gssize)len);
	}
	g_string_append_printf(q, "%sFile: %s\n```\n%s%s```\n", q->len ? "\n\n" : "", path,
			       text ? text : data, len && data[len - 1] != '\n' ? "\n" : "");
	return true;
}

static bool
append_stdin(GString *q, AurError **err)
{
	size_t len;
	g_autofree char *in = fs_read_stdin(ASK_MAX_INPUT, "Pipe at most 16 MiB of text.", &len, err);
	if (in == NULL)
		return false;
	if (len > 0) {
		g_autofree char *text = g_utf8_make_valid(in, (gssize)len);
		g_string_append_printf(q, "%s%s", q->len ? "\n\n" : "", text);
	}
	return true;
}

/* Prompt words first, then the files, then piped input. */
static char *
build_question(const AurArgs *args, AurError **err)
{
	g_autoptr(GString) q = g_string_new(NULL);
	for (unsigned i = 0; i < args_npos(args); i++)
		g_string_append_printf(q, "%s%s", i ? " " : "", args_pos(args, i));
	for (const char *const *f = args_values(args, "file"); *f != NULL; f++)
		if (!append_file(q, *f, err))
			return NULL;
	if (!term_isatty(STDIN_FILENO) && !append_stdin(q, err))
		return NULL;
	if (q->len == 0) {
		cli_usage_error(err, &cmd_ask, "nothing to ask: give a question, -f FILE or piped input");
		return NULL;
	}
	if (!g_utf8_validate(q->str, (gssize)q->len, NULL)) {
		char *v = g_utf8_make_valid(q->str, (gssize)q->len);
		g_string_assign(q, v);
		g_free(v);
	}
	return g_strdup(q->str);
}

/* ---- output ------------------------------------------------------------------------------- */

static void
on_delta(const char *text, size_t len, void *ud)
{
	Ask *k = ud;
	if (k->stdout_broken)
		return;
	if (k->out != NULL) {
		aiout_feed(k->out, text, len);
		k->stdout_broken = aiout_broken(k->out);
		if (k->stdout_broken)
			cancel_trigger(k->cancel);
		return;
	}
	if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
		/* The reader went away: stop the request rather than die of SIGPIPE. */
		k->stdout_broken = true;
		cancel_trigger(k->cancel);
		return;
	}
	k->wrote = true;
	k->last = text[len - 1];
}

/* ---- the footer and JSON ------------------------------------------------------------------ */

static void
print_json(const ClientResult *r, const AurError *err)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "answer", r->text ? r->text->str : "");
	oneshot_result_json(o, r, err);
	char *s = cJSON_Print(o);
	puts(s);
	cJSON_free(s);
	cJSON_Delete(o);
}

/* ---- running ------------------------------------------------------------------------------- */

static ChatRequest *
make_request(const AurArgs *args, const char *question)
{
	ChatRequest *req = models_request_new();
	const char *system = args_value(args, "system");
	if (system != NULL && *system != '\0')
		models_request_add(req, "system", system);
	models_request_add(req, "user", question);
	req->stream = !args_flag(args, "no-stream");
	return req;
}

static int
run_ask(AurContext *ctx, AurArgs *args)
{
	g_autoptr(AurError) err = NULL;
	g_autofree char *question = build_question(args, &err);
	if (question == NULL)
		return aur_error_report(err);
	g_autoptr(Oneshot) os = oneshot_new(ctx->cfg, &err);
	if (os == NULL)
		return aur_error_report(err);
	g_autoptr(ChatRequest) req = make_request(args, question);
	cJSON *lf = cJSON_CreateObject();
	cJSON_AddNumberToObject(lf, "question_bytes", (double)strlen(question));
	log_add_content(lf, "question", question);
	log_event(LOG_INFO, "ask", lf);
	/* On a terminal the answer is rendered as it streams; piped, or with --plain, it is the
	 * model's markdown byte for byte. */
	g_autoptr(AiOut) out = NULL;
	if (!ctx->json && !args_flag(args, "plain") && term_isatty(STDOUT_FILENO))
		out = aiout_new(ctx->cfg, false);
	Ask k = { .cancel = oneshot_cancel(os), .out = out };
	ClientRequest cr = { .task = "chat", .request = req, .model = app_model_override(args),
			     .keep_text = ctx->json || log_include_content(), .max_retries = -1, .command = "ask",
			     .cache = cache_policy(ctx->cfg, ctx->no_cache, args_flag(args, "refresh")) };
	ClientResult res;
	int rc = oneshot_run(os, NULL, &cr, ctx->json ? NULL : on_delta, &k, &res, &err);
	oneshot_restore_signals(os);
	if (out != NULL)
		aiout_end(out);
	/* The raw text gets a final newline; the renderer ends its own lines. */
	if (out == NULL && k.wrote && k.last != '\n' && !k.stdout_broken)
		fputc('\n', stdout);
	fflush(stdout);
	if (ctx->json)
		print_json(&res, err);
	oneshot_warn(&res, rc);
	if (res.model != NULL || res.text_bytes > 0)
		oneshot_footer(&res);
	client_result_clear(&res);
	if (k.stdout_broken && rc == 130)
		return 0; /* the reader stopped reading: that is not a failure of ours */
	return rc == 0 ? 0 : aur_error_report(err);
}

const AurCommand cmd_ask = {
	.name = "ask",
	.summary = "ask a model a question; the answer streams to stdout",
	.usage = "[PROMPT...] [-f FILE]... [--system TEXT] [--no-stream] [--refresh] [--plain] [--model ID] [--json]",
	.description = "The prompt words, the files given with -f and piped standard input make up "
		       "one question.  The answer is printed as it arrives, rendered from markdown on "
		       "a terminal and as the model wrote it when piped or with --plain; a one-line footer on "
		       "stderr names the model, the token counts, the time to the first token and "
		       "the total time.  An answer found in the response cache is printed at once "
		       "and the footer says \"cached\" (--refresh asks again, --no-cache neither "
		       "reads nor writes the cache).  Ctrl-C stops the answer, keeps what arrived and exits 130.",
	.options = ask_options,
	.positional = COMPLETE_NONE,
	/* No .network: libcurl is loaded by the client on a cache miss only. */
	.run = run_ask,
};
