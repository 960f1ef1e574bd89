/* SPDX-License-Identifier: MIT */
/* `aurelis render`: markdown from a file or standard input, rendered for the terminal. */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../ui/render-ansi.h"
#include "../ui/render-highlight.h"
#include "cmds.h"
#include "term.h"

#define MAX_RENDER_INPUT (64 << 20)
#define FRAME_MS 16

static const AurOption render_options[] = {
	{ "width", 'w', OPT_VALUE, "N", "wrap to N columns (default: the terminal's width, or 80)", COMPLETE_NONE, NULL },
	{ "plain", 0, OPT_FLAG, NULL, "plain text: no colours and no cursor movement", COMPLETE_NONE, NULL },
	{ "theme", 0, OPT_VALUE, "NAME", "colour theme (default: ui.theme)", COMPLETE_THEME, NULL },
	{ "colors", 0, OPT_VALUE, "N", "colours even when not on a terminal: 256, 16 or 8", COMPLETE_CHOICES, "256|16|8" },
	{ "chunk-size", 0, OPT_VALUE, "N", "feed the input N bytes at a time, redrawing after each piece (to try streaming)", COMPLETE_NONE, NULL },
	{ NULL, 0, 0, NULL, NULL, 0, NULL },
};

typedef struct {
	RenderOptions o;
	RenderAnsiOptions a;
	Theme *theme;
	size_t chunk;
} Setup;

static bool
int_option(const AurArgs *args, const char *name, int64_t min, int64_t max, int64_t *out,
	   AurError **err)
{
	const char *v = args_value(args, name);
	if (v == NULL)
		return true;
	if (!g_ascii_string_to_signed(v, 10, min, max, out, NULL)) {
		cli_usage_error(err, &cmd_render, "--%s needs a number from %" G_GINT64_FORMAT
				" to %" G_GINT64_FORMAT ", not '%s'", name, min, max, v);
		return false;
	}
	return true;
}

static ThemeDepth
color_depth(const AurArgs *args, bool plain)
{
	const char *forced = args_value(args, "colors");
	if (forced != NULL)
		return strcmp(forced, "256") == 0 ? THEME_DEPTH_256
		       : strcmp(forced, "16") == 0 ? THEME_DEPTH_16 : THEME_DEPTH_8;
	if (plain || !term_color_stdout())
		return THEME_DEPTH_NONE;
	return theme_depth_from_env(getenv("TERM"), getenv("COLORTERM"));
}

static bool
setup(AurContext *ctx, const AurArgs *args, Setup *s, AurError **err)
{
	int64_t width = 0, chunk = 0;
	bool plain = args_flag(args, "plain");
	const char *colors = args_value(args, "colors");
	if (!int_option(args, "width", 1, 10000, &width, err) ||
	    !int_option(args, "chunk-size", 1, MAX_RENDER_INPUT, &chunk, err))
		return false;
	if (colors != NULL && !g_strv_contains((const char *const[]){ "256", "16", "8", NULL }, colors)) {
		cli_usage_error(err, &cmd_render, "--colors takes 256, 16 or 8, not '%s'", colors);
		return false;
	}
	if (plain && colors != NULL) {
		cli_usage_error(err, &cmd_render, "--plain and --colors contradict each other");
		return false;
	}
	const char *term = getenv("TERM");
	bool tty = term_isatty(STDOUT_FILENO);
	int cols, rows;
	term_stdout_size(&cols, &rows);
	s->a.depth = color_depth(args, plain);
	s->a.base = ELEM_TEXT;
	s->a.live = tty && !plain && term != NULL && strcmp(term, "dumb") != 0;
	s->a.cols = cols;
	s->a.rows = rows;
	s->o.width = width > 0 ? (int)width : cols;
	s->o.ascii = !g_get_charset(NULL);
	s->chunk = (size_t)chunk;
	if (s->a.depth != THEME_DEPTH_NONE) {
		const char *name = args_value(args, "theme");
		g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
		s->theme = theme_open(name ? name : config_get_string(ctx->cfg, "ui.theme"), warnings);
		for (guint i = 0; i < warnings->len; i++)
			term_message(TERM_MSG_WARNING, "%s", (const char *)warnings->pdata[i]);
	}
	s->a.theme = s->theme;
	/* Highlighting is only seen in colour. */
	s->o.highlight = s->theme != NULL ? render_highlight_code : NULL;
	/* Without styles, `code` and ~~deleted~~ keep their markers so nothing is lost. */
	s->o.markers = s->theme == NULL;
	return true;
}

static int
open_input(const char *path, AurError **err)
{
	if (strcmp(path, "-") == 0)
		return STDIN_FILENO;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0) {
		aur_error_set(err, errno == ENOENT ? AUR_ERR_NOT_FOUND : AUR_ERR_IO,
			      "Give a markdown file, or - for standard input.", "cannot open %s: %s",
			      path, g_strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		aur_error_set(err, AUR_ERR_INPUT, "Give a markdown file, or - for standard input.",
			      "%s is a directory", path);
		return -1;
	}
	return fd;
}

/* Feed what arrives as it arrives; a pending redraw is done when input pauses. */
static bool
pump(RenderStream *rs, int fd, const char *path, AurError **err)
{
	char buf[65536];
	size_t total = 0;
	for (;;) {
		int64_t due = render_stream_deadline(rs);
		int timeout = due < 0 ? -1 : (int)CLAMP((due - g_get_monotonic_time()) / 1000 + 1, 0, 1000);
		struct pollfd pfd = { fd, POLLIN, 0 };
		int r = poll(&pfd, 1, timeout);
		if (r == 0) {
			render_stream_flush(rs);
			continue;
		}
		ssize_t n = r < 0 ? -1 : read(fd, buf, sizeof buf);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0) {
			aur_error_set(err, AUR_ERR_IO, NULL, "cannot read %s: %s", path, g_strerror(errno));
			return false;
		}
		if (n == 0)
			return true;
		if ((total += (size_t)n) > MAX_RENDER_INPUT) {
			aur_error_set(err, AUR_ERR_INPUT, "Split the document.",
				      "%s is larger than %d MiB", path, MAX_RENDER_INPUT >> 20);
			return false;
		}
		render_stream_feed(rs, buf, (size_t)n);
	}
}

/* --chunk-size: the whole input first, then pieces, each followed by a redraw. */
static bool
pump_chunks(RenderStream *rs, int fd, const char *path, size_t chunk, AurError **err)
{
	g_autoptr(GByteArray) all = g_byte_array_new();
	char buf[65536];
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			aur_error_set(err, AUR_ERR_IO, NULL, "cannot read %s: %s", path, g_strerror(errno));
			return false;
		}
		if (all->len + (size_t)n > MAX_RENDER_INPUT) {
			aur_error_set(err, AUR_ERR_INPUT, "Split the document.",
				      "%s is larger than %d MiB", path, MAX_RENDER_INPUT >> 20);
			return false;
		}
		g_byte_array_append(all, (const guint8 *)buf, (guint)n);
	}
	for (size_t off = 0; off < all->len; off += chunk)
		render_stream_feed(rs, (const char *)all->data + off, MIN(chunk, all->len - off));
	return true;
}

static int
run_render(AurContext *ctx, AurArgs *args)
{
	g_autoptr(AurError) e = NULL;
	if (args_npos(args) > 1) {
		cli_usage_error(&e, &cmd_render, "render takes one FILE (or - for standard input)");
		return aur_error_report(e);
	}
	const char *path = args_npos(args) ? args_pos(args, 0) : "-";
	Setup s = { 0 };
	if (!setup(ctx, args, &s, &e))
		return aur_error_report(e);
	int fd = open_input(path, &e);
	if (fd < 0) {
		theme_free(s.theme);
		return aur_error_report(e);
	}
	const char *name = strcmp(path, "-") == 0 ? "standard input" : path;
	RenderStream *rs = render_ansi_stream_new(stdout, &s.o, &s.a, s.chunk ? 0 : FRAME_MS);
	bool ok = s.chunk ? pump_chunks(rs, fd, name, s.chunk, &e) : pump(rs, fd, name, &e);
	/* What arrived is shown even when reading failed part way. */
	render_stream_finish(rs);
	render_stream_free(rs);
	if (fd != STDIN_FILENO)
		close(fd);
	theme_free(s.theme);
	return ok ? 0 : aur_error_report(e);
}

const AurCommand cmd_render = {
	.name = "render",
	.summary = "render markdown for the terminal, from a file or standard input",
	.usage = "[FILE|-] [--width N] [--plain] [--theme NAME] [--colors N] [--chunk-size N]",
	.description = "Renders markdown the way answers are shown: wrapped to the width, with "
		       "tables, lists, quotes, code blocks and links.  Input is rendered as it "
		       "arrives, so a slow producer can be piped in.  On a terminal the block being "
		       "written is redrawn in place; elsewhere, or with --plain, plain text is "
		       "written once, progressively, and code blocks are kept verbatim.",
	.options = render_options,
	.positional = COMPLETE_FILE,
	.run = run_render,
};
