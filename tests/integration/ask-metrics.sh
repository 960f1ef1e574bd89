#!/bin/sh
# SPDX-License-Identifier: MIT
# Metrics in the request path: `aurelis ask` against the fake server writes one line per
# attempt (and one per cache hit) with the documented fields, including a 429 then a
# success and a fallback, and `aurelis stats` aggregates exactly those lines.
. "$AURELIS_SRCDIR/tests/integration/clientlib.sh"
CLIENT_CACHE=
fake_start
export AURELIS_ENDPOINT="$FAKE_ENDPOINT"
metrics="$XDG_STATE_HOME/aurelis/metrics.jsonl"
# Forget circuits and counters, but keep the metrics file (clientlib's fresh_state would not).
fresh_state() { rm -f "$XDG_STATE_HOME/aurelis/models-state.json"; }

# lines_py EXPR: EXPR with rs = the request lines written since the last mark, and
# cmds = the command lines.
mark() { n_before=$(cat "$metrics" 2>/dev/null | wc -l); }
lines_py() {
	tail -n +"$((n_before + 1))" "$metrics" | "$PYTHON3" -c "import json,sys
ls = [json.loads(l) for l in sys.stdin if l.strip()]
rs = [l for l in ls if l['type'] == 'request']
cmds = [l for l in ls if l['type'] == 'command']
$1"
}

# ---- one plain success -------------------------------------------------------------------------
mark
ask "count me"
check_rc 0 "a plain ask"
check "one request line with every field" lines_py '
assert len(rs) == 1, rs
r = rs[0]
for k, v in {"command": "ask", "task": "chat", "model": "openai/gpt-4.1-mini", "attempt": 1,
             "status": 200, "error": "ok", "tokens_in": 2, "tokens_out": 4, "cache": "miss"}.items():
    assert r[k] == v, (k, r)
assert r["latency_ms"] > 0 and 0 < r["ttft_ms"] <= r["latency_ms"], r
assert "fallback_from" not in r and "fallback_to" not in r, r
assert len(r["cid"]) >= 8 and cmds[0]["cid"] == r["cid"], (r, cmds)
'

# ---- a cache hit ---------------------------------------------------------------------------------
mark
ask "count me"
check "a hit is one line: cache hit, the stored model and tokens, no ttft" lines_py '
assert len(rs) == 1, rs
r = rs[0]
assert r["cache"] == "hit" and r["model"] == "openai/gpt-4.1-mini" and r["status"] == 200, r
assert r["tokens_in"] == 2 and r["tokens_out"] == 4 and "ttft_ms" not in r, r
assert r["latency_ms"] < 50, r
'
mark
run "$AURELIS" --no-cache ask "count me" </dev/null
check "--no-cache is recorded as a bypass" lines_py 'assert [r["cache"] for r in rs] == ["bypass"], rs'
mark
ask --refresh "count me"
check "--refresh is recorded as a bypass" lines_py 'assert [r["cache"] for r in rs] == ["bypass"], rs'
client_config "cache:" "  enabled: false"
mark
ask "count me"
check "cache.enabled false is recorded as off" lines_py 'assert [r["cache"] for r in rs] == ["off"], rs'
client_config

# ---- 429, then a success after the wait ---------------------------------------------------------
fresh_state
mark
fake_script '{"rules":[{"type":"rate_limit","retry_after":1,"times":1}]}'
ask "limited then fine"
check_rc 0 "429 then success"
check "two attempts: 429 then 200, the wait on the second" lines_py '
assert [(r["attempt"], r["status"], r["error"]) for r in rs] == [(1, 429, "rate_limit"), (2, 200, "ok")], rs
assert rs[0]["cache"] == "miss" and "cache" not in rs[1], rs
assert rs[0]["rate_wait_ms"] == 0 and rs[1]["rate_wait_ms"] >= 900, rs
assert "tokens_in" not in rs[0] and rs[1]["tokens_out"] > 0, rs
assert len({r["cid"] for r in rs}) == 1, rs
'

# ---- a 5xx retried, then a fallback --------------------------------------------------------------
fresh_state
mark
client_config "request:" "  max_retries: 1" "  backoff_base_ms: 1" "  backoff_max_ms: 5"
fake_script '{"rules":[{"type":"server_error","status":503,"match":{"model":"openai/gpt-4.1-mini"}}]}'
ask "fall over"
check_rc 0 "the second model answers"
check "attempts per model, the fallback on both sides" lines_py '
got = [(r["model"], r["attempt"], r["status"], r.get("fallback_to"), r.get("fallback_from")) for r in rs]
assert got == [("openai/gpt-4.1-mini", 1, 503, None, None),
               ("openai/gpt-4.1-mini", 2, 503, "openai/gpt-4o-mini", None),
               ("openai/gpt-4o-mini", 1, 200, None, "openai/gpt-4.1-mini")], got
assert rs[0]["error"] == rs[1]["error"] != "ok" and rs[2]["error"] == "ok", rs
'
client_config

# ---- a failure with no model left ------------------------------------------------------------------
fresh_state
mark
client_config "request:" "  max_retries: 0" "models:" "  routes:" "    chat: [openai/gpt-4.1]"
fake_script '{"rules":[{"type":"unauthorized"}]}'
ask "no entry"
check_rc 3 "401 exits 3"
check "the failed attempt is recorded with its category" lines_py '
assert [(r["model"], r["status"], r["error"]) for r in rs] == [("openai/gpt-4.1", 401, "auth")], rs
assert cmds[0]["status"] == 3, cmds
'
client_config
fake_reset

# ---- stats aggregates exactly these lines ---------------------------------------------------------
run "$AURELIS" stats --json
check_rc 0 "stats --json"
check "stats counts the traffic above" "$PYTHON3" -c '
import json, sys
d = json.loads(sys.argv[1])
m = {x["model"]: x for x in d["models"]}
mini, o4, g41 = m["openai/gpt-4.1-mini"], m["openai/gpt-4o-mini"], m["openai/gpt-4.1"]
# mini: ok, hit, bypass, bypass, off, 429, ok, 503, 503
assert mini["requests"] == 9, mini
assert mini["errors"] == 3 and mini["errors_by_category"]["rate_limit"] == 1, mini
assert mini["cache_hits"] == 1 and mini["cache_misses"] == 3, mini
assert mini["fallbacks_from"] == 1 and mini["rate_wait_ms"] >= 900, mini
assert o4["requests"] == 1 and o4["fallbacks_to"] == 1, o4
assert g41["errors_by_category"] == {"auth": 1}, g41
# today: what reached the service and was not a 429 or a hit
assert mini["today"]["requests"] == 7 and mini["today"]["limit"] == 150, mini["today"]
c = {x["command"]: x for x in d["commands"]}
assert c["ask"]["runs"] == 8 and c["ask"]["failures"] == 1, c["ask"]
' "$OUT"

# ---- metrics.enabled false: nothing written ---------------------------------------------------------
client_config "metrics:" "  enabled: false"
mark
ask "unrecorded"
check_eq "$(lines_py 'print(len(rs))')" "0" "metrics.enabled false writes nothing"
client_config

done_testing
