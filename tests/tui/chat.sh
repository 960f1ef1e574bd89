#!/bin/sh
# SPDX-License-Identifier: MIT
# The full-screen interface talking to the fake server: an answer streams in, Ctrl-C
# cancels it (the server sees the client go away), each turn lands in the session file,
# the same prompt in a new session is answered from the cache with the badge, a 429 shows
# its countdown in the status bar, a fallback is announced, --continue resumes with the
# history, and the status bar shows the session, the token meter and requests left today.
. "$AURELIS_SRCDIR/tests/lib.sh"
. "$AURELIS_SRCDIR/tests/tui/lib-tmux.sh"
. "$AURELIS_SRCDIR/tests/fixtures/fakelib.sh"

fake_start
TOKEN=ghp_tuitest0123456789abcdefghijklmnopqr
CHAT=/inference/chat/completions
CHAT_ENV="AURELIS_ENDPOINT=$FAKE_ENDPOINT AURELIS_TOKEN=$TOKEN"
mkdir -p "$XDG_CONFIG_HOME/aurelis"
cfg="$XDG_CONFIG_HOME/aurelis/config.yaml"
printf 'request:\n  backoff_base_ms: 20\n  backoff_max_ms: 100\n' >"$cfg"
sessions="$XDG_DATA_HOME/aurelis/sessions"

# last_req EXPR: EXPR with r = the last chat request the server logged.
last_req() {
	fake_last "$CHAT" | "$PYTHON3" -c "import json,sys
r = json.loads(sys.stdin.read() or 'null')
print($1)"
}
# turns_py EXPR: EXPR with ts = every turn line of every session file.
turns_py() {
	cat "$sessions"/*.jsonl 2>/dev/null | "$PYTHON3" -c "import json,sys
ls = [json.loads(l) for l in sys.stdin if l.strip()]
ts = [l for l in ls if l.get('type') == 'turn']
heads = [l for l in ls if l.get('type') == 'session']
print($1)"
}

# ---- an answer streams in ------------------------------------------------------------------------
fake_script '{"rules":[{"type":"answer","text":"First part of the answer. SECOND-HALF and the END-MARK","chunk":6,"delay_ms":150,"times":1}]}'
tmux_start 150 30
AURELIS_ENV="$CHAT_ENV"
launch shell
check_screen "F1 help" "the interface starts"
check_screen "requests left today" "the status bar shows the requests left today"
check_screen "session new" "and that the session is new"
type_text "first question"
send Enter
check_screen "First part" "the answer starts to arrive from the server" 5
check_screen_lacks "END-MARK" "it is not all there yet"
check_screen "answering" "it is marked as in progress"
check_screen "END-MARK" "the whole answer arrives" 10
if wait_gone "answering" 5; then ok "and is no longer in progress"; else not_ok "and is no longer in progress" "$(screen)"; fi
fake_wait 1 "$CHAT" 5 >/dev/null
check_screen "openai/gpt-4.1-mini · " "the answer is labelled with its model"
check "the server got the prompt with the system prompt, streaming" test "$(last_req 'r["body"]["messages"][-1]["content"] == "first question" and r["body"]["messages"][0]["role"] == "system" and r["body"]["stream"]')" = True
check "with the token" test "$(last_req 'r["headers"]["authorization"].startswith("Bearer sha256:")')" = True
check_screen "context " "the status bar shows the token meter"
check_screen "/8.0k" "against the model's input limit"
name=$(turns_py 'heads[0]["name"] if heads else ""')
check "the first answer saved the session ($name)" test -n "$name"
check_screen "session $name" "the status bar names the session"
check_screen "149 requests left today" "one request counted against 150 a day"

# ---- Ctrl-C stops the transfer at once ---------------------------------------------------------------
fake_script '{"rules":[{"type":"answer","text":"Slow start then a very long tail that never ends in time, SLOW-END","chunk":4,"delay_ms":400,"times":1}]}'
type_text "a slow one"
send Enter
check_screen "Slow start" "a slow answer starts" 6
t0=$("$PYTHON3" -c 'import time; print(time.time())')
send C-c
check_screen "cancelled" "Ctrl-C marks the answer cancelled" 3
fake_wait 2 "$CHAT" 5 >/dev/null
check "the server saw the client go away" test "$(last_req 'r.get("client_gone") is True')" = True
check "within a second of Ctrl-C" test "$(last_req "r['t_done'] - $t0 < 1.0")" = True
sleep 0.5
check_screen_lacks "SLOW-END" "nothing more arrives"
check_screen_lacks "running" "no job runs any more"

# ---- a 429 counts down in the status bar, then the answer comes ------------------------------------
fake_script '{"rules":[{"type":"rate_limit","retry_after":3,"times":1}]}'
type_text "limited"
send Enter
check_screen "rate limited: retry in" "the status bar counts down the wait" 4
check_screen "Echo: limited" "the answer arrives after the wait" 8
if wait_gone "rate limited: retry in" 3; then ok "the countdown is gone"; else not_ok "the countdown is gone" "$(screen)"; fi

# ---- a fallback is announced --------------------------------------------------------------------------
printf 'request:\n  max_retries: 0\n' >"$cfg"
send C-q
check_clean_exit "quits cleanly after streaming, cancelling and waiting"
check "the session holds the answered turns" test "$(turns_py '[t["user"] for t in ts]')" = "['first question', 'a slow one', 'limited']"
check "the cancelled turn is kept, partial and flagged" test "$(turns_py '[(t.get("cancelled"), t["answer"][:10]) for t in ts if t["user"] == "a slow one"]')" = "[(True, 'Slow start')]"
check "turns carry model and tokens" test "$(turns_py 'ts[0]["model"] == "openai/gpt-4.1-mini" and ts[0]["tokens_out"] > 0')" = True

fake_script '{"rules":[{"type":"server_error","status":503,"match":{"model":"openai/gpt-4.1-mini"}}]}'
tmux_start 150 30
launch shell
check_screen "F1 help" "a second run starts"
type_text "fall back please"
send Enter
check_screen "fell back from openai/gpt-4.1-mini to openai/gpt-4o-mini" "the status bar announces the fallback" 6
check_screen "fallback from openai/gpt-4.1-mini" "the answer is labelled as a fallback" 6
check_screen "Echo: fall back please" "the fallback model answers" 6
fake_reset
printf 'request:\n  backoff_base_ms: 20\n' >"$cfg"
send C-q
check_clean_exit "quits cleanly after a fallback"

# ---- the same prompt in a new session: from the cache, with the badge ----------------------------------
n_before=$(fake_count "$CHAT")
tmux_start 150 30
launch shell
check_screen "F1 help" "a third run starts"
type_text "first question"
send Enter
check_screen "First part of the answer. SECOND-HALF and the END-MARK" "the same first question is answered" 5
check_screen "cached" "with the cached badge"
check "without asking the server" test "$(fake_count "$CHAT")" = "$n_before"
send C-q
check_clean_exit "quits cleanly after a cached answer"
check "the cached turn is in its session, flagged" test "$(turns_py '[t.get("cached") for t in ts if t["user"] == "first question"]')" = "[None, True]"

# ---- --continue resumes the project's last session, history included -----------------------------------
tmux_start 150 30
launch shell --continue
check_screen "F1 help" "--continue starts"
check_screen "First part of the answer" "the resumed turns are shown"
type_text "and then"
send Enter
check_screen "Echo: and then" "a new prompt is answered" 5
wait_gone "answering" 5 || :
fake_wait "$((n_before + 1))" "$CHAT" 5 >/dev/null
check "its request carries the earlier turn" test "$(last_req '[m["content"] for m in r["body"]["messages"][1:]] == ["first question", "First part of the answer. SECOND-HALF and the END-MARK", "and then"]')" = True
send C-q
check_clean_exit "quits cleanly after resuming"

# ---- no token: the reason shows in the conversation ------------------------------------------------------
tmux_start 150 30
AURELIS_ENV="AURELIS_ENDPOINT=$FAKE_ENDPOINT"
printf 'security:\n  use_gh_cli: false\n  keyring: false\n' >"$cfg"
launch shell
check_screen "F1 help" "starts without a token"
type_text "anyone there"
send Enter
check_screen "no GitHub token" "the missing token is explained" 5
# The README's quick start: without a token the examples can still be analysed.
type_text "/analyze $AURELIS_SRCDIR/examples"
send Enter
check_screen "config_loader.c:31" "/analyze examples/ works without a token" 15
send C-q
check_clean_exit "quits cleanly without a token"

done_testing
