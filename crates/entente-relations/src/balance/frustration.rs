//! The frustration index (line index of balance): the least total weight of
//! ties whose removal, or equivalently sign flip, leaves the graph
//! balanced, together with a split into two blocs that attains it. A tie is
//! frustrated by a split when it is positive across the blocs or negative
//! inside one.
//!
//! Two solvers share one local search:
//!
//! - [`frustration_heuristic`]: multi-start local search, for graphs of any
//!   size. Each start is a spanning-forest colouring (all tree ties
//!   satisfied) or random, improved by single-node flips; small graphs
//!   (up to [`TABU_MAX_NODES`]) then get a tabu search, large ones an
//!   iterated local search whose kicks are undone unless they pay off. The
//!   reported lower bound is a greedy packing of negative cycles
//!   ([`greedy_packing_bound`]), so the gap is honest.
//! - [`frustration_exact`]: proves optimality. Cycles never cross a cut
//!   node, so the index is the sum over biconnected blocks, solved apart.
//!   Per block: tabu search for an upper bound, then the fractional
//!   negative-cycle packing LP ([`lp_packing_bound`]) for a lower bound;
//!   when they meet (after rounding up, for whole-number weights) the split
//!   is optimal. Otherwise a branch and bound fixes whether two groups of
//!   nodes sit together or apart, contracting them (which turns ties of
//!   opposite signs between the same groups into forced frustration), with
//!   the LP bound at every node. `exact` is true only when every block was
//!   closed this way.
//!
//! Results count frustrated ties of the [`UndirectedView`]; for directed
//! graphs the index adds [`UndirectedView::cancelled_weight`] (pairs whose
//! arcs disagree frustrate that much whatever the split).

use std::collections::HashMap;

use rayon::prelude::*;

use crate::balance::packing::{greedy_packing_bound, lp_packing_bound};
use crate::balance::{Rng, best_of_starts};
use crate::signed::{Tie, UndirectedView, net_ties, pair_key};

/// A split into two blocs and the frustration it leaves.
#[derive(Clone, Debug, PartialEq)]
pub struct Frustration {
    /// Total weight of frustrated ties (their number when unweighted),
    /// plus the view's cancelled weight.
    pub index: f64,
    /// True when `index` is proven minimal.
    pub exact: bool,
    /// A proven lower bound on the minimum (equal to `index` when exact).
    pub lower_bound: f64,
    /// Total weight of all ties (plus cancelled weight), for normalising.
    pub total_weight: f64,
    /// Bloc of each node (`false` for node 0's bloc).
    pub partition: Vec<bool>,
    /// The frustrated ties, as `(a, b)` with `a < b`, sorted.
    pub frustrated_edges: Vec<(usize, usize)>,
}

/// Search effort. The defaults suit interactive use on graphs from a few
/// nodes to a million ties.
#[derive(Clone, Debug)]
pub struct FrustrationOptions {
    /// Independent starts (run in parallel).
    pub restarts: usize,
    /// Moves per start: tabu iterations on small graphs, kicks of the
    /// iterated local search on large ones. `None` scales with the graph.
    pub iterations: Option<usize>,
    pub seed: u64,
    /// Arc scans allowed for the greedy cycle packing of the heuristic's
    /// lower bound (triangles are always packed).
    pub lower_bound_work: usize,
    /// Branch-and-bound nodes allowed per block before giving up the proof.
    pub max_branch_nodes: usize,
}

impl Default for FrustrationOptions {
    fn default() -> Self {
        FrustrationOptions {
            restarts: 4,
            iterations: None,
            seed: 7,
            lower_bound_work: 2_000_000,
            max_branch_nodes: 20_000,
        }
    }
}

/// Graphs up to this many nodes get tabu search (its moves scan all nodes).
pub const TABU_MAX_NODES: usize = 1_000;

impl Frustration {
    /// `index - lower_bound`.
    pub fn gap(&self) -> f64 {
        self.index - self.lower_bound
    }

    /// signnet's normalised frustration `1 - index / (total_weight / 2)`:
    /// 1 when balanced; a random split frustrates half the weight on
    /// average, which gives 0.
    pub fn normalised(&self) -> f64 {
        if self.total_weight == 0.0 {
            1.0
        } else {
            1.0 - self.index / (self.total_weight / 2.0)
        }
    }
}

/// A good split by local search, with a lower bound (see the module doc).
pub fn frustration_heuristic(view: &UndirectedView, options: &FrustrationOptions) -> Frustration {
    let integral = view.has_integral_weights();
    let bound = || {
        let lower = greedy_packing_bound(view, options.lower_bound_work);
        if integral {
            (lower - 1e-9).ceil()
        } else {
            lower
        }
    };
    // Small graphs: the bound first, so the search can stop on reaching it.
    // Large ones rarely reach it; there the bound is computed on one core
    // while the search runs, and the search stops only at zero.
    let (lower, side) = if view.node_count > LARGE_NODES {
        rayon::join(bound, || best_split(view, options, 0.0))
    } else {
        let lower = bound();
        (lower, best_split(view, options, lower))
    };
    let mut result = describe(view, side, lower + view.cancelled_weight);
    result.exact = result.index <= result.lower_bound + tolerance(result.index);
    result
}

/// A proven optimal split, when the proof completes within the options'
/// limits (see the module doc); otherwise the best split found and the
/// best bound proven, with `exact` false.
pub fn frustration_exact(view: &UndirectedView, options: &FrustrationOptions) -> Frustration {
    let integral = view.has_integral_weights();
    let blocks = biconnected_blocks(view);
    let solved: Vec<BlockSolution> = blocks
        .par_iter()
        .map(|ties| {
            let (block, nodes) = sub_view(view, ties);
            let solution = solve_block(&block, integral, options);
            BlockSolution {
                frustrated: solution
                    .frustrated
                    .into_iter()
                    .map(|(a, b)| (nodes[a].min(nodes[b]), nodes[a].max(nodes[b])))
                    .collect(),
                ..solution
            }
        })
        .collect();
    let mut lower = view.cancelled_weight;
    let mut exact = true;
    let mut frustrated: Vec<(usize, usize)> = Vec::new();
    for solution in solved {
        lower += solution.lower_bound;
        exact &= solution.exact;
        frustrated.extend(solution.frustrated);
    }
    let side = colour_without(view, &frustrated);
    let mut result = describe(view, side, lower);
    // The split is rebuilt from the blocks' frustrated ties; it must
    // frustrate no more than they did for the proof to carry over.
    if result.index > result.lower_bound + tolerance(result.index) {
        exact = false;
    }
    result.exact = exact;
    if exact {
        result.lower_bound = result.index;
    }
    result
}

/// One block's answer, in the block's numbering until mapped back.
struct BlockSolution {
    frustrated: Vec<(usize, usize)>,
    lower_bound: f64,
    exact: bool,
}

fn tolerance(value: f64) -> f64 {
    1e-9 * value.abs().max(1.0)
}

/// The least bound that proves an incumbent of cost `best` optimal: with
/// whole-number weights any bound above `best - 1` does.
fn proof_threshold(best: f64, integral: bool) -> f64 {
    if integral {
        best - 1.0 + 1e-6
    } else {
        best - tolerance(best)
    }
}

fn solve_block(
    block: &UndirectedView,
    integral: bool,
    options: &FrustrationOptions,
) -> BlockSolution {
    let mut target = greedy_packing_bound(block, options.lower_bound_work);
    if integral {
        target = (target - 1e-9).ceil();
    }
    let side = best_split(block, options, target);
    let best = frustration_of(block, &side);
    let mut search = BranchAndBound {
        block,
        integral,
        options,
        best_side: side,
        best,
        nodes: 0,
        rng: Rng::new(options.seed ^ 0xb10c),
    };
    let all_apart = ParityUnionFind::new(block.node_count);
    let lower = if best <= 0.0 {
        0.0
    } else {
        search.explore(&all_apart)
    };
    let exact = lower >= proof_threshold(search.best, integral);
    let lower_bound = if exact {
        search.best
    } else if integral {
        (lower - 1e-6).ceil().min(search.best)
    } else {
        lower.min(search.best)
    };
    let frustrated = frustrated_ties(block, &search.best_side)
        .map(|t| (t.a, t.b))
        .collect();
    BlockSolution {
        frustrated,
        lower_bound,
        exact,
    }
}

struct BranchAndBound<'a> {
    block: &'a UndirectedView,
    integral: bool,
    options: &'a FrustrationOptions,
    best_side: Vec<bool>,
    best: f64,
    nodes: usize,
    rng: Rng,
}

impl BranchAndBound<'_> {
    /// Explores the subproblem where the groups of `groups` keep their
    /// relative sides; returns a lower bound on its best split (at least
    /// the proof threshold when the subtree was closed).
    fn explore(&mut self, groups: &ParityUnionFind) -> f64 {
        let contracted = contract(self.block, groups);
        let threshold = proof_threshold(self.best, self.integral);
        if contracted.view.ties.is_empty() {
            // Every relation is fixed: this is a single split.
            let side = groups.sides(
                &vec![false; contracted.view.node_count],
                &contracted.group_of_root,
            );
            self.offer(side);
            return contracted.constant;
        }
        if contracted.constant >= threshold {
            return contracted.constant;
        }
        let lp = lp_packing_bound(&contracted.view, threshold - contracted.constant, 200_000);
        let bound = contracted.constant + lp.bound;
        if bound >= threshold {
            return bound;
        }
        self.nodes += 1;
        if self.nodes > self.options.max_branch_nodes {
            return bound;
        }
        // Look for a better incumbent near the LP's suggestion: colour the
        // contracted graph along ties the cover deems unfrustrated.
        let start = colour_preferring(&contracted.view, &lp.cover);
        let mut search = LocalSearch::new(&contracted.view, start);
        let iterations = 20 * contracted.view.node_count + 500;
        let side_groups = search.tabu(iterations, 0.0, &mut self.rng);
        let side = groups.sides(&side_groups, &contracted.group_of_root);
        self.offer(side);
        if bound >= proof_threshold(self.best, self.integral) {
            return bound;
        }
        // Branch on the most fractional tie: its groups together or apart.
        let branch = (0..contracted.view.ties.len())
            .max_by(|&x, &y| {
                let score = |t: usize| {
                    let y = lp.cover[t];
                    (y.min(1.0 - y), contracted.view.ties[t].weight)
                };
                score(x)
                    .partial_cmp(&score(y))
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
            .unwrap_or(0);
        let tie = contracted.view.ties[branch];
        let (ra, rb) = (
            contracted.root_of_group[tie.a],
            contracted.root_of_group[tie.b],
        );
        let incumbent_apart = self.best_side[ra] != self.best_side[rb];
        let mut lowest = f64::INFINITY;
        for apart in [incumbent_apart, !incumbent_apart] {
            let mut child = groups.clone();
            child.union(ra, rb, apart);
            let child_bound = self.explore(&child);
            lowest = lowest.min(child_bound);
        }
        bound.max(lowest)
    }

    fn offer(&mut self, side: Vec<bool>) {
        let cost = frustration_of(self.block, &side);
        if cost < self.best - tolerance(self.best) {
            self.best = cost;
            self.best_side = side;
        }
    }
}

/// Union-find over nodes where each node knows whether it sits on the same
/// side as its root (`parity` false) or the other.
#[derive(Clone, Debug)]
struct ParityUnionFind {
    parent: Vec<usize>,
    parity: Vec<bool>,
}

impl ParityUnionFind {
    fn new(n: usize) -> ParityUnionFind {
        ParityUnionFind {
            parent: (0..n).collect(),
            parity: vec![false; n],
        }
    }

    /// The root of `v` and whether `v` sits apart from it.
    fn find(&self, mut v: usize) -> (usize, bool) {
        let mut parity = false;
        while self.parent[v] != v {
            parity ^= self.parity[v];
            v = self.parent[v];
        }
        (v, parity)
    }

    /// Puts the groups of `a` and `b` together (`apart` false) or apart.
    fn union(&mut self, a: usize, b: usize, apart: bool) {
        let (ra, pa) = self.find(a);
        let (rb, pb) = self.find(b);
        if ra != rb {
            self.parent[rb] = ra;
            self.parity[rb] = pa ^ pb ^ apart;
        }
    }

    /// Node sides given each group's side.
    fn sides(&self, group_side: &[bool], group_of_root: &[usize]) -> Vec<bool> {
        (0..self.parent.len())
            .map(|v| {
                let (root, parity) = self.find(v);
                group_side[group_of_root[root]] ^ parity
            })
            .collect()
    }
}

/// A graph with groups of nodes merged: ties inside a group are constant
/// (frustrated or not), and ties between the same two groups are netted,
/// the smaller of the opposite-signed totals being frustrated regardless.
struct Contracted {
    view: UndirectedView,
    constant: f64,
    /// Per original node: its group if it is a root, else `usize::MAX`.
    group_of_root: Vec<usize>,
    root_of_group: Vec<usize>,
}

fn contract(graph: &UndirectedView, groups: &ParityUnionFind) -> Contracted {
    let n = graph.node_count;
    let mut group_of_root = vec![usize::MAX; n];
    let mut root_of_group = Vec::new();
    let found: Vec<(usize, bool)> = (0..n).map(|v| groups.find(v)).collect();
    for &(root, _) in &found {
        if group_of_root[root] == usize::MAX {
            group_of_root[root] = root_of_group.len();
            root_of_group.push(root);
        }
    }
    let mut constant = 0.0;
    // (group pair, positive total, negative total), merged after sorting:
    // cheaper than hashing when a million ties are contracted.
    let mut pairs: Vec<(u64, f64, f64)> = Vec::with_capacity(graph.ties.len());
    for tie in &graph.ties {
        let (ra, pa) = found[tie.a];
        let (rb, pb) = found[tie.b];
        // Relative to the roots, the tie behaves as positive when both ends
        // sit the same way round their roots.
        let negative = tie.sign.is_negative() ^ pa ^ pb;
        if ra == rb {
            if negative {
                constant += tie.weight;
            }
            continue;
        }
        let key = pair_key(group_of_root[ra] as usize, group_of_root[rb] as usize);
        pairs.push(if negative {
            (key, 0.0, tie.weight)
        } else {
            (key, tie.weight, 0.0)
        });
    }
    let (ties, cancelled) = net_ties(pairs);
    constant += cancelled;
    Contracted {
        view: UndirectedView::from_ties(root_of_group.len(), ties, 0.0),
        constant,
        group_of_root,
        root_of_group,
    }
}

/// Best split over the restarts (in parallel). `target` stops a start
/// early once reached (a known lower bound).
fn best_split(view: &UndirectedView, options: &FrustrationOptions, target: f64) -> Vec<bool> {
    let n = view.node_count;
    if n == 0 {
        return Vec::new();
    }
    // Large graphs: one start per core and one multilevel round each; the
    // local search already touches every node many times there.
    let large = n > LARGE_NODES;
    let restarts = if large {
        options.restarts.min(rayon::current_num_threads()).max(1)
    } else {
        options.restarts.max(1)
    };
    let cycles = if large { 1 } else { V_CYCLES };
    best_of_starts(restarts, options.seed, 0x2545_F491_4F6C_DD1D, |r, rng| {
        // Half the starts follow a spanning forest, half are random.
        let start = if r % 2 == 0 {
            forest_colouring(view, rng.below(n), rng)
        } else {
            (0..n).map(|_| rng.coin()).collect()
        };
        let mut side = refine(view, start, options, true, target, rng);
        let mut cost = frustration_of(view, &side);
        for _ in 0..cycles {
            if cost <= target + tolerance(target) {
                break;
            }
            let candidate = v_cycle(view, &side, options, target, rng);
            let candidate_cost = frustration_of(view, &candidate);
            if candidate_cost < cost - tolerance(cost) {
                side = candidate;
                cost = candidate_cost;
            }
        }
        (cost, side)
    })
    .unwrap_or_default()
}

/// Multilevel rounds per start; each draws new random matchings.
const V_CYCLES: usize = 3;

/// Graphs with more nodes than this get the lighter schedule of
/// [`best_split`].
const LARGE_NODES: usize = 50_000;

/// Largest group a group move flips (the set grows by scanning its
/// frontier, so the cost is quadratic in this).
const GROUP_MAX_NODES: usize = 200;

/// Rounds of group moves after tabu search (each stops when useless).
const GROUP_ROUNDS: usize = 8;

/// Coarsening stops at this many nodes (or when matching stalls).
const COARSEST_NODES: usize = 32;

/// One multilevel round around `side`: contract random heavy matchings of
/// ties that `side` satisfies, level by level (contraction keeps each
/// tie's relation, so a coarse split's frustration is exactly that of its
/// projection, and `side` itself is a coarse split), then refine from the
/// coarsest level back down. Groups of allies that must switch blocs
/// together, beyond the reach of single-node moves, become single nodes on
/// some level, so this never does worse than `side` and often better.
fn v_cycle(
    view: &UndirectedView,
    side: &[bool],
    options: &FrustrationOptions,
    target: f64,
    rng: &mut Rng,
) -> Vec<bool> {
    // maps[i] sends the nodes of graph i (0 = the input) to those of
    // graph i + 1, with whether each sits apart from its coarse node.
    let mut graphs: Vec<UndirectedView> = Vec::new();
    let mut maps: Vec<Vec<(usize, bool)>> = Vec::new();
    let mut constants: Vec<f64> = vec![0.0];
    let mut coarse_side: Vec<bool> = side.to_vec();
    loop {
        let current = graphs.last().unwrap_or(view);
        if current.node_count <= COARSEST_NODES {
            break;
        }
        let groups = heavy_matching(current, &coarse_side, rng);
        let contracted = contract(current, &groups);
        if contracted.view.node_count as f64 > 0.95 * current.node_count as f64 {
            break;
        }
        let map: Vec<(usize, bool)> = (0..current.node_count)
            .map(|v| {
                let (root, apart) = groups.find(v);
                (contracted.group_of_root[root], apart)
            })
            .collect();
        coarse_side = contracted
            .root_of_group
            .iter()
            .map(|&root| coarse_side[root])
            .collect();
        maps.push(map);
        constants.push(constants.last().copied().unwrap_or(0.0) + contracted.constant);
        graphs.push(contracted.view);
    }
    let mut side = coarse_side;
    for level in (0..=graphs.len()).rev() {
        let graph = if level == 0 { view } else { &graphs[level - 1] };
        if level < graphs.len() {
            side = maps[level]
                .iter()
                .map(|&(coarse, apart)| side[coarse] ^ apart)
                .collect();
        }
        // Each level's target is the input's, less what contraction fixed.
        side = refine(graph, side, options, false, target - constants[level], rng);
    }
    side
}

/// Improves `side` on `graph`: tabu search when small, iterated local
/// search when large; coarse levels get a lighter effort than the input.
fn refine(
    graph: &UndirectedView,
    side: Vec<bool>,
    options: &FrustrationOptions,
    finest: bool,
    target: f64,
    rng: &mut Rng,
) -> Vec<bool> {
    let n = graph.node_count;
    let mut search = LocalSearch::new(graph, side);
    if n <= TABU_MAX_NODES {
        let full = options
            .iterations
            .unwrap_or((100 * n).clamp(20_000, 200_000));
        // Coarse levels only prepare the next finer one: a short search
        // there, the full effort (and group moves) at the finest level.
        let iterations = if finest { full } else { full.min(5 * n + 500) };
        let mut best = search.tabu(iterations, target, rng);
        let rounds = if finest { GROUP_ROUNDS } else { 0 };
        // Alternate group moves and tabu search while the groups help.
        for _ in 0..rounds {
            let mut grouped = LocalSearch::new(graph, best.clone());
            if grouped.frustration <= target + tolerance(target) || !grouped.group_moves(rng) {
                break;
            }
            best = grouped.tabu(iterations / 4 + 1, target, rng);
        }
        best
    } else {
        let full = options.iterations.unwrap_or(n.min(5_000));
        let kicks = if finest { full } else { full / 4 };
        search.iterated(kicks, target, rng)
    }
}

/// Pairs each node, in random order, with the unmatched neighbour of
/// heaviest tie among the ties `side` satisfies; each pair is merged
/// keeping its tie satisfied.
fn heavy_matching(graph: &UndirectedView, side: &[bool], rng: &mut Rng) -> ParityUnionFind {
    let n = graph.node_count;
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let mut matched = vec![false; n];
    let mut groups = ParityUnionFind::new(n);
    for v in order {
        if matched[v] {
            continue;
        }
        let partner = graph
            .adjacent(v)
            .iter()
            .filter(|nb| {
                let u = nb.node as usize;
                !matched[u]
                    && (side[v] != side[u]) == graph.ties[nb.tie as usize].sign.is_negative()
            })
            .max_by(|x, y| {
                graph.ties[x.tie as usize]
                    .weight
                    .total_cmp(&graph.ties[y.tie as usize].weight)
            });
        if let Some(nb) = partner {
            let u = nb.node as usize;
            matched[v] = true;
            matched[u] = true;
            groups.union(v, u, graph.ties[nb.tie as usize].sign.is_negative());
        }
    }
    groups
}

/// Single-node-flip local search state: `gain[v]` is the change in
/// frustration if `v` switched blocs (negative: an improvement).
struct LocalSearch<'a> {
    view: &'a UndirectedView,
    side: Vec<bool>,
    gain: Vec<f64>,
    frustration: f64,
}

impl<'a> LocalSearch<'a> {
    fn new(view: &'a UndirectedView, side: Vec<bool>) -> LocalSearch<'a> {
        let mut gain = vec![0.0; view.node_count];
        let mut frustration = 0.0;
        for tie in &view.ties {
            let satisfied = (side[tie.a] != side[tie.b]) == tie.sign.is_negative();
            let delta = if satisfied { tie.weight } else { -tie.weight };
            gain[tie.a] += delta;
            gain[tie.b] += delta;
            if !satisfied {
                frustration += tie.weight;
            }
        }
        LocalSearch {
            view,
            side,
            gain,
            frustration,
        }
    }

    fn flip(&mut self, v: usize) {
        self.frustration += self.gain[v];
        self.gain[v] = -self.gain[v];
        let side_v = self.side[v];
        for nb in self.view.adjacent(v) {
            let tie = &self.view.ties[nb.tie as usize];
            let u = nb.node as usize;
            let satisfied_before = (side_v != self.side[u]) == tie.sign.is_negative();
            self.gain[u] += if satisfied_before { -2.0 } else { 2.0 } * tie.weight;
        }
        self.side[v] = !side_v;
    }

    /// Flips improving nodes until none is left, starting from `pending`;
    /// records the flips in `log` so that a caller can undo them.
    fn descend(&mut self, pending: &mut Vec<usize>, queued: &mut [bool], log: &mut Vec<usize>) {
        while let Some(v) = pending.pop() {
            queued[v] = false;
            if self.gain[v] < -1e-12 {
                self.flip(v);
                log.push(v);
                for nb in self.view.adjacent(v) {
                    let u = nb.node as usize;
                    if !queued[u] && self.gain[u] < -1e-12 {
                        queued[u] = true;
                        pending.push(u);
                    }
                }
            }
        }
    }

    /// Tabu search: always make the best move that is not tabu (or that
    /// beats the best so far), then forbid moving that node back for a
    /// random tenure. Returns the best split seen.
    fn tabu(&mut self, iterations: usize, target: f64, rng: &mut Rng) -> Vec<bool> {
        let n = self.view.node_count;
        let mut best = self.frustration;
        let mut best_side = self.side.clone();
        let mut tabu_until = vec![0usize; n];
        let tenure_base = n / 20 + 1;
        let mut since_improvement = 0usize;
        for iteration in 1..=iterations {
            if best <= target + tolerance(target) {
                break;
            }
            let mut chosen = usize::MAX;
            let mut chosen_gain = f64::INFINITY;
            let mut ties_seen = 0usize;
            for (v, &tabu) in tabu_until.iter().enumerate() {
                let g = self.gain[v];
                let allowed = tabu < iteration || self.frustration + g < best - tolerance(best);
                if !allowed {
                    continue;
                }
                if g < chosen_gain - 1e-12 {
                    chosen = v;
                    chosen_gain = g;
                    ties_seen = 1;
                } else if g <= chosen_gain + 1e-12 {
                    // Uniform choice among equal moves (reservoir sampling).
                    ties_seen += 1;
                    if rng.below(ties_seen) == 0 {
                        chosen = v;
                    }
                }
            }
            if chosen == usize::MAX {
                break;
            }
            self.flip(chosen);
            tabu_until[chosen] = iteration + tenure_base + rng.below(10);
            if self.frustration < best - tolerance(best) {
                best = self.frustration;
                best_side.clone_from(&self.side);
                since_improvement = 0;
            } else {
                since_improvement += 1;
                // Long stagnation: jump back to the best and perturb it.
                if since_improvement > 20 * n + 2_000 {
                    *self = LocalSearch::new(self.view, best_side.clone());
                    for _ in 0..(n / 10).max(2) {
                        let v = rng.below(n);
                        self.flip(v);
                    }
                    since_improvement = 0;
                }
            }
        }
        best_side
    }

    /// Group moves: from each seed node (random order), grow a set by
    /// always adding the node that most lowers the cost of flipping the
    /// whole set, up to half the graph or [`GROUP_MAX_NODES`], and flip the
    /// best prefix if that
    /// helps. This moves a block of allies that single flips cannot (each
    /// member alone is held back by its friends). Returns whether anything
    /// improved.
    fn group_moves(&mut self, rng: &mut Rng) -> bool {
        let n = self.view.node_count;
        let mut order: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let mut in_set = vec![false; n];
        // attach[u]: Σ over ties from u into the set of +w if satisfied,
        // -w if frustrated; flipping the set plus u changes frustration by
        // gain(set) + gain[u] - 2 attach[u].
        let mut attach = vec![0.0; n];
        let mut on_frontier = vec![false; n];
        let mut improved = false;
        for &seed in &order {
            let mut members = vec![seed];
            let mut frontier: Vec<usize> = Vec::new();
            in_set[seed] = true;
            let mut set_gain = self.gain[seed];
            let (mut best_gain, mut best_len) = (set_gain, 1);
            self.attach_neighbours(seed, &in_set, &mut attach, &mut on_frontier, &mut frontier);
            while members.len() < (n / 2).min(GROUP_MAX_NODES) {
                let pick = frontier
                    .iter()
                    .enumerate()
                    .filter(|&(_, &u)| !in_set[u])
                    .min_by(|&(_, &x), &(_, &y)| {
                        (self.gain[x] - 2.0 * attach[x])
                            .total_cmp(&(self.gain[y] - 2.0 * attach[y]))
                    })
                    .map(|(i, &u)| (i, u));
                let Some((position, u)) = pick else { break };
                frontier.swap_remove(position);
                set_gain += self.gain[u] - 2.0 * attach[u];
                in_set[u] = true;
                members.push(u);
                self.attach_neighbours(u, &in_set, &mut attach, &mut on_frontier, &mut frontier);
                if set_gain < best_gain - 1e-12 {
                    best_gain = set_gain;
                    best_len = members.len();
                }
            }
            for &u in &frontier {
                attach[u] = 0.0;
                on_frontier[u] = false;
            }
            for &u in &members {
                in_set[u] = false;
                attach[u] = 0.0;
                on_frontier[u] = false;
            }
            if best_gain < -tolerance(self.frustration) {
                for &u in &members[..best_len] {
                    self.flip(u);
                }
                improved = true;
            }
        }
        improved
    }

    /// Adds the ties from `v`, just put in the set, to its neighbours'
    /// attachments, and puts new neighbours on the frontier.
    fn attach_neighbours(
        &self,
        v: usize,
        in_set: &[bool],
        attach: &mut [f64],
        on_frontier: &mut [bool],
        frontier: &mut Vec<usize>,
    ) {
        let side_v = self.side[v];
        for nb in self.view.adjacent(v) {
            let u = nb.node as usize;
            if in_set[u] {
                continue;
            }
            let tie = &self.view.ties[nb.tie as usize];
            let satisfied = (side_v != self.side[u]) == tie.sign.is_negative();
            attach[u] += if satisfied { tie.weight } else { -tie.weight };
            if !on_frontier[u] {
                on_frontier[u] = true;
                frontier.push(u);
            }
        }
    }

    /// Iterated local search for large graphs: descend, then repeatedly
    /// flip a random node and some of its neighbours, descend again, and
    /// keep the result only if it is no worse.
    fn iterated(&mut self, kicks: usize, target: f64, rng: &mut Rng) -> Vec<bool> {
        let n = self.view.node_count;
        let mut pending: Vec<usize> = (0..n).collect();
        let mut queued = vec![true; n];
        let mut log = Vec::new();
        self.descend(&mut pending, &mut queued, &mut log);
        for _ in 0..kicks {
            if self.frustration <= target + tolerance(target) {
                break;
            }
            let before = self.frustration;
            log.clear();
            let v = rng.below(n);
            let mut kicked = vec![v];
            for nb in self.view.adjacent(v) {
                if kicked.len() < 8 && rng.coin() {
                    kicked.push(nb.node as usize);
                }
            }
            for &u in &kicked {
                self.flip(u);
                log.push(u);
            }
            for &u in &kicked {
                for w in std::iter::once(u)
                    .chain(self.view.adjacent(u).iter().map(|nb| nb.node as usize))
                {
                    if !queued[w] && self.gain[w] < -1e-12 {
                        queued[w] = true;
                        pending.push(w);
                    }
                }
            }
            self.descend(&mut pending, &mut queued, &mut log);
            if self.frustration > before + tolerance(before) {
                for &u in log.iter().rev() {
                    self.flip(u);
                }
            }
        }
        self.side.clone()
    }
}

/// Sides that satisfy every tie of a spanning forest grown by
/// breadth-first search from `root` (then from each unreached node), taking
/// neighbours in a random rotation so restarts differ.
fn forest_colouring(view: &UndirectedView, root: usize, rng: &mut Rng) -> Vec<bool> {
    let n = view.node_count;
    let mut side = vec![false; n];
    let mut seen = vec![false; n];
    let mut queue = std::collections::VecDeque::new();
    for start in std::iter::once(root).chain(0..n) {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        queue.push_back(start);
        while let Some(v) = queue.pop_front() {
            let adjacent = view.adjacent(v);
            let offset = if adjacent.is_empty() {
                0
            } else {
                rng.below(adjacent.len())
            };
            for k in 0..adjacent.len() {
                let nb = adjacent[(k + offset) % adjacent.len()];
                let u = nb.node as usize;
                if !seen[u] {
                    seen[u] = true;
                    side[u] = side[v] ^ view.ties[nb.tie as usize].sign.is_negative();
                    queue.push_back(u);
                }
            }
        }
    }
    side
}

/// Sides from a spanning forest that uses the ties with the smallest
/// `cover` values first (those the LP deems least likely frustrated).
fn colour_preferring(view: &UndirectedView, cover: &[f64]) -> Vec<bool> {
    let n = view.node_count;
    let mut order: Vec<usize> = (0..view.ties.len()).collect();
    order.sort_by(|&a, &b| cover[a].total_cmp(&cover[b]));
    let mut groups = ParityUnionFind::new(n);
    for t in order {
        let tie = &view.ties[t];
        groups.union(tie.a, tie.b, tie.sign.is_negative());
    }
    (0..n).map(|v| groups.find(v).1).collect()
}

/// Sides satisfying every tie but `frustrated` (which must leave the rest
/// balanced; any leftover conflict just stays frustrated).
fn colour_without(view: &UndirectedView, frustrated: &[(usize, usize)]) -> Vec<bool> {
    let skip: std::collections::HashSet<(usize, usize)> = frustrated.iter().copied().collect();
    let mut groups = ParityUnionFind::new(view.node_count);
    for tie in &view.ties {
        if !skip.contains(&(tie.a, tie.b)) {
            groups.union(tie.a, tie.b, tie.sign.is_negative());
        }
    }
    (0..view.node_count).map(|v| groups.find(v).1).collect()
}

fn frustrated_ties<'a>(
    view: &'a UndirectedView,
    side: &'a [bool],
) -> impl Iterator<Item = &'a Tie> + 'a {
    view.ties
        .iter()
        .filter(move |t| (side[t.a] != side[t.b]) != t.sign.is_negative())
}

fn frustration_of(view: &UndirectedView, side: &[bool]) -> f64 {
    frustrated_ties(view, side).map(|t| t.weight).sum()
}

fn describe(view: &UndirectedView, mut side: Vec<bool>, lower_bound: f64) -> Frustration {
    if side.first() == Some(&true) {
        side.iter_mut().for_each(|s| *s = !*s);
    }
    let mut frustrated_edges: Vec<(usize, usize)> =
        frustrated_ties(view, &side).map(|t| (t.a, t.b)).collect();
    frustrated_edges.sort_unstable();
    let index = frustration_of(view, &side) + view.cancelled_weight;
    Frustration {
        index,
        exact: false,
        lower_bound: lower_bound.min(index),
        total_weight: view.ties.iter().map(|t| t.weight).sum::<f64>() + 2.0 * view.cancelled_weight,
        partition: side,
        frustrated_edges,
    }
}

/// The ties of each biconnected block that can hold a cycle (bridges are
/// left out: they are never frustrated by an optimal split). Iterative
/// Hopcroft–Tarjan, so deep graphs do not overflow the stack.
fn biconnected_blocks(view: &UndirectedView) -> Vec<Vec<u32>> {
    let n = view.node_count;
    let mut discovered = vec![0u32; n];
    let mut low = vec![0u32; n];
    let mut clock = 0u32;
    let mut tie_stack: Vec<u32> = Vec::new();
    let mut blocks = Vec::new();
    // Frame: node, tie used to reach it, next adjacency position.
    let mut frames: Vec<(usize, u32, usize)> = Vec::new();
    for root in 0..n {
        if discovered[root] != 0 {
            continue;
        }
        clock += 1;
        discovered[root] = clock;
        low[root] = clock;
        frames.push((root, u32::MAX, 0));
        while let Some(frame) = frames.last_mut() {
            let (v, via, next) = *frame;
            let adjacent = view.adjacent(v);
            if next < adjacent.len() {
                frame.2 += 1;
                let nb = adjacent[next];
                if nb.tie == via {
                    continue;
                }
                let u = nb.node as usize;
                if discovered[u] == 0 {
                    tie_stack.push(nb.tie);
                    clock += 1;
                    discovered[u] = clock;
                    low[u] = clock;
                    frames.push((u, nb.tie, 0));
                } else if discovered[u] < discovered[v] {
                    tie_stack.push(nb.tie);
                    low[v] = low[v].min(discovered[u]);
                }
            } else {
                frames.pop();
                if let Some(&(parent, _, _)) = frames.last() {
                    low[parent] = low[parent].min(low[v]);
                    if low[v] >= discovered[parent] {
                        let mut block = Vec::new();
                        while let Some(t) = tie_stack.pop() {
                            block.push(t);
                            if t == via {
                                break;
                            }
                        }
                        if block.len() >= 3 {
                            blocks.push(block);
                        }
                    }
                }
            }
        }
    }
    blocks
}

/// The view restricted to `ties`, renumbered; also the original node of
/// each new node.
fn sub_view(view: &UndirectedView, ties: &[u32]) -> (UndirectedView, Vec<usize>) {
    let mut local: HashMap<usize, usize> = HashMap::new();
    let mut nodes = Vec::new();
    let mut id = |v: usize, nodes: &mut Vec<usize>| {
        *local.entry(v).or_insert_with(|| {
            nodes.push(v);
            nodes.len() - 1
        })
    };
    let mut sub: Vec<Tie> = ties
        .iter()
        .map(|&t| {
            let tie = view.ties[t as usize];
            let (a, b) = (id(tie.a, &mut nodes), id(tie.b, &mut nodes));
            Tie {
                a: a.min(b),
                b: a.max(b),
                ..tie
            }
        })
        .collect();
    sub.sort_unstable_by_key(|t| (t.a, t.b));
    (UndirectedView::from_ties(nodes.len(), sub, 0.0), nodes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signed::test_view as view;
    use crate::signed::{Sign, SignedGraph};

    #[test]
    fn blocks_split_at_cut_nodes_and_drop_bridges() {
        // Two triangles sharing node 2, plus a bridge 4-5.
        let v = view(
            &[
                (0, 1, 1),
                (1, 2, 1),
                (0, 2, -1),
                (2, 3, -1),
                (3, 4, -1),
                (2, 4, -1),
                (4, 5, 1),
            ],
            6,
        );
        let mut blocks: Vec<Vec<u32>> = biconnected_blocks(&v)
            .into_iter()
            .map(|mut b| {
                b.sort_unstable();
                b
            })
            .collect();
        blocks.sort();
        assert_eq!(blocks, [vec![0, 1, 2], vec![3, 4, 5]]);
        let exact = frustration_exact(&v, &FrustrationOptions::default());
        assert_eq!(exact.index, 2.0);
        assert!(exact.exact);
        assert_eq!(exact.frustrated_edges.len(), 2);
    }

    #[test]
    fn contraction_nets_opposite_ties() {
        // Nodes 0 and 1 forced apart; node 2 is tied + to 0 and + to 1, so
        // one of those is frustrated whatever happens.
        let v = view(&[(0, 2, 1), (1, 2, 1), (0, 1, -1)], 3);
        let mut groups = ParityUnionFind::new(3);
        groups.union(0, 1, true);
        let c = contract(&v, &groups);
        assert_eq!(c.view.node_count, 2);
        assert_eq!(c.constant, 1.0);
        assert!(c.view.ties.is_empty());
    }

    #[test]
    fn directed_cancelled_arcs_count_in_the_index() {
        let mut g = SignedGraph::new(true);
        g.add_named_edge("a", "b", Sign::Positive, 1.0).unwrap();
        g.add_named_edge("b", "a", Sign::Negative, 1.0).unwrap();
        g.add_named_edge("b", "c", Sign::Negative, 1.0).unwrap();
        let view = g.undirected_view();
        let exact = frustration_exact(&view, &FrustrationOptions::default());
        assert_eq!(exact.index, 1.0);
        assert!(exact.exact);
        assert!(exact.frustrated_edges.is_empty());
        assert_eq!(
            frustration_heuristic(&view, &FrustrationOptions::default()).index,
            1.0
        );
    }

    #[test]
    fn branch_and_bound_closes_a_gap_the_lp_leaves() {
        // The all-negative K7: the best split (3 + 4) leaves 3 + 6 = 9 ties
        // frustrated inside the blocs, but the fractional packing (1/5 on
        // each of the 35 triangles) only proves 7, so the proof needs
        // branching.
        let mut ties = Vec::new();
        for a in 0..7 {
            for b in a + 1..7 {
                ties.push((a, b, -1));
            }
        }
        let v = view(&ties, 7);
        let lp = lp_packing_bound(&v, f64::INFINITY, 10_000);
        assert!((lp.bound - 7.0).abs() < 1e-6, "{lp:?}");
        let exact = frustration_exact(&v, &FrustrationOptions::default());
        assert_eq!(exact.index, 9.0);
        assert!(exact.exact);
        assert_eq!(exact.lower_bound, 9.0);
        let sizes = exact.partition.iter().filter(|&&s| s).count();
        assert!(sizes == 3 || sizes == 4);
    }
}
