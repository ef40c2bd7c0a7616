use entente_relations::balance::{FrustrationOptions, frustration_heuristic};
use entente_relations::signed::read_edges_csv;
fn main() {
    let truth: Vec<(String, f64)> = std::fs::read_to_string("/tmp/proto/truth.json")
        .unwrap()
        .lines()
        .filter(|l| l.contains("cow"))
        .map(|l| {
            let p: Vec<&str> = l.split('"').collect();
            (
                p[1].to_string(),
                p[2].trim_matches(|c: char| !c.is_ascii_digit())
                    .parse()
                    .unwrap(),
            )
        })
        .collect();
    let restarts: usize = std::env::var("RESTARTS")
        .ok()
        .and_then(|x| x.parse().ok())
        .unwrap_or(8);
    let iterations: Option<usize> = std::env::var("ITERS").ok().and_then(|x| x.parse().ok());
    let mut misses = 0;
    let mut excess = 0.0;
    let t = std::time::Instant::now();
    for (file, l) in &truth {
        let g = read_edges_csv(
            std::path::Path::new(&format!("/work/shared/data/signed/cow/{file}")),
            false,
        )
        .unwrap();
        let r = frustration_heuristic(
            &g.undirected_view(),
            &FrustrationOptions {
                restarts,
                iterations,
                ..Default::default()
            },
        );
        if r.index > *l {
            misses += 1;
            excess += r.index - l;
        }
    }
    println!("misses {misses} excess {excess} time {:?}", t.elapsed());
}
