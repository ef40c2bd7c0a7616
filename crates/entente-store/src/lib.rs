//! entente's store: one SQLite file holding documents, sentences, events
//! and actors.
//!
//! Design choices:
//! - SQLite in WAL mode through rusqlite (bundled), so a store is one file
//!   a user can copy, open in any SQLite client, and query with SQL.
//! - Every write goes through a [`Batch`]: one transaction per imported file
//!   or ingested document set. A failed or killed import leaves the store
//!   exactly as it was.
//! - Events carry a 64-bit fingerprint of their origin (the dataset row's
//!   content, or the document, sentence and coding); a unique index on it
//!   makes re-imports add nothing.
//! - Actors are interned: events hold integer ids of the actor and of its
//!   country-level node, so that dyad-by-date queries run on a compact
//!   index `(src_node, tgt_node, day)`.
//! - The schema is versioned; [`migrations`] applies missing versions in
//!   order when a store is opened for writing.

mod columns;
mod migrations;
mod read;
mod write;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

pub use columns::{EventRow, RowFilter};
pub use read::{ActorRow, BucketCache, DatasetCount, DyadPeriod, EventFilter, Stats, StoredEvent};
pub use write::{Batch, BatchCounts, NewDocument};

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = migrations::LATEST;

/// Errors from the store. Each names the store file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed.
    #[error("store {path}: {source}")]
    Sqlite {
        /// The store file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The file exists but is not an entente store.
    #[error("{path} is not an entente store ({reason})")]
    NotAStore {
        /// The file.
        path: PathBuf,
        /// Why not.
        reason: String,
    },
    /// The store was written by a newer entente.
    #[error(
        "store {path} has schema version {found}; this entente reads up to {supported}: upgrade entente"
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// Version in the file.
        found: i64,
        /// Version this build knows.
        supported: i64,
    },
    /// A read-only open of a store that does not exist.
    #[error(
        "no store at {0}: import or ingest something first, or point --db / ENTENTE_DB at a store"
    )]
    Missing(PathBuf),
}

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens the store at `path` for reading and writing, creating it and
    /// bringing its schema up to date as needed.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path).map_err(|e| sqlite(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.configure()?;
        let version = migrations::version(&store.conn).map_err(|e| store.classify(e))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: store.path.clone(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        migrations::migrate(&mut store.conn).map_err(|e| store.classify(e))?;
        Ok(store)
    }

    /// Opens an existing store for reading; a missing file is an error
    /// rather than a new empty store.
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| sqlite(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.configure()?;
        let version = migrations::version(&store.conn).map_err(|e| store.classify(e))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: store.path.clone(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version < SCHEMA_VERSION {
            migrations::migrate(&mut store.conn).map_err(|e| store.classify(e))?;
        }
        Ok(store)
    }

    /// The store's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version in the file.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        migrations::version(&self.conn).map_err(|e| self.err(e))
    }

    fn configure(&mut self) -> Result<(), StoreError> {
        // A file that is not SQLite fails here, at the first read.
        let mode: Result<String, _> = self
            .conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0));
        mode.map_err(|e| self.classify(e))?;
        self.conn
            .execute_batch(
                "PRAGMA synchronous=NORMAL;
                 PRAGMA foreign_keys=OFF;
                 PRAGMA temp_store=MEMORY;
                 PRAGMA cache_size=-262144;
                 PRAGMA mmap_size=8589934592;
                 PRAGMA busy_timeout=5000;",
            )
            .map_err(|e| self.err(e))?;
        rusqlite::vtab::array::load_module(&self.conn).map_err(|e| self.err(e))?;
        Ok(())
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        sqlite(&self.path, e)
    }

    /// Tells "not a database" apart from other SQLite failures.
    fn classify(&self, e: rusqlite::Error) -> StoreError {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotAStore {
                path: self.path.clone(),
                reason: "not an SQLite database".into(),
            },
            _ => match &e {
                rusqlite::Error::SqliteFailure(_, Some(msg)) if msg.contains("entente") => {
                    StoreError::NotAStore {
                        path: self.path.clone(),
                        reason: msg.clone(),
                    }
                }
                _ => self.err(e),
            },
        }
    }
}

fn sqlite(path: &Path, source: rusqlite::Error) -> StoreError {
    StoreError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}
