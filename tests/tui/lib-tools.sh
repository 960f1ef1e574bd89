# SPDX-License-Identifier: MIT
# Helpers for the tests of the interface's tools (copy, pickers, mouse): source after
# tests/tui/lib-tmux.sh.

# mouse_event BUTTON COL ROW: a mouse report as an xterm sends it in the default (X10)
# encoding, which curses reads for TERM=tmux-256color and screen: ESC [ M, then the button,
# the column and the row (1-based), each plus 32.  Columns and rows stay below 95 so every
# byte is ASCII.  BUTTON: 0 press, 3 release, 64 wheel up, 65 wheel down.
mouse_event() {
	type_text "$(printf '\033[M%b%b%b' "\\0$(printf %o $(($1 + 32)))" \
		"\\0$(printf %o $(($2 + 32)))" "\\0$(printf %o $(($3 + 32)))")"
}

# click COL ROW: press and release the left button on a cell (1-based, as on the screen).
click() {
	mouse_event 0 "$1" "$2"
	mouse_event 3 "$1" "$2"
}

wheel_up() { mouse_event 64 "$1" "$2"; }
wheel_down() { mouse_event 65 "$1" "$2"; }

# screen_line N: line N (1-based) of the screen.
screen_line() { screen | sed -n "${1}p"; }

# row_of TEXT: the 1-based screen row where TEXT first appears, or nothing.
row_of() { screen | grep -n -F -- "$1" | head -n 1 | cut -d: -f1; }

# osc52_payloads FILE: every text carried by an OSC 52 sequence in the raw bytes of FILE,
# decoded, separated by a line "--8<--".
osc52_payloads() {
	"${PYTHON3:-python3}" - "$1" <<-'PY'
	import base64, re, sys
	raw = open(sys.argv[1], "rb").read()
	out = [base64.b64decode(m) for m in re.findall(rb"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07", raw)]
	sys.stdout.buffer.write(b"\n--8<--\n".join(out))
	PY
}

# wait_file PATH [SECONDS]: until PATH exists and is not empty.
wait_file() {
	limit=$(( ${2:-10} * 20 ))
	i=0
	while [ $i -lt "$limit" ] && [ ! -s "$1" ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ -s "$1" ]
}

# check_file_is FILE EXPECTED-FILE DESCRIPTION
check_file_is() {
	if cmp -s "$1" "$2"; then ok "$3"; else not_ok "$3" "$(diff -u "$2" "$1" 2>&1 | head -20)"; fi
}

# backups_of NAME: the backups kept of files called NAME, oldest first.
backups_of() {
	find "$XDG_STATE_HOME/aurelis/backups" -type f -name "$1.*" 2>/dev/null | sort
}
