//! Any header and row given to the ICEWS parser yield columns, an event or an error.
#![no_main]
use libfuzzer_sys::fuzz_target;

const HEADER: &str = "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID";

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let (header, row) = text.split_once('\n').unwrap_or((HEADER, text));
        for h in [header, HEADER] {
            if let Ok(cols) = entente_datasets::icews::Columns::from_header(h) {
                let _ = entente_datasets::icews::parse_row(&cols, 2, row, &"fuzz".into());
            }
        }
    }
});
