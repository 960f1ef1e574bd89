#!/bin/sh
# SPDX-License-Identifier: MIT
# `aurelis generate` against the fake server: the code block picked from several, no block,
# -o never writing prose, diff and confirmation before replacing, backups, CRLF targets,
# symlink escapes, context files, the prompt's format section, JSON.
. "$AURELIS_SRCDIR/tests/integration/aicmdlib.sh"

TWO_BLOCKS='Here is a script and the module.

```sh
python3 fizz.py
```

```python
def fizz(n):
    return n % 3 == 0
```

Run it with `python3`.'

say "$TWO_BLOCKS"
run "$AURELIS" generate a fizz function -o fizz.py </dev/null
check_rc 0 "generate -o exits 0"
check "only the python block is written, never the prose" sh -c 'printf "def fizz(n):\n    return n %% 3 == 0\n" | cmp -s - fizz.py'
check_out_has "Run it with" "the answer itself is shown"
check_err_has "2 code blocks; using the python one" "stderr says which block was used"
check_err_has "wrote fizz.py" "and what was written"
check_eq "$(sent 'r["body"]["model"]')" "mistral-ai/codestral-2501" "the generate route is used"
check "the system prompt states the one-block format" test "$(sent '"exactly one fenced code block" in s')" = True
check "the user message has the description, language and target" test "$(sent '"a fizz function" in u and "Language: python" in u and "fizz.py" in u')" = True

# --lang picks the block; -o - prints only that code
run "$AURELIS" generate runner -o - --lang sh </dev/null
check_rc 0 "generate -o - exits 0"
check_eq "$OUT" "python3 fizz.py" "-o - prints only the code of the --lang block"

# Without -o: no file, the whole answer on stdout.
run "$AURELIS" generate something </dev/null
check_out_has "def fizz(n):" "without -o the answer goes to stdout"
check_out_has "Here is a script" "prose included"

# No code block at all: nothing written, exit 7.
say "I would rather not write code today."
run "$AURELIS" generate nothing -o none.py </dev/null
check_rc 7 "no code block exits 7"
check "no file is created" test ! -e none.py
check_err_has "nothing was written" "the error says nothing was written"
# A block in another language only.
say "$TWO_BLOCKS"
run "$AURELIS" generate x -o prog.js </dev/null
check_rc 7 "no block in the target's language exits 7"
check "nothing written for it" test ! -e prog.js
# A block cut off by the output limit is not written.
say '```python
def half(
'
run "$AURELIS" generate x -o cut.py </dev/null
check_rc 7 "a cut-off block exits 7"
check "and is not written" test ! -e cut.py

# An existing target: refused without a terminal, the diff shown first.
printf 'def fizz(n):\n    return False\n' >fizz.py
chmod 640 fizz.py
cp fizz.py before.py
say "$TWO_BLOCKS"
run setsid "$AURELIS" generate fizz -o fizz.py </dev/null
check_rc 2 "an existing file without --yes and no terminal exits 2"
check "it is left untouched" cmp -s fizz.py before.py
check_out_has "-    return False" "the diff against it is shown first"
check_out_has "+    return n % 3 == 0" "with the new lines"
check_err_has "--yes" "the hint names --yes"

TTY_ANSWER=n in_tty "$AURELIS" generate fizz -o fizz.py
check_rc 1 "answering no on the terminal exits 1"
check "nothing written when declined" cmp -s fizz.py before.py
check_err_has "[tty:Replace fizz.py? [y/N]" "the question went to the terminal"

TTY_ANSWER=y in_tty "$AURELIS" generate fizz -o fizz.py
check_rc 0 "answering yes writes"
check "the new code is in place" grep -q "return n % 3 == 0" fizz.py
check_eq "$(stat -c %a fizz.py)" "640" "the file keeps its mode"
check_eq "$(backups_of fizz.py)" "1" "a backup was kept"
check "the backup holds the old text" sh -c "cat \$(find '$XDG_STATE_HOME/aurelis/backups' -name 'fizz.py.*') | cmp -s - before.py"

run "$AURELIS" generate fizz -o fizz.py --yes </dev/null
check_rc 0 "the same content again exits 0"
check_err_has "already has exactly this content" "and says there is nothing to write"

# A CRLF target keeps CRLF.
printf 'old = 1\r\n' >crlf.py
run "$AURELIS" generate fizz -o crlf.py --yes </dev/null
check_rc 0 "replacing a CRLF file"
check "the CRLF file keeps CRLF line endings" sh -c 'test "$(grep -c "$(printf "\r")\$" crlf.py)" = 2'

# Symlink escape and a binary target: refused before any request.
mkdir -p out
ln -s "$TMPROOT" out/link
fake_reset
say "$TWO_BLOCKS"
run "$AURELIS" generate x -o out/link/evil.py </dev/null
check_rc 6 "a path through a symlink out of the tree exits 6"
check "nothing was written outside" test ! -e "$TMPROOT/evil.py"
check_eq "$(chats)" "0" "and no request was spent"
ln -s ../before.py out/alias.py
run "$AURELIS" generate x -o out/alias.py --yes </dev/null
check_rc 6 "a target that is a symlink exits 6"
printf 'a\0b' >blob.py
run "$AURELIS" generate x -o blob.py --yes </dev/null
check_rc 6 "a binary target is not replaced"

# Context files: sent, binary ones refused, ones over the budget left out loudly.
printf 'def helper():\n    return 42\n' >helper.py
say "$TWO_BLOCKS"
run "$AURELIS" generate use the helper -f helper.py </dev/null
check_rc 0 "generate with a context file"
check "the context file is in the message" test "$(sent '"File: helper.py" in u and "return 42" in u')" = True
printf 'caf\351\n' >latin1.py
run "$AURELIS" generate x -f latin1.py </dev/null
check_rc 6 "a non-UTF-8 context file exits 6"
check_err_has "not valid UTF-8" "saying why"
"$PYTHON3" -c 'print("\n".join("x%d = %d" % (i, i) for i in range(4000)))' >large.py
run "$AURELIS" generate x -f helper.py -f large.py </dev/null
check_rc 0 "a context file over the budget does not stop the request"
check_err_has "left out large.py" "it is left out with a warning"
check "the small one is still sent" test "$(sent '"return 42" in u and "x3999" not in u')" = True

# The description from standard input.
printf 'a function from stdin\n' >"$TMPROOT/stdin.txt"
run "$AURELIS" generate - <"$TMPROOT/stdin.txt"
check_rc 0 "generate - exits 0"
check "- reads the description from standard input" test "$(sent '"a function from stdin" in u')" = True
run "$AURELIS" generate </dev/null
check_rc 2 "no description is a usage error"

# JSON.
run "$AURELIS" --json generate fizz -o jsonout.py </dev/null
check_rc 0 "--json exits 0"
check_eq "$(printf %s "$OUT" | "$PYTHON3" -c 'import json,sys; d=json.load(sys.stdin); print(d["lang"], d["written"], d["output"], d["model"], d["requests"], "Run it" in d["answer"])')" \
	"python True jsonout.py mistral-ai/codestral-2501 1 True" "--json gives code, lang, output, written, model and requests"

# --model and the footer.
run "$AURELIS" generate x -m openai/gpt-4.1 </dev/null
check_eq "$(sent 'r["body"]["model"]')" "openai/gpt-4.1" "--model puts a model first"
check_err_has "openai/gpt-4.1," "the footer names it"

done_testing
