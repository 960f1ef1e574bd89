#!/bin/sh
# SPDX-License-Identifier: MIT
# `aurelis analyze --ai` against the fake server: AI findings validated, de-duplicated
# against the static ones and merged with source ai in text, JSON and SARIF; parallel
# requests on the pool under the limiter, the response cache, the request cap, failures,
# standard input and files over the budget.
. "$AURELIS_SRCDIR/tests/integration/aicmdlib.sh"

cat >a.c <<'EOF'
#include <stdio.h>

int
main(void)
{
	char buf[10];
	gets(buf);
	int n;
	printf("%d\n", n);
	return 0;
}
EOF
printf 'import os\n\ndef run(cmd):\n    return eval(cmd)\n' >b.py
printf '#!/bin/sh\necho "hello"\n' >c.sh

A_FINDINGS='{"findings":[
 {"rule":"buffer-overflow","severity":"error","category":"security","cwe":120,"line":7,"message":"gets can overflow buf","hint":"use fgets"},
 {"rule":"uninitialized-read","severity":"error","category":"correctness","cwe":457,"line":9,"end_line":9,"message":"n is printed before it is set","hint":"initialise n"},
 {"rule":"bogus","severity":"error","category":"security","line":400,"message":"a line that was never sent"},
 {"rule":"nosev","category":"style","line":2,"message":"no severity"}]}'
B_FINDINGS='{"findings":[{"rule":"unused-import","severity":"info","category":"style","line":1,"message":"os is imported but not used","hint":"remove it"}]}'
NONE='{"findings":[]}'
ai_answers() { say_if "gets(buf)" "$A_FINDINGS" "eval(cmd)" "$B_FINDINGS" "" "$NONE"; }

ai_answers
run "$AURELIS" analyze --ai a.c b.py c.sh </dev/null
check_rc 1 "analyze --ai exits 1 when a finding reaches error"
check_out_has "[c-gets, CWE-242]" "the static finding is reported"
check_out_has "n is printed before it is set  [ai uninitialized-read]" "the AI finding is merged, marked ai"
check_out_has "os is imported but not used  [ai unused-import]" "findings from another file too"
check_out_lacks "gets can overflow buf" "the AI finding that repeats a static one is dropped"
check_out_lacks "never sent" "a finding on a line that was not sent is left out"
check_out_lacks "no severity" "a finding without a severity is left out"
check_err_has "a.c (lines 1-11): 2 findings of the model left out" "what was left out is a warning"
check_err_has "the model added 2 findings (1 repeating others dropped, 2 invalid left out)" "stderr sums up the AI pass"
check_eq "$(chats)" "3" "one request per file"
check "every request asks for JSON on the analyze route" test "$(reqs_py 'all(r["body"]["response_format"]["type"] == "json_object" and r["body"]["model"] == "openai/gpt-4.1-mini" for r in rs)')" = True
check "the system prompt carries the findings schema" test "$(reqs_py 'all("\"findings\"" in r["body"]["messages"][0]["content"] and "\"severity\"" in r["body"]["messages"][0]["content"] for r in rs)')" = True
check "the code is sent with line numbers and the static findings" test "$(reqs_py '[r for r in rs if "gets(buf)" in r["body"]["messages"][1]["content"]][0]["body"]["messages"][1]["content"].count(" 7| \tgets(buf);") == 1 and "- line 7: [c-gets]" in [r for r in rs if "gets(buf)" in r["body"]["messages"][1]["content"]][0]["body"]["messages"][1]["content"]')" = True

run "$AURELIS" analyze --ai a.c b.py c.sh --format json </dev/null
check_eq "$(printf %s "$OUT" | "$PYTHON3" -c 'import json,sys
d = json.load(sys.stdin)
ai = [f for f in d["findings"] if f["source"] == "ai"]
st = [f for f in d["findings"] if f["source"] == "static"]
a = [f for f in ai if f["file"] == "a.c"][0]
print(len(ai), len(st) >= 2, a["rule"], a["line"], a["cwe"], a["hint"], a["excerpt"].strip(), d["summary"]["findings"] == len(d["findings"]), len(d["warnings"]))')" \
	"2 True uninitialized-read 9 457 initialise n printf(\"%d\\n\", n); True 1" "JSON has the AI findings with source ai, counted in the summary"

run "$AURELIS" analyze --ai a.c b.py c.sh --format sarif </dev/null
check_eq "$(printf %s "$OUT" | "$PYTHON3" -c 'import json,sys
d = json.load(sys.stdin)
run = d["runs"][0]
res = [r for r in run["results"] if r["ruleId"].startswith("ai/")]
ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
print(len(res), sorted(r["ruleId"] for r in res), all(r["properties"]["source"] == "ai" for r in res), all(r["ruleId"] in ids for r in res))')" \
	"2 ['ai/uninitialized-read', 'ai/unused-import'] True True" "SARIF has the AI results, their rules and their source"

run "$AURELIS" analyze --ai a.c -o report.json --format json </dev/null
check "-o writes the merged report" grep -q '"source":	"ai"' report.json

# Cached like any request: the same files again ask nothing and give the same findings;
# --no-cache asks again, and a changed file is a new request.
ai_answers
run "$AURELIS" analyze --ai a.c b.py c.sh --format json </dev/null
check_eq "$(chats)" "0" "the same files again are answered from the response cache"
check_eq "$(printf %s "$OUT" | "$PYTHON3" -c 'import json,sys
print(sorted(f["rule"] for f in json.load(sys.stdin)["findings"] if f["source"] == "ai"))')" \
	"['uninitialized-read', 'unused-import']" "with the same AI findings"
check_err_has "3 requests (3 cached)" "the footer says they were cached"
run "$AURELIS" --no-cache analyze --ai a.c b.py c.sh </dev/null
check_eq "$(chats)" "3" "--no-cache asks the model again"
cp b.py b2.py
run "$AURELIS" analyze --ai b2.py </dev/null
printf 'x = 1\n' >>b2.py
run "$AURELIS" analyze --ai b2.py </dev/null
check_eq "$(chats)" "5" "a changed file is asked about again"

# The worker pool: slow answers overlap (request.concurrency at a time), and a model's
# concurrency limit holds every worker to one request in flight.
for i in 1 2 3 4; do printf 'def f%s(x):\n    return x + %s\n' "$i" "$i" >"p$i.py"; done
# in_flight: the most chat requests the server had open at once.
in_flight() {
	reqs_py 'max(sum(1 for o in rs if o["t"] <= r["t"] < o["t_done"]) for r in rs)'
}
fake_reset
fake_script '{"rules":[{"type":"slow_headers","seconds":0.6,"text":"{\"findings\":[]}"}]}'
run "$AURELIS" --no-cache analyze --ai p1.py p2.py p3.py p4.py </dev/null
check_rc 0 "four slow files"
check_err_has "4 at a time" "go to four workers"
check "their requests were in flight together" test "$(in_flight)" -ge 2
sed 's/concurrency: 16/concurrency: 1/' "$CFG" >"$CFG.new" && mv "$CFG.new" "$CFG"
fake_reset
fake_script '{"rules":[{"type":"slow_headers","seconds":0.3,"text":"{\"findings\":[]}"}]}'
run "$AURELIS" --no-cache analyze --ai p1.py p2.py p3.py p4.py </dev/null
check_rc 0 "with a model concurrency limit of 1"
check_eq "$(chats)/$(in_flight)" "4/1" "every request is made, one at a time"
aicmd_config

# Without --ai nothing is asked and no token is needed.
fake_reset
run env -u AURELIS_TOKEN "$AURELIS" analyze a.c </dev/null
check_rc 1 "the static pass alone needs no token"
check_eq "$(chats)" "0" "and makes no request"
run env -u AURELIS_TOKEN "$AURELIS" analyze --ai a.c </dev/null
check_rc 3 "--ai without a token exits 3"
check_out_has "[c-gets, CWE-242]" "after printing the static report"

# The request cap.
ai_answers
run "$AURELIS" --no-cache analyze --ai --ai-max-requests 1 a.c b.py c.sh </dev/null
check_eq "$(chats)" "1" "--ai-max-requests caps the requests"
check_err_has "2 files were not sent to the model" "the files left out are a warning"
run "$AURELIS" analyze --ai --ai-max-requests 0 a.c </dev/null
check_rc 2 "a cap of 0 is a usage error"

# Failures: one file's request fails, or all do.
fake_reset
fake_script "$("$PYTHON3" -c 'import json,sys
print(json.dumps({"rules":[{"match":{"body_contains":"eval(cmd)"},"type":"status","status":400,"body":{"error":{"code":"bad","message":"rejected"}}},{"type":"answer","text":sys.argv[1]}]}))' "$NONE")"
run "$AURELIS" --no-cache analyze --ai b.py c.sh --fail-on never </dev/null
check_rc 0 "one failed request is a warning, not a failure"
check_err_has "b.py (lines 1-4) was not analysed by the model" "naming the file"
fake_reset
fake_script '{"rules":[{"type":"status","status":400,"body":{"error":{"code":"bad","message":"rejected"}}}]}'
run "$AURELIS" --no-cache analyze --ai a.c b.py --fail-on never </dev/null
check_rc 7 "every request failing exits with the failure's status"
check_out_has "[c-gets, CWE-242]" "after the static report"
check_err_has "the AI pass failed" "saying the AI pass failed"
say 'no json at all'
run "$AURELIS" --no-cache analyze --ai b.py --fail-on never </dev/null
check_rc 7 "an answer that is not JSON is a failure of that request"

# Standard input.
ai_answers
run "$AURELIS" analyze --ai - --lang c <a.c
check_out_has "[ai uninitialized-read]" "standard input goes to the model too"

# A file over the budget: parts, each under the cap, findings placed by their own lines.
"$PYTHON3" - <<'PY'
with open("big.py", "w") as f:
    for i in range(500):
        f.write("def f%d(x):\n    y = x * %d\n    return eval(str(y))\n\n\n" % (i, i))
PY
ai_answers
fake_reset
fake_script "$("$PYTHON3" -c 'import json
print(json.dumps({"rules":[{"match":{"body_contains":"def f0(x)"},"type":"answer","text":json.dumps({"findings":[{"rule":"slow","severity":"warning","category":"performance","line":2,"message":"early"}]})},
 {"match":{"body_contains":"def f499(x)"},"type":"answer","text":json.dumps({"findings":[{"rule":"slow","severity":"warning","category":"performance","line":2497,"message":"late"},{"rule":"slow","severity":"warning","category":"performance","line":2,"message":"not in this part"}]})},
 {"type":"answer","text":"{\"findings\":[]}"}]}))')"
run "$AURELIS" analyze --ai big.py --format json </dev/null
check_err_has "big.py: about" "stderr says the file was split"
check "several requests were made" test "$(chats)" -ge 2
check_under_cap 8000 "every request stays under the cap"
check_eq "$(printf %s "$OUT" | "$PYTHON3" -c 'import json,sys
d = json.load(sys.stdin)
print(sorted((f["line"], f["message"]) for f in d["findings"] if f["source"] == "ai"))')" \
	"[(2, 'early'), (2497, 'late')]" "each part's findings keep the file's line numbers; a line outside the part is left out"

done_testing
