#!/bin/sh
# SPDX-License-Identifier: MIT
# Completion in the line shell as a user sees it in tmux: Tab Tab lists commands, files,
# themes, sessions and model ids.
. "$AURELIS_SRCDIR/tests/lib.sh"
. "$AURELIS_SRCDIR/tests/fixtures/fakelib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi

fake_start
export AURELIS_ENDPOINT="$FAKE_ENDPOINT" AURELIS_TOKEN=test-token-not-real
mkdir -p "$TMPROOT/proj/src"
cd "$TMPROOT/proj" || exit 1
printf 'x\n' >notes.txt
printf 'x\n' >notebook.md
printf 'x\n' >src/main.c
# A saved session to complete.
printf '/save alpha-session\n' | "$AURELIS" shell >/dev/null 2>&1

SOCK="$TMPROOT/tmux.sock"
T() { tmux -S "$SOCK" -f /dev/null "$@"; }
tmux_stop() { T kill-server 2>/dev/null; return 0; }
cleanup_hooks="$cleanup_hooks tmux_stop"
T new-session -d -x 120 -y 40 -e TERM=xterm-256color \
	"cd '$TMPROOT/proj' && exec env TERM=xterm-256color '$AURELIS' shell --line"

# screen_wait TEXT: up to 10 s for TEXT to be on the screen; $PANE holds the screen.
screen_wait() {
	i=0
	while [ $i -lt 200 ]; do
		PANE=$(T capture-pane -p 2>/dev/null)
		case "$PANE" in *"$1"*) return 0 ;; esac
		i=$((i + 1))
		sleep 0.05
	done
	return 1
}

tab_tab() { # typed text, expected listing, description
	T send-keys C-u
	T send-keys -l "$1"
	T send-keys Tab
	sleep 0.2
	T send-keys Tab
	if screen_wait "$2"; then ok "$3"; else not_ok "$3" "screen lacks: $2" "$PANE"; fi
	T send-keys C-u
	T send-keys C-l
}

if screen_wait "›"; then ok "the shell starts in tmux"; else not_ok "the shell starts in tmux" "$PANE"; fi
tab_tab "/co" "/compact  /copy" "Tab Tab lists the commands starting with /co"
tab_tab "/" "/sessions" "Tab Tab after / lists every command"
tab_tab "/add note" "notebook.md  notes.txt" "file names complete for /add"
tab_tab "/explain s" "/explain src/" "a directory completes with its slash"
tab_tab "/theme " "high-contrast" "theme names complete"
tab_tab "/load al" "/load alpha-session" "session names complete"
tab_tab "/model openai/gpt-4.1-m" "/model openai/gpt-4.1-mini" "model ids complete"
tab_tab "/export " "json" "export formats complete"
T send-keys C-d
i=0
while T has-session 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
if T has-session 2>/dev/null; then not_ok "Ctrl-D leaves the shell"; else ok "Ctrl-D leaves the shell"; fi

done_testing
