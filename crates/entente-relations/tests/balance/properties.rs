//! Identities and brute-force cross-checks on random graphs.

use entente_relations::balance::packing::{greedy_packing_bound, lp_packing_bound};
use entente_relations::balance::{
    BlocOptions, FrustrationOptions, WalkBalanceOptions, bloc_partition, edge_triangle_counts,
    frustration_exact, frustration_heuristic, triangle_balance_index, triangle_census,
    triangles_through, walk_balance,
};
use entente_relations::signed::{Sign, SignedGraph, UndirectedView};
use proptest::prelude::*;

/// A small deterministic generator, so that a proptest case is just a seed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() as f64) < p * (1u64 << 31) as f64
    }
}

/// Random signed graph on `n` nodes; weights 1 (`weights` = 0), whole
/// numbers 1..=4 (`weights` = 1) or fractional (`weights` = 2).
fn random_graph(n: usize, density: f64, negative: f64, weights: u8, seed: u64) -> SignedGraph {
    let mut rng = Lcg(seed);
    let mut g = SignedGraph::new(false);
    for v in 0..n {
        g.add_node(&format!("v{v}"));
    }
    for a in 0..n {
        for b in a + 1..n {
            if rng.chance(density) {
                let sign = if rng.chance(negative) {
                    Sign::Negative
                } else {
                    Sign::Positive
                };
                let weight = match weights {
                    0 => 1.0,
                    1 => (1 + rng.next() % 4) as f64,
                    _ => 0.25 + (rng.next() % 1000) as f64 / 400.0,
                };
                g.add_weighted_edge(a, b, sign, weight).unwrap();
            }
        }
    }
    g
}

/// Minimum frustration over all splits (node 0 fixed), by enumeration.
fn brute_force_frustration(view: &UndirectedView) -> f64 {
    let n = view.node_count;
    let mut best = f64::INFINITY;
    for mask in 0u64..1 << (n - 1) {
        let side = |v: usize| v > 0 && mask >> (v - 1) & 1 == 1;
        let cost: f64 = view
            .ties
            .iter()
            .filter(|t| (side(t.a) != side(t.b)) != t.sign.is_negative())
            .map(|t| t.weight)
            .sum();
        best = best.min(cost);
    }
    best + view.cancelled_weight
}

fn dense(view: &UndirectedView, unsigned: bool) -> Vec<Vec<i64>> {
    let n = view.node_count;
    let mut m = vec![vec![0i64; n]; n];
    for t in &view.ties {
        let value = if unsigned {
            1
        } else {
            i64::from(t.sign.value())
        };
        m[t.a][t.b] = value;
        m[t.b][t.a] = value;
    }
    m
}

fn square(m: &[Vec<i64>]) -> Vec<Vec<i64>> {
    let n = m.len();
    let mut out = vec![vec![0i64; n]; n];
    for (row, out_row) in m.iter().zip(out.iter_mut()) {
        for (&a, mid) in row.iter().zip(m) {
            if a != 0 {
                for (o, &b) in out_row.iter_mut().zip(mid) {
                    *o += a * b;
                }
            }
        }
    }
    out
}

fn trace_of_cube(m: &[Vec<i64>]) -> i64 {
    let sq = square(m);
    (0..m.len())
        .map(|i| (0..m.len()).map(|k| sq[i][k] * m[k][i]).sum::<i64>())
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn balanced_graphs_are_fully_balanced(n in 2usize..40, density in 0.1f64..0.9, seed in any::<u64>()) {
        // Plant a split and give every tie the sign it dictates.
        let mut rng = Lcg(seed);
        let side: Vec<bool> = (0..n).map(|_| rng.chance(0.5)).collect();
        let mut g = SignedGraph::new(false);
        for v in 0..n {
            g.add_node(&format!("v{v}"));
        }
        for a in 0..n {
            for b in a + 1..n {
                if rng.chance(density) {
                    let sign = if side[a] == side[b] { Sign::Positive } else { Sign::Negative };
                    g.add_edge(a, b, sign).unwrap();
                }
            }
        }
        let view = g.undirected_view();
        let exact = frustration_exact(&view, &FrustrationOptions::default());
        prop_assert_eq!(exact.index, 0.0);
        prop_assert!(exact.exact);
        prop_assert!(exact.frustrated_edges.is_empty());
        prop_assert_eq!(frustration_heuristic(&view, &FrustrationOptions::default()).index, 0.0);
        let walk = walk_balance(&view, &WalkBalanceOptions::default());
        prop_assert!((walk.index - 1.0).abs() < 1e-9, "{:?}", walk);
        let census = triangle_census(&view);
        prop_assert_eq!(census.strong_unbalanced(), 0);
        if let Some(index) = triangle_balance_index(&census) {
            prop_assert_eq!(index, 1.0);
        }
        prop_assert_eq!(bloc_partition(&view, 2, &BlocOptions::default()).criterion, 0.0);
    }

    #[test]
    fn triangle_counts_match_matrix_identities(
        n in 3usize..25, density in 0.1f64..1.0, negative in 0.0f64..1.0, seed in any::<u64>()
    ) {
        let view = random_graph(n, density, negative, 0, seed).undirected_view();
        let a = dense(&view, false);
        let abs = dense(&view, true);
        let (a2, abs2) = (square(&a), square(&abs));
        // Per tie: balanced = ((|A|^2)_ij + s_ij (A^2)_ij) / 2.
        let counts = edge_triangle_counts(&view);
        for (tie, count) in view.ties.iter().zip(&counts) {
            let s = i64::from(tie.sign.value());
            let balanced = (abs2[tie.a][tie.b] + s * a2[tie.a][tie.b]) / 2;
            prop_assert_eq!(i64::from(count.balanced), balanced);
            prop_assert_eq!(i64::from(count.balanced + count.unbalanced), abs2[tie.a][tie.b]);
            // (A^2)_ij = shared friends + shared enemies - mixed.
            let through = triangles_through(&view, tie.a, tie.b);
            let agreeing = through.iter().filter(|t| t.sign_to_i == t.sign_to_j).count() as i64;
            prop_assert_eq!(a2[tie.a][tie.b], 2 * agreeing - through.len() as i64);
        }
        // Over all triangles: balanced - unbalanced = tr(A^3)/6, all = tr(|A|^3)/6.
        let census = triangle_census(&view);
        let difference = census.strong_balanced() as i64 - census.strong_unbalanced() as i64;
        prop_assert_eq!(6 * difference, trace_of_cube(&a));
        prop_assert_eq!(6 * census.total() as i64, trace_of_cube(&abs));
    }

    #[test]
    fn exact_frustration_matches_brute_force(
        n in 3usize..12, density in 0.2f64..1.0, negative in 0.0f64..1.0, weights in 0u8..3,
        seed in any::<u64>()
    ) {
        let view = random_graph(n, density, negative, weights, seed).undirected_view();
        let truth = brute_force_frustration(&view);
        let tolerance = 1e-9 * truth.max(1.0);
        let exact = frustration_exact(&view, &FrustrationOptions::default());
        prop_assert!(exact.exact, "{:?}", exact);
        prop_assert!((exact.index - truth).abs() < tolerance, "{} vs {}", exact.index, truth);
        let claimed: f64 = exact
            .frustrated_edges
            .iter()
            .map(|&(a, b)| view.tie_between(a, b).unwrap().weight)
            .sum();
        prop_assert!((claimed - exact.index).abs() < tolerance);
        let heuristic = frustration_heuristic(&view, &FrustrationOptions::default());
        prop_assert!(heuristic.index >= truth - tolerance);
        prop_assert!(heuristic.lower_bound <= truth + tolerance);
        prop_assert!(greedy_packing_bound(&view, 1_000_000) <= truth + tolerance);
        let lp = lp_packing_bound(&view, f64::INFINITY, 100_000);
        prop_assert!(lp.bound <= truth + tolerance, "{:?} vs {}", lp, truth);
    }

    #[test]
    fn directed_frustration_counts_arcs(n in 3usize..9, arcs in 3usize..30, seed in any::<u64>()) {
        let mut rng = Lcg(seed);
        let mut g = SignedGraph::new(true);
        for v in 0..n {
            g.add_node(&format!("v{v}"));
        }
        for _ in 0..arcs {
            let a = rng.next() as usize % n;
            let b = (a + 1 + rng.next() as usize % (n - 1)) % n;
            let sign = if rng.chance(0.4) { Sign::Negative } else { Sign::Positive };
            g.add_edge(a, b, sign).unwrap();
        }
        // Best split counted directly on arcs.
        let mut truth = usize::MAX;
        for mask in 0u32..1 << (n - 1) {
            let side = |v: usize| v > 0 && mask >> (v - 1) & 1 == 1;
            let frustrated = g
                .edges()
                .iter()
                .filter(|e| (side(e.source) != side(e.target)) != e.sign.is_negative())
                .count();
            truth = truth.min(frustrated);
        }
        let view = g.undirected_view();
        let exact = frustration_exact(&view, &FrustrationOptions::default());
        prop_assert!(exact.exact);
        prop_assert_eq!(exact.index, truth as f64);
        let by_arcs = g
            .edges()
            .iter()
            .filter(|e| (exact.partition[e.source] != exact.partition[e.target]) != e.sign.is_negative())
            .count();
        prop_assert_eq!(by_arcs, truth);
    }

    #[test]
    fn walk_balance_matches_the_power_series(n in 2usize..14, density in 0.2f64..1.0, seed in any::<u64>()) {
        // With weights below 1 the series sum_k tr(A^k)/k! converges fast,
        // an independent check of the eigenvalue route.
        let g = random_graph(n, density, 0.4, 2, seed);
        let view = g.undirected_view();
        let series = |unsigned: bool| {
            let mut m = vec![vec![0.0f64; n]; n];
            for t in &view.ties {
                let value = if unsigned { t.weight } else { f64::from(t.sign.value()) * t.weight } / 3.0;
                m[t.a][t.b] = value;
                m[t.b][t.a] = value;
            }
            let mut power: Vec<Vec<f64>> = (0..n).map(|i| (0..n).map(|j| f64::from(u8::from(i == j))).collect()).collect();
            let mut total = n as f64;
            let mut factorial = 1.0;
            for k in 1..80 {
                let mut next = vec![vec![0.0; n]; n];
                for i in 0..n {
                    for l in 0..n {
                        for j in 0..n {
                            next[i][j] += power[i][l] * m[l][j];
                        }
                    }
                }
                power = next;
                factorial *= k as f64;
                total += (0..n).map(|i| power[i][i]).sum::<f64>() / factorial;
            }
            total
        };
        let mut scaled = SignedGraph::new(false);
        for v in 0..n {
            scaled.add_node(&format!("v{v}"));
        }
        for t in &view.ties {
            scaled.add_weighted_edge(t.a, t.b, t.sign, t.weight / 3.0).unwrap();
        }
        let walk = walk_balance(&scaled.undirected_view(), &WalkBalanceOptions::default());
        let expected = series(false) / series(true);
        prop_assert!((walk.index - expected).abs() < 1e-9, "{} vs {}", walk.index, expected);
    }
}
