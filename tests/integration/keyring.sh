#!/bin/sh
# SPDX-License-Identifier: MIT
# The Secret Service keyring end to end: `auth login --with-token` stores the token in a
# real gnome-keyring on a private D-Bus session, `auth status` finds it (masked), `ask`
# uses it, `auth logout` clears it; and the "no Secret Service" message.
if ! command -v gnome-keyring-daemon >/dev/null 2>&1 || ! command -v dbus-run-session >/dev/null 2>&1; then
	echo "1..0 # SKIP gnome-keyring-daemon or dbus-run-session is not installed"
	exit 0
fi
if [ -z "${AURELIS_KEYRING_INNER:-}" ]; then
	# Again, inside a private session bus (its daemon's fd-limit grumble goes to stderr).
	AURELIS_KEYRING_INNER=1 exec dbus-run-session -- sh "$0" "$@"
fi
bus=$DBUS_SESSION_BUS_ADDRESS
. "$AURELIS_SRCDIR/tests/integration/clientlib.sh"
export DBUS_SESSION_BUS_ADDRESS="$bus"
unset AURELIS_TOKEN
mkdir -p "$HOME/.local/share/keyrings"
chmod 700 "$HOME/.local/share/keyrings"
# An unlocked login keyring with the secrets component only; it prints its environment.
printf 'test-password' | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
keyring_pid=$(pgrep -n -u "$(id -u)" gnome-keyring-d || :)
stop_keyring() { [ -n "$keyring_pid" ] && kill "$keyring_pid" 2>/dev/null; return 0; }
cleanup_hooks="$cleanup_hooks stop_keyring"

fake_start --token "$TOKEN"
export AURELIS_ENDPOINT="$FAKE_ENDPOINT"

run "$AURELIS" auth status
check_rc 3 "no token anywhere yet"
check_err_has "keyring holds no aurelis token" "status says the keyring is empty"

printf '%s\n' "$TOKEN" >"$TMPROOT/token.txt"
run "$AURELIS" auth login --with-token <"$TMPROOT/token.txt"
check_rc 0 "auth login --with-token stores the token"
check_out_has "Stored ghp_…stuv in the keyring" "login says where, masked"
check_out_lacks "$TOKEN" "login never prints the token"
check_eq "$(fake_count /catalog/models)" "1" "login validated the token with a catalogue call"
check_eq "$(secret-tool lookup service models.github.ai)" "$TOKEN" "the keyring holds it under service=models.github.ai"
check "no file under HOME holds it" sh -c "! grep -rqs '$TOKEN' '$HOME/.config' '$HOME/.cache' '$HOME/.local/state'"

run "$AURELIS" auth status
check_rc 0 "auth status finds it"
check_out_has "Source: keyring" "from the keyring"
check_out_has "ghp_…stuv" "masked"
check_out_has "Valid:  yes" "and valid"

fake_reset
run "$AURELIS" ask "from the keyring" </dev/null
check_rc 0 "ask uses the keyring token"
check_eq "$(req_py 'r["headers"]["authorization"]')" "Bearer sha256:$(token_hash "$TOKEN")" "the server saw the keyring token"

AURELIS_TOKEN=ghp_environmentwinsoverkeyring run "$AURELIS" auth status
check_out_has "Source: AURELIS_TOKEN" "the environment comes before the keyring"

client_config "security:" "  keyring: false"
run "$AURELIS" auth status
check_rc 3 "security.keyring false leaves the keyring alone"
client_config

run "$AURELIS" auth logout
check_rc 0 "auth logout exits 0"
check_out_has "Removed the token from the keyring" "logout says so"
check "the keyring no longer has it" sh -c '! secret-tool lookup service models.github.ai >/dev/null 2>&1'
run "$AURELIS" auth logout
check_out_has "No aurelis token was stored" "a second logout says there was none"
run "$AURELIS" auth status
check_rc 3 "after logout there is no token"

# On a terminal, login prompts and reads the token without echoing it.
DRIVE=$(printf 'wait input is hidden\nsend %s\\r\nwait Stored\nexit 10\n' "$TOKEN" |
	"$PYTHON3" "$AURELIS_SRCDIR/tests/integration/ptydrive.py" --cols 200 --log "$TMPROOT/login.txt" -- \
	"$AURELIS" auth login)
case "$DRIVE" in *"exit 0"*) ok "auth login on a terminal exits 0" ;; *) not_ok "auth login on a terminal exits 0" "$DRIVE" ;; esac
check "the prompt asks for the token" grep -q "Paste a GitHub token" "$TMPROOT/login.txt"
check "the typed token is not echoed" sh -c "! tr -d '\\n' <'$TMPROOT/login.txt' | grep -q '$TOKEN'"
check "it says what it stored, masked" grep -q "Stored ghp_…stuv in the keyring" "$TMPROOT/login.txt"
check_eq "$(secret-tool lookup service models.github.ai)" "$TOKEN" "the keyring holds the typed token"
run "$AURELIS" auth logout

printf 'ghp_refusedrefusedrefused\n' >"$TMPROOT/bad.txt"
run "$AURELIS" auth login --with-token <"$TMPROOT/bad.txt"
check_rc 3 "a refused token is not stored"
check "and the keyring stays empty" sh -c '! secret-tool lookup service models.github.ai >/dev/null 2>&1'

DBUS_SESSION_BUS_ADDRESS="unix:path=$TMPROOT/nowhere" run "$AURELIS" auth login --with-token <"$TMPROOT/token.txt"
check_rc 3 "with the bus pointing nowhere, login fails cleanly"
check_err_has "no Secret Service keyring is available to store the token" "and says there is no Secret Service"
check_err_has "AURELIS_TOKEN" "suggesting the environment variable"
DBUS_SESSION_BUS_ADDRESS="unix:path=$TMPROOT/nowhere" run "$AURELIS" auth logout
check_rc 3 "logout too"

done_testing
