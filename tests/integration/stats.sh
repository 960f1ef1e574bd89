#!/bin/sh
# SPDX-License-Identifier: MIT
# `aurelis stats` end to end over a seeded metrics file (and its rotated copies), plus the
# command records every run appends.
. "$AURELIS_SRCDIR/tests/lib.sh"

state="$XDG_STATE_HOME/aurelis"
metrics="$state/metrics.jsonl"
mkdir -p "$state"

# ---- nothing recorded yet -------------------------------------------------------------------
run "$AURELIS" stats
check_rc 0 "stats with no metrics file"
check_out_has "No requests recorded." "says there is nothing"

# ---- seed: today, yesterday, rotated files, damaged lines ---------------------------------
"$PYTHON3" - "$metrics" <<'EOF'
import json, sys, time
path = sys.argv[1]
now = int(time.time() * 1000)
today0 = now - now % 86400000
# Stay within today whatever the hour: spread the seeded requests over the last minutes,
# but never before midnight UTC.
def ts(i):
    return max(today0 + 1, now - 600000 + i)
def rec(**kw):
    d = {"type": "request", "cid": "c0ffee", "command": "ask", "task": "chat", "attempt": 1}
    d.update(kw)
    return json.dumps(d, separators=(",", ":"))
old, mid, live = [], [], []
# gpt-4.1: ten successes (latency 100..1000 ms, ttft 10..100), in two files.
for i in range(1, 11):
    line = rec(ts=ts(i), model="openai/gpt-4.1", status=200, error="ok", latency_ms=i * 100,
               ttft_ms=i * 10, tokens_in=100, tokens_out=10, cache="miss")
    (mid if i <= 5 else live).append(line)
# one 429 that fell back, one timeout, two cache hits
live.append(rec(ts=ts(20), model="openai/gpt-4.1", status=429, error="rate_limit", latency_ms=30,
                cache="miss", fallback_to="openai/gpt-4.1-mini", rate_wait_ms=2500))
live.append(rec(ts=ts(21), model="openai/gpt-4.1", status=0, error="timeout", latency_ms=60000, cache="miss"))
live.append(rec(ts=ts(22), model="openai/gpt-4.1", status=200, error="ok", latency_ms=0.3, cache="hit"))
live.append(rec(ts=ts(23), model="openai/gpt-4.1", status=200, error="ok", latency_ms=0.2, cache="hit"))
live.append(rec(ts=ts(24), model="openai/gpt-4.1-mini", status=200, error="ok", latency_ms=400,
                ttft_ms=50, tokens_in=7, tokens_out=3, cache="off", fallback_from="openai/gpt-4.1"))
# eight days ago, in the oldest rotated file: outside --since 7d and not today
old.append(rec(ts=now - 8 * 86400000, model="openai/gpt-4.1", status=200, error="ok",
               latency_ms=5000, ttft_ms=500, tokens_in=1, tokens_out=1, cache="miss"))
old.append(json.dumps({"type": "command", "ts": now - 8 * 86400000, "command": "ask", "status": 0,
                       "ms": 900, "peak_rss_kib": 20000}, separators=(",", ":")))
mid.append(json.dumps({"type": "command", "ts": ts(30), "command": "shell", "status": 0,
                       "ms": 60000, "peak_rss_kib": 12000, "slash": {"model": 3, "clear": 1}},
                      separators=(",", ":")))
# damage: a truncated line, binary junk, a line of the wrong shape
mid.append('{"type":"request","ts":1,"model":"openai/gpt-4.1","status":2')
live.append("\x00\x01 not json")
live.append('{"type":"request","ts":"now","model":"x"}')
open(path + ".3", "w").write("\n".join(old) + "\n")
open(path + ".1", "w").write("\n".join(mid) + "\n")
# the live file ends in the middle of a line another process is writing
open(path, "w").write("\n".join(live) + "\n" + '{"type":"requ')
EOF

run "$AURELIS" stats --json
check_rc 0 "stats --json"
check "per-model figures match the seeded lines" "$PYTHON3" -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["skipped"] == 4, d["skipped"]
m = {x["model"]: x for x in d["models"]}
g = m["openai/gpt-4.1"]
assert g["requests"] == 15, g["requests"]
assert g["errors"] == 2 and g["errors_by_category"] == {"timeout": 1, "rate_limit": 1}, g
assert g["cache_hits"] == 2 and g["cache_misses"] == 13, g
assert abs(g["cache_hit_ratio"] - 2 / 15) < 1e-9, g
# successes: 100..1000 and the old 5000 -> 11 values, nearest rank
assert g["latency_ms"] == {"p50": 600, "p95": 5000, "p99": 5000, "count": 11}, g["latency_ms"]
assert g["ttft_ms"]["p50"] == 60 and g["ttft_ms"]["count"] == 11, g["ttft_ms"]
assert g["tokens_in"] == 1001 and g["tokens_out"] == 101, g
assert g["fallbacks_from"] == 1 and g["rate_wait_ms"] == 2500, g
assert g["today"]["requests"] == 10 and g["today"]["limit"] == 150 and g["today"]["tier_assumed"], g["today"]
mini = m["openai/gpt-4.1-mini"]
assert mini["fallbacks_to"] == 1 and mini["today"]["requests"] == 1, mini
c = {x["command"]: x for x in d["commands"]}
assert c["shell"]["runs"] == 1 and c["shell"]["peak_rss_kib"] == 12000, c
assert c["ask"]["peak_rss_kib"] == 20000, c
s = {x["command"]: x["runs"] for x in d["slash_commands"]}
assert s == {"model": 3, "clear": 1}, s
' "$OUT"

run "$AURELIS" stats --since 7d --json
check_rc 0 "stats --since 7d"
check "--since drops the old lines" "$PYTHON3" -c '
import json, sys
d = json.loads(sys.argv[1])
g = {x["model"]: x for x in d["models"]}["openai/gpt-4.1"]
assert g["requests"] == 14 and g["latency_ms"]["p95"] == 1000 and g["tokens_in"] == 1000, g
assert "ask" not in {x["command"] for x in d["commands"]}, d["commands"]
assert d["since_ms"] is not None
' "$OUT"

run "$AURELIS" stats
check_rc 0 "stats as text"
check_out_has "openai/gpt-4.1" "text names the model"
check_out_has "15, 2 failed (timeout 1, rate_limit 1)" "text shows errors by category"
check_out_has "p50 600 ms" "text shows the median latency"
check_out_has "2 hits, 13 misses" "text shows cache use"
check_out_has "4 skipped" "text counts skipped lines"
check_out_has "of 150 requests per day (low tier assumed: no catalogue tier, Copilot free)" "no catalogue: the low tier is assumed, as by the client"
check_out_has "shell" "text lists commands"

# ---- daily limits from the cached catalogue and the plan --------------------------------------
mkdir -p "$XDG_CACHE_HOME/aurelis"
printf '[{"id":"openai/gpt-4.1","rate_limit_tier":"high"},{"id":"openai/gpt-4.1-mini","rate_limit_tier":"low"}]' \
	>"$XDG_CACHE_HOME/aurelis/catalog.json"
run "$AURELIS" stats
check_out_has "10 of 50 requests per day (high tier, Copilot free)" "free plan high tier: 50 a day"
check_out_has "1 of 150 requests per day (low tier, Copilot free)" "free plan low tier: 150 a day"
mkdir -p "$XDG_CONFIG_HOME/aurelis"
printf 'models:\n  plan: business\n' >"$XDG_CONFIG_HOME/aurelis/config.yaml"
run "$AURELIS" stats
check_out_has "10 of 100 requests per day (high tier, Copilot business)" "models.plan changes the limit"
printf 'models:\n  plan: business\n  limits:\n    openai/gpt-4.1:\n      per_day: 77\n' >"$XDG_CONFIG_HOME/aurelis/config.yaml"
run "$AURELIS" stats
check_out_has "10 of 77 requests per day (models.limits.openai/gpt-4.1.per_day)" "models.limits per_day overrides the tier, as in models"
rm -f "$XDG_CONFIG_HOME/aurelis/config.yaml"
printf 'not a catalogue' >"$XDG_CACHE_HOME/aurelis/catalog.json"
run "$AURELIS" stats
check_rc 0 "a damaged catalogue is not fatal"

# ---- Prometheus ---------------------------------------------------------------------------------
printf '[{"id":"openai/gpt-4.1","rate_limit_tier":"high"}]' >"$XDG_CACHE_HOME/aurelis/catalog.json"
run "$AURELIS" stats --prometheus
check_rc 0 "stats --prometheus"
printf '%s\n' "$OUT" >"$TMPROOT/aurelis.prom"
check "valid text exposition format" "$PYTHON3" - "$TMPROOT/aurelis.prom" <<'EOF'
# A small parser for the Prometheus text format (version 0.0.4): comments are HELP or TYPE,
# every sample belongs to the family declared last, names and labels are well formed,
# values are floats, summaries have quantile samples with _sum and _count.
import math, re, sys
NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"')
SAMPLE = re.compile(r"^(" + NAME + r")(?:\{(.*)\})? (\S+)$")
families, current, samples = {}, None, {}
text = open(sys.argv[1]).read()
assert text.endswith("\n")
for n, line in enumerate(text.rstrip("\n").split("\n"), 1):
    if line.startswith("# HELP "):
        assert re.match(r"^# HELP " + NAME + r" \S", line), line
        continue
    if line.startswith("# TYPE "):
        m = re.match(r"^# TYPE (" + NAME + r") (counter|gauge|summary|histogram|untyped)$", line)
        assert m, line
        assert m.group(1) not in families, "declared twice: " + line
        current = m.group(1)
        families[current] = m.group(2)
        continue
    assert not line.startswith("#"), line
    m = SAMPLE.match(line)
    assert m, "line %d: %r" % (n, line)
    name, labels, value = m.groups()
    kind = families.get(current)
    assert current and (name == current or (kind == "summary" and name in (current + "_sum", current + "_count"))), line
    lab = {}
    if labels:
        pos = 0
        while pos < len(labels):
            lm = LABEL.match(labels, pos)
            assert lm, "labels: " + line
            assert lm.group(1) not in lab, line
            lab[lm.group(1)] = lm.group(2)
            pos = lm.end()
            if pos < len(labels):
                assert labels[pos] == ",", line
                pos += 1
    v = float(value)  # accepts NaN, +Inf
    if kind == "summary" and name == current:
        assert "quantile" in lab and 0 <= float(lab["quantile"]) <= 1, line
    if kind == "counter":
        assert v >= 0, line
    key = (name, tuple(sorted(lab.items())))
    assert key not in samples, "duplicate sample: " + line
    samples[key] = v
assert families["aurelis_requests_total"] == "counter"
assert families["aurelis_request_latency_seconds"] == "summary"
assert samples[("aurelis_requests_total", (("model", "openai/gpt-4.1"),))] == 15
assert samples[("aurelis_request_latency_seconds", (("model", "openai/gpt-4.1"), ("quantile", "0.5")))] == 0.6
assert samples[("aurelis_request_latency_seconds_count", (("model", "openai/gpt-4.1"),))] == 11
assert samples[("aurelis_request_errors_total", (("category", "timeout"), ("model", "openai/gpt-4.1")))] == 1
assert samples[("aurelis_daily_request_limit", (("model", "openai/gpt-4.1"),))] == 50
assert samples[("aurelis_slash_command_runs_total", (("command", "model"),))] == 3
assert samples[("aurelis_metrics_skipped_lines", ())] == 4
for (name, lab), v in samples.items():
    if name.endswith("_count") or name.endswith("_total"):
        assert not math.isnan(v), name
EOF

# ---- usage errors -----------------------------------------------------------------------------
run "$AURELIS" stats --json --prometheus
check_rc 2 "--json and --prometheus together are refused"
run "$AURELIS" stats --since soon
check_rc 2 "a bad --since is a usage error"
check_err_has "--since: 'soon'" "the error names the value"
check_err_has "hint: Give a duration" "the hint gives examples"
run "$AURELIS" stats extra
check_rc 2 "stats takes no arguments"

# ---- every run appends a command record ------------------------------------------------------
rm -f "$metrics"*
"$AURELIS" cache >/dev/null 2>&1
"$AURELIS" cache list >/dev/null 2>&1
"$AURELIS" stats --since soon >/dev/null 2>&1
run "$AURELIS" stats --json
check "command records counted, failures too" "$PYTHON3" -c '
import json, sys
d = json.loads(sys.argv[1])
c = {x["command"]: x for x in d["commands"]}
assert c["cache"]["runs"] == 2 and c["cache"]["failures"] == 0, c
assert c["stats"]["runs"] == 1 and c["stats"]["failures"] == 1, c
assert c["cache"]["peak_rss_kib"] > 1000, c
' "$OUT"
check "metrics file is private" test "$(stat -c %a "$metrics")" = 600
mkdir -p "$XDG_CONFIG_HOME/aurelis"
printf 'metrics:\n  enabled: false\n' >"$XDG_CONFIG_HOME/aurelis/config.yaml"
lines=$(wc -l <"$metrics")
"$AURELIS" cache >/dev/null 2>&1
check "metrics.enabled: false writes nothing" test "$(wc -l <"$metrics")" = "$lines"

done_testing
