/* SPDX-License-Identifier: MIT */
/* Fix, explain and ignore the selected finding. */
#include "autoconfig.h"

#include <string.h>

#include "analysis/analysis.h"
#include "assist.h"
#include "cfgedit.h"
#include "edit.h"
#include "lang/lang.h"
#include "paths.h"
#include "router.h"
#include "suppress.h"
#include "tui-ask.h"
#include "tui-conv.h"
#include "tui-edit.h"
#include "tui-findact.h"
#include "tui-findings.h"

/*
 * A fix and an explanation are conversations with the model like any other: the request
 * shows as the user's message and the answer streams below it, and Ctrl-C cancels it.  A
 * fix's answer is then read as SEARCH/REPLACE edits and applied in memory to the file as it
 * is now; the diff waits in the code preview until apply writes it (edit pipeline: backup,
 * atomic write).
 */

#define MAX_EDIT ((size_t)8 << 20)

/* Which finding an action is about, copied: the list may change before it ends. */
typedef struct {
	char *rule;
	char *file;         /* as listed */
	int line;
	char *path;         /* the file to open, or NULL (a code block's finding) */
	AssistAnswer *answer;
} Target;

static void
target_free(void *p)
{
	Target *t = p;
	if (t == NULL)
		return;
	g_free(t->rule);
	g_free(t->file);
	g_free(t->path);
	assist_answer_free(t->answer);
	g_free(t);
}

/* The selected finding as a Target and an AssistFinding (pointing into the list, valid
 * only now); NULL with a notice when there is none. */
static Target *
selected(TuiApp *app, AssistFinding *af)
{
	char *path = NULL;
	const Finding *f = tui_findings_selected(app, &path);
	if (f == NULL) {
		tui_notice(app, true, "no finding is selected: /analyze lists some");
		return NULL;
	}
	Target *t = g_new0(Target, 1);
	t->rule = g_strdup(f->rule);
	t->file = g_strdup(f->file);
	t->line = f->line;
	t->path = path;
	*af = (AssistFinding){ f->rule, findings_severity_name(f->severity), f->file, f->line,
			       f->column, f->message, NULL };
	return t;
}

static char *
read_code(TuiApp *app, const char *path, size_t *len)
{
	g_autoptr(AurError) e = NULL;
	char *text = edit_read_text(path, MAX_EDIT, len, &e);
	if (text == NULL)
		tui_notice(app, true, "%s", e->message);
	return text;
}

/* The head of a task's chain labels its answer until the model that answered is known. */
static char *
first_model(TuiApp *app, const char *task)
{
	g_autoptr(GPtrArray) chain = router_chain(app->ctx->cfg, task, NULL);
	return g_strdup(chain->len ? chain->pdata[0] : task);
}

/* The selected finding for an action that asks the model; NULL (with a notice) when there
 * is no network or no finding. */
static Target *
selected_to_ask(TuiApp *app, AssistFinding *af)
{
	return tui_network(app) ? selected(app, af) : NULL;
}

/* Show the request as "Verb [rule] at file:line - message", start the job and stream its
 * answer into the conversation. */
static void
start(TuiApp *app, const char *task, ChatRequest *req, const char *verb,
      const AssistFinding *af, Target *t, const TuiJobHooks *hooks)
{
	unsigned id = assist_submit(app->jobs, app->ctx->cfg, task, req, NULL);
	g_autofree char *asked = g_strdup_printf("%s [%s] at %s:%d \xe2\x80\x94 %s", verb, af->rule,
						 af->file, af->line, af->message);
	tui_conv_add(app, TUI_MSG_USER, asked, NULL);
	g_autofree char *model = first_model(app, task);
	TuiMsg *m = tui_conv_add(app, TUI_MSG_ASSISTANT, NULL, model);
	tui_msg_add_flags(app, m, TUI_MSG_STREAMING);
	tui_track_job_full(app, TUI_JOB_CHAT, id, m, hooks, t, target_free);
}

static void
keep_answer(TuiApp *app, TuiJob *j, JobEvent *ev)
{
	Target *t = j->data;
	assist_answer_free(t->answer);
	t->answer = g_steal_pointer(&ev->payload);
	if (t->answer->model != NULL && j->msg != NULL)
		tui_msg_set_model(app, j->msg, t->answer->model, NULL);
}

/* ---- fix ------------------------------------------------------------------------------------ */

typedef struct {
	char *rule, *file;
	int line;
} Drop;

static void
drop_free(void *p)
{
	Drop *d = p;
	g_free(d->rule);
	g_free(d->file);
	g_free(d);
}

static Drop *
drop_new(const Target *t)
{
	Drop *d = g_new0(Drop, 1);
	d->rule = g_strdup(t->rule);
	d->file = g_strdup(t->file);
	d->line = t->line;
	return d;
}

/* The finding is dealt with once the change is written. */
static void
drop_finding(TuiApp *app, const char *path, void *data)
{
	Drop *d = data;
	tui_findings_remove(app, d->rule, d->file, d->line);
}

static void
fix_done(TuiApp *app, TuiJob *j, JobEvent *ev)
{
	Target *t = j->data;
	if (ev->status != JOB_OK || t->answer == NULL)
		return;
	EditParsed *parsed = edit_parse(t->answer->text, strlen(t->answer->text));
	if (parsed->count == 0) {
		edit_parsed_free(parsed);
		tui_conv_add(app, TUI_MSG_ERROR, "The answer holds no SEARCH/REPLACE edit, so there is "
						 "nothing to apply.\nhint: press f to ask again, or x "
						 "for an explanation.", NULL);
		return;
	}
	size_t len = 0;
	g_autofree char *old = read_code(app, t->path, &len);
	AurError *e = NULL;
	EditResult *res = old ? edit_apply(parsed, t->path, old, len, &e) : NULL;
	edit_parsed_free(parsed);
	if (res != NULL && res->text == NULL) {
		g_autofree char *why = edit_problems_format(res->problems);
		g_autofree char *msg = g_strdup_printf("The fix does not apply to %s:\n%s", t->file, why);
		tui_conv_add(app, TUI_MSG_ERROR, msg, NULL);
	} else if (res != NULL) {
		g_autofree char *what = g_strdup_printf("the fix for %s", t->rule);
		if (tui_edit_propose(app, t->path, res->text, res->len, what, false, drop_finding,
				     drop_new(t), drop_free))
			tui_focus(app, PANE_CODE);
	}
	aur_error_free(e);
	edit_result_free(res);
}

static const TuiJobHooks fix_hooks = { keep_answer, fix_done };

static void
fix(TuiApp *app)
{
	AssistFinding af;
	Target *t = selected_to_ask(app, &af);
	if (t == NULL)
		return;
	if (t->path == NULL) {
		tui_notice(app, true, "fixes are made to files: save the block first (w in the code "
				      "preview), then analyse the file");
		target_free(t);
		return;
	}
	size_t len = 0;
	g_autofree char *text = read_code(app, t->path, &len);
	if (text == NULL) {
		target_free(t);
		return;
	}
	ChatRequest *req = assist_fix_request(&af, af.file, text, len);
	start(app, "fix", req, "Fix", &af, t, &fix_hooks);
	tui_notice(app, false, "asking for a fix of %s\xe2\x80\xa6 (the diff will show in the code "
			       "preview)", t->rule);
}

/* ---- explain -------------------------------------------------------------------------------- */

static const TuiJobHooks explain_hooks = { keep_answer, NULL };

static void
explain(TuiApp *app)
{
	AssistFinding af;
	Target *t = selected_to_ask(app, &af);
	if (t == NULL)
		return;
	size_t len = 0;
	g_autofree char *text = NULL;
	if (t->path != NULL) {
		g_autoptr(AurError) e = NULL;
		text = edit_read_text(t->path, MAX_EDIT, &len, &e); /* without the code, still ask */
	}
	ChatRequest *req = assist_explain_request(&af, text, len);
	start(app, "explain", req, "Explain", &af, t, &explain_hooks);
}

/* ---- ignore --------------------------------------------------------------------------------- */

static void
ignore_inline(TuiApp *app, Target *t)
{
	if (t->path == NULL) {
		tui_notice(app, true, "a code block's finding has no file to comment in");
		return;
	}
	size_t len = 0;
	g_autofree char *text = read_code(app, t->path, &len);
	if (text == NULL)
		return;
	g_autoptr(AurError) e = NULL;
	size_t n = 0;
	g_autofree char *out = suppress_insert(text, len, lang_detect(t->path, text, len),
					       (unsigned)MAX(t->line, 0), t->rule, &n, &e);
	if (out == NULL) {
		tui_notice(app, true, "%s \xe2\x80\x94 %s", e->message, e->hint ? e->hint : "");
		return;
	}
	g_autofree char *what = g_strdup_printf("an ignore comment for %s", t->rule);
	if (tui_edit_propose(app, t->path, out, n, what, true, drop_finding, drop_new(t), drop_free))
		tui_focus(app, PANE_CODE);
}

static void
ignore_config(TuiApp *app, Target *t, bool project)
{
	if (analysis_rule_find(t->rule) == NULL) {
		tui_notice(app, true, "%s comes from another tool: only aurelis's own rules can be "
				      "turned off in the configuration (c adds a comment instead)", t->rule);
		return;
	}
	const char *given = app->ctx->config_file;
	g_autofree char *file = project ? cfgedit_project_file()
				: given ? g_strdup(given) : paths_user_config();
	g_autofree char *key = g_strdup_printf("analysis.rules.%s.enabled", t->rule);
	g_autoptr(AurError) e = NULL;
	if (!cfgedit_update_file(file, key, "false", project ? CFG_LAYER_PROJECT : CFG_LAYER_USER,
				 &e)) {
		tui_notice(app, true, "%s", e->message);
		return;
	}
	guint n = tui_findings_remove(app, t->rule, NULL, 0);
	tui_notice(app, false, "%s is off in %s (%u finding%s hidden)", t->rule, file, n,
		   n == 1 ? "" : "s");
}

static void
on_ignore(TuiApp *app, int choice, void *data)
{
	Target *t = data;
	switch (choice) {
	case 0: ignore_inline(app, t); break;
	case 1: ignore_config(app, t, false); break;
	case 2: ignore_config(app, t, true); break;
	default: tui_notice(app, false, "%s is still listed", t->rule); break;
	}
}

static void
ignore(TuiApp *app)
{
	AssistFinding af;
	Target *t = selected(app, &af);
	if (t == NULL)
		return;
	static const TuiChoice how[] = {
		{ 'c', "comment in the code" },
		{ 'u', "rule off in your config" },
		{ 'p', "rule off in the project's .aurelis.yaml" },
	};
	g_autofree char *q = g_strdup_printf("Ignore %s at %s:%d with", t->rule, t->file, t->line);
	tui_ask(app, q, how, 3, -1, on_ignore, t, target_free);
}

/* ---- dispatch ------------------------------------------------------------------------------- */

bool
tui_findact_action(TuiApp *app, KeyAction a)
{
	switch (a) {
	case KEYACT_FIX: fix(app); return true;
	case KEYACT_EXPLAIN: explain(app); return true;
	case KEYACT_IGNORE: ignore(app); return true;
	case KEYACT_APPLY: tui_edit_confirm(app); return true;
	default: return false;
	}
}
