#!/bin/sh
# SPDX-License-Identifier: MIT
# The benchmark runner works from the tree and prints the two start-up medians the issue
# asks for (the figures themselves are not judged here: a loaded machine would fail them).
. "$AURELIS_SRCDIR/tests/lib.sh"

run "${PYTHON3:-python3}" "$AURELIS_SRCDIR/bench/run" --quick --build "$AURELIS_BUILDDIR" --src "$AURELIS_SRCDIR" startup
check_rc 0 "bench/run startup exits 0"
for label in "aurelis --version median" "aurelis config show median"; do
	line=$(printf '%s\n' "$OUT" | grep -F "$label" || :)
	case "$line" in
	*" ms  (goal: < 5 ms)") ok "it prints '$label' in ms with the goal" ;;
	*) not_ok "it prints '$label' in ms with the goal" "$OUT" ;;
	esac
	value=$(printf '%s\n' "$line" | awk '{ print $(NF - 5) }')
	check "the '$label' figure is a positive number" python3 -c 'import sys; assert float(sys.argv[1]) > 0' "$value"
done

done_testing
