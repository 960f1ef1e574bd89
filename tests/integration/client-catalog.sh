#!/bin/sh
# SPDX-License-Identifier: MIT
# `models` (catalogue, 24 h cache, --refresh, --json), `auth status`, tokens from gh
# (re-fetched once on 401), `auth login` without a Secret Service, and `health`.
. "$AURELIS_SRCDIR/tests/integration/clientlib.sh"
fake_start
export AURELIS_ENDPOINT="$FAKE_ENDPOINT"
CAT=/catalog/models

run "$AURELIS" models
check_rc 0 "models exits 0"
check_out_has "openai/gpt-4.1" "the table lists gpt-4.1"
check_out_has "mistral-ai/codestral-2501" "and codestral"
check "with publisher, tier, input and output limits (gpt-4.1: OpenAI, high, 1048576, 32768)" sh -c \
	'printf "%s\n" "$1" | grep -Eq "^openai/gpt-4\.1 +OpenAI +high +1048576 +32768 "' _ "$OUT"
check_out_has "PUBLISHER" "the columns are named"
check_out_has "streaming,tool-calling" "and capabilities"
check_out_has "generate, fix, refactor, test" "and the tasks routed to it"
check_out_has "0/150" "and today's requests against the daily limit"
check_out_lacks "$(printf '\033')" "plain output into a pipe"
check_eq "$(fake_count $CAT)" "1" "the catalogue was fetched once"
check_eq "$(req_py 'r["headers"]["authorization"]' $CAT)" "Bearer sha256:$(token_hash "$TOKEN")" "with the token"
check "the cache file is private" test "$(stat -c %a "$XDG_CACHE_HOME/aurelis/catalog.json")" = 600

run "$AURELIS" models --json
check_rc 0 "models --json exits 0"
check_eq "$(printf %s "$OUT" | "$PYTHON3" -c '
import json,sys
ms = json.load(sys.stdin)
m = [m for m in ms if m["id"] == "openai/gpt-4.1"][0]
keys = ["id","name","publisher","registry","summary","html_url","version","capabilities","limits","rate_limit_tier","supported_input_modalities","supported_output_modalities","tags","tasks","usage"]
print(len(ms), all(k in m for k in keys), m["rate_limit_tier"], m["limits"]["max_output_tokens"], m["usage"]["rpm"], m["usage"]["concurrency"])')" \
	"12 True high 32768 10 2" "--json has every documented field, the tier and its limits"
check_eq "$(fake_count $CAT)" "1" "the second call used the cache"

run "$AURELIS" models --refresh
check_eq "$(fake_count $CAT)" "2" "--refresh fetches again"
check_err_has "fetched just now" "and says so"

# A day-old cache is fetched again.
"$PYTHON3" - "$XDG_CACHE_HOME/aurelis/catalog.json" <<'PY'
import json, sys, time
p = sys.argv[1]
d = json.load(open(p))
d["fetched_at"] = time.time() - 25 * 3600
json.dump(d, open(p, "w"))
PY
run "$AURELIS" models
check_eq "$(fake_count $CAT)" "3" "a catalogue older than 24 h is fetched again"
"$PYTHON3" - "$XDG_CACHE_HOME/aurelis/catalog.json" <<'PY'
import json, sys, time
p = sys.argv[1]
d = json.load(open(p))
d["fetched_at"] = time.time() - 23 * 3600
json.dump(d, open(p, "w"))
PY
run "$AURELIS" models
check_eq "$(fake_count $CAT)" "3" "one younger than 24 h is used"
check_err_has "cached 23h" "and its age is shown"

# A catalogue_url wins; a broken catalogue is an error, not a crash.
fake_script '{"rules":[{"type":"status","status":200,"body":"not json","match":{"endpoint":"catalog"}}]}'
run "$AURELIS" models --refresh
check_rc 7 "a malformed catalogue exits 7"
check_err_has "not a JSON array" "and says what is wrong"
fake_reset

# catalog_url wins over the URL derived from the endpoint's origin.
fake_reset
main_port=$FAKE_PORT main_pid=$FAKE_PID main_endpoint=$FAKE_ENDPOINT
fake_start
cat_url="$FAKE_URL/catalog/models"
client_config "catalog_url: $cat_url"
AURELIS_ENDPOINT="$main_endpoint" run "$AURELIS" models --refresh
check_rc 0 "models with catalog_url exits 0"
check_eq "$(fake_count $CAT)" "1" "the catalogue came from catalog_url"
fake_stop
FAKE_PORT=$main_port FAKE_PID=$main_pid FAKE_URL="http://127.0.0.1:$main_port"
check_eq "$(fake_count $CAT)" "0" "not from the endpoint's origin"
client_config
run "$AURELIS" models --refresh
check_eq "$(fake_count $CAT)" "1" "without it, the endpoint's origin serves /catalog/models"

# A route naming a model the catalogue lacks gets a suggestion.
client_config "models:" "  routes:" "    explain: [openai/gpt-4.1-mnii]"
run "$AURELIS" models
check_err_has "openai/gpt-4.1-mnii is not in the model catalogue; did you mean openai/gpt-4.1-mini?" "routes are checked against the catalogue"
client_config

# auth status: source, masked token, validity.
run "$AURELIS" auth status
check_rc 0 "auth status exits 0 with a valid token"
check_out_has "ghp_…stuv" "the token is masked"
check_out_lacks "$TOKEN" "and never shown whole"
check_out_has "AURELIS_TOKEN" "the source is named"
check_out_has "Valid:  yes" "it is valid"
run env -u AURELIS_TOKEN GITHUB_TOKEN=github_pat_ABCDEFGHIJKLMNOPQRSTUVWX "$AURELIS" auth status --json
check_eq "$(printf %s "$OUT" | "$PYTHON3" -c 'import json,sys; d=json.load(sys.stdin); print(d["source"], d["token"], d["valid"])')" \
	"GITHUB_TOKEN github_pat_…UVWX True" "GITHUB_TOKEN comes next, masked in --json"
run env -u AURELIS_TOKEN GH_TOKEN=gho_fromghtokenvar123456 "$AURELIS" auth status
check_out_has "GH_TOKEN" "then GH_TOKEN"

fake_stop
fake_start --token "$TOKEN"
export AURELIS_ENDPOINT="$FAKE_ENDPOINT"
AURELIS_TOKEN=ghp_wrongwrongwrongwrong run "$AURELIS" auth status
check_rc 3 "an invalid token: exit 3"
check_out_has "Valid:  no" "status says invalid"
check_out_has "401" "and why"
check_err_has "models: read" "with the permission hint"

# Tokens from `gh auth token`: a fake gh that logs its arguments and environment.
mkdir -p "$TMPROOT/bin"
cat >"$TMPROOT/bin/gh" <<GH
#!/bin/sh
echo "\$*" >>"$TMPROOT/gh.calls"
n=\$(wc -l <"$TMPROOT/gh.calls")
if [ -f "$TMPROOT/gh.stale" ] && [ "\$n" -eq 1 ]; then echo ghp_stalestalestalestale; else echo "$TOKEN"; fi
GH
chmod +x "$TMPROOT/bin/gh"
PATH="$TMPROOT/bin:$PATH" run env -u AURELIS_TOKEN "$AURELIS" auth status
check_rc 0 "a token from gh is used"
check_out_has "gh auth token" "the source says gh"
check_eq "$(cat "$TMPROOT/gh.calls")" "auth token" "gh is called as 'gh auth token' (no secret in argv)"
: >"$TMPROOT/gh.calls"
touch "$TMPROOT/gh.stale"
fake_reset
PATH="$TMPROOT/bin:$PATH" run env -u AURELIS_TOKEN "$AURELIS" ask "gh refresh" </dev/null
check_rc 0 "a stale gh token is fetched again once after a 401"
check_eq "$(wc -l <"$TMPROOT/gh.calls" | tr -d ' ')" "2" "gh was asked twice"
check_out_has "Echo: gh refresh" "the fresh token answers"
rm -f "$TMPROOT/gh.stale"
client_config "security:" "  use_gh_cli: false"
PATH="$TMPROOT/bin:$PATH" run env -u AURELIS_TOKEN "$AURELIS" ask hi </dev/null
check_rc 3 "security.use_gh_cli false leaves gh alone"
check_err_has "use_gh_cli" "and says so"
client_config

# No Secret Service: login explains, and never falls back to a file.
printf '%s\n' "$TOKEN" >"$TMPROOT/token.txt"
DBUS_SESSION_BUS_ADDRESS="unix:path=$TMPROOT/no-bus" run "$AURELIS" auth login --with-token <"$TMPROOT/token.txt"
check_rc 3 "login without a Secret Service exits 3"
check_err_has "no Secret Service keyring is available" "the message says there is no keyring"
check_err_has "AURELIS_TOKEN" "the hint suggests the environment variable"
check "no file holds the token" sh -c "! grep -rqs '$TOKEN' '$HOME' --exclude=token.txt"
run "$AURELIS" auth login </dev/null
check_rc 2 "login without a terminal or --with-token is a usage error"
printf 'ghp_wrongwrongwrongwrong\n' >"$TMPROOT/bad.txt"
run "$AURELIS" auth login --with-token <"$TMPROOT/bad.txt"
check_rc 3 "a token the service refuses is not stored"
check_err_has "the token was not stored" "and login says so"

# health: every routed model, a table, exit 0 when the chat chain answers.
fake_reset
run "$AURELIS" health
check_rc 0 "health exits 0"
check_out_has "openai/gpt-4.1-mini" "health lists the chat model"
check_out_has "mistral-ai/codestral-2501" "and the code model"
check "a latency table: each routed model, ok, and its time in ms" sh -c \
	'printf "%s\n" "$1" | grep -Eq "^mistral-ai/codestral-2501 +ok +[0-9]+ ms"' _ "$OUT"
check_eq "$(fake_count "$CHAT")" "4" "one request per routed model"
check_eq "$(reqs_py 'sorted(set((r["body"].get("max_tokens"), r["body"]["stream"]) for r in rs))')" "[(1, False)]" "each asks for one token without streaming"
fake_reset
fake_script '{"rules":[{"type":"server_error","status":500,"match":{"model":"openai/gpt-4.1-mini"}}]}'
run "$AURELIS" health --json
check_rc 0 "one failing chat model is not fatal while its fallback answers"
check_eq "$(printf %s "$OUT" | "$PYTHON3" -c 'import json,sys; print(sorted((c["model"], c["ok"]) for c in json.load(sys.stdin))[2])')" "('openai/gpt-4.1-mini', False)" "--json marks the failing model"
check_eq "$(fake_count "$CHAT")" "4" "health does not retry"
fake_script '{"rules":[{"type":"server_error","status":500,"match":{"body_contains":"gpt-4"}}]}'
run "$AURELIS" health
check_rc 4 "no model of the chat chain answering is fatal"
check_err_has "no model of the default (chat) chain answered" "and says so"
check_out_has "openai/gpt-4.1-mini: the service failed" "each failure's reason is listed"

done_testing
