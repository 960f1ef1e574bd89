#!/bin/sh
# SPDX-License-Identifier: MIT
# Themes from the command line: list, show, check, elements, user themes, broken themes,
# and the element list of aurelis.yaml(5) against the one in the code.
. "$AURELIS_SRCDIR/tests/lib.sh"

themes="$XDG_CONFIG_HOME/aurelis/themes"
mkdir -p "$themes"

run "$AURELIS" theme list
check_rc 0 "theme list exits 0"
for t in dark light solarized-dark high-contrast mono; do
	check_out_has " $t" "theme list shows $t"
done
check_out_has "* dark" "the default theme is marked as in use"

run "$AURELIS" theme list --json
check "theme list --json is JSON with five themes" sh -c "printf '%s' \"\$1\" | $PYTHON3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d) >= 5 and any(t[\"current\"] for t in d)'" sh "$OUT"

# The element list in the man page is the one in the code, in the same order.
code=$("$AURELIS" theme elements | awk '{ print $1 }')
page=$(awk '/^\.SS Elements/ { on = 1; next } /^\.S[SH]/ { on = 0 } on && prev == ".TP" && /^\.B / { print $2 } { prev = $0 }' "$AURELIS_SRCDIR/man/aurelis.yaml.5")
if [ -n "$code" ] && [ "$code" = "$page" ]; then
	ok "aurelis.yaml(5) documents every theme element, in order"
else
	not_ok "aurelis.yaml(5) documents every theme element, in order" \
		"$(printf '%s\n' "$code" > "$TMPROOT/code"; printf '%s\n' "$page" > "$TMPROOT/page"; diff "$TMPROOT/code" "$TMPROOT/page")"
fi
count=$(printf '%s\n' "$code" | wc -l)
if [ "$count" -ge 60 ]; then ok "there are $count elements"; else not_ok "there are enough elements" "$count"; fi

for t in dark light solarized-dark high-contrast mono; do
	run "$AURELIS" theme check "$t"
	check_rc 0 "theme check $t exits 0"
	check_out_has "$t.yaml: ok" "theme check $t finds no problem"
	check_err_lacks "warning" "theme check $t prints no warning"
done

cat >"$themes/typos.yaml" <<'YAML'
inherit: dark
elements:
  heading: bold
  link: {fg: bleu}
YAML
run "$AURELIS" theme check typos
check_rc 0 "a theme with typos can still be used"
check_err_has "typos.yaml:3:3: unknown element 'heading' (did you mean 'heading1'?)" "unknown element: file:line:col and a suggestion"
check_err_has "typos.yaml:4:14: unknown colour 'bleu' (did you mean 'blue'?)" "unknown colour: file:line:col and a suggestion"
check_out_has "usable, with 2 warnings" "check counts the warnings"

run "$AURELIS" theme check "$themes/typos.yaml" --json
check_out_has '"warnings"' "theme check --json lists warnings"

printf 'elements: [\n' >"$themes/broken.yaml"
run "$AURELIS" theme check broken
check_rc 2 "a broken theme fails the check"
check_err_has "broken.yaml:2:1:" "the YAML error has a position"
check_err_has "hint:" "the YAML error has a hint"

run "$AURELIS" theme check nosuch
check_rc 5 "an unknown theme is not found"
run "$AURELIS" theme check lihgt
check_err_has "Did you mean 'light'?" "an unknown theme gets a suggestion"
run "$AURELIS" theme check /nonexistent/theme.yaml
check_rc 5 "a theme file that is not there is not found"
run "$AURELIS" render --colors 256 --theme ../dark "$AURELIS_SRCDIR/tests/render/headings.md"
check_rc 0 "a path as a theme name does not stop rendering"
check_err_has "'../dark' is not a theme name" "a theme name cannot be a path"

run "$AURELIS" theme show light --colors 256
check_rc 0 "theme show exits 0"
check_out_has "$(printf '\033[0;1;38;5;25m')" "theme show draws elements in their colours"
check_out_has "heading1" "theme show lists elements"
run "$AURELIS" theme show light
check_out_lacks "$(printf '\033')" "theme show to a pipe has no escape sequences"

run "$AURELIS" theme shwo
check_rc 2 "an unknown subcommand is a usage error"
check_err_has "Did you mean 'theme show'?" "an unknown subcommand gets a suggestion"

# A user theme replaces the shipped one of the same name and may inherit it.
printf 'inherit: light\nelements:\n  heading1: bright-magenta\n' >"$themes/light.yaml"
printf '# T\n' >"$TMPROOT/t.md"
run "$AURELIS" render --colors 256 --theme light "$TMPROOT/t.md"
check_out_has "$(printf '\033[0;95mT')" "a user theme overrides the shipped one"

# The theme comes from ui.theme, and a broken one falls back with a clear message.
mkdir -p "$XDG_CONFIG_HOME/aurelis"
printf 'ui:\n  theme: broken\n' >"$XDG_CONFIG_HOME/aurelis/config.yaml"
run "$AURELIS" render --colors 256 "$TMPROOT/t.md"
check_rc 0 "a broken theme does not stop rendering"
check_err_has "broken.yaml:2:1:" "the broken theme is named with its position"
check_err_has "so the default theme is used" "the fallback is said"
check_out_has "$(printf '\033[0;1;38;5;75mT')" "the default theme is used instead"
printf 'ui:\n  theme: high-contrast\n' >"$XDG_CONFIG_HOME/aurelis/config.yaml"
run "$AURELIS" render --colors 256 "$TMPROOT/t.md"
check_out_has "$(printf '\033[0;1;4;38;5;226mT')" "ui.theme chooses the theme"
run "$AURELIS" theme list
check_out_has "* high-contrast" "theme list marks the configured theme"

done_testing
