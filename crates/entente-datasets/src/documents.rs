//! Documents to code: plain text files (one document each), JSONL files
//! (one document per line: `id`, `date`, `title`, `text`, `url`, `source`)
//! and HTML pages (article text extracted). A line's own date wins over the
//! default date given on the command line.

use std::path::Path;

use entente_coder::Document;
use entente_coder::html;
use entente_ontology::FuzzyDate;
use serde::Deserialize;

use crate::{FileError, Input};

/// The longest document text entente codes (5 MiB): a news article or
/// analysis is a few kilobytes; anything this long is a corpus in one file.
pub const MAX_DOCUMENT: usize = 5 << 20;

/// A document with what the store keeps besides its text.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceDocument {
    /// The document to code.
    pub doc: Document,
    /// Title, if given.
    pub title: Option<String>,
    /// Address, if given.
    pub url: Option<String>,
    /// Outlet, if given.
    pub source: Option<String>,
    /// Where it came from: `file` or `file:line`.
    pub origin: String,
}

/// A problem with one document of a file; the others are still read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {reason}")]
pub struct DocumentError {
    /// `file` or `file:line`.
    pub origin: String,
    /// What is wrong.
    pub reason: String,
}

#[derive(Deserialize)]
struct JsonDocument {
    id: Option<serde_json::Value>,
    date: Option<String>,
    title: Option<String>,
    text: Option<String>,
    url: Option<String>,
    source: Option<String>,
}

/// How a file's content is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One plain-text document.
    Text,
    /// One JSON document per line.
    Jsonl,
    /// One HTML page.
    Html,
}

/// Guesses the layout from the extension, else the content.
pub fn layout_of(path: &Path, content: &str) -> Layout {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("jsonl" | "ndjson") => Layout::Jsonl,
        Some("html" | "htm" | "xhtml") => Layout::Html,
        Some("txt" | "text" | "md") => Layout::Text,
        _ => {
            if content.trim_start().starts_with('{') {
                Layout::Jsonl
            } else if html::looks_like_html(content) {
                Layout::Html
            } else {
                Layout::Text
            }
        }
    }
}

fn id_from_path(path: &Path) -> String {
    if path.as_os_str() == "-" {
        return "stdin".into();
    }
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("document")
        .to_string()
}

/// Reads the documents of a file. Whole-file problems (missing, empty,
/// binary, not UTF-8) are errors; a malformed JSONL line is reported and
/// skipped. `default_date` applies where a document gives none; `id`
/// names a single plain-text or HTML document.
pub fn read_documents(
    path: &Path,
    name: &str,
    content: Option<String>,
    default_date: Option<FuzzyDate>,
    id: Option<&str>,
) -> Result<(Vec<SourceDocument>, Vec<DocumentError>), FileError> {
    let text = match content {
        Some(c) => c,
        None => Input::open(path)?.read_all()?,
    };
    if text.trim().is_empty() {
        return Err(FileError::Empty(path.to_path_buf()));
    }
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    let layout = layout_of(path, &text);
    let too_long = |n: usize| {
        format!(
            "{} MB of text in one document; entente codes documents up to {} MB: split it",
            n >> 20,
            MAX_DOCUMENT >> 20
        )
    };
    match layout {
        Layout::Text | Layout::Html if text.len() > MAX_DOCUMENT => {
            problems.push(DocumentError {
                origin: name.to_string(),
                reason: too_long(text.len()),
            });
        }
        Layout::Text | Layout::Html => {
            let body = if layout == Layout::Html {
                html::to_text(&text)
            } else {
                text
            };
            match default_date {
                Some(date) => docs.push(SourceDocument {
                    doc: Document { id: id.map(str::to_string).unwrap_or_else(|| id_from_path(path)), date, text: body },
                    title: None,
                    url: None,
                    source: None,
                    origin: name.to_string(),
                }),
                None => problems.push(DocumentError {
                    origin: name.to_string(),
                    reason: "no publication date: give --date YYYY-MM-DD (relative dates such as \"on Tuesday\" are resolved against it)".into(),
                }),
            }
        }
        Layout::Jsonl => {
            for (i, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let origin = format!("{name}:{}", i + 1);
                if line.len() > MAX_DOCUMENT {
                    problems.push(DocumentError {
                        origin,
                        reason: too_long(line.len()),
                    });
                    continue;
                }
                let parsed: JsonDocument = match serde_json::from_str(line) {
                    Ok(d) => d,
                    Err(e) => {
                        problems.push(DocumentError {
                            origin,
                            reason: format!("invalid JSON document: {e}"),
                        });
                        continue;
                    }
                };
                let Some(body) = parsed.text.filter(|t| !t.trim().is_empty()) else {
                    problems.push(DocumentError {
                        origin,
                        reason: "field `text` is missing or empty".into(),
                    });
                    continue;
                };
                let date = match parsed
                    .date
                    .as_deref()
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                {
                    Some(d) => {
                        // Accept a timestamp's date part ("2022-08-05T10:00:00Z").
                        let day = d
                            .get(..10)
                            .filter(|_| {
                                d.len() > 10
                                    && d.as_bytes()
                                        .get(10)
                                        .is_some_and(|b| *b == b'T' || *b == b' ')
                            })
                            .unwrap_or(d);
                        match FuzzyDate::parse(day) {
                            Ok(d) => d,
                            Err(e) => {
                                problems.push(DocumentError {
                                    origin,
                                    reason: format!("field `date`: {e}"),
                                });
                                continue;
                            }
                        }
                    }
                    None => match default_date {
                        Some(d) => d,
                        None => {
                            problems.push(DocumentError {
                                origin,
                                reason: "no `date` in the document and no --date".into(),
                            });
                            continue;
                        }
                    },
                };
                let doc_id = match parsed.id {
                    Some(serde_json::Value::String(s)) if !s.is_empty() => s,
                    Some(serde_json::Value::Number(n)) => n.to_string(),
                    _ => format!("{}:{}", id_from_path(path), i + 1),
                };
                let body = if html::looks_like_html(&body) {
                    html::to_text(&body)
                } else {
                    body
                };
                docs.push(SourceDocument {
                    doc: Document {
                        id: doc_id,
                        date,
                        text: body,
                    },
                    title: parsed.title,
                    url: parsed.url,
                    source: parsed.source,
                    origin,
                });
            }
        }
    }
    Ok((docs, problems))
}
