#!/bin/sh
# SPDX-License-Identifier: MIT
# Actions on findings against the fake GitHub Models server: f asks for a fix (scripted
# SEARCH/REPLACE answer; the diff shows in the code preview, a writes it with a backup), a
# fix that does not apply, x explains (the answer streams into the conversation), and i
# ignores a finding with an inline comment or with the rule off in the user's or the
# project's configuration.
. "$AURELIS_SRCDIR/tests/lib.sh"
. "$AURELIS_SRCDIR/tests/fixtures/fakelib.sh"
. "$AURELIS_SRCDIR/tests/tui/lib-tmux.sh"
. "$AURELIS_SRCDIR/tests/tui/lib-tools.sh"

fake_start
W="$TUI_DIR/proj"
mkdir -p "$W"
flawed() {
	cat >"$W/flawed.c" <<'SRC'
#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
    char line[64];
    gets(line);
    return system(argv[1]);
}
SRC
}
flawed
cp "$W/flawed.c" "$TUI_DIR/flawed.orig"

cat >"$TUI_DIR/fix.json" <<'JSON'
{"rules":[{"match":{"body_contains":"Fix this finding"},"type":"answer",
 "text":"Read with fgets, which knows the size.\n\nflawed.c\n```c\n<<<<<<< SEARCH\n    gets(line);\n=======\n    fgets(line, sizeof line, stdin);\n>>>>>>> REPLACE\n```\n"}]}
JSON
fake_script @"$TUI_DIR/fix.json" || echo "Bail out! the fake server refused the script"

tmux_start 160 40
type_text "cd '$W'"
send Enter
AURELIS_ENV="AURELIS_ENDPOINT=$FAKE_ENDPOINT AURELIS_TOKEN=test-token"
launch shell
check_screen "F1 help" "the interface starts"
type_text "/analyze flawed.c"
send Enter
check_screen "c-command-in" "/analyze lists the findings"
check_screen "c-gets" "both of them"
send M-3
send Home
check_screen "c-gets       flawed.c:8" "gets comes first (same severity, earlier line)"

# ---- fix -------------------------------------------------------------------------------------
send f
check_screen "Fix [c-gets] at flawed.c:8" "f shows the request in the conversation"
check_screen "Read with fgets, which knows the size." "the model's answer streams in"
check_screen "Diff · flawed.c · +1 −1 · a applies" "the fix's diff shows in the code preview"
check_screen "+    fgets(line, sizeof line, stdin);" "with the new line"
check_screen "-    gets(line);" "and the old one"
req=$(fake_last /inference/chat/completions)
case "$req" in
*'<<<<<<< SEARCH'*'char line[64];'*'[c-gets] (error)'*) ok "the request holds the edit format, the finding and the file" ;;
*) not_ok "the request holds the edit format, the finding and the file" "$req" ;;
esac
case "$req" in
*'"model":"openai/gpt-4.1"'*) ok "the fix goes to the fix route's first model" ;;
*) not_ok "the fix goes to the fix route's first model" "$req" ;;
esac
check_file_is "$W/flawed.c" "$TUI_DIR/flawed.orig" "nothing is written before apply"
send a
check_screen "Write the fix for c-gets to flawed.c (+1 −1; a backup is kept)?" "a asks first"
send y
check_screen "wrote flawed.c" "y writes the fix"
if grep -q 'fgets(line, sizeof line, stdin);' "$W/flawed.c" && ! grep -q ' gets(line)' "$W/flawed.c"; then ok "the file has the fix"; else not_ok "the file has the fix" "$(cat "$W/flawed.c")"; fi
b=$(backups_of flawed.c | tail -n 1)
if [ -n "$b" ]; then check_file_is "$b" "$TUI_DIR/flawed.orig" "the backup holds the file before the fix"; else not_ok "the backup holds the file before the fix" "none"; fi
check_screen "Analysis · 1 error" "the fixed finding leaves the list"

# ---- a fix that does not apply ---------------------------------------------------------------
flawed
cat >"$TUI_DIR/badfix.json" <<'JSON'
{"rules":[{"match":{"body_contains":"Fix this finding"},"type":"answer",
 "text":"flawed.c\n<<<<<<< SEARCH\n    this line is not in the file\n=======\n    nor this\n>>>>>>> REPLACE\n"}]}
JSON
fake_script @"$TUI_DIR/badfix.json"
send M-4
type_text "/analyze flawed.c"
send Enter
check_screen "Analysis · 2 errors" "analysed again"
send M-3
send Home
send f
check_screen "The fix does not apply to flawed.c" "a fix whose SEARCH is not in the file is refused"
check_screen "block 1:" "with the edit pipeline's explanation"
check_file_is "$W/flawed.c" "$TUI_DIR/flawed.orig" "and the file is untouched"

# ---- explain ---------------------------------------------------------------------------------
fake_reset
send M-3
send End
send x
check_screen "Explain [c-command-injection] at flawed.c:9" "x shows the question"
check_screen "Echo: The finding: [c-command-injection]" "the explanation streams into the conversation"
req=$(fake_last /inference/chat/completions)
case "$req" in
*'Explain a static analysis finding'*'>>    9'*) ok "the request holds the finding and its marked line" ;;
*) not_ok "the request holds the finding and its marked line" "$req" ;;
esac

# ---- ignore with a comment -----------------------------------------------------------------------
send M-3
send End
send i
check_screen "Ignore c-command-injection at flawed.c:9 with" "i asks how"
send c
check_screen "+    /* aurelis: ignore[c-command-injection] */" "the comment's diff is shown"
send y
check_screen "wrote flawed.c" "y writes it"
if sed -n 9p "$W/flawed.c" | grep -q '^    /\* aurelis: ignore\[c-command-injection\] \*/$'; then ok "the comment sits above the line, indented like it"; else not_ok "the comment sits above the line, indented like it" "$(cat "$W/flawed.c")"; fi
run "$AURELIS" analyze --format json "$W/flawed.c"
check_out_lacks "c-command-injection" "the analyzer skips the finding now"
check_out_has "c-gets" "but not the other one"
check_screen_lacks "c-command-injection flawed.c" "the finding left the list"

# ---- ignore with the configuration -----------------------------------------------------------
send M-3
send Home
send i
sleep 0.2
send Escape
check_screen "c-gets is still listed" "Esc keeps the finding"
send i
sleep 0.2
send u
check_screen "c-gets is off in $XDG_CONFIG_HOME/aurelis/config.yaml" "u turns the rule off in the user's file"
if grep -A3 'c-gets:' "$XDG_CONFIG_HOME/aurelis/config.yaml" | grep -q 'enabled: false'; then ok "the user's file has analysis.rules.c-gets.enabled: false"; else not_ok "the user's file has analysis.rules.c-gets.enabled: false" "$(cat "$XDG_CONFIG_HOME/aurelis/config.yaml")"; fi
run "$AURELIS" analyze --format json "$W/flawed.c"
check_out_lacks "c-gets" "aurelis analyze no longer reports it"
send C-q
check_clean_exit "quits cleanly"

# The project's file: .aurelis.yaml where the analysis runs.
rm -f "$XDG_CONFIG_HOME/aurelis/config.yaml"
flawed
launch shell
check_screen "F1 help" "the interface starts again"
type_text "/analyze flawed.c"
send Enter
check_screen "c-gets" "the finding is back without the user's setting"
send M-3
send Home
send i
sleep 0.2
send p
check_screen "c-gets is off in $W/.aurelis.yaml" "p turns it off in the project's file"
if grep -q 'enabled: false' "$W/.aurelis.yaml"; then ok "the project's file has the rule off"; else not_ok "the project's file has the rule off"; fi
run_in "$W" "$AURELIS" analyze --format json flawed.c
check_out_lacks "c-gets" "analyses in the project leave it out"
send C-q
check_clean_exit "quits cleanly after the project's setting"

done_testing
