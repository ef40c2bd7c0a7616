//! Event datasets in and out of the store.
//!
//! In: GDELT 1.0/2.0 ([`gdelt`]), ICEWS ([`icews`]), PLOVER/POLECAT JSON
//! ([`plover`]) and entente's own CSV/JSONL records ([`record`]). Each file
//! is imported in one store transaction by [`import_file`]: malformed rows
//! are skipped and reported with file, line, field and reason, or with
//! `strict` the first one aborts the file with nothing written. Rows are
//! fingerprinted, so importing a file or a row twice adds nothing.
//!
//! Out: CSV, JSONL and Parquet ([`export`]).

pub mod documents;
pub mod export;
pub mod gdelt;
pub mod icews;
mod input;
pub mod plover;
pub mod record;
pub mod synth;

use std::fmt;
use std::path::{Path, PathBuf};

use entente_ontology::Event;
use entente_store::{Batch, Store};

pub use input::{FileError, Input, MAX_LINE};

/// A dataset format `entente import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// GDELT 1.0 or 2.0 event files, plain or zipped.
    Gdelt,
    /// ICEWS tab-separated event files.
    Icews,
    /// PLOVER/POLECAT JSON records.
    Plover,
    /// entente's CSV records.
    Csv,
    /// entente's JSONL records.
    Jsonl,
}

impl Format {
    /// Name used on the command line and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Gdelt => "GDELT",
            Format::Icews => "ICEWS",
            Format::Plover => "PLOVER JSON",
            Format::Csv => "entente CSV",
            Format::Jsonl => "entente JSONL",
        }
    }
}

/// One malformed row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// Line in the file, from 1.
    pub line: u64,
    /// The field at fault, when one is.
    pub field: Option<&'static str>,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.field {
            Some(field) => write!(f, "line {}: {field}: {}", self.line, self.reason),
            None => write!(f, "line {}: {}", self.line, self.reason),
        }
    }
}

/// How to import.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// Abort a file at its first bad row, writing nothing from it.
    pub strict: bool,
    /// How many bad rows to keep for the report.
    pub keep_problems: usize,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            strict: false,
            keep_problems: 10,
        }
    }
}

/// What importing one file did.
#[derive(Clone, Debug, Default)]
pub struct FileReport {
    /// Rows (or records) read.
    pub rows: u64,
    /// Events stored.
    pub added: u64,
    /// Events already in the store.
    pub duplicates: u64,
    /// Malformed rows skipped.
    pub skipped: u64,
    /// The first malformed rows.
    pub problems: Vec<RowError>,
    /// The dataset name recorded (`gdelt2`, `icews`, ...).
    pub dataset: String,
}

/// After this many rows without a single good one, a file is taken not to
/// be of the format at all, and nothing is imported from it.
const GARBAGE_ROWS: u64 = 50;

/// Per-file import state shared by the format readers.
struct Importer<'b, 's> {
    batch: &'b mut Batch<'s>,
    report: FileReport,
    opts: &'b ImportOptions,
    path: &'b Path,
    format: Format,
    good_rows: u64,
}

impl Importer<'_, '_> {
    /// Takes one parsed row.
    fn row(&mut self, parsed: Result<Vec<Event>, RowError>) -> Result<(), FileError> {
        self.report.rows += 1;
        match parsed {
            Ok(events) => {
                if self.good_rows == 0
                    && let Some(entente_ontology::Provenance::Dataset { dataset, .. }) =
                        events.first().map(|e| &e.provenance)
                    && *dataset != self.report.dataset
                {
                    self.report.dataset = dataset.to_string();
                    self.batch.set_import_dataset(dataset)?;
                }
                self.good_rows += 1;
                for e in &events {
                    if self.batch.add_event(e, None)? {
                        self.report.added += 1;
                    } else {
                        self.report.duplicates += 1;
                    }
                }
                Ok(())
            }
            Err(problem) => {
                if self.opts.strict {
                    return Err(FileError::StrictRow {
                        path: self.path.to_path_buf(),
                        line: problem.line,
                        reason: problem
                            .to_string()
                            .split_once(": ")
                            .map(|x| x.1.to_string())
                            .unwrap_or_default(),
                    });
                }
                self.report.skipped += 1;
                self.batch.note_skipped(1);
                if self.report.problems.len() < self.opts.keep_problems {
                    self.report.problems.push(problem);
                }
                if self.good_rows == 0 && self.report.skipped >= GARBAGE_ROWS {
                    return Err(self.not_format());
                }
                Ok(())
            }
        }
    }

    fn not_format(&self) -> FileError {
        let first = self
            .report
            .problems
            .first()
            .map(|p| p.to_string())
            .unwrap_or_default();
        FileError::NotFormat {
            path: self.path.to_path_buf(),
            format: self.format.name(),
            reason: format!(
                "none of the first {} rows could be read; first problem: {first}",
                self.report.skipped
            ),
        }
    }
}

/// Lines per parsing chunk.
const CHUNK_LINES: usize = 16_384;

/// What the reading thread sends: parsed rows with the bytes read so far,
/// or the error that stopped reading.
enum Chunk {
    Rows(Vec<Result<Vec<Event>, RowError>>, u64),
    Failed(FileError),
}

/// Reads `input` line by line on a separate thread, parses chunks of lines
/// in parallel with `parse` (blank lines are skipped), and hands the
/// results, in file order, to `each` on the calling thread, which owns the
/// store transaction. Reading and parsing thus overlap with inserting.
fn pipelined_lines<P>(
    mut input: Input,
    parse: P,
    each: &mut dyn FnMut(Result<Vec<Event>, RowError>) -> Result<(), FileError>,
    progress: &mut dyn FnMut(u64, Option<u64>),
) -> Result<(), FileError>
where
    P: Fn(u64, &str) -> Result<Vec<Event>, RowError> + Sync,
{
    let total = input.size;
    let (tx, rx) = std::sync::mpsc::sync_channel::<Chunk>(4);
    std::thread::scope(|scope| {
        let parse = &parse;
        let reader = std::thread::Builder::new()
            .name("entente-read".into())
            .spawn_scoped(scope, move || {
                let mut text = String::with_capacity(CHUNK_LINES * 256);
                let mut lines: Vec<(u64, std::ops::Range<usize>)> = Vec::with_capacity(CHUNK_LINES);
                loop {
                    text.clear();
                    lines.clear();
                    let mut done = false;
                    while lines.len() < CHUNK_LINES {
                        match input.next_line() {
                            Ok(Some((n, line))) => {
                                if line.trim().is_empty() {
                                    continue;
                                }
                                let start = text.len();
                                text.push_str(line);
                                lines.push((n, start..text.len()));
                            }
                            Ok(None) => {
                                done = true;
                                break;
                            }
                            Err(e) => {
                                let _ = tx.send(Chunk::Failed(e));
                                return;
                            }
                        }
                    }
                    let rows: Vec<Result<Vec<Event>, RowError>> = lines
                        .iter()
                        .map(|(n, r)| parse(*n, &text[r.clone()]))
                        .collect();
                    if tx.send(Chunk::Rows(rows, input.consumed)).is_err() || done {
                        return;
                    }
                }
            });
        if let Err(e) = reader {
            return Err(FileError::Io {
                path: PathBuf::new(),
                source: e,
            });
        }
        for chunk in rx {
            match chunk {
                Chunk::Failed(e) => return Err(e),
                Chunk::Rows(rows, consumed) => {
                    for row in rows {
                        each(row)?;
                    }
                    progress(consumed, total);
                }
            }
        }
        Ok(())
    })
}

/// Imports one file in one transaction. `progress` is called with the bytes
/// read so far and the total, when known.
pub fn import_file(
    store: &mut Store,
    format: Format,
    path: &Path,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(u64, Option<u64>),
) -> Result<FileReport, FileError> {
    let mut input = Input::open(path)?;
    let file: std::sync::Arc<str> = std::sync::Arc::from(path.display().to_string());
    let mut batch = store.batch()?;
    let dataset = match format {
        Format::Gdelt => "gdelt",
        Format::Icews => "icews",
        Format::Plover => "plover",
        Format::Csv => "csv",
        Format::Jsonl => "jsonl",
    };
    batch.start_import(dataset, &file)?;
    let mut imp = Importer {
        batch: &mut batch,
        report: FileReport {
            dataset: dataset.to_string(),
            ..FileReport::default()
        },
        opts,
        path,
        format,
        good_rows: 0,
    };
    let not_format = |format: &'static str, reason: String| FileError::NotFormat {
        path: path.to_path_buf(),
        format,
        reason,
    };
    match format {
        Format::Gdelt => {
            let parse = |n: u64, line: &str| {
                let fields: Vec<&str> = line.split('\t').collect();
                gdelt::parse_row(n, line, &fields, &file).map(|e| vec![e])
            };
            pipelined_lines(input, parse, &mut |row| imp.row(row), progress)?;
        }
        Format::Icews => {
            let cols = loop {
                match input.next_line()? {
                    None => return Err(FileError::Empty(path.to_path_buf())),
                    Some((_, l)) if l.trim().is_empty() => continue,
                    Some((_, header)) => {
                        break icews::Columns::from_header(header)
                            .map_err(|r| not_format("ICEWS", r))?;
                    }
                }
            };
            let parse =
                |n: u64, line: &str| icews::parse_row(&cols, n, line, &file).map(|e| vec![e]);
            pipelined_lines(input, parse, &mut |row| imp.row(row), progress)?;
        }
        Format::Jsonl => {
            let parse = |n: u64, line: &str| {
                serde_json::from_str::<record::EventRecord>(line)
                    .map_err(|e| RowError {
                        line: n,
                        field: None,
                        reason: format!("invalid record: {e}"),
                    })
                    .and_then(|r| r.to_event("jsonl", &file, n, line))
                    .map(|e| vec![e])
            };
            pipelined_lines(input, parse, &mut |row| imp.row(row), progress)?;
        }
        Format::Plover => {
            let text = input.read_all()?;
            let records = plover::split_records(&text)
                .map_err(|e| not_format("PLOVER JSON", e.to_string()))?;
            for rec in &records {
                imp.row(plover::parse_record(rec, &file))?;
            }
            progress(input.consumed, input.size);
        }
        Format::Csv => {
            let text = input.read_all()?;
            let mut reader = csv::ReaderBuilder::new()
                .flexible(true)
                .from_reader(text.as_bytes());
            let header: Vec<String> = reader
                .headers()
                .map_err(|e| not_format("entente CSV", e.to_string()))?
                .iter()
                .map(|h| h.trim().to_ascii_lowercase())
                .collect();
            if !header.iter().any(|h| h == "date")
                || !header.iter().any(|h| h == "cameo" || h == "plover")
            {
                return Err(not_format(
                    "entente CSV",
                    "the header needs a `date` column and a `cameo` or `plover` column (see docs/event-record.md)".into(),
                ));
            }
            let mut row = csv::StringRecord::new();
            loop {
                let line = reader.position().line() + 1;
                match reader.read_record(&mut row) {
                    Ok(false) => break,
                    Ok(true) => {
                        let n = row.position().map_or(line, |p| p.line());
                        let raw = row.iter().collect::<Vec<_>>().join("\u{1f}");
                        let parsed = record::record_from_csv(&header, &row, n)
                            .and_then(|r| r.to_event("csv", &file, n, &raw));
                        imp.row(parsed.map(|e| vec![e]))?;
                    }
                    Err(e) => {
                        let n = e.position().map_or(line, |p| p.line());
                        imp.row(Err(RowError {
                            line: n,
                            field: None,
                            reason: e.to_string(),
                        }))?;
                    }
                }
            }
            progress(input.consumed, input.size);
        }
    }
    if imp.good_rows == 0 && imp.report.skipped > 0 {
        return Err(imp.not_format());
    }
    if imp.report.rows == 0 {
        return Err(not_format(
            format.name(),
            "no event rows in the file".into(),
        ));
    }
    let report = imp.report;
    batch.commit()?;
    Ok(report)
}
