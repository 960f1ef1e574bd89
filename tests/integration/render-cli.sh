#!/bin/sh
# SPDX-License-Identifier: MIT
# The render command: input, options, errors, plain output and streamed input.
. "$AURELIS_SRCDIR/tests/lib.sh"

md="$AURELIS_SRCDIR/tests/render/answer.md"
esc=$(printf '\033')

run "$AURELIS" render "$md"
check_rc 0 "render FILE exits 0"
check_out_has "Fixing the off-by-one" "render FILE prints the document"
check_out_lacks "$esc" "piped output has no escape sequences"
check_out_has "$(printf '\tif (buf[i]')" "code keeps its tabs"

run sh -c "\"\$AURELIS\" render < \"\$1\"" sh "$md"
check_rc 0 "render reads standard input"
check_out_has "Fixing the off-by-one" "standard input is rendered"
run sh -c "cat \"\$1\" | \"\$AURELIS\" render -" sh "$md"
check_out_has "That should be all." "- is standard input"

# Any chunking gives the same output.
"$AURELIS" render --width 50 "$md" >"$TMPROOT/whole"
for n in 1 7 64; do
	"$AURELIS" render --width 50 --chunk-size "$n" "$md" >"$TMPROOT/chunked"
	check "chunks of $n bytes give the same plain output" cmp -s "$TMPROOT/whole" "$TMPROOT/chunked"
done
"$AURELIS" render --width 50 --colors 16 "$md" >"$TMPROOT/whole"
"$AURELIS" render --width 50 --colors 16 --chunk-size 3 "$md" >"$TMPROOT/chunked"
check "chunks give the same colour output" cmp -s "$TMPROOT/whole" "$TMPROOT/chunked"

# Input that arrives slowly is rendered block by block as it arrives: a block is final once
# a complete line after it starts another.
fifo="$TMPROOT/fifo"
mkfifo "$fifo"
"$AURELIS" render "$fifo" >"$TMPROOT/slow" 2>&1 &
pid=$!
exec 3>"$fifo"
printf 'first paragraph\n\nsecond\n' >&3
n=0
while [ "$n" -lt 50 ] && ! grep -q "first paragraph" "$TMPROOT/slow"; do sleep 0.1; n=$((n + 1)); done
if grep -q "first paragraph" "$TMPROOT/slow" && ! grep -q second "$TMPROOT/slow"; then
	ok "a finished block is written before the input ends"
else
	not_ok "a finished block is written before the input ends" "$(cat "$TMPROOT/slow")"
fi
printf 'paragraph\n' >&3
exec 3>&-
wait "$pid"
check "the rest is written at the end" grep -q "second paragraph" "$TMPROOT/slow"

run "$AURELIS" render --width 20 "$AURELIS_SRCDIR/tests/render/wide.md"
widest=$(printf '%s\n' "$OUT" | grep -v '^```' | while IFS= read -r l; do printf '%s' "$l" | wc -L; done | sort -n | tail -1)
if [ "$widest" -le 20 ]; then ok "wide characters wrap within 20 columns"; else not_ok "wide characters wrap within 20 columns" "widest line: $widest"; fi

run "$AURELIS" render "$AURELIS_SRCDIR/tests/render/hostile.md"
check_rc 0 "invalid UTF-8 and control characters are rendered"
check_out_lacks "$esc" "escape sequences from the input never reach the output"
check_out_has "$(printf '\357\277\275')" "invalid bytes show as U+FFFD"

run "$AURELIS" render /dev/null
check_rc 0 "an empty document is fine"
if [ -z "$OUT" ]; then ok "an empty document prints nothing"; else not_ok "an empty document prints nothing" "$OUT"; fi

run "$AURELIS" render --colors 256 "$md"
check_out_has "$esc[0;1;38;5;79mFixing" "--colors gives colours on a pipe"
run env NO_COLOR=1 "$AURELIS" render --colors 8 "$md"
check_out_has "$esc[0;1;36mFixing" "--colors wins over NO_COLOR and degrades to 8 colours"
run "$AURELIS" render --plain --theme mono "$md"
check_out_lacks "$esc" "--plain never colours"
check_out_has '`parse_header()`' "without colours inline code keeps its backticks"

run "$AURELIS" render --theme nosuch --colors 256 "$md"
check_rc 0 "an unknown theme falls back"
check_err_has "no theme named 'nosuch'" "an unknown theme is reported"

run "$AURELIS" render "$TMPROOT/missing.md"
check_rc 5 "a missing file is not found"
check_err_has "hint:" "a missing file has a hint"
run "$AURELIS" render "$TMPROOT"
check_rc 6 "a directory is invalid input"
run "$AURELIS" render --width 0 "$md"
check_rc 2 "--width 0 is a usage error"
run "$AURELIS" render --width abc "$md"
check_rc 2 "--width abc is a usage error"
run "$AURELIS" render --colors 12 "$md"
check_rc 2 "--colors 12 is a usage error"
check_err_has "256, 16 or 8" "--colors says what it takes"
run "$AURELIS" render --plain --colors 256 "$md"
check_rc 2 "--plain with --colors is a usage error"
run "$AURELIS" render a.md b.md
check_rc 2 "two files are a usage error"

done_testing
