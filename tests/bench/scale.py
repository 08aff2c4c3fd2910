#!/usr/bin/env python3
"""scale.py: depeche on ten times the benchmark corpus, against one copy, in the same run.

Writes the benchmark corpus (../shared/corpus/to_txt.py), links it COPIES times under other file
names (hard links: no extra disk; each copy's stories get other ids, so nothing is a duplicate
id), indexes one copy and all copies from scratch with the same --memory, and times a fixed set
of commands as fresh processes on each index. Peak memory is sampled from /proc every 50 ms and
split into anonymous memory (what depeche allocates) and file-backed memory (the index files
tantivy maps). Prints a table of figures, ratios and issue 10's targets.

Usage: python3 tests/bench/scale.py [--bin target/release/depeche] [--copies 10] [--reps 5]
           [--memory 200] [--threads 2] [--work DIR] [--shared ../shared]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

from measure import fresh_process_ms

COMMANDS = [
    ("search Macron", ["search", "Macron"]),
    ("search gouvernement", ["search", "gouvernement"]),
    ("search \"réforme des retraites\"", ["search", "\"réforme des retraites\""]),
    ("stats coronavirus", ["stats", "coronavirus"]),
    ("speakers", ["speakers"]),
    ("quotes --by macron", ["quotes", "--by", "macron"]),
]


def link_copies(one, ten, copies):
    """Hard-links every file of `one` into `ten/copyK/`, its stem suffixed with -K."""
    count = 0
    for copy in range(copies):
        for folder, _, files in os.walk(one):
            relative = os.path.relpath(folder, one)
            target = os.path.join(ten, f"copy{copy}", relative)
            os.makedirs(target, exist_ok=True)
            for name in files:
                stem, dot, extension = name.rpartition(".")
                linked = f"{stem}-{copy}.{extension}" if dot else f"{name}-{copy}"
                os.link(os.path.join(folder, name), os.path.join(target, linked))
                count += 1
    return count


def memory_of(pid):
    """(RssAnon, RssFile) of a process in kB, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            fields = dict(line.split(":", 1) for line in status if ":" in line)
    except OSError:
        return None
    kb = lambda key: int(fields.get(key, "0 kB").split()[0])
    return kb("RssAnon"), kb("RssFile")


def index(binary, index_dir, corpus, memory, threads):
    """Indexes `corpus` from scratch; returns seconds and peak anonymous / file-backed kB."""
    argv = [binary, "--index", index_dir, "index", "--quiet", "--memory", str(memory),
            "--threads", str(threads), corpus]
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak_anon = peak_file = peak_total = 0
    while process.poll() is None:
        sample = memory_of(process.pid)
        if sample:
            anon, mapped = sample
            peak_anon, peak_file = max(peak_anon, anon), max(peak_file, mapped)
            peak_total = max(peak_total, anon + mapped)
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    stderr = process.stderr.read()
    if process.returncode != 0:
        sys.exit(f"scale.py: {argv} exited {process.returncode}: {stderr}")
    return {"seconds": seconds, "anon_kb": peak_anon, "file_kb": peak_file, "total_kb": peak_total,
            "summary": stderr.strip().splitlines()}


def folder_bytes(path):
    return sum(os.path.getsize(os.path.join(folder, name))
               for folder, _, files in os.walk(path) for name in files)


def time_commands(binary, index_dir, reps):
    return {label: fresh_process_ms([binary, "--index", index_dir] + args, reps)[1]
            for label, args in COMMANDS}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=os.path.join(repo, "target/release/depeche"))
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--memory", type=int, default=200)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--work", default=None)
    parser.add_argument("--shared", default=os.path.join(repo, "..", "shared"))
    opts = parser.parse_args()
    if not os.access(opts.bin, os.X_OK):
        sys.exit(f"scale.py: no binary at {opts.bin} (cargo build --release)")
    to_txt = os.path.join(opts.shared, "corpus", "to_txt.py")
    if not os.path.exists(to_txt):
        sys.exit(f"scale.py: no {to_txt}; pass --shared")
    work = opts.work or tempfile.mkdtemp(prefix="depeche-scale.")
    one, ten = os.path.join(work, "one"), os.path.join(work, "ten")
    print(f"scale.py: work folder {work}", file=sys.stderr)
    if not os.path.isdir(one):
        subprocess.run([sys.executable, to_txt, one], check=True, stdout=subprocess.DEVNULL)
    if not os.path.isdir(ten):
        files = link_copies(one, ten, opts.copies)
        print(f"scale.py: {files} hard links in {ten}", file=sys.stderr)
    results = {}
    for name, corpus in (("one", one), ("ten", ten)):
        index_dir = os.path.join(work, f"index-{name}")
        shutil.rmtree(index_dir, ignore_errors=True)
        print(f"scale.py: indexing {name}", file=sys.stderr)
        run = index(opts.bin, index_dir, corpus, opts.memory, opts.threads)
        run["index_bytes"] = folder_bytes(index_dir)
        run["commands"] = time_commands(opts.bin, index_dir, opts.reps)
        results[name] = run
    one_run, ten_run = results["one"], results["ten"]
    load = os.getloadavg()[0]
    print(f"\ndepeche at {opts.copies}× the benchmark corpus  (load {load:.1f} at the end; "
          f"--memory {opts.memory}, --threads {opts.threads}, median of {opts.reps} fresh processes)")
    rows = [
        ("indexing, seconds", one_run["seconds"], ten_run["seconds"], f"≤ {opts.copies + 1}×",
         ten_run["seconds"] / one_run["seconds"] <= opts.copies + 1),
        ("peak anonymous memory, MB", one_run["anon_kb"] / 1024, ten_run["anon_kb"] / 1024, "≤ 1.5×",
         ten_run["anon_kb"] <= 1.5 * one_run["anon_kb"]),
        ("peak file-backed (mapped index), MB", one_run["file_kb"] / 1024, ten_run["file_kb"] / 1024,
         "", None),
        ("peak RSS, MB", one_run["total_kb"] / 1024, ten_run["total_kb"] / 1024, "", None),
        ("index size, MB", one_run["index_bytes"] / 1e6, ten_run["index_bytes"] / 1e6, "", None),
    ]
    for label, _ in COMMANDS:
        a, b = one_run["commands"][label], ten_run["commands"][label]
        rows.append((f"{label}, ms", a, b, "≤ 2×", b <= 2 * a))
    print(f"{'':40} {'one copy':>10} {'ten copies':>11} {'ratio':>7}  target")
    for label, a, b, target, ok in rows:
        verdict = "" if ok is None else ("met" if ok else "MISSED")
        print(f"{label:40} {a:10.1f} {b:11.1f} {b / a if a else float('nan'):6.2f}×  {target} {verdict}")
    for name in ("one", "ten"):
        for line in results[name]["summary"]:
            print(f"  {name}: {line}")


if __name__ == "__main__":
    main()
