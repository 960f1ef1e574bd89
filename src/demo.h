/* SPDX-License-Identifier: MIT */
/* A local stand-in for the model: a job that streams a markdown file as the answer, at a set
 * rate, for trying, testing and measuring the interactive interface without a network. */
#ifndef AURELIS_DEMO_H
#define AURELIS_DEMO_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "error.h"
#include "jobs.h"

/*
 * Configured from the environment:
 *   AURELIS_TUI_DEMO=FILE        the answer (markdown); "{prompt}" in it becomes the prompt
 *   AURELIS_TUI_DEMO_RATE=N      bytes per second (default 0: as fast as possible)
 *   AURELIS_TUI_DEMO_CHUNK=N     bytes per delta (default 16)
 *   AURELIS_TUI_DEMO_OPTS=LIST   comma-separated: retry=SECONDS (a rate-limit wait first),
 *                                fallback, cached, cut, fail (fail halfway)
 */
typedef struct {
	char *text;
	size_t len;
	int64_t rate;
	size_t chunk;
	int retry;
	bool fallback, cached, cut, fail;
} DemoChat;

/* NULL without an error when AURELIS_TUI_DEMO is not set; NULL with err when it is wrong. */
DemoChat *demo_from_env(AurError **err);
void demo_free(DemoChat *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DemoChat, demo_free)

/* Queue one answer to prompt from model (both copied) on jobs; returns the job id. */
unsigned demo_submit(Jobs *jobs, const DemoChat *d, const char *prompt, const char *model);

/* Monotonic microseconds when a demo job last emitted the end of its answer (0: never). */
int64_t demo_last_emit_us(void);

#endif
