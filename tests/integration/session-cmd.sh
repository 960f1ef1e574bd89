#!/bin/sh
# SPDX-License-Identifier: MIT
# `aurelis session`: list, show, export (md, json, -o), rename, delete; bad names; statuses.
. "$AURELIS_SRCDIR/tests/lib.sh"

PY=${PYTHON3:-python3}
sdir="$XDG_DATA_HOME/aurelis/sessions"

# ---- no sessions ----------------------------------------------------------------------------
run "$AURELIS" session list
check_rc 0 "list with no sessions"
check_err_has "no sessions yet" "list says there are none"
check "list prints nothing on stdout" test -z "$OUT"
run "$AURELIS" session list --json
check_out_has "[]" "list --json with no sessions is an empty array"
run "$AURELIS" session show nothing
check_rc 5 "show of an unknown session exits 5"
check_err_has "there are no sessions yet" "and says why"

# ---- sessions written by hand, in the documented format ----------------------------------------
mkdir -p "$sdir"
repo="$TMPROOT/repo"
mkdir -p "$repo/.git" "$repo/sub"
repo_real=$(cd "$repo" && pwd -P)
esc=$(printf '\033')
cat >"$sdir/0000000001aa.jsonl" <<EOF
{"type":"session","ts":1795752000000,"v":1,"id":"0000000001aa","name":"alpha","project":"$repo_real","model":"openai/gpt-4.1"}
{"type":"turn","ts":1795752001000,"n":1,"model":"openai/gpt-4.1","tokens_in":12,"tokens_out":30,"latency_ms":1500,"cached":true,"user":"write hello","answer":"Sure:\n\n\`\`\`c\nint main(void) { puts(\"hi\"); }\n\`\`\`\n"}
{"type":"turn","ts":1795752002000,"n":2,"user":"colour ${esc}[31mred${esc}[0m? \\u009b2J","answer":"No escapes here."}
EOF
cat >"$sdir/0000000002bb.jsonl" <<'EOF'
{"type":"session","ts":1795752000000,"v":1,"id":"0000000002bb","name":"beta","project":"/elsewhere","model":"mistral-ai/codestral-2501"}
{"type":"turn","ts":1795752005000,"n":1,"user":"q","answer":"a"}
EOF
printf '%s\n%s\n%s' \
	'{"type":"session","ts":1795752000000,"v":1,"id":"0000000003cc","name":"gamma","project":"/elsewhere"}' \
	'{"type":"turn","ts":1795752009000,"n":1,"user":"kept","answer":"kept answer"}' \
	'{"type":"turn","ts":1795752009500,"n":2,"user":"torn","answ' >"$sdir/0000000003cc.jsonl"

run "$AURELIS" session list
check_rc 0 "list"
check_out_has "NAME" "list has a header"
first=$(printf '%s\n' "$OUT" | sed -n 2p | awk '{print $1}')
check "newest activity first (gamma)" test "$first" = gamma
check_out_has "0000000001aa" "list shows ids"
check_out_has "openai/gpt-4.1" "list shows models"
check_out_has "$repo_real" "list shows the project directory"
run "$AURELIS" session list --json
check "list --json has every field, newest first" "$PY" -c '
import json, sys
d = json.loads(sys.argv[1])
assert [s["name"] for s in d] == ["gamma", "beta", "alpha"], d
a = d[2]
assert a["turns"] == 2 and a["model"] == "openai/gpt-4.1" and a["id"] == "0000000001aa"
assert a["last_activity"] == "2026-11-27T04:00:02.000Z", a
assert d[0]["turns"] == 1 and d[0]["model"] is None
' "$OUT"
check "the index was written" test -f "$sdir/index.json"
run_in "$repo/sub" "$AURELIS" session list --here
check_out_has "alpha" "list --here shows this project's session"
check_out_lacks "beta" "list --here hides other projects"

# ---- show ----------------------------------------------------------------------------------------
run "$AURELIS" session show alpha
check_rc 0 "show by name"
check_out_has "write hello" "show prints the prompt"
check_out_has "int main(void)" "show prints the answer"
check_out_has "[cached]" "show marks cached answers"
check_out_has "^[[31mred" "escape sequences from the file are made visible"
check_out_has "? ?2J" "a C1 control (U+009B) is replaced"
case "$OUT" in *"$esc"*) not_ok "no raw escape reaches the terminal" ;; *) ok "no raw escape reaches the terminal" ;; esac
run "$AURELIS" session show 0000000002bb
check_rc 0 "show by id"
check_out_has "Session beta" "show by id finds beta"
run "$AURELIS" session show 0000000002
check_rc 0 "show by id prefix"
run "$AURELIS" session show 0000
check_rc 2 "an ambiguous prefix is a usage error"
check_err_has "matches 3 sessions" "ambiguity is explained"
run "$AURELIS" session show alpah
check_rc 5 "a misspelt name exits 5"
check_err_has "Did you mean 'alpha'?" "and suggests the name"
run "$AURELIS" session show
check_rc 2 "show without a name is a usage error"
run "$AURELIS" session show gamma
check_rc 0 "a torn last line does not stop show"
check_out_has "kept answer" "the completed turn is shown"
check_err_has "0000000003cc.jsonl:3: skipped an unfinished last line" "the torn line is reported with file:line"
run "$AURELIS" session show alpha --json
check "show --json is the export object" "$PY" -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["format"] == "aurelis-session" and d["name"] == "alpha" and len(d["turns"]) == 2
assert d["turns"][0]["cached"] is True and d["turns"][1]["tokens_in"] is None
' "$OUT"

# ---- export --------------------------------------------------------------------------------------
run "$AURELIS" session export alpha
check_rc 0 "export (Markdown by default)"
check_out_has '```c
int main(void) { puts("hi"); }
```' "the code block is exported verbatim"
check_out_has "## Turn 2" "one heading per turn"
run "$AURELIS" session export alpha --format json
check "export --format json parses" "$PY" -c 'import json,sys; assert json.loads(sys.argv[1])["turns"][0]["answer"].startswith("Sure:")' "$OUT"
md="$TMPROOT/exports/alpha.md"
mkdir -p "$TMPROOT/exports"
run "$AURELIS" session export alpha -o "$md"
check_rc 0 "export -o FILE"
check_err_has "wrote $md" "export -o says where it wrote"
check "export -o writes the same text as stdout" sh -c "'$AURELIS' session export alpha | cmp -s - '$md'"
left=$(ls -A "$TMPROOT/exports" | grep -v '^alpha.md$' || :)
check "no temporary file left beside the export" test -z "$left"
run "$AURELIS" session export alpha -o "$TMPROOT/missing-dir/x.md"
check_rc 1 "export into a missing directory fails"
check_err_has "hint:" "with a hint"
run "$AURELIS" session export alpha --format html
check_rc 2 "an unknown format is a usage error"
check_err_has "Use --format md or --format json" "the formats are named"

# ---- rename --------------------------------------------------------------------------------------
run "$AURELIS" session rename alpha delta
check_rc 0 "rename"
run "$AURELIS" session show delta
check_rc 0 "the new name works"
run "$AURELIS" session show alpha
check_rc 5 "the old name is gone"
run "$AURELIS" session rename delta beta
check_rc 2 "renaming to a taken name is refused"
check_err_has "already exists" "the clash is explained"
run "$AURELIS" session rename delta "bad name"
check_rc 2 "an invalid name is refused"
check_err_has "hint:" "with a hint about valid names"
run "$AURELIS" session rename delta
check_rc 2 "rename needs two names"
check "rename was appended, not rewritten" grep -q '"type":"rename"' "$sdir/0000000001aa.jsonl"

# ---- delete --------------------------------------------------------------------------------------
run "$AURELIS" session delete beta </dev/null
check_rc 2 "delete without --yes off a terminal is refused"
check_err_has "--yes" "the refusal names --yes"
check "the refused delete kept the file" test -f "$sdir/0000000002bb.jsonl"
run "$AURELIS" session delete beta --yes
check_rc 0 "delete --yes"
check "the file is gone" test ! -e "$sdir/0000000002bb.jsonl"
run "$AURELIS" session list
check_out_lacks "beta" "list no longer shows it"
run "$AURELIS" session delete beta --yes
check_rc 5 "deleting it again: not found"

# On a terminal delete asks; "n" keeps the session, "y" deletes it.
pty_delete() { # answer -> prints the exit status
	"$PY" - "$AURELIS" "$1" <<'PYEOF'
import os, pty, sys, time
aurelis, answer = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.execv(aurelis, [aurelis, "session", "delete", "gamma"])
out = b""
deadline = time.time() + 10
while b"[y/N]" not in out and time.time() < deadline:
    try:
        out += os.read(fd, 1024)
    except OSError:
        break
os.write(fd, answer.encode() + b"\n")
while True:
    try:
        if not os.read(fd, 1024):
            break
    except OSError:
        break
_, status = os.waitpid(pid, 0)
print(os.waitstatus_to_exitcode(status))
PYEOF
}
rc=$(pty_delete n)
check "answering n on a terminal keeps the session (status 1)" test "$rc" = 1
check "the file is still there" test -f "$sdir/0000000003cc.jsonl"
rc=$(pty_delete y)
check "answering y on a terminal deletes it" test "$rc" = 0
check "the file is gone after y" test ! -e "$sdir/0000000003cc.jsonl"

# ---- odd input ------------------------------------------------------------------------------------
run "$AURELIS" session lst
check_rc 2 "unknown subcommand"
check_err_has "Did you mean 'session list'?" "unknown subcommand suggests"
mkdir "$sdir/0000000009zz.jsonl"
run "$AURELIS" session list
check_rc 0 "a directory among the sessions does not break list"
check_err_has "a directory" "it is reported"
check_out_has "delta" "the other sessions are listed"

done_testing
