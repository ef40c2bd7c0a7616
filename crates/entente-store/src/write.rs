//! Writing: a [`Batch`] is one transaction. Imports and ingests add actors,
//! documents, sentences and events through it and commit once; dropping a
//! batch without committing rolls everything back.
//!
//! Speed: events are checked against an in-memory set of the store's
//! fingerprints (kept as sorted blobs, one per batch, in `fingerprints`)
//! instead of a unique index, and buffered and sorted by dyad and day
//! before insertion, so that the dyad index grows in order.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

use entente_ontology::{
    ActorCode, ActorHierarchy, CameoCode, DateSource, Event, Modality, Provenance, QuadClass, Spans,
};
use rusqlite::{OptionalExtension, Transaction, params};
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

use crate::columns::EventRow;
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

/// An actor's row id, its node's row id, and whether it has a name.
#[derive(Clone, Copy, Debug)]
struct ActorIds {
    id: i64,
    node: i64,
    named: bool,
}

/// One write transaction.
pub struct Batch<'s> {
    tx: Transaction<'s>,
    path: &'s Path,
    actors: HashMap<String, ActorIds>,
    hierarchy: ActorHierarchy,
    import: Option<i64>,
    doc_hashes: HashMap<i64, u128>,
    counts: BatchCounts,
    /// Fingerprints in the store, loaded on the first event.
    seen: Option<FingerprintSet>,
    /// Fingerprints this batch adds.
    new_fps: Vec<u64>,
    /// Events waiting to be inserted in dyad order.
    pending: Vec<PendingEvent>,
}

/// Fingerprints are already well-mixed hashes: use them as their own hash.
#[derive(Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type FingerprintSet = HashSet<u64, BuildHasherDefault<IdentityHasher>>;

/// Buffer size before pending events are sorted and inserted.
const FLUSH_EVERY: usize = 500_000;

/// An event resolved to row values, waiting for insertion.
struct PendingEvent {
    day: i32,
    day_end: i32,
    prec: u8,
    src: Option<i64>,
    tgt: Option<i64>,
    src_node: Option<i64>,
    tgt_node: Option<i64>,
    cameo: Option<CameoCode>,
    quad: Option<u8>,
    goldstein: Option<f64>,
    /// Only when the CAMEO code does not imply it.
    plover: Option<&'static str>,
    /// Only when the CAMEO code does not imply it.
    mode: Option<String>,
    flags: u8,
    src_name: Option<String>,
    tgt_name: Option<String>,
    line: Option<i64>,
    row_id: Option<String>,
    text: Option<PendingText>,
}

/// The evidence of an event coded from text.
struct PendingText {
    doc: i64,
    sentence: i64,
    spans: String,
    rule: String,
    coder: String,
}

/// Collects event rows into `event_columns` blobs, one per run of
/// consecutive event ids.
#[derive(Default)]
struct ColumnWriter {
    first: i64,
    rows: usize,
    min_day: i32,
    max_day: i32,
    data: Vec<u8>,
}

impl ColumnWriter {
    fn push(&mut self, tx: &Transaction<'_>, path: &Path, row: EventRow) -> Result<(), StoreError> {
        if self.rows > 0 && row.id != self.first + self.rows as i64 {
            self.finish(tx, path)?;
        }
        if self.rows == 0 {
            self.first = row.id;
            self.min_day = row.day;
            self.max_day = row.day_end;
        }
        self.min_day = self.min_day.min(row.day);
        self.max_day = self.max_day.max(row.day_end);
        row.encode(&mut self.data);
        self.rows += 1;
        Ok(())
    }

    fn finish(&mut self, tx: &Transaction<'_>, path: &Path) -> Result<(), StoreError> {
        if self.rows > 0 {
            tx.execute(
                "INSERT INTO event_columns (first_event, rows, min_day, max_day, data) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![self.first, self.rows as i64, self.min_day, self.max_day, self.data],
            )
            .map_err(|e| sqlite(path, e))?;
        }
        self.rows = 0;
        self.data.clear();
        Ok(())
    }
}

/// Packs negation, modality and date source into the `flags` column:
/// bit 0 negated, bits 1–2 modality, bits 3–4 date source.
pub(crate) fn pack_flags(negated: bool, modality: Modality, date_source: DateSource) -> u8 {
    let m = match modality {
        Modality::Asserted => 0,
        Modality::Intended => 1,
        Modality::Hypothetical => 2,
        Modality::Reported => 3,
    };
    let d = match date_source {
        DateSource::Dataset => 0,
        DateSource::Text => 1,
        DateSource::Context => 2,
        DateSource::Publication => 3,
    };
    negated as u8 | (m << 1) | (d << 3)
}

/// Reverses [`pack_flags`].
pub(crate) fn unpack_flags(flags: i64) -> (bool, Modality, DateSource) {
    let modality = match (flags >> 1) & 3 {
        0 => Modality::Asserted,
        1 => Modality::Intended,
        2 => Modality::Hypothetical,
        _ => Modality::Reported,
    };
    let date_source = match (flags >> 3) & 3 {
        0 => DateSource::Dataset,
        1 => DateSource::Text,
        2 => DateSource::Context,
        _ => DateSource::Publication,
    };
    (flags & 1 != 0, modality, date_source)
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
                .prepare("SELECT code, id, coalesce(node, id), name IS NOT NULL FROM actors")
                .map_err(|e| sqlite(path, e))?;
            let rows = stmt
                .query_map([], |r| {
                    let ids = ActorIds {
                        id: r.get(1)?,
                        node: r.get(2)?,
                        named: r.get(3)?,
                    };
                    Ok((r.get::<_, String>(0)?, ids))
                })
                .map_err(|e| sqlite(path, e))?;
            for row in rows {
                let (code, ids) = row.map_err(|e| sqlite(path, e))?;
                actors.insert(code, ids);
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
            seen: None,
            new_fps: Vec::new(),
            pending: Vec::with_capacity(1024),
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

    /// The ids of an actor and its node, adding them when new.
    fn actor(&mut self, code: &ActorCode) -> Result<ActorIds, StoreError> {
        if let Some(&ids) = self.actors.get(code.as_str()) {
            return Ok(ids);
        }
        let node = self.hierarchy.node(code);
        let node_id = if node == *code {
            None
        } else {
            Some(self.actor(&node)?.id)
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
        let ids = ActorIds {
            id,
            node: node_id.unwrap_or(id),
            named: false,
        };
        self.actors.insert(code.as_str().to_string(), ids);
        Ok(ids)
    }

    /// Gives an actor a display name, if it has none yet.
    pub fn name_actor(&mut self, code: &ActorCode, name: &str) -> Result<(), StoreError> {
        let ids = self.actor(code)?;
        if ids.named {
            return Ok(());
        }
        self.tx
            .execute(
                "UPDATE actors SET name = ?2 WHERE id = ?1 AND name IS NULL",
                params![ids.id, name],
            )
            .map_err(|e| sqlite(self.path, e))?;
        if let Some(entry) = self.actors.get_mut(code.as_str()) {
            entry.named = true;
        }
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

    /// Loads the store's fingerprints, once per batch.
    fn seen(&mut self) -> Result<&mut FingerprintSet, StoreError> {
        if self.seen.is_none() {
            let mut set = FingerprintSet::default();
            let mut stmt = self
                .tx
                .prepare("SELECT fps FROM fingerprints")
                .map_err(|e| sqlite(self.path, e))?;
            let mut rows = stmt.query([]).map_err(|e| sqlite(self.path, e))?;
            while let Some(row) = rows.next().map_err(|e| sqlite(self.path, e))? {
                let blob = row
                    .get_ref(0)
                    .and_then(|v| v.as_blob().map_err(Into::into))
                    .map_err(|e| sqlite(self.path, e))?;
                set.reserve(blob.len() / 8);
                for chunk in blob.chunks_exact(8) {
                    let mut b = [0u8; 8];
                    b.copy_from_slice(chunk);
                    set.insert(u64::from_le_bytes(b));
                }
            }
            drop(rows);
            drop(stmt);
            self.seen = Some(set);
        }
        Ok(self.seen.as_mut().expect("just loaded"))
    }

    /// Stores an event unless its fingerprint is already there; returns
    /// whether it was added. Events coded from text need `doc`, the row id
    /// of their document (from [`Batch::add_document`]).
    pub fn add_event(&mut self, event: &Event, doc: Option<i64>) -> Result<bool, StoreError> {
        self.counts.events_read += 1;
        let (fp, line, row_id, text) = match &event.provenance {
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
                let text = PendingText {
                    doc,
                    sentence: *sentence as i64,
                    spans: spans_text(spans),
                    rule: rule.clone(),
                    coder: coder.clone(),
                };
                (fp, None, None, Some(text))
            }
            Provenance::Dataset {
                line,
                row_id,
                row_hash,
                ..
            } => (*row_hash, Some(*line as i64), row_id.clone(), None),
        };
        if !self.seen()?.insert(fp) {
            self.counts.events_duplicate += 1;
            return Ok(false);
        }
        self.new_fps.push(fp);
        if self.pending.capacity() < FLUSH_EVERY
            && self.pending.len() + 1 >= self.pending.capacity()
        {
            // Grow once to the flush size rather than by doubling.
            self.pending.reserve_exact(FLUSH_EVERY - self.pending.len());
        }
        let src_ids = event.source.as_ref().map(|c| self.actor(c)).transpose()?;
        let tgt_ids = event.target.as_ref().map(|c| self.actor(c)).transpose()?;
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
        let implied = event.cameo.and_then(|c| c.entry());
        let plover = event
            .plover
            .map(|p| p.name())
            .filter(|p| implied.and_then(|e| e.plover).map(|x| x.name()) != Some(p));
        let mode = event
            .mode
            .clone()
            .filter(|m| implied.and_then(|e| e.mode) != Some(m.as_str()));
        self.pending.push(PendingEvent {
            day: event.date.first_day(),
            day_end: event.date.last_day(),
            prec,
            src: src_ids.map(|a| a.id),
            tgt: tgt_ids.map(|a| a.id),
            src_node: src_ids.map(|a| a.node),
            tgt_node: tgt_ids.map(|a| a.node),
            cameo: event.cameo,
            quad: event.quad_class.map(QuadClass::number),
            goldstein: event.goldstein,
            plover,
            mode,
            flags: pack_flags(event.negated, event.modality, event.date_source),
            src_name: event.source_name.clone(),
            tgt_name: event.target_name.clone(),
            line,
            row_id,
            text,
        });
        self.counts.events_added += 1;
        if self.pending.len() >= FLUSH_EVERY {
            self.flush()?;
        }
        Ok(true)
    }

    /// Inserts the pending events, sorted by dyad and day.
    fn flush(&mut self) -> Result<(), StoreError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        // Sort an index rather than the (large) rows themselves.
        let mut order: Vec<u32> = (0..self.pending.len() as u32).collect();
        order.sort_unstable_by_key(|&i| {
            let p = &self.pending[i as usize];
            (p.src_node, p.tgt_node, p.day)
        });
        let pending = &self.pending;
        let path = self.path;
        let mut insert = self
            .tx
            .prepare_cached(
                "INSERT INTO events (day, day_end, prec, src, tgt, src_node, tgt_node, cameo, root, quad, goldstein,
                   plover, mode, flags, src_name, tgt_name, import, line, row_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
            )
            .map_err(|e| sqlite(path, e))?;
        let mut insert_text = self
            .tx
            .prepare_cached("INSERT INTO event_text (event, doc, sentence, spans, rule, coder) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            .map_err(|e| sqlite(path, e))?;
        let mut columns = ColumnWriter::default();
        for &i in &order {
            let p = &pending[i as usize];
            let id = insert
                .insert(params![
                    p.day,
                    p.day_end,
                    p.prec,
                    p.src,
                    p.tgt,
                    p.src_node,
                    p.tgt_node,
                    p.cameo.as_ref().map(|c| c.as_str()),
                    p.cameo.map(|c| c.root()),
                    p.quad,
                    p.goldstein,
                    p.plover,
                    p.mode,
                    p.flags,
                    p.src_name,
                    p.tgt_name,
                    self.import,
                    p.line,
                    p.row_id,
                ])
                .map_err(|e| sqlite(path, e))?;
            if let Some(t) = &p.text {
                insert_text
                    .execute(params![id, t.doc, t.sentence, t.spans, t.rule, t.coder])
                    .map_err(|e| sqlite(path, e))?;
            }
            // The event columns serve analysis, which weighs events by
            // score and quad class: an event with a local code, which has
            // neither, stays in the events table only.
            let (Some(quad), Some(goldstein)) = (p.quad, p.goldstein) else {
                continue;
            };
            let id32 = |x: Option<i64>| x.map_or(0, |v| v as u32);
            columns.push(
                &self.tx,
                path,
                EventRow {
                    id,
                    src: id32(p.src),
                    tgt: id32(p.tgt),
                    src_node: id32(p.src_node),
                    tgt_node: id32(p.tgt_node),
                    day: p.day,
                    day_end: p.day_end,
                    goldstein: goldstein as f32,
                    quad,
                    root: p.cameo.map_or(0, |c| c.root()),
                    prec: p.prec,
                    flags: p.flags,
                },
            )?;
        }
        columns.finish(&self.tx, path)?;
        drop(insert);
        drop(insert_text);
        self.pending.clear();
        Ok(())
    }

    fn text_fingerprint(&self, doc: i64, event: &Event, sentence: usize, spans: &Spans) -> u64 {
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
        h.digest()
    }

    /// What the batch has done so far.
    pub fn counts(&self) -> BatchCounts {
        self.counts
    }

    /// Commits everything; the import record gets its final counts.
    pub fn commit(mut self) -> Result<BatchCounts, StoreError> {
        self.flush()?;
        if !self.new_fps.is_empty() {
            self.new_fps.sort_unstable();
            let blob: Vec<u8> = self.new_fps.iter().flat_map(|f| f.to_le_bytes()).collect();
            self.tx
                .execute("INSERT INTO fingerprints (fps) VALUES (?1)", [blob])
                .map_err(|e| sqlite(self.path, e))?;
        }
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
