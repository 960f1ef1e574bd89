#!/bin/sh
# SPDX-License-Identifier: MIT
# `aurelis doctor` against the fake server: all well (plain and TLS), then one thing broken
# at a time -- no token, a refused token, an unreachable endpoint, the wrong CA, a missing CA
# file, a dead proxy, an unwritable cache directory, a broken configuration, a non-UTF-8
# locale -- each a FAIL or WARN on its own line with a hint, and the exit status it implies.
. "$AURELIS_SRCDIR/tests/integration/clientlib.sh"
fake_start --token "$TOKEN"
export AURELIS_ENDPOINT="$FAKE_ENDPOINT"
client_config "security:" "  use_gh_cli: false"

# line CHECK: the line of that check in $OUT.
line() { printf '%s\n' "$OUT" | grep -E "^(OK|WARN|FAIL) +$1 " || :; }
# check_line CHECK STATUS TEXT DESCRIPTION
check_line() {
	l=$(line "$1")
	case "$l" in
	"$2"*"$3"*) ok "$4" ;;
	*) not_ok "$4" "expected: $2 $1 ... $3" "actual:   $l" "$OUT" ;;
	esac
}
# json_py EXPR: EXPR with d = the parsed --json output and c = its checks by name.
json_py() {
	"$PYTHON3" -c "import json,sys
d = json.loads(sys.argv[1])
c = {x['check']: x for x in d['checks']}
$1" "$OUT"
}

# ---- all well ------------------------------------------------------------------------------------
run "$AURELIS" doctor
check_rc 0 "all well: exit 0"
for c in config dns proxy tls endpoint token auth keyring cache state terminal; do
	check "a line for $c" test -n "$(line "$c")"
done
check_line config OK "user: $CFG (read)" "config names the user file it read"
check_line config OK "system: /nonexistent/aurelis/config.yaml (absent)" "and the system file it looked for"
check_line dns OK "127.0.0.1 resolves to 127.0.0.1" "dns resolves the endpoint's host"
check_line proxy OK "reached directly" "no proxy"
check_line tls OK "not used: plain http" "plain http to loopback has no TLS"
check_line endpoint OK "$FAKE_ENDPOINT/chat/completions answered" "the endpoint answers"
check_line token OK "ghp_…stuv from AURELIS_TOKEN" "the token's source, masked"
check_line auth OK "accepts the token" "the service accepts the token"
check_line cache OK "$XDG_CACHE_HOME/aurelis/responses is writable" "the cache directory is writable"
check_line state OK "$XDG_STATE_HOME/aurelis is writable" "the state directory is writable"
check_line terminal OK "UTF-8 locale" "a UTF-8 locale"
check_out_lacks "$TOKEN" "the token itself is never printed"
check_eq "$(fake_count /catalog/models)" "1" "the token was checked with one catalogue call"

TERM=xterm-256color run "$AURELIS" doctor --json
check_rc 0 "--json exits 0 too"
check "--json has every check, ok and no hints" json_py '
assert d["ok"] is True and d["exit_status"] == 0, d
assert list(c) == ["config", "dns", "proxy", "tls", "endpoint", "token", "auth", "keyring",
                   "cache", "state", "terminal"], list(c)
assert all(x["status"] in ("ok", "warn") for x in d["checks"]), d
assert c["token"]["status"] == "ok" and c["token"]["hint"] is None, c["token"]
assert "256 colours" in c["terminal"]["message"], c["terminal"]
'

# ---- the token --------------------------------------------------------------------------------------
env -u AURELIS_TOKEN "$AURELIS" doctor >"$TMPROOT/out" 2>&1
RC=$?
OUT=$(cat "$TMPROOT/out")
check_rc 3 "no token: exit 3"
check_line token FAIL "no GitHub token" "no token is a failure"
check_out_has "hint:" "with a hint"
check_line auth WARN "not checked: no token" "validity is not checked without a token"
check_line endpoint OK "answered" "the other checks still run"

AURELIS_TOKEN=ghp_wrong0123456789abcdefghijklmnopqrst run "$AURELIS" doctor
check_rc 3 "a refused token: exit 3"
check_line token OK "from AURELIS_TOKEN" "the token is found"
check_line auth FAIL "401" "but the service refuses it"
check_out_has "models: read" "the hint names the permission"

# ---- the endpoint ------------------------------------------------------------------------------------
dead=$("$PYTHON3" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
AURELIS_ENDPOINT="http://127.0.0.1:$dead/inference" run "$AURELIS" doctor
check_rc 4 "an unreachable endpoint: exit 4"
check_line endpoint FAIL "cannot connect to 127.0.0.1 port $dead: Connection refused" "the real cause"
check_line auth FAIL "" "the token cannot be checked either"
AURELIS_ENDPOINT="http://example.com/inference" run "$AURELIS" doctor
check_rc 2 "plain http to a remote host: exit 2"
check_line endpoint FAIL "http" "is refused as a URL"
AURELIS_ENDPOINT="https://no-such-host.invalid/inference" run "$AURELIS" doctor
check_rc 4 "an unresolvable host: exit 4"
check_line dns FAIL "cannot resolve no-such-host.invalid" "the resolver's failure"

# ---- TLS ------------------------------------------------------------------------------------------------
fake_start --tls --token "$TOKEN"
export AURELIS_ENDPOINT="$FAKE_ENDPOINT"
CURL_CA_BUNDLE="$FAKE_CA" run "$AURELIS" doctor
check_rc 0 "TLS with the right CA: exit 0"
check_line tls OK "127.0.0.1's certificate verifies against $FAKE_CA (from CURL_CA_BUNDLE)" "names the CA bundle in use"
check_line auth OK "accepts" "the token is checked over TLS"
SSL_CERT_FILE="$FAKE_OTHER_CA" run "$AURELIS" doctor
check_rc 4 "the wrong CA: exit 4"
check_line tls FAIL "$FAKE_OTHER_CA, from SSL_CERT_FILE" "names the CA file and where it came from"
check_line tls FAIL "certificate" "with libcurl's own words"
check_out_has "security.ca_bundle" "the hint says how to trust a private CA"
CURL_CA_BUNDLE="$TMPROOT/no-such-ca.pem" run "$AURELIS" doctor
check_rc 4 "a missing CA file: exit 4"
check_line tls FAIL "cannot read the CA bundle $TMPROOT/no-such-ca.pem (from CURL_CA_BUNDLE)" "names the missing file"
HTTPS_PROXY="http://someone:hunter2@127.0.0.1:$dead" CURL_CA_BUNDLE="$FAKE_CA" run "$AURELIS" doctor
check_rc 4 "a dead proxy: exit 4"
check_line dns OK "resolved by the proxy" "DNS is the proxy's job"
check_line proxy FAIL "cannot connect through the proxy" "the proxy line fails"
check_out_lacks "hunter2" "the proxy's password is never printed"
HTTPS_PROXY="http://127.0.0.1:$dead" NO_PROXY=127.0.0.1 CURL_CA_BUNDLE="$FAKE_CA" run "$AURELIS" doctor
check_rc 0 "NO_PROXY bypasses it"
check_line proxy OK "NO_PROXY (127.0.0.1) names it" "and says so"

# ---- directories, configuration, locale ---------------------------------------------------------------
export CURL_CA_BUNDLE="$FAKE_CA"
: >"$TMPROOT/a-file"
AURELIS_CACHE_DIR="$TMPROOT/a-file/responses" run "$AURELIS" doctor
check_rc 1 "an unwritable cache directory: exit 1"
check_line cache FAIL "cannot create the cache directory $TMPROOT/a-file/responses" "names the directory"
check_out_has "--no-cache" "the hint offers a way around"
mkdir -p "$TMPROOT/open"
chmod 755 "$TMPROOT/open"
AURELIS_CACHE_DIR="$TMPROOT/open" run "$AURELIS" doctor
check_line cache WARN "open to other users (mode 0755)" "a cache other users can read is a warning"

printf 'models:\n  default: [unclosed\n' >"$CFG"
run "$AURELIS" doctor
check_rc 2 "a broken configuration: exit 2"
check_line config FAIL "config.yaml:3:1: did not find expected" "the failure points at the place"
check_line endpoint OK "answered" "the other checks run on the defaults"
printf 'request:\n  colour: blue\n' >"$CFG"
run "$AURELIS" doctor
check_line config WARN "1 warning" "an unknown key is a warning"
client_config "security:" "  use_gh_cli: false"

LC_ALL=C run "$AURELIS" doctor
check_line terminal WARN "non-UTF-8 locale" "a non-UTF-8 locale is a warning"
check_out_has "C.UTF-8" "with a hint naming a UTF-8 locale"

run "$AURELIS" doctor extra
check_rc 2 "doctor takes no arguments"

done_testing
