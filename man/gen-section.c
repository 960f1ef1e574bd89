/* SPDX-License-Identifier: MIT */
/* Print a generated section of aurelis(1), or splice it into the page. */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "fsutil.h"
#include "gen-section.h"

/* Replace the old section, or insert it before where->before the first time. */
static char *
splice(const char *page, const ManSection *where, const char *text)
{
	g_autofree char *end_line = g_strconcat(where->end_mark, "\n", NULL);
	const char *begin = strstr(page, where->begin_mark);
	const char *end = begin ? strstr(begin, end_line) : NULL;
	if (begin != NULL && end != NULL)
		end += strlen(end_line);
	else if ((begin = strstr(page, where->before)) != NULL)
		end = ++begin;
	else
		return NULL;
	return g_strdup_printf("%.*s%s%s", (int)(begin - page), page, text, end);
}

int
man_section_main(int argc, char **argv, const ManSection *where, const char *text)
{
	if (argc == 1) {
		fputs(text, stdout);
		return 0;
	}
	if (argc != 3 || strcmp(argv[1], "--write") != 0) {
		fprintf(stderr, "usage: %s [--write MANPAGE]\n", argv[0]);
		return 2;
	}
	g_autoptr(AurError) e = NULL;
	g_autofree char *page = fs_read_file(argv[2], 1 << 20, NULL, &e);
	g_autofree char *out = page ? splice(page, where, text) : NULL;
	if (out == NULL) {
		if (e != NULL)
			fprintf(stderr, "%s: %s\n", argv[2], e->message);
		else
			fprintf(stderr, "%s: no place for %s\n", argv[2], where->title);
		return 1;
	}
	if (strcmp(out, page) == 0)
		return 0;
	if (!fs_write_atomic(argv[2], out, strlen(out), 0644, &e)) {
		fprintf(stderr, "%s\n", e->message);
		return 1;
	}
	printf("updated %s in %s\n", where->title, argv[2]);
	return 0;
}
