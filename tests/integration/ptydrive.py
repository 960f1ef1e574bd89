#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Drive a program in a pseudo-terminal from a small script read on stdin.

    ptydrive.py [--cols N] [--rows N] [--log FILE] -- PROGRAM ARGS...

Script lines (blank lines and lines starting with # are ignored):

    send TEXT          write TEXT; \\r \\n \\t \\e \\xNN escapes are understood
    wait REGEX         wait until REGEX matches the output since the last mark (10 s;
                       wait/SECS REGEX waits SECS seconds)
    absent REGEX       fail if REGEX matches the output since the last mark
    mark               later waits look only at output that arrives after this point
    sleep SECS
    resize COLS ROWS   change the window size (the program gets SIGWINCH)
    kill SIGNAL        send a signal (INT, TERM, KILL, ...) to the program
    exit [SECS]        wait for the program to exit; prints "exit N" on stdout

The whole output, with escape sequences removed, goes to --log.  A failed wait prints
"timeout waiting for REGEX" and the output seen since the mark, and exits 1.
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

ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1bP.*?\x1b\\"
                  rb"|\x1b[=>()][0-9A-Za-z]?|\r|\x07|[\x01\x02]", re.S)


def plain(data):
    return ANSI.sub(b"", data).decode("utf-8", "replace")


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
        self.mark = 0
        self.status = None

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
        pat = re.compile(regex, re.S)
        end = time.time() + secs
        while time.time() < end:
            if pat.search(plain(self.out[self.mark:])):
                return True
            if self.status is not None:
                break
            self.pump(0.05)
        return bool(pat.search(plain(self.out[self.mark:])))


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
                print("timeout waiting for %r; output since the mark:\n%s"
                      % (arg, plain(d.out[d.mark:])))
                rc = 1
                break
        elif cmd == "absent":
            d.pump(0)
            if re.search(arg, plain(d.out[d.mark:]), re.S):
                print("found %r too early; output since the mark:\n%s" % (arg, plain(d.out[d.mark:])))
                rc = 1
                break
        elif cmd == "mark":
            d.pump(0)
            d.mark = len(d.out)
        elif cmd == "sleep":
            end = time.time() + float(arg)
            while time.time() < end:
                d.pump(0.02)
        elif cmd == "resize":
            cols, rows = (int(x) for x in arg.split())
            set_size(d.fd, cols, rows)
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
            f.write(plain(d.out))
    sys.exit(rc)


if __name__ == "__main__":
    main()
