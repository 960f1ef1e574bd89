#!/bin/sh
# SPDX-License-Identifier: MIT
# The help overlay, live theme switching, the analysis pane (fill, sort, filter, Enter jumps
# to the code preview) and stepping through code blocks with [ and ].
. "$AURELIS_SRCDIR/tests/lib.sh"
. "$AURELIS_SRCDIR/tests/tui/lib-tmux.sh"

tmux_start 160 40
launch shell
check_screen "F1 help" "the interface starts"

# Help: F1 from the input line, ? from a pane; generated from the action table.
send F1
check_screen "Keys and commands" "F1 opens the help overlay"
check_screen "edit-in-editor" "the help lists the input line's actions"
check_screen "C-x C-e" "the help shows key sequences"
send Escape
if wait_gone "Keys and commands" 3; then ok "Esc closes the help"; else not_ok "Esc closes the help" "$(screen)"; fi
send M-1
send '?'
check_screen "Keys and commands" "? in the conversation pane opens the help"
send PageDown
send End
check_screen "/analyze" "End scrolls the help to the commands"
send q
if wait_gone "Keys and commands" 3; then ok "q closes the help"; else not_ok "q closes the help" "$(screen)"; fi
check_screen "─ Conversation" "the panes are drawn again after the help"

# Themes: /theme NAME switches live; the colours on screen change.
send M-4
before=$(screen_colours)
type_text "/theme light"
send Enter
check_screen "theme light" "/theme light is confirmed"
sleep 0.3
after=$(screen_colours)
if [ "$before" != "$after" ]; then ok "the colours change with the theme"; else not_ok "the colours change with the theme"; fi
type_text "/theme no-such-theme"
send Enter
check_screen "no-such-theme" "an unknown theme is reported"
type_text "/theme dark"
send Enter
check_screen "theme dark" "/theme dark switches back"
type_text "/thme"
send Enter
check_screen "Did you mean /theme" "a misspelt command gets a suggestion"

# The analysis pane: findings from a file, sorted and filtered; Enter shows the location.
cat >"$TUI_DIR/sample.c" <<'SRC'
#include <string.h>

void
copy(char *dst, const char *src)
{
	strcpy(dst, src);
}

int
main(void)
{
	char buf[8];
	copy(buf, "far too long for the buffer");
	return 0;
}
SRC
cat >"$TUI_DIR/findings.json" <<JSON
{"findings": [
 {"rule": "c-unused", "severity": "info", "file": "$TUI_DIR/sample.c", "line": 12, "message": "buf could be smaller"},
 {"rule": "c-strcpy", "severity": "error", "file": "$TUI_DIR/sample.c", "line": 6, "message": "strcpy does not check the size of dst"},
 {"rule": "c-overflow", "severity": "warning", "file": "$TUI_DIR/sample.c", "line": 13, "message": "the string does not fit in buf"},
 {"not": "a finding"}
]}
JSON
type_text "/findings $TUI_DIR/findings.json"
send Enter
check_screen "1 error, 1 warning, 1 info" "the analysis pane counts the findings"
check_screen "entries skipped" "a malformed entry is reported"
s=$(screen)
first=$(printf '%s\n' "$s" | grep -n 'c-strcpy' | cut -d: -f1)
second=$(printf '%s\n' "$s" | grep -n 'c-overflow' | cut -d: -f1)
third=$(printf '%s\n' "$s" | grep -n 'c-unused' | cut -d: -f1)
if [ -n "$first" ] && [ "$first" -lt "$second" ] && [ "$second" -lt "$third" ]; then ok "findings are sorted by severity"; else not_ok "findings are sorted by severity" "$s"; fi
send M-3
send Enter
check_screen "sample.c:6" "Enter shows the finding's file and line in the code preview"
check_screen "strcpy(dst, src);" "the code preview shows the line"
send Down
send Enter
check_screen "sample.c:13" "the next finding's location is shown"
send s
check_screen "sorted by file" "s sorts by file"
send v
check_screen "showing warnings and errors" "v filters by severity"
sleep 0.2
check_screen_lacks "c-unused" "the info finding is hidden"
send v
send v
check_screen "c-unused" "v cycles back to every finding"

# /analyze runs `aurelis analyze` in the background and lists what it finds.
mkdir -p "$TUI_DIR/project"
cat >"$TUI_DIR/project/flawed.c" <<'SRC'
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
send M-4
type_text "/analyze $TUI_DIR/project"
send Enter
check_screen "c-gets" "/analyze lists the analyzer's findings"
check_screen "flawed.c:8" "with their locations"
send M-3
send Home
send Enter
check_screen "Code · " "Enter on an analyzer finding opens its file"
check_screen "gets(line);" "at the flawed line"
# Two jobs at once: an analysis finishes while an answer is still streaming.
send C-q
wait_exit 5
AURELIS_ENV="AURELIS_TUI_DEMO=$(demo_answer) AURELIS_TUI_DEMO_RATE=40"
launch shell
check_screen "F1 help" "the interface starts for two jobs at once"
type_text "slow answer"
send Enter
check_screen "answering" "an answer is streaming"
type_text "/analyze $TUI_DIR/project"
send Enter
check_screen "c-gets" "an analysis finishes meanwhile"
check_screen "answering" "while the answer still streams"
send C-c
check_screen "cancelled" "Ctrl-C then cancels the answer"
type_text "/analyze $TUI_DIR/no-such-dir"
send Enter
check_screen "the analysis of $TUI_DIR/no-such-dir failed" "a failing analysis is reported"

# Code blocks: [ and ] step through the blocks of the conversation.
send C-q
wait_exit 5
cat >"$TUI_DIR/two-blocks.md" <<'MD'
First:

```python
print("block one")
```

Second:

```sh
echo block two
```
MD
AURELIS_ENV="AURELIS_TUI_DEMO=$TUI_DIR/two-blocks.md"
launch shell
check_screen "F1 help" "the interface starts with a two-block answer"
type_text "show me"
send Enter
check_screen "block 2/2" "the code preview follows the newest block"
check_screen "echo block two" "the newest block is shown"
send M-2
send '['
check_screen "block 1/2" "[ shows the previous block"
check_screen 'print("block one")' "the previous block's code is shown"
send ']'
check_screen "block 2/2" "] shows the next block"
send C-q
check_clean_exit "quits cleanly"

done_testing
