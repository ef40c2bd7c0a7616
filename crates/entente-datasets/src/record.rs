//! entente's own event record: the JSON object `entente code` prints, the
//! rows of `entente export`, and what `entente import csv|jsonl` reads back.
//! Fields are documented in `docs/event-record.md`.

use entente_ontology::{
    ActorCode, CameoCode, DateSource, Event, FuzzyDate, Modality, PloverType, Provenance, Span,
    Spans,
};
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::RowError;

/// One event as written to JSON, JSONL and CSV. In CSV, `spans` is the
/// text `source=0-10 target=20-25 trigger=11-19`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// Store row id (export) or the file's own id (import).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Document identifier, for events coded from text.
    #[serde(default)]
    pub doc_id: Option<String>,
    /// Sentence index in the document, from 0.
    #[serde(default)]
    pub sentence: Option<u64>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: String,
    /// `text`, `context`, `publication` or `dataset`.
    #[serde(default)]
    pub date_source: Option<String>,
    /// Source actor code.
    #[serde(default)]
    pub source: Option<String>,
    /// Words naming the source.
    #[serde(default)]
    pub source_name: Option<String>,
    /// Target actor code.
    #[serde(default)]
    pub target: Option<String>,
    /// Words naming the target.
    #[serde(default)]
    pub target_name: Option<String>,
    /// CAMEO code, e.g. `"042"`.
    #[serde(default)]
    pub cameo: Option<String>,
    /// CAMEO root, e.g. `"04"`.
    #[serde(default)]
    pub cameo_root: Option<String>,
    /// PLOVER type.
    #[serde(default)]
    pub plover: Option<String>,
    /// PLOVER mode.
    #[serde(default)]
    pub mode: Option<String>,
    /// Goldstein score.
    #[serde(default)]
    pub goldstein: Option<f64>,
    /// Quad class 1–4.
    #[serde(default)]
    pub quad_class: Option<u8>,
    /// Whether the text negates the event.
    #[serde(default)]
    pub negated: Option<bool>,
    /// `asserted`, `intended`, `hypothetical` or `reported`.
    #[serde(default)]
    pub modality: Option<String>,
    /// The sentence.
    #[serde(default)]
    pub text: Option<String>,
    /// Character spans of source, target and trigger in the sentence.
    #[serde(default)]
    pub spans: Option<SpansRecord>,
    /// The dictionary rule that fired.
    #[serde(default)]
    pub rule: Option<String>,
    /// Coder version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coder: Option<String>,
    /// Dataset of an imported event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset: Option<String>,
    /// File an imported event came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Line in that file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The dataset's own event id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row_id: Option<String>,
}

/// Spans as `[start, end)` pairs of character offsets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SpansRecord {
    /// The source's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<[usize; 2]>,
    /// The target's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<[usize; 2]>,
    /// The trigger's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<[usize; 2]>,
}

/// The record form of spans.
pub fn spans_record(s: &Spans) -> SpansRecord {
    let pair = |s: Option<Span>| s.map(|s| [s.start, s.end]);
    SpansRecord {
        source: pair(s.source),
        target: pair(s.target),
        trigger: pair(s.trigger),
    }
}

impl SpansRecord {
    /// The CSV form: `source=0-10 target=20-25 trigger=11-19`.
    pub fn to_text(&self) -> String {
        let mut parts = Vec::new();
        for (name, v) in [
            ("source", self.source),
            ("target", self.target),
            ("trigger", self.trigger),
        ] {
            if let Some([a, b]) = v {
                parts.push(format!("{name}={a}-{b}"));
            }
        }
        parts.join(" ")
    }
}

impl EventRecord {
    /// The record of an event (`id`: its store row id, if any).
    pub fn from_event(event: &Event, id: Option<i64>) -> EventRecord {
        let mut r = EventRecord {
            id: id.map(|i| i.to_string()),
            date: event.date.to_string(),
            date_source: Some(event.date_source.name().to_string()),
            source: event.source.as_ref().map(|c| c.to_string()),
            source_name: event.source_name.clone(),
            target: event.target.as_ref().map(|c| c.to_string()),
            target_name: event.target_name.clone(),
            cameo: event.cameo.map(|c| c.as_str().to_string()),
            cameo_root: event.cameo.map(|c| c.root_str().to_string()),
            plover: event.plover.map(|p| p.name().to_string()),
            mode: event.mode.clone(),
            goldstein: event.goldstein,
            quad_class: event.quad_class.map(|q| q.number()),
            negated: Some(event.negated),
            modality: Some(event.modality.name().to_string()),
            ..EventRecord::default()
        };
        match &event.provenance {
            Provenance::Text {
                doc_id,
                sentence,
                text,
                spans,
                rule,
                coder,
            } => {
                r.doc_id = Some(doc_id.clone());
                r.sentence = Some(*sentence as u64);
                r.text = Some(text.clone());
                r.spans = Some(spans_record(spans));
                r.rule = Some(rule.clone());
                r.coder = Some(coder.clone());
            }
            Provenance::Dataset {
                dataset,
                file,
                line,
                row_id,
                ..
            } => {
                r.dataset = Some(dataset.to_string());
                r.file = Some(file.to_string());
                r.line = Some(*line);
                r.row_id = row_id.clone();
            }
        }
        r
    }

    /// The event a record describes, imported from `file` at `line`.
    /// `raw` is the row's text, hashed to recognise the row if imported again.
    pub fn to_event(
        &self,
        dataset: &'static str,
        file: &std::sync::Arc<str>,
        line: u64,
        raw: &str,
    ) -> Result<Event, RowError> {
        let bad = |field: &'static str, reason: String| RowError {
            line,
            field: Some(field),
            reason,
        };
        let blank = |o: &Option<String>| {
            o.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let date = FuzzyDate::parse(&self.date).map_err(|e| bad("date", e.to_string()))?;
        let actor =
            |field: &'static str, v: &Option<String>| -> Result<Option<ActorCode>, RowError> {
                blank(v)
                    .map(|c| ActorCode::parse(&c).map_err(|e| bad(field, e.to_string())))
                    .transpose()
            };
        let source = actor("source", &self.source)?;
        let target = actor("target", &self.target)?;
        let cameo = blank(&self.cameo)
            .map(|c| CameoCode::parse_extended(&c).map_err(|e| bad("cameo", e.to_string())))
            .transpose()?;
        let plover = blank(&self.plover)
            .map(|p| {
                PloverType::parse(&p)
                    .ok_or_else(|| bad("plover", format!("unknown PLOVER type {p:?}")))
            })
            .transpose()?;
        let provenance = Provenance::Dataset {
            dataset,
            file: file.clone(),
            line,
            row_id: blank(&self.id),
            row_hash: xxh3_64_with_seed(raw.as_bytes(), 0x656e_7465_6e74),
        };
        let date_source = match blank(&self.date_source) {
            None => DateSource::Dataset,
            Some(s) => DateSource::parse(&s)
                .ok_or_else(|| bad("date_source", format!("unknown date source {s:?}")))?,
        };
        let mut event = match (cameo, plover) {
            (Some(c), _) => Event::from_cameo(date, date_source, source, target, c, provenance),
            (None, Some(p)) => Event::from_plover(date, date_source, source, target, p, provenance),
            (None, None) => return Err(bad("cameo", "neither cameo nor plover is given".into())),
        };
        if let (Some(c), Some(p)) = (cameo, plover) {
            if c.plover().is_some_and(|cp| cp != p) {
                return Err(bad(
                    "plover",
                    format!(
                        "{p} does not match CAMEO {c} ({})",
                        c.plover().map_or("none", |x| x.name())
                    ),
                ));
            }
            event.plover = Some(p);
        }
        if let Some(root) = blank(&self.cameo_root)
            && cameo.is_some_and(|c| c.root_str() != root)
        {
            return Err(bad(
                "cameo_root",
                format!(
                    "{root} is not the root of {}",
                    self.cameo.as_deref().unwrap_or("")
                ),
            ));
        }
        if let Some(g) = self.goldstein {
            if !(g.is_finite() && (-10.0..=10.0).contains(&g)) {
                return Err(bad(
                    "goldstein",
                    format!("{g} is not a score from -10 to 10"),
                ));
            }
            event.goldstein = Some(g);
        }
        if let Some(q) = self.quad_class
            && let Some(implied) = event.quad_class.map(|c| c.number())
            && q != implied
        {
            return Err(bad(
                "quad_class",
                format!("{q} does not match the event's quad class {implied}"),
            ));
        }
        if let Some(m) = blank(&self.modality) {
            event.modality = Modality::parse(&m)
                .ok_or_else(|| bad("modality", format!("unknown modality {m:?}")))?;
        }
        event.negated = self.negated.unwrap_or(false);
        event.mode = blank(&self.mode).or(event.mode);
        event.source_name = blank(&self.source_name);
        event.target_name = blank(&self.target_name);
        Ok(event)
    }
}

/// Column order of CSV exports, and the header CSV imports understand.
pub const CSV_COLUMNS: [&str; 25] = [
    "id",
    "doc_id",
    "sentence",
    "date",
    "date_source",
    "source",
    "source_name",
    "target",
    "target_name",
    "cameo",
    "cameo_root",
    "plover",
    "mode",
    "goldstein",
    "quad_class",
    "negated",
    "modality",
    "text",
    "spans",
    "rule",
    "coder",
    "dataset",
    "file",
    "line",
    "row_id",
];

/// A record as CSV fields, in [`CSV_COLUMNS`] order.
pub fn csv_fields(r: &EventRecord) -> Vec<String> {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let n = |v: Option<u64>| v.map(|x| x.to_string()).unwrap_or_default();
    vec![
        o(&r.id),
        o(&r.doc_id),
        n(r.sentence),
        r.date.clone(),
        o(&r.date_source),
        o(&r.source),
        o(&r.source_name),
        o(&r.target),
        o(&r.target_name),
        o(&r.cameo),
        o(&r.cameo_root),
        o(&r.plover),
        o(&r.mode),
        r.goldstein.map(|g| g.to_string()).unwrap_or_default(),
        r.quad_class.map(|q| q.to_string()).unwrap_or_default(),
        r.negated.map(|b| b.to_string()).unwrap_or_default(),
        o(&r.modality),
        o(&r.text),
        r.spans.map(|s| s.to_text()).unwrap_or_default(),
        o(&r.rule),
        o(&r.coder),
        o(&r.dataset),
        o(&r.file),
        n(r.line),
        o(&r.row_id),
    ]
}

/// Reads a CSV row by header names into a record. Unknown columns are
/// ignored; `date` is required.
pub fn record_from_csv(
    header: &[String],
    row: &csv::StringRecord,
    line: u64,
) -> Result<EventRecord, RowError> {
    let mut r = EventRecord::default();
    let bad = |field: &'static str, reason: String| RowError {
        line,
        field: Some(field),
        reason,
    };
    let mut have_date = false;
    for (name, value) in header.iter().zip(row.iter()) {
        let v = value.trim();
        let s = || (!v.is_empty()).then(|| v.to_string());
        match name.as_str() {
            "id" => r.id = s(),
            "doc_id" => r.doc_id = s(),
            "sentence" => {
                r.sentence = s()
                    .map(|x| {
                        x.parse()
                            .map_err(|_| bad("sentence", format!("{x:?} is not a number")))
                    })
                    .transpose()?
            }
            "date" => {
                r.date = v.to_string();
                have_date = true;
            }
            "date_source" => r.date_source = s(),
            "source" => r.source = s(),
            "source_name" => r.source_name = s(),
            "target" => r.target = s(),
            "target_name" => r.target_name = s(),
            "cameo" => r.cameo = s(),
            "cameo_root" => r.cameo_root = s(),
            "plover" => r.plover = s(),
            "mode" => r.mode = s(),
            "goldstein" => {
                r.goldstein = s()
                    .map(|x| {
                        x.parse()
                            .map_err(|_| bad("goldstein", format!("{x:?} is not a number")))
                    })
                    .transpose()?
            }
            "quad_class" => {
                r.quad_class = s()
                    .map(|x| {
                        x.parse()
                            .map_err(|_| bad("quad_class", format!("{x:?} is not 1 to 4")))
                    })
                    .transpose()?
            }
            "negated" => {
                r.negated = s()
                    .map(|x| match x.to_ascii_lowercase().as_str() {
                        "true" | "1" | "yes" => Ok(true),
                        "false" | "0" | "no" => Ok(false),
                        _ => Err(bad("negated", format!("{x:?} is not true or false"))),
                    })
                    .transpose()?
            }
            "modality" => r.modality = s(),
            "text" => r.text = s(),
            "rule" => r.rule = s(),
            _ => {}
        }
    }
    if !have_date {
        return Err(bad("date", "missing".into()));
    }
    Ok(r)
}
