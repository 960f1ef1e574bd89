/* SPDX-License-Identifier: MIT */
/* The slash commands of the interactive faces: one table, parsing, dispatch, help, the man
 * page section and completion. */
#ifndef AURELIS_COMMANDS_H
#define AURELIS_COMMANDS_H

#include <stdbool.h>
#include <glib.h>

#include "convo.h"
#include "error.h"

/*
 * A line typed into a face is either a command ("/name args") or a prompt for the model.
 * Both faces call commands_run_line(); the handlers act on the Convo and report through
 * its Face, so the line shell, the full screen and the tests run the same code.  The help
 * text, `/help`, the SLASH COMMANDS section of aurelis(1) (man/gen-slash) and completion
 * all come from the table below.
 */

/* What an argument completes to. */
typedef enum {
	SLASH_ARG_NONE,
	SLASH_ARG_FILE,         /* a path on disk */
	SLASH_ARG_CONTEXT_FILE, /* a file in the session's context */
	SLASH_ARG_MODEL,        /* a model id from the catalogue */
	SLASH_ARG_SESSION,      /* a saved session's name */
	SLASH_ARG_THEME,        /* a theme name */
	SLASH_ARG_COMMAND,      /* a slash command's name */
	SLASH_ARG_CHOICES,      /* one of SlashCommand.choices */
	SLASH_ARG_TEXT,         /* free text: the rest of the line, quotes and all */
} SlashArg;

typedef enum {
	SLASH_OK,
	SLASH_FAILED, /* the handler showed an error through the face */
	SLASH_QUIT,   /* leave the shell */
} SlashStatus;

typedef struct SlashCommand SlashCommand;

/* A parsed command line. */
struct SlashCall {
	const SlashCommand *cmd;
	char **argv;      /* the words after the name (NULL-terminated; flags removed) */
	int argc;
	bool yes;         /* -y/--yes was given (commands that confirm) */
	bool pin;         /* --pin was given (/add) */
	const char *rest; /* the raw text after the name, leading blanks skipped */
};

typedef SlashStatus (*SlashHandler)(Convo *cv, const SlashCall *call);

/* Which face runs a command.  Faces with a FaceOps.command operation (the full screen)
 * run the marked forms themselves; the others run the handler, which for
 * SLASH_FULL_SCREEN says the command needs the full screen. */
typedef enum {
	SLASH_ANY_FACE = 0,
	SLASH_FULL_SCREEN,      /* only the full screen has it (/open, /palette) */
	SLASH_FULL_SCREEN_BARE, /* without arguments the full screen opens a picker (/model) */
	SLASH_FULL_SCREEN_PANE, /* the full screen shows it in a pane of its own (/analyze) */
} SlashFace;

struct SlashCommand {
	const char *name;      /* without the slash */
	const char *aliases;   /* space-separated, or NULL */
	const char *args;      /* synopsis for help: "[md|json] [FILE]" */
	int min_args, max_args; /* word counts; max -1: any */
	SlashArg first, rest;  /* completion of the first and of later arguments */
	const char *choices;   /* "md|json" for SLASH_ARG_CHOICES */
	const char *flags;     /* accepted flags, "--yes" or "--pin", or NULL */
	const char *summary;   /* one line */
	const char *help;      /* a paragraph */
	SlashHandler run;
	SlashFace face;        /* SLASH_ANY_FACE unless the full screen has its own form */
};

/* The table, terminated by an entry whose name is NULL. */
const SlashCommand *commands_table(void);
/* By name or alias (without the slash); NULL when unknown. */
const SlashCommand *commands_find(const char *name);

/* Is line a command rather than a prompt?  "/name ..." is; "//text" and "/usr/bin/x is
 * slow" (a path: another slash in the first word) are prompts. */
bool commands_is_command(const char *line);

/* Parse "/name args...".  Unknown names fail with AUR_ERR_USAGE and a "did you mean";
 * wrong argument counts and unknown flags fail with the synopsis as the hint.  Caller
 * frees with commands_call_free(). */
SlashCall *commands_parse(const char *line, AurError **err);
void commands_call_free(SlashCall *call);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SlashCall, commands_call_free)

/* Run a line typed into a face: a command, or a prompt sent to the model ("//x" sends
 * "/x").  Errors are shown through the face and give SLASH_FAILED. */
SlashStatus commands_run_line(Convo *cv, const char *line);

/* Show the last max_turns turns of the session (a session just opened). */
void commands_show_recent(Convo *cv, guint max_turns);

/* /help as markdown: every command, or one command in detail.  NULL when name is not a
 * command.  Caller frees. */
char *commands_help(const char *name);
/* The SLASH COMMANDS section of aurelis(1), between its marker comments.  Caller frees. */
char *commands_man_section(void);
#define COMMANDS_MAN_BEGIN ".\\\" BEGIN SLASH COMMANDS (generated from src/commands.c by 'make man-slash')"
#define COMMANDS_MAN_END ".\\\" END SLASH COMMANDS"

/* Completion of the word that starts at byte start of line (the cursor is at its end):
 * candidates in order, each a whole replacement for the word; directories end in '/'.
 * cv may be NULL (no models, sessions or context files then).  Caller frees. */
GPtrArray *commands_complete(Convo *cv, const char *line, size_t start);

/* Candidate paths for a partial path ("src/ma" -> "src/main.c"), "~/" expanded for the
 * search but kept in the results; hidden files only when the partial name starts with a
 * dot.  Caller frees. */
GPtrArray *commands_complete_path(const char *partial);

#endif
