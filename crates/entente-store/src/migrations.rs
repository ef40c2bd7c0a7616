//! Schema versions. Each migration is a batch of SQL run in one
//! transaction; `schema_version` records the version reached. Adding a
//! version means appending to [`MIGRATIONS`] and a test below that fills a
//! store of the previous version and upgrades it.

use rusqlite::{Connection, OptionalExtension};

/// Migration `i` brings a store from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[V1, V2];

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
    day         INTEGER NOT NULL,
    day_end     INTEGER NOT NULL,
    prec        INTEGER NOT NULL,
    src         INTEGER REFERENCES actors(id),
    tgt         INTEGER REFERENCES actors(id),
    src_node    INTEGER REFERENCES actors(id),
    tgt_node    INTEGER REFERENCES actors(id),
    cameo       TEXT,
    root        INTEGER,
    quad        INTEGER NOT NULL,
    goldstein   REAL NOT NULL,
    plover      TEXT,
    mode        TEXT,
    flags       INTEGER NOT NULL DEFAULT 0,
    src_name    TEXT,
    tgt_name    TEXT,
    import      INTEGER REFERENCES imports(id),
    line        INTEGER,
    row_id      TEXT
);
CREATE TABLE event_text (
    event       INTEGER PRIMARY KEY REFERENCES events(id),
    doc         INTEGER NOT NULL REFERENCES documents(id),
    sentence    INTEGER NOT NULL,
    spans       TEXT NOT NULL,
    rule        TEXT NOT NULL,
    coder       TEXT NOT NULL
);
CREATE TABLE event_columns (
    id          INTEGER PRIMARY KEY,
    first_event INTEGER NOT NULL,
    rows        INTEGER NOT NULL,
    min_day     INTEGER NOT NULL,
    max_day     INTEGER NOT NULL,
    data        BLOB NOT NULL
);
CREATE TABLE fingerprints (
    id          INTEGER PRIMARY KEY,
    fps         BLOB NOT NULL
);
CREATE INDEX events_dyad ON events(src_node, tgt_node, day);
CREATE VIEW events_readable AS
SELECT e.id,
       date(e.day * 86400, 'unixepoch') AS date_start,
       date(e.day_end * 86400, 'unixepoch') AS date_end,
       CASE e.prec WHEN 0 THEN 'day' WHEN 1 THEN 'month' ELSE 'year' END AS date_precision,
       sa.code AS source, e.src_name AS source_name, sn.code AS source_node,
       ta.code AS target, e.tgt_name AS target_name, tn.code AS target_node,
       e.cameo, e.root AS cameo_root, e.quad AS quad_class, e.goldstein,
       (e.flags & 1) AS negated,
       CASE (e.flags >> 1) & 3 WHEN 0 THEN 'asserted' WHEN 1 THEN 'intended' WHEN 2 THEN 'hypothetical' ELSE 'reported' END AS modality,
       d.doc_key AS doc_id, t.sentence, t.rule,
       i.dataset, i.file, e.line, e.row_id
FROM events e
LEFT JOIN actors sa ON sa.id = e.src
LEFT JOIN actors ta ON ta.id = e.tgt
LEFT JOIN actors sn ON sn.id = e.src_node
LEFT JOIN actors tn ON tn.id = e.tgt_node
LEFT JOIN event_text t ON t.event = e.id
LEFT JOIN documents d ON d.id = t.doc
LEFT JOIN imports i ON i.id = e.import;
";

/// Version 2: an event's quad class and Goldstein score may be missing, as
/// they are for a dictionary's local codes outside CAMEO. SQLite cannot drop
/// a NOT NULL constraint, so the table is rebuilt under the same name, ids
/// kept, and its index and view made again.
const V2: &str = "
DROP VIEW events_readable;
CREATE TABLE events_v2 (
    id          INTEGER PRIMARY KEY,
    day         INTEGER NOT NULL,
    day_end     INTEGER NOT NULL,
    prec        INTEGER NOT NULL,
    src         INTEGER REFERENCES actors(id),
    tgt         INTEGER REFERENCES actors(id),
    src_node    INTEGER REFERENCES actors(id),
    tgt_node    INTEGER REFERENCES actors(id),
    cameo       TEXT,
    root        INTEGER,
    quad        INTEGER,
    goldstein   REAL,
    plover      TEXT,
    mode        TEXT,
    flags       INTEGER NOT NULL DEFAULT 0,
    src_name    TEXT,
    tgt_name    TEXT,
    import      INTEGER REFERENCES imports(id),
    line        INTEGER,
    row_id      TEXT
);
INSERT INTO events_v2 SELECT * FROM events;
DROP TABLE events;
ALTER TABLE events_v2 RENAME TO events;
CREATE INDEX events_dyad ON events(src_node, tgt_node, day);
CREATE VIEW events_readable AS
SELECT e.id,
       date(e.day * 86400, 'unixepoch') AS date_start,
       date(e.day_end * 86400, 'unixepoch') AS date_end,
       CASE e.prec WHEN 0 THEN 'day' WHEN 1 THEN 'month' ELSE 'year' END AS date_precision,
       sa.code AS source, e.src_name AS source_name, sn.code AS source_node,
       ta.code AS target, e.tgt_name AS target_name, tn.code AS target_node,
       e.cameo, e.root AS cameo_root, e.quad AS quad_class, e.goldstein,
       (e.flags & 1) AS negated,
       CASE (e.flags >> 1) & 3 WHEN 0 THEN 'asserted' WHEN 1 THEN 'intended' WHEN 2 THEN 'hypothetical' ELSE 'reported' END AS modality,
       d.doc_key AS doc_id, t.sentence, t.rule,
       i.dataset, i.file, e.line, e.row_id
FROM events e
LEFT JOIN actors sa ON sa.id = e.src
LEFT JOIN actors ta ON ta.id = e.tgt
LEFT JOIN actors sn ON sn.id = e.src_node
LEFT JOIN actors tn ON tn.id = e.tgt_node
LEFT JOIN event_text t ON t.event = e.id
LEFT JOIN documents d ON d.id = t.doc
LEFT JOIN imports i ON i.id = e.import;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A store left at `version`, as an older entente wrote it.
    fn store_at(version: usize) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (0);",
        )
        .unwrap();
        for m in &MIGRATIONS[..version] {
            conn.execute_batch(m).unwrap();
        }
        conn.execute("UPDATE schema_version SET version = ?1", [version as i64])
            .unwrap();
        conn
    }

    #[test]
    fn version_1_stores_upgrade_keeping_their_events() {
        let mut conn = store_at(1);
        conn.execute_batch(
            "INSERT INTO actors (id, code, node) VALUES (1, 'IRN', 1), (2, 'AFG', 2);
             INSERT INTO events (id, day, day_end, prec, src, tgt, src_node, tgt_node, cameo, root, quad, goldstein)
                 VALUES (7, 11000, 11000, 0, 1, 2, 1, 2, '042', 4, 1, 1.9);",
        )
        .unwrap();
        // A local code's event cannot be stored before version 2.
        assert!(
            conn.execute(
                "INSERT INTO events (day, day_end, prec, cameo, root, quad, goldstein) VALUES (1, 1, 0, '901', 90, NULL, NULL)",
                [],
            )
            .is_err()
        );
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), LATEST);
        let kept: (i64, String, i64, f64, String) = conn
            .query_row(
                "SELECT id, cameo, quad_class, goldstein, source FROM events_readable",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        assert_eq!(kept, (7, "042".into(), 1, 1.9, "IRN".into()));
        conn.execute(
            "INSERT INTO events (day, day_end, prec, cameo, root, quad, goldstein) VALUES (1, 1, 0, '901', 90, NULL, NULL)",
            [],
        )
        .unwrap();
        let unscored: i64 = conn
            .query_row(
                "SELECT count(*) FROM events_readable WHERE quad_class IS NULL AND goldstein IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(unscored, 1);
        let indexed: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'events_dyad' AND tbl_name = 'events'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(indexed, 1);
    }
}
