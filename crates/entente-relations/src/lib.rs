//! Relations analysis over events: who is friend and who is enemy, when,
//! and why. [`history`] follows one dyad over time (timeline, state,
//! turns); [`network`] builds the signed network of friends and enemies at
//! a moment, with declared ties; [`signed`] holds signed graphs and their
//! CSV form; [`balance`] measures structural balance (triangle census,
//! balance indices, frustration index with an optimal split into blocs,
//! partitions into k blocs); [`support`] says why each tie holds (the
//! triangles that support or strain it) and runs what-if changes. The crate reads no store: callers hand it
//! plain interactions.

pub mod balance;
pub mod history;
pub mod network;
pub mod signed;
pub mod support;
