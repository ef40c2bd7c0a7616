#!/usr/bin/env bash
# Import throughput and dyad-by-month aggregation, entente beside pandas on
# the same synthetic GDELT 2.0 file. Usage: bench/import.sh [ROWS] [WORKDIR]
# Needs python3 with pandas for the peer column. Results go to
# docs/benchmarks.md by hand, with the command line used.
set -euo pipefail
ROWS=${1:-1000000}
WORK=${2:-${TMPDIR:-/tmp}/entente-bench}
cd "$(dirname "$0")/.."
cargo build --release -q -p entente -p entente-bench
BIN=target/release
mkdir -p "$WORK"
FILE="$WORK/gdelt-$ROWS.csv"
[ -f "$FILE" ] || "$BIN/entente-bench" gen-gdelt --rows "$ROWS" --out "$FILE" >/dev/null
DB="$WORK/bench-$ROWS.db"
rm -f "$DB" "$DB-wal" "$DB-shm"

t0=$(date +%s.%N)
/usr/bin/time -f "entente_import_peak_kb=%M" "$BIN/entente" --db "$DB" import gdelt "$FILE" >/dev/null
t1=$(date +%s.%N)
import_s=$(echo "$t1 - $t0" | bc)
echo "entente_import rows=$ROWS seconds=$import_s rows_per_s=$(echo "$ROWS / $import_s" | bc)"

t0=$(date +%s.%N)
"$BIN/entente" --db "$DB" import gdelt "$FILE" >/dev/null
t1=$(date +%s.%N)
echo "entente_reimport rows=$ROWS seconds=$(echo "$t1 - $t0" | bc) (all rows already in the store)"

for i in 1 2 3; do
  echo "entente_dyad_months $("$BIN/entente-bench" dyad-months --db "$DB")"
done

if python3 -c 'import pandas' 2>/dev/null; then
  # Reading every column of 10 million rows needs more memory than most
  # machines have; above 2 million rows pandas reads only the needed columns.
  if [ "$ROWS" -le 2000000 ]; then python3 bench/pandas_gdelt.py "$FILE"; fi
  python3 bench/pandas_gdelt.py "$FILE" --usecols
else
  echo "pandas not available: peer column skipped"
fi
