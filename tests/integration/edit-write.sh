#!/bin/sh
# SPDX-License-Identifier: MIT
# The edit pipeline end to end on real files: apply, confirm, backups, symlink escapes,
# CRLF and non-UTF-8 files, a kill -9 in the middle of a write, diffs that patch(1) takes.
. "$AURELIS_SRCDIR/tests/lib.sh"

D="$AURELIS_BUILDDIR/tests/edit-driver"
TREE="$TMPROOT/tree"
OUTSIDE="$TMPROOT/outside"
mkdir -p "$TREE/.git" "$TREE/src" "$OUTSIDE"
cd "$TREE" || exit 1
BACKUPS="$XDG_STATE_HOME/aurelis/backups"

sr() { # file search replace: one SEARCH/REPLACE block, fenced, with the file's name
	printf 'Here is the fix.\n\n%s\n```c\n<<<<<<< SEARCH\n%b=======\n%b>>>>>>> REPLACE\n```\n' "$1" "$2" "$3"
}

printf '#include <stdio.h>\n\nint main(void)\n{\n\tputs("hi");\n\treturn 0;\n}\n' >src/main.c
cp src/main.c "$TMPROOT/main.orig"

# --- apply with --yes: diff shown, file written, backup kept --------------------------------
sr src/main.c '\treturn 0;\n' '\treturn 1;\n' >"$TMPROOT/ans1"
run "$D" apply src/main.c "$TMPROOT/ans1" --yes
check_rc 0 "a matching block is applied"
check_out_has "-	return 0;" "the diff shows the removed line"
check_out_has "+	return 1;" "the diff shows the added line"
check_out_has "@@ -3,5 +3,5 @@" "the diff has a hunk header"
check "the file has the change" grep -q 'return 1;' src/main.c
backup=$(find "$BACKUPS" -name 'main.c.*' -type f | head -1)
check "a backup was saved under the state directory" test -n "$backup"
check "the backup holds the previous text" cmp -s "$backup" "$TMPROOT/main.orig"
case "$backup" in "$BACKUPS$TREE/src/main.c."*) ok "the backup mirrors the file's real path" ;;
*) not_ok "the backup mirrors the file's real path" "$backup" ;; esac

# --- a block that does not match: nothing written --------------------------------------------
cp src/main.c "$TMPROOT/main.now"
sr src/main.c '\tputs("hello");\n' '\tputs("bye");\n' >"$TMPROOT/ans2"
run "$D" apply src/main.c "$TMPROOT/ans2" --yes
check_rc 7 "a block that does not match is a model error"
check_err_has "block 1: the SEARCH text does not match src/main.c" "the block is named"
check_err_has "is line 5" "the closest place is shown"
check_err_has "hint:" "with a hint"
check "the file is untouched" cmp -s src/main.c "$TMPROOT/main.now"

# --- malformed and overlapping blocks -------------------------------------------------------
printf '<<<<<<< SEARCH\n\treturn 1;\n>>>>>>> REPLACE\n' >"$TMPROOT/ans3"
run "$D" apply src/main.c "$TMPROOT/ans3" --yes
check_rc 7 "a block without a divider is refused"
check_err_has "no ======= line" "the missing divider is reported"
{ sr src/main.c '{\n\tputs("hi");\n' '{\n'; sr src/main.c '\tputs("hi");\n\treturn 1;\n' '\treturn 2;\n'; } >"$TMPROOT/ans4"
run "$D" apply src/main.c "$TMPROOT/ans4" --yes
check_rc 7 "overlapping blocks are refused"
check_err_has "block 2: the block overlaps block 1" "the overlap is reported"
check "the file is still untouched" cmp -s src/main.c "$TMPROOT/main.now"

# --- confirmation: no terminal refuses, a terminal answer decides, piped stdin is fine ------
sr src/main.c '\treturn 1;\n' '\treturn 3;\n' >"$TMPROOT/ans5"
run setsid "$D" apply src/main.c "$TMPROOT/ans5" </dev/null
check_rc 2 "without a terminal and without --yes nothing is applied"
check_err_has "no terminal" "it says why"
check_err_has "--yes" "and how to go on"
check "the file is untouched without confirmation" cmp -s src/main.c "$TMPROOT/main.now"

pty_run() { # answer command...: runs command on a new pseudo-terminal, types answer at the prompt
	"$PYTHON3" - "$@" <<'EOF'
import fcntl, os, subprocess, sys, termios, time
answer = sys.argv[1].encode() + b"\n"
master, slave = os.openpty()
def own_tty():
    os.setsid()
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
p = subprocess.Popen(sys.argv[2:], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, preexec_fn=own_tty, pass_fds=(slave,))
os.close(slave)
seen = b""
deadline = time.time() + 20
while b"[y/N]" not in seen and time.time() < deadline:
    try:
        seen += os.read(master, 1024)
    except OSError:
        break
os.write(master, answer)
out, err = p.communicate(b"piped stdin is not the answer\n", timeout=20)
sys.stdout.write(out.decode(errors="replace"))
sys.stderr.write(err.decode(errors="replace") + "[tty:" + seen.decode(errors="replace") + "]")
sys.exit(p.returncode)
EOF
}
run pty_run n "$D" apply src/main.c "$TMPROOT/ans5"
check_rc 1 "answering n on the terminal declines"
check_err_has "[tty:Apply? [y/N]" "the question went to the terminal"
check "declining leaves the file alone" cmp -s src/main.c "$TMPROOT/main.now"
run pty_run y "$D" apply src/main.c "$TMPROOT/ans5"
check_rc 0 "answering y on the terminal applies"
check "the change is written" grep -q 'return 3;' src/main.c

# --- CRLF and encodings --------------------------------------------------------------------
printf 'a\r\nb\r\nc\r\n' >crlf.txt
sr crlf.txt 'b\n' 'B\nB2\n' >"$TMPROOT/ans6"
run "$D" apply crlf.txt "$TMPROOT/ans6" --yes
check_rc 0 "a CRLF file is edited"
printf 'a\r\nB\r\nB2\r\nc\r\n' >"$TMPROOT/crlf.want"
check "its lines keep CRLF endings" cmp -s crlf.txt "$TMPROOT/crlf.want"
printf 'caf\351\n' >latin1.txt
run "$D" apply latin1.txt "$TMPROOT/ans6" --yes
check_rc 6 "a non-UTF-8 file is refused as invalid input"
check_err_has "not valid UTF-8" "with a clear message"
printf 'ELF\000\001\002' >blob.bin
run "$D" apply blob.bin "$TMPROOT/ans6" --yes
check_rc 6 "a binary file is refused"
check_err_has "looks binary" "as binary"
printf 'no newline' >nonl.txt
sr nonl.txt 'no newline\n' 'still no newline\n' >"$TMPROOT/ans7"
run "$D" apply nonl.txt "$TMPROOT/ans7" --yes
check "a missing final newline stays missing" test "$(cat nonl.txt; echo x)" = "still no newlinex"

# --- paths: symlinks and .. may not lead out of the tree -------------------------------------
printf 'secret\n' >"$OUTSIDE/secret"
printf 'new text\n' >"$TMPROOT/content"
ln -s "$OUTSIDE/secret" link.txt
run "$D" write link.txt "$TMPROOT/content" --yes
check_rc 6 "a symlink to a file outside is refused"
check_err_has "symbolic link" "because it is a link"
ln -s "$OUTSIDE" outdir
run "$D" write outdir/secret "$TMPROOT/content" --yes
check_rc 6 "a symlinked directory leading out is refused"
check_err_has "outside the working tree" "because it leads outside"
run "$D" write ../outside/secret "$TMPROOT/content" --yes
check_rc 6 ".. leading out is refused"
run "$D" write outdir/../x.txt "$TMPROOT/content" --yes
check_rc 6 ".. after a symlinked directory resolves outside and is refused"
run "$D" write outdir/new.txt "$TMPROOT/content" --yes --create-dirs
check_rc 6 "no new file appears outside through a symlinked directory"
check "the file outside is untouched" test "$(cat "$OUTSIDE/secret")" = secret
check "nothing new was created outside" test ! -e "$OUTSIDE/new.txt"
run "$D" write "$OUTSIDE/abs.txt" "$TMPROOT/content"
check_rc 0 "an absolute path outside the tree is the user's choice"
run "$D" write src/main.c "$TMPROOT/content"
check_rc 2 "an existing file is not replaced without confirmation"
check_err_has "already exists" "it says so"
run "$D" write tests/new/test_main.c "$TMPROOT/content" --create-dirs
check_rc 0 "missing directories inside the tree are created on request"

# --- kill -9 in the middle of a write leaves the original intact ----------------------------
printf 'the original\n' >big.txt
head -c 20000000 /dev/zero | tr '\0' 'x' >"$TMPROOT/big"
rm -f "$TMPROOT/mark"
"$D" write big.txt "$TMPROOT/big" --yes --slow "$TMPROOT/mark" >/dev/null 2>&1 &
pid=$!
i=0
while [ ! -e "$TMPROOT/mark" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
check "the writer got into the middle of the write" test -e "$TMPROOT/mark"
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
check "after kill -9 the original is intact" test "$(cat big.txt)" = "the original"
partial=$(find . -maxdepth 1 -name '.big.txt.*' | head -1)
check "the half-written data was only ever in a temporary file" test -n "$partial"
rm -f .big.txt.*

# --- diffs that patch(1) accepts ---------------------------------------------------------------
if command -v patch >/dev/null; then
	awk 'BEGIN { for (i = 1; i <= 300; i++) print "line " i }' >"$TMPROOT/a"
	awk 'BEGIN { for (i = 1; i <= 300; i++) { if (i % 37 == 0) print "changed " i; else if (i % 53 != 0) print "line " i; if (i % 71 == 0) print "added " i } }' >"$TMPROOT/b"
	printf 'tail without newline' >>"$TMPROOT/b"
	"$D" diff "$TMPROOT/a" "$TMPROOT/b" >"$TMPROOT/ab.diff"
	check "patch applies the diff cleanly" patch -s -o "$TMPROOT/patched" "$TMPROOT/a" "$TMPROOT/ab.diff"
	check "and gets the new file" cmp -s "$TMPROOT/patched" "$TMPROOT/b"
else
	ok "# SKIP patch(1) is not installed"
	ok "# SKIP patch(1) is not installed"
fi

# --- code blocks -------------------------------------------------------------------------------
printf 'Two versions:\n\n```python\nprint(1)\n```\n\n```c\nint main(void) { return 0; }\n```\n\n```c\nint x;\n```\n' >"$TMPROOT/blocks"
run "$D" blocks "$TMPROOT/blocks" c
check_rc 0 "a block is picked by language"
check_out_has "int main(void) { return 0; }" "the largest block in that language"
check_out_lacks "Two versions" "never the prose"
printf 'Sure:\n```c\nint main(void) {\n' >"$TMPROOT/cut"
run "$D" blocks "$TMPROOT/cut"
check_rc 7 "a block cut off by the end of the answer is not used"
check_err_has "cut off" "and that is said"

run "$D" testname src/parser.py
check_out_has "tests/test_parser.py" "test files are named by convention"

done_testing
