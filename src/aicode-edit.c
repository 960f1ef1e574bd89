/* SPDX-License-Identifier: MIT */
/* The writing ends of the AI code commands: a code block to a file, and SEARCH/REPLACE
 * edits applied part by part, shown as a diff, written after confirmation. */
#include "autoconfig.h"

#include <string.h>

#include "aicode.h"
#include "edit-diff.h"
#include "edit-fence.h"
#include "edit-write.h"
#include "edit.h"
#include "term.h"

/*
 * Nothing here writes a path the model chose: every target comes from the user (or the
 * test-name convention) and goes through edit_write_file(), which keeps it inside the
 * working tree, refuses symlinks, saves a backup and replaces atomically.  Edits are all
 * or nothing across every part of a file: the file is written only when every block of
 * every answer applied.
 */

#define MAX_OLD_TARGET ((size_t)64 << 20)

bool
aicode_edit_check_target(const char *path, AurError **err)
{
	if (strcmp(path, "-") == 0)
		return true;
	AurError *e = NULL;
	g_autofree char *real = edit_write_resolve(path, NULL, false, &e);
	if (real != NULL)
		return true;
	/* missing directories are made when writing, and checked again then */
	if (e->category == AUR_ERR_NOT_FOUND) {
		aur_error_free(e);
		return true;
	}
	*err = e;
	return false;
}

static char *
diff_text(const char *path, const char *old, size_t old_len, const char *new_text, size_t new_len,
	  unsigned *hunks)
{
	g_autofree char *la = g_strdup_printf("a/%s", path);
	g_autofree char *lb = g_strdup_printf("b/%s", path);
	EditDiffOpts o = { .old_label = la, .new_label = lb, .context = 3, .old_missing = old == NULL };
	EditDiff *d = edit_diff_new(old, old_len, new_text, new_len, &o);
	char *text = edit_diff_to_text(d);
	if (hunks != NULL)
		*hunks = d->hunks;
	edit_diff_free(d);
	return text;
}

static void
json_written(cJSON *json, const char *path, const EditWriteResult *wr)
{
	if (json == NULL)
		return;
	cJSON_AddStringToObject(json, "output", path);
	cJSON_AddBoolToObject(json, "written", wr != NULL);
	cJSON_AddItemToObject(json, "backup", wr && wr->backup ? cJSON_CreateString(wr->backup)
							       : cJSON_CreateNull());
}

/* Ask, unless yes; 0 to go on, 1 when declined, else an exit status with err. */
static int
confirm(Aicode *a, const char *question, bool yes, AurError **err)
{
	oneshot_restore_signals(a->os);
	fflush(stdout);
	EditConfirm c = edit_write_confirm(question, yes, err);
	if (c == EDIT_CONFIRM_ERROR)
		return aur_error_exit_code((*err)->category);
	if (c == EDIT_CONFIRM_NO) {
		term_message(TERM_MSG_INFO, "nothing was written");
		return 1;
	}
	return 0;
}

static int
write_file(const char *path, const char *data, size_t len, bool replace, cJSON *json, AurError **err)
{
	EditWriteOpts wo = { .confirmed = replace, .create_dirs = true };
	EditWriteResult wr = { 0 };
	if (!edit_write_file(path, data, len, &wo, &wr, err))
		return aur_error_exit_code((*err)->category);
	if (wr.backup != NULL)
		term_message(TERM_MSG_INFO, "wrote %s (the old one is saved as %s)", path, wr.backup);
	else
		term_message(TERM_MSG_INFO, "wrote %s", path);
	json_written(json, path, &wr);
	edit_write_result_clear(&wr);
	return 0;
}

int
aicode_edit_write(Aicode *a, const char *path, const char *text, size_t len, bool yes, cJSON *json,
		  AurError **err)
{
	size_t old_len = 0;
	AurError *rerr = NULL;
	g_autofree char *old = edit_read_text(path, MAX_OLD_TARGET, &old_len, &rerr);
	if (old == NULL && rerr->category != AUR_ERR_NOT_FOUND) {
		aur_error_prefix(rerr, "cannot replace %s", path);
		*err = rerr;
		return aur_error_exit_code(rerr->category);
	}
	aur_error_free(rerr);
	g_autofree char *converted = old != NULL && edit_text_is_crlf(old, old_len)
		? edit_text_convert_eol(text, len, true, &len) : NULL;
	const char *data = converted ? converted : text;
	if (old != NULL && old_len == len && memcmp(old, data, len) == 0) {
		term_message(TERM_MSG_INFO, "%s already has exactly this content; nothing to write", path);
		json_written(json, path, NULL);
		return 0;
	}
	if (old != NULL) {
		g_autofree char *diff = diff_text(path, old, old_len, data, len, NULL);
		if (json != NULL)
			cJSON_AddStringToObject(json, "diff", diff);
		else
			aiout_diff(a->out, diff);
		g_autofree char *q = g_strdup_printf("Replace %s?", path);
		int rc = confirm(a, q, yes, err);
		if (rc != 0) {
			json_written(json, path, NULL);
			return rc;
		}
	}
	return write_file(path, data, len, old != NULL, json, err);
}

int
aicode_edit_write_code(Aicode *a, const char *answer, const char *lang, const char *path, bool yes,
		       cJSON *json, AurError **err)
{
	if (answer == NULL) {
		aur_error_set(err, AUR_ERR_MODEL, "Try again, or another model with --model.",
			      "the answer is empty; nothing was written");
		return 7;
	}
	g_autoptr(GPtrArray) fences = edit_fence_extract(answer, strlen(answer));
	const EditFence *pick = edit_fence_pick(fences, lang, err);
	if (pick == NULL) {
		aur_error_prefix(*err, "nothing was written");
		return 7;
	}
	if (fences->len > 1)
		term_message(TERM_MSG_INFO, "the answer has %u code blocks; using the %s one at "
			     "lines %u-%u of the answer", fences->len, pick->lang ? pick->lang : "unlabelled",
			     pick->start_line, pick->end_line);
	if (json != NULL) {
		cJSON_AddStringToObject(json, "code", pick->text);
		cJSON_AddItemToObject(json, "lang", pick->lang ? cJSON_CreateString(pick->lang) : cJSON_CreateNull());
	}
	if (strcmp(path, "-") == 0) {
		if (json == NULL) {
			fwrite(pick->text, 1, pick->len, stdout);
			fflush(stdout);
		}
		return 0;
	}
	return aicode_edit_write(a, path, pick->text, pick->len, yes, json, err);
}

/* ---- edits, part by part ---------------------------------------------------------------- */

typedef struct {
	const ChunkPart *part;
	const char *text;   /* the part's own lines in the file */
	bool edited;        /* the answer had edit blocks: res holds them applied */
	EditParsed *parsed;
	EditResult *res;
} PartEdit;

static void
part_edits_free(GArray *edits)
{
	for (guint i = 0; i < edits->len; i++) {
		PartEdit *pe = &g_array_index(edits, PartEdit, i);
		edit_parsed_free(pe->parsed);
		edit_result_free(pe->res);
	}
	g_array_free(edits, TRUE);
}

static char *
part_message(const AicodeInput *in, const AicodeEdit *e, const ChunkPart *p, guint count)
{
	GString *s = g_string_new(e->instructions);
	g_string_append(s, "\n\n");
	g_autofree char *extra = e->part_extra ? e->part_extra(p, e->data) : NULL;
	if (extra != NULL)
		g_string_append_printf(s, "%s\n", extra);
	if (p->ctx_first < p->first_line) {
		g_string_append_printf(s, "The lines just before the code to edit, for context only "
				       "(do not edit them):\n");
		aicode_append_code(s, in, in->range_off + p->ctx_offset, p->offset - p->ctx_offset,
				   p->ctx_first, p->first_line - 1, false);
		g_string_append(s, "\nThe code to edit:\n");
	}
	aicode_append_code(s, in, in->range_off + p->offset, p->len, p->first_line, p->last_line, false);
	if (count > 1)
		g_string_append_printf(s, "\nThis is one part of %s; the other parts are sent "
				       "separately. Edit only these lines, and name the file as %s.\n",
				       in->name, in->name);
	return g_string_free(s, FALSE);
}

/* Ask for and apply the edits of one part. */
static int
edit_part(Aicode *a, const AicodeInput *in, const AicodeEdit *e, PartEdit *pe, guint i,
	  guint count, AurError **err)
{
	const ChunkPart *p = pe->part;
	if (count > 1)
		term_message(TERM_MSG_INFO, "%s: part %u of %u (lines %u-%u)", a->cmd->name, i + 1,
			     count, p->first_line, p->last_line);
	g_autofree char *m = part_message(in, e, p, count);
	g_autofree char *answer = NULL;
	bool show = !a->json && aiout_tty(a->out);
	int rc = aicode_ask(a, e->prompt, m, show, false, &answer, err);
	if (rc != 0)
		return rc;
	pe->parsed = edit_parse(answer ? answer : "", answer ? strlen(answer) : 0);
	if (pe->parsed->count == 0)
		return 0; /* no edits proposed for this part: it stays as it is */
	pe->edited = true;
	AurError *perr = NULL;
	/* standard input has no name the model could know: any file it names is the one */
	pe->res = edit_apply(pe->parsed, in->path ? in->name : NULL, pe->text, p->len, &perr);
	aur_error_free(perr);
	return 0;
}

/* Problems of every part on stderr, each part named when there are several. */
static unsigned
report_problems(const GArray *edits, guint count)
{
	unsigned n = 0;
	for (guint i = 0; i < edits->len; i++) {
		const PartEdit *pe = &g_array_index(edits, PartEdit, i);
		if (!pe->edited || pe->res->problems->len == 0)
			continue;
		n += pe->res->problems->len;
		g_autofree char *text = edit_problems_format(pe->res->problems);
		if (count > 1)
			fprintf(stderr, "part %u (lines %u-%u; line numbers below count from its start):\n",
				i + 1, pe->part->first_line, pe->part->last_line);
		fputs(text, stderr);
	}
	return n;
}

static cJSON *
edits_json(const GArray *edits)
{
	cJSON *arr = cJSON_CreateArray();
	for (guint i = 0; i < edits->len; i++) {
		const PartEdit *pe = &g_array_index(edits, PartEdit, i);
		for (guint k = 0; pe->edited && k < pe->res->applied->len; k++) {
			const EditApplied *ap = &g_array_index(pe->res->applied, EditApplied, k);
			cJSON *o = cJSON_CreateObject();
			cJSON_AddNumberToObject(o, "part", i + 1);
			cJSON_AddNumberToObject(o, "block", ap->block);
			cJSON_AddStringToObject(o, "match", edit_match_name(ap->how));
			cJSON_AddNumberToObject(o, "first_line", ap->first + pe->part->first_line - 1);
			cJSON_AddNumberToObject(o, "lines", ap->count);
			cJSON_AddItemToArray(arr, o);
		}
	}
	return arr;
}

static cJSON *
problems_json(const GArray *edits)
{
	cJSON *arr = cJSON_CreateArray();
	for (guint i = 0; i < edits->len; i++) {
		const PartEdit *pe = &g_array_index(edits, PartEdit, i);
		if (!pe->edited)
			continue;
		cJSON *probs = edit_problems_to_json(pe->res->problems);
		cJSON *o;
		while ((o = cJSON_DetachItemFromArray(probs, 0)) != NULL) {
			cJSON_AddNumberToObject(o, "part", i + 1);
			cJSON *near = cJSON_GetObjectItemCaseSensitive(o, "near");
			for (const char *k = "first"; near != NULL && k != NULL; k = strcmp(k, "first") ? NULL : "last") {
				cJSON *v = cJSON_GetObjectItemCaseSensitive(near, k);
				if (cJSON_IsNumber(v))
					cJSON_SetNumberValue(v, v->valuedouble + pe->part->first_line - 1);
			}
			cJSON_AddItemToArray(arr, o);
		}
		cJSON_Delete(probs);
	}
	return arr;
}

/* The file with every part replaced by its edited text. */
static GString *
assemble(const AicodeInput *in, const GArray *edits)
{
	GString *s = g_string_new_len(in->text, (gssize)in->range_off);
	for (guint i = 0; i < edits->len; i++) {
		const PartEdit *pe = &g_array_index(edits, PartEdit, i);
		if (pe->edited)
			g_string_append_len(s, pe->res->text, (gssize)pe->res->len);
		else
			g_string_append_len(s, pe->text, (gssize)pe->part->len);
	}
	size_t end = in->range_off + in->range_len;
	g_string_append_len(s, in->text + end, (gssize)(in->len - end));
	return s;
}

static GArray *
plan_parts(Aicode *a, const AicodeInput *in, const AicodeEdit *e, GArray **parts, AurError **err)
{
	*parts = aicode_split(a, in, e->prompt, strlen(e->instructions) + e->extra_bytes, false,
			      err);
	if (*parts == NULL)
		return NULL;
	GArray *edits = g_array_new(FALSE, TRUE, sizeof(PartEdit));
	for (guint i = 0; i < (*parts)->len; i++) {
		PartEdit pe = { .part = &g_array_index(*parts, ChunkPart, i) };
		pe.text = in->text + in->range_off + pe.part->offset;
		g_array_append_val(edits, pe);
	}
	return edits;
}

/* Everything is asked and applied in memory: what is left is to show and write. */
static int
finish_edits(Aicode *a, const AicodeInput *in, const AicodeEdit *e, const GArray *edits,
	     cJSON *json, AurError **err)
{
	g_autoptr(GString) now = assemble(in, edits);
	unsigned hunks = 0;
	g_autofree char *diff = diff_text(in->name, in->text, in->len, now->str, now->len, &hunks);
	if (json != NULL) {
		cJSON_AddBoolToObject(json, "changed", hunks > 0);
		cJSON_AddStringToObject(json, "diff", diff);
		if (in->path == NULL)
			cJSON_AddStringToObject(json, "text", now->str);
	}
	if (hunks == 0) {
		term_message(TERM_MSG_INFO, "the edits leave %s as it was; nothing to write", in->name);
		return 0;
	}
	if (in->path == NULL) { /* standard input: a filter */
		if (json == NULL)
			fwrite(now->str, 1, now->len, stdout);
		return 0;
	}
	if (json == NULL)
		aiout_diff(a->out, diff);
	if (!e->apply) {
		term_message(TERM_MSG_INFO, "not applied; run again with --apply to write %s",
			     e->out_path ? e->out_path : in->name);
		json_written(json, e->out_path ? e->out_path : in->path, NULL);
		return 0;
	}
	if (e->out_path != NULL)
		return aicode_edit_write(a, e->out_path, now->str, now->len, e->yes, json, err);
	size_t cur_len = 0;
	g_autofree char *cur = edit_read_text(in->path, MAX_OLD_TARGET, &cur_len, NULL);
	if (cur == NULL || cur_len != in->len || memcmp(cur, in->text, cur_len) != 0) {
		aur_error_set(err, AUR_ERR_INPUT, "Run the command again on the file as it is now.",
			      "%s changed while the model was answering; nothing was written", in->path);
		return 6;
	}
	g_autofree char *q = g_strdup_printf("Apply these changes to %s?", in->path);
	int rc = confirm(a, q, e->yes, err);
	if (rc != 0) {
		json_written(json, in->path, NULL);
		return rc;
	}
	return write_file(in->path, now->str, now->len, true, json, err);
}

int
aicode_edit_run(Aicode *a, const AicodeInput *in, const AicodeEdit *e, AurError **err)
{
	GArray *parts = NULL;
	/* a file that can never be written is refused before any request is spent on it */
	const char *target = e->out_path ? e->out_path : in->path;
	if (e->apply && target != NULL && !aicode_edit_check_target(target, err))
		return aicode_end(a, aur_error_exit_code((*err)->category), *err, NULL);
	GArray *edits = plan_parts(a, in, e, &parts, err);
	if (edits == NULL) {
		chunk_parts_free(parts);
		return aur_error_exit_code((*err)->category);
	}
	cJSON *json = a->json ? cJSON_CreateObject() : NULL;
	if (json != NULL)
		cJSON_AddStringToObject(json, "file", in->name);
	int rc = 0;
	unsigned blocks = 0;
	for (guint i = 0; i < edits->len && rc == 0; i++) {
		PartEdit *pe = &g_array_index(edits, PartEdit, i);
		if (e->want_part != NULL && !e->want_part(pe->part, e->data))
			continue;
		rc = edit_part(a, in, e, pe, i, parts->len, err);
		blocks += pe->parsed ? pe->parsed->count : 0;
	}
	if (rc == 0) {
		unsigned bad = report_problems(edits, parts->len);
		if (json != NULL) {
			cJSON_AddItemToObject(json, "edits", edits_json(edits));
			cJSON_AddItemToObject(json, "problems", problems_json(edits));
		}
		if (bad > 0) {
			aur_error_set(err, AUR_ERR_MODEL, "Run the command again, or try another model with --model.",
				      "%u problem%s with the edits; nothing was written", bad, bad == 1 ? "" : "s");
			rc = 7;
		} else if (blocks == 0) {
			term_message(TERM_MSG_INFO, "no changes were proposed for %s", in->name);
			if (json != NULL)
				cJSON_AddBoolToObject(json, "changed", false);
		} else {
			rc = finish_edits(a, in, e, edits, json, err);
		}
	}
	part_edits_free(edits);
	chunk_parts_free(parts);
	return aicode_end(a, rc, err ? *err : NULL, json);
}
