use entente_relations::balance::packing::greedy_packing_bound;
use entente_relations::balance::{FrustrationOptions, frustration_heuristic};
use entente_relations::signed::{Sign, Tie, UndirectedView};
use std::collections::HashSet;
use std::time::Instant;

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

fn main() {
    let (view, wrong) = planted(100_000, 1_000_000, 0.05, 7);
    for restarts in [1, 2, 4] {
        let t = Instant::now();
        let r = frustration_heuristic(
            &view,
            &FrustrationOptions {
                restarts,
                ..Default::default()
            },
        );
        println!(
            "restarts {restarts}: {} (planted {wrong}) lb {} in {:?}",
            r.index,
            r.lower_bound,
            t.elapsed()
        );
    }
    let t = Instant::now();
    let lb = greedy_packing_bound(&view, 2_000_000);
    println!("greedy lb {lb} in {:?}", t.elapsed());
}
