//! Signed networks of friends and enemies at a moment, built from events,
//! with analyst-declared ties layered on top, and written as JSON, CSV,
//! GraphML or GEXF.
//!
//! Rule (docs/relations.md): for every pair of nodes, the events between
//! them (either direction) up to the date give a decayed tone (see
//! [`crate::history`]); the pair is an edge when at least `min_events`
//! events fall within four half-lives of the date (or within the
//! `--from`/`--to` window) and the tone's magnitude reaches `threshold`.
//! Its sign is the tone's sign, its weight the tone's magnitude. A manual
//! tie active at the date replaces the computed edge of its pair and is
//! marked as manual.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use entente_ontology::FuzzyDate;

use crate::history::{Interaction, decay};

/// How to build a network.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkOptions {
    /// The moment (days since 1970-01-01): events after it are ignored.
    pub at: i32,
    /// Only events on or after this day (a window), if given.
    pub from: Option<i32>,
    /// Half-life of an event's weight, in days.
    pub half_life: f64,
    /// Fewest events a pair needs to be an edge.
    pub min_events: usize,
    /// Smallest tone magnitude that makes an edge.
    pub threshold: f64,
}

impl NetworkOptions {
    /// Whether an event of this day counts: not after the moment, not
    /// before the window.
    pub fn includes(&self, day: i32) -> bool {
        day <= self.at && self.from.is_none_or(|f| day >= f)
    }
}

impl Default for NetworkOptions {
    fn default() -> Self {
        NetworkOptions {
            at: i32::MAX,
            from: None,
            half_life: 365.0,
            min_events: 2,
            threshold: 1.0,
        }
    }
}

/// A tie an analyst declares: `a,b,sign,from,to,note`.
#[derive(Clone, Debug, PartialEq)]
pub struct ManualTie {
    /// One side.
    pub a: String,
    /// The other side.
    pub b: String,
    /// +1 or −1.
    pub sign: i8,
    /// From (open when `None`).
    pub from: Option<FuzzyDate>,
    /// To (open when `None`).
    pub to: Option<FuzzyDate>,
    /// Why.
    pub note: String,
    /// Line in the ties file.
    pub line: usize,
}

impl ManualTie {
    /// Whether the tie holds on a day.
    pub fn active(&self, day: i32) -> bool {
        self.from.is_none_or(|f| f.first_day() <= day)
            && self.to.is_none_or(|t| day <= t.last_day())
    }
}

/// An edge of the network.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    /// One side (the smaller code).
    pub a: String,
    /// The other side.
    pub b: String,
    /// +1 friends, −1 enemies.
    pub sign: i8,
    /// Magnitude of the tone (manual ties: 1).
    pub weight: f64,
    /// Decayed mean Goldstein score.
    pub tone: f64,
    /// Events counted.
    pub events: usize,
    /// The events that weigh most (store ids, at most five).
    pub evidence: Vec<i64>,
    /// Set when an analyst declared the tie: the note.
    pub manual: Option<String>,
}

/// A signed network: nodes and signed, weighted edges.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SignedNetwork {
    /// Node codes, sorted.
    pub nodes: Vec<String>,
    /// Edges, sorted by pair.
    pub edges: Vec<Edge>,
}

/// A problem in a ties file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {field}: {reason}")]
pub struct TieError {
    /// File.
    pub file: String,
    /// Line.
    pub line: usize,
    /// Column.
    pub field: String,
    /// What is wrong.
    pub reason: String,
}

/// Reads a ties CSV (`a,b,sign,from,to,note`; empty dates are open-ended;
/// quote a note that holds commas).
pub fn read_ties(file: &str, text: &str) -> Result<Vec<ManualTie>, TieError> {
    let err = |line: usize, field: &str, reason: String| TieError {
        file: file.into(),
        line,
        field: field.into(),
        reason,
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) if !(h.is_empty() || h.len() == 1 && h[0].is_empty()) => {
            h.iter().map(|c| c.to_ascii_lowercase()).collect()
        }
        Ok(_) => return Err(err(1, "header", "the file is empty".into())),
        Err(e) => return Err(err(1, "header", e.to_string())),
    };
    let at = |name: &str| header.iter().position(|c| c == name);
    let (Some(ia), Some(ib), Some(is)) = (at("a"), at("b"), at("sign")) else {
        return Err(err(
            1,
            "header",
            format!(
                "needs columns a,b,sign (and optionally from,to,note); found {}",
                header.join(",")
            ),
        ));
    };
    let (ifrom, ito, inote) = (at("from"), at("to"), at("note"));
    let mut out = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| {
            err(
                e.position().map_or(0, |p| p.line() as usize),
                "row",
                e.to_string(),
            )
        })?;
        let n = row.position().map_or(0, |p| p.line() as usize);
        if row.iter().all(str::is_empty) {
            continue;
        }
        let get = |k: Option<usize>| k.and_then(|k| row.get(k)).unwrap_or("");
        let (a, b) = (get(Some(ia)), get(Some(ib)));
        if a.is_empty() {
            return Err(err(n, "a", "missing".into()));
        }
        if b.is_empty() {
            return Err(err(n, "b", "missing".into()));
        }
        if a == b {
            return Err(err(n, "b", format!("a tie of {a} with itself")));
        }
        let sign = match get(Some(is)) {
            "+" | "+1" | "1" => 1,
            "-" | "-1" => -1,
            other => return Err(err(n, "sign", format!("{other:?} is not +1 or -1"))),
        };
        let date = |k: Option<usize>, name: &str| -> Result<Option<FuzzyDate>, TieError> {
            let v = get(k);
            if v.is_empty() {
                Ok(None)
            } else {
                FuzzyDate::parse(v)
                    .map(Some)
                    .map_err(|e| err(n, name, e.to_string()))
            }
        };
        let from = date(ifrom, "from")?;
        let to = date(ito, "to")?;
        if let (Some(x), Some(y)) = (from, to)
            && x.first_day() > y.last_day()
        {
            return Err(err(n, "to", format!("{y} is before from {x}")));
        }
        out.push(ManualTie {
            a: a.to_string(),
            b: b.to_string(),
            sign,
            from,
            to,
            note: get(inote).to_string(),
            line: n,
        });
    }
    Ok(out)
}

fn pair(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

/// What the events of one pair add up to at the network's moment: the
/// accumulator behind an edge. Callers that aggregate events themselves
/// (the store folds tens of millions of rows on all cores) fill one per
/// pair with [`PairTone::add`], merge partial ones with
/// [`PairTone::merge`], and hand them to [`build_from_pairs`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PairTone {
    /// Decayed Goldstein sum.
    pub weight: f64,
    /// Decayed event count.
    pub evidence: f64,
    /// Events counted towards `min_events`.
    pub events: usize,
    /// The heaviest events so far: (decayed |Goldstein|, store id), at most
    /// [`EVIDENCE_KEPT`], heaviest first.
    pub top: Vec<(f64, i64)>,
}

/// How many events an edge keeps as its evidence.
pub const EVIDENCE_KEPT: usize = 5;

impl PairTone {
    /// Adds one event. Events after the moment or before the window are
    /// ignored (returns false).
    pub fn add(&mut self, opts: &NetworkOptions, day: i32, goldstein: f64, event: i64) -> bool {
        if !opts.includes(day) {
            return false;
        }
        let age = opts.at.saturating_sub(day);
        let horizon = (opts.half_life * 4.0) as i32;
        let counted = opts.from.is_some() || opts.at == i32::MAX || age <= horizon;
        let w = if opts.at == i32::MAX {
            1.0
        } else {
            decay(age, opts.half_life)
        };
        self.weight += w * goldstein;
        self.evidence += w;
        if counted {
            self.events += 1;
        }
        self.keep((w * goldstein.abs(), event));
        true
    }

    /// Adds another accumulator of the same pair.
    pub fn merge(&mut self, other: PairTone) {
        self.weight += other.weight;
        self.evidence += other.evidence;
        self.events += other.events;
        for t in other.top {
            self.keep(t);
        }
    }

    fn keep(&mut self, item: (f64, i64)) {
        if self.top.len() == EVIDENCE_KEPT && self.top.last().is_some_and(|last| item.0 <= last.0) {
            return;
        }
        let at = self.top.partition_point(|t| t.0 >= item.0);
        self.top.insert(at, item);
        self.top.truncate(EVIDENCE_KEPT);
    }
}

/// Builds the network from interactions whose `source`/`target` are
/// already node codes at the level wanted.
pub fn build(
    interactions: &[Interaction],
    opts: &NetworkOptions,
    ties: &[ManualTie],
) -> SignedNetwork {
    let mut pairs: BTreeMap<(String, String), PairTone> = BTreeMap::new();
    for e in interactions {
        if e.source == e.target {
            continue;
        }
        if opts.includes(e.day) {
            pairs.entry(pair(&e.source, &e.target)).or_default().add(
                opts,
                e.day,
                e.goldstein,
                e.event,
            );
        }
    }
    build_from_pairs(pairs, opts, ties)
}

/// Builds the network from per-pair accumulators (keys in either order;
/// a pair of a node with itself is ignored).
pub fn build_from_pairs(
    pairs: impl IntoIterator<Item = ((String, String), PairTone)>,
    opts: &NetworkOptions,
    ties: &[ManualTie],
) -> SignedNetwork {
    let mut nodes: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut edges: BTreeMap<(String, String), Edge> = BTreeMap::new();
    let mut merged: BTreeMap<(String, String), PairTone> = BTreeMap::new();
    for ((a, b), tone) in pairs {
        if a == b {
            continue;
        }
        merged.entry(pair(&a, &b)).or_default().merge(tone);
    }
    for ((a, b), acc) in merged {
        nodes.insert(a.clone());
        nodes.insert(b.clone());
        if acc.events < opts.min_events || acc.evidence <= 0.0 {
            continue;
        }
        let tone = acc.weight / acc.evidence;
        if tone.abs() < opts.threshold {
            continue;
        }
        edges.insert(
            (a.clone(), b.clone()),
            Edge {
                a,
                b,
                sign: if tone > 0.0 { 1 } else { -1 },
                weight: tone.abs(),
                tone,
                events: acc.events,
                evidence: acc.top.iter().map(|t| t.1).collect(),
                manual: None,
            },
        );
    }
    for t in ties.iter().filter(|t| t.active(opts.at)) {
        let (a, b) = pair(&t.a, &t.b);
        nodes.insert(a.clone());
        nodes.insert(b.clone());
        let note = if t.note.is_empty() {
            "declared".to_string()
        } else {
            t.note.clone()
        };
        let e = edges.entry((a.clone(), b.clone())).or_insert(Edge {
            a,
            b,
            sign: t.sign,
            weight: 1.0,
            tone: 0.0,
            events: 0,
            evidence: Vec::new(),
            manual: None,
        });
        e.sign = t.sign;
        e.weight = e.weight.max(1.0);
        e.manual = Some(note);
    }
    SignedNetwork {
        nodes: nodes.into_iter().collect(),
        edges: edges.into_values().collect(),
    }
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl SignedNetwork {
    /// The signed graph of the network for balance analysis: every node,
    /// one tie of weight 1 per edge (balance counts signs, not strength).
    pub fn to_graph(&self) -> crate::signed::SignedGraph {
        use crate::signed::{Sign, SignedGraph};
        let mut g = SignedGraph::new(false);
        for n in &self.nodes {
            g.add_node(n);
        }
        for e in &self.edges {
            let sign = Sign::of(f64::from(e.sign));
            // Edges are distinct pairs of distinct nodes, so this never
            // conflicts; a pair that somehow did would keep its first sign.
            let _ = g.add_named_edge(&e.a, &e.b, sign, 1.0);
        }
        g
    }

    /// Keeps only nodes with at least one edge.
    pub fn without_isolates(mut self) -> SignedNetwork {
        let used: std::collections::BTreeSet<&String> =
            self.edges.iter().flat_map(|e| [&e.a, &e.b]).collect();
        self.nodes = self
            .nodes
            .iter()
            .filter(|n| used.contains(n))
            .cloned()
            .collect();
        self
    }

    /// The edge of a pair, either order.
    pub fn edge(&self, a: &str, b: &str) -> Option<&Edge> {
        let (x, y) = if a <= b { (a, b) } else { (b, a) };
        // Edges are sorted by pair.
        self.edges
            .binary_search_by(|e| (e.a.as_str(), e.b.as_str()).cmp(&(x, y)))
            .ok()
            .map(|i| &self.edges[i])
    }

    /// CSV: `source,target,sign,weight,tone,events,manual,note` (the first
    /// three columns are what `entente balance --edges` reads).
    pub fn to_csv(&self) -> String {
        let mut s = String::from("source,target,sign,weight,tone,events,manual,note\n");
        for e in &self.edges {
            let note = e
                .manual
                .clone()
                .unwrap_or_default()
                .replace(['"', '\n'], " ");
            let _ = writeln!(
                s,
                "{},{},{},{:.4},{:.4},{},{},\"{}\"",
                e.a,
                e.b,
                e.sign,
                e.weight,
                e.tone,
                e.events,
                e.manual.is_some(),
                note
            );
        }
        s
    }

    /// GraphML with `sign`, `weight`, `tone`, `events`, `manual` and `note` edge attributes.
    pub fn to_graphml(&self) -> String {
        let mut s = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
        );
        for (id, ty) in [
            ("sign", "int"),
            ("weight", "double"),
            ("tone", "double"),
            ("events", "int"),
            ("manual", "boolean"),
            ("note", "string"),
        ] {
            let _ = writeln!(
                s,
                "  <key id=\"{id}\" for=\"edge\" attr.name=\"{id}\" attr.type=\"{ty}\"/>"
            );
        }
        s.push_str("  <graph edgedefault=\"undirected\">\n");
        for n in &self.nodes {
            let _ = writeln!(s, "    <node id=\"{}\"/>", xml(n));
        }
        for e in &self.edges {
            let _ = writeln!(
                s,
                "    <edge source=\"{}\" target=\"{}\"><data key=\"sign\">{}</data><data key=\"weight\">{:.4}</data><data key=\"tone\">{:.4}</data><data key=\"events\">{}</data><data key=\"manual\">{}</data><data key=\"note\">{}</data></edge>",
                xml(&e.a),
                xml(&e.b),
                e.sign,
                e.weight,
                e.tone,
                e.events,
                e.manual.is_some(),
                xml(e.manual.as_deref().unwrap_or(""))
            );
        }
        s.push_str("  </graph>\n</graphml>\n");
        s
    }

    /// GEXF 1.3 with the same edge attributes.
    pub fn to_gexf(&self) -> String {
        let mut s = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n  <graph defaultedgetype=\"undirected\">\n    <attributes class=\"edge\">\n",
        );
        for (i, (id, ty)) in [
            ("sign", "integer"),
            ("tone", "double"),
            ("events", "integer"),
            ("manual", "boolean"),
            ("note", "string"),
        ]
        .iter()
        .enumerate()
        {
            let _ = writeln!(
                s,
                "      <attribute id=\"{i}\" title=\"{id}\" type=\"{ty}\"/>"
            );
        }
        s.push_str("    </attributes>\n    <nodes>\n");
        for n in &self.nodes {
            let _ = writeln!(s, "      <node id=\"{0}\" label=\"{0}\"/>", xml(n));
        }
        s.push_str("    </nodes>\n    <edges>\n");
        for (i, e) in self.edges.iter().enumerate() {
            let _ = writeln!(
                s,
                "      <edge id=\"{i}\" source=\"{}\" target=\"{}\" weight=\"{:.4}\"><attvalues><attvalue for=\"0\" value=\"{}\"/><attvalue for=\"1\" value=\"{:.4}\"/><attvalue for=\"2\" value=\"{}\"/><attvalue for=\"3\" value=\"{}\"/><attvalue for=\"4\" value=\"{}\"/></attvalues></edge>",
                xml(&e.a),
                xml(&e.b),
                e.weight,
                e.sign,
                e.tone,
                e.events,
                e.manual.is_some(),
                xml(e.manual.as_deref().unwrap_or(""))
            );
        }
        s.push_str("    </edges>\n  </graph>\n</gexf>\n");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use entente_ontology::QuadClass;

    fn ev(a: &str, b: &str, day: &str, g: f64, id: i64) -> Interaction {
        Interaction {
            source: a.into(),
            target: b.into(),
            day: FuzzyDate::parse(day).unwrap().first_day(),
            goldstein: g,
            quad: QuadClass::VerbalCooperation,
            event: id,
        }
    }

    fn day(d: &str) -> i32 {
        FuzzyDate::parse(d).unwrap().first_day()
    }

    #[test]
    fn signs_follow_decayed_tone() {
        let events = [
            ev("IRN", "AFGREBTAL", "2018-01-01", -10.0, 1),
            ev("AFGREBTAL", "IRN", "2021-01-01", 4.0, 2),
            ev("IRN", "AFGREBTAL", "2021-02-01", 3.0, 3),
            ev("USA", "IRN", "2020-01-03", -10.0, 4),
            ev("IRN", "USA", "2020-01-08", -10.0, 5),
            ev("IRN", "IRN", "2020-01-08", 5.0, 6),
        ];
        let net = build(
            &events,
            &NetworkOptions {
                at: day("2021-03-01"),
                half_life: 180.0,
                ..NetworkOptions::default()
            },
            &[],
        );
        let t = net.edge("IRN", "AFGREBTAL").unwrap();
        assert_eq!(t.sign, 1, "the old killing has decayed: {t:?}");
        assert_eq!(t.events, 2, "the 2018 event is beyond four half-lives");
        assert_eq!(net.edge("USA", "IRN").unwrap().sign, -1);
        assert_eq!(net.nodes, ["AFGREBTAL", "IRN", "USA"]);
        // Before the thaw: enemies (and one event is below min_events).
        let early = build(
            &events,
            &NetworkOptions {
                at: day("2018-02-01"),
                half_life: 180.0,
                min_events: 1,
                ..NetworkOptions::default()
            },
            &[],
        );
        assert_eq!(early.edge("IRN", "AFGREBTAL").unwrap().sign, -1);
    }

    #[test]
    fn manual_ties_override_and_are_marked() {
        let ties = read_ties("t.csv", "a,b,sign,from,to,note\nIRN,RUS,+1,2015,,\"strategic partners, per treaty\"\nUSA,IRN,-1,,2019-12,\n").unwrap();
        assert_eq!(ties[0].note, "strategic partners, per treaty");
        let events = [
            ev("IRN", "RUS", "2016-01-01", -5.0, 1),
            ev("IRN", "RUS", "2016-02-01", -5.0, 2),
        ];
        let net = build(
            &events,
            &NetworkOptions {
                at: day("2016-06-01"),
                ..NetworkOptions::default()
            },
            &ties,
        );
        let e = net.edge("RUS", "IRN").unwrap();
        assert_eq!(e.sign, 1);
        assert!(e.manual.is_some());
        assert_eq!(net.edge("USA", "IRN").unwrap().sign, -1);
        let later = build(
            &[],
            &NetworkOptions {
                at: day("2020-06-01"),
                ..NetworkOptions::default()
            },
            &ties,
        );
        assert!(
            later.edge("USA", "IRN").is_none(),
            "the declared tie ended in 2019"
        );
        for (text, words) in [
            ("a,b,sign\nIRN,IRN,+1\n", "itself"),
            ("a,b,sign\nIRN,USA,2\n", "sign"),
            ("a,b\nIRN,USA\n", "header"),
            ("a,b,sign,from\nIRN,USA,+1,2019-13\n", "from"),
        ] {
            let e = read_ties("t.csv", text).unwrap_err();
            assert_eq!(e.line, if words == "header" { 1 } else { 2 }, "{e}");
            assert!(e.to_string().contains(words), "{e}");
        }
    }

    #[test]
    fn exports_name_every_edge() {
        let events = [
            ev("A", "B", "2020-01-01", 5.0, 1),
            ev("A", "B", "2020-01-02", 5.0, 2),
            ev("B", "C", "2020-01-01", -5.0, 3),
            ev("B", "C", "2020-01-03", -5.0, 4),
        ];
        let net = build(&events, &NetworkOptions::default(), &[]);
        assert_eq!(net.edges.len(), 2);
        let csv = net.to_csv();
        assert!(csv.starts_with("source,target,sign"));
        assert!(csv.contains("A,B,1,5.0000"));
        assert!(net.to_graphml().matches("<edge ").count() == 2);
        assert!(
            net.to_gexf()
                .contains("<edge id=\"1\" source=\"B\" target=\"C\"")
        );
    }
}
