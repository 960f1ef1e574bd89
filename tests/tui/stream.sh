#!/bin/sh
# SPDX-License-Identifier: MIT
# Streaming in the full-screen interface: an answer appears progressively, Ctrl-C cancels
# it (keeping the partial text, marked), a resize mid-stream leaves no garbage, and the
# status bar shows a rate-limit countdown and a fallback.
. "$AURELIS_SRCDIR/tests/lib.sh"
. "$AURELIS_SRCDIR/tests/tui/lib-tmux.sh"

answer=$(demo_answer)

# Progressively: at 150 bytes/s the ~500-byte answer takes a few seconds.
tmux_start 100 30
AURELIS_ENV="AURELIS_TUI_DEMO=$answer AURELIS_TUI_DEMO_RATE=150"
launch shell
check_screen "F1 help" "the interface starts"
type_text "first question"
send Enter
check_screen "Answer to: first question" "the answer starts to appear" 5
check_screen_lacks "END-OF-ANSWER" "the end of the answer is not there yet"
check_screen "answering" "the answer is marked as in progress"
check_screen "1 running" "the status bar counts the running job"
check_screen "END-OF-ANSWER" "the whole answer arrives" 15
check_screen_lacks "answering" "the answer is no longer marked as in progress"
check_screen "in, " "its label shows the tokens used"
check_screen "Code · block 1/1 · c" "its code block is in the code preview"
check_screen "printf(\"hello, world" "the code preview shows the code"
send C-q
check_clean_exit "quits cleanly after an answer"

# Ctrl-C cancels the answer being streamed; the partial text stays.
tmux_start 100 30
AURELIS_ENV="AURELIS_TUI_DEMO=$answer AURELIS_TUI_DEMO_RATE=60"
launch shell
check_screen "F1 help" "the interface starts again"
type_text "slow one"
send Enter
check_screen "Answer to: slow one" "a slow answer starts" 5
send C-c
check_screen "cancelled" "Ctrl-C marks the answer cancelled" 3
sleep 1
s=$(screen)
case "$s" in *"END-OF-ANSWER"*) not_ok "the answer stops" "$s" ;; *) ok "the answer stops" ;; esac
case "$s" in *"Answer to: slow one"*) ok "the partial answer stays" ;; *) not_ok "the partial answer stays" "$s" ;; esac
check_screen_lacks "running" "no job runs any more"
# Esc cancels jobs too, but never throws a draft away.
type_text "keep this draft"
send Escape
check_screen "nothing to cancel" "Esc with nothing running says so"
check_screen "keep this draft" "Esc keeps the input line"
send C-a C-k
# With nothing running, Ctrl-C clears the input line.
type_text "some draft"
check_screen "some draft" "a draft is typed"
send C-c
if wait_gone "some draft" 3; then ok "Ctrl-C with nothing running clears the input"; else not_ok "Ctrl-C with nothing running clears the input" "$(screen)"; fi
send C-q
check_clean_exit "quits cleanly after a cancel"

# A resize in the middle of a stream: afterwards the screen is exactly what a full repaint
# draws (C-l), so nothing stale is left anywhere.
tmux_start 120 35
AURELIS_ENV="AURELIS_TUI_DEMO=$answer AURELIS_TUI_DEMO_RATE=200"
launch shell
check_screen "F1 help" "the interface starts for the resize test"
type_text "resize me"
send Enter
check_screen "Answer to: resize me" "the answer starts before the resize" 5
tmux -L "$TMUX_SOCK" resize-window -x 80 -y 24
sleep 0.5
tmux -L "$TMUX_SOCK" resize-window -x 200 -y 50
sleep 0.3
tmux -L "$TMUX_SOCK" resize-window -x 90 -y 28
check_screen "END-OF-ANSWER" "the answer finishes after resizes" 15
sleep 0.3
before=$(screen)
send C-l
sleep 0.5
after=$(screen)
if [ "$before" = "$after" ]; then ok "after the resizes the screen matches a full repaint"; else not_ok "after the resizes the screen matches a full repaint" "before:" "$before" "after:" "$after"; fi
rows=$(printf '%s\n' "$after" | wc -l)
if [ "$rows" -le 28 ]; then ok "the screen has the new height"; else not_ok "the screen has the new height" "$rows rows"; fi
case "$(printf '%s\n' "$after" | sed -n '28p')" in "›"*) ok "the input line moved to the new last row" ;; *) not_ok "the input line moved to the new last row" "$after" ;; esac
send C-q
check_clean_exit "quits cleanly after resizes"

# With ui.animations false the in-flight indicator does not spin.
mkdir -p "$XDG_CONFIG_HOME/aurelis"
printf 'ui:\n  animations: false\n  keys:\n    global:\n      M-x: zom\n' >"$XDG_CONFIG_HOME/aurelis/config.yaml"
tmux_start 100 30
AURELIS_ENV="AURELIS_TUI_DEMO=$answer AURELIS_TUI_DEMO_RATE=100"
launch shell
check_screen "warning about keys or the theme" "a bad key binding is announced in the status bar"
check_screen "unknown action 'zom' (Did you mean 'zoom'?)" "and explained in the conversation"
type_text "calm"
send Enter
check_screen "● 1 running" "ui.animations false: a still indicator" 5
send C-c
send C-q
check_clean_exit "quits cleanly without animations"
rm -f "$XDG_CONFIG_HOME/aurelis/config.yaml"

# Rate limit countdown and fallback notice (the demo job reports both).
tmux_start 100 60
AURELIS_ENV="AURELIS_TUI_DEMO=$answer AURELIS_TUI_DEMO_OPTS=retry=3,fallback,cut"
launch shell
check_screen "F1 help" "the interface starts for the rate-limit test"
type_text "limited"
send Enter
check_screen "rate limited: retry in" "the status bar counts down a rate-limit wait" 3
check_screen "fell back from openai/gpt-4.1-mini to demo/fallback" "the fallback is announced" 6
check_screen "fallback from openai/gpt-4.1-mini" "the answer is labelled as a fallback" 6
check_screen "cut (length limit)" "a cut answer is labelled" 6
send C-q
check_clean_exit "quits cleanly after a fallback"

done_testing
