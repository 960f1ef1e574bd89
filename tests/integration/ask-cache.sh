#!/bin/sh
# SPDX-License-Identifier: MIT
# The response cache in the request path, through `aurelis ask` against the fake server:
# its request log proves whether the service was asked.  Hits, --refresh, --no-cache,
# cache.enabled, what is never stored, what the key covers and what it leaves out,
# per-task TTLs, fallback answers, and damaged entries.
. "$AURELIS_SRCDIR/tests/integration/clientlib.sh"
CLIENT_CACHE=
fake_start
export AURELIS_ENDPOINT="$FAKE_ENDPOINT"
dir="$XDG_CACHE_HOME/aurelis/responses"
entries() { find "$dir" -name '*.entry' 2>/dev/null | wc -l | tr -d ' '; }
# settled N [PATH]: the number of requests to PATH (default: chat), once at least N are
# logged (the server logs an exchange just after its last byte, so a count taken the moment
# aurelis exits may miss it).
settled() { fake_wait "$1" "${2:-$CHAT}" 3 >/dev/null || :; fake_count "${2:-$CHAT}"; }

# ---- a miss, then a hit ---------------------------------------------------------------------
ask "what is a pointer"
check_rc 0 "first ask answers"
check_eq "$OUT" "Echo: what is a pointer" "the answer comes from the service"
check_eq "$(settled 1)" "1" "the service was asked once"
check_err_lacks "cached" "a live answer is not labelled cached"
check_eq "$(entries)" "1" "the answer was stored"
ask "what is a pointer"
check_rc 0 "second ask answers"
check_eq "$OUT" "Echo: what is a pointer" "the same answer"
check_eq "$(settled 1)" "1" "the service was not asked again"
check_err_has "openai/gpt-4.1-mini, cached" "the footer says cached and names the model"
check_err_has "5 in / 6 out tokens" "the stored token counts are shown"

ask --json "what is a pointer"
check "--json on a hit says cached, with model, usage and finish reason" "$PYTHON3" -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["cached"] is True and d["answer"] == "Echo: what is a pointer", d
assert d["model"] == "openai/gpt-4.1-mini" and d["finish_reason"] == "stop", d
assert d["usage"]["completion_tokens"] == 6 and "error" not in d, d
' "$OUT"

# ---- what the key leaves out: the token, the stream flag ------------------------------------
AURELIS_TOKEN=ghp_someoneelse0123456789abcdefghijklmn ask "what is a pointer"
check_eq "$(settled 1):$RC" "1:0" "another token hits the same entry"
ask --no-stream "what is a pointer"
check_eq "$(settled 1):$OUT" "1:Echo: what is a pointer" "--no-stream hits the entry a stream stored"
check "no cache file holds the token" sh -c "! grep -rqs '$TOKEN' '$XDG_CACHE_HOME'"

# ---- what the key covers: model, system message, endpoint org ------------------------------
ask --model openai/gpt-4.1 "what is a pointer"
check_eq "$(settled 2)" "2" "another model is another key"
ask --system "Be brief." "what is a pointer"
check_eq "$(settled 3)" "3" "a system message is part of the key"
ask --org acme "what is a pointer"
check_eq "$(settled 1 /orgs/acme/inference/chat/completions)" "1" "an org is part of the key"
ask --model openai/gpt-4.1 "what is a pointer"
check_eq "$(settled 3)" "3" "each of them hits its own entry the second time"

# ---- --refresh: asks again and replaces the entry ------------------------------------------
fake_script '{"rules":[{"type":"answer","text":"A fresher answer.","times":1}]}'
ask --refresh "what is a pointer"
check_eq "$OUT" "A fresher answer." "--refresh asks the service"
check_eq "$(settled 4)" "4" "--refresh sent a request"
check_err_lacks "cached" "--refresh is not labelled cached"
ask "what is a pointer"
check_eq "$(settled 4):$OUT" "4:A fresher answer." "the refreshed answer replaced the old entry"

# ---- --no-cache and cache.enabled: false ------------------------------------------------------
run "$AURELIS" --no-cache ask "what is a pointer" </dev/null
check_eq "$(settled 5):$OUT" "5:Echo: what is a pointer" "--no-cache does not read the cache"
ask "what is a pointer"
check_eq "$OUT" "A fresher answer." "--no-cache did not write the cache either"
run "$AURELIS" --no-cache ask "never stored" </dev/null
ask "never stored"
check_eq "$(settled 7)" "7" "an answer fetched with --no-cache is not stored"
client_config "cache:" "  enabled: false"
n=$(entries)
ask "what is a pointer"
ask "disabled twice"
ask "disabled twice"
check_eq "$(settled 10):$(entries)" "10:$n" "cache.enabled false: always asked, nothing stored"
client_config

# ---- never stored: errors, cut streams, content filter, rate limits ---------------------------
# asked ARGS...: the number of chat requests the ask made.
asked() {
	before=$(fake_count "$CHAT")
	ask "$@"
	sleep 0.1
	echo $(( $(fake_count "$CHAT") - before ))
}
client_config "request:" "  max_retries: 0" "  backoff_base_ms: 1" "models:" "  routes:" "    chat: [openai/gpt-4.1-mini]"
fake_script '{"rules":[{"type":"server_error","status":500,"times":1}]}'
check_eq "$(asked "fails once")" "1" "a failed request"
check_eq "$(asked "fails once")" "1" "is asked again: an error is never stored"
fake_script '{"rules":[{"type":"cut","after_chunks":2,"times":1}]}'
ask "cut short"
check_rc 4 "a stream cut before [DONE] exits 4"
check_eq "$(asked "cut short")" "1" "a cut answer is never stored"
fake_script '{"rules":[{"type":"answer","omit_done":true,"times":1}]}'
ask "no end marker"
check_eq "$(asked "no end marker")" "1" "an answer without [DONE] is never stored"
fake_script '{"rules":[{"type":"answer","finish_reason":"content_filter","times":1}]}'
ask "filtered"
check_rc 7 "a content-filtered answer exits 7"
check_eq "$(asked "filtered")" "1" "a filtered answer is never stored"
fake_script '{"rules":[{"type":"rate_limit","retry_after":3600,"times":1}]}'
ask "limited for an hour"
check_rc 9 "a long rate limit with no model left exits 9"
check_eq "$(asked "limited for an hour")" "1" "a rate-limited request is never stored"
fake_script '{"rules":[{"type":"answer","text":"","times":1}]}'
ask "empty"
check_eq "$(asked "empty")" "1" "an empty answer is never stored"
# A cut answer (finish_reason length) did reach [DONE]: it is whole, and replays as cut.
fake_script '{"rules":[{"type":"answer","finish_reason":"length","times":1}]}'
ask "long one"
check_eq "$(asked "long one")" "0" "an answer stopped at the length limit is stored"
check_err_has "the answer was cut" "and replays with its cut warning"

# Ctrl-C: the partial answer is kept on stdout and nothing is stored.
fake_script '{"rules":[{"type":"answer","text":"slow slow slow slow slow slow slow slow slow slow","chunk":5,"delay_ms":300,"times":1}]}'
"$AURELIS" ask "interrupted" </dev/null >"$TMPROOT/int.out" 2>"$TMPROOT/int.err" &
pid=$!
fake_wait 1 "$CHAT" 5 >/dev/null || :
i=0
while [ $i -lt 40 ] && [ ! -s "$TMPROOT/int.out" ]; do sleep 0.05; i=$((i + 1)); done
kill -INT $pid
wait $pid
check_eq "$?" "130" "Ctrl-C exits 130"
# The server notices the client left at its next write; until it has, the exchange is not
# logged, and it would land in a later count.
i=0
while [ $i -lt 100 ] && ! grep -q '"client_gone"' "$FAKE_LOG"; do sleep 0.05; i=$((i + 1)); done
check_eq "$(asked "interrupted")" "1" "a cancelled answer is never stored"
client_config

# ---- a fallback answer is stored under the request's key, with the model that answered ------
fake_reset
client_config "request:" "  max_retries: 0"
fake_script '{"rules":[{"type":"server_error","status":503,"match":{"model":"openai/gpt-4.1-mini"}}]}'
ask "fall back"
check_err_has "trying openai/gpt-4o-mini" "the first model fails, the second answers"
settled 2 >/dev/null
fake_reset
ask "fall back"
check_eq "$(settled 0)" "0" "the fallback's answer replays without asking anyone"
check_err_has "openai/gpt-4o-mini, cached" "naming the model that answered"
client_config

# ---- time to live ------------------------------------------------------------------------------
client_config "cache:" "  ttl_by_task:" "    chat: 0"
ask "what is a pointer"
check_eq "$(settled 1)" "1" "cache.ttl_by_task.chat 0: nothing is replayed"
client_config "cache:" "  ttl: 0" "  ttl_by_task:" "    chat: 1h"
ask "what is a pointer"
check_eq "$(settled 1)" "1" "the task's TTL wins over cache.ttl"
check_err_has "cached" "so the entry is replayed"
client_config

# ---- damaged entries are misses, never garbage -------------------------------------------------
settled 1 >/dev/null
fake_reset
ask "damaged"
for f in $(grep -rl "Echo: damaged" "$dir"); do
	"$PYTHON3" -c 'import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[-3] ^= 0x55
open(p, "wb").write(bytes(b))' "$f"
done
ask "damaged"
check_eq "$RC:$OUT" "0:Echo: damaged" "a damaged entry gives the live answer"
check_eq "$(settled 2)" "2" "the damaged entry was not replayed"
ask "damaged"
check_eq "$(settled 2)" "2" "and the new answer replaced it"
for f in $(grep -rl "Echo: damaged" "$dir"); do : >"$f"; done
ask "damaged"
check_eq "$RC:$(settled 3)" "0:3" "an emptied entry is a miss"
chmod 000 "$dir"
ask "unreadable cache"
check_eq "$RC:$OUT" "0:Echo: unreadable cache" "an unreadable cache directory is not fatal"
chmod 700 "$dir"

done_testing
