#!/bin/sh
# SPDX-License-Identifier: MIT
# Live rendering in a real terminal (tmux): a document streamed a few bytes at a time, its
# unfinished block redrawn in place, must leave exactly the text of the document rendered
# at once, in the scrollback and on the screen.
. "$AURELIS_SRCDIR/tests/lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
sock="aurelis-render-$$"
tm() { tmux -L "$sock" -f /dev/null "$@"; }
stop_tmux() { tm kill-server >/dev/null 2>&1; }
cleanup_hooks="$cleanup_hooks stop_tmux"

# live NAME COLS ROWS COMMAND...: run the command in a COLS x ROWS pane, wait for it to end
# and leave the pane's history and screen in $TMPROOT/NAME.screen (rows the terminal wrapped
# joined again, as code lines wider than the pane are).
live() {
	name=$1 cols=$2 rows=$3
	shift 3
	script="$TMPROOT/$name.sh"
	{
		echo '#!/bin/sh'
		printf '%s ' "$@"
		echo
		echo "touch '$TMPROOT/$name.done'"
		echo 'sleep 60'
	} >"$script"
	chmod +x "$script"
	tm new-session -d -s "$name" -x "$cols" -y "$rows" "$script"
	n=0
	while [ ! -f "$TMPROOT/$name.done" ] && [ "$n" -lt 300 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	sleep 0.2
	tm capture-pane -p -J -t "$name" -S - -E - >"$TMPROOT/$name.screen"
	tm capture-pane -p -e -t "$name" -S - -E - >"$TMPROOT/$name.escapes"
	tm kill-session -t "$name"
}

# The text a terminal shows: no colours, tabs as spaces, no trailing blanks or lines.
screen_text() {
	sed "s/$(printf '\033')\[[0-9;]*m//g" "$1" | expand | sed 's/[[:space:]]*$//' |
		awk '{ lines[NR] = $0 } NF { last = NR } END { for (i = 1; i <= last; i++) print lines[i] }'
}

for case in answer:60:15 tables:52:12 code:70:10 lists:40:8 quotes:33:6 headings:45:20; do
	doc=${case%%:*}
	rest=${case#*:}
	cols=${rest%%:*}
	rows=${rest#*:}
	md="$AURELIS_SRCDIR/tests/render/$doc.md"
	live "$doc" "$cols" "$rows" env TERM=xterm-256color "'$AURELIS'" render --chunk-size 3 \
		--width "$cols" "'$md'"
	"$AURELIS" render --colors 256 --width "$cols" "$md" >"$TMPROOT/$doc.once"
	screen_text "$TMPROOT/$doc.screen" >"$TMPROOT/$doc.got"
	screen_text "$TMPROOT/$doc.once" >"$TMPROOT/$doc.want"
	if cmp -s "$TMPROOT/$doc.want" "$TMPROOT/$doc.got"; then
		ok "$doc streamed live in a ${cols}x$rows terminal leaves the same text"
	else
		not_ok "$doc streamed live in a ${cols}x$rows terminal leaves the same text" \
			"$(diff "$TMPROOT/$doc.want" "$TMPROOT/$doc.got" | head -30)"
	fi
done
check "the live output is in colour" grep -q "$(printf '\033')\[" "$TMPROOT/answer.escapes"

# CJK at an odd width: a wide character never straddles the edge.
md="$AURELIS_SRCDIR/tests/render/wide.md"
printf '%s\n' "$(sed -n '1,5p' "$md")" >"$TMPROOT/cjk.md"
live cjk 41 10 "'$AURELIS'" render --chunk-size 2 --width 41 "'$TMPROOT/cjk.md'"
"$AURELIS" render --width 41 "$TMPROOT/cjk.md" >"$TMPROOT/cjk.once"
screen_text "$TMPROOT/cjk.screen" >"$TMPROOT/cjk.got"
screen_text "$TMPROOT/cjk.once" >"$TMPROOT/cjk.want"
if cmp -s "$TMPROOT/cjk.want" "$TMPROOT/cjk.got"; then
	ok "CJK streamed live at an odd width leaves the same text"
else
	not_ok "CJK streamed live at an odd width leaves the same text" "$(diff "$TMPROOT/cjk.want" "$TMPROOT/cjk.got" | head -20)"
fi

# NO_COLOR on a terminal: redrawn in place, but not a single colour.
live nocolor 60 15 env NO_COLOR=1 "'$AURELIS'" render --chunk-size 5 "'$AURELIS_SRCDIR/tests/render/answer.md'"
if grep -q "$(printf '\033')\[" "$TMPROOT/nocolor.escapes"; then
	not_ok "NO_COLOR leaves no colour on the terminal" "$(grep "$(printf '\033')" "$TMPROOT/nocolor.escapes" | head -3 | cat -v)"
else
	ok "NO_COLOR leaves no colour on the terminal"
fi
check "NO_COLOR output still has the text" grep -q "That should be all." "$TMPROOT/nocolor.screen"

done_testing
