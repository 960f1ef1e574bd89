/* SPDX-License-Identifier: MIT */
/* What the core may call in the interface layer; no curses or readline types here. */
#ifndef AURELIS_UI_H
#define AURELIS_UI_H

/* "ncursesw 6.4.20221231, readline 8.2"; caller frees. */
char *ui_library_versions(void);

#endif
