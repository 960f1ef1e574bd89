# SPDX-License-Identifier: MIT
"""The code commands against the local fake server: the cost Aurelis adds around the
model (reading, static analysis, cutting into parts, applying edits, the diff) for files
of growing size, and analyze --ai spreading slow requests over request.concurrency."""
import importlib.util
import os

TITLE = "code commands: fix/explain overhead on large files, analyze --ai concurrency"


def load_client_bench(b):
    """bench_client's fake server and environment, shared rather than copied."""
    spec = importlib.util.spec_from_file_location("bench_client", os.path.join(b.src, "bench", "bench_client.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def write_config(b, concurrency):
    cfg = os.path.join(b.home, ".config", "aurelis")
    os.makedirs(cfg, exist_ok=True)
    with open(os.path.join(cfg, "config.yaml"), "w") as f:
        f.write(f"request:\n  concurrency: {concurrency}\nmodels:\n  limits:\n")
        for m in ("openai/gpt-4.1", "openai/gpt-4.1-mini", "openai/gpt-4o-mini"):
            f.write(f"    {m}:\n      rpm: 100000\n      concurrency: 16\n")


def c_file(path, functions):
    with open(path, "w") as f:
        f.write("#include <stdio.h>\n#include <string.h>\n\n")
        for i in range(functions):
            f.write(f"/* Copy {i}. */\nvoid\ncopy_{i}(char *d, const char *s)\n{{\n"
                    f"\tchar buf[16];\n\tstrcpy(buf, s);\n\td[0] = buf[{i % 16}];\n}}\n\n")


def requests_of(b, fake, argv, env, cwd):
    """Chat requests one run of argv makes."""
    fake.opener.open(fake.url + "/_control/reset", data=b"").read()
    fake.script([{"type": "answer", "text": "Nothing to change."}])
    b.spawn(argv, env=env, cwd=cwd)
    url = fake.url + "/_control/log?kind=requests&format=count&path=/inference/chat/completions"
    return int(fake.opener.open(url).read())


def overhead(b, fake, env):
    """fix and explain with instant answers: what is left is Aurelis's own work."""
    work = os.path.join(b.home, "work")
    os.makedirs(work, exist_ok=True)
    fake.script([{"type": "answer", "text": "Nothing to change."}])
    for functions in (100, 1000, 2500):
        path = os.path.join(work, f"f{functions}.c")
        c_file(path, functions)
        size = os.path.getsize(path)
        reqs = requests_of(b, fake, [b.aurelis, "fix", path], env, work)
        r = b.time_cmd([b.aurelis, "fix", path], runs=5, warmup=1, env=env, cwd=work)
        label = f"fix, {size // 1024} KiB of C ({functions} functions)"
        b.report(label + ": median", r["median_ms"], "ms", note=f"{reqs} requests a run")
        b.report(label + ": peak RSS", r["peak_rss_kib"] / 1024, "MiB")
        r = b.time_cmd([b.aurelis, "explain", path], runs=5, warmup=1, env=env, cwd=work)
        b.report(f"explain, {size // 1024} KiB of C: median", r["median_ms"], "ms")


def concurrency(b, fake, env):
    """20 files, each request taking 200 ms at the server: 1 at a time against 4."""
    work = os.path.join(b.home, "many")
    os.makedirs(work, exist_ok=True)
    for i in range(20):
        c_file(os.path.join(work, f"m{i}.c"), 3)
    fake.script([{"type": "slow_headers", "seconds": 0.2, "text": "{\"findings\": []}"}])
    results = {}
    for n in (1, 4):
        write_config(b, n)
        r = b.time_cmd([b.aurelis, "analyze", "--ai", "--fail-on", "never", "."], runs=3, warmup=0, env=env, cwd=work)
        results[n] = r["median_ms"]
        b.report(f"analyze --ai, 20 files, 200 ms a request, {n} at a time", r["median_ms"], "ms")
    b.report("speed-up with 4 at a time", results[1] / results[4], "x", goal=">= 3")


def run(b):
    client = load_client_bench(b)
    fake = client.Fake(b)
    try:
        env = client.setup_env(b, fake)
        write_config(b, 4)
        overhead(b, fake, env)
        concurrency(b, fake, env)
    finally:
        fake.stop()
