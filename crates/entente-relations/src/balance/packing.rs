//! Lower bounds on the frustration index from packings of negative cycles.
//!
//! A signed graph is balanced exactly when it has no negative cycle (one
//! with an odd number of negative ties), so the frustrated ties of any split
//! hit every negative cycle. If cycles `C` carry amounts `z_C ≥ 0` with at
//! most `w_e` through each tie `e` (a fractional packing), every split
//! frustrates at least `Σ z_C`. Two ways to get one:
//!
//! - [`greedy_packing_bound`][]: edge-disjoint (capacity-respecting)
//!   triangles, then short cycles found by breadth-first search, greedily.
//!   Cheap, used to report the heuristic's gap.
//! - [`lp_packing_bound`][]: the best fractional packing, by a primal simplex
//!   with column generation (the dual is the covering LP "`y ≥ 0`,
//!   `y(C) ≥ 1` for every negative cycle", whose separation is a shortest
//!   odd closed walk, found by Dijkstra on a two-layer graph). On the
//!   Correlates-of-War windows and Avatar this bound equals the frustration
//!   index, so the exact solver rarely has to branch.
//!
//! The LP bound does not trust the simplex arithmetic: the reported bound is
//! the packing itself, its amounts clamped at zero and scaled down until no
//! tie carries more than its weight, so it is valid whatever rounding or
//! degeneracy did to the simplex (every column is a genuine negative
//! cycle). The duals, scaled so that every negative cycle has length at
//! least 1, are returned as a fractional cover for branching.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashSet, VecDeque};

use crate::balance::Rng;
use crate::balance::triangles::Oriented;
use crate::signed::UndirectedView;

/// The result of [`lp_packing_bound`].
#[derive(Clone, Debug)]
pub struct LpBound {
    /// A valid lower bound on the frustration index of the view (without
    /// [`UndirectedView::cancelled_weight`]).
    pub bound: f64,
    /// A fractional cover from the last duals: per tie `y_e ≥ 0`, with
    /// `y(C) ≥ 1` on every negative cycle; `Σ w_e y_e` equals `bound` when
    /// `optimal`. The branch and bound branches on its fractional ties.
    pub cover: Vec<f64>,
    /// True when the LP was solved to optimality (no better fractional
    /// bound exists); false when stopped early at the target or the limit.
    pub optimal: bool,
    /// Simplex pivots and cycle columns used, for diagnostics.
    pub pivots: usize,
    pub columns: usize,
}

/// Greedy packing of negative cycles: triangles first (all of them), then
/// shortest cycles from breadth-first search while the work (arcs scanned)
/// stays within `work_budget`. Returns the packed amount.
pub fn greedy_packing_bound(view: &UndirectedView, work_budget: usize) -> f64 {
    let mut residual: Vec<f64> = view.ties.iter().map(|t| t.weight).collect();
    let mut bound = 0.0;
    let oriented = Oriented::new(view);
    let mut mark = vec![0u32; view.node_count];
    for u in 0..view.node_count {
        oriented.for_each_triangle_from(u, &mut mark, |_, _, ties, negatives| {
            if negatives % 2 == 1 {
                let amount = ties
                    .iter()
                    .map(|&t| residual[t])
                    .fold(f64::INFINITY, f64::min);
                if amount > 0.0 {
                    for &t in &ties {
                        residual[t] -= amount;
                    }
                    bound += amount;
                }
            }
        });
    }
    let mut work = 0usize;
    let mut search = OddWalkSearch::new(view.node_count);
    'sources: for source in 0..view.node_count {
        loop {
            if work > work_budget {
                break 'sources;
            }
            let found = search.shortest_by_hops(view, source, |t| residual[t] > 1e-12, &mut work);
            let Some(cycle) = found else { break };
            let amount = cycle
                .iter()
                .map(|&t| residual[t as usize])
                .fold(f64::INFINITY, f64::min);
            for &t in &cycle {
                residual[t as usize] -= amount;
            }
            bound += amount;
        }
    }
    bound
}

/// The best fractional packing of negative cycles (see the module doc).
/// Stops as soon as the certified bound reaches `stop_at` (pass infinity to
/// solve to optimality) or after `max_pivots` simplex pivots.
pub fn lp_packing_bound(view: &UndirectedView, stop_at: f64, max_pivots: usize) -> LpBound {
    let mut lp = PackingLp::new(view);
    let mut search = OddWalkSearch::new(view.node_count);
    let mut best = LpBound {
        bound: 0.0,
        cover: vec![0.0; view.ties.len()],
        optimal: false,
        pivots: 0,
        columns: 0,
    };
    loop {
        let finished = lp.optimise(max_pivots);
        let packed = lp.certified_packing();
        if packed > best.bound {
            best.bound = packed;
        }
        let costs: Vec<f64> = (0..view.ties.len())
            .map(|t| lp.dual_of_tie(t).max(0.0))
            .collect();
        let (cycles, shortest) = search.violated_cycles(view, &costs);
        if shortest > 1e-9 {
            // Scaled so that every negative cycle has length at least 1.
            best.cover = costs.iter().map(|y| y / shortest).collect();
        }
        best.pivots = lp.pivots;
        best.columns = lp.columns.len();
        if cycles.is_empty() {
            best.optimal = finished;
            return best;
        }
        if best.bound >= stop_at || !finished {
            return best;
        }
        let before = lp.columns.len();
        for cycle in cycles {
            lp.add_column(cycle);
        }
        if lp.columns.len() == before {
            // Only known columns are violated: the simplex has stalled on
            // rounding; the packing above is still valid.
            return best;
        }
    }
}

/// Breadth-first and Dijkstra searches for negative closed walks on the
/// two-layer graph: state `(v, parity)`, where a negative tie switches the
/// layer; a path from `(s, 0)` to `(s, 1)` is a closed walk through `s`
/// with an odd number of negative ties.
struct OddWalkSearch {
    dist: Vec<f64>,
    hops: Vec<u32>,
    /// Predecessor state and the tie used, per state.
    parent: Vec<(u32, u32)>,
    touched: Vec<u32>,
    removed: Vec<bool>,
}

const NONE: u32 = u32::MAX;

impl OddWalkSearch {
    fn new(n: usize) -> OddWalkSearch {
        OddWalkSearch {
            dist: vec![f64::INFINITY; 2 * n],
            hops: vec![NONE; 2 * n],
            parent: vec![(NONE, NONE); 2 * n],
            touched: Vec::new(),
            removed: vec![false; n],
        }
    }

    fn reset(&mut self) {
        for &s in &self.touched {
            self.dist[s as usize] = f64::INFINITY;
            self.hops[s as usize] = NONE;
            self.parent[s as usize] = (NONE, NONE);
        }
        self.touched.clear();
    }

    /// The shortest (fewest ties) negative cycle through `source` using only
    /// ties where `usable` holds, as a simple cycle of tie indices.
    fn shortest_by_hops(
        &mut self,
        view: &UndirectedView,
        source: usize,
        usable: impl Fn(usize) -> bool,
        work: &mut usize,
    ) -> Option<Vec<u32>> {
        self.reset();
        let start = 2 * source as u32;
        let goal = start + 1;
        self.hops[start as usize] = 0;
        self.touched.push(start);
        let mut queue = VecDeque::from([start]);
        while let Some(state) = queue.pop_front() {
            let (v, parity) = (state / 2, state % 2);
            for nb in view.adjacent(v as usize) {
                *work += 1;
                let tie = nb.tie as usize;
                if !usable(tie) {
                    continue;
                }
                let next = 2 * nb.node + (parity ^ view.ties[tie].sign.is_negative() as u32);
                if self.hops[next as usize] != NONE {
                    continue;
                }
                self.hops[next as usize] = self.hops[state as usize] + 1;
                self.parent[next as usize] = (state, nb.tie);
                self.touched.push(next);
                if next == goal {
                    return Some(self.simple_cycle(view, goal));
                }
                queue.push_back(next);
            }
        }
        None
    }

    /// For each source (earlier sources removed, so each cycle is found
    /// from its first node), the cheapest negative cycle under `costs` if
    /// it costs less than 1, and the least cost found, capped at 1: every
    /// negative cycle costs at least that much.
    fn violated_cycles(&mut self, view: &UndirectedView, costs: &[f64]) -> (Vec<Vec<u32>>, f64) {
        let n = view.node_count;
        self.removed.iter_mut().for_each(|r| *r = false);
        let mut cycles = Vec::new();
        let mut seen: HashSet<Vec<u32>> = HashSet::new();
        let mut shortest: f64 = 1.0;
        // Hubs first: removing them early shrinks the later searches most.
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_unstable_by_key(|&v| std::cmp::Reverse(view.degree(v)));
        let mut heap = BinaryHeap::new();
        for &source in &order {
            self.reset();
            heap.clear();
            let start = 2 * source as u32;
            let goal = start + 1;
            self.dist[start as usize] = 0.0;
            self.touched.push(start);
            heap.push(Entry(0.0, start));
            while let Some(Entry(d, state)) = heap.pop() {
                if d > self.dist[state as usize] {
                    continue;
                }
                if state == goal {
                    break;
                }
                let (v, parity) = (state / 2, state % 2);
                for nb in view.adjacent(v as usize) {
                    if self.removed[nb.node as usize] {
                        continue;
                    }
                    let tie = nb.tie as usize;
                    let nd = d + costs[tie];
                    if nd >= 1.0 {
                        continue;
                    }
                    let next = 2 * nb.node + (parity ^ view.ties[tie].sign.is_negative() as u32);
                    if nd < self.dist[next as usize] {
                        if self.dist[next as usize] == f64::INFINITY {
                            self.touched.push(next);
                        }
                        self.dist[next as usize] = nd;
                        self.parent[next as usize] = (state, nb.tie);
                        heap.push(Entry(nd, next));
                    }
                }
            }
            let d = self.dist[goal as usize];
            if d < 1.0 {
                shortest = shortest.min(d);
                if d < 1.0 - 1e-9 {
                    let cycle = self.simple_cycle(view, goal);
                    let mut key = cycle.clone();
                    key.sort_unstable();
                    if seen.insert(key) {
                        cycles.push(cycle);
                    }
                }
            }
            self.removed[source] = true;
        }
        (cycles, shortest)
    }

    /// Walks the parents back from `goal` and cuts the closed walk down to a
    /// simple negative cycle: a node met twice was met on both layers, so
    /// the stretch between the two visits is itself a negative closed walk,
    /// no longer and (costs being non-negative) no dearer.
    fn simple_cycle(&self, view: &UndirectedView, goal: u32) -> Vec<u32> {
        let mut nodes = vec![goal / 2];
        let mut ties = Vec::new();
        let mut state = goal;
        while self.parent[state as usize].0 != NONE {
            let (previous, tie) = self.parent[state as usize];
            ties.push(tie);
            nodes.push(previous / 2);
            state = previous;
        }
        // nodes[i] and nodes[i + 1] are joined by ties[i]; nodes[0] == last.
        let mut first_seen: std::collections::HashMap<u32, usize> =
            std::collections::HashMap::new();
        for (position, &node) in nodes.iter().enumerate() {
            if let Some(&earlier) = first_seen.get(&node) {
                let cycle = ties[earlier..position].to_vec();
                debug_assert!(
                    cycle
                        .iter()
                        .filter(|&&t| view.ties[t as usize].sign.is_negative())
                        .count()
                        % 2
                        == 1
                );
                return cycle;
            }
            first_seen.insert(node, position);
        }
        unreachable!("a path from (s, 0) to (s, 1) returns to s")
    }
}

/// Min-heap entry for Dijkstra (distances are finite and non-negative).
#[derive(PartialEq)]
struct Entry(f64, u32);

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .0
            .total_cmp(&self.0)
            .then_with(|| other.1.cmp(&self.1))
    }
}

/// A basic variable: the slack of a row (tie) or a cycle column.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Var {
    Slack(u32),
    Column(u32),
}

/// `max Σ z_C` subject to `Σ_{C ∋ e} z_C ≤ w_e`, `z ≥ 0`, over the cycle
/// columns generated so far. Rows exist only for ties used by some column
/// (a row no column touches is slack and has dual zero). The basis inverse
/// is dense over those rows: a pivot touches only the rows where the
/// entering column is nonzero, which with 0/1 cycle columns stays few.
struct PackingLp {
    weights: Vec<f64>,
    row_of_tie: Vec<u32>,
    /// True capacities per row.
    capacity: Vec<f64>,
    rng: Rng,
    columns: Vec<Vec<u32>>,
    column_basic: Vec<bool>,
    slack_basic: Vec<bool>,
    /// Basic variable and its value at each basis position.
    basis: Vec<Var>,
    values: Vec<f64>,
    /// `inverse[position][row]`.
    inverse: Vec<Vec<f64>>,
    duals: Vec<f64>,
    pivots: usize,
    known: HashSet<Vec<u32>>,
}

const PRICE_TOLERANCE: f64 = 1e-9;
const PIVOT_TOLERANCE: f64 = 1e-9;

impl PackingLp {
    fn new(view: &UndirectedView) -> PackingLp {
        PackingLp {
            weights: view.ties.iter().map(|t| t.weight).collect(),
            row_of_tie: vec![NONE; view.ties.len()],
            capacity: Vec::new(),
            rng: Rng::new(0x5eed),
            columns: Vec::new(),
            column_basic: Vec::new(),
            slack_basic: Vec::new(),
            basis: Vec::new(),
            values: Vec::new(),
            inverse: Vec::new(),
            duals: Vec::new(),
            pivots: 0,
            known: HashSet::new(),
        }
    }

    fn dual_of_tie(&self, tie: usize) -> f64 {
        match self.row_of_tie[tie] {
            NONE => 0.0,
            row => self.duals[row as usize],
        }
    }

    fn add_column(&mut self, ties: Vec<u32>) {
        let mut key = ties.clone();
        key.sort_unstable();
        if !self.known.insert(key) {
            return;
        }
        let mut rows = Vec::with_capacity(ties.len());
        for tie in ties {
            if self.row_of_tie[tie as usize] == NONE {
                self.add_row(tie as usize);
            }
            rows.push(self.row_of_tie[tie as usize]);
        }
        self.columns.push(rows);
        self.column_basic.push(false);
    }

    fn add_row(&mut self, tie: usize) {
        let row = self.basis.len();
        self.row_of_tie[tie] = row as u32;
        let weight = self.weights[tie];
        // The simplex works with capacities raised by a random hair: that
        // breaks the massive degeneracy of packing problems (many ties tight
        // at once). The certified packing scales back to the true ones.
        let capacity = weight * (1.0 + 1e-7 * (1.0 + self.rng.unit()));
        self.capacity.push(weight);
        for line in &mut self.inverse {
            line.push(0.0);
        }
        let mut line = vec![0.0; row + 1];
        line[row] = 1.0;
        self.inverse.push(line);
        self.basis.push(Var::Slack(row as u32));
        self.values.push(capacity);
        self.slack_basic.push(true);
        self.duals.push(0.0);
    }

    /// Reduced cost of a nonbasic variable (positive: worth entering).
    fn reduced_cost(&self, var: Var) -> f64 {
        match var {
            Var::Slack(row) => -self.duals[row as usize],
            Var::Column(j) => {
                1.0 - self.columns[j as usize]
                    .iter()
                    .map(|&r| self.duals[r as usize])
                    .sum::<f64>()
            }
        }
    }

    /// Primal simplex over the current columns. Returns false if it hit the
    /// pivot limit or a numerical dead end before optimality.
    fn optimise(&mut self, max_pivots: usize) -> bool {
        let mut degenerate_run = 0usize;
        loop {
            if self.pivots >= max_pivots {
                return false;
            }
            // Dantzig's rule normally; Bland's (first improving variable,
            // which cannot cycle) during long runs of degenerate pivots.
            let bland = degenerate_run > 50;
            let mut entering: Option<(Var, f64)> = None;
            let candidates = (0..self.columns.len())
                .filter(|&j| !self.column_basic[j])
                .map(|j| Var::Column(j as u32))
                .chain(
                    (0..self.basis.len())
                        .filter(|&r| !self.slack_basic[r])
                        .map(|r| Var::Slack(r as u32)),
                );
            for var in candidates {
                let d = self.reduced_cost(var);
                if d > PRICE_TOLERANCE && entering.is_none_or(|(_, best)| d > best) {
                    entering = Some((var, d));
                    if bland {
                        break;
                    }
                }
            }
            let Some((var, d)) = entering else {
                return true;
            };
            // Entering column in the current basis: alpha = B^-1 a.
            let alpha: Vec<f64> = match var {
                Var::Slack(row) => self.inverse.iter().map(|line| line[row as usize]).collect(),
                Var::Column(j) => {
                    let rows = &self.columns[j as usize];
                    self.inverse
                        .iter()
                        .map(|line| rows.iter().map(|&r| line[r as usize]).sum())
                        .collect()
                }
            };
            let mut leaving: Option<(usize, f64)> = None;
            for (position, &a) in alpha.iter().enumerate() {
                if a <= PIVOT_TOLERANCE {
                    continue;
                }
                let ratio = self.values[position].max(0.0) / a;
                let better = match leaving {
                    None => true,
                    Some((best, best_ratio)) => {
                        ratio < best_ratio - 1e-12
                            || (ratio <= best_ratio + 1e-12
                                && if bland {
                                    self.var_order(self.basis[position])
                                        < self.var_order(self.basis[best])
                                } else {
                                    a > alpha[best]
                                })
                    }
                };
                if better {
                    leaving = Some((position, ratio));
                }
            }
            let Some((p, theta)) = leaving else {
                // Unbounded cannot happen with finite capacities: only
                // rounding gets here. Stop; the caller's certificate holds.
                return false;
            };
            degenerate_run = if theta <= 1e-12 {
                degenerate_run + 1
            } else {
                0
            };
            for (position, &a) in alpha.iter().enumerate() {
                if a != 0.0 {
                    self.values[position] -= theta * a;
                }
            }
            self.values[p] = theta;
            let pivot = alpha[p];
            let pivot_line: Vec<f64> = self.inverse[p].iter().map(|x| x / pivot).collect();
            for (position, &a) in alpha.iter().enumerate() {
                if position != p && a != 0.0 {
                    for (x, y) in self.inverse[position].iter_mut().zip(&pivot_line) {
                        *x -= a * y;
                    }
                }
            }
            match self.basis[p] {
                Var::Slack(row) => self.slack_basic[row as usize] = false,
                Var::Column(j) => self.column_basic[j as usize] = false,
            }
            match var {
                Var::Slack(row) => self.slack_basic[row as usize] = true,
                Var::Column(j) => self.column_basic[j as usize] = true,
            }
            self.basis[p] = var;
            for (y, x) in self.duals.iter_mut().zip(&pivot_line) {
                *y += d * x;
            }
            self.inverse[p] = pivot_line;
            self.pivots += 1;
            if self.pivots.is_multiple_of(128) {
                self.refresh_duals();
            }
        }
    }

    /// Recomputes `y = c_B B^-1` from the inverse, dropping the drift of
    /// incremental updates.
    fn refresh_duals(&mut self) {
        self.duals.iter_mut().for_each(|y| *y = 0.0);
        for (position, var) in self.basis.iter().enumerate() {
            if let Var::Column(_) = var {
                for (y, x) in self.duals.iter_mut().zip(&self.inverse[position]) {
                    *y += x;
                }
            }
        }
    }

    /// The current primal solution as a packing that provably respects the
    /// true capacities: values clamped at zero, then scaled down by the
    /// worst overload (the perturbed capacities and rounding may exceed
    /// the true ones by a hair). Returns the packed amount.
    fn certified_packing(&self) -> f64 {
        let mut load = vec![0.0; self.basis.len()];
        let mut total = 0.0;
        for (position, var) in self.basis.iter().enumerate() {
            if let Var::Column(j) = var {
                let z = self.values[position].max(0.0);
                total += z;
                for &row in &self.columns[*j as usize] {
                    load[row as usize] += z;
                }
            }
        }
        let mut scale: f64 = 1.0;
        for (row, &l) in load.iter().enumerate() {
            if l > self.capacity[row] {
                scale = scale.min(self.capacity[row] / l);
            }
        }
        total * scale
    }

    /// A fixed order on variables for Bland's rule.
    fn var_order(&self, var: Var) -> usize {
        match var {
            Var::Column(j) => j as usize,
            Var::Slack(row) => self.columns.len() + row as usize,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signed::test_view as view;

    #[test]
    fn all_negative_k4_needs_two() {
        // Every triangle of an all-negative K4 is negative; any split leaves
        // two ties frustrated, and the fractional packing (1/2 on each of
        // the four triangles) proves it.
        let k4 = view(
            &[
                (0, 1, -1),
                (0, 2, -1),
                (0, 3, -1),
                (1, 2, -1),
                (1, 3, -1),
                (2, 3, -1),
            ],
            4,
        );
        let lp = lp_packing_bound(&k4, f64::INFINITY, 10_000);
        assert!(lp.optimal);
        assert!((lp.bound - 2.0).abs() < 1e-6, "{lp:?}");
        // Greedy integral packing only finds one edge-disjoint triangle.
        assert_eq!(greedy_packing_bound(&k4, 1000), 1.0);
    }

    #[test]
    fn negative_pentagon_is_found_by_cycle_search() {
        let c5 = view(&[(0, 1, 1), (1, 2, 1), (2, 3, 1), (3, 4, 1), (4, 0, -1)], 5);
        assert_eq!(greedy_packing_bound(&c5, 1000), 1.0);
        assert!((lp_packing_bound(&c5, f64::INFINITY, 1000).bound - 1.0).abs() < 1e-9);
        let balanced = view(&[(0, 1, 1), (1, 2, -1), (2, 0, -1)], 3);
        assert_eq!(greedy_packing_bound(&balanced, 1000), 0.0);
        assert_eq!(lp_packing_bound(&balanced, f64::INFINITY, 1000).bound, 0.0);
    }
}
