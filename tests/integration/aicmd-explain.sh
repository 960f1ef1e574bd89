#!/bin/sh
# SPDX-License-Identifier: MIT
# `aurelis explain` against the fake server: files, ranges, standard input, hostile input,
# and a file larger than the budget sent in parts that each stay under the service's cap.
. "$AURELIS_SRCDIR/tests/integration/aicmdlib.sh"

printf 'def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n' >calc.py

say '## Summary

`add` adds and `sub` subtracts.'
run "$AURELIS" explain calc.py </dev/null
check_rc 0 "explain exits 0"
check_out_has "\`add\` adds and \`sub\` subtracts." "the answer is printed (plain text keeps the code markers)"
check_out_lacks "$(printf '\033')" "piped output has no escape sequences"
check_err_has "openai/gpt-4.1-mini, " "the footer names the explain route's model"
check_eq "$(sent 'r["body"]["model"]')" "openai/gpt-4.1-mini" "the explain route is used"
check "the system prompt states the markdown format" test "$(sent '"Output format: Markdown for a terminal" in s')" = True
check "the code is sent in a python fence under its name" test "$(sent '"File: calc.py\n```python\ndef add" in u')" = True

run "$AURELIS" explain calc.py:5-6 </dev/null
check_rc 0 "a range exits 0"
check "only the range is sent, with its lines named" test "$(sent '"(lines 5-6 of 6)" in u and "def sub" in u and "def add" not in u')" = True
run "$AURELIS" explain calc.py:9-12 </dev/null
check_rc 2 "a range past the end is a usage error"
run "$AURELIS" explain calc.py:x-y </dev/null
check_rc 2 "a malformed range is a usage error"
printf 'x = 1\n' >'odd:1-2'
run "$AURELIS" explain 'odd:1-2' </dev/null
check_rc 0 "a file whose name looks like a range is read as a file"
check "its whole text is sent" test "$(sent '"File: odd:1-2" in u')" = True

printf 'echo from stdin\n' >"$TMPROOT/stdin.txt"
run "$AURELIS" explain - --lang sh <"$TMPROOT/stdin.txt"
check_rc 0 "explain - reads standard input"
check "with the language given" test "$(sent '"File: <stdin>\n```shell\necho from stdin" in u')" = True

# Hostile input: non-UTF-8, binary, empty, missing, a directory.
printf 'caf\351 = 1\n' >latin1.py
run "$AURELIS" explain latin1.py </dev/null
check_rc 6 "a non-UTF-8 file exits 6"
check_err_has "not valid UTF-8" "the error says why"
printf 'MZ\0\0\1\2' >prog.exe
run "$AURELIS" explain prog.exe </dev/null
check_rc 6 "a binary file exits 6"
: >empty.py
run "$AURELIS" explain empty.py </dev/null
check_rc 6 "an empty file exits 6"
run "$AURELIS" explain missing.py </dev/null
check_rc 5 "a missing file exits 5"
mkdir -p adir
run "$AURELIS" explain adir </dev/null
check_rc 6 "a directory exits 6"
fake_reset
run "$AURELIS" explain calc.py extra.py </dev/null
check_rc 2 "two files are a usage error"
check_eq "$(chats)" "0" "no request is made for bad input"

# A file larger than one request: parts at function boundaries, each under the cap, the
# notes combined by a last request that is the one shown.
"$PYTHON3" - <<'PY'
with open("big.py", "w") as f:
    for i in range(400):
        f.write("def func_%d(a, b):\n    \"\"\"Docstring %d.\"\"\"\n    x = a * %d + b\n"
                "    if x > 10:\n        return x - 1\n    return x + 1\n\n\n" % (i, i, i))
PY
say_if "Write notes on this part" "Notes on a part." "notes written separately" "The combined explanation."
run "$AURELIS" explain big.py </dev/null
check_rc 0 "a file over the budget is explained"
check_eq "$OUT" "The combined explanation." "the combined explanation is what is shown"
check_err_has "big.py: about" "stderr says the file was split"
check_err_has "(8000, the free plan's cap for the low tier)" "with the budget and where it comes from"
check_err_has "sent in 3 parts, lines 1-" "and the parts"
check_eq "$(chats)" "4" "three parts and one combining request"
check_under_cap 8000 "every request stays under the 8000-token cap"
check "each part after the first starts at a function" "$PYTHON3" -c '
import re, sys
lines = open("big.py").read().split("\n")
ranges = re.search(r"lines ([0-9, and-]+)", sys.argv[1]).group(1)
ends = [int(b) for a, b in re.findall(r"(\d+)-(\d+)", ranges)]
sys.exit(0 if all(lines[e].startswith("def func_") for e in ends[:-1]) else 1)' "$ERR"
check "later parts carry the end of the previous one" test "$(reqs_py '"repeat the end of the previous part" in rs[1]["body"]["messages"][1]["content"]')" = True
check "the combining request has every part's notes" test "$(sent 'u.count("Notes on a part.") == 3 and r["body"]["messages"][0]["content"].count("Combine them") == 1')" = True

# A smaller budget from the configuration: more parts, each within it.
AICMD_INPUT_TOKENS=3000 aicmd_config
say_if "Write notes on this part" "Notes on a part." "notes written separately" "The combined explanation."
run "$AURELIS" explain big.py </dev/null
check_rc 0 "models.limits.<model>.input_tokens sets the budget"
check_err_has "(3000, models.limits." "and is named as its source"
check_under_cap 3000 "every request stays under it"
check "more parts were sent" test "$(chats)" -ge 6
aicmd_config

# The notes too large for one request are combined in groups first.
AICMD_INPUT_TOKENS=1200 aicmd_config
NOTE=$("$PYTHON3" -c 'print("A long note. " * 70)')
say_if "Write notes on this part" "$NOTE" "notes written separately" "Short."
run "$AURELIS" explain big.py:1-300 </dev/null
check_rc 0 "notes larger than a request are combined in groups"
check_err_has "combining the notes of lines" "stderr says so"
check_under_cap 1200 "every request, combining ones too, stays under the budget"
aicmd_config

# A line longer than a request can carry.
"$PYTHON3" -c 'print("x = \"" + "a" * 40000 + "\"")' >minified.py
run "$AURELIS" explain minified.py </dev/null
check_rc 6 "a line over the budget exits 6"
check_err_has "line 1 alone is larger than one request may carry" "naming the line"

# JSON.
say "Short answer."
run "$AURELIS" --json explain calc.py:1-2 </dev/null
check_eq "$(printf %s "$OUT" | "$PYTHON3" -c 'import json,sys; d=json.load(sys.stdin); print(d["file"], d["first_line"], d["last_line"], d["answer"], d["requests"], d["usage"]["prompt_tokens"] > 0)')" \
	"calc.py 1 2 Short answer. 1 True" "--json gives file, range, answer, requests and usage"

# On a terminal the answer is rendered in colour as it arrives; NO_COLOR and --plain
# give plain text.
say '## How it works

`add` returns **the sum**.

```python
print(add(1, 2))
```'
on_tty "$AURELIS" explain calc.py
check_rc 0 "explain on a terminal exits 0"
check_out_has "$(printf '\033[')" "the answer is rendered with escape sequences"
check_out_has "How it works" "the heading is shown"
check_out_lacks "## How" "without its markdown marker"
check_out_has "print" "the code block is shown"
on_tty env NO_COLOR=1 "$AURELIS" explain calc.py
check_out_lacks "$(printf '\033[')" "NO_COLOR gives plain text"
check_out_has "\`add\` returns" "with the code markers kept"
on_tty "$AURELIS" -q explain calc.py --plain
check_out_lacks "$(printf '\033[')" "--plain gives plain text (-q: no footer)"

# A failure of the service is reported with its status.
fake_reset
fake_script '{"rules":[{"type":"unauthorized"}]}'
run "$AURELIS" explain calc.py </dev/null
check_rc 3 "a 401 exits 3"

done_testing
