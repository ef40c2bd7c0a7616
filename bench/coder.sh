#!/usr/bin/env bash
# Coder throughput and memory (issue 3, point 7).
#
# Codes a corpus of news-style documents (the sample corpus repeated under
# new ids) with `entente code`, on one core and on all, with the built-in
# dictionaries and with the PETRARCH2 Phoenix dictionaries layered on top,
# and prints sentences per second and peak memory side by side. Dictionary
# loading is timed on its own (a one-sentence document, median of three)
# and subtracted.
#
# Usage: bench/coder.sh [COPIES] [BASELINE_BINARY]
#   COPIES           copies of the 80 sample reports (default 400)
#   BASELINE_BINARY  an `entente` built from another commit: its rows are
#                    printed after this checkout's, with the ratio of this
#                    checkout's speed to it
# Needs ../shared/data/petrarch2/dictionaries for the Phoenix runs.
set -euo pipefail
cd "$(dirname "$0")/.."
COPIES="${1:-400}"
BASELINE="${2:-}"
WORK="${TMPDIR:-/tmp}/entente-bench-coder"
mkdir -p "$WORK"
cargo build --release -q -p entente
BIN="$PWD/target/release/entente"

python3 - "$COPIES" "$WORK/corpus.jsonl" <<'PY'
import json, sys
copies, out = int(sys.argv[1]), sys.argv[2]
docs = [json.loads(l) for l in open("crates/entente/samples/corpus.jsonl")]
with open(out, "w") as f:
    for c in range(copies):
        for d in docs:
            d = dict(d, id=f"{d['id']}-{c}")
            f.write(json.dumps(d) + "\n")
PY
echo '{"id":"one","date":"2020-01-01","text":"Iran met Iraq."}' > "$WORK/one.jsonl"

# Sentences in the corpus, as the coder splits them (one copy, times COPIES).
rm -f "$WORK/count.db"*
"$BIN" --db "$WORK/count.db" ingest crates/entente/samples/corpus.jsonl >/dev/null
PER_COPY=$("$BIN" --db "$WORK/count.db" stats --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["sentences"])')
SENTENCES=$((PER_COPY * COPIES))

PETR=../shared/data/petrarch2/dictionaries
if [ -d "$PETR" ]; then
    # The Phoenix set only (not the small validation dictionaries beside it).
    rm -rf "$WORK/phoenix-src"
    mkdir -p "$WORK/phoenix-src"
    for f in "$PETR"/Phoenix.* "$PETR"/CAMEO.2.0.txt; do
        ln -s "$(realpath "$f")" "$WORK/phoenix-src/"
    done
else
    echo "note: $PETR not found; Phoenix runs skipped"
fi

# run BIN THREADS FILE DICTARGS... -> "seconds peak_kb"
run() {
    local bin=$1 threads=$2 file=$3; shift 3
    RAYON_NUM_THREADS=$threads /usr/bin/time -f "%e %M" -o "$WORK/time" \
        "$bin" code "$file" --format tsv "$@" >/dev/null
    cat "$WORK/time"
}

# bench LABEL BIN: prints one row per dictionary set and core count, and
# leaves "name threads sentences/s" lines in $WORK/rates-LABEL.
bench() {
    local label=$1 bin=$2
    local dicts=("built-in:")
    if [ -d "$WORK/phoenix-src" ]; then
        # Each binary converts the dictionaries itself: the format grows.
        # Exit code 1 means "converted, with notes on entries left out".
        rm -rf "$WORK/phoenix-$label"
        "$bin" dict import-petrarch "$WORK/phoenix-src" -o "$WORK/phoenix-$label" --show 0 >/dev/null || [ $? -eq 1 ]
        dicts+=("built-in + Phoenix:--dict $WORK/phoenix-$label")
    fi
    : > "$WORK/rates-$label"
    for entry in "${dicts[@]}"; do
        name="${entry%%:*}"; args="${entry#*:}"
        loads=()
        for _ in 1 2 3; do
            # shellcheck disable=SC2086
            read -r l _ < <(run "$bin" 1 "$WORK/one.jsonl" $args)
            loads+=("$l")
        done
        load_s=$(printf '%s\n' "${loads[@]}" | sort -n | sed -n 2p)
        for threads in 1 "$(nproc)"; do
            # shellcheck disable=SC2086
            read -r total_s peak_kb < <(run "$bin" "$threads" "$WORK/corpus.jsonl" $args)
            python3 - "$label" "$name" "$threads" "$load_s" "$total_s" "$peak_kb" "$SENTENCES" "$WORK/rates-$label" <<'PY'
import sys
label, name, threads = sys.argv[1], sys.argv[2], sys.argv[3]
load, total, peak, n = float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
code = max(total - load, 1e-9)
print(f"{label:<9} {name:<20} {threads:<6} {load:>7.2f} {code:>7.2f} {n / code:>12,.0f} {peak / 1024:>8.0f}")
with open(sys.argv[8], "a") as f:
    f.write(f"{name}|{threads}|{n / code}\n")
PY
        done
    done
}

echo "corpus: $COPIES copies of the sample corpus, $SENTENCES sentences; $(nproc) cores"
printf "%-9s %-20s %-6s %7s %7s %12s %8s\n" binary dictionaries cores load_s code_s sentences/s peak_MB
bench this "$BIN"
if [ -n "$BASELINE" ]; then
    bench baseline "$BASELINE"
    echo "speed of this checkout / baseline:"
    python3 - "$WORK/rates-this" "$WORK/rates-baseline" <<'PY'
import sys
read = lambda p: {tuple(l.split("|")[:2]): float(l.split("|")[2]) for l in open(p)}
this, base = read(sys.argv[1]), read(sys.argv[2])
for key in this:
    if key in base:
        print(f"  {key[0]:<20} {key[1]} cores: {this[key] / base[key]:.2f}")
PY
fi
