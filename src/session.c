/* SPDX-License-Identifier: MIT */
/* Conversation sessions: in-memory state, the JSON-lines event format, loading and appends. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "fsutil.h"
#include "log.h"
#include "paths.h"
#include "session-index.h"
#include "session.h"
#include "util.h"

/*
 * Memory and disk never disagree because there is only one way to change a session: build
 * an event, write it (when saved), then apply that same line through the loader.  Loading
 * a file, picking up another process's appends and applying our own changes all run the
 * same per-line code, so every change is also a round trip of the file format.
 *
 * Turn numbers come from the file ("n"), not from line positions, so a summary that covers
 * turns 1..k still means the same turns when a damaged line in the middle is skipped.
 */

#define MAX_WARNINGS 50
#define LOCK_WAIT_MS 5000
#define READ_CHUNK 65536
#define MAX_TURN_NUMBER 1000000000 /* far beyond use; keeps n + 1 from wrapping */

struct Session {
	char *id, *name, *project, *model;
	int64_t created_ms, updated_ms;
	GPtrArray *turns;     /* SessionTurn * */
	GPtrArray *files;     /* SessionFile * */
	GPtrArray *summaries; /* SessionSummary * */
	guint cleared_after;
	guint last_n;
	bool has_header;
	bool newer_warned;
	GPtrArray *warnings;  /* char * */
	guint problems;       /* every problem, including those not kept in warnings */
	guint unknown_events;
	guint external_turns;
	char *label;          /* the file name, or a name given to session_load_buffer() */
	/* Storage: the file, its descriptor and how much of it is applied. */
	char *path;
	int fd;
	bool read_only;
	int64_t end;          /* offset just past the last complete line applied */
	guint64 lines;        /* complete lines applied (for FILE:LINE messages) */
};

/* ---- small helpers ------------------------------------------------------------------ */

static void
turn_free(gpointer p)
{
	SessionTurn *t = p;
	g_free(t->user);
	g_free(t->answer);
	g_free(t->model);
	g_free(t->fallback_from);
	g_free(t);
}

static void
file_free(gpointer p)
{
	SessionFile *f = p;
	g_free(f->path);
	g_free(f->content);
	g_free(f);
}

static void
summary_free(gpointer p)
{
	SessionSummary *m = p;
	g_free(m->text);
	g_free(m->model);
	g_free(m);
}

static Session *
session_alloc(void)
{
	Session *s = g_new0(Session, 1);
	s->turns = g_ptr_array_new_with_free_func(turn_free);
	s->files = g_ptr_array_new_with_free_func(file_free);
	s->summaries = g_ptr_array_new_with_free_func(summary_free);
	s->warnings = g_ptr_array_new_with_free_func(g_free);
	s->fd = -1;
	return s;
}

void
session_free(Session *s)
{
	if (s == NULL)
		return;
	if (s->fd >= 0)
		close(s->fd);
	g_free(s->id);
	g_free(s->name);
	g_free(s->project);
	g_free(s->model);
	g_free(s->path);
	g_free(s->label);
	g_ptr_array_unref(s->turns);
	g_ptr_array_unref(s->files);
	g_ptr_array_unref(s->summaries);
	g_ptr_array_unref(s->warnings);
	g_free(s);
}

static void
replace_str(char **slot, const char *value)
{
	char *old = *slot;
	*slot = g_strdup(value);
	g_free(old);
}

/* ---- names, ids, directories ---------------------------------------------------------- */

static const char id_alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz"; /* in ASCII order */

char *
session_new_id(void)
{
	/* 9 characters of milliseconds (45 bits, good for a thousand years) then 3 random
	 * ones: fixed width and an alphabet in ASCII order make ids sort by creation time. */
	uint64_t ms = (uint64_t)util_now_ms();
	uint32_t rnd = g_random_int();
	char id[13];
	for (int i = 8; i >= 0; i--, ms >>= 5)
		id[i] = id_alphabet[ms & 31];
	for (int i = 11; i >= 9; i--, rnd >>= 5)
		id[i] = id_alphabet[rnd & 31];
	id[12] = '\0';
	return g_strdup(id);
}

bool
session_id_valid(const char *s)
{
	if (s == NULL || strlen(s) != 12)
		return false;
	for (const char *p = s; *p; p++)
		if (strchr(id_alphabet, *p) == NULL)
			return false;
	return true;
}

bool
session_name_valid(const char *name, AurError **err)
{
	static const char hint[] = "Use 1-64 letters, digits, '.', '_' or '-', starting with a "
				   "letter or digit (for example fix-parser).";
	size_t len = name ? strlen(name) : 0;
	if (len == 0 || len > SESSION_MAX_NAME) {
		aur_error_set(err, AUR_ERR_USAGE, hint, "a session name must be 1 to %d characters",
			      SESSION_MAX_NAME);
		return false;
	}
	if (!g_ascii_isalnum(name[0])) {
		aur_error_set(err, AUR_ERR_USAGE, hint, "session name '%s' must start with a letter "
			      "or digit", g_utf8_validate(name, -1, NULL) ? name : "?");
		return false;
	}
	for (const char *p = name; *p; p++) {
		if (!g_ascii_isalnum(*p) && *p != '.' && *p != '_' && *p != '-') {
			aur_error_set(err, AUR_ERR_USAGE, hint, "session name '%s' has a character "
				      "that is not allowed", g_utf8_validate(name, -1, NULL) ? name : "?");
			return false;
		}
	}
	if (session_id_valid(name)) {
		aur_error_set(err, AUR_ERR_USAGE, "Pick a name that does not look like a session id.",
			      "session name '%s' looks like a session id", name);
		return false;
	}
	return true;
}

char *
session_project_dir(void)
{
	g_autofree char *cwd = g_get_current_dir();
	g_autofree char *real = realpath(cwd, NULL);
	char *dir = g_strdup(real ? real : cwd);
	for (char *d = g_strdup(dir);;) {
		g_autofree char *git = g_build_filename(d, ".git", NULL);
		if (g_file_test(git, G_FILE_TEST_EXISTS)) {
			g_free(dir);
			return d;
		}
		char *parent = g_path_get_dirname(d);
		bool top = strcmp(parent, d) == 0;
		g_free(d);
		d = parent;
		if (top) {
			g_free(d);
			return dir;
		}
	}
}

char *
session_dir(AurError **err)
{
	g_autofree char *data = paths_ensure(PATHS_DATA, err);
	if (data == NULL)
		return NULL;
	char *dir = g_build_filename(data, "sessions", NULL);
	if (!fs_mkdir_p(dir, 0700, err)) {
		g_free(dir);
		return NULL;
	}
	return dir;
}

/* ---- the loader: lines in, state out -------------------------------------------------- */

typedef struct {
	Session *s;
	guint64 lineno;       /* number of the line being read */
	GString *partial;     /* a line split across reads */
	bool skipping;        /* inside a line longer than SESSION_MAX_LINE */
	size_t skipped;
	int64_t consumed;     /* offset just past the last complete line */
	bool external;        /* lines another process appended */
} Loader;

typedef struct {
	Loader *ld;
	const cJSON *obj;
	const char *type;
	const char *bad;      /* the required field that is missing or of the wrong type */
	const char *why;      /* or another reason to skip the event */
} Event;

static void G_GNUC_PRINTF(3, 4)
problem(Session *s, guint64 line, const char *fmt, ...)
{
	s->problems++;
	if (s->warnings->len >= MAX_WARNINGS)
		return;
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	const char *name = s->label ? s->label : "session";
	g_ptr_array_add(s->warnings, line > 0
			? g_strdup_printf("%s:%" G_GUINT64_FORMAT ": %s", name, line, msg)
			: g_strdup_printf("%s: %s", name, msg));
}

static const char *
ev_str(Event *ev, const char *key, bool required)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(ev->obj, key);
	if (cJSON_IsString(it) && it->valuestring != NULL)
		return it->valuestring;
	if (required) {
		if (ev->bad == NULL)
			ev->bad = key;
	} else if (it != NULL && !cJSON_IsNull(it)) {
		problem(ev->ld->s, ev->ld->lineno, "ignored field '%s' of a %s event: not a string",
			key, ev->type);
	}
	return NULL;
}

/* An integer field in [min, max]; def when absent; a wrong one is reported and ignored
 * (or makes the event invalid when required). */
static int64_t
ev_int(Event *ev, const char *key, bool required, int64_t def, int64_t min, int64_t max)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(ev->obj, key);
	if (it == NULL || cJSON_IsNull(it)) {
		if (required && ev->bad == NULL)
			ev->bad = key;
		return def;
	}
	double d = cJSON_IsNumber(it) ? it->valuedouble : NAN;
	if (!isnan(d) && d >= (double)min && d <= (double)max && d == (double)(int64_t)d)
		return (int64_t)d;
	if (required) {
		if (ev->bad == NULL)
			ev->bad = key;
	} else {
		problem(ev->ld->s, ev->ld->lineno, "ignored field '%s' of a %s event: not a whole "
			"number in range", key, ev->type);
	}
	return def;
}

static bool
ev_bool(Event *ev, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(ev->obj, key);
	if (it == NULL || cJSON_IsNull(it))
		return false;
	if (cJSON_IsBool(it))
		return cJSON_IsTrue(it);
	problem(ev->ld->s, ev->ld->lineno, "ignored field '%s' of a %s event: not true or false",
		key, ev->type);
	return false;
}

static const char *
ev_name(Event *ev, const char *key, bool required)
{
	const char *name = ev_str(ev, key, required);
	if (name != NULL && !session_name_valid(name, NULL)) {
		if (required)
			ev->why = "the name is not a valid session name";
		else
			problem(ev->ld->s, ev->ld->lineno, "ignored an invalid session name");
		return NULL;
	}
	return name;
}

static bool
sha256_valid(const char *s)
{
	if (s == NULL || strlen(s) != 64)
		return false;
	for (; *s; s++)
		if (!g_ascii_isxdigit(*s) || g_ascii_isupper(*s))
			return false;
	return true;
}

static bool
apply_session(Event *ev)
{
	Session *s = ev->ld->s;
	if (s->has_header) {
		ev->why = "a second session header";
		return false;
	}
	int64_t v = ev_int(ev, "v", false, 1, 0, INT32_MAX);
	if (v > SESSION_FORMAT_VERSION && !s->newer_warned) {
		s->newer_warned = true;
		problem(s, ev->ld->lineno, "written by a newer version (format %" G_GINT64_FORMAT
			"); parts it does not know are ignored", v);
	}
	const char *id = ev_str(ev, "id", false);
	if (s->id == NULL && session_id_valid(id))
		s->id = g_strdup(id);
	const char *name = ev_name(ev, "name", false);
	if (name != NULL)
		replace_str(&s->name, name);
	const char *project = ev_str(ev, "project", false);
	if (project != NULL && g_path_is_absolute(project))
		replace_str(&s->project, project);
	const char *model = ev_str(ev, "model", false);
	if (model != NULL && *model != '\0')
		replace_str(&s->model, model);
	s->created_ms = ev_int(ev, "ts", false, 0, 0, INT64_MAX / 4);
	s->has_header = true;
	return true;
}

/* The turn t asks again no longer counts as conversation (only earlier turns can be). */
static void
mark_retried(Session *s, const SessionTurn *t)
{
	if (t->retry_of == 0 || t->retry_of >= t->n)
		return;
	for (guint i = s->turns->len; i-- > 0;) {
		SessionTurn *old = s->turns->pdata[i];
		if (old->n == t->retry_of)
			old->flags |= SESSION_TURN_RETRIED;
		if (old->n <= t->retry_of)
			break;
	}
}

static bool
apply_turn(Event *ev)
{
	Session *s = ev->ld->s;
	const char *user = ev_str(ev, "user", true);
	const char *answer = ev_str(ev, "answer", true);
	if (ev->bad != NULL)
		return false;
	int64_t n = ev_int(ev, "n", false, 0, 0, MAX_TURN_NUMBER);
	if (n <= s->last_n && s->last_n >= MAX_TURN_NUMBER) {
		ev->why = "too many turns";
		return false;
	}
	SessionTurn *t = g_new0(SessionTurn, 1);
	t->n = n > s->last_n ? (guint)n : s->last_n + 1;
	t->user = g_strdup(user);
	t->answer = g_strdup(answer);
	t->model = g_strdup(ev_str(ev, "model", false));
	t->fallback_from = g_strdup(ev_str(ev, "fallback_from", false));
	t->tokens_in = ev_int(ev, "tokens_in", false, -1, 0, INT64_MAX / 4);
	t->tokens_out = ev_int(ev, "tokens_out", false, -1, 0, INT64_MAX / 4);
	t->ttft_ms = ev_int(ev, "ttft_ms", false, -1, 0, INT64_MAX / 4);
	t->latency_ms = ev_int(ev, "latency_ms", false, -1, 0, INT64_MAX / 4);
	t->started_ms = ev_int(ev, "started", false, 0, 0, INT64_MAX / 4);
	t->finished_ms = ev_int(ev, "ts", false, 0, 0, INT64_MAX / 4);
	static const struct { const char *key; unsigned flag; } flags[] = {
		{ "cached", SESSION_TURN_CACHED }, { "cancelled", SESSION_TURN_CANCELLED },
		{ "fallback", SESSION_TURN_FALLBACK }, { "cut", SESSION_TURN_CUT },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(flags); i++)
		if (ev_bool(ev, flags[i].key))
			t->flags |= flags[i].flag;
	t->retry_of = (guint)ev_int(ev, "retry_of", false, 0, 0, MAX_TURN_NUMBER);
	mark_retried(s, t);
	s->last_n = t->n;
	g_ptr_array_add(s->turns, t);
	if (ev->ld->external)
		s->external_turns++;
	return true;
}

static bool
apply_summary(Event *ev)
{
	Session *s = ev->ld->s;
	int64_t upto = ev_int(ev, "upto", true, 0, 1, G_MAXUINT - 1);
	const char *text = ev_str(ev, "text", true);
	if (ev->bad != NULL)
		return false;
	SessionSummary *m = g_new0(SessionSummary, 1);
	m->upto = (guint)upto;
	m->text = g_strdup(text);
	m->model = g_strdup(ev_str(ev, "model", false));
	m->created_ms = ev_int(ev, "ts", false, 0, 0, INT64_MAX / 4);
	g_ptr_array_add(s->summaries, m);
	return true;
}

static bool
apply_rename(Event *ev)
{
	const char *name = ev_name(ev, "name", true);
	if (name == NULL)
		return false;
	replace_str(&ev->ld->s->name, name);
	return true;
}

static bool
apply_model(Event *ev)
{
	const char *model = ev_str(ev, "model", true);
	if (model == NULL)
		return false;
	if (*model == '\0') {
		ev->why = "empty model id";
		return false;
	}
	replace_str(&ev->ld->s->model, model);
	return true;
}

static SessionFile *
find_file(const Session *s, const char *path, guint *index)
{
	for (guint i = 0; i < s->files->len; i++) {
		SessionFile *f = s->files->pdata[i];
		if (strcmp(f->path, path) == 0) {
			if (index != NULL)
				*index = i;
			return f;
		}
	}
	return NULL;
}

static bool
apply_file_add(Event *ev)
{
	Session *s = ev->ld->s;
	const char *path = ev_str(ev, "path", true);
	if (path == NULL)
		return false;
	if (!g_path_is_absolute(path)) {
		ev->why = "the path is not absolute";
		return false;
	}
	const char *sha = ev_str(ev, "sha256", false);
	if (sha != NULL && !sha256_valid(sha)) {
		problem(s, ev->ld->lineno, "ignored field 'sha256' of a file_add event: not a "
			"SHA-256 digest");
		sha = NULL;
	}
	SessionFile *f = find_file(s, path, NULL);
	if (f == NULL) {
		f = g_new0(SessionFile, 1);
		f->path = g_strdup(path);
		f->added_ms = ev_int(ev, "ts", false, 0, 0, INT64_MAX / 4);
		g_ptr_array_add(s->files, f);
	}
	f->pinned = ev_bool(ev, "pinned");
	g_strlcpy(f->sha256, sha ? sha : "", sizeof f->sha256);
	return true;
}

static bool
apply_file_drop(Event *ev)
{
	Session *s = ev->ld->s;
	const char *path = ev_str(ev, "path", true);
	if (path == NULL)
		return false;
	guint i;
	if (find_file(s, path, &i) != NULL)
		g_ptr_array_remove_index(s->files, i);
	return true;
}

static bool
apply_clear(Event *ev)
{
	int64_t after = ev_int(ev, "after", true, 0, 0, G_MAXUINT - 1);
	if (ev->bad != NULL)
		return false;
	ev->ld->s->cleared_after = (guint)after;
	return true;
}

static const struct {
	const char *type;
	bool (*apply)(Event *ev);
} event_types[] = {
	{ "session", apply_session },
	{ "turn", apply_turn },
	{ "summary", apply_summary },
	{ "rename", apply_rename },
	{ "model", apply_model },
	{ "file_add", apply_file_add },
	{ "file_drop", apply_file_drop },
	{ "clear", apply_clear },
};

static void
apply_event(Loader *ld, const cJSON *obj)
{
	Session *s = ld->s;
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(obj, "type");
	if (!cJSON_IsString(type) || type->valuestring == NULL) {
		problem(s, ld->lineno, "skipped a line without an event type");
		return;
	}
	Event ev = { .ld = ld, .obj = obj, .type = type->valuestring };
	for (size_t i = 0; i < G_N_ELEMENTS(event_types); i++) {
		if (strcmp(ev.type, event_types[i].type) != 0)
			continue;
		if (!event_types[i].apply(&ev)) {
			if (ev.bad != NULL)
				problem(s, ld->lineno, "skipped a %s event: field '%s' is missing or of "
					"the wrong type", ev.type, ev.bad);
			else
				problem(s, ld->lineno, "skipped a %s event: %s", ev.type,
					ev.why ? ev.why : "invalid");
			return;
		}
		/* The handlers already reported a bad "ts"; here it only moves last activity. */
		const cJSON *ts = cJSON_GetObjectItemCaseSensitive(obj, "ts");
		if (cJSON_IsNumber(ts) && ts->valuedouble > (double)s->updated_ms &&
		    ts->valuedouble < (double)(INT64_MAX / 4))
			s->updated_ms = (int64_t)ts->valuedouble;
		return;
	}
	/* A newer version's event: it stays in the file; this version just ignores it. */
	s->unknown_events++;
}

/* One complete line without its newline; line[len] is writable and becomes NUL. */
static void
loader_line(Loader *ld, char *line, size_t len)
{
	Session *s = ld->s;
	size_t i = 0;
	while (i < len && g_ascii_isspace(line[i]))
		i++;
	if (i == len)
		return; /* blank lines are harmless */
	if (!g_utf8_validate_len(line, len, NULL)) {
		problem(s, ld->lineno, "skipped a line that is not valid UTF-8");
		return;
	}
	line[len] = '\0';
	const char *end = NULL;
	cJSON *obj = cJSON_ParseWithOpts(line, &end, true);
	if (obj == NULL || !cJSON_IsObject(obj))
		problem(s, ld->lineno, "skipped a line that is not a JSON object");
	else
		apply_event(ld, obj);
	cJSON_Delete(obj);
}

static void
loader_too_long(Loader *ld, size_t bytes)
{
	problem(ld->s, ld->lineno, "skipped a line of %zu bytes (the limit is %zu MiB)", bytes,
		SESSION_MAX_LINE >> 20);
}

/* Feed bytes; data must be writable (each newline is replaced by a NUL in place).  Lines
 * wholly inside data are parsed where they are; only a line split across feeds is copied. */
static void
loader_feed(Loader *ld, char *data, size_t len)
{
	while (len > 0) {
		char *nl = memchr(data, '\n', len);
		size_t n = nl ? (size_t)(nl - data) : len;
		bool whole = nl != NULL && ld->partial->len == 0 && !ld->skipping;
		if (whole) {
			/* parsed below, in place */
		} else if (ld->skipping) {
			ld->skipped += n;
		} else if (ld->partial->len + n > SESSION_MAX_LINE) {
			ld->skipping = true;
			ld->skipped = ld->partial->len + n;
			g_string_truncate(ld->partial, 0);
		} else {
			g_string_append_len(ld->partial, data, (gssize)n);
		}
		if (nl == NULL)
			return;
		size_t line_len = ld->skipping ? ld->skipped : whole ? n : ld->partial->len;
		if (ld->skipping || line_len > SESSION_MAX_LINE)
			loader_too_long(ld, line_len);
		else if (whole)
			loader_line(ld, data, n);
		else
			loader_line(ld, ld->partial->str, ld->partial->len);
		ld->consumed += (int64_t)line_len + 1;
		ld->skipping = false;
		ld->skipped = 0;
		g_string_truncate(ld->partial, 0);
		ld->lineno++;
		data = nl + 1;
		len -= n + 1;
	}
}

/* Bytes after the last newline: an append that never finished. */
static size_t
loader_leftover(const Loader *ld)
{
	return ld->skipping ? ld->skipped : ld->partial->len;
}

static void
loader_init(Loader *ld, Session *s, bool external)
{
	*ld = (Loader) { .s = s, .lineno = s->lines + 1, .partial = g_string_new(NULL),
			 .consumed = s->end, .external = external };
}

/* Record how far the session got; returns the bytes of an unfinished last line. */
static size_t
loader_done(Loader *ld)
{
	size_t left = loader_leftover(ld);
	ld->s->end = ld->consumed;
	ld->s->lines = ld->lineno - 1;
	g_string_free(ld->partial, TRUE);
	return left;
}

/* Read fd from offset to its end through the loader. */
static bool
loader_read_fd(Loader *ld, int fd, int64_t offset, AurError **err)
{
	g_autofree char *buf = g_malloc(READ_CHUNK);
	for (;;) {
		ssize_t n = pread(fd, buf, READ_CHUNK, (off_t)offset);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			aur_error_set(err, AUR_ERR_IO, "Check the disk and the file's permissions.",
				      "cannot read session file %s: %s", ld->s->path, g_strerror(e));
			return false;
		}
		if (n == 0)
			return true;
		loader_feed(ld, buf, (size_t)n);
		offset += n;
	}
}

static void
finish_load(Session *s, size_t leftover)
{
	const char *label = s->label ? s->label : s->id;
	if (leftover > 0)
		problem(s, s->lines + 1, "skipped an unfinished last line (%zu bytes): a write was "
			"interrupted, by a crash or a full disk", leftover);
	if (s->problems > s->warnings->len)
		g_ptr_array_add(s->warnings, g_strdup_printf("%s: %u more problems not shown",
			label, s->problems - s->warnings->len));
	if (!s->has_header)
		g_ptr_array_add(s->warnings, g_strdup_printf("%s: no session header; the id is "
			"taken from the file name", label));
	if (s->name == NULL)
		s->name = g_strdup(s->id);
	if (s->updated_ms < s->created_ms)
		s->updated_ms = s->created_ms;
	if (s->unknown_events > 0)
		log_msg(LOG_DEBUG, "session_unknown_events", "%s: ignored %u events of unknown "
			"types", s->id, s->unknown_events);
}

/* ---- loading -------------------------------------------------------------------------- */

static char *
id_from_path(const char *path)
{
	g_autofree char *base = g_path_get_basename(path);
	if (g_str_has_suffix(base, ".jsonl"))
		base[strlen(base) - 6] = '\0';
	return session_id_valid(base) ? g_strdup(base) : NULL;
}

/* Wait for a lock, but not forever: a stopped process must not hang us silently. */
static bool
lock_fd(int fd, int op, const char *path, AurError **err)
{
	for (int waited = 0;; waited += 10) {
		if (flock(fd, op | LOCK_NB) == 0)
			return true;
		if (errno != EWOULDBLOCK && errno != EINTR) {
			int e = errno;
			aur_error_set(err, AUR_ERR_IO, "The file system may not support locks.",
				      "cannot lock %s: %s", path, g_strerror(e));
			return false;
		}
		if (waited >= LOCK_WAIT_MS) {
			aur_error_set(err, AUR_ERR_TIMEOUT, "Another aurelis process is holding it; "
				      "try again when it is done.", "%s stayed locked for %d seconds",
				      path, LOCK_WAIT_MS / 1000);
			return false;
		}
		g_usleep(10000);
	}
}

/* Open a session file for reading and, when allowed, appending; refuse anything that is
 * not a regular file (a FIFO would block us forever). */
static int
open_session_file(const char *path, bool *read_only, AurError **err)
{
	*read_only = false;
	int fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0 && (errno == EACCES || errno == EROFS || errno == EISDIR)) {
		*read_only = true;
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	}
	if (fd < 0) {
		int e = errno;
		aur_error_set(err, e == ENOENT ? AUR_ERR_NOT_FOUND : AUR_ERR_IO,
			      e == ENOENT ? "`aurelis session list` shows the sessions."
					  : "Check the file's permissions.",
			      "cannot open session file %s: %s", path, g_strerror(e));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0)
		st.st_mode = 0;
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		aur_error_set(err, AUR_ERR_INPUT, "A session file is a regular file of JSON lines.",
			      "cannot load %s: it is %s", path,
			      S_ISDIR(st.st_mode) ? "a directory" : "not a regular file");
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

Session *
session_load_file(const char *path, AurError **err)
{
	bool read_only;
	int fd = open_session_file(path, &read_only, err);
	if (fd < 0)
		return NULL;
	if (!lock_fd(fd, LOCK_SH, path, err)) {
		close(fd);
		return NULL;
	}
	Session *s = session_alloc();
	s->path = g_strdup(path);
	s->label = g_strdup(path);
	s->fd = fd;
	s->read_only = read_only;
	s->id = id_from_path(path);
	Loader ld;
	loader_init(&ld, s, false);
	bool ok = loader_read_fd(&ld, fd, 0, err);
	size_t left = loader_done(&ld);
	flock(fd, LOCK_UN);
	if (!ok) {
		session_free(s);
		return NULL;
	}
	if (s->id == NULL) {
		g_autofree char *base = g_path_get_basename(path);
		s->id = g_strdup(base);
	}
	finish_load(s, left);
	return s;
}

Session *
session_load_buffer(const char *name, const char *buf, size_t len)
{
	Session *s = session_alloc();
	s->label = g_strdup(name ? name : "session");
	g_autofree char *copy = g_malloc(len + 1);
	memcpy(copy, buf, len);
	Loader ld;
	loader_init(&ld, s, false);
	loader_feed(&ld, copy, len);
	size_t left = loader_done(&ld);
	if (s->id == NULL)
		s->id = g_strdup(name ? name : "session");
	finish_load(s, left);
	return s;
}

Session *
session_open(const char *name_or_id, AurError **err)
{
	SessionInfo *info = session_index_resolve(name_or_id, err);
	if (info == NULL)
		return NULL;
	Session *s = session_load_file(info->path, err);
	session_info_free(info);
	return s;
}

Session *
session_open_last(const char *project, AurError **err)
{
	g_autofree char *dir = project ? g_canonicalize_filename(project, NULL)
				       : session_project_dir();
	AurError *e = NULL;
	SessionInfo *info = session_index_last_for_project(dir, &e);
	if (info == NULL) {
		if (e != NULL)
			*err = e;
		else
			aur_error_set(err, AUR_ERR_NOT_FOUND, "Start one with `aurelis shell`; "
				      "`aurelis session list` shows those of other projects.",
				      "no session for %s yet", dir);
		return NULL;
	}
	Session *s = session_load_file(info->path, err);
	session_info_free(info);
	return s;
}

/* ---- creating ------------------------------------------------------------------------- */

Session *
session_new(const char *name, const char *project, const char *model)
{
	Session *s = session_alloc();
	s->id = session_new_id();
	s->name = g_strdup(name);
	s->project = project ? g_canonicalize_filename(project, NULL) : session_project_dir();
	s->model = model && *model ? g_strdup(model) : NULL;
	s->created_ms = s->updated_ms = util_now_ms();
	s->has_header = true;
	return s;
}

/* ---- the event format ------------------------------------------------------------------ */

static void
add_str(cJSON *o, const char *key, const char *value)
{
	if (value == NULL)
		return;
	/* Whatever the model or the terminal gave us, the file holds valid UTF-8. */
	if (g_utf8_validate(value, -1, NULL)) {
		cJSON_AddStringToObject(o, key, value);
	} else {
		g_autofree char *valid = g_utf8_make_valid(value, -1);
		cJSON_AddStringToObject(o, key, valid);
	}
}

static void
add_known(cJSON *o, const char *key, int64_t value)
{
	if (value >= 0)
		cJSON_AddNumberToObject(o, key, (double)value);
}

static cJSON *
event_new(const char *type, int64_t ts)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "type", type);
	cJSON_AddNumberToObject(o, "ts", (double)(ts > 0 ? ts : util_now_ms()));
	return o;
}

static cJSON *
header_json(const Session *s)
{
	cJSON *o = event_new("session", s->created_ms);
	cJSON_AddNumberToObject(o, "v", SESSION_FORMAT_VERSION);
	add_str(o, "id", s->id);
	add_str(o, "name", s->name);
	add_str(o, "project", s->project);
	add_str(o, "model", s->model);
	return o;
}

static cJSON *
turn_json(const SessionTurn *t)
{
	cJSON *o = event_new("turn", t->finished_ms);
	cJSON_AddNumberToObject(o, "n", t->n);
	add_known(o, "started", t->started_ms);
	add_str(o, "model", t->model);
	add_known(o, "tokens_in", t->tokens_in);
	add_known(o, "tokens_out", t->tokens_out);
	add_known(o, "ttft_ms", t->ttft_ms);
	add_known(o, "latency_ms", t->latency_ms);
	static const struct { const char *key; unsigned flag; } flags[] = {
		{ "cached", SESSION_TURN_CACHED }, { "cancelled", SESSION_TURN_CANCELLED },
		{ "fallback", SESSION_TURN_FALLBACK }, { "cut", SESSION_TURN_CUT },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(flags); i++)
		if (t->flags & flags[i].flag)
			cJSON_AddTrueToObject(o, flags[i].key);
	add_str(o, "fallback_from", t->fallback_from);
	if (t->retry_of > 0)
		cJSON_AddNumberToObject(o, "retry_of", t->retry_of);
	add_str(o, "user", t->user ? t->user : "");
	add_str(o, "answer", t->answer ? t->answer : "");
	return o;
}

static cJSON *
summary_json(const SessionSummary *m)
{
	cJSON *o = event_new("summary", m->created_ms);
	cJSON_AddNumberToObject(o, "upto", m->upto);
	add_str(o, "model", m->model);
	add_str(o, "text", m->text);
	return o;
}

static cJSON *
file_json(const char *path, const char *sha256, bool pinned, int64_t ts)
{
	cJSON *o = event_new("file_add", ts);
	add_str(o, "path", path);
	if (sha256 != NULL && *sha256 != '\0')
		cJSON_AddStringToObject(o, "sha256", sha256);
	if (pinned)
		cJSON_AddTrueToObject(o, "pinned");
	return o;
}

static cJSON *
clear_json(guint after, int64_t ts)
{
	cJSON *o = event_new("clear", ts);
	cJSON_AddNumberToObject(o, "after", after);
	return o;
}

/* The event as one line with its newline.  Caller frees. */
static char *
event_line(const cJSON *ev, size_t *len)
{
	char *json = cJSON_PrintUnformatted(ev);
	size_t n = strlen(json);
	char *line = g_malloc(n + 2);
	memcpy(line, json, n);
	line[n] = '\n';
	line[n + 1] = '\0';
	cJSON_free(json);
	*len = n + 1;
	return line;
}

/* ---- appending -------------------------------------------------------------------------- */

/* Apply a line we built ourselves (newline included). */
static void
apply_own_line(Session *s, char *line, size_t len)
{
	Loader ld;
	loader_init(&ld, s, false);
	loader_feed(&ld, line, len);
	loader_done(&ld);
}

/* The file must still be the one we opened, and not shorter than what we applied. */
static bool
check_file(Session *s, struct stat *st, AurError **err)
{
	struct stat byname;
	if (fstat(s->fd, st) != 0 || st->st_nlink == 0 || stat(s->path, &byname) != 0 ||
	    byname.st_ino != st->st_ino || byname.st_dev != st->st_dev) {
		aur_error_set(err, AUR_ERR_NOT_FOUND, "Another aurelis deleted or replaced it; save "
			      "this conversation under a new name to keep it.",
			      "session file %s is gone", s->path);
		return false;
	}
	if (st->st_size < s->end) {
		aur_error_set(err, AUR_ERR_IO, "Something other than aurelis changed the file; "
			      "open the session again.", "session file %s got shorter", s->path);
		return false;
	}
	return true;
}

/* With the lock held: apply what other processes appended, and cut off an unfinished
 * last line left by one that died mid-write (no writer can be active: we hold the lock). */
static bool
catch_up(Session *s, AurError **err)
{
	struct stat st;
	if (!check_file(s, &st, err))
		return false;
	if (st.st_size == s->end)
		return true;
	Loader ld;
	loader_init(&ld, s, true);
	bool ok = loader_read_fd(&ld, s->fd, s->end, err);
	size_t left = loader_done(&ld);
	if (!ok)
		return false;
	if (left > 0) {
		if (ftruncate(s->fd, (off_t)s->end) != 0) {
			int e = errno;
			aur_error_set(err, AUR_ERR_IO, "Check free space and permissions.",
				      "cannot repair %s: %s", s->path, g_strerror(e));
			return false;
		}
		problem(s, s->lines + 1, "removed an unfinished last line (%zu bytes) left by an "
			"interrupted write", left);
	}
	return true;
}

static bool
append_locked(Session *s, const char *line, size_t len, AurError **err)
{
	int e = 0;
	if (!fs_write_all(s->fd, line, len))
		e = errno ? errno : ENOSPC;
	else if (fdatasync(s->fd) != 0)
		e = errno;
	if (e == 0)
		return true;
	/* Leave no half line behind: the next load would have to skip it. */
	if (ftruncate(s->fd, (off_t)s->end) == 0)
		(void)fdatasync(s->fd);
	aur_error_set(err, AUR_ERR_IO, "Check free space on the disk; this change was not saved.",
		      "cannot write session file %s: %s", s->path, g_strerror(e));
	return false;
}

/* The one way to change a session: write the event (when saved), then apply it.
 * Consumes ev. */
static bool
commit(Session *s, cJSON *ev, AurError **err)
{
	bool ok = false, locked = false;
	char *line = NULL;
	size_t len = 0;
	if (s->fd >= 0 && s->read_only) {
		aur_error_set(err, AUR_ERR_IO, "Check the permissions of the session file.",
			      "session file %s is read-only", s->path);
		goto out;
	}
	if (s->fd >= 0) {
		if (!lock_fd(s->fd, LOCK_EX, s->path, err))
			goto out;
		locked = true;
		if (!catch_up(s, err))
			goto out;
	}
	cJSON *n = cJSON_GetObjectItemCaseSensitive(ev, "n");
	if (n != NULL)
		cJSON_SetNumberValue(n, s->last_n + 1);
	line = event_line(ev, &len);
	if (len > SESSION_MAX_LINE) {
		aur_error_set(err, AUR_ERR_INPUT, "Sessions store up to 16 MiB per event.",
			      "this change is too large to store (%zu bytes)", len);
		goto out;
	}
	if (s->fd >= 0 && !append_locked(s, line, len, err))
		goto out;
	apply_own_line(s, line, len);
	ok = true;
out:
	if (locked)
		flock(s->fd, LOCK_UN);
	cJSON_Delete(ev);
	g_free(line);
	return ok;
}

bool
session_add_turn(Session *s, const SessionTurn *t, AurError **err)
{
	SessionTurn copy = *t;
	int64_t now = util_now_ms();
	copy.finished_ms = t->finished_ms > 0 ? t->finished_ms : now;
	copy.started_ms = t->started_ms > 0 ? t->started_ms : copy.finished_ms;
	copy.n = 0; /* set by commit() once other processes' turns are counted */
	return commit(s, turn_json(&copy), err);
}

bool
session_add_summary(Session *s, guint upto, const char *text, const char *model,
		    AurError **err)
{
	if (upto < 1 || upto > s->last_n) {
		aur_error_set(err, AUR_ERR_INPUT, "A summary replaces turns 1 to N of this session.",
			      "cannot summarise up to turn %u: the session has %u turns", upto,
			      s->last_n);
		return false;
	}
	if (text == NULL || *text == '\0') {
		aur_error_set(err, AUR_ERR_MODEL, "Try /compact again, or with another model.",
			      "the summary is empty");
		return false;
	}
	SessionSummary m = { .upto = upto, .text = (char *)text, .model = (char *)model };
	return commit(s, summary_json(&m), err);
}

/* With the sessions directory locked: the name must be free (but may be our own). */
static bool
name_available(Session *s, const char *name, AurError **err)
{
	return session_index_name_free(name, s->id, err);
}

bool
session_rename(Session *s, const char *name, AurError **err)
{
	if (!session_name_valid(name, err))
		return false;
	if (s->name != NULL && strcmp(s->name, name) == 0)
		return true;
	cJSON *ev = event_new("rename", 0);
	cJSON_AddStringToObject(ev, "name", name);
	if (s->fd < 0)
		return commit(s, ev, err);
	int lock = session_index_lock(err);
	bool ok = lock >= 0 && name_available(s, name, err);
	ok = ok ? commit(s, ev, err) : (cJSON_Delete(ev), false);
	session_index_unlock(lock);
	return ok;
}

bool
session_set_model(Session *s, const char *model, AurError **err)
{
	if (model == NULL || *model == '\0') {
		aur_error_set(err, AUR_ERR_USAGE, "`aurelis models` lists the model ids.",
			      "a model id is needed");
		return false;
	}
	if (g_strcmp0(s->model, model) == 0)
		return true;
	cJSON *ev = event_new("model", 0);
	add_str(ev, "model", model);
	return commit(s, ev, err);
}

/* Read a context file: text only, at most SESSION_MAX_FILE bytes.  Caller frees. */
static char *
read_context_file(const char *path, struct stat *st, AurError **err)
{
	size_t len = 0;
	char *data = fs_read_file(path, SESSION_MAX_FILE, &len, err);
	if (data == NULL)
		return NULL;
	if (memchr(data, '\0', len) != NULL) {
		g_free(data);
		aur_error_set(err, AUR_ERR_INPUT, "Only text files can be added to the context.",
			      "%s looks like a binary file", path);
		return NULL;
	}
	if (stat(path, st) != 0)
		memset(st, 0, sizeof *st);
	return data;
}

static void
cache_content(SessionFile *f, char *content, const struct stat *st)
{
	g_free(f->content);
	f->content = content;
	f->st_size = st->st_size;
	f->st_mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

bool
session_add_file(Session *s, const char *path, bool pinned, AurError **err)
{
	g_autofree char *abs = g_canonicalize_filename(path, NULL);
	struct stat st;
	char *content = read_context_file(abs, &st, err);
	if (content == NULL)
		return false;
	g_autofree char *sha = g_compute_checksum_for_string(G_CHECKSUM_SHA256, content, -1);
	SessionFile *f = find_file(s, abs, NULL);
	if (f != NULL && f->pinned == pinned && strcmp(f->sha256, sha) == 0) {
		cache_content(f, content, &st);
		return true;
	}
	if (!commit(s, file_json(abs, sha, pinned, 0), err)) {
		g_free(content);
		return false;
	}
	/* Another process may have dropped it while we caught up: then only the cache goes. */
	f = find_file(s, abs, NULL);
	if (f != NULL)
		cache_content(f, content, &st);
	else
		g_free(content);
	return true;
}

bool
session_update_file(Session *s, guint i, const char *sha256, AurError **err)
{
	g_return_val_if_fail(i < s->files->len && sha256_valid(sha256), false);
	SessionFile *f = s->files->pdata[i];
	if (strcmp(f->sha256, sha256) == 0)
		return true;
	return commit(s, file_json(f->path, sha256, f->pinned, 0), err);
}

bool
session_drop_file(Session *s, const char *path, AurError **err)
{
	g_autofree char *abs = g_canonicalize_filename(path, NULL);
	SessionFile *f = find_file(s, path, NULL);
	if (f == NULL)
		f = find_file(s, abs, NULL);
	if (f == NULL) {
		g_autoptr(GPtrArray) names = g_ptr_array_new();
		for (guint i = 0; i < s->files->len; i++)
			g_ptr_array_add(names, ((SessionFile *)s->files->pdata[i])->path);
		g_ptr_array_add(names, NULL);
		const char *near = util_did_you_mean(abs, (const char *const *)names->pdata);
		g_autofree char *hint = near ? g_strdup_printf("Did you mean %s?", near)
					     : g_strdup("/files lists the files in the context.");
		aur_error_set(err, AUR_ERR_NOT_FOUND, hint, "%s is not in the context", path);
		return false;
	}
	cJSON *ev = event_new("file_drop", 0);
	add_str(ev, "path", f->path);
	return commit(s, ev, err);
}

bool
session_clear(Session *s, AurError **err)
{
	if (s->last_n == s->cleared_after)
		return true;
	return commit(s, clear_json(s->last_n, 0), err);
}

/* Everything the session holds, as the lines of a new file. */
static GString *
snapshot(const Session *s)
{
	GString *out = g_string_sized_new(4096);
	cJSON *ev = header_json(s);
	size_t len;
	g_autofree char *line = event_line(ev, &len);
	cJSON_Delete(ev);
	g_string_append_len(out, line, (gssize)len);
	GPtrArray *events = g_ptr_array_new_with_free_func((GDestroyNotify)cJSON_Delete);
	for (guint i = 0; i < s->files->len; i++) {
		const SessionFile *f = s->files->pdata[i];
		g_ptr_array_add(events, file_json(f->path, f->sha256, f->pinned, f->added_ms));
	}
	for (guint i = 0; i < s->turns->len; i++)
		g_ptr_array_add(events, turn_json(s->turns->pdata[i]));
	for (guint i = 0; i < s->summaries->len; i++)
		g_ptr_array_add(events, summary_json(s->summaries->pdata[i]));
	if (s->cleared_after > 0)
		g_ptr_array_add(events, clear_json(s->cleared_after, s->updated_ms));
	for (guint i = 0; i < events->len; i++) {
		g_autofree char *l = event_line(events->pdata[i], &len);
		g_string_append_len(out, l, (gssize)len);
	}
	g_ptr_array_unref(events);
	return out;
}

/* Create path exclusively and write data to it, durably.  Returns the descriptor. */
static int
create_file(const char *path, const GString *data, AurError **err)
{
	int fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno != EEXIST) {
			int e = errno;
			aur_error_set(err, AUR_ERR_IO, "Check the permissions of the sessions "
				      "directory.", "cannot create %s: %s", path, g_strerror(e));
		}
		return -1;
	}
	if (!fs_write_all(fd, data->str, data->len) || fdatasync(fd) != 0) {
		int e = errno;
		close(fd);
		unlink(path);
		aur_error_set(err, AUR_ERR_IO, "Check free space on the disk.",
			      "cannot write %s: %s", path, g_strerror(e));
		return -1;
	}
	g_autofree char *dir = g_path_get_dirname(path);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd); /* the new name must survive a crash too */
		close(dfd);
	}
	return fd;
}

static bool
save_locked(Session *s, const char *dir, AurError **err)
{
	if (s->name == NULL) {
		s->name = session_index_generate_name(s->project, err);
		if (s->name == NULL)
			return false;
	} else if (!session_name_valid(s->name, err) || !name_available(s, s->name, err)) {
		return false;
	}
	/* An id collision needs two sessions in the same millisecond and 15 random bits. */
	for (int attempt = 0; attempt < 8; attempt++) {
		g_autofree char *file = g_strconcat(s->id, ".jsonl", NULL);
		g_autofree char *path = g_build_filename(dir, file, NULL);
		GString *data = snapshot(s);
		AurError *e = NULL;
		int fd = create_file(path, data, &e);
		if (fd >= 0) {
			replace_str(&s->label, path);
			s->path = g_steal_pointer(&path);
			s->fd = fd;
			s->end = (int64_t)data->len;
			s->lines = 1 + s->files->len + s->turns->len + s->summaries->len +
				   (s->cleared_after > 0);
			g_string_free(data, TRUE);
			return true;
		}
		g_string_free(data, TRUE);
		if (e != NULL) {
			*err = e;
			return false;
		}
		g_free(s->id);
		s->id = session_new_id();
	}
	aur_error_set(err, AUR_ERR_IO, "Try again.", "could not find a free session id");
	return false;
}

bool
session_save(Session *s, AurError **err)
{
	if (s->fd >= 0)
		return true;
	g_autofree char *dir = session_dir(err);
	if (dir == NULL)
		return false;
	int lock = session_index_lock(err);
	if (lock < 0)
		return false;
	bool ok = save_locked(s, dir, err);
	session_index_unlock(lock);
	return ok;
}

Session *
session_create(const char *name, const char *project, const char *model, AurError **err)
{
	Session *s = session_new(name, project, model);
	if (!session_save(s, err)) {
		session_free(s);
		return NULL;
	}
	return s;
}

/* ---- accessors ---------------------------------------------------------------------- */

const char *session_id(const Session *s) { return s->id; }
const char *session_name(const Session *s) { return s->name; }
const char *session_project(const Session *s) { return s->project ? s->project : ""; }
const char *session_model(const Session *s) { return s->model; }
const char *session_path(const Session *s) { return s->path; }
bool session_is_saved(const Session *s) { return s->fd >= 0; }
int64_t session_created_ms(const Session *s) { return s->created_ms; }
int64_t session_updated_ms(const Session *s) { return s->updated_ms; }
guint session_n_turns(const Session *s) { return s->turns->len; }
guint session_n_files(const Session *s) { return s->files->len; }
guint session_n_summaries(const Session *s) { return s->summaries->len; }
guint session_cleared_after(const Session *s) { return s->cleared_after; }
const GPtrArray *session_warnings(const Session *s) { return s->warnings; }
guint session_unknown_events(const Session *s) { return s->unknown_events; }
guint session_external_turns(const Session *s) { return s->external_turns; }

const SessionTurn *
session_turn(const Session *s, guint i)
{
	return i < s->turns->len ? s->turns->pdata[i] : NULL;
}

const SessionTurn *
session_last_turn(const Session *s)
{
	return s->turns->len ? s->turns->pdata[s->turns->len - 1] : NULL;
}

SessionFile *
session_file(const Session *s, guint i)
{
	return i < s->files->len ? s->files->pdata[i] : NULL;
}

const SessionSummary *
session_summary_at(const Session *s, guint i)
{
	return i < s->summaries->len ? s->summaries->pdata[i] : NULL;
}

const SessionSummary *
session_summary(const Session *s)
{
	return s->summaries->len ? s->summaries->pdata[s->summaries->len - 1] : NULL;
}
