/* SPDX-License-Identifier: MIT */
/* Code preview actions: clipboard, save, diff, apply, $EDITOR, analysis. */
#include "autoconfig.h"

#include <string.h>
#include <unistd.h>

#include "analysis/analysis.h"
#include "clipboard.h"
#include "config.h"
#include "edit-fence.h"
#include "edit.h"
#include "findings.h"
#include "fsutil.h"
#include "lang/lang.h"
#include "paths.h"
#include "tui-code.h"
#include "tui-codeact.h"
#include "tui-edit.h"
#include "tui-findings.h"
#include "tui-input.h"
#include "tui-screen.h"
#include "util.h"

/*
 * Every action first copies what the pane shows into a Subject, because questions (a file
 * name, a confirmation) are answered later, by which time the pane may show something
 * else.  A block's subject also keeps its whole answer: SEARCH/REPLACE blocks may sit
 * outside the code fences.
 */

#define MAX_EDIT ((size_t)8 << 20)

typedef struct {
	TuiCodeKind kind;
	char *text;
	size_t len;
	char *lang;       /* "" when unknown */
	char *name;       /* for messages: "block 2", a path, a title */
	char *path_hint;  /* a file the block's fence names, or the file shown; may be NULL */
	int block;        /* the block (or the block an edited text came from), or -1 */
	char *answer;     /* BLOCK: the whole answer it is part of */
	size_t answer_len;
	unsigned first_line, last_line; /* BLOCK: its lines in the answer (1-based) */
} Subject;

static void
subject_free(void *p)
{
	Subject *s = p;
	if (s == NULL)
		return;
	g_free(s->text);
	g_free(s->lang);
	g_free(s->name);
	g_free(s->path_hint);
	g_free(s->answer);
	g_free(s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Subject, subject_free)

/* The file name in the info string of the fence that opens blk, or NULL. */
static char *
fence_path(const TuiCodeBlock *blk)
{
	size_t mlen;
	const char *text = tui_msg_text(blk->msg, &mlen);
	if (blk->start == 0 || blk->start > mlen)
		return NULL;
	size_t end = blk->start - 1; /* the fence line's newline */
	size_t start = end;
	while (start > 0 && text[start - 1] != '\n')
		start--;
	const char *p = text + start, *e = text + end;
	while (p < e && *p == ' ')
		p++;
	while (p < e && (*p == '`' || *p == '~'))
		p++;
	g_autofree char *info = g_strndup(p, (gsize)(e - p));
	char *lang = NULL, *path = NULL;
	edit_fence_parse_info(info, &lang, &path, NULL);
	g_free(lang);
	return path;
}

/* A copy of what the code preview shows; NULL (with a notice) when it is empty. */
static Subject *
subject_new(TuiApp *app)
{
	TuiCodeView v;
	if (!tui_code_view(app, &v) || v.len == 0) {
		tui_notice(app, true, "the code preview is empty: [ and ] pick a code block of the "
				      "conversation");
		return NULL;
	}
	Subject *s = g_new0(Subject, 1);
	s->kind = v.kind;
	s->text = util_memdup0(v.text, v.len);
	s->len = v.len;
	s->lang = g_strdup(v.lang ? v.lang : "");
	s->block = v.block;
	if (v.kind == TUI_CODE_BLOCK) {
		s->name = g_strdup_printf("block %d", v.block + 1);
		s->path_hint = fence_path(v.blk);
		size_t alen;
		const char *answer = tui_msg_text(v.blk->msg, &alen);
		s->answer = util_memdup0(answer, alen);
		s->answer_len = alen;
		s->first_line = 1 + (unsigned)util_count_newlines(answer, MIN(v.blk->start, alen));
		s->last_line = 1 + (unsigned)util_count_newlines(answer, MIN(v.blk->end, alen));
	} else {
		s->name = g_strdup(v.name ? v.name : "the text");
		if (v.kind == TUI_CODE_FILE)
			s->path_hint = g_strdup(v.path ? v.path : v.name);
	}
	return s;
}

/* A file name for a block that names none: block-2.py. */
static char *
default_name(const Subject *s)
{
	static const struct { LangId lang; const char *ext; } exts[] = {
		{ LANG_C, "c" }, { LANG_CPP, "cpp" }, { LANG_PYTHON, "py" }, { LANG_JS, "js" },
		{ LANG_TS, "ts" }, { LANG_SHELL, "sh" },
	};
	LangId l = lang_from_name(s->lang);
	const char *ext = "txt";
	for (size_t i = 0; i < G_N_ELEMENTS(exts); i++)
		if (exts[i].lang == l)
			ext = exts[i].ext;
	return g_strdup_printf("block-%d.%s", s->block + 1, ext);
}

/* ---- copy ---------------------------------------------------------------------------------- */

typedef struct {
	GStrv argv;
	char *text;
	size_t len;
} ClipCall;

static void
clip_call_free(void *p)
{
	ClipCall *c = p;
	g_strfreev(c->argv);
	g_free(c->text);
	g_free(c);
}

static void
clip_job(Job *job, void *data)
{
	ClipCall *c = data;
	AurError *err = NULL;
	if (!clipboard_run((const char *const *)c->argv, c->text, c->len, &err))
		job_fail(job, err);
}

static void
clip_done(TuiApp *app, TuiJob *j, JobEvent *ev)
{
	if (ev->status == JOB_OK)
		tui_notice(app, false, "%s", (const char *)j->data);
	else
		tui_notice(app, true, "not copied: %s", ev->error ? ev->error->message : "cancelled");
}

static const TuiJobHooks clip_hooks = { NULL, clip_done };

static void
copy(TuiApp *app)
{
	g_autoptr(Subject) s = subject_new(app);
	if (s == NULL)
		return;
	ClipboardEnv env;
	clipboard_env_detect(&env, config_get_string(app->ctx->cfg, "ui.clipboard"));
	ClipboardPlan plan;
	g_autoptr(AurError) err = NULL;
	bool ok = clipboard_plan(&env, s->text, s->len, &plan, &err);
	clipboard_env_clear(&env);
	if (!ok) {
		tui_notice(app, true, "%s \xe2\x80\x94 %s", err->message, err->hint ? err->hint : "");
		return;
	}
	unsigned n = (unsigned)util_count_lines(s->text, s->len);
	if (plan.method == CLIPBOARD_OSC52) {
		/* Between frames curses has nothing buffered, so the sequence goes out whole. */
		tui_screen_raw(plan.sequence);
		tui_notice(app, plan.note != NULL, "copied %s (%u line%s) through the terminal%s%s",
			   s->name, n, n == 1 ? "" : "s", plan.note ? ": " : "",
			   plan.note ? plan.note : "");
	} else {
		ClipCall *c = g_new0(ClipCall, 1);
		c->argv = g_steal_pointer(&plan.argv);
		c->text = g_steal_pointer(&s->text);
		c->len = s->len;
		g_autofree char *prog = g_path_get_basename(c->argv[0]);
		char *msg = g_strdup_printf("copied %s (%u line%s) with %s (%s)", s->name, n,
					    n == 1 ? "" : "s", prog, plan.note ? plan.note : "");
		unsigned id = jobs_submit(app->jobs, "clipboard", clip_job, c, clip_call_free);
		tui_track_job_full(app, TUI_JOB_TASK, id, NULL, &clip_hooks, msg, g_free);
	}
	clipboard_plan_clear(&plan);
}

/* ---- save and diff --------------------------------------------------------------------- */

static void
on_save_path(TuiApp *app, const char *answer, void *data)
{
	Subject *s = data;
	if (answer == NULL || *answer == '\0') {
		tui_notice(app, false, "not saved");
		return;
	}
	tui_edit_save(app, answer, s->text, s->len);
}

static void
save(TuiApp *app)
{
	Subject *s = subject_new(app);
	if (s == NULL)
		return;
	g_autofree char *initial = s->path_hint ? g_strdup(s->path_hint) : default_name(s);
	g_autofree char *prompt = g_strdup_printf("Save %s to: ", s->name);
	tui_input_ask(app, prompt, initial, true, on_save_path, s, subject_free);
}

static void
on_diff_path(TuiApp *app, const char *answer, void *data)
{
	Subject *s = data;
	if (answer == NULL || *answer == '\0')
		return;
	g_autofree char *what = g_strdup_printf("%s", s->name);
	if (tui_edit_propose(app, answer, s->text, s->len, what, false, NULL, NULL, NULL))
		tui_focus(app, PANE_CODE);
}

static void
diff(TuiApp *app)
{
	Subject *s = subject_new(app);
	if (s == NULL)
		return;
	if (s->kind == TUI_CODE_DIFF) {
		subject_free(s);
		tui_notice(app, false, "the code preview shows a diff already; a writes it");
		return;
	}
	g_autofree char *prompt = g_strdup_printf("Diff %s against: ", s->name);
	tui_input_ask(app, prompt, s->path_hint ? s->path_hint : "", true, on_diff_path, s,
		      subject_free);
}

/* ---- apply ------------------------------------------------------------------------------- */

/* Does a fenced block of the answer hold edit markers?  Then edits belong to their blocks,
 * and a block without any is plain code. */
static bool
fences_hold_edits(const char *answer, size_t len)
{
	g_autoptr(GPtrArray) fences = edit_fence_extract(answer, len);
	for (guint i = 0; i < fences->len; i++) {
		const EditFence *f = fences->pdata[i];
		EditParsed *p = edit_parse(f->text, f->len);
		bool any = p->count > 0;
		edit_parsed_free(p);
		if (any)
			return true;
	}
	return false;
}

/* A view of some of all's blocks (the elements stay all's).  Free with view_free. */
static EditParsed *
view_new(void)
{
	EditParsed *p = g_new0(EditParsed, 1);
	p->blocks = g_ptr_array_new();
	p->problems = g_ptr_array_new();
	return p;
}

static void
view_free(EditParsed *p)
{
	if (p == NULL)
		return;
	g_ptr_array_unref(p->blocks);
	g_ptr_array_unref(p->problems);
	g_free(p);
}

/* The SEARCH/REPLACE edits s stands for, as a view of *all (the caller frees both), or
 * NULL.  A block's edits are read from its whole answer, where the file names written
 * before the fence are: the edits inside the block, else, when no code block of the
 * answer holds any, the edits written outside the fences. */
static EditParsed *
edits_of(const Subject *s, EditParsed **all)
{
	*all = s->answer ? edit_parse(s->answer, s->answer_len) : edit_parse(s->text, s->len);
	EditParsed *v = view_new();
	for (guint i = 0; i < (*all)->blocks->len; i++) {
		EditBlock *b = (*all)->blocks->pdata[i];
		if (s->answer == NULL || (b->line >= s->first_line && b->line <= s->last_line))
			g_ptr_array_add(v->blocks, b);
	}
	if (v->blocks->len == 0 && s->answer != NULL && !fences_hold_edits(s->answer, s->answer_len))
		g_ptr_array_extend(v->blocks, (*all)->blocks, NULL, NULL);
	v->count = v->blocks->len;
	if (v->count == 0) {
		view_free(v);
		edit_parsed_free(*all);
		*all = NULL;
		return NULL;
	}
	return v;
}

/* The edits for target only (blocks naming another file are left for another apply). */
static EditParsed *
edits_for(const EditParsed *all, const char *target)
{
	EditParsed *p = view_new();
	g_autofree char *base = g_path_get_basename(target);
	for (guint i = 0; i < all->blocks->len; i++) {
		EditBlock *b = all->blocks->pdata[i];
		g_autofree char *bb = b->path ? g_path_get_basename(b->path) : NULL;
		if (bb == NULL || strcmp(bb, base) == 0)
			g_ptr_array_add(p->blocks, b);
	}
	for (guint i = 0; i < all->problems->len; i++)
		g_ptr_array_add(p->problems, all->problems->pdata[i]);
	p->count = p->blocks->len + p->problems->len;
	return p;
}

/* Apply the SEARCH/REPLACE edits of s to path; the result goes through tui_edit_propose. */
static void
apply_edits(TuiApp *app, Subject *s, const EditParsed *all, const char *path)
{
	AurError *e = NULL;
	size_t len = 0;
	g_autofree char *full = paths_expand_home(path);
	g_autofree char *old = edit_read_text(full, MAX_EDIT, &len, &e);
	if (old == NULL && e->category != AUR_ERR_NOT_FOUND) {
		tui_notice(app, true, "%s", e->message);
		aur_error_free(e);
		return;
	}
	aur_error_free(e);
	e = NULL;
	EditParsed *mine = edits_for(all, full);
	EditResult *res = edit_apply(mine, full, old, len, &e);
	view_free(mine);
	if (res->text == NULL) {
		g_autofree char *why = edit_problems_format(res->problems);
		g_autofree char *msg = g_strdup_printf("The edits of %s do not apply to %s:\n%s",
						       s->name, path, why);
		tui_conv_add(app, TUI_MSG_ERROR, msg, NULL);
		tui_notice(app, true, "%s", e ? e->message : "the edits do not apply");
	} else {
		g_autofree char *what = g_strdup_printf("the edits of %s", s->name);
		tui_edit_propose(app, path, res->text, res->len, what, true, NULL, NULL, NULL);
	}
	aur_error_free(e);
	edit_result_free(res);
}

static void
on_apply_path(TuiApp *app, const char *answer, void *data)
{
	Subject *s = data;
	if (answer == NULL || *answer == '\0')
		return;
	EditParsed *all = NULL;
	EditParsed *edits = edits_of(s, &all);
	if (edits != NULL) {
		apply_edits(app, s, edits, answer);
		view_free(edits);
		edit_parsed_free(all);
		return;
	}
	g_autofree char *what = g_strdup_printf("%s", s->name);
	tui_edit_propose(app, answer, s->text, s->len, what, true, NULL, NULL, NULL);
}

static void
apply(TuiApp *app)
{
	TuiCodeView v;
	bool shown = tui_code_view(app, &v);
	if (tui_edit_pending(app) && shown && v.kind == TUI_CODE_DIFF) {
		tui_edit_confirm(app);
		return;
	}
	Subject *s = subject_new(app);
	if (s == NULL)
		return;
	if (s->kind == TUI_CODE_DIFF) {
		subject_free(s);
		tui_notice(app, false, "this diff was written or dropped already");
		return;
	}
	/* SEARCH/REPLACE edits name their file; a plain block may name one in its fence. */
	EditParsed *all = NULL;
	EditParsed *edits = edits_of(s, &all);
	const char *named = NULL;
	for (guint i = 0; edits != NULL && i < edits->blocks->len && named == NULL; i++)
		named = ((EditBlock *)edits->blocks->pdata[i])->path;
	g_autofree char *initial = g_strdup(named ? named : s->path_hint ? s->path_hint : "");
	g_autofree char *prompt = g_strdup_printf("Apply %s%s to: ", edits ? "the edits of " : "",
						  s->name);
	view_free(edits);
	if (all != NULL)
		edit_parsed_free(all);
	tui_input_ask(app, prompt, initial, true, on_apply_path, s, subject_free);
}

/* ---- $EDITOR ------------------------------------------------------------------------------- */

static void
edit_block(TuiApp *app)
{
	g_autoptr(Subject) s = subject_new(app);
	if (s == NULL)
		return;
	g_autofree char *base = s->path_hint ? g_path_get_basename(s->path_hint) : default_name(s);
	g_autofree char *tmpl = g_strdup_printf("aurelis-XXXXXX-%s", base);
	g_autofree char *path = NULL;
	g_autoptr(GError) ge = NULL;
	int fd = g_file_open_tmp(tmpl, &path, &ge);
	if (fd < 0) {
		tui_notice(app, true, "cannot make a temporary file: %s", ge->message);
		return;
	}
	bool wrote = write(fd, s->text, s->len) == (ssize_t)s->len;
	close(fd);
	g_autoptr(AurError) e = NULL;
	size_t len = 0;
	g_autofree char *back = wrote && tui_input_run_editor(app, path, &e)
				? fs_read_file(path, MAX_EDIT, &len, &e) : NULL;
	unlink(path);
	if (back == NULL) {
		tui_notice(app, true, "%s", e ? e->message : "the temporary file could not be written");
		return;
	}
	if (len == s->len && memcmp(back, s->text, len) == 0) {
		tui_notice(app, false, "%s is unchanged", s->name);
		return;
	}
	g_autofree char *name = s->kind == TUI_CODE_TEXT ? g_strdup(s->name)
				: g_strdup_printf("%s (edited)", s->name);
	tui_code_show_text(app, name, s->lang, back, len, s->block);
	tui_focus(app, PANE_CODE);
	tui_notice(app, false, "the edited text is in the code preview: y, w, a and c work on it");
}

/* ---- analysis -------------------------------------------------------------------------- */

typedef struct {
	const AurConfig *cfg;
	char *name;
	char *text;
	size_t len;
	LangId lang;
} BlockCheck;

static void
block_check_free(void *p)
{
	BlockCheck *b = p;
	g_free(b->name);
	g_free(b->text);
	g_free(b);
}

static FindingSeverity
severity_of(AnalysisSeverity s)
{
	return s == ANALYSIS_SEV_ERROR ? FINDING_ERROR
	       : s == ANALYSIS_SEV_WARNING ? FINDING_WARNING : FINDING_INFO;
}

static void
findings_free(void *p)
{
	g_ptr_array_unref(p);
}

/* Worker: the analyzer over the text; the findings (GPtrArray of Finding *) as the result. */
static void
block_check_job(Job *job, void *data)
{
	BlockCheck *b = data;
	AnalysisOptions o = { .cfg = b->cfg };
	AurError *err = NULL;
	AnalysisFile *f = analysis_file_buffer(b->name, b->text, b->len, b->lang, &o, &err);
	if (f == NULL) {
		job_fail(job, err);
		return;
	}
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)finding_free);
	for (guint i = 0; i < f->findings->len; i++) {
		const AnalysisFinding *a = f->findings->pdata[i];
		Finding *x = g_new0(Finding, 1);
		x->severity = severity_of(a->severity);
		x->rule = g_strdup(a->rule);
		x->file = g_strdup(b->name);
		x->line = (int)a->line;
		x->column = (int)a->column;
		x->message = g_strdup(a->message);
		g_ptr_array_add(out, x);
	}
	analysis_file_free(f);
	job_emit_result(job, out, findings_free);
}

typedef struct {
	char *name;
	int block;      /* the block analysed, or -1 */
	bool text;      /* the code preview's own text */
} CheckOrigin;

static void
origin_free(void *p)
{
	CheckOrigin *o = p;
	g_free(o->name);
	g_free(o);
}

static void
check_result(TuiApp *app, TuiJob *j, JobEvent *ev)
{
	CheckOrigin *o = j->data;
	GPtrArray *found = g_steal_pointer(&ev->payload);
	guint n = found->len;
	tui_findings_set(app, found, o->name, NULL);
	tui_findings_set_origin(app, o->block, o->text ? o->name : NULL);
	tui_notice(app, false, "%u finding%s in %s", n, n == 1 ? "" : "s", o->name);
	if (n > 0)
		tui_focus(app, PANE_ANALYSIS);
}

static void
check_done(TuiApp *app, TuiJob *j, JobEvent *ev)
{
	if (ev->status == JOB_OK)
		return;
	tui_findings_busy(app, NULL);
	tui_notice(app, true, "%s", ev->error ? ev->error->message : "analysis cancelled");
}

static const TuiJobHooks check_hooks = { check_result, check_done };

static void
analyze_block(TuiApp *app)
{
	g_autoptr(Subject) s = subject_new(app);
	if (s == NULL)
		return;
	if (s->kind == TUI_CODE_DIFF) {
		tui_notice(app, false, "a diff cannot be analysed; write it first, then /analyze the file");
		return;
	}
	LangId lang = lang_from_name(s->lang);
	if (lang == LANG_NONE)
		lang = lang_detect(s->path_hint ? s->path_hint : "", s->text, s->len);
	if (lang == LANG_NONE) {
		tui_notice(app, true, "the language of %s is unknown (its fence names none); the "
				      "analyzer knows C, C++, Python, JavaScript, TypeScript and shell",
			   s->name);
		return;
	}
	BlockCheck *b = g_new0(BlockCheck, 1);
	b->cfg = app->ctx->cfg;
	b->name = g_strdup(s->name);
	b->text = g_steal_pointer(&s->text);
	b->len = s->len;
	b->lang = lang;
	CheckOrigin *o = g_new0(CheckOrigin, 1);
	o->name = g_strdup(s->name);
	/* Findings of a block jump back to the block; a file's to the file; a text's to it. */
	o->block = s->kind == TUI_CODE_BLOCK ? s->block : -1;
	o->text = s->kind == TUI_CODE_TEXT;
	unsigned id = jobs_submit(app->jobs, "analysis", block_check_job, b, block_check_free);
	tui_track_job_full(app, TUI_JOB_ANALYSIS, id, NULL, &check_hooks, o, origin_free);
	g_autofree char *what = g_strdup_printf("analysing %s", s->name);
	tui_findings_busy(app, what);
}

/* ---- dispatch ----------------------------------------------------------------------------- */

bool
tui_codeact_action(TuiApp *app, KeyAction a)
{
	switch (a) {
	case KEYACT_COPY: copy(app); return true;
	case KEYACT_SAVE: save(app); return true;
	case KEYACT_DIFF: diff(app); return true;
	case KEYACT_APPLY: apply(app); return true;
	case KEYACT_EDIT_BLOCK: edit_block(app); return true;
	case KEYACT_ANALYZE_BLOCK: analyze_block(app); return true;
	default: return false;
	}
}
