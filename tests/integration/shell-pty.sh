#!/bin/sh
# SPDX-License-Identifier: MIT
# The line shell in a real pseudo-terminal against the fake server: streaming, Ctrl-C,
# /save and resume with the earlier turns as context, history across restarts, multi-line
# input, queued lines, suggestions.
. "$AURELIS_SRCDIR/tests/lib.sh"
. "$AURELIS_SRCDIR/tests/fixtures/fakelib.sh"

fake_start
export AURELIS_ENDPOINT="$FAKE_ENDPOINT" AURELIS_TOKEN=test-token-not-real TERM=xterm-256color
unset TMUX
mkdir -p "$TMPROOT/proj"
cd "$TMPROOT/proj" || exit 1
LOG="$TMPROOT/screen.txt"

# drive ARGS...: runs aurelis ARGS in a 100x30 pty with the script on stdin; $DRIVE gets
# the driver's output and $SCREEN the whole screen text.
drive() {
	DRIVE=$("${PYTHON3:-python3}" "$AURELIS_SRCDIR/tests/integration/ptydrive.py" --log "$LOG" \
		-- "$AURELIS" "$@")
	DRIVE_RC=$?
	SCREEN=$(cat "$LOG")
}

check_drive() { # description
	if [ "$DRIVE_RC" -eq 0 ]; then ok "$1"; else not_ok "$1" "$DRIVE" "screen: $SCREEN"; fi
}

screen_has() { # text description
	case "$SCREEN" in *"$1"*) ok "$2" ;; *) not_ok "$2" "screen lacks: $1" "$SCREEN" ;; esac
}

# The messages of the last chat request, one "role: content" per line (newlines as \n).
last_messages() {
	fake_last /inference/chat/completions | "${PYTHON3:-python3}" -c '
import json, sys
for m in json.loads(sys.stdin.read())["body"]["messages"]:
    print("%s: %s" % (m["role"], m["content"].replace("\n", "\\n")))'
}

messages_have() { # line description
	msgs=$(last_messages)
	case "$msgs" in *"$1"*) ok "$2" ;; *) not_ok "$2" "messages lack: $1" "$msgs" ;; esac
}

slow='{"rules":[{"type":"answer","text":"alpha beta gamma delta epsilon zeta eta theta iota kappa","chunk":6,"delay_ms":250}]}'

# ---- 1: an answer streams in; Ctrl-C stops the next one and the prompt comes back --------
fake_script "$slow"
drive shell --line <<'EOF'
wait/10 Ctrl-D leaves
wait k ›\s*$
send tell me\r
wait alpha
absent kappa
wait/15 kappa
wait gpt-4.1-mini · \d+→\d+ tokens
wait k ›\s*$
mark
send stop early\r
wait alpha
send \x03
wait/5 cancelled
wait/5 k ›\s*$
mark
send /stats\r
wait cancelled 1, from a fallback model 0
send /save work\r
wait saved as work
send \x04
exit 10
EOF
check_drive "the answer streams in, Ctrl-C cancels it and the prompt answers again"
case "$DRIVE" in *"exit 0"*) ok "Ctrl-D leaves with status 0" ;; *) not_ok "Ctrl-D leaves with status 0" "$DRIVE" ;; esac
run "$AURELIS" session export work --format json
turns=$(printf '%s' "$OUT" | "${PYTHON3:-python3}" -c '
import json, sys
full = "alpha beta gamma delta epsilon zeta eta theta iota kappa"
t = json.load(sys.stdin)["turns"]
print(len(t), t[0]["answer"] == full, t[0]["cancelled"], t[1]["cancelled"],
      0 < len(t[1]["answer"]) < len(full) and full.startswith(t[1]["answer"]))')
if [ "$turns" = "2 True False True True" ]; then ok "the session holds the full answer and the cancelled partial one"; else not_ok "the session holds the full answer and the cancelled partial one" "$turns" "$OUT"; fi

# ---- 2: /save, quit, --session NAME shows the earlier turns and sends them ---------------
# The server logs an exchange when it ends: let the cancelled one end before the reset.
fake_wait 2 /inference/chat/completions 15 || not_ok "the server saw the cancelled request end"
fake_reset
drive shell --line --session work <<'EOF'
wait/10 Ctrl-D leaves
wait k ›\s*$
mark
send follow up\r
wait Echo: follow up
wait k ›\s*$
send \x04
exit 10
EOF
check_drive "a saved session resumes"
screen_has "› tell me" "the earlier question is shown"
screen_has "alpha beta gamma" "the earlier answer is shown"
messages_have "user: tell me" "the earlier question goes with the new one"
messages_have "assistant: alpha beta gamma delta epsilon zeta eta theta iota kappa" "so does the earlier answer"
messages_have "user: follow up" "the new question comes last"
# A cancelled answer's text goes too (the model sees what it had said).
messages_have "assistant: alpha" "the cancelled turn goes with its partial answer"

# ---- 3: history survives a restart; multi-line input in three ways --------------------------
fake_reset
drive shell --line --session work <<'EOF'
wait/10 Ctrl-D leaves
wait k ›\s*$
mark
send \e[A
wait follow up
send \x15
send line one\e\rline two\r
wait Echo: line one
wait k ›\s*$
send \e[200~pasted one\npasted two\e[201~\r
wait Echo: pasted one
wait k ›\s*$
send """\r
wait \.\.\.
send block a\r
send block b\r
send """\r
wait Echo: block a
wait k ›\s*$
send \x04
exit 10
EOF
check_drive "history and multi-line input"
ok "Up recalls the line entered before the restart"
reqs=$(fake_requests /inference/chat/completions | "${PYTHON3:-python3}" -c '
import json, sys
for l in sys.stdin:
    print(json.loads(l)["body"]["messages"][-1]["content"].replace("\n", "|"))')
case "$reqs" in *"line one|line two"*) ok "Alt-Enter puts a newline in the question" ;; *) not_ok "Alt-Enter puts a newline in the question" "$reqs" ;; esac
case "$reqs" in *"pasted one|pasted two"*) ok "a bracketed paste keeps its newline" ;; *) not_ok "a bracketed paste keeps its newline" "$reqs" ;; esac
case "$reqs" in *"block a|block b"*) ok "a \"\"\" block is one question" ;; *) not_ok "a \"\"\" block is one question" "$reqs" ;; esac
n=$(printf '%s\n' "$reqs" | wc -l)
if [ "$n" -eq 3 ]; then ok "three questions, three requests"; else not_ok "three questions, three requests" "$reqs"; fi
hist=$(cat "$XDG_STATE_HOME/aurelis/history")
case "$hist" in *'line one\nline two'*) ok "the history file keeps a multi-line entry as one line" ;; *) not_ok "the history file keeps a multi-line entry as one line" "$hist" ;; esac

# ---- 4: a line entered during an answer waits; suggestions; resize -------------------------
fake_script "$slow"
drive shell --line --session work <<'EOF'
wait/10 Ctrl-D leaves
wait k ›\s*$
mark
send slow again\r
wait alpha
send /tokens\r
wait \+1 queued
absent tokens:
wait/15 kappa
wait tokens: 
wait k ›\s*$
mark
send /hlep\r
wait Did you mean /help\?
resize 60 20
send /help\r
wait Commands
send /quit\r
exit 10
EOF
check_drive "a queued command runs after the answer; unknown commands get a suggestion"
case "$DRIVE" in *"exit 0"*) ok "/quit leaves with status 0" ;; *) not_ok "/quit leaves with status 0" "$DRIVE" ;; esac

# ---- 5: a rate-limit wait counts down above the prompt and goes away ----------------------------
fake_script '{"rules":[{"type":"rate_limit","retry_after":2,"times":1}]}'
drive shell --line --session work <<'EOF'
wait/10 Ctrl-D leaves
wait k ›\s*$
mark
send limited\r
wait rate limited by the service .*; retrying in [12] s
wait Echo: limited
wait k ›\s*$
absent retrying in
send \x04
exit 10
EOF
check_drive "a rate-limit countdown shows above the prompt and is erased when the answer comes"

# ---- 6: Tab completes command names and files ----------------------------------------------------
printf 'x\n' >notes.txt
drive shell --line --session work <<'EOF'
wait/10 Ctrl-D leaves
wait k ›\s*$
send /he\t
wait /help$
send \x15
send /add no\t
wait /add notes.txt
send \x15
send /exp\t md\x20
send \x15
send \x04
exit 10
EOF
check_drive "Tab completes a command and a file name"

done_testing
