# SPDX-License-Identifier: MIT
# Shared set-up for the client's integration tests: source after nothing else; it sources
# tests/lib.sh and the fake server's fakelib.sh, clears proxy and CA variables, sets a
# token and a configuration with quick backoff and generous local limits.
. "$AURELIS_SRCDIR/tests/lib.sh"
. "$AURELIS_SRCDIR/tests/fixtures/fakelib.sh"

unset HTTPS_PROXY https_proxy http_proxy HTTP_PROXY ALL_PROXY all_proxy NO_PROXY no_proxy \
	SSL_CERT_FILE CURL_CA_BUNDLE DBUS_SESSION_BUS_ADDRESS DISPLAY
TOKEN=ghp_test0123456789abcdefghijklmnopqrstuv
export AURELIS_TOKEN="$TOKEN"
CHAT=/inference/chat/completions
CFG="$XDG_CONFIG_HOME/aurelis/config.yaml"
mkdir -p "$XDG_CONFIG_HOME/aurelis"

# client_config [YAML...]: the base configuration plus extra top-level YAML text.
client_config() {
	{
		cat <<-YAML
		request:
		  backoff_base_ms: 20
		  backoff_max_ms: 100
		  stall_timeout: 10
		YAML
		for extra in "$@"; do printf '%s\n' "$extra"; done
	} >"$CFG"
}

# Forget circuit states, counters and remembered quirks between cases.
fresh_state() { rm -rf "$XDG_STATE_HOME/aurelis"; }

# ask ARGS...: `aurelis ask` with stdin closed (so nothing is read from the test's stdin).
ask() { run "$AURELIS" ask "$@" </dev/null; }

# req_py EXPR [PATH]: EXPR evaluated with r = the last request to PATH (default: chat).
req_py() {
	fake_last "${2:-$CHAT}" | "$PYTHON3" -c "import json,sys
r = json.loads(sys.stdin.read() or 'null')
print($1)"
}

# reqs_py EXPR [PATH]: EXPR evaluated with rs = every request to PATH (default: chat).
reqs_py() {
	fake_requests "${2:-$CHAT}" | "$PYTHON3" -c "import json,sys
rs = [json.loads(l) for l in sys.stdin if l.strip()]
print($1)"
}

token_hash() { printf %s "$1" | sha256sum | cut -c1-16; }

# check_eq ACTUAL EXPECTED DESCRIPTION
check_eq() {
	if [ "$1" = "$2" ]; then ok "$3"; else not_ok "$3" "expected: $2" "actual:   $1"; fi
}

# now_ms: wall clock in milliseconds.
now_ms() { "$PYTHON3" -c 'import time; print(int(time.time()*1000))'; }

client_config
