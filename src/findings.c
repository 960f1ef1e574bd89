/* SPDX-License-Identifier: MIT */
/* Reading findings documents (analysis results as JSON) for the interface. */
#include "autoconfig.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <glib-unix.h>

#include "findings.h"
#include "fsutil.h"

/*
 * /analyze runs `aurelis analyze --format json` as a child process and reads its output, so
 * the interface shows exactly what the command reports.  The child is spawned with GLib's
 * core spawn functions (not GIO, which would cost every command its load time) and read with
 * poll(); a cancel hook writes to a pipe in that poll set, and the child is then terminated.
 */

#define MAX_DOC (64u << 20)

void
finding_free(Finding *f)
{
	if (f == NULL)
		return;
	g_free(f->rule);
	g_free(f->file);
	g_free(f->message);
	g_free(f);
}

const char *
findings_severity_name(FindingSeverity s)
{
	static const char *const names[] = { "error", "warning", "info" };
	return s <= FINDING_INFO ? names[s] : "info";
}

/* A string member (the first of two names present), valid UTF-8, or NULL. */
static char *
member_text(const cJSON *obj, const char *name, const char *alt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	if (!cJSON_IsString(v) && alt != NULL)
		v = cJSON_GetObjectItemCaseSensitive(obj, alt);
	if (!cJSON_IsString(v) || v->valuestring == NULL)
		return NULL;
	return g_utf8_make_valid(v->valuestring, -1);
}

static int
member_int(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 1) || v->valuedouble > 1e9)
		return 0;
	return (int)v->valuedouble;
}

static FindingSeverity
severity_of(const char *s)
{
	if (s == NULL)
		return FINDING_INFO;
	if (g_ascii_strcasecmp(s, "error") == 0 || g_ascii_strcasecmp(s, "high") == 0)
		return FINDING_ERROR;
	if (g_ascii_strcasecmp(s, "warning") == 0 || g_ascii_strcasecmp(s, "medium") == 0)
		return FINDING_WARNING;
	return FINDING_INFO;
}

static Finding *
finding_from(const cJSON *obj)
{
	if (!cJSON_IsObject(obj))
		return NULL;
	char *message = member_text(obj, "message", NULL);
	if (message == NULL)
		return NULL;
	Finding *f = g_new0(Finding, 1);
	f->message = message;
	g_autofree char *sev = member_text(obj, "severity", "level");
	f->severity = severity_of(sev);
	f->rule = member_text(obj, "rule", "rule_id");
	if (f->rule == NULL)
		f->rule = g_strdup("");
	f->file = member_text(obj, "file", "path");
	if (f->file == NULL)
		f->file = g_strdup("");
	f->line = member_int(obj, "line");
	f->column = member_int(obj, "column");
	return f;
}

GPtrArray *
findings_parse_json(const char *text, size_t len, unsigned *skipped, char **root_dir,
		    AurError **err)
{
	if (skipped != NULL)
		*skipped = 0;
	if (root_dir != NULL)
		*root_dir = NULL;
	cJSON *root = cJSON_ParseWithLength(text, len);
	const cJSON *list = root;
	if (cJSON_IsObject(root)) {
		list = cJSON_GetObjectItemCaseSensitive(root, "findings");
		if (root_dir != NULL && cJSON_IsArray(list))
			*root_dir = member_text(root, "root", NULL);
	}
	if (!cJSON_IsArray(list)) {
		aur_error_set(err, AUR_ERR_INPUT,
			      "Findings are read from `aurelis analyze --format json` output: an array "
			      "of findings or an object with a \"findings\" array.",
			      root == NULL ? "the findings are not valid JSON"
					   : "the JSON holds no list of findings");
		cJSON_Delete(root);
		return NULL;
	}
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)finding_free);
	const cJSON *item;
	cJSON_ArrayForEach(item, list) {
		if (out->len >= FINDINGS_MAX) {
			if (skipped != NULL)
				(*skipped)++;
			continue;
		}
		Finding *f = finding_from(item);
		if (f != NULL)
			g_ptr_array_add(out, f);
		else if (skipped != NULL)
			(*skipped)++;
	}
	cJSON_Delete(root);
	return out;
}

/* ---- loading in the background ------------------------------------------------------------ */

FindingsRequest *
findings_request_new(const char *path, bool analyze)
{
	FindingsRequest *r = g_new0(FindingsRequest, 1);
	r->path = g_strdup(path);
	r->analyze = analyze;
	if (analyze)
		r->exe = g_file_read_link("/proc/self/exe", NULL);
	return r;
}

void
findings_request_free(void *p)
{
	FindingsRequest *r = p;
	if (r == NULL)
		return;
	g_free(r->path);
	g_free(r->exe);
	g_free(r);
}

void
findings_result_free(void *p)
{
	FindingsResult *r = p;
	if (r == NULL)
		return;
	if (r->findings != NULL)
		g_ptr_array_unref(r->findings);
	g_free(r->source);
	g_free(r->base_dir);
	g_free(r);
}

static void
wake_pipe(void *data)
{
	int fd = GPOINTER_TO_INT(data);
	if (write(fd, "x", 1) < 0) {
		/* Full: the reader wakes anyway. */
	}
}

/* Read from fd into buf; false at end of file. */
static bool
drain(int fd, GString *buf)
{
	char chunk[16384];
	ssize_t n = read(fd, chunk, sizeof chunk);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0)
		return false;
	if (buf->len < MAX_DOC)
		g_string_append_len(buf, chunk, n);
	return true;
}

/* Run argv, collecting stdout and stderr, until it exits or the job is cancelled.
 * Returns the wait status, or -1 (err set) when it could not run or was cancelled. */
static int
run_child(Job *job, char **argv, GString *out, GString *errs, AurError **err)
{
	int cancel[2];
	GPid pid;
	int fd_out, fd_err;
	g_autoptr(GError) ge = NULL;
	if (!g_unix_open_pipe(cancel, FD_CLOEXEC, NULL)) {
		aur_error_set(err, AUR_ERR_IO, NULL, "cannot create a pipe: %s", g_strerror(errno));
		return -1;
	}
	if (!g_spawn_async_with_pipes(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD |
				      G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL, &pid, NULL,
				      &fd_out, &fd_err, &ge)) {
		aur_error_set(err, AUR_ERR_IO, NULL, "cannot run %s: %s", argv[0], ge->message);
		close(cancel[0]);
		close(cancel[1]);
		return -1;
	}
	job_set_cancel_hook(job, wake_pipe, GINT_TO_POINTER(cancel[1]));
	bool open_out = true, open_err = true;
	while ((open_out || open_err) && !job_cancelled(job)) {
		struct pollfd p[3] = { { open_out ? fd_out : -1, POLLIN, 0 },
				       { open_err ? fd_err : -1, POLLIN, 0 },
				       { cancel[0], POLLIN, 0 } };
		if (poll(p, 3, -1) < 0 && errno != EINTR)
			break;
		if (p[0].revents && !drain(fd_out, out))
			open_out = false;
		if (p[1].revents && !drain(fd_err, errs))
			open_err = false;
	}
	job_set_cancel_hook(job, NULL, NULL);
	if (job_cancelled(job))
		kill(pid, SIGTERM);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	g_spawn_close_pid(pid);
	close(fd_out);
	close(fd_err);
	close(cancel[0]);
	close(cancel[1]);
	if (job_cancelled(job)) {
		aur_error_set(err, AUR_ERR_CANCELLED, NULL, "analysis cancelled");
		return -1;
	}
	return status;
}

/* The first line of what the command printed on stderr, without "aurelis: error: ". */
static char *
first_error_line(const GString *errs)
{
	g_autofree char *text = g_utf8_make_valid(errs->str, (gssize)errs->len);
	char *nl = strchr(text, '\n');
	if (nl != NULL)
		*nl = '\0';
	const char *p = g_str_has_prefix(text, "aurelis: error: ") ? text + 16 : text;
	return g_strdup(*p ? p : "it printed no error");
}

static char *
analyze(Job *job, const FindingsRequest *r, AurError **err)
{
	char *argv[] = { r->exe, (char *)"analyze", (char *)"--format", (char *)"json",
			 (char *)"--", r->path, NULL };
	if (r->exe == NULL) {
		aur_error_set(err, AUR_ERR_INTERNAL, NULL, "cannot find the aurelis binary");
		return NULL;
	}
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(GString) errs = g_string_new(NULL);
	int status = run_child(job, argv, out, errs, err);
	if (status < 0)
		return NULL;
	/* Exit status 1 only says that findings reached --fail-on. */
	if (!WIFEXITED(status) || (WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 1)) {
		g_autofree char *why = first_error_line(errs);
		aur_error_set(err, AUR_ERR_GENERIC, "Run `aurelis analyze PATH` in a shell to see "
						    "the whole message.",
			      "the analysis of %s failed: %s", r->path, why);
		return NULL;
	}
	return g_string_free(g_steal_pointer(&out), FALSE);
}

void
findings_job(Job *job, void *data)
{
	const FindingsRequest *r = data;
	AurError *err = NULL;
	size_t len = 0;
	g_autofree char *doc = r->analyze ? analyze(job, r, &err)
					  : fs_read_file(r->path, MAX_DOC, &len, &err);
	if (doc != NULL && r->analyze)
		len = strlen(doc);
	FindingsResult *res = g_new0(FindingsResult, 1);
	if (doc != NULL)
		res->findings = findings_parse_json(doc, len, &res->skipped, &res->base_dir, &err);
	if (res->findings == NULL) {
		findings_result_free(res);
		job_fail(job, err);
		return;
	}
	res->source = g_strdup(r->path);
	/* Relative names are relative to the document's root, else to where it lies. */
	if (res->base_dir == NULL && !r->analyze)
		res->base_dir = g_path_get_dirname(r->path);
	job_emit_result(job, res, findings_result_free);
}
