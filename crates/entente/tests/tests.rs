//! End-to-end tests of the `entente` binary, one module per topic.

mod util;

/// Malformed and hostile input: clear errors, store unchanged.
mod bad_input;
/// Importing datasets: counts, re-imports, strict mode, crash safety.
mod import;
/// Querying and exporting: filters, formats, global options.
mod query;
/// Timelines, networks, balance, tie support, what-if and the demo.
mod relations;
/// Coding text, ingesting documents, dictionaries and evaluation.
mod text;
