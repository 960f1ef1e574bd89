/* SPDX-License-Identifier: MIT */
/* The interface an interactive face (line shell, full screen, a test) offers the commands. */
#ifndef AURELIS_FACE_H
#define AURELIS_FACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "error.h"

/*
 * Slash commands and the conversation engine never print: they talk to a Face.  The line
 * shell writes above its readline prompt, the full-screen interface appends to its panes,
 * and the unit tests record every call.  Every operation runs on the UI thread.
 *
 * An answer arrives as answer_begin, any number of answer_delta, then answer_end, always in
 * that order and for one answer at a time; countdown and status lines may come in between
 * (a rate-limit wait, a fallback to another model).
 */

typedef struct Face Face;
/* A parsed slash command (commands.h). */
typedef struct SlashCall SlashCall;

typedef enum {
	FACE_INFO,    /* progress and facts: "added src/main.c (1.2k tokens)" */
	FACE_WARNING, /* something was left out or went half right */
	FACE_SUCCESS, /* a file was written, a session saved */
} FaceStatusKind;

typedef enum {
	FACE_CONFIRM_NO,    /* declined, or no answer */
	FACE_CONFIRM_YES,
	FACE_CONFIRM_ERROR, /* nobody can be asked (no terminal) */
} FaceConfirm;

/* What changed, for faces that show it (prompt, status bar). */
enum {
	FACE_CHANGED_MODEL = 1u << 0,
	FACE_CHANGED_SESSION = 1u << 1,
	FACE_CHANGED_METER = 1u << 2,
	FACE_CHANGED_THEME = 1u << 3,
	FACE_CHANGED_BUSY = 1u << 4,
};

/* The end of an answer, as recorded. */
typedef struct {
	const char *model;         /* the model that answered (or was answering); may be NULL */
	const char *fallback_from; /* the model that failed first, or NULL */
	unsigned flags;            /* SessionTurnFlags */
	int64_t tokens_in, tokens_out; /* -1 when unknown */
	int64_t ttft_ms, latency_ms;   /* -1 when unknown */
	guint turn;                /* its number in the session; 0 when it was not recorded */
	const AurError *error;     /* why it failed; NULL when it did not */
} FaceAnswer;

typedef struct {
	/* Command output: text (one or more lines, no trailing newline needed). */
	void (*print)(Face *f, const char *text);
	/* Command output written in markdown, shown the way answers are. */
	void (*markdown)(Face *f, const char *md);
	/* A one-line status message. */
	void (*status)(Face *f, FaceStatusKind kind, const char *text);
	/* An error with its hint. */
	void (*error)(Face *f, const AurError *err);
	/* A wait before a retry: seconds left (updated in place), 0 when it is over. */
	void (*countdown)(Face *f, int64_t seconds_left, const char *reason);
	/* A yes/no question; the default is no. */
	FaceConfirm (*confirm)(Face *f, const char *question);
	/* Put text on the system clipboard. */
	bool (*clipboard)(Face *f, const char *text, size_t len, AurError **err);
	/* The streaming answer. */
	void (*answer_begin)(Face *f, const char *model);
	void (*answer_delta)(Face *f, const char *text, size_t len);
	void (*answer_end)(Face *f, const FaceAnswer *a);
	/* FACE_CHANGED_* bits: redraw what shows them. */
	void (*changed)(Face *f, unsigned what);
	/* The face's own form of a command marked SLASH_FULL_SCREEN* in the table (/open, a
	 * picker for /model without an id...); false when it failed (the face said why).
	 * NULL for faces without one: the commands then say what they need. */
	bool (*command)(Face *f, const SlashCall *call);
} FaceOps;

struct Face {
	const FaceOps *ops;
	void *data;
};

/* Formatted shorthands for the operations above. */
void face_printf(Face *f, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void face_status(Face *f, FaceStatusKind kind, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
void face_error(Face *f, const AurError *err);
/* Build an error and show it; always returns false, for `return face_fail(...)`. */
bool face_fail(Face *f, AurErrorCategory cat, const char *hint, const char *fmt, ...)
	G_GNUC_PRINTF(4, 5);

#endif
