//! Any text given to the PLOVER reader yields records or an error, and each record events or an error.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(records) = entente_datasets::plover::split_records(text) {
            for r in &records {
                let _ = entente_datasets::plover::parse_record(r, &"fuzz".into());
            }
        }
    }
});
