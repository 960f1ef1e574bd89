# SPDX-License-Identifier: MIT
# Helpers for integration tests: each check prints one TAP line; source this file first.
# Every test runs with its own empty HOME and XDG directories, so nothing leaks between
# tests or from the machine.
set -u

: "${AURELIS:?AURELIS must point at the binary (run through make check)}"
: "${AURELIS_SRCDIR:?}"

# The system interpreter: version-manager shims on PATH cost ~100 ms per start.
if [ -x /usr/bin/python3 ]; then
	python3() { /usr/bin/python3 "$@"; }
fi

T_N=0
T_FAILED=0
TMPROOT=$(mktemp -d "${TMPDIR:-/tmp}/aurelis-test.XXXXXX")
export HOME="$TMPROOT/home"
export XDG_CONFIG_HOME="$HOME/.config" XDG_CACHE_HOME="$HOME/.cache"
export XDG_DATA_HOME="$HOME/.local/share" XDG_STATE_HOME="$HOME/.local/state"
mkdir -p "$HOME"
export LC_ALL=C.UTF-8
unset NO_COLOR AURELIS_TOKEN GITHUB_TOKEN GH_TOKEN AURELIS_CONFIG
cleanup_hooks=""
t_cleanup() {
	for h in $cleanup_hooks; do "$h" || :; done
	rm -rf "$TMPROOT"
}
trap t_cleanup EXIT

plan() { echo "1..$1"; }

ok() {
	T_N=$((T_N + 1))
	echo "ok $T_N - $1"
}

not_ok() {
	T_N=$((T_N + 1))
	T_FAILED=$((T_FAILED + 1))
	echo "not ok $T_N - $1"
	shift
	for line in "$@"; do printf '# %s\n' "$line"; done
}

# run CMD...: runs with stdout, stderr and status captured in $OUT, $ERR, $RC.
run() {
	"$@" >"$TMPROOT/out" 2>"$TMPROOT/err"
	RC=$?
	OUT=$(cat "$TMPROOT/out")
	ERR=$(cat "$TMPROOT/err")
}

# run_in DIR CMD...: same, from another directory.
run_in() {
	dir=$1
	shift
	(cd "$dir" && "$@") >"$TMPROOT/out" 2>"$TMPROOT/err"
	RC=$?
	OUT=$(cat "$TMPROOT/out")
	ERR=$(cat "$TMPROOT/err")
}

show() { printf 'rc=%s\nstdout: %s\nstderr: %s' "$RC" "$OUT" "$ERR"; }

check_rc() { # expected-status description
	if [ "$RC" -eq "$1" ]; then ok "$2"; else not_ok "$2" "expected status $1" "$(show)"; fi
}

check_out_has() { # substring description
	case "$OUT" in *"$1"*) ok "$2" ;; *) not_ok "$2" "stdout lacks: $1" "$(show)" ;; esac
}

check_err_has() {
	case "$ERR" in *"$1"*) ok "$2" ;; *) not_ok "$2" "stderr lacks: $1" "$(show)" ;; esac
}

check_out_lacks() {
	case "$OUT" in *"$1"*) not_ok "$2" "stdout has: $1" "$(show)" ;; *) ok "$2" ;; esac
}

check_err_lacks() {
	case "$ERR" in *"$1"*) not_ok "$2" "stderr has: $1" "$(show)" ;; *) ok "$2" ;; esac
}

check() { # description command... : passes when the command succeeds
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc" "command failed: $*"; fi
}

done_testing() {
	echo "1..$T_N"
	[ "$T_FAILED" -eq 0 ]
}
