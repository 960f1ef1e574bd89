#!/bin/sh
# SPDX-License-Identifier: MIT
# The mouse with ui.mouse on: a click focuses a pane, selects a code block of the
# conversation or a finding (a second click shows its location), chooses a picker item;
# the wheel scrolls.  Off by default: the terminal is not asked for mouse reports, so its
# own selection keeps working.  Mouse reports are typed into the pane as a terminal sends
# them (the X10 encoding curses reads for TERM=tmux-256color and screen).
. "$AURELIS_SRCDIR/tests/lib.sh"
. "$AURELIS_SRCDIR/tests/tui/lib-tmux.sh"
. "$AURELIS_SRCDIR/tests/tui/lib-tools.sh"

mouse_flags() { tmux -L "$TMUX_SOCK" display-message -p '#{mouse_standard_flag}#{mouse_button_flag}#{mouse_any_flag}'; }

cat >"$TUI_DIR/two.md" <<'MD'
First:

```python
print("block one")
```

Second:

```sh
echo block two
```
MD
cat >"$TUI_DIR/sample.c" <<'SRC'
#include <string.h>

void
copy(char *dst, const char *src)
{
	strcpy(dst, src);
}

int
main(void)
{
	char buf[8];
	copy(buf, "far too long for the buffer");
	return 0;
}
SRC
cat >"$TUI_DIR/findings.json" <<JSON
{"findings": [
 {"rule": "c-strcpy", "severity": "error", "file": "$TUI_DIR/sample.c", "line": 6, "message": "strcpy does not check the size"},
 {"rule": "c-overflow", "severity": "warning", "file": "$TUI_DIR/sample.c", "line": 13, "message": "the string does not fit"},
 {"rule": "c-unused", "severity": "info", "file": "$TUI_DIR/sample.c", "line": 12, "message": "buf could be smaller"}
]}
JSON

# Columns and rows stay below 95, so the panes are stacked (under 120 columns).
tmux_start 90 46

# ---- off by default ---------------------------------------------------------------------------
AURELIS_ENV="AURELIS_TUI_DEMO=$TUI_DIR/two.md"
launch shell
check_screen "F1 help" "the interface starts with the mouse off"
case "$(mouse_flags)" in
*1*) not_ok "without ui.mouse the terminal keeps the mouse" "$(mouse_flags)" ;;
*) ok "without ui.mouse the terminal keeps the mouse" ;;
esac
send C-q
check_clean_exit "quits"

# ---- on -----------------------------------------------------------------------------------------
mkdir -p "$XDG_CONFIG_HOME/aurelis"
printf 'ui:\n  mouse: true\n' >"$XDG_CONFIG_HOME/aurelis/config.yaml"
launch shell
check_screen "F1 help" "the interface starts with ui.mouse on"
case "$(mouse_flags)" in
*1*) ok "with ui.mouse the terminal reports the mouse" ;;
*) not_ok "with ui.mouse the terminal reports the mouse" "$(mouse_flags)" ;;
esac
type_text "show me"
send Enter
check_screen "block 2/2 · sh" "the answer arrives; the code preview shows the newest block"

# A click on a code block of the conversation shows it.
r=$(row_of 'print("block one")')
click 10 "$r"
check_screen "block 1/2 · python" "clicking the first block shows it in the code preview"
check_screen "block 1 of 2 in the code preview" "and says so"
r=$(row_of 'echo block two' )
click 10 "$r"
check_screen "block 2/2 · sh" "clicking the second block shows it"

# A click focuses a pane: s sorts only in the analysis pane.
type_text "/findings $TUI_DIR/findings.json"
send Enter
check_screen "1 error, 1 warning, 1 info" "the findings are listed"
r=$(row_of "c-unused")
click 30 "$r"
type_text "s"
check_screen "findings sorted by file" "a click focused the analysis pane"
# Sorted by file: strcpy (6), unused (12), overflow (13).  Select overflow, then open it.
r=$(row_of "c-overflow")
click 30 "$r"
sleep 0.3
check_screen_lacks "sample.c:13 ─" "one click on a finding selects it without opening it"
click 30 "$r"
check_screen "Code · $TUI_DIR/sample.c:13" "a second click shows its location"

# The wheel scrolls the conversation.
for i in 1 2 3 4 5 6; do
	type_text "question $i"
	send Enter
	sleep 0.2
done
check_screen "question 6" "a longer conversation"
r=$(row_of "─ Conversation")
wheel_up 10 $((r + 2))
wheel_up 10 $((r + 2))
check_screen "scrolled · End follows" "the wheel scrolls the conversation back"
wheel_down 10 $((r + 2))
wheel_down 10 $((r + 2))
wheel_down 10 $((r + 2))
wheel_down 10 $((r + 2))
wheel_down 10 $((r + 2))
if wait_gone "scrolled · End follows" 3; then ok "and forward to the end"; else not_ok "and forward to the end" "$(screen)"; fi

# Pickers: a click chooses an item; a click outside closes the picker.
send M-t
check_screen "Themes" "the theme picker is open"
r=$(row_of " light ")
click 40 "$r"
check_screen "theme light (ui.theme: light keeps it)" "a click chooses a picker item"
send M-x
check_screen "Command palette" "the palette is open"
click 1 1
if wait_gone "Command palette" 3; then ok "a click outside the picker closes it"; else not_ok "a click outside the picker closes it" "$(screen)"; fi
send C-q
check_clean_exit "quits cleanly"

done_testing
