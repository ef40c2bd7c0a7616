//! Any line given to the GDELT row parser yields an event or a row error.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(line) = std::str::from_utf8(data) {
        let fields: Vec<&str> = line.split('\t').collect();
        let _ = entente_datasets::gdelt::parse_row(1, line, &fields, &"fuzz".into());
    }
});
