# SPDX-License-Identifier: MIT
# The core library: everything except curses and readline.
libaurelis_a_SOURCES += \
	src/app.c src/app.h \
	src/cfgedit.c src/cfgedit.h \
	src/cli.c src/cli.h \
	src/cmdlist.c src/cmds.h \
	src/cmd-completion.c \
	src/cmd-config.c \
	src/cmd-init.c \
	src/cmd-version.c \
	src/config.c src/config.h \
	src/error.c src/error.h \
	src/fsutil.c src/fsutil.h \
	src/lazycurl.c src/lazycurl.h \
	src/log.c src/log.h \
	src/paths.c src/paths.h \
	src/term.c src/term.h \
	src/util.c src/util.h
