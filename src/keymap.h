/* SPDX-License-Identifier: MIT */
/* Keys and actions of the full-screen interface: the action table, the key-name syntax
 * used by ui.keys in the configuration (and by the built-in defaults), and lookups. */
#ifndef AURELIS_KEYMAP_H
#define AURELIS_KEYMAP_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "config.h"
#include "error.h"

/* Where a binding applies.  The names are the <context> of ui.keys.<context>.<key>. */
#define KEYMAP_CONTEXTS(X)                                   \
	X(GLOBAL,       "global",       "Everywhere")        \
	X(CONVERSATION, "conversation", "Conversation pane") \
	X(CODE,         "code",         "Code preview")      \
	X(ANALYSIS,     "analysis",     "Analysis results")  \
	X(INPUT,        "input",        "Input line")        \
	X(PICKER,       "picker",       "Overlays")

typedef enum {
#define X(id, name, title) KEYCTX_##id,
	KEYMAP_CONTEXTS(X)
#undef X
	KEYCTX__COUNT
} KeyContext;

#define KC_(id) (1u << KEYCTX_##id)
#define KC_PANES (KC_(CONVERSATION) | KC_(CODE) | KC_(ANALYSIS))
#define KC_SCROLL (KC_PANES | KC_(PICKER))

/* X(id, name, contexts where it may be bound, help text).  The help overlay, the KEY
 * BINDINGS section of aurelis(1) and the config checks all come from this one list. */
#define KEYMAP_ACTIONS(X)                                                                    \
	X(NONE,           "none",            KC_(GLOBAL) | KC_SCROLL | KC_(INPUT),           \
	  "Unbind the key")                                                                  \
	X(QUIT,           "quit",            KC_(GLOBAL) | KC_SCROLL | KC_(INPUT),           \
	  "Leave aurelis")                                                                   \
	X(HELP,           "help",            KC_(GLOBAL) | KC_PANES | KC_(INPUT),            \
	  "Show the key bindings")                                                           \
	X(CANCEL,         "cancel",          KC_(GLOBAL) | KC_PANES | KC_(INPUT),            \
	  "Cancel the focused job; with nothing running, clear the input line")             \
	X(CANCEL_JOB,     "cancel-job",      KC_(GLOBAL) | KC_PANES | KC_(INPUT),            \
	  "Cancel the focused job, never touching the input line")                          \
	X(FOCUS_NEXT,     "focus-next",      KC_(GLOBAL) | KC_PANES | KC_(INPUT),            \
	  "Move to the next pane")                                                           \
	X(FOCUS_PREV,     "focus-prev",      KC_(GLOBAL) | KC_PANES | KC_(INPUT),            \
	  "Move to the previous pane")                                                       \
	X(FOCUS_CONVERSATION, "focus-conversation", KC_(GLOBAL) | KC_PANES | KC_(INPUT),     \
	  "Move to the conversation pane")                                                   \
	X(FOCUS_CODE,     "focus-code",      KC_(GLOBAL) | KC_PANES | KC_(INPUT),            \
	  "Move to the code preview")                                                        \
	X(FOCUS_ANALYSIS, "focus-analysis",  KC_(GLOBAL) | KC_PANES | KC_(INPUT),            \
	  "Move to the analysis results")                                                    \
	X(FOCUS_INPUT,    "focus-input",     KC_(GLOBAL) | KC_PANES,                         \
	  "Move to the input line")                                                          \
	X(ZOOM,           "zoom",            KC_(GLOBAL) | KC_PANES,                         \
	  "Zoom the focused pane to the whole screen, or back")                              \
	X(GROW,           "grow",            KC_(GLOBAL) | KC_PANES,                         \
	  "Give the focused pane more room")                                                 \
	X(SHRINK,         "shrink",          KC_(GLOBAL) | KC_PANES,                         \
	  "Give the focused pane less room")                                                 \
	X(LAYOUT_RESET,   "layout-reset",    KC_(GLOBAL) | KC_PANES,                         \
	  "Restore the default pane sizes")                                                  \
	X(REDRAW,         "redraw",          KC_(GLOBAL) | KC_SCROLL | KC_(INPUT),           \
	  "Repaint the whole screen")                                                        \
	X(LINE_UP,        "line-up",         KC_SCROLL,                                      \
	  "Scroll up one line (analysis: previous finding)")                                 \
	X(LINE_DOWN,      "line-down",       KC_SCROLL,                                      \
	  "Scroll down one line (analysis: next finding)")                                   \
	X(PAGE_UP,        "page-up",         KC_SCROLL | KC_(INPUT),                         \
	  "Scroll up one page (from the input line: the conversation)")                      \
	X(PAGE_DOWN,      "page-down",       KC_SCROLL | KC_(INPUT),                         \
	  "Scroll down one page (from the input line: the conversation)")                    \
	X(FIRST,          "first",           KC_SCROLL,                                      \
	  "Go to the top")                                                                   \
	X(LAST,           "last",            KC_SCROLL,                                      \
	  "Go to the bottom (the conversation follows new text again)")                      \
	X(CODE_PREV,      "code-prev",       KC_(GLOBAL) | KC_(CONVERSATION) | KC_(CODE),    \
	  "Show the previous code block of the conversation")                                \
	X(CODE_NEXT,      "code-next",       KC_(GLOBAL) | KC_(CONVERSATION) | KC_(CODE),    \
	  "Show the next code block of the conversation")                                    \
	X(PALETTE,        "palette",         KC_(GLOBAL) | KC_PANES | KC_(INPUT),            \
	  "Open the command palette: every action and command, filtered as you type")       \
	X(PICK_MODEL,     "pick-model",      KC_(GLOBAL) | KC_PANES | KC_(INPUT),            \
	  "Choose the model from the catalogue (tier, limits, routes, requests left today, or that models.plan gives no access)") \
	X(PICK_SESSION,   "pick-session",    KC_(GLOBAL) | KC_PANES | KC_(INPUT),            \
	  "Resume, rename or delete a saved session")                                        \
	X(PICK_FILE,      "pick-file",       KC_(GLOBAL) | KC_PANES | KC_(INPUT),            \
	  "Add or drop the session's context files")                                         \
	X(PICK_THEME,     "pick-theme",      KC_(GLOBAL) | KC_PANES | KC_(INPUT),            \
	  "Choose a colour theme, previewed as you move; Esc restores the old one")          \
	X(COPY,           "copy",            KC_(CONVERSATION) | KC_(CODE),                  \
	  "Copy the code preview's block, file or diff to the clipboard (OSC 52)")           \
	X(SAVE,           "save",            KC_(CONVERSATION) | KC_(CODE),                  \
	  "Save the code preview's text to a file (asks before replacing one)")              \
	X(DIFF,           "diff",            KC_(CONVERSATION) | KC_(CODE),                  \
	  "Diff the code preview's block against a file; then apply writes it")              \
	X(APPLY,          "apply",           KC_(CONVERSATION) | KC_(CODE) | KC_(ANALYSIS),  \
	  "Write the shown diff, or the block or SEARCH/REPLACE answer, to a file (diff, confirmation, backup)") \
	X(EDIT_BLOCK,     "edit-block",      KC_(CONVERSATION) | KC_(CODE),                  \
	  "Open the code preview's text in $VISUAL or $EDITOR; the edited text is shown")   \
	X(ANALYZE_BLOCK,  "analyze-block",   KC_(CONVERSATION) | KC_(CODE),                  \
	  "Analyse the code preview's text in its language and list the findings")           \
	X(JUMP,           "jump",            KC_(ANALYSIS),                                  \
	  "Show the selected finding's location in the code preview")                        \
	X(SORT,           "sort",            KC_(ANALYSIS),                                  \
	  "Sort findings by severity, file or rule (cycles)")                                \
	X(FILTER,         "filter-severity", KC_(ANALYSIS),                                  \
	  "Show findings of every severity, warnings and errors, or errors only (cycles)")   \
	X(FIX,            "fix",             KC_(ANALYSIS),                                  \
	  "Ask the model to fix the selected finding; the diff shows in the code preview")   \
	X(EXPLAIN,        "explain",         KC_(ANALYSIS),                                  \
	  "Ask the model to explain the selected finding, in the conversation")              \
	X(IGNORE,         "ignore",          KC_(ANALYSIS),                                  \
	  "Ignore the selected finding: an inline comment, or the rule off in a config file") \
	X(SUBMIT,         "submit",          KC_(INPUT),                                     \
	  "Send the input (a prompt or a /command)")                                         \
	X(NEWLINE,        "newline",         KC_(INPUT),                                     \
	  "Start a new line in the input (multi-line prompts)")                              \
	X(COMPLETE,       "complete",        KC_(INPUT),                                     \
	  "Complete a /command; on other input move to the next pane")                       \
	X(HISTORY_PREV,   "history-prev",    KC_(INPUT),                                     \
	  "Previous input from the history")                                                 \
	X(HISTORY_NEXT,   "history-next",    KC_(INPUT),                                     \
	  "Next input from the history")                                                     \
	X(HISTORY_SEARCH, "history-search",  KC_(INPUT),                                     \
	  "Search the history backwards as you type")                                        \
	X(EDITOR,         "edit-in-editor",  KC_(INPUT),                                     \
	  "Edit the input in $VISUAL or $EDITOR")                                            \
	X(CLOSE,          "close",           KC_(PICKER),                                    \
	  "Close the overlay")                                                               \
	X(SELECT,         "select",          KC_(PICKER),                                    \
	  "Choose the highlighted item")                                                     \
	X(DELETE,         "delete",          KC_(PICKER),                                    \
	  "Delete the highlighted item (sessions; asks first) or drop it (context files)")   \
	X(RENAME,         "rename",          KC_(PICKER),                                    \
	  "Rename the highlighted item (sessions)")

typedef enum {
#define X(id, name, ctx, help) KEYACT_##id,
	KEYMAP_ACTIONS(X)
#undef X
	KEYACT__COUNT
} KeyAction;

/* A key: a Unicode code point (control keys as their control code: C-a is 0x01, Enter is
 * 0x0d, Esc 0x1b, Backspace 0x7f) or a named special key, plus modifier bits.  CTRL and
 * SHIFT only occur on special keys (on characters they are folded into the code point). */
typedef uint32_t KeyCode;
#define KEY_CODE_MASK  0x1fffffu
#define KEY_META       (1u << 24)
#define KEY_CTRL       (1u << 25)
#define KEY_SHIFT      (1u << 26)
#define KEY_SPECIAL    0x110000u

typedef enum {
	KEYSYM_UP = KEY_SPECIAL, KEYSYM_DOWN, KEYSYM_LEFT, KEYSYM_RIGHT,
	KEYSYM_HOME, KEYSYM_END, KEYSYM_PAGEUP, KEYSYM_PAGEDOWN,
	KEYSYM_INSERT, KEYSYM_DELETE, KEYSYM_BTAB,
	KEYSYM_F0 = KEY_SPECIAL + 0x40, /* F1 is KEYSYM_F0 + 1, up to F24 */
} KeySym;
#define KEYSYM_F(n) ((KeyCode)(KEYSYM_F0 + (n)))
#define KEY_ENTER_CODE 0x0du
#define KEY_TAB_CODE   0x09u
#define KEY_ESC_CODE   0x1bu
#define KEY_BS_CODE    0x7fu

/* A key sequence such as "C-x C-e". */
#define KEYSEQ_MAX 4
typedef struct {
	unsigned len;
	KeyCode keys[KEYSEQ_MAX];
} KeySeq;

typedef struct KeyBindings KeyBindings;

const char *keymap_context_name(KeyContext ctx);
const char *keymap_context_title(KeyContext ctx);
/* KEYCTX__COUNT when unknown. */
KeyContext keymap_context_from_name(const char *name);
const char *keymap_action_name(KeyAction a);
const char *keymap_action_help(KeyAction a);
unsigned keymap_action_contexts(KeyAction a);
/* KEYACT__COUNT when unknown. */
KeyAction keymap_action_from_name(const char *name);

/* Parse "C-x", "M-Enter", "F1", "S-Up", "C-x C-e" ...  On error returns false and fills
 * err (with a "did you mean" hint for misspelt key names). */
bool keymap_parse_keys(const char *spec, KeySeq *out, AurError **err);
/* Canonical text of one key / a sequence ("C-x", "M-Enter").  Caller frees. */
char *keymap_format_key(KeyCode key);
char *keymap_format_keys(const KeySeq *seq);
/* True for keys that insert text when typed into the input line. */
bool keymap_key_is_text(KeyCode key);

/* The built-in bindings (written in the ui.keys syntax and read by the code that reads the
 * user's).  Free with keymap_free(). */
KeyBindings *keymap_new_default(void);
void keymap_free(KeyBindings *km);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(KeyBindings, keymap_free)
/* The built-in bindings as YAML text (a ui: keys: ... document). */
const char *keymap_default_text(void);

/* Bind one key.  Errors: unknown action or key (with "did you mean"), an action that does
 * not apply in that context. */
bool keymap_bind(KeyBindings *km, const char *context, const char *keys, const char *action,
		 AurError **err);
/* Apply every ui.keys.<context>.<key> of cfg.  Bad entries are skipped and described in
 * warnings ("FILE:LINE:COL: ui.keys...: MESSAGE (HINT)", char *, caller's array). */
void keymap_apply_config(KeyBindings *km, const AurConfig *cfg, GPtrArray *warnings);

/* What seq does in ctx: the context's own binding, else (except for text typed into the
 * input line) the global one.  KEYACT_NONE when unbound; *prefix (may be NULL) is set when
 * seq is the start of a longer binding. */
KeyAction keymap_lookup(const KeyBindings *km, KeyContext ctx, const KeySeq *seq, bool *prefix);
/* "F1, ?" -- the keys bound to action in exactly ctx, or NULL.  Caller frees. */
char *keymap_keys_for(const KeyBindings *km, KeyContext ctx, KeyAction action);

/* The KEY BINDINGS section of aurelis(1) (roff), from the table and the bindings of km.
 * Caller frees. */
char *keymap_man_section(const KeyBindings *km);
/* Markers around the generated section in man/aurelis.1. */
#define KEYMAP_MAN_BEGIN ".\\\" BEGIN KEY BINDINGS (generated from src/keymap.c by 'make man-keys')"
#define KEYMAP_MAN_END ".\\\" END KEY BINDINGS"

#endif
