/* SPDX-License-Identifier: MIT */
/* The conversation pane: messages, their layout as they stream, scrolling, and the code
 * blocks they contain (which the code preview shows). */
#ifndef AURELIS_TUI_CONV_H
#define AURELIS_TUI_CONV_H

#include "tui-app.h"

typedef enum {
	TUI_MSG_USER,
	TUI_MSG_ASSISTANT,
	TUI_MSG_NOTICE,
	TUI_MSG_ERROR,
} TuiMsgRole;

enum {
	TUI_MSG_STREAMING = 1u << 0,
	TUI_MSG_CACHED = 1u << 1,
	TUI_MSG_CANCELLED = 1u << 2,
	TUI_MSG_FALLBACK = 1u << 3,
	TUI_MSG_CUT = 1u << 4,
	TUI_MSG_FAILED = 1u << 5,
};

/* A fenced code block of an answer: bytes [start, end) of its message's text.  open while
 * the answer is still inside it. */
typedef struct {
	const TuiMsg *msg;
	size_t start, end;
	char *lang;
	bool open;
} TuiCodeBlock;

extern const TuiPaneOps tui_conv_ops;
void tui_conv_init(TuiPane *p);

/* Add a message (text may be NULL); the conversation owns it. */
TuiMsg *tui_conv_add(TuiApp *app, TuiMsgRole role, const char *text, const char *model);
/* Append streamed text (any bytes; split UTF-8 sequences are joined, the rest sanitised). */
void tui_conv_append(TuiApp *app, TuiMsg *m, const char *text, size_t len);
/* The answer is over: flags (TUI_MSG_CANCELLED, ...) are added, STREAMING removed. */
void tui_conv_finish(TuiApp *app, TuiMsg *m, unsigned flags);
void tui_msg_add_flags(TuiApp *app, TuiMsg *m, unsigned flags);
void tui_msg_set_model(TuiApp *app, TuiMsg *m, const char *model, const char *from);
void tui_msg_set_usage(TuiApp *app, TuiMsg *m, int64_t in, int64_t out);
const char *tui_msg_text(const TuiMsg *m, size_t *len);
unsigned tui_msg_flags(const TuiMsg *m);
void tui_conv_clear(TuiApp *app);


guint tui_conv_nblocks(TuiApp *app);
const TuiCodeBlock *tui_conv_block(TuiApp *app, guint i);

/* Scroll by pages (from the input line). */
void tui_conv_scroll(TuiApp *app, int pages);

#endif
