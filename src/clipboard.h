/* SPDX-License-Identifier: MIT */
/* Copying text to the system clipboard: OSC 52 through the terminal, or a clipboard program
 * (wl-copy, xclip, xsel) when the terminal cannot take it. */
#ifndef AURELIS_CLIPBOARD_H
#define AURELIS_CLIPBOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

#include "error.h"

/*
 * OSC 52 travels with the output, so it works over ssh and needs nothing installed; the
 * terminal decides whether to honour it.  It is not used when it cannot arrive: on the
 * Linux console, for text beyond the sequence limit (src/osc52.h), and inside tmux when
 * neither `set-clipboard on` (tmux then keeps the text as a paste buffer and passes it on)
 * nor `allow-passthrough on` (the DCS-wrapped copy reaches the outer terminal) is set.  In
 * those cases a clipboard program is used when the session has a display for it.  The
 * choice is a pure function of the facts in ClipboardEnv, so it can be tested; the facts
 * come from the environment and, inside tmux, from one `tmux display-message` call.
 */

typedef enum {
	CLIPBOARD_OSC52,
	CLIPBOARD_COMMAND,
} ClipboardMethod;

typedef struct {
	const char *mode;        /* ui.clipboard: "auto", "osc52" or "command" */
	const char *term;        /* $TERM */
	const char *tmux;        /* $TMUX (NULL or "" outside tmux) */
	int tmux_forwards;       /* inside tmux: 1 set-clipboard on or allow-passthrough on,
				  * 0 neither, -1 unknown */
	char **command;          /* the clipboard program to use, or NULL (clipboard_command()) */
} ClipboardEnv;

typedef struct {
	ClipboardMethod method;
	char *sequence;          /* OSC52: the bytes to write to the terminal */
	GStrv argv;              /* COMMAND: the program the text is piped into */
	char *note;              /* a remark for the user (why this way), or NULL */
} ClipboardPlan;

/* The facts from the environment for mode; asks tmux about its settings when inside it.
 * Clear with clipboard_env_clear(). */
void clipboard_env_detect(ClipboardEnv *env, const char *mode);
void clipboard_env_clear(ClipboardEnv *env);

/* The clipboard program this session can use: wl-copy with $WAYLAND_DISPLAY, else xclip or
 * xsel with $DISPLAY, found on $PATH.  NULL when there is none.  Caller frees. */
GStrv clipboard_command(void);

/* How to copy text[0..len): see the comment above.  false with err (category input) when
 * it cannot be copied at all: empty text, or too large with no program to take it, or mode
 * "command" without a program.  Clear out with clipboard_plan_clear(). */
bool clipboard_plan(const ClipboardEnv *env, const char *text, size_t len, ClipboardPlan *out,
		    AurError **err);
void clipboard_plan_clear(ClipboardPlan *p);

/* Pipe text into argv and wait for it to exit (the programs fork a helper that keeps the
 * selection).  false with err when it cannot run or fails. */
bool clipboard_run(const char *const *argv, const char *text, size_t len, AurError **err);

#endif
