#!/bin/sh
# SPDX-License-Identifier: MIT
# The log of real requests (against the fake server): fields, one correlation id per
# action, redaction of the token in use and of token-shaped text, prompt and answer text
# only with log.include_content, and which model the layers pick.
. "$AURELIS_SRCDIR/tests/integration/clientlib.sh"
fake_start
export AURELIS_ENDPOINT="$FAKE_ENDPOINT"
client_config
log="$XDG_STATE_HOME/aurelis/aurelis.log"
# A token in the environment that has no GitHub shape: only remembering it redacts it.
export AURELIS_TOKEN=plain-secret-0123456789-wxyz
shaped=ghs_Qz7Wx9Vb3Nm5Lk1Jh8Gf6Dd4Ss2Aa0Pp

# ---- two actions: fields, ids, no content ------------------------------------------------------
fake_script '{"rules":[{"type":"rate_limit","retry_after":1,"times":1}]}'
ask "first question $AURELIS_TOKEN $shaped"
check_rc 0 "an ask that waits out a 429"
ask "second question"
check_rc 0 "a second ask"
check "every line has ts (RFC 3339 UTC with ms), level, event and cid" python3 -c '
import json,re,sys
lines=[json.loads(l) for l in open(sys.argv[1])]
assert len(lines) >= 6, lines
for j in lines:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", j["ts"]), j
    assert j["level"] in ("debug","info","warn","error") and j["event"], j
    assert re.fullmatch(r"[0-9a-f]{12}", j["cid"]), j
' "$log"
check "one action, one cid: every line of an ask shares it, the next ask has another" python3 -c '
import json,sys
lines=[json.loads(l) for l in open(sys.argv[1])]
cmds=[j for j in lines if j["event"]=="command"]
assert len(cmds)==2, cmds
first=[j for j in lines if j["cid"]==cmds[0]["cid"]]
second=[j for j in lines if j["cid"]==cmds[1]["cid"]]
assert cmds[0]["cid"]!=cmds[1]["cid"], cmds
assert len(first)+len(second)==len(lines), lines
ev=[j["event"] for j in first]
assert ev.count("attempt")==2 and "ask" in ev, ev
assert [j["event"] for j in second].count("attempt")==1, second
' "$log"
check "the token in use is not in the log" sh -c "! grep -q '$AURELIS_TOKEN' '$log'"
check "token-shaped text is not in the log" sh -c "! grep -q 'Qz7Wx9Vb3Nm5' '$log'"
check "no question text without log.include_content" sh -c "! grep -q 'first question' '$log'"
check "no answer text without log.include_content" sh -c "! grep -q 'Echo:' '$log'"

# ---- with log.include_content: text, still redacted -------------------------------------------
rm -f "$log"
client_config "log:" "  include_content: true"
ask "third question $AURELIS_TOKEN $shaped Authorization: Bearer abc.def.ghi"
check_rc 0 "an ask with log.include_content"
check "the question is logged" grep -q 'third question' "$log"
check "the answer is logged" grep -q 'Echo: third question' "$log"
check "the token in use is redacted in the text" sh -c "grep -q 'third question \[REDACTED\]' '$log' && ! grep -q '$AURELIS_TOKEN' '$log'"
check "token-shaped text is redacted in the text" sh -c "! grep -q 'Qz7Wx9Vb3Nm5' '$log'"
check "an Authorization value is redacted in the text" sh -c "! grep -q 'abc.def.ghi' '$log'"
check "the redacted text is still JSON" python3 -c '
import json,sys
[json.loads(l) for l in open(sys.argv[1])]
' "$log"
printf 'print("explain me")\n' >"$TMPROOT/small.py"
run "$AURELIS" --no-cache explain "$TMPROOT/small.py" </dev/null
check_rc 0 "explain with log.include_content"
check "the code commands log their answer too" python3 -c '
import json,sys
ev=[json.loads(l) for l in open(sys.argv[1])]
ans=[j for j in ev if j["event"]=="answer"]
assert len(ans)==2 and "explain me" in ans[1]["answer"], ans
' "$log"
# A project file may not turn it on.
rm -f "$log"
client_config
mkdir -p "$TMPROOT/proj/.git"
printf 'log:\n  include_content: true\n' >"$TMPROOT/proj/.aurelis.yaml"
(cd "$TMPROOT/proj" && "$AURELIS" --no-cache ask "fourth question" </dev/null >/dev/null 2>"$TMPROOT/err4")
check "a project file cannot turn on include_content" sh -c "! grep -q 'fourth question' '$log'"
check "and says so" grep -q 'log.include_content is ignored in a project file' "$TMPROOT/err4"

# ---- which model: AURELIS_MODEL, then --model ----------------------------------------------------
AURELIS_MODEL=openai/gpt-4o ask "which model"
check_eq "$(req_py 'r["model"]')" "openai/gpt-4o" "AURELIS_MODEL picks the model"
AURELIS_MODEL=openai/gpt-4o ask --model openai/gpt-4.1 "which model"
check_eq "$(req_py 'r["model"]')" "openai/gpt-4.1" "--model wins over AURELIS_MODEL"
AURELIS_MODEL=openai/gpt-4o ask -m openai/gpt-4.1-nano "which model"
check_eq "$(req_py 'r["model"]')" "openai/gpt-4.1-nano" "-m is --model"

# ---- -v mirrors the same lines, with the same redaction ------------------------------------------
run "$AURELIS" --no-cache -v ask "verbose $AURELIS_TOKEN" </dev/null
check_err_has '"event":"attempt"' "-v shows the request lines on stderr"
check_err_lacks "$AURELIS_TOKEN" "and never the token"

done_testing
