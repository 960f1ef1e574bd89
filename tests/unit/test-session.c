/* SPDX-License-Identifier: MIT */
/* Unit tests for session.c: event round trips, damaged files, concurrent appends. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "session.h"
#include "unit.h"

typedef struct {
	char *dir;
	char *project;
} Fixture;

static int
setup(void **state)
{
	Fixture *f = g_new0(Fixture, 1);
	f->dir = unit_tmpdir();
	g_autofree char *data = g_build_filename(f->dir, "data", NULL);
	g_autofree char *st = g_build_filename(f->dir, "state", NULL);
	setenv("XDG_DATA_HOME", data, 1);
	setenv("XDG_STATE_HOME", st, 1);
	f->project = g_build_filename(f->dir, "proj", NULL);
	g_mkdir(f->project, 0700);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	Fixture *f = *state;
	g_free(f->project);
	unit_rmdir(f->dir);
	g_free(f);
	return 0;
}

static void
add_turn(Session *s, const char *user, const char *answer)
{
	SessionTurn t = { .user = (char *)user, .answer = (char *)answer, .tokens_in = -1,
			  .tokens_out = -1, .ttft_ms = -1, .latency_ms = -1 };
	AurError *err = NULL;
	assert_true(session_add_turn(s, &t, &err));
	assert_null(err);
}

static char *
write_file(const Fixture *f, const char *name, const char *data, size_t len)
{
	char *path = g_build_filename(f->dir, name, NULL);
	assert_true(g_file_set_contents(path, data, (gssize)len, NULL));
	return path;
}

static bool
has_warning(const Session *s, const char *needle)
{
	const GPtrArray *w = session_warnings(s);
	for (guint i = 0; i < w->len; i++)
		if (strstr(w->pdata[i], needle) != NULL)
			return true;
	return false;
}

static void
dump_warnings(const Session *s)
{
	const GPtrArray *w = session_warnings(s);
	for (guint i = 0; i < w->len; i++)
		print_message("# warning: %s\n", (const char *)w->pdata[i]);
}

/* ---- round trips --------------------------------------------------------------------- */

static void
check_rich(const Session *s, const char *file_path)
{
	assert_string_equal(session_name(s), "renamed");
	assert_string_equal(session_model(s), "openai/gpt-4.1");
	assert_int_equal(session_n_turns(s), 3);
	const SessionTurn *t = session_turn(s, 0);
	assert_int_equal(t->n, 1);
	assert_string_equal(t->user, "héllo \"world\"\n\tline");
	assert_string_equal(t->answer, "```c\nint main(void) { return 0; }\n```\n");
	assert_string_equal(t->model, "mistral-ai/codestral-2501");
	assert_string_equal(t->fallback_from, "openai/gpt-4.1");
	assert_int_equal(t->tokens_in, 120);
	assert_int_equal(t->tokens_out, 340);
	assert_int_equal(t->ttft_ms, 250);
	assert_int_equal(t->latency_ms, 1800);
	assert_int_equal(t->flags, SESSION_TURN_CACHED | SESSION_TURN_FALLBACK |
			 SESSION_TURN_CANCELLED | SESSION_TURN_CUT);
	assert_int_equal(t->started_ms, 1795752000000LL);
	assert_int_equal(t->finished_ms, 1795752001800LL);
	assert_int_equal(session_turn(s, 1)->flags, 0);
	assert_int_equal(session_turn(s, 1)->tokens_in, -1);
	assert_null(session_turn(s, 1)->model);
	assert_int_equal(session_turn(s, 2)->n, 3);
	assert_int_equal(session_n_summaries(s), 1);
	assert_int_equal(session_summary(s)->upto, 2);
	assert_string_equal(session_summary(s)->text, "We talked about main().");
	assert_string_equal(session_summary(s)->model, "openai/gpt-4.1-mini");
	assert_int_equal(session_cleared_after(s), 3);
	assert_int_equal(session_n_files(s), 1);
	const SessionFile *sf = session_file(s, 0);
	assert_string_equal(sf->path, file_path);
	assert_true(sf->pinned);
	assert_string_equal(sf->sha256,
			    "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
	assert_int_equal(session_warnings(s)->len, 0);
	assert_int_equal(session_unknown_events(s), 0);
}

static void
test_round_trip_every_event(void **state)
{
	Fixture *f = *state;
	AurError *err = NULL;
	g_autoptr(Session) s = session_create("first", f->project, "openai/gpt-4.1-mini", &err);
	assert_non_null(s);
	SessionTurn rich = {
		.user = (char *)"héllo \"world\"\n\tline",
		.answer = (char *)"```c\nint main(void) { return 0; }\n```\n",
		.model = (char *)"mistral-ai/codestral-2501",
		.fallback_from = (char *)"openai/gpt-4.1",
		.tokens_in = 120, .tokens_out = 340, .ttft_ms = 250, .latency_ms = 1800,
		.flags = SESSION_TURN_CACHED | SESSION_TURN_FALLBACK | SESSION_TURN_CANCELLED |
			 SESSION_TURN_CUT,
		.started_ms = 1795752000000LL, .finished_ms = 1795752001800LL,
	};
	assert_true(session_add_turn(s, &rich, &err));
	add_turn(s, "second", "two");
	g_autofree char *ctx = write_file(f, "ctx.txt", "hello", 5);
	g_autofree char *other = write_file(f, "other.txt", "x", 1);
	assert_true(session_add_file(s, ctx, false, &err));
	assert_true(session_add_file(s, other, false, &err));
	assert_true(session_add_file(s, ctx, true, &err)); /* re-pin */
	assert_true(session_drop_file(s, other, &err));
	assert_true(session_add_summary(s, 2, "We talked about main().", "openai/gpt-4.1-mini",
					&err));
	assert_true(session_set_model(s, "openai/gpt-4.1", &err));
	assert_true(session_rename(s, "renamed", &err));
	add_turn(s, "third", "three");
	assert_true(session_clear(s, &err));
	assert_null(err);
	check_rich(s, ctx);

	g_autoptr(Session) back = session_load_file(session_path(s), &err);
	assert_non_null(back);
	dump_warnings(back);
	check_rich(back, ctx);
	assert_string_equal(session_id(back), session_id(s));
	assert_string_equal(session_project(back), f->project);
	assert_int_equal(session_created_ms(back), session_created_ms(s));

	/* The same bytes through the in-memory loader. */
	g_autofree char *text = unit_read(session_path(s));
	g_autoptr(Session) mem = session_load_buffer("mem", text, strlen(text));
	check_rich(mem, ctx);
}

static void
test_unsaved_then_saved(void **state)
{
	Fixture *f = *state;
	AurError *err = NULL;
	g_autoptr(Session) s = session_new(NULL, f->project, NULL);
	assert_false(session_is_saved(s));
	assert_null(session_path(s));
	add_turn(s, "q1", "a1");
	add_turn(s, "q2", "a2");
	assert_true(session_add_summary(s, 1, "sum", NULL, &err));
	assert_true(session_clear(s, &err));
	assert_true(session_save(s, &err));
	assert_true(session_is_saved(s));
	assert_string_equal(session_name(s), "proj-1"); /* generated from the project */
	add_turn(s, "q3", "a3");
	g_autoptr(Session) back = session_load_file(session_path(s), &err);
	assert_non_null(back);
	assert_int_equal(session_n_turns(back), 3);
	assert_int_equal(session_turn(back, 2)->n, 3);
	assert_string_equal(session_turn(back, 1)->answer, "a2");
	assert_int_equal(session_cleared_after(back), 2);
	assert_int_equal(session_summary(back)->upto, 1);
	assert_int_equal(session_warnings(back)->len, 0);
	struct stat st;
	assert_int_equal(stat(session_path(s), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	g_autofree char *dir = g_path_get_dirname(session_path(s));
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
}

static void
test_invalid_utf8_is_stored_valid(void **state)
{
	Fixture *f = *state;
	AurError *err = NULL;
	g_autoptr(Session) s = session_create("utf", f->project, NULL, &err);
	add_turn(s, "bad \xff\xfe bytes", "fine");
	g_autofree char *text = unit_read(session_path(s));
	assert_true(g_utf8_validate(text, -1, NULL));
	g_autoptr(Session) back = session_load_file(session_path(s), &err);
	assert_int_equal(session_n_turns(back), 1);
	assert_str_contains(session_turn(back, 0)->user, "bad ");
	assert_str_contains(session_turn(back, 0)->user, "\xef\xbf\xbd"); /* U+FFFD */
}

static void
test_ids_and_names(void **state)
{
	(void)state;
	g_autofree char *a = session_new_id();
	g_usleep(3000);
	g_autofree char *b = session_new_id();
	assert_true(session_id_valid(a));
	assert_int_equal(strlen(a), 12);
	assert_true(strcmp(a, b) < 0); /* sortable by creation time */
	assert_false(session_id_valid("short"));
	assert_false(session_id_valid("0123456789AB"));
	assert_false(session_id_valid("0123456789ai")); /* i is not in the alphabet */
	const char *good[] = { "a", "fix-parser", "v1.2_test", "9lives", NULL };
	for (int i = 0; good[i]; i++)
		assert_true(session_name_valid(good[i], NULL));
	const char *bad[] = { "", "-x", ".hidden", "has space", "a/b", "tab\t", "émoji",
			      "0123456789ab", NULL };
	for (int i = 0; bad[i]; i++) {
		AurError *err = NULL;
		assert_false(session_name_valid(bad[i], &err));
		assert_int_equal(err->category, AUR_ERR_USAGE);
		assert_non_null(err->hint);
		aur_error_free(err);
	}
	char longname[SESSION_MAX_NAME + 2];
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	assert_false(session_name_valid(longname, NULL));
	longname[SESSION_MAX_NAME] = '\0';
	assert_true(session_name_valid(longname, NULL));
}

/* ---- damaged files ------------------------------------------------------------------- */

/* A saved session with three turns; returns its file's text. */
static char *
three_turns(const Fixture *f, char **path)
{
	AurError *err = NULL;
	g_autoptr(Session) s = session_create("torn", f->project, "m", &err);
	assert_non_null(s);
	add_turn(s, "one", "first answer");
	add_turn(s, "two", "second answer\n```\ncode\n```");
	add_turn(s, "three", "third answer with \"quotes\" and \\ backslash");
	*path = g_strdup(session_path(s));
	return unit_read(*path);
}

static void
test_torn_last_line_every_offset(void **state)
{
	Fixture *f = *state;
	g_autofree char *path = NULL;
	g_autofree char *text = three_turns(f, &path);
	size_t len = strlen(text);
	/* Start of the last line. */
	size_t last = len - 1;
	while (last > 0 && text[last - 1] != '\n')
		last--;
	for (size_t cut = last; cut <= len; cut++) {
		assert_true(g_file_set_contents(path, text, (gssize)cut, NULL));
		AurError *err = NULL;
		g_autoptr(Session) s = session_load_file(path, &err);
		assert_non_null(s);
		bool complete = cut == len;
		assert_int_equal(session_n_turns(s), complete ? 3 : 2);
		assert_string_equal(session_turn(s, 1)->answer, "second answer\n```\ncode\n```");
		if (cut > last && !complete)
			assert_true(has_warning(s, ":4: skipped an unfinished last line"));
		else
			assert_int_equal(session_warnings(s)->len, 0);
	}
}

static void
test_append_after_torn_line_repairs(void **state)
{
	Fixture *f = *state;
	g_autofree char *path = NULL;
	g_autofree char *text = three_turns(f, &path);
	size_t len = strlen(text);
	assert_true(g_file_set_contents(path, text, (gssize)(len - 10), NULL));
	AurError *err = NULL;
	g_autoptr(Session) s = session_load_file(path, &err);
	assert_int_equal(session_n_turns(s), 2);
	add_turn(s, "again", "fresh");
	assert_int_equal(session_last_turn(s)->n, 3);
	assert_true(has_warning(s, "removed an unfinished last line"));
	g_autoptr(Session) back = session_load_file(path, &err);
	dump_warnings(back);
	assert_int_equal(session_warnings(back)->len, 0);
	assert_int_equal(session_n_turns(back), 3);
	assert_string_equal(session_turn(back, 2)->answer, "fresh");
}

static void
test_garbage_lines_skipped_and_reported(void **state)
{
	Fixture *f = *state;
	GString *g = g_string_new("{\"type\":\"session\",\"v\":1,\"name\":\"g\",\"ts\":5}\n");
	g_string_append(g, "{\"type\":\"turn\",\"n\":1,\"user\":\"u1\",\"answer\":\"a1\"}\n");
	g_string_append(g, "this is not json\n");                         /* line 3 */
	g_string_append(g, "{\"type\":\"turn\",\"user\":\"u\"\n");         /* 4: truncated */
	g_string_append(g, "[1,2,3]\n");                                  /* 5 */
	g_string_append(g, "{\"type\":\"turn\",\"user\":\"\xff\xfe\",\"answer\":\"x\"}\n"); /* 6 */
	g_string_append_len(g, "{\"type\":\"turn\",\0\"user\":\"u\"}\n", 28); /* 7: NUL */
	g_string_append(g, "{}\n");                                       /* 8: no type */
	g_string_append(g, "\n   \n");                                    /* 9, 10: blank */
	g_string_append(g, "{\"type\":\"turn\",\"n\":2,\"user\":\"u2\",\"answer\":\"a2\"} trailing\n");
	g_string_append(g, "{\"type\":\"turn\",\"n\":3,\"user\":\"u3\",\"answer\":\"a3\"}\n");
	g_autofree char *path = write_file(f, "g.jsonl", g->str, g->len);
	g_string_free(g, TRUE);
	AurError *err = NULL;
	g_autoptr(Session) s = session_load_file(path, &err);
	assert_non_null(s);
	dump_warnings(s);
	assert_int_equal(session_n_turns(s), 2);
	assert_string_equal(session_turn(s, 0)->user, "u1");
	assert_string_equal(session_turn(s, 1)->user, "u3");
	assert_int_equal(session_turn(s, 1)->n, 3);
	assert_true(has_warning(s, "g.jsonl:3: skipped a line that is not a JSON object"));
	assert_true(has_warning(s, "g.jsonl:4: skipped a line that is not a JSON object"));
	assert_true(has_warning(s, "g.jsonl:5: skipped a line that is not a JSON object"));
	assert_true(has_warning(s, "g.jsonl:6: skipped a line that is not valid UTF-8"));
	assert_true(has_warning(s, "g.jsonl:7: skipped a line that is not valid UTF-8"));
	assert_true(has_warning(s, "g.jsonl:8: skipped a line without an event type"));
	assert_true(has_warning(s, "g.jsonl:11: skipped a line that is not a JSON object"));
	assert_int_equal(session_warnings(s)->len, 7);
}

static void
test_huge_line_skipped(void **state)
{
	Fixture *f = *state;
	GString *g = g_string_new("{\"type\":\"session\",\"v\":1,\"name\":\"h\"}\n");
	g_string_append(g, "{\"type\":\"turn\",\"user\":\"before\",\"answer\":\"a\"}\n");
	size_t huge = SESSION_MAX_LINE + 100;
	g_string_append(g, "{\"type\":\"turn\",\"user\":\"");
	size_t start = g->len;
	g_string_set_size(g, start + huge);
	memset(g->str + start, 'x', huge);
	g_string_append(g, "\",\"answer\":\"a\"}\n");
	g_string_append(g, "{\"type\":\"turn\",\"user\":\"after\",\"answer\":\"b\"}\n");
	/* and an over-long last line without its newline */
	start = g->len;
	g_string_set_size(g, start + huge);
	memset(g->str + start, 'y', huge);
	g_autofree char *path = write_file(f, "h.jsonl", g->str, g->len);
	g_string_free(g, TRUE);
	AurError *err = NULL;
	g_autoptr(Session) s = session_load_file(path, &err);
	assert_non_null(s);
	dump_warnings(s);
	assert_int_equal(session_n_turns(s), 2);
	assert_string_equal(session_turn(s, 1)->user, "after");
	assert_true(has_warning(s, "h.jsonl:3: skipped a line of"));
	assert_true(has_warning(s, "h.jsonl:5: skipped an unfinished last line"));
}

static void
test_wrong_field_types(void **state)
{
	(void)state;
	const char *text =
		"{\"type\":\"session\",\"v\":1,\"name\":7,\"project\":\"relative/dir\",\"ts\":\"now\"}\n"
		"{\"type\":\"turn\",\"user\":5,\"answer\":\"a\"}\n"                     /* 2: skipped */
		"{\"type\":\"turn\",\"user\":\"u\",\"answer\":\"a\",\"tokens_in\":\"abc\","
		"\"latency_ms\":-5,\"cached\":\"yes\",\"n\":1.5,\"model\":[1]}\n"        /* 3: kept */
		"{\"type\":\"summary\",\"upto\":\"x\",\"text\":\"t\"}\n"                /* 4: skipped */
		"{\"type\":\"summary\",\"upto\":0,\"text\":\"t\"}\n"                    /* 5: skipped */
		"{\"type\":\"rename\",\"name\":\"bad name\"}\n"                         /* 6: skipped */
		"{\"type\":\"model\",\"model\":\"\"}\n"                                 /* 7: skipped */
		"{\"type\":\"file_add\",\"path\":\"relative.c\"}\n"                     /* 8: skipped */
		"{\"type\":\"file_add\",\"path\":\"/abs.c\",\"sha256\":\"zz\",\"pinned\":1}\n" /* 9 */
		"{\"type\":\"clear\",\"after\":-1}\n"                                   /* 10: skipped */
		"{\"type\":\"session\",\"name\":\"second-header\"}\n";                  /* 11 */
	g_autoptr(Session) s = session_load_buffer("w.jsonl", text, strlen(text));
	dump_warnings(s);
	assert_int_equal(session_n_turns(s), 1);
	const SessionTurn *t = session_turn(s, 0);
	assert_int_equal(t->tokens_in, -1);
	assert_int_equal(t->latency_ms, -1);
	assert_int_equal(t->flags, 0);
	assert_int_equal(t->n, 1);
	assert_null(t->model);
	assert_string_equal(session_name(s), "w.jsonl"); /* no valid name anywhere */
	assert_string_equal(session_project(s), "");
	assert_int_equal(session_n_summaries(s), 0);
	assert_null(session_model(s));
	assert_int_equal(session_n_files(s), 1);
	assert_string_equal(session_file(s, 0)->sha256, "");
	assert_false(session_file(s, 0)->pinned);
	assert_int_equal(session_cleared_after(s), 0);
	assert_true(has_warning(s, "w.jsonl:2: skipped a turn event: field 'user'"));
	assert_true(has_warning(s, "w.jsonl:3: ignored field 'tokens_in'"));
	assert_true(has_warning(s, "w.jsonl:3: ignored field 'cached'"));
	assert_true(has_warning(s, "w.jsonl:3: ignored field 'model'"));
	assert_true(has_warning(s, "w.jsonl:4: skipped a summary event: field 'upto'"));
	assert_true(has_warning(s, "w.jsonl:5: skipped a summary event"));
	assert_true(has_warning(s, "w.jsonl:6: skipped a rename event"));
	assert_true(has_warning(s, "w.jsonl:7: skipped a model event"));
	assert_true(has_warning(s, "w.jsonl:8: skipped a file_add event: the path is not absolute"));
	assert_true(has_warning(s, "w.jsonl:9: ignored field 'sha256'"));
	assert_true(has_warning(s, "w.jsonl:10: skipped a clear event"));
	assert_true(has_warning(s, "w.jsonl:11: skipped a session event: a second session header"));
}

static void
test_unknown_events_and_newer_version(void **state)
{
	(void)state;
	const char *text =
		"{\"type\":\"session\",\"v\":3,\"id\":\"0123456789ab\",\"name\":\"future\"}\n"
		"{\"type\":\"reaction\",\"emoji\":\"+1\",\"turn\":1}\n"
		"{\"type\":\"turn\",\"user\":\"u\",\"answer\":\"a\",\"future_field\":{\"x\":1}}\n"
		"{\"type\":\"hologram\"}\n";
	g_autoptr(Session) s = session_load_buffer("f.jsonl", text, strlen(text));
	assert_int_equal(session_n_turns(s), 1);
	assert_int_equal(session_unknown_events(s), 2);
	assert_string_equal(session_id(s), "0123456789ab");
	assert_int_equal(session_warnings(s)->len, 1);
	assert_true(has_warning(s, "written by a newer version"));
}

static void
test_empty_and_headerless(void **state)
{
	Fixture *f = *state;
	g_autofree char *path = write_file(f, "0123456789ab.jsonl", "", 0);
	AurError *err = NULL;
	g_autoptr(Session) s = session_load_file(path, &err);
	assert_non_null(s);
	assert_int_equal(session_n_turns(s), 0);
	assert_string_equal(session_id(s), "0123456789ab");
	assert_string_equal(session_name(s), "0123456789ab");
	assert_true(has_warning(s, "no session header"));

	const char *text = "{\"type\":\"turn\",\"user\":\"u\",\"answer\":\"a\"}\n";
	g_autoptr(Session) t = session_load_buffer("nohead", text, strlen(text));
	assert_int_equal(session_n_turns(t), 1);
	assert_true(has_warning(t, "no session header"));
	g_autoptr(Session) e = session_load_buffer("empty", "", 0);
	assert_int_equal(session_n_turns(e), 0);
}

static void
test_not_regular_files(void **state)
{
	Fixture *f = *state;
	AurError *err = NULL;
	g_autofree char *dir = g_build_filename(f->dir, "adir.jsonl", NULL);
	g_mkdir(dir, 0700);
	assert_null(session_load_file(dir, &err));
	assert_int_equal(err->category, AUR_ERR_INPUT);
	assert_str_contains(err->message, "a directory");
	aur_error_free(err);
	err = NULL;
	g_autofree char *fifo = g_build_filename(f->dir, "fifo.jsonl", NULL);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_null(session_load_file(fifo, &err)); /* and it must not block */
	assert_str_contains(err->message, "not a regular file");
	aur_error_free(err);
	err = NULL;
	g_autofree char *missing = g_build_filename(f->dir, "missing.jsonl", NULL);
	assert_null(session_load_file(missing, &err));
	assert_int_equal(err->category, AUR_ERR_NOT_FOUND);
	aur_error_free(err);
}

static void
test_read_only_and_deleted(void **state)
{
	Fixture *f = *state;
	AurError *err = NULL;
	g_autoptr(Session) s = session_create("ro", f->project, NULL, &err);
	add_turn(s, "q", "a");
	assert_int_equal(unlink(session_path(s)), 0);
	SessionTurn t = { .user = (char *)"q2", .answer = (char *)"a2" };
	assert_false(session_add_turn(s, &t, &err));
	assert_int_equal(err->category, AUR_ERR_NOT_FOUND);
	assert_str_contains(err->message, "is gone");
	aur_error_free(err);
	err = NULL;
	assert_int_equal(session_n_turns(s), 1); /* memory unchanged too */

	if (geteuid() == 0)
		return; /* root writes through file modes */
	g_autoptr(Session) r = session_create("ro2", f->project, NULL, &err);
	add_turn(r, "q", "a");
	chmod(session_path(r), 0400);
	g_autoptr(Session) back = session_load_file(session_path(r), &err);
	assert_non_null(back);
	assert_int_equal(session_n_turns(back), 1);
	assert_false(session_add_turn(back, &t, &err));
	assert_str_contains(err->message, "read-only");
	aur_error_free(err);
}

/* A full disk, simulated with RLIMIT_FSIZE: the failed append leaves no half line. */
static void
test_full_disk_leaves_no_half_line(void **state)
{
	Fixture *f = *state;
	AurError *err = NULL;
	g_autoptr(Session) s = session_create("full", f->project, NULL, &err);
	add_turn(s, "q", "a");
	struct stat st;
	assert_int_equal(stat(session_path(s), &st), 0);
	struct rlimit old, lim;
	getrlimit(RLIMIT_FSIZE, &old);
	lim = old;
	lim.rlim_cur = (rlim_t)st.st_size + 100;
	void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	g_autofree char *big = g_strnfill(5000, 'z');
	SessionTurn t = { .user = (char *)"big", .answer = big };
	bool ok = session_add_turn(s, &t, &err);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, prev);
	assert_false(ok);
	assert_int_equal(err->category, AUR_ERR_IO);
	assert_non_null(err->hint);
	aur_error_free(err);
	err = NULL;
	struct stat after;
	assert_int_equal(stat(session_path(s), &after), 0);
	assert_int_equal(after.st_size, st.st_size);
	assert_int_equal(session_n_turns(s), 1);
	add_turn(s, "q2", "a2"); /* and the session goes on */
	g_autoptr(Session) back = session_load_file(session_path(s), &err);
	assert_int_equal(session_n_turns(back), 2);
	assert_int_equal(session_warnings(back)->len, 0);
}

/* ---- concurrency --------------------------------------------------------------------- */

#define WRITERS 4
#define PER_WRITER 25

typedef struct {
	const char *path;
	int id;
} WriterArgs;

static void
append_as(const char *path, int id)
{
	AurError *err = NULL;
	Session *s = session_load_file(path, &err);
	if (s == NULL)
		abort();
	for (int i = 0; i < PER_WRITER; i++) {
		g_autofree char *user = g_strdup_printf("w%d-%02d", id, i);
		/* Large enough to need several pages per write. */
		g_autofree char *answer = g_strnfill(20000 + (size_t)id * 7 + (size_t)i, 'a' + id);
		SessionTurn t = { .user = user, .answer = answer };
		if (!session_add_turn(s, &t, &err))
			abort();
	}
	session_free(s);
}

static gpointer
writer_thread(gpointer p)
{
	WriterArgs *a = p;
	append_as(a->path, a->id);
	return NULL;
}

static void
check_interleaved(const char *path, int writers)
{
	AurError *err = NULL;
	g_autoptr(Session) s = session_load_file(path, &err);
	assert_non_null(s);
	dump_warnings(s);
	assert_int_equal(session_warnings(s)->len, 0);
	assert_int_equal(session_n_turns(s), writers * PER_WRITER);
	int next[WRITERS] = { 0 };
	for (guint i = 0; i < session_n_turns(s); i++) {
		const SessionTurn *t = session_turn(s, i);
		assert_int_equal(t->n, i + 1); /* consecutive, in the order written */
		int id, k;
		assert_int_equal(sscanf(t->user, "w%d-%d", &id, &k), 2);
		assert_int_equal(k, next[id]++); /* each writer's turns in its own order */
		assert_int_equal(strlen(t->answer), 20000 + (size_t)id * 7 + (size_t)k);
		assert_int_equal(t->answer[0], 'a' + id);
		assert_int_equal(t->answer[strlen(t->answer) - 1], 'a' + id);
	}
}

static void
test_concurrent_threads(void **state)
{
	Fixture *f = *state;
	AurError *err = NULL;
	g_autoptr(Session) s = session_create("threads", f->project, NULL, &err);
	GThread *th[WRITERS];
	WriterArgs args[WRITERS];
	for (int i = 0; i < WRITERS; i++) {
		args[i] = (WriterArgs) { session_path(s), i };
		th[i] = g_thread_new("writer", writer_thread, &args[i]);
	}
	for (int i = 0; i < WRITERS; i++)
		g_thread_join(th[i]);
	check_interleaved(session_path(s), WRITERS);
	/* The first handle catches up on its next append. */
	add_turn(s, "late", "x");
	assert_int_equal(session_n_turns(s), WRITERS * PER_WRITER + 1);
	assert_int_equal(session_external_turns(s), WRITERS * PER_WRITER);
	assert_int_equal(session_last_turn(s)->n, WRITERS * PER_WRITER + 1);
}

static void
test_concurrent_processes(void **state)
{
	Fixture *f = *state;
	AurError *err = NULL;
	g_autoptr(Session) s = session_create("procs", f->project, NULL, &err);
	pid_t pids[2];
	for (int i = 0; i < 2; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			append_as(session_path(s), i);
			_exit(0);
		}
	}
	for (int i = 0; i < 2; i++) {
		int status;
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	check_interleaved(session_path(s), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip_every_event, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unsaved_then_saved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8_is_stored_valid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ids_and_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_torn_last_line_every_offset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_after_torn_line_repairs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbage_lines_skipped_and_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_huge_line_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_field_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_events_and_newer_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_headerless, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_regular_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only_and_deleted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_disk_leaves_no_half_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_threads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_processes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
