/* SPDX-License-Identifier: MIT */
/* Prints the SLASH COMMANDS section of aurelis(1) from the command table, or with --write
 * FILE puts it into the man page between its markers (`make man-slash` runs this). */
#include "autoconfig.h"

#include "commands.h"
#include "gen-section.h"

int
main(int argc, char **argv)
{
	static const ManSection where = { "SLASH COMMANDS", COMMANDS_MAN_BEGIN, COMMANDS_MAN_END,
					  "\n.SH OPTIONS\n" };
	g_autofree char *section = commands_man_section();
	return man_section_main(argc, argv, &where, section);
}
