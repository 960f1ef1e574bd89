/* SPDX-License-Identifier: MIT */
/* Test helper: append turns to a session until killed, printing each committed turn. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"

/*
 * Usage: session-writer NAME [COUNT]
 * Opens session NAME (creating it when missing) and appends COUNT turns (default: until
 * killed).  Turn n's answer is a recognisable pattern of 1 KiB to 65 KiB, so a reader can
 * check every committed turn is whole; "committed N" is printed only after
 * session_add_turn() returned, that is after the fdatasync.
 */

static char *
answer_for(guint n, guint seq)
{
	size_t len = 1024 + (size_t)g_random_int_range(0, 64 * 1024);
	GString *s = g_string_sized_new(len + 64);
	g_string_append_printf(s, "answer %u.%u\n```c\n", seq, n);
	while (s->len < len)
		g_string_append_printf(s, "int v%u = %u; /* \"quoted\" \\ text */\n", n, n);
	g_string_append(s, "```\n");
	return g_string_free(s, FALSE);
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: session-writer NAME [COUNT]\n");
		return 2;
	}
	long count = argc > 2 ? strtol(argv[2], NULL, 10) : -1;
	AurError *err = NULL;
	Session *s = session_open(argv[1], &err);
	if (s == NULL && err->category == AUR_ERR_NOT_FOUND) {
		aur_error_free(err);
		err = NULL;
		s = session_create(argv[1], NULL, "test/model", &err);
	}
	if (s == NULL) {
		fprintf(stderr, "session-writer: %s\n", err->message);
		return 1;
	}
	guint warned = session_warnings(s)->len;
	for (long i = 0; count < 0 || i < count; i++) {
		guint seq = (guint)getpid();
		g_autofree char *answer = answer_for(session_n_turns(s) + 1, seq);
		g_autofree char *user = g_strdup_printf("question %ld from %u", i, seq);
		SessionTurn t = { .user = user, .answer = answer, .model = (char *)"test/model",
				  .tokens_in = 10, .tokens_out = (int64_t)strlen(answer) / 4,
				  .ttft_ms = -1, .latency_ms = -1 };
		if (!session_add_turn(s, &t, &err)) {
			fprintf(stderr, "session-writer: %s\n", err->message);
			return 1;
		}
		/* Repairs of a torn line left by the previous (killed) writer show up here. */
		for (; warned < session_warnings(s)->len; warned++)
			printf("warning %s\n", (const char *)session_warnings(s)->pdata[warned]);
		printf("committed %u %zu\n", session_last_turn(s)->n, strlen(answer));
		fflush(stdout);
	}
	session_free(s);
	return 0;
}
