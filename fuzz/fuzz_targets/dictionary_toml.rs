//! Any text read as a dictionary file yields entries or errors naming the
//! file and line, never a panic; what loads can code a sentence.
#![no_main]
use entente_coder::{Coder, Document, dict::Dictionary};
use entente_ontology::FuzzyDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut dict = Dictionary::default();
    let mut errors = Vec::new();
    dict.add_file("fuzz.toml", text, &mut errors);
    for e in &errors {
        assert!(e.to_string().contains("fuzz.toml"), "error without its file: {e}");
    }
    if errors.is_empty() {
        let doc = Document {
            id: "fuzz".into(),
            date: FuzzyDate::year(2020).expect("valid year"),
            text: "Iran met Iraq on Tuesday.".into(),
        };
        let _ = Coder::new(dict).code(&doc);
    }
});
