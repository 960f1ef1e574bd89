/* SPDX-License-Identifier: MIT */
/* OSC 52 clipboard sequences, base64 by GLib, with tmux and screen passthrough. */
#include "autoconfig.h"

#include <string.h>

#include <glib.h>

#include "osc52.h"

/* GNU screen's limit on one DCS string is 768 bytes; stay well below it. */
#define SCREEN_PIECE 76

Osc52Wrap
osc52_wrap_for(const char *tmux, const char *term)
{
	if (tmux != NULL && *tmux != '\0')
		return OSC52_TMUX;
	if (term != NULL && g_str_has_prefix(term, "screen"))
		return OSC52_SCREEN;
	return OSC52_PLAIN;
}

/* ESC P tmux; SEQ ESC \, with every ESC inside doubled as tmux requires. */
static void
append_tmux(GString *out, const char *seq)
{
	g_string_append(out, "\033Ptmux;");
	for (const char *p = seq; *p; p++) {
		if (*p == '\033')
			g_string_append_c(out, '\033');
		g_string_append_c(out, *p);
	}
	g_string_append(out, "\033\\");
}

static void
append_screen(GString *out, const char *seq)
{
	size_t len = strlen(seq);
	for (size_t off = 0; off < len; off += SCREEN_PIECE) {
		g_string_append(out, "\033P");
		g_string_append_len(out, seq + off, (gssize)MIN(SCREEN_PIECE, len - off));
		g_string_append(out, "\033\\");
	}
}

char *
osc52_sequence(const char *text, size_t len, Osc52Wrap wrap, AurError **err)
{
	if (text == NULL || len == 0) {
		aur_error_set(err, AUR_ERR_INPUT, "There is nothing to copy.", "the text is empty");
		return NULL;
	}
	/* 4 output bytes per 3 input bytes, rounded up. */
	if (len > (size_t)OSC52_MAX_ENCODED / 4 * 3) {
		aur_error_set(err, AUR_ERR_INPUT, "Save it to a file instead (/export, or copy from "
			      "the screen); terminals drop longer clipboard sequences.",
			      "%zu bytes is too much for the terminal clipboard (at most %d)", len,
			      OSC52_MAX_ENCODED / 4 * 3);
		return NULL;
	}
	g_autofree char *b64 = g_base64_encode((const guchar *)text, len);
	/* BEL rather than ESC \ ends the OSC, so that wrapping it in a DCS cannot end early. */
	g_autofree char *seq = g_strdup_printf("\033]52;c;%s\a", b64);
	GString *out = g_string_new(NULL);
	switch (wrap) {
	case OSC52_TMUX:
		g_string_append(out, seq);
		append_tmux(out, seq);
		break;
	case OSC52_SCREEN:
		append_screen(out, seq);
		break;
	case OSC52_PLAIN:
	default:
		g_string_append(out, seq);
		break;
	}
	return g_string_free(out, FALSE);
}
