# SPDX-License-Identifier: MIT
"""The edit pipeline on large inputs, through the test driver (built by `make check`)."""
import os
import random

TITLE = "edit pipeline (tests/edit-driver)"


def c_file(lines, salt=""):
    return "".join(f"\tint v{i}{salt} = compute({i}, {i % 7}); /* line {i} */\n" for i in range(lines))


def run(b):
    driver = os.path.join(b.build, "tests", "edit-driver")
    if not os.access(driver, os.X_OK):
        print("  skipped: tests/edit-driver is not built (run make check first)")
        return
    tree = os.path.join(b.home, "tree")
    os.makedirs(os.path.join(tree, ".git"))
    big = c_file(20000)
    with open(os.path.join(tree, "big.c"), "w") as f:
        f.write(big)
    lines = big.splitlines(keepends=True)
    rnd = random.Random(1)
    blocks = []
    for n in sorted(rnd.sample(range(0, 20000, 5), 20)):
        old = "".join(lines[n:n + 3])
        blocks.append(f"big.c\n<<<<<<< SEARCH\n{old}=======\n{old.replace('compute', 'recompute')}"
                      ">>>>>>> REPLACE\n")
    with open(os.path.join(tree, "answer"), "w") as f:
        f.write("Here are the edits.\n\n```c\n" + "\n".join(blocks) + "```\n")
    r = b.time_cmd([driver, "apply", "big.c", "answer", "--dry-run"], runs=30, warmup=3, cwd=tree)
    b.report("apply 20 blocks to a 20,000-line file, with diff", r["median_ms"], "ms")
    b.report("  peak RSS", r["peak_rss_kib"] / 1024, "MiB")

    changed = [ln if i % 50 else ln.replace("line", "LINE") for i, ln in enumerate(lines)]
    for name, text in (("a", big), ("b", "".join(changed)), ("c", c_file(5000, "x")),
                       ("d", c_file(5000, "y"))):
        with open(os.path.join(tree, name), "w") as f:
            f.write(text)
    r = b.time_cmd([driver, "diff", "a", "b"], runs=30, warmup=3, cwd=tree)
    b.report("diff, 20,000 lines with 2% changed", r["median_ms"], "ms")
    r = b.time_cmd([driver, "diff", "c", "d"], runs=10, warmup=1, cwd=tree)
    b.report("diff, two unrelated 5,000-line files", r["median_ms"], "ms")

    with open(os.path.join(tree, "mib"), "w") as f:
        f.write(("x" * 99 + "\n") * 10486)
    r = b.time_cmd([driver, "write", "mib.c", "mib", "--yes"], runs=30, warmup=3, cwd=tree)
    b.report("safe write of 1 MiB (backup, fsync, rename)", r["median_ms"], "ms")

    answer = "Prose.\n\n" + "".join(f"```c\n{c_file(40)}```\n\nMore prose.\n\n" for _ in range(80))
    with open(os.path.join(tree, "long-answer"), "w") as f:
        f.write(answer)
    r = b.time_cmd([driver, "blocks", "long-answer", "c"], runs=30, warmup=3, cwd=tree)
    b.report(f"code blocks from a {len(answer) // 1024} KiB answer", r["median_ms"], "ms")
