# SPDX-License-Identifier: MIT
"""Full-screen interface: idle CPU, a 1 MB answer streamed at full speed (last byte to screen,
CPU, bytes written to the terminal), keypress-to-screen latency while an answer streams, and
memory with a 1,000-turn conversation.

The interface runs in a pseudo-terminal of a fixed size; every byte it writes is read (and
counted) here, as a terminal would.  Answers come from the demo job (AURELIS_TUI_DEMO), so no
network is involved."""
import fcntl
import json
import os
import pty
import select
import signal
import statistics
import struct
import termios
import time

TITLE = "full-screen interface (pty, 120x40)"

ROWS, COLS = 40, 120
END = b"ZQXEND7781"


def markdown_answer(size):
    """Realistic markdown of about `size` bytes: prose, lists, code, a table; ends with END."""
    prose = ("The function walks the list once and keeps the best candidate seen so far; "
             "when two candidates tie it prefers the earlier one, so the result is stable. ")
    code = ("```python\n"
            "def best(items, key):\n"
            "    winner = None\n"
            "    for item in items:\n"
            "        if winner is None or key(item) > key(winner):\n"
            "            winner = item\n"
            "    return winner\n"
            "```\n\n")
    parts, n, i = [], 0, 0
    while n < size:
        block = (f"## Step {i}\n\n" + prose * 3 + "\n\n"
                 f"- item {i} one\n- item {i} two with `code`\n- item {i} three\n\n" + code +
                 "| a | b |\n|---|---|\n| 1 | 2 |\n\n")
        parts.append(block)
        n += len(block)
        i += 1
    return ("".join(parts) + END.decode() + "\n").encode()


class Tui:
    """aurelis shell in a pty; reads everything it writes."""

    def __init__(self, b, extra_env):
        env = dict(b.env)
        env.update({"TERM": "xterm-256color", "LC_ALL": "C.UTF-8"})
        env.update(extra_env)
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(b.aurelis, [b.aurelis, "shell"], env)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        os.kill(pid, signal.SIGWINCH)
        self.out = bytearray()
        self.usage = None

    def read(self, timeout):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return b""
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:
            return b""
        self.out += data
        return data

    def wait_for(self, needle, timeout=30.0, start=0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.out.find(needle, start) >= 0:
                return time.monotonic()
            self.read(0.05)
        raise RuntimeError(f"timed out waiting for {needle!r}")

    def send(self, data):
        os.write(self.fd, data)

    def cpu_seconds(self):
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def quit(self):
        self.send(b"\x11")  # C-q
        end = time.monotonic() + 10
        while time.monotonic() < end:
            self.read(0.05)
            pid, status, usage = os.wait4(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.usage = usage
                break
        os.close(self.fd)


def idle_cpu(b):
    t = Tui(b, {})
    t.wait_for(b"F1 help")
    time.sleep(0.5)
    c0, t0 = t.cpu_seconds(), time.monotonic()
    seconds = 3 if b.quick else 10
    end = t0 + seconds
    while time.monotonic() < end:
        t.read(0.2)
    pct = (t.cpu_seconds() - c0) / (time.monotonic() - t0) * 100
    t.quit()
    b.report(f"idle CPU over {seconds} s", pct, "%", "< 0.5 %")


def stream(b, size, rate, label, goals):
    """Stream a size-byte answer at rate bytes/s (0: full speed) and report on it."""
    answer = markdown_answer(size)
    path = os.path.join(b.home, f"answer-{size}-{rate}.md")
    with open(path, "wb") as f:
        f.write(answer)
    stats = os.path.join(b.home, "stats.json")
    t = Tui(b, {"AURELIS_TUI_DEMO": path, "AURELIS_TUI_DEMO_CHUNK": "64",
                "AURELIS_TUI_DEMO_RATE": str(rate), "AURELIS_TUI_STATS": stats})
    t.wait_for(b"F1 help")
    time.sleep(0.3)
    while t.read(0.1):
        pass
    start = len(t.out)
    c0 = t.cpu_seconds()
    t0 = time.monotonic()
    t.send(b"go\r")
    seen = t.wait_for(END, 60, start)
    # The whole final frame, not only the marker.
    while t.read(0.3):
        pass
    written = len(t.out) - start
    cpu = t.cpu_seconds() - c0
    t.quit()
    with open(stats) as f:
        st = json.load(f)
    last_byte = st["last_emit_us"] / 1e6
    b.report(f"{label}: send to last byte (demo job)", (last_byte - t0) * 1000, "ms")
    b.report(f"{label}: last byte to screen (pty)", (seen - last_byte) * 1000, "ms",
             goals.get("latency"))
    b.report(f"{label}: last byte to its frame (internal)",
             (st["done_frame_us"] - st["last_emit_us"]) / 1000, "ms")
    b.report(f"{label}: aurelis CPU while streaming", cpu, "s", goals.get("cpu"))
    b.report(f"{label}: frames drawn", st["frames"], "")
    b.report(f"{label}: bytes to the terminal / answer bytes", written / len(answer), "x",
             goals.get("bytes"), f"({written} of {len(answer)})")


def stream_1mb(b):
    stream(b, 1 << 20, 0, "1 MB answer at full speed",
           {"latency": "< 1000 ms", "cpu": "< 3 s", "bytes": "<= 3x"})


def stream_steady(b):
    # Tokens arriving at a steady 20 KB/s for about 10 s: a frame nearly every 33 ms, the
    # conversation scrolling all the time; the honest measure of redraw cost.
    size = (64 if b.quick else 200) * 1024
    stream(b, size, 20000, f"{size // 1024} KB answer at 20 KB/s", {"bytes": "<= 3x"})


def keypress_latency(b):
    answer = markdown_answer(2 << 20)
    path = os.path.join(b.home, "answer-slow.md")
    with open(path, "wb") as f:
        f.write(answer)
    # 40 KB/s: a steady stream, many lines a second, for the whole measurement.
    t = Tui(b, {"AURELIS_TUI_DEMO": path, "AURELIS_TUI_DEMO_RATE": "40000"})
    t.wait_for(b"F1 help")
    t.send(b"stream\r")
    t.wait_for(b"Step 1", 10)
    key = "\u00a7".encode()  # never in the answer
    samples = []
    for _ in range(15 if b.quick else 60):
        while t.read(0.01):
            pass
        start = len(t.out)
        t0 = time.monotonic()
        t.send(key)
        t1 = t.wait_for(key, 5, start)
        samples.append((t1 - t0) * 1000)
        t.send(b"\x7f")  # Backspace: keep the input line short
        time.sleep(0.03)
    t.send(b"\x03")  # cancel the answer
    t.quit()
    samples.sort()
    b.report("keypress to screen while streaming (median)", statistics.median(samples), "ms",
             "< 16 ms")
    b.report("keypress to screen while streaming (p90)", samples[int(len(samples) * 0.9) - 1],
             "ms")


def session_memory(b):
    turns = 200 if b.quick else 1000
    answer = markdown_answer(2500)
    path = os.path.join(b.home, "answer-turn.md")
    with open(path, "wb") as f:
        f.write(answer)
    keys = os.path.join(b.home, "turns.keys")
    with open(keys, "w") as f:
        for i in range(turns):
            f.write(f"type question number {i}\nkey Enter\nwait\n")
        # Page through all of it, so that every message is laid out.
        f.write("key M-1\nkey Home\n" + "key PageDown\n" * (turns * 3) + "key End\n")
    env = dict(b.env)
    env.update({"TERM": "xterm-256color", "AURELIS_TUI_DEMO": path,
                "AURELIS_TUI_REPLAY": keys, "AURELIS_TUI_SIZE": f"{COLS}x{ROWS}"})
    t0 = time.monotonic()
    rss = b.peak_rss_kib([b.aurelis, "shell"], env=env)
    b.report(f"{turns}-turn conversation: wall time (replay)", (time.monotonic() - t0), "s")
    b.report(f"{turns}-turn conversation: peak RSS", rss / 1024, "MiB", "< 40 MiB")


def run(b):
    idle_cpu(b)
    stream_1mb(b)
    stream_steady(b)
    keypress_latency(b)
    session_memory(b)
