# SPDX-License-Identifier: MIT
"""Markdown rendering: a 1 MB answer rendered at once, streamed to a pipe, and streamed live
to a terminal (a pty), with CPU time and the bytes written to the terminal per byte of answer
(a measure of redrawing; issue 8 asks for at most 3x)."""
import fcntl
import os
import pty
import resource
import struct
import termios
import threading
import time

TITLE = "markdown rendering"


def answer(size):
    """A long answer of the usual mix: prose, lists, code, tables, quotes."""
    parts = []
    i = 0
    while sum(len(p) for p in parts) < size:
        i += 1
        parts.append(f"## Step {i}: adjust the parser\n\n"
                     "The function reads the header, checks the terminator and returns the "
                     "offset of the body; when the terminator is missing it must not read "
                     "past the end of the buffer, which is what this change makes sure of.\n\n"
                     f"- first point for step {i}, with `inline code`\n"
                     "- second point, **strong** and *emphasis*\n"
                     "  - a nested point\n\n"
                     "```c\n"
                     f"static int step_{i}(const char *buf, size_t len)\n"
                     "{\n\tfor (size_t k = 0; k + 1 < len; k++)\n"
                     "\t\tif (buf[k] == '\\r' && buf[k + 1] == '\\n')\n"
                     "\t\t\treturn (int)k;\n\treturn -1;\n}\n```\n\n"
                     "| case | before | after |\n|---|---|---|\n"
                     "| no terminator | reads past the end | returns -1 |\n"
                     "| empty | crash | returns -1 |\n\n"
                     "> Note: see [the issue](https://example.org/issues/1) for details.\n\n")
    return "".join(parts).encode()


def cpu_of(fn):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    fn()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def live(b, path, chunk, cols=100, rows=40):
    """Run render on a pty; returns bytes written to the terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    env = dict(b.env, TERM="xterm-256color")
    total = [0]

    def drain():
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            total[0] += len(data)

    t = threading.Thread(target=drain)
    t.start()
    argv = [b.aurelis, "render", "--width", str(cols), path]
    if chunk:
        argv[2:2] = ["--chunk-size", str(chunk)]
    pid = os.posix_spawn(argv[0], argv, env, file_actions=[
        (os.POSIX_SPAWN_DUP2, slave, 0), (os.POSIX_SPAWN_DUP2, slave, 1),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
    os.close(slave)
    os.waitpid(pid, 0)
    t.join(timeout=30)
    os.close(master)
    return total[0]


def run(b):
    data = answer(1 << 20)
    path = os.path.join(b.home, "answer.md")
    with open(path, "wb") as f:
        f.write(data)
    mib = len(data) / (1 << 20)
    runs = 5
    r = b.time_cmd([b.aurelis, "render", "--plain", "--width", "100", path], runs=runs, warmup=1)
    b.report(f"{mib:.1f} MiB answer at once, plain (median)", r["median_ms"], "ms")
    b.report("  peak RSS", r["peak_rss_kib"] / 1024, "MiB")
    colour = os.path.join(b.home, "colour.out")
    with open(colour, "wb") as out:
        pid = os.posix_spawn(b.aurelis, [b.aurelis, "render", "--colors", "256", "--width", "100",
                                         path], b.env,
                             file_actions=[(os.POSIX_SPAWN_DUP2, out.fileno(), 1)])
        os.waitpid(pid, 0)
    b.report("  its colour output per byte of answer (no redrawing)",
             os.path.getsize(colour) / len(data), "x")
    r = b.time_cmd([b.aurelis, "render", "--plain", "--width", "100", "--chunk-size", "16", path],
                   runs=runs, warmup=1)
    b.report("same, streamed to a pipe in 16-byte chunks", r["median_ms"], "ms")
    for chunk, label in ((64, "64-byte chunks"), (16, "16-byte chunks"), (0, "as read (64 KiB)")):
        out = []
        wall, cpu = cpu_of(lambda: out.append(live(b, path, chunk)))
        note = "a redraw after every chunk" if chunk else "redraws capped at ~60/s"
        b.report(f"live on a 100x40 pty, {label}: wall", wall * 1000, "ms", note=note)
        b.report("  CPU (user + system)", cpu, "s", "< 3 s")
        b.report("  bytes to the terminal per byte of answer", out[0] / len(data), "x", "<= 3")
