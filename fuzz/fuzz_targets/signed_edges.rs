//! Any text read as a signed edge list or a ties file yields a graph (whose
//! balance can be computed) or an error, never a panic.
#![no_main]
use std::path::Path;

use entente_relations::balance::{FrustrationOptions, frustration_heuristic, triangle_census};
use entente_relations::network::read_ties;
use entente_relations::signed::parse_edges_csv;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for directed in [false, true] {
        if let Ok(g) = parse_edges_csv(text, Path::new("fuzz.csv"), directed) {
            let view = g.undirected_view();
            let _ = triangle_census(&view);
            let options = FrustrationOptions { restarts: 1, iterations: Some(50), ..FrustrationOptions::default() };
            let f = frustration_heuristic(&view, &options);
            assert!(f.lower_bound <= f.index + 1e-9);
        }
    }
    let _ = read_ties("fuzz.csv", text);
});
