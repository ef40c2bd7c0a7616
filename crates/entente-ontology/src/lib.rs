//! The event ontology every other entente crate speaks.
//!
//! Plain data types and lookup tables, no I/O: CAMEO event codes with their
//! Goldstein scores, quad classes and PLOVER equivalents ([`cameo`],
//! [`plover`]), CAMEO-style actor codes and the hierarchy they roll up
//! through ([`actor`]), dates of known precision ([`date`]) and the
//! [`Event`] record with its provenance ([`event`]).
//!
//! The tables are the project's own data files under `data/`, compiled into
//! the binary with `include_str!` and parsed once on first use.

pub mod actor;
pub mod cameo;
pub mod date;
pub mod event;
pub mod plover;

pub use actor::{ActorCode, ActorHierarchy, ActorKind, Country, RoleRollup};
pub use cameo::{CameoCode, CameoEntry, QuadClass};
pub use date::{FuzzyDate, Period, Precision};
pub use event::{DateSource, Event, Modality, Provenance, Span, Spans};
pub use plover::PloverType;

/// Reads a tab-separated table shipped in `data/`: `#` lines are comments,
/// the first other line is the header, and every row must have as many
/// fields as the header. Panics only on a malformed built-in table, which a
/// unit test of each table rules out.
pub(crate) fn parse_builtin_tsv(name: &str, text: &'static str) -> Vec<Vec<&'static str>> {
    let mut lines = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty());
    let header = lines
        .next()
        .unwrap_or_else(|| panic!("built-in table {name} has no header"));
    let width = header.split('\t').count();
    lines
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(
                fields.len(),
                width,
                "built-in table {name}: bad row {line:?}"
            );
            fields
        })
        .collect()
}
