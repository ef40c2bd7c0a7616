//! Whole-file import of arbitrary bytes in every format: an error or a
//! report, never a panic, and a failed import leaves the store empty.
#![no_main]
use entente_datasets::{Format, ImportOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("input.txt");
    std::fs::write(&file, data).unwrap();
    let mut store = entente_store::Store::open(&dir.path().join("s.db")).unwrap();
    for format in [Format::Gdelt, Format::Icews, Format::Plover, Format::Csv, Format::Jsonl] {
        let before = store.count_events(&Default::default()).unwrap();
        let result = entente_datasets::import_file(&mut store, format, &file, &ImportOptions::default(), &mut |_, _| {});
        if result.is_err() {
            assert_eq!(store.count_events(&Default::default()).unwrap(), before);
        }
    }
});
