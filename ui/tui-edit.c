/* SPDX-License-Identifier: MIT */
/* Proposed changes (diff, confirmation, backup, atomic write) and saving to files. */
#include "autoconfig.h"

#include <string.h>

#include "edit-diff.h"
#include "edit-write.h"
#include "edit.h"
#include "paths.h"
#include "tui-ask.h"
#include "tui-code.h"
#include "tui-edit.h"
#include "util.h"

/* Files larger than this are not edited from the interface. */
#define MAX_EDIT ((size_t)8 << 20)

struct TuiEdit {
	char *path;
	char *old_text;      /* NULL: the file does not exist */
	size_t old_len;
	char *new_text;
	size_t new_len;
	char *what;
	unsigned added, deleted;
	TuiWrittenFn written;
	void *data;
	GDestroyNotify free_data;
};

/* A copy of text[0..len) with a NUL after it (text need not have one). */
static void
edit_free(TuiEdit *e)
{
	if (e == NULL)
		return;
	if (e->free_data != NULL)
		e->free_data(e->data);
	g_free(e->path);
	g_free(e->old_text);
	g_free(e->new_text);
	g_free(e->what);
	g_free(e);
}

void
tui_edit_free(TuiApp *app)
{
	edit_free(g_steal_pointer(&app->edit));
}

bool
tui_edit_pending(TuiApp *app)
{
	return app->edit != NULL;
}

/* The file now: its text, or NULL with *missing when it does not exist. */
static char *
read_current(const char *path, size_t *len, bool *missing, AurError **err)
{
	AurError *e = NULL;
	*missing = false;
	char *text = edit_read_text(path, MAX_EDIT, len, &e);
	if (text == NULL && e->category == AUR_ERR_NOT_FOUND) {
		aur_error_free(e);
		*missing = true;
		*len = 0;
		return NULL;
	}
	if (text == NULL)
		*err = e;
	return text;
}

static void on_confirm(TuiApp *app, int choice, void *data);

bool
tui_edit_propose(TuiApp *app, const char *path, const char *text, size_t len, const char *what,
		 bool confirm, TuiWrittenFn written, void *data, GDestroyNotify free_data)
{
	/* A question about the change waiting now ends before that change goes. */
	if (tui_ask_is(app, on_confirm))
		tui_ask_cancel(app);
	TuiEdit *e = g_new0(TuiEdit, 1);
	e->path = paths_expand_home(path);
	e->what = g_strdup(what);
	e->written = written;
	e->data = data;
	e->free_data = free_data;
	g_autoptr(AurError) err = NULL;
	bool missing;
	e->old_text = read_current(e->path, &e->old_len, &missing, &err);
	if (e->old_text == NULL && !missing) {
		tui_notice(app, true, "%s", err->message);
		edit_free(e);
		return false;
	}
	if (!missing && e->old_len == len && memcmp(e->old_text, text, len) == 0) {
		tui_notice(app, false, "%s already holds %s: nothing to change", e->path, what);
		edit_free(e);
		return false;
	}
	e->new_text = util_memdup0(text, len);
	e->new_len = len;
	g_autofree char *a = g_strdup_printf("a/%s", path);
	g_autofree char *b = g_strdup_printf("b/%s", path);
	EditDiffOpts o = { a, b, 3, missing, 0 };
	EditDiff *d = edit_diff_new(e->old_text ? e->old_text : "", e->old_len, text, len, &o);
	e->added = d->added;
	e->deleted = d->deleted;
	tui_edit_free(app);
	app->edit = e;
	g_autofree char *title = g_strdup_printf("%s%s \xc2\xb7 +%u \xe2\x88\x92%u", e->path,
						 missing ? " (new)" : "", d->added, d->deleted);
	tui_code_show_diff(app, title, d);
	edit_diff_free(d);
	if (confirm)
		tui_edit_confirm(app);
	else
		tui_notice(app, false, "the diff of %s is in the code preview; a writes it", what);
	return true;
}

/* ---- writing -------------------------------------------------------------------------------- */

static bool
write_file(TuiApp *app, const char *path, const char *text, size_t len, bool replace,
	   EditWriteResult *res)
{
	EditWriteOpts o = { .confirmed = replace, .create_dirs = true };
	g_autoptr(AurError) err = NULL;
	if (edit_write_file(path, text, len, &o, res, &err))
		return true;
	tui_notice(app, true, "%s%s%s", err->message, err->hint ? " \xe2\x80\x94 " : "",
		   err->hint ? err->hint : "");
	return false;
}

/* "wrote notes.txt (the old one: notes.txt.20261127-101500 in the backups)": the names the
 * user knows; the backup directory is in aurelis(1). */
static void
report_written(TuiApp *app, const char *shown, const EditWriteResult *res)
{
	g_autofree char *backup = res->backup ? g_path_get_basename(res->backup) : NULL;
	if (backup != NULL)
		tui_notice(app, false, "wrote %s (the old one is kept as %s in the backups)", shown,
			   backup);
	else
		tui_notice(app, false, "wrote %s", shown);
}

/* Has the file changed since the diff was made from it? */
static bool
stale(TuiEdit *e)
{
	size_t len = 0;
	bool missing;
	g_autoptr(AurError) err = NULL;
	g_autofree char *now = read_current(e->path, &len, &missing, &err);
	if (e->old_text == NULL)
		return !missing;
	return now == NULL || len != e->old_len || memcmp(now, e->old_text, len) != 0;
}

static void
on_confirm(TuiApp *app, int choice, void *data)
{
	TuiEdit *e = app->edit;
	if (e == NULL || e != data)
		return; /* replaced meanwhile */
	if (choice != 0) {
		tui_notice(app, false, "not written: %s is unchanged (a asks again)", e->path);
		return;
	}
	if (stale(e)) {
		tui_notice(app, true, "%s changed on disk since the diff was made; nothing written",
			   e->path);
		return;
	}
	EditWriteResult res = { 0 };
	if (!write_file(app, e->path, e->new_text, e->new_len, true, &res))
		return;
	report_written(app, e->path, &res);
	app->edit = NULL;
	if (e->written != NULL)
		e->written(app, res.path, e->data);
	g_autoptr(AurError) err = NULL;
	(void)tui_code_show_file(app, res.path, e->path, 0, &err);
	edit_write_result_clear(&res);
	edit_free(e);
}

void
tui_edit_confirm(TuiApp *app)
{
	TuiEdit *e = app->edit;
	if (e == NULL) {
		tui_notice(app, false, "no change is waiting: d diffs a block against a file, f asks "
				       "for a fix");
		return;
	}
	static const TuiChoice yes_no[] = { { 'y', "write it" }, { 'n', "no" } };
	g_autofree char *q = e->old_text == NULL
		? g_strdup_printf("Create %s with %s?", e->path, e->what)
		: g_strdup_printf("Write %s to %s (+%u \xe2\x88\x92%u; a backup is kept)?", e->what,
				  e->path, e->added, e->deleted);
	tui_ask(app, q, yes_no, 2, 1, on_confirm, e, NULL);
}

/* ---- saving --------------------------------------------------------------------------------- */

typedef struct {
	char *path;
	char *text;
	size_t len;
} Save;

static void
save_free(void *p)
{
	Save *s = p;
	g_free(s->path);
	g_free(s->text);
	g_free(s);
}

static void
on_replace(TuiApp *app, int choice, void *data)
{
	Save *s = data;
	if (choice != 0) {
		tui_notice(app, false, "not written: %s already exists", s->path);
		return;
	}
	EditWriteResult res = { 0 };
	if (write_file(app, s->path, s->text, s->len, true, &res))
		report_written(app, s->path, &res);
	edit_write_result_clear(&res);
}

void
tui_edit_save(TuiApp *app, const char *path, const char *text, size_t len)
{
	g_autofree char *full = paths_expand_home(path);
	if (g_file_test(full, G_FILE_TEST_IS_DIR)) {
		tui_notice(app, true, "%s is a directory: give a file name", full);
		return;
	}
	if (!g_file_test(full, G_FILE_TEST_EXISTS)) {
		EditWriteResult res = { 0 };
		if (write_file(app, full, text, len, false, &res))
			report_written(app, full, &res);
		edit_write_result_clear(&res);
		return;
	}
	Save *s = g_new0(Save, 1);
	s->path = g_steal_pointer(&full);
	s->text = util_memdup0(text, len);
	s->len = len;
	static const TuiChoice yes_no[] = { { 'y', "replace it" }, { 'n', "no" } };
	g_autofree char *q = g_strdup_printf("%s exists. Replace it (a backup is kept)?", s->path);
	tui_ask(app, q, yes_no, 2, 1, on_replace, s, save_free);
}
