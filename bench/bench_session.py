# SPDX-License-Identifier: MIT
"""Sessions: load a 1,000-turn session (`session show`, goals < 50 ms and < 30 MB) and
list 300 sessions."""
import json
import os
import random

TITLE = "sessions"

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"


def session_id(i):
    n = 1795752000000 + i
    s = ""
    for _ in range(9):
        s = ALPHABET[n & 31] + s
        n >>= 5
    return s + "000"


def answer(rng, n):
    """Prose and a code block, 1-4 KB, like a typical coding answer."""
    size = rng.randint(1024, 4096)
    prose = "Here is a version that handles the empty case and keeps the loop simple. "
    code = ["```python", f"def handler_{n}(items):", "    total = 0"]
    while sum(len(x) + 1 for x in code) < size * 2 // 3:
        k = len(code)
        code.append(f"    for item in items[{k}:]:  # step {k}")
        code.append(f"        total += item.weight * {k} if item else 0")
    code += ["    return total", "```"]
    text = prose * 2 + "\n\n" + "\n".join(code) + "\n\n"
    while len(text) < size:
        text += prose
    return text[:size]


def write_session(path, sid, name, turns, rng, project="/home/user/project"):
    ts = 1795752000000
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps({"type": "session", "ts": ts, "v": 1, "id": sid, "name": name,
                            "project": project, "model": "openai/gpt-4.1"},
                           separators=(",", ":")) + "\n")
        for n in range(1, turns + 1):
            ts += 30000
            ev = {"type": "turn", "ts": ts, "n": n, "started": ts - 2500,
                  "model": "openai/gpt-4.1", "tokens_in": 900 + n, "tokens_out": 700,
                  "ttft_ms": 310, "latency_ms": 2500,
                  "user": f"Please change handler_{n} so that it skips empty items.",
                  "answer": answer(rng, n)}
            f.write(json.dumps(ev, ensure_ascii=False, separators=(",", ":")) + "\n")
    return os.path.getsize(path)


def run(b):
    rng = random.Random(7)
    sdir = os.path.join(b.home, ".local/share/aurelis/sessions")
    os.makedirs(sdir, mode=0o700)
    big = os.path.join(sdir, session_id(0) + ".jsonl")
    size = write_session(big, session_id(0), "big", 1000, rng)
    b.report("1,000-turn session file", size / 1048576, "MiB")
    r = b.time_cmd([b.aurelis, "session", "show", "big"], runs=40, warmup=3)
    b.report("session show (1,000 turns) median", r["median_ms"], "ms", "< 50 ms")
    b.report("session show (1,000 turns) p90", r["p90_ms"], "ms")
    b.report("session show (1,000 turns) peak RSS", r["peak_rss_kib"] / 1024, "MiB", "< 30 MB")
    r = b.time_cmd([b.aurelis, "session", "export", "big", "--format", "json"], runs=20, warmup=2)
    b.report("session export --format json (1,000 turns) median", r["median_ms"], "ms")
    for i in range(1, 300):
        write_session(os.path.join(sdir, session_id(i) + ".jsonl"), session_id(i), f"s{i:03d}",
                      rng.randint(1, 20), rng)
    index = os.path.join(sdir, "index.json")
    if os.path.exists(index):
        os.unlink(index)
    dt, _ = b.spawn([b.aurelis, "session", "list"])
    b.report("session list, 300 sessions, no index (one run)", dt * 1000, "ms")
    r = b.time_cmd([b.aurelis, "session", "list"], runs=40, warmup=3)
    b.report("session list, 300 sessions, index current, median", r["median_ms"], "ms")
