#!/bin/sh
# SPDX-License-Identifier: MIT
# How `aurelis ask` reports what goes wrong: auth, size, content filter, unknown models,
# max_tokens rejections, cut streams, error events, stalls, and a Ctrl-C mid-answer.
. "$AURELIS_SRCDIR/tests/integration/clientlib.sh"
fake_start
export AURELIS_ENDPOINT="$FAKE_ENDPOINT"

# 401: exit 3, the models: read hint, and never a fallback to another model.
fake_script '{"rules":[{"type":"unauthorized"}]}'
ask hi
check_rc 3 "401 exits 3"
check_err_has "models: read" "the hint names the models: read permission"
check_err_has "unauthorized" "the service's code is shown"
check_eq "$(fake_count "$CHAT")" "1" "no retry and no fallback on 401"

fake_reset
fake_script '{"rules":[{"type":"forbidden"}]}'
ask hi
check_rc 3 "403 exits 3"
check_err_has "403 Forbidden" "a plain-text 403 body is shown"
check_err_has "models: read" "with the models: read hint too"
check_eq "$(fake_count "$CHAT")" "1" "no fallback on 403"

# 413: exit 6 naming the limit and the size sent.
fake_reset
fake_script '{"rules":[{"type":"tokens_limit","max_size":8000}]}'
ask "a long question"
check_rc 6 "413 exits 6"
check_err_has "8000 tokens" "the limit is named"
check_err_has "sent " "the size sent is named"
check_err_has "hint:" "with a hint"

# The real limit check of the fake: a big file.
fake_reset
"$PYTHON3" -c 'print("word " * 9000)' >"$TMPROOT/big.txt"
ask summarise -f "$TMPROOT/big.txt"
check_rc 6 "a prompt over the input cap exits 6"
check_err_has "Max size: 8000 tokens" "the service's message is kept"

# Content filter: on the prompt (400) and on the answer (finish_reason).
fake_reset
fake_script '{"rules":[{"type":"content_filter"}]}'
ask bad words
check_rc 7 "a filtered prompt exits 7"
check_err_has "content filter" "the message says content filter"
fake_script '{"rules":[{"type":"answer","text":"Here is the beg","finish_reason":"content_filter"}]}'
ask bad words
check_rc 7 "a filtered answer exits 7"
check_out_has "Here is the beg" "the text before the filter is kept"

# unknown_model: fall back to the next model of the chain, with a suggestion.
fake_reset
fresh_state
ask -m openai/gpt-4.l hi
check_rc 0 "a misspelt --model falls back"
check_err_has "did you mean openai/gpt-4.1?" "with a did-you-mean"
check_err_has "trying openai/gpt-4o-mini" "the next model is named"
check_out_has "Echo: hi" "the fallback answers"
check_eq "$(reqs_py '[r["model"] for r in rs]')" "['openai/gpt-4.l', 'openai/gpt-4o-mini']" "both models were asked, in order"
check_err_has "not answered by openai/gpt-4.l" "the footer says why the first did not answer"

fake_reset
client_config "models:" "  routes:" "    chat: [no/such-model, also/not-real]"
ask hi
check_rc 7 "no known model left: exit 7"
check_err_has "unknown model also/not-real" "the last failure is reported"
client_config

# max_tokens rejected: one retry with max_completion_tokens, remembered for next time.
fake_reset
fresh_state
client_config "models:" "  params:" "    chat:" "      max_tokens: 20"
ask -m openai/gpt-5 hi
check_rc 0 "gpt-5 answers after the max_completion_tokens retry"
check_eq "$(reqs_py '[("max_tokens" in r["body"], r["body"].get("max_completion_tokens")) for r in rs]')" \
	"[(True, None), (False, 20)]" "first max_tokens, then max_completion_tokens"
fake_reset
ask -m openai/gpt-5 again
check_eq "$(reqs_py '[("max_tokens" in r["body"], r["body"].get("max_completion_tokens")) for r in rs]')" \
	"[(False, 20)]" "the next run remembers max_completion_tokens"
fake_reset
ask -m openai/gpt-4.1 other
check_eq "$(reqs_py '[(r["body"].get("max_tokens"), "max_completion_tokens" in r["body"]) for r in rs]')" \
	"[(20, False)]" "remembered per model: another model still gets max_tokens"
client_config

# A stream cut after some text: kept, flagged, not retried.
fake_reset
fresh_state
fake_script '{"rules":[{"type":"cut","after_chunks":2,"text":"abcdefghijklmnopqrstuvwxyz"}]}'
ask cut
check_rc 4 "a cut stream exits 4"
check_out_has "abcdefghijklmnop" "the partial answer is kept"
check_err_has "incomplete" "it is flagged incomplete"
check_eq "$(fake_count "$CHAT")" "1" "text had arrived, so no retry"

# Cut before any text: retried.
fake_reset
fake_script '{"rules":[{"type":"cut","after_chunks":0,"times":1}]}'
ask "cut early"
check_rc 0 "a stream cut before any text is retried"
check_eq "$OUT" "Echo: cut early" "the retry answers"
check_eq "$(fake_count "$CHAT")" "2" "two attempts"

# End without [DONE] but otherwise whole: kept with a warning.
fake_reset
fake_script '{"rules":[{"type":"answer","text":"whole","omit_done":true}]}'
ask nodone
check_rc 0 "a stream without [DONE] but with a finish reason exits 0"
check_err_has "end marker" "with a warning"

# An error event mid-stream: failure with its message, text kept.
fake_reset
fake_script '{"rules":[{"type":"error_event","after_chunks":1,"message":"upstream model error","code":"server_error","text":"Partial text here"}]}'
ask err
check_rc 7 "an error event exits 7"
check_err_has "upstream model error" "with the service's message"
check_out_has "Partial " "the text before it is kept"

# A stall after some text: exit 8 within the stall limit (stall_timeout 1 s), text kept,
# no retry (it would print the beginning twice).
fake_reset
fresh_state
client_config "request:" "  stall_timeout: 1"
fake_script '{"rules":[{"type":"stall","after_chunks":1,"seconds":5,"then":"close","text":"Before the pause"}]}'
t0=$(now_ms)
ask stall
t1=$(now_ms)
check_rc 8 "a stall exits 8"
check_err_has "stall_timeout" "the message names request.stall_timeout"
check_out_has "Before" "the text before the stall is kept"
check "it gave up after about 1 s ($((t1 - t0)) ms)" test $((t1 - t0)) -ge 900 -a $((t1 - t0)) -lt 2500
check_eq "$(fake_count "$CHAT")" "1" "text had arrived, so no retry"
# A stall before any text (here: no status line) is an incomplete stream without text:
# retried with backoff, then the next model; each attempt gives up after about 1 s.
fake_reset
client_config "request:" "  stall_timeout: 1" "  max_retries: 1" "  backoff_base_ms: 20" "  backoff_max_ms: 20" \
	"models:" "  routes:" "    chat: [openai/gpt-4.1-mini, openai/gpt-4o-mini]"
fake_script '{"rules":[{"type":"slow_headers","seconds":5,"match":{"model":"openai/gpt-4.1-mini"}}]}'
t0=$(now_ms)
ask slow
t1=$(now_ms)
check_rc 0 "a model that stalls before answering is retried, then replaced"
check_eq "$(reqs_py '[r["model"] for r in rs]')" "['openai/gpt-4.1-mini', 'openai/gpt-4.1-mini', 'openai/gpt-4o-mini']" \
	"two attempts on the stalling model, then the next one"
check_err_has "no data from 127.0.0.1 for 1 s (request.stall_timeout) (after 1 retry)" "stderr says why the first did not answer"
check "each stalled attempt gave up after about 1 s ($((t1 - t0)) ms for two)" test $((t1 - t0)) -ge 1900 -a $((t1 - t0)) -lt 4000
fake_script '{"rules":[{"type":"slow_headers","seconds":5}]}'
ask slow
check_rc 8 "no model answering before the stall limit exits 8"
fresh_state
client_config

# No total timeout on streams: a stream that keeps sending outlives both timeouts together.
fake_reset
client_config "request:" "  connect_timeout: 1" "  stall_timeout: 1"
fake_script '{"rules":[{"type":"trickle","bytes_per_sec":800,"text":"a slow answer that keeps on coming for a few seconds, byte by byte, never stalling"}]}'
t0=$(now_ms)
ask long stream
t1=$(now_ms)
check_rc 0 "a stream longer than connect_timeout + stall_timeout succeeds"
check_eq "$OUT" "a slow answer that keeps on coming for a few seconds, byte by byte, never stalling" "and arrives whole"
check "it really lasted longer than both ($((t1 - t0)) ms)" test $((t1 - t0)) -ge 2500
check_eq "$(fake_count "$CHAT")" "1" "in one attempt"
client_config

# Ctrl-C mid-answer: partial output kept, exit 130, fast.
fake_reset
fake_script '{"rules":[{"type":"stall","after_chunks":2,"seconds":30,"text":"first part, then a long pause"}]}'
"$AURELIS" ask wait </dev/null >"$TMPROOT/int.out" 2>"$TMPROOT/int.err" &
pid=$!
i=0
while [ ! -s "$TMPROOT/int.out" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
sleep 0.2
t0=$(now_ms)
kill -INT $pid
wait $pid
rc=$?
t1=$(now_ms)
check_eq "$rc" "130" "Ctrl-C exits 130"
check "it stopped within 500 ms ($((t1 - t0)) ms)" test $((t1 - t0)) -lt 500
check_eq "$(cat "$TMPROOT/int.out")" "first part, then" "the partial answer stays on stdout"
check "stderr says cancelled" grep -q "cancelled" "$TMPROOT/int.err"

done_testing
