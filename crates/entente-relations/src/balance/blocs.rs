//! Partitions into k blocs under weak balance (Davis; Doreian and Mrvar's
//! generalised blockmodelling): enemies may form more than two camps, so
//! a partition is judged by the ties it leaves out of place, negative ties
//! inside blocs and positive ties between them, weighed by `alpha`:
//! `criterion = alpha * negative_within + (1 - alpha) * positive_between`.
//!
//! Finding the best partition is NP-hard; this is Doreian and Mrvar's
//! relocation local search: from random partitions, move single nodes to
//! the bloc where they do least harm, and (on graphs up to
//! [`SWAP_MAX_NODES`]) swap pairs of nodes between blocs, until no move
//! helps; keep the best of many restarts. `k` is an upper bound: a move
//! may empty a bloc when that leaves fewer ties out of place, because an
//! analyst asking for four camps wants the best split, not a forced fourth
//! camp that cuts friendships (Gahuku-Gama: three camps leave two ties out
//! of place, and four non-empty camps could not do better than four).
//! [`BlocPartition::bloc_count`] says how many blocs the answer uses.
//! Memory is two numbers per node and bloc (each node's tie weight into
//! each bloc), which makes every move's effect an O(1) look-up.

use crate::balance::{Rng, best_of_starts};
use crate::signed::UndirectedView;

/// A partition into blocs and how far it is from weak balance.
#[derive(Clone, Debug, PartialEq)]
pub struct BlocPartition {
    pub k: usize,
    /// Bloc of each node, numbered by first appearance from 0; at most
    /// `k` distinct values.
    pub blocs: Vec<usize>,
    /// `alpha * negative_within + (1 - alpha) * positive_between`.
    pub criterion: f64,
    /// Total weight of negative ties inside blocs.
    pub negative_within: f64,
    /// Total weight of positive ties between blocs.
    pub positive_between: f64,
    /// The ties counted above, as `(a, b)` with `a < b`, sorted.
    pub violating_edges: Vec<(usize, usize)>,
}

impl BlocPartition {
    /// How many blocs are non-empty (at most `k`).
    pub fn bloc_count(&self) -> usize {
        self.blocs.iter().max().map_or(0, |&b| b + 1)
    }
}

#[derive(Clone, Debug)]
pub struct BlocOptions {
    /// Weight of negative ties inside blocs against positive ties between.
    pub alpha: f64,
    pub restarts: usize,
    pub seed: u64,
}

impl Default for BlocOptions {
    fn default() -> Self {
        BlocOptions {
            alpha: 0.5,
            restarts: 64,
            seed: 11,
        }
    }
}

/// Graphs up to this many nodes also try swapping pairs of nodes.
pub const SWAP_MAX_NODES: usize = 1_000;

/// The best partition into `k` blocs found (`k ≥ 1`).
pub fn bloc_partition(view: &UndirectedView, k: usize, options: &BlocOptions) -> BlocPartition {
    assert!(k >= 1, "a partition needs at least one bloc");
    let alpha = options.alpha;
    let blocs = best_of_starts(options.restarts, options.seed, 0x9E37_79B9, |_, rng| {
        let start = random_partition(view.node_count, k, rng);
        let mut search = Relocation::new(view, k, alpha, start);
        search.run(rng);
        (search.criterion(), search.bloc)
    })
    .unwrap_or_default();
    describe(view, k, alpha, blocs)
}

fn random_partition(n: usize, k: usize, rng: &mut Rng) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let mut bloc = vec![0; n];
    for (position, &v) in order.iter().enumerate() {
        // The first k nodes seed one bloc each, so none starts empty.
        bloc[v] = if position < k { position } else { rng.below(k) };
    }
    bloc
}

struct Relocation<'a> {
    view: &'a UndirectedView,
    k: usize,
    alpha: f64,
    bloc: Vec<usize>,
    /// `positive_to[v * k + c]`: weight of v's positive ties into bloc c.
    positive_to: Vec<f64>,
    negative_to: Vec<f64>,
    positive_total: Vec<f64>,
}

impl<'a> Relocation<'a> {
    fn new(view: &'a UndirectedView, k: usize, alpha: f64, bloc: Vec<usize>) -> Relocation<'a> {
        let n = view.node_count;
        let mut search = Relocation {
            view,
            k,
            alpha,
            positive_to: vec![0.0; n * k],
            negative_to: vec![0.0; n * k],
            positive_total: vec![0.0; n],
            bloc,
        };
        for tie in &view.ties {
            let (a, b) = (tie.a, tie.b);
            if tie.sign.is_negative() {
                search.negative_to[a * k + search.bloc[b]] += tie.weight;
                search.negative_to[b * k + search.bloc[a]] += tie.weight;
            } else {
                search.positive_to[a * k + search.bloc[b]] += tie.weight;
                search.positive_to[b * k + search.bloc[a]] += tie.weight;
                search.positive_total[a] += tie.weight;
                search.positive_total[b] += tie.weight;
            }
        }
        search
    }

    /// The criterion's share of v's ties if v sat in bloc c.
    fn cost(&self, v: usize, c: usize) -> f64 {
        let i = v * self.k + c;
        self.alpha * self.negative_to[i]
            + (1.0 - self.alpha) * (self.positive_total[v] - self.positive_to[i])
    }

    fn criterion(&self) -> f64 {
        // Each tie is seen from both ends.
        (0..self.view.node_count)
            .map(|v| self.cost(v, self.bloc[v]))
            .sum::<f64>()
            / 2.0
    }

    fn relocate(&mut self, v: usize, to: usize) {
        let from = self.bloc[v];
        for nb in self.view.adjacent(v) {
            let tie = &self.view.ties[nb.tie as usize];
            let u = nb.node as usize;
            let table = if tie.sign.is_negative() {
                &mut self.negative_to
            } else {
                &mut self.positive_to
            };
            table[u * self.k + from] -= tie.weight;
            table[u * self.k + to] += tie.weight;
        }
        self.bloc[v] = to;
    }

    /// Moves and swaps until neither improves the criterion.
    fn run(&mut self, rng: &mut Rng) {
        let n = self.view.node_count;
        let mut order: Vec<usize> = (0..n).collect();
        loop {
            for i in (1..n).rev() {
                order.swap(i, rng.below(i + 1));
            }
            let mut improved = false;
            for &v in &order {
                let here = self.cost(v, self.bloc[v]);
                let (best, best_cost) = (0..self.k)
                    .map(|c| (c, self.cost(v, c)))
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .unwrap_or((self.bloc[v], here));
                if best_cost < here - 1e-12 {
                    self.relocate(v, best);
                    improved = true;
                }
            }
            if !improved && n <= SWAP_MAX_NODES {
                improved = self.swap_pass(&order);
            }
            if !improved {
                return;
            }
        }
    }

    /// Tries exchanging the blocs of every pair of nodes; applies each
    /// improving swap at once. Returns whether any was applied.
    fn swap_pass(&mut self, order: &[usize]) -> bool {
        let mut improved = false;
        for (i, &u) in order.iter().enumerate() {
            for &v in &order[i + 1..] {
                let (bu, bv) = (self.bloc[u], self.bloc[v]);
                if bu == bv {
                    continue;
                }
                let mut delta =
                    self.cost(u, bv) - self.cost(u, bu) + self.cost(v, bu) - self.cost(v, bv);
                // A tie between u and v stays between blocs; the two
                // one-sided costs above each wrongly counted it as moving in.
                if let Some(tie) = self.view.tie_between(u, v) {
                    delta += if tie.sign.is_negative() {
                        -2.0 * self.alpha * tie.weight
                    } else {
                        2.0 * (1.0 - self.alpha) * tie.weight
                    };
                }
                if delta < -1e-12 {
                    self.relocate(u, bv);
                    self.relocate(v, bu);
                    improved = true;
                }
            }
        }
        improved
    }
}

fn describe(view: &UndirectedView, k: usize, alpha: f64, blocs: Vec<usize>) -> BlocPartition {
    // Renumber blocs by first appearance, so equal partitions compare equal.
    let mut renumber = vec![usize::MAX; k];
    let mut next = 0;
    let blocs: Vec<usize> = blocs
        .into_iter()
        .map(|b| {
            if renumber[b] == usize::MAX {
                renumber[b] = next;
                next += 1;
            }
            renumber[b]
        })
        .collect();
    let (mut negative_within, mut positive_between) = (0.0, 0.0);
    let mut violating_edges = Vec::new();
    for tie in &view.ties {
        let inside = blocs[tie.a] == blocs[tie.b];
        if inside && tie.sign.is_negative() {
            negative_within += tie.weight;
            violating_edges.push((tie.a, tie.b));
        } else if !inside && !tie.sign.is_negative() {
            positive_between += tie.weight;
            violating_edges.push((tie.a, tie.b));
        }
    }
    violating_edges.sort_unstable();
    BlocPartition {
        k,
        blocs,
        criterion: alpha * negative_within + (1.0 - alpha) * positive_between,
        negative_within,
        positive_between,
        violating_edges,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signed::{Sign, SignedGraph};

    #[test]
    fn three_mutual_enemies_make_three_blocs() {
        // Three camps, friends inside, enemies across: weakly balanced, so
        // k = 3 leaves nothing out of place while k = 2 must.
        let mut g = SignedGraph::new(false);
        let camps = [["a1", "a2"], ["b1", "b2"], ["c1", "c2"]];
        for camp in &camps {
            g.add_named_edge(camp[0], camp[1], Sign::Positive, 1.0)
                .unwrap();
        }
        for (i, x) in camps.iter().enumerate() {
            for y in &camps[i + 1..] {
                g.add_named_edge(x[0], y[0], Sign::Negative, 1.0).unwrap();
                g.add_named_edge(x[1], y[1], Sign::Negative, 1.0).unwrap();
            }
        }
        let view = g.undirected_view();
        let three = bloc_partition(&view, 3, &BlocOptions::default());
        assert_eq!(three.criterion, 0.0);
        assert!(three.violating_edges.is_empty());
        assert_eq!(three.blocs[0], three.blocs[1]);
        assert_eq!(*three.blocs.iter().max().unwrap(), 2);
        let two = bloc_partition(&view, 2, &BlocOptions::default());
        assert!(two.criterion > 0.0);
        assert_eq!(
            two.criterion,
            0.5 * (two.negative_within + two.positive_between)
        );
    }
}
