#!/bin/sh
# SPDX-License-Identifier: MIT
# The core (src/) never includes curses or readline; only ui/ does.
. "$AURELIS_SRCDIR/tests/lib.sh"

pattern='#[[:space:]]*include[[:space:]]*[<"](n?curses|ncursesw/|readline/|term\.h>|.*provide-(curses|readline)\.h)'
hits=$(grep -rlE "$pattern" "$AURELIS_SRCDIR/src" || :)
if [ -z "$hits" ]; then ok "src/ includes neither curses nor readline"; else not_ok "src/ includes neither curses nor readline" "$hits"; fi
# The same pattern does find the interface layer's includes (so the check can fail).
found=$(grep -rlE "$pattern" "$AURELIS_SRCDIR/ui" || :)
if [ -n "$found" ]; then ok "the check finds curses and readline in ui/"; else not_ok "the check finds curses and readline in ui/"; fi
# Only the wrapper headers include curses and readline directly.
direct=$(grep -rlE '#[[:space:]]*include[[:space:]]*<(n?curses|ncursesw/|readline/)' "$AURELIS_SRCDIR/ui" | grep -vE 'provide-(curses|readline)\.h$' || :)
if [ -z "$direct" ]; then ok "ui/ includes curses and readline through the wrappers"; else not_ok "ui/ includes curses and readline through the wrappers" "$direct"; fi
# Every C file starts with an SPDX line.
missing=$(for f in $(find "$AURELIS_SRCDIR/src" "$AURELIS_SRCDIR/ui" "$AURELIS_SRCDIR/tests" -name '*.[ch]'); do head -1 "$f" | grep -q SPDX || echo "$f"; done)
if [ -z "$missing" ]; then ok "every C file has an SPDX line"; else not_ok "every C file has an SPDX line" "$missing"; fi
# Start-up: libcurl and libsecret are opened only when needed, and gio (with gobject,
# gmodule, libmount, ...) is not linked at all; each would cost every command time.
if command -v ldd >/dev/null; then
	libs=$(ldd "$AURELIS" 2>&1)
	case "$libs" in
	*libglib-2.0*) ok "ldd lists what aurelis links (the check can see libraries)" ;;
	*) not_ok "ldd lists what aurelis links (the check can see libraries)" "$libs" ;;
	esac
	heavy=$(printf '%s\n' "$libs" | grep -E 'lib(curl|secret-1|gio-2\.0|gobject-2\.0)\.' || :)
	if [ -z "$heavy" ]; then ok "aurelis links neither libcurl, libsecret, gio nor gobject"; else not_ok "aurelis links neither libcurl, libsecret, gio nor gobject" "$heavy"; fi
fi

done_testing
