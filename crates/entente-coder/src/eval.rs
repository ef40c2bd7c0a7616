//! Scoring the coder against gold events.
//!
//! Gold formats: PLOVER JSON records (an array, one sentence each, with
//! `source`/`target` actor lists and a PLOVER `event` type), and entente's
//! document format: JSON Lines of documents, or one JSON object with a
//! `documents` array, each document with `id`, `published`, `text` and
//! `events` (`source`, `target` — `A|B` lists acceptable codes —, `cameo`,
//! `cameo_roots`, `plover`, `symmetric`, `core`). PETRARCH validation XML
//! is read by [`crate::petrarch`].
//!
//! Three levels, as CAMEO users compare codings: (1) root code and root
//! actors (an actor's country-level node: `USAGOV` and `USA` agree,
//! `PAKINS` and `PAKGOV` do not; a less specific gold group code such as
//! `SOMINS` accepts the group `SOMINSSHB`); (2) full code and full actor
//! codes; (3) quad class and root actors. For PLOVER records, which have no
//! CAMEO codes, levels 1 and 2 compare PLOVER types. A gold event without a
//! target accepts any target; a symmetric one either direction. Only gold
//! events marked core count towards recall; a prediction matching any gold
//! event counts towards precision. Negated and hypothetical predictions
//! are not predictions of events.

use entente_ontology::{ActorCode, CameoCode, Event, FuzzyDate, Modality, PloverType, QuadClass};
use serde::Deserialize;

use crate::{Coder, Document, Overrides};

/// A gold event.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldEvent {
    /// Acceptable source codes.
    pub source: Vec<ActorCode>,
    /// Acceptable target codes; empty when the event has no target.
    pub target: Vec<ActorCode>,
    /// The CAMEO code, when the gold gives one.
    pub cameo: Option<CameoCode>,
    /// Acceptable CAMEO roots (default: the code's root).
    pub roots: Vec<u8>,
    /// The PLOVER type.
    pub plover: Option<PloverType>,
    /// Either direction counts.
    pub symmetric: bool,
    /// Counts towards recall.
    pub core: bool,
    /// Words that carry it, for reports.
    pub evidence: String,
}

/// A gold document: text with its events.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldDocument {
    /// Identifier.
    pub id: String,
    /// Publication date.
    pub date: FuzzyDate,
    /// Text.
    pub text: String,
    /// Settings the gold file asks for while coding this document.
    pub overrides: Overrides,
    /// Gold events.
    pub events: Vec<GoldEvent>,
}

/// Precision, recall and F1 at one level.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Score {
    /// Predictions that matched a gold event.
    pub true_positives: usize,
    /// Predictions.
    pub predicted: usize,
    /// Core gold events matched.
    pub gold_matched: usize,
    /// Core gold events.
    pub gold: usize,
}

impl Score {
    /// Precision.
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            0.0
        } else {
            self.true_positives as f64 / self.predicted as f64
        }
    }
    /// Recall.
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            self.gold_matched as f64 / self.gold as f64
        }
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// A miss or a false hit, for the report.
#[derive(Clone, Debug, PartialEq)]
pub struct Mismatch {
    /// Document id.
    pub doc: String,
    /// Description.
    pub what: String,
}

/// The result of an evaluation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Documents or records.
    pub records: usize,
    /// The ids of the records that are not fully right (some event
    /// missed or wrong at level 2, or a false hit), in the gold file's
    /// order.
    pub failed: Vec<String>,
    /// Level 1: root code and root actors.
    pub root: Score,
    /// Level 2: full code and full actors.
    pub full: Score,
    /// Level 3: quad class and root actors.
    pub quad: Score,
    /// Gold events missed at level 1.
    pub misses: Vec<Mismatch>,
    /// Predictions matching no gold event at level 1.
    pub false_hits: Vec<Mismatch>,
}

impl Report {
    /// Records whose events all match at level 2 with no false hits.
    pub fn passed(&self) -> usize {
        self.records - self.failed.len()
    }
}

/// Comparison levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Root code, root actors.
    Root,
    /// Full code, full actors.
    Full,
    /// Quad class, root actors.
    Quad,
}

/// CAMEO's root actor is the code's first three letters: a gold "SDN"
/// covers SDNGOV and SDNREB alike (gold sets code rebels, parties and
/// civilians under their country). Longer gold codes match themselves and
/// the codes structurally below them.
fn root_match(pred: &ActorCode, gold: &ActorCode) -> bool {
    let (p, g) = (pred.node(), gold.node());
    p == g
        || p.structural_ancestors().contains(&g)
        || (g.as_str().len() == 3 && p.as_str().starts_with(g.as_str()))
}

fn actor_match(pred: &ActorCode, golds: &[ActorCode], level: Level) -> bool {
    golds.iter().any(|g| match level {
        Level::Full => pred == g,
        Level::Root | Level::Quad => root_match(pred, g),
    })
}

/// Whether a prediction matches a gold event at a level.
pub fn matches(pred: &Event, gold: &GoldEvent, level: Level) -> bool {
    let code_ok = match level {
        Level::Quad => {
            let gq = gold
                .cameo
                .and_then(|c| c.quad_class())
                .or(gold.plover.map(|p| p.quad_class()));
            gq.is_some_and(|q: QuadClass| Some(q) == pred.quad_class)
        }
        Level::Root => match gold.cameo {
            Some(_) => pred.cameo.is_some_and(|c| gold.roots.contains(&c.root())),
            None => gold.plover.is_some() && pred.plover == gold.plover,
        },
        Level::Full => match gold.cameo {
            Some(gc) => pred.cameo == Some(gc),
            None => gold.plover.is_some() && pred.plover == gold.plover,
        },
    };
    if !code_ok {
        return false;
    }
    let (Some(ps), pt) = (&pred.source, &pred.target) else {
        return false;
    };
    let direct = actor_match(ps, &gold.source, level)
        && (gold.target.is_empty()
            || pt
                .as_ref()
                .is_some_and(|t| actor_match(t, &gold.target, level)));
    let reverse = gold.symmetric
        && !gold.target.is_empty()
        && actor_match(ps, &gold.target, level)
        && pt
            .as_ref()
            .is_some_and(|t| actor_match(t, &gold.source, level));
    direct || reverse
}

/// Predictions that count as events.
pub fn countable(e: &Event) -> bool {
    !e.negated && e.modality != Modality::Hypothetical
}

fn describe(e: &Event) -> String {
    let code = e
        .cameo
        .map(|c| c.to_string())
        .or(e.plover.map(|p| p.name().to_string()))
        .unwrap_or_default();
    let rule = match &e.provenance {
        entente_ontology::Provenance::Text { sentence, rule, .. } => {
            format!(" [s{sentence}: {rule}]")
        }
        _ => String::new(),
    };
    format!(
        "{} -> {} {code}{rule}",
        e.source.as_ref().map_or("-".into(), |c| c.to_string()),
        e.target.as_ref().map_or("-".into(), |c| c.to_string())
    )
}

fn describe_gold(g: &GoldEvent) -> String {
    let alts = |v: &[ActorCode]| {
        if v.is_empty() {
            "-".to_string()
        } else {
            v.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join("|")
        }
    };
    let code = g
        .cameo
        .map(|c| c.to_string())
        .or(g.plover.map(|p| p.name().to_string()))
        .unwrap_or_default();
    format!(
        "{} -> {} {code} \"{}\"",
        alts(&g.source),
        alts(&g.target),
        g.evidence
    )
}

/// Greedy one-to-one matching: per gold event, the first unmatched
/// prediction that matches. Returns (matched predictions, matched gold).
fn match_all(preds: &[&Event], gold: &[GoldEvent], level: Level) -> (Vec<bool>, Vec<bool>) {
    let mut pred_used = vec![false; preds.len()];
    let mut gold_used = vec![false; gold.len()];
    // Core events first, so that a prediction is not spent on an optional one.
    let mut order: Vec<usize> = (0..gold.len()).collect();
    order.sort_by_key(|&i| !gold[i].core);
    for gi in order {
        if let Some(pi) =
            (0..preds.len()).find(|&pi| !pred_used[pi] && matches(preds[pi], &gold[gi], level))
        {
            pred_used[pi] = true;
            gold_used[gi] = true;
        }
    }
    // Several predictions of one gold event (the same event coded from two
    // mentions) are not false hits.
    for pi in 0..preds.len() {
        if !pred_used[pi] && gold.iter().any(|g| matches(preds[pi], g, level)) {
            pred_used[pi] = true;
        }
    }
    (pred_used, gold_used)
}

fn add(score: &mut Score, gold: &[GoldEvent], pred_used: &[bool], gold_used: &[bool]) {
    score.predicted += pred_used.len();
    score.true_positives += pred_used.iter().filter(|u| **u).count();
    score.gold += gold.iter().filter(|g| g.core).count();
    score.gold_matched += gold
        .iter()
        .zip(gold_used)
        .filter(|(g, u)| g.core && **u)
        .count();
}

/// Codes every gold document and scores the result.
pub fn evaluate(coder: &Coder, docs: &[GoldDocument]) -> Report {
    let mut report = Report {
        records: docs.len(),
        ..Report::default()
    };
    for d in docs {
        let coded = coder.code_with(
            &Document {
                id: d.id.clone(),
                date: d.date,
                text: d.text.clone(),
            },
            d.overrides,
        );
        let preds: Vec<&Event> = coded.events.iter().filter(|e| countable(e)).collect();
        let (p1, g1) = match_all(&preds, &d.events, Level::Root);
        let (p2, g2) = match_all(&preds, &d.events, Level::Full);
        let (p3, g3) = match_all(&preds, &d.events, Level::Quad);
        add(&mut report.root, &d.events, &p1, &g1);
        add(&mut report.full, &d.events, &p2, &g2);
        add(&mut report.quad, &d.events, &p3, &g3);
        if !(p2.iter().all(|u| *u) && d.events.iter().zip(&g2).all(|(g, u)| !g.core || *u)) {
            report.failed.push(d.id.clone());
        }
        for (g, used) in d.events.iter().zip(&g1) {
            if g.core && !used {
                report.misses.push(Mismatch {
                    doc: d.id.clone(),
                    what: describe_gold(g),
                });
            }
        }
        for (p, used) in preds.iter().zip(&p1) {
            if !used {
                report.false_hits.push(Mismatch {
                    doc: d.id.clone(),
                    what: describe(p),
                });
            }
        }
    }
    report
}

// ---- gold readers -----------------------------------------------------------

/// A problem reading a gold file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {reason}")]
pub struct GoldError {
    /// The file.
    pub file: String,
    /// What is wrong, with the record or line where there is one.
    pub reason: String,
}

fn codes(s: &str) -> Vec<ActorCode> {
    s.split('|')
        .filter_map(|c| ActorCode::parse(c).ok())
        .collect()
}

#[derive(Deserialize)]
struct NewsFile {
    documents: Vec<NewsDoc>,
}

#[derive(Deserialize)]
struct NewsDoc {
    id: serde_json::Value,
    #[serde(alias = "date")]
    published: String,
    text: String,
    #[serde(default)]
    events: Vec<NewsEvent>,
}

#[derive(Deserialize)]
struct NewsEvent {
    source: Option<String>,
    target: Option<String>,
    cameo: Option<String>,
    #[serde(default)]
    cameo_roots: Vec<String>,
    plover: Option<String>,
    #[serde(default)]
    symmetric: bool,
    #[serde(default = "yes")]
    core: bool,
    #[serde(default)]
    evidence: String,
}

fn yes() -> bool {
    true
}

fn news_doc(file: &str, where_: &str, d: NewsDoc) -> Result<GoldDocument, GoldError> {
    let err = |reason: String| GoldError {
        file: file.into(),
        reason: format!("{where_}: {reason}"),
    };
    let date = FuzzyDate::parse(&d.published).map_err(|e| err(format!("published: {e}")))?;
    let id = match d.id {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    };
    let mut events = Vec::new();
    for (k, e) in d.events.into_iter().enumerate() {
        let cameo = e
            .cameo
            .as_deref()
            .map(CameoCode::parse_local)
            .transpose()
            .map_err(|x| err(format!("event {k}: {x}")))?;
        let mut roots: Vec<u8> = e
            .cameo_roots
            .iter()
            .filter_map(|r| r.parse().ok())
            .collect();
        if roots.is_empty()
            && let Some(c) = cameo
        {
            roots.push(c.root());
        }
        let source = codes(e.source.as_deref().unwrap_or(""));
        if source.is_empty() {
            // Agentless gold events cannot be matched by a coder that codes
            // only events with a source; they are skipped.
            continue;
        }
        events.push(GoldEvent {
            source,
            target: codes(e.target.as_deref().unwrap_or("")),
            cameo,
            roots,
            plover: e
                .plover
                .as_deref()
                .and_then(PloverType::parse)
                .or(cameo.and_then(|c| c.plover())),
            symmetric: e.symmetric,
            core: e.core,
            evidence: e.evidence,
        });
    }
    Ok(GoldDocument {
        id,
        date,
        text: d.text,
        overrides: Overrides::default(),
        events,
    })
}

#[derive(Deserialize)]
struct PloverRecord {
    id: Option<String>,
    event: Option<String>,
    date: Option<String>,
    text: Option<String>,
    source: Option<serde_json::Value>,
    target: Option<serde_json::Value>,
}

fn plover_actors(v: &Option<serde_json::Value>) -> Vec<Vec<ActorCode>> {
    let one = |x: &serde_json::Value| -> Option<Vec<ActorCode>> {
        match x {
            serde_json::Value::String(s) if !s.trim().is_empty() => Some(codes(s)),
            serde_json::Value::Object(o) => o.get("code").and_then(|c| c.as_str()).map(codes),
            _ => None,
        }
    };
    match v {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(one)
            .filter(|c| !c.is_empty())
            .collect(),
        Some(x) => one(x).into_iter().filter(|c| !c.is_empty()).collect(),
        None => Vec::new(),
    }
}

/// Reads a gold file: PLOVER JSON records, entente documents as one JSON
/// object, or entente documents as JSON Lines.
pub fn read_gold(file: &str, text: &str) -> Result<Vec<GoldDocument>, GoldError> {
    let trimmed = text.trim_start();
    let err = |reason: String| GoldError {
        file: file.into(),
        reason,
    };
    if trimmed.starts_with('[') {
        let records: Vec<PloverRecord> =
            serde_json::from_str(text).map_err(|e| err(format!("line {}: {e}", e.line())))?;
        let mut out = Vec::new();
        for (i, r) in records.into_iter().enumerate() {
            let kind = r.event.unwrap_or_default();
            if kind.eq_ignore_ascii_case("DOCUMENT") {
                continue;
            }
            let id = r.id.unwrap_or_else(|| format!("record {}", i + 1));
            let plover = PloverType::parse(&kind)
                .ok_or_else(|| err(format!("{id}: unknown PLOVER type {kind:?}")))?;
            let Some(text) = r.text.filter(|t| !t.trim().is_empty()) else {
                return Err(err(format!("{id}: no text")));
            };
            let date = r
                .date
                .as_deref()
                .and_then(|d| FuzzyDate::parse(d).ok())
                .unwrap_or_else(|| FuzzyDate::parse("2000-01-01").expect("valid"));
            let sources = plover_actors(&r.source);
            let targets = plover_actors(&r.target);
            let mut events = Vec::new();
            for s in &sources {
                if targets.is_empty() {
                    events.push(GoldEvent {
                        source: s.clone(),
                        target: Vec::new(),
                        cameo: None,
                        roots: Vec::new(),
                        plover: Some(plover),
                        symmetric: false,
                        core: true,
                        evidence: String::new(),
                    });
                }
                for t in &targets {
                    events.push(GoldEvent {
                        source: s.clone(),
                        target: t.clone(),
                        cameo: None,
                        roots: Vec::new(),
                        plover: Some(plover),
                        symmetric: false,
                        core: true,
                        evidence: String::new(),
                    });
                }
            }
            out.push(GoldDocument {
                id,
                date,
                text,
                overrides: Overrides::default(),
                events,
            });
        }
        return Ok(out);
    }
    if trimmed.starts_with('{') {
        // One object with "documents", or JSON Lines of documents.
        if let Ok(f) = serde_json::from_str::<NewsFile>(text) {
            return f
                .documents
                .into_iter()
                .enumerate()
                .map(|(i, d)| news_doc(file, &format!("document {}", i + 1), d))
                .collect();
        }
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let d: NewsDoc =
                serde_json::from_str(line).map_err(|e| err(format!("line {}: {e}", i + 1)))?;
            out.push(news_doc(file, &format!("line {}", i + 1), d)?);
        }
        return Ok(out);
    }
    Err(err(
        "not a gold file: expected PLOVER JSON records (an array) or entente gold documents (JSON)"
            .into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> ActorCode {
        ActorCode::parse(s).unwrap()
    }

    #[test]
    fn root_actors_follow_cameo() {
        // A bare country in the gold covers everyone coded under it.
        assert!(root_match(&code("SDNREB"), &code("SDN")));
        assert!(root_match(&code("SDNGOV"), &code("SDN")));
        assert!(root_match(&code("IGOUNO"), &code("IGO")));
        assert!(!root_match(&code("SDNGOV"), &code("SSD")));
        // A longer gold code needs that code or one structurally below it.
        assert!(root_match(&code("AFGREBTAL"), &code("AFGREB")));
        assert!(!root_match(&code("AFGGOV"), &code("AFGREB")));
        assert!(!root_match(&code("SDN"), &code("SDNREB")));
    }
}
