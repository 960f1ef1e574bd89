/* SPDX-License-Identifier: MIT */
/* The line-mode shell: readline's callback interface and the worker events in one poll()
 * loop, answers rendered above the prompt; a plain mode for pipes and scripts. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cache.h"
#include "commands.h"
#include "convo.h"
#include "edit-write.h"
#include "fsutil.h"
#include "histfile.h"
#include "line.h"
#include "log.h"
#include "osc52.h"
#include "provide-readline.h"
#include "render-ansi.h"
#include "render-highlight.h"
#include "slashcomp.h"
#include "term.h"
#include "theme.h"
#include "util.h"

/*
 * The prompt stays usable while an answer streams.  Everything printed while it is on the
 * screen goes through out_begin() (erase the prompt and what is typed after it) and
 * out_end() (draw them again below the new output), so output always lands above the
 * prompt.  The markdown renderer writes into a memory FILE; what it produced is copied to
 * the terminal in one piece, so a frame costs one erase and one redraw of the prompt.
 *
 * Signal handlers only write a byte to a pipe the loop polls (and, for Ctrl-C during a
 * blocking call such as a catalogue fetch, trigger that call's cancel token).
 *
 * While an answer streams, the renderer redraws its unfinished block in place, counting
 * on the prompt being the only thing below it.  So nothing else may print then: Enter
 * queues the line without leaving the prompt (which counts what waits), status lines and
 * errors are held back until the answer is complete, and Tab does not list completions.
 */

#define FRAME_MS 33
#define RECENT_TURNS 3
#define BLOCK_MARK "\"\"\""

typedef struct {
	const AurConfig *cfg;
	Convo *cv;
	Jobs *jobs;
	Face face;
	bool interactive;   /* readline on a terminal */
	bool dumb;          /* TERM=dumb: no cursor movement */
	bool quitting;      /* leave once no request runs */
	int status;         /* exit status: the last failure's */
	/* readline */
	bool prompt_shown;  /* the prompt is on the screen (not inside the line handler) */
	bool in_handler;
	bool handler_installed;
	bool swallow_int;   /* a Ctrl-C that already stopped a blocking command */
	char *prompt;
	GString *block;     /* a """ block being typed, or NULL */
	GQueue pending;     /* char *: lines entered while busy */
	GQueue deferred;    /* Deferred *: output held back while an answer streams */
	bool streaming;     /* answer text is arriving: its live preview is on screen */
	char *hist_path;
	bool countdown_shown;
	/* rendering */
	Theme *theme;
	ThemeDepth depth;
	int cols, rows;
	RenderStream *rs;
	FILE *rs_out;
	GString *rs_buf;
	/* plain mode */
	GString *inbuf;
	bool eof;
	bool answer_open;
	char last_char;
	int64_t last_wait;
} Line;

/* Something to print once the answer is complete. */
typedef struct {
	int kind;        /* FaceStatusKind, or -1 for print, -2 for an error */
	char *text;
	AurError *err;
} Deferred;

static Line *the_line;   /* readline's callbacks take no data pointer */
static int sig_pipe[2] = { -1, -1 };
static AurCancel *volatile sig_wait;

/* ---- signals -------------------------------------------------------------------------------- */

static void
on_signal(int sig)
{
	int saved = errno;
	char c = sig == SIGINT ? 'i' : sig == SIGWINCH ? 'w' : sig == SIGHUP ? 'h' : 't';
	if (sig == SIGINT && sig_wait != NULL)
		cancel_trigger(sig_wait);
	if (write(sig_pipe[1], &c, 1) < 0) {
		/* A full pipe already holds a wake-up. */
	}
	errno = saved;
}

static bool
install_signals(AurError **err)
{
	if (pipe(sig_pipe) != 0) {
		aur_error_set(err, AUR_ERR_INTERNAL, "The process may be out of file descriptors.",
			      "cannot create the signal pipe: %s", g_strerror(errno));
		return false;
	}
	for (int i = 0; i < 2; i++) {
		fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC);
		fcntl(sig_pipe[i], F_SETFL, O_NONBLOCK);
	}
	struct sigaction sa = { 0 };
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGWINCH, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return true;
}

static void
restore_signals(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGWINCH, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	for (int i = 0; i < 2; i++)
		if (sig_pipe[i] >= 0)
			close(sig_pipe[i]);
	sig_pipe[0] = sig_pipe[1] = -1;
}

/* A token Ctrl-C triggers while a command blocks; swapped with SIGINT blocked, so the
 * handler never sees one being freed. */
static void
set_sig_wait(AurCancel *c)
{
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, &old);
	sig_wait = c;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* ---- output around the prompt ---------------------------------------------------------------- */

static void
out_begin(Line *L)
{
	fflush(stdout);
	if (L->interactive && L->prompt_shown && !L->in_handler) {
		if (L->dumb)
			fputc('\n', stdout);
		else
			rl_clear_visible_line();
		fflush(stdout);
		L->prompt_shown = false;
	}
}

static void
out_end(Line *L)
{
	fflush(stdout);
	fflush(stderr);
	if (L->interactive && L->handler_installed && !L->prompt_shown && !L->in_handler) {
		rl_on_new_line();
		rl_redisplay();
		L->prompt_shown = true;
	}
}

/* The prompt: the model, the token meter, and a mark while an answer is arriving. */
static void
update_prompt(Line *L)
{
	if (!L->interactive)
		return;
	const char *model = convo_model(L->cv);
	const char *slash = strrchr(model, '/');
	g_autofree char *meter = convo_meter_text(L->cv);
	bool color = term_color_stdout() && !L->dumb;
	guint waiting = g_queue_get_length(&L->pending);
	g_autofree char *queued = waiting ? g_strdup_printf(" +%u queued", waiting) : g_strdup("");
	/* \001 and \002 tell readline which bytes take no columns. */
	const char *dim = color ? "\001\033[2m\002" : "";
	const char *accent = color ? "\001\033[36m\002" : "";
	const char *off = color ? "\001\033[0m\002" : "";
	/* Erase the old prompt while readline still knows its width. */
	out_begin(L);
	g_free(L->prompt);
	if (L->block != NULL)
		L->prompt = g_strdup_printf("%s...%s ", dim, off);
	else
		L->prompt = g_strdup_printf("%s%s%s %s%s%s%s%s \xe2\x80\xba ", accent,
					    slash ? slash + 1 : model, off, dim, meter,
					    convo_busy(L->cv) ? " \xe2\x80\xa6" : "", queued, off);
	rl_set_prompt(L->prompt);
	out_end(L);
}

static void
write_dim(FILE *to, const char *text)
{
	fprintf(to, "%s%s%s\n", term_sgr(to, TERM_DIM), text, term_sgr(to, TERM_RESET));
}

/* ---- rendering answers ----------------------------------------------------------------------- */

static ssize_t
cookie_write(void *c, const char *buf, size_t size)
{
	g_string_append_len(c, buf, (gssize)size);
	return (ssize_t)size;
}

static void
terminal_size(Line *L)
{
	struct winsize ws;
	L->cols = 80;
	L->rows = 24;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		L->cols = ws.ws_col;
		L->rows = ws.ws_row > 0 ? ws.ws_row : 24;
	}
}

static void
load_theme(Line *L)
{
	theme_free(L->theme);
	L->theme = NULL;
	L->depth = term_color_stdout() && !L->dumb
		   ? theme_depth_from_env(getenv("TERM"), getenv("COLORTERM")) : THEME_DEPTH_NONE;
	if (L->depth == THEME_DEPTH_NONE)
		return;
	g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
	L->theme = theme_open(convo_theme(L->cv), warnings);
	for (guint i = 0; i < warnings->len; i++)
		term_message(TERM_MSG_WARNING, "%s", (const char *)warnings->pdata[i]);
}

static void
render_options(Line *L, RenderOptions *o, RenderAnsiOptions *a)
{
	memset(o, 0, sizeof *o);
	memset(a, 0, sizeof *a);
	o->width = MAX(L->cols - 1, 20);
	o->markers = L->theme == NULL;
	o->ascii = !g_get_charset(NULL);
	o->highlight = L->theme != NULL ? render_highlight_code : NULL;
	a->theme = L->theme;
	a->depth = L->depth;
	a->base = ELEM_TEXT;
	/* The prompt takes the last row, so the live preview gets one row less. */
	a->live = L->interactive && !L->dumb;
	a->cols = L->cols;
	a->rows = MAX(L->rows - 1, 2);
}

/* Copy what the renderer produced to the terminal, above the prompt. */
static void
flush_render(Line *L)
{
	fflush(L->rs_out);
	if (L->rs_buf->len == 0)
		return;
	out_begin(L);
	L->countdown_shown = false;
	fwrite(L->rs_buf->str, 1, L->rs_buf->len, stdout);
	g_string_truncate(L->rs_buf, 0);
	out_end(L);
}

/* ---- the face ---------------------------------------------------------------------------------- */

static Line *
line_of(Face *f)
{
	return f->data;
}

static bool
defer(Line *L, int kind, const char *text, const AurError *err)
{
	if (!L->streaming)
		return false;
	Deferred *d = g_new0(Deferred, 1);
	d->kind = kind;
	d->text = g_strdup(text);
	d->err = err ? aur_error_copy(err) : NULL;
	g_queue_push_tail(&L->deferred, d);
	return true;
}

static void
deferred_free(gpointer p)
{
	Deferred *d = p;
	g_free(d->text);
	aur_error_free(d->err);
	g_free(d);
}

static void face_status_line(Face *f, FaceStatusKind kind, const char *text);
static void face_show_error(Face *f, const AurError *err);

static void
face_print(Face *f, const char *text)
{
	Line *L = line_of(f);
	if (defer(L, -1, text, NULL))
		return;
	out_begin(L);
	L->countdown_shown = false;
	fputs(text, stdout);
	if (*text == '\0' || text[strlen(text) - 1] != '\n')
		fputc('\n', stdout);
	out_end(L);
}

static void
face_markdown(Face *f, const char *md)
{
	Line *L = line_of(f);
	if (!L->interactive) {
		face_print(f, md);
		return;
	}
	RenderOptions o;
	RenderAnsiOptions a;
	render_options(L, &o, &a);
	g_autofree char *text = render_ansi_markdown(md, strlen(md), &o, &a);
	face_print(f, text);
}

static void
face_status_line(Face *f, FaceStatusKind kind, const char *text)
{
	Line *L = line_of(f);
	if (term_quiet() && kind != FACE_WARNING)
		return;
	if (defer(L, (int)kind, text, NULL))
		return;
	out_begin(L);
	L->countdown_shown = false;
	if (kind == FACE_WARNING)
		term_message(TERM_MSG_WARNING, "%s", text);
	else if (kind == FACE_SUCCESS)
		fprintf(stderr, "%s%s%s\n", term_sgr(stderr, TERM_GREEN), text,
			term_sgr(stderr, TERM_RESET));
	else
		write_dim(stderr, text);
	out_end(L);
}

static void
face_show_error(Face *f, const AurError *err)
{
	Line *L = line_of(f);
	if (defer(L, -2, NULL, err))
		return;
	out_begin(L);
	L->countdown_shown = false;
	int code = aur_error_report(err);
	/* A script learns from the status that something failed; a person saw it. */
	if (!L->interactive)
		L->status = code;
	out_end(L);
}

static void
countdown_plain(Line *L, int64_t left, const char *reason)
{
	if (left == 0) {
		L->last_wait = 0;
		return;
	}
	if (L->last_wait == 0 || left % 10 == 0 || left <= 3)
		if (left != L->last_wait && !term_quiet())
			fprintf(stderr, "aurelis: %s; retrying in %" G_GINT64_FORMAT " s\n", reason, left);
	L->last_wait = left;
}

/* One line above the prompt, rewritten in place each second. */
static void
face_countdown(Face *f, int64_t left, const char *reason)
{
	Line *L = line_of(f);
	if (!L->interactive || L->dumb) {
		countdown_plain(L, left, reason);
		return;
	}
	if (left == 0 && !L->countdown_shown)
		return;
	out_begin(L);
	if (L->countdown_shown)
		fputs("\033[A\r\033[K", stderr);
	if (left > 0)
		fprintf(stderr, "%s%s; retrying in %" G_GINT64_FORMAT " s%s\n",
			term_sgr(stderr, TERM_YELLOW), reason, left, term_sgr(stderr, TERM_RESET));
	L->countdown_shown = left > 0;
	out_end(L);
}

static FaceConfirm
face_confirm(Face *f, const char *question)
{
	Line *L = line_of(f);
	g_autoptr(AurError) e = NULL;
	if (!L->interactive) {
		EditConfirm c = edit_write_confirm(question, false, &e);
		if (c == EDIT_CONFIRM_ERROR)
			return FACE_CONFIRM_ERROR;
		return c == EDIT_CONFIRM_YES ? FACE_CONFIRM_YES : FACE_CONFIRM_NO;
	}
	out_begin(L);
	/* The answer is read as a line, in cooked mode. */
	rl_deprep_terminal();
	EditConfirm c = edit_write_confirm_fd(STDIN_FILENO, STDOUT_FILENO, question);
	rl_prep_terminal(0);
	out_end(L);
	return c == EDIT_CONFIRM_YES ? FACE_CONFIRM_YES : FACE_CONFIRM_NO;
}

/* OSC 52 goes to the controlling terminal, which is also right when stdout is a pipe. */
static bool
face_clipboard(Face *f, const char *text, size_t len, AurError **err)
{
	Line *L = line_of(f);
	g_autofree char *seq = osc52_sequence(text, len, osc52_wrap_for(getenv("TMUX"),
									 getenv("TERM")), err);
	if (seq == NULL)
		return false;
	int fd = open("/dev/tty", O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		aur_error_set(err, AUR_ERR_USAGE, "Run the shell in a terminal to copy, or /export the "
			      "session.", "there is no terminal to copy through: %s", g_strerror(errno));
		return false;
	}
	out_begin(L);
	bool ok = fs_write_all(fd, seq, strlen(seq));
	close(fd);
	out_end(L);
	if (!ok) {
		aur_error_set(err, AUR_ERR_IO, NULL, "cannot write to the terminal");
		return false;
	}
	return true;
}

static void
face_answer_begin(Face *f, const char *model)
{
	Line *L = line_of(f);
	(void)model;
	L->answer_open = true;
	L->last_char = '\n';
	if (!L->interactive)
		return;
	RenderOptions o;
	RenderAnsiOptions a;
	render_options(L, &o, &a);
	L->rs = render_ansi_stream_new(L->rs_out, &o, &a, FRAME_MS);
}

static void
face_answer_delta(Face *f, const char *text, size_t len)
{
	Line *L = line_of(f);
	if (len == 0)
		return;
	if (!L->interactive) {
		fwrite(text, 1, len, stdout);
		fflush(stdout);
		L->last_char = text[len - 1];
		return;
	}
	if (L->rs != NULL) {
		L->streaming = !L->dumb;
		render_stream_feed(L->rs, text, len);
		flush_render(L);
	}
}

static void
print_deferred(Line *L)
{
	Deferred *d;
	while ((d = g_queue_pop_head(&L->deferred)) != NULL) {
		if (d->kind == -1)
			face_print(&L->face, d->text);
		else if (d->kind == -2)
			face_show_error(&L->face, d->err);
		else
			face_status_line(&L->face, (FaceStatusKind)d->kind, d->text);
		deferred_free(d);
	}
}

/* "openai/gpt-4.1 · 120→340 tokens · 1.2 s · cancelled" */
static char *
footer(const FaceAnswer *a)
{
	GString *s = g_string_new(a->model ? a->model : "no model");
	if (a->tokens_in >= 0 && a->tokens_out >= 0)
		g_string_append_printf(s, " \xc2\xb7 %" G_GINT64_FORMAT "\xe2\x86\x92%" G_GINT64_FORMAT
				       " tokens", a->tokens_in, a->tokens_out);
	if (a->latency_ms >= 0)
		g_string_append_printf(s, " \xc2\xb7 %.1f s", (double)a->latency_ms / 1000.0);
	if (a->flags & SESSION_TURN_FALLBACK)
		g_string_append_printf(s, " \xc2\xb7 fallback from %s",
				       a->fallback_from ? a->fallback_from : "another model");
	if (a->flags & SESSION_TURN_CANCELLED)
		g_string_append(s, " \xc2\xb7 cancelled");
	if (a->flags & SESSION_TURN_CUT)
		g_string_append(s, " \xc2\xb7 cut short");
	if (a->flags & SESSION_TURN_CACHED)
		g_string_append(s, " \xc2\xb7 cached");
	return g_string_free(s, FALSE);
}

static void
face_answer_end(Face *f, const FaceAnswer *a)
{
	Line *L = line_of(f);
	L->answer_open = false;
	if (L->rs != NULL) {
		render_stream_finish(L->rs);
		render_stream_free(L->rs);
		L->rs = NULL;
		flush_render(L);
	}
	L->streaming = false;
	print_deferred(L);
	if (!L->interactive && L->last_char != '\n') {
		fputc('\n', stdout);
		fflush(stdout);
	}
	if (a->error != NULL) {
		face_show_error(f, a->error);
		return;
	}
	g_autofree char *text = footer(a);
	if (a->flags & SESSION_TURN_CANCELLED)
		L->status = L->interactive ? L->status : 130;
	if (term_quiet())
		return;
	out_begin(L);
	L->countdown_shown = false;
	/* In plain mode the footer is progress, for stderr; above the prompt it is part of
	 * the conversation. */
	write_dim(L->interactive ? stdout : stderr, text);
	out_end(L);
}

static void
face_changed(Face *f, unsigned what)
{
	Line *L = line_of(f);
	if (what & FACE_CHANGED_THEME)
		load_theme(L);
	update_prompt(L);
}

static const FaceOps line_face_ops = {
	.print = face_print,
	.markdown = face_markdown,
	.status = face_status_line,
	.error = face_show_error,
	.countdown = face_countdown,
	.confirm = face_confirm,
	.clipboard = face_clipboard,
	.answer_begin = face_answer_begin,
	.answer_delta = face_answer_delta,
	.answer_end = face_answer_end,
	.changed = face_changed,
};

/* ---- lines typed ----------------------------------------------------------------------------- */

static void
remember(Line *L, const char *entry)
{
	if (!L->interactive || config_get_int(L->cfg, "ui.history_size") <= 0)
		return;
	HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
	if (last != NULL && strcmp(last->line, entry) == 0)
		return;
	add_history(entry);
	g_autoptr(AurError) e = NULL;
	if (L->hist_path != NULL && !histfile_append(L->hist_path, entry, &e)) {
		face_status(&L->face, FACE_WARNING, "history not saved: %s", e->message);
		g_clear_pointer(&L->hist_path, g_free); /* say it once */
	}
}

/* Run a line with a cancel token Ctrl-C can trigger while a command blocks. */
static void
run_line(Line *L, const char *line)
{
	/* Each line is one user action: its own correlation id in the log. */
	g_autofree char *cid = log_new_cid();
	log_set_cid(cid);
	AurCancel *c = cancel_new();
	set_sig_wait(c);
	convo_set_wait_cancel(L->cv, c);
	SlashStatus st = commands_run_line(L->cv, line);
	convo_set_wait_cancel(L->cv, NULL);
	set_sig_wait(NULL);
	if (cancel_is_set(c))
		L->swallow_int = true;
	cancel_free(c);
	if (st == SLASH_QUIT)
		L->quitting = true;
	update_prompt(L);
}

static void
submit(Line *L, const char *text)
{
	if (text[strspn(text, " \t\r\n")] == '\0')
		return;
	remember(L, text);
	if (convo_busy(L->cv)) {
		g_queue_push_tail(&L->pending, g_strdup(text));
		update_prompt(L);
		return;
	}
	run_line(L, text);
}

static void
end_block(Line *L, const char *last, size_t n)
{
	g_string_append_len(L->block, last, (gssize)n);
	while (L->block->len > 0 && L->block->str[L->block->len - 1] == '\n')
		g_string_truncate(L->block, L->block->len - 1);
	g_autofree char *text = g_string_free(L->block, FALSE);
	L->block = NULL;
	update_prompt(L);
	submit(L, text);
}

/* A typed line: part of a """ block, the start of one, or a whole entry. */
static void
take_line(Line *L, const char *line)
{
	size_t n = strlen(line), mark = strlen(BLOCK_MARK);
	if (L->block != NULL) {
		if (n >= mark && g_str_has_suffix(line, BLOCK_MARK)) {
			end_block(L, line, n - mark);
		} else {
			g_string_append(L->block, line);
			g_string_append_c(L->block, '\n');
		}
		return;
	}
	if (g_str_has_prefix(line, BLOCK_MARK)) {
		const char *rest = line + mark;
		L->block = g_string_new(NULL);
		if (strlen(rest) >= mark && g_str_has_suffix(rest, BLOCK_MARK)) {
			end_block(L, rest, strlen(rest) - mark);
			return;
		}
		if (*rest != '\0') {
			g_string_append(L->block, rest);
			g_string_append_c(L->block, '\n');
		}
		update_prompt(L);
		return;
	}
	submit(L, line);
}

/* A line typed while an answer was arriving: show it, then take it as if typed now. */
static void
run_pending(Line *L)
{
	char *line = g_queue_pop_head(&L->pending);
	g_autofree char *first = g_strndup(line, strcspn(line, "\n"));
	face_status(&L->face, FACE_INFO, "\xe2\x80\xba %s%s", first,
		    strchr(line, '\n') ? " \xe2\x80\xa6" : "");
	update_prompt(L);
	take_line(L, line);
	g_free(line);
}

/* ---- readline ---------------------------------------------------------------------------------- */

static void
on_rl_line(char *line)
{
	Line *L = the_line;
	L->in_handler = true;
	L->prompt_shown = false;
	/* readline hands over the terminal in cooked mode, where keys typed meanwhile would
	 * be edited by the tty (^U, ^W) and ^D would become an end of file.  Keep it raw;
	 * readline skips preparing it again afterwards. */
	if (line != NULL)
		rl_prep_terminal(0);
	if (line == NULL) {
		/* Ctrl-D: an answer in flight stops and is kept, then we leave. */
		fputc('\n', stdout);
		L->quitting = true;
		convo_cancel(L->cv);
	} else {
		take_line(L, line);
		free(line);
	}
	L->in_handler = false;
	if (L->quitting && L->handler_installed) {
		rl_callback_handler_remove();
		L->handler_installed = false;
	}
}

/* Enter while an answer arrives: keep the line for later without leaving the prompt,
 * which the renderer needs to stay the only thing below the answer. */
static int
accept_or_queue(int count, int key)
{
	Line *L = the_line;
	if (!convo_busy(L->cv) && g_queue_is_empty(&L->pending))
		return rl_newline(count, key);
	if (rl_line_buffer[strspn(rl_line_buffer, " \t\r\n")] != '\0')
		g_queue_push_tail(&L->pending, g_strdup(rl_line_buffer));
	rl_replace_line("", 0);
	update_prompt(L);
	return 0;
}

static int
insert_newline(int count, int key)
{
	(void)key;
	for (int i = 0; i < MAX(count, 1); i++)
		rl_insert_text("\n");
	return 0;
}

static char **
comp_attempt(const char *text, int start, int end)
{
	rl_attempted_completion_over = 1;
	slashcomp_clear();
	/* A list of matches would land between the answer and the prompt. */
	if (the_line->streaming)
		return NULL;
	return slashcomp_attempt(the_line->cv, text, start, end);
}

static void
setup_readline(Line *L)
{
	rl_readline_name = "aurelis";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_initialize();
	rl_variable_bind("enable-bracketed-paste", "on");
	rl_bind_key('\r', accept_or_queue);
	rl_bind_key('\n', accept_or_queue);
	rl_bind_keyseq("\\e\\r", insert_newline);
	rl_bind_keyseq("\\e\\n", insert_newline);
	rl_attempted_completion_function = comp_attempt;
	rl_completer_word_break_characters = (char *)" \t\n";
	int64_t keep = config_get_int(L->cfg, "ui.history_size");
	if (keep > 0) {
		L->hist_path = histfile_path(true);
		g_autoptr(GPtrArray) old = histfile_load(L->hist_path);
		for (guint i = old->len > (guint64)keep ? old->len - (guint)keep : 0; i < old->len; i++)
			add_history(old->pdata[i]);
		stifle_history((int)MIN(keep, G_MAXINT));
	}
	update_prompt(L);
	rl_callback_handler_install(L->prompt, on_rl_line);
	L->handler_installed = true;
	L->prompt_shown = true;
}

/* Keep what other shells appended meanwhile; only trim the file to ui.history_size. */
static void
save_history(Line *L)
{
	if (L->hist_path == NULL)
		return;
	int64_t keep = config_get_int(L->cfg, "ui.history_size");
	g_autoptr(GPtrArray) all = histfile_load(L->hist_path);
	g_autoptr(AurError) e = NULL;
	if (all->len > (guint64)keep && !histfile_save(L->hist_path, all, keep, &e))
		term_message(TERM_MSG_WARNING, "history not trimmed: %s", e->message);
}

/* Ctrl-C at the prompt: drop what was typed and start a fresh line. */
static void
clear_input(Line *L)
{
	if (L->block != NULL) {
		g_string_free(L->block, TRUE);
		L->block = NULL;
		update_prompt(L);
	}
	rl_point = rl_end;
	rl_redisplay();
	fputs("^C", stdout);
	rl_crlf();
	rl_replace_line("", 0);
	rl_on_new_line();
	rl_redisplay();
}

/* ---- the loop ------------------------------------------------------------------------------------ */

static void
on_interrupt(Line *L)
{
	if (L->swallow_int) {
		L->swallow_int = false;
		return;
	}
	if (convo_busy(L->cv)) {
		convo_cancel(L->cv);
		if (!L->interactive) {
			L->quitting = true;
			L->status = 130;
		}
		return;
	}
	if (!L->interactive || !L->handler_installed) {
		L->quitting = true;
		L->status = 130;
		return;
	}
	clear_input(L);
}

static void
handle_signals(Line *L)
{
	char buf[32];
	ssize_t n;
	while ((n = read(sig_pipe[0], buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == 'i') {
				on_interrupt(L);
			} else if (buf[i] == 'w') {
				terminal_size(L);
				if (L->interactive)
					rl_resize_terminal();
			} else {
				/* SIGTERM or SIGHUP: stop, keep what arrived, leave. */
				L->status = buf[i] == 'h' ? 128 + SIGHUP : 128 + SIGTERM;
				L->quitting = true;
				convo_cancel(L->cv);
			}
		}
	}
}

static void
drain_events(Line *L)
{
	JobEvent *ev;
	while ((ev = jobs_next_event(L->jobs)) != NULL) {
		convo_handle_event(L->cv, ev);
		jobs_event_free(ev);
	}
}

/* Plain mode: the next complete line of input (or the rest at the end), or NULL. */
static char *
next_plain_line(Line *L)
{
	const char *nl = memchr(L->inbuf->str, '\n', L->inbuf->len);
	if (nl == NULL && !(L->eof && L->inbuf->len > 0))
		return NULL;
	size_t n = nl ? (size_t)(nl - L->inbuf->str) : L->inbuf->len;
	char *line = g_strndup(L->inbuf->str, n);
	g_string_erase(L->inbuf, 0, (gssize)MIN(n + 1, L->inbuf->len));
	if (n > 0 && line[n - 1] == '\r')
		line[n - 1] = '\0';
	if (!g_utf8_validate(line, -1, NULL)) {
		char *valid = g_utf8_make_valid(line, -1);
		g_free(line);
		line = valid;
	}
	return line;
}

static void
read_plain(Line *L)
{
	char buf[65536];
	ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0)
		L->eof = true;
	else
		g_string_append_len(L->inbuf, buf, n);
}

/* Work that needs no waiting: queued lines, buffered input, the end of input. */
static bool
step(Line *L)
{
	if (convo_busy(L->cv))
		return false;
	if (L->quitting)
		return false;
	if (!g_queue_is_empty(&L->pending)) {
		run_pending(L);
		return true;
	}
	if (L->interactive)
		return false;
	g_autofree char *line = next_plain_line(L);
	if (line != NULL) {
		take_line(L, line);
		return true;
	}
	if (L->eof && L->block != NULL) {
		face_status(&L->face, FACE_WARNING, "the input ended inside a \"\"\" block; sending it");
		end_block(L, "", 0);
		return true;
	}
	if (L->eof)
		L->quitting = true;
	return false;
}

static int
poll_timeout(Line *L)
{
	int64_t due = L->rs ? render_stream_deadline(L->rs) : -1;
	if (due < 0)
		return -1;
	return (int)CLAMP((due - g_get_monotonic_time()) / 1000 + 1, 0, 1000);
}

static void
loop(Line *L)
{
	while (!(L->quitting && !convo_busy(L->cv))) {
		if (step(L))
			continue;
		if (L->quitting && !convo_busy(L->cv))
			break;
		struct pollfd p[3] = {
			{ sig_pipe[0], POLLIN, 0 },
			{ jobs_wake_fd(L->jobs), POLLIN, 0 },
			{ STDIN_FILENO, POLLIN, 0 },
		};
		bool input = L->interactive ? L->handler_installed
			     : !L->eof && !convo_busy(L->cv) && !L->quitting;
		int r = poll(p, input ? 3 : 2, poll_timeout(L));
		if (r < 0 && errno != EINTR)
			break;
		if (r > 0 && p[0].revents)
			handle_signals(L);
		if (r > 0 && p[1].revents)
			drain_events(L);
		if (r > 0 && input && p[2].revents) {
			if (!L->interactive) {
				read_plain(L);
			} else {
				rl_callback_read_char();
				if (L->handler_installed)
					L->prompt_shown = true;
			}
		}
		if (L->rs != NULL && render_stream_deadline(L->rs) >= 0 &&
		    render_stream_deadline(L->rs) <= g_get_monotonic_time()) {
			render_stream_flush(L->rs);
			flush_render(L);
		}
	}
}

/* ---- start and end -------------------------------------------------------------------------------- */

static bool
is_dumb(void)
{
	const char *term = getenv("TERM");
	return term == NULL || *term == '\0' || strcmp(term, "dumb") == 0;
}

const char *
line_why_not_full_screen(int min_cols, int min_rows)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return "standard input or output is not a terminal";
	if (is_dumb())
		return "TERM is dumb or unset";
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 &&
	    (ws.ws_col < min_cols || ws.ws_row < min_rows))
		return "the terminal is too small";
	return NULL;
}

static void
greet(Line *L, const LineOptions *o)
{
	if (o->note != NULL)
		face_status(&L->face, FACE_INFO, "%s", o->note);
	Session *s = convo_session(L->cv);
	const GPtrArray *warn = session_warnings(s);
	for (guint i = 0; i < warn->len; i++)
		face_status(&L->face, FACE_WARNING, "%s", (const char *)warn->pdata[i]);
	if (!L->interactive)
		return;
	if (o->show_recent)
		commands_show_recent(L->cv, RECENT_TURNS);
	face_status(&L->face, FACE_INFO, "/help lists the commands; Alt-Enter or \"\"\" for "
		    "several lines; Ctrl-C stops an answer; Ctrl-D leaves");
}

static void
teardown(Line *L)
{
	if (L->handler_installed)
		rl_callback_handler_remove();
	if (L->interactive)
		save_history(L);
	if (L->rs != NULL)
		render_stream_free(L->rs);
	jobs_free(L->jobs); /* first: a request still running uses the Convo's token */
	convo_free(L->cv);
	restore_signals();
	if (L->rs_out != NULL)
		fclose(L->rs_out);
	g_string_free(L->rs_buf, TRUE);
	g_string_free(L->inbuf, TRUE);
	if (L->block != NULL)
		g_string_free(L->block, TRUE);
	g_queue_clear_full(&L->pending, g_free);
	g_queue_clear_full(&L->deferred, deferred_free);
	theme_free(L->theme);
	g_free(L->prompt);
	g_free(L->hist_path);
	slashcomp_clear();
	the_line = NULL;
}

int
line_run(const LineOptions *o)
{
	g_autoptr(AurError) e = NULL;
	Line L = { .cfg = o->cfg };
	L.interactive = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	L.dumb = is_dumb();
	L.jobs = jobs_new(2, &e);
	if (L.jobs == NULL || !install_signals(&e)) {
		session_free(o->session);
		jobs_free(L.jobs);
		return aur_error_report(e);
	}
	the_line = &L;
	L.face = (Face){ &line_face_ops, &L };
	ConvoOptions co = { .cfg = o->cfg, .jobs = L.jobs, .face = &L.face, .model = o->model,
			    .cache = cache_policy(o->cfg, o->no_cache, false), .command = "shell" };
	L.cv = convo_new(&co, o->session);
	L.rs_buf = g_string_new(NULL);
	L.rs_out = fopencookie(L.rs_buf, "w", (cookie_io_functions_t){ .write = cookie_write });
	L.inbuf = g_string_new(NULL);
	g_queue_init(&L.pending);
	g_queue_init(&L.deferred);
	terminal_size(&L);
	load_theme(&L);
	/* readline first: it takes the terminal out of cooked mode, so keys typed while the
	 * last turns are shown wait for it instead of being echoed and edited by the tty. */
	if (L.interactive)
		setup_readline(&L);
	greet(&L, o);
	loop(&L);
	if (L.interactive && L.prompt_shown)
		fputc('\n', stdout);
	int status = L.status;
	teardown(&L);
	return status;
}
