/* SPDX-License-Identifier: MIT */
/* The clipboard: choosing between OSC 52 and a clipboard program, and running the program. */
#include "autoconfig.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>


#include "clipboard.h"
#include "fsutil.h"
#include "osc52.h"

/* ---- facts ------------------------------------------------------------------------------ */

GStrv
clipboard_command(void)
{
	static const struct {
		const char *env;
		const char *argv[4];
	} progs[] = {
		{ "WAYLAND_DISPLAY", { "wl-copy", NULL } },
		{ "DISPLAY", { "xclip", "-selection", "clipboard", NULL } },
		{ "DISPLAY", { "xsel", "--clipboard", "--input", NULL } },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(progs); i++) {
		const char *v = g_getenv(progs[i].env);
		if (v == NULL || *v == '\0')
			continue;
		g_autofree char *path = g_find_program_in_path(progs[i].argv[0]);
		if (path == NULL)
			continue;
		GStrv argv = g_strdupv((char **)progs[i].argv);
		g_free(argv[0]);
		argv[0] = g_steal_pointer(&path);
		return argv;
	}
	return NULL;
}

/* 1 when tmux passes an application's OSC 52 on, 0 when it drops it, -1 when unknown. */
static int
tmux_forwards(void)
{
	const char *pane = g_getenv("TMUX_PANE");
	const char *fmt = "#{set-clipboard} #{allow-passthrough}";
	const char *argv[] = { "tmux", "display-message", "-p", fmt, NULL, NULL, NULL };
	if (pane != NULL && *pane != '\0') {
		argv[3] = "-t";
		argv[4] = pane;
		argv[5] = fmt;
	}
	g_autofree char *out = NULL;
	int status = 0;
	if (!g_spawn_sync(NULL, (char **)argv, NULL,
			  G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL | G_SPAWN_STDIN_FROM_DEV_NULL,
			  NULL, NULL, &out, NULL, &status, NULL) ||
	    !g_spawn_check_wait_status(status, NULL) || out == NULL)
		return -1;
	g_auto(GStrv) words = g_strsplit(g_strstrip(out), " ", 2);
	if (words[0] == NULL || words[1] == NULL)
		return -1;
	/* set-clipboard: on, external (tmux ignores applications) or off; allow-passthrough is a
	 * flag (0/1) or "all". */
	bool clip = strcmp(words[0], "on") == 0;
	bool pass = strcmp(words[1], "1") == 0 || strcmp(words[1], "on") == 0 ||
		    strcmp(words[1], "all") == 0;
	return clip || pass ? 1 : 0;
}

void
clipboard_env_detect(ClipboardEnv *env, const char *mode)
{
	memset(env, 0, sizeof *env);
	env->mode = mode ? mode : "auto";
	env->term = g_getenv("TERM");
	env->tmux = g_getenv("TMUX");
	env->tmux_forwards = -1;
	if (env->tmux != NULL && *env->tmux != '\0' && strcmp(env->mode, "auto") == 0)
		env->tmux_forwards = tmux_forwards();
	env->command = clipboard_command();
}

void
clipboard_env_clear(ClipboardEnv *env)
{
	g_strfreev(env->command);
	env->command = NULL;
}

/* ---- the choice ------------------------------------------------------------------------- */

static bool
terminal_takes_osc52(const ClipboardEnv *env)
{
	const char *t = env->term;
	/* The Linux console and dumb terminals print escape sequences or ignore them. */
	return t != NULL && *t != '\0' && strcmp(t, "dumb") != 0 && strcmp(t, "linux") != 0;
}

static bool
use_command(const ClipboardEnv *env, ClipboardPlan *out, const char *why)
{
	out->method = CLIPBOARD_COMMAND;
	out->argv = g_strdupv(env->command);
	out->note = why ? g_strdup(why) : NULL;
	return true;
}

static bool
use_osc52(const ClipboardEnv *env, const char *text, size_t len, ClipboardPlan *out,
	  const char *note, AurError **err)
{
	Osc52Wrap wrap = osc52_wrap_for(env->tmux, env->term);
	out->sequence = osc52_sequence(text, len, wrap, err);
	if (out->sequence == NULL)
		return false;
	out->method = CLIPBOARD_OSC52;
	out->note = note ? g_strdup(note) : NULL;
	return true;
}

bool
clipboard_plan(const ClipboardEnv *env, const char *text, size_t len, ClipboardPlan *out,
	       AurError **err)
{
	memset(out, 0, sizeof *out);
	if (text == NULL || len == 0) {
		aur_error_set(err, AUR_ERR_INPUT, "Select a code block that has some text.",
			      "there is nothing to copy");
		return false;
	}
	const char *mode = env->mode ? env->mode : "auto";
	bool have_cmd = env->command != NULL && env->command[0] != NULL;
	if (strcmp(mode, "osc52") == 0)
		return use_osc52(env, text, len, out, NULL, err);
	if (strcmp(mode, "command") == 0) {
		if (have_cmd)
			return use_command(env, out, NULL);
		aur_error_set(err, AUR_ERR_INPUT, "Install wl-copy (Wayland), xclip or xsel (X11), or "
						  "set ui.clipboard to auto or osc52.",
			      "ui.clipboard is command, but no clipboard program was found");
		return false;
	}
	bool too_big = len > (size_t)OSC52_MAX_ENCODED / 4 * 3;
	bool tmux_drops = env->tmux != NULL && *env->tmux != '\0' && env->tmux_forwards == 0;
	const char *why = too_big ? "too large for the terminal's clipboard sequence"
			  : !terminal_takes_osc52(env) ? "this terminal does not take OSC 52"
			  : tmux_drops ? "tmux drops OSC 52 here (set-clipboard and allow-passthrough are off)"
			  : NULL;
	if (why == NULL)
		return use_osc52(env, text, len, out, NULL, err);
	if (have_cmd)
		return use_command(env, out, why);
	if (too_big)
		return use_osc52(env, text, len, out, NULL, err); /* fails with the size error */
	/* Nothing better: send it anyway, and say what would make it work. */
	return use_osc52(env, text, len, out,
			 tmux_drops ? "tmux may drop it: `set -g set-clipboard on` lets it through"
				    : "the terminal may not support OSC 52", err);
}

void
clipboard_plan_clear(ClipboardPlan *p)
{
	g_free(p->sequence);
	g_strfreev(p->argv);
	g_free(p->note);
	memset(p, 0, sizeof *p);
}

/* ---- running a program ------------------------------------------------------------------ */

/* GLib's spawning rather than gio's GSubprocess: this is the only place aurelis would need
 * gio, and linking it (with gobject, gmodule, libmount, ...) costs every command about a
 * millisecond of start-up. */
bool
clipboard_run(const char *const *argv, const char *text, size_t len, AurError **err)
{
	g_autoptr(GError) ge = NULL;
	GPid pid;
	int in_fd = -1;
	if (!g_spawn_async_with_pipes(NULL, (char **)argv, NULL,
				      G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
					      G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
				      NULL, NULL, &pid, &in_fd, NULL, NULL, &ge)) {
		aur_error_set(err, AUR_ERR_GENERIC, "Set ui.clipboard to osc52 to copy through the "
						    "terminal instead.",
			      "cannot run %s: %s", argv[0], ge->message);
		return false;
	}
	/* A program that exits without reading everything must not kill us with SIGPIPE. */
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	bool wrote = fs_write_all(in_fd, text, len);
	int write_errno = errno;
	close(in_fd);
	sigaction(SIGPIPE, &old, NULL);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	g_spawn_close_pid(pid);
	if (!g_spawn_check_wait_status(status, NULL)) {
		aur_error_set(err, AUR_ERR_GENERIC, "Check that the display it needs is reachable, or "
						    "set ui.clipboard to osc52.",
			      "%s failed (%s %d)", argv[0],
			      WIFEXITED(status) ? "exit status" : "signal",
			      WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		return false;
	}
	if (!wrote) {
		aur_error_set(err, AUR_ERR_GENERIC, "Set ui.clipboard to osc52 to copy through the "
						    "terminal instead.",
			      "%s did not take the text: %s", argv[0], g_strerror(write_errno));
		return false;
	}
	return true;
}
