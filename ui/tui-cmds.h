/* SPDX-License-Identifier: MIT */
/* What the input line does with a submitted line: /commands of the full-screen interface,
 * or a prompt for the model.  Also completion of command names and arguments. */
#ifndef AURELIS_TUI_CMDS_H
#define AURELIS_TUI_CMDS_H

#include <stdbool.h>

#include "tui-app.h"

/*
 * The table is the interface's own for now.  When the slash-command table shared with the
 * line shell arrives (src/commands.c), its entries plug in here with the same shape: a name,
 * an argument synopsis, help, what the argument completes to, and a run function; only the
 * run functions need a host object to print through, which this file then provides.
 */
typedef enum { TUI_ARG_NONE, TUI_ARG_FILE, TUI_ARG_THEME, TUI_ARG_TEXT } TuiArgKind;

typedef struct {
	const char *name;   /* with the slash */
	const char *args;   /* synopsis, "" for none */
	const char *help;
	TuiArgKind arg;
	void (*run)(TuiApp *app, const char *arg);
} TuiCommand;

/* NULL-terminated (name == NULL). */
const TuiCommand *tui_cmds_table(void);

/* A submitted line: a /command, or a prompt sent to the model. */
void tui_cmds_submit(TuiApp *app, const char *line);

/* readline generators (state 0 starts over); results are malloc()ed for readline. */
char *tui_cmds_complete_name(const char *text, int state);
char *tui_cmds_complete_arg(const char *line, const char *text, int state);
/* Does the command on this line take a file name? */
bool tui_cmds_arg_is_file(const char *line);

#endif
