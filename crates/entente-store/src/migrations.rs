//! Schema versions. Each migration is a batch of SQL run in one
//! transaction; `schema_version` records the version reached. Adding a
//! version means appending to [`MIGRATIONS`] and keeping a store file of the
//! previous version under `tests/fixtures/` so the upgrade is tested.

use rusqlite::{Connection, OptionalExtension};

/// Migration `i` brings a store from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[V1];

/// The newest version.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

const V1: &str = "
CREATE TABLE actors (
    id      INTEGER PRIMARY KEY,
    code    TEXT NOT NULL UNIQUE,
    node    INTEGER REFERENCES actors(id),
    name    TEXT
);
CREATE TABLE actor_links (
    child   TEXT PRIMARY KEY,
    parent  TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    dataset     TEXT NOT NULL,
    file        TEXT NOT NULL,
    started_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    rows_read   INTEGER NOT NULL DEFAULT 0,
    rows_added  INTEGER NOT NULL DEFAULT 0,
    rows_skipped INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    hash        BLOB NOT NULL UNIQUE,
    doc_key     TEXT NOT NULL,
    date        TEXT,
    title       TEXT,
    url         TEXT,
    source      TEXT,
    text        TEXT NOT NULL,
    added_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX documents_key ON documents(doc_key);
CREATE TABLE sentences (
    doc     INTEGER NOT NULL REFERENCES documents(id),
    idx     INTEGER NOT NULL,
    start   INTEGER NOT NULL,
    text    TEXT NOT NULL,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    fp          INTEGER NOT NULL,
    day         INTEGER NOT NULL,
    day_end     INTEGER NOT NULL,
    prec        INTEGER NOT NULL,
    date_source TEXT NOT NULL,
    src         INTEGER REFERENCES actors(id),
    tgt         INTEGER REFERENCES actors(id),
    src_node    INTEGER REFERENCES actors(id),
    tgt_node    INTEGER REFERENCES actors(id),
    src_name    TEXT,
    tgt_name    TEXT,
    cameo       TEXT,
    root        INTEGER,
    quad        INTEGER NOT NULL,
    goldstein   REAL NOT NULL,
    plover      TEXT,
    mode        TEXT,
    negated     INTEGER NOT NULL DEFAULT 0,
    modality    TEXT NOT NULL DEFAULT 'asserted',
    doc         INTEGER REFERENCES documents(id),
    sentence    INTEGER,
    spans       TEXT,
    rule        TEXT,
    coder       TEXT,
    import      INTEGER REFERENCES imports(id),
    line        INTEGER,
    row_id      TEXT
);
CREATE UNIQUE INDEX events_fp ON events(fp);
CREATE INDEX events_dyad ON events(src_node, tgt_node, day);
CREATE INDEX events_tgt ON events(tgt_node, day);
CREATE INDEX events_day ON events(day);
";

/// The version recorded in the store; 0 for a new, empty file. A file with
/// tables but no version table is not an entente store.
pub fn version(conn: &Connection) -> rusqlite::Result<i64> {
    let has_table: bool = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_version'",
        [],
        |r| r.get::<_, i64>(0).map(|n| n > 0),
    )?;
    if !has_table {
        let tables: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type='table'",
            [],
            |r| r.get(0),
        )?;
        if tables > 0 {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ERROR),
                Some("an SQLite database without entente's schema_version table".into()),
            ));
        }
        return Ok(0);
    }
    Ok(conn
        .query_row("SELECT version FROM schema_version", [], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}

/// Applies every missing migration, each in its own transaction.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let mut current = version(conn)?;
    if current > LATEST {
        // Opening for writing a store from a newer entente: refuse by leaving
        // it alone; the caller reports the version.
        return Ok(());
    }
    while current < LATEST {
        let tx = conn.transaction()?;
        if current == 0 {
            tx.execute_batch("CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (0);")?;
        }
        tx.execute_batch(MIGRATIONS[current as usize])?;
        tx.execute("UPDATE schema_version SET version = ?1", [current + 1])?;
        tx.commit()?;
        current += 1;
    }
    Ok(())
}
