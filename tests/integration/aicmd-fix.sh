#!/bin/sh
# SPDX-License-Identifier: MIT
# `aurelis fix` against the fake server: static findings sent with the code, SEARCH/REPLACE
# edits as a diff, --apply with confirmation, backup and mode, all-or-nothing on malformed,
# overlapping and unmatched blocks, CRLF, hostile files, standard input, a file larger
# than the budget edited part by part, a file changed meanwhile, Ctrl-C, kill during write.
. "$AURELIS_SRCDIR/tests/integration/aicmdlib.sh"

cat >vuln.c <<'EOF'
#include <stdio.h>

int
main(void)
{
	char buf[16];
	gets(buf);
	puts(buf);
	return 0;
}
EOF
cp vuln.c vuln.orig
chmod 640 vuln.c

GOOD='gets() has no bound; fgets() keeps to the buffer.

vuln.c
<<<<<<< SEARCH
	gets(buf);
=======
	if (fgets(buf, sizeof buf, stdin) == NULL)
		return 1;
>>>>>>> REPLACE'

say "$GOOD"
run "$AURELIS" fix vuln.c </dev/null
check_rc 0 "fix exits 0"
check_eq "$(printf %s "$OUT" | head -n 2)" "--- a/vuln.c
+++ b/vuln.c" "piped, stdout starts with the unified diff"
check_out_has "-	gets(buf);" "the diff removes the gets call"
check_out_has "+	if (fgets(buf, sizeof buf, stdin) == NULL)" "and adds the fix"
check_out_lacks "fgets() keeps to the buffer" "the prose is not mixed into the piped diff"
check "the file is untouched without --apply" cmp -s vuln.c vuln.orig
check_err_has "run again with --apply" "stderr says how to write it"
check_eq "$(sent 'r["body"]["model"]')" "openai/gpt-4.1" "the fix route is used"
check "the static finding is sent with the code" test "$(sent '"line 7: [c-gets] error:" in u and "\tgets(buf);" in u')" = True
check "the system prompt carries the SEARCH/REPLACE format" test "$(sent '"<<<<<<< SEARCH" in s and ">>>>>>> REPLACE" in s and "Copy the SEARCH lines character for character" in s')" = True
check "the diff applies with patch" sh -c "printf '%s\n' \"\$1\" | patch --dry-run -s vuln.c >/dev/null" _ "$OUT"

run setsid "$AURELIS" fix vuln.c --apply </dev/null
check_rc 2 "--apply without a terminal and without --yes exits 2"
check "nothing written" cmp -s vuln.c vuln.orig

TTY_ANSWER=n in_tty "$AURELIS" fix vuln.c --apply
check_rc 1 "declining on the terminal exits 1"
check "nothing written when declined" cmp -s vuln.c vuln.orig
check_err_has "[tty:Apply these changes to vuln.c? [y/N]" "the question names the file"

run "$AURELIS" fix vuln.c --apply --yes </dev/null
check_rc 0 "--apply --yes writes"
check "the edit is in the file" grep -q "fgets(buf, sizeof buf, stdin)" vuln.c
check "the rest is as it was" sh -c 'grep -q "^	puts(buf);" vuln.c && test "$(wc -l <vuln.c)" -eq 11'
check_eq "$(stat -c %a vuln.c)" "640" "the mode is kept"
check_eq "$(backups_of vuln.c)" "1" "a backup is kept"
check "the backup holds the old text" sh -c "cat \$(find '$XDG_STATE_HOME/aurelis/backups' -name 'vuln.c.*') | cmp -s - vuln.orig"
check_err_has "the old one is saved as" "stderr names the backup"
cp vuln.orig vuln.c

# --rule and --line choose what is sent.
run "$AURELIS" fix vuln.c --rule c-gets </dev/null
check_rc 0 "--rule with findings"
check "the rule is named in the instructions" test "$(sent '"Fix the findings of rule c-gets" in u')" = True
fake_reset
run "$AURELIS" fix vuln.c --rule c-strcpy-fixed </dev/null
check_rc 0 "--rule without findings exits 0"
check_err_has "no c-strcpy-fixed finding in vuln.c; nothing to fix" "and says so"
check_eq "$(chats)" "0" "without sending anything"
run "$AURELIS" fix vuln.c --rule c-getz </dev/null
check_rc 2 "an unknown rule is a usage error"
check_err_has "did you mean c-gets?" "with a suggestion"
say "$GOOD"
run "$AURELIS" fix vuln.c --line 8 </dev/null
check "--line names the line" test "$(sent '"Fix the problem at line 8 of vuln.c" in u')" = True
run "$AURELIS" fix vuln.c --line 99 </dev/null
check_rc 2 "a line past the end is a usage error"

# Answers that cannot be applied: nothing is written, each problem reported.
check_bad() { # ANSWER DESCRIPTION NEEDLE
	say "$1"
	run "$AURELIS" fix vuln.c --apply --yes </dev/null
	check_rc 7 "$2 exits 7"
	check "$2 writes nothing" cmp -s vuln.c vuln.orig
	check_err_has "$3" "$2 is reported"
	check_err_has "nothing was written" "$2: stderr says nothing was written"
}
check_bad 'vuln.c
<<<<<<< SEARCH
	gets(buf);
=======
	fgets(buf, 16, stdin);' "a block without its end" "block 1: no >>>>>>> REPLACE line"
check_bad 'vuln.c
<<<<<<< SEARCH
	gets(buf);
=======
	fgets(buf, 16, stdin);
>>>>>>> REPLACE

vuln.c
<<<<<<< SEARCH
	gets(buf);
	puts(buf);
=======
	puts("x");
>>>>>>> REPLACE' "overlapping blocks" "block 2: the block overlaps block 1"
check_bad 'vuln.c
<<<<<<< SEARCH
	puts(buf);
=======
	fputs(buf, stdout);
>>>>>>> REPLACE

vuln.c
<<<<<<< SEARCH
	scanf("%s", buf);
=======
	nothing();
>>>>>>> REPLACE' "a block that does not match" "block 2: the SEARCH text does not match vuln.c"
check_bad 'other.c
<<<<<<< SEARCH
	gets(buf);
=======
	x();
>>>>>>> REPLACE' "a block for another file" "block 1"

say "The code is fine as it is."
run "$AURELIS" fix vuln.c --apply --yes </dev/null
check_rc 0 "an answer without edits exits 0"
check_err_has "no changes were proposed" "and says so"
check "nothing written" cmp -s vuln.c vuln.orig

# CRLF files keep CRLF; hostile files are refused.
printf 'def f(x):\r\n    return eval(x)\r\n' >crlf.py
say 'crlf.py
<<<<<<< SEARCH
    return eval(x)
=======
    return int(x)
>>>>>>> REPLACE'
run "$AURELIS" fix crlf.py --apply --yes </dev/null
check_rc 0 "a CRLF file is fixed"
check "it keeps CRLF on every line" sh -c 'printf "def f(x):\r\n    return int(x)\r\n" | cmp -s - crlf.py'
printf 'x = "caf\351"\n' >latin1.py
run "$AURELIS" fix latin1.py </dev/null
check_rc 6 "a non-UTF-8 file exits 6"
printf '\177ELF\0\0' >bin.py
run "$AURELIS" fix bin.py </dev/null
check_rc 6 "a binary file exits 6"

# Symlink escape: a file reached through a link out of the working tree is read, but --apply
# refuses it before a request is spent, and nothing outside changes.
mkdir -p "$TMPROOT/outside"
cp vuln.orig "$TMPROOT/outside/vuln.c"
ln -s "$TMPROOT/outside/vuln.c" linked.c
ln -s "$TMPROOT/outside" outdir
say "$GOOD"
for f in linked.c outdir/vuln.c; do
	run "$AURELIS" fix "$f" --apply --yes </dev/null
	check_rc 6 "fix --apply through a symlink out of the tree ($f) exits 6"
	check_err_has "refusing to write $f" "saying it will not write there"
done
check_eq "$(chats)" "0" "no request was spent on them"
check "the file outside is untouched" cmp -s "$TMPROOT/outside/vuln.c" vuln.orig
say "$(printf '%s\n' "$GOOD" | sed 's/^vuln\.c$/linked.c/')"
run "$AURELIS" fix linked.c </dev/null
check_rc 0 "without --apply the linked file is still fixed on screen"
check_out_has "+	if (fgets(buf, sizeof buf, stdin) == NULL)" "as a diff"
run "$AURELIS" refactor outdir/vuln.c --apply --yes </dev/null
check_rc 6 "refactor --apply through a symlinked directory exits 6 too"
run "$AURELIS" docs linked.c --format docstring --apply --yes </dev/null
check_rc 6 "and docs --format docstring --apply"
check "the file outside is still untouched" cmp -s "$TMPROOT/outside/vuln.c" vuln.orig

# Standard input: a filter.
say "$GOOD"
run "$AURELIS" fix - --lang c <vuln.orig
check_rc 0 "fix - exits 0"
check "the findings of standard input are sent too" test "$(sent '"[c-gets]" in u and "File: <stdin>" in u')" = True
check "stdout is the fixed code" sh -c 'printf "%s\n" "$1" | grep -q "fgets(buf, sizeof buf, stdin)" && printf "%s\n" "$1" | grep -q "^#include <stdio.h>"' _ "$OUT"
run "$AURELIS" fix - --apply <vuln.orig
check_rc 2 "--apply with - is a usage error"

# JSON.
run "$AURELIS" --json fix vuln.c </dev/null
check_eq "$(printf %s "$OUT" | "$PYTHON3" -c 'import json,sys; d=json.load(sys.stdin); e=d["edits"][0]; print(d["file"], d["changed"], d["written"], e["match"], e["first_line"], len(d["problems"]), d["diff"].startswith("--- a/vuln.c"))')" \
	"vuln.c True False exact 7 0 True" "--json gives the edits, diff and whether it was written"
say 'vuln.c
<<<<<<< SEARCH
	nope();
=======
	x();
>>>>>>> REPLACE'
run "$AURELIS" --json fix vuln.c </dev/null
check_rc 7 "--json with a failing block exits 7"
check_eq "$(printf %s "$OUT" | "$PYTHON3" -c 'import json,sys; d=json.load(sys.stdin); p=d["problems"][0]; print(p["part"], p["block"], d["error"]["exit_status"])')" "1 1 7" "the problems are in the JSON"

# Exact match first, then whitespace-tolerant: a SEARCH whose indentation or trailing blanks
# differ from the file still finds its place, and the REPLACE takes the file's indentation.
say "$(printf 'vuln.c\n<<<<<<< SEARCH\n    char buf[16];   \n    gets(buf);\n=======\n    char buf[16];\n    if (fgets(buf, sizeof buf, stdin) == NULL)\n        return 1;\n>>>>>>> REPLACE\n')"
run "$AURELIS" --json fix vuln.c --apply --yes </dev/null
check_eq "$RC/$(printf %s "$OUT" | "$PYTHON3" -c 'import json,sys; d=json.load(sys.stdin); print(d["edits"][0]["match"], d["written"])')" \
	"0/indentation True" "a block indented differently from the file is applied by indentation"
check "the replacement takes the file's tab indentation" sh -c 'printf "\tchar buf[16];\n\tif (fgets(buf, sizeof buf, stdin) == NULL)\n\t\treturn 1;\n" | cmp -s - "$1"' _ "$(sed -n 6,8p vuln.c >"$TMPROOT/mid"; echo "$TMPROOT/mid")"
check "the rest of the file is as it was" sh -c 'sed -n 1,5p vuln.c | cmp -s - "$1" && tail -n 3 vuln.c | cmp -s - "$2"' _ "$(sed -n 1,5p vuln.orig >"$TMPROOT/head"; echo "$TMPROOT/head")" "$(tail -n 3 vuln.orig >"$TMPROOT/tail"; echo "$TMPROOT/tail")"
cp vuln.orig vuln.c
say "$(printf 'vuln.c\n<<<<<<< SEARCH\n\tgets(buf);  \n=======\n\tfgets(buf, sizeof buf, stdin);\n>>>>>>> REPLACE\n')"
run "$AURELIS" --json fix vuln.c </dev/null
check_eq "$RC/$(printf %s "$OUT" | "$PYTHON3" -c 'import json,sys; d=json.load(sys.stdin); print(d["edits"][0]["match"], d["changed"])')" \
	"0/trailing-whitespace True" "trailing blanks the file does not have are tolerated"
say "$(printf 'vuln.c\n<<<<<<< SEARCH\n\tgets(buf);\n=======\n\tfgets(buf, sizeof buf, stdin);\n>>>>>>> REPLACE\n')"
run "$AURELIS" --json fix vuln.c </dev/null
check_eq "$(printf %s "$OUT" | "$PYTHON3" -c 'import json,sys; print(json.load(sys.stdin)["edits"][0]["match"])')" "exact" "an exact block matches exactly"
say "$(printf 'vuln.c\n<<<<<<< SEARCH\n\t\tgets(buf);\n\t\tputs(buf);\n\treturn 0;\n=======\n\tx();\n>>>>>>> REPLACE\n')"
run "$AURELIS" fix vuln.c --apply --yes </dev/null
check_rc 7 "a block whose relative indentation differs does not match"
check "and nothing is written" cmp -s vuln.c vuln.orig

# A file larger than the budget: edited part by part, written only if every part applied.
"$PYTHON3" - <<'PY'
with open("big.c", "w") as f:
    f.write("#include <stdio.h>\n\n")
    for i in range(300):
        body = "\tgets(d);\n" if i in (3, 290) else "\td[0] = s[0];\n"
        f.write("/* Copy %d. */\nvoid\ncopy_%d(char *d, const char *s)\n{\n%s\td[1] = %d;\n}\n\n" % (i, i, body, i))
PY
cp big.c big.orig
say_if "copy_3(char" 'big.c
<<<<<<< SEARCH
void
copy_3(char *d, const char *s)
{
	gets(d);
=======
void
copy_3(char *d, const char *s)
{
	fgets(d, 2, stdin);
>>>>>>> REPLACE' "copy_290(char" 'big.c
<<<<<<< SEARCH
copy_290(char *d, const char *s)
{
	gets(d);
=======
copy_290(char *d, const char *s)
{
	fgets(d, 2, stdin);
>>>>>>> REPLACE'
run "$AURELIS" fix big.c --apply --yes </dev/null
check_rc 0 "a file over the budget is fixed part by part"
check_err_has "big.c: about" "stderr says it was split"
check "both parts' edits are in the file" test "$(grep -c 'fgets(d, 2, stdin);' big.c)" -eq 2
check "nothing else changed" test "$(diff big.orig big.c | grep -c '^[<>]')" -eq 4
check_under_cap 8000 "every request stays under the cap"
check_eq "$(chats)" "2" "only the parts with findings were sent"
check "the findings sent are those of each part" test "$(reqs_py 'all(r["body"]["messages"][1]["content"].count("[c-gets]") == 1 for r in rs)')" = True
cp big.orig big.c
say_if "copy_3(char" 'big.c
<<<<<<< SEARCH
	gets(d);
=======
	fgets(d, 2, stdin);
>>>>>>> REPLACE' "copy_290(char" 'big.c
<<<<<<< SEARCH
	no such line
=======
	x
>>>>>>> REPLACE'
run "$AURELIS" fix big.c --apply --yes </dev/null
check_rc 7 "one part failing fails the whole file"
check "and nothing is written" cmp -s big.c big.orig
check_err_has "part 2 (lines" "the failing part is named"

# The file changes while the model answers: nothing is written.
fake_reset
fake_script "$(printf '%s' "$GOOD" | "$PYTHON3" -c 'import json,sys
print(json.dumps({"rules":[{"type":"slow_headers","seconds":1,"text":sys.stdin.read()}]}))')"
"$AURELIS" fix vuln.c --apply --yes </dev/null >"$TMPROOT/ch.out" 2>"$TMPROOT/ch.err" &
pid=$!
sleep 0.4
printf '/* edited meanwhile */\n' >>vuln.c
wait $pid
rc=$?
check_eq "$rc" "6" "a file changed during the request exits 6"
check "the other change stays, the fix is not written" sh -c 'tail -n 1 vuln.c | grep -q "edited meanwhile" && grep -q "gets(buf);" vuln.c'
check "stderr says it changed" grep -q "changed while the model was answering" "$TMPROOT/ch.err"
cp vuln.orig vuln.c

# Ctrl-C during the answer: exit 130, nothing written.
fake_reset
fake_script '{"rules":[{"type":"stall","after_chunks":1,"seconds":30,"text":"vuln.c\n<<<<<<< SEARCH\n"}]}'
"$AURELIS" fix vuln.c --apply --yes </dev/null >"$TMPROOT/int.out" 2>"$TMPROOT/int.err" &
pid=$!
sleep 0.5
kill -INT $pid
wait $pid
check_eq "$?" "130" "Ctrl-C exits 130"
check "nothing written" cmp -s vuln.c vuln.orig
check "stderr says cancelled" grep -q "cancelled" "$TMPROOT/int.err"

# Killed at any moment while replacing a file, the file is the old one or the new one.
"$PYTHON3" -c 'print("\n".join("line = %d  # padding padding padding" % i for i in range(60000)))' >big.txt.py
cp big.txt.py bigold.py
"$PYTHON3" - <<'PY' >"$TMPROOT/bigans.json"
import json
code = "\n".join("line = %d  # the new version of the file" % i for i in range(60000)) + "\n"
open("bignew.py", "w").write(code)
print(json.dumps({"rules": [{"type": "answer", "chunk": 65536, "text": "```python\n" + code + "```\n"}]}))
PY
fake_reset
fake_script "@$TMPROOT/bigans.json"
# how long a whole run takes here, so the kills fall around the moment it writes
cp bigold.py big.txt.py
t0=$(now_ms)
"$AURELIS" generate x -o big.txt.py --yes </dev/null >/dev/null 2>&1
t1=$(now_ms)
check "an uninterrupted run writes the new file" cmp -s big.txt.py bignew.py
intact=0
tries=0
for tenth in 4 6 7 8 9 10 11 12 14 17; do
	cp bigold.py big.txt.py
	"$AURELIS" generate x -o big.txt.py --yes </dev/null >/dev/null 2>&1 &
	pid=$!
	sleep "$("$PYTHON3" -c "print(($t1 - $t0) * $tenth / 10000)")"
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	tries=$((tries + 1))
	if cmp -s big.txt.py bigold.py || cmp -s big.txt.py bignew.py; then intact=$((intact + 1)); fi
done
check_eq "$intact/$tries" "$tries/$tries" "a kill at any moment leaves the old file or the new one, never a mix"

done_testing
