use entente_relations::balance::{FrustrationOptions, frustration_exact, frustration_heuristic};
use entente_relations::signed::read_edges_csv;
fn main() {
    let g = read_edges_csv(
        std::path::Path::new("/work/shared/data/signed/cow/cow_90-93.csv"),
        false,
    )
    .unwrap();
    let v = g.undirected_view();
    let h = frustration_heuristic(&v, &FrustrationOptions::default());
    let e = frustration_exact(&v, &FrustrationOptions::default());
    println!("h {} e {}", h.index, e.index);
    let d: Vec<usize> = (0..g.node_count())
        .filter(|&x| h.partition[x] != e.partition[x])
        .collect();
    let d2: Vec<usize> = (0..g.node_count())
        .filter(|&x| h.partition[x] == e.partition[x])
        .collect();
    let d = if d.len() < d2.len() { d } else { d2 };
    println!(
        "differ on {} nodes: {:?}",
        d.len(),
        d.iter()
            .map(|&x| (g.name(x), g.degree(x)))
            .collect::<Vec<_>>()
    );
    for &x in &d {
        let (p, n) = g.signed_degree(x);
        print!("{}:{}+/{}- ", g.name(x), p, n);
    }
    println!();
}
