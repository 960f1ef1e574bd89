/* SPDX-License-Identifier: MIT */
/* The input line: readline in callback mode, fed by the main loop, drawn by us. */
#include "autoconfig.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "provide-readline.h"

#include "config.h"
#include "fsutil.h"
#include "histfile.h"
#include "slashcomp.h"
#include "textwidth.h"
#include "commands.h"
#include "tui-conv.h"
#include "tui-input.h"
#include "tui-keys.h"
#include "tui-screen.h"
#include "tui-wrap.h"

/*
 * Readline never touches the terminal here: its terminal preparation, signal handling and
 * environment changes are off, its input comes from rl_getc_function (a queue we fill with
 * the bytes of each key), and rl_redisplay_function only marks the input pane dirty; the
 * pane draws rl_display_prompt, rl_line_buffer and rl_point itself.  Keys reach readline as
 * the bytes a terminal would send, so readline's own bindings, ~/.inputrc and incremental
 * search (C-r) work unchanged.
 *
 * The history file holds one entry per line with backslash and newline escaped, because
 * readline's own history file format cannot store multi-line entries.
 */

#define PROMPT "\xe2\x80\xba " /* › */
#define MAX_EDIT (1u << 20)

static TuiApp *the_app;
static GString *queue;
static size_t queue_pos;
static FILE *devnull;

static void feed_bytes(const char *bytes);

/* A question asked in the input line (tui_input_ask). */
static struct {
	bool on;
	bool files;
	TuiTextFn fn;
	void *data;
	GDestroyNotify free_data;
	TuiPaneId back;       /* the pane to go back to */
} ask;

/* The user's own text while a question uses the line. */
static struct {
	char *text;
	int point;
	bool saved;
} draft;

/* readline clears the line after its line handler returns, so a line set from inside the
 * handler (or from what it calls) is set once readline is done. */
static struct {
	char *text;
	int point;
	bool due;
} later;
static bool in_readline;

/* ---- readline hooks ---------------------------------------------------------------------- */

static int
input_getc(FILE *f)
{
	if (queue_pos < queue->len)
		return (unsigned char)queue->str[queue_pos++];
	/* Not reached: readline is only run while bytes are queued.  A NUL is harmless. */
	return 0;
}

static int
input_available(void)
{
	return queue_pos < queue->len;
}

static void
input_redisplay(void)
{
	if (the_app != NULL)
		tui_dirty(the_app, PANE_INPUT, TUI_REPAINT);
}

static void
no_term(int meta)
{
}

static void
no_deprep(void)
{
}

static void
set_line(const char *text, int point)
{
	if (in_readline) {
		g_free(later.text);
		later.text = g_strdup(text);
		later.point = point;
		later.due = true;
		return;
	}
	rl_replace_line(text, 0);
	rl_point = CLAMP(point, 0, rl_end);
	input_redisplay();
}

static void
save_draft(void)
{
	if (draft.saved)
		return;
	g_free(draft.text);
	if (later.due) {
		draft.text = g_strdup(later.text);
		draft.point = later.point;
	} else {
		draft.text = g_strdup(rl_line_buffer ? rl_line_buffer : "");
		draft.point = rl_point;
	}
	draft.saved = true;
}

static void
restore_draft(void)
{
	if (!draft.saved)
		return;
	draft.saved = false;
	set_line(draft.text ? draft.text : "", draft.point);
	g_clear_pointer(&draft.text, g_free);
}

/* End the question: the prompt and the draft come back, then fn hears the answer. */
static void
finish_ask(TuiApp *app, const char *answer)
{
	if (!ask.on)
		return;
	TuiTextFn fn = ask.fn;
	void *data = ask.data;
	GDestroyNotify free_data = ask.free_data;
	TuiPaneId back = ask.back;
	memset(&ask, 0, sizeof ask);
	rl_set_prompt(PROMPT);
	restore_draft();
	if (app->focus == PANE_INPUT && back != PANE_INPUT)
		tui_focus(app, back);
	fn(app, answer, data);
	if (free_data != NULL)
		free_data(data);
}

void
tui_input_ask(TuiApp *app, const char *prompt, const char *initial, bool files, TuiTextFn fn,
	      void *data, GDestroyNotify free_data)
{
	tui_input_ask_cancel(app);
	save_draft();
	ask.on = true;
	ask.files = files;
	ask.fn = fn;
	ask.data = data;
	ask.free_data = free_data;
	ask.back = app->focus;
	if (RL_ISSTATE(RL_STATE_ISEARCH))
		feed_bytes("\007"); /* leave a history search first */
	rl_set_prompt(prompt);
	set_line(initial ? initial : "", initial ? (int)strlen(initial) : 0);
	tui_focus(app, PANE_INPUT);
	input_redisplay();
}

bool
tui_input_asking(TuiApp *app)
{
	return ask.on;
}

void
tui_input_ask_cancel(TuiApp *app)
{
	finish_ask(app, NULL);
}

void
tui_input_set_text(TuiApp *app, const char *text)
{
	tui_input_ask_cancel(app);
	set_line(text, (int)strlen(text));
	tui_focus(app, PANE_INPUT);
}

static void record_history(const char *entry);

static void
add_to_history(const char *line)
{
	HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
	if (last == NULL || strcmp(last->line, line) != 0) {
		add_history(line);
		record_history(line);
	}
}

static void
on_line(char *line)
{
	TuiApp *app = the_app;
	if (ask.on) {
		g_autofree char *answer = line ? g_strstrip(g_strdup(line)) : NULL;
		free(line);
		finish_ask(app, answer);
		return;
	}
	if (line == NULL) { /* C-d on an empty line */
		tui_quit(app);
		return;
	}
	g_autofree char *text = g_strdup(line);
	free(line);
	g_strstrip(text);
	if (*text == '\0')
		return;
	add_to_history(text);
	tui_submit(app, text);
}

/* ---- completion ---------------------------------------------------------------------------- */

static char **
attempt_completion(const char *text, int start, int end)
{
	rl_attempted_completion_over = 1;
	if (ask.on) {
		rl_attempted_completion_over = !ask.files; /* readline's file names */
		return NULL;
	}
	if (rl_line_buffer[0] != '/')
		return NULL;
	return slashcomp_attempt(the_app->cv, text, start, end);
}

static void
show_matches(char **matches, int n, int max)
{
	GString *s = g_string_new(NULL);
	for (int i = 1; i <= n && s->len < 400; i++)
		g_string_append_printf(s, "%s%s", i > 1 ? "  " : "", matches[i]);
	tui_notice(the_app, false, "%s", s->str);
	g_string_free(s, TRUE);
}

/* ---- history file --------------------------------------------------------------------------- */

/* The file the line shell uses too (histfile.h): loaded at start, each entry appended as it
 * is entered (a crash loses none), trimmed to ui.history_size on the way out. */
static char *hist_path;

static void
load_history(TuiApp *app)
{
	g_clear_pointer(&hist_path, g_free);
	if (config_get_int(app->ctx->cfg, "ui.history_size") <= 0)
		return;
	hist_path = histfile_path(true);
	g_autoptr(GPtrArray) old = hist_path ? histfile_load(hist_path) : NULL;
	for (guint i = 0; old != NULL && i < old->len; i++)
		add_history(old->pdata[i]);
}

static void
record_history(const char *entry)
{
	g_autoptr(AurError) e = NULL;
	if (hist_path != NULL && !histfile_append(hist_path, entry, &e)) {
		tui_notice(the_app, true, "history not saved: %s", e->message);
		g_clear_pointer(&hist_path, g_free); /* say it once */
	}
}

/* Keep what other aurelis processes appended meanwhile; only trim the file. */
void
tui_input_save_history(TuiApp *app)
{
	int64_t keep = config_get_int(app->ctx->cfg, "ui.history_size");
	if (hist_path != NULL && keep > 0) {
		g_autoptr(GPtrArray) all = histfile_load(hist_path);
		g_autoptr(AurError) e = NULL;
		if (all->len > (guint64)keep && !histfile_save(hist_path, all, keep, &e))
			g_debug("history not trimmed: %s", e->message);
	}
	g_clear_pointer(&hist_path, g_free);
}

/* ---- feeding keys ---------------------------------------------------------------------- */

static void
run_queue(void)
{
	in_readline = true;
	while (queue_pos < queue->len)
		rl_callback_read_char();
	in_readline = false;
	g_string_truncate(queue, 0);
	queue_pos = 0;
	if (later.due) {
		later.due = false;
		set_line(later.text, later.point);
		g_clear_pointer(&later.text, g_free);
	}
}

static void
feed_bytes(const char *bytes)
{
	g_string_append(queue, bytes);
	run_queue();
}

/* Named keys travel as the sequences we bound below. */
static const struct {
	KeyCode key;
	const char *seq;
} special_seqs[] = {
	{ KEYSYM_UP, "\033[A" }, { KEYSYM_DOWN, "\033[B" }, { KEYSYM_RIGHT, "\033[C" },
	{ KEYSYM_LEFT, "\033[D" }, { KEYSYM_HOME, "\033[H" }, { KEYSYM_END, "\033[F" },
	{ KEYSYM_DELETE, "\033[3~" }, { KEYSYM_LEFT | KEY_CTRL, "\033[1;5D" },
	{ KEYSYM_RIGHT | KEY_CTRL, "\033[1;5C" }, { KEYSYM_LEFT | KEY_META, "\033[1;5D" },
	{ KEYSYM_RIGHT | KEY_META, "\033[1;5C" },
};

void
tui_input_feed(TuiApp *app, KeyCode key)
{
	char buf[8];
	const char *bytes = tui_keys_bytes(key, buf);
	if (bytes == NULL && (key & KEY_CODE_MASK) == 0) {
		bytes = "\0";
		g_string_append_len(queue, bytes, 1);
		run_queue();
		return;
	}
	for (size_t i = 0; bytes == NULL && i < G_N_ELEMENTS(special_seqs); i++)
		if (special_seqs[i].key == key)
			bytes = special_seqs[i].seq;
	if (bytes != NULL)
		feed_bytes(bytes);
}

void
tui_input_paste(TuiApp *app, const char *text, size_t len)
{
	g_autoptr(GString) clean = g_string_new(NULL);
	tui_wrap_sanitize(clean, text, len);
	rl_insert_text(clean->str);
	input_redisplay();
}

bool
tui_input_is_empty(TuiApp *app)
{
	return rl_end == 0;
}

void
tui_input_clear(TuiApp *app)
{
	if (RL_ISSTATE(RL_STATE_ISEARCH))
		feed_bytes("\007"); /* leave the search first */
	rl_replace_line("", 0);
	rl_point = rl_end = 0;
	input_redisplay();
}

/* ---- $EDITOR -------------------------------------------------------------------------------- */

static bool
run_editor(const char *path, AurError **err)
{
	const char *editor = g_getenv("VISUAL");
	if (editor == NULL || *editor == '\0')
		editor = g_getenv("EDITOR");
	if (editor == NULL || *editor == '\0')
		editor = "vi";
	/* Like git: the variable may hold arguments, so the shell splits it. */
	g_autofree char *script = g_strdup_printf("%s \"$1\"", editor);
	char *argv[] = { (char *)"/bin/sh", (char *)"-c", script, (char *)"sh", (char *)path, NULL };
	int status = 0;
	g_autoptr(GError) ge = NULL;
	bool ok = g_spawn_sync(NULL, argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL,
			       NULL, &status, &ge) &&
		  g_spawn_check_wait_status(status, &ge);
	if (!ok)
		aur_error_set(err, AUR_ERR_GENERIC, "Set VISUAL or EDITOR to an editor that waits "
						    "until you close the file.",
			      "the editor (%s) failed: %s", editor, ge ? ge->message : "?");
	return ok;
}

bool
tui_input_run_editor(TuiApp *app, const char *path, AurError **err)
{
	tui_screen_suspend();
	bool ok = run_editor(path, err);
	tui_screen_resume();
	/* Ctrl-C typed in the editor reached us too; it was meant for the editor. */
	while (tui_screen_next_signal() != 0)
		;
	tui_dirty_all(app, TUI_REPAINT);
	tui_relayout(app);
	return ok;
}

static void
edit_in_editor(TuiApp *app)
{
	g_autofree char *path = NULL;
	g_autoptr(GError) ge = NULL;
	int fd = g_file_open_tmp("aurelis-prompt-XXXXXX.md", &path, &ge);
	if (fd < 0) {
		tui_notice(app, true, "cannot make a temporary file: %s", ge->message);
		return;
	}
	g_autofree char *text = g_strdup_printf("%s\n", rl_line_buffer);
	bool wrote = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	g_autoptr(AurError) e = NULL;
	bool ok = wrote && tui_input_run_editor(app, path, &e);
	size_t len = 0;
	g_autofree char *back = ok ? fs_read_file(path, MAX_EDIT, &len, &e) : NULL;
	unlink(path);
	if (back == NULL) {
		tui_notice(app, true, "%s", e ? e->message : "the prompt file could not be written");
		return;
	}
	while (len > 0 && (back[len - 1] == '\n' || back[len - 1] == '\r'))
		back[--len] = '\0';
	g_autoptr(GString) clean = g_string_new(NULL);
	tui_wrap_sanitize(clean, back, len);
	rl_replace_line(clean->str, 0);
	rl_point = rl_end;
	input_redisplay();
}

/* ---- actions -------------------------------------------------------------------------------- */

static bool
input_action(TuiPane *p, KeyAction a)
{
	TuiApp *app = p->app;
	switch (a) {
	case KEYACT_SUBMIT: feed_bytes("\r"); return true;
	case KEYACT_NEWLINE:
		rl_insert_text("\n");
		input_redisplay();
		return true;
	case KEYACT_CANCEL:
	case KEYACT_CANCEL_JOB:
		if (!ask.on)
			return false;
		tui_input_ask_cancel(app);
		return true;
	case KEYACT_COMPLETE:
		if (ask.on || rl_line_buffer[0] == '/') {
			feed_bytes("\t");
			return true;
		}
		return false; /* the global binding moves on */
	case KEYACT_HISTORY_PREV: feed_bytes("\033[A"); return true;
	case KEYACT_HISTORY_NEXT: feed_bytes("\033[B"); return true;
	case KEYACT_HISTORY_SEARCH: feed_bytes("\022"); return true;
	case KEYACT_EDITOR: edit_in_editor(app); return true;
	case KEYACT_PAGE_UP: tui_conv_scroll(app, -1); return true;
	case KEYACT_PAGE_DOWN: tui_conv_scroll(app, 1); return true;
	default: return false;
	}
}

/* ---- drawing -------------------------------------------------------------------------------- */

typedef struct {
	int rows;
	int cur_row, cur_col;
} InputShape;

/* Lay the prompt and the text out at width; calls draw for each piece when w is given. */
static InputShape
shape(WINDOW *w, int width, int first_row, int max_rows)
{
	InputShape sh = { 1, 0, 0 };
	const char *prompt = rl_display_prompt ? rl_display_prompt : PROMPT;
	const char *line = rl_line_buffer ? rl_line_buffer : "";
	size_t plen = strlen(prompt), llen = (size_t)rl_end;
	int row = 0, col = 0;
	for (int part = 0; part < 2; part++) {
		const char *s = part == 0 ? prompt : line;
		size_t len = part == 0 ? plen : llen;
		if (w != NULL)
			tui_style(w, part == 0 ? ELEM_PROMPT : ELEM_INPUT);
		for (size_t i = 0; i <= len; ) {
			if (part == 1 && i == (size_t)rl_point) {
				sh.cur_row = row;
				sh.cur_col = col;
			}
			if (i == len)
				break;
			gunichar c = g_utf8_get_char_validated(s + i, (gssize)(len - i));
			size_t n = c < (gunichar)-2 ? (size_t)(g_utf8_next_char(s + i) - (s + i)) : 1;
			if (c == '\n') {
				row++;
				col = 0;
				i += n;
				continue;
			}
			int cw = c < (gunichar)-2 ? textwidth_char(c) : 1;
			if (c == '\t')
				cw = 1;
			if (col + cw > width) {
				row++;
				col = 0;
			}
			int y = row - first_row;
			if (w != NULL && y >= 0 && y < max_rows) {
				if (c == '\t' || c >= (gunichar)-2 || textwidth_is_unsafe(c, false))
					mvwaddstr(w, y, col, c == '\t' ? " " : "?");
				else
					mvwaddnstr(w, y, col, s + i, (int)n);
			}
			col += cw;
			i += n;
		}
	}
	sh.rows = row + 1;
	return sh;
}

int
tui_input_rows(TuiApp *app, int width)
{
	return shape(NULL, MAX(width, 1), 0, 0).rows;
}

static int input_first_row;

static void
input_draw(TuiPane *p)
{
	WINDOW *w = p->win;
	tui_style(w, ELEM_INPUT);
	for (int y = 0; y < p->h; y++)
		tui_draw_clear_eol(w, y, 0);
	InputShape sh = shape(NULL, p->w, 0, 0);
	/* Keep the cursor's row in view when the text is taller than the pane. */
	input_first_row = CLAMP(input_first_row, MAX(sh.cur_row - p->h + 1, 0), sh.cur_row);
	if (sh.rows <= p->h)
		input_first_row = 0;
	shape(w, p->w, input_first_row, p->h);
}

void
tui_input_place_cursor(TuiApp *app)
{
	TuiPane *p = &app->panes[PANE_INPUT];
	if (p->win == NULL)
		return;
	InputShape sh = shape(NULL, p->w, 0, 0);
	int y = sh.cur_row - input_first_row, x = sh.cur_col;
	if (x >= p->w) {
		y++;
		x = 0;
	}
	wmove(p->win, CLAMP(y, 0, p->h - 1), CLAMP(x, 0, p->w - 1));
}

static void
input_free(TuiPane *p)
{
	if (ask.free_data != NULL)
		ask.free_data(ask.data);
	memset(&ask, 0, sizeof ask);
	g_clear_pointer(&draft.text, g_free);
	draft.saved = false;
	g_clear_pointer(&later.text, g_free);
	later.due = false;
	rl_callback_handler_remove();
	clear_history();
	slashcomp_clear();
	the_app = NULL;
	if (queue != NULL)
		g_string_free(queue, TRUE);
	queue = NULL;
	if (devnull != NULL)
		fclose(devnull);
	devnull = NULL;
}

const TuiPaneOps tui_input_ops = {
	.title = "Input",
	.context = KEYCTX_INPUT,
	.draw = input_draw,
	.on_action = input_action,
	.free = input_free,
};

void
tui_input_init(TuiPane *p)
{
	the_app = p->app;
	queue = g_string_new(NULL);
	queue_pos = 0;
	devnull = fopen("/dev/null", "r+e");
	rl_readline_name = "aurelis";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_instream = devnull;
	rl_outstream = devnull;
	rl_getc_function = input_getc;
	rl_input_available_hook = input_available;
	rl_redisplay_function = input_redisplay;
	rl_prep_term_function = no_term;
	rl_deprep_term_function = no_deprep;
	rl_attempted_completion_function = attempt_completion;
	rl_completer_word_break_characters = (char *)" \t\n";
	rl_completion_display_matches_hook = show_matches;
	using_history();
	int64_t keep = config_get_int(p->app->ctx->cfg, "ui.history_size");
	stifle_history((int)CLAMP(keep, 0, G_MAXINT));
	load_history(p->app);
	rl_callback_handler_install(PROMPT, on_line);
	rl_variable_bind("bell-style", "none");
	rl_variable_bind("enable-bracketed-paste", "off");
	rl_bind_keyseq("\033[A", rl_get_previous_history);
	rl_bind_keyseq("\033[B", rl_get_next_history);
	rl_bind_keyseq("\033[C", rl_forward_char);
	rl_bind_keyseq("\033[D", rl_backward_char);
	rl_bind_keyseq("\033[H", rl_beg_of_line);
	rl_bind_keyseq("\033[F", rl_end_of_line);
	rl_bind_keyseq("\033[3~", rl_delete);
	rl_bind_keyseq("\033[1;5C", rl_forward_word);
	rl_bind_keyseq("\033[1;5D", rl_backward_word);
}
