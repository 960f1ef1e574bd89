/* SPDX-License-Identifier: MIT */
/* `aurelis ask`: one question, the answer streamed to stdout, a footer on stderr. */
#include "autoconfig.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "app.h"
#include "client.h"
#include "cmds.h"
#include "fsutil.h"
#include "log.h"
#include "term.h"
#include "util.h"

/*
 * Ctrl-C triggers the cancel token from the signal handler (an atomic store and a write to
 * a pipe), so the transfer stops at once while everything already printed stays on stdout;
 * a second Ctrl-C exits immediately.  A closed stdout (`ask ... | head -1`) cancels the
 * same way instead of killing us with SIGPIPE.
 */

#define ASK_MAX_INPUT ((size_t)16 << 20)

static const AurOption ask_options[] = {
	{ "file", 'f', OPT_MULTI, "FILE", "add a file's contents to the question (repeatable)", COMPLETE_FILE, NULL },
	{ "system", 0, OPT_VALUE, "TEXT", "a system message to send first", COMPLETE_NONE, NULL },
	{ "no-stream", 0, OPT_FLAG, NULL, "wait for the whole answer instead of streaming it", COMPLETE_NONE, NULL },
	{ NULL, 0, 0, NULL, NULL, 0, NULL },
};

static AurCancel *sig_cancel;
static volatile sig_atomic_t sig_count;

static void
on_sigint(int sig)
{
	if (sig_count++ > 0)
		_exit(130);
	cancel_trigger(sig_cancel);
}

typedef struct {
	bool json;
	bool wrote;          /* answer text reached stdout */
	char last;           /* its last byte */
	bool stdout_broken;
	bool tty_err;
	bool waiting_line;   /* a countdown line is on stderr */
	int64_t last_plain;  /* seconds left when a plain wait line was last printed */
	AurCancel *cancel;
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
	GString *in = g_string_new(NULL);
	char buf[65536];
	ssize_t n;
	while ((n = read(STDIN_FILENO, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || in->len + (size_t)n > ASK_MAX_INPUT) {
			aur_error_set(err, AUR_ERR_INPUT, "Pipe at most 16 MiB of text.",
				      n < 0 ? "cannot read standard input: %s" : "standard input is too large%s",
				      n < 0 ? g_strerror(errno) : "");
			g_string_free(in, TRUE);
			return false;
		}
		g_string_append_len(in, buf, n);
	}
	if (in->len > 0) {
		g_autofree char *text = g_utf8_make_valid(in->str, (gssize)in->len);
		g_string_append_printf(q, "%s%s", q->len ? "\n\n" : "", text);
	}
	g_string_free(in, TRUE);
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

/* ---- callbacks ------------------------------------------------------------------------------ */

static void
clear_wait_line(Ask *k)
{
	if (k->waiting_line) {
		fputs("\r\033[K", stderr);
		k->waiting_line = false;
	}
}

static void
on_delta(const char *text, size_t len, void *ud)
{
	Ask *k = ud;
	if (k->json || k->stdout_broken)
		return;
	clear_wait_line(k);
	if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
		/* The reader went away: stop the request rather than die of SIGPIPE. */
		k->stdout_broken = true;
		cancel_trigger(k->cancel);
		return;
	}
	k->wrote = true;
	k->last = text[len - 1];
}

/* One line updated in place on a terminal; otherwise a plain line when the wait starts,
 * every ten seconds, and for each of the last three. */
static void
on_retry_wait(int64_t left, const char *reason, void *ud)
{
	Ask *k = ud;
	if (term_quiet())
		return;
	if (k->tty_err) {
		if (left == 0) {
			clear_wait_line(k);
			return;
		}
		fprintf(stderr, "\r\033[K%saurelis: %s; retrying in %" G_GINT64_FORMAT " s%s", term_sgr(stderr, TERM_DIM),
			reason, left, term_sgr(stderr, TERM_RESET));
		fflush(stderr);
		k->waiting_line = true;
		return;
	}
	if (left == 0) {
		k->last_plain = 0;
		return;
	}
	if (k->last_plain == 0 || left % 10 == 0 || left <= 3) {
		if (left != k->last_plain)
			fprintf(stderr, "aurelis: %s; retrying in %" G_GINT64_FORMAT " s\n", reason, left);
		k->last_plain = left;
	}
}

static void
on_fallback(const char *from, const char *to, const char *why, void *ud)
{
	Ask *k = ud;
	clear_wait_line(k);
	if (to != NULL)
		term_message(TERM_MSG_WARNING, "%s did not answer (%s); trying %s", from, why, to);
	else
		term_message(TERM_MSG_WARNING, "%s did not answer (%s)", from, why);
}

/* ---- the footer and JSON ------------------------------------------------------------------ */

static char *
format_ms(int64_t us)
{
	if (us < 0)
		return g_strdup("-");
	if (us < 1000000)
		return g_strdup_printf("%" G_GINT64_FORMAT " ms", us / 1000);
	return g_strdup_printf("%.2f s", (double)us / 1e6);
}

static void
print_footer(const ClientResult *r)
{
	if (term_quiet())
		return;
	g_autoptr(GString) s = g_string_new(r->model ? r->model : "no model");
	if (r->usage.present)
		g_string_append_printf(s, ", %" G_GINT64_FORMAT " in / %" G_GINT64_FORMAT " out tokens",
				       r->usage.prompt_tokens, r->usage.completion_tokens);
	else
		g_string_append(s, ", token counts not reported");
	g_autofree char *ttft = format_ms(r->ttft_us);
	g_autofree char *total = format_ms(r->total_us);
	g_string_append_printf(s, ", first token %s, total %s", ttft, total);
	if (r->retries > 0)
		g_string_append_printf(s, ", %d %s", r->retries, r->retries == 1 ? "retry" : "retries");
	for (guint i = 0; i < r->notes->len; i++)
		g_string_append_printf(s, "; not answered by %s", (const char *)r->notes->pdata[i]);
	fprintf(stderr, "%saurelis: %s%s\n", term_sgr(stderr, TERM_DIM), s->str, term_sgr(stderr, TERM_RESET));
}

static void
print_json(const ClientResult *r, const AurError *err)
{
	cJSON *o = cJSON_CreateObject();
	if (r->model)
		cJSON_AddStringToObject(o, "model", r->model);
	else
		cJSON_AddNullToObject(o, "model");
	cJSON_AddStringToObject(o, "answer", r->text ? r->text->str : "");
	if (r->finish_reason)
		cJSON_AddStringToObject(o, "finish_reason", r->finish_reason);
	else
		cJSON_AddNullToObject(o, "finish_reason");
	if (r->usage.present) {
		cJSON *u = cJSON_AddObjectToObject(o, "usage");
		cJSON_AddNumberToObject(u, "prompt_tokens", (double)r->usage.prompt_tokens);
		cJSON_AddNumberToObject(u, "completion_tokens", (double)r->usage.completion_tokens);
		cJSON_AddNumberToObject(u, "total_tokens", (double)r->usage.total_tokens);
	} else {
		cJSON_AddNullToObject(o, "usage");
	}
	cJSON_AddBoolToObject(o, "incomplete", r->incomplete);
	cJSON_AddBoolToObject(o, "cut", r->cut);
	cJSON_AddBoolToObject(o, "cancelled", r->cancelled);
	cJSON_AddNumberToObject(o, "retries", r->retries);
	cJSON *fb = cJSON_AddArrayToObject(o, "fallbacks");
	for (guint i = 0; i < r->notes->len; i++)
		cJSON_AddItemToArray(fb, cJSON_CreateString(r->notes->pdata[i]));
	cJSON_AddNumberToObject(o, "ttft_ms", r->ttft_us < 0 ? -1 : (double)r->ttft_us / 1000.0);
	cJSON_AddNumberToObject(o, "total_ms", (double)r->total_us / 1000.0);
	if (err != NULL) {
		cJSON *e = cJSON_AddObjectToObject(o, "error");
		cJSON_AddStringToObject(e, "category", aur_error_category_name(err->category));
		cJSON_AddStringToObject(e, "message", err->message);
		if (err->hint)
			cJSON_AddStringToObject(e, "hint", err->hint);
		cJSON_AddNumberToObject(e, "exit_status", aur_error_exit_code(err->category));
	}
	char *s = cJSON_Print(o);
	puts(s);
	cJSON_free(s);
	cJSON_Delete(o);
}

/* ---- running ------------------------------------------------------------------------------- */

static void
install_signals(AurCancel *cancel, struct sigaction *old_int, struct sigaction *old_term)
{
	sig_cancel = cancel;
	sig_count = 0;
	struct sigaction sa = { 0 };
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, old_int);
	sigaction(SIGTERM, &sa, old_term);
	signal(SIGPIPE, SIG_IGN);
}

/* What the finished request means for the exit status (0 when all is well). */
static int
judge(const ClientResult *r, bool ok, AurError **err)
{
	if (r->cancelled || (!ok && *err && (*err)->category == AUR_ERR_CANCELLED)) {
		aur_error_free(*err);
		*err = NULL;
		aur_error_set(err, AUR_ERR_CANCELLED,
			      r->text_bytes ? "The partial answer above was kept." : "Nothing had arrived yet.",
			      "cancelled");
		return 130;
	}
	if (!ok)
		return aur_error_exit_code((*err)->category);
	if (g_strcmp0(r->finish_reason, "content_filter") == 0) {
		aur_error_set(err, AUR_ERR_MODEL, "Rephrase the question; the service's content filter stopped the answer.",
			      "%s stopped: the content filter blocked the answer%s", r->model,
			      r->text_bytes ? " (the part before it was kept)" : "");
		return 7;
	}
	if (r->incomplete && r->finish_reason == NULL) {
		aur_error_set(err, AUR_ERR_NETWORK, "The partial answer was kept; ask again for the rest.",
			      "the answer from %s is incomplete: the stream ended before its end marker", r->model);
		return 4;
	}
	return 0;
}

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
	g_autoptr(AuthToken) token = auth_token_get(ctx->cfg, &err);
	if (token == NULL)
		return aur_error_report(err);
	g_autoptr(ClientCtx) client = client_new(ctx->cfg, token, &err);
	if (client == NULL)
		return aur_error_report(err);
	g_autoptr(ChatRequest) req = make_request(args, question);
	cJSON *lf = cJSON_CreateObject();
	cJSON_AddNumberToObject(lf, "question_bytes", (double)strlen(question));
	log_add_content(lf, "question", question);
	log_event(LOG_INFO, "ask", lf);
	g_autoptr(AurCancel) cancel = cancel_new();
	Ask k = { .json = ctx->json, .tty_err = term_isatty(STDERR_FILENO), .cancel = cancel };
	struct sigaction old_int, old_term;
	install_signals(cancel, &old_int, &old_term);
	ClientCallbacks cb = { .on_delta = on_delta, .on_retry_wait = on_retry_wait,
			       .on_fallback = on_fallback, .ud = &k };
	ClientRequest cr = { .task = "chat", .request = req, .model = app_model_override(args),
			     .keep_text = ctx->json, .max_retries = -1 };
	ClientResult res;
	bool ok = client_chat(client, &cr, &cb, cancel, &res, &err);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	clear_wait_line(&k);
	if (k.wrote && k.last != '\n' && !k.stdout_broken)
		fputc('\n', stdout);
	fflush(stdout);
	int rc = judge(&res, ok, &err);
	if (ctx->json)
		print_json(&res, err);
	if (res.cut)
		term_message(TERM_MSG_WARNING, "the answer was cut: %s stopped at its output limit "
			     "(finish_reason length)", res.model);
	if (res.incomplete && rc == 0)
		term_message(TERM_MSG_WARNING, "the stream from %s ended without its end marker", res.model);
	if (ok || res.text_bytes > 0)
		print_footer(&res);
	client_result_clear(&res);
	if (k.stdout_broken && rc == 130)
		return 0; /* the reader stopped reading: that is not a failure of ours */
	return rc == 0 ? 0 : aur_error_report(err);
}

const AurCommand cmd_ask = {
	.name = "ask",
	.summary = "ask a model a question; the answer streams to stdout",
	.usage = "[PROMPT...] [-f FILE]... [--system TEXT] [--no-stream] [--model ID] [--json]",
	.description = "The prompt words, the files given with -f and piped standard input make up "
		       "one question.  The answer is printed as it arrives; a one-line footer on "
		       "stderr names the model, the token counts, the time to the first token and "
		       "the total time.  Ctrl-C stops the answer, keeps what arrived and exits 130.",
	.options = ask_options,
	.positional = COMPLETE_NONE,
	.network = true,
	.run = run_ask,
};
