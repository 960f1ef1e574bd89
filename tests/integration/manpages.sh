#!/bin/sh
# SPDX-License-Identifier: MIT
# The man pages render cleanly and document every command, global option and config key.
. "$AURELIS_SRCDIR/tests/lib.sh"

m1="$AURELIS_SRCDIR/man/aurelis.1"
m5="$AURELIS_SRCDIR/man/aurelis.yaml.5"
for page in "$m1" "$m5"; do
	warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
	if [ -z "$warnings" ]; then ok "$(basename "$page") renders without warnings"; else not_ok "$(basename "$page") renders without warnings" "$warnings"; fi
done
# groff's own warnings, all of them (-ww), which man --warnings does not turn on.
for page in "$m1" "$m5"; do
	warnings=$(LC_ALL=C.UTF-8 groff -ww -z -man "$page" 2>&1)
	if [ -z "$warnings" ]; then ok "$(basename "$page") passes groff -ww"; else not_ok "$(basename "$page") passes groff -ww" "$warnings"; fi
done
# The check can fail: a page with a bad request warns.
printf '.TH X 1\n.SH NAME\nx\n.BOGUS\n' >"$TMPROOT/bad.1"
if [ -n "$(LC_ALL=C.UTF-8 groff -ww -z -man "$TMPROOT/bad.1" 2>&1)" ]; then ok "groff -ww reports a broken page"; else not_ok "groff -ww reports a broken page"; fi
text5=$(LC_ALL=C.UTF-8 MANWIDTH=250 man -l "$m5" 2>/dev/null | col -b)
text1=$(LC_ALL=C.UTF-8 MANWIDTH=250 man -l "$m1" 2>/dev/null | col -b)

missing=""
for key in $("$AURELIS" config keys --json | python3 -c 'import json,sys; print("\n".join(k["key"] for k in json.load(sys.stdin)))'); do
	plain=$(printf '%s' "$key" | tr -d '<>')
	case "$text5" in *"$plain"*) ;; *) missing="$missing $key" ;; esac
done
if [ -z "$missing" ]; then ok "aurelis.yaml(5) documents every configuration key"; else not_ok "aurelis.yaml(5) documents every configuration key" "missing:$missing"; fi

missing=""
for cmd in $("$AURELIS" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }'); do
	case "$text1" in *"aurelis $cmd"*) ;; *) missing="$missing $cmd" ;; esac
done
if [ -z "$missing" ]; then ok "aurelis(1) documents every command"; else not_ok "aurelis(1) documents every command" "missing:$missing"; fi

missing=""
for opt in $("$AURELIS" --help | sed -n '/^Global options:/,/^$/p' | grep -oE -- '--[a-z-]+'); do
	case "$text1" in *"$opt"*) ;; *) missing="$missing $opt" ;; esac
done
if [ -z "$missing" ]; then ok "aurelis(1) documents every global option"; else not_ok "aurelis(1) documents every global option" "missing:$missing"; fi

for var in AURELIS_CONFIG AURELIS_ENDPOINT AURELIS_MODEL AURELIS_ORG AURELIS_LOG_LEVEL AURELIS_CACHE_DIR \
	XDG_CONFIG_HOME XDG_CACHE_HOME XDG_DATA_HOME XDG_STATE_HOME NO_COLOR; do
	case "$text1" in *"$var"*) ok "aurelis(1) documents $var" ;; *) not_ok "aurelis(1) documents $var" ;; esac
done

for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS ENVIRONMENT FILES "EXIT STATUS"; do
	case "$text1" in *"
$section"*) ok "aurelis(1) has $section" ;; *) not_ok "aurelis(1) has $section" ;; esac
done

done_testing
