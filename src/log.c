/* SPDX-License-Identifier: MIT */
/* JSON-lines log: correlation ids, redaction before writing, size-based rotation. */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "log.h"
#include "rotfile.h"
#include "util.h"

/*
 * Every line is built in memory, redacted as a whole, and handed to rotfile, which writes
 * it with one write() under flock() and rotates under the same lock, so lines from several
 * threads or processes never interleave and a file rotated by another process is followed.
 */

static struct {
	GMutex lock;
	RotFile file;
	LogLevel level;
	bool to_stderr;
	bool include_content;
	char *token;
} L = { .file = ROTFILE_INIT("aurelis.log"), .level = LOG_INFO };

static GPrivate current_cid = G_PRIVATE_INIT(g_free);

static const char *const level_names[] = { "debug", "info", "warn", "error" };

LogLevel
log_level_from_name(const char *name)
{
	for (int i = 0; i < 4; i++)
		if (g_strcmp0(name, level_names[i]) == 0)
			return (LogLevel)i;
	return LOG_INFO;
}

void
log_init(const LogOptions *opts)
{
	g_mutex_lock(&L.lock);
	rotfile_set(&L.file, opts->path, opts->max_bytes, opts->keep);
	L.level = opts->level;
	L.to_stderr = opts->to_stderr;
	L.include_content = opts->include_content;
	g_mutex_unlock(&L.lock);
}

void
log_options_from_config(const AurConfig *cfg, LogOptions *opts, char **path_out)
{
	memset(opts, 0, sizeof *opts);
	opts->level = log_level_from_name(config_get_string(cfg, "log.level"));
	opts->include_content = config_get_bool(cfg, "log.include_content");
	char *p = config_get_path(cfg, "log.file");
	if (p != NULL && *p == '\0') {
		g_free(p);
		p = NULL;
	}
	*path_out = p;
	opts->path = p;
}

void
log_set_stderr(bool on)
{
	g_mutex_lock(&L.lock);
	L.to_stderr = on;
	g_mutex_unlock(&L.lock);
}

bool
log_include_content(void)
{
	return L.include_content;
}

void
log_remember_token(const char *token)
{
	g_mutex_lock(&L.lock);
	util_secure_free(L.token);
	L.token = token && *token ? g_strdup(token) : NULL;
	g_mutex_unlock(&L.lock);
}

void
log_forget_token(void)
{
	log_remember_token(NULL);
}

void
log_shutdown(void)
{
	g_mutex_lock(&L.lock);
	rotfile_clear(&L.file);
	util_secure_free(L.token);
	L.token = NULL;
	g_mutex_unlock(&L.lock);
}

/* ---- redaction ---------------------------------------------------------------------------- */

static bool
is_token_char(char c)
{
	return g_ascii_isalnum(c) || c == '_';
}

/* Length of a GitHub-token-shaped run at p, or 0. */
static size_t
token_shape_len(const char *p, const char *start)
{
	static const char *const prefixes[] = { "github_pat_", "ghp_", "gho_", "ghu_", "ghs_",
						"ghr_", NULL };
	if (p > start && is_token_char(p[-1]))
		return 0;
	for (size_t i = 0; prefixes[i] != NULL; i++) {
		size_t pl = strlen(prefixes[i]);
		if (strncmp(p, prefixes[i], pl) != 0)
			continue;
		size_t n = pl;
		while (is_token_char(p[n]))
			n++;
		return n - pl >= 8 ? n : 0;
	}
	return 0;
}

/* Length of an Authorization value or Bearer credential starting at p, or 0.  *keep is set
 * to how many bytes of the match to keep before [REDACTED]. */
static size_t
auth_len(const char *p, size_t *keep)
{
	if (g_ascii_strncasecmp(p, "bearer ", 7) == 0) {
		size_t n = 7;
		while (p[n] == ' ')
			n++;
		size_t v = n;
		while (p[n] != '\0' && !g_ascii_isspace(p[n]) && p[n] != '"' && p[n] != '\'' &&
		       p[n] != ',' && p[n] != '\\')
			n++;
		if (n == v)
			return 0;
		*keep = v;
		return n;
	}
	if (g_ascii_strncasecmp(p, "authorization", 13) == 0) {
		size_t n = 13;
		size_t sep = 0;
		while (p[n] == '"' || p[n] == ':' || p[n] == ' ' || p[n] == '=' || p[n] == '\\') {
			sep += p[n] == ':' || p[n] == '=';
			n++;
		}
		if (sep == 0)
			return 0;
		size_t v = n;
		while (p[n] != '\0' && p[n] != '"' && p[n] != '\n' && p[n] != '\r' && p[n] != '\\')
			n++;
		if (n == v)
			return 0;
		*keep = v;
		return n;
	}
	return 0;
}

char *
log_redact(const char *text)
{
	if (text == NULL)
		return NULL;
	GString *out = g_string_sized_new(strlen(text) + 16);
	g_mutex_lock(&L.lock);
	const char *tok = L.token;
	size_t toklen = tok ? strlen(tok) : 0;
	for (const char *p = text; *p != '\0';) {
		size_t n, keep = 0;
		if (toklen >= 4 && strncmp(p, tok, toklen) == 0) {
			g_string_append(out, "[REDACTED]");
			p += toklen;
		} else if ((n = token_shape_len(p, text)) > 0) {
			g_string_append(out, "[REDACTED]");
			p += n;
		} else if ((n = auth_len(p, &keep)) > 0) {
			g_string_append_len(out, p, (gssize)keep);
			g_string_append(out, "[REDACTED]");
			p += n;
		} else {
			g_string_append_c(out, *p++);
		}
	}
	g_mutex_unlock(&L.lock);
	return g_string_free(out, FALSE);
}

/* ---- correlation ids ---------------------------------------------------------------------- */

char *
log_new_cid(void)
{
	return g_strdup_printf("%08x%04x", g_random_int(), g_random_int() & 0xffff);
}

void
log_set_cid(const char *cid)
{
	g_private_replace(&current_cid, g_strdup(cid));
}

const char *
log_cid(void)
{
	return g_private_get(&current_cid);
}

/* ---- writing -------------------------------------------------------------------------------- */

void
log_event(LogLevel level, const char *event, cJSON *fields)
{
	if (level < L.level && !(L.to_stderr)) {
		cJSON_Delete(fields);
		return;
	}
	cJSON *obj = cJSON_CreateObject();
	g_autofree char *ts = util_rfc3339_ms(util_now_ms());
	cJSON_AddStringToObject(obj, "ts", ts);
	cJSON_AddStringToObject(obj, "level", level_names[level]);
	cJSON_AddStringToObject(obj, "event", event);
	const char *cid = log_cid();
	if (cid != NULL)
		cJSON_AddStringToObject(obj, "cid", cid);
	if (fields != NULL) {
		cJSON *it = fields->child;
		while (it != NULL) {
			cJSON *next = it->next;
			cJSON_DetachItemViaPointer(fields, it);
			cJSON_AddItemToObject(obj, it->string, it);
			it = next;
		}
		cJSON_Delete(fields);
	}
	char *raw = cJSON_PrintUnformatted(obj);
	cJSON_Delete(obj);
	if (raw == NULL)
		return;
	char *line = log_redact(raw);
	cJSON_free(raw);
	size_t len = strlen(line);
	line = g_realloc(line, len + 2);
	line[len++] = '\n';
	line[len] = '\0';
	g_mutex_lock(&L.lock);
	if (level >= L.level)
		(void)rotfile_append(&L.file, line, len);
	if (L.to_stderr)
		fputs(line, stderr);
	g_mutex_unlock(&L.lock);
	g_free(line);
}

void
log_msg(LogLevel level, const char *event, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g_autofree char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	cJSON *f = cJSON_CreateObject();
	cJSON_AddStringToObject(f, "msg", msg);
	log_event(level, event, f);
}

void
log_add_content(cJSON *fields, const char *name, const char *text)
{
	if (L.include_content && text != NULL)
		cJSON_AddStringToObject(fields, name, text);
}
