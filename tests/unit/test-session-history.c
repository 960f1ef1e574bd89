/* SPDX-License-Identifier: MIT */
/* Unit tests for session-history.c: budgets at exact boundaries, summaries, context files. */
#include "autoconfig.h"

#include <unistd.h>

#include "session-history.h"
#include "unit.h"

/*
 * Sizes used throughout: "question" is 8 bytes (2 tokens), "answer-12345" is 12 bytes (3
 * tokens), so one turn costs 2 + 3 + 2 * 4 = 13 tokens.  The system prompt "sys!" and the
 * prompt "next" cost 1 + 4 = 5 each, 10 together.
 */
#define TURN 13
#define FIXED 10

typedef struct {
	char *dir;
	Session *s;
} Fixture;

static int
setup(void **state)
{
	Fixture *f = g_new0(Fixture, 1);
	f->dir = unit_tmpdir();
	g_autofree char *data = g_build_filename(f->dir, "data", NULL);
	setenv("XDG_DATA_HOME", data, 1);
	setenv("XDG_STATE_HOME", data, 1);
	AurError *err = NULL;
	f->s = session_create("hist", f->dir, "m", &err);
	assert_non_null(f->s);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	Fixture *f = *state;
	session_free(f->s);
	unit_rmdir(f->dir);
	g_free(f);
	return 0;
}

static void
add_turns(Session *s, int n)
{
	for (int i = 0; i < n; i++) {
		SessionTurn t = { .user = (char *)"question", .answer = (char *)"answer-12345" };
		assert_true(session_add_turn(s, &t, NULL));
	}
}

static SessionHistory *
select_ok(Session *s, int64_t budget)
{
	AurError *err = NULL;
	SessionHistory *h = session_history_select(s, "sys!", "next", budget, &err);
	if (h == NULL)
		fail_msg("select failed: %s", err->message);
	return h;
}

static void
test_estimate(void **state)
{
	(void)state;
	assert_int_equal(session_history_estimate(NULL), 0);
	assert_int_equal(session_history_estimate(""), 0);
	assert_int_equal(session_history_estimate("a"), 1);
	assert_int_equal(session_history_estimate("abcd"), 1);
	assert_int_equal(session_history_estimate("abcde"), 2);
	assert_int_equal(session_history_estimate("question"), 2);
}

static void
test_exact_boundaries(void **state)
{
	Fixture *f = *state;
	add_turns(f->s, 3);
	g_autoptr(SessionHistory) all = select_ok(f->s, FIXED + 3 * TURN);
	assert_int_equal(all->turns_sent, 3);
	assert_int_equal(all->tokens, FIXED + 3 * TURN);
	assert_int_equal(all->dropped, 0);
	assert_int_equal(all->first_turn, 1);
	assert_null(session_history_describe(all));
	/* message order: system, user/assistant pairs, prompt */
	assert_int_equal(all->messages->len, 8);
	const SessionMessage *m0 = all->messages->pdata[0], *m1 = all->messages->pdata[1];
	const SessionMessage *m2 = all->messages->pdata[2], *m7 = all->messages->pdata[7];
	assert_int_equal(m0->role, SESSION_ROLE_SYSTEM);
	assert_string_equal(m0->content, "sys!");
	assert_int_equal(m1->role, SESSION_ROLE_USER);
	assert_int_equal(m2->role, SESSION_ROLE_ASSISTANT);
	assert_string_equal(m2->content, "answer-12345");
	assert_string_equal(m7->content, "next");

	g_autoptr(SessionHistory) one_short = select_ok(f->s, FIXED + 3 * TURN - 1);
	assert_int_equal(one_short->turns_sent, 2);
	assert_int_equal(one_short->first_turn, 2);
	assert_int_equal(one_short->dropped, 1);
	assert_int_equal(one_short->dropped_from, 1);
	assert_int_equal(one_short->dropped_to, 1);
	assert_int_equal(one_short->tokens, FIXED + 2 * TURN);
	g_autofree char *why = session_history_describe(one_short);
	assert_str_contains(why, "left out turn 1 ");

	g_autoptr(SessionHistory) none = select_ok(f->s, FIXED);
	assert_int_equal(none->turns_sent, 0);
	assert_int_equal(none->first_turn, 0);
	assert_int_equal(none->dropped, 3);
	assert_int_equal(none->dropped_from, 1);
	assert_int_equal(none->dropped_to, 3);
	g_autofree char *why3 = session_history_describe(none);
	assert_str_contains(why3, "left out 3 turns (1-3)");

	AurError *err = NULL;
	assert_null(session_history_select(f->s, "sys!", "next", FIXED - 1, &err));
	assert_int_equal(err->category, AUR_ERR_INPUT);
	assert_non_null(err->hint);
	aur_error_free(err);
}

/* The summary of turns 1-2 costs this much as a message. */
static int64_t
summary_tokens(const char *text)
{
	g_autofree char *msg = g_strdup_printf("Summary of the earlier conversation (turns 1-2):"
					       "\n\n%s", text);
	return session_history_estimate(msg) + SESSION_MESSAGE_OVERHEAD;
}

static void
test_summary_replaces_older_turns(void **state)
{
	Fixture *f = *state;
	add_turns(f->s, 3);
	const char *text = "Rewrite the tokenizer.";
	assert_true(session_add_summary(f->s, 2, text, "sum/model", NULL));
	int64_t st = summary_tokens(text);
	assert_true(st > TURN + 1 && st - 1 < 2 * TURN); /* room for one of its turns, not two */

	g_autoptr(SessionHistory) h = select_ok(f->s, FIXED + TURN + st);
	assert_int_equal(h->summary_upto, 2);
	assert_int_equal(h->turns_sent, 1);
	assert_int_equal(h->first_turn, 3);
	assert_int_equal(h->dropped, 0);
	assert_int_equal(h->tokens, FIXED + TURN + st);
	const SessionMessage *sum = h->messages->pdata[1];
	assert_int_equal(sum->role, SESSION_ROLE_SYSTEM);
	assert_str_contains(sum->content, text);
	g_autofree char *why = session_history_describe(h);
	assert_str_contains(why, "turns up to 2 sent as their summary");

	/* One token short: the summary does not fit, so as many of its turns as fit go. */
	g_autoptr(SessionHistory) h2 = select_ok(f->s, FIXED + TURN + st - 1);
	assert_int_equal(h2->summary_upto, 0);
	assert_int_equal(h2->turns_sent, 2);
	assert_int_equal(h2->first_turn, 2);
	assert_int_equal(h2->dropped, 1);
	assert_int_equal(h2->dropped_from, 1);

	/* When the turns after the summary do not all fit, the summary is not used: the
	 * history stays one unbroken run of the newest turns. */
	add_turns(f->s, 2); /* turns 4, 5 */
	g_autoptr(SessionHistory) h3 = select_ok(f->s, FIXED + 3 * TURN - 1);
	assert_int_equal(h3->summary_upto, 0);
	assert_int_equal(h3->first_turn, 4);
	assert_int_equal(h3->turns_sent, 2);
	assert_int_equal(h3->dropped, 3);
	assert_int_equal(h3->dropped_from, 1);
	assert_int_equal(h3->dropped_to, 3);
}

static void
test_clear_and_unanswered_turns(void **state)
{
	Fixture *f = *state;
	add_turns(f->s, 2);
	assert_true(session_clear(f->s, NULL));
	SessionTurn cancelled = { .user = (char *)"stop", .answer = (char *)"",
				  .flags = SESSION_TURN_CANCELLED };
	assert_true(session_add_turn(f->s, &cancelled, NULL));
	add_turns(f->s, 1);
	g_autoptr(SessionHistory) h = select_ok(f->s, 1000);
	assert_int_equal(h->turns_sent, 1);
	assert_int_equal(h->first_turn, 4);
	assert_int_equal(h->dropped, 0);
	assert_null(session_history_describe(h));
	/* A summary of cleared turns is not used. */
	assert_true(session_add_summary(f->s, 2, "old stuff", NULL, NULL));
	g_autoptr(SessionHistory) h2 = select_ok(f->s, 1000);
	assert_int_equal(h2->summary_upto, 0);
	assert_int_equal(h2->messages->len, 4);
}

static char *
put(const Fixture *f, const char *name, const char *text)
{
	char *p = g_build_filename(f->dir, name, NULL);
	unit_write(p, text);
	return p;
}

static void
test_files_priority_and_fences(void **state)
{
	Fixture *f = *state;
	g_autofree char *a = put(f, "a.md", "has a fence:\n````\ncode\n````\n");
	g_autofree char *b = put(f, "b.c", "int b;");
	assert_true(session_add_file(f->s, a, false, NULL));
	assert_true(session_add_file(f->s, b, true, NULL));
	add_turns(f->s, 1);
	g_autoptr(SessionHistory) h = select_ok(f->s, 10000);
	/* system, pinned b, unpinned a, turn, prompt */
	assert_int_equal(h->messages->len, 6);
	const SessionMessage *mb = h->messages->pdata[1], *ma = h->messages->pdata[2];
	assert_string_equal(mb->content, "File b.c:\n```\nint b;\n```\n");
	assert_str_contains(ma->content, "File a.md:\n`````\nhas a fence:\n````\ncode\n````\n`````\n");
	/* Budget for the pinned file only: the unpinned one is left out and reported. */
	g_autoptr(SessionHistory) h2 = select_ok(f->s, FIXED + mb->tokens + TURN);
	assert_int_equal(h2->files_omitted->len, 1);
	assert_string_equal(h2->files_omitted->pdata[0], a);
	assert_int_equal(h2->turns_sent, 1);
	g_autofree char *why = session_history_describe(h2);
	assert_str_contains(why, "a.md");
}

static void
test_changed_and_missing_files(void **state)
{
	Fixture *f = *state;
	g_autofree char *a = put(f, "a.c", "int a = 1;\n");
	g_autofree char *b = put(f, "b.c", "int b = 1;\n");
	assert_true(session_add_file(f->s, a, false, NULL));
	assert_true(session_add_file(f->s, b, false, NULL));
	char before[65];
	g_strlcpy(before, session_file(f->s, 0)->sha256, sizeof before);
	g_autoptr(SessionHistory) h0 = select_ok(f->s, 10000);
	assert_int_equal(h0->files_reread->len, 0);

	unit_write(a, "int a = 2; /* changed */\n");
	unlink(b);
	g_autoptr(SessionHistory) h = select_ok(f->s, 10000);
	assert_int_equal(h->files_reread->len, 1);
	assert_string_equal(h->files_reread->pdata[0], a);
	assert_int_equal(h->files_missing->len, 1);
	assert_str_contains(h->files_missing->pdata[0], "b.c");
	const SessionMessage *ma = h->messages->pdata[1];
	assert_str_contains(ma->content, "int a = 2;");
	assert_int_equal(h->messages->len, 3); /* system, a.c, prompt */
	g_autofree char *why = session_history_describe(h);
	assert_str_contains(why, "re-read (changed on disk)");
	assert_str_contains(why, "could not read");
	assert_string_not_equal(session_file(f->s, 0)->sha256, before);

	/* The new digest is on disk: a fresh load does not report the change again. */
	AurError *err = NULL;
	g_autoptr(Session) back = session_load_file(session_path(f->s), &err);
	assert_string_equal(session_file(back, 0)->sha256, session_file(f->s, 0)->sha256);
	g_autoptr(SessionHistory) h2 = session_history_select(back, NULL, "q", 10000, &err);
	assert_int_equal(h2->files_reread->len, 0);
}

static void
test_meter(void **state)
{
	Fixture *f = *state;
	add_turns(f->s, 2);
	int64_t used = session_history_meter(f->s, "sys!", 1000);
	assert_int_equal(used, 5 + 2 * TURN);
	assert_int_equal(session_history_meter(f->s, "sys!", 5 + TURN), 5 + TURN);
	g_autofree char *a = session_history_meter_text(950, 8000);
	g_autofree char *b = session_history_meter_text(3210, 128000);
	g_autofree char *c = session_history_meter_text(0, 1048576);
	assert_string_equal(a, "950/8.0k");
	assert_string_equal(b, "3.2k/128k");
	assert_string_equal(c, "0/1.0M");
}

/* A turn asked again with /retry is replaced by the new one, in memory and after a reload;
 * a retry_of that names no earlier turn changes nothing. */
static void
test_retried_turns_are_not_sent(void **state)
{
	Fixture *f = *state;
	add_turns(f->s, 2);
	SessionTurn again = { .user = (char *)"question", .answer = (char *)"better-12345",
			      .retry_of = 2 };
	assert_true(session_add_turn(f->s, &again, NULL));
	assert_true(session_turn(f->s, 1)->flags & SESSION_TURN_RETRIED);
	assert_false(session_turn(f->s, 2)->flags & SESSION_TURN_RETRIED);
	assert_int_equal(session_turn(f->s, 2)->retry_of, 2);
	g_autoptr(SessionHistory) h = select_ok(f->s, 1000);
	assert_int_equal(h->turns_sent, 2);
	assert_int_equal(h->dropped, 0);
	const SessionMessage *last = h->messages->pdata[h->messages->len - 2];
	assert_string_equal(last->content, "better-12345");
	/* system, two user/assistant pairs, prompt */
	assert_int_equal(h->messages->len, 6);

	/* What /retry of turn 3 sends: turns 1 and 3 are out, turn 1 alone goes. */
	AurError *err = NULL;
	g_autoptr(SessionHistory) skip = session_history_select_skip(f->s, "sys!", "next", 1000, 3,
								     &err);
	assert_int_equal(skip->turns_sent, 1);
	assert_int_equal(skip->first_turn, 1);
	assert_int_equal(skip->dropped, 0);
	assert_int_equal(skip->messages->len, 4);

	g_autoptr(Session) back = session_load_file(session_path(f->s), &err);
	assert_non_null(back);
	assert_true(session_turn(back, 1)->flags & SESSION_TURN_RETRIED);
	assert_false(session_turn(back, 0)->flags & SESSION_TURN_RETRIED);

	/* Forward references and self references are ignored. */
	const char *odd = "{\"type\":\"session\",\"v\":1,\"id\":\"0123456789ab\",\"ts\":1}\n"
			  "{\"type\":\"turn\",\"n\":1,\"user\":\"a\",\"answer\":\"b\",\"retry_of\":5}\n"
			  "{\"type\":\"turn\",\"n\":2,\"user\":\"a\",\"answer\":\"b\",\"retry_of\":2}\n";
	g_autoptr(Session) o = session_load_buffer("odd", odd, strlen(odd));
	assert_int_equal(session_n_turns(o), 2);
	assert_false(session_turn(o, 0)->flags & SESSION_TURN_RETRIED);
	assert_false(session_turn(o, 1)->flags & SESSION_TURN_RETRIED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_estimate),
		cmocka_unit_test_setup_teardown(test_exact_boundaries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary_replaces_older_turns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clear_and_unanswered_turns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_files_priority_and_fences, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_and_missing_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_meter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retried_turns_are_not_sent, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
