/* SPDX-License-Identifier: MIT */
/* `aurelis analyze --ai`: after the static pass, each file (in parts within the budget)
 * goes to the analyze route; the findings are validated, de-duplicated against the static
 * ones and merged with source "ai". */
#ifndef AURELIS_AI_ANALYZE_H
#define AURELIS_AI_ANALYZE_H

#include "analysis/analysis.h"
#include "cli.h"

/* Requests one run may send unless --ai-max-requests says otherwise. */
#define AI_ANALYZE_MAX_REQUESTS 50

/* Run the AI pass over r (analysed with keep_text) and merge its findings into r, then
 * count again.  max_requests caps the requests; files beyond it are left out with a
 * warning.  Requests run on request.concurrency threads under the client's rate limits.
 * Failed requests become warnings in r; false with err only when nothing could be asked
 * at all (no token, every request failed, Ctrl-C). */
bool ai_analyze_run(AurContext *ctx, const AurArgs *args, AnalysisResults *r, int max_requests,
		    AurError **err);

#endif
