/* SPDX-License-Identifier: MIT */
/* Reading keys through curses and naming them the way key bindings do. */
#include "autoconfig.h"

#include <string.h>

#include <glib.h>

#include "provide-curses.h"
#include "tui-keys.h"

/*
 * curses returns characters (wint_t) and function-key codes.  Modified cursor keys (C-Left,
 * S-Up, M-PageDown) have no fixed codes: ncurses makes up codes above KEY_MAX for the
 * terminal's extended capabilities kLFT5, kUP2 and so on, so we ask it for those codes
 * once and remember which key and modifiers each stands for.
 */

#define PASTE_BEGIN (KEY_MAX + 1)
#define PASTE_END (KEY_MAX + 2)

static const struct {
	int code;
	KeyCode key;
} fkeys[] = {
	{ KEY_UP, KEYSYM_UP }, { KEY_DOWN, KEYSYM_DOWN }, { KEY_LEFT, KEYSYM_LEFT },
	{ KEY_RIGHT, KEYSYM_RIGHT }, { KEY_HOME, KEYSYM_HOME }, { KEY_END, KEYSYM_END },
	{ KEY_PPAGE, KEYSYM_PAGEUP }, { KEY_NPAGE, KEYSYM_PAGEDOWN }, { KEY_IC, KEYSYM_INSERT },
	{ KEY_DC, KEYSYM_DELETE }, { KEY_BTAB, KEYSYM_BTAB }, { KEY_BACKSPACE, KEY_BS_CODE },
	{ KEY_ENTER, KEY_ENTER_CODE }, { KEY_SR, KEYSYM_UP | KEY_SHIFT },
	{ KEY_SF, KEYSYM_DOWN | KEY_SHIFT }, { KEY_SLEFT, KEYSYM_LEFT | KEY_SHIFT },
	{ KEY_SRIGHT, KEYSYM_RIGHT | KEY_SHIFT }, { KEY_SHOME, KEYSYM_HOME | KEY_SHIFT },
	{ KEY_SEND, KEYSYM_END | KEY_SHIFT }, { KEY_SDC, KEYSYM_DELETE | KEY_SHIFT },
	{ KEY_A1, KEYSYM_HOME }, { KEY_C1, KEYSYM_END }, { KEY_A3, KEYSYM_PAGEUP },
	{ KEY_C3, KEYSYM_PAGEDOWN },
};

static const struct {
	const char *cap;
	KeyCode key;
} extended[] = {
	{ "kUP", KEYSYM_UP }, { "kDN", KEYSYM_DOWN }, { "kLFT", KEYSYM_LEFT },
	{ "kRIT", KEYSYM_RIGHT }, { "kHOM", KEYSYM_HOME }, { "kEND", KEYSYM_END },
	{ "kPRV", KEYSYM_PAGEUP }, { "kNXT", KEYSYM_PAGEDOWN }, { "kDC", KEYSYM_DELETE },
	{ "kIC", KEYSYM_INSERT },
};

/* xterm's modifier parameter: 2 shift, 3 alt, 4 shift+alt, 5 ctrl, 6 ctrl+shift, ... */
static KeyCode
mods_of(int n)
{
	int m = n - 1;
	return ((m & 1) ? KEY_SHIFT : 0) | ((m & 2) ? KEY_META : 0) | ((m & 4) ? KEY_CTRL : 0);
}

static GHashTable *learned; /* curses code -> KeyCode */

void
tui_keys_init(void)
{
	if (learned == NULL)
		learned = g_hash_table_new(NULL, NULL);
	use_extended_names(TRUE);
	for (size_t i = 0; i < G_N_ELEMENTS(extended); i++) {
		for (int n = 2; n <= 8; n++) {
			char name[16];
			g_snprintf(name, sizeof name, "%s%d", extended[i].cap, n);
			char *seq = tigetstr(name);
			if (seq == NULL || seq == (char *)-1)
				continue;
			int code = key_defined(seq);
			if (code > 0)
				g_hash_table_insert(learned, GINT_TO_POINTER(code),
						    GUINT_TO_POINTER(extended[i].key | mods_of(n)));
		}
	}
}

static bool
function_key(int code, TuiInput *in)
{
	if (code == KEY_RESIZE) {
		in->kind = TUI_IN_RESIZE;
		return true;
	}
	if (code == PASTE_BEGIN || code == PASTE_END) {
		in->kind = code == PASTE_BEGIN ? TUI_IN_PASTE_BEGIN : TUI_IN_PASTE_END;
		return true;
	}
	if (code == KEY_MOUSE) {
		MEVENT ev;
		if (getmouse(&ev) != OK)
			return false;
		in->kind = TUI_IN_MOUSE;
		in->mouse_y = ev.y;
		in->mouse_x = ev.x;
		in->wheel = (ev.bstate & BUTTON4_PRESSED) ? -1 : (ev.bstate & BUTTON5_PRESSED) ? 1 : 0;
		/* A click is the press (or a click curses put together); the release that follows
		 * it, and other buttons, are not clicks again. */
		return in->wheel != 0 || (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) != 0;
	}
	in->kind = TUI_IN_KEY;
	if (code >= KEY_F(1) && code <= KEY_F(24)) {
		in->key = KEYSYM_F(code - KEY_F0);
		return true;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(fkeys); i++) {
		if (fkeys[i].code == code) {
			in->key = fkeys[i].key;
			return true;
		}
	}
	gpointer k = learned ? g_hash_table_lookup(learned, GINT_TO_POINTER(code)) : NULL;
	if (k == NULL)
		return false;
	in->key = GPOINTER_TO_UINT(k);
	return true;
}

/* One raw read: 0 none, 1 character in *ch, 2 function key in *ch. */
static int
read_one(wint_t *ch)
{
	int r = wget_wch(stdscr, ch);
	if (r == ERR)
		return 0;
	return r == KEY_CODE_YES ? 2 : 1;
}

bool
tui_keys_read(TuiInput *in)
{
	memset(in, 0, sizeof *in);
	wint_t ch;
	for (;;) {
		int r = read_one(&ch);
		if (r == 0)
			return false;
		if (r == 2) {
			if (function_key((int)ch, in))
				return true;
			continue; /* a code we do not know: skip it */
		}
		in->kind = TUI_IN_KEY;
		if (ch != KEY_ESC_CODE) {
			in->key = (KeyCode)ch;
			return true;
		}
		/* Esc and a key that came with it: Meta. */
		wint_t next;
		int r2 = read_one(&next);
		if (r2 == 1 && next != KEY_ESC_CODE) {
			in->key = (KeyCode)next | KEY_META;
			return true;
		}
		if (r2 == 2 && function_key((int)next, in)) {
			if (in->kind == TUI_IN_KEY)
				in->key |= KEY_META;
			return true; /* (Esc before a resize or a paste is dropped) */
		}
		if (r2 == 1)
			unget_wch(next);
		in->kind = TUI_IN_KEY;
		in->key = KEY_ESC_CODE;
		return true;
	}
}

const char *
tui_keys_bytes(KeyCode key, char buf[8])
{
	KeyCode c = key & KEY_CODE_MASK;
	if (c >= KEY_SPECIAL || (key & (KEY_CTRL | KEY_SHIFT)))
		return NULL;
	int n = 0;
	if (key & KEY_META)
		buf[n++] = '\033';
	n += g_unichar_to_utf8(c, buf + n);
	buf[n] = '\0';
	/* A NUL (C-Space) cannot travel in a C string; readline gets it as its own key. */
	return n == 0 || (c == 0 && !(key & KEY_META)) ? NULL : buf;
}
