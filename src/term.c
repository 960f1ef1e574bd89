/* SPDX-License-Identifier: MIT */
/* Plain-terminal helpers: colour decisions and prefixed messages on stderr. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "term.h"

static struct {
	bool initialised;
	bool color_out;
	bool color_err;
	bool quiet;
	signed char tty[3]; /* -1 unknown, 0 no, 1 yes */
} state = { .tty = { -1, -1, -1 } };

void
term_stdout_size(int *cols, int *rows)
{
	struct winsize ws;
	*cols = 80;
	*rows = 24;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		*cols = ws.ws_col;
		*rows = ws.ws_row > 0 ? ws.ws_row : 24;
		return;
	}
	const char *c = getenv("COLUMNS");
	gint64 v;
	if (c != NULL && g_ascii_string_to_signed(c, 10, 1, 10000, &v, NULL))
		*cols = (int)v;
}

bool
term_isatty(int fd)
{
	if (fd < 0 || fd > 2)
		return isatty(fd) == 1;
	if (state.tty[fd] < 0)
		state.tty[fd] = isatty(fd) == 1;
	return state.tty[fd] == 1;
}

void
term_init(bool no_color, bool quiet)
{
	const char *nc = getenv("NO_COLOR");
	const char *term = getenv("TERM");
	bool allowed = !no_color && (nc == NULL || *nc == '\0') &&
		       !(term != NULL && g_strcmp0(term, "dumb") == 0);
	state.color_out = allowed && term_isatty(STDOUT_FILENO);
	state.color_err = allowed && term_isatty(STDERR_FILENO);
	state.quiet = quiet;
	state.initialised = true;
}

bool term_color_stdout(void) { return state.color_out; }
bool term_color_stderr(void) { return state.color_err; }
bool term_quiet(void) { return state.quiet; }

const char *
term_sgr(FILE *stream, const char *sgr)
{
	static char buf[8][16];
	static unsigned slot;
	bool on = stream == stdout ? state.color_out : stream == stderr ? state.color_err : false;
	if (!on)
		return "";
	char *b = buf[slot++ % 8];
	g_snprintf(b, sizeof buf[0], "\033[%sm", sgr);
	return b;
}

void
term_message(TermMsgKind kind, const char *fmt, ...)
{
	if (state.quiet && kind != TERM_MSG_ERROR)
		return;
	static const struct { const char *label; const char *sgr; } kinds[] = {
		[TERM_MSG_ERROR] = { "error: ", "1;31" },
		[TERM_MSG_WARNING] = { "warning: ", "1;33" },
		[TERM_MSG_HINT] = { "  hint: ", "36" },
		[TERM_MSG_INFO] = { "", "2" },
	};
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	const char *on = term_sgr(stderr, kinds[kind].sgr);
	const char *off = *on ? term_sgr(stderr, TERM_RESET) : "";
	if (kind == TERM_MSG_HINT)
		fprintf(stderr, "%s%s%s%s\n", on, kinds[kind].label, off, msg);
	else
		fprintf(stderr, "aurelis: %s%s%s%s\n", on, kinds[kind].label, off, msg);
	g_free(msg);
}
