# SPDX-License-Identifier: MIT
"""Response cache and stats: an in-process hit with 1000 entries present (goal < 1 ms), the
same hit through `aurelis cache show`, `aurelis ask` end to end on a hit against the fake
server (goal < 5 ms median; a miss for comparison), and `aurelis stats` over 100,000
metric lines (goal < 200 ms)."""
import json
import os
import random
import subprocess
import time

from bench_client import Fake, setup_env  # bench/ is on sys.path (bench/run)

TITLE = "cache and stats"


def hit_in_process(b):
    driver = os.path.join(b.build, "bench", "cache-timing")
    if not os.access(driver, os.X_OK):
        print("  (bench/cache-timing is not built: run `make bench` or `make check`)")
        return None
    cache_dir = os.path.join(b.home, ".cache", "aurelis", "responses")
    out = subprocess.run([driver, cache_dir, "1000", str(b.runs(3000))], env=b.env,
                         capture_output=True, text=True, check=True)
    r = json.loads(out.stdout)
    b.report("cache hit, 1000 entries: key+lookup+replay median", r["median_us"] / 1000, "ms", "< 1 ms")
    b.report("cache hit, 1000 entries: p99", r["p99_us"] / 1000, "ms")
    b.report("  of which computing the key (3 KB request)", r["key_median_us"] / 1000, "ms")
    b.report("cache store incl. LRU scan of 1000 entries, median", r["store_median_us"] / 1000, "ms")
    return r["sample_key"]


def metrics_lines(n):
    rnd = random.Random(4)
    models = ["openai/gpt-4.1", "openai/gpt-4.1-mini", "mistral-ai/codestral-2501",
              "openai/gpt-4o-mini", "deepseek/deepseek-r1"]
    now = int(time.time() * 1000)
    for i in range(n):
        ts = now - (n - i) * 3000
        if i % 40 == 0:
            yield json.dumps({"type": "command", "ts": ts, "cid": "%012x" % i, "command": "ask",
                              "status": 0, "ms": 812.5, "peak_rss_kib": 8123}, separators=(",", ":"))
            continue
        err = rnd.choice(["ok"] * 20 + ["rate_limit", "network", "timeout"])
        yield json.dumps({"type": "request", "ts": ts, "cid": "%012x" % i, "command": "ask",
                          "task": "chat", "model": rnd.choice(models), "attempt": 1,
                          "status": 200 if err == "ok" else 429, "error": err,
                          "latency_ms": round(rnd.uniform(200, 4000), 3),
                          "ttft_ms": round(rnd.uniform(50, 900), 3),
                          "tokens_in": rnd.randint(10, 8000), "tokens_out": rnd.randint(10, 4000),
                          "cache": rnd.choice(["hit", "miss", "miss", "miss"])},
                         separators=(",", ":"))


def ask_end_to_end(b):
    """`aurelis ask` as a user runs it, the fake server listening: once to fill the cache,
    then the same question answered from it (no libcurl, no request), with the 1000 entries
    of hit_in_process present; and the same question with --refresh (a real request)."""
    fake = Fake(b)
    try:
        env = setup_env(b, fake)
        argv = [b.aurelis, "ask", "what does a cache hit cost?"]
        subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
        hit = b.time_cmd(argv, runs=200, warmup=5, env=env)
        b.report("aurelis ask, cache hit, end to end median", hit["median_ms"], "ms", "< 5 ms")
        b.report("aurelis ask, cache hit, p90", hit["p90_ms"], "ms")
        b.report("aurelis ask, cache hit, peak RSS", hit["peak_rss_kib"] / 1024, "MiB")
        miss = b.time_cmd(argv[:2] + ["--refresh"] + argv[2:], runs=60, warmup=3, env=env)
        b.report("aurelis ask --refresh (a request to the fake server) median", miss["median_ms"], "ms")
    finally:
        fake.stop()


def run(b):
    key = hit_in_process(b)
    if key:
        r = b.time_cmd([b.aurelis, "cache", "show", key[:12]], runs=100, warmup=5)
        b.report("aurelis cache show KEY (process, 1000 entries) median", r["median_ms"], "ms")
    ask_end_to_end(b)
    state = os.path.join(b.home, ".local", "state", "aurelis")
    os.makedirs(state, exist_ok=True)
    path = os.path.join(state, "metrics.jsonl")
    lines = list(metrics_lines(100000))
    # Spread over the live file and its rotated copies, as the writer would leave them.
    quarter = len(lines) // 4
    for i, name in enumerate([path + ".3", path + ".2", path + ".1", path]):
        with open(name, "w") as f:
            f.write("\n".join(lines[i * quarter:(i + 1) * quarter]) + "\n")
    size = sum(os.path.getsize(p) for p in (path, path + ".1", path + ".2", path + ".3"))
    for argv, label, goal in (([b.aurelis, "stats"], "aurelis stats, 100,000 lines", "< 200 ms"),
                              ([b.aurelis, "stats", "--json"], "aurelis stats --json", None),
                              ([b.aurelis, "stats", "--prometheus"], "aurelis stats --prometheus", None),
                              ([b.aurelis, "stats", "--since", "1h"], "aurelis stats --since 1h", None)):
        r = b.time_cmd(argv, runs=20, warmup=2)
        b.report(label + " median", r["median_ms"], "ms", goal,
                 "(%.1f MB)" % (size / 1e6) if goal else "")
        if goal:
            b.report(label + " peak RSS", r["peak_rss_kib"] / 1024, "MiB")
