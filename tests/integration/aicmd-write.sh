#!/bin/sh
# SPDX-License-Identifier: MIT
# `aurelis refactor`, `docs` and `test` against the fake server: goals, the edit pipeline,
# markdown documents, docstrings, test files named by convention and never overwritten
# without confirmation; files over the budget (docs map and reduce, refactor part by part,
# test says what it left out).
. "$AURELIS_SRCDIR/tests/integration/aicmdlib.sh"

cat >calc.py <<'EOF'
def add(a, b):
    return a + b


def mul(a, b):
    r = 0
    for _ in range(b):
        r = r + a
    return r
EOF
cp calc.py calc.orig

# ---- refactor --------------------------------------------------------------------------
say 'A loop is not needed.

calc.py
<<<<<<< SEARCH
    r = 0
    for _ in range(b):
        r = r + a
    return r
=======
    return a * b
>>>>>>> REPLACE'
run "$AURELIS" refactor calc.py --goal performance </dev/null
check_rc 0 "refactor exits 0"
check_out_has "+    return a * b" "the diff is printed"
check "nothing is written without --apply" cmp -s calc.py calc.orig
check_eq "$(sent 'r["body"]["model"]')" "openai/gpt-4.1" "the refactor route is used"
check "the goal is in the message" test "$(sent '"for performance:" in u and "fewer allocations" in u')" = True
check "the system prompt asks to keep behaviour and gives the edit format" test "$(sent '"keeping its behaviour exactly the same" in s and "<<<<<<< SEARCH" in s')" = True
run "$AURELIS" refactor calc.py --goal speed </dev/null
check_rc 2 "an unknown goal is a usage error"
run "$AURELIS" refactor calc.py </dev/null
check "readability is the default goal" test "$(sent '"for readability:" in u')" = True
run "$AURELIS" refactor calc.py --apply --yes </dev/null
check_rc 0 "refactor --apply --yes"
check "the file is refactored" sh -c 'grep -q "return a \* b" calc.py && ! grep -q "range(b)" calc.py'
cp calc.orig calc.py
run "$AURELIS" refactor - --lang python <calc.orig
check_rc 0 "refactor - exits 0"
check "refactor - prints the refactored code" sh -c 'printf "%s\n" "$1" | grep -q "^    return a \* b$" && printf "%s\n" "$1" | grep -q "^def add"' _ "$OUT"

# ---- docs: markdown ---------------------------------------------------------------------
say '# calc

Arithmetic helpers.

## add(a, b)

Returns the sum.'
run "$AURELIS" docs calc.py </dev/null
check_rc 0 "docs exits 0"
check_out_has "Arithmetic helpers." "the document is printed"
check_eq "$(sent 'r["body"]["model"]')" "openai/gpt-4.1-mini" "the docs route is used"
check "the system prompt asks for a reference in markdown" test "$(sent '"one section per public function" in s and "Output format: Markdown" in s')" = True
run "$AURELIS" docs calc.py -o docs/calc.md </dev/null
check_rc 0 "docs -o exits 0"
check "the markdown is written, directories made" sh -c 'head -n 1 docs/calc.md | grep -q "^# calc$"'
check_out_lacks "Arithmetic helpers." "with -o the document is not printed"
run setsid "$AURELIS" docs calc.py -o docs/calc.md </dev/null
check_rc 0 "the same document again needs no confirmation"
printf '# old\n' >docs/calc.md
run setsid "$AURELIS" docs calc.py -o docs/calc.md </dev/null
check_rc 2 "an existing different document is not replaced without confirmation"
check_eq "$(cat docs/calc.md)" "# old" "and stays as it was"
run "$AURELIS" docs calc.py --apply </dev/null
check_rc 2 "--apply with markdown is a usage error"
run "$AURELIS" docs calc.py --format html </dev/null
check_rc 2 "an unknown format is a usage error"

# ---- docs: docstrings through the edit pipeline ------------------------------------------
say 'calc.py
<<<<<<< SEARCH
def add(a, b):
    return a + b
=======
def add(a, b):
    """Return the sum of a and b."""
    return a + b
>>>>>>> REPLACE'
run "$AURELIS" docs calc.py --format docstring </dev/null
check_rc 0 "docstring mode exits 0"
check_out_has '+    """Return the sum of a and b."""' "the docstring is shown as a diff"
check "the docstring prompt carries the edit format" test "$(sent '"documentation comments" in s and "<<<<<<< SEARCH" in s')" = True
check "nothing written yet" cmp -s calc.py calc.orig
run "$AURELIS" docs calc.py --format docstring -o documented.py </dev/null
check_rc 0 "docstring -o writes elsewhere"
check "the documented copy has the docstring" grep -q '"""Return the sum' documented.py
check "the source is untouched" cmp -s calc.py calc.orig
run "$AURELIS" docs calc.py --format docstring --apply --yes </dev/null
check_rc 0 "docstring --apply --yes"
check "the file has its docstring" grep -q '"""Return the sum' calc.py
check_eq "$(backups_of calc.py)" "2" "with a backup of the old file (the second: refactor made one)"
cp calc.orig calc.py

# ---- test ------------------------------------------------------------------------------------
TESTS_ANSWER='Tests for calc.

```python
from calc import add


def test_add():
    assert add(2, 3) == 5
```'
mkdir -p proj/pkg
git -C proj init -q
cp calc.py proj/pkg/calc.py
say "$TESTS_ANSWER"
cd proj/pkg || exit 1
run "$AURELIS" test calc.py </dev/null
check_rc 0 "test exits 0"
check "the tests go to tests/test_calc.py at the top of the work tree" test -f ../tests/test_calc.py
check "only the code block is written" sh -c 'head -n 1 ../tests/test_calc.py | grep -q "^from calc import add$" && ! grep -q "Tests for calc" ../tests/test_calc.py'
check_err_has "wrote ../tests/test_calc.py" "stderr names the file, relative to here"
check_eq "$(sent 'r["body"]["model"]')" "mistral-ai/codestral-2501" "the test route is used"
check "pytest is named, with both paths" test "$(sent '"with pytest" in u and "../tests/test_calc.py" in u')" = True
check "the system prompt asks for one block" test "$(sent '"exactly one fenced code block" in s')" = True
printf '# my own tests\n' >../tests/test_calc.py
run setsid "$AURELIS" test calc.py </dev/null
check_rc 2 "an existing test file is not replaced without confirmation"
check_eq "$(cat ../tests/test_calc.py)" "# my own tests" "and is left as it was"
check_out_has "-# my own tests" "the diff against it is shown"
run "$AURELIS" test calc.py --yes </dev/null
check_rc 0 "--yes replaces it"
check_eq "$(backups_of test_calc.py)" "1" "keeping a backup"
run "$AURELIS" test calc.py --framework unittest -o - </dev/null
check_rc 0 "-o - prints the tests"
check_eq "$(printf %s "$OUT" | head -n 1)" "from calc import add" "only the code"
check "the framework asked for is named" test "$(sent '"with unittest" in u')" = True
run "$AURELIS" test calc.py --framework nose </dev/null
check_rc 2 "an unknown framework is a usage error"
check_err_has "pytest, unittest" "listing the known ones"
cd "$W" || exit 1
printf 'export function inc(x) { return x + 1; }\n' >inc.js
say 'Tests:

```javascript
import { inc } from "./inc.js";
test("inc", () => expect(inc(1)).toBe(2));
```'
run "$AURELIS" test inc.js </dev/null
check_rc 0 "tests for JavaScript"
check "go next to the source, named for jest" test -f inc.test.js
printf 'echo hi\n' >script.txt
run "$AURELIS" test script.txt </dev/null
check_rc 2 "a file with no known convention needs -o"
check_err_has "-o FILE" "the hint says so"
mkdir -p sub
ln -s "$TMPROOT" sub/out
run "$AURELIS" test calc.py -o sub/out/test_x.py </dev/null
check_rc 6 "a test path through a symlink out of the tree is refused"
check "and nothing written there" test ! -e "$TMPROOT/test_x.py"

# ---- files larger than one request -----------------------------------------------------------
"$PYTHON3" - <<'PY'
with open("big.py", "w") as f:
    for i in range(900):
        f.write("def f%d(x):\n    y = x * %d\n    return y + 1\n\n\n" % (i, i))
PY
cp big.py big.orig
# docs: each part documented, then merged by a combining request whose answer is shown.
say_if "Merge it into one document" "# big.py, the merged reference" "" "## f_part notes"
run "$AURELIS" docs big.py </dev/null
check_rc 0 "docs on a file over the budget exits 0"
check_err_has "big.py: about" "stderr says the file was split"
check_err_has "docs: part 1 of" "and names the parts"
check "several parts were documented" test "$(reqs_py 'sum("one part of a file that is too large" in r["body"]["messages"][0]["content"] for r in rs)')" -ge 2
check "the combining request carries every part's sections" test "$(reqs_py '(lambda m, n: m.count("## f_part notes") == n and m.count("----- part ") == n)([r for r in rs if "Merge it into one document" in r["body"]["messages"][0]["content"]][-1]["body"]["messages"][1]["content"], sum("one part of a file that is too large" in r["body"]["messages"][0]["content"] for r in rs))')" = True
check_out_has "big.py, the merged reference" "the merged document is what is shown"
check_under_cap 8000 "every docs request stays under the cap"
# refactor: edited part by part, every part's edits in the file, nothing else changed.
say_if "def f0(x)" 'big.py
<<<<<<< SEARCH
    y = x * 0
=======
    y = 0
>>>>>>> REPLACE' "def f899(x)" 'big.py
<<<<<<< SEARCH
    y = x * 899
=======
    y = 899 * x
>>>>>>> REPLACE' "" "Nothing to change in this part."
run "$AURELIS" refactor big.py --apply --yes </dev/null
check_rc 0 "refactor on a file over the budget exits 0"
check_err_has "big.py: about" "stderr says it was split"
check "several requests, one per part" test "$(chats)" -ge 2
check "the first and the last part's edits are in the file" sh -c 'grep -q "^    y = 0$" big.py && grep -q "^    y = 899 \* x$" big.py'
check_eq "$(diff big.orig big.py | grep -c '^[<>]')" "4" "nothing else changed"
check_under_cap 8000 "every refactor request stays under the cap"
cp big.orig big.py
say_if "def f899(x)" 'big.py
<<<<<<< SEARCH
    no such line
=======
    x
>>>>>>> REPLACE' "def f0(x)" 'big.py
<<<<<<< SEARCH
    y = x * 0
=======
    y = 0
>>>>>>> REPLACE' "" "Nothing to change in this part."
run "$AURELIS" refactor big.py --apply --yes </dev/null
check_rc 7 "one part's block that does not match fails the refactoring"
check "and nothing is written, not even the parts that applied" cmp -s big.py big.orig
# test: what fits is tested, and what was left out is said.
say "$TESTS_ANSWER"
run "$AURELIS" test big.py -o - </dev/null
check_rc 0 "test on a file over the budget exits 0"
check_err_has "fit in one request; the tests cover those, and lines" "stderr says which lines were left out"
check_err_has "models.limits.<model>.input_tokens" "naming the key that raises the budget"
check_under_cap 8000 "the test request stays under the cap"

# ---- JSON ----------------------------------------------------------------------------------
say "$TESTS_ANSWER"
run "$AURELIS" --json test calc.py -o tests_json.py </dev/null
check_eq "$(printf %s "$OUT" | "$PYTHON3" -c 'import json,sys; d=json.load(sys.stdin); print(d["file"], d["output"], d["written"], d["lang"], d["requests"])')" \
	"calc.py tests_json.py True python 1" "test --json"

done_testing
