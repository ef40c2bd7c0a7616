//! Relations analysis over events: who is friend and who is enemy, when,
//! and why. [`signed`] holds signed graphs and their CSV form; [`balance`]
//! structural balance (triangle census, balance indices, frustration index
//! with an optimal split into blocs, partitions into k blocs).

pub mod balance;
pub mod signed;
