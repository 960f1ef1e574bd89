/* SPDX-License-Identifier: MIT */
/* Prints the KEY BINDINGS section of aurelis(1) from the action table, or with --write FILE
 * puts it into the man page between its markers (`make man-keys` runs this). */
#include "autoconfig.h"

#include "gen-section.h"
#include "keymap.h"

int
main(int argc, char **argv)
{
	static const ManSection where = { "KEY BINDINGS", KEYMAP_MAN_BEGIN, KEYMAP_MAN_END,
					  "\n.SH ENVIRONMENT\n" };
	g_autoptr(KeyBindings) km = keymap_new_default();
	g_autofree char *section = keymap_man_section(km);
	return man_section_main(argc, argv, &where, section);
}
