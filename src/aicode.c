/* SPDX-License-Identifier: MIT */
/* What the AI code commands share: input, budget, requests, parts, footer and JSON. */
#include "autoconfig.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aicode.h"
#include "app.h"
#include "edit-fence.h"
#include "edit.h"
#include "fsutil.h"
#include "log.h"
#include "term.h"
#include "util.h"

/*
 * A command starts an Aicode (token, client, renderer, budget), reads its input with
 * aicode_read(), and sends requests through aicode_ask(), which streams an answer to the
 * renderer when asked to and keeps the totals for the footer.  Inputs larger than one
 * request are cut by chunk.c; explain, docs and review send the parts one by one and
 * combine the answers with further requests (aicode_map_reduce), hierarchically when even
 * the combined answers are too large.
 */

/* Tokens of framing around a part's code in a message: names, fences, line ranges. */
#define FRAMING_TOKENS 64
#define MIN_ROOM 256

/* ---- input --------------------------------------------------------------------------------- */

/* "START-END" or "START" into a range; false when it is neither. */
static bool
parse_range(const char *spec, uint32_t *first, uint32_t *last)
{
	g_auto(GStrv) parts = g_strsplit(spec, "-", 2);
	guint64 a, b;
	if (!g_ascii_string_to_unsigned(parts[0], 10, 1, UINT32_MAX, &a, NULL))
		return false;
	b = a;
	if (parts[1] != NULL && !g_ascii_string_to_unsigned(parts[1], 10, 1, UINT32_MAX, &b, NULL))
		return false;
	*first = (uint32_t)a;
	*last = (uint32_t)b;
	return b >= a;
}

/* Split FILE:RANGE unless the whole argument names an existing file. */
static bool
split_range(const char *arg, char **path, uint32_t *first, uint32_t *last, AurError **err)
{
	const char *colon = strrchr(arg, ':');
	struct stat st;
	if (colon == NULL || colon == arg || stat(arg, &st) == 0) {
		*path = g_strdup(arg);
		return true;
	}
	if (!parse_range(colon + 1, first, last)) {
		aur_error_set(err, AUR_ERR_USAGE, "Write FILE:START-END, for example main.c:10-40.",
			      "'%s' is not a line range", colon + 1);
		return false;
	}
	*path = g_strndup(arg, (size_t)(colon - arg));
	return true;
}

static size_t
line_offset(const char *text, size_t len, uint32_t line)
{
	size_t off = 0;
	for (uint32_t l = 1; l < line && off < len; l++) {
		const char *nl = memchr(text + off, '\n', len - off);
		off = nl ? (size_t)(nl - text) + 1 : len;
	}
	return off;
}

static bool
set_range(AicodeInput *in, uint32_t first, uint32_t last, AurError **err)
{
	if (first == 0) {
		first = 1;
		last = in->lines;
	}
	if (first > in->lines) {
		aur_error_set(err, AUR_ERR_USAGE, "Give lines that exist.",
			      "%s has %u lines; the range starts at line %u", in->name, in->lines, first);
		return false;
	}
	in->first = first;
	in->last = MIN(last, in->lines);
	in->range_off = line_offset(in->text, in->len, first);
	in->range_len = line_offset(in->text, in->len, in->last + 1) - in->range_off;
	return true;
}

static void
detect_lang(AicodeInput *in)
{
	const char *canon = in->path ? edit_fence_lang_from_path(in->path) : NULL;
	in->lang = lang_detect(in->path ? in->path : "", in->text, MIN(in->len, 4096));
	if (canon == NULL && in->lang != LANG_NONE)
		canon = edit_fence_lang_canonical(lang_name(in->lang));
	in->fence_lang = canon ? canon : "";
}

bool
aicode_read(const char *arg, bool ranges, AicodeInput *in, AurError **err)
{
	memset(in, 0, sizeof *in);
	uint32_t first = 0, last = 0;
	if (strcmp(arg, "-") == 0) {
		in->name = g_strdup("<stdin>");
		in->text = fs_read_stdin(AICODE_MAX_INPUT, "Pipe at most 4 MiB, or name a file.",
					  &in->len, err);
		if (in->text == NULL || !edit_text_check("standard input", in->text, in->len, err))
			return false;
	} else {
		if (ranges && !split_range(arg, &in->path, &first, &last, err))
			return false;
		if (!ranges)
			in->path = g_strdup(arg);
		in->name = g_strdup(in->path);
		in->text = edit_read_text(in->path, AICODE_MAX_INPUT, &in->len, err);
		if (in->text == NULL)
			return false;
	}
	if (in->len == 0 || strspn(in->text, " \t\r\n") == in->len) {
		aur_error_set(err, AUR_ERR_INPUT, "Give a file with code in it.", "%s is empty", in->name);
		return false;
	}
	in->lines = (uint32_t)util_count_lines(in->text, in->len);
	in->crlf = edit_text_is_crlf(in->text, in->len);
	detect_lang(in);
	return set_range(in, first, last, err);
}

void
aicode_input_clear(AicodeInput *in)
{
	g_free(in->path);
	g_free(in->name);
	g_free(in->text);
	memset(in, 0, sizeof *in);
}

bool
aicode_set_lang(AicodeInput *in, const char *name, const AurCommand *cmd, AurError **err)
{
	const char *canon = edit_fence_lang_canonical(name);
	if (canon == NULL) {
		cli_usage_error(err, cmd, "--lang: unknown language '%s'", name);
		return false;
	}
	in->fence_lang = canon;
	in->lang = lang_from_name(canon);
	return true;
}

/* A fence longer than any run of backticks in the text. */
static char *
fence_for(const char *text, size_t len)
{
	size_t best = 2, run = 0;
	for (size_t i = 0; i < len; i++) {
		run = text[i] == '`' ? run + 1 : 0;
		best = MAX(best, run);
	}
	return g_strnfill(best + 1, '`');
}

void
aicode_append_code(GString *s, const AicodeInput *in, size_t off, size_t len, uint32_t first,
		   uint32_t last, bool numbered)
{
	g_autofree char *lf = edit_text_convert_eol(in->text + off, len, false, &len);
	g_autofree char *fence = fence_for(lf, len);
	g_string_append_printf(s, "File: %s", in->name);
	if (first > 1 || last < in->lines)
		g_string_append_printf(s, " (lines %u-%u of %u)", first, last, in->lines);
	g_string_append_printf(s, "\n%s%s\n", fence, in->fence_lang);
	if (!numbered) {
		g_string_append_len(s, lf, (gssize)len);
	} else {
		char digits[16];
		int width = snprintf(digits, sizeof digits, "%u", last);
		uint32_t n = first;
		for (const char *p = lf, *end = lf + len; p < end; n++) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			const char *stop = nl ? nl + 1 : end;
			g_string_append_printf(s, "%*u| ", width, n);
			g_string_append_len(s, p, stop - p);
			p = stop;
		}
	}
	if (len > 0 && lf[len - 1] != '\n')
		g_string_append_c(s, '\n');
	g_string_append_printf(s, "%s\n", fence);
}

/* ---- requests ------------------------------------------------------------------------------ */

bool
aicode_start(Aicode *a, AurContext *ctx, const AurArgs *args, const char *task, AurError **err)
{
	memset(a, 0, sizeof *a);
	a->ctx = ctx;
	a->cmd = ctx->command;
	a->model = app_model_override(args);
	a->json = ctx->json;
	a->start_us = util_mono_us();
	a->models = g_ptr_array_new_with_free_func(g_free);
	a->os = oneshot_new(ctx->cfg, err);
	if (a->os == NULL)
		return false;
	a->out = aiout_new(ctx->cfg, args_flag(args, "plain") || a->json);
	g_autoptr(AurError) cerr = NULL;
	const Catalog *cat = client_catalog(oneshot_client(a->os), false, oneshot_cancel(a->os), &cerr);
	if (cat == NULL)
		log_msg(LOG_DEBUG, "budget_without_catalogue", "%s", cerr ? cerr->message : "?");
	chunk_budget(ctx->cfg, cat, task, a->model, &a->budget);
	return true;
}

void
aicode_finish(Aicode *a)
{
	if (a->have_last)
		client_result_clear(&a->last);
	aiout_free(a->out);
	oneshot_free(a->os);
	chunk_budget_clear(&a->budget);
	if (a->models)
		g_ptr_array_unref(a->models);
	memset(a, 0, sizeof *a);
}

int64_t
aicode_room(const Aicode *a, PromptId id, size_t other_bytes, AurError **err)
{
	int64_t cap = a->budget.tokens * 9 / 10;
	int64_t room = cap - chunk_request_tokens(prompts_system(id), "") -
		       chunk_tokens(NULL, other_bytes) - FRAMING_TOKENS;
	if (room < MIN_ROOM) {
		aur_error_set(err, AUR_ERR_INPUT,
			      "Send less alongside the code (fewer -f files), or raise models.limits.<model>.input_tokens.",
			      "a request to %s may carry about %" G_GINT64_FORMAT " tokens (%s); the "
			      "instructions and context leave no room for the code",
			      a->budget.model, a->budget.tokens, a->budget.source);
		return 0;
	}
	return room;
}

typedef struct {
	Aicode *a;
	bool show;
} Sink;

static void
on_answer(const char *text, size_t len, void *ud)
{
	Sink *s = ud;
	if (!s->show)
		return;
	aiout_feed(s->a->out, text, len);
	if (aiout_broken(s->a->out)) /* the reader went away: stop rather than go on */
		cancel_trigger(oneshot_cancel(s->a->os));
}

void
aicode_account(Aicode *a, ClientResult *res)
{
	a->requests++;
	a->cached += res->cached;
	if (res->usage.present) {
		a->tokens_in += res->usage.prompt_tokens;
		a->tokens_out += res->usage.completion_tokens;
	} else {
		a->usage_missing = true;
	}
	bool known = res->model == NULL;
	for (guint i = 0; !known && i < a->models->len; i++)
		known = strcmp(a->models->pdata[i], res->model) == 0;
	if (!known)
		g_ptr_array_add(a->models, g_strdup(res->model));
	if (a->have_last)
		client_result_clear(&a->last);
	a->last = *res;
	a->have_last = true;
}

int
aicode_ask(Aicode *a, PromptId id, const char *user, bool show, bool json_object, char **answer,
	   AurError **err)
{
	g_autoptr(ChatRequest) req = models_request_new();
	models_request_add(req, "system", prompts_system(id));
	models_request_add(req, "user", user);
	req->stream = true;
	if (json_object)
		req->response_format = g_strdup("json_object");
	cJSON *lf = cJSON_CreateObject();
	cJSON_AddStringToObject(lf, "command", a->cmd->name);
	cJSON_AddStringToObject(lf, "task", prompts_task(id));
	cJSON_AddNumberToObject(lf, "user_bytes", (double)strlen(user));
	cJSON_AddNumberToObject(lf, "budget_tokens", (double)a->budget.tokens);
	log_add_content(lf, "question", user);
	log_event(LOG_INFO, "code_request", lf);
	ClientRequest cr = { .task = prompts_task(id), .request = req, .model = a->model,
			     .keep_text = true, .max_retries = -1 };
	ClientResult res;
	Sink sink = { a, show };
	if (show)
		aiout_begin(a->out);
	int rc = oneshot_run(a->os, NULL, &cr, on_answer, &sink, &res, err);
	if (show)
		aiout_end(a->out);
	oneshot_warn(&res, rc);
	*answer = res.text && res.text->len > 0 ? g_strndup(res.text->str, res.text->len) : NULL;
	aicode_account(a, &res);
	return rc;
}

void
aicode_note_split(const Aicode *a, const char *name, int64_t tokens, const GArray *parts)
{
	g_autofree char *where = chunk_parts_describe(parts);
	term_message(TERM_MSG_INFO, "%s: about %" G_GINT64_FORMAT " tokens, more than one request "
		     "to %s may carry (%" G_GINT64_FORMAT ", %s): sent in %u parts, %s",
		     name, tokens, a->budget.model, a->budget.tokens, a->budget.source, parts->len, where);
	for (guint i = 0; i < parts->len; i++) {
		const ChunkPart *p = &g_array_index(parts, ChunkPart, i);
		if (p->cut_function != NULL)
			term_message(TERM_MSG_INFO, "%s: %s() is too large for one part; part %u "
				     "starts inside it at line %u", name, p->cut_function, i + 1,
				     p->first_line);
	}
}

unsigned
aicode_number_bytes(const AicodeInput *in)
{
	char digits[16];
	return (unsigned)snprintf(digits, sizeof digits, "%u", in->last) + 2;
}

GArray *
aicode_split(Aicode *a, const AicodeInput *in, PromptId id, size_t other_bytes, bool numbered,
	     AurError **err)
{
	int64_t room = aicode_room(a, id, other_bytes, err);
	if (room == 0)
		return NULL;
	GArray *parts = chunk_split(in->text + in->range_off, in->range_len, in->lang, in->first,
				    room, AICODE_OVERLAP, numbered ? aicode_number_bytes(in) : 0, err);
	if (parts == NULL)
		return NULL;
	if (parts->len > AICODE_MAX_PARTS) {
		aur_error_set(err, AUR_ERR_INPUT,
			      "Ask about a range (FILE:START-END) or a smaller file, or raise models.limits.<model>.input_tokens.",
			      "%s would take %u requests of about %" G_GINT64_FORMAT " tokens (more than %d)",
			      in->name, parts->len, room, AICODE_MAX_PARTS);
		chunk_parts_free(parts);
		return NULL;
	}
	if (parts->len > 1)
		aicode_note_split(a, in->name, chunk_tokens(in->text + in->range_off, in->range_len), parts);
	return parts;
}

void
aicode_append_part(GString *s, const AicodeInput *in, const ChunkPart *p, guint i, guint count,
		   bool numbered)
{
	if (count > 1) {
		g_string_append_printf(s, "This is part %u of %u of %s; the other parts are sent "
				       "separately.", i + 1, count, in->name);
		if (p->ctx_first < p->first_line)
			g_string_append_printf(s, " Lines %u-%u repeat the end of the previous part "
					       "for context.", p->ctx_first, p->first_line - 1);
		g_string_append(s, "\n");
	}
	aicode_append_code(s, in, in->range_off + p->ctx_offset, p->offset + p->len - p->ctx_offset,
			   p->ctx_first, p->last_line, numbered);
}

/* ---- map and reduce ------------------------------------------------------------------------ */

typedef struct {
	char *label; /* "lines 1-200" */
	char *text;
} Note;

static void
note_free(gpointer p)
{
	Note *n = p;
	g_free(n->label);
	g_free(n->text);
	g_free(n);
}

static char *
reduce_message(const char *what, GPtrArray *notes, guint from, guint to)
{
	GString *s = g_string_new(NULL);
	g_string_append_printf(s, "Below are %s written separately for consecutive parts of one "
			       "input, in order.\n", what);
	for (guint i = from; i < to; i++) {
		const Note *n = notes->pdata[i];
		g_string_append_printf(s, "\n----- part %u of %u (%s) -----\n%s\n", i - from + 1,
				       to - from, n->label, n->text);
	}
	return g_string_free(s, FALSE);
}

static char *
span_label(GPtrArray *notes, guint from, guint to)
{
	const Note *a = notes->pdata[from], *b = notes->pdata[to - 1];
	const char *dash_a = strrchr(a->label, '-'), *dash_b = strrchr(b->label, '-');
	if (dash_a == NULL || dash_b == NULL || from + 1 == to)
		return g_strdup(a->label);
	return g_strdup_printf("%.*s%s", (int)(dash_a - a->label), a->label, dash_b);
}

static int64_t
notes_tokens(const char *what, GPtrArray *notes, guint from, guint to)
{
	g_autofree char *m = reduce_message(what, notes, from, to);
	return chunk_tokens(m, strlen(m));
}

/* Ask for notes[from, to) combined into one. */
static int
combine(Aicode *a, PromptId reduce, const char *what, GPtrArray *notes, guint from, guint to,
	Note *n, AurError **err)
{
	g_autofree char *m = reduce_message(what, notes, from, to);
	term_message(TERM_MSG_INFO, "%s: combining the %s of %s", a->cmd->name, what, n->label);
	int rc = aicode_ask(a, reduce, m, false, false, &n->text, err);
	if (rc == 0 && n->text == NULL) {
		aur_error_set(err, AUR_ERR_MODEL, "Try again, or another model with --model.",
			      "%s gave an empty answer", a->last.model);
		rc = 7;
	}
	return rc;
}

/* One round: consecutive notes that fit one request together are combined; when no two
 * do, each note is condensed on its own (condense). */
static int
combine_round(Aicode *a, PromptId reduce, const char *what, GPtrArray *notes, int64_t room,
	      bool condense, GPtrArray *next, AurError **err)
{
	for (guint from = 0; from < notes->len;) {
		guint to = from + 1;
		while (to < notes->len && notes_tokens(what, notes, from, to + 1) <= room)
			to++;
		Note *n = g_new0(Note, 1);
		n->label = span_label(notes, from, to);
		g_ptr_array_add(next, n);
		if (to == from + 1 && (!condense || notes_tokens(what, notes, from, to) > room))
			n->text = g_strdup(((Note *)notes->pdata[from])->text);
		else if (combine(a, reduce, what, notes, from, to, n, err) != 0)
			return aur_error_exit_code((*err)->category);
		from = to;
	}
	return 0;
}

/* Combine the notes, hierarchically, until one request can take them all. */
static int
shrink_notes(Aicode *a, PromptId reduce, const char *what, GPtrArray **notes, AurError **err)
{
	int64_t room = aicode_room(a, reduce, 0, err);
	if (room == 0)
		return aur_error_exit_code((*err)->category);
	for (int round = 0; round < 4; round++) {
		int64_t before = notes_tokens(what, *notes, 0, (*notes)->len);
		if (before <= room)
			return 0;
		GPtrArray *next = g_ptr_array_new_with_free_func(note_free);
		int rc = combine_round(a, reduce, what, *notes, room, false, next, err);
		if (rc == 0 && next->len == (*notes)->len) { /* no two fit together: condense each */
			g_ptr_array_set_size(next, 0);
			rc = combine_round(a, reduce, what, *notes, room, true, next, err);
		}
		g_ptr_array_unref(*notes);
		*notes = next;
		if (rc != 0)
			return rc;
		if (notes_tokens(what, *notes, 0, (*notes)->len) >= before)
			break;
	}
	aur_error_set(err, AUR_ERR_INPUT, "Ask about a smaller range (FILE:START-END).",
		      "the answers for the parts are too large to combine in one request");
	return 6;
}

int
aicode_map_reduce(Aicode *a, const GArray *parts, AicodePartFn msg, void *data, PromptId whole,
		  PromptId part, PromptId reduce, const char *what, char **answer, AurError **err)
{
	*answer = NULL;
	if (parts->len == 1) {
		g_autofree char *m = msg(&g_array_index(parts, ChunkPart, 0), 0, 1, data);
		return aicode_ask(a, whole, m, !a->json && !a->hide_answer, false, answer, err);
	}
	g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func(note_free);
	for (guint i = 0; i < parts->len; i++) {
		const ChunkPart *p = &g_array_index(parts, ChunkPart, i);
		term_message(TERM_MSG_INFO, "%s: part %u of %u (lines %u-%u)", a->cmd->name, i + 1,
			     parts->len, p->first_line, p->last_line);
		g_autofree char *m = msg(p, i, parts->len, data);
		Note *n = g_new0(Note, 1);
		n->label = g_strdup_printf("lines %u-%u", p->first_line, p->last_line);
		g_ptr_array_add(notes, n);
		int rc = aicode_ask(a, part, m, false, false, &n->text, err);
		if (rc != 0)
			return rc;
		if (n->text == NULL)
			n->text = g_strdup("(no answer for this part)");
	}
	int rc = shrink_notes(a, reduce, what, &notes, err);
	if (rc != 0)
		return rc;
	g_autofree char *m = reduce_message(what, notes, 0, notes->len);
	return aicode_ask(a, reduce, m, !a->json && !a->hide_answer, false, answer, err);
}

/* ---- the end ------------------------------------------------------------------------------- */

void
aicode_footer(const Aicode *a)
{
	if (a->requests == 0 || term_quiet())
		return;
	if (a->requests == 1 && a->have_last) {
		oneshot_footer(&a->last);
		return;
	}
	g_autoptr(GString) s = g_string_new(NULL);
	for (guint i = 0; i < a->models->len; i++)
		g_string_append_printf(s, "%s%s", i ? " and " : "", (const char *)a->models->pdata[i]);
	if (s->len == 0)
		g_string_append(s, "no model");
	g_string_append_printf(s, ", %d requests", a->requests);
	if (a->cached > 0)
		g_string_append_printf(s, " (%d cached)", a->cached);
	g_string_append_printf(s, ", %" G_GINT64_FORMAT " in / %" G_GINT64_FORMAT " out tokens%s",
			       a->tokens_in, a->tokens_out, a->usage_missing ? " (some not reported)" : "");
	g_autofree char *total = oneshot_format_us(util_mono_us() - a->start_us);
	g_string_append_printf(s, ", total %s", total);
	fprintf(stderr, "%saurelis: %s%s\n", term_sgr(stderr, TERM_DIM), s->str, term_sgr(stderr, TERM_RESET));
}

static void
json_usage(const Aicode *a, cJSON *o)
{
	const char *model = a->have_last ? a->last.model : NULL;
	cJSON_AddItemToObject(o, "model", model ? cJSON_CreateString(model) : cJSON_CreateNull());
	cJSON *models = cJSON_AddArrayToObject(o, "models");
	for (guint i = 0; a->models && i < a->models->len; i++)
		cJSON_AddItemToArray(models, cJSON_CreateString(a->models->pdata[i]));
	cJSON_AddNumberToObject(o, "requests", a->requests);
	if (a->requests > 0 && !a->usage_missing) {
		cJSON *u = cJSON_AddObjectToObject(o, "usage");
		cJSON_AddNumberToObject(u, "prompt_tokens", (double)a->tokens_in);
		cJSON_AddNumberToObject(u, "completion_tokens", (double)a->tokens_out);
		cJSON_AddNumberToObject(u, "total_tokens", (double)(a->tokens_in + a->tokens_out));
	} else {
		cJSON_AddNullToObject(o, "usage");
	}
	cJSON_AddNumberToObject(o, "elapsed_ms", (double)(util_mono_us() - a->start_us) / 1000.0);
}

int
aicode_end(Aicode *a, int rc, const AurError *err, cJSON *json)
{
	bool broken = aiout_broken(a->out);
	if (json != NULL) {
		json_usage(a, json);
		if (rc != 0 && err != NULL) {
			cJSON *e = cJSON_AddObjectToObject(json, "error");
			cJSON_AddStringToObject(e, "category", aur_error_category_name(err->category));
			cJSON_AddStringToObject(e, "message", err->message);
			if (err->hint)
				cJSON_AddStringToObject(e, "hint", err->hint);
			cJSON_AddNumberToObject(e, "exit_status", rc);
		}
		char *s = cJSON_Print(json);
		puts(s);
		cJSON_free(s);
		cJSON_Delete(json);
		fflush(stdout);
	}
	aicode_footer(a);
	if (broken && rc == 130)
		return 0; /* the reader stopped reading: not a failure of ours */
	if (rc != 0 && err != NULL)
		aur_error_report(err);
	return rc;
}
