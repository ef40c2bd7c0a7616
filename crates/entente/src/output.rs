//! Rendering for people: tables and summaries. Machine formats (CSV, JSONL,
//! Parquet) live in `entente-datasets`.

use std::path::Path;

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use entente_ontology::Provenance;
use entente_store::{Stats, StoredEvent};
use serde_json::json;

/// Where an imported event came from, for people: `gdelt2 file.CSV:12`
/// (the file's name without its directory).
pub fn dataset_origin(dataset: &str, file: &str, line: u64) -> String {
    let name = Path::new(file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("{dataset} {name}:{line}")
}

/// A table of events: one row each, with where it came from.
pub fn events_table(rows: &[StoredEvent]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    t.set_header([
        "id",
        "date",
        "source",
        "target",
        "cameo",
        "plover",
        "quad",
        "goldstein",
        "from",
    ]);
    for se in rows {
        let e = &se.event;
        let actor = |c: &Option<entente_ontology::ActorCode>, n: &Option<String>| match (c, n) {
            (Some(c), Some(n)) => format!("{c} ({n})"),
            (Some(c), None) => c.to_string(),
            (None, _) => "-".into(),
        };
        let origin = match &e.provenance {
            Provenance::Text {
                doc_id,
                sentence,
                rule,
                ..
            } => format!("{doc_id} s{sentence} [{rule}]"),
            Provenance::Dataset {
                dataset,
                file,
                line,
                ..
            } => dataset_origin(dataset, file, *line),
        };
        let mut date = e.date.to_string();
        if e.negated {
            date.push_str(" (negated)");
        }
        t.add_row([
            se.id.to_string(),
            date,
            actor(&e.source, &e.source_name),
            actor(&e.target, &e.target_name),
            e.cameo.map(|c| c.to_string()).unwrap_or_else(|| "-".into()),
            e.plover
                .map(|p| p.name().to_string())
                .unwrap_or_else(|| "-".into()),
            e.quad_class
                .map_or_else(|| "-".into(), |q| q.number().to_string()),
            e.goldstein
                .map_or_else(|| "-".into(), |g| format!("{g:+.1}")),
            origin,
        ]);
    }
    t
}

/// `entente stats` as text.
pub fn stats_text(s: &Stats, path: &Path) -> String {
    let mut out = String::new();
    let range = match (s.first, s.last) {
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => "-".into(),
    };
    out.push_str(&format!(
        "store      {} (schema version {})\n",
        path.display(),
        s.schema_version
    ));
    out.push_str(&format!(
        "events     {} ({} negated, kept out of analysis)\n",
        s.events, s.negated
    ));
    out.push_str(&format!("dates      {range}\n"));
    out.push_str(&format!("actors     {}\n", s.actors));
    out.push_str(&format!(
        "documents  {} ({} sentences)\n",
        s.documents, s.sentences
    ));
    out.push_str(&format!("imports    {} files\n", s.imports));
    if !s.by_dataset.is_empty() {
        out.push_str("by origin \n");
        for d in &s.by_dataset {
            out.push_str(&format!("  {:<10} {}\n", d.dataset, d.events));
        }
    }
    out.push_str("by quad class\n");
    for (i, label) in [
        "verbal cooperation",
        "material cooperation",
        "verbal conflict",
        "material conflict",
    ]
    .iter()
    .enumerate()
    {
        out.push_str(&format!("  {} {:<21} {}\n", i + 1, label, s.by_quad[i]));
    }
    if !s.top_dyads.is_empty() {
        out.push_str("busiest dyads (country level)\n");
        for (a, b, n) in &s.top_dyads {
            out.push_str(&format!("  {a:>12} -> {b:<12} {n}\n"));
        }
    }
    out
}

/// `entente stats --format json`.
pub fn stats_json(s: &Stats) -> serde_json::Value {
    json!({
        "events": s.events,
        "negated": s.negated,
        "documents": s.documents,
        "sentences": s.sentences,
        "actors": s.actors,
        "imports": s.imports,
        "first": s.first.map(|d| d.to_string()),
        "last": s.last.map(|d| d.to_string()),
        "by_dataset": s.by_dataset.iter().map(|d| json!({"dataset": d.dataset, "events": d.events})).collect::<Vec<_>>(),
        "by_quad": {"1": s.by_quad[0], "2": s.by_quad[1], "3": s.by_quad[2], "4": s.by_quad[3]},
        "top_dyads": s.top_dyads.iter().map(|(a, b, n)| json!({"source": a, "target": b, "events": n})).collect::<Vec<_>>(),
        "schema_version": s.schema_version,
    })
}

/// A table of event records (for `entente code --format table`).
pub fn records_table(rows: &[entente_datasets::record::EventRecord]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    t.set_header([
        "doc", "s", "date", "source", "target", "cameo", "plover", "modality", "evidence",
    ]);
    for r in rows {
        let actor = |c: &Option<String>, n: &Option<String>| match (c, n) {
            (Some(c), Some(n)) => format!("{c} ({n})"),
            (Some(c), None) => c.clone(),
            _ => "-".into(),
        };
        let trigger = match (&r.text, r.spans.and_then(|s| s.trigger)) {
            (Some(text), Some([a, b])) => text.chars().skip(a).take(b - a).collect(),
            _ => String::new(),
        };
        t.add_row([
            r.doc_id.clone().unwrap_or_default(),
            r.sentence.map(|s| s.to_string()).unwrap_or_default(),
            r.date.clone(),
            actor(&r.source, &r.source_name),
            actor(&r.target, &r.target_name),
            r.cameo.clone().unwrap_or_default(),
            r.plover.clone().unwrap_or_default(),
            r.modality.clone().unwrap_or_default(),
            trigger,
        ]);
    }
    t
}
