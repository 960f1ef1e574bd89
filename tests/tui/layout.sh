#!/bin/sh
# SPDX-License-Identifier: MIT
# Layout of the full-screen interface at 80x24 and 200x50, a small terminal, a too-small
# one, and pane zoom and sizes remembered between runs.
. "$AURELIS_SRCDIR/tests/lib.sh"
. "$AURELIS_SRCDIR/tests/tui/lib-tmux.sh"

# 80x24: panes stacked, each with its title; status bar and input line at the bottom.
tmux_start 80 24
launch shell
check_screen "F1 help" "80x24: the status bar is drawn"
s=$(screen)
row_conv=$(printf '%s\n' "$s" | grep -n '─ Conversation' | cut -d: -f1)
row_code=$(printf '%s\n' "$s" | grep -n '─ Code' | cut -d: -f1)
row_an=$(printf '%s\n' "$s" | grep -n '─ Analysis' | cut -d: -f1)
if [ "$row_conv" = 1 ] && [ -n "$row_code" ] && [ -n "$row_an" ] && [ "$row_code" -gt 1 ] && [ "$row_an" -gt "$row_code" ]; then
	ok "80x24: conversation, code and analysis are stacked"
else
	not_ok "80x24: conversation, code and analysis are stacked" "$s"
fi
last=$(printf '%s\n' "$s" | sed -n '24p')
case "$last" in "›"*) ok "80x24: the input line is the last row" ;; *) not_ok "80x24: the input line is the last row" "$s" ;; esac
status=$(printf '%s\n' "$s" | sed -n '23p')
case "$status" in *"openai/gpt-4.1-mini"*"F1 help"*) ok "80x24: the status bar shows the model" ;; *) not_ok "80x24: the status bar shows the model" "$status" ;; esac
send C-q
check_clean_exit "80x24: C-q leaves with status 0"

# 200x50: the conversation on the left, code over analysis on the right.
tmux_start 200 50
launch shell
check_screen "F1 help" "200x50: the status bar is drawn"
s=$(screen)
first=$(printf '%s\n' "$s" | sed -n '1p')
case "$first" in *"Conversation"*"Code"*) ok "200x50: conversation and code side by side" ;; *) not_ok "200x50: conversation and code side by side" "$s" ;; esac
an_line=$(printf '%s\n' "$s" | grep '─ Analysis')
case "$an_line" in *"│─ Analysis"*) ok "200x50: analysis sits under the code preview" ;; *) not_ok "200x50: analysis sits under the code preview" "$s" ;; esac
# M-z zooms the focused pane, M-= gives it more room; both are remembered.
send M-2
send M-z
check_screen "─ Code" "M-z shows one pane"
if wait_gone "─ Conversation" 3; then ok "the zoomed pane is alone"; else not_ok "the zoomed pane is alone" "$(screen)"; fi
send M-z
check_screen "─ Conversation" "M-z again restores the layout"
send M-1
before=$(screen | sed -n '1p' | sed 's/│.*//' | awk '{ print length($0) }')
send M-= M-=
sleep 0.3
after=$(screen | sed -n '1p' | sed 's/│.*//' | awk '{ print length($0) }')
if [ "$after" -gt "$before" ]; then ok "M-= makes the conversation pane wider"; else not_ok "M-= makes the conversation pane wider" "before $before after $after"; fi
send C-q
check_clean_exit "200x50: C-q leaves with status 0"
layout="$XDG_STATE_HOME/aurelis/tui-layout.json"
if grep -q '"conversation":[[:space:]]*70' "$layout" 2>/dev/null; then ok "the pane sizes are saved"; else not_ok "the pane sizes are saved" "$(cat "$layout" 2>&1)"; fi
launch shell
check_screen "F1 help" "a second run starts"
again=$(screen | sed -n '1p' | sed 's/│.*//' | awk '{ print length($0) }')
if [ "$again" = "$after" ]; then ok "the saved sizes are used again"; else not_ok "the saved sizes are used again" "$again vs $after"; fi
send C-q
wait_exit 5

# 60x14: too small for every pane at once: the focused pane alone.
tmux_start 60 14
launch shell
check_screen "F1 help" "60x14: the interface starts"
n=$(screen | grep -c '^─ ')
if [ "$n" = 1 ]; then ok "60x14: one pane at a time"; else not_ok "60x14: one pane at a time" "$(screen)"; fi
send BTab
check_screen "─ Analysis" "60x14: moving the focus shows the next pane"
send C-q
wait_exit 5

# `aurelis` with no command opens the interface on a terminal.
tmux_start 80 24
launch
check_screen "F1 help" "aurelis alone on a terminal opens the interface"
send C-q
check_clean_exit "aurelis alone leaves cleanly"

# 30x8: too small for the full screen, so the line-mode shell takes over and says why.
tmux_start 30 8
launch shell
check_screen "›" "30x8: the line-mode prompt is there"
send C-d
wait_exit 5
if [ "$RC" = 0 ]; then ok "30x8: Ctrl-D leaves line mode with status 0"; else not_ok "30x8: Ctrl-D leaves line mode with status 0" "status $RC" "$(cat "$TUI_DIR/stderr")"; fi
if grep -q "40x10" "$TUI_DIR/stderr"; then ok "30x8: line mode says the size the full screen needs"; else not_ok "30x8: line mode says the size the full screen needs" "$(cat "$TUI_DIR/stderr")"; fi

done_testing
