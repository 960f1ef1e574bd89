# SPDX-License-Identifier: MIT
"""The client: `aurelis ask` against the local fake server compared with curl making the
same streaming request (goal: at most 1.2x curl's wall time, peak RSS under 10 MB), and a
5 MB streamed answer (throughput, and peak RSS that must not grow with the chunk count)."""
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request

TITLE = "client: ask vs curl, and a 5 MB streamed answer"
TOKEN = "ghp_bench0123456789abcdefghijklmnopqrstu"


class Fake:
    """The fake GitHub Models server from tests/fixtures, on a free loopback port."""

    def __init__(self, b):
        self.dir = os.path.join(b.home, "fake")
        os.makedirs(self.dir, exist_ok=True)
        port_file = os.path.join(self.dir, "port")
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(b.src, "tests/fixtures/fake_models.py"), "--port", "0",
             "--port-file", port_file], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(500):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            time.sleep(0.01)
        self.url = f"http://127.0.0.1:{open(port_file).read().strip()}"
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def script(self, rules):
        req = urllib.request.Request(self.url + "/_control/script", data=json.dumps({"rules": rules}).encode(),
                                     headers={"Content-Type": "application/json"})
        self.opener.open(req).read()

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def setup_env(b, fake):
    env = dict(b.env)
    for k in ("HTTPS_PROXY", "https_proxy", "http_proxy", "ALL_PROXY", "all_proxy"):
        env.pop(k, None)
    env.update({"AURELIS_ENDPOINT": fake.url + "/inference", "AURELIS_TOKEN": TOKEN})
    cfg = os.path.join(b.home, ".config", "aurelis")
    os.makedirs(cfg, exist_ok=True)
    # The benchmark sends hundreds of requests a minute: lift the client-side limiter.
    with open(os.path.join(cfg, "config.yaml"), "w") as f:
        f.write("models:\n  limits:\n    openai/gpt-4.1-mini:\n      rpm: 100000\n")
    return env


def compare_with_curl(b, fake, env):
    body = json.dumps({"model": "openai/gpt-4.1-mini", "messages": [{"role": "user", "content": "hello"}],
                       "stream": True, "stream_options": {"include_usage": True}})
    curl = shutil.which("curl")
    curl_argv = [curl, "-sS", "-N", "-o", "/dev/null", "-H", f"Authorization: Bearer {TOKEN}",
                 "-H", "Content-Type: application/json", "-H", "Accept: text/event-stream",
                 "--data", body, fake.url + "/inference/chat/completions"]
    # --no-cache: this measures the network path (bench_cache.py measures hits).
    ask_argv = [b.aurelis, "--no-cache", "ask", "hello"]
    runs = 60
    # Interleave the two so that load on this shared machine hits both alike.
    a_all, c_all = [], []
    for _ in range(3):
        a_all.append(b.time_cmd(ask_argv, runs=runs // 3, warmup=3, env=env))
        c_all.append(b.time_cmd(curl_argv, runs=runs // 3, warmup=3, env=env))
    a_med = sorted(r["median_ms"] for r in a_all)[1]
    c_med = sorted(r["median_ms"] for r in c_all)[1]
    b.report("aurelis ask (instant answer) median", a_med, "ms")
    b.report("curl, the same streaming request, median", c_med, "ms")
    b.report("ratio aurelis / curl", a_med / c_med, "x", goal="<= 1.2")
    b.report("aurelis ask peak RSS", a_all[0]["peak_rss_kib"] / 1024, "MiB", goal="< 10")
    b.report("curl peak RSS", c_all[0]["peak_rss_kib"] / 1024, "MiB")
    # What loading and initialising the system libcurl costs by itself (bench/curl-floor.c):
    # no request, no output.  Aurelis' own share is what ask adds above it.
    floor = os.path.join(b.build, "bench", "curl-floor")
    if os.access(floor, os.X_OK):
        f = b.time_cmd([floor], runs=runs // 3, warmup=3, env=env)
        b.report("floor: an empty program that loads libcurl, wall", f["median_ms"], "ms")
        b.report("floor: its peak RSS", f["peak_rss_kib"] / 1024, "MiB")
        b.report("aurelis ask above the floor, RSS", (a_all[0]["peak_rss_kib"] - f["peak_rss_kib"]) / 1024, "MiB")
    else:
        print("  (bench/curl-floor is not built: run `make bench` or `make check`)")


def big_answer(b, fake, env):
    size = 5_000_000
    for chunk in (256, 16384):
        fake.script([{"type": "big", "size": size, "chunk": chunk}])
        for argv, label in (([b.aurelis, "--no-cache", "ask", "big"], "ask"),
                            ([b.aurelis, "--no-cache", "--json", "ask", "big"], "ask --json")):
            r = b.time_cmd(argv, runs=5, warmup=1, env=env)
            n = size // chunk
            b.report(f"5 MB, {n} chunks, {label}: throughput", size / 1e6 / (r["median_ms"] / 1000), "MB/s")
            b.report(f"5 MB, {n} chunks, {label}: peak RSS", r["peak_rss_kib"] / 1024, "MiB")


def run(b):
    fake = Fake(b)
    try:
        env = setup_env(b, fake)
        compare_with_curl(b, fake, env)
        big_answer(b, fake, env)
    finally:
        fake.stop()
