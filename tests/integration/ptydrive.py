#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Drive a program in a pseudo-terminal from a small script read on stdin.

    ptydrive.py [--cols N] [--rows N] [--log FILE] -- PROGRAM ARGS...

Script lines (blank lines and lines starting with # are ignored):

    send TEXT          write TEXT; \\r \\n \\t \\e \\xNN escapes are understood
    wait REGEX         wait until REGEX matches the output since the last mark (10 s;
                       wait/SECS REGEX waits SECS seconds)
    absent REGEX       fail if REGEX matches the output since the last mark
    mark               later waits look only at the cursor's line and what is below it
    sleep SECS
    resize COLS ROWS   change the window size (the program gets SIGWINCH)
    kill SIGNAL        send a signal (INT, TERM, KILL, ...) to the program
    exit [SECS]        wait for the program to exit; prints "exit N" on stdout

Waits look at the screen as a terminal would show it (a small VT100 emulation keeps the
lines that scroll away), from the line the cursor was on at the last mark; ^ and $ match
at line ends.  The final screen with its scrollback goes to --log.  A failed wait prints
"timeout waiting for REGEX" and the screen since the mark, and exits 1.
"""
import argparse
import codecs
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
import unicodedata

ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1bP.*?\x1b\\"
                  rb"|\x1b[=>()][0-9A-Za-z]?|\r|\x07|[\x01\x02]", re.S)


def plain(data):
    return ANSI.sub(b"", data).decode("utf-8", "replace")


class Screen:
    """Enough of a VT100/xterm to see what a user sees: cursor motion, erasing, wrapping
    (with the pending wrap of the last column), scrolling into a scrollback."""

    CSI = re.compile(r"\x1b\[([?>]?)([0-9;]*)([ -/]*)([@-~])")
    OTHER = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1bP.*?\x1b\\|\x1b[()][0-9A-Za-z]|\x1b[=>78M]", re.S)

    def __init__(self, cols, rows):
        self.cols, self.rows = cols, rows
        self.grid = [[" "] * cols for _ in range(rows)]
        self.scrollback = []
        self.r = self.c = 0
        self.wrap = False
        self.saved = (0, 0)
        self.pending = ""

    def resize(self, cols, rows):
        text = self.lines()
        self.cols, self.rows = cols, rows
        self.grid = [[" "] * cols for _ in range(rows)]
        self.scrollback = text[:-rows] if len(text) > rows else []
        for i, line in enumerate(text[-rows:]):
            for j, ch in enumerate(line[:cols]):
                self.grid[i][j] = ch
        self.r, self.c = min(self.r, rows - 1), min(self.c, cols - 1)

    def newline(self):
        if self.r == self.rows - 1:
            self.scrollback.append("".join(self.grid.pop(0)).rstrip())
            self.grid.append([" "] * self.cols)
        else:
            self.r += 1

    def put(self, ch):
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if unicodedata.combining(ch):
            return
        if self.wrap or self.c + w > self.cols:
            self.c = 0
            self.newline()
            self.wrap = False
        self.grid[self.r][self.c] = ch
        if w == 2 and self.c + 1 < self.cols:
            self.grid[self.r][self.c + 1] = ""
        self.c += w
        if self.c >= self.cols:
            self.c = self.cols - 1
            self.wrap = True

    def erase(self, row, start, end):
        for j in range(max(start, 0), min(end, self.cols)):
            self.grid[row][j] = " "

    def csi(self, priv, params, final):
        nums = [int(x) if x else 0 for x in params.split(";")] if params else []
        n = nums[0] if nums and nums[0] > 0 else 1
        if priv:
            return
        self.wrap = False if final not in "m" else self.wrap
        if final == "A":
            self.r = max(self.r - n, 0)
        elif final == "B":
            self.r = min(self.r + n, self.rows - 1)
        elif final == "C":
            self.c = min(self.c + n, self.cols - 1)
        elif final == "D":
            self.c = max(self.c - n, 0)
        elif final == "G":
            self.c = min(n - 1, self.cols - 1)
        elif final == "d":
            self.r = min(n - 1, self.rows - 1)
        elif final in "Hf":
            row = nums[0] if nums and nums[0] else 1
            col = nums[1] if len(nums) > 1 and nums[1] else 1
            self.r, self.c = min(row - 1, self.rows - 1), min(col - 1, self.cols - 1)
        elif final == "K":
            mode = nums[0] if nums else 0
            if mode == 0:
                self.erase(self.r, self.c, self.cols)
            elif mode == 1:
                self.erase(self.r, 0, self.c + 1)
            else:
                self.erase(self.r, 0, self.cols)
        elif final == "J":
            mode = nums[0] if nums else 0
            if mode == 0:
                self.erase(self.r, self.c, self.cols)
                for i in range(self.r + 1, self.rows):
                    self.erase(i, 0, self.cols)
            elif mode in (2, 3):
                for i in range(self.rows):
                    self.erase(i, 0, self.cols)
        elif final == "P":
            row = self.grid[self.r]
            del row[self.c:self.c + n]
            row.extend([" "] * (self.cols - len(row)))
        elif final == "@":
            row = self.grid[self.r]
            for _ in range(n):
                row.insert(self.c, " ")
            del row[self.cols:]
        elif final == "X":
            self.erase(self.r, self.c, self.c + n)

    def feed(self, data):
        text = self.pending + data.decode("utf-8", "replace")
        self.pending = ""
        i = 0
        while i < len(text):
            ch = text[i]
            if ch == "\x1b":
                m = self.CSI.match(text, i) or self.OTHER.match(text, i)
                if m is None:
                    if len(text) - i < 64:
                        self.pending = text[i:]  # an escape cut in two by a read
                        return
                    i += 1
                    continue
                if m.re is self.CSI:
                    self.csi(m.group(1), m.group(2), m.group(4))
                elif m.group(0) == "\x1b7":
                    self.saved = (self.r, self.c)
                elif m.group(0) == "\x1b8":
                    self.r, self.c = self.saved
                elif m.group(0) == "\x1bM":
                    self.r = max(self.r - 1, 0)
                i = m.end()
                continue
            if ch == "\r":
                self.c, self.wrap = 0, False
            elif ch == "\n":
                self.wrap = False
                self.newline()
            elif ch == "\b":
                self.c, self.wrap = max(self.c - 1, 0), False
            elif ch == "\t":
                self.c = min((self.c // 8 + 1) * 8, self.cols - 1)
            elif ch >= " " and ch != "\x7f":
                self.put(ch)
            i += 1

    def lines(self):
        """Scrollback and screen as text lines; the last ones empty are dropped."""
        out = self.scrollback + ["".join(r).rstrip() for r in self.grid]
        while out and not out[-1]:
            out.pop()
        return out

    def position(self):
        return len(self.scrollback) + self.r


def set_size(fd, cols, rows):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


class Driver:
    def __init__(self, argv, cols, rows):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                os.execvp(argv[0], argv)
            finally:
                os._exit(127)
        set_size(self.fd, cols, rows)
        self.out = b""
        self.screen = Screen(cols, rows)
        self.mark = 0
        self.status = None

    def since_mark(self):
        """The screen from the line the cursor was on at the last mark."""
        return "\n".join(self.screen.lines()[self.mark:])

    def pump(self, timeout):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            data = b""
        if data:
            self.out += data
            self.screen.feed(data)
        else:
            self.reap(0)

    def reap(self, flags=os.WNOHANG):
        if self.status is not None:
            return True
        pid, st = os.waitpid(self.pid, flags)
        if pid == 0:
            return False
        self.status = os.waitstatus_to_exitcode(st)
        return True

    def wait(self, regex, secs):
        pat = re.compile(regex, re.S | re.M)
        end = time.time() + secs
        while time.time() < end:
            if pat.search(self.since_mark()):
                return True
            if self.status is not None:
                break
            self.pump(0.05)
        return bool(pat.search(self.since_mark()))


def unescape(text):
    return codecs.decode(text.replace("\\e", "\\x1b"), "unicode_escape").encode("latin-1")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cols", type=int, default=100)
    ap.add_argument("--rows", type=int, default=30)
    ap.add_argument("--log")
    ap.add_argument("argv", nargs="+")
    a = ap.parse_args()
    d = Driver(a.argv, a.cols, a.rows)
    rc = 0
    for raw in sys.stdin:
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cmd, _, arg = line.partition(" ")
        if cmd == "send":
            d.pump(0)
            os.write(d.fd, unescape(arg))
        elif cmd == "wait" or cmd.startswith("wait/"):
            secs = float(cmd[5:]) if cmd.startswith("wait/") else 10.0
            if not d.wait(arg, secs):
                print("timeout waiting for %r; the screen since the mark:\n%s"
                      % (arg, d.since_mark()))
                rc = 1
                break
        elif cmd == "absent":
            d.pump(0)
            if re.search(arg, d.since_mark(), re.S | re.M):
                print("found %r too early; the screen since the mark:\n%s" % (arg, d.since_mark()))
                rc = 1
                break
        elif cmd == "mark":
            d.pump(0)
            d.mark = d.screen.position()
        elif cmd == "sleep":
            end = time.time() + float(arg)
            while time.time() < end:
                d.pump(0.02)
        elif cmd == "resize":
            cols, rows = (int(x) for x in arg.split())
            set_size(d.fd, cols, rows)
            d.screen.resize(cols, rows)
            os.kill(d.pid, signal.SIGWINCH)
        elif cmd == "kill":
            os.kill(d.pid, getattr(signal, "SIG" + arg))
        elif cmd == "exit":
            end = time.time() + float(arg or 10)
            while d.status is None and time.time() < end:
                d.pump(0.05)
                d.reap()
            print("exit %s" % d.status)
        else:
            print("unknown script command: %s" % line)
            rc = 2
            break
    if d.status is None:
        try:
            os.kill(d.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        d.reap(0)
    if a.log:
        with open(a.log, "w", encoding="utf-8") as f:
            f.write("\n".join(d.screen.lines()) + "\n")
    sys.exit(rc)


if __name__ == "__main__":
    main()
