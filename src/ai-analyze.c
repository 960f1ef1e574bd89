/* SPDX-License-Identifier: MIT */
/* The AI pass of `aurelis analyze --ai`: parts of files to the analyze route on a pool of
 * threads, findings validated and merged with source "ai". */
#include "autoconfig.h"

#include <string.h>

#include "ai-analyze.h"
#include "aicode.h"
#include "cache.h"
#include "aifindings.h"
#include "lazycurl.h"
#include "log.h"
#include "term.h"

/*
 * Jobs are parts of files.  Workers take the next job, borrow a client from a queue (one
 * libcurl handle per thread at a time), run the request with response_format json_object,
 * and parse the answer outside any lock; merging into the results, the counters and the
 * footer's totals happen under one mutex.  The client's own limiter and concurrency slots
 * keep every thread (and every other aurelis process) within the model's rate limits.
 * Ctrl-C cancels the shared token: requests in flight stop, jobs not started are skipped.
 */

/* Static findings listed in one request, and the characters of each message kept; the
 * room for them is set aside in the budget. */
#define LISTED 20
#define LISTED_CHARS 120
#define LISTED_BYTES (LISTED * (LISTED_CHARS + 64) + 128)

typedef struct {
	AnalysisFile *file;
	AicodeInput *in;      /* the file's text, as sent */
	ChunkPart part;
	guint index, count;   /* which part of the file */
} Job;

typedef struct {
	Aicode *a;
	AnalysisResults *r;
	GArray *jobs;         /* Job */
	gint next;
	GAsyncQueue *clients; /* ClientCtx *, one per worker */
	GMutex lock;
	unsigned asked, failed, added, repeats, rejected;
	int fail_rc;          /* exit status of the last failure */
	AurError *fail_err;
	bool cancelled;
	unsigned cache;       /* CachePolicy: like any request, unless --no-cache */
} Pass;

static void
input_free(gpointer p)
{
	aicode_input_clear(p);
	g_free(p);
}

/* The file's analysed text as an input for messages. */
static AicodeInput *
file_input(const AnalysisFile *f)
{
	gsize len;
	const char *data = g_bytes_get_data(f->text, &len);
	AicodeInput *in = g_new0(AicodeInput, 1);
	in->name = g_strdup(f->path);
	in->text = g_utf8_make_valid(data, (gssize)len);
	in->len = strlen(in->text);
	in->lang = f->lang;
	in->fence_lang = lang_name(f->lang);
	for (size_t i = 0; i < in->len; i++)
		in->lines += in->text[i] == '\n';
	in->lines += in->len > 0 && in->text[in->len - 1] != '\n';
	in->first = 1;
	in->last = in->lines;
	in->range_len = in->len;
	return in;
}

/* At most n characters of s (valid UTF-8).  Caller frees. */
static char *
clip(const char *s, glong n)
{
	return g_utf8_substring(s, 0, MIN(n, g_utf8_strlen(s, -1)));
}

static char *
job_message(const Job *j)
{
	GString *s = g_string_new("Analyse this code.\n");
	unsigned listed = 0, more = 0;
	for (guint i = 0; i < j->file->findings->len; i++) {
		const AnalysisFinding *x = j->file->findings->pdata[i];
		if (x->line < j->part.ctx_first || x->line > j->part.last_line)
			continue;
		if (listed == LISTED) {
			more++;
			continue;
		}
		if (listed++ == 0)
			g_string_append(s, "Static analysis already reported:\n");
		g_autofree char *msg = clip(x->message, LISTED_CHARS);
		g_autofree char *rule = clip(x->rule, 40);
		g_string_append_printf(s, "- line %u: [%s] %s\n", x->line, rule, msg);
	}
	if (more > 0)
		g_string_append_printf(s, "- and %u more, not listed\n", more);
	if (listed == 0)
		g_string_append(s, "Static analysis reported nothing in these lines.\n");
	aicode_append_part(s, j->in, &j->part, j->index, j->count, true);
	return g_string_free(s, FALSE);
}

/* Fold one answer into the results (under the lock). */
static void
merge(Pass *p, const Job *j, const AiFindingsParsed *fp)
{
	for (guint i = 0; i < fp->items->len; i++) {
		const AiFindingsItem *it = fp->items->pdata[i];
		AnalysisExtraFinding x = {
			.rule = it->rule, .severity = it->severity, .category = it->category,
			.cwe = it->cwe, .message = it->message, .hint = it->hint, .line = it->line,
			.column = it->column, .end_line = it->end_line,
		};
		if (analysis_results_add(p->r, j->file, &x, "ai", j->in->text, j->in->len))
			p->added++;
		else
			p->repeats++;
	}
	unsigned bad = fp->seen - fp->items->len;
	p->rejected += bad;
	if (bad > 0)
		g_ptr_array_add(p->r->warnings, g_strdup_printf(
			"%s (lines %u-%u): %u finding%s of the model left out (%s)", j->file->path,
			j->part.first_line, j->part.last_line, bad, bad == 1 ? "" : "s",
			fp->rejected->len ? (const char *)fp->rejected->pdata[0] : "invalid"));
}

/* cached: the answer that failed came from the response cache, so asking again the same
 * way gives it again. */
static void
fail(Pass *p, const Job *j, int rc, AurError *e, bool cached)
{
	p->failed++;
	p->fail_rc = rc;
	if (rc == 130)
		p->cancelled = true;
	g_ptr_array_add(p->r->warnings, g_strdup_printf("%s (lines %u-%u) was not analysed by the "
							"model: %s%s", j->file->path, j->part.first_line,
							j->part.last_line, e ? e->message : "no answer",
							cached ? " (a cached answer: --no-cache asks "
								 "the model again)" : ""));
	if (p->fail_err == NULL && e != NULL)
		p->fail_err = aur_error_copy(e);
}

static void
run_job(Pass *p, ClientCtx *client, const Job *j)
{
	g_autofree char *msg = job_message(j);
	g_autoptr(ChatRequest) req = models_request_new();
	models_request_add(req, "system", prompts_system(PROMPT_ANALYZE));
	models_request_add(req, "user", msg);
	req->stream = true;
	req->response_format = g_strdup("json_object");
	ClientRequest cr = { .task = "analyze", .request = req, .model = p->a->model,
			     .keep_text = true, .max_retries = -1, .cache = p->cache,
			     .command = "analyze" };
	ClientResult res;
	g_autoptr(AurError) e = NULL;
	int rc = oneshot_run(p->a->os, client, &cr, NULL, NULL, &res, &e);
	AiFindingsParsed *fp = NULL;
	if (rc == 0) {
		AiFindingsLimits lim = { .first_line = j->part.ctx_first, .last_line = j->part.last_line };
		fp = aifindings_parse(res.text ? res.text->str : "", res.text ? res.text->len : 0, &lim, &e);
		if (fp == NULL)
			rc = 7;
	}
	g_mutex_lock(&p->lock);
	p->asked++;
	aicode_account(p->a, &res);
	if (fp != NULL)
		merge(p, j, fp);
	else
		fail(p, j, rc, e, res.cached);
	g_mutex_unlock(&p->lock);
	aifindings_parsed_free(fp);
}

static void
worker(gpointer data, gpointer user)
{
	(void)data;
	Pass *p = user;
	ClientCtx *client = g_async_queue_pop(p->clients);
	for (;;) {
		gint i = g_atomic_int_add(&p->next, 1);
		if (i >= (gint)p->jobs->len || cancel_is_set(oneshot_cancel(p->a->os)))
			break;
		run_job(p, client, &g_array_index(p->jobs, Job, i));
	}
	g_async_queue_push(p->clients, client);
}

/* ---- planning ------------------------------------------------------------------------------ */

/* Jobs for every analysed file, up to max; what does not fit is a warning. */
static void
plan(Pass *p, GPtrArray *inputs, int64_t room, int max)
{
	unsigned left_out = 0;
	for (guint i = 0; i < p->r->files->len; i++) {
		AnalysisFile *f = p->r->files->pdata[i];
		if (f->status != ANALYSIS_FILE_ANALYSED || f->text == NULL || g_bytes_get_size(f->text) == 0)
			continue;
		AicodeInput *in = file_input(f);
		g_ptr_array_add(inputs, in);
		g_autoptr(AurError) e = NULL;
		GArray *parts = chunk_split(in->text, in->len, in->lang, 1, room, AICODE_OVERLAP,
					    aicode_number_bytes(in), &e);
		if (parts == NULL) {
			g_ptr_array_add(p->r->warnings, g_strdup_printf("%s was not sent to the model: %s",
									f->path, e->message));
			continue;
		}
		if (p->jobs->len + parts->len > (guint)max) {
			left_out++;
			chunk_parts_free(parts);
			continue;
		}
		if (parts->len > 1)
			aicode_note_split(p->a, f->path, chunk_tokens(in->text, in->len), parts);
		for (guint k = 0; k < parts->len; k++) {
			Job j = { .file = f, .in = in, .part = g_array_index(parts, ChunkPart, k),
				  .index = k, .count = parts->len };
			j.part.cut_function = NULL; /* not needed past the note above */
			g_array_append_val(p->jobs, j);
		}
		chunk_parts_free(parts);
	}
	if (left_out > 0)
		g_ptr_array_add(p->r->warnings, g_strdup_printf(
			"%u file%s not sent to the model: the run is limited to %d requests "
			"(--ai-max-requests)", left_out, left_out == 1 ? " was" : "s were", max));
}

static void
run_pool(Pass *p, AurContext *ctx, AurError **err)
{
	int threads = (int)MIN((int64_t)p->jobs->len, config_get_int(ctx->cfg, "request.concurrency"));
	p->clients = g_async_queue_new_full((GDestroyNotify)client_free);
	for (int i = 0; i < threads; i++) {
		ClientCtx *c = oneshot_client_new(p->a->os, err);
		if (c == NULL)
			return;
		g_async_queue_push(p->clients, c);
	}
	oneshot_set_threaded(p->a->os, threads > 1);
	term_message(TERM_MSG_INFO, "analyze: asking %s about %u part%s of files, %d at a time",
		     p->a->budget.model, p->jobs->len, p->jobs->len == 1 ? "" : "s", threads);
	GThreadPool *pool = g_thread_pool_new(worker, p, threads, TRUE, NULL);
	for (int i = 0; i < threads; i++)
		g_thread_pool_push(pool, GINT_TO_POINTER(i + 1), NULL);
	g_thread_pool_free(pool, FALSE, TRUE);
}

static bool
judge(Pass *p, AurError **err)
{
	if (p->asked > 0 || p->failed > 0)
		term_message(TERM_MSG_INFO, "analyze: the model added %u finding%s (%u repeating "
			     "others dropped, %u invalid left out)", p->added, p->added == 1 ? "" : "s",
			     p->repeats, p->rejected);
	if (p->cancelled) {
		aur_error_set(err, AUR_ERR_CANCELLED, "The static findings were not reported either.",
			      "cancelled");
		return false;
	}
	if (p->failed > 0 && p->failed == p->jobs->len && p->fail_err != NULL) {
		*err = g_steal_pointer(&p->fail_err);
		aur_error_prefix(*err, "the AI pass failed");
		return false;
	}
	return true;
}

bool
ai_analyze_run(AurContext *ctx, const AurArgs *args, AnalysisResults *r, int max_requests,
	       AurError **err)
{
	if (!lazycurl_load(err))
		return false;
	Aicode a;
	Pass p = { .a = &a, .r = r, .jobs = g_array_new(FALSE, TRUE, sizeof(Job)),
		   .cache = cache_policy(ctx->cfg, ctx->no_cache, false) };
	g_mutex_init(&p.lock);
	g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func(input_free);
	bool ok = aicode_start(&a, ctx, args, "analyze", err);
	int64_t room = ok ? aicode_room(&a, PROMPT_ANALYZE, LISTED_BYTES, err) : 0;
	ok = ok && room > 0;
	if (ok)
		plan(&p, inputs, room, max_requests);
	if (ok && p.jobs->len > 0)
		run_pool(&p, ctx, err);
	ok = ok && *err == NULL && judge(&p, err);
	analysis_results_retally(r);
	if (a.requests > 0)
		aicode_footer(&a);
	aicode_finish(&a);
	if (p.clients)
		g_async_queue_unref(p.clients);
	aur_error_free(p.fail_err);
	g_array_free(p.jobs, TRUE);
	g_mutex_clear(&p.lock);
	return ok;
}
