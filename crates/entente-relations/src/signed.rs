//! Signed graphs (friend/enemy ties between named actors) and their CSV form.
//!
//! A [`SignedGraph`] is plain data: node names, and edges each with two
//! endpoints, a [`Sign`] and a positive weight. It is either undirected (each
//! pair of actors at most once) or directed (each arc counts on its own, so
//! a pair may carry several arcs, even of opposite signs).
//!
//! Structural balance is a property of undirected ties, so the balance
//! algorithms work on an [`UndirectedView`]: one tie per pair, built by
//! summing the signed weights (`+w` or `-w`) of all edges of the pair. The
//! tie's sign is the sign of that sum and its weight the sum's absolute
//! value; a pair whose arcs cancel out (sum zero) has no tie. For an
//! undirected graph the view is the graph itself. For a directed graph the
//! rule keeps the frustration index exact when counted in arcs: whatever the
//! split, a pair with positive arcs of total weight `P` and negative arcs of
//! total weight `N` frustrates `min(P, N)` plus what its tie of weight `|P - N|`
//! frustrates, and the view records the sum of those `min(P, N)` as
//! [`UndirectedView::cancelled_weight`].
//!
//! The CSV reader accepts the header `source,target,sign` with an optional
//! `weight` column (any order, extra columns ignored) and reports every
//! problem with the file name, the line and the field, because these files
//! are written by hand or exported from other tools.

use rustc_hash::FxHashMap as HashMap;
use std::collections::hash_map::Entry;
use std::fmt;
use std::ops::Mul;
use std::path::{Path, PathBuf};

use thiserror::Error;

/// The sign of a tie: alliance/friendship or enmity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sign {
    Positive,
    Negative,
}

/// One edge (or arc, in a directed graph) as given.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub source: usize,
    pub target: usize,
    pub sign: Sign,
    /// Positive and finite; 1.0 unless the input says otherwise.
    pub weight: f64,
}

/// A signed graph over named nodes.
///
/// Fields are private so that the name index and, for undirected graphs, the
/// one-edge-per-pair rule cannot be broken; read them with the accessors.
#[derive(Clone, Debug, Default)]
pub struct SignedGraph {
    directed: bool,
    names: Vec<String>,
    by_name: std::collections::HashMap<String, usize>,
    edges: Vec<Edge>,
    /// Edge indices touching each node (both ends, whatever the direction).
    incident: Vec<Vec<usize>>,
    /// Undirected graphs only: the edge of each unordered pair `(min, max)`.
    pair_edge: HashMap<(usize, usize), usize>,
}

/// Why an edge could not be added to a [`SignedGraph`].
#[derive(Debug, Error, PartialEq)]
pub enum GraphError {
    #[error("node {node} does not exist (the graph has {node_count} nodes)")]
    UnknownNode { node: usize, node_count: usize },
    #[error("a tie of {name} with itself")]
    SelfLoop { name: String },
    #[error("weight {weight} is not a positive finite number")]
    BadWeight { weight: f64 },
    #[error(
        "the pair {source_name}-{target_name} is already a {existing} tie, cannot add it as {new}"
    )]
    ConflictingSign {
        source_name: String,
        target_name: String,
        existing: Sign,
        new: Sign,
    },
    #[error(
        "the pair {source_name}-{target_name} is already a tie of weight {existing}, cannot add it with weight {new}"
    )]
    ConflictingWeight {
        source_name: String,
        target_name: String,
        existing: f64,
        new: f64,
    },
}

/// Why an edge file could not be read. Every variant names the file; those
/// about a row name its line (1-based, the header is line 1) and field.
#[derive(Debug, Error)]
pub enum EdgeFileError {
    #[error("cannot read {}: {source}", file.display())]
    Io {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: the file is empty (expected the header `source,target,sign`)", file.display())]
    Empty { file: PathBuf },
    #[error("{}: line 1: the header has no `{column}` column (expected `source,target,sign`, optionally `weight`)", file.display())]
    MissingColumn { file: PathBuf, column: &'static str },
    #[error("{}: the file has a header but no edges", file.display())]
    NoEdges { file: PathBuf },
    #[error("{}: line {line}: field `{column}` is missing", file.display())]
    MissingField {
        file: PathBuf,
        line: u64,
        column: &'static str,
    },
    #[error("{}: line {line}: field `{column}` is empty", file.display())]
    EmptyField {
        file: PathBuf,
        line: u64,
        column: &'static str,
    },
    #[error("{}: line {line}: field `sign`: bad sign '{value}' (expected 1, +1, -1, + or -)", file.display())]
    BadSign {
        file: PathBuf,
        line: u64,
        value: String,
    },
    #[error("{}: line {line}: field `weight`: bad weight '{value}' (expected a positive number)", file.display())]
    BadWeight {
        file: PathBuf,
        line: u64,
        value: String,
    },
    #[error("{}: line {line}: fields `source`/`target`: a tie of {name} with itself", file.display())]
    SelfLoop {
        file: PathBuf,
        line: u64,
        name: String,
    },
    #[error("{}: line {line}: field `sign`: the pair {source_name}-{target_name} is {new} here but {existing} on line {first_line}", file.display())]
    ConflictingSign {
        file: PathBuf,
        line: u64,
        first_line: u64,
        source_name: String,
        target_name: String,
        existing: Sign,
        new: Sign,
    },
    #[error("{}: line {line}: field `weight`: the pair {source_name}-{target_name} has weight {new} here but {existing} on line {first_line}", file.display())]
    ConflictingWeight {
        file: PathBuf,
        line: u64,
        first_line: u64,
        source_name: String,
        target_name: String,
        existing: f64,
        new: f64,
    },
    #[error("{}: line {line}: malformed CSV: {message}", file.display())]
    Malformed {
        file: PathBuf,
        line: u64,
        message: String,
    },
}

/// The balance view of a graph: one tie per unordered pair, with sorted
/// adjacency (see the module doc for how directed arcs are combined).
#[derive(Clone, Debug)]
pub struct UndirectedView {
    /// Number of nodes (same numbering as the graph).
    pub node_count: usize,
    /// The ties, each with `a < b`.
    pub ties: Vec<Tie>,
    /// Adjacency in CSR form: the neighbours of `v` are
    /// `neighbours[offsets[v]..offsets[v + 1]]`, sorted by node.
    pub offsets: Vec<usize>,
    pub neighbours: Vec<Neighbour>,
    /// Weight frustrated whatever the split: for each pair, the lesser of
    /// its positive and negative arc weights (zero for undirected graphs).
    pub cancelled_weight: f64,
}

/// A tie of the undirected view.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tie {
    pub a: usize,
    pub b: usize,
    pub sign: Sign,
    pub weight: f64,
}

/// One entry of a node's adjacency in an [`UndirectedView`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Neighbour {
    pub node: u32,
    /// Index into [`UndirectedView::ties`].
    pub tie: u32,
}

impl Sign {
    /// +1 or -1.
    pub fn value(self) -> i8 {
        match self {
            Sign::Positive => 1,
            Sign::Negative => -1,
        }
    }

    /// `Positive` for `x >= 0`, `Negative` otherwise.
    pub fn of(x: f64) -> Sign {
        if x >= 0.0 {
            Sign::Positive
        } else {
            Sign::Negative
        }
    }

    pub fn is_negative(self) -> bool {
        self == Sign::Negative
    }

    pub fn flipped(self) -> Sign {
        match self {
            Sign::Positive => Sign::Negative,
            Sign::Negative => Sign::Positive,
        }
    }

    /// Parses `1`, `+1`, `+`, `-1` and `-` (surrounding spaces allowed).
    pub fn parse(text: &str) -> Option<Sign> {
        match text.trim() {
            "1" | "+1" | "+" => Some(Sign::Positive),
            "-1" | "-" => Some(Sign::Negative),
            _ => None,
        }
    }
}

impl Mul for Sign {
    type Output = Sign;
    fn mul(self, other: Sign) -> Sign {
        if self == other {
            Sign::Positive
        } else {
            Sign::Negative
        }
    }
}

impl fmt::Display for Sign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Sign::Positive => "positive",
            Sign::Negative => "negative",
        })
    }
}

impl SignedGraph {
    /// An empty graph.
    pub fn new(directed: bool) -> SignedGraph {
        SignedGraph {
            directed,
            ..SignedGraph::default()
        }
    }

    pub fn is_directed(&self) -> bool {
        self.directed
    }

    pub fn node_count(&self) -> usize {
        self.names.len()
    }

    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn name(&self, node: usize) -> &str {
        &self.names[node]
    }

    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// The node called `name`, if any.
    pub fn node(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// The node called `name`, created if it does not exist yet.
    pub fn add_node(&mut self, name: &str) -> usize {
        if let Some(&node) = self.by_name.get(name) {
            return node;
        }
        let node = self.names.len();
        self.names.push(name.to_owned());
        self.by_name.insert(name.to_owned(), node);
        self.incident.push(Vec::new());
        node
    }

    /// Adds an edge of weight 1 and returns its index (see [`Self::add_weighted_edge`]).
    pub fn add_edge(
        &mut self,
        source: usize,
        target: usize,
        sign: Sign,
    ) -> Result<usize, GraphError> {
        self.add_weighted_edge(source, target, sign, 1.0)
    }

    /// Adds an edge and returns its index. In an undirected graph a pair
    /// holds one edge: adding it again with the same sign and weight returns
    /// the existing index, anything else is an error. In a directed graph
    /// every call adds an arc.
    pub fn add_weighted_edge(
        &mut self,
        source: usize,
        target: usize,
        sign: Sign,
        weight: f64,
    ) -> Result<usize, GraphError> {
        let node_count = self.names.len();
        for node in [source, target] {
            if node >= node_count {
                return Err(GraphError::UnknownNode { node, node_count });
            }
        }
        if source == target {
            return Err(GraphError::SelfLoop {
                name: self.names[source].clone(),
            });
        }
        if !(weight.is_finite() && weight > 0.0) {
            return Err(GraphError::BadWeight { weight });
        }
        let index = self.edges.len();
        if !self.directed {
            let key = (source.min(target), source.max(target));
            match self.pair_edge.entry(key) {
                Entry::Occupied(entry) => {
                    let existing = &self.edges[*entry.get()];
                    if existing.sign != sign {
                        return Err(GraphError::ConflictingSign {
                            source_name: self.names[source].clone(),
                            target_name: self.names[target].clone(),
                            existing: existing.sign,
                            new: sign,
                        });
                    }
                    if existing.weight != weight {
                        return Err(GraphError::ConflictingWeight {
                            source_name: self.names[source].clone(),
                            target_name: self.names[target].clone(),
                            existing: existing.weight,
                            new: weight,
                        });
                    }
                    return Ok(*entry.get());
                }
                Entry::Vacant(entry) => {
                    entry.insert(index);
                }
            }
        }
        self.edges.push(Edge {
            source,
            target,
            sign,
            weight,
        });
        self.incident[source].push(index);
        self.incident[target].push(index);
        Ok(index)
    }

    /// Adds an edge between two named nodes, creating the nodes as needed.
    pub fn add_named_edge(
        &mut self,
        source: &str,
        target: &str,
        sign: Sign,
        weight: f64,
    ) -> Result<usize, GraphError> {
        let source = self.add_node(source);
        let target = self.add_node(target);
        self.add_weighted_edge(source, target, sign, weight)
    }

    /// The undirected edge between `a` and `b`, if any (undirected graphs;
    /// for directed graphs use [`Self::undirected_view`]).
    pub fn edge_between(&self, a: usize, b: usize) -> Option<&Edge> {
        self.pair_edge
            .get(&(a.min(b), a.max(b)))
            .map(|&index| &self.edges[index])
    }

    /// Indices of the edges (arcs) touching `node`, in insertion order.
    pub fn incident_edges(&self, node: usize) -> &[usize] {
        &self.incident[node]
    }

    /// Neighbours of `node` with the sign and weight of the connecting edge
    /// (one entry per edge or arc, whatever its direction).
    pub fn neighbours(&self, node: usize) -> impl Iterator<Item = (usize, Sign, f64)> + '_ {
        self.incident[node].iter().map(move |&index| {
            let edge = &self.edges[index];
            let other = if edge.source == node {
                edge.target
            } else {
                edge.source
            };
            (other, edge.sign, edge.weight)
        })
    }

    /// Number of edges or arcs touching `node`.
    pub fn degree(&self, node: usize) -> usize {
        self.incident[node].len()
    }

    /// Numbers of positive and negative edges (or arcs) touching `node`.
    pub fn signed_degree(&self, node: usize) -> (usize, usize) {
        let negative = self
            .neighbours(node)
            .filter(|(_, sign, _)| sign.is_negative())
            .count();
        (self.degree(node) - negative, negative)
    }

    /// Whether every weight is 1 (counts rather than weights).
    pub fn is_unweighted(&self) -> bool {
        self.edges.iter().all(|edge| edge.weight == 1.0)
    }

    /// The balance view: one tie per pair (see the module doc).
    pub fn undirected_view(&self) -> UndirectedView {
        // Directed: sum the arcs of each pair, positive and negative totals
        // apart, so that the cancelled part is known exactly.
        let (ties, cancelled_weight) = if self.directed {
            let arcs = self
                .edges
                .iter()
                .map(|e| {
                    let (p, n) = match e.sign {
                        Sign::Positive => (e.weight, 0.0),
                        Sign::Negative => (0.0, e.weight),
                    };
                    (pair_key(e.source, e.target), p, n)
                })
                .collect();
            net_ties(arcs)
        } else {
            let ties = self
                .edges
                .iter()
                .map(|e| Tie {
                    a: e.source.min(e.target),
                    b: e.source.max(e.target),
                    sign: e.sign,
                    weight: e.weight,
                })
                .collect();
            (ties, 0.0)
        };
        UndirectedView::from_ties(self.names.len(), ties, cancelled_weight)
    }
}

/// A test graph on nodes `0..n` named by their numbers, from
/// `(a, b, sign)` triples, as its undirected view.
#[cfg(test)]
pub(crate) fn test_view(ties: &[(usize, usize, i8)], n: usize) -> UndirectedView {
    let mut g = SignedGraph::new(false);
    for v in 0..n {
        g.add_node(&v.to_string());
    }
    for &(a, b, s) in ties {
        g.add_edge(a, b, Sign::of(f64::from(s))).unwrap();
    }
    g.undirected_view()
}

/// The key of an unordered pair: the smaller node in the high half.
pub(crate) fn pair_key(a: usize, b: usize) -> u64 {
    ((a.min(b) as u64) << 32) | a.max(b) as u64
}

/// Nets the weight each pair carries: `arcs` are `(pair_key, positive
/// weight, negative weight)`, any number per pair. Each pair becomes one tie
/// with the sign and size of its net weight (none when it nets to zero);
/// the weight that cancelled (the lesser of the two totals, frustrated
/// whatever the split) is summed and returned beside the ties, which come
/// sorted by pair.
pub(crate) fn net_ties(mut arcs: Vec<(u64, f64, f64)>) -> (Vec<Tie>, f64) {
    arcs.sort_unstable_by_key(|arc| arc.0);
    let mut ties = Vec::new();
    let mut cancelled = 0.0;
    for run in arcs.chunk_by(|x, y| x.0 == y.0) {
        let positive: f64 = run.iter().map(|arc| arc.1).sum();
        let negative: f64 = run.iter().map(|arc| arc.2).sum();
        cancelled += positive.min(negative);
        let net = positive - negative;
        if net != 0.0 {
            ties.push(Tie {
                a: (run[0].0 >> 32) as usize,
                b: (run[0].0 & 0xffff_ffff) as usize,
                sign: Sign::of(net),
                weight: net.abs(),
            });
        }
    }
    (ties, cancelled)
}

impl UndirectedView {
    /// Builds the adjacency of `ties`, which must be distinct pairs with
    /// `a < b < node_count`.
    pub fn from_ties(node_count: usize, ties: Vec<Tie>, cancelled_weight: f64) -> UndirectedView {
        let mut offsets = vec![0usize; node_count + 1];
        for tie in &ties {
            offsets[tie.a + 1] += 1;
            offsets[tie.b + 1] += 1;
        }
        for v in 0..node_count {
            offsets[v + 1] += offsets[v];
        }
        let mut fill = offsets.clone();
        let mut neighbours = vec![Neighbour { node: 0, tie: 0 }; 2 * ties.len()];
        for (index, tie) in ties.iter().enumerate() {
            neighbours[fill[tie.a]] = Neighbour {
                node: tie.b as u32,
                tie: index as u32,
            };
            fill[tie.a] += 1;
            neighbours[fill[tie.b]] = Neighbour {
                node: tie.a as u32,
                tie: index as u32,
            };
            fill[tie.b] += 1;
        }
        for v in 0..node_count {
            neighbours[offsets[v]..offsets[v + 1]].sort_unstable_by_key(|n| n.node);
        }
        UndirectedView {
            node_count,
            ties,
            offsets,
            neighbours,
            cancelled_weight,
        }
    }

    /// The neighbours of `node`, sorted by node.
    pub fn adjacent(&self, node: usize) -> &[Neighbour] {
        &self.neighbours[self.offsets[node]..self.offsets[node + 1]]
    }

    pub fn degree(&self, node: usize) -> usize {
        self.offsets[node + 1] - self.offsets[node]
    }

    /// The tie between `a` and `b`, if any (binary search).
    pub fn tie_between(&self, a: usize, b: usize) -> Option<&Tie> {
        let adjacent = self.adjacent(a);
        adjacent
            .binary_search_by_key(&(b as u32), |n| n.node)
            .ok()
            .map(|position| &self.ties[adjacent[position].tie as usize])
    }

    /// Whether every tie weighs a whole number (then frustration is integral
    /// and a fractional lower bound may be rounded up).
    pub fn has_integral_weights(&self) -> bool {
        self.ties
            .iter()
            .all(|t| t.weight.fract() == 0.0 && t.weight < 1e15)
            && self.cancelled_weight.fract() == 0.0
    }
}

/// Reads an edge file (see the module doc for the format).
pub fn read_edges_csv(path: &Path, directed: bool) -> Result<SignedGraph, EdgeFileError> {
    let text = std::fs::read_to_string(path).map_err(|source| EdgeFileError::Io {
        file: path.to_owned(),
        source,
    })?;
    parse_edges_csv(&text, path, directed)
}

/// Parses edge-file text; `file` only names the source in error messages.
pub fn parse_edges_csv(
    text: &str,
    file: &Path,
    directed: bool,
) -> Result<SignedGraph, EdgeFileError> {
    let file = file.to_path_buf();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut header = csv::StringRecord::new();
    match reader.read_record(&mut header) {
        Ok(false) => return Err(EdgeFileError::Empty { file }),
        Err(err) => return Err(malformed(&file, &err)),
        Ok(true) => {}
    }
    let find = |name: &str| {
        header.iter().position(|field| {
            field
                .trim_start_matches('\u{feff}')
                .eq_ignore_ascii_case(name)
        })
    };
    let source_column = find("source").ok_or_else(|| EdgeFileError::MissingColumn {
        file: file.clone(),
        column: "source",
    })?;
    let target_column = find("target").ok_or_else(|| EdgeFileError::MissingColumn {
        file: file.clone(),
        column: "target",
    })?;
    let sign_column = find("sign").ok_or_else(|| EdgeFileError::MissingColumn {
        file: file.clone(),
        column: "sign",
    })?;
    let weight_column = find("weight");

    let mut graph = SignedGraph::new(directed);
    // Line where each undirected pair first appeared, for conflict messages.
    let mut first_line: Vec<u64> = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(err) => return Err(malformed(&file, &err)),
        }
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|field| field.is_empty()) {
            continue;
        }
        let field = |column: usize, name: &'static str| -> Result<&str, EdgeFileError> {
            match record.get(column) {
                None => Err(EdgeFileError::MissingField {
                    file: file.clone(),
                    line,
                    column: name,
                }),
                Some("") => Err(EdgeFileError::EmptyField {
                    file: file.clone(),
                    line,
                    column: name,
                }),
                Some(value) => Ok(value),
            }
        };
        let source = field(source_column, "source")?;
        let target = field(target_column, "target")?;
        let sign_text = field(sign_column, "sign")?;
        let sign = Sign::parse(sign_text).ok_or_else(|| EdgeFileError::BadSign {
            file: file.clone(),
            line,
            value: sign_text.to_owned(),
        })?;
        let weight = match weight_column {
            None => 1.0,
            Some(column) => {
                let text = field(column, "weight")?;
                match text.parse::<f64>() {
                    Ok(w) if w.is_finite() && w > 0.0 => w,
                    _ => {
                        return Err(EdgeFileError::BadWeight {
                            file: file.clone(),
                            line,
                            value: text.to_owned(),
                        });
                    }
                }
            }
        };
        if source == target {
            return Err(EdgeFileError::SelfLoop {
                file: file.clone(),
                line,
                name: source.to_owned(),
            });
        }
        let edge_count = graph.edge_count();
        match graph.add_named_edge(source, target, sign, weight) {
            Ok(index) => {
                if index == edge_count {
                    first_line.push(line);
                }
            }
            Err(GraphError::ConflictingSign { existing, new, .. }) => {
                let (a, b) = (graph.add_node(source), graph.add_node(target));
                let index = graph.pair_edge[&(a.min(b), a.max(b))];
                return Err(EdgeFileError::ConflictingSign {
                    file,
                    line,
                    first_line: first_line[index],
                    source_name: source.to_owned(),
                    target_name: target.to_owned(),
                    existing,
                    new,
                });
            }
            Err(GraphError::ConflictingWeight { existing, new, .. }) => {
                let (a, b) = (graph.add_node(source), graph.add_node(target));
                let index = graph.pair_edge[&(a.min(b), a.max(b))];
                return Err(EdgeFileError::ConflictingWeight {
                    file,
                    line,
                    first_line: first_line[index],
                    source_name: source.to_owned(),
                    target_name: target.to_owned(),
                    existing,
                    new,
                });
            }
            // Self-loops and weights were checked above with their line.
            Err(other) => {
                return Err(EdgeFileError::Malformed {
                    file,
                    line,
                    message: other.to_string(),
                });
            }
        }
    }
    if graph.edge_count() == 0 {
        return Err(EdgeFileError::NoEdges { file });
    }
    Ok(graph)
}

fn malformed(file: &Path, err: &csv::Error) -> EdgeFileError {
    EdgeFileError::Malformed {
        file: file.to_path_buf(),
        line: err.position().map_or(0, |p| p.line()),
        message: err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, directed: bool) -> Result<SignedGraph, EdgeFileError> {
        parse_edges_csv(text, Path::new("ties.csv"), directed)
    }

    #[test]
    fn reads_signs_in_every_spelling_and_optional_weight() {
        let g = parse(
            "source,target,sign,weight\nA,B,1,2\nB,C,+1,1\nC,D,-1,0.5\nD,A,+,1\nA,C,-,3\n",
            false,
        )
        .unwrap();
        assert_eq!(g.node_count(), 4);
        assert_eq!(g.edge_count(), 5);
        let signs: Vec<Sign> = g.edges().iter().map(|e| e.sign).collect();
        use Sign::*;
        assert_eq!(signs, [Positive, Positive, Negative, Positive, Negative]);
        assert_eq!(g.edges()[2].weight, 0.5);
        let a = g.node("A").unwrap();
        let c = g.node("C").unwrap();
        assert_eq!(g.edge_between(c, a).unwrap().weight, 3.0);
        assert_eq!(g.signed_degree(a), (2, 1));
    }

    #[test]
    fn repeated_identical_row_counts_once_when_undirected() {
        let g = parse("source,target,sign\nA,B,1\nB,A,1\n", false).unwrap();
        assert_eq!(g.edge_count(), 1);
        let g = parse("source,target,sign\nA,B,1\nB,A,1\n", true).unwrap();
        assert_eq!(g.edge_count(), 2);
    }

    #[test]
    fn bad_sign_names_file_line_and_field() {
        let err = parse("source,target,sign\nA,B,1\nA,C,2\n", false).unwrap_err();
        assert!(
            matches!(err, EdgeFileError::BadSign { line: 3, .. }),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(message.contains("ties.csv"), "{message}");
        assert!(message.contains("line 3"), "{message}");
        assert!(
            message.contains("sign") && message.contains("'2'"),
            "{message}"
        );
    }

    #[test]
    fn self_loop_is_a_tie_with_itself() {
        let err = parse("source,target,sign\nA,B,1\nB,B,-1\n", false).unwrap_err();
        let message = err.to_string();
        assert!(matches!(err, EdgeFileError::SelfLoop { line: 3, .. }));
        assert!(message.contains("ties.csv: line 3"), "{message}");
        assert!(message.contains("a tie of B with itself"), "{message}");
    }

    #[test]
    fn missing_column_and_missing_field() {
        let err = parse("source,target\nA,B\n", false).unwrap_err();
        assert!(matches!(
            err,
            EdgeFileError::MissingColumn { column: "sign", .. }
        ));
        assert!(err.to_string().contains("ties.csv: line 1"), "{err}");
        let err = parse("source,target,sign\nA,B,1\nA,C\n", false).unwrap_err();
        assert!(
            matches!(
                err,
                EdgeFileError::MissingField {
                    line: 3,
                    column: "sign",
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains("ties.csv: line 3"), "{err}");
    }

    #[test]
    fn conflicting_duplicate_pair_names_both_lines() {
        let err = parse("source,target,sign\nA,B,1\nA,C,1\nB,A,-1\n", false).unwrap_err();
        assert!(
            matches!(
                err,
                EdgeFileError::ConflictingSign {
                    line: 4,
                    first_line: 2,
                    ..
                }
            ),
            "{err:?}"
        );
        // Directed: opposite arcs are two facts, not a conflict.
        assert_eq!(
            parse("source,target,sign\nA,B,1\nB,A,-1\n", true)
                .unwrap()
                .edge_count(),
            2
        );
    }

    #[test]
    fn empty_file_and_header_only() {
        assert!(matches!(parse("", false), Err(EdgeFileError::Empty { .. })));
        assert!(matches!(
            parse("source,target,sign\n", false),
            Err(EdgeFileError::NoEdges { .. })
        ));
    }

    #[test]
    fn bad_weight_is_reported() {
        let err = parse("source,target,sign,weight\nA,B,1,-2\n", false).unwrap_err();
        assert!(
            matches!(err, EdgeFileError::BadWeight { line: 2, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn directed_view_sums_arcs() {
        // A->B + and B->A + give a tie of weight 2; A->C + and C->A -
        // cancel out (one arc frustrated whatever the split); B->C - stays.
        let g = parse(
            "source,target,sign\nA,B,1\nB,A,1\nA,C,1\nC,A,-1\nB,C,-1\n",
            true,
        )
        .unwrap();
        let view = g.undirected_view();
        assert_eq!(view.ties.len(), 2);
        assert_eq!(view.cancelled_weight, 1.0);
        let (a, b, c) = (0, 1, 2);
        let ab = view.tie_between(a, b).unwrap();
        assert_eq!((ab.sign, ab.weight), (Sign::Positive, 2.0));
        assert!(view.tie_between(a, c).is_none());
        assert_eq!(view.tie_between(c, b).unwrap().sign, Sign::Negative);
        assert_eq!(view.degree(b), 2);
    }

    #[test]
    fn add_edge_rejects_self_loops_and_conflicts() {
        let mut g = SignedGraph::new(false);
        let a = g.add_node("A");
        let b = g.add_node("B");
        assert_eq!(g.add_node("A"), a);
        assert!(matches!(
            g.add_edge(a, a, Sign::Positive),
            Err(GraphError::SelfLoop { .. })
        ));
        assert_eq!(g.add_edge(a, b, Sign::Negative), Ok(0));
        assert_eq!(g.add_edge(b, a, Sign::Negative), Ok(0));
        assert!(matches!(
            g.add_edge(b, a, Sign::Positive),
            Err(GraphError::ConflictingSign { .. })
        ));
        assert!(matches!(
            g.add_edge(a, 7, Sign::Positive),
            Err(GraphError::UnknownNode { .. })
        ));
        assert_eq!(
            g.neighbours(a).collect::<Vec<_>>(),
            [(b, Sign::Negative, 1.0)]
        );
    }
}
