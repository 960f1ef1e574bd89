/* SPDX-License-Identifier: MIT */
/* OSC 52 clipboard sequences: text for the terminal to copy, wrapped for tmux or screen. */
#ifndef AURELIS_OSC52_H
#define AURELIS_OSC52_H

#include <stddef.h>

#include "error.h"

/*
 * ESC ] 52 ; c ; BASE64 BEL asks the terminal to put the decoded text on the system
 * clipboard; it works over ssh because it travels with the output.  Multiplexers sit in
 * between:
 *
 * - tmux ignores an application's OSC 52 unless `set-clipboard on`, and drops its DCS
 *   passthrough (ESC P tmux; ... ESC \) unless `allow-passthrough on` (tmux 3.3 and
 *   later).  Inside tmux both forms are sent, so either setting is enough; with both on
 *   the clipboard is simply set twice to the same text.
 * - GNU screen passes DCS strings of at most 768 bytes, so the sequence is cut into
 *   pieces, each wrapped in its own DCS.
 */

typedef enum {
	OSC52_PLAIN,  /* a terminal */
	OSC52_TMUX,   /* inside tmux ($TMUX set) */
	OSC52_SCREEN, /* inside GNU screen (TERM screen* without $TMUX) */
} Osc52Wrap;

/* Base64 bytes accepted; several terminals ignore longer sequences without a word. */
#define OSC52_MAX_ENCODED 100000

/* How to wrap for the environment: tmux and term are $TMUX and $TERM (may be NULL). */
Osc52Wrap osc52_wrap_for(const char *tmux, const char *term);

/* The bytes to write to the terminal to copy text.  NULL with err (category input) when
 * the text is empty or encodes to more than OSC52_MAX_ENCODED bytes.  Caller frees. */
char *osc52_sequence(const char *text, size_t len, Osc52Wrap wrap, AurError **err);

#endif
