/* SPDX-License-Identifier: MIT */
/* The one-shot commands; each lives in its own cmd-*.c. */
#ifndef AURELIS_CMDS_H
#define AURELIS_CMDS_H

#include "cli.h"

extern const AurCommand cmd_analyze;
extern const AurCommand cmd_cache;
extern const AurCommand cmd_ask;
extern const AurCommand cmd_auth;
extern const AurCommand cmd_completion;
extern const AurCommand cmd_config;
extern const AurCommand cmd_health;
extern const AurCommand cmd_init;
extern const AurCommand cmd_render;
extern const AurCommand cmd_session;
extern const AurCommand cmd_stats;
extern const AurCommand cmd_shell;
extern const AurCommand cmd_theme;
extern const AurCommand cmd_models;
extern const AurCommand cmd_version;

/* Print versions; load_ondemand also opens libcurl to report the one in use. */
void cmd_version_print(FILE *out, bool load_ondemand);

/* The commented template `init` writes (also checked by tests).  Caller frees. */
char *init_template(void);

#endif
