/* SPDX-License-Identifier: MIT */
/* What the terminal description says, for the core's diagnostics; no curses types here. */
#ifndef AURELIS_UI_TERM_H
#define AURELIS_UI_TERM_H

/* Colours the terminfo entry for term announces (its "colors" capability): 0 for none,
 * -1 when term is NULL, empty or not in the terminfo database.  Touches no terminal. */
int ui_term_colors(const char *term);

#endif
