#!/bin/sh
# SPDX-License-Identifier: MIT
# Every environment variable and global flag the configuration layers name, the XDG
# directories (and their ~ defaults), private modes under a permissive umask, colour and
# output switches, and the global option errors.
. "$AURELIS_SRCDIR/tests/lib.sh"

user="$XDG_CONFIG_HOME/aurelis/config.yaml"
log="$XDG_STATE_HOME/aurelis/aurelis.log"
mkdir -p "$(dirname "$user")"

# ---- AURELIS_CONFIG and --config -------------------------------------------------------------
printf 'ui:\n  theme: from-alt\n' >"$TMPROOT/alt.yaml"
printf 'ui:\n  theme: from-flag\n' >"$TMPROOT/flag.yaml"
AURELIS_CONFIG="$TMPROOT/alt.yaml" run "$AURELIS" config show --sources
check_out_has "ui.theme                     = from-alt  # user $TMPROOT/alt.yaml:2" "AURELIS_CONFIG replaces the user file"
AURELIS_CONFIG="$TMPROOT/alt.yaml" run "$AURELIS" config path
check_out_has "user     $TMPROOT/alt.yaml" "config path names the AURELIS_CONFIG file"
AURELIS_CONFIG="$TMPROOT/alt.yaml" run "$AURELIS" --config "$TMPROOT/flag.yaml" config get ui.theme
check_out_has "from-flag" "--config wins over AURELIS_CONFIG"
AURELIS_CONFIG="$TMPROOT/alt.yaml" run "$AURELIS" config set ui.mouse true
check "config set edits the AURELIS_CONFIG file" grep -q 'mouse: true' "$TMPROOT/alt.yaml"
check "and leaves the XDG user file alone" test ! -e "$user"
AURELIS_CONFIG="$TMPROOT/missing.yaml" run "$AURELIS" config show
check_rc 5 "a missing AURELIS_CONFIG file is not found"
check_err_has "missing.yaml" "the missing file is named"

# ---- AURELIS_MODEL, AURELIS_ORG, AURELIS_ENDPOINT and their flags ----------------------------
AURELIS_MODEL=acme/model-a run "$AURELIS" config show --sources
check_out_has "models.default               = acme/model-a  # environment" "AURELIS_MODEL sets models.default"
printf 'models:\n  default: from/user-file\n' >"$user"
run "$AURELIS" config get models.default
check_out_has "from/user-file" "the user file sets models.default"
AURELIS_MODEL=acme/model-a run "$AURELIS" config get models.default
check_out_has "acme/model-a" "AURELIS_MODEL wins over the user file"
rm -f "$user"
AURELIS_ORG=env-org run "$AURELIS" config show --sources
check_out_has "org                          = env-org  # environment" "AURELIS_ORG sets org"
AURELIS_ORG=env-org run "$AURELIS" --org flag-org config show --sources
check_out_has "org                          = flag-org  # flag" "--org wins over AURELIS_ORG"
run "$AURELIS" --endpoint https://127.0.0.1:8/inference config get endpoint
check_out_has "https://127.0.0.1:8/inference" "--endpoint sets the endpoint"

# ---- AURELIS_LOG_LEVEL -----------------------------------------------------------------------
rm -f "$log"
AURELIS_LOG_LEVEL=error run "$AURELIS" config get org
check "AURELIS_LOG_LEVEL=error keeps info lines out of the log" sh -c "! grep -q '\"level\":\"info\"' '$log' 2>/dev/null"
AURELIS_LOG_LEVEL=info run "$AURELIS" config get org
check "AURELIS_LOG_LEVEL=info writes them" grep -q '"level":"info"' "$log"
AURELIS_LOG_LEVEL=loud run "$AURELIS" config show
check_rc 2 "a bad AURELIS_LOG_LEVEL exits 2"
check_err_has "AURELIS_LOG_LEVEL: log.level: 'loud' is not valid (expected one of: debug, info, warn, error)" "it names the variable, key, value and what was expected"
check_err_has "hint:" "with a hint"
AURELIS_ENDPOINT=not-a-url run "$AURELIS" config show
check_rc 2 "a bad AURELIS_ENDPOINT exits 2"
check_err_has "AURELIS_ENDPOINT: endpoint: 'not-a-url' is not a URL (expected an http:// or https:// URL)" "it names the variable, key, value and what was expected"
run "$AURELIS" --endpoint not-a-url config show
check_rc 2 "a bad --endpoint exits 2"
check_err_has "--endpoint: endpoint: 'not-a-url' is not a URL" "it names the flag, key and value"

# ---- AURELIS_CACHE_DIR and the XDG directories -----------------------------------------------
AURELIS_CACHE_DIR="$TMPROOT/cache-here" run "$AURELIS" cache stats
check_out_has "$TMPROOT/cache-here" "AURELIS_CACHE_DIR moves the cache"
AURELIS_CACHE_DIR="$TMPROOT/cache-here" run "$AURELIS" config show --sources
check_out_has "cache.dir                    = $TMPROOT/cache-here  # environment" "AURELIS_CACHE_DIR sets cache.dir"
run "$AURELIS" cache stats
check_out_has "$XDG_CACHE_HOME/aurelis/responses" "XDG_CACHE_HOME holds the cache"
run env -u AURELIS_SYSTEM_CONFIG "$AURELIS" config path
check_out_has "user     $XDG_CONFIG_HOME/aurelis/config.yaml" "XDG_CONFIG_HOME holds the user file"
check_out_has "system   /etc/aurelis/config.yaml" "the system file is /etc/aurelis/config.yaml"
run "$AURELIS" session list
check "XDG_DATA_HOME holds the sessions" test -d "$XDG_DATA_HOME/aurelis/sessions"
check "XDG_STATE_HOME holds the log" test -s "$log"
# Without the XDG variables, the ~ defaults of the XDG specification.
home2="$TMPROOT/home2"
mkdir -p "$home2"
run env -u XDG_CONFIG_HOME -u XDG_CACHE_HOME -u XDG_DATA_HOME -u XDG_STATE_HOME HOME="$home2" "$AURELIS" config path
check_out_has "user     $home2/.config/aurelis/config.yaml" "the user file defaults to ~/.config/aurelis"
run env -u XDG_CONFIG_HOME -u XDG_CACHE_HOME -u XDG_DATA_HOME -u XDG_STATE_HOME HOME="$home2" "$AURELIS" cache stats
check_out_has "$home2/.cache/aurelis/responses" "the cache defaults to ~/.cache/aurelis"
run env -u XDG_CONFIG_HOME -u XDG_CACHE_HOME -u XDG_DATA_HOME -u XDG_STATE_HOME HOME="$home2" "$AURELIS" session list
check "the log defaults to ~/.local/state/aurelis" test -s "$home2/.local/state/aurelis/aurelis.log"
check "sessions default to ~/.local/share/aurelis" test -d "$home2/.local/share/aurelis/sessions"

# ---- private modes, whatever the umask -------------------------------------------------------
home3="$TMPROOT/home3"
mkdir -p "$home3"
x3() { (umask 000 && env -u XDG_CONFIG_HOME -u XDG_CACHE_HOME -u XDG_DATA_HOME -u XDG_STATE_HOME HOME="$home3" "$AURELIS" "$@") >/dev/null 2>&1; }
x3 config set ui.mouse true
x3 session list
bad=$(find "$home3" -mindepth 1 \( -type d ! -perm 700 -o -type f ! -perm 600 \) -exec stat -c '%a %n' {} +)
check "with umask 000 every directory is 0700 and every file 0600" test -z "$bad"
check "the config, state and data directories were made" test -f "$home3/.config/aurelis/config.yaml" -a -f "$home3/.local/state/aurelis/aurelis.log" -a -d "$home3/.local/share/aurelis/sessions"
[ -z "$bad" ] || echo "# $bad"

# ---- -v, -q, --json, --no-color, NO_COLOR -----------------------------------------------------
run "$AURELIS" -v config get org
check "-v mirrors the log's JSON lines to stderr" python3 -c '
import json,sys
lines=[l for l in sys.argv[1].splitlines() if l.startswith("{")]
assert lines and all(json.loads(l)["event"] for l in lines), sys.argv[1]
' "$ERR"
run "$AURELIS" config get org
check_err_lacks '"event"' "without -v no log line reaches stderr"
run "$AURELIS" --json config get cache.ttl
check_out_has "3600" "--json before the command gives JSON values"
run "$AURELIS" config get --json cache.enabled
check_out_has "true" "--json after the command too"
printf 'ui:\n  them: light\n' >"$user"
run "$AURELIS" --quiet config show
check_rc 0 "--quiet still runs the command"
check_err_lacks "unknown key" "--quiet hides the warning"
run "$AURELIS" config show
check_err_has "unknown key 'ui.them'" "the warning shows without it"
rm -f "$user"
esc=$(printf '\033')
if command -v script >/dev/null; then
	tty_err() { TERM=xterm script -qec "$*" /dev/null 2>&1; }
	out=$(tty_err "$AURELIS" config set cache.ttl soon)
	case "$out" in *"${esc}["*) ok "errors are coloured on a terminal" ;; *) not_ok "errors are coloured on a terminal" "$out" ;; esac
	out=$(tty_err "$AURELIS" --no-color config set cache.ttl soon)
	case "$out" in *"$esc"*) not_ok "--no-color turns colour off" "$out" ;; *"cache.ttl: 'soon'"*) ok "--no-color turns colour off" ;; *) not_ok "--no-color turns colour off" "$out" ;; esac
	out=$(NO_COLOR=1 tty_err "$AURELIS" config set cache.ttl soon)
	case "$out" in *"$esc"*) not_ok "NO_COLOR turns colour off" "$out" ;; *"cache.ttl: 'soon'"*) ok "NO_COLOR turns colour off" ;; *) not_ok "NO_COLOR turns colour off" "$out" ;; esac
else
	for d in "errors are coloured on a terminal" "--no-color turns colour off" "NO_COLOR turns colour off"; do
		echo "ok $((T_N += 1)) - $d # SKIP script(1) not installed"
	done
fi
run "$AURELIS" config set cache.ttl soon
check_err_lacks "$esc" "piped stderr has no colour"

# ---- global option errors --------------------------------------------------------------------
run "$AURELIS" --verbos config show
check_rc 2 "an unknown global option exits 2"
check_err_has "unknown option '--verbos'" "it is named"
check_err_has "Did you mean '--verbose'?" "with a suggestion"
run "$AURELIS" --no-colour config show
check_rc 2 "a misspelt --no-color exits 2"
check_err_has "Did you mean '--no-color'?" "with a suggestion"
run "$AURELIS" ask --no-cahce
check_rc 2 "a misspelt global option after a command exits 2"
check_err_has "Did you mean '--no-cache'?" "with a suggestion"
run "$AURELIS" analyz examples
check_rc 2 "an unknown command exits 2"
check_err_has "Did you mean 'aurelis analyze'?" "with a suggestion"

done_testing
