#!/bin/sh
# SPDX-License-Identifier: MIT
# The shell without a terminal, against the fake server: history as context, commands,
# budgets and what is left out, 413 retries, rate limits, fallbacks, files, /fix and
# /apply, /compact, /model, sessions, exit statuses.
. "$AURELIS_SRCDIR/tests/lib.sh"
. "$AURELIS_SRCDIR/tests/fixtures/fakelib.sh"

fake_start
export AURELIS_ENDPOINT="$FAKE_ENDPOINT" AURELIS_TOKEN=test-token-not-real
# No keyring or gh lookups, and failures without retries, so the test stays fast.
# The client's own limiter (15 requests a minute on the free tier) would make the test
# wait, so the models used get a larger allowance.
base_config() { # [input_tokens for gpt-4.1-mini]
	cat <<EOF
security:
  keyring: false
  use_gh_cli: false
request:
  max_retries: 0
models:
  limits:
    openai/gpt-4.1-mini:
      rpm: 1000
${1:+      input_tokens: $1}
    openai/gpt-4o-mini:
      rpm: 1000
    openai/gpt-4.1:
      rpm: 1000
EOF
}
base_config >"$TMPROOT/base.yaml"
export AURELIS_CONFIG="$TMPROOT/base.yaml"
mkdir -p "$TMPROOT/proj"
cd "$TMPROOT/proj" || exit 1

# shell_in TEXT [ARGS...]: runs `aurelis shell ARGS` with TEXT on stdin.
shell_in() {
	input=$1
	shift
	printf '%s\n' "$input" >"$TMPROOT/in"
	run "$AURELIS" shell "$@" <"$TMPROOT/in"
}

# The messages of request N (1-based, chat requests since the reset), "role: content"
# a line, newlines shown as \n.
messages() {
	fake_requests /inference/chat/completions | "${PYTHON3:-python3}" -c '
import json, sys
reqs = [json.loads(l) for l in sys.stdin if l.strip()]
n = int(sys.argv[1])
r = reqs[n - 1 if n > 0 else n]
print("model: " + r["body"]["model"])
for m in r["body"]["messages"]:
    print("%s: %s" % (m["role"], m["content"].replace("\n", "\\n")))' "$1"
}

msgs_have() { # request text description
	m=$(messages "$1")
	case "$m" in *"$2"*) ok "$3" ;; *) not_ok "$3" "request $1 lacks: $2" "$m" ;; esac
}

msgs_lack() {
	m=$(messages "$1")
	case "$m" in *"$2"*) not_ok "$3" "request $1 has: $2" "$m" ;; *) ok "$3" ;; esac
}

# ---- questions, history, commands -------------------------------------------------------------
shell_in 'first question
/tokens
second question
//slash at the start
"""
block line one
block line two
"""'
check_rc 0 "plain mode answers and exits 0 at the end of input"
check_out_has "Echo: first question" "the first answer is printed"
check_out_has "Echo: second question" "the second answer is printed"
check_out_has "tokens: " "/tokens prints the meter"
check_err_has "openai/gpt-4.1-mini" "a footer names the model on stderr"
check_err_has "saved as session proj-1" "the conversation is saved from its first answer"
check "four requests for four questions" test "$(fake_count /inference/chat/completions)" -eq 4
msgs_have 2 "user: first question" "the second request carries the first question"
msgs_have 2 "assistant: Echo: first question" "and its answer"
msgs_have 3 "user: /slash at the start" "// sends a line starting with a slash"
msgs_have 4 "user: block line one\\nblock line two" "a \"\"\" block is one multi-line question"
msgs_have 1 "system: You are Aurelis" "requests start with the system prompt"

# ---- --continue resumes the project's last session ------------------------------------------
fake_reset
shell_in 'third question' --continue
check_rc 0 "--continue runs"
msgs_have 1 "user: first question" "--continue sends the earlier turns"
msgs_have 1 "user: block line one" "all of them"
run "$AURELIS" session show proj-1
check_out_has "third question" "the new turn is in the same session"

# ---- unknown commands, usage errors, exit status ------------------------------------------------
shell_in '/hlep
/load'
check_rc 2 "a failed command makes the exit status 2"
check_err_has "unknown command /hlep" "unknown commands are reported"
check_err_has "Did you mean /help?" "with a suggestion"
check_err_has "missing argument" "usage errors are reported"
run "$AURELIS" shell --session a --continue </dev/null
check_rc 2 "--session and --continue together are refused"
run "$AURELIS" shell --json </dev/null
check_rc 2 "--json is refused"

# ---- /save NAME, --session NAME -----------------------------------------------------------------
fake_reset
shell_in 'alpha question
/save alpha'
check_err_has "saved as alpha" "/save NAME names the session"
shell_in 'beta question' --session alpha
msgs_have 2 "user: alpha question" "--session NAME sends that session's turns"
shell_in 'x' --session brand-new
check_err_has "new session brand-new" "--session with an unknown name starts that session"
run "$AURELIS" session list
check_out_has "brand-new" "and saves it"

# ---- context files, changes on disk ---------------------------------------------------------------
fake_reset
printf 'int answer = 42;\n' >ctx.c
shell_in '/add ctx.c
/files
what is the answer?'
check_err_has "added ctx.c" "/add confirms"
check_out_has "ctx.c" "/files lists the file"
msgs_have 1 "File ctx.c:" "the file goes with the request"
msgs_have 1 "int answer = 42;" "with its contents"
fake_reset
printf 'int answer = 43;\n' >ctx.c
shell_in 'and now?' --continue
check_err_has "re-read (changed on disk) " "a changed file is announced"
msgs_have 1 "int answer = 43;" "and sent as it is now"
msgs_lack 1 "int answer = 42;" "not as it was"

# ---- budget: what does not fit is left out, and the user is told --------------------------------
base_config 300 >"$TMPROOT/small.yaml"
fake_reset
long=$(printf 'word%.0s ' $(seq 1 40))
shell_in "q1 $long
q2 $long
q3 $long
/tokens" --session small --config "$TMPROOT/small.yaml"
check_err_has "left out turn" "turns that do not fit are announced"
check_err_has "/compact" "with a pointer to /compact"
msgs_lack 3 "user: q1 " "the oldest turn is not sent"
msgs_have 3 "user: q2 " "the newest that fits is"
check_out_has "300" "/tokens shows the configured limit"

# ---- 413: sent once more with less history -------------------------------------------------------
fake_reset
fake_script '{"rules":[{"type":"tokens_limit","max_size":8000,"times":1}]}'
shell_in 'too big?' --session alpha
check_rc 0 "a 413 with history to spare is not a failure"
check_err_has "sending again with less history" "the resend is announced"
check_out_has "Echo: too big?" "the second attempt answers"
check "the question was sent twice" test "$(fake_count /inference/chat/completions)" -eq 2
n1=$(messages 1 | wc -l)
n2=$(messages 2 | wc -l)
if [ "$n2" -lt "$n1" ] && [ "$n2" -ge 3 ]; then ok "the second request is smaller"; else not_ok "the second request is smaller" "$n1 vs $n2"; fi

# ---- rate limit countdown and fallback -----------------------------------------------------------
fake_reset
fake_script '{"rules":[{"type":"rate_limit","retry_after":2,"times":1}]}'
shell_in 'wait for it' --session rl
check_rc 0 "a short rate limit is waited out"
check_err_has "retrying in" "the wait is shown"
check_out_has "Echo: wait for it" "then the answer comes"
fake_reset
fake_script '{"rules":[{"type":"unknown_model","match":{"model":"openai/gpt-4.1-mini"}}]}'
shell_in 'fall back' --session fb
check_err_has "openai/gpt-4.1-mini did not answer" "the failing model is named"
check_err_has "trying openai/gpt-4o-mini" "the fallback is announced"
check_err_has "fallback from openai/gpt-4.1-mini" "the footer says the answer came from a fallback"
run "$AURELIS" session export fb --format json
json_has() { # pattern description: an extended regex over the exported JSON
	if printf '%s' "$OUT" | grep -Eq "$1"; then ok "$2"; else not_ok "$2" "no match for $1" "$OUT"; fi
}
json_has '"fallback":[[:space:]]*true' "the turn is flagged as a fallback"

# ---- /model -----------------------------------------------------------------------------------------
fake_reset
shell_in '/model openai/gpt-4.l
/model openai/gpt-4.1
which model?
/model' --session models
check_err_has "Did you mean openai/gpt-4.1?" "a misspelt model gets a suggestion"
check_err_has "model openai/gpt-4.1 (input limit" "a good one is taken"
check_out_has "model: openai/gpt-4.1 (from session)" "/model shows it"
msgs_have 1 "model: openai/gpt-4.1" "requests go to it"
shell_in '/models' --session models
check_out_has "* openai/gpt-4.1 " "/models marks the current model"

# ---- /explain, /fix, /diff, /apply, /generate ------------------------------------------------------
printf 'int f(int n) {\n\tint i;\n\tfor (i = 0; i <= n; i++)\n\t\t;\n\treturn i;\n}\n' >loop.c
fake_reset
shell_in '/explain loop.c' --session code
check_err_has "added loop.c to the context" "/explain adds the file"
msgs_have 1 "Explain the code you are given" "/explain uses the explain command's system prompt"
msgs_have 1 "user: Explain loop.c." "and asks about the file"
fake_reset
cat >"$TMPROOT/fix.json" <<'EOF'
{"rules":[{"type":"answer","text":"The loop runs once too often.\n\nloop.c\n```c\n<<<<<<< SEARCH\n\tfor (i = 0; i <= n; i++)\n=======\n\tfor (i = 0; i < n; i++)\n>>>>>>> REPLACE\n```\n"}]}
EOF
fake_script "@$TMPROOT/fix.json"
shell_in '/fix loop.c off by one
/diff
/apply' --session code
msgs_have 1 "<<<<<<< SEARCH" "/fix asks for SEARCH/REPLACE blocks"
msgs_have 1 "user: Fix loop.c. The problem: off by one" "about the problem given"
check_out_has "+	for (i = 0; i < n; i++)" "/diff shows the change"
check_rc 2 "/apply without a terminal or --yes fails"
check_err_has "--yes" "and says how to go on"
grep -q 'i <= n' loop.c && ok "nothing was written" || not_ok "nothing was written"
shell_in '/apply --yes' --session code
check_err_has "wrote loop.c" "/apply --yes writes"
grep -q 'i < n' loop.c && ok "the file has the fix" || not_ok "the file has the fix" "$(cat loop.c)"
fake_reset
shell_in '/generate a function that adds two numbers' --session code
msgs_have 1 "user: a function that adds two numbers" "/generate sends the description"
msgs_have 1 "Write the code the user describes" "with the generate command's prompt"

# ---- /analyze, and /fix sends a file's findings -------------------------------------------------
printf '#include <stdio.h>\nint main(void)\n{\n\tchar b[8];\n\tgets(b);\n\treturn 0;\n}\n' >unsafe.c
fake_reset
shell_in '/analyze unsafe.c
/fix unsafe.c' --session analysis
check_out_has "c-gets" "/analyze lists the findings"
check_err_has "1 finding" "and counts them"
check_err_has "sending 1 finding of the static analysis" "/fix says it sends the findings"
msgs_have 1 "Static analysis found:\\n- line 5:" "and the request carries them"

# ---- /compact, /retry --------------------------------------------------------------------------------
fake_reset
shell_in 'c1
c2
c3
c4
/compact
after compact' --session comp
check_err_has "summarising turns 1-2" "/compact summarises all but the last two turns"
check_err_has "are now sent as a summary" "and records the summary"
msgs_have 5 "Summarise the conversation" "the summary request has its own prompt"
msgs_have 5 "c1" "and carries the old turns"
msgs_have 6 "Summary of the earlier conversation (turns 1-2)" "the next request sends the summary"
msgs_lack 6 "user: c1" "instead of the turns it covers"
msgs_have 6 "user: c3" "the newer turns still go as they are"
grep -q '"type":"summary"' "$XDG_DATA_HOME"/aurelis/sessions/*.jsonl && ok "the summary is in the session file" || not_ok "the summary is in the session file"
fake_reset
shell_in 'retry me
/retry' --session rt
msgs_have 2 "user: retry me" "/retry asks the same question"
msgs_lack 2 "assistant: Echo: retry me" "without the answer it replaces"
run "$AURELIS" session export rt --format json
json_has '"retry_of":[[:space:]]*1' "the new turn records what it replaces"

# ---- the response cache --------------------------------------------------------------------------
fake_reset
shell_in 'a cacheable question' --session c1
n=$(fake_count /inference/chat/completions)
check_eq "$n" 1 "a new question is sent"
shell_in 'a cacheable question' --session c2
check_rc 0 "the same first question in a new session exits 0"
check_out_has "Echo: a cacheable question" "is answered"
check_err_has "cached" "from the cache, and says so"
check_eq "$(fake_count /inference/chat/completions)" "$n" "without a request"
run "$AURELIS" session export c2 --format json
json_has '"cached":[[:space:]]*true' "the turn is recorded as cached"
shell_in 'a cacheable question' --session c3 --no-cache
check_eq "$(fake_count /inference/chat/completions)" "$((n + 1))" "--no-cache asks the model"
shell_in 'a cacheable question
/retry' --session c4
check_eq "$(fake_count /inference/chat/completions)" "$((n + 2))" "/retry asks the model even when the answer is cached"

# ---- failures --------------------------------------------------------------------------------------
fake_reset
fake_script '{"rules":[{"type":"server_error","status":500}]}'
shell_in 'doomed' --session bad
check_rc 4 "a request that fails ends with the network status"
check_err_has "aurelis: error:" "the error is reported"
run "$AURELIS" session show bad
check_out_lacks "doomed" "a failed request is not recorded"
unset AURELIS_TOKEN
shell_in 'no token' --session bad
check_rc 3 "no token: exit 3"

done_testing
