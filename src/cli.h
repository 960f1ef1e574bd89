/* SPDX-License-Identifier: MIT */
/* Command and option tables, argument parsing, generated help and shell completions. */
#ifndef AURELIS_CLI_H
#define AURELIS_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "config.h"
#include "error.h"

typedef enum {
	OPT_FLAG,  /* --yes */
	OPT_VALUE, /* --output FILE (last one wins) */
	OPT_MULTI, /* -f FILE, repeatable */
} AurOptKind;

/* What a value or positional argument is, for shell completion. */
typedef enum {
	COMPLETE_NONE,
	COMPLETE_FILE,
	COMPLETE_DIR,
	COMPLETE_MODEL,
	COMPLETE_SESSION,
	COMPLETE_THEME,
	COMPLETE_CONFIG_KEY,
	COMPLETE_CHOICES, /* from AurOption.choices */
} AurComplete;

typedef struct {
	const char *long_name;
	char short_name;       /* 0 for none */
	AurOptKind kind;
	const char *metavar;   /* "FILE"; NULL for flags */
	const char *help;
	AurComplete complete;
	const char *choices;   /* "text|json|sarif" for COMPLETE_CHOICES */
} AurOption;

typedef struct {
	const char *name;
	const char *summary;
} AurSubcommand;

typedef struct AurArgs AurArgs;
typedef struct AurContext AurContext;

typedef struct {
	const char *name;
	const char *summary;          /* one line for the command list */
	const char *usage;            /* after "aurelis NAME ", e.g. "[PATH...] [OPTIONS]" */
	const char *description;      /* a paragraph for --help; may be NULL */
	const AurOption *options;     /* terminated by { NULL } ; may be NULL */
	const AurSubcommand *subcommands; /* terminated by { NULL }; may be NULL */
	AurComplete positional;       /* what positional arguments are */
	bool no_config;               /* runs without loading configuration */
	bool network;                 /* loads libcurl before running */
	int (*run)(AurContext *ctx, AurArgs *args);
} AurCommand;

/* Global state of one invocation, handed to every command. */
struct AurContext {
	AurConfig *cfg;
	const AurCommand *command;
	bool json;
	bool quiet;
	bool no_color;
	bool no_cache;
	int verbose;
	const char *config_file; /* --config */
	char *cid;
};

/* Every command, in display order.  NULL-terminated. */
const AurCommand *const *cli_commands(void);
const AurCommand *cli_find_command(const char *name);
/* The options every command accepts. */
const AurOption *cli_global_options(void);

/* Parse argv[first..argc) for cmd (cmd may be NULL: global options only). */
AurArgs *cli_parse(const AurCommand *cmd, int argc, char **argv, int first, AurError **err);
void cli_args_free(AurArgs *args);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AurArgs, cli_args_free)

bool args_flag(const AurArgs *a, const char *long_name);
int args_count(const AurArgs *a, const char *long_name); /* times given (-vv = 2) */
const char *args_value(const AurArgs *a, const char *long_name);
/* NULL-terminated; never NULL. */
const char *const *args_values(const AurArgs *a, const char *long_name);
unsigned args_npos(const AurArgs *a);
const char *args_pos(const AurArgs *a, unsigned i);

/* Index of the command name in argv, or 0 when there is none. */
int cli_find_command_index(int argc, char **argv);

void cli_print_help(FILE *out);
void cli_print_command_help(FILE *out, const AurCommand *cmd);

/* Completion scripts generated from the tables: shell is bash, zsh or fish. */
bool cli_print_completion(FILE *out, const char *shell, AurError **err);

/* Report an unknown subcommand of cmd (from cmd->subcommands: "did you mean", else the
 * list) and return the exit status.  guess, when not NULL, is tried as the suggestion
 * first (an alias the table does not hold, e.g. "ls" for "list"). */
int cli_unknown_subcommand(const AurCommand *cmd, const char *sub, const char *guess);

/* A usage error for cmd, with the usage line as the hint. */
void cli_usage_error(AurError **err, const AurCommand *cmd, const char *fmt, ...)
	G_GNUC_PRINTF(3, 4);

#endif
