# SPDX-License-Identifier: MIT
# The interface layer: the only code that includes curses or readline.
libaurelis_a_SOURCES += \
	ui/provide-curses.h ui/provide-readline.h \
	ui/ui.c ui/ui.h
