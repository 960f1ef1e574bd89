#!/bin/sh
# SPDX-License-Identifier: MIT
# Snapshots: every tests/render/NAME.md rendered at widths 40 and 100, as plain text and in
# 256 colours with the dark theme, must equal tests/render/expected/NAME.wWIDTH.{plain,color}.
# After a deliberate change, regenerate with
#   AURELIS_REGEN=1 make check TESTS=tests/integration/render-snapshots.sh
# and review `git diff --text tests/render/expected` (colour files are easiest to read with
# `less -R`) before committing.
. "$AURELIS_SRCDIR/tests/lib.sh"

dir="$AURELIS_SRCDIR/tests/render"
for md in "$dir"/*.md; do
	name=$(basename "$md" .md)
	for width in 40 100; do
		for mode in plain color; do
			expected="$dir/expected/$name.w$width.$mode"
			if [ "$mode" = plain ]; then
				set -- --plain
			else
				set -- --colors 256 --theme dark
			fi
			"$AURELIS" render --width "$width" "$@" "$md" >"$TMPROOT/got" 2>"$TMPROOT/err"
			rc=$?
			if [ -n "${AURELIS_REGEN:-}" ] && [ "$rc" -eq 0 ]; then
				cp "$TMPROOT/got" "$expected"
			fi
			desc="$name at width $width, $mode"
			if [ "$rc" -ne 0 ]; then
				not_ok "$desc" "exit status $rc" "$(cat "$TMPROOT/err")"
			elif [ -s "$TMPROOT/err" ]; then
				not_ok "$desc" "unexpected messages: $(cat "$TMPROOT/err")"
			elif cmp -s "$expected" "$TMPROOT/got"; then
				ok "$desc"
			else
				not_ok "$desc" "differs from $expected:" \
					"$(diff -u "$expected" "$TMPROOT/got" 2>&1 | cat -v | head -40)"
			fi
		done
	done
done

# Plain snapshots are plain: no escape sequence at all, and valid UTF-8.
bad=$(grep -l "$(printf '\033')" "$dir"/expected/*.plain 2>/dev/null || :)
if [ -z "$bad" ]; then ok "plain snapshots hold no escape sequences"; else not_ok "plain snapshots hold no escape sequences" "$bad"; fi
bad=""
for f in "$dir"/expected/*; do
	iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1 || bad="$bad $f"
done
if [ -z "$bad" ]; then ok "snapshots are valid UTF-8"; else not_ok "snapshots are valid UTF-8" "$bad"; fi

done_testing
