#!/bin/sh
# SPDX-License-Identifier: MIT
# kill -9 in the middle of an answer: every completed turn is in the session, the file
# loads cleanly, and the resumed shell sends those turns.
. "$AURELIS_SRCDIR/tests/lib.sh"
. "$AURELIS_SRCDIR/tests/fixtures/fakelib.sh"

fake_start
export AURELIS_ENDPOINT="$FAKE_ENDPOINT" AURELIS_TOKEN=test-token-not-real TERM=xterm-256color
mkdir -p "$TMPROOT/proj"
cd "$TMPROOT/proj" || exit 1

# Three quick answers, then one that trickles in and is killed half way.
fake_script '{"rules":[{"type":"answer","match":{"body_contains":"slow"},"text":"this answer never finishes because the shell is killed first","chunk":4,"delay_ms":300}]}'
out=$("${PYTHON3:-python3}" "$AURELIS_SRCDIR/tests/integration/ptydrive.py" --log "$TMPROOT/screen.txt" \
	-- "$AURELIS" shell --line --session crashy <<'SCRIPT'
wait/10 Ctrl-D leaves
wait k ›\s*$
send one\r
wait Echo: one
send two\r
wait Echo: two
send three\r
wait Echo: three
wait k ›\s*$
send slow four\r
wait this answer
kill KILL
exit 5
SCRIPT
)
rc=$?
case "$out" in *"exit -9"*) ok "the shell was killed during the answer" ;; *) not_ok "the shell was killed during the answer" "$out" "$(cat "$TMPROOT/screen.txt")" ;; esac
[ "$rc" -eq 0 ] || not_ok "the driver ran its script" "$out"

run "$AURELIS" session export crashy --format json
check_rc 0 "the session still loads"
turns=$(printf '%s' "$OUT" | "${PYTHON3:-python3}" -c '
import json, sys
print(" ".join(t["user"] for t in json.load(sys.stdin)["turns"]))')
if [ "$turns" = "one two three" ]; then ok "every completed turn is there, the killed one is not"; else not_ok "every completed turn is there, the killed one is not" "$turns"; fi
check_err_lacks "warning" "the file has no damaged line"

fake_reset
printf 'five\n' >"$TMPROOT/in"
run "$AURELIS" shell --session crashy <"$TMPROOT/in"
check_rc 0 "the resumed shell answers"
msgs=$(fake_last /inference/chat/completions | "${PYTHON3:-python3}" -c '
import json, sys
print("|".join(m["content"] for m in json.load(sys.stdin)["body"]["messages"] if m["role"] == "user"))')
if [ "$msgs" = "one|two|three|five" ]; then ok "the resumed request carries the three turns"; else not_ok "the resumed request carries the three turns" "$msgs"; fi

done_testing
