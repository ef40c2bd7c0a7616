"""The networkx side of bench/relations.sh: load a signed edge file
(`source,target,sign`) into an undirected networkx Graph and enumerate its
triangles, classifying each by how many of its three ties are negative
(the census entente-bench signed prints). Prints one key=value line.

Two ways, both timed on the same loaded graph:
  cliques  nx.enumerate_all_cliques, stopped once it passes size 3 (the
           networkx function that lists triangles), then a sign lookup per
           triangle;
  counts   nx.triangles (per-node counts only, no listing and no signs):
           networkx's fastest triangle routine, as a harder reference.
Usage: networkx_triangles.py FILE.csv [--skip-cliques]
"""
import csv
import sys
import time

import networkx as nx

path = sys.argv[1]

t0 = time.perf_counter()
g = nx.Graph()
with open(path, newline="") as f:
    rows = csv.reader(f)
    header = [h.strip().lower() for h in next(rows)]
    si, ti, gi = header.index("source"), header.index("target"), header.index("sign")
    for row in rows:
        g.add_edge(row[si], row[ti], sign=int(row[gi]))
read_s = time.perf_counter() - t0

line = f"networkx edges={g.number_of_edges()} nodes={g.number_of_nodes()} read_s={read_s:.3f}"

if "--skip-cliques" not in sys.argv:
    t0 = time.perf_counter()
    census = [0, 0, 0, 0]  # by number of negative ties: +++, ++-, +--, ---
    for clique in nx.enumerate_all_cliques(g):
        size = len(clique)
        if size < 3:
            continue
        if size > 3:
            break  # cliques come in order of size: every triangle is out
        a, b, c = clique
        negatives = (g[a][b]["sign"] < 0) + (g[b][c]["sign"] < 0) + (g[a][c]["sign"] < 0)
        census[negatives] += 1
    seconds = time.perf_counter() - t0
    line += (
        f" triangles={sum(census)} ppp={census[0]} ppn={census[1]} pnn={census[2]}"
        f" nnn={census[3]} seconds={seconds:.3f}"
    )

t0 = time.perf_counter()
counted = sum(nx.triangles(g).values()) // 3
line += f" counts_triangles={counted} counts_seconds={time.perf_counter() - t0:.3f}"
print(line, flush=True)
