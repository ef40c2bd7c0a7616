//! Reading input files safely: plain or zipped, line by line, with limits.
//!
//! Every check that makes a whole file unusable happens here, before a row
//! is parsed: a missing or empty file, a truncated zip, binary content, text
//! that is not UTF-8, a line too long to be an event row. Each error names
//! the file and, where it applies, the line.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// The longest line accepted. GDELT rows are under 2 KB; a line longer
/// than this means the file is not an event file.
pub const MAX_LINE: usize = 1 << 20;

/// A whole-file problem.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Could not open or read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// Nothing in it.
    #[error("{0}: the file is empty")]
    Empty(PathBuf),
    /// NUL bytes: not text.
    #[error("{path}:{line}: binary data (NUL byte): not a text event file")]
    Binary {
        /// The file.
        path: PathBuf,
        /// Line of the first NUL byte.
        line: u64,
    },
    /// Not UTF-8.
    #[error(
        "{path}:{line}: invalid UTF-8 at byte {column} of the line (is the file in another encoding, such as Latin-1? convert it to UTF-8 first)"
    )]
    InvalidUtf8 {
        /// The file.
        path: PathBuf,
        /// The line.
        line: u64,
        /// Byte offset in the line, from 1.
        column: usize,
    },
    /// A line over [`MAX_LINE`].
    #[error("{path}:{line}: line longer than {limit} bytes: not an event file")]
    LineTooLong {
        /// The file.
        path: PathBuf,
        /// The line.
        line: u64,
        /// The limit.
        limit: usize,
    },
    /// A zip that cannot be read.
    #[error("{path}: cannot read zip archive: {reason}")]
    Zip {
        /// The file.
        path: PathBuf,
        /// What the zip reader said.
        reason: String,
    },
    /// The content is not of the expected format.
    #[error("{path}: not a {format} file: {reason}")]
    NotFormat {
        /// The file.
        path: PathBuf,
        /// The expected format.
        format: &'static str,
        /// Why not.
        reason: String,
    },
    /// With `--strict`, the first bad row.
    #[error("{path}:{line}: {reason} (--strict: nothing imported from this file)")]
    StrictRow {
        /// The file.
        path: PathBuf,
        /// The line.
        line: u64,
        /// The row problem.
        reason: String,
    },
    /// The store failed while importing.
    #[error(transparent)]
    Store(#[from] entente_store::StoreError),
}

/// An opened input: its bytes (unzipped if needed) as a buffered reader,
/// and its size for progress.
pub struct Input {
    /// Path as given.
    pub path: PathBuf,
    /// Size of the uncompressed content, when known.
    pub size: Option<u64>,
    reader: Box<dyn BufRead + Send>,
    line: u64,
    buf: Vec<u8>,
    /// Bytes consumed so far.
    pub consumed: u64,
}

impl Input {
    /// Opens `path`; `.zip` files are read from their first entry (GDELT
    /// ships one CSV per zip).
    pub fn open(path: &Path) -> Result<Input, FileError> {
        let io = |source| FileError::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = File::open(path).map_err(io)?;
        let meta = file.metadata().map_err(io)?;
        if meta.is_dir() {
            return Err(FileError::Io {
                path: path.to_path_buf(),
                source: std::io::Error::other("is a directory"),
            });
        }
        if meta.len() == 0 {
            return Err(FileError::Empty(path.to_path_buf()));
        }
        let is_zip = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
        let (reader, size): (Box<dyn BufRead + Send>, Option<u64>) = if is_zip {
            let zerr = |e: zip::result::ZipError| FileError::Zip {
                path: path.to_path_buf(),
                reason: e.to_string(),
            };
            let mut archive = zip::ZipArchive::new(file).map_err(zerr)?;
            if archive.is_empty() {
                return Err(FileError::Zip {
                    path: path.to_path_buf(),
                    reason: "the archive has no files".into(),
                });
            }
            // Decompress fully so that a truncated archive fails here, before
            // any row is imported, rather than halfway through.
            let mut entry = archive.by_index(0).map_err(zerr)?;
            let mut content = Vec::with_capacity(entry.size().min(1 << 30) as usize);
            entry
                .read_to_end(&mut content)
                .map_err(|e| FileError::Zip {
                    path: path.to_path_buf(),
                    reason: format!("truncated or corrupt entry {:?}: {e}", entry.name()),
                })?;
            if content.is_empty() {
                return Err(FileError::Empty(path.to_path_buf()));
            }
            let size = content.len() as u64;
            (Box::new(std::io::Cursor::new(content)), Some(size))
        } else {
            (
                Box::new(BufReader::with_capacity(1 << 20, file)),
                Some(meta.len()),
            )
        };
        Ok(Input {
            path: path.to_path_buf(),
            size,
            reader,
            line: 0,
            buf: Vec::new(),
            consumed: 0,
        })
    }

    /// The next line without its line ending (`\n` or `\r\n`), with its
    /// number from 1; `None` at the end.
    pub fn next_line(&mut self) -> Result<Option<(u64, &str)>, FileError> {
        self.buf.clear();
        let path = &self.path;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(source) => {
                    return Err(FileError::Io {
                        path: path.clone(),
                        source,
                    });
                }
            };
            if available.is_empty() {
                break;
            }
            let (take, done) = match memchr::memchr(b'\n', available) {
                Some(i) => (i + 1, true),
                None => (available.len(), false),
            };
            if self.buf.len() + take > MAX_LINE + 2 {
                return Err(FileError::LineTooLong {
                    path: path.clone(),
                    line: self.line + 1,
                    limit: MAX_LINE,
                });
            }
            self.buf.extend_from_slice(&available[..take]);
            self.reader.consume(take);
            self.consumed += take as u64;
            if done {
                break;
            }
        }
        if self.buf.is_empty() {
            return Ok(None);
        }
        self.line += 1;
        let mut end = self.buf.len();
        if end > 0 && self.buf[end - 1] == b'\n' {
            end -= 1;
        }
        if end > 0 && self.buf[end - 1] == b'\r' {
            end -= 1;
        }
        let bytes = &self.buf[..end];
        if bytes.contains(&0) {
            return Err(FileError::Binary {
                path: path.clone(),
                line: self.line,
            });
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => Ok(Some((self.line, s))),
            Err(e) => Err(FileError::InvalidUtf8 {
                path: path.clone(),
                line: self.line,
                column: e.valid_up_to() + 1,
            }),
        }
    }

    /// The whole remaining content as one string (for JSON documents, whose
    /// lines may be long), with the binary and UTF-8 checks of
    /// [`Input::next_line`].
    pub fn read_all(&mut self) -> Result<String, FileError> {
        let path = self.path.clone();
        let mut bytes = Vec::new();
        self.reader
            .read_to_end(&mut bytes)
            .map_err(|source| FileError::Io {
                path: path.clone(),
                source,
            })?;
        self.consumed += bytes.len() as u64;
        let line_of =
            |offset: usize| bytes[..offset].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        if let Some(nul) = memchr::memchr(0, &bytes) {
            return Err(FileError::Binary {
                path,
                line: line_of(nul),
            });
        }
        match String::from_utf8(bytes) {
            Ok(s) => Ok(s),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let bytes = e.as_bytes();
                let line_start = bytes[..offset]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1);
                let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
                Err(FileError::InvalidUtf8 {
                    path,
                    line,
                    column: offset - line_start + 1,
                })
            }
        }
    }
}
