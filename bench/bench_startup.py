# SPDX-License-Identifier: MIT
"""Start-up: `aurelis --version` and `aurelis config show` wall time (goal: < 5 ms median)."""

TITLE = "start-up"


def run(b):
    for argv, label in (([b.aurelis, "--version"], "aurelis --version"),
                        ([b.aurelis, "config", "show"], "aurelis config show"),
                        (["/bin/true"], "/bin/true (process spawn floor)")):
        r = b.time_cmd(argv, runs=200, warmup=20)
        goal = "< 5 ms" if "aurelis" in label else None
        b.report(label + " median", r["median_ms"], "ms", goal)
        if "aurelis" in label:
            b.report(label + " peak RSS", r["peak_rss_kib"] / 1024, "MiB")
