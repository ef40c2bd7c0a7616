//! PLOVER/POLECAT JSON records, in the layout of the PLOVER gold-standard
//! files: a JSON array of objects (or one object per line), each with `id`,
//! `date`, `event` (a PLOVER type; legacy 0.5 names are mapped), optional
//! `mode` and `context`, and `source` / `target` as lists of
//! `{actorText, code}`. A list of several actors is a compound actor: one
//! event per source and target pair. `target` may be missing, `null` or an
//! empty string: an event without a recipient. Records whose `event` is
//! `DOCUMENT` describe the file and are skipped.

use entente_ontology::{ActorCode, DateSource, Event, FuzzyDate, PloverType, Provenance};
use serde_json::Value;
use serde_json::value::RawValue;
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::RowError;

/// One record's text and the line it starts on.
#[derive(Debug)]
pub struct RawRecord<'a> {
    /// Line of the record's first character.
    pub line: u64,
    /// The record's JSON text.
    pub json: &'a str,
}

/// Splits a JSON document into records: a top-level array, or one JSON
/// value per line (JSONL). Returns the first syntax problem with its line.
pub fn split_records(text: &str) -> Result<Vec<RawRecord<'_>>, RowError> {
    let line_of = |offset: usize| text[..offset].bytes().filter(|&b| b == b'\n').count() as u64 + 1;
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        let items: Vec<&RawValue> = serde_json::from_str(text).map_err(|e| RowError {
            line: e.line() as u64,
            field: None,
            reason: format!("invalid JSON: {e}"),
        })?;
        Ok(items
            .into_iter()
            .map(|raw| {
                let offset = raw.get().as_ptr() as usize - text.as_ptr() as usize;
                RawRecord {
                    line: line_of(offset),
                    json: raw.get(),
                }
            })
            .collect())
    } else {
        Ok(text
            .split('\n')
            .enumerate()
            .filter(|(_, line)| !line.trim().is_empty())
            .map(|(i, line)| RawRecord {
                line: i as u64 + 1,
                json: line,
            })
            .collect())
    }
}

/// The events of one record: none for a `DOCUMENT` record, else one per
/// source × target pair.
pub fn parse_record(
    rec: &RawRecord<'_>,
    file: &std::sync::Arc<str>,
) -> Result<Vec<Event>, RowError> {
    let line = rec.line;
    let bad = |field: &'static str, reason: String| RowError {
        line,
        field: Some(field),
        reason,
    };
    let v: Value = serde_json::from_str(rec.json).map_err(|e| RowError {
        line: line + e.line() as u64 - 1,
        field: None,
        reason: format!("invalid JSON: {e}"),
    })?;
    let obj = v.as_object().ok_or_else(|| RowError {
        line,
        field: None,
        reason: "a record must be a JSON object".into(),
    })?;
    let kind = obj
        .get("event")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("event", "missing".into()))?;
    if kind.eq_ignore_ascii_case("DOCUMENT") {
        return Ok(Vec::new());
    }
    let plover = PloverType::parse(kind)
        .ok_or_else(|| bad("event", format!("unknown PLOVER type {kind:?}")))?;
    let id = obj.get("id").and_then(Value::as_str).map(str::to_string);
    let date_text = obj
        .get("date")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("date", "missing".into()))?;
    let date = FuzzyDate::parse(date_text).map_err(|e| bad("date", e.to_string()))?;
    let mode = obj
        .get("mode")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(str::to_string);
    let sources = actors(obj.get("source"), "source", line)?;
    if sources.is_empty() {
        return Err(bad("source", "a PLOVER event needs a source actor".into()));
    }
    let mut targets: Vec<(Option<ActorCode>, Option<String>)> =
        actors(obj.get("target"), "target", line)?
            .into_iter()
            .map(|(c, n)| (Some(c), n))
            .collect();
    if targets.is_empty() {
        targets.push((None, None));
    }
    let mut out = Vec::new();
    let mut pair = 0u64;
    for (s, sname) in &sources {
        for (t, tname) in &targets {
            let mut e = Event::from_plover(
                date,
                DateSource::Dataset,
                Some(s.clone()),
                t.clone(),
                plover,
                Provenance::Dataset {
                    dataset: "plover",
                    file: file.clone(),
                    line,
                    row_id: id.clone(),
                    row_hash: xxh3_64_with_seed(rec.json.as_bytes(), 0x706c_6f76 + pair),
                },
            );
            e.source_name = sname.clone();
            e.target_name = tname.clone();
            e.mode = mode.clone();
            out.push(e);
            pair += 1;
        }
    }
    Ok(out)
}

/// Reads `source` or `target`: a list of `{actorText, code}`, one such
/// object, a bare code string, or nothing.
fn actors(
    v: Option<&Value>,
    field: &'static str,
    line: u64,
) -> Result<Vec<(ActorCode, Option<String>)>, RowError> {
    let bad = |reason: String| RowError {
        line,
        field: Some(field),
        reason,
    };
    let one = |x: &Value| -> Result<Option<(ActorCode, Option<String>)>, RowError> {
        match x {
            Value::String(s) if s.trim().is_empty() => Ok(None),
            Value::String(s) => ActorCode::parse(s)
                .map(|c| Some((c, None)))
                .map_err(|e| bad(e.to_string())),
            Value::Object(o) => {
                let code = o.get("code").and_then(Value::as_str).unwrap_or("");
                if code.trim().is_empty() {
                    return Err(bad("an actor without a code".into()));
                }
                let c = ActorCode::parse(code).map_err(|e| bad(e.to_string()))?;
                Ok(Some((
                    c,
                    o.get("actorText")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                )))
            }
            Value::Null => Ok(None),
            other => Err(bad(format!("expected a list of actors, found {other}"))),
        }
    };
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(one)
            .filter_map(Result::transpose)
            .collect(),
        Some(x) => Ok(one(x)?.into_iter().collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compound_actors_split_and_documents_skip() {
        let text = r#"[
  {"id": "D", "event": "DOCUMENT"},
  {"id": "A", "date": "2000-01-01", "event": "DISAPPROVE",
   "source": [{"actorText": "Jordan", "code": "JOR"}, {"actorText": "Britain", "code": "GBR"}],
   "target": [{"actorText": "Iraq", "code": "IRQ"}]},
  {"id": "B", "date": "2000-01-01", "event": "AGREE", "source": [{"actorText": "Israel", "code": "ISR"}], "target": ""}
]"#;
        let recs = split_records(text).unwrap();
        assert_eq!(recs.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3, 6]);
        assert!(parse_record(&recs[0], &"g.json".into()).unwrap().is_empty());
        let a = parse_record(&recs[1], &"g.json".into()).unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].plover, Some(PloverType::Accuse));
        assert_eq!(a[1].source.as_ref().unwrap().as_str(), "GBR");
        assert_ne!(a[0].provenance, a[1].provenance);
        let b = parse_record(&recs[2], &"g.json".into()).unwrap();
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].target, None);
    }

    #[test]
    fn problems_have_lines() {
        let err = split_records("[\n{\"a\": 1},\n{oops}\n]").unwrap_err();
        assert_eq!(err.line, 3);
        let recs =
            split_records("{\"event\": \"AGREE\", \"date\": \"2000-13-01\", \"source\": \"ISR\"}")
                .unwrap();
        let err = parse_record(&recs[0], &"x".into()).unwrap_err();
        assert_eq!(err.field, Some("date"));
        let recs = split_records("{\"event\": \"DANCE\", \"date\": \"2000\", \"source\": \"ISR\"}")
            .unwrap();
        assert!(
            parse_record(&recs[0], &"x".into())
                .unwrap_err()
                .reason
                .contains("DANCE")
        );
    }
}
