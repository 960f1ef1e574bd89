#!/bin/sh
# SPDX-License-Identifier: MIT
# `make install` puts the binary, man pages, themes and completions in place, and the
# installed binary runs from there.
. "$AURELIS_SRCDIR/tests/lib.sh"

dest="$TMPROOT/dest"
if make -s -C "$AURELIS_BUILDDIR" install DESTDIR="$dest" prefix=/usr/local >"$TMPROOT/install.log" 2>&1; then
	ok "make install DESTDIR=... succeeds"
else
	not_ok "make install DESTDIR=... succeeds" "$(tail -20 "$TMPROOT/install.log")"
fi
check "binary installed" test -x "$dest/usr/local/bin/aurelis"
check "aurelis(1) installed" test -f "$dest/usr/local/share/man/man1/aurelis.1"
check "aurelis.yaml(5) installed" test -f "$dest/usr/local/share/man/man5/aurelis.yaml.5"
check "installed aurelis(1) is the page in the tree" cmp -s "$AURELIS_SRCDIR/man/aurelis.1" "$dest/usr/local/share/man/man1/aurelis.1"
check "bash completion installed" test -s "$dest/usr/local/share/bash-completion/completions/aurelis"
check "zsh completion installed" test -s "$dest/usr/local/share/zsh/site-functions/_aurelis"
check "fish completion installed" test -s "$dest/usr/local/share/fish/vendor_completions.d/aurelis.fish"
# The installed scripts are the ones the binary generates from its tables.
for pair in "bash:bash-completion/completions/aurelis" "zsh:zsh/site-functions/_aurelis" "fish:fish/vendor_completions.d/aurelis.fish"; do
	shell=${pair%%:*}
	"$AURELIS" completion "$shell" >"$TMPROOT/gen.$shell"
	check "installed $shell completion is the generated one" cmp -s "$TMPROOT/gen.$shell" "$dest/usr/local/share/${pair#*:}"
done
themes=$(ls "$AURELIS_SRCDIR"/themes/*.yaml 2>/dev/null | wc -l)
installed=$(ls "$dest"/usr/local/share/aurelis/themes/*.yaml 2>/dev/null | wc -l)
check "every shipped theme installed ($themes)" test "$themes" -eq "$installed"
run "$dest/usr/local/bin/aurelis" --version
check_rc 0 "the installed binary runs"

done_testing
