#!/bin/sh
# SPDX-License-Identifier: MIT
# The command line: versions, help, unknown commands and options, completion, init.
. "$AURELIS_SRCDIR/tests/lib.sh"

run "$AURELIS" --version
check_rc 0 "--version exits 0"
check_out_has "aurelis 0.1.0" "--version names aurelis"
check_out_has "libcurl" "--version names libcurl"
check_out_has "GLib" "--version names GLib"
check_out_has "ncurses" "--version names ncurses"
for lib in libsecret cJSON libyaml cmark-gfm readline; do
	check_out_has "$lib " "--version names $lib"
done

run "$AURELIS" version
check_rc 0 "version exits 0"
# The command opens libcurl and reports its TLS library; --version does not.
check_out_has "libcurl 7" "version reports libcurl"
check_out_lacks "libcurl 7.88.1 (built with" "version reports the libcurl in use"

run "$AURELIS"
check_rc 0 "no command prints help"
check_out_has "Commands:" "help lists commands"
check_out_has "config" "help lists config"

run "$AURELIS" --help
check_out_has "--no-cache" "help lists global options"

run "$AURELIS" config --help
check_rc 0 "command --help exits 0"
check_out_has "Usage: aurelis config" "command help has usage"
check_out_has "validate" "command help lists subcommands"

# Every command answers --help with its usage and exits 0, without running.
bad=""
for cmd in $("$AURELIS" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }'); do
	run "$AURELIS" "$cmd" --help </dev/null
	[ "$RC" -eq 0 ] && case "$OUT" in "Usage: aurelis $cmd"*) true ;; *) false ;; esac || bad="$bad $cmd(rc=$RC)"
done
check "every command's --help prints its usage and exits 0" test -z "$bad"
[ -z "$bad" ] || echo "# $bad"

run "$AURELIS" confg show
check_rc 2 "unknown command exits 2"
check_err_has "unknown command 'confg'" "unknown command named"
check_err_has "Did you mean 'aurelis config'?" "unknown command suggests"

run "$AURELIS" config show --sorces
check_rc 2 "unknown option exits 2"
check_err_has "Did you mean '--sources'?" "unknown option suggests"

run "$AURELIS" --endpoint
check_rc 2 "missing option value exits 2"
check_err_has "needs a value" "missing value explained"

run "$AURELIS" config shwo
check_rc 2 "unknown subcommand exits 2"
check_err_has "config show" "unknown subcommand suggests"

# Completion scripts, generated from the tables.
run "$AURELIS" completion bash
check_rc 0 "bash completion generated"
printf '%s\n' "$OUT" >"$TMPROOT/aurelis.bash"
check "bash completion parses" bash -n "$TMPROOT/aurelis.bash"
reply=$(bash -c '. "$1"; COMP_WORDS=(aurelis con); COMP_CWORD=1; _aurelis; echo "${COMPREPLY[*]}"' _ "$TMPROOT/aurelis.bash")
case "$reply" in *config*) ok "bash completes command names" ;; *) not_ok "bash completes command names" "got: $reply" ;; esac
reply=$(bash -c '. "$1"; COMP_WORDS=(aurelis config --sou); COMP_CWORD=2; _aurelis; echo "${COMPREPLY[*]}"' _ "$TMPROOT/aurelis.bash")
case "$reply" in *--sources*) ok "bash completes command options" ;; *) not_ok "bash completes command options" "got: $reply" ;; esac
reply=$(bash -c '. "$1"; COMP_WORDS=(aurelis config va); COMP_CWORD=2; _aurelis; echo "${COMPREPLY[*]}"' _ "$TMPROOT/aurelis.bash")
case "$reply" in *validate*) ok "bash completes subcommands" ;; *) not_ok "bash completes subcommands" "got: $reply" ;; esac
run "$AURELIS" completion zsh
printf '%s\n' "$OUT" >"$TMPROOT/_aurelis"
if command -v zsh >/dev/null; then
	check "zsh completion parses" zsh -n "$TMPROOT/_aurelis"
else
	echo "ok $((T_N += 1)) - zsh completion parses # SKIP zsh not installed"
fi
run "$AURELIS" completion fish
printf '%s\n' "$OUT" >"$TMPROOT/aurelis.fish"
if command -v fish >/dev/null; then
	check "fish completion parses" fish --no-execute "$TMPROOT/aurelis.fish"
else
	echo "ok $((T_N += 1)) - fish completion parses # SKIP fish not installed"
fi
# Each script is generated from the tables: every command and global option in --help is
# in all three (so a command added later is completed without editing a script).
cmds=$("$AURELIS" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
gopts=$("$AURELIS" --help | sed -n '/^Global options:/,/^$/p' | grep -oE -- '--[a-z-]+')
check "--help lists commands and global options to compare with" test -n "$cmds" -a -n "$gopts"
for shell in bash zsh fish; do
	script=$("$AURELIS" completion $shell)
	missing=""
	for w in $cmds $gopts; do
		# fish spells a long option "-l NAME".
		[ "$shell" = fish ] && case "$w" in --*) w="-l ${w#--}" ;; esac
		case "$script" in *"$w"*) ;; *) missing="$missing $w" ;; esac
	done
	if [ -z "$missing" ]; then ok "$shell completion has every command and global option"; else not_ok "$shell completion has every command and global option" "missing:$missing"; fi
done
if command -v fish >/dev/null; then
	reply=$(fish -c 'source $argv[1]; complete -C "aurelis con"' "$TMPROOT/aurelis.fish" 2>&1)
	case "$reply" in *config*) ok "fish completes command names" ;; *) not_ok "fish completes command names" "got: $reply" ;; esac
	reply=$(fish -c 'source $argv[1]; complete -C "aurelis config --sou"' "$TMPROOT/aurelis.fish" 2>&1)
	case "$reply" in *--sources*) ok "fish completes command options" ;; *) not_ok "fish completes command options" "got: $reply" ;; esac
	reply=$(fish -c 'source $argv[1]; complete -C "aurelis config va"' "$TMPROOT/aurelis.fish" 2>&1)
	case "$reply" in *validate*) ok "fish completes subcommands" ;; *) not_ok "fish completes subcommands" "got: $reply" ;; esac
	reply=$(fish -c 'source $argv[1]; complete -C "aurelis --no-c"' "$TMPROOT/aurelis.fish" 2>&1)
	case "$reply" in *--no-color*) ok "fish completes global options" ;; *) not_ok "fish completes global options" "got: $reply" ;; esac
else
	for d in "fish completes command names" "fish completes command options" "fish completes subcommands" "fish completes global options"; do
		echo "ok $((T_N += 1)) - $d # SKIP fish not installed"
	done
fi
run "$AURELIS" completion tcsh
check_rc 2 "unknown shell exits 2"

# init
proj="$TMPROOT/proj"
mkdir -p "$proj"
run_in "$proj" "$AURELIS" init
check_rc 0 "init writes .aurelis.yaml"
check "init created the file" test -f "$proj/.aurelis.yaml"
echo "# mine" >>"$proj/.aurelis.yaml"
before=$(cksum <"$proj/.aurelis.yaml")
run_in "$proj" "$AURELIS" init
check_rc 2 "init refuses to overwrite"
check_err_has "--force" "refusal mentions --force"
check "refused init left the file alone" test "$before" = "$(cksum <"$proj/.aurelis.yaml")"
run_in "$proj" "$AURELIS" init --force
check_rc 0 "init --force overwrites"
check "forced init replaced the file" test "$before" != "$(cksum <"$proj/.aurelis.yaml")"
run_in "$proj" "$AURELIS" config validate .aurelis.yaml
check_rc 0 "the template is valid"
check_err_lacks "warning" "the template loads without warnings"
# Uncomment every key: the template must still be valid and only hold known keys.
# (the header, up to the first blank line, stays out).
sed -e '1,/^$/d' -e 's/^# \(  *# \)/\1/' -e 's/^# //' "$proj/.aurelis.yaml" >"$TMPROOT/uncommented.yaml"
run "$AURELIS" config validate "$TMPROOT/uncommented.yaml"
check_rc 0 "the uncommented template is valid"
check_err_lacks "unknown key" "the uncommented template has only known keys"
grep -qE '^(endpoint|catalog_url|security|network):|^  (file|include_content|dir):' "$TMPROOT/uncommented.yaml" && not_ok "template omits keys a project may not set" || ok "template omits keys a project may not set"

done_testing
