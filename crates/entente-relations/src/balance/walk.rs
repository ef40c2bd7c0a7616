//! Walk-based balance (Estrada and Benzi): closed walks weighted by
//! `1/k!`, signed against unsigned, `tr e^A / tr e^|A|`, where `A` holds
//! `sign * weight` per tie and `|A|` the weights alone.
//!
//! Both traces are sums of `e^λ` over eigenvalues, which overflow `f64`
//! once an eigenvalue passes about 709 (a hub with a few hundred ties is
//! enough), so the index is computed in log space: `log tr e^A` is a
//! log-sum-exp of the eigenvalues and the ratio is `exp` of a difference.
//!
//! Small and medium graphs get exact eigenvalues from a dense symmetric
//! eigendecomposition (cubic in the nodes). Larger graphs get stochastic
//! Lanczos quadrature: random ±1 probe vectors, a short Lanczos run per
//! probe and Gauss quadrature on its tridiagonal matrix. That is an
//! estimate, and the result says so ([`WalkBalance::exact`] is false and
//! [`WalkBalance::relative_error`] gives the probes' spread).

use nalgebra::DMatrix;
use rayon::prelude::*;

use crate::balance::Rng;
use crate::signed::UndirectedView;

/// The walk-based balance index and how it was obtained.
#[derive(Clone, Debug, PartialEq)]
pub struct WalkBalance {
    /// `tr e^A / tr e^|A|`, in (0, 1]; 1 exactly when balanced.
    pub index: f64,
    /// True when computed from all eigenvalues, false for an estimate.
    pub exact: bool,
    /// `ln tr e^A` (exact or estimated).
    pub log_trace_signed: f64,
    /// `ln tr e^|A|` (exact or estimated).
    pub log_trace_unsigned: f64,
    /// For estimates, the standard error of the index relative to it,
    /// from the spread over probes; 0 when exact.
    pub relative_error: f64,
}

/// How to compute the walk-based index.
#[derive(Clone, Debug)]
pub struct WalkBalanceOptions {
    /// Largest number of nodes for the exact dense computation.
    pub exact_max_nodes: usize,
    /// Probe vectors for the estimate.
    pub probes: usize,
    /// Lanczos steps per probe.
    pub lanczos_steps: usize,
    pub seed: u64,
}

impl Default for WalkBalanceOptions {
    fn default() -> Self {
        WalkBalanceOptions {
            exact_max_nodes: 2000,
            probes: 24,
            lanczos_steps: 40,
            seed: 1,
        }
    }
}

/// The walk-based balance index of the view.
pub fn walk_balance(view: &UndirectedView, options: &WalkBalanceOptions) -> WalkBalance {
    if view.node_count <= options.exact_max_nodes {
        let signed = log_trace_exp_exact(view, false);
        let unsigned = log_trace_exp_exact(view, true);
        WalkBalance {
            index: (signed - unsigned).exp().min(1.0),
            exact: true,
            log_trace_signed: signed,
            log_trace_unsigned: unsigned,
            relative_error: 0.0,
        }
    } else {
        estimate(view, options)
    }
}

/// `ln Σ e^x`, shifted by the maximum so that nothing overflows.
pub(crate) fn log_sum_exp(values: impl IntoIterator<Item = f64>) -> f64 {
    let values: Vec<f64> = values.into_iter().collect();
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return max;
    }
    max + values.iter().map(|x| (x - max).exp()).sum::<f64>().ln()
}

fn log_trace_exp_exact(view: &UndirectedView, unsigned: bool) -> f64 {
    let n = view.node_count;
    if n == 0 {
        return f64::NEG_INFINITY;
    }
    let mut matrix = DMatrix::<f64>::zeros(n, n);
    for tie in &view.ties {
        let value = if unsigned {
            tie.weight
        } else {
            f64::from(tie.sign.value()) * tie.weight
        };
        matrix[(tie.a, tie.b)] = value;
        matrix[(tie.b, tie.a)] = value;
    }
    log_sum_exp(matrix.symmetric_eigenvalues().iter().copied())
}

/// Deflated stochastic Lanczos quadrature for both traces.
fn estimate(view: &UndirectedView, options: &WalkBalanceOptions) -> WalkBalance {
    let (signed, signed_error) = estimate_log_trace(view, false, options);
    let (unsigned, unsigned_error) = estimate_log_trace(view, true, options);
    WalkBalance {
        index: (signed - unsigned).exp().min(1.0),
        exact: false,
        log_trace_signed: signed,
        log_trace_unsigned: unsigned,
        relative_error: signed_error.hypot(unsigned_error),
    }
}

/// `(ln tr e^M, relative standard error)`. The trace of an exponential is
/// dominated by the top eigenvalues, and a random probe's weight on the top
/// eigenvector varies a lot, so plain probing has a huge variance. So first
/// a Lanczos run finds the top eigenpairs that have converged; their
/// exponentials are summed exactly, and the probes, projected away from
/// those eigenvectors, estimate only the rest of the spectrum.
fn estimate_log_trace(
    view: &UndirectedView,
    unsigned: bool,
    options: &WalkBalanceOptions,
) -> (f64, f64) {
    let n = view.node_count;
    // Very large graphs: fewer and shorter probe runs. The top of the
    // spectrum, which dominates the trace, is summed exactly either way.
    let (steps, probes) = if n > LARGE_NODES {
        (options.lanczos_steps.min(30), options.probes.min(8))
    } else {
        (options.lanczos_steps, options.probes)
    };
    let steps = steps.clamp(2, n);
    let mut rng = Rng::new(options.seed);
    let start: Vec<f64> = (0..n).map(|_| rng.unit() - 0.5).collect();
    let matrix = Csr::new(view, unsigned);
    let run = lanczos(&matrix, &start, (2 * steps).min(n), &[]);
    let (values, vectors) = run.ritz_pairs();
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    let mut deflated: Vec<Vec<f64>> = Vec::new();
    let mut head = Vec::new();
    for &k in order.iter().take(MAX_DEFLATED) {
        let residual = run.last_beta * vectors[(values.len() - 1, k)].abs();
        if residual > 1e-8 * values[k].abs().max(1.0) {
            break;
        }
        head.push(values[k]);
        deflated.push(run.ritz_vector(&vectors, k));
    }
    let probes = probes.max(2);
    // Probe vectors drawn in order from one generator (reproducible), then
    // run in parallel.
    let starts: Vec<Vec<f64>> = (0..probes)
        .map(|_| {
            (0..n)
                .map(|_| if rng.coin() { 1.0 } else { -1.0 })
                .collect()
        })
        .collect();
    let tail_samples: Vec<f64> = starts
        .into_par_iter()
        .map(|mut z| {
            orthogonalise(&mut z, &deflated);
            let norm_sq = dot(&z, &z);
            if norm_sq < 1e-20 {
                return f64::NEG_INFINITY;
            }
            let run = lanczos(&matrix, &z, steps, &deflated);
            let (values, vectors) = run.ritz_pairs();
            log_sum_exp((0..values.len()).filter_map(|k| {
                let first = vectors[(0, k)];
                (first != 0.0).then(|| norm_sq.ln() + 2.0 * first.abs().ln() + values[k])
            }))
        })
        .collect();
    let tail = log_sum_exp(tail_samples.iter().copied()) - (probes as f64).ln();
    let total = log_sum_exp(head.iter().copied().chain([tail]));
    // Standard error of the tail mean, relative to the whole trace.
    let spread: f64 = tail_samples
        .iter()
        .map(|&x| ((x - total).exp() - (tail - total).exp()).powi(2))
        .sum::<f64>();
    let relative_error = (spread / (probes as f64 - 1.0) / probes as f64).sqrt();
    (total, relative_error)
}

/// At most this many top eigenpairs are summed exactly.
const MAX_DEFLATED: usize = 64;

/// Graphs with more nodes than this get the lighter probing of
/// [`estimate_log_trace`].
const LARGE_NODES: usize = 50_000;

/// A Lanczos run: the tridiagonal coefficients and the orthonormal basis.
struct LanczosRun {
    alpha: Vec<f64>,
    beta: Vec<f64>,
    basis: Vec<Vec<f64>>,
    /// The coupling to the next (not computed) basis vector; 0 when the
    /// Krylov space became invariant, so every Ritz pair is exact.
    last_beta: f64,
}

impl LanczosRun {
    /// Eigenvalues and eigenvectors (columns) of the tridiagonal matrix.
    fn ritz_pairs(&self) -> (Vec<f64>, DMatrix<f64>) {
        let m = self.alpha.len();
        let mut t = DMatrix::<f64>::zeros(m, m);
        for i in 0..m {
            t[(i, i)] = self.alpha[i];
            if i + 1 < m {
                t[(i, i + 1)] = self.beta[i];
                t[(i + 1, i)] = self.beta[i];
            }
        }
        let eigen = t.symmetric_eigen();
        (
            eigen.eigenvalues.iter().copied().collect(),
            eigen.eigenvectors,
        )
    }

    fn ritz_vector(&self, vectors: &DMatrix<f64>, k: usize) -> Vec<f64> {
        let n = self.basis[0].len();
        let mut u = vec![0.0; n];
        for (i, q) in self.basis.iter().enumerate() {
            let c = vectors[(i, k)];
            u.iter_mut().zip(q).for_each(|(x, y)| *x += c * y);
        }
        let norm = dot(&u, &u).sqrt();
        u.iter_mut().for_each(|x| *x /= norm);
        u
    }
}

/// Lanczos with full reorthogonalisation (against its own basis and the
/// `deflated` vectors): runs are short, and it keeps spurious copies of
/// eigenvalues out of the quadrature.
fn lanczos(matrix: &Csr, start: &[f64], steps: usize, deflated: &[Vec<f64>]) -> LanczosRun {
    let norm = dot(start, start).sqrt();
    let mut run = LanczosRun {
        alpha: Vec::with_capacity(steps),
        beta: Vec::with_capacity(steps),
        basis: vec![start.iter().map(|x| x / norm).collect()],
        last_beta: 0.0,
    };
    for k in 0..steps {
        let mut w = matrix.multiply(&run.basis[k]);
        let a = dot(&w, &run.basis[k]);
        run.alpha.push(a);
        // The deflated vectors are eigenvectors the start was cleared of, so
        // one pass keeps them out; the basis twice, as one Gram-Schmidt pass
        // loses orthogonality in floating point.
        orthogonalise(&mut w, deflated);
        orthogonalise(&mut w, &run.basis);
        orthogonalise(&mut w, &run.basis);
        let b = dot(&w, &w).sqrt();
        if b < 1e-10 * (1.0 + a.abs()) {
            run.last_beta = 0.0;
            break;
        }
        run.last_beta = b;
        if k + 1 == steps {
            break;
        }
        run.beta.push(b);
        run.basis.push(w.into_iter().map(|x| x / b).collect());
    }
    run
}

fn orthogonalise(w: &mut [f64], against: &[Vec<f64>]) {
    for q in against {
        let c = dot(w, q);
        w.iter_mut().zip(q).for_each(|(x, y)| *x -= c * y);
    }
}

/// The adjacency matrix (signed, or with absolute values) in compressed
/// rows: each row's columns and values side by side, so a product reads
/// memory in order instead of looking every tie up.
struct Csr {
    offsets: Vec<usize>,
    columns: Vec<u32>,
    values: Vec<f64>,
}

impl Csr {
    fn new(view: &UndirectedView, unsigned: bool) -> Csr {
        let mut columns = Vec::with_capacity(view.neighbours.len());
        let mut values = Vec::with_capacity(view.neighbours.len());
        for nb in &view.neighbours {
            let tie = &view.ties[nb.tie as usize];
            columns.push(nb.node);
            values.push(if unsigned || !tie.sign.is_negative() {
                tie.weight
            } else {
                -tie.weight
            });
        }
        Csr {
            offsets: view.offsets.clone(),
            columns,
            values,
        }
    }

    fn multiply(&self, x: &[f64]) -> Vec<f64> {
        self.offsets
            .windows(2)
            .map(|w| {
                self.columns[w[0]..w[1]]
                    .iter()
                    .zip(&self.values[w[0]..w[1]])
                    .map(|(&c, &v)| v * x[c as usize])
                    .sum()
            })
            .collect()
    }
}

// The vector kernels run on one thread: probes run in parallel instead,
// which keeps every core busy without a thread hand-off per vector.
fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signed::{Sign, SignedGraph};

    #[test]
    fn log_sum_exp_does_not_overflow() {
        let value = log_sum_exp([1000.0, 1000.0]);
        assert!((value - (1000.0 + 2f64.ln())).abs() < 1e-12);
        assert_eq!(log_sum_exp(std::iter::empty()), f64::NEG_INFINITY);
    }

    #[test]
    fn negative_triangle_matches_closed_form() {
        // All-negative triangle: A = -(J - I) has eigenvalues -2, 1, 1;
        // |A| has 2, -1, -1.
        let mut g = SignedGraph::new(false);
        g.add_named_edge("a", "b", Sign::Negative, 1.0).unwrap();
        g.add_named_edge("b", "c", Sign::Negative, 1.0).unwrap();
        g.add_named_edge("a", "c", Sign::Negative, 1.0).unwrap();
        let result = walk_balance(&g.undirected_view(), &WalkBalanceOptions::default());
        let e = std::f64::consts::E;
        let expected = (e.powi(-2) + 2.0 * e) / (e.powi(2) + 2.0 / e);
        assert!(result.exact);
        assert!((result.index - expected).abs() < 1e-12, "{result:?}");
    }

    #[test]
    fn estimate_is_close_on_a_graph_with_known_answer() {
        // A star of 300 negative ties is balanced (bipartite), so both
        // traces agree and the estimate must give 1; a huge hub weight
        // would overflow a naive trace.
        let mut g = SignedGraph::new(false);
        for leaf in 0..300 {
            g.add_named_edge("hub", &format!("leaf{leaf}"), Sign::Negative, 60.0)
                .unwrap();
        }
        let view = g.undirected_view();
        let options = WalkBalanceOptions {
            exact_max_nodes: 10,
            ..WalkBalanceOptions::default()
        };
        let estimate = walk_balance(&view, &options);
        assert!(!estimate.exact);
        assert!(estimate.log_trace_unsigned > 1000.0, "{estimate:?}");
        assert!((estimate.index - 1.0).abs() < 1e-9, "{estimate:?}");
        let exact = walk_balance(&view, &WalkBalanceOptions::default());
        assert!(exact.exact);
        assert!((exact.log_trace_unsigned - estimate.log_trace_unsigned).abs() < 0.05);
    }
}
