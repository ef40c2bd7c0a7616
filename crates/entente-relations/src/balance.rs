//! Structural balance of signed graphs: how far a web of alliances and
//! enmities is from splitting cleanly into camps.
//!
//! Everything here works on the [`UndirectedView`] of a graph (one tie per
//! pair; see [`crate::signed`] for how directed arcs are combined), so a
//! caller builds the view once with [`SignedGraph::undirected_view`] and
//! asks it several questions.
//!
//! - [`triangles`]: the triangle census by sign pattern, the triangles
//!   through one tie ("why a tie holds") and the triangle balance index,
//!   using a degree-ordered forward enumeration so a million ties take a
//!   fraction of a second.
//! - [`walk`]: the walk-based balance index `tr e^A / tr e^|A|`, from the
//!   eigenvalues with a log-sum-exp so it never overflows; exact on dense
//!   matrices up to a few thousand nodes, a stochastic Lanczos estimate
//!   (flagged as such) beyond.
//! - [`frustration`]: the frustration index (line index of balance) with an
//!   optimal split into two blocs: a fast local-search heuristic with a
//!   lower bound from a packing of negative cycles, and an exact solver that
//!   proves optimality with a linear-programming bound (fractional packing
//!   of negative cycles, see [`packing`]) inside a branch and bound, so no
//!   external MIP solver is needed.
//! - [`blocs`]: partitions into k blocs under weak balance (Doreian and
//!   Mrvar's criterion), by relocation local search with restarts.
//!
//! [`SignedGraph::undirected_view`]: crate::signed::SignedGraph::undirected_view
//! [`UndirectedView`]: crate::signed::UndirectedView

pub mod blocs;
pub mod frustration;
pub mod packing;
pub mod triangles;
pub mod walk;

pub use blocs::{BlocOptions, BlocPartition, bloc_partition};
pub use frustration::{Frustration, FrustrationOptions, frustration_exact, frustration_heuristic};
pub use triangles::{
    EdgeTriangles, ThirdNode, Triangle, TriangleCensus, edge_triangle_counts, list_triangles,
    triangle_balance_index, triangle_census, triangles_through,
};
pub use walk::{WalkBalance, WalkBalanceOptions, walk_balance};

/// Runs `restarts` independent starts on all cores and keeps the result of
/// least cost. Start `r` gets its own generator, seeded from `seed`, `r`
/// and a per-caller `salt`, so results are reproducible whatever the
/// scheduling.
pub(crate) fn best_of_starts<T: Send>(
    restarts: usize,
    seed: u64,
    salt: u64,
    start: impl Fn(usize, &mut Rng) -> (f64, T) + Sync,
) -> Option<T> {
    use rayon::prelude::*;
    (0..restarts.max(1))
        .into_par_iter()
        .map(|r| {
            start(
                r,
                &mut Rng::new(seed.wrapping_add(r as u64).wrapping_mul(salt)),
            )
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, result)| result)
}

/// A small, fast, seedable generator (SplitMix64): the heuristics need
/// reproducible randomness, not cryptographic quality, and a dependency
/// for twenty lines would be overkill.
#[derive(Clone, Debug)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..bound` (`bound > 0`).
    pub(crate) fn below(&mut self, bound: usize) -> usize {
        (((self.next_u64() >> 32) * bound as u64) >> 32) as usize
    }

    /// Uniform in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(crate) fn coin(&mut self) -> bool {
        self.next_u64() & 1 == 1
    }
}
