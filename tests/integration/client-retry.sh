#!/bin/sh
# SPDX-License-Identifier: MIT
# Resilience: 5xx retries with backoff, 429 waits (each header), long waits and fallback,
# exit 9 when no model is left, the circuit breaker, and the client-side limiter.
. "$AURELIS_SRCDIR/tests/integration/clientlib.sh"
fake_start
export AURELIS_ENDPOINT="$FAKE_ENDPOINT"

# gaps_ms: milliseconds between consecutive chat requests (arrival times).
gaps_ms() { reqs_py '[int((b["t"] - a["t"]) * 1000) for a, b in zip(rs, rs[1:])]'; }

# 503 twice, then an answer: three attempts, backoff within its caps.
client_config "request:" "  backoff_base_ms: 200" "  backoff_max_ms: 300"
fake_script '{"rules":[{"type":"server_error","status":503,"times":2}]}'
ask "after 503s"
check_rc 0 "503 twice then success exits 0"
check_eq "$OUT" "Echo: after 503s" "the answer arrives"
check_eq "$(fake_count "$CHAT")" "3" "three attempts"
check_err_has "2 retries" "the footer counts the retries"
check "backoff stays within base*2^n and the cap: $(gaps_ms)" test "$(reqs_py 'all(g <= c + 150 for g, c in zip([int((b["t"]-a["t"])*1000) for a, b in zip(rs, rs[1:])], [200, 300]))')" = True
check_err_has "retrying in" "the wait is shown"
check_eq "$(reqs_py 'len(set(r["conn"] for r in rs))')" "1" "the three attempts share one kept-alive connection"
check_eq "$(fake_requests | "$PYTHON3" -c 'import json,sys; print(len(set(json.loads(l)["conn"] for l in sys.stdin)))')" "1" \
	"the catalogue request and the chat requests of one run share it too"

# 500 (JSON), 502 (HTML), 504 (plain text), 408 and a dropped connection are retried too.
for rule in '{"type":"server_error","status":500}' '{"type":"server_error","status":502}' \
	'{"type":"server_error","status":504}' '{"type":"status","status":408}' '{"type":"disconnect"}'; do
	fake_reset
	fresh_state
	fake_script "{\"rules\":[$(printf %s "$rule" | sed 's/}$/,"times":1}/')]}"
	ask again
	check_eq "$RC:$(fake_count "$CHAT")" "0:2" "retried after $rule"
done

# Persistent 5xx: the retries are spent, then the next model; then exit 4 naming both.
fake_reset
fresh_state
client_config
fake_script '{"rules":[{"type":"server_error","status":503}]}'
ask doomed
check_rc 4 "persistent 503 exits 4"
check_eq "$(reqs_py '[r["model"] for r in rs]')" \
	"['openai/gpt-4.1-mini', 'openai/gpt-4.1-mini', 'openai/gpt-4.1-mini', 'openai/gpt-4.1-mini', 'openai/gpt-4o-mini', 'openai/gpt-4o-mini', 'openai/gpt-4o-mini', 'openai/gpt-4o-mini']" \
	"1 + 3 retries on each model of the chain"
check_err_has "after 3 retries" "the message counts the retries"
check_err_has "gpt-4.1-mini did not answer" "stderr says which model failed"

# 429 with retry-after: a short wait, visibly counted down, then the same model again.
fake_reset
fresh_state
fake_script '{"rules":[{"type":"rate_limit","retry_after":1,"timeremaining":null,"ratelimit_type":"UserByModelByMinute","times":1}]}'
ask limited
check_rc 0 "after a 1 s retry-after the request succeeds"
check_err_has "rate limited by the service (UserByModelByMinute); retrying in 1 s" "the countdown names the limit"
check_eq "$(reqs_py '[r["model"] for r in rs]')" "['openai/gpt-4.1-mini', 'openai/gpt-4.1-mini']" "the same model was asked again"
check "it waited about a second ($(gaps_ms))" test "$(reqs_py 'int((rs[1]["t"]-rs[0]["t"])*1000) >= 900')" = True

# x-ratelimit-timeremaining alone.
fake_reset
fake_script '{"rules":[{"type":"rate_limit","retry_after":null,"timeremaining":2,"times":1}]}'
ask limited2
check_rc 0 "x-ratelimit-timeremaining alone is honoured"
check "it waited about two seconds ($(gaps_ms))" test "$(reqs_py 'int((rs[1]["t"]-rs[0]["t"])*1000) >= 1900')" = True
check_err_has "retrying in 2 s" "counting down from 2"
check "the countdown goes 2 s, then 1 s" sh -c 'printf "%s\n" "$1" | grep "retrying in" | sed "s/.*retrying in //" | tr "\n" " " | grep -q "^2 s 1 s $"' _ "$ERR"

# No header at all: the wait in the message is used.
fake_reset
fake_script '{"rules":[{"type":"rate_limit","retry_after":null,"timeremaining":null,"ratelimit_type":null,"message":"Rate limit exceeded. Please wait 1 seconds before retrying.","times":1}]}'
ask limited3
check_rc 0 "the wait in the message is honoured"
check "it waited about a second ($(gaps_ms))" test "$(reqs_py 'int((rs[1]["t"]-rs[0]["t"])*1000) >= 900')" = True

# A daily cap on the first model: no waiting, the next model answers.
fake_reset
fake_script '{"rules":[{"type":"rate_limit","retry_after":5631,"ratelimit_type":"UserByModelByDay","match":{"model":"openai/gpt-4.1-mini"}}]}'
t0=$(now_ms)
ask daily
t1=$(now_ms)
check_rc 0 "a long wait moves to the next model"
check_eq "$(reqs_py '[r["model"] for r in rs]')" "['openai/gpt-4.1-mini', 'openai/gpt-4o-mini']" "the next model answered"
check_err_has "UserByModelByDay" "stderr names the limit"
check_err_has "1h 33m" "and how long"
check "without waiting ($((t1 - t0)) ms)" test $((t1 - t0)) -lt 3000

# The cap on every model: exit 9 naming the model, the limit and the duration.
fake_reset
fake_script '{"rules":[{"type":"rate_limit","retry_after":5631,"ratelimit_type":"UserByModelByDay"}]}'
ask capped
check_rc 9 "rate limited everywhere exits 9"
check_err_has "openai/gpt-4o-mini is rate limited (UserByModelByDay) for 1h 33m" "the error names model, limit and duration"
check_err_has "hint:" "with a hint"

# request.max_retry_wait decides what counts as short.
fake_reset
client_config "request:" "  max_retry_wait: 0"
fake_script '{"rules":[{"type":"rate_limit","retry_after":1,"times":1}]}'
ask impatient
check_eq "$(reqs_py '[r["model"] for r in rs]')" "['openai/gpt-4.1-mini', 'openai/gpt-4o-mini']" "max_retry_wait 0 falls back at once"
client_config

# The circuit breaker: 2 failures open it for 60 s; the next run skips the model.
fake_reset
fresh_state
client_config "circuit_breaker:" "  failures: 2" "  open_seconds: 60"
fake_script '{"rules":[{"type":"server_error","status":500,"match":{"model":"openai/gpt-4.1-mini"}}]}'
ask breaker
check_rc 0 "the fallback answers while the first model fails"
check_eq "$(reqs_py '[r["model"] for r in rs]')" "['openai/gpt-4.1-mini', 'openai/gpt-4.1-mini', 'openai/gpt-4o-mini']" "the circuit opened after two failures, ending the retries"
fake_reset
ask breaker again
check_rc 0 "the next run still answers"
check_eq "$(reqs_py '[r["model"] for r in rs]')" "['openai/gpt-4o-mini']" "the open circuit skips the model without a request"
check_err_has "circuit open" "stderr says the circuit is open"
run "$AURELIS" models --json
check_eq "$(printf %s "$OUT" | "$PYTHON3" -c 'import json,sys; print([m["circuit"]["state"] for m in json.load(sys.stdin) if m["id"]=="openai/gpt-4.1-mini"][0])')" "open" "models --json shows the open circuit"
# After open_seconds, one probe goes through and success closes the circuit.
client_config "circuit_breaker:" "  failures: 2" "  open_seconds: 1"
fake_reset
sleep 1.1
ask probe
check_eq "$(reqs_py '[r["model"] for r in rs]')" "['openai/gpt-4.1-mini']" "after open_seconds a probe is sent"
ask closed
check_eq "$(reqs_py 'len([r for r in rs if r["model"]=="openai/gpt-4.1-mini"])')" "2" "and success closes the circuit"
client_config

# The client-side limiter: 2 requests a minute, no waiting allowed -> the third falls back.
fake_reset
fresh_state
client_config "request:" "  max_retry_wait: 0" "models:" "  limits:" "    openai/gpt-4.1-mini:" "      rpm: 2"
ask one
ask two
ask three
check_eq "$(reqs_py '[r["model"] for r in rs]')" "['openai/gpt-4.1-mini', 'openai/gpt-4.1-mini', 'openai/gpt-4o-mini']" "the third request in a minute goes elsewhere"
check_err_has "client-side limit of 2 requests a minute" "stderr says it was the local limit"
run "$AURELIS" models --json
check_eq "$(printf %s "$OUT" | "$PYTHON3" -c 'import json,sys; u=[m["usage"] for m in json.load(sys.stdin) if m["id"]=="openai/gpt-4.1-mini"][0]; print(u["today"], u["last_minute"], u["rpm"], u["per_day"], u["limits_from"])')" \
	"2 2 2 150 config" "models --json shows the counters and the limits"
run "$AURELIS" models
check_out_has "2/150" "models shows today's requests against the daily limit"
client_config

# Concurrency: with one slot, a second process waits for the first to finish.
fake_reset
fresh_state
client_config "models:" "  limits:" "    openai/gpt-4.1-mini:" "      concurrency: 1"
fake_script '{"rules":[{"type":"stall","after_chunks":1,"seconds":1,"then":"finish","match":{"body_contains":"first"}}]}'
"$AURELIS" ask first </dev/null >"$TMPROOT/c1.out" 2>&1 &
p1=$!
# The first request is in flight (its first text arrived) and holds the only slot.
i=0
while [ ! -s "$TMPROOT/c1.out" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
"$AURELIS" ask second </dev/null >"$TMPROOT/c2.out" 2>&1 &
p2=$!
wait $p1
wait $p2
check "the second request waited for the slot" test "$(reqs_py 'rs[1]["t"] >= rs[0]["t_done"] - 0.05 and "second" in rs[1]["body"]["messages"][0]["content"]')" = True
check "both answered" grep -q "Echo: second" "$TMPROOT/c2.out"
client_config

done_testing
