/* SPDX-License-Identifier: MIT */
/* The full-screen interface's conversation: session history in, turns out. */
#include "autoconfig.h"

#include <string.h>

#include "chatsess.h"
#include "lazycurl.h"
#include "log.h"
#include "retry.h"
#include "router.h"
#include "session-history.h"
#include "tiers.h"
#include "util.h"

/* Tokens are estimated from bytes (session_history_estimate), so history fills the
 * model's input limit only up to this share of it. */
#define BUDGET_SHARE 0.9

static const char system_prompt[] =
	"You are Aurelis, a coding assistant in a terminal. Answer precisely and concisely. "
	"Put code in fenced blocks with a language tag.";

/* A prompt on its way: recorded when its job's outcome comes back. */
typedef struct {
	char *prompt;
	int64_t started_ms;
} Pending;

struct ChatSess {
	const AurConfig *cfg;
	Session *session;
	char *model;           /* the head of the chat chain (or --model) */
	bool model_forced;     /* --model given */
	unsigned cache;
	char *command;
	ChatJobShared *shared;
	GHashTable *pending;   /* job id -> Pending * */
	GHashTable *tiers;     /* model id -> rate_limit_tier from the cached catalogue */
	bool tiers_read;
};

static void
pending_free(gpointer p)
{
	Pending *x = p;
	g_free(x->prompt);
	g_free(x);
}

ChatSess *
chatsess_new(const ChatSessOptions *o, Session *session)
{
	ChatSess *cs = g_new0(ChatSess, 1);
	cs->cfg = o->cfg;
	cs->session = session ? session : session_new(NULL, NULL, NULL);
	g_autoptr(GPtrArray) chain = router_chain(o->cfg, "chat", o->model);
	cs->model = g_strdup(chain->pdata[0]);
	cs->model_forced = o->model != NULL;
	cs->cache = o->cache;
	cs->command = g_strdup(o->command);
	cs->shared = chatjob_shared_new(o->cfg);
	cs->pending = g_hash_table_new_full(NULL, NULL, NULL, pending_free);
	return cs;
}

void
chatsess_free(ChatSess *cs)
{
	if (cs == NULL)
		return;
	session_free(cs->session);
	chatjob_shared_free(cs->shared);
	g_hash_table_destroy(cs->pending);
	if (cs->tiers != NULL)
		g_hash_table_destroy(cs->tiers);
	g_free(cs->model);
	g_free(cs->command);
	g_free(cs);
}

Session *chatsess_session(const ChatSess *cs) { return cs->session; }
const char *chatsess_model(const ChatSess *cs) { return cs->model; }

/* ---- limits ---------------------------------------------------------------------------------- */

/* The limits of the model, its tier from the catalogue cached on disk (never fetched: the
 * interface must not wait for the network to draw its status bar). */
static void
limits(ChatSess *cs, ModelLimits *out)
{
	if (!cs->tiers_read) {
		g_autofree char *path = tiers_catalog_path();
		AurError *e = NULL;
		cs->tiers = tiers_load_catalog(path, &e);
		aur_error_free(e);
		cs->tiers_read = true;
	}
	const char *tier = cs->tiers ? g_hash_table_lookup(cs->tiers, cs->model) : NULL;
	retry_limits(cs->cfg, cs->model, tier, out);
}

static int64_t
budget(ChatSess *cs, int64_t *limit)
{
	ModelLimits lim;
	limits(cs, &lim);
	*limit = lim.input_tokens;
	return (int64_t)((double)lim.input_tokens * BUDGET_SHARE);
}

/* ---- asking ----------------------------------------------------------------------------------- */

static ChatRequest *
request_from(const SessionHistory *h)
{
	ChatRequest *req = models_request_new();
	for (guint i = 0; i < h->messages->len; i++) {
		const SessionMessage *m = h->messages->pdata[i];
		models_request_add(req, session_role_name(m->role), m->content);
	}
	req->stream = true;
	return req;
}

unsigned
chatsess_ask(ChatSess *cs, Jobs *jobs, const char *prompt, AurError **err)
{
	int64_t limit;
	int64_t b = budget(cs, &limit);
	g_autoptr(SessionHistory) h = session_history_select(cs->session, system_prompt, prompt, b, err);
	if (h == NULL)
		return 0;
	g_autofree char *what = session_history_describe(h);
	if (what != NULL)
		log_msg(LOG_INFO, "history", "%s", what);
	/* Loaded here, on the UI thread, before any worker needs it. */
	if (!lazycurl_loaded() && !lazycurl_load(err))
		return 0;
	ChatJobRequest req = { .task = "chat", .request = request_from(h),
			       .model = cs->model_forced ? cs->model : NULL, .cache = cs->cache,
			       .command = cs->command };
	unsigned id = chatjob_submit(jobs, cs->shared, &req);
	Pending *p = g_new0(Pending, 1);
	p->prompt = g_strdup(prompt);
	p->started_ms = util_now_ms();
	g_hash_table_insert(cs->pending, GUINT_TO_POINTER(id), p);
	return id;
}

/* ---- recording --------------------------------------------------------------------------------- */

static unsigned
turn_flags(const ChatJobOutcome *o)
{
	return (o->cached ? SESSION_TURN_CACHED : 0) | (o->cancelled ? SESSION_TURN_CANCELLED : 0) |
	       (o->fallback_from ? SESSION_TURN_FALLBACK : 0) | (o->cut ? SESSION_TURN_CUT : 0);
}

char *
chatsess_finish(ChatSess *cs, unsigned job_id, ChatJobOutcome *o)
{
	Pending *p = g_hash_table_lookup(cs->pending, GUINT_TO_POINTER(job_id));
	if (p == NULL || *o->text == '\0') {
		g_hash_table_remove(cs->pending, GUINT_TO_POINTER(job_id));
		chatjob_outcome_free(o);
		return NULL;
	}
	SessionTurn t = {
		.user = p->prompt, .answer = o->text, .model = o->model,
		.fallback_from = o->fallback_from, .tokens_in = o->tokens_in,
		.tokens_out = o->tokens_out, .ttft_ms = o->ttft_ms, .latency_ms = o->total_ms,
		.flags = turn_flags(o), .started_ms = p->started_ms,
	};
	g_autoptr(AurError) e = NULL;
	char *msg = NULL;
	if (!session_is_saved(cs->session) && !session_save(cs->session, &e))
		msg = g_strdup_printf("the session could not be saved: %s", e->message);
	else if (!session_add_turn(cs->session, &t, &e))
		msg = g_strdup_printf("the turn could not be saved: %s", e->message);
	if (msg != NULL)
		log_msg(LOG_WARN, "session", "%s", msg);
	g_hash_table_remove(cs->pending, GUINT_TO_POINTER(job_id));
	chatjob_outcome_free(o);
	return msg;
}

/* ---- the status bar ------------------------------------------------------------------------------ */

void
chatsess_status(ChatSess *cs, ChatSessStatus *out)
{
	memset(out, 0, sizeof *out);
	out->session = g_strdup(session_name(cs->session));
	int64_t b = budget(cs, &out->context_limit);
	out->context_tokens = session_history_meter(cs->session, system_prompt, b);
	ModelLimits lim;
	limits(cs, &lim);
	out->requests_left = -1;
	if (lim.available) {
		UsageCounts used;
		retry_usage_counts(cs->model, util_now_ms(), &used);
		out->requests_left = (int)MAX((int64_t)0, (int64_t)lim.per_day - used.today);
	}
}

void
chatsess_status_clear(ChatSessStatus *st)
{
	g_free(st->session);
	st->session = NULL;
}
