/* SPDX-License-Identifier: MIT */
/* The shared main() of the man-page section generators (gen-keys, gen-slash). */
#ifndef AURELIS_GEN_SECTION_H
#define AURELIS_GEN_SECTION_H

typedef struct {
	const char *title;      /* "KEY BINDINGS", for messages */
	const char *begin_mark; /* the comment lines that enclose the generated section */
	const char *end_mark;
	const char *before;     /* "\n.SH ENVIRONMENT\n": where it goes the first time */
} ManSection;

/* With no arguments print text; with --write MANPAGE put it into the page between the
 * marks (atomically, only when it changed).  Returns the exit status. */
int man_section_main(int argc, char **argv, const ManSection *where, const char *text);

#endif
