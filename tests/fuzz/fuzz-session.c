/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the session file loader, and export and history over what it loaded. */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>

#include "session-export.h"
#include "session-history.h"
#include "session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Session *s = session_load_buffer("fuzz.jsonl", (const char *)data, size);
	/* Context files name real paths; the fuzzer must not read the machine's files. */
	while (session_n_files(s) > 0)
		if (!session_drop_file(s, session_file(s, 0)->path, NULL))
			break;
	char *md = session_export_markdown(s);
	g_free(md);
	char *json = session_export(s, SESSION_EXPORT_JSON);
	g_free(json);
	for (int64_t budget = 0; budget <= 4096; budget += 512) {
		SessionHistory *h = session_history_select(s, "system", "prompt", budget, NULL);
		if (h != NULL) {
			g_free(session_history_describe(h));
			session_history_free(h);
		}
	}
	/* Mutations on a loaded (unsaved) session go through the same loader. */
	SessionTurn t = { .user = (char *)"u", .answer = (char *)"a" };
	if (session_add_turn(s, &t, NULL))
		(void)session_add_summary(s, session_last_turn(s)->n, "s", NULL, NULL);
	(void)session_clear(s, NULL);
	session_free(s);
	return 0;
}
