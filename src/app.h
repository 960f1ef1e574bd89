/* SPDX-License-Identifier: MIT */
/* Start-up shared by every command: configuration layers, flags, logging. */
#ifndef AURELIS_APP_H
#define AURELIS_APP_H

#include "cli.h"

/* Load every configuration layer plus the flags in args into ctx->cfg, print the loader's
 * warnings, and set up logging.  Returns false with err on a configuration error. */
bool app_load_config(AurContext *ctx, const AurArgs *args, AurError **err);

/* Print the configuration warnings (unknown keys and the like) unless --quiet. */
void app_print_config_warnings(const AurConfig *cfg);

/* The model the user asked for with --model, or NULL. */
const char *app_model_override(const AurArgs *args);

#endif
