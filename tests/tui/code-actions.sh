#!/bin/sh
# SPDX-License-Identifier: MIT
# Actions on the code preview's block: copy (the OSC 52 bytes captured from the pane and
# decoded; tmux's buffer; a clipboard program when tmux drops OSC 52), save (a new file,
# a refused overwrite, an accepted one with its backup), diff against a file (coloured;
# then apply writes it), apply a block and a SEARCH/REPLACE answer, $EDITOR and analysis.
. "$AURELIS_SRCDIR/tests/lib.sh"
. "$AURELIS_SRCDIR/tests/tui/lib-tmux.sh"
. "$AURELIS_SRCDIR/tests/tui/lib-tools.sh"

W="$TUI_DIR/work"
mkdir -p "$W"
cat >"$TUI_DIR/answer.md" <<'EOF'
Here is the program:

```c title=greet.c
#include <stdio.h>

int
main(void)
{
    char name[16];
    gets(name);
    printf("hello %s\n", name);
    return 0;
}
```

And the edit for notes.txt:

notes.txt
```
<<<<<<< SEARCH
the old line
=======
the new line
>>>>>>> REPLACE
```
EOF
# The first block as the code preview holds it (the fence's content).
sed -n '/^```c/,/^```$/p' "$TUI_DIR/answer.md" | sed '1d;$d' >"$TUI_DIR/block1"
printf 'int main(void) { return 1; }\n' >"$W/greet.c"
cp "$W/greet.c" "$TUI_DIR/greet.orig"
printf 'first\nthe old line\nlast\n' >"$W/notes.txt"
mkdir -p "$W/saved"
cat >"$TUI_DIR/editor" <<'EOF'
#!/bin/sh
echo '/* edited by the test */' >>"$1"
EOF
chmod +x "$TUI_DIR/editor"

tmux_start 160 40
type_text "cd '$W'"
send Enter
AURELIS_ENV="AURELIS_TUI_DEMO=$TUI_DIR/answer.md VISUAL= EDITOR=$TUI_DIR/editor"
launch shell
check_screen "F1 help" "the interface starts"
type_text "show me"
send Enter
check_screen "block 2/2" "the answer's two blocks arrive"
send M-2
send '['
check_screen "block 1/2 · c" "[ selects the C block"

# ---- copy: OSC 52 through tmux ---------------------------------------------------------------
tmux -L "$TMUX_SOCK" set -g set-clipboard on
tmux -L "$TMUX_SOCK" pipe-pane -O "cat >>'$TUI_DIR/raw'"
send y
check_screen "copied block 1 (10 lines) through the terminal" "y copies the block"
sleep 0.3
tmux -L "$TMUX_SOCK" pipe-pane
osc52_payloads "$TUI_DIR/raw" >"$TUI_DIR/payloads"
# Inside tmux the sequence goes twice: plain (set-clipboard) and through the passthrough.
{ cat "$TUI_DIR/block1"; printf '\n--8<--\n'; cat "$TUI_DIR/block1"; } >"$TUI_DIR/want"
check_file_is "$TUI_DIR/payloads" "$TUI_DIR/want" "the OSC 52 bytes written to the terminal decode to the block"
if grep -q "$(printf '\033Ptmux;')" "$TUI_DIR/raw"; then ok "a DCS-wrapped copy is sent for tmux's passthrough"; else not_ok "a DCS-wrapped copy is sent for tmux's passthrough" "$(od -c "$TUI_DIR/raw" | head)"; fi
tmux -L "$TMUX_SOCK" show-buffer >"$TUI_DIR/buffer"
check_file_is "$TUI_DIR/buffer" "$TUI_DIR/block1" "tmux (set-clipboard on) holds the block in its buffer"

# ---- save ------------------------------------------------------------------------------------
send w
check_screen "Save block 1 to: greet.c" "w asks where to save, offering the fence's file name"
send Enter
check_screen "greet.c exists. Replace it" "an existing file is not replaced without asking"
send n
check_screen "not written: " "n refuses the overwrite"
check_file_is "$W/greet.c" "$TUI_DIR/greet.orig" "the file is unchanged after the refusal"
send w
send C-u
type_text "sav"
send Tab
check_screen "Save block 1 to: saved/" "Tab completes the path"
type_text "copy.c"
send Enter
check_screen "wrote " "a new file is written at once"
check_file_is "$W/saved/copy.c" "$TUI_DIR/block1" "the saved file holds the block"

# ---- diff against a file, then apply it ---------------------------------------------------------
send d
check_screen "Diff block 1 against: greet.c" "d asks for the file to diff against"
send Enter
check_screen "Diff · greet.c · +10 −1 · a applies" "the diff shows in the code preview"
check_screen "-int main(void) { return 1; }" "with the removed line"
check_screen "+    gets(name);" "and the added ones"
col=$(screen_colours)
add_sgr=$(printf '%s\n' "$col" | grep -F -- '+    gets(name);' | head -n 1 | sed 's/+    gets.*//' | tr -d ' ')
del_sgr=$(printf '%s\n' "$col" | grep -F -- '-int main(void)' | head -n 1 | sed 's/-int main.*//' | tr -d ' ')
if [ -n "$add_sgr" ] && [ "$add_sgr" != "$del_sgr" ]; then ok "added and removed lines are coloured differently"; else not_ok "added and removed lines are coloured differently" "$add_sgr / $del_sgr"; fi
check_file_is "$W/greet.c" "$TUI_DIR/greet.orig" "a diff alone writes nothing"
send a
check_screen "Write block 1 to greet.c (+10 −1; a backup is kept)?" "a asks before writing"
send y
check_screen "wrote greet.c (the old one is kept as greet.c." "y writes it"
check_file_is "$W/greet.c" "$TUI_DIR/block1" "the file now holds the block"
b=$(backups_of greet.c | tail -n 1)
if [ -n "$b" ]; then check_file_is "$b" "$TUI_DIR/greet.orig" "the backup holds the old contents"; else not_ok "the backup holds the old contents" "no backup"; fi
check_screen "Code · greet.c" "the written file is shown"

# ---- apply a block directly, declined then accepted ---------------------------------------------
printf 'old\n' >"$W/other.c"
# From a file, [ goes to the last block, then to the one before.
send '['
send '['
check_screen "block 1/2" "[ [ from the file selects block 1"
send a
check_screen "Apply block 1 to: greet.c" "a on a block asks for the file"
send C-u
type_text "other.c"
send Enter
check_screen "Write block 1 to other.c" "the diff is shown first, with the question"
check_screen "+    return 0;" "the diff is in the code preview while asking"
send Escape
check_screen "not written: " "Esc declines"
if [ "$(cat "$W/other.c")" = old ]; then ok "declining leaves the file alone"; else not_ok "declining leaves the file alone"; fi
send a
check_screen "Write block 1 to other.c" "a asks again about the shown diff"
send y
check_screen "wrote other.c" "and writes it on y"
check_file_is "$W/other.c" "$TUI_DIR/block1" "the block was written"

# ---- a SEARCH/REPLACE answer ------------------------------------------------------------------
send ']'
check_screen "block 2/2" "] selects the edit block"
send a
check_screen "Apply the edits of block 2 to: notes.txt" "the edit names its file"
send Enter
check_screen "Write the edits of block 2 to notes.txt (+1 −1" "the edit's diff is shown"
send y
check_screen "wrote notes.txt" "the edit is written"
if [ "$(cat "$W/notes.txt")" = "$(printf 'first\nthe new line\nlast')" ]; then ok "only the SEARCH lines were replaced"; else not_ok "only the SEARCH lines were replaced" "$(cat "$W/notes.txt")"; fi
if [ "$(cat "$(backups_of notes.txt | tail -n 1)")" = "$(printf 'first\nthe old line\nlast')" ]; then ok "notes.txt has its backup"; else not_ok "notes.txt has its backup"; fi
send ']'
send a
check_screen "Apply the edits of block 2 to: notes.txt" "applying the edit again"
send Enter
check_screen "do not apply" "an edit whose SEARCH is gone is refused"
check_screen "block 1:" "with the problem in the conversation"

# ---- $EDITOR -----------------------------------------------------------------------------------
send '['
check_screen "block 1/2" "[ selects block 1 again"
send e
check_screen "block 1 (edited)" "e opens the block in \$EDITOR and shows the result"
check_screen "/* edited by the test */" "the edited text is in the code preview"
check_screen "F1 help" "the screen is back after the editor"

# ---- analysis -------------------------------------------------------------------------------------
send '['
send '['
check_screen "block 1/2" "back to block 1"
send c
check_screen "c-gets" "c analyses the block in its language"
check_screen "1 finding in block 1" "the findings are counted"
send M-2
send ']'
check_screen "block 2/2" "the code preview moves on"
send M-3
send Enter
check_screen "block 1/2" "Enter on a block's finding shows that block again"
send C-q
check_clean_exit "quits cleanly"

# ---- copy through a clipboard program when tmux drops OSC 52 ------------------------------------
tmux -L "$TMUX_SOCK" set -g set-clipboard off
tmux -L "$TMUX_SOCK" set -g allow-passthrough off 2>/dev/null
mkdir -p "$TUI_DIR/bin"
cat >"$TUI_DIR/bin/wl-copy" <<EOF
#!/bin/sh
cat >'$TUI_DIR/wl-copied'
EOF
chmod +x "$TUI_DIR/bin/wl-copy"
AURELIS_ENV="AURELIS_TUI_DEMO=$TUI_DIR/answer.md PATH=$TUI_DIR/bin:$PATH WAYLAND_DISPLAY=wayland-test"
launch shell
check_screen "F1 help" "the interface starts again"
type_text "again"
send Enter
check_screen "block 2/2" "the answer arrives"
send M-2
send '['
send y
check_screen "with wl-copy" "with tmux dropping OSC 52, the block goes to wl-copy"
check_screen "tmux drops OSC 52 here" "and the status bar says why"
wait_file "$TUI_DIR/wl-copied" 5
check_file_is "$TUI_DIR/wl-copied" "$TUI_DIR/block1" "wl-copy got the block"
send C-q
check_clean_exit "quits cleanly after the clipboard program"

done_testing
