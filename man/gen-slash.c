/* SPDX-License-Identifier: MIT */
/* Prints the SLASH COMMANDS section of aurelis(1) from the command table, or with --write
 * FILE puts it into the man page between its markers (`make man-slash` runs this). */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "fsutil.h"

/* Replace the old section, or insert it before OPTIONS the first time. */
static char *
splice(const char *page, const char *section)
{
	const char *begin = strstr(page, COMMANDS_MAN_BEGIN);
	const char *end = begin ? strstr(begin, COMMANDS_MAN_END "\n") : NULL;
	if (begin != NULL && end != NULL)
		end += strlen(COMMANDS_MAN_END "\n");
	else if ((begin = strstr(page, "\n.SH OPTIONS\n")) != NULL)
		end = ++begin;
	else
		return NULL;
	return g_strdup_printf("%.*s%s%s", (int)(begin - page), page, section, end);
}

int
main(int argc, char **argv)
{
	g_autofree char *section = commands_man_section();
	if (argc == 1) {
		fputs(section, stdout);
		return 0;
	}
	if (argc != 3 || strcmp(argv[1], "--write") != 0) {
		fprintf(stderr, "usage: %s [--write MANPAGE]\n", argv[0]);
		return 2;
	}
	g_autoptr(AurError) e = NULL;
	g_autofree char *page = fs_read_file(argv[2], 1 << 20, NULL, &e);
	g_autofree char *out = page ? splice(page, section) : NULL;
	if (out == NULL) {
		fprintf(stderr, "%s: %s\n", argv[2], e ? e->message : "no place for SLASH COMMANDS");
		return 1;
	}
	if (strcmp(out, page) == 0)
		return 0;
	if (!fs_write_atomic(argv[2], out, strlen(out), 0644, &e)) {
		fprintf(stderr, "%s\n", e->message);
		return 1;
	}
	printf("updated SLASH COMMANDS in %s\n", argv[2]);
	return 0;
}
