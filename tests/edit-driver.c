/* SPDX-License-Identifier: MIT */
/* Test driver for the edit pipeline: runs it end to end on real files for the shell tests. */
#include "autoconfig.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "edit-diff.h"
#include "edit-fence.h"
#include "edit-testname.h"
#include "edit-write.h"
#include "edit.h"
#include "fsutil.h"
#include "term.h"

/*
 * Usage (exit status as Aurelis's: 0 ok, 1 declined, 2 usage, 5 not found, 6 input, 7 model):
 *   edit-driver apply FILE ANSWER [--yes] [--dry-run]  parse, apply, show the diff, ask,
 *                                               write (--dry-run: stop after the diff)
 *   edit-driver write PATH CONTENT [--yes] [--create-dirs] [--slow MARK]
 *   edit-driver blocks ANSWER [LANG]            list code blocks, print the chosen one
 *   edit-driver diff OLD NEW [CONTEXT]          unified diff of two files
 *   edit-driver confirm QUESTION [--yes]        ask on the terminal
 *   edit-driver testname SOURCE [LANG [FRAMEWORK]]
 * --slow MARK creates the file MARK once a quarter of the data is written, then stalls,
 * so a test can kill the process in the middle of the write.
 */

static const char *slow_mark;

static void
stall(size_t written, size_t total)
{
	if (written < total / 4)
		return;
	int fd = open(slow_mark, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0)
		close(fd);
	sleep(60);
}

static bool
has_flag(int argc, char **argv, const char *flag)
{
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], flag) == 0)
			return true;
	return false;
}

static const char *
flag_value(int argc, char **argv, const char *flag)
{
	for (int i = 0; i + 1 < argc; i++)
		if (strcmp(argv[i], flag) == 0)
			return argv[i + 1];
	return NULL;
}

static int
fail(AurError *err)
{
	int code = aur_error_report(err);
	aur_error_free(err);
	return code;
}

/* Show the diff, ask, write: the tail of every editing command. */
static int
confirm_and_write(int argc, char **argv, const char *old, size_t old_len, const EditResult *r)
{
	AurError *err = NULL;
	g_autofree char *a = g_strdup_printf("a/%s", argv[2]);
	g_autofree char *b = g_strdup_printf("b/%s", argv[2]);
	EditDiffOpts o = { .old_label = a, .new_label = b, .context = 3, .old_missing = old == NULL };
	EditDiff *d = edit_diff_new(old, old_len, r->text, r->len, &o);
	edit_diff_write(stdout, d, NULL, NULL);
	fflush(stdout);
	edit_diff_free(d);
	if (has_flag(argc, argv, "--dry-run"))
		return 0;
	EditConfirm c = edit_write_confirm("Apply?", has_flag(argc, argv, "--yes"), &err);
	if (c == EDIT_CONFIRM_ERROR)
		return fail(err);
	if (c == EDIT_CONFIRM_NO) {
		fprintf(stderr, "not applied\n");
		return 1;
	}
	EditWriteOpts wo = { .confirmed = true };
	EditWriteResult wr = { 0 };
	if (!edit_write_file(argv[2], r->text, r->len, &wo, &wr, &err))
		return fail(err);
	fprintf(stderr, "wrote %s%s%s\n", wr.path, wr.backup ? ", backup " : "",
		wr.backup ? wr.backup : "");
	edit_write_result_clear(&wr);
	return 0;
}

static int
run_apply(int argc, char **argv)
{
	AurError *err = NULL;
	size_t old_len = 0, alen = 0;
	g_autofree char *old = edit_read_text(argv[2], 0, &old_len, &err);
	if (old == NULL && err->category != AUR_ERR_NOT_FOUND)
		return fail(err);
	g_clear_pointer(&err, aur_error_free);
	g_autofree char *answer = fs_read_file(argv[3], 1 << 24, &alen, &err);
	if (answer == NULL)
		return fail(err);
	EditParsed *p = edit_parse(answer, alen);
	EditResult *r = edit_apply(p, argv[2], old, old_len, &err);
	int code;
	if (r->text == NULL) {
		g_autofree char *problems = edit_problems_format(r->problems);
		fputs(problems, stderr);
		code = fail(err);
	} else {
		code = confirm_and_write(argc, argv, old, old_len, r);
	}
	edit_result_free(r);
	edit_parsed_free(p);
	return code;
}

static int
run_write(int argc, char **argv)
{
	AurError *err = NULL;
	size_t len = 0;
	g_autofree char *data = fs_read_file(argv[3], (size_t)1 << 30, &len, &err);
	if (data == NULL)
		return fail(err);
	slow_mark = flag_value(argc, argv, "--slow");
	if (slow_mark != NULL)
		fs_set_write_hook(stall);
	EditWriteOpts o = {
		.confirmed = has_flag(argc, argv, "--yes"),
		.create_dirs = has_flag(argc, argv, "--create-dirs"),
	};
	EditWriteResult r = { 0 };
	if (!edit_write_file(argv[2], data, len, &o, &r, &err))
		return fail(err);
	printf("%s\n%s\n", r.path, r.backup != NULL ? r.backup : "-");
	edit_write_result_clear(&r);
	return 0;
}

static int
run_blocks(int argc, char **argv)
{
	AurError *err = NULL;
	size_t len = 0;
	g_autofree char *answer = fs_read_file(argv[2], 1 << 24, &len, &err);
	if (answer == NULL)
		return fail(err);
	g_autoptr(GPtrArray) fences = edit_fence_extract(answer, len);
	for (guint i = 0; i < fences->len; i++) {
		const EditFence *f = fences->pdata[i];
		fprintf(stderr, "%u %s %u-%u %s\n", i + 1, f->lang ? f->lang : "-", f->start_line,
			f->end_line, f->complete ? "complete" : "cut");
	}
	const EditFence *pick = edit_fence_pick(fences, argc > 3 ? argv[3] : NULL, &err);
	if (pick == NULL)
		return fail(err);
	fputs(pick->text, stdout);
	return 0;
}

static int
run_diff(int argc, char **argv)
{
	AurError *err = NULL;
	size_t la = 0, lb = 0;
	g_autofree char *a = fs_read_file(argv[2], 1 << 28, &la, &err);
	g_autofree char *b = a != NULL ? fs_read_file(argv[3], 1 << 28, &lb, &err) : NULL;
	if (b == NULL)
		return fail(err);
	EditDiffOpts o = { .old_label = argv[2], .new_label = argv[3],
			   .context = argc > 4 ? (unsigned)atoi(argv[4]) : 3 };
	EditDiff *d = edit_diff_new(a, la, b, lb, &o);
	g_autofree char *text = edit_diff_to_text(d);
	fwrite(text, 1, strlen(text), stdout);
	int code = d->hunks > 0;
	edit_diff_free(d);
	return code;
}

static int
run_confirm(int argc, char **argv)
{
	AurError *err = NULL;
	EditConfirm c = edit_write_confirm(argv[2], has_flag(argc, argv, "--yes"), &err);
	if (c == EDIT_CONFIRM_ERROR)
		return fail(err);
	printf("%s\n", c == EDIT_CONFIRM_YES ? "yes" : "no");
	return c == EDIT_CONFIRM_YES ? 0 : 1;
}

static int
run_testname(int argc, char **argv)
{
	AurError *err = NULL;
	g_autofree char *name = edit_testname(argv[2], argc > 3 ? argv[3] : NULL,
					      argc > 4 ? argv[4] : NULL, &err);
	if (name == NULL)
		return fail(err);
	printf("%s\n", name);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int min_args;
		int (*run)(int, char **);
	} cmds[] = {
		{ "apply", 4, run_apply }, { "write", 4, run_write }, { "blocks", 3, run_blocks },
		{ "diff", 4, run_diff }, { "confirm", 3, run_confirm },
		{ "testname", 3, run_testname },
	};
	term_init(true, false);
	for (size_t i = 0; argc > 1 && i < G_N_ELEMENTS(cmds); i++)
		if (strcmp(argv[1], cmds[i].name) == 0 && argc >= cmds[i].min_args)
			return cmds[i].run(argc, argv);
	fprintf(stderr, "usage: edit-driver apply|write|blocks|diff|confirm|testname ...\n");
	return 2;
}
