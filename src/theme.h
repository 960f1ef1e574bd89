/* SPDX-License-Identifier: MIT */
/* Colour themes: semantic elements mapped to colours and attributes, loaded from YAML. */
#ifndef AURELIS_THEME_H
#define AURELIS_THEME_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "error.h"

/*
 * Every element anything draws, in one list: X(ID, "name in theme files", "what it is").
 * Drawing code names elements, never colours.  The THEMES section of aurelis.yaml(5)
 * documents each one and a test compares the two lists.
 */
#define THEME_ELEMENTS(X)                                                                   \
	X(TEXT, "text", "Ordinary text; every other element is drawn over it.")               \
	X(DIM, "dim", "Secondary text: counts, sizes, timestamps.")                           \
	X(USER_MSG, "user_msg", "The user's messages in the conversation.")                   \
	X(ASSISTANT_MSG, "assistant_msg", "The model's answers in the conversation.")         \
	X(MSG_LABEL, "msg_label", "The line above each message: who wrote it, the model.")    \
	X(HEADING1, "heading1", "Level 1 headings and their underline.")                      \
	X(HEADING2, "heading2", "Level 2 headings and their underline.")                      \
	X(HEADING3, "heading3", "Headings of level 3 to 6.")                                  \
	X(EMPHASIS, "emphasis", "Emphasised text (*text*).")                                  \
	X(STRONG, "strong", "Strong text (**text**).")                                        \
	X(STRIKETHROUGH, "strikethrough", "Struck-through text (~~text~~).")                  \
	X(CODE_INLINE, "code_inline", "Code inside a sentence (`code`).")                     \
	X(CODE_BLOCK, "code_block", "Code blocks; the code_* elements are drawn over it.")    \
	X(CODE_FENCE, "code_fence", "The fence lines around a code block, with its language.") \
	X(CODE_KEYWORD, "code_keyword", "Keywords in highlighted code.")                      \
	X(CODE_TYPE, "code_type", "Type names in highlighted code.")                          \
	X(CODE_FUNCTION, "code_function", "Function names in highlighted code.")              \
	X(CODE_STRING, "code_string", "String and character literals.")                       \
	X(CODE_NUMBER, "code_number", "Numeric literals.")                                    \
	X(CODE_COMMENT, "code_comment", "Comments in highlighted code.")                      \
	X(CODE_OPERATOR, "code_operator", "Operators and punctuation in highlighted code.")   \
	X(CODE_PREPROC, "code_preproc", "Preprocessor lines, decorators and attributes.")     \
	X(CODE_CONSTANT, "code_constant", "Built-in constants such as true, false and null.") \
	X(CODE_VARIABLE, "code_variable", "Variables in shell code ($name, ${name}).")        \
	X(LINE_NUMBER, "line_number", "Line numbers beside code.")                            \
	X(LINK, "link", "The text of a link.")                                                \
	X(URL, "url", "The address shown after a link's text, and bare addresses.")           \
	X(QUOTE, "quote", "Block quotes and their bar.")                                      \
	X(LIST_BULLET, "list_bullet", "Bullets and numbers of list items.")                   \
	X(TASK_DONE, "task_done", "The box of a checked task list item.")                     \
	X(TASK_OPEN, "task_open", "The box of an unchecked task list item.")                  \
	X(TABLE_BORDER, "table_border", "Table borders.")                                     \
	X(TABLE_HEADER, "table_header", "Table header cells.")                                \
	X(RULE, "rule", "Thematic breaks (horizontal rules).")                                \
	X(HTML, "html", "Raw HTML in an answer, shown as text.")                              \
	X(DIFF_ADD, "diff_add", "Added lines of a diff.")                                     \
	X(DIFF_DEL, "diff_del", "Removed lines of a diff.")                                   \
	X(DIFF_HUNK, "diff_hunk", "Hunk headers (@@ ... @@) of a diff.")                      \
	X(DIFF_FILE, "diff_file", "File header lines (--- and +++) of a diff.")               \
	X(FINDING_ERROR, "finding_error", "Analysis findings of severity error.")             \
	X(FINDING_WARNING, "finding_warning", "Analysis findings of severity warning.")       \
	X(FINDING_INFO, "finding_info", "Analysis findings of severity info.")                \
	X(FINDING_RULE, "finding_rule", "Rule identifiers of findings.")                      \
	X(LOCATION, "location", "File names and file:line locations.")                        \
	X(STATUS_BAR, "status_bar", "The status bar.")                                        \
	X(STATUS_ACCENT, "status_accent", "Highlighted parts of the status bar: model, tokens.") \
	X(STATUS_ALERT, "status_alert", "Status bar alerts: rate-limit countdown, fallback.") \
	X(PANE_BORDER, "pane_border", "Borders of panes without focus.")                      \
	X(PANE_BORDER_FOCUS, "pane_border_focus", "The border of the pane with focus.")       \
	X(PANE_TITLE, "pane_title", "Pane titles.")                                           \
	X(SELECTION, "selection", "The selected line in a list, picker or pane.")             \
	X(SEARCH_MATCH, "search_match", "Matches of a search.")                               \
	X(INPUT, "input", "The input line.")                                                  \
	X(PROMPT, "prompt", "The prompt in front of the input line.")                         \
	X(PICKER, "picker", "Pickers (models, sessions, themes) and their items.")            \
	X(HELP_KEY, "help_key", "Keys in the help overlay.")                                  \
	X(HELP_TEXT, "help_text", "Descriptions in the help overlay.")                        \
	X(BADGE_CACHED, "badge_cached", "The badge on answers replayed from the cache.")       \
	X(BADGE_CANCELLED, "badge_cancelled", "The badge on cancelled answers.")              \
	X(BADGE_FALLBACK, "badge_fallback", "The badge on answers from a fallback model.")    \
	X(SPINNER, "spinner", "The in-flight indicator.")                                     \
	X(ERROR, "error", "Error messages.")                                                  \
	X(WARNING, "warning", "Warnings.")                                                    \
	X(HINT, "hint", "Hints that follow errors and warnings.")                             \
	X(INFO, "info", "Progress and status messages.")                                      \
	X(SUCCESS, "success", "Confirmations: edits applied, files written.")

typedef enum {
#define X(id, name, doc) ELEM_##id,
	THEME_ELEMENTS(X)
#undef X
	ELEM__COUNT
} ThemeElem;

/* Attributes; a style's attributes are added to those of the elements below it. */
enum {
	THEME_BOLD = 1u << 0,
	THEME_DIM = 1u << 1,
	THEME_ITALIC = 1u << 2,
	THEME_UNDERLINE = 1u << 3,
	THEME_REVERSE = 1u << 4,
	THEME_STRIKE = 1u << 5,
};

typedef enum {
	THEME_COLOR_UNSET,   /* take the colour of the element below */
	THEME_COLOR_DEFAULT, /* the terminal's own foreground or background */
	THEME_COLOR_INDEX,   /* 0-15 named ANSI colours, 16-255 the 256-colour palette */
	THEME_COLOR_RGB,     /* #rrggbb; drawn as the nearest palette colour */
} ThemeColorKind;

typedef struct {
	guint8 kind;  /* ThemeColorKind */
	guint8 index; /* THEME_COLOR_INDEX, and the nearest 256-colour index for RGB */
	guint32 rgb;  /* THEME_COLOR_RGB: 0xrrggbb */
} ThemeColor;

typedef struct {
	ThemeColor fg, bg;
	guint8 attrs;
} ThemeStyle;

/* What the terminal can show; the caller decides (term, curses COLORS, NO_COLOR). */
typedef enum {
	THEME_DEPTH_NONE = 0,
	THEME_DEPTH_8 = 8,
	THEME_DEPTH_16 = 16,
	THEME_DEPTH_256 = 256,
} ThemeDepth;

typedef struct Theme Theme;

/* ---- elements ---- */
const char *theme_elem_name(ThemeElem e);
const char *theme_elem_doc(ThemeElem e);
/* ELEM__COUNT when unknown. */
ThemeElem theme_elem_from_name(const char *name);

/* ---- loading ---- */
/* Load the theme NAME ([A-Za-z0-9_-]+): $XDG_CONFIG_HOME/aurelis/themes/NAME.yaml first, then
 * the shipped themes/NAME.yaml.  Problems that leave the theme usable (an unknown element or
 * colour) are appended to warnings as "file:line:col: message" strings (warnings may be
 * NULL).  Returns NULL with err when the theme cannot be used.  Free with theme_free(). */
Theme *theme_load(const char *name, GPtrArray *warnings, AurError **err);
/* The same for one file (aurelis theme check); its `inherit` is looked up by name. */
Theme *theme_load_file(const char *path, GPtrArray *warnings, AurError **err);
/* Parse theme text; name is used in messages.  For tests and fuzzing: inherit is looked up
 * by name like theme_load does. */
Theme *theme_parse(const char *name, const char *buf, size_t len, GPtrArray *warnings,
		   AurError **err);
/* theme_load, falling back to the default theme and then to the built-in monochrome one;
 * the reason for a fallback is appended to warnings.  Never NULL. */
Theme *theme_open(const char *name, GPtrArray *warnings);
/* The built-in monochrome theme (attributes only); needs no files. */
Theme *theme_new_mono(void);
void theme_free(Theme *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Theme, theme_free)

/* Names of the available themes (user and shipped), sorted, without duplicates.  Caller
 * frees the array. */
GPtrArray *theme_list(void);
/* The file a name resolves to, or NULL.  Caller frees. */
char *theme_find(const char *name);

const char *theme_name(const Theme *t);
const char *theme_description(const Theme *t);
/* True when the theme is meant for a light terminal background. */
bool theme_is_light(const Theme *t);

/* ---- styles ---- */
const ThemeStyle *theme_style(const Theme *t, ThemeElem e);
/* True when the theme file, or a theme it inherits, names the element. */
bool theme_defines(const Theme *t, ThemeElem e);
/* The style of elems[0] drawn over elems[1] over ... over ELEM_TEXT: unset colours come from
 * the elements below, attributes add up.  Elements >= ELEM__COUNT are skipped. */
ThemeStyle theme_resolve(const Theme *t, const guint8 *elems, size_t n);

/* The palette index to draw a colour with at a depth, or -1 for the terminal default. */
int theme_color_index(ThemeColor c, ThemeDepth depth);
/* 0xrrggbb of a palette index (the xterm palette). */
guint32 theme_index_rgb(int index);
/* The nearest 256-colour palette index (16-255) of an RGB colour. */
int theme_rgb_to_256(guint32 rgb);

/* Append the SGR sequence that sets style at depth ("\033[0;1;38;5;75m"); it always starts
 * by resetting, so styles never leak.  Appends nothing at THEME_DEPTH_NONE when the style has
 * no attributes either. */
void theme_sgr_append(GString *out, const ThemeStyle *style, ThemeDepth depth);

/* Colour depth from TERM and COLORTERM (either may be NULL). */
ThemeDepth theme_depth_from_env(const char *term, const char *colorterm);

/* Parse one colour ("red", "bright-blue", "214", "#ffaf00", "default", a palette name).
 * Returns false for anything else. */
bool theme_parse_color(const Theme *t, const char *text, ThemeColor *out);

#endif
