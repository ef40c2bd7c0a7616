//! Large generated graphs: correctness at scale (a million ties in release
//! builds, a tenth of that otherwise). Times are printed, not asserted:
//! speed lives in the benchmarks (docs/benchmarks.md).

use std::collections::HashSet;
use std::time::Instant;

use entente_relations::balance::{
    FrustrationOptions, WalkBalanceOptions, edge_triangle_counts, frustration_heuristic,
    triangle_census, walk_balance,
};
use entente_relations::signed::{Sign, Tie, UndirectedView};

const RELEASE: bool = !cfg!(debug_assertions);

/// `ties` random ties among `nodes` nodes with a planted two-bloc split,
/// a fraction `noise` of them given the wrong sign, and some hubs (every
/// tenth tie touches one of 100 nodes) so that degrees are skewed.
fn planted(nodes: usize, ties: usize, noise: f64, seed: u64) -> (UndirectedView, usize) {
    let mut state = seed;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let side: Vec<bool> = (0..nodes).map(|v| v % 2 == 0).collect();
    let mut seen = HashSet::with_capacity(ties);
    let mut list = Vec::with_capacity(ties);
    let mut wrong = 0;
    while list.len() < ties {
        let a = if list.len() % 10 == 0 {
            next() % 100
        } else {
            next() % nodes
        };
        let b = next() % nodes;
        if a == b || !seen.insert((a.min(b), a.max(b))) {
            continue;
        }
        let mut sign = if side[a] == side[b] {
            Sign::Positive
        } else {
            Sign::Negative
        };
        if (next() % 10_000) as f64 / 10_000.0 < noise {
            sign = sign.flipped();
            wrong += 1;
        }
        list.push(Tie {
            a: a.min(b),
            b: a.max(b),
            sign,
            weight: 1.0,
        });
    }
    (UndirectedView::from_ties(nodes, list, 0.0), wrong)
}

#[test]
fn census_of_a_million_ties() {
    let ties = if RELEASE { 1_000_000 } else { 100_000 };
    let (view, _) = planted(ties / 10, ties, 0.1, 42);
    let started = Instant::now();
    let census = triangle_census(&view);
    let elapsed = started.elapsed();
    eprintln!("census of {ties} ties: {elapsed:?} ({census:?})");
    assert!(census.total() > 0);
    // Each triangle has three ties; a balanced one three balanced ones.
    let counts = edge_triangle_counts(&view);
    let balanced: u64 = counts.iter().map(|c| u64::from(c.balanced)).sum();
    let unbalanced: u64 = counts.iter().map(|c| u64::from(c.unbalanced)).sum();
    assert_eq!(balanced, 3 * census.strong_balanced());
    assert_eq!(unbalanced, 3 * census.strong_unbalanced());
}

#[test]
fn heuristic_on_a_million_ties() {
    let ties = if RELEASE { 1_000_000 } else { 100_000 };
    let (view, wrong) = planted(ties / 10, ties, 0.05, 7);
    let started = Instant::now();
    let result = frustration_heuristic(&view, &FrustrationOptions::default());
    let elapsed = started.elapsed();
    eprintln!(
        "heuristic on {ties} ties: {elapsed:?}, index {} (planted split frustrates {wrong}), lower bound {}",
        result.index, result.lower_bound
    );
    // The planted split frustrates exactly the flipped ties; local search
    // must do at least as well, and the bound must not pass it.
    assert!(result.index <= wrong as f64);
    assert!(result.lower_bound <= result.index);
    assert!(result.lower_bound > 0.0);
}

#[test]
fn walk_estimate_tracks_the_exact_value() {
    // Same graph both ways: the estimate's log-traces must be close to the
    // exact ones (the index itself can be astronomically small).
    let (view, _) = planted(600, 3000, 0.2, 3);
    let exact = walk_balance(&view, &WalkBalanceOptions::default());
    let estimate = walk_balance(
        &view,
        &WalkBalanceOptions {
            exact_max_nodes: 100,
            ..WalkBalanceOptions::default()
        },
    );
    assert!(exact.exact && !estimate.exact);
    eprintln!("walk exact {exact:?}\nwalk estimate {estimate:?}");
    assert!((exact.log_trace_signed - estimate.log_trace_signed).abs() < 0.02);
    assert!((exact.log_trace_unsigned - estimate.log_trace_unsigned).abs() < 0.02);
    assert!((exact.index / estimate.index).ln().abs() < 0.04);
}
