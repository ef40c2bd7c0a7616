#!/usr/bin/env bash
# Relations benchmarks (issue 4): triangle census and frustration heuristic
# on generated signed graphs beside networkx listing the same triangles;
# exact frustration on the Correlates of War windows; the country-level
# signed network built from a 10-million-event store.
# Usage: bench/relations.sh [WORKDIR] [COW_DIR]
# Needs python3 with networkx for the peer column. Stops with an error if
# entente and networkx count different triangles on any graph.
# Results go to docs/benchmarks.md by hand, with the command line used.
set -euo pipefail
WORK=${1:-${TMPDIR:-/tmp}/entente-bench}
COW=${2:-/work/shared/data/signed/cow}
NX_LIMIT=${NX_LIMIT:-600} # seconds networkx may take per graph
EVENTS=10000000
cd "$(dirname "$0")/.."
ROOT=$PWD
cargo build --release -q -p entente-bench
BIN=$ROOT/target/release
mkdir -p "$WORK"

# value KEY LINE: the value of KEY=... in a key=value line.
value() { tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p" | head -1; }
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a <= 0 || b <= 0) print "-"; else if (a / b < 10) printf "%.2f", a / b; else printf "%.0f", a / b }'
}

python3 -c 'import networkx' 2>/dev/null || {
  echo "networkx is not installed for python3 (pip install networkx)" >&2
  exit 1
}
echo "networkx $(python3 -c 'import networkx; print(networkx.__version__)'), $(python3 --version)"

echo "== signed graphs: entente-bench signed, bench/networkx_triangles.py"
table=()
for M in 1000 10000 100000 1000000; do
  FILE="$WORK/signed-$M.csv"
  [ -f "$FILE" ] || echo "gen $("$BIN/entente-bench" gen-signed --edges "$M" --seed 1 --out "$FILE")"
  ent=$("$BIN/entente-bench" signed --edges "$FILE")
  echo "entente $ent"
  rc=0
  nx=$(timeout "$NX_LIMIT" python3 bench/networkx_triangles.py "$FILE") || rc=$?
  if [ "$rc" = 124 ]; then
    echo "note: networkx did not list the triangles of $M ties within ${NX_LIMIT} s; counting only"
    rc=0
    nx=$(timeout "$NX_LIMIT" python3 bench/networkx_triangles.py "$FILE" --skip-cliques) || rc=$?
  fi
  if [ "$rc" = 124 ]; then
    echo "note: networkx could not even count the triangles of $M ties within ${NX_LIMIT} s: no peer figure"
    nx=""
  elif [ "$rc" != 0 ]; then
    echo "networkx failed (exit $rc) on $M ties" >&2
    exit 1
  fi
  echo "$nx"
  tri=$(value triangles "$ent")
  if [ -n "$nx" ]; then
    for k in triangles ppp ppn pnn nnn; do
      theirs=$(value "$k" "$nx")
      if [ -n "$theirs" ] && [ "$theirs" != "$(value "$k" "$ent")" ]; then
        echo "MISMATCH on $M ties: entente $k=$(value "$k" "$ent"), networkx $k=$theirs" >&2
        exit 1
      fi
    done
    if [ "$(value counts_triangles "$nx")" != "$tri" ]; then
      echo "MISMATCH on $M ties: entente triangles=$tri, nx.triangles $(value counts_triangles "$nx")" >&2
      exit 1
    fi
  fi
  cs=$(value census_s "$ent")
  hs=$(value heuristic_s "$ent")
  both=$(awk -v a="$cs" -v b="$hs" 'BEGIN { printf "%.4f", a + b }')
  nxs=$(value seconds "$nx")
  nxc=$(value counts_seconds "$nx")
  table+=("$(printf '%9s %10s %10s %12s %10s %10s %9s %10s %9s %8s %8s %8s' \
    "$M" "$tri" "$(value frustration "$ent")" "$(value lower_bound "$ent")" \
    "$cs" "$hs" "${nxs:--}" "${nxc:--}" \
    "$(ratio "${nxs:-0}" "$cs")" "$(ratio "${nxs:-0}" "$both")" "$(ratio "${nxc:-0}" "$cs")" \
    "$(value read_s "$ent")")")
done
echo
echo "side by side (seconds; ratios are networkx time / entente time):"
printf '%9s %10s %10s %12s %10s %10s %9s %10s %9s %8s %8s %8s\n' \
  ties triangles frustr lower_bound census_s heur_s nx_list_s nx_count_s \
  list/cen list/c+h cnt/cen ent_read
printf '%s\n' "${table[@]}"
echo "all triangle counts agree (census by sign pattern and nx.triangles)"

echo
echo "== Correlates of War windows: entente-bench cow --dir $COW"
"$BIN/entente-bench" cow --dir "$COW" | tee "$WORK/cow.txt"
awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
       n++; if (v["exact_s"] > max) { max = v["exact_s"]; at = v["window"] }
       total += v["exact_s"]; if (v["proven"] != "true") open++;
       if (v["exact"] != v["heuristic"]) differ++ }
     END { printf "cow windows=%d proven=%d slowest_exact_s=%s (%s) total_exact_s=%.3f heuristic_not_optimal=%d\n",
           n, n - open, max, at, total, differ }' "$WORK/cow.txt"

echo
echo "== network build from $EVENTS events"
DB=""
for d in "$WORK/bench-$EVENTS.db" "${TMPDIR:-/tmp}/bench/bench-$EVENTS.db"; do
  if [ -f "$d" ]; then DB=$d; break; fi
done
if [ -z "$DB" ]; then
  # As bench/import.sh: synthetic GDELT 2.0 rows imported into a new store.
  cargo build --release -q -p entente
  FILE="$WORK/gdelt-$EVENTS.csv"
  [ -f "$FILE" ] || "$BIN/entente-bench" gen-gdelt --rows "$EVENTS" --out "$FILE" >/dev/null
  DB="$WORK/bench-$EVENTS.db"
  "$BIN/entente" --db "$DB" import gdelt "$FILE" >/dev/null
fi
echo "store $DB"
for i in 1 2 3; do
  echo "entente_network_build $("$BIN/entente-bench" network-build --db "$DB")"
done
