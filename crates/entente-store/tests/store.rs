//! Store behaviour: schema creation, transactional batches, de-duplication,
//! actor filters with descendants, and refusing files that are not stores.

use entente_ontology::{ActorCode, CameoCode, DateSource, Event, FuzzyDate, Provenance, QuadClass};
use entente_store::{EventFilter, NewDocument, Store, StoreError};

fn code(s: &str) -> ActorCode {
    ActorCode::parse(s).unwrap()
}

fn event(date: &str, src: &str, tgt: &str, cameo: &str, row: u64) -> Event {
    Event::from_cameo(
        FuzzyDate::parse(date).unwrap(),
        DateSource::Dataset,
        Some(code(src)),
        Some(code(tgt)),
        CameoCode::parse_extended(cameo).unwrap(),
        Provenance::Dataset {
            dataset: "csv",
            file: "t.csv".into(),
            line: row,
            row_id: None,
            row_hash: row,
        },
    )
}

fn all(store: &Store, filter: &EventFilter) -> Vec<Event> {
    let mut out = Vec::new();
    store
        .for_each_event::<StoreError>(filter, None, |e| {
            out.push(e.event);
            Ok(())
        })
        .unwrap();
    out
}

fn sample_store(dir: &tempfile::TempDir) -> Store {
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    let mut b = store.batch().unwrap();
    b.start_import("csv", "t.csv").unwrap();
    for e in [
        event("2019-01-05", "IRNMIL", "USA", "190", 1),
        event("2019-02", "IRN", "AFGREBTAL", "040", 2),
        event("2019", "USAGOV", "IRNGOV", "111", 3),
        event("2020-03-01", "AFGREBTAL", "AFGGOV", "193", 4),
        event("2020-03-02", "IRNMILIRG", "IRQ", "0332", 5),
    ] {
        assert!(b.add_event(&e, None).unwrap());
    }
    let counts = b.commit().unwrap();
    assert_eq!(counts.events_added, 5);
    store
}

#[test]
fn keeps_local_extensions_of_cameo_codes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("x.db")).unwrap();
    let mut b = store.batch().unwrap();
    b.start_import("csv", "t.csv").unwrap();
    assert!(
        b.add_event(&event("2019-01-05", "ETH", "LBY", "1717", 1), None)
            .unwrap()
    );
    b.commit().unwrap();
    let events = all(&store, &EventFilter::default());
    let cameo = events[0].cameo.expect("a code");
    assert_eq!(cameo.as_str(), "1717");
    assert_eq!(cameo.base().unwrap().as_str(), "171");
    assert_eq!(events[0].quad_class, Some(QuadClass::MaterialConflict));
}

#[test]
fn keeps_local_codes_out_of_analysis() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("l.db")).unwrap();
    let mut b = store.batch().unwrap();
    b.start_import("csv", "t.csv").unwrap();
    let mut local = event("2019-01-05", "ETH", "LBY", "1717", 1);
    local.cameo = Some(CameoCode::parse_local("901").unwrap());
    (local.goldstein, local.quad_class, local.plover, local.mode) = (None, None, None, None);
    assert!(b.add_event(&local, None).unwrap());
    assert!(
        b.add_event(&event("2019-01-06", "ETH", "LBY", "190", 2), None)
            .unwrap()
    );
    // The same local-coded row again is recognised.
    assert!(!b.add_event(&local, None).unwrap());
    b.commit().unwrap();
    let events = all(&store, &EventFilter::default());
    assert_eq!(events.len(), 2);
    let back = events
        .iter()
        .find(|e| e.cameo.is_some_and(|c| c.is_local()))
        .expect("the local event");
    assert_eq!(back.cameo.unwrap().as_str(), "901");
    assert_eq!(
        (back.goldstein, back.quad_class, back.plover),
        (None, None, None)
    );
    let stats = store.stats().unwrap();
    assert_eq!(stats.events, 2);
    assert_eq!(stats.by_quad, [0, 0, 0, 1]);
    // Analysis scans only events with a score.
    let filter = store.row_filter(&EventFilter::default()).unwrap();
    let scanned = store
        .fold_rows(&filter, || 0usize, |n, _| n + 1, |a, b| a + b)
        .unwrap();
    assert_eq!(scanned, 1);
}

#[test]
fn creates_schema_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(&dir);
    assert_eq!(
        store.schema_version().unwrap(),
        entente_store::SCHEMA_VERSION
    );
    let events = all(&store, &EventFilter::default());
    assert_eq!(events.len(), 5);
    // Oldest first; a year-only date sorts by its first day.
    assert_eq!(events[0].date.to_string(), "2019");
    assert_eq!(events[1].date.to_string(), "2019-01-05");
    assert_eq!(events[1].quad_class, Some(QuadClass::MaterialConflict));
    match &events[1].provenance {
        Provenance::Dataset {
            dataset,
            file,
            line,
            ..
        } => {
            assert_eq!((*dataset, &**file, *line), ("csv", "t.csv", 1));
        }
        other => panic!("{other:?}"),
    }
    let stats = store.stats().unwrap();
    assert_eq!(stats.events, 5);
    assert_eq!(stats.by_quad, [2, 0, 1, 2]);
}

#[test]
fn same_rows_twice_add_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = sample_store(&dir);
    let mut b = store.batch().unwrap();
    b.start_import("csv", "t.csv").unwrap();
    assert!(
        !b.add_event(&event("2019-01-05", "IRNMIL", "USA", "190", 1), None)
            .unwrap()
    );
    let counts = b.commit().unwrap();
    assert_eq!((counts.events_added, counts.events_duplicate), (0, 1));
    assert_eq!(store.count_events(&EventFilter::default()).unwrap(), 5);
}

#[test]
fn dropped_batch_leaves_store_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = sample_store(&dir);
    {
        let mut b = store.batch().unwrap();
        b.start_import("csv", "u.csv").unwrap();
        b.add_event(&event("2021-01-01", "RUS", "UKR", "190", 99), None)
            .unwrap();
        // dropped without commit
    }
    assert_eq!(store.count_events(&EventFilter::default()).unwrap(), 5);
    assert_eq!(store.stats().unwrap().imports, 1);
    assert!(!store.knows_actor(&code("RUS")).unwrap());
}

#[test]
fn actor_filters_include_descendants_but_not_groups() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(&dir);
    let f = |source: Option<&str>, target: Option<&str>, exact: bool| EventFilter {
        source: source.map(code),
        target: target.map(code),
        exact,
        ..EventFilter::default()
    };
    assert_eq!(
        all(&store, &f(Some("IRN"), None, false)).len(),
        3,
        "IRN, IRNMIL, IRNMILIRG"
    );
    assert_eq!(all(&store, &f(Some("IRNMIL"), None, false)).len(), 2);
    assert_eq!(all(&store, &f(Some("IRN"), None, true)).len(), 1);
    assert_eq!(
        all(&store, &f(Some("AFG"), None, false)).len(),
        0,
        "the Taliban is not Afghanistan"
    );
    assert_eq!(all(&store, &f(Some("AFGREB"), None, false)).len(), 1);
    assert_eq!(all(&store, &f(None, Some("AFG"), false)).len(), 1);
    let either = EventFilter {
        actor: Some(code("USA")),
        ..EventFilter::default()
    };
    assert_eq!(all(&store, &either).len(), 2);
}

#[test]
fn date_and_code_filters() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(&dir);
    let within_2019 = EventFilter {
        from: Some(FuzzyDate::parse("2019").unwrap()),
        to: Some(FuzzyDate::parse("2019").unwrap()),
        ..EventFilter::default()
    };
    assert_eq!(all(&store, &within_2019).len(), 3);
    let feb = EventFilter {
        from: Some(FuzzyDate::parse("2019-02").unwrap()),
        to: Some(FuzzyDate::parse("2019-02").unwrap()),
        ..EventFilter::default()
    };
    assert_eq!(
        all(&store, &feb).len(),
        1,
        "a year-only date is not within a month"
    );
    let root19 = EventFilter {
        cameo_root: Some(19),
        ..EventFilter::default()
    };
    assert_eq!(all(&store, &root19).len(), 2);
    let quad4 = EventFilter {
        quad: Some(QuadClass::MaterialConflict),
        ..EventFilter::default()
    };
    assert_eq!(all(&store, &quad4).len(), 2);
}

#[test]
fn documents_are_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("d.db")).unwrap();
    let doc = NewDocument {
        key: "a".into(),
        text: "Iran met Iraq.".into(),
        ..NewDocument::default()
    };
    let mut b = store.batch().unwrap();
    let id = b.add_document(&doc).unwrap().unwrap();
    b.add_sentence(id, 0, 0, "Iran met Iraq.").unwrap();
    b.commit().unwrap();
    let mut b = store.batch().unwrap();
    assert_eq!(b.add_document(&doc).unwrap(), None);
    b.commit().unwrap();
    assert_eq!(store.stats().unwrap().documents, 1);
}

#[test]
fn refuses_files_that_are_not_stores() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "hello, this is not a database at all, just some text ".repeat(40),
    )
    .unwrap();
    assert!(
        matches!(Store::open(&text), Err(StoreError::NotAStore { .. })),
        "{:?}",
        Store::open(&text).err()
    );
    let missing = dir.path().join("missing.db");
    assert!(matches!(
        Store::open_existing(&missing),
        Err(StoreError::Missing(_))
    ));
    assert!(!missing.exists());
    // Another application's SQLite file.
    let other = dir.path().join("other.db");
    rusqlite_create(&other);
    assert!(matches!(
        Store::open(&other),
        Err(StoreError::NotAStore { .. })
    ));
}

fn rusqlite_create(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x');")
        .unwrap();
}

#[test]
fn dyad_periods_aggregate_the_event_columns() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = sample_store(&dir);
    // A second batch: its columns live in another blob.
    let mut b = store.batch().unwrap();
    b.add_event(&event("2019-01-20", "IRNGOV", "USAMIL", "111", 10), None)
        .unwrap();
    b.commit().unwrap();
    let cells = store
        .dyad_periods(&EventFilter::default(), entente_ontology::Period::Month)
        .unwrap();
    let irn_usa: Vec<_> = cells
        .iter()
        .filter(|c| c.source == "IRN" && c.target == "USA")
        .collect();
    assert_eq!(irn_usa.len(), 1, "{cells:?}");
    assert_eq!(irn_usa[0].label, "2019-01");
    assert_eq!(irn_usa[0].counts, [0, 0, 1, 1]);
    assert_eq!(irn_usa[0].goldstein, -10.0 + -2.0);
    // The year-only event (USAGOV -> IRNGOV, 2019) is not in a monthly series...
    assert!(!cells.iter().any(|c| c.source == "USA" && c.target == "IRN"));
    // ...but is in a yearly one.
    let years = store
        .dyad_periods(&EventFilter::default(), entente_ontology::Period::Year)
        .unwrap();
    assert!(
        years
            .iter()
            .any(|c| c.source == "USA" && c.target == "IRN" && c.label == "2019")
    );
    // Filters apply to the columns as to the table.
    let only_irn = EventFilter {
        source: Some(code("IRNMIL")),
        ..EventFilter::default()
    };
    let cells = store
        .dyad_periods(&only_irn, entente_ontology::Period::Year)
        .unwrap();
    let total: u64 = cells.iter().map(|c| c.counts.iter().sum::<u64>()).sum();
    assert_eq!(total, 2, "IRNMIL and IRNMILIRG: {cells:?}");
    assert_eq!(total, {
        let mut n = 0;
        store
            .for_each_event::<StoreError>(&only_irn, None, |_| {
                n += 1;
                Ok(())
            })
            .unwrap();
        n
    });
}
