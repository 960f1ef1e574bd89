#!/bin/sh
# SPDX-License-Identifier: MIT
# `aurelis review` on a real temporary git repository: unstaged, --staged, a range and
# standard input; markdown and --json findings checked against the diff; large diffs.
. "$AURELIS_SRCDIR/tests/integration/aicmdlib.sh"

command -v git >/dev/null 2>&1 || { echo "1..0 # SKIP git is not installed"; exit 0; }
git init -q repo
cd repo || exit 1
git config user.email test@example.com
git config user.name Test
printf 'def div(a, b):\n    return a / b\n' >m.py
printf 'notes\n' >README
git add m.py README
git commit -qm one
printf 'def div(a, b):\n    return a // b\n\n\ndef safe(a, b):\n    return a / b if b else 0\n' >m.py

REVIEW='## Summary

Integer division and a safe helper.

## Findings

- **warning** `m.py:2` Floor division changes results for negative numbers.

## Verdict

Fine after a test.'

say "$REVIEW"
run "$AURELIS" review </dev/null
check_rc 0 "review of the unstaged changes exits 0"
check_out_has "Floor division changes results" "the review is printed"
check_eq "$(sent 'r["body"]["model"]')" "openai/gpt-4.1" "the review route is used"
check "the unstaged diff is sent" test "$(sent '"+    return a // b" in u and "diff --git a/m.py b/m.py" in u')" = True
check "the system prompt fixes the review layout" test "$(sent '"## Summary" in s and "## Findings" in s and "## Verdict" in s')" = True

run "$AURELIS" review --staged </dev/null
check_rc 0 "nothing staged exits 0"
check_err_has "nothing to review: the staged changes are empty" "and says so"
git add m.py
run "$AURELIS" review --staged </dev/null
check_rc 0 "review --staged exits 0"
check "the staged diff is sent" test "$(sent '"a // b" in u')" = True
git commit -qm two
printf 'x = 1\n' >new.py
git add new.py
git commit -qm three
run "$AURELIS" review HEAD~2..HEAD </dev/null
check_rc 0 "review of a range exits 0"
check "both commits' changes are sent" test "$(sent '"a // b" in u and "+x = 1" in u')" = True
run "$AURELIS" review nosuchbranch..HEAD </dev/null
check_rc 2 "an unknown revision is a usage error"
check_err_has "git diff failed" "with git's message"
run "$AURELIS" review -- "--output=$TMPROOT/x" </dev/null
check_rc 2 "a range that looks like an option is refused"
check "and git never wrote the file" test ! -e "$TMPROOT/x"
run "$AURELIS" review HEAD~1..HEAD --staged </dev/null
check_rc 2 "a range and --staged together are a usage error"
git diff HEAD~2 HEAD >"$TMPROOT/in.diff"
run "$AURELIS" review - <"$TMPROOT/in.diff"
check_rc 0 "review - reads a diff from standard input"
check "that diff is sent" test "$(sent '"+x = 1" in u')" = True

# --json: findings in the analysis schema, only for files and lines the diff shows.
printf 'def div(a, b):\n    return a // b\n\n\ndef unsafe(cmd):\n    import os\n    os.system(cmd)\n' >m.py
git add m.py
say '{"findings":[
 {"rule":"command-injection","severity":"error","category":"security","cwe":78,"file":"m.py","line":7,"message":"os.system runs a command built from input","hint":"use subprocess with a list"},
 {"rule":"x","severity":"info","category":"style","file":"other.py","line":1,"message":"not in the diff"},
 {"rule":"y","severity":"info","category":"style","file":"m.py","line":40,"message":"a line the diff does not show"},
 {"rule":"z","severity":"bogus","category":"style","file":"m.py","line":5,"message":"bad severity"}]}'
run "$AURELIS" --json review --staged </dev/null
check_rc 0 "review --json exits 0"
check_eq "$(printf %s "$OUT" | "$PYTHON3" -c 'import json,sys
d = json.load(sys.stdin)
f = d["findings"]
print(d["version"], len(f), f[0]["rule"], f[0]["file"], f[0]["line"], f[0]["source"], f[0]["cwe"], f[0]["excerpt"], d["summary"]["findings"], len(d["warnings"]), d["requests"])')" \
	"1 1 command-injection m.py 7 ai 78     os.system(cmd) 1 3 1" "findings in the analysis schema, the invalid ones left out with warnings"
check "the request asks for JSON" test "$(sent 'r["body"]["response_format"]["type"]')" = json_object
check "the system prompt carries the findings schema with files" test "$(sent '"\"findings\"" in s and "\"file\"" in s and "JSON only" in s')" = True
check "the diff is sent with new-file line numbers" test "$(sent '"7:+    os.system(cmd)" in u and "1: def div(a, b):" in u')" = True
check_err_has "3 findings of the model left out" "stderr says some were left out"
say 'this is not json'
run "$AURELIS" --json review --staged </dev/null
check_rc 7 "an answer that is not JSON exits 7"
check_eq "$(printf %s "$OUT" | "$PYTHON3" -c 'import json,sys; d=json.load(sys.stdin); print(d["error"]["category"], len(d["findings"]))')" "model 0" "the JSON still comes, with the error"
git commit -qm four
run "$AURELIS" --json review </dev/null
check_rc 0 "--json with nothing to review exits 0"
check_eq "$(printf %s "$OUT" | "$PYTHON3" -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))')" "0" "with an empty findings list"

# A diff larger than one request: split at files, part reviews merged.
"$PYTHON3" - <<'PY'
for k in range(6):
    with open("gen%d.py" % k, "w") as f:
        for i in range(150):
            f.write("def g%d_%d(x):\n    return x * %d + %d\n\n" % (k, i, i, k))
PY
git add .
say_if "one part of a larger diff" "- **info** \`gen0.py:1\` A part finding." "review findings written separately" "$REVIEW"
run "$AURELIS" review --staged </dev/null
check_rc 0 "a large diff is reviewed in parts"
check_err_has "the staged changes: about" "stderr says it was split"
check_under_cap 8000 "every request stays under the cap"
check "the parts start at a file" test "$(reqs_py 'all("```diff\ndiff --git " in r["body"]["messages"][1]["content"] for r in rs[:-1])')" = True
check "the merged review is what is shown" test "$(printf %s "$OUT" | grep -c "Floor division")" -eq 1

# A change with text that is not UTF-8: a clear error naming the file, nothing sent.
git commit -qm big
printf 'x = "caf\351"\n' >latin.py
git add latin.py
fake_reset
run "$AURELIS" review --staged </dev/null
check_rc 6 "a diff with text that is not UTF-8 exits 6"
check_err_has "not valid UTF-8" "saying why"
check_err_has "in latin.py" "and in which file"
check_eq "$(chats)" "0" "nothing is sent"
printf '+x = 1\n+\377\n' >"$TMPROOT/bad.diff"
run "$AURELIS" review - <"$TMPROOT/bad.diff"
check_rc 6 "a piped diff that is not UTF-8 exits 6 too"
git rm -qf latin.py

# Outside a git work tree.
cd "$W" || exit 1
mkdir -p plain
cd plain || exit 1
run env GIT_CEILING_DIRECTORIES="$W" "$AURELIS" review </dev/null
check "outside a work tree review fails with a usage error" test "$RC" -eq 2
cd "$W" || exit 1

done_testing
