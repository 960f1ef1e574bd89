#!/bin/sh
# SPDX-License-Identifier: MIT
# The fake GitHub Models server itself, driven with curl: wire format, faults, TLS, the log.
# shellcheck disable=SC2016,SC2119 # Python code in single quotes; fake_last takes no args here
. "$AURELIS_SRCDIR/tests/lib.sh"

PY=${PYTHON3:-python3}
if [ "$PY" = no ] || ! command -v "$PY" >/dev/null || ! command -v curl >/dev/null; then
	echo "1..0 # SKIP needs python3 and curl"
	exit 0
fi
. "$AURELIS_SRCDIR/tests/fixtures/fakelib.sh"
FIX="$AURELIS_SRCDIR/tests/fixtures"
W="$TMPROOT/w"
mkdir -p "$W"
TOKEN=test-token-not-secret

# ---- helpers -----------------------------------------------------------------------------
# pycheck DESC CODE [ARGS...]: passes when the Python code exits 0 (it asserts).
pycheck() {
	_d=$1 _c=$2
	shift 2
	if "$PY" -c "$_c" "$@" >"$W/py.out" 2>&1; then ok "$_d"; else not_ok "$_d" "$(head -c 3000 "$W/py.out")"; fi
}

# jcheck DESC FILE EXPR: EXPR (Python, over d = the parsed JSON file) holds.
jcheck() {
	pycheck "$1" "import json,sys
d=json.load(open(sys.argv[1], encoding='utf-8'))
assert ($3), str(d)[:2000]" "$2"
}

# scheck DESC FILE EXPR: EXPR holds over s = sse_parse.py's summary of the stream in FILE.
scheck() {
	"$PY" "$FIX/sse_parse.py" --objects "$2" >"$2.sum"
	pycheck "$1" "import json,sys
s=json.load(open(sys.argv[1], encoding='utf-8'))
o=s.get('objects')
assert ($3), str({k: v for k, v in s.items() if k != 'objects'})[:2000]" "$2.sum"
}

# chat OUT BODY [curl args...]: POSTs BODY to $CHAT_URL; the body goes to OUT, headers to
# OUT.h; sets RC (curl's status), CODE (HTTP status) and SECS (total time).
CHAT_URL=""
chat() {
	_out=$1 _body=$2
	shift 2
	curl -sS --noproxy '*' -o "$_out" -D "$_out.h" -w '%{http_code} %{time_total}' \
		-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
		--data-binary "$_body" "$@" "${CHAT_URL:-$FAKE_ENDPOINT/chat/completions}" \
		>"$_out.w" 2>"$_out.err"
	RC=$?
	CODE=$(cut -d' ' -f1 "$_out.w")
	SECS=$(cut -d' ' -f2 "$_out.w")
}

# header FILE NAME: the value of a response header (case-insensitive), or nothing.
header() {
	tr -d '\r' <"$1.h" | awk -v n="$2" 'BEGIN { n = tolower(n) }
		{ i = index($0, ":"); if (i && tolower(substr($0, 1, i - 1)) == n) print substr($0, i + 2) }'
}

check_eq() { # got want desc
	if [ "$1" = "$2" ]; then ok "$3"; else not_ok "$3" "got '$1', want '$2'"; fi
}

# secs_ge / secs_lt A B: float comparisons for timings.
secs_ge() { "$PY" -c 'import sys; sys.exit(not float(sys.argv[1]) >= float(sys.argv[2]))' "$1" "$2"; }
secs_lt() { "$PY" -c 'import sys; sys.exit(not float(sys.argv[1]) < float(sys.argv[2]))' "$1" "$2"; }

msg() { # model text [extra json members]: a chat request body
	printf '{"model":"%s","messages":[{"role":"user","content":"%s"}]%s}' "$1" "$2" "${3:-}"
}
STREAM=',"stream":true,"stream_options":{"include_usage":true}'

# ---- start-up ----------------------------------------------------------------------------
t0=$(date +%s%N)
fake_start
t1=$(date +%s%N)
startup_ms=$(((t1 - t0) / 1000000))
echo "# fake_start took ${startup_ms} ms"
case "$FAKE_URL" in http://127.0.0.1:[0-9]*) ok "fake_start exports FAKE_URL" ;; *) not_ok "fake_start exports FAKE_URL" "$FAKE_URL" ;; esac
check_eq "$FAKE_ENDPOINT" "$FAKE_URL/inference" "FAKE_ENDPOINT is FAKE_URL/inference"
check "fake_start listens within 2 s" test "$startup_ms" -lt 2000

# ---- catalog -----------------------------------------------------------------------------
curl -sS --noproxy '*' -D "$W/cat.h" -o "$W/cat" -H "Authorization: Bearer $TOKEN" "$FAKE_URL/catalog/models"
check_eq "$(header "$W/cat" content-type)" "application/json" "catalog is application/json"
jcheck "catalog is a bare array of 12 models with every documented field" "$W/cat" '
isinstance(d, list) and len(d) == 12 and all(
  isinstance(m["id"], str) and "/" in m["id"] and m["id"] == m["id"].lower()
  and all(isinstance(m[k], str) and m[k] for k in
          ("name", "publisher", "registry", "summary", "html_url", "version", "rate_limit_tier"))
  and m["html_url"].startswith("https://github.com/marketplace/models/")
  and all(isinstance(m[k], list) for k in
          ("capabilities", "supported_input_modalities", "supported_output_modalities", "tags"))
  and isinstance(m["limits"]["max_input_tokens"], int)
  and set(m["limits"]) == {"max_input_tokens", "max_output_tokens"} for m in d)'
jcheck "catalog tiers follow the service" "$W/cat" '
{m["id"]: m["rate_limit_tier"] for m in d} == {
 "openai/gpt-4.1": "high", "openai/gpt-4.1-mini": "low", "openai/gpt-4.1-nano": "low",
 "openai/gpt-4o": "high", "openai/gpt-4o-mini": "low", "openai/gpt-5": "custom",
 "openai/o3-mini": "custom", "mistral-ai/codestral-2501": "low",
 "meta/llama-3.3-70b-instruct": "high", "deepseek/deepseek-r1": "custom",
 "microsoft/phi-4": "low", "openai/text-embedding-3-small": "embeddings"}'

# ---- non-streaming answers ---------------------------------------------------------------
chat "$W/ns" "$(msg openai/gpt-4.1 'hello there')"
check_eq "$CODE" 200 "non-stream answer is 200"
check_eq "$(header "$W/ns" content-type)" "application/json" "non-stream answer is application/json"
jcheck "non-stream body is a chat.completion echoing the prompt" "$W/ns" '
d["object"] == "chat.completion" and d["id"].startswith("chatcmpl-") and isinstance(d["created"], int)
and d["model"] == "openai/gpt-4.1" and d["choices"][0]["index"] == 0
and d["choices"][0]["message"] == {"role": "assistant", "content": "Echo: hello there"}
and d["choices"][0]["finish_reason"] == "stop"
and d["usage"] == {"prompt_tokens": 3, "completion_tokens": 5, "total_tokens": 8}'
chat "$W/ctx" '{"model":"openai/gpt-4.1","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"first question"},{"role":"assistant","content":"first answer"},{"role":"user","content":[{"type":"text","text":"second question"}]}]}'
jcheck "the answer echoes the last user message; usage counts every message" "$W/ctx" '
d["choices"][0]["message"]["content"] == "Echo: second question" and d["usage"]["prompt_tokens"] == (9 + 14 + 12 + 15 + 3) // 4'

# ---- streaming ---------------------------------------------------------------------------
chat "$W/st" "$(msg openai/gpt-4.1 'stream me a fairly long sentence, please' "$STREAM")"
check_eq "$CODE" 200 "stream answer is 200"
check_eq "$(header "$W/st" content-type)" "text/event-stream" "stream is text/event-stream"
check_eq "$(header "$W/st" transfer-encoding)" "chunked" "stream uses chunked transfer encoding"
scheck "stream framing is exactly 'data: ...' plus a blank line, ending in [DONE]" "$W/st" '
s["strict"] == [] and s["done"] and s["after_done"] == 0 and s["bad_json"] == 0 and s["errors"] == []'
scheck "first chunk carries the role, then 8-character content deltas" "$W/st" '
o[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""} and s["role"] == "assistant"
and s["content"] == "Echo: stream me a fairly long sentence, please" and s["content_deltas"] == 6
and all(len(x["choices"][0]["delta"].get("content", "")) <= 8 for x in o[1:-2])
and all(x["object"] == "chat.completion.chunk" and x["id"] == o[0]["id"]
        and x["model"] == "openai/gpt-4.1" and isinstance(x["created"], int) for x in o)'
scheck "final chunk has finish_reason stop and an empty delta" "$W/st" '
o[-2]["choices"] == [{"index": 0, "delta": {}, "finish_reason": "stop"}] and s["finish_reasons"] == ["stop"]'
scheck "usage chunk has choices [] and comes just before [DONE]" "$W/st" '
s["usage_choices_empty"] and s["usage_last"] and s["usage"]["prompt_tokens"] == 10
and s["usage"]["completion_tokens"] == 12 and s["usage"]["total_tokens"] == 22
and all(x["usage"] is None for x in o[:-1])'
chat "$W/st2" "$(msg openai/gpt-4.1 'no usage' ',"stream":true')"
scheck "without include_usage there is no usage chunk and no usage key" "$W/st2" '
s["done"] and s["usage"] is None and s["empty_choices"] == 0 and all("usage" not in x for x in o)'
curl -sS -v --noproxy '*' -H "Authorization: Bearer $TOKEN" \
	--data-binary "$(msg openai/gpt-4.1 one "$STREAM")" "$FAKE_ENDPOINT/chat/completions" \
	--next --noproxy '*' -H "Authorization: Bearer $TOKEN" \
	--data-binary "$(msg openai/gpt-4.1 two)" "$FAKE_ENDPOINT/chat/completions" \
	>"$W/ka" 2>"$W/ka.err"
check "a stream then a request reuse one keep-alive connection" grep -q "Re-using existing connection" "$W/ka.err"
check "both answers arrived on the reused connection" grep -q '"content":"Echo: two"' "$W/ka"
ka_conns=$(fake_requests /inference/chat/completions | tail -2 | "$PYTHON3" -c 'import json,sys; print(" ".join(str(json.loads(l)["conn"]) for l in sys.stdin))')
check "the log gives both requests the same connection number ($ka_conns)" sh -c 'set -- $1; [ $# -eq 2 ] && [ "$1" = "$2" ]' _ "$ka_conns"
chat "$W/ka3" "$(msg openai/gpt-4.1 three)"
new_conn=$(fake_last /inference/chat/completions | "$PYTHON3" -c 'import json,sys; print(json.load(sys.stdin)["conn"])')
check "a new client's connection gets a new number ($new_conn)" sh -c 'set -- $1; [ "$3" -gt "$1" ]' _ "$ka_conns $new_conn"

# ---- org path ----------------------------------------------------------------------------
CHAT_URL="$FAKE_URL/orgs/acme-inc/inference/chat/completions"
chat "$W/org" "$(msg openai/gpt-4.1 'from the org')"
CHAT_URL=""
check_eq "$CODE" 200 "org path answers"
jcheck "org path answer" "$W/org" 'd["choices"][0]["message"]["content"] == "Echo: from the org"'
fake_last >"$W/org.log"
jcheck "the log records the org path" "$W/org.log" 'd["path"] == "/orgs/acme-inc/inference/chat/completions"'
CHAT_URL="$FAKE_URL/orgs/a/b/inference/chat/completions"
chat "$W/org2" "$(msg openai/gpt-4.1 x)"
CHAT_URL=""
check_eq "$CODE" 404 "a malformed org path is 404"

# ---- validation --------------------------------------------------------------------------
chat "$W/um" "$(msg openai/nope hi)"
check_eq "$CODE" 404 "unknown model is 404"
jcheck "unknown model body" "$W/um" 'd == {"error": {"code": "unknown_model", "message": "Unknown model: openai/nope"}}'
chat "$W/mt" "$(msg openai/gpt-5 hi ',"max_tokens":50')"
check_eq "$CODE" 400 "gpt-5 rejects max_tokens with 400"
jcheck "max_tokens rejection has the service's body" "$W/mt" '
d["error"]["code"] == "unsupported_parameter" and d["error"]["param"] == "max_tokens"
and d["error"]["type"] == "invalid_request_error"
and d["error"]["message"] == "Unsupported parameter: '"'max_tokens'"' is not supported with this model. Use '"'max_completion_tokens'"' instead."'
chat "$W/mct" "$(msg openai/o3-mini hi ',"max_completion_tokens":50')"
check_eq "$CODE" 200 "o3-mini accepts max_completion_tokens"
chat "$W/temp" "$(msg openai/gpt-5 hi ',"temperature":0.2')"
jcheck "gpt-5 rejects a non-default temperature" "$W/temp" 'd["error"]["code"] == "unsupported_value" and d["error"]["param"] == "temperature"'
chat "$W/bad" '{"model": "openai/gpt-4.1", "messages": [tru'
check_eq "$CODE" 400 "malformed JSON is 400"
jcheck "malformed JSON body says invalid_request" "$W/bad" 'd["error"]["code"] == "invalid_request"'
chat "$W/nomsg" '{"model":"openai/gpt-4.1"}'
jcheck "missing messages is invalid_request" "$W/nomsg" 'd["error"]["code"] == "invalid_request" and "messages" in d["error"]["message"]'
chat "$W/emb" "$(msg openai/text-embedding-3-small hi)"
check_eq "$CODE" 400 "an embeddings model cannot chat"
CHAT_URL="$FAKE_URL/no/such/path"
chat "$W/nf" "$(msg openai/gpt-4.1 hi)"
CHAT_URL=""
check_eq "$CODE" 404 "unknown path is 404"
jcheck "unknown path has a JSON error" "$W/nf" 'd["error"]["code"] == "not_found"'
curl -sS --noproxy '*' -o /dev/null -w '%{http_code}' "$FAKE_ENDPOINT/chat/completions" >"$W/get"
check_eq "$(cat "$W/get")" 405 "GET on the chat path is 405"
big_prompt=$("$PY" -c 'print("x" * 32010)')
chat "$W/cap" "$(msg openai/gpt-4o "$big_prompt")"
check_eq "$CODE" 413 "over 8000 input tokens is 413 for a high-tier model"
jcheck "413 has the service's message" "$W/cap" '
d == {"error": {"code": "tokens_limit_reached", "message": "Request body too large for gpt-4o model. Max size: 8000 tokens."}}'
chat "$W/cap5" "$(msg openai/gpt-5 "$("$PY" -c 'print("y" * 16010)')")"
jcheck "custom-tier models are capped at 4000 tokens" "$W/cap5" '"Max size: 4000 tokens" in d["error"]["message"]'
chat "$W/len" "$(msg openai/gpt-4.1 'a long question' ',"max_tokens":2')"
jcheck "max_tokens cuts the answer with finish_reason length" "$W/len" '
d["choices"][0]["message"]["content"] == "Echo: a " and d["choices"][0]["finish_reason"] == "length"'
curl -sS --noproxy '*' -o "$W/noauth" -w '%{http_code}' --data-binary "$(msg openai/gpt-4.1 hi)" \
	"$FAKE_ENDPOINT/chat/completions" >"$W/noauth.code"
check_eq "$(cat "$W/noauth.code")" 401 "a chat request without a token is 401"
jcheck "401 has the service's body" "$W/noauth" '
d == {"error": {"code": "unauthorized", "message": "The `models` permission is required to access this endpoint"}}'

# ---- canned answers ----------------------------------------------------------------------
chat "$W/code" "$(msg openai/gpt-4.1 'write it [[answer:code]]')"
jcheck "[[answer:code]] has one python fence" "$W/code" '
(lambda c: c.count("```python") == 1 and c.count("```") == 2)(d["choices"][0]["message"]["content"])'
chat "$W/md" "$(msg openai/gpt-4.1 '[[answer:markdown]]')"
jcheck "[[answer:markdown]] has headings, lists, a table, code, a link, two fences" "$W/md" '
(lambda c: "# " in c and "## " in c and "\n1. " in c and "\n   - " in c and "| --- |" in c and "`config_load()`" in c
 and "](https://" in c and "```c\n" in c and "```sh\n" in c)(d["choices"][0]["message"]["content"])'
chat "$W/long" "$(msg openai/gpt-4.1 '[[answer:long]]')"
jcheck "[[answer:long]] is about 20 KB" "$W/long" '20000 <= len(d["choices"][0]["message"]["content"]) < 22000'
chat "$W/js" "$(msg openai/gpt-4.1 'give json' ',"response_format":{"type":"json_object"}')"
jcheck "response_format json_object answers a JSON object" "$W/js" 'isinstance(json.loads(d["choices"][0]["message"]["content"]), dict)'
chat "$W/mk" "$(msg openai/gpt-4.1 '[[answer:nosuch]]')"
check_eq "$CODE" 400 "an unknown canned answer is a 400 naming it"

# ---- scripts -----------------------------------------------------------------------------
fake_script '{"rules":[{"type":"explode"}]}' 2>"$W/scr.err"
check_eq "$?" 1 "fake_script refuses an unknown type"
check "the refusal says why" grep -q "unknown type" "$W/scr.err"
fake_script '{"rules":[{"type":"cut","afterchunks":2}]}' 2>"$W/scr.err"
check "a misspelt field is refused by name" grep -q "unknown field 'afterchunks'" "$W/scr.err"

fake_script '{"rules":[{"type":"rate_limit","retry_after":2,"timeremaining":null,"ratelimit_type":"UserByModelByDay"}]}'
chat "$W/rl" "$(msg openai/gpt-4.1 hi)"
check_eq "$CODE" 429 "rate_limit is 429"
check_eq "$(header "$W/rl" retry-after)" 2 "rate_limit sends retry-after"
check_eq "$(header "$W/rl" x-ratelimit-type)" UserByModelByDay "rate_limit sends x-ratelimit-type"
check_eq "$(header "$W/rl" x-ratelimit-timeremaining)" "" "timeremaining null sends no header"
jcheck "429 has the RateLimitReached body" "$W/rl" '
d["error"]["code"] == "RateLimitReached" and d["error"]["message"] == "Rate limit of 50 per 86400s exceeded for UserByModelByDay. Please wait 2 seconds before retrying."'
fake_script '{"rules":[{"type":"rate_limit","retry_after":null,"timeremaining":5631,"ratelimit_type":null}]}'
chat "$W/rl2" "$(msg openai/gpt-4.1 hi)"
check_eq "$(header "$W/rl2" x-ratelimit-timeremaining)/$(header "$W/rl2" retry-after)/$(header "$W/rl2" x-ratelimit-type)" \
	"5631//" "x-ratelimit-timeremaining alone"
fake_script '{"rules":[{"type":"rate_limit","retry_after":null}]}'
chat "$W/rl3" "$(msg openai/gpt-4.1 hi)"
check_eq "$CODE/$(header "$W/rl3" retry-after)$(header "$W/rl3" x-ratelimit-timeremaining)" "429/" "a 429 with no wait header at all"

fake_script '{"rules":[{"type":"rate_limit","times":1},{"type":"server_error","status":503,"times":2,"match":{"model":"openai/gpt-4o"}}]}'
chat "$W/s1" "$(msg openai/gpt-4.1 hi)"
c1=$CODE
chat "$W/s2" "$(msg openai/gpt-4.1 hi)"
check_eq "$c1 $CODE" "429 200" "times 1: 429 then success"
chat "$W/s3" "$(msg openai/gpt-4o hi)"
c1=$CODE
chat "$W/s4" "$(msg openai/gpt-4o hi)"
c2=$CODE
chat "$W/s5" "$(msg openai/gpt-4o hi)"
check_eq "$c1 $c2 $CODE" "503 503 200" "times 2 with a model match: 503, 503, then success"

fake_script '{"rules":[{"type":"unknown_model","match":{"body_contains":"gone-model"}},{"type":"forbidden","match":{"path_contains":"/orgs/"}}]}'
chat "$W/sm" "$(msg openai/gpt-4.1 'gone-model please')"
check_eq "$CODE" 404 "body_contains selects a rule"
jcheck "unknown_model shorthand names the requested model" "$W/sm" 'd["error"] == {"code": "unknown_model", "message": "Unknown model: openai/gpt-4.1"}'
CHAT_URL="$FAKE_URL/orgs/closed/inference/chat/completions"
chat "$W/fb" "$(msg openai/gpt-4.1 hi)"
CHAT_URL=""
check_eq "$CODE" 403 "path_contains selects a rule"
check_eq "$(cat "$W/fb")" "403 Forbidden" "403 is plain text"
chat "$W/ok" "$(msg openai/gpt-4.1 hi)"
check_eq "$CODE" 200 "requests no rule matches get the default behaviour"

fake_script '{"rules":[{"type":"tokens_limit","times":1},{"type":"unauthorized","times":1},{"type":"server_error","status":502,"times":1},{"type":"content_filter","times":1},{"type":"status","status":408,"headers":{"x-extra":"yes"},"body":{"error":{"code":"timeout","message":"Request timed out"}},"times":1},{"type":"server_error","times":1}]}'
chat "$W/tl" "$(msg openai/gpt-4o hi)"
check_eq "$CODE" 413 "tokens_limit is 413"
jcheck "tokens_limit has the service's message" "$W/tl" '
d["error"] == {"code": "tokens_limit_reached", "message": "Request body too large for gpt-4o model. Max size: 8000 tokens."}'
chat "$W/ua" "$(msg openai/gpt-4o hi)"
check_eq "$CODE" 401 "unauthorized shorthand is 401"
chat "$W/bg" "$(msg openai/gpt-4o hi)"
check_eq "$CODE" 502 "server_error 502"
check "502 is an HTML gateway page" grep -q "Bad Gateway" "$W/bg"
chat "$W/cf" "$(msg openai/gpt-4o hi)"
check_eq "$CODE" 400 "content_filter is 400"
jcheck "content_filter body" "$W/cf" '
d["error"]["code"] == "content_filter" and d["error"]["param"] == "prompt" and d["error"]["innererror"]["code"] == "ResponsibleAIPolicyViolation"'
chat "$W/to" "$(msg openai/gpt-4o hi)"
check_eq "$CODE $(header "$W/to" x-extra)" "408 yes" "status rule with its own headers"
chat "$W/500" "$(msg openai/gpt-4o hi)"
jcheck "server_error defaults to 500 with a JSON body" "$W/500" 'd["error"]["code"] == "internal_server_error"'

fake_script '{"rules":[],"default":{"type":"answer","text":"scripted default"}}'
chat "$W/df" "$(msg openai/nope hi)"
jcheck "the default rule replaces the default behaviour" "$W/df" 'd["choices"][0]["message"]["content"] == "scripted default"'
fake_reset

# ---- stream faults -----------------------------------------------------------------------
fake_script '{"rules":[{"type":"cut","after_chunks":2,"times":1},{"type":"cut","after_chunks":1,"reset":true,"times":1}]}'
chat "$W/cut" "$(msg openai/gpt-4.1 'abcdefghijklmnopqrstuvwxyz' "$STREAM")"
check_eq "$RC" 18 "a cut stream is a truncated body to curl"
scheck "a cut stream has two deltas, no finish, no usage, no [DONE]" "$W/cut" '
not s["done"] and s["content"] == "Echo: abcdefghij" and s["finish_reasons"] == [] and s["usage"] is None'
chat "$W/cutr" "$(msg openai/gpt-4.1 'abcdefghijklmnopqrstuvwxyz' "$STREAM")"
check_eq "$RC" 56 "a cut with reset is a connection reset"
fake_wait 2 /inference/chat/completions
fake_requests >"$W/cut.log"
pycheck "cut exchanges are logged as 200 with behaviour cut" 'import json,sys
e=[json.loads(l) for l in open(sys.argv[1])]
assert [(x["behaviour"], x["response_status"], x["rule"]) for x in e] == [("cut", 200, 0), ("cut", 200, 1)], e' "$W/cut.log"

fake_script '{"rules":[{"type":"error_event","after_chunks":1,"message":"model overloaded","code":"overloaded","times":1},{"type":"error_event","then_done":true,"times":1}]}'
chat "$W/ee" "$(msg openai/gpt-4.1 'abcdefghijklmnop' "$STREAM")"
check_eq "$RC" 0 "an error event ends the body cleanly"
scheck "error event after one delta, no [DONE]" "$W/ee" '
s["errors"] == [{"message": "model overloaded", "code": "overloaded"}] and s["content"] == "Echo: ab" and not s["done"]'
chat "$W/ee2" "$(msg openai/gpt-4.1 'abcdefghijklmnop' "$STREAM")"
scheck "then_done adds [DONE] after the error event" "$W/ee2" 'len(s["errors"]) == 1 and s["done"]'

fake_reset
fake_script '{"rules":[{"type":"stall","seconds":3,"times":1},{"type":"stall","after_chunks":1,"seconds":1,"times":1},{"type":"stall","seconds":0.3,"then":"close","times":1}]}'
chat "$W/stall" "$(msg openai/gpt-4.1 hello "$STREAM")" -m 1
check_eq "$RC" 28 "a stall trips curl -m 1"
if secs_lt "$SECS" 2.5; then ok "curl gave up after about 1 s ($SECS s)"; else not_ok "curl gave up after about 1 s" "$SECS"; fi
scheck "a stall with after_chunks 0 sent only the role chunk" "$W/stall" 's["events"] == 1 and s["role"] == "assistant"'
if fake_wait 1 /inference/chat/completions 2; then ok "the server notices the client left during a stall"; else not_ok "the server notices the client left during a stall"; fi
fake_last >"$W/stall.log"
jcheck "the stalled exchange is logged with client_gone" "$W/stall.log" 'd["client_gone"] is True and d["behaviour"] == "stall" and d["t_done"] - d["t"] < 2.5'
chat "$W/stall2" "$(msg openai/gpt-4.1 hello "$STREAM")"
if secs_ge "$SECS" 1; then ok "stall then finish takes the stall time ($SECS s)"; else not_ok "stall then finish takes the stall time" "$SECS"; fi
scheck "stall then finish delivers the whole answer" "$W/stall2" 's["done"] and s["content"] == "Echo: hello" and s["strict"] == []'
chat "$W/stall3" "$(msg openai/gpt-4.1 hello "$STREAM")"
check_eq "$RC" 18 "stall then close truncates the body"

fake_script '{"rules":[{"type":"trickle","bytes_per_sec":3000}]}'
chat "$W/tr" "$(msg openai/gpt-4.1 'a trickled answer' "$STREAM")"
size=$(wc -c <"$W/tr")
want=$("$PY" -c "print($size / 3000 * 0.8)")
if secs_ge "$SECS" "$want"; then ok "trickle paces $size bytes at about 3000 B/s ($SECS s)"; else not_ok "trickle paces the stream" "$SECS < $want"; fi
scheck "a trickled stream is still exact" "$W/tr" 's["strict"] == [] and s["done"] and s["content"] == "Echo: a trickled answer"'

fake_script '{"rules":[{"type":"big","size":5000000}]}'
chat "$W/big" "$(msg openai/gpt-4.1 big "$STREAM")"
check_eq "$RC" 0 "the 5 MB stream completes"
echo "# 5 MB stream: $(wc -c <"$W/big") bytes in $SECS s"
"$PY" "$FIX/sse_parse.py" "$W/big" >"$W/big.sum"
jcheck "the big answer is exactly 5000000 bytes of text in 256-character deltas" "$W/big.sum" '
len(d["content"]) == 5000000 and d["content_deltas"] == 19532 and d["done"] and d["strict"] == [] and d["usage"]["completion_tokens"] == 1250000'
chat "$W/bign" "$(msg openai/gpt-4.1 big)"
jcheck "the big answer also comes without streaming" "$W/bign" 'len(d["choices"][0]["message"]["content"]) == 5000000'

fake_script '{"rules":[{"type":"disconnect","times":1},{"type":"slow_headers","seconds":1,"times":1}]}'
chat "$W/dc" "$(msg openai/gpt-4.1 hi)"
check_eq "$RC" 52 "disconnect closes without a response"
chat "$W/sh" "$(msg openai/gpt-4.1 hi "$STREAM")"
if secs_ge "$SECS" 1; then ok "slow_headers delays the response ($SECS s)"; else not_ok "slow_headers delays the response" "$SECS"; fi
scheck "slow_headers then answers normally" "$W/sh" 's["done"] and s["content"] == "Echo: hi"'

# ---- answer options ----------------------------------------------------------------------
fake_script '{"rules":[{"type":"answer","crlf":true,"no_space":true,"comments":true,"empty_choices_first":true,"times":1},{"type":"answer","omit_done":true,"omit_usage":true,"role_chunk":false,"finish_reason":"length","times":1},{"type":"answer","text":"Grüße 日本語 🙂 done","split_events_across_writes":true,"usage":{"prompt_tokens":7,"completion_tokens":9,"total_tokens":16}}]}'
chat "$W/o1" "$(msg openai/gpt-4.1 'odd framing' "$STREAM")"
scheck "crlf, no_space and comments still parse to the same answer" "$W/o1" '
s["done"] and s["content"] == "Echo: odd framing" and s["comments"] >= 5 and "CR in line ends" in s["strict"]'
check "no_space writes data: without the space" grep -q '^data:{' "$W/o1"
scheck "empty_choices_first sends a prompt-filter chunk with choices []" "$W/o1" '
o[0]["choices"] == [] and "prompt_filter_results" in o[0] and s["empty_choices"] == 2'
chat "$W/o2" "$(msg openai/gpt-4.1 'no done' "$STREAM")"
check_eq "$RC" 0 "omit_done still ends the body cleanly"
scheck "omit_done, omit_usage, no role chunk, finish_reason length" "$W/o2" '
not s["done"] and s["usage"] is None and s["role"] is None and s["finish_reasons"] == ["length"] and s["content"] == "Echo: no done"'
curl -sS --noproxy '*' --raw -o "$W/o3.raw" -H "Authorization: Bearer $TOKEN" \
	--data-binary "$(msg openai/gpt-4.1 x "$STREAM")" "$FAKE_ENDPOINT/chat/completions"
pycheck "split_events_across_writes sends 1-7 byte pieces, mid-line and mid-UTF-8" 'import sys
raw = open(sys.argv[1], "rb").read()
pieces, pos = [], 0
while True:
    end = raw.index(b"\r\n", pos)
    n = int(raw[pos:end], 16)
    if n == 0:
        break
    pieces.append(raw[end + 2:end + 2 + n])
    pos = end + 4 + n
assert len(pieces) > 100 and max(map(len, pieces)) <= 7, len(pieces)
assert sum(1 for p in pieces if b"\n" not in p) > 50
mid_utf8 = sum(1 for p in pieces[1:] if 0x80 <= p[0] < 0xC0)
assert mid_utf8 > 0, "no piece starts inside a UTF-8 sequence"
assert b"".join(pieces).endswith(b"data: [DONE]\n\n")
' "$W/o3.raw"
fake_script '{"rules":[{"type":"answer","text":"Grüße 日本語 🙂 done","split_events_across_writes":true,"usage":{"prompt_tokens":7,"completion_tokens":9,"total_tokens":16}}]}'
chat "$W/o3" "$(msg openai/gpt-4.1 x "$STREAM")"
scheck "a split stream reassembles to the exact text and usage override" "$W/o3" '
s["content"] == "Grüße 日本語 🙂 done" and s["strict"] == [] and s["usage"] == {"prompt_tokens": 7, "completion_tokens": 9, "total_tokens": 16}'
fake_script '{"rules":[{"type":"answer","chunk":3,"delay_ms":100,"text":"abcdefghijkl"}]}'
chat "$W/o4" "$(msg openai/gpt-4.1 x "$STREAM")"
scheck "chunk sets the delta size" "$W/o4" 's["content_deltas"] == 4 and s["content"] == "abcdefghijkl"'
if secs_ge "$SECS" 0.4; then ok "delay_ms spaces the deltas ($SECS s)"; else not_ok "delay_ms spaces the deltas" "$SECS"; fi

# ---- catalog rules -----------------------------------------------------------------------
fake_script '{"rules":[{"type":"server_error","status":503,"match":{"endpoint":"catalog"},"times":1},{"type":"status","status":200,"body":"[{\"id\": truncated","match":{"endpoint":"catalog"},"times":1}]}'
curl -sS --noproxy '*' -o /dev/null -w '%{http_code}' "$FAKE_URL/catalog/models" >"$W/c1"
curl -sS --noproxy '*' -o "$W/c2" "$FAKE_URL/catalog/models"
curl -sS --noproxy '*' -o "$W/c3" "$FAKE_URL/catalog/models"
check_eq "$(cat "$W/c1")" 503 "a catalog rule fails the catalog"
check_eq "$(cat "$W/c2")" '[{"id": truncated' "a catalog rule can serve a malformed catalog"
jcheck "then the catalog is back" "$W/c3" 'len(d) == 12'
chat "$W/c4" "$(msg openai/gpt-4.1 hi)"
check_eq "$CODE" 200 "catalog rules leave chat alone"

# ---- the request log ---------------------------------------------------------------------
fake_reset
check_eq "$(fake_count)" 0 "reset empties the request list"
chat "$W/l1" "$(msg openai/gpt-4.1 'log me' "$STREAM")" -H 'X-Custom: one'
curl -sS --noproxy '*' -o /dev/null "$FAKE_URL/catalog/models?x=1"
check_eq "$(fake_count)" 2 "fake_count counts requests, not control calls"
check_eq "$(fake_count /inference/chat/completions)" 1 "fake_count PATH counts one path"
fake_requests >"$W/l.jsonl"
pycheck "log entries have every documented field" 'import json,sys
e=[json.loads(l) for l in open(sys.argv[1])]
c, k = e
for x in e:
    assert set(x) >= {"t","method","path","headers","body","model","response_status","behaviour"}, x
    assert isinstance(x["t"], float) and x["t_done"] >= x["t"]
assert c["method"] == "POST" and c["path"] == "/inference/chat/completions" and c["model"] == "openai/gpt-4.1"
assert c["body"]["messages"][0]["content"] == "log me" and c["body"]["stream"] is True
assert c["headers"]["x-custom"] == "one" and c["headers"]["content-type"] == "application/json"
assert c["response_status"] == 200 and c["behaviour"] == "answer"
assert k["path"] == "/catalog/models?x=1" and k["behaviour"] == "catalog" and k["body"] is None
' "$W/l.jsonl"
curl -sS --noproxy '*' "$FAKE_URL/_control/log" >"$W/all.json"
jcheck "GET /_control/log is an array that includes control calls" "$W/all.json" '
isinstance(d, list) and any(x["behaviour"] == "control" for x in d)'
pycheck "the log file has one JSON line per request, control calls included" 'import json,sys
e=[json.loads(l) for l in open(sys.argv[1])]
assert len(e) > 50 and any(x["behaviour"] == "control" for x in e) and any(x.get("client_gone") for x in e)
' "$FAKE_LOG"
tokhash=$(printf %s "$TOKEN" | sha256sum | cut -c1-16)
check "the log records the token's hash" grep -q "\"authorization\":\"Bearer sha256:$tokhash\"" "$FAKE_LOG"
check "the log never holds the token" sh -c "! grep -q '$TOKEN' '$FAKE_LOG'"

# ---- request bodies and robustness -------------------------------------------------------
chat "$W/chk" "$(msg openai/gpt-4.1 chunked)" -H 'Transfer-Encoding: chunked'
jcheck "a chunked request body is read" "$W/chk" 'd["choices"][0]["message"]["content"] == "Echo: chunked"'
chat "$W/exp" "$(msg openai/gpt-4.1 "$("$PY" -c 'print("z" * 20000)')")" -H 'Expect: 100-continue'
jcheck "Expect: 100-continue with a large body works" "$W/exp" 'len(d["choices"][0]["message"]["content"]) == 20006'
cat >"$W/junk.py" <<'EOF'
import socket, sys
POST = b"POST /inference/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n"
cases = [
    (b"GARBAGE\r\n\r\n", b"400"),  # read as HTTP/0.9: a bare error page
    (b"\xff\xfe\x00\r\n\r\n", b"400"),
    (POST + b"Content-Length: 100\r\n\r\n{\"mo", b""),
    (POST + b"Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", b"HTTP/1.1 400"),
    (POST + b"Transfer-Encoding: chunked\r\n\r\n-5\r\nabc\r\n0\r\n\r\n", b"HTTP/1.1 400"),
    (POST + b"Content-Length: 999999999999\r\n\r\n{}", b"HTTP/1.1 413"),
]
for junk, want in cases:
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
    s.sendall(junk)
    s.shutdown(socket.SHUT_WR)
    s.settimeout(5)
    got = b""
    while True:
        data = s.recv(4096)
        if not data:
            break
        got += data
    s.close()
    assert (want in got[:300]) if want else got == b"", (junk, got[:200])
EOF
pycheck "junk, truncated, malformed chunked and oversized requests get 400, 413 or a close" \
	"import sys; exec(open(sys.argv[2]).read())" "$FAKE_PORT" "$W/junk.py"
fake_reset
fake_script '{"rules":[{"type":"answer","delay_ms":200}]}'
chat "$W/gone" "$(msg openai/gpt-4.1 'a client that leaves early' "$STREAM")" -m 0.3
check_eq "$RC" 28 "a client can leave in the middle of a stream"
fake_wait 1 "" 5
fake_last >"$W/gone.log"
jcheck "the server stops writing to a client that left" "$W/gone.log" 'd["client_gone"] is True and d["response_status"] == 200'
fake_reset
i=0
pids=""
while [ $i -lt 16 ]; do
	chat "$W/par$i" "$(msg openai/gpt-4.1 "parallel $i" "$STREAM")" &
	pids="$pids $!"
	i=$((i + 1))
done
for p in $pids; do wait "$p"; done
i=0
bad=""
while [ $i -lt 16 ]; do
	"$PY" "$FIX/sse_parse.py" "$W/par$i" | grep -q "\"content\": \"Echo: parallel $i\"" || bad="$bad $i"
	i=$((i + 1))
done
check_eq "$bad" "" "16 concurrent streams each get their own complete answer"
check_eq "$(fake_count)" 16 "all 16 concurrent requests are logged"
chat "$W/alive" "$(msg openai/gpt-4.1 still)"
check_eq "$CODE" 200 "the server still answers after junk, disconnects and concurrency"
check_eq "$(cat "$FAKE_DIR/stderr")" "" "the server printed nothing to stderr"

# ---- --script, --token and TLS -----------------------------------------------------------
printf '{"rules":[{"type":"server_error","status":503}]}' >"$W/start.json"
fake_start --script "$W/start.json" --token s3cret-value
CHAT_URL=""
TOKEN=wrong
chat "$W/tk1" "$(msg openai/gpt-4.1 hi)"
check_eq "$CODE" 401 "--token: a wrong token is 401 before any rule"
jcheck "--token: the 401 body" "$W/tk1" 'd["error"]["code"] == "unauthorized"'
TOKEN=s3cret-value
chat "$W/tk2" "$(msg openai/gpt-4.1 hi)"
check_eq "$CODE" 503 "--token: the right token passes; --script rules apply from start-up"
curl -sS --noproxy '*' -o /dev/null -w '%{http_code}' "$FAKE_URL/catalog/models" >"$W/tk3"
check_eq "$(cat "$W/tk3")" 401 "--token: the catalog needs the token too"
fake_wait 3 "" 5
check "--token: the log never holds the token" sh -c "! grep -q s3cret '$FAKE_LOG'"
tokhash=$(printf %s s3cret-value | sha256sum | cut -c1-16)
check "--token: the log holds the token's hash" grep -q "Bearer sha256:$tokhash" "$FAKE_LOG"
fake_stop

FAKE_MODELS_TOKEN=from-env
export FAKE_MODELS_TOKEN
fake_start
unset FAKE_MODELS_TOKEN
TOKEN=from-env
chat "$W/env" "$(msg openai/gpt-4.1 hi)"
check_eq "$CODE" 200 "FAKE_MODELS_TOKEN sets the token"
TOKEN=other
chat "$W/env2" "$(msg openai/gpt-4.1 hi)"
check_eq "$CODE" 401 "FAKE_MODELS_TOKEN rejects other tokens"
fake_stop

if command -v openssl >/dev/null; then
	fake_start --tls
	TOKEN=test-token-not-secret
	case "$FAKE_URL" in https://127.0.0.1:*) ok "--tls gives an https URL" ;; *) not_ok "--tls gives an https URL" "$FAKE_URL" ;; esac
	chat "$W/tls" "$(msg openai/gpt-4.1 secure "$STREAM")" --cacert "$FAKE_CA"
	check_eq "$RC/$CODE" "0/200" "TLS with FAKE_CA succeeds"
	scheck "the stream over TLS is exact" "$W/tls" 's["done"] and s["content"] == "Echo: secure" and s["strict"] == []'
	chat "$W/tlsw" "$(msg openai/gpt-4.1 insecure)" --cacert "$FAKE_OTHER_CA"
	check_eq "$RC" 60 "TLS with an unrelated CA fails verification"
	curl -sS --noproxy '*' --cacert "$FAKE_CA" -o /dev/null -w '%{http_code}' "https://localhost:$FAKE_PORT/catalog/models" >"$W/tlsl"
	check_eq "$(cat "$W/tlsl")" 200 "the certificate is valid for localhost"
	fake_reset
	fake_script '{"rules":[{"type":"stall","seconds":5,"times":1},{"type":"cut","after_chunks":1,"times":1}]}'
	chat "$W/tlss" "$(msg openai/gpt-4.1 hi "$STREAM")" --cacert "$FAKE_CA" -m 1
	check_eq "$RC" 28 "a stall over TLS trips curl -m"
	chat "$W/tlsc" "$(msg openai/gpt-4.1 hello "$STREAM")" --cacert "$FAKE_CA"
	check "a cut over TLS is an error to curl" test "$RC" -ne 0
	scheck "a cut over TLS has no [DONE]" "$W/tlsc" 'not s["done"] and s["content"] == "Echo: he"'
	if fake_wait 2 "" 3; then ok "fake_wait works over TLS"; else not_ok "fake_wait works over TLS" "$(fake_count)"; fi
	fake_requests >"$W/tls.jsonl"
	pycheck "a stall over TLS notices the client left" 'import json,sys
e=[json.loads(l) for l in open(sys.argv[1])]
st=[x for x in e if x["behaviour"] == "stall"][0]
assert st["client_gone"] is True and st["t_done"] - st["t"] < 3, st' "$W/tls.jsonl"
	check_eq "$(cat "$FAKE_DIR/stderr")" "" "the TLS server printed nothing to stderr"
else
	ok "# SKIP openssl not installed"
fi

done_testing
