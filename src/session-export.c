/* SPDX-License-Identifier: MIT */
/* Session export: Markdown with verbatim code blocks, and one documented JSON object. */
#include "autoconfig.h"

#include <string.h>

#include "session-export.h"
#include "util.h"

bool
session_export_format_parse(const char *name, SessionExportFormat *out)
{
	if (g_strcmp0(name, "md") == 0 || g_strcmp0(name, "markdown") == 0)
		*out = SESSION_EXPORT_MARKDOWN;
	else if (g_strcmp0(name, "json") == 0)
		*out = SESSION_EXPORT_JSON;
	else
		return false;
	return true;
}

/* ---- JSON --------------------------------------------------------------------------------- */

static void
add_time(cJSON *o, const char *key, int64_t ms)
{
	if (ms <= 0) {
		cJSON_AddNullToObject(o, key);
		return;
	}
	g_autofree char *t = util_rfc3339_ms(ms);
	cJSON_AddStringToObject(o, key, t);
}

static void
add_opt_str(cJSON *o, const char *key, const char *value)
{
	if (value != NULL)
		cJSON_AddStringToObject(o, key, value);
	else
		cJSON_AddNullToObject(o, key);
}

static void
add_opt_num(cJSON *o, const char *key, int64_t value)
{
	if (value >= 0)
		cJSON_AddNumberToObject(o, key, (double)value);
	else
		cJSON_AddNullToObject(o, key);
}

static cJSON *
turn_object(const SessionTurn *t)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "n", t->n);
	add_time(o, "started", t->started_ms);
	add_time(o, "finished", t->finished_ms);
	add_opt_str(o, "model", t->model);
	add_opt_num(o, "tokens_in", t->tokens_in);
	add_opt_num(o, "tokens_out", t->tokens_out);
	add_opt_num(o, "ttft_ms", t->ttft_ms);
	add_opt_num(o, "latency_ms", t->latency_ms);
	cJSON_AddBoolToObject(o, "cached", (t->flags & SESSION_TURN_CACHED) != 0);
	cJSON_AddBoolToObject(o, "cancelled", (t->flags & SESSION_TURN_CANCELLED) != 0);
	cJSON_AddBoolToObject(o, "fallback", (t->flags & SESSION_TURN_FALLBACK) != 0);
	cJSON_AddBoolToObject(o, "cut", (t->flags & SESSION_TURN_CUT) != 0);
	add_opt_str(o, "fallback_from", t->fallback_from);
	if (t->retry_of > 0)
		cJSON_AddNumberToObject(o, "retry_of", t->retry_of);
	cJSON_AddBoolToObject(o, "retried", (t->flags & SESSION_TURN_RETRIED) != 0);
	cJSON_AddStringToObject(o, "user", t->user);
	cJSON_AddStringToObject(o, "answer", t->answer);
	return o;
}

static cJSON *
files_array(const Session *s)
{
	cJSON *arr = cJSON_CreateArray();
	for (guint i = 0; i < session_n_files(s); i++) {
		const SessionFile *f = session_file(s, i);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "path", f->path);
		add_opt_str(o, "sha256", f->sha256[0] ? f->sha256 : NULL);
		cJSON_AddBoolToObject(o, "pinned", f->pinned);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static cJSON *
summaries_array(const Session *s)
{
	cJSON *arr = cJSON_CreateArray();
	for (guint i = 0; i < session_n_summaries(s); i++) {
		const SessionSummary *m = session_summary_at(s, i);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "upto", m->upto);
		add_opt_str(o, "model", m->model);
		add_time(o, "created", m->created_ms);
		cJSON_AddStringToObject(o, "text", m->text);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

cJSON *
session_export_json(const Session *s)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "format", "aurelis-session");
	cJSON_AddNumberToObject(o, "version", SESSION_FORMAT_VERSION);
	cJSON_AddStringToObject(o, "id", session_id(s));
	add_opt_str(o, "name", session_name(s));
	cJSON_AddStringToObject(o, "project", session_project(s));
	add_opt_str(o, "model", session_model(s));
	add_time(o, "created", session_created_ms(s));
	add_time(o, "updated", session_updated_ms(s));
	cJSON_AddNumberToObject(o, "cleared_after", session_cleared_after(s));
	cJSON_AddItemToObject(o, "files", files_array(s));
	cJSON_AddItemToObject(o, "summaries", summaries_array(s));
	cJSON *turns = cJSON_AddArrayToObject(o, "turns");
	for (guint i = 0; i < session_n_turns(s); i++)
		cJSON_AddItemToArray(turns, turn_object(session_turn(s, i)));
	return o;
}

/* ---- Markdown ------------------------------------------------------------------------------ */

/* A fence line: up to three spaces, then three or more ` or ~.  Returns the run length
 * and sets *ch, or 0. */
static size_t
fence_run(const char *line, size_t len, char *ch, const char **rest)
{
	size_t i = 0;
	while (i < len && i < 3 && line[i] == ' ')
		i++;
	if (i >= len || (line[i] != '`' && line[i] != '~'))
		return 0;
	char c = line[i];
	size_t run = 0;
	while (i + run < len && line[i + run] == c)
		run++;
	if (run < 3)
		return 0;
	*ch = c;
	*rest = line + i + run;
	return run;
}

static bool
blank(const char *p, const char *end)
{
	for (; p < end; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return false;
	return true;
}

char *
session_export_close_fences(const char *text)
{
	char open_ch = 0;
	size_t open_run = 0;
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char ch = 0;
		const char *rest = p;
		size_t run = fence_run(p, len, &ch, &rest);
		if (run > 0 && open_run == 0) {
			/* A backtick fence's info string may not hold backticks (CommonMark). */
			if (ch != '`' || memchr(rest, '`', (size_t)(p + len - rest)) == NULL) {
				open_ch = ch;
				open_run = run;
			}
		} else if (run > 0 && run >= open_run && ch == open_ch && blank(rest, p + len)) {
			open_run = 0;
		}
		p += len + (nl != NULL);
	}
	if (open_run == 0)
		return g_strdup(text);
	g_autofree char *fence = g_strnfill(open_run, open_ch);
	size_t tl = strlen(text);
	return g_strconcat(text, tl && text[tl - 1] != '\n' ? "\n" : "", fence, NULL);
}

static char *
when(int64_t ms)
{
	if (ms <= 0)
		return g_strdup("unknown time");
	g_autofree char *t = util_rfc3339_ms(ms);
	t[10] = ' ';
	t[16] = '\0';
	return g_strdup_printf("%s UTC", t);
}

static void
append_block(GString *out, const char *text)
{
	g_autofree char *closed = session_export_close_fences(text);
	g_string_append(out, closed);
	if (out->len > 0 && out->str[out->len - 1] != '\n')
		g_string_append_c(out, '\n');
	g_string_append_c(out, '\n');
}

/* "2026-11-27 04:00 UTC · openai/gpt-4.1 · 1.8 s · 350 → 820 tokens · cached" */
static void
turn_meta(GString *out, const SessionTurn *t)
{
	g_autofree char *w = when(t->finished_ms);
	g_string_append_printf(out, "*%s", w);
	if (t->model != NULL)
		g_string_append_printf(out, " · %s", t->model);
	if (t->latency_ms >= 0)
		g_string_append_printf(out, " · %.1f s", (double)t->latency_ms / 1000.0);
	if (t->tokens_in >= 0 && t->tokens_out >= 0)
		g_string_append_printf(out, " · %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT " tokens",
				       t->tokens_in, t->tokens_out);
	if (t->flags & SESSION_TURN_CACHED)
		g_string_append(out, " · cached");
	if (t->flags & SESSION_TURN_FALLBACK)
		g_string_append_printf(out, " · fallback from %s",
				       t->fallback_from ? t->fallback_from : "another model");
	if (t->flags & SESSION_TURN_CANCELLED)
		g_string_append(out, " · cancelled");
	if (t->flags & SESSION_TURN_CUT)
		g_string_append(out, " · cut short at the length limit");
	if (t->retry_of > 0)
		g_string_append_printf(out, " · asks turn %u again", t->retry_of);
	if (t->flags & SESSION_TURN_RETRIED)
		g_string_append(out, " · asked again later");
	g_string_append(out, "*\n\n");
}

static void
markdown_header(GString *out, const Session *s)
{
	g_autofree char *created = when(session_created_ms(s));
	g_autofree char *updated = when(session_updated_ms(s));
	g_string_append_printf(out, "# %s\n\n", session_name(s) ? session_name(s) : session_id(s));
	g_string_append_printf(out, "- Session: `%s`\n- Project: `%s`\n", session_id(s),
			       session_project(s));
	if (session_model(s) != NULL)
		g_string_append_printf(out, "- Model: `%s`\n", session_model(s));
	g_string_append_printf(out, "- Created: %s; last activity: %s\n", created, updated);
	for (guint i = 0; i < session_n_files(s); i++) {
		const SessionFile *f = session_file(s, i);
		g_string_append_printf(out, "%s`%s`%s", i ? ", " : "- Context files: ", f->path,
				       f->pinned ? " (pinned)" : "");
	}
	g_string_append(out, session_n_files(s) ? "\n\n" : "\n");
}

static void
markdown_summaries_after(GString *out, const Session *s, guint n)
{
	for (guint i = 0; i < session_n_summaries(s); i++) {
		const SessionSummary *m = session_summary_at(s, i);
		if (m->upto != n)
			continue;
		g_string_append_printf(out, "## Summary of turns 1-%u\n\n", m->upto);
		append_block(out, m->text);
	}
	if (session_cleared_after(s) == n && n > 0)
		g_string_append(out, "---\n\n*The conversation was cleared here; the turns above "
				     "are no longer sent to the model.*\n\n");
}

char *
session_export_markdown(const Session *s)
{
	GString *out = g_string_sized_new(4096);
	markdown_header(out, s);
	for (guint i = 0; i < session_n_turns(s); i++) {
		const SessionTurn *t = session_turn(s, i);
		g_string_append_printf(out, "## Turn %u\n\n", t->n);
		turn_meta(out, t);
		g_string_append(out, "### You\n\n");
		append_block(out, t->user);
		g_string_append_printf(out, "### %s\n\n", t->model ? t->model : "Answer");
		append_block(out, *t->answer ? t->answer : "*(no answer)*");
		markdown_summaries_after(out, s, t->n);
	}
	/* Summaries of turns this file no longer holds still belong in the record. */
	for (guint i = 0; i < session_n_summaries(s); i++) {
		const SessionSummary *m = session_summary_at(s, i);
		bool shown = false;
		for (guint j = 0; j < session_n_turns(s) && !shown; j++)
			shown = session_turn(s, j)->n == m->upto;
		if (!shown) {
			g_string_append_printf(out, "## Summary of turns 1-%u\n\n", m->upto);
			append_block(out, m->text);
		}
	}
	while (out->len > 1 && out->str[out->len - 1] == '\n' && out->str[out->len - 2] == '\n')
		g_string_truncate(out, out->len - 1);
	return g_string_free(out, FALSE);
}

char *
session_export(const Session *s, SessionExportFormat fmt)
{
	if (fmt == SESSION_EXPORT_MARKDOWN)
		return session_export_markdown(s);
	cJSON *o = session_export_json(s);
	char *json = cJSON_Print(o);
	cJSON_Delete(o);
	char *out = g_strconcat(json, "\n", NULL);
	cJSON_free(json);
	return out;
}
