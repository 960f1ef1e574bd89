/* SPDX-License-Identifier: MIT */
/* Choosing what a request carries from a session: files, summary and turns within a budget. */
#include "autoconfig.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "fsutil.h"
#include "log.h"
#include "session-history.h"

int64_t
session_history_estimate(const char *text)
{
	size_t n = text ? strlen(text) : 0;
	return (int64_t)((n + 3) / 4);
}

const char *
session_role_name(SessionRole role)
{
	static const char *const names[] = { "system", "user", "assistant" };
	return (unsigned)role < G_N_ELEMENTS(names) ? names[role] : "user";
}

static SessionMessage *
message_new(SessionRole role, char *content)
{
	SessionMessage *m = g_new0(SessionMessage, 1);
	m->role = role;
	m->content = content;
	m->tokens = session_history_estimate(content) + SESSION_MESSAGE_OVERHEAD;
	return m;
}

static void
message_free(gpointer p)
{
	SessionMessage *m = p;
	if (m == NULL)
		return;
	g_free(m->content);
	g_free(m);
}

void
session_history_free(SessionHistory *h)
{
	if (h == NULL)
		return;
	g_ptr_array_unref(h->messages);
	g_ptr_array_unref(h->files_reread);
	g_ptr_array_unref(h->files_missing);
	g_ptr_array_unref(h->files_omitted);
	g_free(h);
}

/* ---- context files ----------------------------------------------------------------------- */

static int64_t
mtime_ns(const struct stat *st)
{
	return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

static SessionFile *
file_by_path(Session *s, const char *path)
{
	for (guint i = 0; i < session_n_files(s); i++)
		if (strcmp(session_file(s, i)->path, path) == 0)
			return session_file(s, i);
	return NULL;
}

static void
forget_content(SessionFile *f)
{
	g_clear_pointer(&f->content, g_free);
	f->st_size = f->st_mtime_ns = -1;
}

/* Read one file again when its size or mtime moved; report a changed digest. */
static void
refresh_file(Session *s, guint i, SessionHistory *h)
{
	SessionFile *f = session_file(s, i);
	struct stat st;
	if (stat(f->path, &st) != 0) {
		int e = errno;
		g_ptr_array_add(h->files_missing, g_strdup_printf("%s: %s", f->path, g_strerror(e)));
		forget_content(f);
		return;
	}
	if (f->content != NULL && st.st_size == f->st_size && mtime_ns(&st) == f->st_mtime_ns)
		return;
	AurError *err = NULL;
	size_t len = 0;
	char *data = fs_read_file(f->path, SESSION_MAX_FILE, &len, &err);
	if (data != NULL && memchr(data, '\0', len) != NULL) {
		g_clear_pointer(&data, g_free);
		aur_error_set(&err, AUR_ERR_INPUT, NULL, "%s now looks like a binary file", f->path);
	}
	if (data == NULL) {
		g_ptr_array_add(h->files_missing, g_strdup(err->message));
		aur_error_free(err);
		forget_content(f);
		return;
	}
	g_autofree char *sha = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (guchar *)data, len);
	g_autofree char *path = g_strdup(f->path);
	if (f->sha256[0] != '\0' && strcmp(f->sha256, sha) != 0)
		g_ptr_array_add(h->files_reread, g_strdup(path));
	if (!session_update_file(s, i, sha, &err)) {
		log_msg(LOG_WARN, "session_file", "%s", err->message);
		aur_error_free(err);
	}
	/* Recording the digest may have picked up another process's changes: look again. */
	f = file_by_path(s, path);
	if (f == NULL) {
		g_free(data);
		return;
	}
	g_free(f->content);
	f->content = data;
	f->st_size = st.st_size;
	f->st_mtime_ns = mtime_ns(&st);
}

/* A fence longer than any run of backticks in the text, so the text cannot close it. */
static char *
fence_for(const char *text)
{
	size_t longest = 0, run = 0;
	for (const char *p = text; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		longest = MAX(longest, run);
	}
	return g_strnfill(MAX(3, longest + 1), '`');
}

static char *
file_message(const Session *s, const SessionFile *f)
{
	const char *project = session_project(s);
	size_t plen = strlen(project);
	const char *shown = f->path;
	if (plen > 0 && strncmp(f->path, project, plen) == 0 && f->path[plen] == '/')
		shown = f->path + plen + 1;
	g_autofree char *fence = fence_for(f->content);
	g_autofree char *valid = g_utf8_make_valid(f->content, -1);
	size_t len = strlen(valid);
	const char *nl = len > 0 && valid[len - 1] != '\n' ? "\n" : "";
	return g_strdup_printf("File %s:\n%s\n%s%s%s\n", shown, fence, valid, nl, fence);
}

/* ---- selection ----------------------------------------------------------------------------- */

typedef struct {
	Session *s;
	SessionHistory *h;
	int64_t used;
	GPtrArray *files;    /* SessionMessage * */
	GPtrArray *turns;    /* const SessionTurn *, newest first */
	SessionMessage *summary;
	guint skip;          /* a turn number to treat as retried; 0 for none */
} Selection;

static bool
fits(Selection *sel, int64_t tokens)
{
	if (sel->used + tokens > sel->h->budget)
		return false;
	sel->used += tokens;
	return true;
}

static void
pick_files(Selection *sel, bool pinned)
{
	for (guint i = 0; i < session_n_files(sel->s); i++) {
		const SessionFile *f = session_file(sel->s, i);
		if (f->pinned != pinned || f->content == NULL)
			continue;
		SessionMessage *m = message_new(SESSION_ROLE_SYSTEM, file_message(sel->s, f));
		if (fits(sel, m->tokens)) {
			g_ptr_array_add(sel->files, m);
		} else {
			g_ptr_array_add(sel->h->files_omitted, g_strdup(f->path));
			message_free(m);
		}
	}
}

/* Turns with nothing to answer (cancelled before any text) carry no context, nor do turns
 * that were asked again (the later answer replaces theirs). */
static bool
sendable(const Selection *sel, const SessionTurn *t)
{
	return t->answer != NULL && *t->answer != '\0' && !(t->flags & SESSION_TURN_RETRIED) &&
	       t->n != sel->skip;
}

static int64_t
turn_tokens(const SessionTurn *t)
{
	return session_history_estimate(t->user) + session_history_estimate(t->answer) +
	       2 * SESSION_MESSAGE_OVERHEAD;
}

/* The newest turns numbered after..upto (after excluded), while they fit.  True when
 * every one of them fit. */
static bool
pick_turns(Selection *sel, guint after, guint upto)
{
	for (guint i = session_n_turns(sel->s); i-- > 0;) {
		const SessionTurn *t = session_turn(sel->s, i);
		if (t->n <= after)
			break;
		if (t->n > upto || !sendable(sel, t))
			continue;
		if (!fits(sel, turn_tokens(t)))
			return false;
		g_ptr_array_add(sel->turns, (gpointer)t);
	}
	return true;
}

static void
pick_summary(Selection *sel, const SessionSummary *sum)
{
	g_autofree char *head = g_strdup_printf("Summary of the earlier conversation (turns 1-%u):"
						"\n\n", sum->upto);
	SessionMessage *m = message_new(SESSION_ROLE_SYSTEM, g_strconcat(head, sum->text, NULL));
	if (fits(sel, m->tokens)) {
		sel->summary = m;
		sel->h->summary_upto = sum->upto;
	} else {
		message_free(m);
	}
}

/* Count the sendable turns after the clear that went neither whole nor summarised. */
static void
count_dropped(Selection *sel)
{
	SessionHistory *h = sel->h;
	guint floor = session_cleared_after(sel->s);
	guint first = sel->turns->len ? ((const SessionTurn *)g_ptr_array_index(sel->turns,
					  sel->turns->len - 1))->n : G_MAXUINT;
	for (guint i = 0; i < session_n_turns(sel->s); i++) {
		const SessionTurn *t = session_turn(sel->s, i);
		if (t->n <= floor || t->n >= first || !sendable(sel, t) || t->n <= h->summary_upto)
			continue;
		if (h->dropped++ == 0)
			h->dropped_from = t->n;
		h->dropped_to = t->n;
	}
	h->first_turn = sel->turns->len ? first : 0;
	h->turns_sent = sel->turns->len;
}

static void
assemble(Selection *sel, SessionMessage *system, SessionMessage *prompt)
{
	GPtrArray *out = sel->h->messages;
	if (system != NULL)
		g_ptr_array_add(out, system);
	for (guint i = 0; i < sel->files->len; i++)
		g_ptr_array_add(out, sel->files->pdata[i]);
	g_ptr_array_set_free_func(sel->files, NULL);
	if (sel->summary != NULL)
		g_ptr_array_add(out, sel->summary);
	for (guint i = sel->turns->len; i-- > 0;) {
		const SessionTurn *t = sel->turns->pdata[i];
		g_ptr_array_add(out, message_new(SESSION_ROLE_USER, g_strdup(t->user)));
		g_ptr_array_add(out, message_new(SESSION_ROLE_ASSISTANT, g_strdup(t->answer)));
	}
	if (prompt != NULL)
		g_ptr_array_add(out, prompt);
	sel->h->tokens = 0;
	for (guint i = 0; i < out->len; i++)
		sel->h->tokens += ((SessionMessage *)out->pdata[i])->tokens;
}

static SessionHistory *
history_new(int64_t budget)
{
	SessionHistory *h = g_new0(SessionHistory, 1);
	h->messages = g_ptr_array_new_with_free_func(message_free);
	h->files_reread = g_ptr_array_new_with_free_func(g_free);
	h->files_missing = g_ptr_array_new_with_free_func(g_free);
	h->files_omitted = g_ptr_array_new_with_free_func(g_free);
	h->budget = budget;
	return h;
}

SessionHistory *
session_history_select(Session *s, const char *system, const char *prompt, int64_t budget,
		       AurError **err)
{
	return session_history_select_skip(s, system, prompt, budget, 0, err);
}

SessionHistory *
session_history_select_skip(Session *s, const char *system, const char *prompt, int64_t budget,
			    guint skip, AurError **err)
{
	SessionHistory *h = history_new(budget);
	for (guint i = 0; i < session_n_files(s); i++)
		refresh_file(s, i, h);
	SessionMessage *sys = system && *system ? message_new(SESSION_ROLE_SYSTEM, g_strdup(system))
						: NULL;
	SessionMessage *req = prompt ? message_new(SESSION_ROLE_USER, g_strdup(prompt)) : NULL;
	int64_t fixed = (sys ? sys->tokens : 0) + (req ? req->tokens : 0);
	if (fixed > budget) {
		aur_error_set(err, AUR_ERR_INPUT, "Shorten the prompt, or pick a model that takes "
			      "more input.", "the prompt needs about %" G_GINT64_FORMAT " tokens but "
			      "the model takes %" G_GINT64_FORMAT, fixed, budget);
		message_free(sys);
		message_free(req);
		session_history_free(h);
		return NULL;
	}
	Selection sel = { .s = s, .h = h, .used = fixed, .skip = skip,
			  .files = g_ptr_array_new_with_free_func(message_free),
			  .turns = g_ptr_array_new() };
	pick_files(&sel, true);
	pick_files(&sel, false);
	guint floor = session_cleared_after(s);
	const SessionSummary *sum = session_summary(s);
	if (sum != NULL && sum->upto <= floor)
		sum = NULL;
	/* A summary that does not fit leaves room for as many of its turns as do. */
	if (pick_turns(&sel, sum ? sum->upto : floor, G_MAXUINT) && sum != NULL) {
		pick_summary(&sel, sum);
		if (sel.summary == NULL)
			pick_turns(&sel, floor, sum->upto);
	}
	count_dropped(&sel);
	assemble(&sel, sys, req);
	g_ptr_array_unref(sel.files);
	g_ptr_array_unref(sel.turns);
	return h;
}

/* ---- telling the user ---------------------------------------------------------------------- */

static void
list_paths(GString *out, const char *what, const GPtrArray *paths)
{
	if (paths->len == 0)
		return;
	g_string_append_printf(out, "%s%s ", out->len ? "; " : "", what);
	for (guint i = 0; i < paths->len; i++)
		g_string_append_printf(out, "%s%s", i ? ", " : "", (const char *)paths->pdata[i]);
}

char *
session_history_describe(const SessionHistory *h)
{
	GString *out = g_string_new(NULL);
	if (h->dropped == 1)
		g_string_append_printf(out, "left out turn %u to fit the model's %" G_GINT64_FORMAT
				       "-token input", h->dropped_from, h->budget);
	else if (h->dropped > 1)
		g_string_append_printf(out, "left out %u turns (%u-%u) to fit the model's %"
				       G_GINT64_FORMAT "-token input", h->dropped, h->dropped_from,
				       h->dropped_to, h->budget);
	if (h->summary_upto > 0)
		g_string_append_printf(out, "%sturns up to %u sent as their summary",
				       out->len ? "; " : "", h->summary_upto);
	list_paths(out, "left out (too large for the input)", h->files_omitted);
	list_paths(out, "re-read (changed on disk)", h->files_reread);
	list_paths(out, "could not read", h->files_missing);
	if (out->len == 0) {
		g_string_free(out, TRUE);
		return NULL;
	}
	return g_string_free(out, FALSE);
}

int64_t
session_history_meter(Session *s, const char *system, int64_t budget)
{
	AurError *err = NULL;
	SessionHistory *h = session_history_select(s, system, NULL, budget, &err);
	if (h == NULL) {
		aur_error_free(err);
		return session_history_estimate(system) + SESSION_MESSAGE_OVERHEAD;
	}
	int64_t used = h->tokens;
	session_history_free(h);
	return used;
}

static char *
short_count(int64_t n)
{
	if (n < 1000)
		return g_strdup_printf("%" G_GINT64_FORMAT, n);
	if (n < 10000)
		return g_strdup_printf("%.1fk", (double)n / 1000.0);
	if (n < 1000000)
		return g_strdup_printf("%" G_GINT64_FORMAT "k", (n + 500) / 1000);
	return g_strdup_printf("%.1fM", (double)n / 1e6);
}

char *
session_history_meter_text(int64_t used, int64_t limit)
{
	g_autofree char *u = short_count(used);
	g_autofree char *l = short_count(limit);
	return g_strdup_printf("%s/%s", u, l);
}
