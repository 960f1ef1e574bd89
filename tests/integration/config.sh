#!/bin/sh
# SPDX-License-Identifier: MIT
# Configuration end to end: layers, ${VAR}, set/unset/validate, bad input, redaction, files.
. "$AURELIS_SRCDIR/tests/lib.sh"

user="$XDG_CONFIG_HOME/aurelis/config.yaml"

run "$AURELIS" config show
check_rc 0 "config show with no files"
check_out_has "endpoint" "show lists endpoint"
check_out_has "https://models.github.ai/inference" "show has the default endpoint"

run "$AURELIS" config show --json
check_rc 0 "config show --json"
check "show --json is JSON with typed values" python3 -c '
import json,sys
d=json.loads(sys.argv[1])
assert d["cache.ttl"]==3600 and d["cache.enabled"] is True and isinstance(d["models.routes.fix"],list)
' "$OUT"

# ---- set / get / unset -------------------------------------------------------------------
run "$AURELIS" config set cache.ttl 2h
check_rc 0 "config set creates the user file"
check "user file mode is 0600" test "$(stat -c %a "$user")" = 600
check "config dir mode is 0700" test "$(stat -c %a "$(dirname "$user")")" = 700
run "$AURELIS" config get cache.ttl
check_out_has "2h" "get returns the value as written"
run "$AURELIS" config get --json cache.ttl
check_out_has "7200" "get --json returns seconds"
printf '# my settings\ncache:\n  ttl: 60 # one minute\n  enabled: true\n# trailing\n' >"$user"
chmod 640 "$user"
run "$AURELIS" config set cache.enabled false
check_rc 0 "config set on an existing file"
check "comments survive set" grep -q '# one minute' "$user"
check "trailing comment survives set" grep -q '# trailing' "$user"
check "set keeps the file mode" test "$(stat -c %a "$user")" = 640
run "$AURELIS" config get cache.enabled
check_out_has "false" "get after set"
run "$AURELIS" config set models.routes.fix "openai/gpt-4.1, mistral-ai/codestral-2501"
run "$AURELIS" config get models.routes.fix
check_out_has "openai/gpt-4.1
mistral-ai/codestral-2501" "lists set comma-separated, printed one per line"
# A section: the keys the issue names as maps (analysis.rules, ui.keys, models.routes).
printf 'analysis:\n  rules:\n    c-gets:\n      enabled: false\nui:\n  keys:\n    global:\n      C-x: quit\n' >"$TMPROOT/sections.yaml"
run "$AURELIS" --config "$TMPROOT/sections.yaml" config get analysis.rules
check_rc 0 "config get analysis.rules"
check_out_has "analysis.rules.c-gets.enabled = false" "a section lists the keys set under it"
run "$AURELIS" --config "$TMPROOT/sections.yaml" config get ui.keys
check_out_has "ui.keys.global.C-x = quit" "config get ui.keys"
run "$AURELIS" --config "$TMPROOT/sections.yaml" config get --json models.routes
check "config get --json models.routes is an object of lists" python3 -c '
import json,sys
d=json.loads(sys.argv[1])
assert isinstance(d["models.routes.fix"],list) and all(k.startswith("models.routes.") for k in d), d
' "$OUT"
run "$AURELIS" config get analysis.rulez
check_rc 2 "a misspelt section is still an unknown key"
left=$(ls -A "$(dirname "$user")" | grep -v '^config.yaml$' || :)
check "no temporary files left behind" test -z "$left"

# A user file linked in from elsewhere (dotfiles) is edited where it lives.
mkdir -p "$TMPROOT/dotfiles"
mv "$user" "$TMPROOT/dotfiles/aurelis.yaml"
ln -s "$TMPROOT/dotfiles/aurelis.yaml" "$user"
run "$AURELIS" config set ui.mouse true
check_rc 0 "config set through a symbolic link"
check "the link is still a link" test -L "$user"
check "the linked file got the change" grep -q 'mouse: true' "$TMPROOT/dotfiles/aurelis.yaml"
check "and kept its comments and mode" sh -c "grep -q '# one minute' '$TMPROOT/dotfiles/aurelis.yaml' && test \$(stat -c %a '$TMPROOT/dotfiles/aurelis.yaml') = 640"
run "$AURELIS" config unset ui.mouse
check "unset through the link edits the linked file" sh -c "test -L '$user' && ! grep -q 'mouse' '$TMPROOT/dotfiles/aurelis.yaml'"
rm -f "$user"
mv "$TMPROOT/dotfiles/aurelis.yaml" "$user"
# Writers racing each other and a reader: every version the reader sees is whole and valid
# (a lost update is possible, a half-written file is not), and no temporary file is left.
i=0
while [ $i -lt 8 ]; do
	"$AURELIS" config set request.max_retries $((i % 10)) >/dev/null 2>&1 &
	"$AURELIS" config set ui.theme "theme-$i" >/dev/null 2>&1 &
	i=$((i + 1))
done
torn=0
for n in 1 2 3 4 5 6 7 8 9 10 11 12; do
	"$AURELIS" config validate "$user" >/dev/null 2>&1 || torn=$((torn + 1))
done
wait
check "concurrent config set never leaves a torn file" test "$torn" -eq 0
check "after the race the file is valid and kept its comments" sh -c "'$AURELIS' config validate '$user' >/dev/null && grep -q '# one minute' '$user'"
left=$(ls -A "$(dirname "$user")" | grep -v '^config.yaml$' || :)
check "the race left no temporary files" test -z "$left"
sum=$(cksum <"$user")
run "$AURELIS" config set cache.ttl soon
check_rc 2 "invalid value refused"
check_err_has "cache.ttl: 'soon'" "refusal names key and value"
check_err_has "expected a duration" "refusal says what was expected"
check "refused set left the file alone" test "$sum" = "$(cksum <"$user")"
run "$AURELIS" config set cache.tll 5
check_rc 2 "unknown key refused"
check_err_has "Did you mean 'cache.ttl'?" "unknown key suggests"
run "$AURELIS" config set --project endpoint https://evil.example
check_rc 2 "trusted key refused for the project file"
check_err_has "cannot be set in a project file" "refusal explains why"
run "$AURELIS" config unset cache.enabled
check_rc 0 "unset"
check "unset removed the key" sh -c "! grep -q 'enabled' '$user'"
check "unset kept the other keys" grep -q 'ttl: 60' "$user"

# ---- layers ----------------------------------------------------------------------------------
sys="$TMPROOT/system.yaml"
printf 'ui:\n  theme: from-system\nrequest:\n  max_retries: 1\n  concurrency: 7\n' >"$sys"
export AURELIS_SYSTEM_CONFIG="$sys"
printf 'ui:\n  theme: from-user\nrequest:\n  max_retries: 2\norg: ${AUR_T_ORG:-nobody}\n' >"$user"
repo="$TMPROOT/repo"
mkdir -p "$repo/.git" "$repo/a/b"
printf 'request:\n  max_retries: 3\nendpoint: https://evil.example/x\n' >"$repo/.aurelis.yaml"
printf 'ui:\n  theme: above-the-repo\n' >"$TMPROOT/.aurelis.yaml"
run_in "$repo/a/b" "$AURELIS" config show --sources
check_rc 0 "show --sources with all layers"
check_out_has "request.concurrency          = 7  # system $sys:5" "system layer with file and line"
check_out_has "ui.theme                     = from-user  # user $user:2" "user layer overrides system"
check_out_has "request.max_retries          = 3  # project $repo/.aurelis.yaml:2" "project layer overrides user"
check_out_has "org                          = nobody" "\${VAR:-default} expands"
check_out_lacks "evil.example" "project file cannot change the endpoint"
check_err_has "endpoint is ignored in a project file" "ignored project key warns"
check_out_lacks "above-the-repo" "files above the repository root are not read"
AUR_T_ORG=acme AURELIS_ENDPOINT=http://127.0.0.1:9/inference run_in "$repo/a/b" "$AURELIS" config get org
check_out_has "acme" "\${VAR} takes the environment value"
AURELIS_ENDPOINT=http://127.0.0.1:9/inference run_in "$repo/a/b" "$AURELIS" config show --sources
check_out_has "http://127.0.0.1:9/inference  # environment (environment AURELIS_ENDPOINT)" "environment overrides files"
AURELIS_ENDPOINT=http://127.0.0.1:9/inference run_in "$repo/a/b" "$AURELIS" --endpoint http://127.0.0.1:10/inference config show --sources
check_out_has "http://127.0.0.1:10/inference  # flag (flag --endpoint)" "flags override the environment"
run_in "$repo/a/b" "$AURELIS" config show --sources --json
check "show --sources --json gives value, layer, file, line and column" python3 -c '
import json,sys
d=json.loads(sys.argv[1])
c=d["request.concurrency"]
assert c["value"]==7 and c["source"]=="system" and c["origin"]==sys.argv[2] and c["line"]==5 and c["column"]==16, c
assert d["request.max_retries"]["source"]=="project" and d["cache.ttl"]=={"value":3600,"source":"default"}, d
' "$OUT" "$sys"
run_in "$repo/a/b" "$AURELIS" config path
check_out_has "$repo/.aurelis.yaml" "config path shows the project file in use"
unset AURELIS_SYSTEM_CONFIG

# ---- bad input -----------------------------------------------------------------------------
printf 'cache:\n  ttl: 5\n bad: [\n' >"$user"
run "$AURELIS" config show
check_rc 2 "malformed YAML exits 2"
check_err_has "$user:3:2: " "malformed YAML reports file:line:col"
check_err_has "hint:" "malformed YAML has a hint"
printf 'request:\n  max_retries: 50\n' >"$user"
run "$AURELIS" config show
check_rc 2 "out of range exits 2"
check_err_has "request.max_retries: '50' is out of range (expected an integer from 0 to 10)" "range error names key, value and range"
printf 'cache:\n  enabled: perhaps\n' >"$user"
run "$AURELIS" config get cache.enabled
check_rc 2 "wrong type exits 2"
check_err_has "$user:2:12: cache.enabled: 'perhaps' is not a boolean" "type error with position"
printf 'cahce:\n  ttl: 5\nui:\n  them: light\n' >"$user"
run "$AURELIS" config show
check_rc 0 "unknown keys only warn"
check_err_has "unknown key 'cahce.ttl' (did you mean 'cache.ttl'?)" "unknown key suggests a near key"
check_err_has "unknown key 'ui.them' (did you mean 'ui.theme'?)" "unknown nested key suggests"
run "$AURELIS" -q config show
check_err_lacks "unknown key" "--quiet hides warnings"
run "$AURELIS" --config "$TMPROOT" config show
check_rc 2 "a directory as config file exits 2"
check_err_has "is a directory" "unreadable file says why"
# A file the user may not read.  The tests run as root, who reads anything, so this one runs
# aurelis as nobody (setpriv) when that is possible here.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 &&
	setpriv --reuid=65534 --regid=65534 --clear-groups "$AURELIS" --version >/dev/null 2>&1; then
	pd=$(mktemp -d "${TMPDIR:-/tmp}/aurelis-perm.XXXXXX")
	chmod 0755 "$pd"
	mkdir -m 0777 "$pd/home"
	printf 'ui:\n  theme: dark\n' >"$pd/config.yaml"
	chmod 0000 "$pd/config.yaml"
	run setpriv --reuid=65534 --regid=65534 --clear-groups env -i PATH="$PATH" HOME="$pd/home" \
		"$AURELIS" --config "$pd/config.yaml" config show
	check_rc 2 "a config file the user may not read exits 2"
	check_err_has "cannot read $pd/config.yaml: Permission denied" "it names the file and says why"
	check_err_has "hint: " "with a hint"
	rm -rf "$pd"
else
	for d in "a config file the user may not read exits 2" "it names the file and says why" "with a hint"; do
		ok "$d # SKIP cannot run aurelis as another user here"
	done
fi
run "$AURELIS" --config "$TMPROOT/nope.yaml" config show
check_rc 5 "a missing --config file is not found"
check_err_has "nope.yaml" "missing file is named"
printf 'ui:\n  theme: \377\376\n' >"$user"
run "$AURELIS" config show
check_rc 2 "invalid UTF-8 exits 2"
check_err_has "$user:" "invalid UTF-8 reports the file"
run "$AURELIS" config validate "$TMPROOT/nope.yaml"
check_rc 5 "validate of a missing file"
printf 'ui:\n  theme: light\n' >"$TMPROOT/good.yaml"
run "$AURELIS" config validate "$TMPROOT/good.yaml"
check_rc 0 "validate of a good file"
check_out_has "good.yaml: ok" "validate says ok"
rm -f "$user"

# ---- redaction and logging ------------------------------------------------------------------
tok=ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789
AURELIS_ORG=$tok run "$AURELIS" -v config show
check_out_lacks "$tok" "config show never prints a token-shaped value"
check_out_has "[REDACTED]" "the value is shown redacted"
check_err_lacks "$tok" "verbose log lines never print it"
log="$XDG_STATE_HOME/aurelis/aurelis.log"
check "the log file exists" test -f "$log"
check "log file mode is 0600" test "$(stat -c %a "$log")" = 600
check "state dir mode is 0700" test "$(stat -c %a "$(dirname "$log")")" = 700
check "the log never holds the token" sh -c "! grep -q '$tok' '$log'"
check "log lines are JSON with ts, level, event and cid" python3 -c '
import json,sys
for line in open(sys.argv[1]):
    j=json.loads(line)
    assert j["ts"].endswith("Z") and j["level"] and j["event"] and len(j["cid"])==12, j
' "$log"

done_testing
