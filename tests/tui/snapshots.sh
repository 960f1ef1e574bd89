#!/bin/sh
# SPDX-License-Identifier: MIT
# Exact screen snapshots from replay mode: each tests/tui/snapshots/NAME.keys is replayed
# (keys from the file, no terminal needed) and the screens it dumps must equal NAME.screen.
# Lines "#! VAR=VALUE" at the top of a keys file set its environment; paths in them are
# relative to the snapshots directory, where it runs.
#
# After a deliberate change of the interface, regenerate and review:
#   AURELIS_UPDATE_SNAPSHOTS=1 make check TESTS=tests/tui/snapshots.sh
#   git diff tests/tui/snapshots/
. "$AURELIS_SRCDIR/tests/lib.sh"

dir="$AURELIS_SRCDIR/tests/tui/snapshots"
for keys in "$dir"/*.keys; do
	name=$(basename "$keys" .keys)
	want="$dir/$name.screen"
	got="$TMPROOT/$name.screen"
	envs=$(sed -n 's/^#! //p' "$keys")
	# shellcheck disable=SC2086
	(cd "$dir" && env $envs TERM=xterm-256color AURELIS_TUI_REPLAY="$keys" \
		AURELIS_TUI_DUMP="$got" "$AURELIS" shell </dev/null >"$TMPROOT/$name.out" 2>"$TMPROOT/$name.err")
	rc=$?
	if [ -n "${AURELIS_UPDATE_SNAPSHOTS:-}" ] && [ "$rc" = 0 ]; then
		cp "$got" "$want"
	fi
	if [ "$rc" != 0 ] || [ -s "$TMPROOT/$name.err" ]; then
		not_ok "$name: replays cleanly" "status $rc" "$(cat "$TMPROOT/$name.err")"
	elif [ -s "$TMPROOT/$name.out" ]; then
		not_ok "$name: nothing written to the real terminal" "$(od -c "$TMPROOT/$name.out" | head)"
	elif cmp -s "$want" "$got"; then
		ok "$name: the screens match the snapshot"
	else
		not_ok "$name: the screens match the snapshot" "$(diff -u "$want" "$got" 2>&1 | head -60)"
	fi
done

done_testing
