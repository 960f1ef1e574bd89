/* SPDX-License-Identifier: MIT */
/* Replay files and screen dumps for snapshot tests. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "fsutil.h"
#include "tui-replay.h"

#define WAIT_LIMIT_US (10 * G_USEC_PER_SEC)

typedef enum {
	STEP_KEY, STEP_TYPE, STEP_PASTE, STEP_WAIT, STEP_SLEEP, STEP_RESIZE, STEP_DUMP, STEP_MOUSE
} StepKind;

typedef struct {
	StepKind kind;
	KeySeq keys;
	char *text;
	int a, b;
	int wheel;      /* STEP_MOUSE: 0 click, -1 up, 1 down */
} Step;

struct TuiReplay {
	GArray *steps; /* Step */
	guint next;
	char *dump_path;
	int64_t wait_since, sleep_until;
	bool finished;
};

static bool
parse_size(const char *s, int *cols, int *rows)
{
	char *end;
	long c = strtol(s, &end, 10);
	if (*end != 'x')
		return false;
	long r = strtol(end + 1, &end, 10);
	if (*end != '\0' || c < 1 || r < 1 || c > 1000 || r > 1000)
		return false;
	*cols = (int)c;
	*rows = (int)r;
	return true;
}

void
tui_replay_size(int *rows, int *cols)
{
	const char *s = g_getenv("AURELIS_TUI_SIZE");
	*rows = 24;
	*cols = 80;
	if (s != NULL)
		(void)parse_size(s, cols, rows);
}

static char *
unescape(const char *s)
{
	GString *o = g_string_new(NULL);
	for (; *s; s++) {
		if (s[0] == '\\' && s[1] == 'n') {
			g_string_append_c(o, '\n');
			s++;
		} else if (s[0] == '\\' && s[1] == '\\') {
			g_string_append_c(o, '\\');
			s++;
		} else {
			g_string_append_c(o, *s);
		}
	}
	return g_string_free(o, FALSE);
}

static bool
parse_step(const char *line, Step *st, AurError **err)
{
	const char *sp = strchr(line, ' ');
	g_autofree char *word = sp ? g_strndup(line, (gsize)(sp - line)) : g_strdup(line);
	const char *rest = sp ? sp + 1 : "";
	memset(st, 0, sizeof *st);
	if (strcmp(word, "key") == 0) {
		st->kind = STEP_KEY;
		return keymap_parse_keys(rest, &st->keys, err);
	}
	if (strcmp(word, "type") == 0 || strcmp(word, "paste") == 0) {
		st->kind = word[0] == 't' ? STEP_TYPE : STEP_PASTE;
		st->text = word[0] == 't' ? g_strdup(rest) : unescape(rest);
		return true;
	}
	if (strcmp(word, "wait") == 0) {
		st->kind = STEP_WAIT;
		return true;
	}
	if (strcmp(word, "sleep") == 0) {
		st->kind = STEP_SLEEP;
		st->a = atoi(rest);
		return st->a >= 0;
	}
	if (strcmp(word, "resize") == 0) {
		st->kind = STEP_RESIZE;
		if (parse_size(rest, &st->a, &st->b))
			return true;
		aur_error_set(err, AUR_ERR_INPUT, "Write it as COLSxROWS, e.g. 100x30.",
			      "bad size '%s'", rest);
		return false;
	}
	if (strcmp(word, "click") == 0 || strcmp(word, "wheel") == 0) {
		st->kind = STEP_MOUSE;
		const char *at = rest;
		if (word[0] == 'w') {
			st->wheel = g_str_has_prefix(rest, "up ") ? -1 : g_str_has_prefix(rest, "down ") ? 1 : 0;
			at = strchr(rest, ' ') ? strchr(rest, ' ') + 1 : "";
		}
		char *end = NULL;
		long y = strtol(at, &end, 10), x = end && *end == ' ' ? strtol(end + 1, &end, 10) : -1;
		if ((word[0] == 'w' && st->wheel == 0) || end == NULL || *end != '\0' || y < 0 || x < 0 ||
		    y > 1000 || x > 1000) {
			aur_error_set(err, AUR_ERR_INPUT, "Write click ROW COL or wheel up|down ROW COL.",
				      "bad mouse step '%s %s'", word, rest);
			return false;
		}
		st->a = (int)y;
		st->b = (int)x;
		return true;
	}
	if (strcmp(word, "dump") == 0) {
		st->kind = STEP_DUMP;
		st->text = g_strdup(rest);
		return true;
	}
	aur_error_set(err, AUR_ERR_INPUT, "Steps are key, type, paste, wait, sleep, resize, click, "
					  "wheel, dump.",
		      "unknown step '%s'", word);
	return false;
}

TuiReplay *
tui_replay_open(const char *keys_path, const char *dump_path, AurError **err)
{
	g_autofree char *data = fs_read_file(keys_path, 1 << 20, NULL, err);
	if (data == NULL)
		return NULL;
	TuiReplay *r = g_new0(TuiReplay, 1);
	r->steps = g_array_new(FALSE, TRUE, sizeof(Step));
	r->dump_path = g_strdup(dump_path);
	g_auto(GStrv) lines = g_strsplit(data, "\n", -1);
	for (size_t i = 0; lines[i] != NULL; i++) {
		const char *l = lines[i];
		if (*l == '\0' || *l == '#')
			continue;
		Step st;
		if (!parse_step(l, &st, err)) {
			aur_error_prefix(*err, "%s:%zu", keys_path, i + 1);
			g_free(st.text);
			tui_replay_free(r);
			return NULL;
		}
		g_array_append_val(r->steps, st);
	}
	/* A fresh dump file for this run. */
	if (r->dump_path != NULL && !fs_write_atomic(r->dump_path, "", 0, 0644, err)) {
		tui_replay_free(r);
		return NULL;
	}
	return r;
}

void
tui_replay_free(TuiReplay *r)
{
	if (r == NULL)
		return;
	for (guint i = 0; i < r->steps->len; i++)
		g_free(g_array_index(r->steps, Step, i).text);
	g_array_unref(r->steps);
	g_free(r->dump_path);
	g_free(r);
}

/* ---- the screen ---------------------------------------------------------------------------- */

static void
row_text(GString *out, int y, int cols)
{
	size_t start = out->len;
	for (int x = 0; x < cols; x++) {
		cchar_t cc;
		wchar_t wch[CCHARW_MAX + 1];
		attr_t attrs;
		short pair;
		if (mvwin_wch(curscr, y, x, &cc) == ERR ||
		    getcchar(&cc, wch, &attrs, &pair, NULL) == ERR) {
			g_string_append_c(out, ' ');
			continue;
		}
		for (int i = 0; wch[i] != 0 && i < CCHARW_MAX; i++)
			g_string_append_unichar(out, (gunichar)wch[i]);
		if (wch[0] == 0)
			g_string_append_c(out, ' ');
		else if (wcwidth(wch[0]) == 2)
			x++; /* the cell after a wide character is its second half */
	}
	while (out->len > start && out->str[out->len - 1] == ' ')
		g_string_truncate(out, out->len - 1);
	g_string_append_c(out, '\n');
}

bool
tui_replay_dump_screen(const char *path, const char *label, AurError **err)
{
	GString *s = g_string_new(NULL);
	g_string_append_printf(s, "--- %s (%dx%d)\n", label && *label ? label : "screen", COLS,
			       LINES);
	for (int y = 0; y < LINES; y++)
		row_text(s, y, COLS);
	FILE *f = fopen(path, "ae");
	bool ok = f != NULL && fwrite(s->str, 1, s->len, f) == s->len;
	if (f != NULL && fclose(f) != 0)
		ok = false;
	if (!ok)
		aur_error_set(err, AUR_ERR_IO, NULL, "cannot write %s", path);
	g_string_free(s, TRUE);
	return ok;
}

/* ---- running ---------------------------------------------------------------------------------- */

static void
dump(TuiReplay *r, TuiApp *app, const char *label)
{
	tui_render_now(app);
	g_autoptr(AurError) e = NULL;
	if (r->dump_path != NULL && !tui_replay_dump_screen(r->dump_path, label, &e))
		tui_notice(app, true, "%s", e->message);
}

static void
type_text(TuiApp *app, const char *text)
{
	for (const char *p = text; *p; p = g_utf8_next_char(p))
		tui_dispatch_key(app, g_utf8_get_char(p));
}

/* One step; false when it has to wait (call again later). */
static bool
step(TuiReplay *r, TuiApp *app, const Step *st, int64_t now)
{
	switch (st->kind) {
	case STEP_KEY:
		for (unsigned i = 0; i < st->keys.len; i++)
			tui_dispatch_key(app, st->keys.keys[i]);
		return true;
	case STEP_TYPE: type_text(app, st->text); return true;
	case STEP_PASTE: tui_paste(app, st->text); return true;
	case STEP_WAIT:
		if (r->wait_since == 0)
			r->wait_since = now;
		if (g_hash_table_size(app->running) > 0 && now - r->wait_since < WAIT_LIMIT_US)
			return false;
		if (g_hash_table_size(app->running) > 0) {
			tui_notice(app, true, "replay: wait timed out");
			app->exit_status = 1;
		}
		r->wait_since = 0;
		return true;
	case STEP_SLEEP:
		if (r->sleep_until == 0)
			r->sleep_until = now + (int64_t)st->a * 1000;
		if (now < r->sleep_until)
			return false;
		r->sleep_until = 0;
		return true;
	case STEP_RESIZE:
		tui_resize_to(app, st->b, st->a);
		return true;
	case STEP_DUMP: dump(r, app, st->text); return true;
	case STEP_MOUSE: tui_mouse(app, st->a, st->b, st->wheel); return true;
	}
	return true;
}

int
tui_replay_run(TuiReplay *r, TuiApp *app)
{
	int64_t now = g_get_monotonic_time();
	while (r->next < r->steps->len) {
		const Step *st = &g_array_index(r->steps, Step, r->next);
		if (!step(r, app, st, now)) {
			if (st->kind == STEP_SLEEP)
				return (int)MAX((r->sleep_until - now + 999) / 1000, 0);
			return 10;
		}
		r->next++;
		if (app->quit)
			return -1;
	}
	if (!r->finished) {
		r->finished = true;
		dump(r, app, "end");
		tui_quit(app);
	}
	return -1;
}
