# SPDX-License-Identifier: MIT
# Terminal rendering and themes: display width, themes, the markdown renderer and its
# streaming and ANSI back ends, the render and theme commands, and their tests.
libaurelis_a_SOURCES += \
	src/textwidth.c src/textwidth.h \
	src/theme.c src/theme.h \
	src/cmd-render.c \
	src/cmd-theme.c \
	ui/render.c ui/render.h \
	ui/render-stream.c ui/render-stream.h \
	ui/render-ansi.c ui/render-ansi.h
