/* SPDX-License-Identifier: MIT */
/* Shared state of the full-screen interface: the application, its panes and the window
 * tree.  Internal to ui/tui-*.c; the core sees only ui/tui.h. */
#ifndef AURELIS_TUI_APP_H
#define AURELIS_TUI_APP_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "provide-curses.h"

#include "cli.h"
#include "convo.h"
#include "demo.h"
#include "jobs.h"
#include "session.h"
#include "keymap.h"
#include "theme.h"
#include "tui.h"
#include "tui-layout.h"

typedef struct TuiApp TuiApp;
typedef struct TuiPane TuiPane;

/* What a pane needs before it is drawn again (neomutt's window action flags).  Panes lay
 * their text out lazily for the width they are drawn at, so repainting is the one flag. */
enum {
	TUI_REPAINT = 1u << 0, /* draw it again */
};

/* Each pane type: how it reacts to a new size, how it draws, what it does with keys.  Keys
 * reach panes as actions, already looked up in the pane's context of the key bindings. */
typedef struct {
	const char *title;
	KeyContext context;
	void (*layout)(TuiPane *p);                   /* new size (p->h, p->w); may be NULL */
	void (*draw)(TuiPane *p);                     /* everything, into p->win */
	bool (*on_action)(TuiPane *p, KeyAction a);   /* true when handled; may be NULL */
	void (*free)(TuiPane *p);                     /* pane data; may be NULL */
	/* A click at (row, col) of the pane (row 0 is the title), after it got the focus;
	 * may be NULL. */
	void (*on_click)(TuiPane *p, int row, int col);
} TuiPaneOps;

struct TuiPane {
	const TuiPaneOps *ops;
	TuiApp *app;
	TuiPaneId id;
	WINDOW *win;        /* NULL while hidden */
	int y, x, h, w;     /* on screen, title row and left border included */
	bool border_left;   /* a vertical rule in column 0 */
	unsigned dirty;
	void *data;
};

typedef struct TuiMsg TuiMsg;
typedef struct TuiPicker TuiPicker;
typedef struct TuiAsk TuiAsk;
typedef struct TuiEdit TuiEdit;

/* A running job the interface waits for, and what its events update.  CHAT jobs stream
 * into msg (Ctrl-C in the conversation cancels them); ANALYSIS jobs fill the analysis pane
 * (Ctrl-C there cancels them); TASK jobs are anything else (the catalogue, the clipboard). */
typedef enum { TUI_JOB_CHAT, TUI_JOB_ANALYSIS, TUI_JOB_TASK } TuiJobKind;
typedef struct TuiJob TuiJob;

/* What a job's events do beyond the defaults (text into msg, findings into the pane). */
typedef struct {
	void (*result)(TuiApp *app, TuiJob *j, JobEvent *ev);  /* RESULT; may be NULL */
	void (*done)(TuiApp *app, TuiJob *j, JobEvent *ev);    /* DONE; may be NULL */
} TuiJobHooks;

struct TuiJob {
	TuiJobKind kind;
	unsigned id;
	TuiMsg *msg;              /* TUI_JOB_CHAT */
	const TuiJobHooks *hooks; /* NULL: the defaults */
	void *data;
	GDestroyNotify free_data;
};

struct TuiApp {
	AurContext *ctx;
	const TuiOptions *opts;
	Jobs *jobs;
	KeyBindings *keymap;
	GHashTable *running;      /* job id -> TuiJob* */

	TuiPane panes[PANE__COUNT];
	TuiPaneId focus;
	TuiPaneId last_pane;      /* the non-input pane focused last */
	TuiLayoutState layout;
	int rows, cols;
	bool too_small;
	bool quit;
	int exit_status;

	/* keys */
	KeySeq pending;           /* a prefix typed so far (C-x of C-x C-e) */
	bool pasting;
	GString *paste;

	/* overlays */
	bool help_open;
	WINDOW *help_win;
	int help_scroll;
	int help_lines;
	TuiPicker *picker;        /* the open picker (tui-picker.h), or NULL */
	TuiAsk *ask;              /* a question in the status bar (tui-ask.h), or NULL */
	TuiEdit *edit;            /* the change the code preview shows a diff of (tui-edit.h) */

	/* The conversation (src/convo.h): its session, model choice and requests.  Slash
	 * commands and chat turns go through it and report through face (tui-face.c). */
	Convo *cv;
	Face face;
	TuiMsg *answer;           /* the answer the conversation streams into, or NULL */
	char *shown_session;      /* id of the session the conversation pane shows */
	guint shown_cleared;      /* and its last /clear, when the pane was filled */
	DemoChat *demo;           /* AURELIS_TUI_DEMO: prompts get the local demo answer */
	GQueue waiting;           /* prompts typed while an answer streams, sent after it */

	/* timers and status */
	int64_t last_frame_us;
	bool frame_due;           /* something is dirty */
	int spinner;
	int64_t retry_until_us;   /* rate-limit countdown */
	char *retry_reason;
	char *notice;             /* transient status-bar text */
	int64_t notice_until_us;
	bool notice_error;
	int64_t tokens_in, tokens_out;
	char *meter;              /* the token meter ("1.2k/8.0k"), from the conversation */
	int requests_left;        /* -1: unknown */
	bool last_cached;

	/* theme */
	Theme *theme;
	char *theme_name;

	/* statistics for benchmarks (AURELIS_TUI_STATS) */
	uint64_t frames;
	uint64_t delta_bytes;
	int64_t last_delta_us;
	int64_t last_done_frame_us;
	bool done_frame_pending;
};

/* ---- tui.c: the loop and the things every pane uses ---- */
void tui_dirty(TuiApp *app, TuiPaneId id, unsigned flags);
void tui_dirty_all(TuiApp *app, unsigned flags);
/* A message in the status bar for a few seconds; error messages are highlighted. */
void tui_notice(TuiApp *app, bool error, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
void tui_focus(TuiApp *app, TuiPaneId id);
/* A line from the input: a slash command or a prompt, through the conversation. */
void tui_submit(TuiApp *app, const char *line);
/* Cancel the job the focused pane is showing; false when there was none. */
bool tui_cancel_focused(TuiApp *app);
void tui_relayout(TuiApp *app);
void tui_quit(TuiApp *app);
/* Feed one key through the bindings (used by the terminal and by replay files). */
void tui_dispatch_key(TuiApp *app, KeyCode key);
/* Draw everything that is dirty now (replay dumps), regardless of the frame cap. */
void tui_render_now(TuiApp *app);
/* A mouse click (wheel 0) or wheel step (-1 up, 1 down) at screen cell (y, x). */
void tui_mouse(TuiApp *app, int y, int x, int wheel);
/* Text as a bracketed paste. */
void tui_paste(TuiApp *app, const char *text);
/* Lay the screen out for a new size (replay files; SIGWINCH uses the terminal's). */
void tui_resize_to(TuiApp *app, int rows, int cols);
/* Start a job of the interface's own (analysis, file loading) and remember it. */
void tui_track_job(TuiApp *app, TuiJobKind kind, unsigned id, TuiMsg *msg);
/* The same with hooks for its events and data (freed with free_data when it ends). */
TuiJob *tui_track_job_full(TuiApp *app, TuiJobKind kind, unsigned id, TuiMsg *msg,
			   const TuiJobHooks *hooks, void *data, GDestroyNotify free_data);
/* Run an action as if its key was pressed: in the focused pane, else globally; actions of
 * one pane only (jump, copy...) move the focus there first.  For the palette. */
void tui_run_action(TuiApp *app, KeyAction a);
/* Load libcurl before the first job that needs the network (the interface starts without
 * it: the dlopen costs more than the rest of start-up); false with a notice when it
 * cannot be loaded.  libcurl 7.84 and later initialise thread-safely, so workers may be
 * running already. */
bool tui_network(TuiApp *app);
/* The conversation's session. */
Session *tui_session(TuiApp *app);

/* ---- tui-face.c: the conversation's Face ---- */
void tui_face_init(TuiApp *app);
/* Status-bar facts from the conversation: model, session, token meter, requests left. */
void tui_face_refresh(TuiApp *app);
/* Show the session's turns (since its last /clear) in a cleared conversation pane. */
void tui_face_show_session(TuiApp *app);

/* ---- tui-draw.c: text on windows ---- */
/* Draw UTF-8 text at (y, x) using at most maxcols columns (wide characters that would not
 * fit are left out; tabs expand relative to x0).  Returns the columns used. */
int tui_draw_text(WINDOW *w, int y, int x, int maxcols, const char *s, size_t len);
/* A box of line-drawing characters round the edge of win (h rows, w columns) -- not the
 * alternate character set, which a screen dump cannot read back.  For overlays. */
void tui_draw_frame(WINDOW *win, int h, int w);
/* Blank from (y, x) to the end of the row in the current attributes. */
void tui_draw_clear_eol(WINDOW *w, int y, int x);
/* The title row of a pane: title on the left, extra (may be NULL) on the right. */
void tui_draw_title(TuiPane *p, const char *title, const char *extra);
/* The vertical rule of a pane that sits right of another. */
void tui_draw_border(TuiPane *p);
/* Columns the text takes (tabs advance to stops of 8 from column 0). */
int tui_text_cols(const char *s, size_t len);

/* ---- tui-theme.c: elements to curses attributes ---- */
bool tui_theme_init(TuiApp *app, const char *name, GPtrArray *warnings);
/* Switch live; false with a message in *why (caller frees) when the theme cannot load. */
bool tui_theme_switch(TuiApp *app, const char *name, char **why);
void tui_theme_free(TuiApp *app);
/* Set w's attributes to elems[0] over elems[1] ... over ELEM_TEXT. */
void tui_style(WINDOW *w, ThemeElem elem);
void tui_style_stack(WINDOW *w, const guint8 *elems, size_t n);
/* Colour depth in use (0 for monochrome). */
int tui_theme_depth(void);

#endif
