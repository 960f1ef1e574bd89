#!/bin/sh
# SPDX-License-Identifier: MIT
# Terminal hygiene: leaving by every way (C-q, C-d, SIGTERM, SIGHUP, SIGINT, a crash)
# restores the terminal and the previous screen; with ui.alt_screen false the scrollback is
# kept; NO_COLOR gives no colours; the log never writes to the screen.
. "$AURELIS_SRCDIR/tests/lib.sh"
. "$AURELIS_SRCDIR/tests/tui/lib-tmux.sh"

# The terminal settings the shell had, to compare after each exit.
stty_now() {
	rm -f "$TUI_DIR/stty"
	type_text "stty -g >'$TUI_DIR/stty'"
	send Enter
	i=0
	while [ ! -s "$TUI_DIR/stty" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	cat "$TUI_DIR/stty"
}

tmux_start 90 26
type_text "clear; printf 'marker-before-aurelis\\n'"
send Enter
wait_for "marker-before-aurelis" 3
saved=$(stty_now)

# leave_by HOW DESCRIPTION STATUS: start, leave by HOW, check what comes back.
leave_by() {
	launch shell
	wait_for "F1 help" 5
	case "$1" in
	C-q|C-d) send "$1" ;;
	*) pid=$(pgrep -n -f "$AURELIS shell")
	   kill "-$1" "$pid" ;;
	esac
	wait_exit 10
	case "$3:$RC" in
	"$RC:$RC"|nonzero:[1-9]*) ok "$2: exit status $3" ;;
	*) not_ok "$2: exit status $3" "status $RC" "$(cat "$TUI_DIR/stderr")" ;;
	esac
	check_screen "marker-before-aurelis" "$2: the previous screen comes back" 3
	check_screen_lacks "F1 help" "$2: nothing of the interface is left"
	now=$(stty_now)
	if [ "$now" = "$saved" ]; then ok "$2: the terminal modes are restored"; else not_ok "$2: the terminal modes are restored" "$saved" "$now"; fi
	type_text "clear; printf 'marker-before-aurelis\\n'"
	send Enter
	wait_for "marker-before-aurelis" 3
}

leave_by C-q "C-q" 0
leave_by C-d "C-d on an empty line" 0
leave_by TERM "SIGTERM" 143
leave_by HUP "SIGHUP" 129
leave_by INT "SIGINT with nothing running" 130
# A crash restores the terminal before the process dies (under a sanitizer, which reports
# the crash itself, the status is its own).
leave_by SEGV "SIGSEGV" nonzero

# The log goes to its file, never to the screen, even with -v.
launch shell -v
check_screen "F1 help" "-v: the interface starts"
check_screen_lacks '"event"' "-v: no log lines on the screen"
send C-q
wait_exit 10
if [ "$RC" = 0 ]; then ok "-v: exit status 0"; else not_ok "-v: exit status 0" "$RC"; fi
# Log lines reach stderr only once the screen is given back.
if grep -q '"tui_start"' "$TUI_DIR/stderr"; then not_ok "-v: nothing is mirrored while the screen is up" "$(cat "$TUI_DIR/stderr")"; else ok "-v: nothing is mirrored while the screen is up"; fi
if grep -q '"tui_stop"' "$TUI_DIR/stderr"; then ok "-v: mirroring resumes afterwards"; else not_ok "-v: mirroring resumes afterwards" "$(cat "$TUI_DIR/stderr")"; fi
if grep -q '"tui_start"' "$XDG_STATE_HOME/aurelis/aurelis.log"; then ok "the log file records the session"; else not_ok "the log file records the session"; fi

# ui.alt_screen: false draws on the normal screen: the scrollback before it is kept and the
# last screen of the interface stays in the terminal after it ends.
mkdir -p "$XDG_CONFIG_HOME/aurelis"
printf 'ui:\n  alt_screen: false\n' >"$XDG_CONFIG_HOME/aurelis/config.yaml"
tmux_start 90 26
type_text "i=0; while [ \$i -lt 60 ]; do echo scrollback-line-\$i; i=\$((i+1)); done"
send Enter
wait_for "scrollback-line-59" 3
launch shell
check_screen "F1 help" "alt_screen false: the interface starts"
type_text "/theme"
send Enter
sleep 0.3
send C-q
wait_exit 10
if [ "$RC" = 0 ]; then ok "alt_screen false: exit status 0"; else not_ok "alt_screen false: exit status 0" "$RC"; fi
h=$(history)
case "$h" in *"scrollback-line-0"*) ok "alt_screen false: the earlier scrollback is kept" ;; *) not_ok "alt_screen false: the earlier scrollback is kept" "$h" ;; esac
case "$h" in *"─ Conversation"*) ok "alt_screen false: the interface's last screen stays" ;; *) not_ok "alt_screen false: the interface's last screen stays" "$h" ;; esac
check_screen 'tui-test$' "alt_screen false: the prompt comes back"
rm -f "$XDG_CONFIG_HOME/aurelis/config.yaml"

# NO_COLOR: attributes only, no colour sequences.
tmux_start 90 26
AURELIS_ENV="NO_COLOR=1"
launch shell
check_screen "F1 help" "NO_COLOR: the interface starts"
c=$(screen_colours)
case "$c" in *"[38;5;"*|*"[3"[0-7]m*) not_ok "NO_COLOR: no colours on screen" "$c" ;; *) ok "NO_COLOR: no colours on screen" ;; esac
send C-q
check_clean_exit "NO_COLOR: leaves cleanly"
AURELIS_ENV=""
launch shell
check_screen "F1 help" "colours: the interface starts"
c=$(screen_colours)
case "$c" in *"[38;5;"*|*"[3"[0-7]m*|*"[9"[0-7]m*) ok "without NO_COLOR there are colours" ;; *) not_ok "without NO_COLOR there are colours" "$c" ;; esac
send C-q
check_clean_exit "colours: leaves cleanly"

# An 8-colour terminal gets the theme's colours reduced to the 8 basic ones.
AURELIS_ENV="TERM=xterm"
launch shell
check_screen "F1 help" "8 colours: the interface starts"
c=$(screen_colours)
case "$c" in *"[38;5;"*) not_ok "8 colours: no 256-colour sequences" "$c" ;; *) ok "8 colours: no 256-colour sequences" ;; esac
case "$c" in *"[3"[0-7]m*) ok "8 colours: basic colours are used" ;; *) not_ok "8 colours: basic colours are used" "$c" ;; esac
send C-q
check_clean_exit "8 colours: leaves cleanly"
AURELIS_ENV=""

# Not a terminal: the line-mode shell reads standard input instead, and ends with it.
run "$AURELIS" shell </dev/null
check_rc 0 "shell without a terminal runs line mode to the end of input"
check_err_lacks "error" "shell without a terminal is not an error"
run "$AURELIS" shell --line </dev/null
check_rc 0 "shell --line without a terminal ends with its input"
run "$AURELIS"
check_rc 0 "aurelis alone in a pipe prints help"
check_out_has "shell" "the help lists shell"

done_testing
