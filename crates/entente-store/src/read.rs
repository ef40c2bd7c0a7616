//! Reading: event queries with the filters analysts use (actors with their
//! descendants, date range, CAMEO root, quad class), actor lists and
//! summary statistics.
//!
//! An actor filter is resolved in Rust against the (small) actor table and
//! the declared hierarchy into two id sets, the matching actors and their
//! nodes; SQL then filters `src_node IN (...) AND src IN (...)`, which the
//! `(src_node, tgt_node, day)` index serves.

use std::collections::{BTreeSet, HashMap, HashSet};

use rustc_hash::FxHashMap;
use std::rc::Rc;

use entente_ontology::{
    ActorCode, ActorHierarchy, CameoCode, Event, FuzzyDate, PloverType, Provenance, QuadClass,
};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params_from_iter};

use crate::columns::{EventRow, ROW_BYTES, RowFilter};
use crate::write::{parse_spans, unpack_flags};
use crate::{Store, StoreError};

/// The columns [`row_to_event`] reads, joined from the tables that hold them.
const EVENT_SELECT: &str =
    "SELECT e.id, 0, e.day, e.prec, e.flags, sa.code, ta.code, e.src_name, e.tgt_name,
        e.cameo, e.plover, e.mode, e.goldstein, e.quad, e.flags, e.flags,
        d.doc_key, t.sentence, s.text, t.spans, t.rule, t.coder,
        i.dataset, i.file, e.line, e.row_id
     FROM events e
     LEFT JOIN actors sa ON sa.id = e.src
     LEFT JOIN actors ta ON ta.id = e.tgt
     LEFT JOIN event_text t ON t.event = e.id
     LEFT JOIN documents d ON d.id = t.doc
     LEFT JOIN sentences s ON s.doc = t.doc AND s.idx = t.sentence
     LEFT JOIN imports i ON i.id = e.import";

/// Which events to read. Empty filter: all events that are not negated.
#[derive(Clone, Debug, Default)]
pub struct EventFilter {
    /// Source actor, with its descendants unless `exact`.
    pub source: Option<ActorCode>,
    /// Target actor, with its descendants unless `exact`.
    pub target: Option<ActorCode>,
    /// Either side.
    pub actor: Option<ActorCode>,
    /// Events whose dates lie within `[from, to]`: the first day of the
    /// event on or after the first day of `from`...
    pub from: Option<FuzzyDate>,
    /// ... and its last day on or before the last day of `to`.
    pub to: Option<FuzzyDate>,
    /// CAMEO root, 1–20.
    pub cameo_root: Option<u8>,
    /// Quad class.
    pub quad: Option<QuadClass>,
    /// Match actor codes exactly, without descendants.
    pub exact: bool,
    /// Include events the text negates.
    pub include_negated: bool,
}

/// An event read back, with its row id.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredEvent {
    /// Row id in the store.
    pub id: i64,
    /// The event.
    pub event: Event,
}

/// An actor in the store.
#[derive(Clone, Debug, PartialEq)]
pub struct ActorRow {
    /// Its code.
    pub code: String,
    /// Its country-level node.
    pub node: String,
    /// Display name, if known.
    pub name: Option<String>,
}

/// Events per dataset in [`Stats`].
#[derive(Clone, Debug, PartialEq)]
pub struct DatasetCount {
    /// `gdelt2`, `icews`, ..., or `text` for events coded by entente.
    pub dataset: String,
    /// Number of events.
    pub events: u64,
}

/// A summary of the store.
#[derive(Clone, Debug, PartialEq)]
pub struct Stats {
    /// Events in all.
    pub events: u64,
    /// Events the text negates (kept, not analysed).
    pub negated: u64,
    /// Documents.
    pub documents: u64,
    /// Sentences.
    pub sentences: u64,
    /// Distinct actor codes.
    pub actors: u64,
    /// Imported files.
    pub imports: u64,
    /// Earliest event date (first day).
    pub first: Option<FuzzyDate>,
    /// Latest event date (last day).
    pub last: Option<FuzzyDate>,
    /// Events per dataset.
    pub by_dataset: Vec<DatasetCount>,
    /// Events per quad class 1–4.
    pub by_quad: [u64; 4],
    /// The busiest country-level dyads (source, target, events).
    pub top_dyads: Vec<(String, String, u64)>,
    /// The schema version.
    pub schema_version: i64,
}

/// Actor ids matching a filter code: the actors and their nodes.
struct ActorSet {
    ids: Rc<Vec<Value>>,
    nodes: Rc<Vec<Value>>,
}

impl Store {
    fn load_hierarchy(&self) -> Result<ActorHierarchy, StoreError> {
        let mut h = ActorHierarchy::new();
        let mut stmt = self
            .conn
            .prepare("SELECT child, parent FROM actor_links")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(|e| self.err(e))?;
        for row in rows {
            let (c, p) = row.map_err(|e| self.err(e))?;
            if let (Ok(c), Ok(p)) = (ActorCode::parse(&c), ActorCode::parse(&p)) {
                h.declare(c, p);
            }
        }
        Ok(h)
    }

    /// All actors: (id, code, node id).
    fn actor_table(&self) -> Result<Vec<(i64, String, i64)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, code, node FROM actors")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get::<_, Option<i64>>(2)?.unwrap_or(0),
                ))
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    fn resolve(&self, code: &ActorCode, exact: bool) -> Result<ActorSet, StoreError> {
        let hierarchy = self.load_hierarchy()?;
        let mut ids = BTreeSet::new();
        let mut nodes = BTreeSet::new();
        for (id, c, node) in self.actor_table()? {
            let Ok(parsed) = ActorCode::parse(&c) else {
                continue;
            };
            let hit = if exact {
                parsed == *code
            } else {
                hierarchy.is_within(&parsed, code)
            };
            if hit {
                ids.insert(id);
                nodes.insert(node);
            }
        }
        Ok(ActorSet {
            ids: Rc::new(ids.into_iter().map(Value::Integer).collect()),
            nodes: Rc::new(nodes.into_iter().map(Value::Integer).collect()),
        })
    }

    /// Whether any stored actor is `code` or within it.
    pub fn knows_actor(&self, code: &ActorCode) -> Result<bool, StoreError> {
        Ok(!self.resolve(code, false)?.ids.is_empty())
    }

    /// Builds the WHERE clause and its parameters for a filter.
    fn where_clause(&self, f: &EventFilter) -> Result<(String, Vec<Param>), StoreError> {
        let mut clauses: Vec<String> = Vec::new();
        let mut params: Vec<Param> = Vec::new();
        for (code, col) in [(&f.source, "src"), (&f.target, "tgt")] {
            if let Some(code) = code {
                let set = self.resolve(code, f.exact)?;
                params.push(Param::Array(set.nodes));
                params.push(Param::Array(set.ids));
                let n = params.len();
                clauses.push(format!(
                    "e.{col}_node IN rarray(?{}) AND e.{col} IN rarray(?{n})",
                    n - 1
                ));
            }
        }
        if let Some(code) = &f.actor {
            let set = self.resolve(code, f.exact)?;
            params.push(Param::Array(set.ids));
            let n = params.len();
            clauses.push(format!("(e.src IN rarray(?{n}) OR e.tgt IN rarray(?{n}))"));
        }
        if let Some(from) = f.from {
            params.push(Param::Value(Value::Integer(from.first_day() as i64)));
            clauses.push(format!("e.day >= ?{}", params.len()));
        }
        if let Some(to) = f.to {
            params.push(Param::Value(Value::Integer(to.last_day() as i64)));
            clauses.push(format!("e.day_end <= ?{}", params.len()));
        }
        if let Some(root) = f.cameo_root {
            params.push(Param::Value(Value::Integer(root as i64)));
            clauses.push(format!("e.root = ?{}", params.len()));
        }
        if let Some(q) = f.quad {
            params.push(Param::Value(Value::Integer(q.number() as i64)));
            clauses.push(format!("e.quad = ?{}", params.len()));
        }
        if !f.include_negated {
            clauses.push("(e.flags & 1) = 0".into());
        }
        let sql = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        Ok((sql, params))
    }

    /// Number of events matching a filter.
    pub fn count_events(&self, filter: &EventFilter) -> Result<u64, StoreError> {
        let (w, params) = self.where_clause(filter)?;
        let sql = format!("SELECT count(*) FROM events e {w}");
        self.conn
            .query_row(&sql, params_from_iter(params.iter()), |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n as u64)
            .map_err(|e| self.err(e))
    }

    /// Calls `each` for every event matching `filter`, oldest first (then in
    /// storage order), at most `limit` of them. `each` may stop the scan by
    /// returning an error, which is passed back.
    pub fn for_each_event<E: From<StoreError>>(
        &self,
        filter: &EventFilter,
        limit: Option<u64>,
        mut each: impl FnMut(StoredEvent) -> Result<(), E>,
    ) -> Result<(), E> {
        let (w, mut params) = self.where_clause(filter)?;
        let limit_sql = match limit {
            Some(n) => {
                params.push(Param::Value(Value::Integer(n.min(i64::MAX as u64) as i64)));
                format!("LIMIT ?{}", params.len())
            }
            None => String::new(),
        };
        let sql = format!("{EVENT_SELECT} {w} ORDER BY e.day, e.id {limit_sql}");
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let mut rows = stmt
            .query(params_from_iter(params.iter()))
            .map_err(|e| self.err(e))?;
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let event = row_to_event(row).map_err(|e| self.err(e))?;
            each(event)?;
        }
        Ok(())
    }

    /// The events with these row ids (those that exist), oldest first.
    pub fn events_by_id(&self, ids: &[i64]) -> Result<Vec<StoredEvent>, StoreError> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(10_000) {
            let values: Vec<Value> = chunk.iter().map(|&i| Value::Integer(i)).collect();
            let sql = format!("{EVENT_SELECT} WHERE e.id IN rarray(?1) ORDER BY e.day, e.id");
            let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
            let mut rows = stmt
                .query([Param::Array(Rc::new(values))])
                .map_err(|e| self.err(e))?;
            while let Some(row) = rows.next().map_err(|e| self.err(e))? {
                out.push(row_to_event(row).map_err(|e| self.err(e))?);
            }
        }
        out.sort_by_key(|e| (e.event.date.first_day(), e.id));
        Ok(out)
    }

    /// Every actor in the store, by code.
    pub fn actors(&self) -> Result<Vec<ActorRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT a.code, n.code, a.name FROM actors a LEFT JOIN actors n ON n.id = a.node ORDER BY a.code")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ActorRow {
                    code: r.get(0)?,
                    node: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                    name: r.get(2)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// A summary of what the store holds.
    pub fn stats(&self) -> Result<Stats, StoreError> {
        let count = |sql: &str| -> Result<u64, StoreError> {
            self.conn
                .query_row(sql, [], |r| r.get::<_, i64>(0))
                .map(|n| n as u64)
                .map_err(|e| self.err(e))
        };
        let (first, last): (Option<i64>, Option<i64>) = self
            .conn
            .query_row("SELECT min(day), max(day_end) FROM events", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .map_err(|e| self.err(e))?;
        let mut by_quad = [0u64; 4];
        {
            let mut stmt = self
                .conn
                .prepare("SELECT quad, count(*) FROM events GROUP BY quad")
                .map_err(|e| self.err(e))?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, i64>(1)?))
                })
                .map_err(|e| self.err(e))?;
            for row in rows {
                // Events with local codes have no quad class.
                let (Some(q), n) = row.map_err(|e| self.err(e))? else {
                    continue;
                };
                if (1..=4).contains(&q) {
                    by_quad[(q - 1) as usize] = n as u64;
                }
            }
        }
        let by_dataset = {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT coalesce(i.dataset, 'text'), count(*) FROM events e LEFT JOIN imports i ON i.id = e.import
                     GROUP BY 1 ORDER BY 2 DESC",
                )
                .map_err(|e| self.err(e))?;
            let rows = stmt
                .query_map([], |r| {
                    Ok(DatasetCount {
                        dataset: r.get(0)?,
                        events: r.get::<_, i64>(1)? as u64,
                    })
                })
                .map_err(|e| self.err(e))?;
            rows.collect::<Result<Vec<_>, _>>()
                .map_err(|e| self.err(e))?
        };
        let top_dyads = {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT s.code, t.code, x.n FROM
                       (SELECT src_node, tgt_node, count(*) AS n FROM events
                        WHERE src_node IS NOT NULL AND tgt_node IS NOT NULL AND (flags & 1) = 0
                        GROUP BY src_node, tgt_node ORDER BY n DESC LIMIT 10) x
                     JOIN actors s ON s.id = x.src_node JOIN actors t ON t.id = x.tgt_node
                     ORDER BY x.n DESC, s.code, t.code",
                )
                .map_err(|e| self.err(e))?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as u64))
                })
                .map_err(|e| self.err(e))?;
            rows.collect::<Result<Vec<_>, _>>()
                .map_err(|e| self.err(e))?
        };
        Ok(Stats {
            events: count("SELECT count(*) FROM events")?,
            negated: count("SELECT count(*) FROM events WHERE (flags & 1) != 0")?,
            documents: count("SELECT count(*) FROM documents")?,
            sentences: count("SELECT count(*) FROM sentences")?,
            actors: count("SELECT count(*) FROM actors")?,
            imports: count("SELECT count(*) FROM imports")?,
            first: first.and_then(|d| FuzzyDate::from_day_number(d as i32)),
            last: last.and_then(|d| FuzzyDate::from_day_number(d as i32)),
            by_dataset,
            by_quad,
            top_dyads,
            schema_version: self.schema_version()?,
        })
    }

    /// The stored text of a document, by its key.
    pub fn document_text(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row(
                "SELECT text FROM documents WHERE doc_key = ?1 ORDER BY id LIMIT 1",
                [key],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }
}

/// A query parameter: a plain value or an id list for `rarray(?)`.
enum Param {
    Value(Value),
    Array(Rc<Vec<Value>>),
}

impl rusqlite::ToSql for Param {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        match self {
            Param::Value(v) => v.to_sql(),
            Param::Array(a) => a.to_sql(),
        }
    }
}

fn dataset_name(s: &str) -> &'static str {
    match s {
        "gdelt1" => "gdelt1",
        "gdelt2" => "gdelt2",
        "icews" => "icews",
        "plover" => "plover",
        "csv" => "csv",
        "jsonl" => "jsonl",
        _ => "other",
    }
}

fn row_to_event(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredEvent> {
    let bad = |what: &str, v: String| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("bad {what} {v:?}").into(),
        )
    };
    let id: i64 = r.get(0)?;
    let day: i64 = r.get(2)?;
    let prec: i64 = r.get(3)?;
    let day_date =
        FuzzyDate::from_day_number(day as i32).ok_or_else(|| bad("day", day.to_string()))?;
    let date = match prec {
        0 => day_date,
        1 => day_date.truncate(entente_ontology::Precision::Month),
        _ => day_date.truncate(entente_ontology::Precision::Year),
    };
    let (negated, modality, date_source) = unpack_flags(r.get(4)?);
    let code = |i: usize| -> rusqlite::Result<Option<ActorCode>> {
        r.get::<_, Option<String>>(i)?
            .map(|c| ActorCode::parse(&c).map_err(|_| bad("actor code", c)))
            .transpose()
    };
    let cameo = r
        .get::<_, Option<String>>(9)?
        .map(|c| CameoCode::parse_local(&c).map_err(|_| bad("CAMEO code", c)))
        .transpose()?;
    // PLOVER type and mode are stored only where the CAMEO code does not imply them.
    let plover = r
        .get::<_, Option<String>>(10)?
        .and_then(|p| PloverType::parse(&p))
        .or_else(|| cameo.and_then(|c| c.plover()));
    let mode = r
        .get::<_, Option<String>>(11)?
        .or_else(|| cameo.and_then(|c| c.entry()?.mode.map(str::to_string)));
    let quad: Option<i64> = r.get(13)?;
    let doc_key: Option<String> = r.get(16)?;
    let provenance = match doc_key {
        Some(doc_id) => Provenance::Text {
            doc_id,
            sentence: r.get::<_, Option<i64>>(17)?.unwrap_or(0) as usize,
            text: r.get::<_, Option<String>>(18)?.unwrap_or_default(),
            spans: parse_spans(&r.get::<_, Option<String>>(19)?.unwrap_or_default()),
            rule: r.get::<_, Option<String>>(20)?.unwrap_or_default(),
            coder: r.get::<_, Option<String>>(21)?.unwrap_or_default(),
        },
        None => Provenance::Dataset {
            dataset: dataset_name(&r.get::<_, Option<String>>(22)?.unwrap_or_default()),
            file: r.get::<_, Option<String>>(23)?.unwrap_or_default().into(),
            line: r.get::<_, Option<i64>>(24)?.unwrap_or(0) as u64,
            row_id: r.get(25)?,
            // The store keeps fingerprints apart, not per event.
            row_hash: 0,
        },
    };
    Ok(StoredEvent {
        id,
        event: Event {
            date,
            date_source,
            source: code(5)?,
            target: code(6)?,
            source_name: r.get(7)?,
            target_name: r.get(8)?,
            cameo,
            plover,
            mode,
            goldstein: r.get(12)?,
            quad_class: quad
                .map(|q| {
                    QuadClass::from_number(q as u8).ok_or_else(|| bad("quad class", q.to_string()))
                })
                .transpose()?,
            negated,
            modality,
            provenance,
        },
    })
}

/// Events of one country-level dyad in one period (see [`Store::dyad_periods`]).
#[derive(Clone, Debug, PartialEq)]
pub struct DyadPeriod {
    /// Source node code.
    pub source: String,
    /// Target node code.
    pub target: String,
    /// First day of the period.
    pub start: i32,
    /// Period label (`2016-05`).
    pub label: String,
    /// Events per quad class 1–4.
    pub counts: [u64; 4],
    /// Sum of Goldstein scores.
    pub goldstein: f64,
}

impl Store {
    /// The id sets for an actor filter code (see [`EventFilter`]).
    fn actor_ids(&self, code: &ActorCode, exact: bool) -> Result<HashSet<u32>, StoreError> {
        let set = self.resolve(code, exact)?;
        Ok(set
            .ids
            .iter()
            .filter_map(|v| match v {
                Value::Integer(i) => Some(*i as u32),
                _ => None,
            })
            .collect())
    }

    /// Resolves an event filter to a row filter over actor ids.
    pub fn row_filter(&self, f: &EventFilter) -> Result<RowFilter, StoreError> {
        Ok(RowFilter {
            src: f
                .source
                .as_ref()
                .map(|c| self.actor_ids(c, f.exact))
                .transpose()?,
            tgt: f
                .target
                .as_ref()
                .map(|c| self.actor_ids(c, f.exact))
                .transpose()?,
            either: f
                .actor
                .as_ref()
                .map(|c| self.actor_ids(c, f.exact))
                .transpose()?,
            from_day: f.from.map(|d| d.first_day()),
            to_day: f.to.map(|d| d.last_day()),
            root: f.cameo_root,
            quad: f.quad.map(|q| q.number()),
            include_negated: f.include_negated,
        })
    }

    /// Calls `each` for every event row passing `filter`, in storage order,
    /// reading the compact event columns rather than the events table.
    pub fn scan_rows(
        &self,
        filter: &RowFilter,
        mut each: impl FnMut(&EventRow),
    ) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT first_event, rows, min_day, max_day, data FROM event_columns ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let (first, n, min_day, max_day): (i64, i64, i32, i32) = (
                r.get(0).map_err(|e| self.err(e))?,
                r.get(1).map_err(|e| self.err(e))?,
                r.get(2).map_err(|e| self.err(e))?,
                r.get(3).map_err(|e| self.err(e))?,
            );
            if filter.from_day.is_some_and(|d| max_day < d)
                || filter.to_day.is_some_and(|d| min_day > d)
            {
                continue;
            }
            let data = r
                .get_ref(4)
                .and_then(|v| v.as_blob().map_err(Into::into))
                .map_err(|e| self.err(e))?;
            if data.len() != n as usize * ROW_BYTES {
                return Err(StoreError::NotAStore {
                    path: self.path.clone(),
                    reason: format!("event columns of events {first}.. are damaged"),
                });
            }
            for (i, chunk) in data.chunks_exact(ROW_BYTES).enumerate() {
                let row = EventRow::decode(first + i as i64, chunk);
                if filter.matches(&row) {
                    each(&row);
                }
            }
        }
        Ok(())
    }

    /// Folds every event row passing `filter` in parallel: the column
    /// blobs are read in order, then folded on all cores with `fold` from
    /// `identity()` values and combined with `reduce`.
    pub fn fold_rows<T, I, F, R>(
        &self,
        filter: &RowFilter,
        identity: I,
        fold: F,
        reduce: R,
    ) -> Result<T, StoreError>
    where
        T: Send,
        I: Fn() -> T + Sync + Send,
        F: Fn(T, &EventRow) -> T + Sync + Send,
        R: Fn(T, T) -> T + Sync + Send,
    {
        // The calling thread copies blobs out of SQLite into recycled
        // buffers; one worker per core folds them into its own accumulator.
        // Nothing is held beyond a few blobs, and accumulators are combined
        // only once, at the end.
        use std::sync::mpsc;
        let workers = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(1, 16);
        let (work_tx, work_rx) = mpsc::sync_channel::<(i64, Vec<u8>)>(workers * 2);
        let (free_tx, free_rx) = mpsc::channel::<Vec<u8>>();
        let work_rx = std::sync::Mutex::new(work_rx);
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    let (work_rx, free_tx, identity, fold) =
                        (&work_rx, free_tx.clone(), &identity, &fold);
                    scope.spawn(move || {
                        let mut acc = identity();
                        loop {
                            let next = work_rx.lock().map(|rx| rx.recv());
                            let Ok(Ok((first, data))) = next else { break };
                            for (i, chunk) in data.chunks_exact(ROW_BYTES).enumerate() {
                                let row = EventRow::decode(first + i as i64, chunk);
                                if filter.matches(&row) {
                                    acc = fold(acc, &row);
                                }
                            }
                            let _ = free_tx.send(data);
                        }
                        acc
                    })
                })
                .collect();
            let read = (|| -> Result<(), StoreError> {
                let mut stmt = self
                    .conn
                    .prepare("SELECT first_event, rows, min_day, max_day, data FROM event_columns ORDER BY id")
                    .map_err(|e| self.err(e))?;
                let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
                while let Some(r) = rows.next().map_err(|e| self.err(e))? {
                    let (first, n, min_day, max_day): (i64, i64, i32, i32) = (
                        r.get(0).map_err(|e| self.err(e))?,
                        r.get(1).map_err(|e| self.err(e))?,
                        r.get(2).map_err(|e| self.err(e))?,
                        r.get(3).map_err(|e| self.err(e))?,
                    );
                    if filter.from_day.is_some_and(|d| max_day < d)
                        || filter.to_day.is_some_and(|d| min_day > d)
                    {
                        continue;
                    }
                    let blob = r
                        .get_ref(4)
                        .and_then(|v| v.as_blob().map_err(Into::into))
                        .map_err(|e| self.err(e))?;
                    if blob.len() != n as usize * ROW_BYTES {
                        return Err(StoreError::NotAStore {
                            path: self.path.clone(),
                            reason: format!("event columns of events {first}.. are damaged"),
                        });
                    }
                    // Hand out pieces of at most 64k rows.
                    for (k, piece) in blob.chunks(ROW_BYTES * 65_536).enumerate() {
                        let mut buf = free_rx.try_recv().unwrap_or_default();
                        buf.clear();
                        buf.extend_from_slice(piece);
                        if work_tx.send((first + (k * 65_536) as i64, buf)).is_err() {
                            return Ok(());
                        }
                    }
                }
                Ok(())
            })();
            drop(work_tx);
            let mut total = identity();
            for h in handles {
                if let Ok(acc) = h.join() {
                    total = reduce(total, acc);
                }
            }
            read.map(|()| total)
        })
    }

    /// First and last day of any event, from the event columns' per-blob
    /// bounds (no scan of the events). `None` for an empty store.
    pub fn day_range(&self) -> Result<Option<(i32, i32)>, StoreError> {
        let (first, last): (Option<i64>, Option<i64>) = self
            .conn
            .query_row(
                "SELECT min(min_day), max(max_day) FROM event_columns",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| self.err(e))?;
        Ok(first.zip(last).map(|(a, b)| (a as i32, b as i32)))
    }

    /// Actor codes by store id.
    pub fn actor_codes(&self) -> Result<HashMap<u32, String>, StoreError> {
        Ok(self
            .actor_table()?
            .into_iter()
            .map(|(id, code, _)| (id as u32, code))
            .collect())
    }

    /// Aggregates the events matching `filter` by country-level dyad
    /// (source node, target node) and period. Events without both actors,
    /// and events dated less precisely than the period (a year-only date in
    /// a monthly series), are left out. Sorted by dyad, then period.
    pub fn dyad_periods(
        &self,
        filter: &EventFilter,
        period: entente_ontology::Period,
    ) -> Result<Vec<DyadPeriod>, StoreError> {
        let rf = self.row_filter(filter)?;
        let needed = match period {
            entente_ontology::Period::Day | entente_ontology::Period::Week => 0,
            entente_ontology::Period::Month | entente_ontology::Period::Quarter => 1,
            entente_ontology::Period::Year => 2,
        };
        // Keys pack (source node, target node, period start) into a u64;
        // cells are small so that each thread's table stays in cache.
        type Cells = FxHashMap<u64, ([u32; 4], f64)>;
        let key = |s: u32, t: u32, start: i32| {
            ((s as u64) << 40) | ((t as u64) << 20) | (start + 200_000) as u64 & 0xf_ffff
        };
        let buckets = BucketCache::new(period);
        let cells: Cells = self.fold_rows(
            &rf,
            Cells::default,
            |mut cells, r| {
                if r.src_node != 0
                    && r.tgt_node != 0
                    && r.prec <= needed
                    && r.src_node < 1 << 24
                    && r.tgt_node < 1 << 20
                {
                    let cell = cells
                        .entry(key(r.src_node, r.tgt_node, buckets.start(r.day)))
                        .or_insert(([0; 4], 0.0));
                    if (1..=4).contains(&r.quad) {
                        cell.0[(r.quad - 1) as usize] += 1;
                    }
                    cell.1 += r.goldstein as f64;
                }
                cells
            },
            |a, b| {
                let (mut big, small) = if a.len() < b.len() { (b, a) } else { (a, b) };
                for (k, (c, g)) in small {
                    let cell = big.entry(k).or_insert(([0; 4], 0.0));
                    for (total, n) in cell.0.iter_mut().zip(c) {
                        *total += n;
                    }
                    cell.1 += g;
                }
                big
            },
        )?;
        let cells = cells.into_iter().map(|(k, (c, g))| {
            let start = (k & 0xf_ffff) as i32 - 200_000;
            (
                (((k >> 40) as u32), ((k >> 20) & 0xf_ffff) as u32, start),
                (c.map(u64::from), g),
            )
        });
        let codes = self.actor_codes()?;
        let mut out: Vec<DyadPeriod> = cells
            .into_iter()
            .map(|((s, t, start), (counts, goldstein))| DyadPeriod {
                source: codes.get(&s).cloned().unwrap_or_default(),
                target: codes.get(&t).cloned().unwrap_or_default(),
                start,
                label: period.bucket_of_day(start).label,
                counts,
                goldstein,
            })
            .collect();
        out.sort_by(|a, b| (&a.source, &a.target, a.start).cmp(&(&b.source, &b.target, b.start)));
        Ok(out)
    }
}

/// First day of the period holding each day, precomputed for the days
/// 1900–2100 (and computed on the spot outside them).
pub struct BucketCache {
    period: entente_ontology::Period,
    first: i32,
    starts: Vec<i32>,
}

impl BucketCache {
    /// The cache for one period size.
    pub fn new(period: entente_ontology::Period) -> BucketCache {
        let first = FuzzyDate::parse("1900-01-01")
            .map(|d| d.first_day())
            .unwrap_or(-25567);
        let last = FuzzyDate::parse("2100-12-31")
            .map(|d| d.last_day())
            .unwrap_or(47846);
        let mut starts = Vec::with_capacity((last - first + 1) as usize);
        let mut day = first;
        while day <= last {
            let b = period.bucket_of_day(day);
            for _ in day..=b.end.min(last) {
                starts.push(b.start);
            }
            day = b.end + 1;
        }
        BucketCache {
            period,
            first,
            starts,
        }
    }

    /// The first day of the period holding `day`.
    pub fn start(&self, day: i32) -> i32 {
        match usize::try_from(day - self.first)
            .ok()
            .and_then(|i| self.starts.get(i))
        {
            Some(&s) => s,
            None => self.period.bucket_of_day(day).start,
        }
    }
}
