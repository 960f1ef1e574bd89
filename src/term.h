/* SPDX-License-Identifier: MIT */
/* Plain-terminal helpers for the core: colour decisions and stderr messages (no curses). */
#ifndef AURELIS_TERM_H
#define AURELIS_TERM_H

#include <stdbool.h>
#include <stdio.h>
#include <glib.h>

typedef enum {
	TERM_MSG_ERROR,   /* always shown */
	TERM_MSG_WARNING, /* hidden by --quiet */
	TERM_MSG_HINT,    /* follows an error or warning; hidden with it */
	TERM_MSG_INFO,    /* progress and status; hidden by --quiet */
} TermMsgKind;

/* Decide colours once: no_color is --no-color; NO_COLOR and non-terminals also disable. */
void term_init(bool no_color, bool quiet);
bool term_color_stdout(void);
bool term_color_stderr(void);
bool term_quiet(void);
/* True when fd is a terminal (cached after the first call per fd 0..2). */
bool term_isatty(int fd);

void term_message(TermMsgKind kind, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* The size of the terminal on standard output; when it is not one, 80x24, or $COLUMNS
 * (1 to 10000) wide. */
void term_stdout_size(int *cols, int *rows);

/* SGR helpers: return "" when colour is off for that stream. */
const char *term_sgr(FILE *stream, const char *sgr);
#define TERM_RESET "0"
#define TERM_BOLD  "1"
#define TERM_DIM   "2"
#define TERM_RED   "31"
#define TERM_GREEN "32"
#define TERM_YELLOW "33"
#define TERM_BLUE  "34"
#define TERM_MAGENTA "35"
#define TERM_CYAN  "36"

#endif
