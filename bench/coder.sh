#!/usr/bin/env bash
# Coder throughput and memory (issue 3, point 7).
#
# Codes a corpus of news-style documents (the sample corpus repeated under
# new ids) with `entente code`, on one core and on all, with the built-in
# dictionaries and with the PETRARCH2 Phoenix dictionaries layered on top,
# and prints sentences per second and peak memory side by side. Dictionary
# loading is timed on its own (a one-sentence document) and subtracted.
#
# Usage: bench/coder.sh [COPIES]   (default 400 copies of the 80 reports)
# Needs ../shared/data/petrarch2/dictionaries for the Phoenix runs.
set -euo pipefail
cd "$(dirname "$0")/.."
COPIES="${1:-400}"
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

DICTS=("built-in:")
PETR=../shared/data/petrarch2/dictionaries
if [ -d "$PETR" ]; then
    # The Phoenix set only (not the small validation dictionaries beside it).
    rm -rf "$WORK/phoenix" "$WORK/phoenix-src"
    mkdir -p "$WORK/phoenix-src"
    for f in "$PETR"/Phoenix.* "$PETR"/CAMEO.2.0.txt; do
        ln -s "$(realpath "$f")" "$WORK/phoenix-src/"
    done
    # Exit code 1 means "converted, with notes on entries left out".
    "$BIN" dict import-petrarch "$WORK/phoenix-src" -o "$WORK/phoenix" --show 0 >/dev/null || [ $? -eq 1 ]
    DICTS+=("built-in + Phoenix:--dict $WORK/phoenix")
else
    echo "note: $PETR not found; Phoenix runs skipped"
fi

# run THREADS FILE DICTARGS -> "seconds peak_kb"
run() {
    local threads=$1 file=$2; shift 2
    RAYON_NUM_THREADS=$threads /usr/bin/time -f "%e %M" -o "$WORK/time" \
        "$BIN" code "$file" --format tsv "$@" >/dev/null
    cat "$WORK/time"
}

echo "corpus: $COPIES copies of the sample corpus, $SENTENCES sentences; $(nproc) cores"
printf "%-22s %-7s %10s %10s %14s %10s\n" dictionaries cores load_s code_s sentences/s peak_MB
for entry in "${DICTS[@]}"; do
    name="${entry%%:*}"; args="${entry#*:}"
    # shellcheck disable=SC2086
    read -r load_s _ < <(run 1 "$WORK/one.jsonl" $args)
    for threads in 1 "$(nproc)"; do
        # shellcheck disable=SC2086
        read -r total_s peak_kb < <(run "$threads" "$WORK/corpus.jsonl" $args)
        python3 - "$name" "$threads" "$load_s" "$total_s" "$peak_kb" "$SENTENCES" <<'PY'
import sys
name, threads, load, total, peak, n = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
code = max(total - load, 1e-9)
print(f"{name:<22} {threads:<7} {load:>10.2f} {code:>10.2f} {n / code:>14,.0f} {peak / 1024:>10.0f}")
PY
    done
done
