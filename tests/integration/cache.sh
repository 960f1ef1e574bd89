#!/bin/sh
# SPDX-License-Identifier: MIT
# `aurelis cache` end to end over entries written by an independent writer (python3), so the
# documented file format is checked as well as the commands.
. "$AURELIS_SRCDIR/tests/lib.sh"

dir="$XDG_CACHE_HOME/aurelis/responses"

# seed KEY MODEL TASK ANSWER AGE_SECONDS [LAST_USED_AGO_SECONDS]: write one entry as
# aurelis(1) FILES describes it.
seed() {
	"$PYTHON3" - "$dir" "$@" <<'EOF'
import hashlib, json, os, sys, time
d, key, model, task, answer, age = sys.argv[1:7]
used_ago = float(sys.argv[7]) if len(sys.argv) > 7 else float(age)
now = time.time()
payload = {"key": key, "created": int((now - float(age)) * 1000), "model": model,
           "finish_reason": "stop",
           "usage": {"prompt_tokens": 11, "completion_tokens": 22, "total_tokens": 33},
           "answer": answer}
if task != "-":
    payload["task"] = task
p = json.dumps(payload, separators=(",", ":")).encode()
head = '{"format":"aurelis-cache","version":1,"payload_bytes":%d,"checksum":"sha256:%s"}\n' % (
    len(p), hashlib.sha256(p).hexdigest())
os.makedirs(os.path.join(d, key[:2]), mode=0o700, exist_ok=True)
path = os.path.join(d, key[:2], key + ".entry")
with open(path, "wb") as f:
    f.write(head.encode() + p)
os.chmod(path, 0o600)
t = now - used_ago
os.utime(path, (t, t))
EOF
}

k1=3f2a9c01b2d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddee
k2=3f2a1111b2d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddee
k3=a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1

# ---- empty cache --------------------------------------------------------------------------
run "$AURELIS" cache
check_rc 0 "cache stats on an empty cache"
check_out_has "entries    0 of at most 1000" "empty cache has no entries"
check_out_has "$dir" "stats names the directory"
run "$AURELIS" cache list
check_rc 0 "cache list on an empty cache"
check_err_has "the cache is empty" "empty list says so"
run "$AURELIS" cache list --json
check_out_has "[]" "empty list --json is an empty array"

# ---- seeded entries ----------------------------------------------------------------------
seed "$k1" openai/gpt-4.1 explain "Pointers hold addresses." 60 10
seed "$k2" openai/gpt-4.1-mini fix "Use strncpy, not strcpy." 120 100
seed "$k3" mistral-ai/codestral-2501 - "int main(void) { return 0; }" 7200 7000
run "$AURELIS" cache --json
check_rc 0 "cache stats --json"
check "stats --json counts entries, expired and limits" "$PYTHON3" -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["entries"] == 3 and d["expired"] == 1 and d["corrupt"] == 0, d
assert d["max_entries"] == 1000 and d["max_bytes"] == 104857600 and d["ttl_s"] == 3600, d
assert d["bytes"] > 300 and d["enabled"] is True, d
' "$OUT"

run "$AURELIS" cache list
check_rc 0 "cache list"
first=$(printf '%s\n' "$OUT" | sed -n 2p)
case "$first" in 3f2a9c01b2d4*openai/gpt-4.1*explain*) ok "most recently used first" ;; *) not_ok "most recently used first" "$OUT" ;; esac
check_out_has "(expired)" "expired entry is marked"
run "$AURELIS" cache list --json
check "list --json has every field" "$PYTHON3" -c '
import json, sys
a = json.loads(sys.argv[1])
assert [e["key"][:8] for e in a] == ["3f2a9c01", "3f2a1111", "a0b1c2d3"], a
e = a[0]
assert e["model"] == "openai/gpt-4.1" and e["task"] == "explain" and e["finish_reason"] == "stop"
assert e["usage"] == {"prompt_tokens": 11, "completion_tokens": 22, "total_tokens": 33}
assert e["expired"] is False and a[2]["expired"] is True and a[2]["task"] is None
assert e["created"].endswith("Z") and e["size"] > 100 and "answer" not in e
' "$OUT"

# ---- show ---------------------------------------------------------------------------------
run "$AURELIS" cache show 3f2a9c
check_rc 0 "show by a unique prefix"
check_out_has "Pointers hold addresses." "show prints the answer"
check_out_has "model          openai/gpt-4.1" "show prints the model"
check_out_has "tokens         11 in, 22 out" "show prints the usage"
run "$AURELIS" cache show "$k3" --json
check_rc 0 "show --json by the full key"
check "show --json has the answer" "$PYTHON3" -c '
import json, sys
e = json.loads(sys.argv[1])
assert e["answer"] == "int main(void) { return 0; }" and e["expired"] is True
' "$OUT"
before=$(stat -c %Y "$dir/3f/$k1.entry")
sleep 1
run "$AURELIS" cache show 3f2a9c01
check "showing is not using (mtime kept)" test "$(stat -c %Y "$dir/3f/$k1.entry")" = "$before"
run "$AURELIS" cache show 3f2a
check_rc 2 "an ambiguous prefix is a usage error"
check_err_has "2 cached answers have keys starting with 3f2a" "ambiguity is explained"
check_err_has "3f2a9c01b2d4e5f6" "hint lists the candidates"
run "$AURELIS" cache show ffff
check_rc 5 "an unknown key is not found"
check_err_has "hint:" "not found has a hint"
run "$AURELIS" cache show 3f
check_rc 2 "a too short prefix is refused"
run "$AURELIS" cache show ../../etc/passwd
check_rc 2 "a path is not a key"
run "$AURELIS" cache show
check_rc 2 "show needs a key"
run "$AURELIS" cache shwo
check_rc 2 "unknown subcommand"
check_err_has "Did you mean 'cache show'?" "subcommand suggestion"

# ---- damaged entries ---------------------------------------------------------------------
seed "$k2" openai/gpt-4.1-mini fix "Use strncpy, not strcpy." 120 100
printf 'X' | dd of="$dir/3f/$k2.entry" bs=1 seek=150 conv=notrunc 2>/dev/null
run "$AURELIS" cache show "$k2"
check_rc 6 "a damaged entry is reported, not shown"
check_out_lacks "strncpy" "no garbage printed"
check_err_has "damaged" "the error says damaged"
run "$AURELIS" cache
check_out_has "damaged    1 entries" "stats counts the damaged entry"
mkdir -p "$dir/3f"
printf 'half' >"$dir/3f/.tmp-ABCDEF"
touch -d '2 hours ago' "$dir/3f/.tmp-ABCDEF"
run "$AURELIS" cache prune
check_rc 0 "prune"
check_out_has "removed 1 expired, 1 damaged, 0 over the limits, 1 stale temporary files; kept 1" "prune summary"
check "prune removed the damaged entry" test ! -e "$dir/3f/$k2.entry"
check "prune removed the stale temporary file" test ! -e "$dir/3f/.tmp-ABCDEF"
check "prune kept the live entry" test -e "$dir/3f/$k1.entry"

# ---- limits through configuration ----------------------------------------------------------
for i in 1 2 3 4; do
	seed "$(printf 'c%063d' "$i")" openai/gpt-4.1 chat "answer $i" 10 $((6 - i))
done
mkdir -p "$XDG_CONFIG_HOME/aurelis"
printf 'cache:\n  max_entries: 3\n' >"$XDG_CONFIG_HOME/aurelis/config.yaml"
run "$AURELIS" cache prune --json
check_rc 0 "prune --json with a lower limit"
check "prune evicted the least recently used" "$PYTHON3" -c '
import json, sys
r = json.loads(sys.argv[1])
assert r["evicted"] == 2 and r["kept"] == 3, r
' "$OUT"
check "the oldest-used entries went first" test ! -e "$dir/c0/$(printf 'c%063d' 1).entry" -a ! -e "$dir/3f/$k1.entry"
check "the newest-used entries stayed" test -e "$dir/c0/$(printf 'c%063d' 4).entry"

printf 'cache:\n  ttl_by_task:\n    chat: 5s\n' >"$XDG_CONFIG_HOME/aurelis/config.yaml"
run "$AURELIS" cache
check_out_has "(chat 5s)" "stats shows the per-task TTL"
check_out_has "3 expired" "the per-task TTL expires chat answers"
run env AURELIS_CACHE_DIR="$TMPROOT/elsewhere" "$AURELIS" cache --json
check "AURELIS_CACHE_DIR moves the cache" "$PYTHON3" -c '
import json, sys
assert json.loads(sys.argv[1])["dir"] == sys.argv[2]
' "$OUT" "$TMPROOT/elsewhere"
rm -f "$XDG_CONFIG_HOME/aurelis/config.yaml"

# ---- clear ---------------------------------------------------------------------------------
run "$AURELIS" cache clear </dev/null
check_rc 2 "clear without a terminal needs --yes"
check_err_has "Add --yes" "the refusal says how"
check "nothing was removed" test -e "$dir/c0/$(printf 'c%063d' 4).entry"
if command -v script >/dev/null 2>&1; then
	printf 'n\n' | script -qec "'$AURELIS' cache clear" /dev/null >"$TMPROOT/tty" 2>&1
	check "answering no on a terminal keeps the cache" test -e "$dir/c0/$(printf 'c%063d' 4).entry"
	grep -q 'Remove all 3 cached answers' "$TMPROOT/tty" && ok "the terminal question names the count" || not_ok "the terminal question names the count" "$(cat "$TMPROOT/tty")"
	printf 'y\n' | script -qec "'$AURELIS' cache clear" /dev/null >"$TMPROOT/tty" 2>&1
	check "answering yes on a terminal clears" test ! -e "$dir/c0/$(printf 'c%063d' 4).entry"
	seed "$k1" openai/gpt-4.1 explain "again" 1
else
	for i in 1 2 3; do ok "# SKIP script(1) is not installed"; done
fi
run "$AURELIS" cache clear --yes --json
check_rc 0 "clear --yes"
check_out_has "\"removed\":" "clear --json reports the count"
run "$AURELIS" cache --json
check "the cache is empty after clear" "$PYTHON3" -c '
import json, sys
assert json.loads(sys.argv[1])["entries"] == 0
' "$OUT"

# ---- the disabled cache still shows what is there -----------------------------------------
run "$AURELIS" cache --config /dev/null
check_rc 0 "cache with an empty configuration"
printf 'cache:\n  enabled: false\n' >"$TMPROOT/off.yaml"
run "$AURELIS" --config "$TMPROOT/off.yaml" cache
check_out_has "enabled    no" "stats says the cache is off"

done_testing
