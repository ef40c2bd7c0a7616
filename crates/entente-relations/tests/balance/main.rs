//! Integration tests of signed graphs and structural balance, one binary
//! with a module per topic:
//! - `known_answers`: published figures for the shared data sets
//!   (skipped, with a note, when `shared/data/signed` is absent);
//! - `properties`: identities and brute-force cross-checks on random graphs;
//! - `scale`: large generated graphs (timings asserted in release builds).

mod known_answers;
mod properties;
mod scale;
