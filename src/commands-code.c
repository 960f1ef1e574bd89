/* SPDX-License-Identifier: MIT */
/* Slash commands about code: analyze, generate, explain, fix, diff, apply, copy. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "commands-handlers.h"
#include "edit-diff.h"
#include "edit-fence.h"
#include "edit-write.h"
#include "edit.h"
#include "fsutil.h"

/*
 * The model never chooses where to write: /diff and /apply edit the file of the last /fix,
 * a file the user names, or the one context file the blocks name.  Everything is applied
 * in memory first and written only when every block applied.
 */

static Face *
face_of(Convo *cv)
{
	return convo_face(cv);
}

/* The report as aurelis analyze prints it, without colours (the face styles it). */
static char *
report_text(const AnalysisResults *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (mem == NULL)
		return g_strdup("");
	analysis_report_text(mem, r, false, false);
	fclose(mem);
	char *text = g_strdup(buf);
	free(buf);
	return text;
}

/* Runs on the UI thread: the analysis is offline and spreads over the CPUs itself. */
SlashStatus
commands_code_analyze(Convo *cv, const SlashCall *call)
{
	const char *paths[] = { call->argc ? call->argv[0] : ".", NULL };
	AnalysisOptions o = { .cfg = convo_config(cv) };
	g_autoptr(AurError) e = NULL;
	AnalysisResults *r = NULL;
	if (!analysis_run(paths, &o, &r, &e))
		return commands_failed(cv, e);
	for (guint i = 0; i < r->warnings->len; i++)
		face_status(face_of(cv), FACE_WARNING, "%s", (const char *)r->warnings->pdata[i]);
	g_autofree char *text = report_text(r);
	g_strchomp(text);
	if (*text != '\0')
		face_of(cv)->ops->print(face_of(cv), text);
	face_status(face_of(cv), r->findings ? FACE_WARNING : FACE_SUCCESS,
		    "%u finding%s (%u error%s, %u warning%s) in %u file%s%s", r->findings,
		    r->findings == 1 ? "" : "s", r->by_severity[ANALYSIS_SEV_ERROR],
		    r->by_severity[ANALYSIS_SEV_ERROR] == 1 ? "" : "s",
		    r->by_severity[ANALYSIS_SEV_WARNING],
		    r->by_severity[ANALYSIS_SEV_WARNING] == 1 ? "" : "s", r->analysed,
		    r->analysed == 1 ? "" : "s", r->findings ? "; /fix FILE sends a file's findings "
		    "with it" : "");
	analysis_results_free(r);
	return SLASH_OK;
}

/* "Static analysis found:" and one line per finding of the file, or NULL. */
static char *
findings_for(Convo *cv, const char *path)
{
	size_t len;
	g_autofree char *text = fs_read_file(path, SESSION_MAX_FILE, &len, NULL);
	if (text == NULL)
		return NULL;
	AnalysisOptions o = { .cfg = convo_config(cv) };
	AnalysisFile *f = analysis_file_buffer(path, text, len, LANG_NONE, &o, NULL);
	if (f == NULL || f->findings == NULL || f->findings->len == 0) {
		analysis_file_free(f);
		return NULL;
	}
	GString *out = g_string_new("\n\nStatic analysis found:");
	for (guint i = 0; i < f->findings->len; i++) {
		const AnalysisFinding *x = f->findings->pdata[i];
		g_string_append_printf(out, "\n- line %u: %s (%s, %s)", x->line, x->message, x->rule,
				       analysis_severity_name(x->severity));
	}
	face_status(face_of(cv), FACE_INFO, "sending %u finding%s of the static analysis with it",
		    f->findings->len, f->findings->len == 1 ? "" : "s");
	analysis_file_free(f);
	return g_string_free(out, FALSE);
}

SlashStatus
commands_code_generate(Convo *cv, const SlashCall *call)
{
	g_autoptr(AurError) e = NULL;
	ConvoAsk a = { .task = "generate", .prompt = call->argv[0] };
	return convo_ask(cv, &a, &e) ? SLASH_OK : commands_failed(cv, e);
}

/* Put path in the context (unpinned) unless it is there; returns its absolute path. */
static char *
into_context(Convo *cv, const char *path, AurError **err)
{
	Session *s = convo_session(cv);
	g_autofree char *abs = g_canonicalize_filename(path, NULL);
	for (guint i = 0; i < session_n_files(s); i++)
		if (strcmp(session_file(s, i)->path, abs) == 0)
			return g_steal_pointer(&abs);
	if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
		aur_error_set(err, AUR_ERR_INPUT, "Name one file.", "%s is a directory", path);
		return NULL;
	}
	if (!session_add_file(s, path, false, err))
		return NULL;
	face_status(face_of(cv), FACE_INFO, "added %s to the context (/drop %s removes it)", path,
		    path);
	face_of(cv)->ops->changed(face_of(cv), FACE_CHANGED_METER);
	return g_steal_pointer(&abs);
}

SlashStatus
commands_code_explain(Convo *cv, const SlashCall *call)
{
	g_autoptr(AurError) e = NULL;
	g_autofree char *abs = into_context(cv, call->argv[0], &e);
	if (abs == NULL)
		return commands_failed(cv, e);
	g_autofree char *prompt = g_strdup_printf("Explain %s.", call->argv[0]);
	ConvoAsk a = { .task = "explain", .prompt = prompt, .need_file = abs };
	return convo_ask(cv, &a, &e) ? SLASH_OK : commands_failed(cv, e);
}

SlashStatus
commands_code_fix(Convo *cv, const SlashCall *call)
{
	g_autoptr(AurError) e = NULL;
	g_autofree char *abs = into_context(cv, call->argv[0], &e);
	if (abs == NULL)
		return commands_failed(cv, e);
	g_autofree char *found = findings_for(cv, abs);
	g_autofree char *prompt = call->argc > 1
		? g_strdup_printf("Fix %s. The problem: %s%s", call->argv[0], call->argv[1],
				  found ? found : "")
		: g_strdup_printf("Find and fix the bugs in %s.%s", call->argv[0], found ? found : "");
	ConvoAsk a = { .task = "fix", .prompt = prompt, .need_file = abs };
	if (!convo_ask(cv, &a, &e))
		return commands_failed(cv, e);
	convo_set_edit_target(cv, abs);
	return SLASH_OK;
}

/* ---- edits from the last answer ----------------------------------------------------------- */

typedef struct {
	char *target;      /* absolute */
	char *shown;       /* as the user would name it */
	char *old_text;    /* NULL: the file does not exist yet */
	size_t old_len;
	EditResult *res;
	EditDiff *diff;
} EditPlan;

static void
plan_clear(EditPlan *p)
{
	g_free(p->target);
	g_free(p->shown);
	g_free(p->old_text);
	edit_result_free(p->res);
	if (p->diff != NULL)
		edit_diff_free(p->diff);
	memset(p, 0, sizeof *p);
}

static char *
relative(const char *abs)
{
	g_autofree char *cwd = g_get_current_dir();
	size_t n = strlen(cwd);
	if (strncmp(abs, cwd, n) == 0 && abs[n] == '/')
		return g_strdup(abs + n + 1);
	return g_strdup(abs);
}

/* The one context file whose name the blocks give, or the only context file. */
static char *
guess_target(Session *s, const EditParsed *parsed)
{
	const char *named = NULL;
	for (guint i = 0; i < parsed->blocks->len; i++) {
		const EditBlock *b = parsed->blocks->pdata[i];
		if (b->path == NULL)
			continue;
		if (named != NULL && strcmp(named, b->path) != 0)
			return NULL;
		named = b->path;
	}
	const char *found = NULL;
	guint matches = 0;
	for (guint i = 0; i < session_n_files(s); i++) {
		const char *p = session_file(s, i)->path;
		g_autofree char *base = g_path_get_basename(p);
		g_autofree char *nbase = named ? g_path_get_basename(named) : NULL;
		if (named == NULL || strcmp(base, nbase) == 0) {
			found = p;
			matches++;
		}
	}
	return matches == 1 ? g_strdup(found) : NULL;
}

static bool
choose_target(Convo *cv, const SlashCall *call, const EditParsed *parsed, EditPlan *p,
	      AurError **err)
{
	if (call->argc > 0)
		p->target = g_canonicalize_filename(call->argv[0], NULL);
	else if (convo_edit_target(cv) != NULL)
		p->target = g_strdup(convo_edit_target(cv));
	else
		p->target = guess_target(convo_session(cv), parsed);
	if (p->target == NULL) {
		aur_error_set(err, AUR_ERR_USAGE, "Name it: /diff FILE or /apply FILE.",
			      "which file the edits are for is not clear");
		return false;
	}
	p->shown = relative(p->target);
	return true;
}

static bool
read_target(EditPlan *p, AurError **err)
{
	if (!g_file_test(p->target, G_FILE_TEST_EXISTS))
		return true; /* a block with an empty SEARCH creates it */
	p->old_text = edit_read_text(p->target, SESSION_MAX_FILE, &p->old_len, err);
	return p->old_text != NULL;
}

static void
make_diff(EditPlan *p)
{
	g_autofree char *a = g_strconcat("a/", p->shown, NULL);
	g_autofree char *b = g_strconcat("b/", p->shown, NULL);
	EditDiffOpts o = { .old_label = a, .new_label = b, .context = 3,
			   .old_missing = p->old_text == NULL };
	p->diff = edit_diff_new(p->old_text ? p->old_text : "", p->old_len, p->res->text,
				p->res->len, &o);
}

/* Parse and apply the last answer's edits in memory, and diff the result. */
static bool
plan_edit(Convo *cv, const SlashCall *call, EditPlan *p, AurError **err)
{
	const SessionTurn *last = session_last_turn(convo_session(cv));
	if (last == NULL || last->answer == NULL || *last->answer == '\0') {
		aur_error_set(err, AUR_ERR_USAGE, "Ask for a change first, e.g. /fix FILE.",
			      "there is no answer to take edits from");
		return false;
	}
	EditParsed *parsed = edit_parse(last->answer, strlen(last->answer));
	bool ok = false;
	if (parsed->count == 0) {
		aur_error_set(err, AUR_ERR_MODEL, "/fix FILE asks for edits in that format; /copy takes "
			      "a code block instead.", "the last answer has no SEARCH/REPLACE blocks");
		goto out;
	}
	if (!choose_target(cv, call, parsed, p, err) || !read_target(p, err))
		goto out;
	p->res = edit_apply(parsed, p->shown, p->old_text, p->old_len, err);
	if (p->res->text == NULL) {
		g_autofree char *problems = edit_problems_format(p->res->problems);
		if (*err != NULL && problems != NULL && *problems != '\0')
			aur_error_prefix(*err, "%s", g_strchomp(problems));
		goto out;
	}
	make_diff(p);
	ok = true;
out:
	edit_parsed_free(parsed);
	return ok;
}

/* The diff as a fenced block, fenced longer than anything inside. */
static void
show_diff(Convo *cv, const EditPlan *p)
{
	g_autofree char *text = edit_diff_to_text(p->diff);
	if (*text == '\0') {
		face_status(face_of(cv), FACE_INFO, "the edits leave %s as it is", p->shown);
		return;
	}
	size_t run = 0, longest = 0;
	for (const char *c = text; *c; c++) {
		run = *c == '`' ? run + 1 : 0;
		longest = MAX(longest, run);
	}
	g_autofree char *fence = g_strnfill(MAX(3, longest + 1), '`');
	g_autofree char *md = g_strdup_printf("%sdiff\n%s%s%s\n", fence, text,
					      g_str_has_suffix(text, "\n") ? "" : "\n", fence);
	face_of(cv)->ops->markdown(face_of(cv), md);
	face_status(face_of(cv), FACE_INFO, "%s: %u line%s added, %u removed", p->shown,
		    p->diff->added, p->diff->added == 1 ? "" : "s", p->diff->deleted);
}

SlashStatus
commands_code_diff(Convo *cv, const SlashCall *call)
{
	EditPlan p = { 0 };
	g_autoptr(AurError) e = NULL;
	SlashStatus st = SLASH_OK;
	if (plan_edit(cv, call, &p, &e))
		show_diff(cv, &p);
	else
		st = commands_failed(cv, e);
	plan_clear(&p);
	return st;
}

static bool
confirm_write(Convo *cv, const SlashCall *call, const EditPlan *p, AurError **err)
{
	if (call->yes)
		return true;
	g_autofree char *q = g_strdup_printf("Write these changes to %s?", p->shown);
	FaceConfirm c = face_of(cv)->ops->confirm(face_of(cv), q);
	if (c == FACE_CONFIRM_YES)
		return true;
	aur_error_set(err, c == FACE_CONFIRM_ERROR ? AUR_ERR_USAGE : AUR_ERR_CANCELLED,
		      "/apply --yes writes without asking.", "%s was left as it is", p->shown);
	return false;
}

SlashStatus
commands_code_apply(Convo *cv, const SlashCall *call)
{
	EditPlan p = { 0 };
	g_autoptr(AurError) e = NULL;
	EditWriteResult wr = { 0 };
	SlashStatus st = SLASH_FAILED;
	if (!plan_edit(cv, call, &p, &e))
		goto out;
	show_diff(cv, &p);
	if (p.diff->lines->len == 0) {
		st = SLASH_OK;
		goto out;
	}
	if (!confirm_write(cv, call, &p, &e))
		goto out;
	/* The user named the file (or it came from their /fix): an absolute path is fine. */
	EditWriteOpts o = { .confirmed = true };
	if (!edit_write_file(p.target, p.res->text, p.res->len, &o, &wr, &e))
		goto out;
	if (wr.backup != NULL)
		face_status(face_of(cv), FACE_SUCCESS, "wrote %s (the old version is in %s)", p.shown,
			    wr.backup);
	else
		face_status(face_of(cv), FACE_SUCCESS, "wrote %s", p.shown);
	face_of(cv)->ops->changed(face_of(cv), FACE_CHANGED_METER);
	st = SLASH_OK;
out:
	if (st == SLASH_FAILED && e != NULL)
		commands_failed(cv, e);
	edit_write_result_clear(&wr);
	plan_clear(&p);
	return st;
}

/* ---- copy --------------------------------------------------------------------------------- */

static bool
block_number(const SlashCall *call, guint count, guint *index, AurError **err)
{
	*index = count - 1;
	if (call->argc == 0)
		return true;
	guint64 n;
	if (!g_ascii_string_to_unsigned(call->argv[0], 10, 1, count, &n, NULL)) {
		aur_error_set(err, AUR_ERR_USAGE, count == 1 ? "The last answer has one code block: "
			      "/copy takes it." : "Give a number from 1 to the number of blocks.",
			      "/copy: no code block %s (the last answer has %u)", call->argv[0], count);
		return false;
	}
	*index = (guint)n - 1;
	return true;
}

SlashStatus
commands_code_copy(Convo *cv, const SlashCall *call)
{
	g_autoptr(AurError) e = NULL;
	const SessionTurn *last = session_last_turn(convo_session(cv));
	const char *answer = last ? last->answer : "";
	g_autoptr(GPtrArray) fences = edit_fence_extract(answer, strlen(answer));
	if (fences->len == 0) {
		aur_error_set(&e, AUR_ERR_NOT_FOUND, "Ask for code first (/generate DESCRIPTION).",
			      "the last answer has no code block");
		return commands_failed(cv, e);
	}
	guint i;
	if (!block_number(call, fences->len, &i, &e))
		return commands_failed(cv, e);
	const EditFence *f = fences->pdata[i];
	if (!face_of(cv)->ops->clipboard(face_of(cv), f->text, f->len, &e))
		return commands_failed(cv, e);
	guint lines = 0;
	for (const char *c = f->text; *c; c++)
		lines += *c == '\n';
	face_status(face_of(cv), FACE_SUCCESS, "copied code block %u of %u (%u line%s%s%s) to the "
		    "clipboard", i + 1, fences->len, lines, lines == 1 ? "" : "s",
		    f->lang ? ", " : "", f->lang ? f->lang : "");
	if (!f->complete)
		face_status(face_of(cv), FACE_WARNING, "that block was cut off before its end");
	return SLASH_OK;
}
