//! Writing events out for pandas, R and SQL: CSV and JSONL with the columns
//! of [`crate::record::EventRecord`], and Parquet with the typed schema in
//! `docs/event-record.md` (dates as Arrow `date32`, scores as `float64`).

use std::io::Write;
use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanBuilder, Date32Builder, Float64Builder, Int8Builder, Int64Builder,
    StringBuilder,
};
use arrow::datatypes::{DataType, Field, Schema};
use arrow::record_batch::RecordBatch;
use entente_ontology::{Precision, Provenance};
use entente_store::{EventFilter, Store, StoreError, StoredEvent};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::record::{CSV_COLUMNS, EventRecord, csv_fields};

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// Comma-separated, with a header.
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// Apache Parquet.
    Parquet,
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Writing failed.
    #[error("writing: {0}")]
    Io(#[from] std::io::Error),
    /// The CSV writer failed.
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
    /// The Parquet writer failed.
    #[error("writing Parquet: {0}")]
    Parquet(String),
}

/// Writes the events matching `filter` (at most `limit`) to `out`; returns
/// how many.
pub fn export<W: Write + Send>(
    store: &Store,
    filter: &EventFilter,
    limit: Option<u64>,
    format: ExportFormat,
    out: W,
) -> Result<u64, ExportError> {
    match format {
        ExportFormat::Csv => write_csv(store, filter, limit, out),
        ExportFormat::Jsonl => write_jsonl(store, filter, limit, out),
        ExportFormat::Parquet => write_parquet(store, filter, limit, out),
    }
}

fn write_csv<W: Write>(
    store: &Store,
    filter: &EventFilter,
    limit: Option<u64>,
    out: W,
) -> Result<u64, ExportError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    let mut n = 0;
    store.for_each_event::<ExportError>(filter, limit, |e| {
        w.write_record(csv_fields(&EventRecord::from_event(&e.event, Some(e.id))))?;
        n += 1;
        Ok(())
    })?;
    w.flush()?;
    Ok(n)
}

fn write_jsonl<W: Write>(
    store: &Store,
    filter: &EventFilter,
    limit: Option<u64>,
    mut out: W,
) -> Result<u64, ExportError> {
    let mut n = 0;
    store.for_each_event::<ExportError>(filter, limit, |e| {
        serde_json::to_writer(&mut out, &EventRecord::from_event(&e.event, Some(e.id)))
            .map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        n += 1;
        Ok(())
    })?;
    out.flush()?;
    Ok(n)
}

/// The Parquet schema of exported events.
pub fn parquet_schema() -> Arc<Schema> {
    let s = |name: &str| Field::new(name, DataType::Utf8, true);
    Arc::new(Schema::new(vec![
        Field::new("id", DataType::Int64, false),
        Field::new("date", DataType::Utf8, false),
        Field::new("date_start", DataType::Date32, false),
        Field::new("date_end", DataType::Date32, false),
        Field::new("date_precision", DataType::Utf8, false),
        Field::new("date_source", DataType::Utf8, false),
        s("source"),
        s("source_name"),
        s("target"),
        s("target_name"),
        s("cameo"),
        s("cameo_root"),
        s("plover"),
        s("mode"),
        Field::new("goldstein", DataType::Float64, true),
        Field::new("quad_class", DataType::Int8, true),
        Field::new("negated", DataType::Boolean, false),
        Field::new("modality", DataType::Utf8, false),
        s("doc_id"),
        Field::new("sentence", DataType::Int64, true),
        s("text"),
        s("spans"),
        s("rule"),
        s("dataset"),
        s("file"),
        Field::new("line", DataType::Int64, true),
        s("row_id"),
    ]))
}

/// Column builders for one Parquet row group.
struct Columns {
    id: Int64Builder,
    date: StringBuilder,
    date_start: Date32Builder,
    date_end: Date32Builder,
    precision: StringBuilder,
    date_source: StringBuilder,
    source: StringBuilder,
    source_name: StringBuilder,
    target: StringBuilder,
    target_name: StringBuilder,
    cameo: StringBuilder,
    cameo_root: StringBuilder,
    plover: StringBuilder,
    mode: StringBuilder,
    goldstein: Float64Builder,
    quad: Int8Builder,
    negated: BooleanBuilder,
    modality: StringBuilder,
    doc_id: StringBuilder,
    sentence: Int64Builder,
    text: StringBuilder,
    spans: StringBuilder,
    rule: StringBuilder,
    dataset: StringBuilder,
    file: StringBuilder,
    line: Int64Builder,
    row_id: StringBuilder,
    rows: usize,
}

impl Columns {
    fn new() -> Columns {
        let s = StringBuilder::new;
        Columns {
            id: Int64Builder::new(),
            date: s(),
            date_start: Date32Builder::new(),
            date_end: Date32Builder::new(),
            precision: s(),
            date_source: s(),
            source: s(),
            source_name: s(),
            target: s(),
            target_name: s(),
            cameo: s(),
            cameo_root: s(),
            plover: s(),
            mode: s(),
            goldstein: Float64Builder::new(),
            quad: Int8Builder::new(),
            negated: BooleanBuilder::new(),
            modality: s(),
            doc_id: s(),
            sentence: Int64Builder::new(),
            text: s(),
            spans: s(),
            rule: s(),
            dataset: s(),
            file: s(),
            line: Int64Builder::new(),
            row_id: s(),
            rows: 0,
        }
    }

    fn push(&mut self, se: &StoredEvent) {
        let e = &se.event;
        self.id.append_value(se.id);
        self.date.append_value(e.date.to_string());
        self.date_start.append_value(e.date.first_day());
        self.date_end.append_value(e.date.last_day());
        self.precision.append_value(match e.date.precision() {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
        });
        self.date_source.append_value(e.date_source.name());
        self.source
            .append_option(e.source.as_ref().map(|c| c.as_str()));
        self.source_name.append_option(e.source_name.as_deref());
        self.target
            .append_option(e.target.as_ref().map(|c| c.as_str()));
        self.target_name.append_option(e.target_name.as_deref());
        self.cameo
            .append_option(e.cameo.map(|c| c.as_str().to_string()));
        self.cameo_root
            .append_option(e.cameo.map(|c| c.root_str().to_string()));
        self.plover.append_option(e.plover.map(|p| p.name()));
        self.mode.append_option(e.mode.as_deref());
        self.goldstein.append_option(e.goldstein);
        self.quad
            .append_option(e.quad_class.map(|q| q.number() as i8));
        self.negated.append_value(e.negated);
        self.modality.append_value(e.modality.name());
        match &e.provenance {
            Provenance::Text {
                doc_id,
                sentence,
                text,
                spans,
                rule,
                ..
            } => {
                self.doc_id.append_value(doc_id);
                self.sentence.append_value(*sentence as i64);
                self.text.append_value(text);
                self.spans
                    .append_value(crate::record::spans_record(spans).to_text());
                self.rule.append_value(rule);
                self.dataset.append_null();
                self.file.append_null();
                self.line.append_null();
                self.row_id.append_null();
            }
            Provenance::Dataset {
                dataset,
                file,
                line,
                row_id,
                ..
            } => {
                self.doc_id.append_null();
                self.sentence.append_null();
                self.text.append_null();
                self.spans.append_null();
                self.rule.append_null();
                self.dataset.append_value(dataset);
                self.file.append_value(file);
                self.line.append_value(*line as i64);
                self.row_id.append_option(row_id.as_deref());
            }
        }
        self.rows += 1;
    }

    fn finish(&mut self, schema: &Arc<Schema>) -> Result<RecordBatch, ExportError> {
        let cols: Vec<ArrayRef> = vec![
            Arc::new(self.id.finish()),
            Arc::new(self.date.finish()),
            Arc::new(self.date_start.finish()),
            Arc::new(self.date_end.finish()),
            Arc::new(self.precision.finish()),
            Arc::new(self.date_source.finish()),
            Arc::new(self.source.finish()),
            Arc::new(self.source_name.finish()),
            Arc::new(self.target.finish()),
            Arc::new(self.target_name.finish()),
            Arc::new(self.cameo.finish()),
            Arc::new(self.cameo_root.finish()),
            Arc::new(self.plover.finish()),
            Arc::new(self.mode.finish()),
            Arc::new(self.goldstein.finish()),
            Arc::new(self.quad.finish()),
            Arc::new(self.negated.finish()),
            Arc::new(self.modality.finish()),
            Arc::new(self.doc_id.finish()),
            Arc::new(self.sentence.finish()),
            Arc::new(self.text.finish()),
            Arc::new(self.spans.finish()),
            Arc::new(self.rule.finish()),
            Arc::new(self.dataset.finish()),
            Arc::new(self.file.finish()),
            Arc::new(self.line.finish()),
            Arc::new(self.row_id.finish()),
        ];
        self.rows = 0;
        RecordBatch::try_new(schema.clone(), cols).map_err(|e| ExportError::Parquet(e.to_string()))
    }
}

const ROW_GROUP: usize = 65_536;

fn write_parquet<W: Write + Send>(
    store: &Store,
    filter: &EventFilter,
    limit: Option<u64>,
    out: W,
) -> Result<u64, ExportError> {
    let schema = parquet_schema();
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let perr = |e: parquet::errors::ParquetError| ExportError::Parquet(e.to_string());
    let mut writer = ArrowWriter::try_new(out, schema.clone(), Some(props)).map_err(perr)?;
    let mut cols = Columns::new();
    let mut n = 0;
    store.for_each_event::<ExportError>(filter, limit, |e| {
        cols.push(&e);
        n += 1;
        if cols.rows >= ROW_GROUP {
            let batch = cols.finish(&schema)?;
            writer.write(&batch).map_err(perr)?;
        }
        Ok(())
    })?;
    if cols.rows > 0 || n == 0 {
        let batch = cols.finish(&schema)?;
        writer.write(&batch).map_err(perr)?;
    }
    writer.close().map_err(perr)?;
    Ok(n)
}
