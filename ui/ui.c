/* SPDX-License-Identifier: MIT */
/* Interface-layer entry points used by the core. */
#include "autoconfig.h"

#include <glib.h>

#include "provide-curses.h"
#include "provide-readline.h"
#include "ui.h"

char *
ui_library_versions(void)
{
	return g_strdup_printf("%s, readline %s", curses_version(), rl_library_version);
}
