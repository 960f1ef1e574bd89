/* SPDX-License-Identifier: MIT */
/* Terminal set-up and restore for the full-screen interface, signals and crash handling. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <glib.h>
#include <glib-unix.h>

#include "fsutil.h"
#include "provide-curses.h"
#include "tui-screen.h"

/*
 * curses writes to the output's file descriptor itself (not through stdio), so bytes sent to
 * the terminal are measured outside, on the pty (bench/bench_tui.py).
 *
 * Signal handlers only write the signal number to a pipe the main loop polls.  Crash
 * signals are different: their handler writes a restore sequence prepared in advance and
 * resets the termios saved at start with async-signal-safe calls, then lets the previous
 * handler (the default, or a sanitizer's) deal with the crash.
 *
 * Without the alternate screen, curses would still send smcup when it starts and rmcup
 * when it ends; both are sent once by newterm()/endwin(), so we undo the first one at once
 * and blank the two strings in the loaded terminal description, which keeps the normal
 * screen and its scrollback.
 */

static const int forwarded[] = { SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGCONT };
static const int crashes[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };

static struct {
	SCREEN *scr;
	FILE *out, *in;
	int out_fd, tty_fd;
	bool active, suspended;
	struct termios saved;
	bool saved_ok;
	char restore[512];
	size_t restore_len;
	int sigpipe[2];
	struct sigaction old_fwd[G_N_ELEMENTS(forwarded)];
	struct sigaction old_crash[G_N_ELEMENTS(crashes)];
	bool mouse;
} S = { .sigpipe = { -1, -1 }, .out_fd = -1, .tty_fd = -1 };

/* ---- output ------------------------------------------------------------------------------ */

/* Straight to the terminal: call it when curses has nothing buffered (after doupdate(),
 * endwin()), since curses keeps its own buffer and writes it with write(). */
void
tui_screen_raw(const char *seq)
{
	if (S.out_fd >= 0)
		(void)fs_write_all(S.out_fd, seq, strlen(seq));
}

/* ---- signals --------------------------------------------------------------------------- */

static void
on_signal(int sig)
{
	int saved = errno;
	unsigned char b = (unsigned char)sig;
	if (write(S.sigpipe[1], &b, 1) < 0) {
		/* A full pipe already wakes the loop. */
	}
	errno = saved;
}

static void
emergency_restore(void)
{
	if (!S.active)
		return;
	S.active = false;
	if (S.restore_len > 0 && write(S.out_fd, S.restore, S.restore_len) < 0) {
		/* Nothing more can be done while crashing. */
	}
	if (S.saved_ok)
		tcsetattr(S.tty_fd, TCSANOW, &S.saved);
}

static void
on_crash(int sig, siginfo_t *info, void *uctx)
{
	emergency_restore();
	for (size_t i = 0; i < G_N_ELEMENTS(crashes); i++)
		if (crashes[i] == sig)
			sigaction(sig, &S.old_crash[i], NULL);
	/* A fault happens again when we return, now under the previous handler (the default,
	 * or a sanitizer's, which then reports it); an abort() or a signal someone sent is
	 * raised again. */
	if (sig == SIGABRT || info == NULL || info->si_code <= 0)
		raise(sig);
}

static void
install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sa.sa_handler = on_signal;
	for (size_t i = 0; i < G_N_ELEMENTS(forwarded); i++)
		sigaction(forwarded[i], &sa, &S.old_fwd[i]);
	sa.sa_handler = NULL;
	sa.sa_sigaction = on_crash;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	for (size_t i = 0; i < G_N_ELEMENTS(crashes); i++)
		sigaction(crashes[i], &sa, &S.old_crash[i]);
}

static void
remove_signals(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(forwarded); i++)
		sigaction(forwarded[i], &S.old_fwd[i], NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(crashes); i++)
		sigaction(crashes[i], &S.old_crash[i], NULL);
}

int
tui_screen_signal_fd(void)
{
	return S.sigpipe[0];
}

int
tui_screen_next_signal(void)
{
	unsigned char b;
	return read(S.sigpipe[0], &b, 1) == 1 ? b : 0;
}

/* ---- set-up ----------------------------------------------------------------------------- */

static const char *
cap(const char *name)
{
	char *s = tigetstr(name);
	return s == NULL || s == (char *)-1 ? NULL : s;
}

static void
restore_add(const char *seq)
{
	size_t n = seq ? strlen(seq) : 0;
	if (n > 0 && S.restore_len + n < sizeof S.restore) {
		memcpy(S.restore + S.restore_len, seq, n);
		S.restore_len += n;
	}
}

/* Prepared while nothing is wrong, for on_crash(). */
static void
prepare_restore(bool alt)
{
	S.restore_len = 0;
	restore_add("\033[?2004l");
	if (S.mouse)
		restore_add("\033[?1006l\033[?1002l\033[?1000l");
	restore_add(cap("sgr0"));
	restore_add(cap("cnorm"));
	restore_add(cap("rmkx"));
	if (alt)
		restore_add(cap("rmcup"));
	restore_add("\r\n");
}

static void
keep_normal_screen(void)
{
	char *rmcup = (char *)cap("rmcup"), *smcup = (char *)cap("smcup");
	/* curses has sent smcup by now (flushed by the first update); leave at once. */
	if (rmcup != NULL)
		tui_screen_raw(rmcup);
	/* Blanked in place: newterm() has loaded them into a writable table. */
	if (rmcup != NULL)
		rmcup[0] = '\0';
	if (smcup != NULL)
		smcup[0] = '\0';
	/* The normal screen still shows what was there: the first frame repaints it all. */
	clearok(curscr, TRUE);
}

bool
tui_screen_check(bool replay, AurError **err)
{
	const char *term = g_getenv("TERM");
	if (replay)
		return true;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		aur_error_set(err, AUR_ERR_USAGE,
			      "Run it from a terminal, or use the one-shot commands in scripts.",
			      "the full-screen interface needs a terminal on standard input and output");
		return false;
	}
	if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0) {
		aur_error_set(err, AUR_ERR_USAGE, "Set TERM to your terminal's type (for example "
						  "xterm-256color).",
			      "the terminal type %s cannot host the full-screen interface",
			      term && *term ? term : "(TERM is not set)");
		return false;
	}
	return true;
}

static bool
open_streams(const TuiScreenOptions *o, AurError **err)
{
	S.out = o->replay ? fopen("/dev/null", "we") : stdout;
	S.in = o->replay ? fopen("/dev/null", "re") : stdin;
	if (S.out == NULL || S.in == NULL) {
		aur_error_set(err, AUR_ERR_IO, NULL, "cannot open the terminal: %s", g_strerror(errno));
		return false;
	}
	S.out_fd = fileno(S.out);
	S.tty_fd = o->replay ? -1 : STDIN_FILENO;
	if (S.tty_fd >= 0)
		S.saved_ok = tcgetattr(S.tty_fd, &S.saved) == 0;
	return true;
}

static void
setup_modes(const TuiScreenOptions *o)
{
	raw();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	if (o->color && has_colors()) {
		start_color();
		use_default_colors();
	}
	if (o->mouse) {
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED,
			  NULL);
		mouseinterval(0);
	}
	/* Bracketed paste: the terminal wraps pasted text in these, which we map to keys. */
	define_key("\033[200~", KEY_MAX + 1);
	define_key("\033[201~", KEY_MAX + 2);
}

bool
tui_screen_open(const TuiScreenOptions *o, AurError **err)
{
	if (!tui_screen_check(o->replay, err))
		return false;
	if (S.sigpipe[0] < 0 && !g_unix_open_pipe(S.sigpipe, FD_CLOEXEC, NULL)) {
		aur_error_set(err, AUR_ERR_IO, NULL, "cannot create a pipe: %s", g_strerror(errno));
		return false;
	}
	g_unix_set_fd_nonblocking(S.sigpipe[0], TRUE, NULL);
	g_unix_set_fd_nonblocking(S.sigpipe[1], TRUE, NULL);
	if (!open_streams(o, err))
		return false;
	const char *term = g_getenv("TERM");
	if (o->replay && (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0))
		term = "xterm-256color";
	/* Our handlers first, so that curses does not install its own. */
	install_signals();
	S.scr = newterm(term, S.out, S.in);
	if (S.scr == NULL) {
		remove_signals();
		aur_error_set(err, AUR_ERR_USAGE, "Set TERM to a type your system knows (infocmp "
						  "lists it), for example xterm-256color.",
			      "the terminal type '%s' is unknown", term ? term : "");
		return false;
	}
	set_term(S.scr);
	S.active = true;
	S.mouse = o->mouse;
	if (o->replay)
		resizeterm(o->replay_rows, o->replay_cols);
	setup_modes(o);
	/* Send what curses has so far (smcup, keypad mode) before our own sequences. */
	wnoutrefresh(stdscr);
	doupdate();
	if (!o->alt_screen)
		keep_normal_screen();
	prepare_restore(o->alt_screen);
	tui_screen_raw("\033[?2004h");
	return true;
}

void
tui_screen_close(void)
{
	if (S.scr == NULL)
		return;
	endwin();
	tui_screen_raw("\033[?2004l");
	S.active = false;
	delscreen(S.scr);
	S.scr = NULL;
	if (S.out != stdout)
		fclose(S.out);
	S.out = NULL;
	if (S.in != stdin)
		fclose(S.in);
	S.in = NULL;
	S.out_fd = -1;
	if (S.saved_ok)
		tcsetattr(S.tty_fd, TCSANOW, &S.saved);
	remove_signals();
	close(S.sigpipe[0]);
	close(S.sigpipe[1]);
	S.sigpipe[0] = S.sigpipe[1] = -1;
}

/* ---- size and suspension ---------------------------------------------------------------- */

bool
tui_screen_resize(int *rows, int *cols)
{
	struct winsize ws;
	if (S.tty_fd >= 0 && ioctl(S.out_fd, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0 && (ws.ws_row != LINES || ws.ws_col != COLS))
		resizeterm(ws.ws_row, ws.ws_col);
	bool changed = *rows != LINES || *cols != COLS;
	*rows = LINES;
	*cols = COLS;
	return changed;
}

void
tui_screen_set_size(int rows, int cols)
{
	resizeterm(rows, cols);
}

void
tui_screen_suspend(void)
{
	if (S.suspended || S.scr == NULL)
		return;
	def_prog_mode();
	endwin();
	tui_screen_raw("\033[?2004l");
	S.suspended = true;
}

void
tui_screen_resume(void)
{
	if (!S.suspended)
		return;
	S.suspended = false;
	reset_prog_mode();
	clearok(curscr, TRUE);
	doupdate();
	tui_screen_raw("\033[?2004h");
}
