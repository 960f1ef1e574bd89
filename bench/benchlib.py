# SPDX-License-Identifier: MIT
"""Helpers for Aurelis benchmarks: repeated timing with medians, peak RSS, reporting.

This machine is shared and noisy: every figure is a median over many runs, and comparisons
are made between commands measured in the same run.
"""
import os
import resource
import shutil
import statistics
import tempfile
import time


class Bench:
    def __init__(self, build, src, quick=False):
        self.build = build
        self.src = src
        self.aurelis = os.path.join(build, "aurelis")
        self.quick = quick
        self.rows = []
        self.home = tempfile.mkdtemp(prefix="aurelis-bench-")
        self.env = dict(os.environ)
        self.env.update({
            "HOME": self.home,
            "XDG_CONFIG_HOME": os.path.join(self.home, ".config"),
            "XDG_CACHE_HOME": os.path.join(self.home, ".cache"),
            "XDG_DATA_HOME": os.path.join(self.home, ".local/share"),
            "XDG_STATE_HOME": os.path.join(self.home, ".local/state"),
            "AURELIS_SYSTEM_CONFIG": "/nonexistent",
            "AURELIS_DATA_DIR": src,
            "LC_ALL": "C.UTF-8",
        })
        for k in ("AURELIS_TOKEN", "GITHUB_TOKEN", "GH_TOKEN", "AURELIS_CONFIG"):
            self.env.pop(k, None)

    def cleanup(self):
        shutil.rmtree(self.home, ignore_errors=True)

    def runs(self, n):
        return max(3, n // 5) if self.quick else n

    def spawn(self, argv, env=None, stdin_path=None, cwd=None):
        """Run argv to completion; returns (seconds, exit status, peak RSS KiB).

        The peak RSS comes from GNU time run as a small parent: Linux carries a process's
        peak across exec(), so spawning straight from Python would report Python's own size."""
        env = env or self.env
        actions = [(os.POSIX_SPAWN_OPEN, 0, stdin_path or os.devnull, os.O_RDONLY, 0),
                   (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                   (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]
        old = os.getcwd()
        if cwd:
            os.chdir(cwd)
        try:
            t0 = time.perf_counter()
            pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
            _, status, _ = os.wait4(pid, 0)
            dt = time.perf_counter() - t0
        finally:
            if cwd:
                os.chdir(old)
        return dt, os.waitstatus_to_exitcode(status)

    def peak_rss_kib(self, argv, env=None, stdin_path=None, cwd=None):
        """Peak RSS of one run, measured by GNU time (/usr/bin/time -f %M)."""
        out = os.path.join(self.home, "rss")
        self.spawn(["/usr/bin/time", "-f", "%M", "-o", out] + list(argv), env=env,
                   stdin_path=stdin_path, cwd=cwd)
        with open(out) as f:
            return int(f.read().split()[-1])

    def time_cmd(self, argv, runs=100, warmup=5, env=None, stdin=None, cwd=None):
        """Median and p90 wall time in milliseconds, and the peak RSS in KiB of one more run."""
        stdin_path = None
        if stdin is not None:
            fd, stdin_path = tempfile.mkstemp(dir=self.home)
            os.write(fd, stdin)
            os.close(fd)
        times = []
        peak = 0
        for i in range(warmup + self.runs(runs)):
            dt, _ = self.spawn(argv, env=env, stdin_path=stdin_path, cwd=cwd)
            if i >= warmup:
                times.append(dt * 1000)
        peak = self.peak_rss_kib(argv, env=env, stdin_path=stdin_path, cwd=cwd)
        times.sort()
        return {
            "median_ms": statistics.median(times),
            "p90_ms": times[int(len(times) * 0.9) - 1] if len(times) >= 10 else times[-1],
            "peak_rss_kib": peak,
            "runs": len(times),
        }

    def report(self, name, value, unit, goal=None, note=""):
        self.rows.append((name, value, unit, goal, note))
        g = "" if goal is None else f"  (goal: {goal})"
        n = f"  {note}" if note else ""
        if isinstance(value, float):
            print(f"  {name:<52} {value:10.2f} {unit}{g}{n}", flush=True)
        else:
            print(f"  {name:<52} {value!s:>10} {unit}{g}{n}", flush=True)
