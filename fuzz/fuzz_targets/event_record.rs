//! entente's own JSONL and CSV records: any input parses or fails cleanly.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(line) = std::str::from_utf8(data) {
        if let Ok(r) = serde_json::from_str::<entente_datasets::record::EventRecord>(line) {
            let _ = r.to_event("jsonl", &"fuzz".into(), 1, line);
        }
    }
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(data);
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_ascii_lowercase()).collect(),
        Err(_) => return,
    };
    for row in reader.records().flatten() {
        if let Ok(r) = entente_datasets::record::record_from_csv(&header, &row, 2) {
            let _ = r.to_event("csv", &"fuzz".into(), 2, "");
        }
    }
});
