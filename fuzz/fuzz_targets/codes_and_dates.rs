//! Dates, actor codes and CAMEO codes: parsing never panics, and what
//! parses behaves (round trips, intervals in order).
#![no_main]
use entente_ontology::{ActorCode, ActorHierarchy, CameoCode, FuzzyDate, Period};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Ok(d) = FuzzyDate::parse(s) {
        assert!(d.first_day() <= d.last_day());
        assert_eq!(FuzzyDate::parse(&d.to_string()).unwrap(), d);
        for p in Period::ALL {
            if let Some(b) = d.bucket(p) {
                assert!(b.start <= d.first_day() && d.first_day() <= b.end);
            }
        }
    }
    if let Ok(c) = ActorCode::parse(s) {
        let _ = (c.node(), c.roles(), c.tags(), c.structural_ancestors());
        let h = ActorHierarchy::new();
        assert_eq!(h.node(&c), c.node());
    }
    if let Ok(c) = CameoCode::parse(s) {
        assert!((1..=20).contains(&c.root()));
    }
    if let Ok(c) = CameoCode::parse_local(s) {
        assert_eq!(CameoCode::parse_local(c.as_str()).unwrap(), c);
        assert_eq!(c.is_local(), c.entry().is_none());
        assert_eq!(c.is_local(), c.quad_class().is_none());
        let _ = c.root();
    }
});
