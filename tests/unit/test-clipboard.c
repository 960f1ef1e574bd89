/* SPDX-License-Identifier: MIT */
/* Unit tests for clipboard.c: the OSC 52 bytes (decoded back), when a clipboard program is
 * used instead, finding the program, and piping text into it. */
#include "autoconfig.h"

#include <sys/stat.h>

#include "clipboard.h"
#include "osc52.h"
#include "unit.h"

static char *fake_cmd[] = { (char *)"/usr/bin/fake-copy", NULL };

static ClipboardEnv
env_of(const char *mode, const char *term, const char *tmux, int forwards, bool cmd)
{
	ClipboardEnv e = { mode, term, tmux, forwards, cmd ? fake_cmd : NULL };
	return e;
}

/* Every OSC 52 payload in seq (plain or inside a tmux passthrough), decoded, joined by '|'. */
static char *
payloads(const char *seq)
{
	GString *out = g_string_new(NULL);
	const char *p = seq;
	while ((p = strstr(p, "]52;c;")) != NULL) {
		p += 6;
		const char *end = strchr(p, '\a');
		assert_non_null(end);
		g_autofree char *b64 = g_strndup(p, (gsize)(end - p));
		gsize n;
		g_autofree guchar *raw = g_base64_decode(b64, &n);
		g_string_append_printf(out, "%s%.*s", out->len ? "|" : "", (int)n, (const char *)raw);
		p = end;
	}
	return g_string_free(out, FALSE);
}

static ClipboardPlan
plan_ok(const ClipboardEnv *env, const char *text, size_t len)
{
	ClipboardPlan p;
	AurError *err = NULL;
	if (!clipboard_plan(env, text, len, &p, &err))
		fail_msg("%s", err->message);
	return p;
}

static void
test_osc52_plain(void **state)
{
	(void)state;
	const char block[] = "int main(void)\n{\n\treturn 0; /* caf\xc3\xa9 */\n}\n";
	ClipboardEnv env = env_of("auto", "xterm-256color", NULL, -1, true);
	ClipboardPlan p = plan_ok(&env, block, strlen(block));
	assert_int_equal(p.method, CLIPBOARD_OSC52);
	assert_null(p.note);
	assert_true(g_str_has_prefix(p.sequence, "\033]52;c;"));
	g_autofree char *got = payloads(p.sequence);
	assert_string_equal(got, block);
	/* Nothing but the sequence: no byte could be drawn on the screen. */
	assert_null(strchr(p.sequence + 1, '\033'));
	clipboard_plan_clear(&p);
}

static void
test_osc52_tmux(void **state)
{
	(void)state;
	ClipboardEnv env = env_of("auto", "tmux-256color", "/tmp/tmux-0/default,1,0", 1, false);
	ClipboardPlan p = plan_ok(&env, "x = 1\n", 6);
	assert_int_equal(p.method, CLIPBOARD_OSC52);
	/* Once plain (set-clipboard on), once through the passthrough, ESCs doubled inside. */
	assert_non_null(strstr(p.sequence, "\033Ptmux;\033\033]52;c;"));
	assert_true(g_str_has_suffix(p.sequence, "\033\\"));
	g_autofree char *got = payloads(p.sequence);
	assert_string_equal(got, "x = 1\n|x = 1\n");
	clipboard_plan_clear(&p);
	/* Unknown tmux settings: OSC 52 is still tried. */
	env.tmux_forwards = -1;
	p = plan_ok(&env, "y", 1);
	assert_int_equal(p.method, CLIPBOARD_OSC52);
	clipboard_plan_clear(&p);
}

static void
test_fallback_to_command(void **state)
{
	(void)state;
	/* tmux drops OSC 52 here, and a program is available. */
	ClipboardEnv env = env_of("auto", "screen", "/tmp/tmux-0/default,1,0", 0, true);
	ClipboardPlan p = plan_ok(&env, "abc", 3);
	assert_int_equal(p.method, CLIPBOARD_COMMAND);
	assert_string_equal(p.argv[0], "/usr/bin/fake-copy");
	assert_str_contains(p.note, "set-clipboard");
	clipboard_plan_clear(&p);
	/* ... and no program: OSC 52 anyway, with what to set. */
	env.command = NULL;
	p = plan_ok(&env, "abc", 3);
	assert_int_equal(p.method, CLIPBOARD_OSC52);
	assert_str_contains(p.note, "set -g set-clipboard on");
	clipboard_plan_clear(&p);
	/* The Linux console. */
	ClipboardEnv con = env_of("auto", "linux", NULL, -1, true);
	p = plan_ok(&con, "abc", 3);
	assert_int_equal(p.method, CLIPBOARD_COMMAND);
	clipboard_plan_clear(&p);
	/* No TERM at all. */
	ClipboardEnv none = env_of("auto", NULL, NULL, -1, true);
	p = plan_ok(&none, "abc", 3);
	assert_int_equal(p.method, CLIPBOARD_COMMAND);
	clipboard_plan_clear(&p);
}

static void
test_too_large(void **state)
{
	(void)state;
	size_t big = (size_t)OSC52_MAX_ENCODED; /* encodes to a third more than the limit */
	char *text = g_malloc(big);
	memset(text, 'x', big);
	ClipboardEnv env = env_of("auto", "xterm", NULL, -1, true);
	ClipboardPlan p = plan_ok(&env, text, big);
	assert_int_equal(p.method, CLIPBOARD_COMMAND);
	assert_str_contains(p.note, "too large");
	clipboard_plan_clear(&p);
	env.command = NULL;
	AurError *err = NULL;
	assert_false(clipboard_plan(&env, text, big, &p, &err));
	assert_int_equal(err->category, AUR_ERR_INPUT);
	assert_non_null(err->hint);
	aur_error_free(err);
	/* The largest text that fits still goes as OSC 52. */
	size_t fits = (size_t)OSC52_MAX_ENCODED / 4 * 3;
	p = plan_ok(&env, text, fits);
	assert_int_equal(p.method, CLIPBOARD_OSC52);
	assert_true(strlen(p.sequence) <= (size_t)OSC52_MAX_ENCODED + 16);
	clipboard_plan_clear(&p);
	g_free(text);
}

static void
test_modes(void **state)
{
	(void)state;
	/* osc52: even where tmux would drop it. */
	ClipboardEnv env = env_of("osc52", "screen", "/tmp/t,1,0", 0, true);
	ClipboardPlan p = plan_ok(&env, "abc", 3);
	assert_int_equal(p.method, CLIPBOARD_OSC52);
	clipboard_plan_clear(&p);
	/* command: always the program ... */
	ClipboardEnv cmd = env_of("command", "xterm", NULL, -1, true);
	p = plan_ok(&cmd, "abc", 3);
	assert_int_equal(p.method, CLIPBOARD_COMMAND);
	assert_null(p.note);
	clipboard_plan_clear(&p);
	/* ... and an error without one. */
	cmd.command = NULL;
	AurError *err = NULL;
	assert_false(clipboard_plan(&cmd, "abc", 3, &p, &err));
	assert_str_contains(err->message, "no clipboard program");
	assert_str_contains(err->hint, "xclip");
	aur_error_free(err);
	err = NULL;
	/* Nothing to copy. */
	assert_false(clipboard_plan(&env, "", 0, &p, &err));
	assert_int_equal(err->category, AUR_ERR_INPUT);
	aur_error_free(err);
}

static char *
fake_program(const char *dir, const char *name, const char *body)
{
	char *path = g_build_filename(dir, name, NULL);
	g_autofree char *script = g_strdup_printf("#!/bin/sh\n%s\n", body);
	unit_write(path, script);
	assert_int_equal(chmod(path, 0755), 0);
	return path;
}

static void
test_find_command(void **state)
{
	(void)state;
	char *dir = unit_tmpdir();
	g_autofree char *old_path = g_strdup(g_getenv("PATH"));
	g_autofree char *w = fake_program(dir, "wl-copy", "cat >/dev/null");
	g_autofree char *x = fake_program(dir, "xclip", "cat >/dev/null");
	g_setenv("PATH", dir, TRUE);
	g_unsetenv("WAYLAND_DISPLAY");
	g_unsetenv("DISPLAY");
	assert_null(clipboard_command());
	g_setenv("DISPLAY", ":0", TRUE);
	g_auto(GStrv) xa = clipboard_command();
	assert_string_equal(xa[0], x);
	assert_string_equal(xa[1], "-selection");
	assert_string_equal(xa[2], "clipboard");
	g_setenv("WAYLAND_DISPLAY", "wayland-0", TRUE);
	g_auto(GStrv) wa = clipboard_command();
	assert_string_equal(wa[0], w);
	assert_null(wa[1]);
	/* A display without any program. */
	g_setenv("PATH", "/nonexistent", TRUE);
	assert_null(clipboard_command());
	g_setenv("PATH", old_path, TRUE);
	g_unsetenv("WAYLAND_DISPLAY");
	g_unsetenv("DISPLAY");
	unit_rmdir(dir);
}

static void
test_run_command(void **state)
{
	(void)state;
	char *dir = unit_tmpdir();
	g_autofree char *out = g_build_filename(dir, "copied", NULL);
	g_autofree char *body = g_strdup_printf("cat >'%s'", out);
	g_autofree char *good = fake_program(dir, "good", body);
	g_autofree char *bad = fake_program(dir, "bad", "cat >/dev/null; exit 3");
	const char text[] = "line one\nline \xc3\xa9 two\n\x01\n";
	const char *argv[] = { good, NULL };
	AurError *err = NULL;
	assert_true(clipboard_run(argv, text, sizeof text - 1, &err));
	g_autofree char *got = unit_read(out);
	assert_string_equal(got, text);
	const char *bargv[] = { bad, NULL };
	assert_false(clipboard_run(bargv, text, sizeof text - 1, &err));
	assert_str_contains(err->message, "exit status 3");
	aur_error_free(err);
	err = NULL;
	const char *missing[] = { "/nonexistent/wl-copy", NULL };
	assert_false(clipboard_run(missing, text, sizeof text - 1, &err));
	assert_str_contains(err->message, "cannot run");
	assert_non_null(err->hint);
	aur_error_free(err);
	err = NULL;
	/* A program that leaves without reading 4 MiB: an error, not death by SIGPIPE. */
	g_autofree char *deaf = fake_program(dir, "deaf", "exit 0");
	const char *dargv[] = { deaf, NULL };
	size_t big_len = (size_t)4 << 20;
	g_autofree char *big = g_malloc(big_len);
	memset(big, 'x', big_len);
	assert_false(clipboard_run(dargv, big, big_len, &err));
	assert_str_contains(err->message, "did not take the text");
	aur_error_free(err);
	err = NULL;
	/* One killed by a signal says so. */
	g_autofree char *killed = fake_program(dir, "killed", "kill -TERM $$");
	const char *kargv[] = { killed, NULL };
	assert_false(clipboard_run(kargv, text, sizeof text - 1, &err));
	assert_str_contains(err->message, "signal 15");
	aur_error_free(err);
	unit_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_osc52_plain),
		cmocka_unit_test(test_osc52_tmux),
		cmocka_unit_test(test_fallback_to_command),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_find_command),
		cmocka_unit_test(test_run_command),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
