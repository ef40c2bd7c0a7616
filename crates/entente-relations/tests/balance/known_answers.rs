//! The data sets in `shared/data/signed` and the answers its README gives
//! (or, for the Correlates-of-War windows, answers computed independently).

use std::path::{Path, PathBuf};
use std::time::Instant;

use entente_relations::balance::{
    BlocOptions, FrustrationOptions, WalkBalanceOptions, bloc_partition, frustration_exact,
    frustration_heuristic, list_triangles, triangle_balance_index, triangle_census, walk_balance,
};
use entente_relations::signed::{SignedGraph, read_edges_csv};

fn data_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/signed");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("note: {} is absent; skipping this data test", dir.display());
        None
    }
}

fn load(name: &str) -> Option<SignedGraph> {
    let dir = data_dir()?;
    Some(read_edges_csv(&dir.join(name), false).unwrap_or_else(|e| panic!("{e}")))
}

#[test]
fn gahuku_gama_triangles() {
    let Some(g) = load("gahuku_gama.csv") else {
        return;
    };
    assert_eq!((g.node_count(), g.edge_count()), (16, 58));
    let view = g.undirected_view();
    let census = triangle_census(&view);
    assert_eq!(
        (census.ppp, census.ppn, census.pnn, census.nnn),
        (19, 2, 40, 7)
    );
    assert_eq!(census.total(), 68);
    assert_eq!(census.weak_unbalanced(), 2);
    let index = triangle_balance_index(&census).unwrap();
    assert!((index - 0.8676471).abs() < 1e-7, "{index}");
    // The two ++- triangles, by name.
    let mut ppn: Vec<Vec<&str>> = list_triangles(&view)
        .iter()
        .filter(|t| t.negatives() == 1)
        .map(|t| {
            let mut names: Vec<&str> = t.nodes.iter().map(|&v| g.name(v)).collect();
            names.sort_unstable();
            names
        })
        .collect();
    ppn.sort();
    assert_eq!(
        ppn,
        [["Gahuk", "Masil", "Uheto"], ["Geham", "Masil", "Uheto"]]
    );
}

#[test]
fn gahuku_gama_walk_balance() {
    let Some(g) = load("gahuku_gama.csv") else {
        return;
    };
    let walk = walk_balance(&g.undirected_view(), &WalkBalanceOptions::default());
    assert!(walk.exact);
    assert!((walk.index - 0.3575761).abs() < 1e-6, "{walk:?}");
}

#[test]
fn gahuku_gama_frustration_and_unique_split() {
    let Some(g) = load("gahuku_gama.csv") else {
        return;
    };
    let view = g.undirected_view();
    let exact = frustration_exact(&view, &FrustrationOptions::default());
    assert!(exact.exact);
    assert_eq!(exact.index, 7.0);
    assert_eq!(exact.lower_bound, 7.0);
    assert_eq!(exact.frustrated_edges.len(), 7);
    assert!((exact.normalised() - 0.7586207).abs() < 1e-7);
    let gama_side = exact.partition[g.node("Gama").unwrap()];
    let mut bloc: Vec<&str> = (0..g.node_count())
        .filter(|&v| exact.partition[v] == gama_side)
        .map(|v| g.name(v))
        .collect();
    bloc.sort_unstable();
    assert_eq!(bloc, ["Gama", "Gavev", "Kotun", "Nagad"]);

    // Uniqueness, by brute force over all 2^15 splits (node 0 fixed).
    let n = g.node_count();
    let mut optimal = Vec::new();
    for mask in 0u32..1 << (n - 1) {
        let side = |v: usize| v > 0 && mask >> (v - 1) & 1 == 1;
        let frustrated = view
            .ties
            .iter()
            .filter(|t| (side(t.a) != side(t.b)) != t.sign.is_negative())
            .count();
        assert!(frustrated >= 7);
        if frustrated == 7 {
            optimal.push(mask);
        }
    }
    assert_eq!(optimal.len(), 1);

    let heuristic = frustration_heuristic(&view, &FrustrationOptions::default());
    assert_eq!(heuristic.index, 7.0);
    assert_eq!(heuristic.partition, exact.partition);
    assert!(heuristic.lower_bound <= 7.0);
}

#[test]
fn gahuku_gama_three_or_more_blocs_leave_two_violations() {
    let Some(g) = load("gahuku_gama.csv") else {
        return;
    };
    let view = g.undirected_view();
    for k in 3..=5 {
        let blocs = bloc_partition(&view, k, &BlocOptions::default());
        assert_eq!(blocs.violating_edges.len(), 2, "k = {k}: {blocs:?}");
        assert_eq!(blocs.criterion, 1.0);
        assert!(
            blocs.bloc_count() >= 3 && blocs.bloc_count() <= k,
            "k = {k}: {blocs:?}"
        );
    }
}

#[test]
fn avatar() {
    let Some(g) = load("avatar.csv") else { return };
    assert_eq!((g.node_count(), g.edge_count()), (464, 1679));
    let view = g.undirected_view();
    let census = triangle_census(&view);
    assert_eq!(
        (census.ppp, census.ppn, census.pnn, census.nnn),
        (1373, 230, 1088, 66)
    );
    let started = Instant::now();
    let exact = frustration_exact(&view, &FrustrationOptions::default());
    eprintln!("avatar exact: {:?}", started.elapsed());
    assert!(exact.exact);
    assert_eq!(exact.index, 122.0);
    let heuristic = frustration_heuristic(&view, &FrustrationOptions::default());
    assert!(
        heuristic.index >= 122.0 && heuristic.index <= 124.0,
        "{}",
        heuristic.index
    );
    assert!(heuristic.lower_bound <= 122.0);
    assert!(heuristic.gap() <= 10.0, "gap {}", heuristic.gap());
}

/// Frustration index of each window, from an independent MIP model
/// (Aref et al.'s binary node/edge formulation, solved by HiGHS).
const COW_FRUSTRATION: [(&str, f64); 51] = [
    ("46-49", 17.0),
    ("47-50", 18.0),
    ("48-51", 20.0),
    ("49-52", 15.0),
    ("50-53", 15.0),
    ("51-54", 17.0),
    ("52-55", 21.0),
    ("53-56", 27.0),
    ("54-57", 33.0),
    ("55-58", 35.0),
    ("56-59", 34.0),
    ("57-60", 26.0),
    ("58-61", 30.0),
    ("59-62", 36.0),
    ("60-63", 39.0),
    ("61-64", 37.0),
    ("62-65", 36.0),
    ("63-66", 29.0),
    ("64-67", 24.0),
    ("65-68", 23.0),
    ("66-69", 28.0),
    ("67-70", 27.0),
    ("68-71", 28.0),
    ("69-72", 33.0),
    ("70-73", 26.0),
    ("71-74", 28.0),
    ("72-75", 29.0),
    ("73-76", 35.0),
    ("74-77", 46.0),
    ("75-78", 48.0),
    ("76-79", 50.0),
    ("77-80", 45.0),
    ("78-81", 39.0),
    ("79-82", 43.0),
    ("80-83", 48.0),
    ("81-84", 45.0),
    ("82-85", 47.0),
    ("83-86", 46.0),
    ("84-87", 43.0),
    ("85-88", 34.0),
    ("86-89", 32.0),
    ("87-90", 46.0),
    ("88-91", 42.0),
    ("89-92", 38.0),
    ("90-93", 44.0),
    ("91-94", 49.0),
    ("92-95", 45.0),
    ("93-96", 50.0),
    ("94-97", 48.0),
    ("95-98", 38.0),
    ("96-99", 45.0),
];

#[test]
fn correlates_of_war_exact_against_heuristic() {
    let Some(dir) = data_dir() else { return };
    let options = FrustrationOptions::default();
    let mut slowest = (0.0f64, "");
    let mut total = 0.0;
    for (window, expected) in COW_FRUSTRATION {
        let path = dir.join(format!("cow/cow_{window}.csv"));
        let g = read_edges_csv(&path, false).unwrap_or_else(|e| panic!("{e}"));
        let view = g.undirected_view();
        let started = Instant::now();
        let exact = frustration_exact(&view, &options);
        let seconds = started.elapsed().as_secs_f64();
        total += seconds;
        if seconds > slowest.0 {
            slowest = (seconds, window);
        }
        assert!(exact.exact, "{window}: not proven ({exact:?})");
        assert_eq!(exact.index, expected, "{window}");
        assert_eq!(exact.lower_bound, exact.index, "{window}");
        // The split really frustrates what it claims.
        let frustrated = view
            .ties
            .iter()
            .filter(|t| (exact.partition[t.a] != exact.partition[t.b]) != t.sign.is_negative())
            .count();
        assert_eq!(frustrated as f64, exact.index, "{window}");
        let heuristic = frustration_heuristic(&view, &options);
        assert!(heuristic.index >= exact.index, "{window}");
        assert!(heuristic.lower_bound <= exact.index, "{window}");
        eprintln!(
            "cow {window}: L = {} in {seconds:.3} s; heuristic {} (lower bound {})",
            exact.index, heuristic.index, heuristic.lower_bound
        );
    }
    eprintln!(
        "cow exact: total {total:.2} s, slowest {} ({:.3} s)",
        slowest.1, slowest.0
    );
}
