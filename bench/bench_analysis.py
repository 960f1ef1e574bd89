# SPDX-License-Identifier: MIT
"""Static analysis: lines per second on /usr/include and the Python standard library next to
flawfinder and bandit, peak RSS, scaling with --jobs, files that are not UTF-8, and recall and
false positives on the labelled corpus (tests/analysis/corpus) next to flawfinder, cppcheck,
bandit, shellcheck and eslint on the same files.

--quick analyses subsets of the trees and runs the slow tools on those only."""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

TITLE = "static analysis (aurelis analyze)"

C_TREE, PY_TREE = "/usr/include", "/usr/lib/python3.11"
C_QUICK, PY_QUICK = "/usr/include/linux", "/usr/lib/python3.11/email"


def ensure_tools():
    """flawfinder, bandit and eslint come from Debian; install them when missing and we may
    (cppcheck and shellcheck are in scripts/setup, since --with uses them)."""
    missing = [p for p, exe in (("flawfinder", "flawfinder"), ("python3-bandit", "bandit"),
                                ("eslint", "eslint"))
               if shutil.which(exe) is None]
    if missing and os.geteuid() == 0:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends"] + missing,
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return shutil.which("flawfinder"), shutil.which("bandit")


def wall(b, argv, runs):
    """Median wall seconds and median CPU seconds (user + system) of argv.

    The CPU figure does not depend on what else the shared machine is doing, so it is the
    one to compare across runs; wall time is what a user waits."""
    walls, cpus = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, b.env, file_actions=[
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
        _, _, ru = os.wait4(pid, 0)
        walls.append(time.perf_counter() - t0)
        cpus.append(ru.ru_utime + ru.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def aurelis_lines(b, tree):
    out = subprocess.run([b.aurelis, "analyze", "--format", "json", "--fail-on", "never", tree],
                         capture_output=True, text=True, env=b.env)
    s = json.loads(out.stdout)["summary"]
    return s["lines"], s["files"], s["findings"]


def speed(b, lang, tree, other, other_argv):
    lines, files, findings = aurelis_lines(b, tree)
    runs = 3 if b.quick else 7
    t1, c1 = wall(b, [b.aurelis, "analyze", "--jobs", "1", "--fail-on", "never", tree], runs)
    t2, c2 = wall(b, [b.aurelis, "analyze", "--jobs", "2", "--fail-on", "never", tree], runs)
    rss = b.peak_rss_kib([b.aurelis, "analyze", "--jobs", "2", "--fail-on", "never", tree])
    b.report(f"{lang}: {tree} ({files} files, {lines} lines)", findings, "findings")
    b.report(f"{lang}: aurelis --jobs 2", lines / t2, "lines/s", None, f"{t2 * 1000:.0f} ms")
    b.report(f"{lang}: aurelis --jobs 1", lines / t1, "lines/s", None, f"{t1 * 1000:.0f} ms")
    b.report(f"{lang}: aurelis per CPU-second (load-independent)", lines / c1, "lines/s", None,
             f"{c1 * 1000:.0f} ms CPU with --jobs 1, {c2 * 1000:.0f} ms with --jobs 2")
    b.report(f"{lang}: scaling --jobs 2 / --jobs 1", t1 / t2, "x", "~2 on 2 idle CPUs",
             f"load average {os.getloadavg()[0]:.1f} (other work on this machine)")
    b.report(f"{lang}: aurelis peak RSS", rss / 1024, "MiB", "< 100 MiB")
    if other is None:
        b.report(f"{lang}: {other_argv[0]}", "missing", "", None, "not installed (needs root to apt-get)")
        return
    name = os.path.basename(other_argv[0])
    targets, tool_lines, note = [tree], lines, ""
    if name == "flawfinder":
        # flawfinder stops at the first file that is not UTF-8 (/usr/include has some), so
        # it gets the UTF-8 files of the same tree, and its rate counts only their lines
        targets, tool_lines, skipped = utf8_c_files(tree)
        note = f"{len(targets)} UTF-8 files ({skipped} others it cannot read), "
        first = subprocess.run(other_argv + [tree], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, errors="replace")
        m = re.search(r"encoding error in (\S+)", first.stderr)
        if m:
            note += f"on the whole tree it stops at {m.group(1)}, "
        non_utf8(b, lang, tree)
    t0 = time.perf_counter()
    proc = subprocess.Popen(other_argv + targets, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(proc.pid, 0)
    to = time.perf_counter() - t0
    cpu = ru.ru_utime + ru.ru_stime
    note += f"{to:.1f} s, {cpu:.1f} s CPU, exit {os.waitstatus_to_exitcode(status)}"
    rate = tool_lines / to
    b.report(f"{lang}: {name} (one run)", rate, "lines/s", None, note)
    b.report(f"{lang}: aurelis --jobs 2 vs {name} (lines/s)", (lines / t2) / rate, "x", ">= 20x")
    b.report(f"{lang}: aurelis vs {name} per CPU-second", (lines / c1) / (tool_lines / cpu), "x")


def non_utf8(b, lang, tree):
    """aurelis analyses the files that are not UTF-8 like any other (the run goes on)."""
    exts = (".c", ".h", ".cc", ".cpp", ".hpp", ".hh", ".cxx", ".hxx")
    bad = []
    for root, dirs, names in os.walk(tree):
        dirs.sort()
        for n in sorted(names):
            p = os.path.join(root, n)
            if not n.endswith(exts) or os.path.islink(p):
                continue
            try:
                with open(p, "rb") as f:
                    f.read().decode("utf-8")
            except UnicodeDecodeError:
                bad.append(p)
            except OSError:
                pass
    if not bad:
        b.report(f"{lang}: files that are not UTF-8", 0, "files", None, "none in this tree")
        return
    out = subprocess.run([b.aurelis, "analyze", "--metrics", "--format", "json", "--fail-on", "never"]
                         + bad, capture_output=True, text=True, errors="replace", env=b.env)
    files = json.loads(out.stdout)["files"]
    done = sum(1 for f in files if f.get("status", "analysed") == "analysed")
    b.report(f"{lang}: aurelis on the files that are not UTF-8", done, f"of {len(bad)} analysed",
             f"{len(bad)}", f"exit {out.returncode}")


def utf8_c_files(tree):
    """C and C++ files under tree that decode as UTF-8, their line count, and how many
    did not decode."""
    exts = (".c", ".h", ".cc", ".cpp", ".hpp", ".hh", ".cxx", ".hxx")
    files, lines, bad = [], 0, 0
    for root, dirs, names in os.walk(tree):
        dirs.sort()
        for n in sorted(names):
            if not n.endswith(exts):
                continue
            p = os.path.join(root, n)
            if os.path.islink(p):
                continue
            try:
                with open(p, "rb") as f:
                    data = f.read()
                text = data.decode("utf-8")
            except (OSError, UnicodeDecodeError):
                bad += 1
                continue
            files.append(p)
            lines += text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    return files, lines, bad


# ---- precision on the labelled corpus ---------------------------------------------------

MARK = re.compile(r"expect: ([a-z0-9-]+)")
FILE_MARK = re.compile(r"expect-file: ([a-z0-9-]+)")


def labels(path):
    exp, whole = set(), set()
    with open(path, encoding="utf-8", errors="replace") as f:
        for i, line in enumerate(f, 1):
            for m in MARK.finditer(line):
                exp.add((m.group(1), i))
            for m in FILE_MARK.finditer(line):
                whole.add(m.group(1))
    return exp, whole


def corpus_files(src):
    root = os.path.join(src, "tests", "analysis", "corpus")
    for rule in sorted(os.listdir(root)):
        for name in sorted(os.listdir(os.path.join(root, rule))):
            yield os.path.join(root, rule, name)


def precision(b):
    files = list(corpus_files(b.src))
    out = subprocess.run([b.aurelis, "analyze", "--format", "json", "--fail-on", "never"] + files,
                         capture_output=True, text=True, env=b.env)
    found = {}
    for f in json.loads(out.stdout)["findings"]:
        found.setdefault(f["file"], set()).add((f["rule"], f["line"]))
    expected = hit = fp = 0
    for path in files:
        exp, whole = labels(path)
        got = found.get(path, set())
        expected += len(exp) + len(whole)
        hit += sum(1 for e in exp if e in got)
        hit += sum(1 for r in whole if any(g[0] == r for g in got))
        fp += sum(1 for g in got if g not in exp and g[0] not in whole)
    clean = [p for p in files if os.path.basename(p).startswith("good.")]
    b.report(f"corpus: {len(files)} files ({len(clean)} clean look-alikes), {expected} labelled flaws",
             "", "")
    b.report("corpus: aurelis recall", 100.0 * hit / max(expected, 1), "%", "100 %", f"{hit}/{expected}")
    b.report("corpus: aurelis false positives", fp, "findings", "0")
    return files


def other_tool_on_corpus(b, name, argv, files, exts, parse, env=None):
    """Marked lines the tool also flags, and what it flags elsewhere (line-level match)."""
    mine = [p for p in files if p.endswith(exts)]
    if not mine or shutil.which(argv[0]) is None:
        b.report(f"corpus: {name}", "missing", "", None, "not installed")
        return
    proc = subprocess.run(argv + mine, capture_output=True, text=True, errors="replace", env=env)
    flagged = parse(proc.stdout + "\n" + proc.stderr)
    if not flagged and proc.returncode != 0 and not proc.stdout.strip():
        why = (proc.stderr.strip().splitlines() or ["no output"])[-1][:100]
        b.report(f"corpus: {name}", "failed", "", None, f"exit {proc.returncode}: {why}")
        return
    exp_lines, hit, on_clean, unlabelled = 0, 0, 0, []
    for path in mine:
        exp, whole = labels(path)
        lines = {l for _, l in exp}
        exp_lines += len(lines)
        got = flagged.get(os.path.realpath(path), set())
        hit += len(lines & got)
        if os.path.basename(path).startswith("good."):
            on_clean += len(got - lines)
        else:
            unlabelled += [f"{os.path.relpath(path, b.src)}:{l}" for l in sorted(got - lines)]
    b.report(f"corpus: {name} on its {len(mine)} files: labelled lines found", hit, f"of {exp_lines}",
             None, f"{on_clean} lines flagged in the clean look-alikes")
    # lines the other tool flags in a flawed file that carry no label: either a flaw the
    # corpus (and so aurelis) misses, or the tool's notices (flawfinder's every fixed-size
    # array, bandit's "import subprocess"); listed so a reader can tell which
    b.report(f"corpus: {name}: flagged lines in flawed files with no label", len(unlabelled), "lines",
             None, " ".join(unlabelled[:8]) + (" ..." if len(unlabelled) > 8 else ""))


def parse_flawfinder(text):
    out = {}
    for m in re.finditer(r"^(.+?):(\d+):\s", text, re.M):
        out.setdefault(os.path.realpath(m.group(1)), set()).add(int(m.group(2)))
    return out


def first_json(text):
    """The JSON document at the start of text (tools may print more after it)."""
    start = text.find("{")
    return json.JSONDecoder().raw_decode(text[start:])[0] if start >= 0 else {}


def parse_bandit(text):
    out = {}
    try:
        for r in first_json(text).get("results", []):
            out.setdefault(os.path.realpath(r["filename"]), set()).add(r["line_number"])
    except ValueError:
        pass
    return out


def parse_shellcheck(text):
    out = {}
    try:
        for c in first_json(text).get("comments", []):
            out.setdefault(os.path.realpath(c["file"]), set()).add(c["line"])
    except ValueError:
        pass
    return out


def parse_eslint(text):
    out = {}
    try:
        start = text.find("[")
        for f in json.JSONDecoder().raw_decode(text[start:])[0] if start >= 0 else []:
            for m in f.get("messages", []):
                if m.get("line") and not m.get("fatal"):
                    out.setdefault(os.path.realpath(f["filePath"]), set()).add(m["line"])
    except ValueError:
        pass
    return out


# eslint's core rules that look for the same kinds of flaw as ours (code run from strings,
# debugger statements, assignment in conditions, script URLs); it has no SQL, XSS, secret
# or child_process rules of its own
ESLINT_RULES = ["no-eval: 2", "no-implied-eval: 2", "no-new-func: 2", "no-debugger: 2",
                "no-script-url: 2", "no-cond-assign: 2", "no-with: 2"]


def parse_cppcheck(text):
    out = {}
    for m in re.finditer(r"^(.+?):(\d+):", text, re.M):
        out.setdefault(os.path.realpath(m.group(1)), set()).add(int(m.group(2)))
    return out


def run(b):
    flawfinder, bandit = ensure_tools()
    c_tree = C_QUICK if b.quick else C_TREE
    py_tree = PY_QUICK if b.quick else PY_TREE
    speed(b, "C", c_tree, flawfinder, [flawfinder or "flawfinder", "--quiet", "--dataonly"])
    speed(b, "Python", py_tree, bandit, [bandit or "bandit", "-q", "-r", "-f", "json"])
    files = precision(b)
    other_tool_on_corpus(b, "flawfinder", ["flawfinder", "--quiet", "--dataonly", "--singleline"],
                         files, (".c", ".cpp"), parse_flawfinder)
    other_tool_on_corpus(b, "cppcheck", ["cppcheck", "--quiet", "--enable=warning,performance",
                                         "--template={file}:{line}: {id}"],
                         files, (".c", ".cpp"), parse_cppcheck)
    other_tool_on_corpus(b, "bandit", ["bandit", "-q", "-f", "json"], files, (".py",), parse_bandit)
    other_tool_on_corpus(b, "shellcheck", ["shellcheck", "-f", "json1"], files, (".sh",),
                         parse_shellcheck)
    eslint = ["eslint", "--no-eslintrc", "--env", "browser,node,es6", "--parser-options",
              "ecmaVersion:2020", "-f", "json"]
    for r in ESLINT_RULES:
        eslint += ["--rule", r]
    # plain JavaScript only: without plugins eslint cannot parse JSX or TypeScript
    # Debian's eslint finds its modules through NODE_PATH when node is not Debian's own
    env = dict(os.environ, NODE_PATH=os.pathsep.join(
        p for p in (os.environ.get("NODE_PATH"), "/usr/share/nodejs", "/usr/lib/nodejs") if p))
    other_tool_on_corpus(b, "eslint", eslint, files, (".js",), parse_eslint, env)
