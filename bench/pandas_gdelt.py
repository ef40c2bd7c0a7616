"""The pandas side of bench/import.sh: read a GDELT 2.0 file and aggregate
events by country-level dyad and month, timing each step. Prints
key=value lines. With --usecols, reads only the columns the aggregation
needs (id, date, actor codes, event code, quad class, Goldstein)."""
import sys
import time

import pandas as pd

path = sys.argv[1]
usecols = [0, 1, 5, 15, 26, 29, 30] if "--usecols" in sys.argv else None
t0 = time.perf_counter()
df = pd.read_csv(path, sep="\t", header=None, low_memory=False, usecols=usecols)
t1 = time.perf_counter()
what = "pandas_read_usecols" if usecols else "pandas_read_all_columns"
print(f"{what} rows={len(df)} seconds={t1 - t0:.3f} rows_per_s={len(df) / (t1 - t0):.0f}")
# Country-level dyad (first three letters of each actor code) by month:
# events per quad class and the Goldstein sum, as entente's dyad_periods.
t2 = time.perf_counter()
keyed = df.assign(a=df[5].str[:3], b=df[15].str[:3], month=df[1] // 100)
agg = keyed.groupby(["a", "b", "month", 29]).agg(n=(30, "size"), g=(30, "sum"))
t3 = time.perf_counter()
print(f"pandas_dyad_months cells={len(agg)} seconds={t3 - t2:.3f}")
