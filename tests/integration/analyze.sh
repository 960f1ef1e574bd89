#!/bin/sh
# SPDX-License-Identifier: MIT
# `aurelis analyze` end to end: exit statuses, text/JSON/SARIF, -o, stdin, suppressions,
# excludes, git-ignore, binary and non-UTF-8 files, --jobs order, --with, --metrics.
. "$AURELIS_SRCDIR/tests/lib.sh"

C="$AURELIS_SRCDIR/tests/analysis/corpus"
PY=${PYTHON3:-python3}
W="$TMPROOT/work"
mkdir -p "$W"

# ---- exit statuses and text ---------------------------------------------------------------
run "$AURELIS" analyze "$C/c-gets/bad.c"
check_rc 1 "an error-level finding exits 1"
check_out_has "c-gets" "text names the rule"
check_out_has "gets(name);" "text shows the code excerpt"
check_out_has "hint:" "text shows the fix hint"
check_out_has "1 file analysed" "text ends with a summary"
check_out_lacks "$(printf '\033')" "no colour on a pipe"
if command -v script >/dev/null 2>&1; then
	TERM=xterm script -qec "'$AURELIS' analyze '$C/c-gets/bad.c'" /dev/null >"$W/tty.txt" 2>&1
	grep -q "$(printf '\033')\\[1;31merror" "$W/tty.txt" && ok "errors are red on a terminal" ||
		not_ok "errors are red on a terminal" "$(cat -v "$W/tty.txt")"
	NO_COLOR=1 TERM=xterm script -qec "'$AURELIS' analyze '$C/c-gets/bad.c'" /dev/null >"$W/tty.txt" 2>&1
	if grep -q "$(printf '\033')" "$W/tty.txt"; then not_ok "NO_COLOR turns colour off on a terminal" "$(cat -v "$W/tty.txt")"
	elif grep -q "gets(name);" "$W/tty.txt"; then ok "NO_COLOR turns colour off on a terminal"
	else not_ok "NO_COLOR turns colour off on a terminal" "no report: $(cat -v "$W/tty.txt")"; fi
else
	for i in 1 2; do ok "# SKIP script(1) is not installed"; done
fi
run "$AURELIS" analyze --fail-on never "$C/c-gets/bad.c"
check_rc 0 "--fail-on never exits 0"
run "$AURELIS" analyze "$C/c-gets/good.c"
check_rc 0 "a clean file exits 0"
check_out_has "no findings" "a clean file says so"
run "$AURELIS" analyze "$C/c-strlen-loop/bad.c"
check_rc 0 "warnings do not fail by default (fail_on: error)"
run "$AURELIS" analyze --fail-on warning "$C/c-strlen-loop/bad.c"
check_rc 1 "--fail-on warning fails on a warning"
run "$AURELIS" analyze --fail-on warning "$C/style-todo/bad.py"
check_rc 0 "--fail-on warning ignores info"
run "$AURELIS" analyze "$W/does-not-exist"
check_rc 5 "a missing path exits 5"
check_err_has "hint:" "a missing path comes with a hint"
run "$AURELIS" analyze --format yaml "$C/c-gets"
check_rc 2 "an unknown format exits 2"
run "$AURELIS" analyze --rules c-getz "$C/c-gets"
check_rc 2 "an unknown rule exits 2"
check_err_has "c-gets" "an unknown rule gets a suggestion"
run "$AURELIS" analyze --jobs 0 "$C/c-gets"
check_rc 2 "--jobs 0 exits 2"
run "$AURELIS" analyze --with lint9000 "$C/c-gets"
check_rc 2 "--with an unknown tool exits 2"
run "$AURELIS" analyze --fail-on sometimes "$C/c-gets"
check_rc 2 "--fail-on with a bad level exits 2"
run "$AURELIS" analyze --category speed "$C/c-gets"
check_rc 2 "an unknown category exits 2"
run "$AURELIS" analyze --category style "$C/c-gets/bad.c"
check_rc 0 "--category style leaves out security findings"
run "$AURELIS" analyze --rules 'py-*' --fail-on info "$C/c-gets/bad.c" "$C/py-eval/bad.py"
check_rc 1 "--rules with a glob still finds its rules"
check_out_lacks "c-gets" "--rules leaves out other rules"
check_out_has "py-eval" "--rules keeps the chosen ones"

# ---- JSON and SARIF -----------------------------------------------------------------------
run "$AURELIS" analyze --format json "$C/c-double-free" "$C/py-sql-injection"
check_rc 1 "JSON run exits 1 on errors"
printf '%s' "$OUT" >"$W/out.json"
check "JSON has the documented finding schema" "$PY" - "$W/out.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == 1 and d["tool"]["name"] == "aurelis"
keys = {"rule", "severity", "category", "cwe", "message", "hint", "file", "line", "column",
        "end_line", "end_column", "excerpt", "source"}
assert d["findings"], "no findings"
for f in d["findings"]:
    assert keys <= set(f), set(f) ^ keys
    assert f["severity"] in ("error", "warning", "info")
    assert f["source"] == "static"
    assert isinstance(f["line"], int) and f["line"] >= 1 and f["column"] >= 1
rules = {f["rule"] for f in d["findings"]}
assert {"c-double-free", "py-sql-injection"} <= rules, rules
s = d["summary"]
assert s["findings"] == len(d["findings"]) and s["files"] == 4
assert sum(s["by_severity"].values()) == s["findings"]
PYEOF
run "$AURELIS" --json analyze "$C/c-gets/good.c"
check_out_has '"findings"' "the global --json gives JSON"
(cd "$AURELIS_SRCDIR" && "$AURELIS" analyze --format sarif tests/analysis/corpus/c-gets tests/analysis/corpus/js-eval >"$W/out.sarif")
check "SARIF 2.1.0 has the shape code scanning accepts" "$PY" - "$W/out.sarif" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0" and "sarif" in d["$schema"]
run = d["runs"][0]
drv = run["tool"]["driver"]
assert drv["name"] == "aurelis" and drv["version"]
ids = [r["id"] for r in drv["rules"]]
assert len(ids) >= 60 and len(set(ids)) == len(ids)
for r in drv["rules"]:
    assert r["shortDescription"]["text"] and r["help"]["text"]
    assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
assert run["results"]
for res in run["results"]:
    assert res["ruleId"] in ids and ids[res["ruleIndex"]] == res["ruleId"]
    assert res["level"] in ("error", "warning", "note") and res["message"]["text"]
    loc = res["locations"][0]["physicalLocation"]
    uri = loc["artifactLocation"]["uri"]
    assert not uri.startswith("/") and ".." not in uri, uri
    assert uri.startswith("tests/analysis/corpus/"), uri
    assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
PYEOF

# ---- -o, stdin ----------------------------------------------------------------------------
run "$AURELIS" analyze --format json -o "$W/report.json" "$C/c-gets/bad.c"
check_rc 1 "-o keeps the exit status"
check "-o writes valid JSON" "$PY" -c "import json,sys; json.load(open(sys.argv[1]))" "$W/report.json"
[ -z "$OUT" ] && ok "-o leaves stdout empty" || not_ok "-o leaves stdout empty" "$OUT"
run "$AURELIS" analyze -o "$W/no-such-dir/report.txt" "$C/c-gets/bad.c"
check_rc 1 "-o into a missing directory fails"
check_err_has "hint:" "-o failure has a hint"
printf 'import os\nos.system(input())\n' >"$W/stdin.txt"
run sh -c "'$AURELIS' analyze - --lang python <'$W/stdin.txt'"
check_rc 1 "stdin with --lang is analysed"
check_out_has "py-os-system" "stdin finding reported"
run sh -c "printf 'x = 1\n' | '$AURELIS' analyze -"
check_rc 2 "stdin of unknown language exits 2"
check_err_has "--lang" "stdin hint names --lang"
run sh -c "printf '#!/bin/sh\ncurl -k https://x | sh\n' | '$AURELIS' analyze -"
check_out_has "sh-curl-pipe-shell" "stdin language from the shebang"

# ---- suppressions, config, excludes -------------------------------------------------------
P="$W/proj"
mkdir -p "$P/src" "$P/vendor/lib" "$P/node_modules/pkg" "$P/build" "$P/.git" "$P/dist" \
	"$P/third_party" "$P/src/__pycache__" "$P/.venv/lib"
printf 'void f(char *b)\n{\n\tgets(b); /* aurelis: ignore[c-gets] */\n}\n' >"$P/src/quiet.c"
printf 'void f(char *b)\n{\n\tgets(b);\n}\n' >"$P/src/loud.c"
cp "$P/src/loud.c" "$P/vendor/lib/third.c"
cp "$P/src/loud.c" "$P/node_modules/pkg/dep.c"
cp "$P/src/loud.c" "$P/build/gen.c"
cp "$P/src/loud.c" "$P/src/table.gen.c"
for d in .git dist third_party src/__pycache__ .venv/lib; do cp "$P/src/loud.c" "$P/$d/x.c"; done
run_in "$P" "$AURELIS" analyze --format json
printf '%s' "$OUT" >"$W/p.json"
files=$("$PY" -c "import json,sys; print(' '.join(sorted({f['file'] for f in json.load(open(sys.argv[1]))['findings']})))" "$W/p.json")
[ "$files" = "src/loud.c src/table.gen.c" ] && ok "built-in excludes outside git (.git, build, dist, node_modules, vendor, third_party, __pycache__, .venv)" ||
	not_ok "built-in excludes outside git (.git, build, dist, node_modules, vendor, third_party, __pycache__, .venv)" "$files"
run_in "$P" "$AURELIS" analyze --format json vendor/lib
check_out_has "vendor/lib/third.c" "a built-in excluded directory named on the command line is analysed"
case "$files" in *quiet.c*) not_ok "aurelis: ignore[rule] suppresses" "$files" ;; *) ok "aurelis: ignore[rule] suppresses" ;; esac
case "$files" in *"src/loud.c"*) ok "paths are relative to the directory analysed" ;; *) not_ok "paths are relative to the directory analysed" "$files" ;; esac
printf 'analysis:\n  exclude: ["*.gen.c", "src/loud.c"]\n  rules:\n    c-gets:\n      severity: warning\n' >"$P/.aurelis.yaml"
run_in "$P" "$AURELIS" analyze --format json
case "$OUT" in *table.gen.c*|*'"src/loud.c"'*) not_ok "analysis.exclude globs skip files" "$OUT" ;; *) ok "analysis.exclude globs skip files" ;; esac
run_in "$P" "$AURELIS" analyze src/loud.c
check_rc 0 "analysis.rules.<id>.severity lowers an error below fail_on"
check_out_has "warning" "the configured severity is shown"
printf 'analysis:\n  fail_on: warning\n  rules:\n    c-gets:\n      enabled: false\n    c-no-such-rule:\n      enabled: false\n' >"$P/.aurelis.yaml"
run_in "$P" "$AURELIS" analyze "$P/src/loud.c"
check_rc 0 "analysis.rules.<id>.enabled: false turns a rule off"
check_err_has "c-no-such-rule" "an unknown rule id in config is a warning"
printf 'analysis:\n  max_file_size: 10\n' >"$P/.aurelis.yaml"
run_in "$P" "$AURELIS" analyze src/loud.c
check_rc 0 "files over analysis.max_file_size are skipped"
check_out_has "skipped" "the summary counts skipped files"
rm -f "$P/.aurelis.yaml"

# ---- git work trees: ignored files are skipped --------------------------------------------
if command -v git >/dev/null; then
	G="$W/repo"
	mkdir -p "$G/ignored" "$G/src"
	git -C "$G" init -q
	printf 'ignored/\n*.tmp.c\n' >"$G/.gitignore"
	cp "$P/src/loud.c" "$G/ignored/x.c"
	cp "$P/src/loud.c" "$G/src/scratch.tmp.c"
	cp "$P/src/loud.c" "$G/src/kept.c"
	mkdir -p "$G/vendor" && cp "$P/src/loud.c" "$G/vendor/tracked.c"
	run_in "$G" "$AURELIS" analyze --format json
	case "$OUT" in *ignored/x.c*|*scratch.tmp.c*) not_ok "git-ignored files are skipped" "$OUT" ;; *) ok "git-ignored files are skipped" ;; esac
	check_out_has "src/kept.c" "untracked files git does not ignore are analysed"
	check_out_has "vendor/tracked.c" "inside git, git decides (no built-in excludes)"
	run_in "$G" "$AURELIS" analyze ignored/x.c
	check_rc 1 "a file named on the command line is analysed even if ignored"
	run_in "$G" "$AURELIS" analyze --format json ignored
	check_out_has "ignored/x.c" "a directory named on the command line is analysed even if ignored"
else
	for i in 1 2 3 4 5; do ok "git-ignore (skipped: no git)"; done
fi

# ---- hostile files ------------------------------------------------------------------------
H="$W/hostile"
mkdir -p "$H"
printf 'void f(char *b)\n{\n\tgets(b); /* \351t\351 \377 */\n}\n' >"$H/a-latin1.c"
printf 'int x;\n\000\000\000binary' >"$H/b-binary.c"
printf 'void g(char *b)\n{\n\tgets(b);\n}\n' >"$H/c-after.c"
head -c 3000 /dev/urandom >"$H/d-noise.py" 2>/dev/null || printf '\377\376\375' >"$H/d-noise.py"
printf '\037\213not really' >"$H/e.png"
run "$AURELIS" analyze --format json "$H"
printf '%s' "$OUT" >"$W/h.json"
check "a non-UTF-8 file does not stop the run" "$PY" - "$W/h.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
files = {f["file"].rsplit("/", 1)[-1] for f in d["findings"]}
assert "a-latin1.c" in files and "c-after.c" in files, files
skipped = {f["file"].rsplit("/", 1)[-1]: f["status"] for f in d["files"]}
assert skipped.get("b-binary.c") == "binary", skipped
assert "e.png" not in skipped
PYEOF

# ---- --jobs gives the same output in the same order ---------------------------------------
"$AURELIS" analyze --format json --jobs 1 "$C" | grep -v elapsed_ms >"$W/j1.json"
"$AURELIS" analyze --format json --jobs 4 "$C" | grep -v elapsed_ms >"$W/j4.json"
if cmp -s "$W/j1.json" "$W/j4.json"; then ok "--jobs 1 and --jobs 4 give identical output"; else not_ok "--jobs 1 and --jobs 4 give identical output"; fi

# ---- metrics, rule list --------------------------------------------------------------------
run "$AURELIS" analyze --metrics "$C/complexity-high/bad.py"
check_out_has "Metrics" "--metrics adds a metrics section"
check_out_has "classify" "--metrics lists functions"
"$AURELIS" analyze --metrics --format json "$C/complexity-high/bad.py" >"$W/m.json"
check "JSON metrics carry functions and complexity" "$PY" -c "
import json, sys
f = json.load(open(sys.argv[1]))['files'][0]
fn = f['functions'][0]
assert fn['name'] == 'classify' and fn['complexity'] == 18 and fn['params'] == 1, fn
assert f['lines'] > 30 and f['max_complexity'] == 18
" "$W/m.json"
printf '/* one\n * two */\nint f(int a, int b)\n{\n\tif (a) {\n\t\tif (b) {\n\t\t\treturn 1; // c\n\t\t}\n\t}\n\n\treturn 0;\n}\n' >"$W/metrics.c"
"$AURELIS" analyze --metrics --format json "$W/metrics.c" >"$W/m2.json"
check "--metrics gives per-file line counts and per-function figures" "$PY" -c "
import json, sys
f = json.load(open(sys.argv[1]))['files'][0]
got = {k: f[k] for k in ('lines', 'code_lines', 'comment_lines', 'blank_lines', 'max_complexity')}
assert got == {'lines': 12, 'code_lines': 9, 'comment_lines': 3, 'blank_lines': 1, 'max_complexity': 3}, got
fn = f['functions'][0]
got = {k: fn[k] for k in ('name', 'line', 'end_line', 'lines', 'complexity', 'max_nesting', 'params')}
assert got == {'name': 'f', 'line': 3, 'end_line': 12, 'lines': 10, 'complexity': 3, 'max_nesting': 2, 'params': 2}, got
" "$W/m2.json"
run "$AURELIS" analyze --metrics "$W/metrics.c"
check_out_has "code" "text --metrics shows the code lines"
check_out_has "nesting 2" "text --metrics shows the nesting per function"
run "$AURELIS" analyze --list-rules
check_rc 0 "--list-rules exits 0"
n=$(printf '%s\n' "$OUT" | wc -l)
[ "$n" -ge 60 ] && ok "--list-rules lists at least 60 rules" || not_ok "--list-rules lists at least 60 rules" "$n"

# ---- the shipped examples: flawed ones are caught, clean ones stay clean -------------------
E="$AURELIS_SRCDIR/examples"
run "$AURELIS" analyze --fail-on info "$E/c/ringbuf.c" "$E/python/report.py" "$E/javascript/comments.ts" "$E/shell/backup.sh"
check_rc 0 "the clean examples have no findings"
run "$AURELIS" analyze --format json "$E"
check_rc 1 "the flawed examples fail"
for rule in c-strcpy-fixed c-leak-early-return py-sql-injection js-child-process-exec sh-curl-pipe-shell; do
	check_out_has "$rule" "examples show $rule"
done
run "$AURELIS" analyze -o /dev/null "$E"
check_rc 1 "-o /dev/null works (not replaced, written)"

# ---- other tools --------------------------------------------------------------------------
mkdir -p "$W/bin"
cat >"$W/bin/ruff" <<'SH'
#!/bin/sh
for a; do f=$a; done
printf '[{"code":"F401","message":"os imported but unused","filename":"%s","location":{"row":2,"column":8},"end_location":{"row":2,"column":10}},' "$f"
printf '{"code":"S105","message":"possible hard-coded password","filename":"%s","location":{"row":3,"column":1},"end_location":{"row":3,"column":4}}]\n' "$f"
SH
chmod +x "$W/bin/ruff"
printf '# x\nimport os\npw = 1\n' >"$W/unused.py"
run env PATH="$W/bin:$PATH" "$AURELIS" analyze --with ruff --format json "$W/unused.py"
check_out_has "$(printf '"source":\t"ruff"')" "--with ruff folds in the tool's findings"
check_out_has "$(printf '"rule":\t"F401"')" "tool findings keep the tool's code"
printf '%s' "$OUT" >"$W/ruff.json"
check "tool findings get the category of their kind (S: security, F: correctness)" "$PY" -c "
import json, sys
cats = {f['rule']: f['category'] for f in json.load(open(sys.argv[1]))['findings']}
assert cats == {'F401': 'correctness', 'S105': 'security'}, cats
" "$W/ruff.json"
run env PATH="$W/bin:$PATH" "$AURELIS" analyze --with ruff --category security --format json "$W/unused.py"
check_out_lacks '"F401"' "--category leaves out tool findings of other categories"
check_out_has '"S105"' "--category keeps tool findings of its categories"
printf '# x\nimport os  # aurelis: ignore[F401]\n# aurelis: ignore\npw = 1\n' >"$W/unused.py"
run env PATH="$W/bin:$PATH" "$AURELIS" analyze --with ruff --format json "$W/unused.py"
check_out_lacks '"F401"' "aurelis: ignore[CODE] suppresses a tool finding"
check_out_lacks '"S105"' "a bare aurelis: ignore on the line before suppresses a tool finding"
run env PATH="$W/bin-none:/usr/bin:/bin" "$AURELIS" analyze --with ruff "$W/unused.py"
case "$(command -v ruff 2>/dev/null)" in
"") check_err_has "ruff is not installed" "a missing tool is a warning" ;;
*) ok "a missing tool is a warning (ruff is installed here)" ;;
esac
check_rc 0 "a missing tool does not change the exit status"
run env PATH="$W/bin-none" "$AURELIS" analyze --with cppcheck,shellcheck "$C/c-gets/good.c" "$C/sh-eval/good.sh"
check_rc 0 "missing cppcheck and shellcheck do not fail the run"
check_err_has "cppcheck is not installed" "a missing cppcheck is a warning"
check_err_has "shellcheck is not installed" "a missing shellcheck is a warning"
check_out_has "2 files analysed" "the run goes on without the missing tools"
if command -v shellcheck >/dev/null; then
	printf '#!/bin/sh\nset -eu\necho $1\n' >"$W/sc.sh"
	run "$AURELIS" analyze --with shellcheck --format json "$W/sc.sh"
	check_out_has "$(printf '"source":\t"shellcheck"')" "--with shellcheck adds shellcheck findings"
	check_out_has "$(printf '"category":\t"correctness"')" "shellcheck's SC codes are not security findings"
	printf '#!/bin/sh\nset -eu\necho $1 # aurelis: ignore[SC2086]\n' >"$W/sc.sh"
	run "$AURELIS" analyze --with shellcheck --format json "$W/sc.sh"
	check_out_lacks "SC2086" "aurelis: ignore[SC2086] suppresses the shellcheck finding"
else
	for i in 1 2 3; do ok "# SKIP shellcheck is not installed (scripts/setup installs it)"; done
fi

if command -v cppcheck >/dev/null; then
	printf 'int f(void)\n{\n\tint a[4];\n\treturn a[4];\n}\n' >"$W/cc.c"
	run "$AURELIS" analyze --with cppcheck --format json --fail-on never "$W/cc.c"
	check_out_has "$(printf '"source":\t"cppcheck"')" "--with cppcheck adds cppcheck findings"
else
	ok "# SKIP cppcheck is not installed (scripts/setup installs it)"
fi

done_testing
