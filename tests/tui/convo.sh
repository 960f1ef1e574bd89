#!/bin/sh
# SPDX-License-Identifier: MIT
# The full screen and the line shell share one conversation engine and one command table:
# /model and the model picker choose what the next request asks for, a session resumed
# with --continue or from the session picker is what the next request carries, /help in
# the full screen lists the shared commands, and the full screen's own commands explain
# themselves in the line shell.  Proved with the fake server's request log.
. "$AURELIS_SRCDIR/tests/lib.sh"
. "$AURELIS_SRCDIR/tests/fixtures/fakelib.sh"
. "$AURELIS_SRCDIR/tests/tui/lib-tmux.sh"

fake_start
CHAT=/inference/chat/completions
mkdir -p "$XDG_CONFIG_HOME/aurelis"
cat >"$XDG_CONFIG_HOME/aurelis/config.yaml" <<'EOF'
security:
  keyring: false
  use_gh_cli: false
request:
  max_retries: 0
EOF
W="$TUI_DIR/proj"
mkdir -p "$W"
echo 'int x;' >"$W/main.c"

# last_req EXPR: EXPR with r = the last chat request the server logged.
last_req() {
	fake_last "$CHAT" | "$PYTHON3" -c "import json,sys
r = json.loads(sys.stdin.read() or 'null')
print($1)"
}
# The user texts of the last request, in order.
sent_users() {
	last_req '[m["content"] for m in r["body"]["messages"] if m["role"] == "user"]'
}
# ask TEXT N: type TEXT, wait until the server logged N chat requests and the answer is in.
ask() {
	type_text "$1"
	send Enter
	fake_wait "$2" "$CHAT" 10 >/dev/null || :
	wait_for "Echo: $1" 5 || :
	wait_gone "answering" 5 || :
}

# ---- (d) the line shell: the full screen's commands say what to use instead ----------------------
run_in "$W" sh -c "printf '/open main.c\n' | env AURELIS_ENDPOINT=$FAKE_ENDPOINT AURELIS_TOKEN=t '$AURELIS' shell --line"
check "the line shell fails /open as a usage error" test "$RC" = 2
check_err_has "/open needs the full-screen interface" "/open in the line shell says it needs the full screen"
check_err_has "Use /explain FILE, or aurelis shell without --line" "and what to use instead"
run_in "$W" sh -c "printf '/palette\n/cancel\n' | env AURELIS_ENDPOINT=$FAKE_ENDPOINT AURELIS_TOKEN=t '$AURELIS' shell --line"
check_err_has "/palette needs the full-screen interface" "so does /palette"
check_err_has "/cancel needs the full-screen interface" "and /cancel"
check "nothing went to the model" test "$(fake_count "$CHAT")" = 0

# A session to resume later, written by the line shell.
run_in "$W" sh -c "printf 'remember PELICAN\n' | env AURELIS_ENDPOINT=$FAKE_ENDPOINT AURELIS_TOKEN=t '$AURELIS' shell --line --session bird-talk"
check "the line shell recorded a turn in bird-talk" test "$RC" = 0
check_out_has "Echo: remember PELICAN" "and got its answer"
fake_reset

tmux_start 160 60
type_text "cd '$W'"
send Enter
AURELIS_ENV="AURELIS_ENDPOINT=$FAKE_ENDPOINT AURELIS_TOKEN=test-token"
launch shell
check_screen "F1 help" "the interface starts"

# ---- the screen never waits on the network for a command ----------------------------------------
# /models and /model use the catalogue stored on disk, whatever its age, and never fetch one
# on the screen's thread (the model picker fetches in the background).
# The stored copy is made two days old: a command that fetched when stale would fetch now.
"$PYTHON3" -c "import json,sys,time
p = sys.argv[1]; d = json.load(open(p)); d['fetched_at'] = time.time() - 2 * 86400
json.dump(d, open(p, 'w'))" "$XDG_CACHE_HOME/aurelis/catalog.json"
ncat=$(fake_count /catalog/models)
type_text "/models"
send Enter
check_screen "(* the current model; /model ID switches)" "/models lists the stored catalogue"
type_text "/model openai/gpt-4.1-nan"
send Enter
check_screen "Did you mean openai/gpt-4.1-nano?" "/model checks the id against it"
check "neither fetched the catalogue" test "$(fake_count /catalog/models)" = "$ncat"

# ---- (c) /help lists the shared commands ----------------------------------------------------------
type_text "/help"
send Enter
check_screen "/compact" "/help in the full screen lists /compact"
check_screen "/tokens" "and /tokens"
check_screen "/open FILE" "and the full screen's own /open"
type_text "/tokens"
send Enter
check_screen "system prompt" "/tokens runs in the full screen"
# A command's question is asked in the status bar and answered with a key.
echo "keep me" >"$W/out.md"
type_text "/export md out.md"
send Enter
check_screen "Replace out.md?" "/export asks before replacing a file"
send n
check_screen "out.md exists and was left alone" "n keeps it"
check "the file is untouched" test "$(cat "$W/out.md")" = "keep me"
type_text "/export md out.md"
send Enter
check_screen "Replace out.md?" "asked again"
send y
check_screen "wrote out.md" "y replaces it"
check "with the session as markdown" grep -q "^# " "$W/out.md"

# ---- (a) /model, then the model picker, choose what the next request asks for -------------------
type_text "/model mistral-ai/codestral-2501"
send Enter
check_screen " mistral-ai/codestral-2501 │" "the status bar shows the model /model chose"
ask "first ALBATROSS" 1
check_screen "Echo: first ALBATROSS" "the answer streams into the conversation"
check_screen "▍mistral-ai/codestral-2501" "labelled with the model that answered"
check "the request went to the model /model chose" test "$(last_req 'r["body"]["model"]')" = "mistral-ai/codestral-2501"
send M-m
check_screen "Models" "M-m opens the model picker"
check_screen "meta/llama-3.3-70b-instruct" "the catalogue arrives"
type_text "llama"
check_screen "› llama" "the filter is typed into the picker"
send Enter
check_screen " meta/llama-3.3-70b-instruct │" "the status bar shows the picked model"
ask "second CORMORANT" 2
check "the request went to the picked model" test "$(last_req 'r["body"]["model"]')" = "meta/llama-3.3-70b-instruct"
check "and carried the earlier turn" test "$(sent_users)" = "['first ALBATROSS', 'second CORMORANT']"
send C-q
check_clean_exit "quits cleanly"

# ---- (b) --continue shows the earlier turns and sends them ---------------------------------------
tmux_start 160 60
type_text "cd '$W'"
send Enter
launch shell --continue
check_screen "F1 help" "--continue starts"
check_screen "first ALBATROSS" "the earlier turns are shown"
check_screen " meta/llama-3.3-70b-instruct │" "with the session's model"
ask "third GANNET" 3
check "the next request carries the earlier turns" test "$(sent_users)" = "['first ALBATROSS', 'second CORMORANT', 'third GANNET']"
check "to the session's model" test "$(last_req 'r["body"]["model"]')" = "meta/llama-3.3-70b-instruct"
# A prompt typed while an answer streams waits for it, then carries it.
fake_script '{"rules":[{"type":"answer","text":"Slowly comes the answer, SLOW-DONE","chunk":4,"delay_ms":150,"times":1}]}'
type_text "slow one"
send Enter
check_screen "Slowly" "a slow answer starts" 6
type_text "queued one"
send Enter
check_screen "(1 waiting)" "a prompt typed meanwhile waits"
check_screen "Echo: queued one" "and is answered after it" 15
fake_wait 5 "$CHAT" 5 >/dev/null || :
check "the waiting prompt's request carries the slow answer's turn" test "$(sent_users)" = "['first ALBATROSS', 'second CORMORANT', 'third GANNET', 'slow one', 'queued one']"
fake_reset

# ---- (e) resuming from the session picker: the next request carries that session ----------------
send M-s
check_screen "Sessions" "M-s opens the session picker"
type_text "bird"
send Enter
check_screen "resumed bird-talk (1 turn)" "Enter resumes bird-talk"
check_screen "session bird-talk" "the status bar names it"
check_screen "remember PELICAN" "its turn fills the conversation"
check_screen_lacks "third GANNET" "the other session's turns are gone from the pane"
ask "which bird" 1
check "the next request carries bird-talk's history, not the other session's" test "$(sent_users)" = "['remember PELICAN', 'which bird']"
type_text "/clear"
send Enter
check_screen "2 earlier turns were cleared and are not sent again." "/clear empties the conversation pane"
check_screen_lacks "remember PELICAN" "of the turns later requests leave out"
# Leaving in the middle of an answer keeps its partial text, as the line shell does.
fake_script '{"rules":[{"type":"answer","text":"Slow start then a tail that never arrives in time, SLOW-END","chunk":4,"delay_ms":400,"times":1}]}'
type_text "tell me slowly"
send Enter
check_screen "Slow start" "a slow answer starts" 6
send C-q
check_clean_exit "quits cleanly in the middle of an answer"
run "$AURELIS" session show bird-talk --json
check_out_has "which bird" "the new turn was recorded in bird-talk"
check "the interrupted answer was recorded, partial and cancelled" test "$(printf '%s' "$OUT" | "$PYTHON3" -c "import json,sys
d = json.load(sys.stdin)
ts = [t for t in d['turns'] if t['user'] == 'tell me slowly']
print(len(ts) == 1 and ts[0].get('cancelled') is True and ts[0]['answer'].startswith('Slow start') and 'SLOW-END' not in ts[0]['answer'])")" = True

done_testing
