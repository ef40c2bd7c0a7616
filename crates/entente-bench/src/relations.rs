//! The relations benchmarks (issue 4): a signed-graph generator, the
//! triangle census and frustration on generated graphs and on the
//! Correlates of War windows, and the country-level network built from
//! every event of a store. `bench/relations.sh` runs them beside networkx.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use entente_ontology::FuzzyDate;
use entente_relations::balance::{
    FrustrationOptions, frustration_exact, frustration_heuristic, triangle_census,
};
use entente_relations::network::{self, NetworkOptions, PairTone};
use entente_relations::signed::{SignedGraph, read_edges_csv};
use entente_store::{RowFilter, Store};

/// Nodes per neighbourhood in the generated graphs: most ties fall inside
/// one, which is what gives the graph its triangles.
const NEIGHBOURHOOD: usize = 48;
/// Share of ties whose sign goes against the planted two-camp split.
const NOISE: f64 = 0.1;
/// Share of ties drawn between neighbourhoods rather than inside one.
const LONG_RANGE: f64 = 0.1;

/// xorshift64*: enough randomness for a generator, reproducible by seed.
struct Draw(u64);

impl Draw {
    fn new(seed: u64) -> Draw {
        Draw(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `gen-signed`: a random undirected signed graph with `edges` ties over
/// `nodes` nodes, written as `source,target,sign`.
///
/// Every node belongs to one of two planted camps. Nodes sit in
/// neighbourhoods of [`NEIGHBOURHOOD`] consecutive ids; nine ties in ten
/// join two nodes of one neighbourhood (so there are many triangles), the
/// rest join any two nodes. A tie across the camps is negative, a tie
/// within a camp positive, and a share [`NOISE`] of ties gets the other
/// sign, so the frustration index is about that share of the ties. The
/// share of ties drawn across the camps is set so that about `negative` of
/// all ties end up negative.
pub fn gen_signed(edges: usize, nodes: usize, negative: f64, seed: u64, out: &Path) -> Result<()> {
    if !(0.0..=1.0).contains(&negative) {
        bail!("--negative {negative}: a share between 0 and 1");
    }
    if nodes < 4 {
        bail!("--nodes {nodes}: at least 4 nodes");
    }
    let pairs = nodes * (nodes - 1) / 2;
    if edges > pairs / 4 {
        bail!(
            "--edges {edges} over {nodes} nodes is too dense for this generator (at most {})",
            pairs / 4
        );
    }
    // negative = across * (1 - NOISE) + (1 - across) * NOISE
    let across = ((negative - NOISE) / (1.0 - 2.0 * NOISE)).clamp(0.0, 1.0);
    let mut rng = Draw::new(seed);
    let camp: Vec<bool> = (0..nodes).map(|_| rng.next() & 1 == 1).collect();
    let hood = NEIGHBOURHOOD.min(nodes);
    let mut seen: HashSet<u64> = HashSet::with_capacity(edges * 2);
    let file = std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    writeln!(w, "source,target,sign")?;
    let mut written = 0;
    let mut negatives = 0;
    while written < edges {
        let a = rng.below(nodes);
        let want_other_camp = rng.unit() < across;
        // Up to a few tries for a partner in the camp wanted; a
        // neighbourhood holds both camps almost always.
        let mut b = None;
        for _ in 0..16 {
            let c = if rng.unit() < LONG_RANGE {
                rng.below(nodes)
            } else {
                let start = (a / hood * hood).min(nodes - hood);
                start + rng.below(hood)
            };
            if c != a && (camp[c] != camp[a]) == want_other_camp {
                b = Some(c);
                break;
            }
        }
        let Some(b) = b else { continue };
        let key = ((a.min(b) as u64) << 32) | a.max(b) as u64;
        if !seen.insert(key) {
            continue;
        }
        let mut hostile = camp[a] != camp[b];
        if rng.unit() < NOISE {
            hostile = !hostile;
        }
        negatives += usize::from(hostile);
        writeln!(w, "n{a},n{b},{}", if hostile { "-1" } else { "1" })?;
        written += 1;
    }
    w.flush()?;
    println!(
        "edges={edges} nodes={nodes} negative_share={:.3}",
        negatives as f64 / edges.max(1) as f64
    );
    Ok(())
}

fn read_graph(path: &Path) -> Result<SignedGraph> {
    read_edges_csv(path, false).with_context(|| format!("reading {}", path.display()))
}

/// `signed`: read a graph, then time the triangle census and the
/// frustration heuristic on it.
pub fn signed(path: &Path) -> Result<()> {
    let t = Instant::now();
    let graph = read_graph(path)?;
    let view = graph.undirected_view();
    let read_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let census = triangle_census(&view);
    let census_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let f = frustration_heuristic(&view, &FrustrationOptions::default());
    let heuristic_s = t.elapsed().as_secs_f64();
    println!(
        "edges={} nodes={} triangles={} ppp={} ppn={} pnn={} nnn={} read_s={read_s:.3} census_s={census_s:.4} heuristic_s={heuristic_s:.3} frustration={} lower_bound={}",
        view.ties.len(),
        view.node_count,
        census.total(),
        census.ppp,
        census.ppn,
        census.pnn,
        census.nnn,
        f.index,
        f.lower_bound
    );
    Ok(())
}

/// `cow`: exact and heuristic frustration for every `cow_*.csv` window.
pub fn cow(dir: &Path) -> Result<()> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("listing {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("cow_") && n.ends_with(".csv"))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("no cow_*.csv in {}", dir.display());
    }
    let options = FrustrationOptions::default();
    for path in files {
        let graph = read_graph(&path)?;
        let view = graph.undirected_view();
        let t = Instant::now();
        let exact = frustration_exact(&view, &options);
        let exact_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let heuristic = frustration_heuristic(&view, &options);
        let heuristic_s = t.elapsed().as_secs_f64();
        let name = path.file_stem().and_then(|n| n.to_str()).unwrap_or("?");
        println!(
            "window={} nodes={} edges={} exact={} proven={} exact_s={exact_s:.4} heuristic={} heuristic_s={heuristic_s:.4}",
            name.trim_start_matches("cow_"),
            view.node_count,
            view.ties.len(),
            exact.index,
            exact.exact,
            heuristic.index
        );
    }
    Ok(())
}

/// `network-build`: the country-level signed network from every event of
/// a store, built as `entente network` builds it with its default options
/// (half-life 365 days, at least 2 events, |tone| ≥ 1, negated events left
/// out, at the store's last day or `at`).
pub fn network_build(db: &Path, at: Option<&str>) -> Result<()> {
    let store = Store::open_existing(db)?;
    let t = Instant::now();
    let Some((first, last)) = store.day_range()? else {
        bail!("the store holds no events");
    };
    let at_day = match at {
        Some(s) => FuzzyDate::parse(s)
            .with_context(|| format!("--at {s:?}"))?
            .last_day(),
        None => last,
    };
    if at_day < first {
        bail!("no events on or before --at");
    }
    let options = NetworkOptions {
        at: at_day,
        ..NetworkOptions::default()
    };
    let filter = RowFilter {
        to_day: Some(at_day),
        ..RowFilter::default()
    };
    let opts = &options;
    // Per pair of country-level nodes (smaller id in the high half), the
    // decayed tone of the events between them, folded on every core; the
    // fold also counts the rows it saw.
    type Acc = (HashMap<u64, PairTone>, u64);
    let (pairs, events): Acc = store.fold_rows(
        &filter,
        || (HashMap::new(), 0),
        |(mut acc, seen): Acc, r| {
            let (s, t) = (r.src_node, r.tgt_node);
            if s != 0 && t != 0 && s != t {
                let mut tone = PairTone::default();
                if tone.add(opts, r.day, f64::from(r.goldstein), r.id) {
                    let key = (u64::from(s.min(t)) << 32) | u64::from(s.max(t));
                    acc.entry(key).or_default().merge(tone);
                }
            }
            (acc, seen + 1)
        },
        |(mut a, na), (b, nb)| {
            for (k, v) in b {
                a.entry(k).or_default().merge(v);
            }
            (a, na + nb)
        },
    )?;
    let codes = store.actor_codes()?;
    let named = pairs.into_iter().filter_map(|(k, tone)| {
        let a = codes.get(&((k >> 32) as u32))?;
        let b = codes.get(&(k as u32))?;
        Some(((a.clone(), b.clone()), tone))
    });
    let net = network::build_from_pairs(named, &options, &[]).without_isolates();
    let build_s = t.elapsed().as_secs_f64();
    let negative = net.edges.iter().filter(|e| e.sign < 0).count();
    println!(
        "events={events} nodes={} edges={} negative={negative} build_s={build_s:.3}",
        net.nodes.len(),
        net.edges.len()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use entente_relations::signed::Sign;

    #[test]
    fn generated_graph_reads_back() {
        let dir = std::env::temp_dir().join(format!("entente-bench-gen-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("g.csv");
        gen_signed(2000, 250, 0.4, 3, &file).unwrap();
        let g = read_graph(&file).unwrap();
        assert_eq!(g.edge_count(), 2000);
        let neg = g
            .edges()
            .iter()
            .filter(|e| e.sign == Sign::Negative)
            .count();
        assert!((500..1100).contains(&neg), "{neg}");
        assert!(triangle_census(&g.undirected_view()).total() > 100);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
