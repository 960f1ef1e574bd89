# SPDX-License-Identifier: MIT
# The interactive shell: slash commands shared by both faces, the conversation engine,
# OSC 52, the `shell` command and the readline line mode, with their tests and bench.
libaurelis_a_SOURCES += \
	src/face.c src/face.h \
	src/osc52.c src/osc52.h \
	src/convo.c src/convo.h \
	src/commands.c src/commands.h src/commands-handlers.h \
	src/commands-conv.c \
	src/commands-code.c \
	src/histfile.c src/histfile.h \
	src/cmd-shell.c \
	ui/line.c ui/line.h

# The SLASH COMMANDS section of man/aurelis.1 is generated from the command table;
# tests/unit/test-commands fails when the two differ.
noinst_PROGRAMS += man/gen-slash
man_gen_slash_SOURCES = man/gen-slash.c
man_gen_slash_LDADD = libaurelis.a $(ALL_LIBS)
man-slash: man/gen-slash$(EXEEXT)
	./man/gen-slash$(EXEEXT) --write $(srcdir)/man/aurelis.1
.PHONY: man-slash
