# SPDX-License-Identifier: MIT
# Helpers for tests of the full-screen interface in a real terminal: each test runs its own
# tmux server on a private socket (killed on exit), starts a shell in a detached session of
# a fixed size, types commands and keys into it and reads the screen back with
# capture-pane.  Source tests/lib.sh first.

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi

TMUX_SOCK="aurelis-test-$$"
unset TMUX
tmux_kill() { tmux -L "$TMUX_SOCK" kill-server >/dev/null 2>&1 || :; }
cleanup_hooks="$cleanup_hooks tmux_kill"

# The terminal type inside tmux: its own when the system knows it.
TUI_TERM=screen
infocmp tmux-256color >/dev/null 2>&1 && TUI_TERM=tmux-256color

# Demo answers and other inputs live here.
TUI_DIR="$TMPROOT/tui"
mkdir -p "$TUI_DIR"

# tmux_start COLS ROWS: a shell in a new server, ready for commands.
tmux_start() {
	tmux_kill
	cat >"$TUI_DIR/tmux.conf" <<-EOF
	set -g default-terminal $TUI_TERM
	set -g history-limit 5000
	set -g status off
	set -g escape-time 0
	EOF
	cat >"$TUI_DIR/shell" <<-EOF
	#!/bin/sh
	export HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' XDG_CACHE_HOME='$XDG_CACHE_HOME'
	export XDG_DATA_HOME='$XDG_DATA_HOME' XDG_STATE_HOME='$XDG_STATE_HOME'
	export AURELIS_DATA_DIR='$AURELIS_SRCDIR' AURELIS_SYSTEM_CONFIG=/nonexistent LC_ALL=C.UTF-8
	export ASAN_OPTIONS='${ASAN_OPTIONS:-}' UBSAN_OPTIONS='${UBSAN_OPTIONS:-}'
	export PS1='tui-test\$ '
	unset NO_COLOR AURELIS_TOKEN GITHUB_TOKEN GH_TOKEN
	exec sh
	EOF
	chmod +x "$TUI_DIR/shell"
	# A server that is still shutting down can make the first attempt fail.
	for _ in 1 2 3 4 5; do
		tmux -L "$TMUX_SOCK" -f "$TUI_DIR/tmux.conf" new-session -d -x "$1" -y "$2" \
			"$TUI_DIR/shell" 2>/dev/null && wait_for 'tui-test$' 5 && return 0
		tmux_kill
		sleep 0.3
	done
	return 1
}

# send KEYS...: tmux key names (Enter, C-c, F1, M-z) or literal words.
send() { tmux -L "$TMUX_SOCK" send-keys "$@"; }
# type TEXT: literally, no key names.
type_text() { tmux -L "$TMUX_SOCK" send-keys -l "$1"; }

screen() { tmux -L "$TMUX_SOCK" capture-pane -p; }
screen_colours() { tmux -L "$TMUX_SOCK" capture-pane -p -e; }
# Everything, scrollback included.
history() { tmux -L "$TMUX_SOCK" capture-pane -p -S - -E -; }

# wait_for TEXT [SECONDS]: until the screen shows TEXT; false on timeout.
wait_for() {
	limit=$(( ${2:-10} * 20 ))
	i=0
	while [ $i -lt "$limit" ]; do
		case "$(screen)" in *"$1"*) return 0 ;; esac
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# wait_gone TEXT [SECONDS]: until the screen no longer shows TEXT.
wait_gone() {
	limit=$(( ${2:-10} * 20 ))
	i=0
	while [ $i -lt "$limit" ]; do
		case "$(screen)" in *"$1"*) ;; *) return 0 ;; esac
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# check_screen TEXT DESCRIPTION [SECONDS]: passes when the screen shows TEXT in time.
check_screen() {
	if wait_for "$1" "${3:-10}"; then ok "$2"; else not_ok "$2" "screen lacks: $1" "$(screen)"; fi
}

check_screen_lacks() {
	case "$(screen)" in
	*"$1"*) not_ok "$2" "screen has: $1" "$(screen)" ;;
	*) ok "$2" ;;
	esac
}

# launch ARGS...: run aurelis in the tmux shell with its stderr and exit status kept.
# Environment variables for it go in AURELIS_ENV ("A=1 B=2").
launch() {
	rm -f "$TUI_DIR/rc" "$TUI_DIR/stderr"
	type_text "env ${AURELIS_ENV:-} '$AURELIS' $* 2>'$TUI_DIR/stderr'; echo \$? >'$TUI_DIR/rc'"
	send Enter
}

# wait_exit [SECONDS]: until aurelis has exited; its status is then in $RC.
wait_exit() {
	limit=$(( ${1:-10} * 20 ))
	i=0
	while [ $i -lt "$limit" ] && [ ! -s "$TUI_DIR/rc" ]; do
		sleep 0.05
		i=$((i + 1))
	done
	RC=$(cat "$TUI_DIR/rc" 2>/dev/null || echo none)
}

# check_clean_exit DESCRIPTION: exit status 0 and nothing on stderr (sanitizer reports).
check_clean_exit() {
	wait_exit 10
	err=$(cat "$TUI_DIR/stderr" 2>/dev/null)
	if [ "$RC" = 0 ] && [ -z "$err" ]; then ok "$1"; else not_ok "$1" "status $RC" "$err"; fi
}

# A markdown answer for the demo job; its last line is an end marker.
demo_answer() {
	cat >"$TUI_DIR/answer.md" <<-'EOF'
	# Answer to: {prompt}

	Here is the plan, with **strong** words and a list:

	- first item, long enough to wrap around the edge of a narrow conversation pane
	- second item

	```c
	#include <stdio.h>

	int
	main(void)
	{
	    printf("hello, world\n");
	    return 0;
	}
	```

	Wide characters: 中文字符 and an emoji 🎉 in one line.

	END-OF-ANSWER
	EOF
	echo "$TUI_DIR/answer.md"
}
