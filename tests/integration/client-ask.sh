#!/bin/sh
# SPDX-License-Identifier: MIT
# `aurelis ask` against the fake server: streaming, non-stream, --json, the footer, what
# is sent (headers, body fields, files, stdin, system), org paths and stream variants.
. "$AURELIS_SRCDIR/tests/integration/clientlib.sh"
fake_start
export AURELIS_ENDPOINT="$FAKE_ENDPOINT"

ask hello world
check_rc 0 "ask exits 0"
check_eq "$OUT" "Echo: hello world" "the streamed answer is printed whole"
check_err_has "openai/gpt-4.1-mini, 3 in / 5 out tokens, first token" "the footer names model and token counts"
check_err_has "total" "the footer has the total time"
check "the request streamed with usage" test "$(req_py 'r["body"]["stream"] and r["body"]["stream_options"]["include_usage"]')" = True
check_eq "$(req_py 'r["headers"]["user-agent"]')" "aurelis/0.1.0" "User-Agent is aurelis/VERSION"
check_eq "$(req_py 'r["headers"]["authorization"]')" "Bearer sha256:$(token_hash "$TOKEN")" "the token from AURELIS_TOKEN is sent"
check_eq "$(req_py 'r["headers"].get("accept")')" "text/event-stream" "a stream asks for text/event-stream"
check_eq "$(req_py 'sorted(k for k in r["body"] if k in ("temperature","top_p","max_tokens","max_completion_tokens","response_format"))')" "[]" "no sampling options unless set"
check_eq "$(req_py 'r["body"]["messages"]')" "[{'role': 'user', 'content': 'hello world'}]" "one user message"
check_eq "$(req_py 'r["model"]')" "openai/gpt-4.1-mini" "the chat route's head is used"
check "the log never holds the token" sh -c "! grep -rq '$TOKEN' '$XDG_STATE_HOME'"

ask --no-stream hi there
check_rc 0 "--no-stream exits 0"
check_eq "$OUT" "Echo: hi there" "--no-stream prints the answer"
check_eq "$(req_py 'r["body"]["stream"]')" "False" "--no-stream sends stream false"
check_eq "$(req_py '"stream_options" in r["body"]')" "False" "no stream_options without streaming"

ask --json what now
check_rc 0 "--json exits 0"
check_eq "$(printf %s "$OUT" | "$PYTHON3" -c 'import json,sys; d=json.load(sys.stdin); print(d["answer"], d["model"], d["usage"]["completion_tokens"], d["finish_reason"], d["incomplete"])')" \
	"Echo: what now openai/gpt-4.1-mini 4 stop False" "--json gives answer, model, usage and flags"

ask -m openai/gpt-4.1 --system "be terse" "sys test"
check_eq "$(req_py 'r["body"]["messages"][0]')" "{'role': 'system', 'content': 'be terse'}" "--system is sent first"
check_eq "$(req_py 'r["model"]')" "openai/gpt-4.1" "--model picks the model"

printf 'int main(void) { return 0; }\n' >"$TMPROOT/main.c"
printf 'piped text\n' >"$TMPROOT/stdin.txt"
run "$AURELIS" ask "explain" -f "$TMPROOT/main.c" <"$TMPROOT/stdin.txt"
check_rc 0 "ask with a file and stdin"
check "the file and stdin are in the question" test "$(req_py '"File: " in r["body"]["messages"][-1]["content"] and "int main(void)" in r["body"]["messages"][-1]["content"] and r["body"]["messages"][-1]["content"].endswith("piped text\n")')" = True
check_out_has "Echo: explain" "the prompt words come first"

printf 'a\0b' >"$TMPROOT/bin.dat"
ask x -f "$TMPROOT/bin.dat"
check_rc 6 "a binary file is refused with exit 6"
check_err_has "binary" "the message says binary"
ask x -f "$TMPROOT/missing.txt"
check_rc 6 "a missing file is invalid input"

ask
check_rc 2 "nothing to ask is a usage error"
check_err_has "hint:" "with a hint"

# models.params.<task> are sent when set.
client_config "models:" "  params:" "    chat:" "      temperature: 0.3" "      max_tokens: 50"
ask params
check_eq "$(req_py 'r["body"]["temperature"], r["body"]["max_tokens"]')" "0.3 50" "models.params.chat.* are sent"
client_config

# Organisation attribution.
ask --org my-org "org test"
check_rc 0 "--org works"
check_eq "$(req_py 'r["path"]' /orgs/my-org/inference/chat/completions)" "/orgs/my-org/inference/chat/completions" "--org uses /orgs/{org}/inference/chat/completions"
AURELIS_ORG=env-org ask "org env"
check_eq "$(fake_count /orgs/env-org/inference/chat/completions)" "1" "AURELIS_ORG does the same"

# Every framing the service (or a gateway) may use gives the same answer.
for opts in '"crlf":true' '"no_space":true' '"comments":true' '"split_events_across_writes":true' \
	'"empty_choices_first":true' '"role_chunk":false' '"chunk":1'; do
	fake_script "{\"rules\":[{\"type\":\"answer\",\"text\":\"h\u00e9llo \u20ac w\u00f6rld \ud83d\ude00\",$opts}]}"
	ask framing
	check_eq "$OUT" "héllo € wörld 😀" "stream framing {$opts} gives the same text"
done
fake_reset

ask "[[answer:unicode]]"
check_rc 0 "a multi-byte answer"
check "it is valid UTF-8" sh -c "printf %s \"\$1\" | iconv -f UTF-8 -t UTF-8 >/dev/null" _ "$OUT"

# Plain output when stdout is not a terminal: no escape sequences anywhere.
ask "[[answer:markdown]]"
check_out_lacks "$(printf '\033')" "piped stdout has no ANSI escapes"

# finish_reason length: kept and flagged.
fake_script '{"rules":[{"type":"answer","text":"partial answ","finish_reason":"length"}]}'
ask cut me
check_rc 0 "a cut answer still exits 0"
check_out_has "partial answ" "the cut answer is printed"
check_err_has "cut" "the cut is flagged"
fake_reset

# Trickle: a slow but steady stream is not a stall.
fake_script '{"rules":[{"type":"trickle","bytes_per_sec":400,"text":"slow and steady wins"}]}'
client_config "request:" "  stall_timeout: 1"
ask trickle
check_rc 0 "a trickling stream succeeds"
check_eq "$OUT" "slow and steady wins" "the trickled answer is whole"
client_config
fake_reset

# A 5 MB answer streams through whole.
fake_script '{"rules":[{"type":"big","size":5000000,"chunk":256}]}'
run sh -c '"$AURELIS" ask big </dev/null | wc -c'
check_eq "$(printf %s "$OUT" | tr -d ' ')" "5000001" "a 5 MB answer arrives whole (plus the final newline)"
fake_reset

# Plain http to a remote host is refused before anything is sent.
AURELIS_ENDPOINT=http://models.example.com/inference ask hi
check_rc 2 "plain http to a remote host is refused"
check_err_has "plain http" "the message says why"
check_err_has "hint:" "with a hint"

# No token anywhere: a clear auth error, no request.
n=$(fake_count "$CHAT")
run env -u AURELIS_TOKEN "$AURELIS" ask hi </dev/null
check_rc 3 "no token: exit 3"
check_err_has "no GitHub token found" "the message says no token"
check_err_has "aurelis auth login" "the hint says how to add one"
# Without a D-Bus session the keyring cannot be asked; the message says so in a sentence.
run env -u AURELIS_TOKEN -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY "$AURELIS" ask hi </dev/null
check_rc 3 "no token and no keyring: exit 3"
check_err_has "the keyring could not be asked (" "says the keyring could not be asked, and why"
check_eq "$(fake_count "$CHAT")" "$n" "nothing was sent without a token"

# On a terminal the answer is rendered from markdown; piped, or with --plain, it is the
# model's text byte for byte.
md='{"rules":[{"type":"answer","text":"Some **bold** words and `code`.\\n\\n- one\\n- two\\n"}]}'
fake_script "$md"
ask --no-cache render me
check_out_has "Some **bold** words" "piped: the markdown as it is"
check_out_has "- one" "piped: list markers as written"
pty_ask() {
	fake_script "$md"
	DRIVE=$(printf 'exit 10\n' | TERM=xterm-256color "${PYTHON3:-python3}" \
		"$AURELIS_SRCDIR/tests/integration/ptydrive.py" --log "$TMPROOT/pty.txt" -- \
		"$AURELIS" ask --no-cache "$@")
	SCREEN_RC=$?
	SCREEN=$(cat "$TMPROOT/pty.txt")
}
pty_ask render me
check_eq "$SCREEN_RC" 0 "ask in a pseudo-terminal ends"
case "$DRIVE" in *"exit 0"*) ok "on a terminal: exit 0" ;; *) not_ok "on a terminal: exit 0" "$DRIVE" ;; esac
case "$SCREEN" in *"**bold**"*) not_ok "on a terminal: the markup is rendered" "$SCREEN" ;; *"bold words"*) ok "on a terminal: the markup is rendered" ;; *) not_ok "on a terminal: the markup is rendered" "$SCREEN" ;; esac
pty_ask --plain render me
case "$SCREEN" in *"Some **bold** words"*) ok "--plain on a terminal: the markdown as it is" ;; *) not_ok "--plain on a terminal: the markdown as it is" "$SCREEN" ;; esac

done_testing
