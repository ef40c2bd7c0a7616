//! Writing: a [`Batch`] is one transaction. Imports and ingests add actors,
//! documents, sentences and events through it and commit once; dropping a
//! batch without committing rolls everything back.

use std::collections::HashMap;
use std::path::Path;

use entente_ontology::{ActorCode, ActorHierarchy, Event, Provenance, Spans};
use rusqlite::{OptionalExtension, Transaction, params};
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

use crate::{Store, StoreError, sqlite};

/// What a batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BatchCounts {
    /// Events offered.
    pub events_read: u64,
    /// Events stored.
    pub events_added: u64,
    /// Events already in the store (same fingerprint).
    pub events_duplicate: u64,
    /// Rows the caller skipped as malformed.
    pub rows_skipped: u64,
    /// Documents stored.
    pub documents_added: u64,
    /// Documents already in the store (same text).
    pub documents_duplicate: u64,
}

/// A document to store.
#[derive(Clone, Debug, Default)]
pub struct NewDocument {
    /// The caller's identifier.
    pub key: String,
    /// Publication date, as given.
    pub date: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Full text.
    pub text: String,
}

/// One write transaction.
pub struct Batch<'s> {
    tx: Transaction<'s>,
    path: &'s Path,
    actors: HashMap<String, i64>,
    hierarchy: ActorHierarchy,
    import: Option<i64>,
    doc_hashes: HashMap<i64, u128>,
    counts: BatchCounts,
}

impl Store {
    /// Starts a write transaction. It takes the write lock at once, so two
    /// importers never interleave.
    pub fn batch(&mut self) -> Result<Batch<'_>, StoreError> {
        let path = self.path.as_path();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| sqlite(path, e))?;
        let mut actors = HashMap::new();
        let mut hierarchy = ActorHierarchy::new();
        {
            let mut stmt = tx
                .prepare("SELECT code, id FROM actors")
                .map_err(|e| sqlite(path, e))?;
            let rows = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
                .map_err(|e| sqlite(path, e))?;
            for row in rows {
                let (code, id) = row.map_err(|e| sqlite(path, e))?;
                actors.insert(code, id);
            }
            let mut stmt = tx
                .prepare("SELECT child, parent FROM actor_links")
                .map_err(|e| sqlite(path, e))?;
            let rows = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
                .map_err(|e| sqlite(path, e))?;
            for row in rows {
                let (child, parent) = row.map_err(|e| sqlite(path, e))?;
                if let (Ok(c), Ok(p)) = (ActorCode::parse(&child), ActorCode::parse(&parent)) {
                    hierarchy.declare(c, p);
                }
            }
        }
        Ok(Batch {
            tx,
            path,
            actors,
            hierarchy,
            import: None,
            doc_hashes: HashMap::new(),
            counts: BatchCounts::default(),
        })
    }
}

impl Batch<'_> {
    fn err(&self, e: rusqlite::Error) -> StoreError {
        sqlite(self.path, e)
    }

    /// Records that this batch imports `file` of `dataset`; events added
    /// afterwards point at this import.
    pub fn start_import(&mut self, dataset: &str, file: &str) -> Result<(), StoreError> {
        self.tx
            .execute(
                "INSERT INTO imports (dataset, file) VALUES (?1, ?2)",
                params![dataset, file],
            )
            .map_err(|e| sqlite(self.path, e))?;
        self.import = Some(self.tx.last_insert_rowid());
        Ok(())
    }

    /// Renames the dataset of the current import (a GDELT file turns out to
    /// be version 1 or 2 once its rows are read).
    pub fn set_import_dataset(&mut self, dataset: &str) -> Result<(), StoreError> {
        if let Some(id) = self.import {
            self.tx
                .execute(
                    "UPDATE imports SET dataset = ?2 WHERE id = ?1",
                    params![id, dataset],
                )
                .map_err(|e| sqlite(self.path, e))?;
        }
        Ok(())
    }

    /// Counts rows the caller skipped as malformed.
    pub fn note_skipped(&mut self, n: u64) {
        self.counts.rows_skipped += n;
    }

    /// Declares `child` part of `parent` (from a dictionary). Returns false
    /// for a link that would make a cycle.
    pub fn declare_link(
        &mut self,
        child: &ActorCode,
        parent: &ActorCode,
    ) -> Result<bool, StoreError> {
        if !self.hierarchy.declare(child.clone(), parent.clone()) {
            return Ok(false);
        }
        self.tx
            .execute(
                "INSERT OR REPLACE INTO actor_links (child, parent) VALUES (?1, ?2)",
                params![child.as_str(), parent.as_str()],
            )
            .map_err(|e| sqlite(self.path, e))?;
        Ok(true)
    }

    /// The id of an actor, adding it (and its node) when new.
    fn actor_id(&mut self, code: &ActorCode) -> Result<i64, StoreError> {
        if let Some(&id) = self.actors.get(code.as_str()) {
            return Ok(id);
        }
        let node = self.hierarchy.node(code);
        let node_id = if node == *code {
            None
        } else {
            Some(self.actor_id(&node)?)
        };
        self.tx
            .execute(
                "INSERT INTO actors (code, node) VALUES (?1, ?2)",
                params![code.as_str(), node_id],
            )
            .map_err(|e| sqlite(self.path, e))?;
        let id = self.tx.last_insert_rowid();
        if node_id.is_none() {
            self.tx
                .execute("UPDATE actors SET node = ?1 WHERE id = ?1", [id])
                .map_err(|e| sqlite(self.path, e))?;
        }
        self.actors.insert(code.as_str().to_string(), id);
        Ok(id)
    }

    /// The node id of an actor id's code.
    fn node_id(&mut self, code: &ActorCode) -> Result<i64, StoreError> {
        let node = self.hierarchy.node(code);
        self.actor_id(&node)
    }

    /// Gives an actor a display name, if it has none yet.
    pub fn name_actor(&mut self, code: &ActorCode, name: &str) -> Result<(), StoreError> {
        let id = self.actor_id(code)?;
        self.tx
            .execute(
                "UPDATE actors SET name = ?2 WHERE id = ?1 AND name IS NULL",
                params![id, name],
            )
            .map_err(|e| sqlite(self.path, e))?;
        Ok(())
    }

    /// Stores a document unless one with the same text is there. Returns its
    /// row id when new, `None` when it was already stored.
    pub fn add_document(&mut self, doc: &NewDocument) -> Result<Option<i64>, StoreError> {
        let hash = xxh3_128(doc.text.as_bytes());
        let hash_bytes = hash.to_le_bytes();
        let existing: Option<i64> = self
            .tx
            .query_row(
                "SELECT id FROM documents WHERE hash = ?1",
                [&hash_bytes[..]],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| sqlite(self.path, e))?;
        if existing.is_some() {
            self.counts.documents_duplicate += 1;
            return Ok(None);
        }
        self.tx
            .execute(
                "INSERT INTO documents (hash, doc_key, date, title, url, source, text)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    &hash_bytes[..],
                    doc.key,
                    doc.date,
                    doc.title,
                    doc.url,
                    doc.source,
                    doc.text
                ],
            )
            .map_err(|e| sqlite(self.path, e))?;
        let id = self.tx.last_insert_rowid();
        self.doc_hashes.insert(id, hash);
        self.counts.documents_added += 1;
        Ok(Some(id))
    }

    /// Stores one sentence of a document added in this batch.
    pub fn add_sentence(
        &mut self,
        doc: i64,
        index: usize,
        start: usize,
        text: &str,
    ) -> Result<(), StoreError> {
        self.tx
            .prepare_cached("INSERT INTO sentences (doc, idx, start, text) VALUES (?1, ?2, ?3, ?4)")
            .and_then(|mut s| s.execute(params![doc, index as i64, start as i64, text]))
            .map_err(|e| sqlite(self.path, e))?;
        Ok(())
    }

    /// Stores an event unless its fingerprint is already there; returns
    /// whether it was added. Events coded from text need `doc`, the row id
    /// of their document (from [`Batch::add_document`]).
    pub fn add_event(&mut self, event: &Event, doc: Option<i64>) -> Result<bool, StoreError> {
        self.counts.events_read += 1;
        let src = event
            .source
            .as_ref()
            .map(|c| self.actor_id(c))
            .transpose()?;
        let tgt = event
            .target
            .as_ref()
            .map(|c| self.actor_id(c))
            .transpose()?;
        let src_node = event.source.as_ref().map(|c| self.node_id(c)).transpose()?;
        let tgt_node = event.target.as_ref().map(|c| self.node_id(c)).transpose()?;
        for (code, name) in [
            (&event.source, &event.source_name),
            (&event.target, &event.target_name),
        ] {
            if let (Some(c), Some(n)) = (code, name)
                && !n.is_empty()
            {
                self.name_actor(c, n)?;
            }
        }
        let prec = match event.date.precision() {
            entente_ontology::Precision::Day => 0,
            entente_ontology::Precision::Month => 1,
            entente_ontology::Precision::Year => 2,
        };
        let (fp, sentence, spans, rule, coder, line, row_id) = match &event.provenance {
            Provenance::Text {
                sentence,
                spans,
                rule,
                coder,
                ..
            } => {
                let doc = doc.ok_or_else(|| {
                    self.err(rusqlite::Error::InvalidParameterName(
                        "an event coded from text needs its document".into(),
                    ))
                })?;
                let fp = self.text_fingerprint(doc, event, *sentence, spans);
                (
                    fp,
                    Some(*sentence as i64),
                    Some(spans_text(spans)),
                    Some(rule.as_str()),
                    Some(coder.as_str()),
                    None,
                    None,
                )
            }
            Provenance::Dataset {
                line,
                row_id,
                row_hash,
                ..
            } => (
                *row_hash as i64,
                None,
                None,
                None,
                None,
                Some(*line as i64),
                row_id.as_deref(),
            ),
        };
        let changed = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO events (fp, day, day_end, prec, date_source, src, tgt, src_node, tgt_node,
                   src_name, tgt_name, cameo, root, quad, goldstein, plover, mode, negated, modality,
                   doc, sentence, spans, rule, coder, import, line, row_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                   ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    fp,
                    event.date.first_day(),
                    event.date.last_day(),
                    prec,
                    event.date_source.name(),
                    src,
                    tgt,
                    src_node,
                    tgt_node,
                    event.source_name,
                    event.target_name,
                    event.cameo.map(|c| c.as_str().to_string()),
                    event.cameo.map(|c| c.root()),
                    event.quad_class.number(),
                    event.goldstein,
                    event.plover.map(|p| p.name()),
                    event.mode,
                    event.negated,
                    event.modality.name(),
                    doc,
                    sentence,
                    spans,
                    rule,
                    coder,
                    self.import,
                    line,
                    row_id,
                ])
            })
            .map_err(|e| sqlite(self.path, e))?;
        if changed == 1 {
            self.counts.events_added += 1;
            Ok(true)
        } else {
            self.counts.events_duplicate += 1;
            Ok(false)
        }
    }

    fn text_fingerprint(&self, doc: i64, event: &Event, sentence: usize, spans: &Spans) -> i64 {
        let mut h = Xxh3::new();
        h.update(
            &self
                .doc_hashes
                .get(&doc)
                .copied()
                .unwrap_or(doc as u128)
                .to_le_bytes(),
        );
        h.update(&(sentence as u64).to_le_bytes());
        for part in [
            event.source.as_ref().map(|c| c.as_str()).unwrap_or(""),
            event.target.as_ref().map(|c| c.as_str()).unwrap_or(""),
            event.cameo.as_ref().map(|c| c.as_str()).unwrap_or(""),
            event.plover.map(|p| p.name()).unwrap_or(""),
            event.modality.name(),
        ] {
            h.update(part.as_bytes());
            h.update(b"\x1f");
        }
        h.update(&[event.negated as u8]);
        h.update(spans_text(spans).as_bytes());
        h.digest() as i64
    }

    /// What the batch has done so far.
    pub fn counts(&self) -> BatchCounts {
        self.counts
    }

    /// Commits everything; the import record gets its final counts.
    pub fn commit(self) -> Result<BatchCounts, StoreError> {
        if let Some(id) = self.import {
            self.tx
                .execute(
                    "UPDATE imports SET rows_read = ?2, rows_added = ?3, rows_skipped = ?4 WHERE id = ?1",
                    params![
                        id,
                        (self.counts.events_read + self.counts.rows_skipped) as i64,
                        self.counts.events_added as i64,
                        self.counts.rows_skipped as i64
                    ],
                )
                .map_err(|e| sqlite(self.path, e))?;
        }
        let counts = self.counts;
        let path = self.path;
        self.tx.commit().map_err(|e| sqlite(path, e))?;
        Ok(counts)
    }
}

/// Spans as stored: `source=0-10 target=20-25 trigger=11-19`, parts absent
/// when unknown.
pub(crate) fn spans_text(spans: &Spans) -> String {
    let mut parts = Vec::new();
    for (name, span) in [
        ("source", spans.source),
        ("target", spans.target),
        ("trigger", spans.trigger),
    ] {
        if let Some(s) = span {
            parts.push(format!("{name}={}-{}", s.start, s.end));
        }
    }
    parts.join(" ")
}

/// Reads [`spans_text`] back; unknown parts are ignored.
pub(crate) fn parse_spans(text: &str) -> Spans {
    let mut spans = Spans::default();
    for part in text.split_whitespace() {
        let Some((name, range)) = part.split_once('=') else {
            continue;
        };
        let Some((a, b)) = range.split_once('-') else {
            continue;
        };
        let (Ok(start), Ok(end)) = (a.parse(), b.parse()) else {
            continue;
        };
        let span = Some(entente_ontology::Span { start, end });
        match name {
            "source" => spans.source = span,
            "target" => spans.target = span,
            "trigger" => spans.trigger = span,
            _ => {}
        }
    }
    spans
}
