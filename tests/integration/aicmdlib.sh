# SPDX-License-Identifier: MIT
# Shared set-up for the integration tests of the code commands: the client's set-up (fake
# server, token, quick backoff), a working directory, and helpers to script answers and
# read what was sent.
. "$AURELIS_SRCDIR/tests/integration/clientlib.sh"
fake_start
export AURELIS_ENDPOINT="$FAKE_ENDPOINT"

# aicmd_config [LINE...]: quick backoff, client-side limits no test can reach, and extra
# lines for the request: section; AICMD_INPUT_TOKENS=N sets every model's input cap.
aicmd_config() {
	{
		printf 'request:\n  backoff_base_ms: 20\n  backoff_max_ms: 100\n  stall_timeout: 10\n'
		for line in "$@"; do printf '%s\n' "$line"; done
		printf 'models:\n  limits:\n'
		for m in openai/gpt-4.1 openai/gpt-4.1-mini openai/gpt-4o-mini mistral-ai/codestral-2501; do
			printf '    %s:\n      rpm: 100000\n      concurrency: 16\n' "$m"
			[ -z "${AICMD_INPUT_TOKENS:-}" ] || printf '      input_tokens: %s\n' "$AICMD_INPUT_TOKENS"
		done
	} >"$CFG"
}
aicmd_config

W="$TMPROOT/work"
mkdir -p "$W"
cd "$W" || exit 1

# say TEXT: every chat request is answered with TEXT.
say() {
	fake_reset
	fake_script "$(printf '%s' "$1" | "$PYTHON3" -c 'import json,sys
print(json.dumps({"rules":[{"type":"answer","text":sys.stdin.read()}]}))')"
}

# say_if NEEDLE TEXT [NEEDLE TEXT]...: a request whose body contains NEEDLE (as JSON text)
# gets TEXT; the first match wins; other requests get the default echo.
say_if() {
	fake_reset
	fake_script "$("$PYTHON3" -c 'import json,sys
a = sys.argv[1:]
print(json.dumps({"rules":[{"match":{"body_contains":a[i]},"type":"answer","text":a[i+1]} for i in range(0, len(a), 2)]}))' "$@")"
}

# echo_back: no script (the server echoes the last user message).
echo_back() { fake_reset; }

# sent EXPR: EXPR evaluated with r = the last chat request, s = its system message and
# u = its last user message.
sent() {
	fake_last "$CHAT" | "$PYTHON3" -c "import json,sys
r = json.loads(sys.stdin.read() or 'null')
m = r['body']['messages'] if r else []
s = next((x['content'] for x in m if x['role'] == 'system'), '')
u = [x['content'] for x in m if x['role'] == 'user'][-1] if m else ''
print($1)"
}

# chats: the number of chat requests since the last reset.
chats() { fake_count "$CHAT"; }

# check_under_cap CAP DESC: every chat request's prompt, as the service counts it
# (characters / 4), is under CAP tokens; prints the counts on failure.
check_under_cap() {
	_sizes=$(reqs_py '" ".join(str(sum(len(m["content"]) for m in r["body"]["messages"]) // 4) for r in rs)')
	if "$PYTHON3" -c "import sys; s=[int(x) for x in sys.argv[2:]]; sys.exit(0 if s and max(s) < int(sys.argv[1]) else 1)" "$1" $_sizes; then
		ok "$2"
	else
		not_ok "$2" "request sizes in tokens: $_sizes"
	fi
}

# in_tty CMD...: runs CMD in a new session on a pseudo-terminal of its own, answering the
# first question with $TTY_ANSWER; like run, plus $SEEN (what appeared on the terminal).
in_tty() {
	"$PYTHON3" - "$@" >"$TMPROOT/out" 2>"$TMPROOT/err" <<'PY'
import os, pty, select, subprocess, sys, time
master, slave = pty.openpty()
def own_tty():
    os.setsid()
    import fcntl, termios
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
p = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, preexec_fn=own_tty, pass_fds=(slave,))
os.close(slave)
seen, answered, deadline = b"", False, time.time() + 20
while time.time() < deadline:
    r, _, _ = select.select([master], [], [], 0.1)
    if r:
        try:
            seen += os.read(master, 4096)
        except OSError:
            break
    if not answered and b"[y/N]" in seen:
        os.write(master, os.environ.get("TTY_ANSWER", "y").encode() + b"\n")
        answered = True
    if p.poll() is not None and not r:
        break
out, err = p.communicate(timeout=20)
sys.stdout.write(out.decode(errors="replace"))
sys.stderr.write(err.decode(errors="replace") + "[tty:" + seen.decode(errors="replace") + "]")
sys.exit(p.returncode)
PY
	RC=$?
	OUT=$(cat "$TMPROOT/out")
	ERR=$(cat "$TMPROOT/err")
}

# on_tty CMD...: runs CMD with standard output and error on a pseudo-terminal 100 columns
# wide; $OUT gets everything written to it (escape sequences included), $RC the status.
on_tty() {
	"$PYTHON3" - "$@" >"$TMPROOT/out" 2>"$TMPROOT/err" <<'PY'
import fcntl, os, pty, select, struct, subprocess, sys, termios, time
master, slave = pty.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
p = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=slave, stderr=slave)
os.close(slave)
seen, deadline = b"", time.time() + 20
while time.time() < deadline:
    r, _, _ = select.select([master], [], [], 0.1)
    if r:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    elif p.poll() is not None:
        break
sys.stdout.write(seen.decode(errors="replace"))
sys.exit(p.wait(timeout=20))
PY
	RC=$?
	OUT=$(cat "$TMPROOT/out")
	ERR=$(cat "$TMPROOT/err")
}

# backups_of NAME: how many backups of a file called NAME exist.
backups_of() { find "$XDG_STATE_HOME/aurelis/backups" -name "$1.*" 2>/dev/null | wc -l | tr -d ' '; }
