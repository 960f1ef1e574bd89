#!/bin/sh
# SPDX-License-Identifier: MIT
# The input line: readline editing, history (kept between runs, multi-line entries
# included), Ctrl-R search, completion of /commands and their arguments, multi-line input
# with Alt-Enter, bracketed paste and Ctrl-X Ctrl-E with $EDITOR.
. "$AURELIS_SRCDIR/tests/lib.sh"
. "$AURELIS_SRCDIR/tests/tui/lib-tmux.sh"

printf 'Short answer to {prompt}.\n' >"$TUI_DIR/short.md"
tmux_start 100 30
AURELIS_ENV="AURELIS_TUI_DEMO=$TUI_DIR/short.md"
launch shell
check_screen "F1 help" "the interface starts"

# Readline editing: C-a goes to the start, C-k kills to the end.
type_text "world"
send C-a
type_text "hello "
check_screen "› hello world" "C-a moves to the start of the line"
send C-a C-k
if wait_gone "hello world" 3; then ok "C-k kills the line"; else not_ok "C-k kills the line" "$(screen)"; fi

# History: prompts sent come back with Up, and Ctrl-R finds them.
type_text "alpha prompt"
send Enter
check_screen "Short answer to alpha prompt." "the first prompt is answered"
type_text "beta prompt"
send Enter
check_screen "Short answer to beta prompt." "the second prompt is answered"
send Up
check_screen "› beta prompt" "Up recalls the last prompt"
send Up
check_screen "› alpha prompt" "Up again recalls the one before"
send Down Down
send C-r
type_text "alp"
check_screen "alpha prompt" "Ctrl-R finds a prompt by its text"
check_screen "reverse-i-search" "Ctrl-R shows its search prompt"
send C-g
send C-a C-k

# Multi-line: Alt-Enter starts a new line; Enter sends both lines.
type_text "line one"
send M-Enter
type_text "line two"
sleep 0.2
s=$(screen)
n=$(printf '%s\n' "$s" | tail -2 | grep -c 'line')
if [ "$n" = 2 ]; then ok "Alt-Enter makes a two-line input"; else not_ok "Alt-Enter makes a two-line input" "$s"; fi
send Enter
check_screen "Short answer to line one" "the two lines are sent as one prompt"

# Completion of /commands and of /theme's argument.
type_text "/the"
send Tab
check_screen "› /theme" "Tab completes a command name"
type_text "hi"
send Tab
check_screen "› /theme high-contrast" "Tab completes a theme name"
send Enter
check_screen "theme high-contrast" "the completed command runs"
type_text "/"
send Tab Tab
check_screen "/analyze" "Tab twice lists the commands"
send C-a C-k

# Bracketed paste: the text arrives as it is, newlines included, without being sent.
printf 'pasted first\npasted second' >"$TUI_DIR/paste.txt"
tmux -L "$TMUX_SOCK" load-buffer "$TUI_DIR/paste.txt"
tmux -L "$TMUX_SOCK" paste-buffer -p
check_screen "pasted second" "a bracketed paste lands in the input"
check_screen_lacks "Short answer to pasted" "a paste is not sent by its newline"
send C-a C-k
send C-a C-k C-h
send C-c

# Ctrl-X Ctrl-E: the input goes to $EDITOR and comes back edited.
cat >"$TUI_DIR/editor" <<'ED'
#!/bin/sh
printf 'edited by the editor\nsecond line\n' >"$1"
ED
chmod +x "$TUI_DIR/editor"
# Each entry reaches the file shared with the line shell as it is entered, so a crash
# (or kill -9) loses none.
if grep -q 'alpha prompt' "$XDG_STATE_HOME/aurelis/history"; then ok "an entry is in the history file before the interface leaves"; else not_ok "an entry is in the history file before the interface leaves" "$(cat "$XDG_STATE_HOME/aurelis/history" 2>&1)"; fi
send C-q
wait_exit 5
if grep -q 'alpha prompt' "$XDG_STATE_HOME/aurelis/history"; then ok "the history is saved"; else not_ok "the history is saved"; fi
if grep -q 'line one\\nline two' "$XDG_STATE_HOME/aurelis/history"; then ok "a multi-line entry is saved as one"; else not_ok "a multi-line entry is saved as one" "$(cat "$XDG_STATE_HOME/aurelis/history")"; fi
AURELIS_ENV="AURELIS_TUI_DEMO=$TUI_DIR/short.md EDITOR=$TUI_DIR/editor VISUAL="
launch shell
check_screen "F1 help" "the interface starts again"
send Up
check_screen "› /theme high-contrast" "the history comes back in the next run"
send Up
check_screen "line two" "a multi-line entry comes back whole"
send C-a C-k C-c
type_text "draft"
send C-x C-e
check_screen "edited by the editor" "Ctrl-X Ctrl-E replaces the input with the edited text"
check_screen "second line" "the edited text keeps its lines"
check_screen "─ Conversation" "the screen is back after the editor"
send Enter
check_screen "Short answer to edited by the editor" "the edited prompt is sent"
send C-q
check_clean_exit "quits cleanly"

done_testing
