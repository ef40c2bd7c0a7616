//! Any text coded with the built-in dictionaries yields events whose spans
//! lie inside their sentence, never a panic.
#![no_main]
use std::sync::OnceLock;

use entente_coder::{Coder, Document, dict::Dictionary};
use entente_ontology::{FuzzyDate, Provenance};
use libfuzzer_sys::fuzz_target;

fn coder() -> &'static Coder {
    static CODER: OnceLock<Coder> = OnceLock::new();
    CODER.get_or_init(|| Coder::new(Dictionary::builtin().expect("built-in dictionaries load")))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let doc = Document {
        id: "fuzz".into(),
        date: FuzzyDate::day(2020, 6, 15).expect("valid date"),
        text,
    };
    for e in coder().code(&doc).events {
        if let Provenance::Text { text, spans, .. } = &e.provenance {
            let len = text.chars().count();
            for span in [spans.source, spans.target, spans.trigger].into_iter().flatten() {
                assert!(span.start <= span.end && span.end <= len, "span outside its sentence");
            }
        }
    }
});
