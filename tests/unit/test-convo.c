/* SPDX-License-Identifier: MIT */
/* Unit tests for the slash-command handlers and the conversation engine, driven through a
 * fake face that records every call. */
#include "autoconfig.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cache.h"
#include "commands.h"
#include "convo.h"
#include "lazycurl.h"
#include "models.h"
#include "unit.h"

/* ---- the fake face ------------------------------------------------------------------------ */

typedef struct {
	GString *log;          /* one line per call: "kind: text" */
	FaceConfirm answer;    /* what confirm() says */
	GString *clip;
	unsigned changed;      /* FACE_CHANGED_* bits seen */
	int errors;
	AurError *last_error;
	FaceAnswer last_answer;
	int answers_ended;
	bool clip_fails;
} Fake;

static Fake *
fake_of(Face *f)
{
	return f->data;
}

static void
fake_print(Face *f, const char *text)
{
	g_string_append_printf(fake_of(f)->log, "print: %s\n", text);
}

static void
fake_markdown(Face *f, const char *md)
{
	g_string_append_printf(fake_of(f)->log, "md: %s\n", md);
}

static void
fake_status(Face *f, FaceStatusKind kind, const char *text)
{
	static const char *const names[] = { "info", "warning", "success" };
	g_string_append_printf(fake_of(f)->log, "%s: %s\n", names[kind], text);
}

static void
fake_error(Face *f, const AurError *err)
{
	Fake *k = fake_of(f);
	g_string_append_printf(k->log, "error: %s | %s\n", err->message, err->hint ? err->hint : "");
	k->errors++;
	aur_error_free(k->last_error);
	k->last_error = aur_error_copy(err);
}

static void
fake_countdown(Face *f, int64_t left, const char *reason)
{
	if (left > 0)
		g_string_append_printf(fake_of(f)->log, "countdown: %" G_GINT64_FORMAT " %s\n", left,
				       reason);
}

static FaceConfirm
fake_confirm(Face *f, const char *q)
{
	g_string_append_printf(fake_of(f)->log, "confirm: %s\n", q);
	return fake_of(f)->answer;
}

static bool
fake_clipboard(Face *f, const char *text, size_t len, AurError **err)
{
	Fake *k = fake_of(f);
	if (k->clip_fails) {
		aur_error_set(err, AUR_ERR_USAGE, "hint", "no terminal");
		return false;
	}
	g_string_assign(k->clip, "");
	g_string_append_len(k->clip, text, (gssize)len);
	return true;
}

static void
fake_begin(Face *f, const char *model)
{
	g_string_append_printf(fake_of(f)->log, "begin: %s\n", model ? model : "-");
}

static void
fake_delta(Face *f, const char *text, size_t len)
{
	g_string_append_printf(fake_of(f)->log, "delta: %.*s\n", (int)len, text);
}

static void
fake_end(Face *f, const FaceAnswer *a)
{
	Fake *k = fake_of(f);
	g_string_append_printf(k->log, "end: turn %u flags %u%s\n", a->turn, a->flags,
			       a->error ? " failed" : "");
	k->last_answer = *a;
	k->last_answer.error = NULL;
	k->answers_ended++;
}

static void
fake_changed(Face *f, unsigned what)
{
	fake_of(f)->changed |= what;
}

static const FaceOps fake_ops = {
	fake_print, fake_markdown, fake_status, fake_error, fake_countdown, fake_confirm,
	fake_clipboard, fake_begin, fake_delta, fake_end, fake_changed, NULL,
};

/* A face with forms of its own for the full-screen commands (as the full screen has). */
static bool
fake_command(Face *f, const SlashCall *call)
{
	g_string_append_printf(fake_of(f)->log, "command: %s %d\n", call->cmd->name, call->argc);
	return strcmp(call->cmd->name, "open") != 0 || call->argc == 0 ||
	       strcmp(call->argv[0], "fails.c") != 0;
}

static const FaceOps fake_full_ops = {
	fake_print, fake_markdown, fake_status, fake_error, fake_countdown, fake_confirm,
	fake_clipboard, fake_begin, fake_delta, fake_end, fake_changed, fake_command,
};

/* ---- fixture ---------------------------------------------------------------------------------- */

typedef struct {
	char *dir;
	char *cwd;
	AurConfig *cfg;
	Jobs *jobs;
	Fake fake;
	Face face;
	Convo *cv;
	int listener;  /* accepts connections and never answers */
} Fixture;

static int
silent_listener(int *port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(fd, 16), 0);
	socklen_t len = sizeof a;
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

static void
set(AurConfig *cfg, const char *key, const char *value)
{
	AurError *err = NULL;
	if (!config_set_text(cfg, key, value, CFG_LAYER_FLAG, "test", &err))
		fail_msg("%s: %s", key, err->message);
}

static int
setup(void **state)
{
	Fixture *f = g_new0(Fixture, 1);
	f->dir = unit_tmpdir();
	f->cwd = g_get_current_dir();
	assert_int_equal(chdir(f->dir), 0);
	g_setenv("XDG_DATA_HOME", f->dir, TRUE);
	g_setenv("XDG_STATE_HOME", f->dir, TRUE);
	g_setenv("XDG_CACHE_HOME", f->dir, TRUE);
	g_setenv("XDG_CONFIG_HOME", f->dir, TRUE);
	g_setenv("AURELIS_DATA_DIR", TEST_SRCDIR, TRUE);
	g_unsetenv("AURELIS_TOKEN");
	g_unsetenv("GITHUB_TOKEN");
	g_unsetenv("GH_TOKEN");
	assert_true(lazycurl_load(NULL));
	int port;
	f->listener = silent_listener(&port);
	f->cfg = config_new();
	g_autofree char *endpoint = g_strdup_printf("http://127.0.0.1:%d/inference", port);
	set(f->cfg, "endpoint", endpoint);
	set(f->cfg, "security.keyring", "false");
	set(f->cfg, "security.use_gh_cli", "false");
	set(f->cfg, "request.max_retries", "0");
	set(f->cfg, "request.stall_timeout", "2");
	f->jobs = jobs_new(1, NULL);
	f->fake.log = g_string_new(NULL);
	f->fake.clip = g_string_new(NULL);
	f->fake.answer = FACE_CONFIRM_NO;
	f->face = (Face){ &fake_ops, &f->fake };
	ConvoOptions o = { .cfg = f->cfg, .jobs = f->jobs, .face = &f->face };
	f->cv = convo_new(&o, session_new(NULL, f->dir, NULL));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	Fixture *f = *state;
	jobs_free(f->jobs);
	convo_free(f->cv);
	config_free(f->cfg);
	close(f->listener);
	g_string_free(f->fake.log, TRUE);
	g_string_free(f->fake.clip, TRUE);
	aur_error_free(f->fake.last_error);
	assert_int_equal(chdir(f->cwd), 0);
	g_free(f->cwd);
	unit_rmdir(f->dir);
	g_free(f);
	return 0;
}

static SlashStatus
run(Fixture *f, const char *line)
{
	g_string_truncate(f->fake.log, 0);
	f->fake.errors = 0;
	return commands_run_line(f->cv, line);
}

static const char *
logged(Fixture *f)
{
	return f->fake.log->str;
}

/* Feed job events to the conversation until nothing runs (at most 15 s). */
static void
pump(Fixture *f)
{
	int64_t end = g_get_monotonic_time() + 15 * G_USEC_PER_SEC;
	while (convo_busy(f->cv)) {
		assert_true(g_get_monotonic_time() < end);
		struct pollfd p = { jobs_wake_fd(f->jobs), POLLIN, 0 };
		poll(&p, 1, 100);
		JobEvent *ev;
		while ((ev = jobs_next_event(f->jobs)) != NULL) {
			convo_handle_event(f->cv, ev);
			jobs_event_free(ev);
		}
	}
}

static void
add_turn(Fixture *f, const char *user, const char *answer)
{
	SessionTurn t = { .user = (char *)user, .answer = (char *)answer, .model = (char *)"m",
			  .tokens_in = 10, .tokens_out = 20, .ttft_ms = 100, .latency_ms = 900 };
	assert_true(session_add_turn(convo_session(f->cv), &t, NULL));
}

/* ---- tests ------------------------------------------------------------------------------------- */

static void
test_help_unknown_and_quit(void **state)
{
	Fixture *f = *state;
	assert_int_equal(run(f, "/help"), SLASH_OK);
	assert_str_contains(logged(f), "md: Commands");
	assert_str_contains(logged(f), "`/compact`");
	assert_int_equal(run(f, "/help retry"), SLASH_OK);
	assert_str_contains(logged(f), "`/retry`: ask the last question again");
	assert_int_equal(run(f, "/help nope"), SLASH_FAILED);
	assert_str_contains(logged(f), "error: unknown command /nope");
	assert_int_equal(run(f, "/modle gpt"), SLASH_FAILED);
	assert_str_contains(logged(f), "Did you mean /model?");
	assert_int_equal(f->fake.last_error->category, AUR_ERR_USAGE);
	assert_int_equal(run(f, "/analyze nowhere"), SLASH_FAILED);
	assert_int_equal(f->fake.last_error->category, AUR_ERR_NOT_FOUND);
	assert_int_equal(run(f, "/quit"), SLASH_QUIT);
	assert_int_equal(run(f, "/q"), SLASH_QUIT);
}

static void
test_context_files(void **state)
{
	Fixture *f = *state;
	unit_write("a.c", "int a;\n");
	unit_write("b.c", "int b;\n");
	assert_int_equal(g_mkdir("dir", 0700), 0);
	assert_int_equal(run(f, "/add a.c"), SLASH_OK);
	assert_str_contains(logged(f), "info: added a.c (about 2 tokens)");
	assert_true(f->fake.changed & FACE_CHANGED_METER);
	assert_int_equal(run(f, "/add --pin b.c missing.c dir"), SLASH_FAILED);
	assert_str_contains(logged(f), "added b.c (about 2 tokens, pinned)");
	assert_str_contains(logged(f), "error: ");
	assert_str_contains(logged(f), "dir is a directory");
	assert_int_equal(f->fake.errors, 2);
	assert_int_equal(session_n_files(convo_session(f->cv)), 2);
	unit_write("a.c", "int a; /* changed */\n");
	assert_int_equal(run(f, "/files"), SLASH_OK);
	assert_str_contains(logged(f), "print: a.c  2 tokens, changed on disk");
	assert_str_contains(logged(f), "b.c  2 tokens, pinned");
	assert_int_equal(run(f, "/drop nothere.c"), SLASH_FAILED);
	assert_int_equal(f->fake.last_error->category, AUR_ERR_NOT_FOUND);
	/* /clear forgets the turns and the unpinned files only. */
	add_turn(f, "q", "a");
	assert_int_equal(run(f, "/clear"), SLASH_OK);
	assert_str_contains(logged(f), "forgot 1 turn and 1 file");
	assert_int_equal(session_n_files(convo_session(f->cv)), 1);
	assert_true(session_file(convo_session(f->cv), 0)->pinned);
	assert_int_equal(session_cleared_after(convo_session(f->cv)), 1);
	assert_int_equal(run(f, "/drop b.c"), SLASH_OK);
	assert_int_equal(run(f, "/files"), SLASH_OK);
	assert_str_contains(logged(f), "no context files");
}

static void
test_sessions_save_load_new(void **state)
{
	Fixture *f = *state;
	unit_write("pinned.c", "x\n");
	assert_int_equal(run(f, "/add --pin pinned.c"), SLASH_OK);
	add_turn(f, "first question", "first answer");
	assert_int_equal(run(f, "/save work"), SLASH_OK);
	assert_str_contains(logged(f), "success: saved as work");
	assert_true(session_is_saved(convo_session(f->cv)));
	assert_int_equal(run(f, "/save"), SLASH_OK);
	assert_str_contains(logged(f), "saved as work (");
	assert_int_equal(run(f, "/save bad/name"), SLASH_FAILED);
	g_autofree char *old_id = g_strdup(session_id(convo_session(f->cv)));
	assert_int_equal(run(f, "/new"), SLASH_OK);
	assert_string_not_equal(session_id(convo_session(f->cv)), old_id);
	assert_int_equal(session_n_turns(convo_session(f->cv)), 0);
	assert_int_equal(session_n_files(convo_session(f->cv)), 1);
	assert_true(f->fake.changed & FACE_CHANGED_SESSION);
	/* A second saved session may not take the first one's name. */
	assert_int_equal(run(f, "/save work"), SLASH_FAILED);
	assert_false(session_is_saved(convo_session(f->cv)));
	assert_int_equal(run(f, "/save other"), SLASH_OK);
	assert_int_equal(run(f, "/sessions"), SLASH_OK);
	assert_str_contains(logged(f), "* other");
	assert_str_contains(logged(f), "  work");
	assert_int_equal(run(f, "/load wrok"), SLASH_FAILED);
	assert_str_contains(logged(f), "work");
	assert_int_equal(run(f, "/load work"), SLASH_OK);
	assert_string_equal(session_id(convo_session(f->cv)), old_id);
	/* The last turns are shown as answers. */
	assert_str_contains(logged(f), "print: \xe2\x80\xba first question");
	assert_str_contains(logged(f), "delta: first answer");
	assert_str_contains(logged(f), "end: turn 1");
}

static void
test_export(void **state)
{
	Fixture *f = *state;
	add_turn(f, "question", "answer");
	assert_int_equal(run(f, "/export json"), SLASH_OK);
	assert_str_contains(logged(f), "\"format\":");
	assert_str_contains(logged(f), "aurelis-session");
	assert_int_equal(run(f, "/export out.md"), SLASH_OK);
	g_autofree char *md = unit_read("out.md");
	assert_str_contains(md, "question");
	/* An existing file is replaced only when the user agrees or says --yes. */
	unit_write("keep.json", "precious");
	f->fake.answer = FACE_CONFIRM_NO;
	assert_int_equal(run(f, "/export json keep.json"), SLASH_FAILED);
	assert_str_contains(logged(f), "confirm: Replace keep.json?");
	g_autofree char *kept = unit_read("keep.json");
	assert_string_equal(kept, "precious");
	f->fake.answer = FACE_CONFIRM_ERROR;
	assert_int_equal(run(f, "/export json keep.json"), SLASH_FAILED);
	assert_str_contains(f->fake.last_error->hint, "--yes");
	assert_int_equal(run(f, "/export json keep.json --yes"), SLASH_OK);
	g_autofree char *json = unit_read("keep.json");
	assert_str_contains(json, "\"answer\"");
	assert_int_equal(run(f, "/export xml out"), SLASH_FAILED);
}

static const char code_answer[] =
	"First:\n\n```python\nprint(1)\n```\n\nThen:\n\n```c\nint main(void) { return 0; }\n```\n";

static void
test_copy(void **state)
{
	Fixture *f = *state;
	assert_int_equal(run(f, "/copy"), SLASH_FAILED);
	assert_int_equal(f->fake.last_error->category, AUR_ERR_NOT_FOUND);
	add_turn(f, "code please", code_answer);
	assert_int_equal(run(f, "/copy"), SLASH_OK);
	assert_string_equal(f->fake.clip->str, "int main(void) { return 0; }\n");
	assert_str_contains(logged(f), "copied code block 2 of 2 (1 line, c)");
	assert_int_equal(run(f, "/copy 1"), SLASH_OK);
	assert_string_equal(f->fake.clip->str, "print(1)\n");
	assert_int_equal(run(f, "/copy 3"), SLASH_FAILED);
	assert_int_equal(run(f, "/copy x"), SLASH_FAILED);
	f->fake.clip_fails = true;
	assert_int_equal(run(f, "/copy"), SLASH_FAILED);
	assert_str_contains(logged(f), "no terminal");
}

static const char edit_answer[] =
	"The loop is off by one.\n\nfix.c\n```c\n<<<<<<< SEARCH\nfor (i = 0; i <= n; i++)\n"
	"=======\nfor (i = 0; i < n; i++)\n>>>>>>> REPLACE\n```\n";

static void
test_diff_and_apply(void **state)
{
	Fixture *f = *state;
	unit_write("fix.c", "int f(int n) {\n\tint i;\n\tfor (i = 0; i <= n; i++)\n\t\t;\n}\n");
	assert_int_equal(run(f, "/diff"), SLASH_FAILED);
	assert_str_contains(logged(f), "no answer to take edits from");
	add_turn(f, "fix it", "No edits here.");
	assert_int_equal(run(f, "/diff"), SLASH_FAILED);
	assert_str_contains(logged(f), "no SEARCH/REPLACE blocks");
	add_turn(f, "fix it", edit_answer);
	/* The blocks name fix.c, but it is not in the context: the user must name it. */
	assert_int_equal(run(f, "/diff"), SLASH_FAILED);
	assert_str_contains(f->fake.last_error->hint, "/diff FILE");
	assert_int_equal(run(f, "/add fix.c"), SLASH_OK);
	assert_int_equal(run(f, "/diff"), SLASH_OK);
	assert_str_contains(logged(f), "md: ```diff\n--- a/fix.c\n+++ b/fix.c\n");
	assert_str_contains(logged(f), "-\tfor (i = 0; i <= n; i++)");
	assert_str_contains(logged(f), "+\tfor (i = 0; i < n; i++)");
	assert_str_contains(logged(f), "1 line added, 1 removed");
	f->fake.answer = FACE_CONFIRM_NO;
	assert_int_equal(run(f, "/apply"), SLASH_FAILED);
	g_autofree char *same = unit_read("fix.c");
	assert_str_contains(same, "i <= n");
	f->fake.answer = FACE_CONFIRM_YES;
	assert_int_equal(run(f, "/apply"), SLASH_OK);
	assert_str_contains(logged(f), "success: wrote fix.c (the old version is in");
	g_autofree char *fixed = unit_read("fix.c");
	assert_str_contains(fixed, "i < n; i++");
	/* Applying again: the SEARCH text is gone, nothing is written. */
	assert_int_equal(run(f, "/apply --yes"), SLASH_FAILED);
	g_autofree char *again = unit_read("fix.c");
	assert_string_equal(again, fixed);
}

static void
test_analyze(void **state)
{
	Fixture *f = *state;
	unit_write("bad.c", "#include <stdio.h>\nint main(void)\n{\n\tchar b[8];\n\tgets(b);\n"
		   "\treturn 0;\n}\n");
	unit_write("good.c", "int twice(int x)\n{\n\treturn 2 * x;\n}\n");
	assert_int_equal(run(f, "/analyze good.c"), SLASH_OK);
	assert_str_contains(logged(f), "success: 0 findings (0 errors, 0 warnings) in 1 file");
	assert_int_equal(run(f, "/analyze"), SLASH_OK);
	assert_str_contains(logged(f), "print: ");
	assert_str_contains(logged(f), "bad.c\n  5:2");
	assert_str_contains(logged(f), "c-gets");
	assert_str_contains(logged(f), "in 2 files; /fix FILE sends");
}

static void
test_tokens_stats_theme(void **state)
{
	Fixture *f = *state;
	add_turn(f, "question one", "answer one");
	add_turn(f, "question two", "answer two");
	g_autofree char *meter = convo_meter_text(f->cv);
	assert_true(g_str_has_suffix(meter, "/8.0k"));
	assert_int_equal(run(f, "/tokens"), SLASH_OK);
	assert_str_contains(logged(f), "for openai/gpt-4.1-mini");
	assert_str_contains(logged(f), "turns (2)");
	assert_str_contains(logged(f), "(from turn 1)");
	assert_int_equal(run(f, "/stats"), SLASH_OK);
	assert_str_contains(logged(f), "2 turns, 20 tokens in, 40 out");
	assert_str_contains(logged(f), "average answer 0.9 s");
	assert_int_equal(run(f, "/theme"), SLASH_OK);
	assert_str_contains(logged(f), "dark*");
	assert_int_equal(run(f, "/theme lihgt"), SLASH_FAILED);
	assert_str_contains(logged(f), "Did you mean light?");
	f->fake.changed = 0;
	assert_int_equal(run(f, "/theme light"), SLASH_OK);
	assert_true(f->fake.changed & FACE_CHANGED_THEME);
	assert_string_equal(convo_theme(f->cv), "light");
	assert_int_equal(run(f, "/compact"), SLASH_FAILED);
	assert_str_contains(logged(f), "nothing to compact: 2 turns");
}

/* No catalogue can be had (the server never answers): the id is taken with a warning. */
static void
test_model_without_catalogue(void **state)
{
	Fixture *f = *state;
	set(f->cfg, "request.connect_timeout", "1");
	assert_string_equal(convo_model_origin(f->cv), "models.routes.chat");
	AurCancel *c = cancel_new();
	convo_set_wait_cancel(f->cv, c);
	cancel_trigger(c); /* the fetch stops at once, as after Ctrl-C */
	assert_int_equal(run(f, "/model openai/gpt-4.1"), SLASH_FAILED);
	assert_int_equal(f->fake.last_error->category, AUR_ERR_CANCELLED);
	convo_set_wait_cancel(f->cv, NULL);
	cancel_free(c);
	assert_string_equal(convo_model(f->cv), "openai/gpt-4.1-mini");
}

/* A face that must not wait (the full screen): nothing is fetched, whatever the network
 * does; /models says there is no catalogue yet and /model takes the id with a warning. */
static void
test_model_no_wait(void **state)
{
	Fixture *f = *state;
	ConvoOptions o = { .cfg = f->cfg, .jobs = f->jobs, .face = &f->face, .no_wait = true };
	Convo *cv = convo_new(&o, session_new(NULL, f->dir, NULL));
	int64_t start = g_get_monotonic_time();
	assert_int_equal(commands_run_line(cv, "/models"), SLASH_FAILED);
	assert_int_equal(f->fake.last_error->category, AUR_ERR_NOT_FOUND);
	assert_str_contains(f->fake.last_error->message, "has not been fetched yet");
	assert_str_contains(f->fake.last_error->hint, "M-m");
	assert_int_equal(commands_run_line(cv, "/model openai/gpt-4.1"), SLASH_OK);
	assert_str_contains(logged(f), "openai/gpt-4.1 is not checked");
	assert_string_equal(convo_model(cv), "openai/gpt-4.1");
	/* The server never answers: a fetch would have taken the connect timeout at least. */
	assert_true(g_get_monotonic_time() - start < G_USEC_PER_SEC / 2);
	convo_free(cv);
}

static void
test_ask_without_token(void **state)
{
	Fixture *f = *state;
	assert_int_equal(run(f, "hello"), SLASH_FAILED);
	assert_int_equal(f->fake.last_error->category, AUR_ERR_AUTH);
	assert_false(convo_busy(f->cv));
	assert_int_equal(run(f, "/retry"), SLASH_FAILED);
	assert_str_contains(logged(f), "nothing to retry");
}

/* The full screen's commands: the line shell's face says what they need; a face with its
 * own forms gets exactly the marked forms, and nothing else. */
static void
test_full_screen_commands(void **state)
{
	Fixture *f = *state;
	assert_int_equal(run(f, "/open src/main.c"), SLASH_FAILED);
	assert_str_contains(logged(f), "error: /open needs the full-screen interface");
	assert_str_contains(f->fake.last_error->hint, "/explain FILE");
	assert_str_contains(f->fake.last_error->hint, "without --line");
	assert_int_equal(f->fake.last_error->category, AUR_ERR_USAGE);
	static const char *const only[] = { "/findings r.json", "/palette", "/cancel", NULL };
	for (int i = 0; only[i] != NULL; i++) {
		assert_int_equal(run(f, only[i]), SLASH_FAILED);
		assert_str_contains(logged(f), "needs the full-screen interface");
		assert_non_null(f->fake.last_error->hint);
	}
	/* Arguments are checked before any face sees the command. */
	assert_int_equal(run(f, "/open"), SLASH_FAILED);
	assert_str_contains(logged(f), "missing argument");
	/* The bare forms run here as they always did. */
	assert_int_equal(run(f, "/sessions"), SLASH_OK);
	assert_null(strstr(logged(f), "command:"));
	assert_int_equal(run(f, "/theme"), SLASH_OK);
	assert_str_contains(logged(f), "print: themes:");

	f->face.ops = &fake_full_ops;
	static const struct {
		const char *line, *want;
	} delegated[] = {
		{ "/open src/main.c", "command: open 1" },
		{ "/findings r.json", "command: findings 1" },
		{ "/palette", "command: palette 0" },
		{ "/cancel", "command: cancel 0" },
		{ "/model", "command: model 0" },
		{ "/sessions", "command: sessions 0" },
		{ "/files", "command: files 0" },
		{ "/theme", "command: theme 0" },
		{ "/analyze", "command: analyze 0" },
		{ "/analyze src", "command: analyze 1" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(delegated); i++) {
		assert_int_equal(run(f, delegated[i].line), SLASH_OK);
		g_autofree char *want = g_strconcat(delegated[i].want, "\n", NULL);
		assert_string_equal(logged(f), want);
	}
	assert_int_equal(run(f, "/open fails.c"), SLASH_FAILED);
	/* With arguments, and the shared commands, the table's handlers run. */
	assert_int_equal(run(f, "/theme light"), SLASH_OK);
	assert_str_contains(logged(f), "success: theme light");
	assert_string_equal(convo_theme(f->cv), "light");
	assert_int_equal(run(f, "/tokens"), SLASH_OK);
	assert_null(strstr(logged(f), "command:"));
	assert_int_equal(run(f, "/help"), SLASH_OK);
	assert_str_contains(logged(f), "`/open FILE`");
	f->face.ops = &fake_ops;
}

/* With the cache on, an answer stored earlier comes back at once (the server never
 * answers), flagged cached in the face and in the recorded turn; the daily budget is
 * read from disk and untouched by it. */
static void
test_cached_answer(void **state)
{
	Fixture *f = *state;
	g_setenv("AURELIS_TOKEN", "ghp_unit0123456789abcdefghijklmnopqrstu", TRUE);
	ChatRequest *r = models_request_new();
	models_request_add(r, "system", convo_system_prompt("chat"));
	models_request_add(r, "user", "what is a pointer");
	r->stream = true;
	r->model = g_strdup("openai/gpt-4.1-mini");
	size_t len;
	g_autofree char *body = models_request_body(r, &len);
	models_request_free(r);
	cJSON *json = cJSON_ParseWithLength(body, len);
	CacheRequest cr = { config_get_string(f->cfg, "endpoint"), "", json };
	g_autofree char *key = cache_key(&cr);
	cJSON_Delete(json);
	g_autoptr(Cache) c = cache_new_from_config(f->cfg);
	CacheAnswer a = { .model = "openai/gpt-4o-mini", .task = "chat", .answer = "An address.",
			  .finish_reason = "stop", .prompt_tokens = 7, .completion_tokens = 9,
			  .total_tokens = 16 };
	assert_true(cache_store(c, key, &a, CACHE_ANSWER_COMPLETE, NULL));

	ConvoOptions o = { .cfg = f->cfg, .jobs = f->jobs, .face = &f->face,
			   .cache = CACHE_POLICY_READ | CACHE_POLICY_WRITE, .command = "test" };
	Convo *cv = convo_new(&o, session_new(NULL, f->dir, NULL));
	assert_int_equal(convo_requests_left(cv), 150);
	ConvoAsk ask = { .task = "chat", .prompt = "what is a pointer" };
	assert_true(convo_ask(cv, &ask, NULL));
	int64_t end = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
	while (convo_busy(cv)) {
		assert_true(g_get_monotonic_time() < end);
		struct pollfd p = { jobs_wake_fd(f->jobs), POLLIN, 0 };
		poll(&p, 1, 100);
		JobEvent *ev;
		while ((ev = jobs_next_event(f->jobs)) != NULL) {
			assert_true(convo_handle_event(cv, ev));
			jobs_event_free(ev);
		}
	}
	assert_str_contains(logged(f), "delta: An address.");
	assert_true(f->fake.last_answer.flags & SESSION_TURN_CACHED);
	const SessionTurn *t = session_last_turn(convo_session(cv));
	assert_non_null(t);
	assert_string_equal(t->answer, "An address.");
	assert_true(t->flags & SESSION_TURN_CACHED);
	assert_string_equal(t->model, "openai/gpt-4o-mini");
	assert_int_equal(convo_requests_left(cv), 150); /* nothing was sent */
	convo_free(cv);
	g_unsetenv("AURELIS_TOKEN");
}

/* A request the server never answers: cancelling records the turn, marked cancelled. */
static void
test_cancel_records_turn(void **state)
{
	Fixture *f = *state;
	g_setenv("AURELIS_TOKEN", "test-token-not-real", TRUE);
	assert_int_equal(run(f, "//slash prompt"), SLASH_OK);
	assert_true(convo_busy(f->cv));
	assert_str_contains(logged(f), "begin: openai/gpt-4.1-mini");
	assert_int_equal(run(f, "another"), SLASH_FAILED);
	assert_str_contains(logged(f), "an answer is still running");
	assert_int_equal(run(f, "/model x"), SLASH_FAILED);
	assert_int_equal(run(f, "/load x"), SLASH_FAILED);
	assert_true(convo_cancel(f->cv));
	pump(f);
	assert_int_equal(f->fake.answers_ended, 1);
	Session *s = convo_session(f->cv);
	assert_int_equal(session_n_turns(s), 1);
	const SessionTurn *t = session_last_turn(s);
	assert_string_equal(t->user, "/slash prompt");
	assert_true(t->flags & SESSION_TURN_CANCELLED);
	assert_int_equal(f->fake.last_answer.turn, 1);
	/* The first answer saved the session (session.autosave). */
	assert_true(session_is_saved(s));
	assert_int_equal(convo_stats(f->cv)->cancelled, 1);
	assert_false(convo_cancel(f->cv));
	/* /retry asks turn 1 again. */
	assert_int_equal(run(f, "/retry"), SLASH_OK);
	assert_true(convo_cancel(f->cv));
	pump(f);
	assert_int_equal(session_n_turns(s), 2);
	assert_int_equal(session_last_turn(s)->retry_of, 1);
	g_unsetenv("AURELIS_TOKEN");
}

/* Nobody listens: both models of the route fail, the face hears of the fallback, and the
 * prompt is kept for /retry; nothing is recorded. */
static void
test_failure_and_fallback(void **state)
{
	Fixture *f = *state;
	close(f->listener);
	f->listener = -1;
	g_setenv("AURELIS_TOKEN", "test-token-not-real", TRUE);
	assert_int_equal(run(f, "hello"), SLASH_OK);
	pump(f);
	assert_str_contains(logged(f), "did not answer");
	assert_str_contains(logged(f), "trying openai/gpt-4o-mini");
	assert_str_contains(logged(f), "failed");
	assert_int_equal(session_n_turns(convo_session(f->cv)), 0);
	assert_int_equal(convo_stats(f->cv)->failed, 1);
	assert_int_equal(run(f, "/retry"), SLASH_OK);
	assert_str_contains(logged(f), "begin: ");
	pump(f);
	assert_int_equal(convo_stats(f->cv)->failed, 2);
	g_unsetenv("AURELIS_TOKEN");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_help_unknown_and_quit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_context_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sessions_save_load_new, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diff_and_apply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_analyze, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tokens_stats_theme, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_without_catalogue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_no_wait, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ask_without_token, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_screen_commands, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cached_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_records_turn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_and_fallback, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
