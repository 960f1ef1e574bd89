/* SPDX-License-Identifier: MIT */
/* libFuzzer target: SEARCH/REPLACE parsing and applying to fixed files, with invariants. */
#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "edit-diff.h"
#include "edit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The same program with LF endings, CRLF endings, no final newline, and a BOM. */
static const char *const files[] = {
	("#include <stdio.h>\n\nint\nmain(void)\n{\n\tint x = 1;\n\tif (x)\n\t\tputs(\"hi\");\n"
	 "\treturn 0;\n}\n"),
	"def f(x):\r\n    if x:\r\n        return 1\r\n    return 2\r\n\r\nprint(f(1))\r\n",
	"a\nb\n=======\nc\n  d\n\te",
	"\xEF\xBB\xBFtitle\n=====\n\ntext\n",
	"",
};

/* Invariants of a successful apply: valid UTF-8 without NUL, and a CRLF file's line
 * endings all stay CRLF. */
static void
check_result(const char *old, const EditResult *r)
{
	if (r->text == NULL)
		return;
	if (memchr(r->text, '\0', r->len) != NULL || !g_utf8_validate_len(r->text, r->len, NULL))
		abort();
	if (strstr(old, "\r\n") != NULL)
		for (size_t i = 0; i < r->len; i++)
			if (r->text[i] == '\n' && (i == 0 || r->text[i - 1] != '\r'))
				abort();
	EditDiff *d = edit_diff_new(old, strlen(old), r->text, r->len, NULL);
	if ((d->hunks == 0) != (strlen(old) == r->len && memcmp(old, r->text, r->len) == 0))
		abort();
	edit_diff_free(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	EditParsed *p = edit_parse((const char *)data, size);
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		AurError *err = NULL;
		EditResult *r = edit_apply(p, "f.c", files[i], strlen(files[i]), &err);
		if ((r->text == NULL) != (err != NULL))
			abort();
		check_result(files[i], r);
		aur_error_free(err);
		edit_result_free(r);
	}
	AurError *err = NULL; /* the file does not exist yet */
	EditResult *r = edit_apply(p, NULL, NULL, 0, &err);
	aur_error_free(err);
	edit_result_free(r);
	char *text = edit_problems_format(p->problems);
	g_free(text);
	edit_parsed_free(p);
	return 0;
}
