#!/usr/bin/env python3
"""The measuring half of tests/bench/run.sh, which calls it; see tests/bench/README.md.

    measure.py depeche --bin BIN --baseline BASELINE --corpus DIR --work DIR --queries FILE [--reps N]
            [--builds N] [--threads N] [--memory MB]
        times N rounds of full builds — `depeche index`, `depeche index --no-quotes` (under
        /usr/bin/time -v) and the baseline bench with --build-only — then a re-run on the unchanged
        corpus, and `depeche search` as a fresh process per query; writes WORK/depeche.json.
    measure.py report --work DIR
        reads WORK/meta.json, WORK/depeche.json and WORK/baseline.json (from the Rust bench) and prints
        the table of figures and ratios.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

TIME = "/usr/bin/time"


def folder_size(path):
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                pass
    return total


def median_p90(values):
    """Median and nearest-rank 90th percentile, as in baseline.rs."""
    if not values:
        return float("nan"), float("nan")
    ordered = sorted(values)
    n = len(ordered)
    median = ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2
    rank = min(max(-(-9 * n // 10), 1), n)
    return median, ordered[rank - 1]


def timed(argv, label, work):
    """Runs argv under GNU time; returns wall seconds, peak RSS (kB) and stderr. Fails loudly."""
    time_file = os.path.join(work, f"time-{label}.txt")
    start = time.perf_counter()
    proc = subprocess.run([TIME, "-v", "-o", time_file] + argv, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    with open(time_file) as f:
        report = f.read()
    if proc.returncode != 0:
        sys.exit(f"measure.py: {' '.join(argv)} failed ({proc.returncode}):\n{proc.stderr}\n{report}")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
    if not peak:
        sys.exit(f"measure.py: no 'Maximum resident set size' in {time_file}: is {TIME} GNU time?")
    summary = [line for line in proc.stderr.splitlines() if line.startswith("depeche:")]
    return {"seconds": wall, "peak_rss_kb": int(peak.group(1)), "summary": summary}


def read_queries(path):
    queries = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(" | ")
            options = []
            for part in parts[1:]:
                key, sep, value = part.partition("=")
                if not sep:
                    sys.exit(f"measure.py: option {part!r} is not key=value in {line!r}")
                options.append((key.strip(), value.strip()))
            queries.append({"query": parts[0].strip(), "options": options})
    return queries


def search_argv(bin_path, index, query):
    argv = [bin_path, "--index", index, "search", query["query"], "--json", "--limit", "10"]
    for key, value in query["options"]:
        argv += [f"--{key}", value]
    return argv


def fresh_process_ms(argv, reps):
    """One warm-up run (its output, for the hits), then the median of `reps` timed runs, in ms."""
    warm = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if warm.returncode not in (0, 1):  # 1: nothing found
        sys.exit(f"measure.py: {argv} failed ({warm.returncode}): {warm.stderr}")
    samples = []
    for _ in range(reps):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append((time.perf_counter() - start) * 1000)
    return warm, median_p90(samples)[0]


def run_depeche(opts):
    raw_bytes = folder_size(opts.corpus)
    files = sum(len([n for n in names if n.endswith(".txt")]) for _r, _d, names in os.walk(opts.corpus))
    index = os.path.join(opts.work, "index")
    index_noquotes = os.path.join(opts.work, "index-noquotes")
    common = ["--quiet", "--threads", str(opts.threads), "--memory", str(opts.memory)]
    results = {"raw_bytes": raw_bytes, "files": files, "threads": opts.threads, "memory_mb": opts.memory}

    # Rounds of three full builds: depeche with quotes, depeche without, the plain-tantivy baseline
    # (baseline.rs --build-only). Each round sees the machine as it is at the time, so ratios are
    # taken within a round, and the report gives their median over the rounds.
    builds = {"full": [], "noquotes": []}
    baseline_seconds = []
    for number in range(1, opts.builds + 1):
        for key, folder, extra in (("full", index, []), ("noquotes", index_noquotes, ["--no-quotes"])):
            print(f"measure: round {number} of {opts.builds}: depeche index{' ' if extra else ''}"
                  f"{' '.join(extra)}, full build", file=sys.stderr)
            shutil.rmtree(folder, ignore_errors=True)
            run = timed([opts.bin, "--index", folder, "index", opts.corpus] + extra + common, key, opts.work)
            run["index_bytes"] = folder_size(folder)
            builds[key].append(run)
        print(f"measure: round {number} of {opts.builds}: baseline build", file=sys.stderr)
        out = os.path.join(opts.work, f"baseline-build-{number}.json")
        proc = subprocess.run([opts.baseline, "--build-only", "--corpus", opts.corpus, "--threads",
                               str(opts.threads), "--memory-mb", str(opts.memory), "--work-dir", opts.work,
                               "--out", out], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            sys.exit(f"measure.py: the baseline build failed ({proc.returncode}):\n{proc.stderr}")
        with open(out) as f:
            baseline_seconds.append(json.load(f)["baseline_index"]["seconds"])
    for key, runs in builds.items():
        middle = sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]
        results[key] = dict(middle, seconds_each=[run["seconds"] for run in runs],
                            peak_rss_kb=max(run["peak_rss_kb"] for run in runs))
    results["baseline_seconds_each"] = baseline_seconds
    shutil.rmtree(index_noquotes)
    print("measure: depeche index, re-run on the unchanged corpus", file=sys.stderr)
    results["rerun"] = timed([opts.bin, "--index", index, "index", opts.corpus] + common, "rerun", opts.work)
    for key in ("full", "rerun", "noquotes"):
        for line in results[key]["summary"]:
            print(f"  {key}: {line}", file=sys.stderr)

    queries = read_queries(opts.queries)
    print(f"measure: {len(queries)} queries as fresh `depeche search` processes, "
          f"1 warm-up + {opts.reps} timed runs each", file=sys.stderr)
    per_query = []
    for query in queries:
        warm, ms = fresh_process_ms(search_argv(opts.bin, index, query), opts.reps)
        per_query.append({"query": query["query"], "options": query["options"],
                          "ms": ms, "hits": len(warm.stdout.splitlines())})
    # The commands that count rather than rank, as fresh processes (issue 10's targets).
    results["commands"] = [
        {"command": label, "ms": fresh_process_ms([opts.bin, "--index", index] + args, opts.reps)[1]}
        for label, args in COMMANDS
    ]
    # The cost of starting a process at all, for scale.
    samples = []
    for _ in range(max(opts.reps, 5)):
        start = time.perf_counter()
        subprocess.run(["/bin/true"])
        samples.append((time.perf_counter() - start) * 1000)
    median, p90 = median_p90([q["ms"] for q in per_query])
    results["fresh"] = {"median_ms": median, "p90_ms": p90, "queries": per_query, "reps": opts.reps,
                        "true_ms": median_p90(samples)[0]}
    with open(os.path.join(opts.work, "depeche.json"), "w") as f:
        json.dump(results, f, indent=1, ensure_ascii=False)


# Label, arguments and target (ms, median of a fresh process) of the counting commands.
COMMANDS = [
    ("stats coronavirus", ["stats", "coronavirus"]),
    ("stats (every story)", ["stats"]),
    ("stats --by-speaker macron", ["stats", "--by-speaker", "macron"]),
    ("speakers", ["speakers"]),
    ("speakers vaccin", ["speakers", "vaccin"]),
    ("quotes --by macron", ["quotes", "--by", "macron"]),
]
TARGETS_MS = {"stats coronavirus": 50, "speakers": 100}


def mb(n):
    return n / 1e6


def results_commands(results):
    """The counting commands' timings; runs measured before they were added have none."""
    return results.get("commands", [])


def report(opts):
    with open(os.path.join(opts.work, "meta.json")) as f:
        meta = json.load(f)
    with open(os.path.join(opts.work, "depeche.json")) as f:
        dep = json.load(f)
    with open(os.path.join(opts.work, "baseline.json")) as f:
        base = json.load(f)
    raw = dep["raw_bytes"]
    full, rerun, noq = dep["full"], dep["rerun"], dep["noquotes"]
    bidx = base["baseline_index"]
    full_mbs = mb(raw) / full["seconds"]
    noq_mbs = mb(raw) / noq["seconds"]
    # The baseline builds of the rounds, when there are (older reports have only baseline.json's).
    base_each = dep.get("baseline_seconds_each") or [bidx["seconds"]]
    base_seconds = median_p90(base_each)[0]
    base_mbs = mb(bidx["bytes"]) / base_seconds
    rounds = list(zip(full.get("seconds_each", [full["seconds"]]),
                      noq.get("seconds_each", [noq["seconds"]]), base_each))
    # Throughput ratios within each round, then their median.
    full_ratio = median_p90([b / f for f, _n, b in rounds])[0]
    noq_ratio = median_p90([b / n for _f, n, b in rounds])[0]
    overhead = median_p90([f / n for f, n, _b in rounds])[0] - 1
    size_ratio = full["index_bytes"] / raw
    rerun_ratio = rerun["seconds"] / full["seconds"]
    dq, bq, fresh = base["depeche_query"], base["baseline_query"], dep["fresh"]
    base_peak = bidx.get("peak_rss_kb")

    def verdict(ok):
        return "ok" if ok else "MISSED"

    def spread(figures):
        each = figures.get("seconds_each") or [figures["seconds"]]
        if len(each) < 2:
            return ""
        return f"median of {len(each)} rounds, {min(each):.2f}–{max(each):.2f} s"

    rows = [
        ("corpus", f"{dep['files']} files, {mb(raw):.1f} MB of text (to_txt.py)", ""),
        ("threads / memory budget", f"{dep['threads']} / {dep['memory_mb']} MB (depeche and baseline)", ""),
        None,
        ("depeche index, full build", f"{full['seconds']:.2f} s, {full_mbs:.1f} MB/s", spread(full)),
        ("depeche index --no-quotes", f"{noq['seconds']:.2f} s, {noq_mbs:.1f} MB/s", spread(noq)),
        ("baseline tantivy index", f"{base_seconds:.2f} s, {base_mbs:.1f} MB/s",
         spread({"seconds": base_seconds, "seconds_each": base_each})),
        # Issue 2 sets 70% for indexing the files with French analysis; issue 3 then allows
        # quotes 25% on top of that, so a full build with quotes is held to 70% / 1.25 = 56%.
        ("throughput --no-quotes / baseline", f"{noq_ratio:.0%} (median of rounds)",
         f"≥ 70%: {verdict(noq_ratio >= 0.70)}"),
        ("throughput full build / baseline", f"{full_ratio:.0%} (median of rounds)",
         f"≥ 56% (70%, then quotes +25%): {verdict(full_ratio >= 0.56)}"),
        ("quote extraction overhead", f"{overhead:+.0%} (full / no-quotes, median of rounds)",
         f"≤ 25%: {verdict(overhead <= 0.25)}"),
        None,
        ("peak RSS, depeche full build", f"{full['peak_rss_kb'] / 1024:.0f} MB",
         f"< 500 MB: {verdict(full['peak_rss_kb'] < 500 * 1024)}"),
        ("peak RSS, depeche --no-quotes", f"{noq['peak_rss_kb'] / 1024:.0f} MB", ""),
        ("peak RSS, baseline process", f"{base_peak / 1024:.0f} MB (holds the text in memory)"
         if base_peak else "n/a", ""),
        None,
        ("index size, depeche", f"{mb(full['index_bytes']):.1f} MB = {size_ratio:.2f}× text",
         f"≤ 1.3×: {verdict(size_ratio <= 1.3)}"),
        ("index size, depeche --no-quotes", f"{mb(noq['index_bytes']):.1f} MB = {noq['index_bytes'] / raw:.2f}× text",
         ""),
        ("index size, baseline", f"{mb(bidx['index_bytes']):.1f} MB = {bidx['index_bytes'] / raw:.2f}× text", ""),
        ("index size depeche / baseline", f"{full['index_bytes'] / bidx['index_bytes']:.2f}×", ""),
        None,
        ("re-run, unchanged corpus", f"{rerun['seconds']:.2f} s = {rerun_ratio:.1%} of full build",
         f"< 10%: {verdict(rerun_ratio < 0.10)}"),
        None,
        ("query, baseline in process", f"median {bq['median_ms']:.3f} ms, p90 {bq['p90_ms']:.3f} ms", ""),
    ]
    if dq:
        rows += [
            ("query, depeche in process", f"median {dq['median_ms']:.2f} ms, p90 {dq['p90_ms']:.2f} ms", ""),
            ("depeche / baseline in process", f"median {dq['median_ms'] / bq['median_ms']:.1f}×, "
             f"p90 {dq['p90_ms'] / bq['p90_ms']:.1f}×", ""),
            ("depeche Archive::open", f"{dq['open_ms']:.1f} ms", ""),
        ]
    rows += [
        ("query, depeche fresh process", f"median {fresh['median_ms']:.1f} ms, p90 {fresh['p90_ms']:.1f} ms",
         f"median < 10 ms: {verdict(fresh['median_ms'] < 10)}"),
        ("  (starting /bin/true)", f"{fresh['true_ms']:.1f} ms", ""),
    ]
    for command in results_commands(dep):
        target = TARGETS_MS.get(command["command"])
        rows.append((f"{command['command']}, fresh process", f"median {command['ms']:.1f} ms",
                     f"< {target} ms: {verdict(command['ms'] < target)}" if target else ""))

    print()
    print(f"depeche benchmark  {meta['date']}  host {meta['host']} ({meta['cpus']} CPUs, "
          f"load {meta.get('loadavg', float('nan')):.1f} at start)")
    print(f"commit  {meta['commit']}")
    print(f"binary  {meta['binary']}  sha256 {meta['binary_sha256'][:16]}  built {meta['binary_mtime']}")
    print(f"queries {meta['queries']} ({len(fresh['queries'])} queries, {fresh['reps']} timed runs each, "
          f"median per query, then median/p90 over the set)")
    load_end = os.getloadavg()[0]
    if max(meta.get("loadavg", 0), load_end) > 0.5:
        print(f"WARNING: the machine was busy (load {meta.get('loadavg', 0):.1f} at start, {load_end:.1f} at the end): "
              "other processes share the CPUs, timings are slower and noisier than on an idle machine")
    print()
    width = max(len(row[0]) for row in rows if row)
    value_width = max(len(row[1]) for row in rows if row)
    rule = "-" * (width + value_width + 30)
    print(rule)
    for row in rows:
        if row is None:
            print(rule)
            continue
        name, value, target = row
        print(f"{name:<{width}}  {value:<{value_width}}  {target}".rstrip())
    print(rule)

    print()
    print("per query: in-process baseline / depeche (ms), fresh depeche process (ms), hits baseline / depeche")
    by_query = {(q["query"], json.dumps(q["options"])): q for q in base["queries"]}
    for q in fresh["queries"]:
        b = by_query.get((q["query"], json.dumps(q["options"])), {})
        label = q["query"] + "".join(f" --{k} {v}" for k, v in q["options"])
        if len(label) > 60:
            label = label[:59] + "…"
        dep_ms = b.get("depeche_ms")
        print(f"  {label:<60} {b.get('baseline_ms', float('nan')):7.3f} / "
              f"{dep_ms if dep_ms is not None else float('nan'):7.2f}  {q['ms']:6.1f}  "
              f"{b.get('baseline_total', '?'):>6} / {b.get('depeche_total', '?')}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    dep = sub.add_parser("depeche")
    dep.add_argument("--bin", required=True)
    dep.add_argument("--corpus", required=True)
    dep.add_argument("--work", required=True)
    dep.add_argument("--queries", required=True)
    dep.add_argument("--reps", type=int, default=5)
    dep.add_argument("--builds", type=int, default=3)
    dep.add_argument("--baseline", required=True, help="the baseline bench executable")
    dep.add_argument("--threads", type=int, default=2)
    dep.add_argument("--memory", type=int, default=200)
    rep = sub.add_parser("report")
    rep.add_argument("--work", required=True)
    opts = parser.parse_args()
    if opts.command == "depeche":
        run_depeche(opts)
    else:
        report(opts)


if __name__ == "__main__":
    main()
