/* SPDX-License-Identifier: MIT */
/* libFuzzer target: metrics lines through aggregation and all three `stats` formats, with
 * the fast line reader checked against the cJSON one. */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static Stats *
aggregate(const uint8_t *data, size_t size, bool fast)
{
	Stats *s = stats_new(1000, 1795752000000LL);
	stats_set_fast_path(s, fast);
	const char *p = (const char *)data, *end = p + size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		stats_add_line(s, p, (size_t)(stop - p));
		p = stop + 1;
	}
	if (stats_skipped(s) > stats_lines(s))
		abort();
	stats_apply_limits(s, NULL, NULL);
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Stats *fast = aggregate(data, size, true);
	Stats *slow = aggregate(data, size, false);
	cJSON *a = stats_format_json(fast, TIERS_PLAN_PRO);
	cJSON *b = stats_format_json(slow, TIERS_PLAN_PRO);
	char *ta = cJSON_PrintUnformatted(a), *tb = cJSON_PrintUnformatted(b);
	if (ta == NULL || tb == NULL || strcmp(ta, tb) != 0)
		abort(); /* the two readers disagree */
	cJSON_free(ta);
	cJSON_free(tb);
	cJSON_Delete(a);
	cJSON_Delete(b);
	g_free(stats_format_text(fast, TIERS_PLAN_PRO));
	g_free(stats_format_prometheus(fast));
	stats_free(fast);
	stats_free(slow);
	return 0;
}
