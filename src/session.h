/* SPDX-License-Identifier: MIT */
/* Conversation sessions: turns, context files and summaries, kept in append-only JSON lines. */
#ifndef AURELIS_SESSION_H
#define AURELIS_SESSION_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "error.h"

/*
 * A session lives in memory as its current state (name, model, files, turns, summaries)
 * and on disk as $XDG_DATA_HOME/aurelis/sessions/ID.jsonl: one JSON event per line, the
 * first being the header.  Every change appends one line with a single write() under an
 * exclusive flock() and is fdatasync'd before the call returns, so a completed turn
 * survives a crash.  A line counts only once its newline is on disk; an unfinished last
 * line is skipped on load and removed by the next append.
 *
 * A Session is not thread-safe: it belongs to the UI thread.  Two processes may append to
 * one session: each append first reads what the other wrote since, so both see every
 * turn, numbered in the order written.
 */

#define SESSION_FORMAT_VERSION 1
/* Longest line the loader accepts; longer ones are skipped (and the writer refuses them). */
#define SESSION_MAX_LINE ((size_t)16 << 20)
/* Largest context file read into a request. */
#define SESSION_MAX_FILE ((size_t)1 << 20)
/* Names: 1-64 of [A-Za-z0-9._-], starting with a letter or digit. */
#define SESSION_MAX_NAME 64

typedef enum {
	SESSION_TURN_CACHED = 1u << 0,    /* replayed from the response cache */
	SESSION_TURN_CANCELLED = 1u << 1, /* stopped by the user; answer is the partial text */
	SESSION_TURN_FALLBACK = 1u << 2,  /* answered by a fallback model (see fallback_from) */
	SESSION_TURN_CUT = 1u << 3,       /* the model stopped at its length limit */
	SESSION_TURN_RETRIED = 1u << 4,   /* asked again by a later turn (its retry_of), so it
					   * is never sent; derived on load, not stored */
} SessionTurnFlags;

typedef struct {
	guint n;               /* 1-based turn number, assigned when appended */
	char *user;            /* the prompt as typed */
	char *answer;          /* the answer (partial when cancelled) */
	char *model;           /* model that answered; may be NULL */
	char *fallback_from;   /* model that failed first; NULL unless FALLBACK */
	guint retry_of;        /* the earlier turn this one asks again (/retry); 0 when none */
	int64_t tokens_in;     /* -1 when unknown */
	int64_t tokens_out;    /* -1 when unknown */
	int64_t ttft_ms;       /* time to first token; -1 when unknown */
	int64_t latency_ms;    /* whole request; -1 when unknown */
	unsigned flags;        /* SessionTurnFlags */
	int64_t started_ms;    /* epoch milliseconds; 0 = now when appended */
	int64_t finished_ms;   /* epoch milliseconds; 0 = now when appended */
} SessionTurn;

typedef struct {
	char *path;            /* absolute */
	char sha256[65];       /* hex digest of the content last read; "" when unknown */
	bool pinned;           /* kept by /clear and /new, sent before unpinned files */
	int64_t added_ms;
	/* Cache for requests (session-history.c); never written to disk. */
	char *content;
	int64_t st_size, st_mtime_ns;
} SessionFile;

typedef struct {
	guint upto;            /* replaces turns 1..upto */
	char *text;
	char *model;           /* may be NULL */
	int64_t created_ms;
} SessionSummary;

typedef struct Session Session;

/* A new session in memory only, created now in project (a directory; NULL = the current
 * project, see session_project_dir()).  name may be NULL (one is generated on save);
 * model may be NULL.  Caller frees with session_free(). */
Session *session_new(const char *name, const char *project, const char *model);
/* Create the session's file (under the sessions directory) with everything so far, after
 * checking the name is valid and unused.  From then on every change is written through. */
bool session_save(Session *s, AurError **err);
/* session_new() + session_save(). */
Session *session_create(const char *name, const char *project, const char *model,
			AurError **err);
/* Load a session file.  Bad lines are skipped and listed in session_warnings(). */
Session *session_load_file(const char *path, AurError **err);
/* Parse session lines from memory (tests, fuzzing).  name is used in warnings.  The
 * result is not saved. */
Session *session_load_buffer(const char *name, const char *buf, size_t len);
/* Find a session by name, id or unique id prefix and load it. */
Session *session_open(const char *name_or_id, AurError **err);
/* Load the most recently active session of project (NULL: session_project_dir()), for
 * `shell --continue`.  AUR_ERR_NOT_FOUND when the project has none. */
Session *session_open_last(const char *project, AurError **err);
void session_free(Session *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Session, session_free)

const char *session_id(const Session *s);
const char *session_name(const Session *s);     /* NULL until named or saved */
const char *session_project(const Session *s);
const char *session_model(const Session *s);    /* NULL when unset */
const char *session_path(const Session *s);     /* NULL until saved */
bool session_is_saved(const Session *s);
int64_t session_created_ms(const Session *s);
int64_t session_updated_ms(const Session *s);   /* newest event */

/* Turns in order; the pointers stay valid until the session is freed. */
guint session_n_turns(const Session *s);
const SessionTurn *session_turn(const Session *s, guint i); /* i is 0-based */
const SessionTurn *session_last_turn(const Session *s);     /* NULL when none */
guint session_n_files(const Session *s);
SessionFile *session_file(const Session *s, guint i);
/* The summary added last, or NULL. */
const SessionSummary *session_summary(const Session *s);
guint session_n_summaries(const Session *s);
const SessionSummary *session_summary_at(const Session *s, guint i);
/* Turns up to this number were cleared with session_clear() and are never sent. */
guint session_cleared_after(const Session *s);

/* Problems met while loading or catching up ("FILE:LINE: ..."), in order. */
const GPtrArray *session_warnings(const Session *s);
/* Events of types this version does not know (ignored; kept in the file). */
guint session_unknown_events(const Session *s);
/* Turns another process appended that this one picked up. */
guint session_external_turns(const Session *s);

/* Changes.  Each appends one event (and fsyncs) when the session is saved; on failure
 * neither the file nor the memory state changes. */
/* t is copied; t->n is ignored and set.  Zero timestamps become now. */
bool session_add_turn(Session *s, const SessionTurn *t, AurError **err);
/* A summary that stands for turns 1..upto (1 <= upto <= last turn number). */
bool session_add_summary(Session *s, guint upto, const char *text, const char *model,
			 AurError **err);
/* Rename; the new name must be valid and unused by another saved session. */
bool session_rename(Session *s, const char *name, AurError **err);
bool session_set_model(Session *s, const char *model, AurError **err);
/* Add (or re-pin) a context file: reads it now, records its SHA-256.  path may be
 * relative to the working directory. */
bool session_add_file(Session *s, const char *path, bool pinned, AurError **err);
/* Record a new digest for a file that changed on disk (session-history.c). */
bool session_update_file(Session *s, guint i, const char *sha256, AurError **err);
/* Drop a context file (matched by path as given or absolute); NOT_FOUND when absent. */
bool session_drop_file(Session *s, const char *path, AurError **err);
/* Forget the conversation so far for requests (the turns stay in the file). */
bool session_clear(Session *s, AurError **err);

/* True when name is acceptable; otherwise err says why. */
bool session_name_valid(const char *name, AurError **err);
/* True when s has the shape of a session id. */
bool session_id_valid(const char *s);
/* A new id: 12 characters, sortable by creation time.  Caller frees. */
char *session_new_id(void);
/* The project directory for the working directory: the nearest ancestor holding .git,
 * else the working directory itself (symbolic links resolved).  Caller frees. */
char *session_project_dir(void);
/* The directory holding session files, created 0700.  Caller frees. */
char *session_dir(AurError **err);

#endif
