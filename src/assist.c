/* SPDX-License-Identifier: MIT */
/* Fix and explain prompts for one finding, and chat requests run as background jobs. */
#include "autoconfig.h"

#include <string.h>

#include "analysis/analysis.h"
#include "assist.h"
#include "auth.h"
#include "cancel.h"
#include "client.h"
#include "edit.h"
#include "edit-fence.h"
#include "prompts.h"

/* Lines around a finding in an explanation, and around it in a fix for a big file. */
#define EXPLAIN_CONTEXT 12
#define FIX_CONTEXT 150

/* ---- prompts ------------------------------------------------------------------------------ */

static const char *
hint_of(const AssistFinding *f)
{
	if (f->hint != NULL && *f->hint != '\0')
		return f->hint;
	const AnalysisRule *r = f->rule ? analysis_rule_find(f->rule) : NULL;
	return r != NULL ? r->hint : NULL;
}

static void
describe(GString *s, const AssistFinding *f)
{
	g_string_append_printf(s, "The finding: [%s] (%s) %s", f->rule ? f->rule : "?",
			       f->severity ? f->severity : "warning", f->message ? f->message : "");
	if (f->line > 0) {
		g_string_append_printf(s, "\nWhere: %s, line %d", f->file ? f->file : "the file",
				       f->line);
		if (f->column > 0)
			g_string_append_printf(s, ", column %d", f->column);
	}
	const char *hint = hint_of(f);
	if (hint != NULL)
		g_string_append_printf(s, "\nThe analyzer's hint: %s", hint);
	g_string_append_c(s, '\n');
}

static const char *
fence_lang(const char *file)
{
	const char *l = file ? edit_fence_lang_from_path(file) : NULL;
	return l ? l : "";
}

/* Lines [first, last] (1-based, clamped) of text, valid UTF-8; *first and *last are set to
 * what was taken.  mark (0: none) is prefixed with ">> ", the others with "   " when
 * numbered. */
static char *
lines_of(const char *text, size_t len, int *first, int *last, int mark, bool numbered)
{
	g_autofree char *valid = g_utf8_make_valid(text, (gssize)len);
	g_auto(GStrv) lines = g_strsplit(valid, "\n", -1);
	int n = (int)g_strv_length(lines);
	if (n > 0 && *lines[n - 1] == '\0')
		n--; /* the final newline does not start a line */
	/* A window past the end (the file shrank) shows the end instead. */
	if (*first > n) {
		int want = *last - *first;
		*first = MAX(n - want, 1);
	}
	*first = CLAMP(*first, 1, MAX(n, 1));
	*last = CLAMP(*last, *first, MAX(n, 1));
	GString *s = g_string_new(NULL);
	for (int i = *first; i <= *last && i <= n; i++) {
		if (numbered)
			g_string_append_printf(s, "%s%5d  ", i == mark ? ">>" : "  ", i);
		g_string_append(s, lines[i - 1]);
		g_string_append_c(s, '\n');
	}
	return g_string_free(s, FALSE);
}

ChatRequest *
assist_fix_request(const AssistFinding *f, const char *path, const char *text, size_t len)
{
	ChatRequest *req = models_request_new();
	models_request_add(req, "system", prompts_system(PROMPT_FIX));
	GString *u = g_string_new(NULL);
	int first = 1, last = G_MAXINT;
	if (len > ASSIST_MAX_WHOLE && f->line > 0) {
		first = f->line - FIX_CONTEXT;
		last = f->line + FIX_CONTEXT;
	}
	g_autofree char *code = lines_of(text, len, &first, &last, 0, false);
	bool whole = len <= ASSIST_MAX_WHOLE || f->line <= 0;
	g_string_append_printf(u, "File: %s%s\n```%s\n%s```\n\n", path,
			       whole ? "" : " (an excerpt: copy SEARCH lines from it only)",
			       fence_lang(path), code);
	describe(u, f);
	g_string_append_printf(u, "\nFix this finding. Name the file as %s in the edit.", path);
	models_request_add(req, "user", u->str);
	g_string_free(u, TRUE);
	req->stream = true;
	return req;
}

ChatRequest *
assist_explain_request(const AssistFinding *f, const char *text, size_t len)
{
	ChatRequest *req = models_request_new();
	models_request_add(req, "system", prompts_system(PROMPT_EXPLAIN_FINDING));
	GString *u = g_string_new(NULL);
	describe(u, f);
	if (text != NULL && f->line > 0) {
		int first = f->line - EXPLAIN_CONTEXT, last = f->line + EXPLAIN_CONTEXT;
		g_autofree char *code = lines_of(text, len, &first, &last, f->line, true);
		g_string_append_printf(u, "\nThe code around it (line %d is marked >>):\n```%s\n%s```\n",
				       f->line, fence_lang(f->file), code);
	}
	g_string_append(u, "\nExplain this finding.");
	models_request_add(req, "user", u->str);
	g_string_free(u, TRUE);
	req->stream = true;
	return req;
}

/* ---- the job ------------------------------------------------------------------------------- */

typedef struct {
	const AurConfig *cfg;
	char *task;
	char *model;
	ChatRequest *req;
} Call;

static void
call_free(void *p)
{
	Call *c = p;
	g_free(c->task);
	g_free(c->model);
	models_request_free(c->req);
	g_free(c);
}

void
assist_answer_free(void *p)
{
	AssistAnswer *a = p;
	if (a == NULL)
		return;
	g_free(a->text);
	g_free(a->model);
	g_free(a);
}

static void
on_delta(const char *text, size_t len, void *ud)
{
	job_emit_delta(ud, text, len);
}

static void
on_usage(const ChatUsage *u, void *ud)
{
	job_emit_usage(ud, u->prompt_tokens, u->completion_tokens);
}

static void
on_retry_wait(int64_t left, const char *reason, void *ud)
{
	job_emit_retry_wait(ud, (int)MIN(left, G_MAXINT), reason);
}

static void
on_fallback(const char *from, const char *to, const char *why, void *ud)
{
	/* Without a next model the request fails, and DONE says why. */
	if (to != NULL)
		job_emit_fallback(ud, from, to, why);
}

static void
cancel_hook(void *data)
{
	cancel_trigger(data);
}

static void
run_client(Job *job, Call *c, ClientCtx *client)
{
	g_autoptr(AurCancel) cancel = cancel_new();
	job_set_cancel_hook(job, cancel_hook, cancel);
	ClientCallbacks cb = { .on_delta = on_delta, .on_usage = on_usage,
			       .on_retry_wait = on_retry_wait, .on_fallback = on_fallback,
			       .ud = job };
	ClientRequest cr = { .task = c->task, .request = c->req, .model = c->model,
			     .keep_text = true, .max_retries = -1 };
	ClientResult res;
	AurError *err = NULL;
	bool ok = client_chat(client, &cr, &cb, cancel, &res, &err);
	job_set_cancel_hook(job, NULL, NULL);
	if (res.cut)
		job_mark(job, JOB_FLAG_CUT);
	if (res.cancelled || job_cancelled(job)) {
		aur_error_free(err);
		err = NULL;
		aur_error_set(&err, AUR_ERR_CANCELLED, NULL, "cancelled");
		ok = false;
	}
	if (ok) {
		AssistAnswer *a = g_new0(AssistAnswer, 1);
		a->text = res.text ? g_strndup(res.text->str, res.text->len) : g_strdup("");
		a->model = g_strdup(res.model);
		a->cut = res.cut;
		a->incomplete = res.incomplete;
		job_emit_result(job, a, assist_answer_free);
	} else {
		job_fail(job, err);
	}
	client_result_clear(&res);
}

static void
assist_job(Job *job, void *data)
{
	Call *c = data;
	AurError *err = NULL;
	g_autoptr(AuthToken) token = auth_token_get(c->cfg, &err);
	if (token == NULL) {
		job_fail(job, err);
		return;
	}
	g_autoptr(ClientCtx) client = client_new(c->cfg, token, &err);
	if (client == NULL) {
		job_fail(job, err);
		return;
	}
	run_client(job, c, client);
}

unsigned
assist_submit(Jobs *jobs, const AurConfig *cfg, const char *task, ChatRequest *req,
	      const char *model)
{
	Call *c = g_new0(Call, 1);
	c->cfg = cfg;
	c->task = g_strdup(task);
	c->model = model && *model ? g_strdup(model) : NULL;
	c->req = req;
	return jobs_submit(jobs, task, assist_job, c, call_free);
}
