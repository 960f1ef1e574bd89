/* SPDX-License-Identifier: MIT */
/* Task -> ordered model chain, following models.routes and models.default (see ROUTES in
 * aurelis.yaml(5)). */
#ifndef AURELIS_ROUTER_H
#define AURELIS_ROUTER_H

#include <stdbool.h>
#include <glib.h>

#include "catalog.h"
#include "config.h"

bool router_is_task(const char *task);

/* The chain for task: models.routes.<task>; models.default goes first when it was set at a
 * higher layer than the route (so an explicit default heads the built-in routes, but not a
 * route the user wrote at the same or a higher layer); override (--model) replaces the
 * head.  Duplicates (case-insensitive) keep their first place.  Never empty.  Caller frees
 * (the array owns its strings). */
GPtrArray *router_chain(const AurConfig *cfg, const char *task, const char *override);

/* Tasks whose chain contains model, as "chat, explain"; "" when none.  Caller frees. */
char *router_tasks_for_model(const AurConfig *cfg, const char *model);

/* Every model in any task's chain, in task order, without duplicates.  Caller frees. */
GPtrArray *router_all_models(const AurConfig *cfg);

/* One warning per chain entry the catalogue does not know, with a suggestion when one is
 * close ("openai/gpt-4.l is not in the catalogue; did you mean openai/gpt-4.1?").  Caller
 * frees the array. */
GPtrArray *router_check_chain(const GPtrArray *chain, const Catalog *catalog);

#endif
