# SPDX-License-Identifier: MIT
"""The shell: resuming a 1,000-turn session (load, choose the history that fits, show the
token meter; goals < 50 ms and < 30 MB like `session show`), and a question answered by
the local fake server with that history, compared with the same question in a new
session."""
import os

from bench_client import Fake, setup_env
from bench_session import session_id, write_session
import random

TITLE = "shell: resume a 1,000-turn session, ask with its history"


def run(b):
    rng = random.Random(11)
    sdir = os.path.join(b.home, ".local/share/aurelis/sessions")
    os.makedirs(sdir, mode=0o700)
    size = write_session(os.path.join(sdir, session_id(0) + ".jsonl"), session_id(0), "big", 1000, rng)
    b.report("1,000-turn session file", size / 1048576, "MiB")
    fake = Fake(b)
    try:
        env = setup_env(b, fake)
        env["AURELIS_CONFIG"] = os.path.join(b.home, ".config", "aurelis", "config.yaml")
        r = b.time_cmd([b.aurelis, "shell", "--session", "big"], runs=40, warmup=3, env=env,
                       stdin=b"/tokens\n")
        b.report("shell --session big, /tokens, exit: median", r["median_ms"], "ms", "< 50 ms")
        b.report("shell --session big, /tokens, exit: p90", r["p90_ms"], "ms")
        b.report("shell --session big: peak RSS", r["peak_rss_kib"] / 1024, "MiB", "< 30 MB")
        r = b.time_cmd([b.aurelis, "shell", "--session", "big"], runs=30, warmup=3, env=env,
                       stdin=b"one more question\n")
        b.report("a question with the big session's history: median", r["median_ms"], "ms",
                 note="(fake server, answer included)")
        r = b.time_cmd([b.aurelis, "shell"], runs=30, warmup=3, env=env,
                       stdin=b"one more question\n")
        b.report("the same question in a new session: median", r["median_ms"], "ms")
        b.report("the same, peak RSS", r["peak_rss_kib"] / 1024, "MiB")
    finally:
        fake.stop()
