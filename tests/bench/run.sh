#!/usr/bin/env bash
# The end-to-end benchmark: writes the 36,000-story corpus, indexes it with the release `depeche`
# binary, times its searches, measures a plain-tantivy baseline on the same text in the same run, and
# prints a table of figures and ratios. See tests/bench/README.md.
#
# Usage: tests/bench/run.sh
# Environment:
#   DEPECHE_SHARED         the shared folder holding corpus/to_txt.py (default: ../shared from the repo root)
#   DEPECHE_BENCH_REPS     timed runs of each query (default 5)
#   DEPECHE_BENCH_BUILDS   rounds of full builds (depeche with quotes, without, the baseline); ratios
#                          are taken within a round and the median over rounds is reported (default 3)
#   DEPECHE_BENCH_THREADS  indexing threads for depeche and the baseline (default 2)
#   DEPECHE_BENCH_MEMORY   indexing memory budget in MB for both (default 200, depeche's default)
#   DEPECHE_BENCH_KEEP     1 keeps the corpus and indexes in the work folder (default: removed at the end)
#   TMPDIR                 where the work folder goes (default /tmp)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
shared=${DEPECHE_SHARED:-$repo/../shared}
reps=${DEPECHE_BENCH_REPS:-5}
builds=${DEPECHE_BENCH_BUILDS:-3}
threads=${DEPECHE_BENCH_THREADS:-2}
memory=${DEPECHE_BENCH_MEMORY:-200}
queries=$here/queries.txt

die() {
    echo "run.sh: $*" >&2
    exit 2
}

[[ -f $shared/corpus/to_txt.py ]] || die "no $shared/corpus/to_txt.py; set DEPECHE_SHARED to the shared folder"
command -v python3 >/dev/null || die "python3 is needed"
command -v cargo >/dev/null || die "cargo is needed"
if ! /usr/bin/time -v true >/dev/null 2>&1; then
    die "GNU time is needed at /usr/bin/time for peak memory (Debian/Ubuntu: apt-get install time)"
fi

# The commit, read from .git without running git (the tree may hold uncommitted changes; the binary
# is built from the tree as it is).
commit_of() {
    local git=$1/.git head ref
    if [[ -f $git ]]; then
        git=$(sed -n 's/^gitdir: //p' "$git")
        [[ $git = /* ]] || git=$1/$git
    fi
    [[ -f $git/HEAD ]] || { echo unknown; return; }
    head=$(<"$git/HEAD")
    if [[ $head != ref:* ]]; then
        echo "$head (detached)"
        return
    fi
    ref=${head#ref: }
    local common=$git
    [[ -f $git/commondir ]] && common=$git/$(<"$git/commondir")
    if [[ -f $common/$ref ]]; then
        echo "$(<"$common/$ref") (${ref#refs/heads/})"
    elif [[ -f $common/packed-refs ]] && grep -q " $ref\$" "$common/packed-refs"; then
        echo "$(grep " $ref\$" "$common/packed-refs" | cut -d' ' -f1) (${ref#refs/heads/})"
    else
        echo "unknown (${ref#refs/heads/}, no commit yet)"
    fi
}

work=$(mktemp -d "${TMPDIR:-/tmp}/depeche-bench.XXXXXX")
cleanup() {
    if [[ ${DEPECHE_BENCH_KEEP:-0} != 1 ]]; then
        rm -rf "$work/corpus" "$work/index" "$work/index-noquotes"
    fi
}
trap cleanup EXIT
echo "run.sh: work folder $work" >&2

echo "run.sh: building the release binary and the baseline bench" >&2
(cd "$repo" && cargo build --release --bin depeche)
# One build of the baseline bench, which also names its executable for measure.py's rounds.
baseline=$(cd "$repo" && cargo bench --bench baseline --no-run --message-format=json |
    python3 -c 'import json, sys
for line in sys.stdin:
    message = json.loads(line)
    if message.get("reason") == "compiler-artifact" and message.get("executable") and message["target"]["name"] == "baseline":
        print(message["executable"])')
[[ -x $baseline ]] || die "no baseline bench executable found"
bin=$repo/target/release/depeche
if [[ -n ${CARGO_TARGET_DIR:-} ]]; then
    bin=$CARGO_TARGET_DIR/release/depeche
fi
[[ -x $bin ]] || die "no binary at $bin"

python3 - "$work/meta.json" "$repo" "$bin" "$queries" "$(commit_of "$repo")" <<'EOF'
import datetime, hashlib, json, os, socket, sys
out, repo, binary, queries, commit = sys.argv[1:]
with open(binary, "rb") as f:
    digest = hashlib.sha256(f.read()).hexdigest()
meta = {
    "date": datetime.datetime.now().isoformat(timespec="seconds"),
    "host": socket.gethostname(),
    "cpus": os.cpu_count(),
    "commit": commit,
    "binary": binary,
    "binary_sha256": digest,
    "binary_mtime": datetime.datetime.fromtimestamp(os.path.getmtime(binary)).isoformat(timespec="seconds"),
    "queries": os.path.relpath(queries, repo),
    "loadavg": os.getloadavg()[0],
}
json.dump(meta, open(out, "w"), indent=1)
EOF
echo "run.sh: measuring commit $(commit_of "$repo"), binary $bin" >&2

echo "run.sh: writing the corpus" >&2
python3 "$shared/corpus/to_txt.py" "$work/corpus"

python3 "$here/measure.py" depeche --bin "$bin" --corpus "$work/corpus" --work "$work" \
    --queries "$queries" --reps "$reps" --builds "$builds" --threads "$threads" --memory "$memory" \
    --baseline "$baseline"

echo "run.sh: baseline indexing and in-process queries (cargo bench --bench baseline)" >&2
(cd "$repo" && cargo bench --bench baseline -- --corpus "$work/corpus" --depeche-index "$work/index" \
    --queries "$queries" --reps "$reps" --threads "$threads" --memory-mb "$memory" \
    --work-dir "$work" --out "$work/baseline.json")

python3 "$here/measure.py" report --work "$work" | tee "$work/report.txt"
echo "run.sh: figures kept in $work (report.txt, *.json)" >&2
