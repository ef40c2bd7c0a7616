//! Triangle census: every triangle of ties classified by its signs.
//!
//! Under strong balance (Heider, Cartwright–Harary) a triangle is balanced
//! when it has an even number of negative ties (`+++`, `+--`); under weak
//! balance (Davis) only `++-` is unbalanced, since three mutual enemies may
//! sit in three camps.
//!
//! Enumeration uses the forward algorithm: nodes are ranked by degree and
//! each tie is oriented from lower to higher rank, so every triangle is
//! found once, from its lowest-ranked node, and no node scans more than
//! O(sqrt(m)) oriented neighbours. The work is split across threads with
//! rayon; each thread keeps its own marker array, so there is no sharing.

use rayon::prelude::*;

use crate::signed::{Sign, UndirectedView};

/// Number of triangles by sign pattern (`p` positive, `n` negative tie).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TriangleCensus {
    pub ppp: u64,
    pub ppn: u64,
    pub pnn: u64,
    pub nnn: u64,
}

/// A triangle: its nodes in increasing order and the signs of the ties
/// `(nodes[0], nodes[1])`, `(nodes[0], nodes[2])`, `(nodes[1], nodes[2])`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Triangle {
    pub nodes: [usize; 3],
    pub signs: [Sign; 3],
}

/// The third node of a triangle through a tie `(i, j)`, with the signs of
/// its ties to `i` and to `j`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThirdNode {
    pub node: usize,
    pub sign_to_i: Sign,
    pub sign_to_j: Sign,
}

/// Triangles through one tie, split by strong balance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EdgeTriangles {
    pub balanced: u32,
    pub unbalanced: u32,
}

impl TriangleCensus {
    pub fn total(&self) -> u64 {
        self.ppp + self.ppn + self.pnn + self.nnn
    }

    /// Even number of negative ties: `+++` and `+--`.
    pub fn strong_balanced(&self) -> u64 {
        self.ppp + self.pnn
    }

    pub fn strong_unbalanced(&self) -> u64 {
        self.ppn + self.nnn
    }

    /// Everything but `++-`.
    pub fn weak_balanced(&self) -> u64 {
        self.ppp + self.pnn + self.nnn
    }

    pub fn weak_unbalanced(&self) -> u64 {
        self.ppn
    }

    /// Count for a given number of negative ties (0 to 3).
    pub fn with_negatives(&self, negatives: usize) -> u64 {
        [self.ppp, self.ppn, self.pnn, self.nnn][negatives]
    }

    fn add(mut self, other: TriangleCensus) -> TriangleCensus {
        self.ppp += other.ppp;
        self.ppn += other.ppn;
        self.pnn += other.pnn;
        self.nnn += other.nnn;
        self
    }
}

impl Triangle {
    /// Number of negative ties (0 to 3).
    pub fn negatives(&self) -> usize {
        self.signs.iter().filter(|s| s.is_negative()).count()
    }

    /// Strong balance: an even number of negative ties.
    pub fn is_balanced(&self) -> bool {
        self.negatives().is_multiple_of(2)
    }
}

impl ThirdNode {
    /// Whether the triangle `(i, j, node)` is balanced (strong balance),
    /// given the sign of the tie `(i, j)`.
    pub fn is_balanced_with(&self, sign_ij: Sign) -> bool {
        sign_ij * self.sign_to_i * self.sign_to_j == Sign::Positive
    }
}

/// Counts triangles by sign pattern.
pub fn triangle_census(view: &UndirectedView) -> TriangleCensus {
    let oriented = Oriented::new(view);
    let n = view.node_count;
    // Enough chunks to balance the load, few enough that each marker array
    // (one byte per node) is cheap to allocate.
    let chunk = n.div_ceil(rayon::current_num_threads() * 16).max(1024);
    (0..n.div_ceil(chunk))
        .into_par_iter()
        .map(|c| {
            let mut mark = vec![0u32; n];
            let mut census = TriangleCensus::default();
            for u in c * chunk..((c + 1) * chunk).min(n) {
                oriented.for_each_triangle_from(
                    u,
                    &mut mark,
                    |_, _, _, negatives| match negatives {
                        0 => census.ppp += 1,
                        1 => census.ppn += 1,
                        2 => census.pnn += 1,
                        _ => census.nnn += 1,
                    },
                );
            }
            census
        })
        .reduce(TriangleCensus::default, TriangleCensus::add)
}

/// Every triangle, each once, sorted by nodes. Meant for small graphs and
/// for explaining a census; memory grows with the number of triangles.
pub fn list_triangles(view: &UndirectedView) -> Vec<Triangle> {
    let oriented = Oriented::new(view);
    let mut mark = vec![0u32; view.node_count];
    let mut triangles = Vec::new();
    for u in 0..view.node_count {
        oriented.for_each_triangle_from(u, &mut mark, |v, w, _, _| {
            let mut nodes = [u, v, w];
            nodes.sort_unstable();
            let sign = |a: usize, b: usize| view.tie_between(a, b).map(|t| t.sign);
            let signs = [
                sign(nodes[0], nodes[1]),
                sign(nodes[0], nodes[2]),
                sign(nodes[1], nodes[2]),
            ];
            if let [Some(a), Some(b), Some(c)] = signs {
                triangles.push(Triangle {
                    nodes,
                    signs: [a, b, c],
                });
            }
        });
    }
    triangles.sort_unstable_by_key(|t| t.nodes);
    triangles
}

/// Strong triangle balance: balanced triangles over all triangles (`None`
/// when there are no triangles).
pub fn triangle_balance_index(census: &TriangleCensus) -> Option<f64> {
    let total = census.total();
    (total > 0).then(|| census.strong_balanced() as f64 / total as f64)
}

/// The common neighbours `k` of `i` and `j`, with the signs of `(i, k)` and
/// `(j, k)`: the triangles a tie between `i` and `j` closes (whether or not
/// the tie exists). Sorted by `k`.
pub fn triangles_through(view: &UndirectedView, i: usize, j: usize) -> Vec<ThirdNode> {
    let mut third = Vec::new();
    for_each_common(view, i, j, |k, tik, tjk| {
        third.push(ThirdNode {
            node: k,
            sign_to_i: view.ties[tik].sign,
            sign_to_j: view.ties[tjk].sign,
        });
    });
    third
}

/// For every tie (indexed like [`UndirectedView::ties`]), the balanced and
/// unbalanced triangles through it (strong balance).
pub fn edge_triangle_counts(view: &UndirectedView) -> Vec<EdgeTriangles> {
    view.ties
        .par_iter()
        .map(|tie| {
            let mut counts = EdgeTriangles::default();
            for_each_common(view, tie.a, tie.b, |_, tik, tjk| {
                if tie.sign * view.ties[tik].sign * view.ties[tjk].sign == Sign::Positive {
                    counts.balanced += 1;
                } else {
                    counts.unbalanced += 1;
                }
            });
            counts
        })
        .collect()
}

/// Calls `f(k, tie_ik, tie_jk)` for each common neighbour `k` of `i` and `j`
/// in increasing order. Merges the two sorted lists, or gallops through the
/// longer one when their lengths differ a lot (hub next to a leaf).
fn for_each_common(
    view: &UndirectedView,
    i: usize,
    j: usize,
    mut f: impl FnMut(usize, usize, usize),
) {
    let (a, b) = (view.adjacent(i), view.adjacent(j));
    let swapped = a.len() > b.len();
    let (short, long) = if swapped { (b, a) } else { (a, b) };
    let mut emit = |k: u32, ts: u32, tl: u32| {
        let (ti, tj) = if swapped { (tl, ts) } else { (ts, tl) };
        f(k as usize, ti as usize, tj as usize);
    };
    if short.len() * 16 < long.len() {
        let mut from = 0;
        for s in short {
            match long[from..].binary_search_by_key(&s.node, |n| n.node) {
                Ok(pos) => {
                    emit(s.node, s.tie, long[from + pos].tie);
                    from += pos + 1;
                }
                Err(pos) => from += pos,
            }
        }
    } else {
        let (mut x, mut y) = (0, 0);
        while x < short.len() && y < long.len() {
            match short[x].node.cmp(&long[y].node) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    emit(short[x].node, short[x].tie, long[y].tie);
                    x += 1;
                    y += 1;
                }
            }
        }
    }
}

/// Ties oriented from lower to higher (degree, node) rank, in CSR form.
/// Each entry holds the head node and `tie << 1 | negative`, so the census
/// reads signs without touching the tie array.
pub(crate) struct Oriented {
    offsets: Vec<usize>,
    heads: Vec<(u32, u32)>,
}

impl Oriented {
    pub(crate) fn new(view: &UndirectedView) -> Oriented {
        let n = view.node_count;
        let ranks_before = |a: usize, b: usize| (view.degree(a), a) < (view.degree(b), b);
        let mut offsets = vec![0usize; n + 1];
        for tie in &view.ties {
            let tail = if ranks_before(tie.a, tie.b) {
                tie.a
            } else {
                tie.b
            };
            offsets[tail + 1] += 1;
        }
        for v in 0..n {
            offsets[v + 1] += offsets[v];
        }
        let mut fill = offsets.clone();
        let mut heads = vec![(0u32, 0u32); view.ties.len()];
        for (index, tie) in view.ties.iter().enumerate() {
            let (tail, head) = if ranks_before(tie.a, tie.b) {
                (tie.a, tie.b)
            } else {
                (tie.b, tie.a)
            };
            heads[fill[tail]] = (
                head as u32,
                (index as u32) << 1 | tie.sign.is_negative() as u32,
            );
            fill[tail] += 1;
        }
        Oriented { offsets, heads }
    }

    fn out(&self, v: usize) -> &[(u32, u32)] {
        &self.heads[self.offsets[v]..self.offsets[v + 1]]
    }

    /// Calls `f(v, w, [tie_uv, tie_uw, tie_vw], negatives)` for each
    /// triangle whose lowest-ranked node is `u`. `mark` (one slot per node)
    /// must be all zero and is left so.
    pub(crate) fn for_each_triangle_from(
        &self,
        u: usize,
        mark: &mut [u32],
        mut f: impl FnMut(usize, usize, [usize; 3], u32),
    ) {
        let out_u = self.out(u);
        if out_u.len() < 2 {
            return;
        }
        for &(v, tie) in out_u {
            mark[v as usize] = tie + 1;
        }
        for &(v, tie_uv) in out_u {
            for &(w, tie_vw) in self.out(v as usize) {
                let m = mark[w as usize];
                if m != 0 {
                    let tie_uw = m - 1;
                    let negatives = (tie_uv & 1) + (tie_vw & 1) + (tie_uw & 1);
                    let ties = [
                        (tie_uv >> 1) as usize,
                        (tie_uw >> 1) as usize,
                        (tie_vw >> 1) as usize,
                    ];
                    f(v as usize, w as usize, ties, negatives);
                }
            }
        }
        for &(v, _) in out_u {
            mark[v as usize] = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signed::SignedGraph;

    fn graph(ties: &[(usize, usize, i8)], n: usize) -> UndirectedView {
        let mut g = SignedGraph::new(false);
        for v in 0..n {
            g.add_node(&format!("n{v}"));
        }
        for &(a, b, s) in ties {
            let sign = if s > 0 {
                Sign::Positive
            } else {
                Sign::Negative
            };
            g.add_edge(a, b, sign).unwrap();
        }
        g.undirected_view()
    }

    #[test]
    fn census_of_k4_with_one_negative_tie() {
        // K4 with (0,1) negative: triangles 012 and 013 are ++-, 023 and
        // 123 are +++.
        let view = graph(
            &[
                (0, 1, -1),
                (0, 2, 1),
                (0, 3, 1),
                (1, 2, 1),
                (1, 3, 1),
                (2, 3, 1),
            ],
            4,
        );
        let census = triangle_census(&view);
        assert_eq!(
            census,
            TriangleCensus {
                ppp: 2,
                ppn: 2,
                pnn: 0,
                nnn: 0
            }
        );
        assert_eq!(census.weak_unbalanced(), 2);
        assert_eq!(triangle_balance_index(&census), Some(0.5));
        let through = triangles_through(&view, 0, 1);
        assert_eq!(through.iter().map(|t| t.node).collect::<Vec<_>>(), [2, 3]);
        assert!(through.iter().all(|t| !t.is_balanced_with(Sign::Negative)));
        let counts = edge_triangle_counts(&view);
        assert_eq!(
            counts[0],
            EdgeTriangles {
                balanced: 0,
                unbalanced: 2
            }
        );
        assert_eq!(
            counts[5],
            EdgeTriangles {
                balanced: 2,
                unbalanced: 0
            }
        );
        let listed = list_triangles(&view);
        assert_eq!(listed.len(), 4);
        assert_eq!(listed[0].nodes, [0, 1, 2]);
        assert_eq!(
            listed[0].signs,
            [Sign::Negative, Sign::Positive, Sign::Positive]
        );
    }

    #[test]
    fn no_triangles_gives_no_index() {
        let view = graph(&[(0, 1, 1), (1, 2, -1)], 3);
        assert_eq!(triangle_census(&view).total(), 0);
        assert_eq!(triangle_balance_index(&triangle_census(&view)), None);
    }

    #[test]
    fn galloping_and_merging_agree() {
        // Node 0 is a hub tied to everyone; node 1 has two ties. The pair
        // (0, 1) takes the galloping path, (2, 3) the merge.
        let mut ties = Vec::new();
        for v in 1..60 {
            ties.push((0, v, if v % 3 == 0 { -1 } else { 1 }));
        }
        ties.extend([(1, 5, 1), (1, 9, -1), (2, 3, 1), (2, 5, 1), (3, 5, -1)]);
        let view = graph(&ties, 60);
        let through = triangles_through(&view, 1, 0);
        assert_eq!(through.iter().map(|t| t.node).collect::<Vec<_>>(), [5, 9]);
        assert_eq!(through[1].sign_to_i, Sign::Negative);
        assert_eq!(through[1].sign_to_j, Sign::Negative);
        assert_eq!(
            triangles_through(&view, 2, 3)
                .iter()
                .map(|t| t.node)
                .collect::<Vec<_>>(),
            [0, 5]
        );
    }
}
